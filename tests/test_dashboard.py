"""Dashboard helpers without a browser: article mark-up, how numbers and sides are written,
and chart and map geometry."""
from __future__ import annotations

from warledger.web import explore
from warledger.web.dashboard import charts, maps
from warledger.web.dashboard.marks import mark_up, parse_span
from warledger.web.names import count_text, side_colour, side_label

TEXT = "Intro line.\n\nThe army said 14 soldiers were killed. Nothing else happened."
SENT = "The army said 14 soldiers were killed."


def claim(span: list[int], sentence: str = SENT) -> dict:
    return {"id": 7, "span": span, "sentence": sentence, "kind": "killed",
            "claimant": {"text": "The army", "party": "AZE", "side": "AZE"},
            "count": {"value": 14, "text": "14"},
            "target": {"side": "ARM", "category": "military"}}


def test_mark_up_keeps_all_text_and_marks_claimant_and_count() -> None:
    start = TEXT.index(SENT)
    blocks = mark_up(TEXT, [claim([start, start + len(SENT)])], [], (start, start + len(SENT)))
    assert "".join(p.text for b in blocks for p in b.pieces) == TEXT
    sentence = next(b for b in blocks if b.sentence)
    assert sentence.evidence and sentence.anchors == ["claim-7"]
    marked = {p.text: p.label for p in sentence.pieces if p.css}
    assert marked == {"The army": "CLAIMANT AZE", "14": "KILLED ARM military"}


def test_a_mark_covers_the_whole_name_of_its_party() -> None:
    """The extractor kept "the Council"; the mark must not cut "the Council for Regional
    Security" in two (the demo profile names the body)."""
    text = "Aldoria and the Council for Regional Security called for an immediate ceasefire."
    event = {"id": 3, "span": [0, len(text)], "sentence": text, "type": "REQUEST",
             "text": "called for an immediate ceasefire",
             "actor": {"text": "the Council", "party": "CRS", "side": "THIRD"}}
    sentence = next(b for b in mark_up(text, [], [event]) if b.sentence)
    marked = {p.text: p.label for p in sentence.pieces if p.css}
    assert marked["the Council for Regional Security"] == "ACTOR CRS"
    assert "".join(p.text for p in sentence.pieces) == text


def test_mark_up_finds_the_sentence_when_the_span_is_stale() -> None:
    blocks = mark_up(TEXT, [claim([0, 5])], [])
    sentence = next(b for b in blocks if b.sentence)
    assert "".join(p.text for p in sentence.pieces) == SENT


def test_parse_span_rejects_junk() -> None:
    assert parse_span("3-9") == (3, 9)
    assert parse_span("9-3") is None and parse_span("a-b") is None and parse_span(None) is None


def test_a_number_is_always_written_with_its_qualifier() -> None:
    assert count_text({"value": 30, "qualifier": "at_least", "text": "30"}) == "at least 30"
    assert count_text({"value": 100, "qualifier": "over"}) == "over 100"
    assert count_text({"value": 50, "qualifier": "nearly"}) == "nearly 50"
    assert count_text({"value": 12, "qualifier": "about"}) == "about 12"
    assert count_text({"value": 5, "qualifier": "up_to"}) == "up to 5"
    assert count_text({"value": 1200, "qualifier": "exact"}) == "1,200"
    assert count_text({"value": None, "qualifier": "vague", "text": "dozens"}) == "dozens"


def test_sides_have_names_and_one_colour_each() -> None:
    assert side_label("ARM") == "Armenia (ARM)" and side_label("THIRD") == "third parties"
    assert side_label("XMV") == "Marvosia (XMV)"
    assert side_colour("ARM") != side_colour("AZE") and side_colour("XMV") != side_colour("XTV")
    assert side_colour("ARM") == side_colour("ARM")  # stable, wherever it is asked


def test_people_materiel_and_incidents_get_their_own_scales() -> None:
    rows = [{"side": "ARM", "kind": "killed", "category": "military", "best": 300,
             "admitted": {"low": 250, "high": 300, "claim_ids": [1]},
             "adversary": {"low": 400, "high": 500, "claim_ids": [2], "claimants": ["AZE"]},
             "claim_ids": [1, 2]},
            {"side": "ARM", "kind": "destroyed", "category": "helicopter", "best": None,
             "adversary": {"low": 3, "high": 3, "claim_ids": [3], "claimants": ["AZE"]},
             "claim_ids": [3]}]
    panels = charts.ledger_panels(rows, lambda row, column: f"/claims?figure={column}")
    assert [p.slug for p in panels] == ["people", "materiel"]
    people, materiel = panels
    heli = materiel.groups[0].bars[0]
    # 3 helicopters fill most of their own panel instead of a sliver beside 500 soldiers
    assert heli.x_high - materiel.left > materiel.plot_width * 0.5
    assert heli.value == "3" and heli.fill.startswith("url(#")  # hatched: the adversary's
    admitted, adversary = people.groups[0].bars
    assert admitted.value == "250–300" and adversary.value == "400–500"
    assert admitted.colour == side_colour("ARM") and adversary.colour == side_colour("AZE")
    assert people.groups[0].label == "Armenia (ARM): killed, military"
    assert max(b.x_high for b in people.groups[0].bars) <= people.left + people.plot_width


def test_time_axis_cuts_out_empty_years() -> None:
    days = ["2016-04-02", "2016-04-03", "2020-09-27", "2020-09-29"]
    axis = charts.time_axis(days, left=40, width=600)
    assert axis.unit == "day" and len(axis.gaps) == 1 and "years" in axis.gaps[0].label
    assert [s.start for s in axis.slots] == ["2016-04-02", "2016-04-03", "2020-09-27",
                                             "2020-09-28", "2020-09-29"]
    chart = charts.bar_timeline({"AZE": {"2016-04-02": 3, "2020-09-29": 2},
                                 "ARM": {"2020-09-29": 1}},
                                lambda side, a, b: f"/claims?claimant={side}&since={a}&until={b}")
    assert len(chart.segments) == 3 and chart.gaps
    tops = {s.title: s for s in chart.segments}
    assert any("Azerbaijan: 3 claims, 2016-04-02" in t for t in tops)
    # the cumulative steps stop at the break instead of running across the empty years
    steps = charts.step_chart({"AZE": [("2016-04-02", 10, None, ""), ("2020-09-29", 20, None, "")]},
                              {"AZE": "#000"})
    assert steps.series[0].path.count("M") == 2


def test_map_draws_land_and_marks_country_level_places_approximate() -> None:
    items = [{"lat": 39.6, "lon": 47.14, "label": "Fizuli", "precision": "town", "href": "/a"},
             {"lat": 40.38, "lon": 49.89, "label": "Azerbaijan", "precision": "country", "href": "/b"},
             {"lat": "bad", "lon": 1, "label": "C"}]
    chart = maps.point_map(items)
    assert len(chart.points) == 2 and chart.land  # the Caucasus is drawn from Natural Earth
    by_label = {p.label: p for p in chart.points}
    assert by_label["Azerbaijan (approximate)"].approximate > 0
    assert by_label["Fizuli"].approximate == 0
    assert all(0 <= p.x <= chart.width and 0 <= p.y <= chart.height for p in chart.points)
    assert chart.meridians and chart.parallels and maps.point_map([]).empty


def test_map_spreads_points_at_one_place() -> None:
    items = [{"lat": 40.0, "lon": 46.0, "label": "A", "href": f"/x{i}"} for i in range(4)]
    chart = maps.point_map(items, outline=False)
    assert len({(p.x, p.y) for p in chart.points}) == 4


def test_facets_count_each_value_and_sorting_is_stable() -> None:
    rows = [{"id": i, "kind": k, "claimant": {"side": s}, "target": {"side": "ARM", "category": "military"},
             "outlet": o, "count": {"value": v}, "published": d}
            for i, (k, s, o, v, d) in enumerate([("killed", "AZE", "a", 5, "2020-09-28"),
                                                 ("killed", "ARM", "b", None, "2020-09-27"),
                                                 ("wounded", "AZE", None, 40, "2020-09-29")], 1)]
    facets = explore.facet_counts(rows)
    assert [(f.value, f.count) for f in facets["claimant"]] == [("AZE", 2), ("ARM", 1)]
    assert [(f.value, f.count) for f in facets["outlet"]] == [("a", 1), ("b", 1), (None, 1)]
    assert [c["id"] for c in explore.sort_rows(rows, explore.parse_sort("-count"))] == [3, 1, 2]
    assert [c["id"] for c in explore.sort_rows(rows, explore.parse_sort("date"))] == [2, 1, 3]


def test_a_country_given_as_the_place_is_its_area_not_its_capital() -> None:
    baku = {"lat": 40.38, "lon": 49.89, "label": "Azerbaijan", "precision": "country",
            "country_name": "Azerbaijan", "href": "/b"}
    chart = maps.point_map([baku])
    assert [name for name, _ in chart.areas] == ["Azerbaijan"]
    west, south, east, north = chart.bbox
    # the marker sits inside the country, well west of the capital on the Caspian shore
    point = chart.points[0]
    x_baku = (49.89 - west) / (east - west) * chart.width
    assert point.x < x_baku - 40 and point.approximate > 0

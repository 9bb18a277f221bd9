"""Dashboard helpers without a browser: article mark-up and chart geometry."""
from __future__ import annotations

from warledger.dashboard import charts
from warledger.dashboard.marks import mark_up, parse_span

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


def test_mark_up_finds_the_sentence_when_the_span_is_stale() -> None:
    blocks = mark_up(TEXT, [claim([0, 5])], [])
    sentence = next(b for b in blocks if b.sentence)
    assert "".join(p.text for p in sentence.pieces) == SENT


def test_parse_span_rejects_junk() -> None:
    assert parse_span("3-9") == (3, 9)
    assert parse_span("9-3") is None and parse_span("a-b") is None and parse_span(None) is None


def test_point_map_spreads_points_at_one_place() -> None:
    items = [{"lat": 40.0, "lon": 46.0, "label": "A", "href": f"/x{i}"} for i in range(4)]
    items.append({"lat": 41.0, "lon": 47.0, "label": "B", "href": "/y"})
    items.append({"lat": "bad", "lon": 1, "label": "C"})
    chart = charts.point_map(items)
    xy = {(p.x, p.y) for p in chart.points}
    assert len(chart.points) == 5 and len(xy) == 5
    assert all(0 <= p.x <= chart.width and 0 <= p.y <= chart.height for p in chart.points)
    assert chart.meridians and chart.parallels
    assert charts.point_map([]).empty


def test_ledger_bars_scale_to_the_largest_figure() -> None:
    rows = [{"side": "ARM", "kind": "killed", "category": "military", "best": 10,
             "admitted": {"low": 5, "high": 10, "claim_ids": [1]},
             "adversary": {"low": 40, "high": 50, "claim_ids": [2]}, "claim_ids": [1, 2]}]
    chart = charts.ledger_bars(rows, lambda ids: f"/claims?ids={ids}")
    bars = chart.groups[0].bars
    assert [b.label for b in bars] == ["admitted", "adversary claims"]
    assert max(b.x_high for b in bars) <= chart.left + chart.plot_width
    assert bars[1].x_high > bars[0].x_high and chart.groups[0].best_x is not None

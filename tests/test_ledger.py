"""Ledger rules on hand-built claims, on both backends (DuckDB file, PostgreSQL server).

Each test stores a few articles whose claims are written by hand, builds the ledger and
checks the figures a reader would work out with a pencil (docs/ledger.md).
"""
from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from warledger.errors import UsageError
from warledger.ledger import LedgerQuery, LedgerRow, build_ledger
from warledger.records import Article, Claim, Count, Location, PartyRef, Period, Target
from warledger.store.base import Analysis, Query

SIDES = {"AZE": "AZE", "ARM": "ARM", "NKR": "ARM", "RUS": "THIRD", None: "UNKNOWN",
         "IRN": "IRN", "IRQ": "IRQ", "GBR": "GBR", "ARG": "ARG"}


def claim(article: str, claimant: str | None, target: str, kind: str, category: str,
          value: int | None, qualifier: str = "exact", stance: str = "assert",
          cumulative: bool = False, day: str | None = None, sentence: str | None = None) -> Claim:
    period = Period(start=None, end=day, cumulative=cumulative) if (day or cumulative) else None
    return Claim(article=article, sentence=sentence or f"{claimant} on {value} {category} {kind}",
                 span=(0, 10), claimant=PartyRef(claimant, claimant, SIDES[claimant]),
                 stance=stance,  # type: ignore[arg-type]
                 kind=kind, target=Target(target, SIDES[target], category), perpetrator=None,
                 count=Count(value, qualifier), period=period)


def article(name: str, published: str | None = "2016-04-02", outlet: str | None = None,
            text: str | None = None, origin_outlet: str | None = None) -> Article:
    # every word run names the report, so two reports are never near duplicates by accident
    body = text or (f"Report {name} from {outlet}. " + " ".join(
        f"Sentence {name}-{i} of report {name} on {name}'s fighting." for i in range(12)))
    return Article(id=f"id-{name}", name=name, text=body, outlet=outlet, published=published,
                   origin_outlet=origin_outlet)


def put(store: Any, art: Article, *claims: Claim) -> None:
    store.put_batch([Analysis(art, tuple(claims), conflict="karabakh")])


def row(rows: list[LedgerRow], side: str, kind: str, category: str) -> LedgerRow:
    found = [r for r in rows if (r.side, r.kind, r.category) == (side, kind, category)]
    assert len(found) == 1, f"expected one row for {side} {kind} {category}: {rows}"
    return found[0]


def test_admission_against_adversary_claim(store: Any) -> None:
    # the 2016 seed: militias claim two helicopters shot down; Azerbaijan confirms one
    put(store, article("apr2", outlet="RT"),
        claim("apr2", "NKR", "AZE", "destroyed", "helicopter", 2),
        claim("apr2", "AZE", "AZE", "destroyed", "helicopter", 1),
        claim("apr2", "AZE", "AZE", "killed", "military", 12))
    rows = build_ledger(store, LedgerQuery(conflict="karabakh"))
    heli = row(rows, "AZE", "destroyed", "helicopter")
    assert heli.admitted and (heli.admitted.low, heli.admitted.high) == (1, 1)
    assert heli.adversary and (heli.adversary.low, heli.adversary.high) == (2, 2)
    assert heli.third_party is None
    assert (heli.low, heli.best, heli.high) == (1, 1, 2)
    assert any(c.startswith("ranges:") for c in heli.contradictions)
    killed = row(rows, "AZE", "killed", "military")
    assert (killed.low, killed.best, killed.high) == (12, 12, 12)
    assert killed.contradictions == ()


def test_adversary_claim_alone_never_sets_the_low(store: Any) -> None:
    put(store, article("a1", outlet="Trend"),
        claim("a1", "AZE", "ARM", "destroyed", "tank", 6),
        claim("a1", "AZE", "ARM", "killed", "military", 100, qualifier="over"))
    rows = build_ledger(store, LedgerQuery())
    tanks = row(rows, "ARM", "destroyed", "tank")
    assert (tanks.low, tanks.best, tanks.high) == (None, None, 6)
    assert tanks.adversary and tanks.adversary.claimants == ("AZE",)
    troops = row(rows, "ARM", "killed", "military")
    assert troops.adversary and (troops.adversary.low, troops.adversary.high) == (101, 150)
    assert troops.low is None and troops.high == 150


def test_superseded_cumulative_toll_does_not_add(store: Any) -> None:
    put(store, article("d1", published="2020-09-28", outlet="Armenpress"),
        claim("d1", "ARM", "AZE", "destroyed", "drone", 50, qualifier="nearly",
              cumulative=True, day="2020-09-28"))
    put(store, article("d2", published="2020-09-30", outlet="Armenpress"),
        claim("d2", "ARM", "AZE", "destroyed", "drone", 80, cumulative=True, day="2020-09-30"))
    # an incident after the latest toll adds to it; one before is inside it
    put(store, article("d3", published="2020-10-01", outlet="Armenpress"),
        claim("d3", "ARM", "AZE", "destroyed", "drone", 3, day="2020-10-01"))
    put(store, article("d0", published="2020-09-29", outlet="Armenpress"),
        claim("d0", "ARM", "AZE", "destroyed", "drone", 7, day="2020-09-29"))
    rows = build_ledger(store, LedgerQuery())
    drones = row(rows, "AZE", "destroyed", "drone")
    assert drones.adversary is not None
    assert (drones.adversary.low, drones.adversary.high) == (83, 83)
    assert len(drones.adversary.claim_ids) == 4  # the superseded toll is still cited


def test_repost_is_one_statement_and_one_source(store: Any) -> None:
    text = ("Twelve Azeri civilians have been killed by shelling, the prosecutor said on "
            "Tuesday. " + " ".join(f"Further paragraph {i} of the original wire story."
                                   for i in range(15)))
    put(store, article("wire", outlet="Wire Agency", text=text),
        claim("wire", "AZE", "AZE", "killed", "civilians", 12))
    # a blog reposts it word for word (same near-duplicate cluster, found by the store)
    put(store, article("blog", outlet="Some Blog", text=text + " Shared by our editors."),
        claim("blog", "AZE", "AZE", "killed", "civilians", 12))
    rows = build_ledger(store, LedgerQuery())
    r = row(rows, "AZE", "killed", "civilians")
    assert r.admitted and (r.admitted.low, r.admitted.high) == (12, 12)
    assert len(r.claim_ids) == 2
    assert r.independent_sources == 1
    arts = {a["name"]: a for a in store.articles(Query())}
    assert arts["blog"]["cluster"] == arts["wire"]["cluster"]
    # an independent outlet's own report of the same toll is a second source
    put(store, article("other", outlet="Daily Paper"),
        claim("other", None, "AZE", "killed", "civilians", 12))
    r = row(build_ledger(store, LedgerQuery()), "AZE", "killed", "civilians")
    assert r.independent_sources == 2
    assert r.non_party_confirms
    assert r.third_party and r.third_party.low == 12


def test_origin_outlet_counts_under_its_origin(store: Any) -> None:
    put(store, article("o1", outlet="Reuters"), claim("o1", "RUS", "ARM", "killed", "civilians", 4))
    put(store, article("o2", outlet="Local Site", origin_outlet="Reuters"),
        claim("o2", "RUS", "ARM", "killed", "civilians", 4))
    r = row(build_ledger(store, LedgerQuery()), "ARM", "killed", "civilians")
    assert r.independent_sources == 1
    assert r.third_party and r.third_party.claimants == ("RUS",)


def test_denial_is_a_contradiction(store: Any) -> None:
    put(store, article("n1", outlet="Armenpress"),
        claim("n1", "ARM", "AZE", "destroyed", "aircraft", 1))
    put(store, article("n2", outlet="Trend"),
        claim("n2", "AZE", "AZE", "destroyed", "aircraft", 1, stance="deny"))
    r = row(build_ledger(store, LedgerQuery()), "AZE", "destroyed", "aircraft")
    assert r.admitted and r.admitted.denials == 1 and r.admitted.low is None
    assert any(c.startswith("denial:") for c in r.contradictions)
    assert (r.low, r.best, r.high) == (None, None, 1)


def test_no_casualties_counts_as_zero(store: Any) -> None:
    put(store, article("z1", outlet="Trend"),
        claim("z1", "AZE", "AZE", "killed", "civilians", 0),
        claim("z1", "ARM", "AZE", "killed", "civilians", 5, qualifier="about"))
    r = row(build_ledger(store, LedgerQuery()), "AZE", "killed", "civilians")
    assert r.admitted and (r.admitted.low, r.admitted.high) == (0, 0)
    assert r.adversary and (r.adversary.low, r.adversary.high) == (4, 6)
    assert (r.low, r.best, r.high) == (0, 0, 6)
    assert any(c.startswith("ranges:") for c in r.contradictions)


def test_incidents_of_one_day_may_overlap_and_days_add(store: Any) -> None:
    put(store, article("i1", published="2020-10-01", outlet="A"),
        claim("i1", "AZE", "ARM", "destroyed", "tank", 4, day="2020-10-01"),
        claim("i1", "AZE", "ARM", "destroyed", "tank", 2, day="2020-10-01"),
        claim("i1", "AZE", "ARM", "destroyed", "tank", 4, day="2020-10-01"))  # headline repeat
    put(store, article("i2", published="2020-10-01", outlet="B"),
        claim("i2", "AZE", "ARM", "destroyed", "tank", 5, day="2020-10-01"))
    put(store, article("i3", published="2020-10-02", outlet="A"),
        claim("i3", "AZE", "ARM", "destroyed", "tank", 3, day="2020-10-02"))
    r = row(build_ledger(store, LedgerQuery()), "ARM", "destroyed", "tank")
    # 1 Oct: 4, 2, 4 again and 5 may all be one incident (low 5) or all different, the
    # repeated 4 counted once (high 4 + 2 + 5 = 11); 2 Oct adds 3
    assert r.adversary and (r.adversary.low, r.adversary.high) == (8, 14)
    assert r.adversary.point == 8
    by_day = [x for x in build_ledger(store, LedgerQuery(by="day"))
              if (x.side, x.kind, x.category) == ("ARM", "destroyed", "tank")]
    assert [(x.period["bucket"], x.high) for x in by_day] == [("2020-10-01", 11), ("2020-10-02", 3)]
    month = build_ledger(store, LedgerQuery(by="month", since="2020-10-02"))
    assert [(x.period["bucket"], x.high) for x in month] == [("2020-10", 3)]


def test_third_party_gives_the_best_estimate(store: Any) -> None:
    put(store, article("t1", outlet="TASS"),
        claim("t1", "AZE", "AZE", "killed", "military", 12),
        claim("t1", "ARM", "AZE", "killed", "military", 200, qualifier="over"),
        claim("t1", "RUS", "AZE", "killed", "military", 30, qualifier="about"))
    r = row(build_ledger(store, LedgerQuery()), "AZE", "killed", "military")
    assert r.third_party and (r.third_party.low, r.third_party.high) == (27, 33)
    assert (r.low, r.best, r.high) == (12, 30, 300)
    assert r.non_party_confirms


def test_every_figure_traces_back_to_claims(store: Any) -> None:
    put(store, article("x1", outlet="RT"),
        claim("x1", "NKR", "AZE", "destroyed", "helicopter", 2, sentence="They shot down two."),
        claim("x1", "AZE", "AZE", "destroyed", "helicopter", 1, sentence="Baku lost one."))
    r = row(build_ledger(store, LedgerQuery()), "AZE", "destroyed", "helicopter")
    assert r.admitted and r.adversary
    back = store.claims(Query(ids=r.admitted.claim_ids + r.adversary.claim_ids))
    assert sorted(c["sentence"] for c in back) == ["Baku lost one.", "They shot down two."]
    assert {c["claimant"]["party"] for c in back} == {"AZE", "NKR"}
    assert all(c["outlet"] == "RT" for c in back)
    d = r.to_dict()
    for key in ("conflict", "side", "kind", "category", "period", "admitted", "adversary",
                "third_party", "low", "best", "high", "contradictions", "independent_sources",
                "claim_ids"):
        assert key in d


def test_filters_and_bad_period(store: Any) -> None:
    put(store, article("f1", outlet="RT"), claim("f1", "AZE", "ARM", "killed", "military", 3))
    assert build_ledger(store, LedgerQuery(conflict="ukraine")) == []
    assert [r.side for r in build_ledger(store, LedgerQuery(side="ARM"))] == ["ARM"]
    with pytest.raises(UsageError):
        build_ledger(store, LedgerQuery(by="year"))


# --------------------------------------------------------------------- issue 11: one story


STORY = ("Twelve civilians were killed by shelling in the border town, the ministry said. " +
         " ".join(f"Paragraph {i} tells what the wire reporter saw at the scene of the attack."
                  for i in range(20)))


def edited(text: str, every: int) -> str:
    """The text with every ``every``-th word changed: a light edit of a copy."""
    words = text.split()
    return " ".join(w + "x" if i % every == 0 else w for i, w in enumerate(words))


def test_a_repost_dated_later_in_a_later_batch_is_counted_once(store: Any) -> None:
    put(store, article("orig", published="2025-05-10", outlet="ilvenna-herald.example", text=STORY),
        claim("orig", "AZE", "AZE", "killed", "civilians", 12),
        claim("orig", "ARM", "AZE", "destroyed", "aircraft", 1))
    # a content farm's copy, lightly edited, a day later, in another batch and run
    copy = edited(STORY, 30) + " Share this story. Leave a reply."  # similarity 0.59
    put(store, article("farm", published="2025-05-11", outlet="truthwire-daily.example", text=copy),
        claim("farm", "AZE", "AZE", "killed", "civilians", 12, day="2025-05-11"),
        claim("farm", "ARM", "AZE", "destroyed", "aircraft", 1, day="2025-05-11"))
    arts = {a["name"]: a for a in store.articles(Query())}
    assert arts["farm"]["cluster"] == arts["orig"]["cluster"]
    rows = build_ledger(store, LedgerQuery())
    civ = row(rows, "AZE", "killed", "civilians")
    assert civ.admitted and (civ.admitted.low, civ.admitted.high) == (12, 12)
    assert len(civ.claim_ids) == 2 and civ.independent_sources == 1
    jet = row(rows, "AZE", "destroyed", "aircraft")
    assert jet.adversary and jet.adversary.high == 1
    by_day = [r for r in build_ledger(store, LedgerQuery(by="day"))
              if (r.side, r.kind) == ("AZE", "killed")]
    assert [(r.period["bucket"], r.high) for r in by_day] == [("2025-05-10", 12)]


def test_a_copy_credited_by_name_is_the_agency_s_story(store: Any) -> None:
    # the agency's own site (found by domain) and a heavily edited copy credited "(Reuters)"
    put(store, article("wire", published="2020-09-29", outlet="reuters.com", text=STORY),
        claim("wire", "RUS", "ARM", "killed", "civilians", 4))
    heavy = edited(STORY, 9)  # similarity 0.33
    put(store, article("paper", published="2020-09-30", outlet="dailypaper.example",
                       text=heavy, origin_outlet="reuters"),
        claim("paper", "RUS", "ARM", "killed", "civilians", 4, day="2020-09-30"))
    from warledger import dedup

    sim = dedup.similarity(dedup.signature(STORY), dedup.signature(heavy))
    assert dedup.CREDITED_THRESHOLD <= sim < dedup.THRESHOLD  # only the credit joins them
    arts = {a["name"]: a for a in store.articles(Query())}
    assert arts["paper"]["cluster"] == arts["wire"]["cluster"]
    assert arts["paper"]["source_key"] == arts["wire"]["source_key"] == "reuters"
    r = row(build_ledger(store, LedgerQuery()), "ARM", "killed", "civilians")
    assert r.independent_sources == 1
    assert r.third_party and (r.third_party.low, r.third_party.high) == (4, 4)


def test_an_earlier_original_stored_after_its_copy_becomes_the_source(store: Any) -> None:
    put(store, article("copy", published="2025-05-12", outlet="blog.example", text=STORY + " Repost."),
        claim("copy", None, "AZE", "killed", "civilians", 12))
    put(store, article("first", published="2025-05-10", outlet="apnews.com", text=STORY),
        claim("first", None, "AZE", "killed", "civilians", 12))
    arts = {a["name"]: a for a in store.articles(Query())}
    assert arts["copy"]["cluster"] == arts["first"]["cluster"]
    assert arts["copy"]["source_key"] == arts["first"]["source_key"] == "ap"
    r = row(build_ledger(store, LedgerQuery()), "AZE", "killed", "civilians")
    assert r.independent_sources == 1 and r.third_party and r.third_party.high == 12


# --------------------------------------------------------------------- columns and scopes


def test_outlet_voice_is_independent_unless_the_outlet_is_a_party_s(store: Any) -> None:
    # the outlet's own voice about an oil terminal's attacks: not an admission
    put(store, article("oil", outlet="dailypaper.example"),
        Claim(article="oil", sentence="The terminal was attacked 12 times.", span=(0, 30),
              claimant=PartyRef(None, None, "UNKNOWN"), stance="assert", kind="attacks",
              target=Target(None, "UNKNOWN", "incidents"), perpetrator=None,
              count=Count(12, "exact")))
    r = row(build_ledger(store, LedgerQuery()), "UNKNOWN", "attacks", "incidents")
    assert r.admitted is None and r.third_party and r.third_party.high == 12
    assert r.non_party_confirms
    # Armenpress (a party's outlet) in its own voice speaks for Armenia
    put(store, article("ap", outlet="armenpress.am"),
        Claim(article="ap", sentence="Six Azerbaijani tanks were destroyed.", span=(0, 30),
              claimant=PartyRef(None, None, "UNKNOWN"), stance="assert", kind="destroyed",
              target=Target("AZE", "AZE", "tank"), perpetrator=None, count=Count(6, "exact")))
    tanks = row(build_ledger(store, LedgerQuery()), "AZE", "destroyed", "tank")
    assert tanks.third_party is None and tanks.adversary and tanks.adversary.claimants == ("ARM",)
    assert not tanks.non_party_confirms and tanks.low is None


def test_third_party_counts_of_both_sides_are_third_party_reports(store: Any) -> None:
    put(store, article("mon", outlet="eastern-courier.example"),
        claim("mon", "RUS", "RUS", "killed", "civilians", 30, qualifier="at_least"))
    r = row(build_ledger(store, LedgerQuery()), "THIRD", "killed", "civilians")
    assert r.admitted is None and r.third_party and r.third_party.low == 30
    assert (r.low, r.best) == (30, 30)


def test_an_incident_is_not_set_against_a_total(store: Any) -> None:
    town = Location("Fizuli", "Fizuli", "AZE", None, None, "city")
    put(store, article("t", published="2020-09-29", outlet="Reuters"),
        claim("t", "NKR", "ARM", "killed", "military", 53, cumulative=True, day="2020-09-29"),
        dataclasses.replace(claim("t", "AZE", "ARM", "killed", "military", 10, day="2020-09-29"),
                            location=town),
        claim("t", "ARM", "ARM", "wounded", "civilians", 2, day="2020-09-29"),
        claim("t", None, "ARM", "wounded", "civilians", 6, day="2020-09-29"))
    rows = build_ledger(store, LedgerQuery())
    assert row(rows, "ARM", "killed", "military").contradictions == ()
    # a village's figure against a district's from an outlet of no named place: no clash
    assert row(rows, "ARM", "wounded", "civilians").contradictions == ()
    # two tolls from the same start: a later toll below an earlier one's low cannot be
    put(store, article("u", published="2020-10-02", outlet="Trend"),
        claim("u", "AZE", "ARM", "killed", "military", 2000, qualifier="over", cumulative=True,
              day="2020-09-30"))
    put(store, article("v", published="2020-10-03", outlet="Armenpress"),
        claim("v", "NKR", "ARM", "killed", "military", 200, cumulative=True, day="2020-10-03"))
    clash = row(build_ledger(store, LedgerQuery()), "ARM", "killed", "military").contradictions
    assert len(clash) == 1 and clash[0].startswith("ranges: admitted [200, 200] and adversary")


def test_undated_reports_of_two_wars_are_not_compared(store: Any) -> None:
    put(store, article("y2016", published=None, outlet="Reuters"),
        claim("y2016", "AZE", "ARM", "killed", "military", 100, qualifier="over"))
    put(store, article("y2020", published=None, outlet="RT"),
        claim("y2020", "NKR", "ARM", "killed", "military", 53))
    assert row(build_ledger(store, LedgerQuery()), "ARM", "killed", "military").contradictions == ()


# --------------------------------------------------------------------- wars and filters


def test_claims_of_unprofiled_wars_get_a_conflict_each(store: Any) -> None:
    def war(name: str, a: str, b: str) -> Analysis:
        c = Claim(article=name, sentence="x", span=(0, 1), claimant=PartyRef(a, a, a),
                  stance="assert", kind="destroyed", target=Target(b, b, "tank"),
                  perpetrator=None, count=Count(3, "exact"))
        return Analysis(article(name, outlet="Reuters"), (c,), conflict=None)
    store.put_batch([war("gulf", "IRQ", "IRN"), war("falklands", "GBR", "ARG")])
    rows = build_ledger(store, LedgerQuery())
    assert sorted(r.conflict for r in rows) == ["ARG-GBR", "IRN-IRQ"]
    assert [r.conflict for r in build_ledger(store, LedgerQuery(conflict="irn-irq"))] == ["IRN-IRQ"]
    assert store.conflicts() == ["ARG-GBR", "IRN-IRQ"]


def test_every_ledger_filter_is_honoured(store: Any) -> None:
    put(store, article("g1", published="2020-09-28", outlet="reuters.com"),
        claim("g1", "AZE", "ARM", "killed", "military", 3, sentence="Three soldiers died."),
        claim("g1", "ARM", "ARM", "destroyed", "tank", 2, sentence="Two tanks were lost."))
    put(store, article("g2", published="2020-10-05", outlet="Trend"),
        claim("g2", "NKR", "AZE", "killed", "military", 7, sentence="Seven troops fell."))

    def keys(**kw: Any) -> list[tuple[str, str, str]]:
        return sorted((r.side, r.kind, r.category) for r in build_ledger(store, LedgerQuery(**kw)))
    everything = keys()
    assert len(everything) == 3
    assert keys(side="arm") == [("ARM", "destroyed", "tank"), ("ARM", "killed", "military")]
    assert keys(claimant="nkr") == [("AZE", "killed", "military")]
    assert keys(claimant="ARM") == [("ARM", "destroyed", "tank"), ("AZE", "killed", "military")]
    assert keys(kind="Destroyed") == [("ARM", "destroyed", "tank")]
    assert keys(category="military") == [("ARM", "killed", "military"), ("AZE", "killed", "military")]
    assert keys(outlet="Reuters") == keys(outlet="reuters.com") == keys(outlet="(Reuters)") == \
        [("ARM", "destroyed", "tank"), ("ARM", "killed", "military")]
    assert keys(article="g2") == [("AZE", "killed", "military")]
    assert keys(text="tanks") == [("ARM", "destroyed", "tank")]
    assert keys(since="2020-10-01") == [("AZE", "killed", "military")]
    assert keys(until="2020-09-30") == [("ARM", "destroyed", "tank"), ("ARM", "killed", "military")]
    assert keys(conflict="KARABAKH") == everything


@pytest.mark.parametrize("bad", [dict(kind="slain"), dict(category="tanks"),
                                 dict(since="2020-13-01"), dict(until="yesterday"),
                                 dict(since="2020-10-02", until="2020-10-01"), dict(by="year"),
                                 dict(run=0)])
def test_impossible_filters_are_refused(store: Any, bad: dict[str, Any]) -> None:
    with pytest.raises(UsageError):
        build_ledger(store, LedgerQuery(**bad))

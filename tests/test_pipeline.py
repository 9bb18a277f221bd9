"""Ingestion and re-extraction runs: the seeds end to end with the real extractor, and the
run's bookkeeping (duplicates, failures, re-extraction keeping old results) on both
backends."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from warledger.errors import InputError
from warledger.ledger import LedgerQuery, build_ledger
from warledger.options import Options
from warledger.pipeline import ingest, reextract
from warledger.records import Article, Claim, Count, PartyRef, Target
from warledger.store import open_store
from warledger.store.base import Analysis, Query

SEEDS = Path("/work/shared/corpus/seeds")
if not SEEDS.exists():  # a clone outside the shared workspace
    SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "seeds"


def simple(article: Article, options: Options) -> Analysis:
    """A stand-in extractor: one claim per article, its number the text's length."""
    if "poison" in article.text:
        raise ValueError("cannot analyse this one")
    c = Claim(article=article.name, sentence=article.text[:20], span=(0, 20),
              claimant=PartyRef(None, None, "UNKNOWN"), stance="assert", kind="killed",
              target=Target("AZE", "AZE", "people"), perpetrator=None,
              count=Count(len(article.text), "exact"))
    return Analysis(article, (c,))


def arts(n: int, prefix: str = "a") -> list[Article]:
    return [Article(id=f"{prefix}{i}", name=f"{prefix}-{i}",
                    text=f"Article {prefix} {i}: " + "words " * i) for i in range(n)]


@pytest.mark.slow
def test_seed_articles_end_to_end(store: Any) -> None:
    from warledger.ingest import read_articles

    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    if not paths:
        pytest.fail(f"no seed articles in {SEEDS} (../shared beside the checkout, as in CI)")
    report = ingest(read_articles(paths), Options(), store=store)
    assert (report.read, report.stored, report.failed) == (2, 2, 0), report.errors
    assert report.claims == store.count("claims", Query()) > 10
    again = ingest(read_articles(paths), Options(), store=store)
    assert (again.stored, again.duplicates, again.claims) == (0, 2, 0)

    rows = {(r.side, r.kind, r.category): r for r in build_ledger(store, LedgerQuery())}
    # 2016: militias claim two helicopters (and 2020: Armenia six); Azerbaijan confirms one
    heli = rows[("AZE", "destroyed", "helicopter")]
    assert heli.admitted and (heli.admitted.low, heli.admitted.high) == (1, 1)
    assert heli.adversary and heli.adversary.low is not None and heli.adversary.low >= 2
    assert heli.low == 1 and heli.best == 1
    assert any(c.startswith("ranges:") for c in heli.contradictions)
    # 2020: twelve Azeri civilians killed, said the Azeri prosecutor: an admission
    civ = rows[("AZE", "killed", "civilians")]
    assert civ.admitted and civ.admitted.high == 12 and civ.low == 12
    # Karabakh's 53 soldiers is Armenia's side admitting; Baku's "over 100" (2016) and its
    # ten (2020) are the adversary's, two days' claims that add up (the files' names date them)
    mil = rows[("ARM", "killed", "military")]
    assert mil.admitted and mil.admitted.low == 53
    assert mil.adversary and mil.adversary.low == 111
    assert (mil.low, mil.best) == (53, 53) and mil.high is not None and mil.high > 111
    # every id behind a figure is a stored claim whose sentence is in its article
    ids = tuple(i for r in rows.values() for i in r.claim_ids)
    claims = store.claims(Query(ids=ids, limit=0))
    assert len(claims) == len(set(ids))
    for c in claims:
        text = store.article(c["article_id"])["text"]
        assert c["sentence"] in text


def test_duplicates_and_failures_are_counted(store: Any) -> None:
    items: list[Article | InputError] = [*arts(5), InputError("bad.html", "not HTML"),
                                         Article(id="p", name="poisoned", text="poison pill")]
    seen: list[int] = []
    report = ingest(items, Options(), store=store, analyzer=simple, batch_size=2,
                    progress=lambda r: seen.append(r.stored))
    assert (report.read, report.stored, report.failed, report.claims) == (6, 5, 2, 5)
    assert report.errors[0] == "bad.html: not HTML"
    assert report.errors[1].startswith("poisoned: analysis failed (ValueError")
    assert seen == [2, 4, 5]  # three batches of two
    assert not store.has_article("p")  # not stored, so a later run retries it
    again = ingest(arts(7), Options(), store=store, analyzer=simple, batch_size=3)
    assert (again.stored, again.duplicates) == (2, 5)
    runs = store.runs()
    assert runs[0]["status"] == "done" and runs[0]["detail"]["stored"] == 2


def test_ingest_opens_the_configured_store(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "var" / "w.duckdb"
    report = ingest(arts(3), Options(db=str(db), conflict="karabakh"), analyzer=simple)
    assert report.stored == 3
    s = open_store(str(db))
    try:
        assert s.conflicts() == ["karabakh"]  # options.conflict fills in a missing one
    finally:
        s.close()


def test_reextract_swaps_results_and_keeps_them_on_failure(store: Any) -> None:
    ingest(arts(4), Options(), store=store, analyzer=simple)
    before = {c["article"]: c["count"]["value"] for c in store.claims(Query())}

    def better(article: Article, options: Options) -> Analysis:
        if article.name == "a-2":
            raise RuntimeError("model crashed")
        an = simple(article, options)
        c = dataclasses.replace(an.claims[0], count=Count(1000 + len(article.text), "exact"))
        return Analysis(article, (c, c), conflict="karabakh")

    report = reextract(Options(), store=store, analyzer=better, batch_size=3)
    assert (report.articles, report.claims, report.failed) == (3, 6, 1)
    after = store.claims(Query())
    assert len(after) == 7
    values = {c["article"]: c["count"]["value"] for c in after}
    assert values["a-2"] == before["a-2"]  # its old results kept
    assert values["a-0"] == 1000 + before["a-0"]
    assert {c["conflict"] for c in after if c["article"] != "a-2"} == {"karabakh"}

"""The ledger's summary (store/summary.py) stays exact, on both backends.

After every kind of write the store makes (an ingest, the same articles again, reposts
that restate a statement's day or hand a story's source over, stories merged by a new
article, a re-extraction that changes, retires, brings back and drops claims, a move to
another conflict) two things must hold: the summary the store kept equals the one rebuilt
from the claims, and the ledger read from it equals the ledger computed from the claims
(``Query.exact``) for every query the summary answers. PostgreSQL also gets two writers
at once. The claims are drawn at random (a fixed seed) over few days, claimants and
outlets, so that groups, repeats, tolls, scopes and party outlets collide often.
"""
from __future__ import annotations

import dataclasses
import random
import threading
import time
from typing import Any

import pytest

from warledger.ledger import LedgerQuery, build_ledger
from warledger.records import Article, Claim, Count, Location, PartyRef, Period, Target
from warledger.store import open_store, summary
from warledger.store.base import Analysis

# claimant (text, party, side): named parties, a third party, an outlet's own voice
CLAIMANTS = [("the ministry", "AZE", "AZE"), ("Yerevan", "ARM", "ARM"),
             ("Stepanakert", "NKR", "ARM"), ("Moscow", "RUS", "THIRD"),
             (None, None, "UNKNOWN"), ("local officials", None, "UNKNOWN")]
TARGETS = [("AZE", "AZE"), ("ARM", "ARM"), ("NKR", "ARM")]
KINDS = [("killed", "military"), ("killed", "civilians"), ("destroyed", "tank")]
QUALIFIERS = ["exact", "exact", "exact", "about", "over", "at_least", "nearly", "up_to", "vague"]
# Armenpress and Trend are party outlets (their own voice is ARM's / AZE's), TASS a
# third party's; None: an article without an outlet
OUTLETS = ["Armenpress", "Trend", "TASS", "Daily Paper", "Reuters", None]
DAYS = ["2020-09-27", "2020-09-28", "2020-09-29", "2020-10-03", None]
PLACES = [None, None, Location("Martuni"), Location("Ganja")]

QUERIES = [LedgerQuery(), LedgerQuery(by="month"), LedgerQuery(conflict="karabakh", side="ARM"),
           LedgerQuery(kind="killed"), LedgerQuery(category="tank", by="month"),
           LedgerQuery(with_ids=False), LedgerQuery(conflict="KARABAKH", side="aze")]


def text(name: str) -> str:
    return f"Report {name}. " + " ".join(f"Sentence {name}-{i} of report {name}." for i in range(14))


def random_claims(rng: random.Random, art: Article, n: int) -> tuple[Claim, ...]:
    out = []
    for i in range(n):
        ctext, cparty, cside = rng.choice(CLAIMANTS)
        tparty, tside = rng.choice(TARGETS)
        kind, category = rng.choice(KINDS)
        qualifier = rng.choice(QUALIFIERS)
        value = None if qualifier == "vague" else rng.choice([0, 1, 2, 4, 4, 10, 30])
        cumulative = rng.random() < 0.25
        day = rng.choice(DAYS)
        start = rng.choice([None, "2020-09-27"]) if cumulative else None
        period = (Period(start=start, end=day, cumulative=cumulative)
                  if (day or cumulative) else None)
        out.append(Claim(article=art.name, sentence=f"{art.name} sentence {i}.",
                         span=(i * 10, i * 10 + 9), claimant=PartyRef(ctext, cparty, cside),  # type: ignore[arg-type]
                         stance="deny" if rng.random() < 0.1 else "assert",
                         kind=kind, target=Target(tparty, tside, category),  # type: ignore[arg-type]
                         perpetrator=None, count=Count(value, qualifier),
                         location=rng.choice(PLACES), period=period))
    return tuple(out)


def undated(claims: tuple[Claim, ...]) -> tuple[Claim, ...]:
    """The claims without periods: their day is their article's publication day."""
    return tuple(dataclasses.replace(c, period=None) for c in claims)


def random_article(rng: random.Random, name: str, body: str | None = None,
                   origin: str | None = None) -> Article:
    return Article(id=f"id-{name}", name=name, text=body or text(name),
                   outlet=rng.choice(OUTLETS), origin_outlet=origin,
                   published=rng.choice(["2020-09-27", "2020-09-28", "2020-09-30", None]))


def assert_exact(store: Any) -> None:
    """The kept summary is the rebuilt one, and every ledger it answers is the exact one."""
    assert summary.fresh(store.db)
    kept = summary.contents(store.db)
    store.rebuild_summary()
    assert summary.contents(store.db) == kept
    for q in QUERIES:
        assert summary.answers(store.db, q.check().store_query(), q.by), q
        got = [r.to_dict() for r in build_ledger(store, q)]
        want = [r.to_dict() for r in build_ledger(store, dataclasses.replace(q, exact=True))]
        assert got == want, q


def analysis(art: Article, claims: tuple[Claim, ...], conflict: str = "karabakh") -> Analysis:
    return Analysis(art, claims, conflict=conflict)


def test_summary_is_exact_through_every_kind_of_write(store: Any) -> None:
    rng = random.Random(16)
    arts = [random_article(rng, f"a{i}") for i in range(12)]
    found = {a.id: random_claims(rng, a, rng.randint(0, 9)) for a in arts}
    store.put_batch([analysis(a, found[a.id]) for a in arts[:6]])
    assert len(summary.contents(store.db)[0]) > 10  # the summary holds the claims' cells
    assert_exact(store)
    # the next batch, and the first again (duplicates: stored once, nothing changes)
    store.put_batch([analysis(a, found[a.id]) for a in arts[3:]])
    assert_exact(store)
    before = [r.to_dict() for r in build_ledger(store, LedgerQuery())]
    store.put_batch([analysis(a, found[a.id]) for a in arts])
    assert [r.to_dict() for r in build_ledger(store, LedgerQuery())] == before

    # reposts: a copy dated later (its statements keep the original's day: the claims have
    # no period of their own, so their day is the publication's)
    # (both credit the wire they come from, so no member's source moves: only the day)
    orig = dataclasses.replace(random_article(rng, "orig-a"), published="2020-09-28",
                               origin_outlet="Reuters")
    told = undated(random_claims(rng, orig, 8))
    store.put_batch([analysis(orig, told)])
    late = dataclasses.replace(random_article(rng, "late", body=orig.text + " Shared."),
                               published="2020-10-05", outlet="Some Blog",
                               origin_outlet="Reuters")
    store.put_batch([analysis(late, tuple(dataclasses.replace(c, article="late") for c in told))])
    assert {c["day"] for c in store.claims(LedgerQuery(article="late", limit=0))} == {"2020-10-05"}
    assert_exact(store)
    # a story of undated reports (no date at all: compared within their story only), whose
    # copy is stored before its original (the story's source moves to the original's)
    # (its text shares half of the first story's: not one story with it, a third of
    # their word runs in common)
    words, other = orig.text.split(), text("story-b").split()
    body = " ".join(words[:len(words) // 2] + other[len(other) // 2:])
    copy = dataclasses.replace(random_article(rng, "copy-b", body=body + " Via a blog."),
                               published=None, outlet="Daily Paper")
    store.put_batch([analysis(copy, undated(random_claims(rng, copy, 6)))])
    first = dataclasses.replace(random_article(rng, "orig-b", body=body), published=None,
                                outlet="Civilnet")
    store.put_batch([analysis(first, undated(random_claims(rng, first, 6)))])
    stories = {a["name"]: a["cluster"] for a in store.articles(LedgerQuery(limit=0))}
    assert stories["copy-b"] == stories["orig-b"] != stories["orig-a"]
    assert_exact(store)
    # an article near both stories joins them into one (the undated claims' story changes)
    bridge_text = " ".join(words + other[len(other) // 2:])
    bridge = dataclasses.replace(random_article(rng, "bridge", body=bridge_text),
                                 published="2020-09-30")
    store.put_batch([analysis(bridge, random_claims(rng, bridge, 4))])
    stories = {a["name"]: a["cluster"] for a in store.articles(LedgerQuery(limit=0))}
    assert stories["copy-b"] == stories["orig-b"]
    assert stories["bridge"] == stories["copy-b"] == stories["orig-a"] == stories["late"]
    assert_exact(store)

    # re-extraction: claims changed, dropped (an article whose claims all go), added, and
    # one article moved to another conflict
    redo = []
    for i, a in enumerate(arts):
        claims = found[a.id]
        if i % 3 == 0:
            claims = claims[:len(claims) // 2] + random_claims(rng, a, 2)
        elif i % 3 == 1:
            claims = ()
        redo.append(analysis(a, claims, conflict="other-war" if i == 2 else "karabakh"))
    store.replace_extraction(redo)
    assert_exact(store)
    # and the first extraction again: retired claims come back under their ids
    store.replace_extraction([analysis(a, found[a.id]) for a in arts])
    assert_exact(store)


def test_the_filters_it_cannot_answer_read_the_claims(store: Any) -> None:
    rng = random.Random(3)
    arts = [random_article(rng, f"f{i}") for i in range(5)]
    store.put_batch([analysis(a, random_claims(rng, a, 8)) for a in arts])
    for q in (LedgerQuery(since="2020-09-28"), LedgerQuery(until="2020-09-28"),
              LedgerQuery(outlet="Armenpress"), LedgerQuery(claimant="ARM"),
              LedgerQuery(article="f1"), LedgerQuery(text="sentence 1"),
              LedgerQuery(by="week"), LedgerQuery(by="day"), LedgerQuery(run=1),
              LedgerQuery(exact=True)):
        assert not summary.answers(store.db, q.check().store_query(), q.by), q
    assert summary.answers(store.db, LedgerQuery(conflict="karabakh").check(), None)


def test_a_summary_made_elsewhere_is_not_read_and_is_rebuilt(store: Any, store_url: str) -> None:
    rng = random.Random(5)
    arts = [random_article(rng, f"s{i}") for i in range(4)]
    store.put_batch([analysis(a, random_claims(rng, a, 6)) for a in arts[:2]])
    # another warledger version built it: not read, and a write here leaves it stale
    store.execute("UPDATE ledger_summary SET fingerprint = 'another version'")
    assert not summary.answers(store.db, LedgerQuery(), None)
    store.put_batch([analysis(a, random_claims(rng, a, 6)) for a in arts[2:]])
    assert not summary.fresh(store.db)
    exact = [r.to_dict() for r in build_ledger(store, LedgerQuery(exact=True))]
    assert [r.to_dict() for r in build_ledger(store, LedgerQuery())] == exact
    store.close()
    # the next process that opens it for writing rebuilds it from the claims
    again = open_store(store_url)
    try:
        assert summary.fresh(again.db)
        assert_exact(again)
    finally:
        again.close()


def test_an_upgraded_store_gets_its_summary(store_url: str) -> None:
    from store_v10 import load_v10

    # claims as the previous version wrote them, in a store from before the summary (v9)
    load_v10(store_url, target=9)
    old = open_store(store_url, migrate=False)
    assert not summary.present(old.db) and old.count("claims", LedgerQuery()) > 50
    old.close()
    new = open_store(store_url)
    try:
        assert summary.fresh(new.db) and summary.contents(new.db)[0]
        assert_exact(new)
    finally:
        new.close()


@pytest.mark.postgres
def test_concurrent_writers_keep_the_summary_exact(pg_url: str, monkeypatch: Any) -> None:
    """Two writers (own connections, as two processes) ingest and re-extract articles of
    the same keys and days at once; afterwards the summary is the rebuilt one. Each write
    lingers between recomputing its groups and committing, so that the other recomputes
    the same groups meanwhile unless it waits for the first (the unit locks)."""
    refresh = summary.refresh

    def lingering(db: Any, dirty: Any) -> None:
        refresh(db, dirty)
        time.sleep(0.2)
    monkeypatch.setattr(summary, "refresh", lingering)
    rng = random.Random(21)
    arts = [random_article(rng, f"c{i}") for i in range(40)]
    found = {a.id: random_claims(rng, a, 6) for a in arts}
    open_store(pg_url).close()
    errors: list[BaseException] = []

    def at_once(work: Any, parts: list[list[Article]]) -> None:
        def run(part: list[Article], seed: int) -> None:
            store = open_store(pg_url)
            try:
                work(store, part, random.Random(seed))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                store.close()
        threads = [threading.Thread(target=run, args=(p, n)) for n, p in enumerate(parts)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        assert not errors, errors
        store = open_store(pg_url)
        try:
            assert_exact(store)
        finally:
            store.close()

    def ingest(store: Any, part: list[Article], _rng: random.Random) -> None:
        for i in range(0, len(part), 4):
            store.put_batch([analysis(a, found[a.id]) for a in part[i:i + 4]])

    def reextract(store: Any, part: list[Article], local: random.Random) -> None:
        for i in range(0, len(part), 4):
            store.replace_extraction([analysis(a, random_claims(local, a, local.randint(0, 6)))
                                      for a in part[i:i + 4]])

    # interleaved halves (the same days and keys), and a shared quarter both store
    at_once(ingest, [arts[0::2] + arts[:10], arts[1::2] + arts[:10]])
    check = open_store(pg_url)
    assert check.count("articles", LedgerQuery()) == len(arts)
    check.close()
    # then both re-extract, the shared quarter differently
    at_once(reextract, [arts[0::2] + arts[:10], arts[1::2] + arts[:10]])

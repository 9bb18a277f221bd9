"""The store on both backends: schema upgrades, idempotent and all-or-nothing batches,
clusters across batches, and the read methods the CLI, API and dashboard build on."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from warledger.errors import NotFound, StoreError
from warledger.records import (Article, Attribution, Claim, Count, Event, Location, PartyRef,
                               Period, Target)
from warledger.store import open_store
from warledger.store.base import Analysis, Query
from warledger.store.schema import LATEST


def art(name: str, text: str | None = None, **kw: Any) -> Article:
    body = text or " ".join(f"Sentence {i} of the dispatch called {name}." for i in range(10))
    return Article(id=f"id-{name}", name=name, text=body, **kw)


def claim(article: str, value: int | None = 12, side: str = "AZE", **kw: Any) -> Claim:
    fields: dict[str, Any] = dict(
        article=article, sentence=f"{value} soldiers were killed", span=(3, 30),
        claimant=PartyRef("the ministry", side, side), stance="assert", kind="killed",
        target=Target("AZE", "AZE", "military"), perpetrator=None, count=Count(value, "exact", "12"))
    fields.update(kw)
    return Claim(**fields)


def event(article: str) -> Event:
    return Event(article=article, sentence="Germany called for a ceasefire.", span=(0, 31),
                 type="REQUEST", mode=None, context="ceasefire",
                 actor=PartyRef("Germany", "DEU", "THIRD"),
                 recipient=(PartyRef("Azerbaijan", "AZE", "AZE"),),
                 claimant=PartyRef(None, None, "UNKNOWN"), stance="assert", modality="fact")


def test_claim_record_round_trip(store: Any) -> None:
    c = claim("a", location=Location("Talish", "Talish", "AZE", 40.19, 46.52, "town"),
              period=Period("2020-09-27", "2020-09-29", True, "since Sunday"),
              perpetrator=None)
    attribution = Attribution(article="a", source=((0, 5),), cue=((6, 10),), content=((11, 20),),
                              source_text="Baku", party="AZE", side="AZE")
    a = art("a", outlet="Trend", title="Clashes", published="2020-09-29T10:00:00+04:00")
    res = store.put_batch([Analysis(a, (c,), (event("a"),), (attribution,), conflict="karabakh")])
    assert (res.stored, res.duplicates, res.claims, res.events) == (1, 0, 1, 1)
    [got] = store.claims(Query())
    for key in ("article", "sentence", "stance", "kind", "target", "perpetrator", "location"):
        assert got[key] == c.to_dict()[key], key
    assert got["span"] == [3, 30]
    assert got["count"] == {"value": 12, "qualifier": "exact", "text": "12"}
    assert got["period"] == {"start": "2020-09-27", "end": "2020-09-29", "cumulative": True,
                             "text": "since Sunday"}
    assert got["claimant"] == {"text": "the ministry", "party": "AZE", "side": "AZE"}
    assert isinstance(got["id"], int)
    assert (got["article_id"], got["outlet"], got["title"], got["conflict"], got["day"]) == \
        ("id-a", "Trend", "Clashes", "karabakh", "2020-09-29")
    [ev] = store.events(Query())
    assert ev["type"] == "REQUEST" and ev["actor"]["party"] == "DEU"
    assert ev["recipient"][0]["party"] == "AZE" and ev["article_id"] == "id-a"
    full = store.article("a")
    assert full["text"] == a.text and full["id"] == "id-a"
    assert store.article("id-a")["name"] == "a"


def test_same_article_twice_is_stored_once(store: Any) -> None:
    a = art("a")
    first = store.put_batch([Analysis(a, (claim("a"),)), Analysis(a, (claim("a"),))])
    again = store.put_batch([Analysis(a, (claim("a"),))])
    assert (first.stored, first.duplicates) == (1, 1)
    assert (again.stored, again.duplicates, again.claims) == (0, 1, 0)
    assert store.count("articles", Query()) == 1
    assert store.count("claims", Query()) == 1
    assert store.has_article("id-a") and not store.has_article("id-b")
    assert store.known_articles(["id-a", "id-b"]) == {"id-a"}


def test_a_failing_batch_writes_nothing(store: Any) -> None:
    good = Analysis(art("good"), (claim("good"),))
    broken = Analysis(art("broken"), (claim("broken", claimant=PartyRef("x", None, None)),))  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        store.put_batch([good, broken])
    assert store.count("articles", Query()) == 0
    assert store.count("claims", Query()) == 0
    assert store.put_batch([good]).stored == 1  # the store is still usable


def test_filters(store: Any) -> None:
    store.put_batch([
        Analysis(art("a", outlet="Trend", published="2020-09-28"),
                 (claim("a"), claim("a", 5, side="ARM", kind="destroyed",
                                     target=Target("AZE", "AZE", "tank"))), conflict="karabakh"),
        Analysis(art("b", outlet="Armenpress", published="2020-10-02"),
                 (claim("b", 3, side="ARM", target=Target("ARM", "ARM", "civilians")),),
                 conflict="karabakh"),
        Analysis(art("c", outlet="Kyiv Post", published="2022-03-01"), (claim("c", 40),),
                 conflict="ukraine"),
    ])
    assert len(store.claims(Query())) == 4
    assert len(store.claims(Query(conflict="karabakh"))) == 3
    assert [c["count"]["value"] for c in store.claims(Query(side="ARM"))] == [3]
    assert len(store.claims(Query(claimant="ARM"))) == 2
    assert [c["target"]["category"] for c in store.claims(Query(kind="destroyed"))] == ["tank"]
    assert len(store.claims(Query(category="military"))) == 2
    assert len(store.claims(Query(outlet="Trend"))) == 2
    assert len(store.claims(Query(article="b"))) == 1
    assert len(store.claims(Query(since="2020-10-01", until="2020-12-31"))) == 1
    assert len(store.claims(Query(text="SOLDIERS"))) == 4
    assert len(store.claims(Query(limit=2))) == 2
    assert len(store.claims(Query(limit=2, offset=3))) == 1
    ids = [c["id"] for c in store.claims(Query())]
    assert [c["id"] for c in store.claims(Query(ids=(ids[1], ids[3])))] == [ids[1], ids[3]]
    assert store.count("claims", Query(conflict="karabakh")) == 3
    assert [a["name"] for a in store.articles(Query())] == ["c", "b", "a"]
    assert [a["claims"] for a in store.articles(Query(outlet="Trend"))] == [2]
    assert store.conflicts() == ["karabakh", "ukraine"]
    assert len(list(store.iter_claims(Query(conflict="karabakh"), page=1))) == 3
    with pytest.raises(NotFound):
        store.article("nope")


def test_replace_extraction_swaps_claims(store: Any) -> None:
    a = art("a")
    store.put_batch([Analysis(a, (claim("a", 1), claim("a", 2)))])
    store.replace_extraction([Analysis(a, (claim("a", 7),), conflict="karabakh"),
                              Analysis(art("never-stored"), (claim("never-stored"),))])
    assert [c["count"]["value"] for c in store.claims(Query())] == [7]
    assert store.article("a")["conflict"] == "karabakh"
    assert not store.has_article("id-never-stored")


def test_near_duplicates_join_a_stored_cluster_across_batches(store: Any) -> None:
    text = " ".join(f"Paragraph {i} of the wire story about shelling near the border." for i in range(20))
    store.put_batch([Analysis(art("wire", text=text, outlet="Wire"))])
    store.put_batch([Analysis(art("other", outlet="Paper"))])
    store.put_batch([Analysis(art("copy", text="Reposted: " + text, outlet="Blog",
                                  cluster="id-copy"))])
    arts = {a["name"]: a for a in store.articles(Query())}
    assert arts["copy"]["cluster"] == arts["wire"]["cluster"] == "id-wire"
    assert arts["other"]["cluster"] != "id-wire"
    assert arts["copy"]["source_key"] == "wire"  # the outlet's identity (dedup.outlet_key)


def test_runs_are_recorded(store: Any) -> None:
    run = store.begin_run("ingest", {"db": "x"})
    store.finish_run(run, "done", {"stored": 3})
    [r] = store.runs()
    assert (r["id"], r["kind"], r["status"]) == (run, "ingest", "done")
    # what the caller said at the start and the end, and which warledger ran it
    assert r["detail"]["db"] == "x" and r["detail"]["stored"] == 3 and r["detail"]["version"]
    assert r["finished"] is not None


def test_v1_store_is_upgraded_in_place(store_url: str) -> None:
    old = open_store(store_url, migrate=False)
    old.migrate(target=1)
    assert old.version() == 1
    old.execute("INSERT INTO articles (id, name, text, outlet, published, day) "
                "VALUES ('id-old', 'old', 'An old article.', 'Trend', '2020-09-29', '2020-09-29')")
    old.execute("INSERT INTO claims (article_id, seq, article, sentence, claimant_side, stance, "
                "kind, target_side, category, count_value, qualifier, cumulative, day) VALUES "
                "('id-old', 0, 'old', 'Two tanks were hit.', 'ARM', 'assert', 'destroyed', "
                "'AZE', 'tank', 2, 'exact', FALSE, '2020-09-29')")
    old.close()
    new = open_store(store_url)
    try:
        assert new.version() == LATEST
        [c] = new.claims(Query())
        assert (c["sentence"], c["count"]["value"], c["source_key"]) == ("Two tanks were hit.", 2, "trend")
        new.put_batch([Analysis(art("fresh"), (claim("fresh"),))])  # v2 tables work
        assert new.count("claims", Query()) == 2
        new.migrate()  # idempotent
        assert new.version() == LATEST
    finally:
        new.close()


def test_open_store_paths(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b" / "w.duckdb"
    s = open_store(f"duckdb://{nested}")
    s.close()
    assert nested.exists()
    s = open_store(str(nested))  # a plain path is the same store
    assert s.version() == LATEST
    s.close()
    with pytest.raises(StoreError, match="not-a-db"):
        bad = tmp_path / "not-a-db.duckdb"
        bad.write_text("this is not a database file" * 100)
        open_store(str(bad))
    with pytest.raises(StoreError, match=r"\*\*\*"):
        open_store("postgresql://someone:secret@127.0.0.1:1/none")


def test_a_v3_story_of_two_copies_counts_once_after_the_upgrade(store_url: str) -> None:
    """Stores made before stories were kept (v3): the same statement in two copies of one
    story, dated apart, is restated to one day by the upgrade, so the ledger counts it once."""
    from warledger.ledger import LedgerQuery, build_ledger

    old = open_store(store_url, migrate=False)
    old.migrate(target=3)
    for aid, day in (("id-a", "2025-05-10"), ("id-b", "2025-05-12")):
        old.execute("INSERT INTO articles (id, name, text, outlet, published, day, cluster, "
                    "source_key) VALUES (?, ?, 'Two civilians were killed.', 'x.example', ?, ?, "
                    "'id-a', 'x.example')", [aid, aid, day, day])
        old.execute("INSERT INTO claims (article_id, seq, article, sentence, claimant_side, "
                    "stance, kind, target_side, category, count_value, qualifier, cumulative, "
                    "day, week, month, source_key, outlet) VALUES (?, 0, ?, 'Two civilians "
                    "were killed.', 'UNKNOWN', 'assert', 'killed', 'AZE', 'civilians', 2, "
                    "'exact', FALSE, ?, ?, ?, 'x.example', 'x.example')",
                    [aid, aid, day, day, day[:7]])
    old.close()
    new = open_store(store_url)
    try:
        [r] = build_ledger(new, LedgerQuery())
        assert r.high == 2 and len(r.claim_ids) == 2 and r.independent_sources == 1
        assert [x.period["bucket"] for x in build_ledger(new, LedgerQuery(by="day"))] == ["2025-05-10"]
    finally:
        new.close()


def test_a_run_never_keeps_a_password(store: Any) -> None:
    run = store.begin_run("ingest", {"db": "postgresql://someone:secret@db.example/w"})
    store.finish_run(run, "done", {"db": "postgresql://someone:secret@db.example/w", "stored": 1})
    [r] = store.runs()
    assert "secret" not in str(r) and r["detail"]["db"] == "postgresql://someone:***@db.example/w"

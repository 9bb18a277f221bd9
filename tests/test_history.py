"""History kept (issue 11), on both backends: claim ids survive re-extraction when the claim
does, every run's claims stay readable (``--run``), ``warledger diff`` shows what an
extractor change did, and a link to a superseded claim says so and names its successor.

The runs are real ``pipeline.ingest`` / ``pipeline.reextract`` runs; the demo test uses the
real extractor, the others a small stand-in extractor whose "version" the test switches, as
an extractor change would.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from warledger.ingest import read_articles
from warledger.ledger import LedgerQuery, build_ledger, diff_runs
from warledger.options import Options
from warledger.pipeline import ingest, reextract
from warledger.records import Article, Claim, Count, PartyRef, Target
from warledger.store.base import Analysis, Query

DEMO = Path(__file__).resolve().parent.parent / "demo"


def _claim(article: Article, start: int, kind: str, category: str, value: int,
           claimant: str = "AZE", target: str = "ARM") -> Claim:
    return Claim(article=article.name, sentence=article.text[start:start + 20],
                 span=(start, start + 20), claimant=PartyRef(claimant, claimant, claimant),
                 stance="assert", kind=kind, target=Target(target, target, category),
                 perpetrator=None, count=Count(value, "exact"))


def extractor(version: int):
    """Version 1 finds three claims per article; version 2 reads the tank count anew (a
    change), no longer finds the drone (a removal) and finds wounded (an addition)."""
    def analyse(article: Article, options: Options) -> Analysis:
        claims = [_claim(article, 0, "killed", "military", 10),
                  _claim(article, 30, "destroyed", "tank", 4 if version == 1 else 6)]
        if version == 1:
            claims.append(_claim(article, 60, "destroyed", "drone", 2))
        else:
            claims.append(_claim(article, 90, "wounded", "military", 25))
        return Analysis(article, tuple(claims), conflict="karabakh")
    return analyse


def articles() -> list[Article]:
    return [Article(id=f"h{i}", name=f"report-{i}", published=f"2020-10-0{i + 1}",
                    outlet="reuters.com",
                    text=" ".join(f"Word{i}x{j} of report {i}." for j in range(40)))
            for i in range(2)]


def current_ids(store: Any) -> list[int]:
    return sorted(c["id"] for c in store.claims(Query(limit=0)))


def test_demo_claim_ids_survive_reextraction(store: Any) -> None:
    report = ingest(read_articles([str(DEMO)]), Options(), store=store)
    assert report.stored >= 10 and report.claims > 20
    before = current_ids(store)
    rows_before = [r.to_dict() for r in build_ledger(store, LedgerQuery())]
    again = reextract(Options(), store=store)
    assert again.failed == 0 and again.claims == len(before)
    assert current_ids(store) == before  # the same claims, the same ids
    assert [r.to_dict() for r in build_ledger(store, LedgerQuery())] == rows_before
    d = diff_runs(store)
    assert (d["run_a"]["id"], d["run_b"]["id"]) == (report.run_id, again.run_id)
    assert (d["added"], d["removed"], d["changed"], d["ledger"]) == ([], [], [], [])
    assert d["run_b"]["detail"]["model"] and d["run_b"]["detail"]["version"]


def test_an_extractor_change_is_history_not_a_renumbering(store: Any) -> None:
    first = ingest(articles(), Options(), store=store, analyzer=extractor(1))
    old = {(c["article"], c["kind"], c["target"]["category"]): c for c in store.claims(Query(limit=0))}
    assert len(old) == 6
    second = reextract(Options(), store=store, analyzer=extractor(2))
    now = {(c["article"], c["kind"], c["target"]["category"]): c for c in store.claims(Query(limit=0))}
    assert len(now) == 6
    # a claim found again keeps its id; a changed one gets a new id
    assert now[("report-0", "killed", "military")]["id"] == old[("report-0", "killed", "military")]["id"]
    changed_old = old[("report-0", "destroyed", "tank")]
    changed_new = now[("report-0", "destroyed", "tank")]
    assert changed_new["id"] != changed_old["id"] and changed_new["count"]["value"] == 6
    # the old ids still resolve, and say what became of them
    [was] = store.claims(Query(ids=(changed_old["id"],)))
    assert was["count"]["value"] == 4
    assert was["superseded"] == {"run": second.run_id, "by": changed_new["id"]}
    drone = old[("report-0", "destroyed", "drone")]
    [gone] = store.claims(Query(ids=(drone["id"],)))
    assert gone["superseded"] == {"run": second.run_id, "by": None}
    # the previous run's claims are kept and queryable
    then = store.claims(Query(run=first.run_id, limit=0))
    assert sorted(c["id"] for c in then) == sorted(c["id"] for c in old.values())
    assert store.count("claims", Query()) == 6
    # the ledger as it stood, and as it stands
    def tanks(run: int | None) -> Any:
        [r] = [r for r in build_ledger(store, LedgerQuery(run=run)) if r.category == "tank"]
        return r.high
    assert (tanks(first.run_id), tanks(None)) == (8, 12)
    d = diff_runs(store, first.run_id, second.run_id)
    assert sorted((c["kind"], c["target"]["category"]) for c in d["added"]) == \
        [("wounded", "military")] * 2
    assert sorted((c["kind"], c["target"]["category"]) for c in d["removed"]) == \
        [("destroyed", "drone")] * 2
    assert sorted((ch["before"]["count"]["value"], ch["after"]["count"]["value"])
                  for ch in d["changed"]) == [(4, 6), (4, 6)]
    moved = {(m["kind"], m["category"]): m for m in d["ledger"]}
    assert moved[("destroyed", "tank")]["before"]["high"] == 8
    assert moved[("destroyed", "tank")]["after"]["high"] == 12
    assert moved[("destroyed", "drone")]["after"] is None
    assert moved[("wounded", "military")]["before"] is None
    assert ("killed", "military") not in moved
    # the first extractor again: its claims come back under their first ids
    reextract(Options(), store=store, analyzer=extractor(1))
    assert current_ids(store) == sorted(c["id"] for c in old.values())


def test_diff_and_runs_from_the_command_line(store: Any, store_url: str) -> None:
    from warledger.cli import _load_commands, app

    _load_commands()
    first = ingest(articles(), Options(), store=store, analyzer=extractor(1))
    tank = [c for c in store.claims(Query(limit=0)) if c["target"]["category"] == "tank"][0]
    second = reextract(Options(), store=store, analyzer=extractor(2))
    runner = CliRunner()
    out = runner.invoke(app, ["diff", "--db", store_url])
    assert out.exit_code == 0, out.output
    assert f"run {first.run_id} (ingest" in out.output and f"run {second.run_id} (reextract" in out.output
    assert "2 claims added, 2 removed, 2 changed" in out.output
    assert "destroyed tank: -/-/8 -> -/-/12" in out.output
    as_json = json.loads(runner.invoke(app, ["diff", str(first.run_id), str(second.run_id),
                                             "--db", store_url, "-f", "json"]).output)
    assert len(as_json["changed"]) == 2
    then = json.loads(runner.invoke(app, ["ledger", "--run", str(first.run_id), "--db", store_url,
                                          "-f", "json"]).output)
    assert {r["category"]: r["high"] for r in then}["tank"] == 8
    shown = runner.invoke(app, ["claims", "--id", str(tank["id"]), "--db", store_url, "-f", "jsonl"])
    assert shown.exit_code == 0
    assert f"claim {tank['id']} was superseded by run {second.run_id}; its successor is claim" \
        in shown.output
    for bad in (["diff", "5", "3"], ["ledger", "--run", "0"], ["ledger", "--kind", "slain"],
                ["ledger", "--since", "2020-02-30"], ["claims", "--category", "tanks"],
                ["ledger", "--by", "year"]):
        got = runner.invoke(app, bad + ["--db", store_url])
        assert got.exit_code == 2, (bad, got.output)
    assert runner.invoke(app, ["diff", "1", "99", "--db", store_url]).exit_code == 1  # no run 99


def test_a_superseded_claim_link_names_its_successor(store: Any) -> None:
    from fastapi.testclient import TestClient

    from warledger.web.app import create_app

    ingest(articles(), Options(), store=store, analyzer=extractor(1))
    tank = [c for c in store.claims(Query(limit=0)) if c["target"]["category"] == "tank"][0]
    reextract(Options(), store=store, analyzer=extractor(2))
    client = TestClient(create_app(Options(db=store.url), store))
    got = client.get(f"/api/claims/{tank['id']}").json()
    assert got["superseded"]["by"] and got["links"]["successor"] == \
        f"/api/claims/{got['superseded']['by']}"
    successor = client.get(got["links"]["successor"]).json()
    assert successor["count"]["value"] == 6 and successor["superseded"] is None
    listed = client.get("/api/claims", params={"category": "tank"}).json()
    assert all(c["superseded"] is None for c in listed["items"]) and listed["total"] == 2


def test_claims_stored_before_stable_ids_keep_their_numbers(store_url: str) -> None:
    from warledger.store import open_store

    old = open_store(store_url, migrate=False)
    old.migrate(target=3)
    old.execute("INSERT INTO articles (id, name, text, outlet, published, day, cluster, source_key) "
                "VALUES ('id-old', 'old', 'An old article about two tanks that were hit.', "
                "'Reuters', '2020-09-29', '2020-09-29', 'id-old', 'Reuters')")
    old.execute("INSERT INTO claims (article_id, seq, article, sentence, claimant_side, stance, "
                "kind, target_side, category, count_value, qualifier, cumulative, day, "
                "source_key, outlet) VALUES ('id-old', 0, 'old', 'Two tanks were hit.', 'ARM', "
                "'assert', 'destroyed', 'AZE', 'tank', 2, 'exact', FALSE, '2020-09-29', "
                "'Reuters', 'Reuters')")
    old.close()
    new = open_store(store_url)
    try:
        [c] = new.claims(Query())
        assert c["id"] == 1 and c["source_key"] == "reuters" and c["superseded"] is None
        # the old article got a signature: a copy of it now joins its story
        copy = Article(id="id-copy", name="copy", outlet="blog.example",
                       text="An old article about two tanks that were hit. Shared.")
        new.put_batch([Analysis(copy)])
        arts = {a["name"]: a for a in new.articles(Query())}
        assert arts["copy"]["cluster"] == "id-old"
    finally:
        new.close()


def test_the_dashboard_says_a_claim_was_superseded(store: Any) -> None:
    from fastapi.testclient import TestClient

    from warledger.web.app import create_app

    ingest(articles(), Options(), store=store, analyzer=extractor(1))
    tank = [c for c in store.claims(Query(limit=0)) if c["target"]["category"] == "tank"][0]
    reextract(Options(), store=store, analyzer=extractor(2))
    [was] = store.claims(Query(ids=(tank["id"],)))
    client = TestClient(create_app(Options(db=store.url), store))
    page = client.get("/claims", params={"ids": str(tank["id"])},
                      headers={"accept": "text/html"}).text
    assert "superseded by run" in page and f"/claims?ids={was['superseded']['by']}" in page

"""Export (CSV, JSON Lines, Parquet; claims, events, articles, ledger, UCDP) and the way back
(Parquet import), plus the store's CLI commands, over real stores."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from warledger.commands import store as store_commands
from warledger.export import (CLAIM_COLUMNS, LEDGER_COLUMNS, UCDP_COLUMNS, claims_table, export,
                              import_path)
from warledger.records import (Article, Claim, Count, Event, Location, PartyRef, Period, Target)
from warledger.store import open_store
from warledger.store.base import Analysis, Query


def claim(article: str, claimant: str, side: str, target: str, category: str, value: int | None,
          kind: str = "killed", **kw: Any) -> Claim:
    return Claim(article=article, sentence=f"{claimant} says {value} {category} {kind}.",
                 span=(0, 20), claimant=PartyRef(claimant, claimant, side), stance="assert",
                 kind=kind, target=Target(target, target, category), perpetrator=None,
                 count=Count(value, "exact", str(value)), **kw)


def fill(store: Any) -> None:
    text = " ".join(f"Line {i} of the report on the shelling of the town." for i in range(10))
    a1 = Article(id="id-1", name="first", text=text, outlet="Trend", published="2020-09-29",
                 title="Shelling")
    a2 = Article(id="id-2", name="second", text="Another report. " * 20, outlet="Armenpress",
                 published="2020-09-30")
    ev = Event(article="first", sentence="Germany called for a ceasefire.", span=(0, 31),
               type="REQUEST", mode=None, context="ceasefire", actor=PartyRef("Germany", "DEU", "THIRD"),
               recipient=(PartyRef("Azerbaijan", "AZE", "AZE"), PartyRef("Armenia", "ARM", "ARM")),
               claimant=PartyRef(None, None, "UNKNOWN"), stance="assert", modality="fact")
    store.put_batch([
        Analysis(a1, (claim("first", "AZE", "AZE", "AZE", "civilians", 12,
                            location=Location("Tartar", "Tartar", "AZE", 40.34, 46.93, "town"),
                            period=Period("2020-09-27", "2020-09-29", True, "since Sunday")),
                      claim("first", "AZE", "AZE", "ARM", "tank", 6, kind="destroyed")),
                 (ev,), conflict="karabakh"),
        Analysis(a2, (claim("second", "NKR", "ARM", "ARM", "military", 53),
                      claim("second", "ARM", "ARM", "AZE", "civilians", None)), conflict="karabakh"),
    ])


def test_claims_in_three_formats(store: Any, tmp_path: Path) -> None:
    fill(store)
    n = export(store, "claims", "parquet", str(tmp_path / "c.parquet"))
    table = pq.read_table(tmp_path / "c.parquet")
    assert n == 4 and table.num_rows == 4
    assert tuple(table.column_names) == CLAIM_COLUMNS
    rows = table.to_pylist()
    assert rows[0]["location_name"] == "Tartar" and rows[0]["period_cumulative"] is True
    assert rows[0]["outlet"] == "Trend" and rows[0]["conflict"] == "karabakh"
    assert rows[3]["count_value"] is None
    export(store, "claims", "csv", str(tmp_path / "c.csv"))
    with open(tmp_path / "c.csv", newline="", encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    assert [r["count_value"] for r in got] == ["12", "6", "53", ""]
    export(store, "claims", "jsonl", str(tmp_path / "c.jsonl"), Query(side="ARM", limit=0))
    lines = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert [r["count_value"] for r in lines] == [6, 53]


def test_claims_table_takes_records_and_dicts() -> None:
    c = claim("x", "AZE", "AZE", "AZE", "military", 3)
    t = claims_table([c, {**c.to_dict(), "id": 9, "outlet": "Trend"}])
    assert t.column("count_value").to_pylist() == [3, 3]
    assert t.column("id").to_pylist() == [None, 9]
    assert t.column("claimant_side").to_pylist() == ["AZE", "AZE"]


def test_parquet_round_trip_is_idempotent(store: Any, tmp_path: Path) -> None:
    fill(store)
    out = tmp_path / "dump"
    for what in ("articles", "claims", "events"):
        export(store, what, "parquet", str(out / f"{what}.parquet"))
    (out / "notes.parquet").write_bytes(b"not parquet")
    target = open_store(str(tmp_path / "copy.duckdb"))
    try:
        first = import_path(str(out), target)
        assert (first.articles, first.claims, first.events) == (2, 4, 1)
        assert len(first.errors) == 1 and "notes.parquet" in first.errors[0]
        again = import_path(str(out), target)
        assert (again.articles, again.duplicates, again.claims) == (0, 2, 0)
        strip = ("id", "article_id", "cluster", "source_key")
        mine = [{k: v for k, v in c.items() if k not in strip} for c in store.claims(Query())]
        theirs = [{k: v for k, v in c.items() if k not in strip} for c in target.claims(Query())]
        def key(c: dict[str, Any]) -> tuple[str, str]:
            return c["article"], c["sentence"]
        assert sorted(theirs, key=key) == sorted(mine, key=key)
        [ev] = target.events(Query())
        assert [r["party"] for r in ev["recipient"]] == ["AZE", "ARM"]
        assert target.article("first")["text"] == store.article("first")["text"]
    finally:
        target.close()


def test_ledger_and_ucdp_exports(store: Any, tmp_path: Path) -> None:
    fill(store)
    export(store, "ledger", "parquet", str(tmp_path / "l.parquet"))
    ledger = pq.read_table(tmp_path / "l.parquet")
    assert tuple(ledger.column_names) == LEDGER_COLUMNS
    export(store, "ucdp", "jsonl", str(tmp_path / "u.jsonl"))
    rows = [json.loads(x) for x in (tmp_path / "u.jsonl").read_text().splitlines()]
    assert all(tuple(r) == UCDP_COLUMNS for r in rows)
    by_key = {(r["side"], r["date_start"]): r for r in rows}
    assert sorted(by_key) == [("ARM", "2020-09-30"), ("AZE", "2020-09-29"), ("AZE", "2020-09-30")]
    aze = by_key[("AZE", "2020-09-29")]
    assert (aze["deaths_civilians"], aze["low"], aze["best"], aze["high"]) == (12, 12, 12, 12)
    arm = by_key[("ARM", "2020-09-30")]
    assert (arm["deaths_military"], arm["low"], arm["number_of_sources"]) == (53, 53, 1)
    vague = by_key[("AZE", "2020-09-30")]  # Armenia's "civilians killed", no number
    assert vague["best"] is None and len(vague["claim_ids"]) == 1


def _cli() -> typer.Typer:
    app = typer.Typer()
    store_commands.register(app)
    return app


def test_cli_ledger_claims_export(store_url: str, tmp_path: Path) -> None:
    s = open_store(store_url)
    fill(s)
    s.close()
    runner = CliRunner()
    app = _cli()
    res = runner.invoke(app, ["ledger", "--db", store_url, "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    mil = next(r for r in rows if (r["side"], r["category"]) == ("ARM", "military"))
    for key in ("conflict", "side", "kind", "category", "period", "admitted", "adversary",
                "third_party", "low", "best", "high", "contradictions", "independent_sources",
                "claim_ids"):
        assert key in mil
    assert mil["admitted"]["low"] == 53 and mil["admitted"]["claim_ids"] == mil["claim_ids"]
    res = runner.invoke(app, ["claims", "--db", store_url, "--format", "jsonl",
                              *[x for i in mil["claim_ids"] for x in ("--id", str(i))]])
    assert res.exit_code == 0, res.output
    [c] = [json.loads(x) for x in res.stdout.splitlines()]
    assert c["sentence"] == "NKR says 53 military killed." and c["outlet"] == "Armenpress"
    assert runner.invoke(app, ["claims", "--db", store_url, "--id", "99999"]).exit_code == 1
    res = runner.invoke(app, ["ledger", "--db", store_url, "--format", "csv", "--by", "day"])
    assert res.exit_code == 0 and res.stdout.splitlines()[0].split(",")[:5] == [
        "conflict", "side", "kind", "category", "period_bucket"]
    res = runner.invoke(app, ["ledger", "--db", store_url])
    assert res.exit_code == 0 and "karabakh" in res.stdout
    assert runner.invoke(app, ["ledger", "--db", store_url, "--by", "year"]).exit_code == 2
    assert runner.invoke(app, ["export", "--db", store_url, "--what", "nope"]).exit_code == 2
    out = tmp_path / "claims.csv"
    res = runner.invoke(app, ["export", "--db", store_url, "--what", "claims", "--format", "csv",
                              "--output", str(out)])
    assert res.exit_code == 0 and len(out.read_text().splitlines()) == 5
    res = runner.invoke(app, ["articles", "--db", store_url, "--format", "jsonl"])
    assert [json.loads(x)["name"] for x in res.stdout.splitlines()] == ["second", "first"]
    res = runner.invoke(app, ["import", str(tmp_path / "missing"), "--db", store_url])
    assert res.exit_code == 2

"""A store written by the previous warledger (schema v10: ``qualifier``, ``cumulative``, the
place as one JSON ``location``) upgraded in place to the one flat layout of a claim
(v11, ``warledger.columns``), on DuckDB and on PostgreSQL.

The v10 store is what that version wrote (tests/store_v10.py): the upgrade must keep
every value, answer what the old version answered (claims, ledgers, the CSV export), and a
migration that fails midway must leave the store exactly as it was.
"""
from __future__ import annotations

import json
from typing import Any

import pytest

from store_v10 import fixture, load_v10, table_rows, tables_at

from warledger import columns
from warledger.errors import StoreError
from warledger.records import Analysis, Article, Claim, Count, Location, PartyRef, Target
from warledger.store import open_reader, open_store, summary
from warledger.store.base import Query
from warledger.store.schema import LATEST

PLACE = ("text", "name", "country", "lat", "lon", "precision")
RENAMED = {"qualifier": "count_qualifier", "cumulative": "period_cumulative"}


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_the_fixture_is_a_v10_store_with_every_part_of_a_claim() -> None:
    dump = fixture()
    cols = dump["tables"]["claims"]["columns"]
    assert {"qualifier", "cumulative", "location"} <= set(cols)
    assert not {"count_qualifier", "location_text"} & set(cols)
    rows = [dict(zip(cols, r)) for r in dump["tables"]["claims"]["rows"]]
    places = [json.loads(r["location"]) for r in rows if r["location"]]
    assert any(p["lat"] is not None for p in places) and any(p["name"] is None for p in places)
    assert any('"' in p["text"] and p["lon"] < 0 for p in places)
    assert any(r["cumulative"] for r in rows) and {r["qualifier"] for r in rows} - {"exact"}
    assert any(r["contradictions"] for r in dump["answers"]["ledger"])


def test_a_v10_store_is_upgraded_in_place_with_every_value(store_url: str) -> None:
    dump = fixture()
    load_v10(store_url)
    store = open_reader(store_url)  # as `warledger ledger` opens it: it migrates first
    try:
        assert store.version() == LATEST
        cols, got = table_rows(store, "claims")
        assert set(columns.TABLE_NAMES) <= set(cols)
        assert not {"qualifier", "cumulative", "location"} & set(cols)
        new = {r[cols.index("id")]: dict(zip(cols, r)) for r in got}
        old_cols = dump["tables"]["claims"]["columns"]
        old = [dict(zip(old_cols, r)) for r in dump["tables"]["claims"]["rows"]]
        assert sorted(new) == sorted(r["id"] for r in old)
        for r in old:
            row = new[r["id"]]
            place = json.loads(r["location"]) if r["location"] else {}
            for k, v in r.items():
                if k == "location":
                    assert {p: row[f"location_{p}"] for p in PLACE} == \
                        {p: place.get(p) for p in PLACE}, r["id"]
                else:
                    assert row[RENAMED.get(k, k)] == v, (r["id"], k)
        # every other table as it was
        for table, t in dump["tables"].items():
            if table in ("claims", "ledger_cells", "ledger_sources", "ledger_summary"):
                continue
            cols_, rows_ = table_rows(store, table)
            assert cols_ == t["columns"], table
            assert rows_ == sorted((tuple(r) for r in t["rows"]),
                                   key=lambda r: tuple((v is None, str(v)) for v in r)), table
        # the same answers as the version that wrote it
        from warledger.ledger import LedgerQuery, build_ledger

        answers = dump["answers"]
        assert _json(store.claims(Query(limit=0))) == answers["claims"]
        assert summary.fresh(store.db)  # rebuilt from the new columns
        assert _json([r.to_dict() for r in build_ledger(store, LedgerQuery())]) == answers["ledger"]
        assert _json([r.to_dict() for r in build_ledger(store, LedgerQuery(by="month"))]) == \
            answers["ledger_by_month"]
        assert _json([r.to_dict() for r in build_ledger(
            store, LedgerQuery(by="day", exact=True))]) == answers["ledger_exact_by_day"]
    finally:
        store.close()


def test_the_upgraded_store_exports_what_the_old_one_did(store_url: str, tmp_path) -> None:
    from warledger.export import export

    load_v10(store_url)
    store = open_store(store_url)
    try:
        export(store, "claims", "csv", str(tmp_path / "claims.csv"))
        assert (tmp_path / "claims.csv").read_text(encoding="utf-8") == \
            fixture()["answers"]["claims_csv"]
        # and takes new claims in the new columns
        a = Article(id="id-after", name="after", text="Nine soldiers were killed in Mirvat.")
        c = Claim(article="after", sentence=a.text, span=(0, len(a.text)),
                  claimant=PartyRef(None, None, "UNKNOWN"), stance="assert", kind="killed",
                  target=Target(None, "UNKNOWN", "military"), perpetrator=None,
                  count=Count(9, "about", "nine"),
                  location=Location("Mirvat", "Mirvat", "XMV", 48.05, 67.1, "town"))
        store.put_batch([Analysis(a, (c,))])
        [got] = store.claims(Query(article="after"))
        assert got["location"] == c.location.to_dict() and got["count"]["qualifier"] == "about"
    finally:
        store.close()


def test_a_failing_upgrade_leaves_the_v10_store_as_it_was(store_url: str) -> None:
    load_v10(store_url)
    old = open_store(store_url, migrate=False)
    try:
        [(cid, place)] = old.execute("SELECT id, location FROM claims WHERE location IS NOT NULL "
                                     "ORDER BY id LIMIT 1")
        # a place that is not JSON: the upgrade's last statements would fail on it
        old.execute("UPDATE claims SET location = ? WHERE id = ?", [place[:-3], cid])
        before = {t: table_rows(old, t) for t in sorted(tables_at(old))}
    finally:
        old.close()
    with pytest.raises(StoreError, match="migration to schema v11 failed"):
        open_store(store_url)
    again = open_store(store_url, migrate=False)
    try:
        assert again.version() == 10
        assert {t: table_rows(again, t) for t in sorted(tables_at(again))} == before
        again.execute("UPDATE claims SET location = ? WHERE id = ?", [place, cid])
    finally:
        again.close()
    fixed = open_store(store_url)  # mended, it upgrades
    try:
        assert fixed.version() == LATEST
        assert _json(fixed.claims(Query(limit=0))) == fixture()["answers"]["claims"]
    finally:
        fixed.close()

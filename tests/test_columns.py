"""One flat layout of a claim (``warledger.columns``) behind every table: the store's SQL
rows, export's Parquet and CSV, Spark's output and the API's CSV.

Claims are the demo corpus's, extracted for real, so every part a claim can have (a
place with coordinates, a period, a perpetrator, a qualifier) is exercised.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from warledger import columns
from warledger.export import CLAIM_COLUMNS, CLAIM_SCHEMA, claims_table
from warledger.options import Options
from warledger.records import Analysis, Article
from warledger.store import rows

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def analyses() -> list[Analysis]:
    from warledger.analyze import analyze_many
    from warledger.ingest import read_articles

    articles = [a for a in read_articles([str(ROOT / "demo")], Options()) if isinstance(a, Article)]
    return list(analyze_many(articles, Options()))


def _claims(analyses: list[Analysis]):
    return [c for an in analyses for c in an.claims]


def test_the_claims_cover_every_part_of_the_layout(analyses) -> None:
    claims = _claims(analyses)
    assert len(claims) > 30
    assert any(c.location and c.location.lat is not None for c in claims)
    assert any(c.period and c.period.cumulative for c in claims)
    assert any(c.perpetrator for c in claims)
    assert {c.count.qualifier for c in claims} - {"exact"}


def test_export_spark_and_the_store_take_their_columns_from_the_spec(store: Any) -> None:
    assert CLAIM_COLUMNS == columns.CLAIM_NAMES
    assert [f.name for f in CLAIM_SCHEMA] == list(columns.CLAIM_NAMES)
    # the claims table has a column of the spec's name for each of its table columns
    # (on both engines, after every migration), the store's own besides
    kept = set(columns.TABLE_NAMES)
    assert kept == set(columns.CLAIM_NAMES) - {"published", "cluster"}
    assert kept <= set(rows.CLAIM_COLUMNS)
    got = {r[0]: r[1] for r in store.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = "
        "'claims' AND table_schema = current_schema()")}
    assert set(rows.CLAIM_COLUMNS) <= set(got)
    sql_type = {"str": ("TEXT", "VARCHAR", "CHARACTER VARYING"),
                "int": ("BIGINT", "INTEGER"), "float": ("DOUBLE", "DOUBLE PRECISION"),
                "bool": ("BOOLEAN",)}
    for col in columns.CLAIM:
        if col.table:
            assert got[col.name].upper() in sql_type[col.type], (col.name, got[col.name])
    assert not {"qualifier", "cumulative", "location"} & set(got)


def test_flat_and_back_is_the_same_claim(analyses) -> None:
    for claim in _claims(analyses):
        flat = columns.flatten_claim(claim)
        assert list(flat) == list(columns.CLAIM_NAMES)
        assert columns.claim_from_flat(flat) == claim
        # the JSON form and back: the record's own parts, nested as to_dict nests them
        nested = columns.nest_claim(flat)
        assert {k: nested[k] for k in claim.to_dict()} == claim.to_dict()
        assert columns.flatten_claim(columns.nest_claim(flat)) == flat


def test_parquet_and_the_store_agree_on_each_claim(analyses, tmp_path: Path) -> None:
    from warledger.store import open_store
    from warledger.store.base import Query

    store = open_store(str(tmp_path / "w.duckdb"))
    try:
        store.put_batch(analyses)
        stored = store.claims(Query(limit=0))
    finally:
        store.close()
    table = claims_table(stored).to_pylist()
    assert len(table) == len(_claims(analyses))
    by_sentence = {(c.article, c.span, c.kind, c.target.category): c for c in _claims(analyses)}
    for row in table:
        original = by_sentence[(row["article"], (row["span_start"], row["span_end"]),
                                row["kind"], row["category"])]
        assert columns.claim_from_flat(row) == original
        assert row["id"] > 0 and row["day"] and row["published"]


def test_the_api_csv_of_claims_has_exports_column_names(analyses, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from warledger.web.app import create_app
    from warledger.store import open_store

    store = open_store(str(tmp_path / "w.duckdb"))
    try:
        store.put_batch(analyses)
        with TestClient(create_app(Options(db=store.url), store)) as client:
            resp = client.get("/api/claims?format=csv&limit=500")
    finally:
        store.close()
    assert resp.status_code == 200, resp.text
    got = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(got) == len(_claims(analyses))
    header = list(got[0])
    assert header[:len(CLAIM_COLUMNS)] == list(CLAIM_COLUMNS)
    assert not [h for h in header if "." in h]

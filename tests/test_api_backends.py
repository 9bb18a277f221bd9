"""The same API answers on both stores: a DuckDB file and a real PostgreSQL server
(the conftest ``store`` fixture runs each test once per backend)."""
from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from test_api_data import analyses
from warledger.web.app import create_app
from warledger.options import Options


def test_filters_links_and_csv_on_each_backend(store: Any) -> None:
    store.put_batch(analyses())
    client = TestClient(create_app(Options(db=store.url), store))
    body = client.get("/api/claims?kind=killed&claimant=AZE&since=2020-09-28").json()
    assert body["total"] == 2
    assert {c["article"] for c in body["items"]} == {"demo-one", "demo-hostile"}
    evidence = client.get(body["items"][0]["evidence_url"])
    assert evidence.status_code == 200 and 'class="sent evidence"' in evidence.text
    assert client.get("/api/claims?format=csv&q=tanks").text.count("\n") == 2
    assert client.get("/api/ledger?conflict=karabakh").status_code == 200
    assert client.get("/").status_code == 200

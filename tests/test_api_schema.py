"""The published OpenAPI document is valid and the API survives generated requests.

Schemathesis reads /openapi.json from the app in-process and, operation by operation,
sends requests Hypothesis generates from it (odd strings, huge numbers, missing
parameters). Whatever it sends, the server must answer without a 5xx, with JSON errors
in the documented ``{"error": ...}`` shape.
"""
from __future__ import annotations

from typing import Any, Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_api_data import analyses
from warledger.web.app import create_app
from warledger.options import Options
from warledger.store import open_store


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    store = open_store(str(tmp_path_factory.mktemp("schema") / "ledger.duckdb"))
    store.put_batch(analyses())
    app = create_app(Options(db=store.url, token="tok", max_body_bytes=20_000), store)
    # the app's start-up (with a token: the pipeline warmed) before the first request, as
    # under uvicorn: a cold POST /api/ingest no longer spends 20 s loading spaCy
    with TestClient(app):
        yield app
    store.close()


def test_openapi_document_is_valid(app: Any) -> None:
    doc = TestClient(app).get("/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    paths = set(doc["paths"])
    assert {"/api/articles", "/api/articles/{key}", "/api/claims", "/api/claims/{claim_id}",
            "/api/events", "/api/ledger", "/api/contradictions", "/api/ingest"} <= paths
    assert not any(p.startswith(("/claims", "/timeline", "/static")) for p in paths)  # pages aren't API
    claims = doc["paths"]["/api/claims"]["get"]
    names = {p["name"] for p in claims["parameters"]}
    assert {"conflict", "side", "claimant", "kind", "category", "outlet", "since", "until", "q",
            "limit", "offset", "format"} <= names
    err = claims["responses"]["422"]["content"]["application/json"]["schema"]
    assert err == {"$ref": "#/components/schemas/ErrorBody"}
    # schemathesis validates the document against the OpenAPI meta-schema when loading
    schema = schemathesis.openapi.from_dict(doc)
    assert len(list(schema.get_all_operations())) >= 10


def test_generated_requests_never_cause_a_server_error(app: Any) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    calls: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            if case.operation.method.upper() == "POST":
                case.headers = {**(case.headers or {}), "X-Token": "tok"}
            response = case.call()
            calls.append(case.operation.label)
            if response.status_code >= 500:
                failures.append(f"{case.operation.label} {case.path_parameters} {case.query}"
                                f" -> {response.status_code} {response.text[:200]}")
            elif response.status_code >= 400:
                assert "error" in response.json(), response.text

        run()
    assert not failures, "\n".join(failures[:10])
    assert len(set(calls)) >= 10 and len(calls) >= 100  # every operation was exercised


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(params=st.dictionaries(
    st.sampled_from(["conflict", "side", "claimant", "kind", "category", "outlet", "article",
                     "since", "until", "q", "limit", "offset", "format", "ids", "page"]),
    st.text(max_size=30), max_size=6),
    path=st.sampled_from(["/api/claims", "/api/events", "/api/articles", "/api/ledger",
                          "/api/contradictions", "/", "/claims", "/timeline", "/sources", "/map"]))
def test_any_filter_text_is_answered_without_5xx(app: Any, params: dict[str, str], path: str) -> None:
    resp = TestClient(app, raise_server_exceptions=False).get(path, params=params)
    assert resp.status_code < 500, (path, params, resp.text[:300])

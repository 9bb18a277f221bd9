"""No answer, page or log line shows the store's password, and no answer shows a server
path: every error path of the API and the dashboard, on PostgreSQL with a password in its
URL (the test server trusts loopback, so the password is carried but never checked) and
on a DuckDB file in a folder of its own."""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_api_data import analyses

from warledger.errors import StoreError
from warledger.options import Options
from warledger.store import open_store
from warledger.web.app import create_app

PASSWORD = "pw-Zq81-never-shown"
RECORDS = [{"id": "posted", "text": "The ministry said four soldiers were wounded."}]


def _with_password(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://postgres:{PASSWORD}@{rest.split('@', 1)[-1]}"


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    if request.param == "duckdb":
        url = str(tmp_path / "private-folder" / "ledger.duckdb")
    else:
        url = _with_password(request.getfixturevalue("pg_url"))
    store = open_store(url)
    store.put_batch(analyses())
    yield url, store
    store.close()


def _failing(message: str) -> Any:
    def fail(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise StoreError(message)
    return fail


def _crashing(message: str) -> Any:
    def crash(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(message)
    return crash


def test_no_error_path_shows_the_password_or_a_path(served: tuple[str, Any],
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    url, store = served
    secrets = [PASSWORD, str(Path(url).resolve().parent) if "://" not in url else PASSWORD,
               os.getcwd(), str(Path(__file__).resolve().parents[1])]
    app = create_app(Options(db=url, token="tok", max_body_bytes=400), store)
    client = TestClient(app, raise_server_exceptions=False)
    html = {"Accept": "text/html"}
    answers = []
    with caplog.at_level(logging.DEBUG):
        for path, headers in (("/api/articles/nope", {}), ("/articles/nope", html),
                              ("/api/claims/424242", {}), ("/api/events/424242", {}),
                              ("/no-such-page", html), ("/api/no-such", {}),
                              ("/api/claims?since=2020-13-45", {}), ("/claims?kind=bogus", html),
                              ("/api/claims?limit=-3", {}), ("/api/ledger?by=year", {}),
                              ("/report?conflict=none-such", html)):
            answers.append(client.get(path, headers=headers))
        answers.append(client.post("/api/ingest", json=RECORDS))  # 401
        answers.append(client.post("/api/ingest", json=[{"text": "x" * 900}],
                                   headers={"X-Token": "tok"}))  # 413
        answers.append(client.post("/api/ingest", content=b"{broken", headers={"X-Token": "tok"}))
        read_only = TestClient(create_app(Options(db=url), store), raise_server_exceptions=False)
        answers.append(read_only.post("/api/ingest", json=RECORDS))  # 403
        # the store failing, with its URL in the message (as a connection error carries it)
        from warledger.store.sqlstore import SqlStore
        monkeypatch.setattr(SqlStore, "claims", _failing(f"{url}: cannot connect to {url}"))
        monkeypatch.setattr(SqlStore, "count", _crashing(f"lost {url} at {Path(url).resolve()}"))
        for path, headers in (("/api/claims", {}), ("/claims", html), ("/api/health", {}),
                              ("/", html)):
            answers.append(client.get(path, headers=headers))
    statuses = {r.status_code for r in answers}
    assert {400, 401, 403, 404, 413, 422, 500, 503} <= statuses, statuses
    for resp in answers:
        shown = resp.text + " ".join(f"{k}: {v}" for k, v in resp.headers.items())
        for secret in secrets:
            assert secret not in shown, (resp.request.url, resp.status_code, resp.text[:300])
        assert "Traceback" not in resp.text
    assert any("the store" in r.text for r in answers if r.status_code == 503)
    assert "RuntimeError" in caplog.text  # the log names the failure ...
    assert PASSWORD not in caplog.text  # ... never the password
    if "://" not in url:
        assert str(Path(url).resolve()) not in caplog.text

"""Schema and behaviour agree: what the OpenAPI document says a parameter takes is what the
server accepts; ``q`` is searched as written (``%`` and ``_`` literal); a date with junk
after it is refused, not cut; and two ingests posted at once answer counts that agree with
their own reports, with every article stored once (PostgreSQL, the shared store)."""
from __future__ import annotations

import json
import re
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_api_data import _article, _claim, analyses

from warledger.options import Options
from warledger.records import CATEGORIES, KINDS
from warledger.store import open_store
from warledger.store.base import Analysis, Query
from warledger.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = open_store(str(tmp_path_factory.mktemp("agree") / "a.duckdb"))
    store.put_batch(analyses())
    yield TestClient(create_app(Options(db=store.url), store))
    store.close()


def _param(doc: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    return next(p for p in doc["paths"][path]["get"]["parameters"] if p["name"] == name)


def test_the_schema_lists_kinds_and_categories_and_each_is_accepted(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    for path in ("/api/claims", "/api/ledger", "/api/events", "/api/claims/facets"):
        assert _param(doc, path, "kind")["schema"]["enum"] == list(KINDS)
        assert _param(doc, path, "category")["schema"]["enum"] == list(CATEGORIES)
    for kind in KINDS:
        assert client.get(f"/api/claims?kind={kind}").status_code == 200, kind
        assert client.get(f"/api/ledger?kind={kind}").status_code == 200, kind
    for category in CATEGORIES:
        assert client.get(f"/api/claims?category={category}").status_code == 200, category
    assert client.get("/api/claims?kind=Killed").json()["total"] == 5  # any case, as said
    assert client.get("/api/claims?kind=bombed").status_code == 400  # not in the list
    since = _param(doc, "/api/claims", "since")["schema"]["pattern"]
    for value, ok in (("2020-09-28", True), ("2020-09-28T08:30:00Z", True),
                      ("2020-09-28junk", False)):
        assert bool(re.fullmatch(since, value)) is ok
        assert (client.get("/api/claims", params={"since": value}).status_code == 200) is ok
    assert _param(doc, "/api/ledger", "by")["schema"]["enum"] == ["day", "week", "month", "all"]


def test_the_schema_refuses_empty_text_and_so_does_the_server(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "w.duckdb"))
    try:
        client = TestClient(create_app(Options(db=store.url, token="t"), store))
        record = client.get("/openapi.json").json()["components"]["schemas"]["ArticleRecord"]
        text = record["properties"]["text"]
        assert "text" in record["required"] and text["minLength"] == 1
        for empty in ("", "   "):
            resp = client.post("/api/ingest", json=[{"text": empty}], headers={"X-Token": "t"})
            assert resp.status_code == 422 and "record 1" in resp.json()["error"], resp.text
        assert store.count("articles", Query()) == 0
    finally:
        store.close()


def test_dates_with_junk_after_them_are_refused(client: TestClient) -> None:
    for bad in ("2020-09-28junk", "2020-09-28 and more", "2020-09-2", "2020-09-28T25"):
        resp = client.get("/api/claims", params={"since": bad})
        assert resp.status_code == 400 and "since" in resp.json()["error"], bad
        assert client.get("/api/ledger", params={"until": bad}).status_code == 400, bad
    assert client.get("/api/claims?since=2020-09-29").json()["total"] == 4
    # a datetime is its day
    assert client.get("/api/claims", params={"since": "2020-09-29T08:30:00Z"}).json()["total"] == 4


def test_percent_and_underscore_in_q_are_literal(store: Any) -> None:
    """On both stores: ``%`` and ``_`` match only themselves, in claims, events, articles
    and the ledger."""
    text = ("Percentages\n\nOfficials said 10% of the 40 soldiers were wounded in unit_7. "
            "Officials said 100 soldiers were wounded near the river.")
    art = _article("demo-percent", text, outlet="Test Wire", published="2020-10-01")
    s1 = "Officials said 10% of the 40 soldiers were wounded in unit_7."
    s2 = "Officials said 100 soldiers were wounded near the river."
    claims = (_claim(art, s1, ("Officials", "ARM", "ARM"), "wounded", ("ARM", "ARM", "military"),
                     4, "10% of the 40"),
              _claim(art, s2, ("Officials", "ARM", "ARM"), "wounded", ("ARM", "ARM", "military"),
                     100, "100"))
    store.put_batch(analyses() + [Analysis(art, claims, (), conflict="karabakh")])
    client = TestClient(create_app(Options(db=store.url), store))

    def total(path: str, q: str) -> int:
        return int(client.get(path, params={"q": q}).json()["total"])

    assert total("/api/claims", "10%") == 1  # not also "100 soldiers"
    assert total("/api/claims", "10") == 2
    assert total("/api/claims", "unit_7") == 1 and total("/api/claims", "unit_") == 1
    assert total("/api/claims", "%") == 1 and total("/api/claims", "_") == 1
    assert total("/api/claims", "%%") == 0 and total("/api/claims", "__") == 0
    assert total("/api/articles", "_") == 1 and total("/api/articles", "10%") == 1
    assert total("/api/events", "%") == 0
    ledger = client.get("/api/ledger", params={"q": "10%", "by": "all"}).json()["items"]
    assert sum(len(r["claim_ids"]) for r in ledger) == 1


RECORD_TEXT = ("The defence ministry said {n} soldiers were wounded near Talish on Monday, "
               "and that {m} vehicles were destroyed in the fighting around the village.")


@pytest.mark.postgres
def test_two_ingests_at_once_agree_with_their_reports(pg_url: str) -> None:
    """Two POST /api/ingest at once, 15 articles in common (45 in all): each answer's
    counts are its report's, and the store holds every article once."""
    import socket
    import time

    import uvicorn

    records = [{"id": f"post-{i:02d}", "title": f"Report {i}",
                "text": RECORD_TEXT.format(n=i + 3, m=i + 1), "published": "2020-10-05"}
               for i in range(45)]
    first, second = records[:30], records[15:]
    store = open_store(pg_url)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Options(db=pg_url, token="tok"), store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    answers: dict[int, Any] = {}
    try:
        deadline = time.monotonic() + 120  # the start-up warms the pipeline
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server.started
        go = threading.Barrier(2)

        def post(k: int, body: list[dict[str, Any]]) -> None:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/ingest",
                                         data=json.dumps(body).encode(), method="POST",
                                         headers={"X-Token": "tok",
                                                  "Content-Type": "application/json"})
            go.wait()
            with urllib.request.urlopen(req, timeout=300) as r:
                answers[k] = (r.status, json.loads(r.read()))

        posts = [threading.Thread(target=post, args=(k, b)) for k, b in ((1, first), (2, second))]
        for t in posts:
            t.start()
        for t in posts:
            t.join(timeout=400)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    try:
        assert set(answers) == {1, 2}
        for status, body in answers.values():
            assert status == 201
            report = body["report"]
            assert (body["stored"], body["duplicates"]) == (report["stored"], report["duplicates"])
            assert body["stored"] + body["duplicates"] == 30
            listed = [a["status"] for a in body["articles"]]
            assert listed.count("stored") == body["stored"]
        assert answers[1][1]["stored"] + answers[2][1]["stored"] == 45
        assert store.count("articles", Query()) == 45
        ids = [r[0] for r in store.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == 45
    finally:
        store.close()

"""The REST API over a real DuckDB store filled with hand-built analyses.

What matters to users: filters return the right claims, every claim links to its article
and evidence sentence, pages and CSV work, writes need the token, and every failure is a
short JSON error (never a stack trace).
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from fastapi.testclient import TestClient

from test_api_data import HOSTILE_TITLE, analyses
from warledger.web.app import create_app
from warledger.options import Options
from warledger.store import open_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path = tmp_path_factory.mktemp("api") / "ledger.duckdb"
    st = open_store(str(path))
    st.put_batch(analyses())
    yield st
    st.close()


@pytest.fixture(scope="module")
def client(store: Any) -> TestClient:
    return TestClient(create_app(Options(db=store.url), store))


def items(resp: Any) -> list[dict[str, Any]]:
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


# --------------------------------------------------------------------------- reading


def test_claims_filters_select_what_users_ask_for(client: TestClient) -> None:
    assert client.get("/api/claims").json()["total"] == 7
    killed = items(client.get("/api/claims?kind=killed"))
    assert {c["kind"] for c in killed} == {"killed"} and len(killed) == 5
    by_aze = items(client.get("/api/claims?claimant=aze"))  # codes are case-insensitive
    assert {c["claimant"]["side"] for c in by_aze} == {"AZE"} and len(by_aze) == 3
    on_aze = items(client.get("/api/claims?side=AZE"))
    assert [c["count"]["value"] for c in on_aze] == [40]
    tanks = items(client.get("/api/claims?category=tank"))
    assert [c["article"] for c in tanks] == ["demo-four"]
    ararat = items(client.get("/api/claims?outlet=Ararat%20Daily"))
    assert {c["article"] for c in ararat} == {"demo-two"}
    search = items(client.get("/api/claims?q=Martakert"))
    assert [c["claimant"]["side"] for c in search] == ["THIRD"]


def test_date_range_filters(client: TestClient) -> None:
    late = items(client.get("/api/claims?since=2020-09-30"))
    assert {c["article"] for c in late} == {"demo-hostile", "demo-four"}
    early = items(client.get("/api/claims?until=2020-09-28"))
    assert early and all(c["article"] == "demo-one" for c in early)
    assert client.get("/api/claims?since=2020-10-01").json()["total"] == 0


def test_each_claim_links_to_article_and_evidence(client: TestClient) -> None:
    claim = items(client.get("/api/claims?q=tanks"))[0]
    links = claim["links"]
    assert links["self"] == f"/api/claims/{claim['id']}"
    article = client.get(links["article"]).json()
    assert article["name"] == "demo-four"
    a, b = claim["span"]
    assert article["text"][a:b] == claim["sentence"]
    assert claim["evidence_url"] == links["evidence"]
    assert claim["evidence_url"].startswith(f"/articles/{claim['article_id']}?claim={claim['id']}")
    page = client.get(claim["evidence_url"])
    assert page.status_code == 200
    assert 'class="sent evidence"' in page.text and f'id="claim-{claim["id"]}"' in page.text
    assert client.get(links["self"]).json()["sentence"] == claim["sentence"]


def test_article_lists_its_claims_and_events(client: TestClient) -> None:
    art = client.get("/api/articles/demo-one").json()
    assert art["title"] == "Border clashes enter second day"
    assert len(art["claims"]) == 3 and len(art["events"]) == 1
    assert art["events"][0]["type"] == "ASSAULT"
    listed = items(client.get("/api/articles?outlet=Caspian%20Wire"))
    assert {a["name"] for a in listed} == {"demo-one", "demo-four"}
    assert all("text" not in a for a in listed)  # lists stay light; one article has its text


def test_pagination_pages_through_everything(client: TestClient) -> None:
    first = client.get("/api/claims?limit=3").json()
    assert first["total"] == 7 and len(first["items"]) == 3 and first["next"]
    seen = [c["id"] for c in first["items"]]
    nxt = first["next"]
    while nxt:
        page = client.get(nxt).json()
        seen += [c["id"] for c in page["items"]]
        nxt = page["next"]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 7
    assert client.get("/api/claims?limit=1001").status_code == 422
    assert client.get("/api/claims?offset=-1").status_code == 422


def test_claims_by_id_sorted_and_faceted(client: TestClient) -> None:
    everything = items(client.get("/api/claims"))
    some = [c["id"] for c in everything[:3]]
    picked = items(client.get("/api/claims", params={"ids": ",".join(map(str, some))}))
    assert sorted(c["id"] for c in picked) == sorted(some)
    assert client.get("/api/claims?ids=1,x").status_code == 400
    by_count = items(client.get("/api/claims?kind=killed&sort=-count"))
    values = [c["count"]["value"] for c in by_count]
    numbers = [v for v in values if v is not None]
    assert numbers == sorted(numbers, reverse=True) and values[-1] is None  # no number last
    second = client.get("/api/claims?kind=killed&sort=-count&limit=2&offset=2").json()
    assert [c["id"] for c in second["items"]] == [c["id"] for c in by_count[2:4]]
    assert second["total"] == len(by_count)
    assert client.get("/api/claims?sort=colour").status_code == 400
    facets = client.get("/api/claims/facets?kind=killed").json()
    assert facets["total"] == len(by_count)
    for name, facet in facets["facets"].items():
        assert sum(v["count"] for v in facet["values"]) == facets["total"]
        for v in facet["values"]:
            if v["value"] is not None:  # each count is what the filter on that value gives
                got = client.get("/api/claims", params={"kind": "killed", name: v["value"]})
                assert got.json()["total"] == v["count"], (name, v)


def test_csv_output(client: TestClient) -> None:
    resp = client.get("/api/claims?kind=killed&format=csv")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 5
    assert {"claimant_side", "count_value", "category", "evidence_url", "sentence"} <= set(rows[0])
    assert "period" not in rows[0]  # a sometimes-null object keeps only its sub-columns
    values = {r["count_value"] for r in rows}
    assert {"14", "3", "40", "20", ""} == values


def test_csv_defuses_spreadsheet_formulas() -> None:
    from warledger.web.api import to_csv
    text = to_csv([{"title": "=HYPERLINK(\"x\")", "n": -3, "neg": "-4"}])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["title"].startswith("'=") and row["n"] == "-3" and row["neg"] == "-4"


def test_events_endpoint(client: TestClient) -> None:
    ev = items(client.get("/api/events"))
    assert len(ev) == 1 and ev[0]["links"]["evidence"].startswith("/articles/")
    assert client.get(f"/api/events/{ev[0]['id']}").json()["type"] == "ASSAULT"


def test_ledger_and_contradictions(client: TestClient) -> None:
    rows = items(client.get("/api/ledger?conflict=karabakh&limit=1000"))
    assert rows and all({"side", "kind", "category", "low", "best", "high"} <= set(r) for r in rows)
    killed_arm = [r for r in rows if r["side"] == "ARM" and r["kind"] == "killed"]
    assert killed_arm
    resp = client.get("/api/contradictions")
    assert resp.status_code == 200 and isinstance(resp.json()["items"], list)
    assert client.get("/api/ledger?format=csv").status_code == 200


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("url, status, words", [
    ("/api/claims?kind=bombed", 400, "kind"),
    ("/api/claims?category=spaceship", 400, "category"),
    ("/api/claims?since=yesterday", 400, "since"),
    ("/api/claims?since=2020-09-28junk", 400, "since"),
    ("/api/claims?since=2020-10-02&until=2020-10-01", 400, "after"),
    ("/api/claims?limit=0", 422, "limit"),
    ("/api/claims?format=xml", 422, "format"),
    ("/api/claims/424242", 404, "424242"),
    ("/api/claims/abc", 422, "claim_id"),
    ("/api/articles/no-such-article", 404, "no-such-article"),
    ("/api/nothing-here", 404, "nothing-here"),
])
def test_errors_are_short_json(client: TestClient, url: str, status: int, words: str) -> None:
    resp = client.get(url)
    assert resp.status_code == status
    body = resp.json()
    assert set(body) == {"error"} and words in body["error"]
    assert "Traceback" not in resp.text


def test_unexpected_errors_are_generic_500(store: Any, monkeypatch: pytest.MonkeyPatch,
                                           caplog: pytest.LogCaptureFixture) -> None:
    """A read that fails unexpectedly: the answer is generic and neither it nor the log
    line shows the secret the failure carried."""
    from warledger.store.sqlstore import SqlStore

    def broken(self: Any, q: Any) -> list[dict[str, Any]]:
        raise RuntimeError("secret connection string postgres://admin:hunter2@db")

    monkeypatch.setattr(SqlStore, "claims", broken)
    client = TestClient(create_app(Options(db=store.url), store), raise_server_exceptions=False)
    with caplog.at_level("ERROR"):
        resp = client.get("/api/claims")
        page = client.get("/claims", headers={"Accept": "text/html"})
    assert resp.status_code == 500 and page.status_code == 500
    assert resp.json() == {"error": "internal error: the server log has the details"}
    assert "default-src 'self'" in resp.headers["content-security-policy"]
    assert "RuntimeError" in caplog.text  # the log has the details...
    for text in (resp.text, page.text, caplog.text):
        assert "hunter2" not in text  # ...but never the password


# --------------------------------------------------------------------------- writes


RECORDS = [{"id": "posted-one", "title": "A post",
            "text": "The ministry said four soldiers were wounded on Monday.",
            "published": "2020-10-05", "outlet": "Test Post"}]


def test_writes_are_refused_without_a_configured_token(client: TestClient) -> None:
    resp = client.post("/api/ingest", json=RECORDS)
    assert resp.status_code == 403 and "read-only" in resp.json()["error"]


@pytest.fixture()
def writable(tmp_path: Path) -> Iterator[TestClient]:
    st = open_store(str(tmp_path / "w.duckdb"))
    yield TestClient(create_app(Options(db=st.url, token="s3cret", max_body_bytes=2000), st))
    st.close()


def test_writes_need_the_right_token(writable: TestClient) -> None:
    assert writable.post("/api/ingest", json=RECORDS).status_code == 401
    wrong = writable.post("/api/ingest", json=RECORDS, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "token" in wrong.json()["error"]
    assert writable.post("/api/ingest", json=RECORDS, headers={"X-Token": "nope"}).status_code == 401


def test_bodies_over_the_limit_are_refused(writable: TestClient) -> None:
    big = [{"text": "x" * 3000}]
    resp = writable.post("/api/ingest", json=big, headers={"X-Token": "s3cret"})
    assert resp.status_code == 413 and "limit" in resp.json()["error"]


def test_unreadable_bodies_are_422(writable: TestClient) -> None:
    pytest.importorskip("warledger.pipeline")
    resp = writable.post("/api/ingest", content=b"not json at all\n", headers={"X-Token": "s3cret"})
    assert resp.status_code == 422 and "line 1" in resp.json()["error"]


def test_ingest_stores_posted_articles(writable: TestClient) -> None:
    pytest.importorskip("warledger.pipeline")
    pytest.importorskip("warledger.ingest")
    jsonl = "\n".join(json.dumps(r) for r in RECORDS) + "\n{broken\n"
    resp = writable.post("/api/ingest", content=jsonl.encode(),
                         headers={"Authorization": "Bearer s3cret",
                                  "Content-Type": "application/x-ndjson"})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["stored"] == 1 and body["articles"][0]["name"] == "posted-one"
    assert body["errors"] and "line 2" in body["errors"][0]["error"]
    assert writable.get(body["articles"][0]["url"]).json()["title"] == "A post"
    again = writable.post("/api/ingest", json=RECORDS, headers={"X-Token": "s3cret"}).json()
    assert again["stored"] == 0 and again["duplicates"] == 1


# --------------------------------------------------------------------------- pages


def test_pages_render_and_escape_article_html(client: TestClient) -> None:
    for url in ("/", "/timeline", "/claims", "/sources", "/map", "/docs",
                "/claims?kind=killed&side=ARM", "/claims?sort=-count&kind=killed"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert "default-src 'self'" in resp.headers["content-security-policy"]
        assert client.head(url).status_code == 200, url  # link checkers ask HEAD
    page = client.get("/articles/demo-hostile").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;text&#34;)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page
    assert HOSTILE_TITLE not in page  # only its escaped form is there


def test_html_errors_for_people(client: TestClient) -> None:
    resp = client.get("/articles/nope", headers={"Accept": "text/html"})
    assert resp.status_code == 404 and "<h1>Error 404</h1>" in resp.text
    assert client.get("/claims?since=bad", headers={"Accept": "text/html"}).status_code == 400


def test_serve_command_offers_the_makefile_flags() -> None:
    from typer.testing import CliRunner

    from warledger.cli import app, _load_commands
    _load_commands()
    out = CliRunner().invoke(app, ["serve", "--help"], terminal_width=200)
    assert out.exit_code == 0, out.output
    for flag in ("--db", "--host", "--port", "--token", "WARLEDGER_TOKEN"):
        assert flag in out.output

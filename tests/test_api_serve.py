"""A server that stays responsive: reads side by side, `/api/health` answering while ledger
requests run, an overview whose size does not follow the number of claims, `serve` opening
the store read-only without a token (other readers beside it), saying in one line when an
ingest holds a DuckDB file, and answers that do not name the server software."""
from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_api_data import analyses

from warledger.options import Options
from warledger.store import open_store
from warledger.store.base import Query
from warledger.web.app import create_app, open_for_serving
from warledger.web.common import MARK_TTL

ROOT = Path(__file__).resolve().parent.parent
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def served_app(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """The app under a real uvicorn on a free loopback port, over a DuckDB store."""
    import uvicorn

    store = open_store(str(tmp_path / "s.duckdb"))
    store.put_batch(analyses())
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Options(db=store.url), store),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", store
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


def test_health_answers_while_ledger_requests_run(served_app: tuple[str, Any],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten ledger requests are held inside the store (each has its own read handle and
    waits there until released); /api/health still answers. With one store call at a time
    it waited behind all of them."""
    import warledger.web.common as common

    base, _ = served_app
    inside = threading.Semaphore(0)
    release = threading.Event()
    real = common.build_ledger

    def held(store: Any, q: Any) -> Any:
        inside.release()
        release.wait(30)
        return real(store, q)

    monkeypatch.setattr(common, "build_ledger", held)
    results: list[int] = []

    def ask(n: int) -> None:  # each its own filter: none is answered from the cache
        with urllib.request.urlopen(f"{base}/api/ledger?by=all&q=said&until=2030-01-{n + 1:02d}",
                                    timeout=60) as r:
            results.append(r.status)

    askers = [threading.Thread(target=ask, args=(n,)) for n in range(10)]
    for t in askers:
        t.start()
    try:
        for _ in range(10):  # all ten are inside the store at once
            assert inside.acquire(timeout=30), "the ledger requests did not run side by side"
        with urllib.request.urlopen(f"{base}/api/health", timeout=10) as r:
            assert r.status == 200 and b'"status":"ok"' in r.read()
    finally:
        release.set()
        for t in askers:
            t.join(timeout=60)
    assert results == [200] * 10


def test_the_overview_links_figures_by_query_and_does_not_grow_with_claims(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "o.duckdb"))
    try:
        store.put_batch(analyses())
        client = TestClient(create_app(Options(db=store.url), store))
        small = client.get("/?by=all").text
        assert "ids=" not in small and "figure=" in small
        # every figure link lists exactly the claims behind that figure
        ledger = client.get("/api/ledger?by=all").json()["items"]
        for row in ledger:
            listed = client.get(row["links"]["claims"]).json()
            assert sorted(c["id"] for c in listed["items"]) == sorted(row["claim_ids"])
        for href in set(re.findall(r'href="(/claims\?[^"]*figure=[^"]*)"', small)):
            page = client.get(href.replace("&amp;", "&"))
            assert page.status_code == 200 and "behind a figure" in page.text, href
        # five times the claims in the same ledger rows: the page stays the same size
        more = []
        for k in range(4):
            for an in analyses():
                text = an.article.text + f"\n\nCopy {k}."
                art = dataclasses.replace(an.article, text=text, name=f"{an.article.name}-{k}",
                                          id=hashlib.sha256(text.encode()).hexdigest()[:16])
                claims = tuple(dataclasses.replace(c, article=art.name) for c in an.claims)
                events = tuple(dataclasses.replace(e, article=art.name) for e in an.events)
                more.append(dataclasses.replace(an, article=art, claims=claims, events=events))
        store.put_batch(more)
        time.sleep(MARK_TTL + 0.05)  # the server trusts the store's state for MARK_TTL seconds
        big = client.get("/?by=all").text
        assert client.get("/api/health").json()["claims"] >= 5 * 7
        assert len(big) < len(small) * 1.1, (len(small), len(big))
    finally:
        store.close()


def test_serve_without_a_token_reads_beside_other_readers(tmp_path: Path) -> None:
    db = tmp_path / "ro.duckdb"
    store = open_store(str(db))
    store.put_batch(analyses())
    store.close()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "warledger", "serve", "--db", str(db),
                               "--port", str(port), "--log-level", "warning"],
                              env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()  # type: ignore[union-attr]
        assert "read-only" in line, line + server.stderr.read()  # type: ignore[union-attr]
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5) as r:
                    headers, body = r.headers, r.read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("serve did not answer")
        assert b'"claims":7' in body
        assert "server" not in {k.lower() for k in headers}  # no "server: uvicorn"
        assert "default-src 'self'" in headers["content-security-policy"]
        # another process reads the same file while the server runs
        other = subprocess.run([sys.executable, "-c",
                                "import sys; from warledger.store import open_store; "
                                "from warledger.store.base import Query; "
                                "s = open_store(sys.argv[1], read_only=True); "
                                "print(s.count('claims', Query()))", str(db)],
                               env=ENV, capture_output=True, text=True, timeout=120)
        assert other.returncode == 0 and other.stdout.strip() == "7", other.stderr[-500:]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_beside_a_writer_says_so_in_one_line(tmp_path: Path) -> None:
    """A process holds the DuckDB file open for writing, as an ingest does: serve exits
    with one line naming the store's state, no traceback."""
    db = tmp_path / "busy.duckdb"
    open_store(str(db)).close()
    writer = subprocess.Popen([sys.executable, "-c",
                               "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); "
                               "print('holding', flush=True); time.sleep(120)", str(db)],
                              env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "holding"  # type: ignore[union-attr]
        done = subprocess.run([sys.executable, "-m", "warledger", "serve", "--db", str(db),
                               "--port", str(_free_port())],
                              env=ENV, capture_output=True, text=True, timeout=120)
    finally:
        writer.kill()
        writer.wait()
    assert done.returncode == 1
    lines = [x for x in done.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, done.stderr
    assert "open for writing" in lines[0] and f"PID {writer.pid}" in lines[0]
    assert "Traceback" not in done.stderr and "serving" not in done.stdout


@pytest.mark.postgres
def test_serving_postgres_without_a_token_cannot_write(pg_url: str) -> None:
    store = open_for_serving(Options(db=pg_url))  # migrated once, then read-only
    try:
        assert store.count("claims", Query()) == 0
        with pytest.raises(Exception, match="read-only"):
            store.execute("CREATE TABLE intruder (a INTEGER)")
        reader = store.reader()
        try:
            with pytest.raises(Exception, match="read-only"):
                reader.execute("CREATE TABLE intruder (a INTEGER)")
        finally:
            reader.close()
    finally:
        store.close()

"""Several writers on one store at once, as a team sharing a PostgreSQL server runs them:
overlapping ingests store each article exactly once, processes opening a fresh database
together all get a migrated schema, and a run whose process was killed is closed as
``interrupted`` by the next run (DuckDB too). Real servers and real processes; the
extractor is a small stand-in so that the writes, not spaCy, are what overlaps."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from warledger.options import Options
from warledger.pipeline import ingest
from warledger.records import Analysis, Article, Claim, Count, PartyRef, Target
from warledger.store import open_reader, open_store
from warledger.store.schema import LATEST

ROOT = Path(__file__).resolve().parent.parent


def stand_in(article: Article, options: Options) -> Analysis:
    time.sleep(0.002)  # long enough for the three runs' batches to meet
    claim = Claim(article=article.name, sentence=article.text[:30], span=(0, 30),
                  claimant=PartyRef(None, None, "UNKNOWN"), stance="assert", kind="killed",
                  target=Target("UKR", "UKR", "military"), perpetrator=None,
                  count=Count(len(article.text), "exact"))
    return Analysis(article, (claim,))


def articles(lo: int, hi: int) -> list[Article]:
    return [Article(id=f"art{i:04d}", name=f"a-{i}", outlet="example.org",
                    text=f"Report {i}: the ministry said {i} soldiers were killed near town {i % 17}.")
            for i in range(lo, hi)]


def together(work: list[Any]) -> list[Any]:
    """Run the callables at the same moment, one thread each; their results (or errors)."""
    gate = threading.Barrier(len(work))
    out: list[Any] = [None] * len(work)

    def go(i: int) -> None:
        gate.wait()
        try:
            out[i] = work[i]()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            out[i] = exc

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(work))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return out


@pytest.mark.postgres
def test_three_overlapping_ingests_store_each_article_exactly_once(pg_url: str) -> None:
    open_store(pg_url).close()  # the schema first: this test is about the writes
    parts = [articles(0, 120), articles(60, 180), articles(0, 180)[::-1]]

    def run(items: list[Article]) -> Any:
        store = open_store(pg_url)
        try:
            return ingest(iter(items), Options(db=pg_url), store=store, analyzer=stand_in,
                          batch_size=10)
        finally:
            store.close()

    reports = together([lambda items=items: run(items) for items in parts])
    for r in reports:
        assert not isinstance(r, BaseException), r
        assert r.failed == 0 and not r.errors, r.errors
    assert sum(r.stored for r in reports) == 180
    assert [r.stored + r.duplicates for r in reports] == [120, 120, 180]
    store = open_store(pg_url)
    try:
        ids = [row[0] for row in store.execute("SELECT id FROM articles ORDER BY id")]
        assert ids == [a.id for a in articles(0, 180)]
        per_article = store.execute("SELECT article_id, COUNT(*) FROM claims GROUP BY article_id")
        assert len(per_article) == 180 and {n for _, n in per_article} == {1}
        assert store.execute("SELECT COUNT(*) FROM clusters")[0][0] == 180
        assert {r["status"] for r in store.runs()} == {"done"}
    finally:
        store.close()


@pytest.mark.postgres
def test_processes_opening_a_fresh_database_at_once_all_succeed(pg_url: str) -> None:
    code = ("import sys; from warledger.store import open_store; "
            "s = open_store(sys.argv[1]); print(s.version()); s.close()")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    procs = [subprocess.Popen([sys.executable, "-c", code, pg_url], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, err
        assert out.strip() == str(LATEST)
    store = open_store(pg_url)
    try:
        versions = [r[0] for r in store.execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == list(range(1, LATEST + 1))  # each migration applied once
    finally:
        store.close()


def _killed_run(url: str) -> int:
    """A process that begins a run and is killed (SIGKILL) while it is running."""
    code = ("import sys, time; from warledger.store import open_store; "
            "s = open_store(sys.argv[1]); print(s.begin_run('ingest', {}), flush=True); "
            "time.sleep(600)")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-c", code, url], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    run_id = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return run_id


@pytest.mark.parametrize("backend", ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_killed_run_is_closed_as_interrupted_by_the_next_run(backend: str, tmp_path: Path,
                                                               request: pytest.FixtureRequest) -> None:
    url = (str(tmp_path / "store.duckdb") if backend == "duckdb"
           else request.getfixturevalue("pg_url"))
    open_store(url).close()
    dead = _killed_run(url)
    time.sleep(0.5 if backend == "postgres" else 0)  # the server notices the lost session
    # `warledger runs` (read-only) tells the dead run apart from a live one at once ...
    shown = subprocess.run([sys.executable, "-m", "warledger", "runs", "--db", url,
                            "--format", "jsonl"], capture_output=True, text=True,
                           timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert shown.returncode == 0, shown.stderr
    assert {r["id"]: r["status"] for r in map(json.loads, shown.stdout.splitlines())} == \
        {dead: "interrupted"}
    store = open_store(url)
    other = open_store(url) if backend == "postgres" else None
    try:
        assert store.run(dead)["status"] == "running"  # ... still so in the store
        live = None
        if other is not None:  # another writer's run, under way: it must stay running
            live = other.begin_run("ingest", {})
        report = ingest(iter(articles(0, 3)), Options(db=url), store=store, analyzer=stand_in)
        assert report.stored == 3
        assert store.run(dead)["status"] == "interrupted"  # closed by the next run
        assert store.run(dead)["finished"]
        assert store.run(report.run_id)["status"] == "done"
        if live is not None:
            assert store.run(live)["status"] == "running"
            assert other is not None
            other.finish_run(live, "done", {})
    finally:
        store.close()
        if other is not None:
            other.close()


def test_readers_of_a_duckdb_store_run_side_by_side_and_a_locked_writer_is_told_why(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    store = open_store(str(db))
    ingest(iter(articles(0, 5)), Options(db=str(db)), store=store, analyzer=stand_in)
    store.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "warledger", *args, "--db", str(db)],
                              capture_output=True, text=True, timeout=120, env=env)

    reader = open_reader(str(db))  # a read-only holder, as `serve` without a token is
    try:
        for args in (["claims", "--format", "jsonl"], ["articles", "--format", "jsonl"],
                     ["export", "--what", "claims"], ["ledger", "--format", "json"], ["runs"]):
            got = cli(*args)
            assert got.returncode == 0, (args, got.stderr)
        assert len(cli("claims", "--format", "jsonl").stdout.splitlines()) == 5
        refused = cli("ingest", str(ROOT / "demo" / "2025-05-12-zolta-brigades-captured.txt"))
    finally:
        reader.close()
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert "Traceback" not in refused.stderr
    [line] = [ln for ln in lines if "DuckDB" in ln]
    assert f"(PID {os.getpid()})" in line and "one writing process at a time" in line
    assert "PostgreSQL" in line and sys.executable not in line


def test_report_and_diff_run_beside_a_running_serve(tmp_path: Path) -> None:
    """``warledger report`` and ``warledger diff`` only read, so they open a DuckDB file
    read-only and run while ``serve`` (without a token: read-only too) holds it; a writer
    beside the server is still refused."""
    import socket
    import urllib.request

    db = tmp_path / "store.duckdb"
    store = open_store(str(db))
    for lo, hi in ((0, 5), (5, 8)):  # two runs: what diff compares
        ingest(iter(articles(lo, hi)), Options(db=str(db)), store=store,
               analyzer=lambda a, o: Analysis(stand_in(a, o).article, stand_in(a, o).claims,
                                              conflict="steppe"))
    store.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "warledger", "serve", "--db", str(db),
                               "--port", str(port), "--log-level", "warning"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "warledger", *args, "--db", str(db)],
                              capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)

    try:
        line = server.stdout.readline()  # type: ignore[union-attr]
        assert "read-only" in line, line + server.stderr.read()  # type: ignore[union-attr]
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("serve did not answer")
        report = cli("report", "--conflict", "steppe", "--format", "md", "-o", "r.md")
        diff = cli("diff", "--format", "json")
        writer = cli("ingest", str(ROOT / "demo" / "2025-05-12-zolta-brigades-captured.txt"))
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert report.returncode == 0, report.stderr
    assert "8 claims" in report.stderr
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Situation report")
    assert diff.returncode == 0, diff.stderr
    assert len(json.loads(diff.stdout)["added"]) == 3  # the second run's three articles
    assert writer.returncode == 1 and "one writing process at a time" in writer.stderr

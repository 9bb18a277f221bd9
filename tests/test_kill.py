"""Killing an ingestion loses no committed article and leaves no half-written one.

The test runs this file as a child process (``python tests/test_kill.py DB N MODE``): it
ingests N generated articles through ``pipeline.ingest`` in batches of 20 and prints a line
after each committed batch. The parent SIGKILLs it:

- ``wait`` mode: the child stops after its third batch, so the kill lands at a known point;
- ``race`` mode: the child keeps writing and is killed while later batches are in flight.

Then every stored article must carry exactly the claims a clean run gives it, and a
re-run must complete to the clean run's result. Both backends.

The analyzer here is a small deterministic stand-in (a regex over the generated text): the
test is about the store's transactions, and must not wait for a language model.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from warledger.options import Options  # noqa: E402
from warledger.records import Article, Claim, Count, PartyRef, Target  # noqa: E402
from warledger.store.base import Analysis  # noqa: E402

N_ARTICLES = 300
BATCH = 20
STATEMENT = re.compile(r"In sector (\d+)-(\d+), (\d+) (soldiers|civilians) were killed\.")


def generate(n: int) -> list[Article]:
    """n articles, article i telling (i % 5) + 1 losses in its own sectors."""
    out = []
    for i in range(n):
        parts = [f"Front report number {i} from the northern districts."]
        for j in range(i % 5 + 1):
            who = "soldiers" if (i + j) % 2 else "civilians"
            parts.append(f"In sector {i}-{j}, {(i * 7 + j * 3) % 40} {who} were killed.")
        text = " ".join(parts)
        out.append(Article(id=f"gen-{i:05d}", name=f"report-{i:05d}", text=text,
                           outlet=f"Outlet {i % 7}", published=f"2020-10-{i % 28 + 1:02d}"))
    return out


def analyze(article: Article, options: Options) -> Analysis:
    claims = []
    for m in STATEMENT.finditer(article.text):
        category = "military" if m.group(4) == "soldiers" else "civilians"
        claims.append(Claim(article=article.name, sentence=m.group(0), span=(m.start(), m.end()),
                            claimant=PartyRef("the ministry", "ARM", "ARM"), stance="assert",
                            kind="killed", target=Target("AZE", "AZE", category),
                            perpetrator=None, count=Count(int(m.group(3)), "exact")))
    return Analysis(article, tuple(claims), conflict="karabakh")


def child(db: str, n: int, mode: str) -> None:
    from warledger.pipeline import IngestReport, ingest
    from warledger.store import open_store

    store = open_store(db)
    batches = 0

    def progress(report: IngestReport) -> None:
        nonlocal batches
        batches += 1
        print(f"committed {batches} {report.stored}", flush=True)
        if mode == "wait" and batches == 3:
            time.sleep(600)  # the parent kills us here

    ingest(generate(n), Options(db=db), store=store, progress=progress, analyzer=analyze,
           batch_size=BATCH)
    store.close()
    print("done", flush=True)


def _snapshot(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Per stored article, its claims as (seq, sentence, kind, category, count)."""
    from warledger.store import open_store

    store = open_store(db)
    try:
        arts = [r[0] for r in store.execute("SELECT id FROM articles")]
        got: dict[str, list[tuple[Any, ...]]] = {a: [] for a in arts}
        for aid, seq, sentence, kind, cat, value in store.execute(
                "SELECT article_id, seq, sentence, kind, category, count_value FROM claims"):
            got.setdefault(aid, []).append((seq, sentence, kind, cat, value))
        return {k: sorted(v) for k, v in got.items()}
    finally:
        store.close()


def _expected() -> dict[str, list[tuple[Any, ...]]]:
    return {a.id: sorted((i, c.sentence, c.kind, c.target.category, c.count.value)
                         for i, c in enumerate(analyze(a, Options()).claims))
            for a in generate(N_ARTICLES)}


def _run_and_kill(db: str, mode: str, after_batches: int) -> int:
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, __file__, db, str(N_ARTICLES), mode],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    seen = 0
    for line in proc.stdout:
        if line.startswith("committed"):
            seen += 1
            if seen == after_batches:
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the child finished before it could be killed"
    return seen


def _check_kill(db: str, mode: str, after_batches: int) -> None:
    from warledger.store import open_store

    expected = _expected()
    _run_and_kill(db, mode, after_batches)
    partial = _snapshot(db)
    assert len(partial) >= after_batches * BATCH  # nothing committed was lost
    if mode == "wait":
        assert len(partial) == 3 * BATCH
    assert len(partial) < N_ARTICLES
    for aid, claims in partial.items():  # no half-written article
        assert claims == expected[aid], aid
    # the run left behind never finished; a re-run closes it as interrupted and completes it
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, __file__, db, str(N_ARTICLES), "full"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _snapshot(db) == expected
    store = open_store(db)
    try:
        runs = store.runs()
        assert [r["status"] for r in runs][:2] == ["done", "interrupted"]
        assert runs[1]["finished"] is not None
        assert runs[0]["detail"]["stored"] == N_ARTICLES - len(partial)
        assert runs[0]["detail"]["duplicates"] == len(partial)
    finally:
        store.close()


def test_kill_after_a_commit_then_resume(store_url: str) -> None:
    _check_kill(store_url, "wait", 3)


def test_kill_while_writing_then_resume(store_url: str) -> None:
    _check_kill(store_url, "race", 5)


if __name__ == "__main__":
    child(sys.argv[1], int(sys.argv[2]), sys.argv[3])

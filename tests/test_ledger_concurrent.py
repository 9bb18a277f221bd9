"""One writer and concurrent readers on PostgreSQL: the newsroom's shared server.

An ingest runs in batches on one connection while two readers build the ledger over and
over on connections of their own. After each committed batch the writer records the
ledger as it then stands (only it writes, so that is the ledger of exactly the batches
committed so far). Every ledger a reader got must be one of those: never half a batch,
never the groups of one moment with the contradictions of another, and no error.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from warledger.errors import InputError
from warledger.options import Options

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

N_ARTICLES = 120
BATCH = 8



def figures(rows: list[Any]) -> tuple[Any, ...]:
    """What a reader sees of a ledger: every row's key, estimate, claims and flags."""
    return tuple((r.conflict, r.side, r.kind, r.category, r.period.get("start"),
                  r.period.get("end"), r.low, r.best, r.high, r.claim_ids,
                  r.independent_sources, r.contradictions) for r in rows)


def test_ledger_reads_during_an_ingest_see_whole_batches(pg_url: str, tmp_path: Path, generate_corpus: Any) -> None:
    from warledger.analyze import analyze_many
    from warledger.ingest import read_articles
    from warledger.ledger import LedgerQuery, build_ledger
    from warledger.pipeline import ingest
    from warledger.store import open_store

    corpus = tmp_path / "corpus.jsonl"
    generate_corpus(N_ARTICLES, corpus)
    articles = [a for a in read_articles([str(corpus)]) if not isinstance(a, InputError)]
    # the analyses are made before the clock (the store's concurrency is under test, not
    # the extractor's speed): the writer then commits a batch every few tens of ms
    done = {an.article.id: an for an in analyze_many(articles, Options())}

    def analyzer(article: Any, options: Options) -> Any:
        return done[article.id]

    query = LedgerQuery()
    writer = open_store(pg_url)
    committed: list[tuple[Any, ...]] = [figures(build_ledger(writer, query))]
    reads: list[tuple[Any, ...]] = []
    errors: list[BaseException] = []
    finished = threading.Event()

    def after_batch(_report: Any) -> None:
        committed.append(figures(build_ledger(writer, query)))
        time.sleep(0.05)  # leave the readers a moment between two batches

    def write() -> None:
        try:
            ingest(iter(articles), Options(), store=writer, progress=after_batch,
                   analyzer=analyzer, batch_size=BATCH)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            finished.set()

    def read() -> None:
        store = open_store(pg_url)
        try:
            while not finished.is_set():
                reads.append(figures(build_ledger(store, query)))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
    finally:
        writer.close()
    assert not errors, errors
    assert len(committed) == -(-N_ARTICLES // BATCH) + 1
    assert committed[-1] and len(set(committed)) > 5  # the ledger really grew batch by batch
    known = set(committed)
    assert reads and all(r in known for r in reads)
    # and the readers did read while the ingest ran, not only before or after it
    middle = set(committed[1:-1])
    assert sum(r in middle for r in reads) >= 2

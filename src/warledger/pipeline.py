"""Articles in, ledger-ready claims stored: the ingestion and re-extraction runs.

Why batches of whole articles: an article and everything extracted from it are written in
one transaction with the rest of its batch, so a run killed at any moment keeps every
committed batch and leaves no half-written article; running it again skips what is stored
(checked by id *before* the costly analysis) and carries on. Every run is recorded in the
store's ``runs`` table with its counts.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from warledger.errors import InputError, StoreError, UsageError
from warledger.options import Options
from warledger.records import Article
from warledger.store.base import Analysis

BATCH_SIZE = 50

Analyzer = Callable[[Article, Options], Analysis]


@dataclass(frozen=True)
class IngestReport:
    read: int = 0  # articles read (errors not included)
    stored: int = 0  # new articles written
    duplicates: int = 0  # already stored (same text): skipped before analysis
    failed: int = 0  # inputs that could not be read or analysed
    claims: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    run_id: int | None = None


@dataclass(frozen=True)
class ReextractReport:
    articles: int = 0  # articles re-analysed and swapped in
    claims: int = 0
    events: int = 0
    failed: int = 0  # articles whose analysis failed: their previous results are kept
    errors: list[str] = field(default_factory=list)
    run_id: int | None = None


def default_analyzer() -> Analyzer:
    """The extractor's ``warledger.analyze.analyze``, imported when first needed."""
    try:
        from warledger.analyze import analyze
    except ImportError as exc:
        raise UsageError(f"claim extraction (warledger.analyze) is not available: {exc}") from exc
    return analyze  # type: ignore[no-any-return]


def _fill_conflict(an: Analysis, options: Options) -> Analysis:
    if an.conflict is None and options.conflict and (an.claims or an.events):
        an = dataclasses.replace(an, conflict=options.conflict)
    return an


def _analyse(article: Article, options: Options, analyzer: Analyzer) -> Analysis:
    return _fill_conflict(analyzer(article, options), options)


def _label(article: Article) -> str:
    return article.source or article.url or article.name


def _analyse_batch(articles: list[Article], options: Options, analyzer: Analyzer | None,
                   counts: dict[str, int], errors: list[str]) -> list[Analysis]:
    """Analyses of a batch. With the default extractor the batch is parsed in one go
    (``analyze_many``: spaCy batches the sentences); if that fails, or with a given
    analyzer, article by article, so one bad article is named and the rest go on."""
    if not articles:
        return []
    if analyzer is None:
        try:
            from warledger.analyze import analyze_many
        except ImportError as exc:
            raise UsageError(f"claim extraction (warledger.analyze) is not available: {exc}") from exc
        try:
            got = list(analyze_many(articles, options))
            if len(got) == len(articles):
                return [_fill_conflict(an, options) for an in got]
        except Exception:  # find the bad article below
            pass
        analyzer = default_analyzer()
    out = []
    for article in articles:
        try:
            out.append(_analyse(article, options, analyzer))
        except (StoreError, UsageError):
            raise
        except Exception as exc:  # one bad article must not stop the run
            counts["failed"] += 1
            errors.append(f"{_label(article)}: analysis failed ({type(exc).__name__}: {exc})")
    return out


def ingest(articles: Iterable[Article | InputError], options: Options, store: Any = None,
           progress: Callable[[IngestReport], None] | None = None,
           analyzer: Analyzer | None = None, batch_size: int = BATCH_SIZE) -> IngestReport:
    """Analyse and store new articles, ``batch_size`` per transaction.

    ``progress`` is called with the running report after each committed batch. Inputs that
    fail (an InputError in ``articles``, or an analysis that raises) are counted and named
    in ``errors``; the run goes on. ``store`` defaults to ``open_store(options.db)``.
    """
    from warledger.store import open_store

    own = store is None
    if own:
        store = open_store(options.db)
    counts = {"read": 0, "stored": 0, "duplicates": 0, "failed": 0, "claims": 0, "events": 0}
    errors: list[str] = []
    run_id = store.begin_run("ingest", {"db": options.db if own else store.url,
                                        "model": options.model or "en_core_web_sm"})
    pending: list[Article] = []

    def report() -> IngestReport:
        return IngestReport(errors=list(errors), run_id=run_id, **counts)

    def flush() -> None:
        if not pending:
            return
        known = store.known_articles([a.id for a in pending])
        fresh: list[Article] = []
        seen: set[str] = set()
        for article in pending:
            if article.id in known or article.id in seen:
                counts["duplicates"] += 1
                continue
            seen.add(article.id)
            fresh.append(article)
        pending.clear()
        todo = _analyse_batch(fresh, options, analyzer, counts, errors)
        if todo:
            res = store.put_batch(todo, run_id)
            counts["stored"] += res.stored
            counts["duplicates"] += res.duplicates
            counts["claims"] += res.claims
            counts["events"] += res.events
        if progress is not None:
            progress(report())

    status = "failed"
    try:
        for item in articles:
            if isinstance(item, InputError):
                counts["failed"] += 1
                errors.append(str(item))
                continue
            counts["read"] += 1
            pending.append(item)
            if len(pending) >= batch_size:
                flush()
        flush()
        status = "done"
    finally:
        try:
            store.finish_run(run_id, status, {k: v for k, v in counts.items()})
        finally:
            if own:
                store.close()
    return report()


def reextract(options: Options, store: Any = None, analyzer: Analyzer | None = None,
              batch_size: int = BATCH_SIZE,
              progress: Callable[[ReextractReport], None] | None = None) -> ReextractReport:
    """Recompute claims and events of every stored article from its stored text.

    Each batch swaps old results for new ones in one transaction, so readers (and a run
    killed midway) see either the previous results or the new ones, never a mix within an
    article. An article whose analysis fails keeps its previous results.
    """
    from warledger.store import open_store

    own = store is None
    if own:
        store = open_store(options.db)
    analyzer = analyzer or default_analyzer()
    counts = {"articles": 0, "claims": 0, "events": 0, "failed": 0}
    errors: list[str] = []
    run_id = store.begin_run("reextract", {"model": options.model or "en_core_web_sm"})
    status = "failed"
    try:
        after = ""
        while True:
            batch = store.stored_articles(after=after, limit=batch_size)
            if not batch:
                break
            after = batch[-1].id
            done: list[Analysis] = []
            for article in batch:
                try:
                    done.append(_analyse(article, options, analyzer))
                except Exception as exc:
                    counts["failed"] += 1
                    errors.append(f"{article.name}: analysis failed ({type(exc).__name__}: {exc})")
            store.replace_extraction(done, run_id)
            counts["articles"] += len(done)
            counts["claims"] += sum(len(a.claims) for a in done)
            counts["events"] += sum(len(a.events) for a in done)
            if progress is not None:
                progress(ReextractReport(errors=list(errors), run_id=run_id, **counts))
        status = "done"
    finally:
        try:
            store.finish_run(run_id, status, dict(counts))
        finally:
            if own:
                store.close()
    return ReextractReport(errors=errors, run_id=run_id, **counts)


__all__ = ["ingest", "reextract", "IngestReport", "ReextractReport", "BATCH_SIZE"]

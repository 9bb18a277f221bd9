"""Articles in, ledger-ready claims stored: the ingestion and re-extraction runs.

Why batches of whole articles: an article and everything extracted from it are written in
one transaction with the rest of its batch, so a run killed at any moment keeps every
committed batch and leaves no half-written article; running it again skips what is stored
(checked by id *before* the costly analysis) and carries on. Every run is recorded in the
store's ``runs`` table with its counts.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from warledger.errors import InputError, StoreError, UsageError
from warledger.options import Options
from warledger.records import Article, Attribution
from warledger.records import Analysis

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
    return analyze


def _fill_conflict(an: Analysis, options: Options) -> Analysis:
    if an.conflict is None and options.conflict and (an.claims or an.events):
        an = dataclasses.replace(an, conflict=options.conflict)
    return an


def _label(article: Article) -> str:
    return article.source or article.url or article.name


def _shift(record: Any, by: int) -> Any:
    """A claim, event or attribution of a segment, with its spans moved into the article."""
    if not by:
        return record
    if isinstance(record, Attribution):
        def move(spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
            return tuple((s + by, e + by) for s, e in spans)
        return dataclasses.replace(record, source=move(record.source), cue=move(record.cue),
                                   content=move(record.content))
    s, e = record.span
    return dataclasses.replace(record, span=(s + by, e + by))


def _merge(article: Article, spans: list[tuple[int, int]], parts: Iterable[Analysis]) -> Analysis:
    """One article's Analysis from its segments' (spans moved back into the article's
    text; the conflict is the one most of its claims and events were filed under)."""
    claims: list[Any] = []
    events: list[Any] = []
    attributions: list[Any] = []
    votes: Counter[str] = Counter()
    for (start, _end), an in zip(spans, parts):
        claims += [_shift(c, start) for c in an.claims]
        events += [_shift(e, start) for e in an.events]
        attributions += [_shift(a, start) for a in an.attributions]
        if an.conflict:
            votes[an.conflict] += len(an.claims) + len(an.events) or 1
    conflict = max(votes, key=lambda c: votes[c]) if votes else None  # first seen wins ties
    return Analysis(article=article, claims=tuple(claims), events=tuple(events),
                    attributions=tuple(attributions), conflict=conflict)


def _too_long(article: Article, options: Options) -> InputError | None:
    if len(article.text) <= options.max_article_chars:
        return None
    return InputError(_label(article), f"article text is {len(article.text):,} characters, over "
                      f"the analysis limit of {options.max_article_chars:,} (--max-article-chars)")


def analyze_each(articles: Iterable[Article], options: Options, analyzer: Analyzer | None = None,
                 parts: tuple[str, ...] | None = None,
                 group: int = BATCH_SIZE) -> Iterator[Analysis | InputError]:
    """One Analysis, or an InputError naming why not, per article, in order.

    Why here and not in every caller: ingestion, the API and ``warledger extract`` must
    all bound the cost of one article and keep a bad one from taking the others with it.

    - An article longer than ``nlp.SEGMENT_CHARS`` is analysed alone, one segment at a
      time (``nlp.segment_spans``), its segments' results put together (``_merge``): time
      and memory then grow with its length, not with its square. Shorter articles, the
      ordinary case, are analysed exactly as before, several at a time.
    - One longer than ``options.max_article_chars`` is not analysed: an error says so.
    - If the extractor raises on a group, the group is redone article by article, so the
      article that fails is named and the others go on. A StoreError or UsageError (no
      model, no extractor) stops the run: nothing could succeed.

    ``analyzer`` is an ``(article, options) -> Analysis`` function; by default the
    extractor's ``analyze_many`` (spaCy batches the sentences of a group).
    """
    from warledger.nlp import SEGMENT_CHARS, segment_spans

    many: Callable[[Iterable[Article]], Iterator[Analysis]]
    if analyzer is None:
        try:
            from warledger.analyze import PARTS, analyze_many
        except ImportError as exc:
            raise UsageError(f"claim extraction (warledger.analyze) is not available: {exc}") from exc
        wanted = parts or PARTS

        def many(items: Iterable[Article]) -> Iterator[Analysis]:
            return analyze_many(items, options, wanted)
    else:
        given = analyzer

        def many(items: Iterable[Article]) -> Iterator[Analysis]:
            return (given(a, options) for a in items)

    def one(article: Article) -> Analysis | InputError:
        try:
            if len(article.text) <= SEGMENT_CHARS:
                return _fill_conflict(next(iter(many([article]))), options)
            spans = segment_spans(article.text)
            pieces = (dataclasses.replace(article, text=article.text[s:e],
                                          title=article.title if not i else None)
                      for i, (s, e) in enumerate(spans))
            return _fill_conflict(_merge(article, spans, many(pieces)), options)
        except (StoreError, UsageError):
            raise
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
            return InputError(_label(article), f"analysis failed ({type(exc).__name__}: {exc})")

    def several(batch: list[Article]) -> Iterator[Analysis | InputError]:
        if not batch:
            return
        try:
            got = list(many(batch))
        except (StoreError, UsageError):
            raise
        except Exception:  # noqa: BLE001 - one bad article: found and named one by one below
            got = []
        if len(got) == len(batch):
            yield from (_fill_conflict(an, options) for an in got)
            return
        yield from (one(a) for a in batch)

    pending: list[Article] = []
    for article in articles:
        refused = _too_long(article, options)
        if refused is None and len(article.text) <= SEGMENT_CHARS:
            pending.append(article)
            if len(pending) >= group:
                yield from several(pending)
                pending = []
            continue
        yield from several(pending)  # in order: the ones before it first
        pending = []
        yield refused if refused is not None else one(article)
    yield from several(pending)


def _analyse_batch(articles: list[Article], options: Options, analyzer: Analyzer | None,
                   counts: dict[str, int], errors: list[str]) -> list[Analysis]:
    """Analyses of a batch (``analyze_each``); a failed article is counted and named."""
    out = []
    for got in analyze_each(articles, options, analyzer, group=max(len(articles), 1)):
        if isinstance(got, InputError):
            counts["failed"] += 1
            errors.append(str(got))
        else:
            out.append(got)
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
            for got in analyze_each(batch, options, analyzer):
                if isinstance(got, InputError):
                    counts["failed"] += 1
                    errors.append(str(got))
                else:
                    done.append(got)
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


__all__ = ["ingest", "reextract", "analyze_each", "IngestReport", "ReextractReport", "BATCH_SIZE"]

"""The store's seams: ``Store`` (what callers use), ``Backend`` (an engine under it), ``Query``.

Only ``warledger.store`` knows SQL. Everything above (ledger, CLI, API, dashboard, Spark
import) talks to a ``Store``; ``open_store(url)`` picks the plugin by URL scheme.
"""
from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Iterable, Iterator, Protocol, Sequence

# the extractor's output lives with the other records; kept importable from here
from warledger.records import Analysis, Article


BY = (None, "day", "week", "month")


@dataclass(frozen=True)
class Query:
    """What to read, all of it optional: the one filter object of the CLI, the API, the
    dashboard, the report, the ledger (``warledger.ledger.LedgerQuery`` is this class) and
    the store. Every filter the claim list takes is honoured by the ledger too (the same SQL
    builder, ``store/where.py``); ``check`` refuses the impossible ones with a UsageError,
    so no shell answers "no claims match" to a typo."""

    conflict: str | None = None
    side: str | None = None  # target side (claims: whose losses) or actor side (events)
    claimant: str | None = None  # claimant side or party
    kind: str | None = None
    category: str | None = None
    outlet: str | None = None  # the publishing outlet, by any of its names or domains
    article: str | None = None  # article name or id
    since: str | None = None  # ISO date, on the day a claim is about / published date
    until: str | None = None
    text: str | None = None  # substring search in sentence (claims/events) or title/text
    ids: tuple[int, ...] = ()
    limit: int = 100
    offset: int = 0
    # claims as they stood after this run (None: the current ones). A lookup by ``ids``
    # finds a claim whatever run retired it, so an old link still resolves.
    run: int | None = None
    # the user's profile files (``--profile``): the ledger reads which conflicts a side
    # fights in from them as well as from the shipped profiles
    profiles: tuple[str, ...] = ()
    # the ledger's: None (one period), "day", "week" or "month"; carry claim ids (off only
    # for benchmarks of the grouping)
    by: str | None = None
    with_ids: bool = True
    # the ledger computed from the claims even where the store's summary could answer
    # (the reference the summary is tested and benchmarked against)
    exact: bool = False

    def check(self) -> Query:
        """The query with codes normalised (sides upper case, kinds lower case), or a
        UsageError naming the filter that cannot match anything."""
        from warledger.errors import UsageError
        from warledger.records import CATEGORIES, KINDS

        if self.by not in BY:
            raise UsageError(f"--by must be day, week or month, not {self.by!r}")
        kind = self.kind.strip().lower() if self.kind else None
        if kind and kind not in KINDS:
            raise UsageError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        category = self.category.strip().lower() if self.category else None
        if category and category not in CATEGORIES:
            raise UsageError(f"category must be one of {', '.join(CATEGORIES)}, "
                             f"not {self.category!r}")
        since, until = _day("since", self.since), _day("until", self.until)
        if since and until and since > until:
            raise UsageError(f"since ({since}) is after until ({until})")
        if self.run is not None and self.run < 1:
            raise UsageError(f"run must be a run id (1 or more), not {self.run}")

        def code(v: str | None) -> str | None:
            return v.strip().upper() if v and v.strip() else None

        def text(v: str | None) -> str | None:
            return v.strip() if v and v.strip() else None
        return replace(self, side=code(self.side), claimant=code(self.claimant), kind=kind,
                       category=category, since=since, until=until,
                       conflict=text(self.conflict), outlet=text(self.outlet),
                       article=text(self.article), text=text(self.text))

    def store_query(self) -> Query:
        """This query for the store's reads that the ledger makes: every row (no page)."""
        return replace(self, limit=0, offset=0, ids=())


def _day(name: str, value: str | None) -> str | None:
    """An ISO day (YYYY-MM-DD, a datetime's day) or a UsageError."""
    from warledger.errors import UsageError

    if value is None or not str(value).strip():
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        raise UsageError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class BatchResult:
    stored: int = 0  # new articles written
    duplicates: int = 0  # already in the store (same text hash): skipped
    claims: int = 0
    events: int = 0


class Backend(Protocol):
    """One database engine under ``SqlStore`` (``store/backends.py``: DuckDB, PostgreSQL).

    The store writes one SQL text for both; a backend runs it (``?`` placeholders), opens
    transactions that nest, loads rows in bulk and hands out a second handle for another
    thread. Nothing above the store sees a backend."""

    dialect: str  # "duckdb" | "postgres": the few statements that differ ask this

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement; its rows (none for a statement without a result)."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """All of the block or nothing; a transaction inside one joins it."""
        ...

    def bulk_insert(self, table: str, columns: Sequence[str],
                    rows: Sequence[Sequence[Any]]) -> None: ...

    def insert_arrow(self, table: str, data: Any) -> None:
        """Load an Arrow table whose column names are the target's columns."""
        ...

    def reader(self) -> Backend:
        """Another handle on the same database, for reads on another thread."""
        ...

    def close(self) -> None: ...


class Store(Protocol):
    """What the shells, the ledger, export, the report and the web layer use of a store.
    Rows are returned as plain dicts (JSON-ready); ``SqlStore`` is the implementation."""

    url: str

    # schema and runs
    def version(self) -> int: ...

    def migrate(self, target: int | None = None) -> None:
        """Create or upgrade the schema in place (idempotent)."""
        ...

    def begin_run(self, kind: str, detail: dict[str, Any]) -> int: ...

    def finish_run(self, run_id: int, status: str, detail: dict[str, Any]) -> None: ...

    def runs(self, limit: int = 20, kind: str | None = None) -> list[dict[str, Any]]: ...

    def run(self, run_id: int) -> dict[str, Any]:
        """One run; raises NotFound."""
        ...

    def latest_run(self, before: int | None = None,
                   kinds: tuple[str, ...] = ()) -> int | None: ...

    # writes
    def put_batch(self, batch: Sequence[Analysis], run_id: int | None = None) -> BatchResult:
        """Write a batch in one transaction: all of it or nothing."""
        ...

    def replace_extraction(self, batch: Sequence[Analysis], run_id: int | None = None) -> None:
        """Re-extraction in one transaction: claims found again keep their ids, claims no
        longer found are retired (kept, with their successor), new ones are added; events
        and attributions are swapped."""
        ...

    # reads
    def has_article(self, article_id: str) -> bool: ...

    def known_articles(self, ids: Sequence[str]) -> set[str]: ...

    def articles(self, q: Query) -> list[dict[str, Any]]: ...

    def article(self, key: str) -> dict[str, Any]:
        """One article by id or name, with its text; raises NotFound."""
        ...

    def stored_articles(self, after: str = "", limit: int = 50) -> list[Article]: ...

    def claims(self, q: Query) -> list[dict[str, Any]]:
        """Claims as DESIGN.md records plus ``id``, ``article_id``, ``outlet``, ``published``."""
        ...

    def iter_claims(self, q: Query, page: int = 10000) -> Iterator[dict[str, Any]]: ...

    def events(self, q: Query) -> list[dict[str, Any]]: ...

    def count(self, table: str, q: Query) -> int: ...

    def conflicts(self) -> list[str]: ...

    # the ledger's aggregation (store/ledger_sql.py) and run history
    def ledger_groups(self, q: Query, by: str | None,
                      with_ids: bool = True) -> list[dict[str, Any]]: ...

    def ledger_conflicts(self, q: Query, by: str | None) -> list[dict[str, Any]]: ...

    def claim_changes(self, run_a: int, run_b: int) -> dict[str, list[dict[str, Any]]]: ...

    # handles
    def reader(self) -> Store: ...

    def change_mark(self) -> tuple[Any, ...]: ...

    def execute(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Raw SQL for tests, benchmarks and the Spark import; not for the shells."""
        ...

    def close(self) -> None: ...

"""The one small protocol every store implements (DuckDB embedded, PostgreSQL server).

Only ``warledger.store`` knows SQL. Everything above (ledger, CLI, API, dashboard, Spark
import) talks to a ``Store``; ``open_store(url)`` picks the plugin by URL scheme.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, Sequence

# the extractor's output lives with the other records; kept importable from here
from warledger.records import Analysis


@dataclass(frozen=True)
class Query:
    """Filters shared by the CLI, the API and the dashboard (all optional)."""

    conflict: str | None = None
    side: str | None = None  # target side (claims) or actor side (events)
    claimant: str | None = None  # claimant side or party
    kind: str | None = None
    category: str | None = None
    outlet: str | None = None
    article: str | None = None  # article name or id
    since: str | None = None  # ISO date, on the article's published date / claim period
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


@dataclass(frozen=True)
class BatchResult:
    stored: int = 0  # new articles written
    duplicates: int = 0  # already in the store (same text hash): skipped
    claims: int = 0
    events: int = 0


class Store(Protocol):
    """What every backend offers. Rows are returned as plain dicts (JSON-ready)."""

    url: str

    def migrate(self) -> None:
        """Create or upgrade the schema in place (idempotent)."""

    def put_batch(self, batch: Sequence[Analysis], run_id: int | None = None) -> BatchResult:
        """Write a batch in one transaction: all of it or nothing."""

    def begin_run(self, kind: str, detail: dict[str, Any]) -> int: ...

    def finish_run(self, run_id: int, status: str, detail: dict[str, Any]) -> None: ...

    def has_article(self, article_id: str) -> bool: ...

    def articles(self, q: Query) -> list[dict[str, Any]]: ...

    def article(self, key: str) -> dict[str, Any]:
        """One article by id or name, with its text; raises NotFound."""

    def claims(self, q: Query) -> list[dict[str, Any]]:
        """Claims as DESIGN.md records plus ``id``, ``article_id``, ``outlet``, ``published``."""

    def events(self, q: Query) -> list[dict[str, Any]]: ...

    def count(self, table: str, q: Query) -> int: ...

    def replace_extraction(self, batch: Sequence[Analysis], run_id: int | None = None) -> None:
        """Re-extraction in one transaction: claims found again keep their ids, claims no
        longer found are retired (kept, with their successor), new ones are added; events
        and attributions are swapped."""

    def close(self) -> None: ...

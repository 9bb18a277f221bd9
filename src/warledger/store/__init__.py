"""Where claims are kept: a DuckDB file by default, a PostgreSQL server for a shared team.

``open_store(url_or_path)`` picks the backend by URL scheme and brings the schema up to
date, so every caller gets a ready store:

- ``postgresql://user@host/db`` (or ``postgres://``): PostgreSQL through psycopg 3;
- ``duckdb:///abs/path.duckdb``, ``duckdb://rel/path.duckdb`` or a plain path: a DuckDB
  file, its folder created if missing; ``:memory:`` for a throwaway store.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from warledger.store.base import Analysis, Backend, BatchResult, Query, Store

if TYPE_CHECKING:
    from warledger.store.backends import DuckDBBackend, PostgresBackend
    from warledger.store.sqlstore import SqlStore

    # the implementations satisfy the protocols (mypy checks these assignments)
    def _conforms(s: SqlStore, d: DuckDBBackend, p: PostgresBackend) -> None:
        _: Store = s
        _b: Backend = d
        _c: Backend = p


def open_store(url_or_path: str, migrate: bool = True, read_only: bool = False) -> SqlStore:
    """Open (and by default create or upgrade) the store at ``url_or_path``; ``read_only``
    opens it for reading only (a DuckDB file beside other readers, a PostgreSQL session
    whose transactions refuse writes) and never migrates."""
    from warledger.store.backends import DuckDBBackend, PostgresBackend
    from warledger.store.sqlstore import SqlStore

    url = str(url_or_path)
    if url.startswith(("postgresql://", "postgres://")):
        store = SqlStore(PostgresBackend(url, read_only), url)
    else:
        path = url[len("duckdb://"):] if url.startswith("duckdb://") else url
        store = SqlStore(DuckDBBackend(path or ":memory:", read_only), url)
    if migrate and not read_only:
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
    return store


def open_reader(url_or_path: str) -> SqlStore:
    """Open a store for reading only when that is possible, else as ``open_store`` does.

    Why: a DuckDB file opened for writing locks out every other process, so commands that
    only read (``ledger``, ``claims``, ``export``...) and a server without a token open it
    read-only, and can run beside each other and beside a read-only ``serve``. A store
    that does not exist yet, or whose schema is older than this warledger's, is opened
    for writing (created, or migrated) as before; a newer one is refused as there. On
    PostgreSQL the session refuses writes."""
    from pathlib import Path

    from warledger.errors import StoreError
    from warledger.store.schema import LATEST

    url = str(url_or_path)
    if not url.startswith(("postgresql://", "postgres://")):
        path = url[len("duckdb://"):] if url.startswith("duckdb://") else url
        if not path or path == ":memory:" or not Path(path).exists():
            return open_store(url)
    try:
        store = open_store(url, read_only=True)
    except StoreError as exc:
        if "different configuration" not in str(exc.__cause__ or ""):
            raise
        # this process already has the file open for writing (a test, an embedding
        # program): DuckDB shares that one database with a connection of the same kind
        return open_store(url)
    try:
        current = store.version()
    except BaseException:
        store.close()
        raise
    if current == LATEST:
        return store
    store.close()
    return open_store(url)


def __getattr__(name: str) -> Any:
    # SqlStore (and with it dedup's datasketch and the engines) loads only when used, so
    # importing a record or a Query from here stays cheap
    if name == "SqlStore":
        from warledger.store.sqlstore import SqlStore

        return SqlStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Analysis", "Backend", "BatchResult", "Query", "SqlStore", "Store", "open_reader",
           "open_store"]

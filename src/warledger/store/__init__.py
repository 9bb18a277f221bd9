"""Where claims are kept: a DuckDB file by default, a PostgreSQL server for a shared team.

``open_store(url_or_path)`` picks the backend by URL scheme and brings the schema up to
date, so every caller gets a ready store:

- ``postgresql://user@host/db`` (or ``postgres://``): PostgreSQL through psycopg 3;
- ``duckdb:///abs/path.duckdb``, ``duckdb://rel/path.duckdb`` or a plain path: a DuckDB
  file, its folder created if missing; ``:memory:`` for a throwaway store.
"""
from __future__ import annotations

from warledger.store.base import Analysis, BatchResult, Query, Store
from warledger.store.sqlstore import SqlStore


def open_store(url_or_path: str, migrate: bool = True) -> SqlStore:
    """Open (and by default create or upgrade) the store at ``url_or_path``."""
    from warledger.store.backends import DuckDBBackend, PostgresBackend

    url = str(url_or_path)
    if url.startswith(("postgresql://", "postgres://")):
        store = SqlStore(PostgresBackend(url), url)
    else:
        path = url[len("duckdb://"):] if url.startswith("duckdb://") else url
        store = SqlStore(DuckDBBackend(path or ":memory:"), url)
    if migrate:
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
    return store


__all__ = ["open_store", "Store", "SqlStore", "Analysis", "BatchResult", "Query"]

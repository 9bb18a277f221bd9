"""A schema-v10 store as the previous warledger wrote it, loaded from tests/stores/v10-demo.json
(made by tests/stores/make_v10.py with that version's code): the tables are created by the
v10 migrations (kept as they were in store/schema.py) and filled with that version's rows.

Why not write the old rows with today's code: an upgrade must be tried on what the old
version really wrote (its JSON places, its summary), not on today's idea of it.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).resolve().parent / "stores" / "v10-demo.json"
# tables whose ids a sequence gives: filled in id order without the id, and checked
SEQUENCED = ("runs", "events", "attributions")


@lru_cache(maxsize=1)
def _text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def fixture() -> dict[str, Any]:
    """The dump (a fresh copy each call): ``tables`` (columns and rows of each table) and
    ``answers`` (what the v10 warledger answered: claims, ledgers, the claims CSV)."""
    return json.loads(_text())


def tables_at(store: Any) -> set[str]:
    return {r[0] for r in store.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}


def load_v10(url: str, target: int = 10) -> None:
    """Create a store at schema ``target`` (10, or an earlier one with the same claims
    table) at ``url`` and fill it with the v10 dump's rows of the tables it has."""
    from warledger.store import open_store

    dump = fixture()["tables"]
    store = open_store(url, migrate=False)
    try:
        store.migrate(target=target)
        assert store.version() == target
        have = tables_at(store)
        with store.db.transaction():
            for table, t in dump.items():
                if table not in have:
                    continue
                cols, rows = t["columns"], t["rows"]
                if table == "ledger_summary":
                    store.execute("DELETE FROM ledger_summary")
                if table in SEQUENCED:
                    at = cols.index("id")
                    named = [c for c in cols if c != "id"]
                    sql = (f"INSERT INTO {table} ({', '.join(named)}) VALUES "
                           f"({', '.join('?' for _ in named)})")
                    for r in sorted(rows, key=lambda r: r[at]):
                        store.execute(sql, [v for i, v in enumerate(r) if i != at])
                    got = [r[0] for r in store.execute(f"SELECT id FROM {table} ORDER BY id")]
                    assert got == sorted(r[at] for r in rows), table
                else:
                    store.db.bulk_insert(table, cols, [tuple(r) for r in rows])
    finally:
        store.close()


def table_rows(store: Any, table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """A table's columns (in their order) and rows (sorted), to compare stores."""
    cols = [r[0] for r in store.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND "
        "table_schema = current_schema() ORDER BY ordinal_position", [table])]
    rows = store.execute(f"SELECT {', '.join(cols)} FROM {table}")
    return cols, sorted((tuple(r) for r in rows), key=lambda r: tuple((v is None, str(v)) for v in r))

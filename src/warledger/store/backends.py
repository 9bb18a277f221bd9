"""The two connections a store can run on: an embedded DuckDB file and a PostgreSQL server.

Everything above this module writes SQL once, with ``?`` parameters, in the subset both
engines share. A backend only knows how to run a statement, how to open a transaction and
how to load many rows fast (DuckDB: an Arrow table; PostgreSQL: COPY); the parameter style
is translated here and nowhere else.
"""
from __future__ import annotations

import io
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from warledger.errors import StoreError


def redact(url: str) -> str:
    """A URL fit for messages: the password, if any, replaced by ***."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def _duckdb_open_error(path: str, read_only: bool, exc: BaseException) -> str:
    """One plain line for a DuckDB file that cannot be opened.

    Why: DuckDB lets one process write a file, or several only read it, never both; its
    own message names the lock's holder by the path of its executable, a server path a
    user has no use for, after a line of internals."""
    text = str(exc)
    if "Conflicting lock" in text or "Could not set lock" in text:
        pid = re.search(r"\(PID (\d+)\)", text)
        who = f"another process (PID {pid.group(1)})" if pid else "another process"
        mode = "read it" if read_only else "write to it"
        # "Conflicting lock", DuckDB's own words, is what a caller (serve) recognises
        return (f"{path}: Conflicting lock: {who} has this DuckDB store open, so this one "
                f"cannot {mode}; a DuckDB file takes one writing process at a time (readers "
                f"only when none writes): wait for it to finish, or keep a shared store on "
                f"PostgreSQL (--db postgresql://...)")
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return f"{path}: cannot open the DuckDB store ({first})"


class DuckDBBackend:
    dialect = "duckdb"

    def __init__(self, path: str, read_only: bool = False) -> None:
        import duckdb

        self.path = path
        self.read_only = read_only
        if path != ":memory:" and not read_only:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path}: cannot create the store's folder ({exc})") from exc
        try:
            self.con = duckdb.connect(path, read_only=read_only)
        except Exception as exc:  # duckdb raises IOException, a locked file, a bad file
            raise StoreError(_duckdb_open_error(path, read_only, exc)) from exc
        self._depth = 0

    def reader(self) -> "DuckDBBackend":
        """A second handle on the same database for another thread (a DuckDB cursor: its
        own connection to the one open database, so reads run side by side)."""
        other = DuckDBBackend.__new__(DuckDBBackend)
        other.path, other.read_only, other._depth = self.path, self.read_only, 0
        other.con = self.con.cursor()
        return other

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self.con.execute(sql, list(params))
        if cur.description is None:
            return []
        return cur.fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.con.execute("ROLLBACK")
            raise
        self._depth = 0
        self.con.execute("COMMIT")

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        import pyarrow as pa

        data = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
        self.insert_arrow(table, data)

    def insert_arrow(self, table: str, data: Any) -> None:
        """Load an Arrow table whose column names are the target's columns."""
        cols = ", ".join(data.column_names)
        self.con.register("_warledger_bulk", data)
        try:
            self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _warledger_bulk")
        finally:
            self.con.unregister("_warledger_bulk")

    def close(self) -> None:
        self.con.close()


class PostgresBackend:
    dialect = "postgres"

    def __init__(self, url: str, read_only: bool = False) -> None:
        import psycopg

        self.url = url
        self.read_only = read_only
        # read-only: every transaction of this session refuses writes (the server without
        # a token reads the shared store and must not be able to change it)
        extra: dict[str, Any] = ({"options": "-c default_transaction_read_only=on"}
                                 if read_only else {})
        try:
            self.con = psycopg.connect(url, autocommit=True, **extra)
        except Exception as exc:
            raise StoreError(f"{redact(url)}: cannot connect to PostgreSQL ({redact(str(exc))})") from exc
        self._depth = 0

    def reader(self) -> "PostgresBackend":
        """Another connection to the same server, for another thread."""
        return PostgresBackend(self.url, self.read_only)

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.con.cursor() as cur:
            if params:
                cur.execute(self._sql(sql), list(params))
            else:
                cur.execute(sql)
            if cur.description is None:
                return []
            return cur.fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.con.transaction():
            yield

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with self.con.cursor() as cur:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)

    def insert_arrow(self, table: str, data: Any) -> None:
        """Load an Arrow table through COPY ... CSV, written by Arrow's C++ CSV writer: no
        Python loop per row. Nulls are unquoted empty fields, which CSV COPY reads as NULL."""
        import pyarrow.csv as pacsv

        cols = ", ".join(data.column_names)
        with self.con.cursor() as cur:
            with cur.copy(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
                for batch in data.to_batches(max_chunksize=100_000):
                    sink = io.BytesIO()
                    pacsv.write_csv(batch, sink, pacsv.WriteOptions(include_header=False))
                    copy.write(sink.getvalue())

    def close(self) -> None:
        self.con.close()

"""The runs table: every ``ingest``, ``reextract`` or ``import`` is a run, recorded with
the warledger version and process that ran it, and closed as ``interrupted`` when its
process died.

Why apart from ``sqlstore.py``: run bookkeeping shares nothing with claims but the
connection (``self.db``); ``SqlStore`` takes these methods from ``Runs``.
"""
from __future__ import annotations

import json
import os
import socket
from datetime import datetime, timezone
from typing import Any

from warledger.errors import NotFound
from warledger.store.base import Backend

# PostgreSQL advisory lock namespace: one key per running run, held by the run's session
# (see ``begin_run``)
RUN_LOCKS = 0x574D


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _redacted(detail: dict[str, Any]) -> dict[str, Any]:
    """A run's detail fit to keep: a store URL's password (``--db postgresql://u:pw@...``)
    is never written into the runs table, which ``diff`` and the API may show."""
    from warledger.store.backends import redact

    return {k: redact(v) if isinstance(v, str) and "://" in v else v for k, v in detail.items()}


def _version() -> str:
    """The installed warledger's version (a run records which extractor made its claims)."""
    try:
        from importlib.metadata import version

        return version("warledger")
    except Exception:  # noqa: BLE001 - a source tree without metadata
        return "0"


class Runs:
    """The run methods of a store; ``self.db`` is its backend, ``self._active`` the runs
    this handle began and has not finished, ``self.where`` its name in messages."""

    db: Backend
    _active: set[int]

    @property
    def where(self) -> str:
        raise NotImplementedError  # the store's URL without its password (SqlStore)

    def begin_run(self, kind: str, detail: dict[str, Any]) -> int:
        """Record a run; its detail always names the warledger version that ran it (the
        extractor's version), beside what the caller adds (the model, the options), and
        the process (host, pid) running it.

        Runs left ``running`` by a process that died are first closed as ``interrupted``
        (``close_interrupted``). On PostgreSQL the new run's session takes an advisory lock
        named by the run's id, in the same transaction that makes the run visible, and
        holds it until ``finish_run``: the server drops it when the process dies, so a
        later run can tell a dead run from a live one on any machine."""
        detail = {"version": _version(), "host": socket.gethostname(), "pid": os.getpid(),
                  **_redacted(detail)}
        self.close_interrupted()
        with self.db.transaction():
            r = self.db.execute(
                "INSERT INTO runs (kind, status, started, detail) VALUES (?, ?, ?, ?) RETURNING id",
                [kind, "running", _now(), json.dumps(detail, default=str)])
            run_id = int(r[0][0])
            if self.db.dialect == "postgres":
                self.db.execute("SELECT pg_advisory_lock(?, ?)", [RUN_LOCKS, run_id % 2**31])
        self._active.add(run_id)
        return run_id

    def finish_run(self, run_id: int, status: str, detail: dict[str, Any]) -> None:
        with self.db.transaction():
            old = self.db.execute("SELECT detail FROM runs WHERE id = ?", [run_id])
            kept = json.loads(old[0][0]) if old and old[0][0] else {}
            self.db.execute("UPDATE runs SET status = ?, finished = ?, detail = ? WHERE id = ?",
                            [status, _now(), json.dumps({**kept, **_redacted(detail)}, default=str),
                             run_id])
        if run_id in self._active:
            self._active.discard(run_id)
            if self.db.dialect == "postgres":
                self.db.execute("SELECT pg_advisory_unlock(?, ?)", [RUN_LOCKS, run_id % 2**31])

    def stale_runs(self) -> list[int]:
        """Runs still marked ``running`` whose process is gone (killed, or its machine
        lost), without changing them (a read-only handle can ask too).

        PostgreSQL: a run is gone when its advisory lock can be taken (see ``begin_run``).
        DuckDB: a file has one writing process at a time and this one holds the file, so a
        run of any other process is gone; this process's own runs are left alone (one may
        be under way in another thread)."""
        dead: list[int] = []
        for rid, raw in self.db.execute("SELECT id, detail FROM runs WHERE status = 'running'"):
            rid = int(rid)
            if rid in self._active:
                continue
            if self.db.dialect == "postgres":
                key = [RUN_LOCKS, rid % 2**31]
                if self.db.execute("SELECT pg_try_advisory_lock(?, ?)", key)[0][0]:
                    self.db.execute("SELECT pg_advisory_unlock(?, ?)", key)
                    dead.append(rid)
            else:
                try:
                    pid = json.loads(raw).get("pid") if raw else None
                except ValueError:
                    pid = None
                if pid != os.getpid():
                    dead.append(rid)
        return dead

    def close_interrupted(self) -> list[int]:
        """Close the ``stale_runs`` as ``interrupted``; returns their ids."""
        dead = self.stale_runs()
        if dead:
            with self.db.transaction():
                self.db.execute(f"UPDATE runs SET status = 'interrupted', finished = ? WHERE "
                                f"status = 'running' AND id IN ({', '.join('?' for _ in dead)})",
                                [_now()] + dead)
        return dead

    def runs(self, limit: int = 20, kind: str | None = None) -> list[dict[str, Any]]:
        """The latest runs first (``kind``: only "ingest", "reextract", ...)."""
        where, params = (" WHERE kind = ?", [kind]) if kind else ("", [])
        got = self.db.execute(f"SELECT id, kind, status, started, finished, detail FROM runs"
                              f"{where} ORDER BY id DESC LIMIT ?", params + [limit])
        return [{"id": int(i), "kind": k, "status": s, "started": st, "finished": f,
                 "detail": json.loads(d) if d else {}} for i, k, s, st, f, d in got]

    def run(self, run_id: int) -> dict[str, Any]:
        """One run by id; raises NotFound."""
        got = self.db.execute("SELECT id, kind, status, started, finished, detail FROM runs "
                              "WHERE id = ?", [run_id])
        if not got:
            raise NotFound(f"no run {run_id} in {self.where}")
        i, k, s, st, f, d = got[0]
        return {"id": int(i), "kind": k, "status": s, "started": st, "finished": f,
                "detail": json.loads(d) if d else {}}

    def latest_run(self, before: int | None = None, kinds: tuple[str, ...] = ()) -> int | None:
        """The id of the latest finished run (before ``before``), of these kinds if given."""
        cond = ["status = 'done'"]
        params: list[Any] = []
        if before is not None:
            cond.append("id < ?")
            params.append(before)
        if kinds:
            cond.append(f"kind IN ({', '.join('?' for _ in kinds)})")
            params += list(kinds)
        got = self.db.execute(f"SELECT MAX(id) FROM runs WHERE {' AND '.join(cond)}", params)
        return int(got[0][0]) if got and got[0][0] is not None else None

"""A throwaway PostgreSQL server for tests and benchmarks.

A test helper, kept with the tests (not in the package users install): the fixture
(tests/conftest.py) and the store benchmark (bench/bench_store.py) both need a real server
without touching any installed cluster: initdb into a temp folder (as user ``postgres``
when running as root, since initdb refuses root), start on a free port of 127.0.0.1 with
the socket in the same folder, and remove everything on exit.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

from warledger.errors import StoreError


def find_pg_bin() -> Path | None:
    """The newest PostgreSQL bin folder with initdb, or None when not installed."""
    def version(p: str) -> int:
        part = Path(p).parts[-3]
        return int(part) if part.isdigit() else 0

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + cmd
    return cmd


class TempPostgres:
    """``with TempPostgres() as url:`` a running server's maintenance database URL.

    ``durable=False`` (the default) turns fsync off: fast, and a killed client still loses
    nothing committed, which is all the tests need.
    """

    def __init__(self, durable: bool = False) -> None:
        self.durable = durable
        self.bindir = find_pg_bin()
        self.root: Path | None = None
        self.url = ""

    def start(self) -> str:
        if self.bindir is None:
            raise StoreError("PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin "
                             "or PATH)")
        self.root = Path(tempfile.mkdtemp(prefix="warledger-pg-"))
        data, sock, log = self.root / "data", self.root / "sock", self.root / "server.log"
        sock.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(sock, "postgres")
        port = _free_port()
        opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1"
        if not self.durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        try:
            subprocess.run(_as_postgres([str(self.bindir / "initdb"), "-D", str(data), "-A",
                                         "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
                                         "--no-sync"]), check=True, capture_output=True)
            subprocess.run(_as_postgres([str(self.bindir / "pg_ctl"), "-D", str(data), "-o", opts,
                                         "-l", str(log), "-w", "-t", "60", "start"]),
                           check=True, capture_output=True)
        except subprocess.CalledProcessError as exc:
            detail = (exc.stderr or b"").decode(errors="replace")
            if log.exists():
                detail += log.read_text(errors="replace")
            self.stop()
            raise StoreError(f"could not start a throwaway PostgreSQL: {detail.strip()}") from exc
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        return self.url

    def stop(self) -> None:
        if self.root is None:
            return
        data = self.root / "data"
        if (data / "postmaster.pid").exists() and self.bindir is not None:
            subprocess.run(_as_postgres([str(self.bindir / "pg_ctl"), "-D", str(data), "-m",
                                         "immediate", "-w", "stop"]), capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def create_database(server_url: str, name: str) -> str:
    """Create an empty database on the server; returns its URL."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    with psycopg.connect(server_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    return urlunsplit(urlsplit(server_url)._replace(path="/" + name))


def drop_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]

"""Shared fixtures: a real PostgreSQL server for the server-mode store, and a ``store``
fixture that runs a test once on a DuckDB file and once on PostgreSQL.

Why a real server: the store's promise is that the same SQL behaves the same on both
engines, which only a real server can show. The server is a throwaway cluster in a temp
folder (initdb as user ``postgres`` when running as root), on a free port of 127.0.0.1,
started once per session; each test gets its own fresh database. Set
``WARLEDGER_TEST_PG_URL`` to use an existing server instead (the fixture then creates and
drops databases on it). Without PostgreSQL installed, postgres tests are skipped with the
reason.
"""
from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from typing import Iterator

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:  # the tests run against the checkout even when not installed
    sys.path.insert(0, str(SRC))
TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:  # test helpers kept here (pgtemp)
    sys.path.insert(1, str(TESTS))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a PostgreSQL server's maintenance database (``postgres``) for this session."""
    from warledger.errors import StoreError
    from pgtemp import TempPostgres

    env_url = os.environ.get("WARLEDGER_TEST_PG_URL")
    if env_url:
        yield env_url
        return
    server = TempPostgres()
    if server.bindir is None:
        pytest.skip("PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or "
                    "PATH); .ci/run installs it")
    try:
        url = server.start()
    except StoreError as exc:
        pytest.fail(str(exc))
    try:
        yield url
    finally:
        server.stop()


_db_numbers = itertools.count(1)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    from pgtemp import create_database, drop_database

    name = f"warledger_test_{os.getpid()}_{next(_db_numbers)}"
    url = create_database(pg_server, name)
    try:
        yield url
    finally:
        drop_database(pg_server, name)


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store location on each backend: a DuckDB file, then a fresh PostgreSQL database."""
    if request.param == "duckdb":
        return str(tmp_path / "store" / "warledger.duckdb")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[object]:
    """An open, migrated, empty store on each backend (closed afterwards)."""
    from warledger.store import open_store

    s = open_store(store_url)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def spark_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One local Spark session for the whole run (starting a JVM and its Python daemon is
    most of a small Spark test's time). Skipped with the reason without pyspark or Java."""
    import shutil

    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'warledger[spark]')")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Spark needs a JRE 17)")
    from warledger.spark import session

    log = tmp_path_factory.mktemp("spark-log") / "spark.log"
    s = session("local[2]", "warledger-tests", {
        "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4",
        "spark.driver.memory": "2g", "spark.default.parallelism": "4"}, log=str(log))
    yield s
    s.stop()


@pytest.fixture(scope="session")
def generate_corpus():
    """``bench/bench_spark.py``'s generator of varied articles (the tests that need a corpus
    bigger than the demo use the bench's, loaded once)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_spark", Path(__file__).resolve().parent.parent
                                                  / "bench" / "bench_spark.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_corpus

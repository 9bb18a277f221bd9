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
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:  # the tests run against the checkout even when not installed
    sys.path.insert(0, str(SRC))
TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:  # test helpers kept here (pgtemp)
    sys.path.insert(1, str(TESTS))


# --------------------------------------------------------------------------- parallel runs
#
# ``make test`` runs the suite on two pytest-xdist workers (``-n 2``). Each worker is a
# process of its own, with its own session fixtures (a PostgreSQL server on a free port, the
# spaCy pipeline) and its own temp folder (``tmp_path_factory``). Which tests run together,
# on one worker, is decided here ("units"), and the scheduler below hands out whole units:
# - a module's tests are one unit, so a module-scoped fixture (a filled store, a browser, a
#   report) is built once, not once on each worker that gets one of its tests;
# - every test that uses the Spark session (``spark_session``) is in one unit, so one JVM
#   serves the run as it does without xdist; a test that joins it another way says so with
#   ``@pytest.mark.xdist_group(SPARK_GROUP)`` (any ``xdist_group`` mark names its unit);
# - the units holding slow tests are handed out first, the Spark session's first of all
#   (the longest), so that the workers finish together instead of one of them starting a
#   Spark module when the other has nothing left to do.
#
# Why not xdist's own ``--dist loadgroup``: it reads the marks by renaming each test's node
# id, which pytest 9 no longer allows, so every test became a unit of its own. Here each
# worker writes down the unit of every test it collected (a JSON file in a folder the
# controller made) and the controller's scheduler reads it back.

SPARK_GROUP = "spark-session"
UNITS_ENV = "WARLEDGER_TEST_UNITS"  # the folder where workers leave {node id: unit}


def _group(item: pytest.Item) -> str | None:
    mark = item.get_closest_marker("xdist_group")
    if mark is None:
        return None
    return str(mark.args[0] if mark.args else mark.kwargs.get("name", ""))


def _module(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        folder = tempfile.mkdtemp(prefix="warledger-test-units-")
        os.environ[UNITS_ENV] = folder  # the workers, started after this, inherit it
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    units: dict[str, list[pytest.Item]] = {}
    for item in items:
        unit = _group(item) or (SPARK_GROUP if "spark_session" in getattr(item, "fixturenames", ())
                                else _module(item.nodeid))
        units.setdefault(unit, []).append(item)

    def rank(name: str) -> int:
        if name == SPARK_GROUP:
            return 0
        return 1 if any(i.get_closest_marker("slow") for i in units[name]) else 2
    order = sorted(units, key=rank)  # stable: collection order within a rank
    items[:] = [item for name in order for item in units[name]]
    worker = getattr(config, "workerinput", {}).get("workerid")
    folder = os.environ.get(UNITS_ENV)
    if worker and folder:
        path = Path(folder) / f"{worker}.json"
        path.with_suffix(".tmp").write_text(json.dumps(
            {item.nodeid: name for name in order for item in units[name]}), encoding="utf-8")
        path.with_suffix(".tmp").replace(path)  # whole, before the worker reports its tests


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, when it is installed
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Whole units to each worker, in the order collection put them (tests/conftest.py)."""
    from xdist.scheduler import LoadScopeScheduling

    folder = Path(os.environ[UNITS_ENV])

    class ByUnit(LoadScopeScheduling):
        units: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.units is None:  # asked once every worker has collected (and written)
                self.units = json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))
            return self.units.get(nodeid) or _module(nodeid)

    config.option.loadscopereorder = False  # the order above, not by number of tests
    return ByUnit(config, log)


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

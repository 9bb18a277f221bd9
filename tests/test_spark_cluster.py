"""spark-extract on a real standalone Spark cluster: a master and two workers, each its own
JVM (pyspark's own ``spark-class`` Master and Worker), on loopback ports picked here.

Why: ``local[N]`` runs the tasks in the driver's JVM and environment, so it cannot show
that the job ships what its executors need. Here the workers start in folders of their
own with an environment of their own (no PYTHONPATH of the driver's, another HOME, another
working directory), and every file their Python processes open is logged by an audit hook
(a ``sitecustomize`` the executors' Python is started with, nothing of warledger's). The test checks that
the output equals ``warledger extract``'s on the same articles, that the package and the
spaCy pipeline were loaded from what the job shipped into the executors' folders, and that
no executor opened a file of the driver's checkout, of the driver's warledger package or
of the driver's installed pipeline.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

# starting four JVMs and the job counts toward the first test's time: a few minutes on an
# idle 2-core machine, over ten on a loaded one
pytestmark = [pytest.mark.spark, pytest.mark.slow, pytest.mark.timeout(1800)]

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'warledger[spark]')")
if shutil.which("java") is None:
    pytest.skip("Java is not installed (Spark needs a JRE 17)", allow_module_level=True)

import pyarrow.parquet as pq  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SPARK_HOME = Path(pyspark.__file__).resolve().parent
N_ARTICLES = 64  # four retellings of each of the 16 demo and test records
JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

GUARD = '''
import os, sys
_dir = os.environ.get("WARLEDGER_GUARD_LOG")
if _dir:
    _out = open(os.path.join(_dir, "opens-%d.txt" % os.getpid()), "a", buffering=1)
    def _hook(event, args):
        if event == "open" and isinstance(args[0], str):
            _out.write(os.getcwd() + "\\t" + os.path.abspath(args[0]) + "\\n")
    sys.addaudithook(_hook)
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(path: Path, text: str, count: int, proc: subprocess.Popen[bytes], seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists() and path.read_text(errors="replace").count(text) >= count:
            return
        if proc.poll() is not None:
            break
        time.sleep(0.5)
    log = path.read_text(errors="replace")[-3000:] if path.exists() else "(no log)"
    raise AssertionError(f"the Spark process did not log {text!r} ({count}x):\n{log}")


class Cluster:
    """A master and ``workers`` workers of one core each, stopped (by their own process
    ids) at the end."""

    def __init__(self, base: Path, workers: int = 2) -> None:
        self.base = base
        self.port = _free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        self.procs: list[subprocess.Popen[bytes]] = []
        self.guard = base / "guard"
        self.opens = base / "opens"
        self.conf = base / "conf"
        for d in (self.guard, self.opens, self.conf):
            d.mkdir(parents=True)
        (self.guard / "sitecustomize.py").write_text(GUARD)
        # the executors' Python: the same interpreter, with the audit hook on its path (the
        # job sets the executors' PYTHONPATH to what it ships, so the hook comes this way)
        self.python = self.guard / "python"
        self.python.write_text(f'#!/bin/sh\nPYTHONPATH="{self.guard}${{PYTHONPATH:+:$PYTHONPATH}}" '
                               f'exec {sys.executable} "$@"\n')
        self.python.chmod(0o755)
        # the application must not start before both executors are up (Spark's own
        # spark-defaults.conf, read by the driver through SPARK_CONF_DIR)
        (self.conf / "spark-defaults.conf").write_text(
            "spark.scheduler.minRegisteredResourcesRatio 1.0\n"
            "spark.scheduler.maxRegisteredResourcesWaitingTime 120s\n"
            "spark.executor.memory 1g\nspark.ui.enabled false\n"
            # the executors' JVMs start with the C1 compiler and the serial collector, as
            # the master's and workers' do (SPARK_DAEMON_JAVA_OPTS): their compiler threads
            # were most of the CPU of starting six JVMs on a 2-core machine
            f"spark.executor.extraJavaOptions {JAVA_OPTIONS}\n")
        self.n_workers = workers

    def _env(self, home: Path, **extra: str) -> dict[str, str]:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
               "LANG": "C.UTF-8", "SPARK_HOME": str(SPARK_HOME), "SPARK_LOCAL_IP": "127.0.0.1",
               "SPARK_CONF_DIR": str(self.conf), "SPARK_DAEMON_JAVA_OPTS": JAVA_OPTIONS}
        if os.environ.get("JAVA_HOME"):
            env["JAVA_HOME"] = os.environ["JAVA_HOME"]
        env.update(extra)
        return env

    def _start(self, name: str, args: list[str], **extra: str) -> tuple[subprocess.Popen[bytes], Path]:
        home = self.base / name
        home.mkdir()
        log = home / "log"
        proc = subprocess.Popen([str(SPARK_HOME / "bin" / "spark-class"), *args], cwd=home,
                                env=self._env(home, **extra), stdout=log.open("wb"),
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc, log

    def start(self) -> "Cluster":
        master, mlog = self._start("master", [
            "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
            "--port", str(self.port), "--webui-port", str(_free_port())])
        _wait_for(mlog, "I have been elected leader", 1, master, 120)
        for i in range(self.n_workers):
            # the workers' Python processes get the audit hook and nothing of the driver's
            self._start(f"worker{i}", [
                "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0",
                "--webui-port", str(_free_port()), "--cores", "1", "--memory", "1536m",
                "--work-dir", str(self.base / f"worker{i}" / "work"), self.url],
                WARLEDGER_GUARD_LOG=str(self.opens))
        _wait_for(mlog, "Registering worker", self.n_workers, master, 120)
        return self

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)  # the group this test started
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, generate_corpus: Any) -> Iterator[dict[str, Any]]:
    """The articles, outside the checkout, and ``warledger extract`` on them, started at
    once as a process of its own: it runs while the cluster's JVMs start (the two are
    independent, and the test waits for both)."""
    work = tmp_path_factory.mktemp("spark-cluster-run")
    path = work / "corpus.jsonl"
    generate_corpus(N_ARTICLES, path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)}
    out, err = (work / "extract.jsonl").open("wb"), (work / "extract.err").open("wb")
    cli = subprocess.Popen([sys.executable, "-m", "warledger", "extract", "--format", "jsonl", str(path)],
                           cwd=work, env=env, stdout=out, stderr=err)
    try:
        yield {"work": work, "path": path, "cli": cli, "cli_out": work / "extract.jsonl", "env": env}
    finally:
        if cli.poll() is None:
            cli.kill()  # the process this fixture started
        cli.wait()
        out.close()
        err.close()


@pytest.fixture(scope="module")
def cluster(corpus: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    c = Cluster(tmp_path_factory.mktemp("spark-cluster")).start()
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture(scope="module")
def run(cluster: Cluster, corpus: dict[str, Any]) -> dict[str, Any]:
    """``warledger spark-extract --master spark://...`` as a user runs it, from a folder
    outside the checkout, on a corpus outside it; and the CLI's own run finished."""
    work = corpus["work"]
    out = work / "out"
    env = {**corpus["env"], "SPARK_CONF_DIR": str(cluster.conf), "SPARK_LOCAL_IP": "127.0.0.1",
           "PYSPARK_PYTHON": str(cluster.python)}
    t = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "warledger", "spark-extract", str(corpus["path"]),
                           str(out), "--master", cluster.url, "--partitions", "6"],
                          cwd=work, env=env, capture_output=True, text=True, timeout=900)
    corpus["cli"].wait(timeout=900)
    return {"proc": proc, "out": out, "corpus": corpus["path"], "seconds": time.monotonic() - t,
            "cli": corpus["cli"].returncode, "cli_out": corpus["cli_out"],
            "cli_err": (work / "extract.err").read_text(errors="replace")}


def _claim_key(article: str, start: int, end: int, kind: str, category: str, side: str,
               value: int | None, claimant: str) -> tuple[Any, ...]:
    return (article, start, end, kind, category, side, value, claimant)


def test_cluster_output_equals_the_cli(run: dict[str, Any]) -> None:
    proc = run["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    # the terminal shows warledger's lines only: the progress line and the summary
    assert f"analysed {N_ARTICLES}/{N_ARTICLES} articles" in proc.stderr
    assert f"{N_ARTICLES} articles (" in proc.stderr
    assert "WARN" not in proc.stderr and "log4j" not in proc.stderr and "[Stage" not in proc.stderr

    assert run["cli"] == 0, run["cli_err"][-3000:]  # warledger extract on the same file
    want = sorted(_claim_key(c["article"], c["span"][0], c["span"][1], c["kind"],
                             c["target"]["category"], c["target"]["side"], c["count"]["value"],
                             c["claimant"]["side"])
                  for c in (json.loads(line) for line in
                            run["cli_out"].read_text(encoding="utf-8").splitlines()
                            if line.startswith("{")))
    got = sorted(_claim_key(r["article"], r["span_start"], r["span_end"], r["kind"], r["category"],
                            r["target_side"], r["count_value"], r["claimant_side"])
                 for r in pq.read_table(run["out"] / "claims").to_pylist())
    assert len(want) > N_ARTICLES  # the corpus really carries claims
    assert got == want
    assert pq.read_table(run["out"] / "articles").num_rows == N_ARTICLES


def test_executors_use_what_was_shipped_and_nothing_of_the_driver(run: dict[str, Any],
                                                                  cluster: Cluster) -> None:
    import warledger
    from warledger.spark import SHIP_LIB, SHIP_MODEL, model_dir

    assert run["proc"].returncode == 0, run["proc"].stderr[-3000:]
    forbidden = [Path(warledger.__file__).resolve().parent, Path(model_dir(None)).resolve(), ROOT]
    installed = Path(sys.prefix).resolve()
    logs = sorted(cluster.opens.glob("opens-*.txt"))
    opened: dict[str, list[tuple[str, str]]] = {}
    for log in logs:
        opened[log.name] = [tuple(line.split("\t", 1)) for line in log.read_text().splitlines()]  # type: ignore[misc]
    lexicon = {log for log, rows in opened.items()
               if any(p.endswith(f"/{SHIP_LIB}/warledger/data/lexicon.yaml") and p.startswith(cwd)
                      for cwd, p in rows)}
    pipeline = {log for log, rows in opened.items()
                if any(p.endswith(f"/{SHIP_MODEL}/config.cfg") and p.startswith(cwd)
                       for cwd, p in rows)}
    # two executors (two JVMs, each its own Python daemon) loaded the shipped package and
    # pipeline from their own folders
    assert len(lexicon) >= 2 and len(pipeline) >= 2, sorted(opened)
    executor_dirs = {cwd for rows in opened.values() for cwd, _ in rows}
    assert all(str(cluster.base) in d for d in executor_dirs)
    package, pipeline_dir = forbidden[0], forbidden[1]
    bad = []
    for rows in opened.values():
        for _cwd, p in rows:
            path = Path(p)
            if any(f == path or f in path.parents for f in (package, pipeline_dir)):
                bad.append(p)  # the driver's own package or pipeline
            elif installed in path.parents:
                continue  # the interpreter and libraries installed on every machine
            elif ROOT == path or ROOT in path.parents:
                bad.append(p)  # the driver's checkout
            elif "/warledger/" in p and f"/{SHIP_LIB}/" not in p and "/.cache/warledger/" not in p:
                bad.append(p)  # another copy of the package (an editable install's)
    assert not bad, sorted(set(bad))[:20]

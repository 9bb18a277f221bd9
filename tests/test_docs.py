"""Docs that run: every command block of README.md and docs/*.md, run against the demo corpus.

A fenced block whose language is empty, ``sh``/``bash`` or ``python`` is a command block
and runs, line by line, in a scratch folder holding ``demo/`` (so ``var/warledger.duckdb``
is the scratch folder's); every ``warledger`` command must exit 0 and a file it is told to
write must be there and not empty. JSON blocks are examples of output, not commands.

A block is left out only when the line before its fence is one of these markers (a test
checks that every skipped block carries one, and that the rest ran):

    <!-- docs-test: illustrative -->     a synopsis (``[--flag]``, ``a|b``) or an install step
    <!-- docs-test: needs a server -->   talks to a running server (``curl``)

How lines run: ``warledger ARGS`` in-process (one spaCy load for the whole file, not one
per line; the same Typer app ``python -m warledger`` runs), with ``&&``, ``> FILE`` and
``| PROGRAM`` as a shell does them; ``. .venv/bin/activate`` is this test's own set-up
(``warledger`` is the checkout's); ``warledger serve`` is started for real on a free port,
asked for ``/api/health`` and stopped; the placeholder ``postgresql://user@host/db`` is the
test's PostgreSQL server (tests/conftest.py), holding the demo corpus too; ``spark-extract``
joins the test run's one Spark session (tests/conftest.py) as it joins a notebook's.
"""
from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ["README.md"] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))
MARKER = re.compile(r"^<!--\s*docs-test:\s*(illustrative|needs a server)\s*-->$")
RUNNABLE = {"", "sh", "bash", "python"}
PG_PLACEHOLDER = "postgresql://user@host/db"


@dataclass(frozen=True)
class Block:
    document: str
    line: int  # of the opening fence, 1-based
    language: str
    text: str
    skipped: str | None  # the marker's reason


def blocks_of(document: str) -> list[Block]:
    lines = (ROOT / document).read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[i])
        if not fence:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        before = next((lines[k].strip() for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        marker = MARKER.match(before)
        out.append(Block(document, i + 1, fence.group(1), "\n".join(lines[i + 1:j]),
                         marker.group(1) if marker else None))
        i = j + 1
    return out


def commands_of(text: str) -> list[str]:
    """The block's commands, continuation lines joined."""
    joined = re.sub(r"\s*\\\n\s*", " ", text)
    return [line.strip() for line in joined.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Runner:
    """Runs one document's command lines the way a shell in the scratch folder would."""

    def __init__(self, cwd: Path, pg_url: str | None) -> None:
        from warledger.cli import _load_commands

        _load_commands()
        self.cwd = cwd
        self.pg_url = pg_url
        self.ran = 0

    def line(self, where: str, line: str) -> None:
        if line in (". .venv/bin/activate", "source .venv/bin/activate"):
            return  # the test's own set-up: warledger is the checkout's
        if PG_PLACEHOLDER in line:
            assert self.pg_url, f"{where}: needs the PostgreSQL server"
            line = line.replace(PG_PLACEHOLDER, self.pg_url)
        words = shlex.split(line, comments=True)
        while words:
            cut = words.index("&&") if "&&" in words else len(words)
            self.command(where, words[:cut])
            words = words[cut + 1:]

    def command(self, where: str, words: list[str]) -> None:
        pipe_to: list[str] | None = None
        target: Path | None = None
        if "|" in words:
            k = words.index("|")
            words, pipe_to = words[:k], words[k + 1:]
        if ">" in words:
            k = words.index(">")
            words, target = words[:k], self.cwd / words[k + 1]
        assert words and words[0] == "warledger", f"{where}: not a warledger command: {words}"
        args = words[1:]
        self.ran += 1
        if "serve" in args:
            self.serve(where, args)
            return
        output = self.invoke(where, args)
        if pipe_to is not None:
            done = subprocess.run(pipe_to, input=output, capture_output=True, cwd=self.cwd,
                                  timeout=60)
            assert done.returncode == 0, f"{where}: {' '.join(pipe_to)}: {done.stderr!r}"
            assert done.stdout.strip(), f"{where}: nothing reached {pipe_to[0]}"
        if target is not None:
            target.write_bytes(output)
        for flag in ("-o", "--output"):
            if flag in args:
                written = self.cwd / args[args.index(flag) + 1]
                assert written.is_file() and written.stat().st_size > 0, f"{where}: {written}"

    def invoke(self, where: str, args: list[str]) -> bytes:
        from typer.testing import CliRunner

        from warledger.cli import app

        old = Path.cwd()
        os.chdir(self.cwd)
        try:
            result = CliRunner().invoke(app, args)
        finally:
            os.chdir(old)
        assert result.exit_code == 0, (f"{where}: warledger {' '.join(args)} exited "
                                       f"{result.exit_code}: {result.stderr[-1500:]}"
                                       + (f"\n{result.exception!r}" if result.exception else ""))
        return result.stdout_bytes

    def serve(self, where: str, args: list[str]) -> None:
        """A real server (it blocks), on a free port, until it answers."""
        import httpx

        port = _free_port()
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        proc = subprocess.Popen([sys.executable, "-m", "warledger", *args, "--port", str(port)],
                                cwd=self.cwd, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    resp = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                    assert resp.status_code == 200, f"{where}: /api/health {resp.status_code}"
                    break
                except httpx.TransportError:
                    assert proc.poll() is None, f"{where}: serve exited: {proc.stdout.read()!r}"
                    assert time.monotonic() < deadline, f"{where}: serve did not answer in 60 s"
                    time.sleep(0.3)
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    def python(self, where: str, code: str) -> None:
        old = Path.cwd()
        os.chdir(self.cwd)
        try:
            exec(compile(code, where, "exec"), {"__name__": "__docs__"})
        finally:
            os.chdir(old)
        self.ran += 1


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with demo/ in it, as a checkout would have."""
    cwd = tmp_path_factory.mktemp("docs")
    (cwd / "demo").symlink_to(ROOT / "demo", target_is_directory=True)
    return cwd


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WARLEDGER_DB", "WARLEDGER_PROFILES", "WARLEDGER_MODEL", "WARLEDGER_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def test_the_block_reader_sees_fences_languages_and_markers(tmp_path: Path, monkeypatch) -> None:
    doc = tmp_path / "x.md"
    doc.write_text("text\n\n```sh\nwarledger a \\\n  --b\n```\n\n<!-- docs-test: illustrative -->\n"
                   "```\nwarledger [--x]\n```\n```json\n{}\n```\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    got = blocks_of("x.md")
    assert [(b.line, b.language, b.skipped) for b in got] == [(3, "sh", None), (9, "", "illustrative"),
                                                              (12, "json", None)]
    assert commands_of(got[0].text) == ["warledger a --b"]


def test_the_blocks_left_out_are_what_their_marker_says() -> None:
    """A marker cannot hide a plain command: an illustrative block is a synopsis (``[...]``
    or ``a|b``) or an install step, a server's block is ``curl``; the rest run below."""
    runnable = 0
    for document in DOCUMENTS:
        for block in blocks_of(document):
            if block.language not in RUNNABLE:
                continue
            if block.skipped is None:
                runnable += 1
                continue
            lines = commands_of(block.text)
            where = (document, block.line)
            if block.skipped == "needs a server":
                assert all(line.startswith("curl ") for line in lines), where
            else:
                assert (any("[" in line or "|" in line for line in lines)
                        or all(line.split()[0] in ("make", "pip", "java") for line in lines)), where
    assert runnable >= 3


def _runnable(document: str) -> list[Block]:
    return [b for b in blocks_of(document) if b.language in RUNNABLE and b.skipped is None]


def _document_param(document: str) -> object:
    """A document whose commands run ``spark-extract`` joins the run's one Spark session, so
    under xdist it runs on the worker that holds it (tests/conftest.py)."""
    if any("spark-extract" in b.text for b in _runnable(document)):
        return pytest.param(document, marks=pytest.mark.xdist_group("spark-session"))
    return document


@pytest.mark.slow
@pytest.mark.parametrize("document", [_document_param(d) for d in DOCUMENTS])
def test_the_commands_of_the_document_run(document: str, scratch: Path, clean_env: None,
                                          request: pytest.FixtureRequest) -> None:
    blocks = _runnable(document)
    if not blocks:
        pytest.skip(f"{document} has no command block to run (every one is marked)")
    needs_pg = any(PG_PLACEHOLDER in b.text for b in blocks)
    pg_url = request.getfixturevalue("pg_url") if needs_pg else None
    if any("spark-extract" in b.text for b in blocks):  # in the Spark group: _document_param
        # the run's one Spark session (conftest.py): spark-extract joins a running session,
        # as in a notebook, instead of starting and stopping a JVM of its own
        request.getfixturevalue("spark_session")
    runner = Runner(scratch, pg_url)
    if not (scratch / "var" / "warledger.duckdb").exists():
        runner.line("set-up", "warledger ingest -q demo/")  # the store the docs' commands read
    if pg_url:
        runner.line("set-up", f"warledger --db {pg_url} ingest -q demo/")
    before = runner.ran
    for block in blocks:
        where = f"{document}:{block.line}"
        if block.language == "python":
            runner.python(where, block.text)
            continue
        for line in commands_of(block.text):
            runner.line(where, line)
    assert runner.ran > before


def test_how_it_is_built_names_every_module_of_the_tree() -> None:
    """The README's table (and the line under it) names each top-level module and package
    of src/warledger, and names nothing that is not there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How it is built"):readme.index("Lexicons, profiles")]
    named = set(re.findall(r"`(?:warledger/)?([a-z_]+(?:\.py|/))", section))
    package = ROOT / "src" / "warledger"
    tree = {p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    tree |= {p.name + "/" for p in package.iterdir() if (p / "__init__.py").is_file()}
    tree -= {"data/"}  # the data files have their own paragraph
    top = {n for n in named if (package / n.rstrip("/")).exists() or "/" not in n}
    assert tree - named == set(), "modules the README does not name"
    missing = {n for n in top if not (package / n.rstrip("/")).exists()
               and not any((p / n).exists() for p in package.iterdir() if p.is_dir())}
    assert missing == set(), "named in the README but not in the tree"

"""How the package hangs together: no import circle, and a command pays only for what it
uses at start-up.

The graph is read from the source (``ast``), every import counted, the ones inside
functions too: a deferred import still makes one module depend on another, and a circle
through it is one a newcomer has to hold in their head. ``if TYPE_CHECKING:`` imports are
not counted (they never run). Start-up is checked with ``python -X importtime``, on the
modules a run imports, not on its time (that is ``bench/bench_startup.py``'s job).
"""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "warledger"

# Circles that were there when this test was written, each with who is removing it; the
# test fails when a new one appears and when one of these is gone (take it off the list).
KNOWN_CIRCLES: set[frozenset[str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``module`` imports, anywhere in its body."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                found.update(r for a in node.names if (r := resolve(a.name)))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                for a in node.names:
                    full = f"{base}.{a.name}"
                    r = full if full in known else resolve(base)
                    if r:
                        found.add(r)
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    visit([child])
                elif isinstance(child, ast.ExceptHandler):
                    visit(child.body)
    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    found.discard(module)
    return found


def import_circles() -> set[frozenset[str]]:
    """The strongly connected parts of the import graph with more than one module."""
    known = _modules()
    graph = {m: _imports(m, p, known) for m, p in known.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: set[frozenset[str]] = set()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.add(w)
                if w == v:
                    break
            if len(part) > 1:
                circles.add(frozenset(part))
    for v in sorted(graph):
        if v not in index:
            connect(v)
    return circles


def test_the_graph_reader_sees_a_circle_and_deferred_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "warledger"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from warledger import b\n")
    (pkg / "b.py").write_text("def f():\n    from warledger.a import x\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                              "    from warledger import a\n")
    known = {"warledger": pkg / "__init__.py", "warledger.a": pkg / "a.py",
             "warledger.b": pkg / "b.py", "warledger.c": pkg / "c.py"}
    assert _imports("warledger.a", pkg / "a.py", known) == {"warledger.b"}
    assert _imports("warledger.b", pkg / "b.py", known) == {"warledger.a"}
    assert _imports("warledger.c", pkg / "c.py", known) == set()


def test_no_new_import_circle() -> None:
    circles = import_circles()
    new = circles - KNOWN_CIRCLES
    assert not new, f"new import circle(s): {[sorted(c) for c in new]}"
    gone = KNOWN_CIRCLES - circles
    assert not gone, f"circle(s) removed: take them off KNOWN_CIRCLES: {[sorted(c) for c in gone]}"


def _imported(*args: str, cwd: Path) -> set[str]:
    """The modules a ``python -X importtime -m warledger ARGS`` run imports."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "warledger", *args],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    names = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:") and "|" in line}
    assert "warledger.cli" in names  # the reader of -X importtime's output works
    return names


STORE_AND_ENGINES = ("datasketch", "scipy", "duckdb", "psycopg", "pyarrow", "warledger.store",
                     "fastapi", "pyspark", "weasyprint")
# store modules `extract` may load: none (analyze.py takes Analysis from warledger.records)
STORE_ALIAS: set[str] = set()


def _loaded(names: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(n == r or n.startswith(r + ".") for r in roots))


def test_extract_help_loads_no_pipeline_and_no_store(tmp_path: Path) -> None:
    names = _imported("extract", "--help", cwd=tmp_path)
    assert not _loaded(names, STORE_AND_ENGINES + ("spacy", "numpy", "warledger.analyze",
                                                   "warledger.nlp", "warledger.ingest"))


def test_extract_imports_neither_datasketch_nor_the_store(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Marvosian forces said 12 Tavrenian soldiers were killed near Upper "
                       "Zolta on Monday.\n", encoding="utf-8")
    names = _imported("extract", "--format", "jsonl", str(article), cwd=tmp_path)
    assert "spacy" in names and "warledger.analyze" in names  # it did the work
    assert not set(_loaded(names, STORE_AND_ENGINES)) - STORE_ALIAS
    # spaCy's own command line (and requests, weasel, httpx behind it) is not loaded
    assert not _loaded(names, ("spacy.cli", "weasel"))


def test_spacy_cli_is_still_there_when_asked_for() -> None:
    """nlp._import_spacy leaves spaCy's CLI out of the import, not out of reach."""
    code = ("from warledger.nlp import load_pipeline; import sys; nlp = load_pipeline(None); "
            "assert 'spacy.cli' not in sys.modules, 'cli imported'; "
            "assert [t.dep_ for t in nlp('Three soldiers died.')][2] == 'ROOT'; "
            "import spacy, spacy.cli; assert callable(spacy.cli.download); "
            "assert spacy.info(markdown=False, silent=True)['spacy_version'] == spacy.__version__")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(SRC)), timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_import_warledger_is_cheap() -> None:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import warledger"],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(SRC)))
    names = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "warledger" in names
    assert not _loaded(names, STORE_AND_ENGINES + ("spacy", "numpy", "typer", "rich", "yaml"))
    assert not [n for n in names if n.startswith("warledger.")]

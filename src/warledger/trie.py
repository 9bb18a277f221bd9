"""Word lists as one regular expression shaped like a character trie, compiled once per user.

A plain alternation of a thousand names ("Azerbaijan|Azeri|Baku|...") is tried name by
name at every position of the text; the same names as a trie ("Az(?:erbaijan|eri)|Baku")
are tried once, which makes the party and trigger look-ups about twenty times faster.
Longer words win (each optional tail is greedy), so matching stays leftmost-longest.

Building such a pattern and compiling it costs time in every process: Python's ``re``
parses and compiles in Python, and the party matchers, trigger and cue lists of one
``warledger extract`` run took 0.4-0.5 s of CPU that way, a tenth of a run on real wire
copy. ``trie_regex`` and ``cached_compile`` keep the compiled program (the code ``re``
hands to its C engine) in the user's cache folder (``$WARLEDGER_CACHE`` or
``~/.cache/warledger``), keyed by the exact words, pattern and flags and by the Python
build, and rebuild the very same Pattern from it. A program is written only after it was
checked equal to ``re.compile``'s own (``Pattern.__eq__`` compares pattern, flags and
code), and read back only if its checksum holds; anything else (no cache folder, another
Python, a damaged file) falls back to ``re.compile``, so the cache changes only the time.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import re
import sys
from array import array
from pathlib import Path
from typing import Any, Iterable

_sre: Any
_compiler: Any
_parser: Any
try:  # CPython's regex engine and compiler (3.11+): what re.compile runs
    _sre = importlib.import_module("_sre")
    _compiler = importlib.import_module("re._compiler")
    _parser = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - another Python: plain re.compile
    _sre = _compiler = _parser = None


def trie_pattern(words: Iterable[str]) -> str:
    """The regex source matching any of ``words`` (spaces match any run of whitespace,
    apostrophes both ' and \u2019)."""
    trie: dict[str, dict] = {}
    for word in {w for w in words if w}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _body(trie)


def _one(ch: str) -> str:
    return r"\s+" if ch == " " else "['\u2019]" if ch in "'\u2019" else re.escape(ch)


def _body(node: dict[str, dict]) -> str:
    alts = [_one(ch) + _body(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def trie_regex(words: Iterable[str], before: str = "", after: str = "", flags: int = 0) -> re.Pattern[str]:
    """``re.compile(before + trie_pattern(words) + after, flags)``, from the user's cache
    when it holds it (then neither the trie nor the program is built)."""
    unique = sorted({w for w in words if w})
    key = _key("trie", before, after, str(int(flags)), "\x00".join(unique))
    got = _load(key)
    if got is not None:
        return got
    return _compile_and_keep(key, before + trie_pattern(unique) + after, int(flags))


def cached_compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, from the user's cache when it holds it."""
    key = _key("source", str(int(flags)), source)
    got = _load(key)
    if got is not None and got.pattern == source:
        return got
    return _compile_and_keep(key, source, int(flags))


# --------------------------------------------------------------------------- the cache


def _cache_dir() -> Path:
    root = os.environ.get("WARLEDGER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "warledger")
    return Path(root) / "regex"


def _key(*parts: str) -> str:
    h = hashlib.sha256()
    for part in (sys.version, str(getattr(_sre, "MAGIC", "")), str(getattr(_sre, "CODESIZE", "")), *parts):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x01")
    return h.hexdigest()


def _program(source: str, flags: int) -> tuple[Any, ...]:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` for this pattern."""
    p = _parser.parse(source, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup)


def _compile_and_keep(key: str, source: str, flags: int) -> re.Pattern[str]:
    compiled = re.compile(source, flags)
    if _sre is None or not hasattr(_sre, "compile"):
        return compiled
    try:
        full_flags, code, groups, groupindex, indexgroup = _program(source, flags)
        rebuilt = _sre.compile(source, full_flags, code, groups, groupindex, indexgroup)
        if rebuilt != compiled or rebuilt.groupindex != compiled.groupindex:
            return compiled  # this Python builds Patterns some other way: no cache
        blob = array("I", code).tobytes()
        record = pickle.dumps((source, full_flags, groups, groupindex, indexgroup, blob,
                               hashlib.sha256(blob).hexdigest()), protocol=pickle.HIGHEST_PROTOCOL)
        folder = _cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{key}.{os.getpid()}.tmp"
        tmp.write_bytes(record)
        os.replace(tmp, folder / f"{key}.re")
    except (OSError, TypeError, ValueError, OverflowError, RuntimeError, AttributeError):
        pass  # an unwritable cache (or an odd pattern) only costs time
    return compiled


def _load(key: str) -> re.Pattern[str] | None:
    if _sre is None or not hasattr(_sre, "compile"):
        return None
    try:
        record = (_cache_dir() / f"{key}.re").read_bytes()
    except OSError:
        return None
    try:
        source, full_flags, groups, groupindex, indexgroup, blob, digest = pickle.loads(record)
        if hashlib.sha256(blob).hexdigest() != digest:
            return None
        code = array("I")
        code.frombytes(blob)
        return _sre.compile(source, full_flags, code.tolist(), groups, groupindex, indexgroup)
    except Exception:  # noqa: BLE001 - a damaged or foreign file: compile as usual
        return None

"""Word-list regexes (``warledger.trie``): the trie matches leftmost-longest, and a program
kept in the user's cache gives the very Pattern ``re.compile`` gives; a damaged cache file
is never used."""
from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from warledger import trie
from warledger.trie import cached_compile, trie_pattern, trie_regex

WORDS = ["Azerbaijan", "Azeri", "Azeris", "Baku", "Nagorno Karabakh", "Karabakh", "Stepanakert's"]
BEFORE, AFTER = r"(?<![\w-])(?:", r")(?!\w)"
TEXT = "Azeris said Nagorno  Karabakh and Stepanakert\u2019s mayor met Baku's envoy, not Azerbaijani ones."


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WARLEDGER_CACHE", str(tmp_path))
    return tmp_path / "regex"


def test_trie_matches_leftmost_longest() -> None:
    rx = re.compile(BEFORE + trie_pattern(WORDS) + AFTER)
    assert [m.group(0) for m in rx.finditer(TEXT)] == [
        "Azeris", "Nagorno  Karabakh", "Stepanakert\u2019s", "Baku"]


def test_a_kept_program_is_the_pattern_re_compiles(cache: Path) -> None:
    expected = re.compile(BEFORE + trie_pattern(WORDS) + AFTER, re.IGNORECASE)
    first = trie_regex(WORDS, BEFORE, AFTER, re.IGNORECASE)  # compiled, then kept
    assert len(list(cache.glob("*.re"))) == 1
    again = trie_regex(reversed(WORDS), BEFORE, AFTER, re.IGNORECASE)  # read back: same words
    for rx in (first, again):
        assert rx == expected and rx.pattern == expected.pattern and rx.flags == expected.flags
        assert [m.span() for m in rx.finditer(TEXT.lower())] == [m.span() for m in expected.finditer(TEXT.lower())]
    assert len(list(cache.glob("*.re"))) == 1


def test_groups_survive_the_cache(cache: Path) -> None:
    source = r"(?P<count>\d+)\s+(?P<what>tanks?|drones?)(?:\s+(lost))?"
    cached_compile(source)
    rx = cached_compile(source)
    assert rx == re.compile(source) and rx.groupindex == {"count": 1, "what": 2} and rx.groups == 3
    m = rx.search("it lost 3 tanks lost")
    assert m is not None and m.groupdict() == {"count": "3", "what": "tanks"} and m.group(3) == "lost"


def test_a_damaged_cache_file_is_not_used(cache: Path) -> None:
    trie_regex(WORDS, BEFORE, AFTER)
    (path,) = cache.glob("*.re")
    source, flags, groups, groupindex, indexgroup, blob, digest = pickle.loads(path.read_bytes())
    bad = blob[:8] + bytes([blob[8] ^ 1]) + blob[9:]  # one bit of the program flipped
    path.write_bytes(pickle.dumps((source, flags, groups, groupindex, indexgroup, bad, digest)))
    assert trie._load(path.stem) is None
    assert trie_regex(WORDS, BEFORE, AFTER) == re.compile(BEFORE + trie_pattern(WORDS) + AFTER)
    path.write_bytes(path.read_bytes()[:-40])  # cut short
    assert trie._load(path.stem) is None
    assert trie_regex(WORDS, BEFORE, AFTER) == re.compile(BEFORE + trie_pattern(WORDS) + AFTER)
    path.write_bytes(b"not a pickle")
    assert trie_regex(WORDS, BEFORE, AFTER) == re.compile(BEFORE + trie_pattern(WORDS) + AFTER)


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("WARLEDGER_CACHE", str(blocker))
    assert trie_regex(WORDS, BEFORE, AFTER) == re.compile(BEFORE + trie_pattern(WORDS) + AFTER)

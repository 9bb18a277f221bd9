"""The loss lexicon (``data/lexicon.yaml``), loaded once and compiled for matching.

Multi-word phrases are matched on lower-cased token sequences, longest first, so that
"helicopter gunboats" is a helicopter and not a ship and "killed or wounded" is a loss of
unknown kind rather than a killing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Lexicon:
    kinds: dict[str, str]  # lemma or phrase -> kind (verbs, participles, adjectives)
    nouns: dict[str, str]  # noun -> kind ("casualties" -> losses)
    elided: dict[str, str]  # participle after a bare number -> kind ("35 wounded")
    categories: dict[str, str]  # noun phrase -> category
    enemy_words: frozenset[str]
    own_words: frozenset[str]
    irrealis: frozenset[str]
    negation: frozenset[str]
    cues: dict[str, str]  # cue lemma -> "assert" | "deny"
    max_phrase: int  # longest phrase, in tokens
    trigger_rx: re.Pattern[str]  # cheap test: can this sentence carry a loss claim?
    cue_rx: re.Pattern[str]  # cheap test: can this sentence carry an attribution?


def key(phrase: str) -> str:
    """A phrase as spaCy tokenises it, lower-cased and joined by spaces: hyphens between
    letters are split ("anti-aircraft" -> "anti - aircraft"), model numbers are not ("s-300")."""
    return " ".join(re.sub(r"(?<=[a-z])-(?=[a-z])", " - ", phrase.lower()).split())


# inflections the stem filter would miss ("lose" -> "lost", "shoot" -> "shot")
IRREGULAR = ("lost", "shot", "died", "dying", "dies", "struck", "sank", "sunk", "took", "taken",
             "hit", "slain", "blew", "blown", "wounded", "killed", "dead", "toll")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = yaml.safe_load(resources.files("warledger.data").joinpath("lexicon.yaml")
                         .read_text(encoding="utf-8"))
    kinds = {key(str(w)): k for k, words in raw["kinds"].items() for w in words}
    nouns = {key(str(w)): k for k, words in raw["nouns"].items() for w in words}
    elided = {str(w).lower(): k for k, words in raw["elided"].items() for w in words}
    cats = {key(str(w)): c for c, words in raw["categories"].items() for w in words}
    cues = {str(w).lower(): s for s, words in raw["cues"].items() for w in words}
    longest = max(len(p.split()) for p in list(kinds) + list(cats) + list(nouns))
    # the cheap pre-filter: every inflection is covered by matching word starts
    stems = set(IRREGULAR)
    for word in list(kinds) + list(nouns) + list(elided) + ["casualt", "toll", "times", "violat",
                                                             "ceasefire", "opened fire"]:
        first = word.split()[0]
        n = len(first)
        stems.add(re.escape(first[:n - 2] if n >= 6 else first[:n - 1] if n >= 4 else first))
    trigger_rx = re.compile(r"\b(?:" + "|".join(sorted(stems, key=len, reverse=True)) + ")",
                            re.IGNORECASE)
    cue_stems = {re.escape(c.split()[0][:max(3, len(c.split()[0]) - 1)]) for c in cues}
    cue_rx = re.compile(r"\b(?:according|statement|" + "|".join(sorted(cue_stems, key=len, reverse=True)) + ")",
                        re.IGNORECASE)
    return Lexicon(kinds=kinds, nouns=nouns, elided=elided, categories=cats,
                   enemy_words=frozenset(w.lower() for w in raw["enemy_words"]),
                   own_words=frozenset(w.lower() for w in raw["own_words"]),
                   irrealis=frozenset(w.lower() for w in raw["irrealis"]),
                   negation=frozenset(w.lower() for w in raw["negation"]),
                   cues=cues, max_phrase=longest, trigger_rx=trigger_rx, cue_rx=cue_rx)


_FIRSTS: dict[int, tuple[dict[str, str], dict[str, int]]] = {}


def _firsts(table: dict[str, str]) -> dict[str, int]:
    """First word of every phrase of a table -> the longest phrase length starting with it
    (tables are loaded once, so this index is built once per table)."""
    hit = _FIRSTS.get(id(table))
    if hit is None or hit[0] is not table:
        index: dict[str, int] = {}
        for phrase in table:
            first, n = phrase.split(" ", 1)[0], phrase.count(" ") + 1
            index[first] = max(index.get(first, 0), n)
        _FIRSTS[id(table)] = hit = (table, index)
    return hit[1]


def match_phrase(words: list[str], i: int, table: dict[str, str], max_len: int) -> tuple[str, int] | None:
    """Longest phrase of ``table`` starting at ``words[i]``: (value, length in words)."""
    longest = _firsts(table).get(words[i])
    if longest is None:
        return None
    for n in range(min(longest, max_len, len(words) - i), 0, -1):
        key = " ".join(words[i:i + n])
        if key in table:
            return table[key], n
    return None

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


from warledger.data import yaml_load
from warledger.trie import trie_regex


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
    model_rx: re.Pattern[str]  # weapon designations ("MiG-23s"): group name = category
    nominal: dict[str, str]  # noun predicates of loss ("attack" on a tanker) -> kind
    nominal_preps: dict[str, tuple[str, ...]]  # kind -> prepositions that take the patient
    frame_exclude: frozenset[str]  # loss verbs that make no frame of their own
    safe_rx: re.Pattern[str]  # zero losses said outright ("returned safely to base")
    money_damage_rx: re.Pattern[str]  # damage stated as money ("500 mln dlrs in damage")
    side_words: dict[str, frozenset[str]]  # word classes of the side rules


@lru_cache(maxsize=1 << 16)  # a pure function of the word, asked for every token several times
def key(phrase: str) -> str:
    """A phrase as spaCy tokenises it, lower-cased and joined by spaces: hyphens between
    letters are split ("anti-aircraft" -> "anti - aircraft"), model numbers are not ("s-300")."""
    spaced = re.sub(r"(?<=[a-z])-(?=[a-z])", " - ", phrase.lower()).replace(",", " ,")
    return " ".join(spaced.split())


# inflections the stem filter would miss ("lose" -> "lost", "shoot" -> "shot")
IRREGULAR = ("lost", "lose", "losing", "shot", "died", "dying", "dies", "struck", "sank", "sunk",
             "hit", "hits", "hitting", "slain", "blew", "blown", "wounded", "killed", "dead", "toll",
             "tolls", "downed", "downing", "brought", "burnt", "burned", "knocked", "wiped", "fell",
             "fallen", "casualties", "losses", "injuries", "deaths", "prisoners", "hostages",
             "captives", "missing", "seized", "casualty", "shooting")


_FUNCTION_WORDS = {"were", "was", "be", "go", "went", "take", "took", "taken", "put", "set", "become",
                   "became", "or", "and", "in", "of", "on", "their", "his", "her", "out", "down", "up"}


def _inflections(word: str) -> set[str]:
    """The regular forms of a verb or noun: kill -> kills killed killing; destroy ->
    destroys destroyed destroying; seize -> seized seizing; capture -> captured."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "ed"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) >= 3 and word[-1] not in "aeiouwy" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # "shelled", "stopped"
    return forms


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = yaml_load(resources.files("warledger.data").joinpath("lexicon.yaml")
                         .read_text(encoding="utf-8"))
    kinds = {key(str(w)): k for k, words in raw["kinds"].items() for w in words}
    nouns = {key(str(w)): k for k, words in raw["nouns"].items() for w in words}
    elided = {str(w).lower(): k for k, words in raw["elided"].items() for w in words}
    cats = {key(str(w)): c for c, words in raw["categories"].items() for w in words}
    cues = {str(w).lower(): s for s, words in raw["cues"].items() for w in words}
    longest = max(len(p.split()) for p in list(kinds) + list(cats) + list(nouns))
    # the cheap pre-filter: every inflection of every trigger word, as whole words. Of a
    # phrase the telling word counts ("taken prisoner" by "prisoner", "go missing" by
    # "missing"): function words such as "were", "go", "take" would pass everything.
    forms: set[str] = set(IRREGULAR)
    nominal = {key(str(w)): k for k, words in (raw.get("nominal") or {}).items() for w in words}
    for phrase in list(kinds) + list(nouns) + list(elided) + list(nominal) + ["times", "violation", "violate",
                                                               "ceasefire", "casualty"]:
        words = [w for w in phrase.split() if w not in _FUNCTION_WORDS and w != "-"]
        if words:
            forms.update(_inflections(max(words, key=len)))
    trigger_rx = trie_regex(forms, r"\b(?:", r")\b", re.IGNORECASE)  # compiled once per user
    model_rx = re.compile("|".join(
        rf"(?P<{cat}>^(?:{'|'.join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))})"
        rf"-?\d+[A-Za-z]{{0,3}}\d*(?:s|['\u2019]s)?$)"
        for cat, prefixes in (raw.get("models") or {}).items()))
    return Lexicon(model_rx=model_rx, kinds=kinds, nouns=nouns, elided=elided, categories=cats,
                   enemy_words=frozenset(w.lower() for w in raw["enemy_words"]),
                   own_words=frozenset(w.lower() for w in raw["own_words"]),
                   irrealis=frozenset(w.lower() for w in raw["irrealis"]),
                   negation=frozenset(w.lower() for w in raw["negation"]),
                   cues=cues, max_phrase=longest, trigger_rx=trigger_rx, nominal=nominal,
                   nominal_preps={k: tuple(v) for k, v in (raw.get("nominal_preps") or {}).items()},
                   frame_exclude=frozenset(raw.get("frame_exclude") or ()),
                   safe_rx=re.compile("|".join(raw.get("safe") or ["(?!)"]), re.IGNORECASE),
                   money_damage_rx=re.compile(raw.get("money_damage") or "(?!)", re.IGNORECASE),
                   side_words={k: frozenset(str(w) for w in v) for k, v in (raw.get("side_words") or {}).items()})


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


@lru_cache(maxsize=32)
def word_class_rx(name: str) -> re.Pattern[str]:
    """One compiled test for any word or phrase of a side-rule word class in lower-cased
    text ("merchant_ships": "a tanker", "the bulk carrier"), not one search per word."""
    return trie_regex(load_lexicon().side_words[name], r"\b(?:", r")\b")

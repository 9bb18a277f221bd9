"""The cue lexicon of attributions (``data/cues.yaml``), loaded once.

Why a lexicon of its own: the loss lexicon's few dozen speech verbs came from wire copy
about wars; who-said-what in news at large is carried by some three hundred verbs
("tweeted", "urged", "vowed", "questioned"), a few nouns ("the army's claim that ...") and
"according to". The verbs come in two classes that the parse treats differently (see the
data file): ``speech`` verbs are cues wherever they stand outside a quotation; ``stance``
verbs ("think", "want", "support") only in a main clause, since inside someone else's
reported words they are part of what was said.

The lexicon also gives the cheap test of which sentences are worth parsing for
attributions (``CueLexicon.cue_rx``): every inflected form of every cue word but the weak
ones (mostly nouns: "states", "issues"), as whole words, through one trie-shaped regular
expression.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from warledger.data import yaml_load
from warledger.trie import trie_regex

# forms the regular rules below miss
IRREGULAR = {
    "say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "think": ["thought"],
    "know": ["knew", "known"], "see": ["saw", "seen"], "find": ["found"], "seek": ["sought"],
    "speak": ["spoke", "spoken"], "understand": ["understood"], "read": ["read"],
    "put": ["put"], "forget": ["forgot", "forgotten"], "forecast": ["forecast"],
    "foresee": ["foresaw", "foreseen"], "learn": ["learnt"], "show": ["shown"],
    "quote": ["quoted"], "cry": ["cried"], "brush": ["brushed"], "mean": ["meant"],
}


def inflections(lemma: str) -> set[str]:
    """The forms a cue verb or noun is written in: say -> says, saying, said; deny ->
    denies, denied; admit -> admitted; statement -> statements."""
    w = lemma
    forms = {w, w + "s", w + "ed", w + "ing"}
    if w.endswith("e"):
        forms |= {w + "d", w[:-1] + "ing"}
    if w.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {w + "es"}
    if w.endswith("y") and w[-2:-1] not in ("a", "e", "i", "o", "u"):
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) >= 3 and w[-1] in "tpgnmdl" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # admitted, regretting, labelled
    forms.update(IRREGULAR.get(w, ()))
    return forms


# a quotation inside one sentence (the cue words in it are what was said)
_QUOTED = re.compile("\u201c[^\u201d]*\u201d|\"[^\"]*\"|''(?:(?!'').)*''")
_DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this",
                "these", "those", "such", "no", "every", "each", "any"}


@dataclass(frozen=True)
class CueLexicon:
    verbs: dict[str, str]  # lemma -> "speech" | "stance" | "deny"
    nouns: frozenset[str]
    adjectives: frozenset[str]  # stance adjectives after a copula ("is confident that")
    content_preps: dict[str, frozenset[str]]  # preposition -> the verbs it opens content of ("any": all)
    addressee_verbs: frozenset[str]  # their object is whom they address ("told reporters")
    weak_forms: frozenset[str]  # forms that are mostly no cue ("states", "issues")
    needs: dict[str, frozenset[str]]  # verbs that are cues only with one of these ("put ... at", "charged that")
    except_objects: dict[str, frozenset[str]]  # verbs that are no cue with these objects ("claimed 300 lives")
    prepositions: tuple[str, ...]
    cue_rx: re.Pattern[str]  # a telling form of a cue verb or preposition
    noun_rx: re.Pattern[str]  # a cue noun with its "that" clause ("the claim that")

    def worth_parsing(self, text: str) -> bool:
        """Whether a sentence may hold an attribution the parse can read: a telling form of
        a cue verb outside quotation marks and not after a determiner ("the report", "his
        call" are nouns), or a cue noun with a "that" clause."""
        masked = _QUOTED.sub(" ", text)
        for m in self.cue_rx.finditer(masked):
            before = masked[max(0, m.start() - 8):m.start()].split()
            if not before or before[-1].lower() not in _DETERMINERS:
                return True
        return self.noun_rx.search(masked) is not None

    def opens_content(self, prep: str, verb: str) -> bool:
        """Whether "<verb> <prep> X" makes X what was said ("called for X", "pointed to X")."""
        return prep in self.content_preps["any"] or verb in self.content_preps.get(prep, ())

    def stance_of(self, lemma: str) -> str:
        """The claim record's stance for a cue: a denial, or an assertion."""
        return "deny" if self.verbs.get(lemma) == "deny" else "assert"


@lru_cache(maxsize=1)
def load_cues() -> CueLexicon:
    raw = yaml_load(resources.files("warledger.data").joinpath("cues.yaml").read_text(encoding="utf-8"))
    verbs: dict[str, str] = {}
    for cls in ("deny", "speech", "stance"):  # a word listed twice keeps its first class
        for w in raw["verbs"][cls]:
            verbs.setdefault(str(w).lower(), cls)
    nouns = frozenset(str(w).lower() for w in raw["nouns"])
    forms: set[str] = set()
    for w in verbs:
        forms |= inflections(w)
    adjectives = frozenset(str(w).lower() for w in raw.get("adjectives") or ())
    # adjectives alone do not get a sentence parsed: they are common ("ready", "clear"), and
    # on PolNeAR dev letting them do so parsed 2% more words for 0.002 of triple F1
    forms |= {str(p).lower() for p in raw["prepositions"]}
    weak = frozenset(str(w).lower() for w in (raw.get("weak_forms") or []) + (raw.get("weak_stance_forms") or []))
    forms -= weak
    cue_rx = trie_regex(forms, r"\b(?:", r")\b", re.IGNORECASE)  # compiled once per user
    noun_forms = {f for w in nouns for f in (w, w + "s", w[:-1] + "ies" if w.endswith("y") else w)}
    noun_rx = trie_regex(noun_forms, r"\b(?:", r")\b(?:\s+\S+){0,4}?\s+that\b", re.IGNORECASE)
    return CueLexicon(verbs=verbs, nouns=nouns, noun_rx=noun_rx, weak_forms=weak, adjectives=adjectives,
                      needs={str(k): frozenset(map(str, v)) for k, v in (raw.get("needs") or {}).items()},
                      except_objects={str(k): frozenset(map(str, v))
                                      for k, v in (raw.get("except_objects") or {}).items()},
                      addressee_verbs=frozenset(str(w).lower() for w in raw["addressee_verbs"]),
                      content_preps={str(k): frozenset(str(w).lower() for w in v)
                                     for k, v in raw["content_preps"].items()},
                      prepositions=tuple(str(p).lower() for p in raw["prepositions"]), cue_rx=cue_rx)

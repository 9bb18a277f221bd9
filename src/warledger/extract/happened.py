"""Whether a loss a sentence tells is one that happened, and is a loss of war.

A threat, a plan, a goal or a hypothetical ("vowed to destroy", "could kill thousands"),
a negated verb, munitions fired and shot down, and a disaster with no attack in it are
no claims (ANNOTATION.md, "What is a claim"): the claim rules ask these questions of a
loss verb and its sentence before they build a record.
"""
from __future__ import annotations

import re
from functools import lru_cache

from warledger.extract.attribution import Index
from warledger.extract.context import Trigger
from warledger.extract.lexicon import Lexicon
from warledger.extract.roles import word_class
from warledger.records import Document, Sentence


def irrealis(doc: Document, idx: Index, trig: Trigger, sent: Sentence, lex: Lexicon) -> bool:
    """A threat, plan, goal, attempt or hypothetical: "threatened to destroy", "would kill"."""
    toks = doc.tokens
    for k in range(max(sent.first, trig.i - 4), trig.i):
        w = toks[k].text.lower()
        if toks[k].lemma in lex.irrealis or w in lex.irrealis:
            if w == "may" and toks[k].tag != "MD":
                continue  # "the May 17th attack": the month
            if toks[k].lemma in ("may", "might", "could", "must") and k + 1 < trig.i \
                    and toks[k + 1].text.lower() == "have":
                continue  # "might have been killed": a hedged claim, still a claim
            if toks[k].pos == "VERB" and _coordinate_act(toks, trig.i, k):
                continue  # "planned and executed the massacre": two acts told as done

            return True
        if toks[k].text in (",", ";"):
            break
    # up the tree: xcomp/advcl of a threat or plan verb
    h, below = toks[trig.i].head, trig.i
    for _ in range(3):
        if h == toks[h].head or toks[h].pos not in ("VERB", "AUX"):
            break  # a clause on a noun tells of a real event ("the attack that killed 1,400")
        if toks[h].lemma in lex.irrealis and not _coordinate_act(toks, below, h):
            return True
        h, below = toks[h].head, h
    return False


def _coordinate_act(toks, k: int, head: int) -> bool:
    """Verb ``k`` is a finite verb coordinated with ``head``: "planned and executed the
    massacre", "planned and carried out the killing" tell of two acts done, the plan
    governs neither."""
    return toks[k].dep == "conj" and toks[k].head == head and toks[k].tag in ("VBD", "VBZ")


def negated(doc: Document, idx: Index, trig: Trigger) -> bool:
    toks = doc.tokens
    if any(toks[c].dep == "neg" for c in idx.children[trig.i]):
        return True
    return any(toks[k].text.lower() in ("not", "n't", "never") for k in range(max(0, trig.i - 3), trig.i))


_IN_FLIGHT_VERBS = {"intercept", "shoot", "down", "bring", "repel", "repulse"}
_ON_THE_GROUND = re.compile(r"\b(?:on the ground|before (?:they|it) could|(?:prepared|ready|poised) to (?:be )?launch|"
                            r"depots?|stores?|storage|stockpiles?|warehouses?|launch(?:er|ers| sites?| pads?)\b)", re.I)
_LAUNCHED = re.compile(r"\b(?:launch(?:ed|es)?|fired|air defen[cs]es?|salvo|barrage|overnight|over the|in the air|"
                       r"in flight|incoming)\b", re.I)


def fired(doc: Document, sent: Sentence, trig: Trigger | None) -> bool:
    """Whether munitions a sentence says were destroyed were rounds in flight."""
    if _ON_THE_GROUND.search(sent.text):
        return False
    return (trig is not None and doc.tokens[trig.i].lemma.lower() in _IN_FLIGHT_VERBS) \
        or bool(_LAUNCHED.search(sent.text))


def disaster(doc: Document, sent: Sentence) -> bool:
    """A sentence about a disaster or accident that names no attack ("a capsized ferry with
    140 bodies inside", "the earthquake killed 300"): no war loss (ANNOTATION.md)."""
    toks = doc.tokens[sent.first:sent.last]
    disasters = word_class("disasters")
    if not any(t.lemma.lower() in disasters or t.text.lower() in disasters for t in toks):
        return False
    attack = _attack_words()
    return not any(t.lemma.lower() in attack or t.text.lower() in attack for t in toks)


@lru_cache(maxsize=1)
def _attack_words() -> frozenset[str]:
    """Attack nouns and verbs in one set (asked once per sentence that tells of a disaster)."""
    return word_class("attack_nouns") | word_class("attack_lemmas")

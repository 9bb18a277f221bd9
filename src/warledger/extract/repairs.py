"""Repairs of two attachments the small English parser gets wrong in war reporting.

Why a stage of its own: the side rules read who did what from the tree ("Hamas fighters
stormed the town, killing 40": the killers are the subject of the verb that ", killing"
hangs from). In long sentences the parser often hangs a clause of result on the wrong
word, and every rule that walks up from the loss verb then reads the wrong clause. The
repairs are made once per document, before any rule reads the tree, so the rules stay
simple; each repair is narrow (loss verbs only, one construction each) and says why.

1. ", killing 30 civilians" (a present participle of a loss verb after a comma, parsed
   as an adverbial clause) belongs to the clause before it. The parser hangs it on a verb
   further right ("a missile struck the market, killing 14, hours before the minister
   was due", on "was") or on a copula the sentence began with ("The worst day was March
   3, when troops stormed the village, killing 30", on "was"). It is re-hung on the
   nearest full verb before the comma.
2. "it launched raids on June 2 that killed 40 soldiers": a relative clause of a loss
   verb hung on a date or a time word is the attack's, not the date's ("June 2" killed
   nobody). It is re-hung on the nearest attack noun before the date, when there is one
   in the same clause.
3. "officials said around 70 fighters from the group, which ..., stormed the town,
   killing dozens": after a clause set off by commas, the parser reads the people as the
   object of "said" and "stormed" as a second verb of the officials. When a verb of saying
   has a noun object and a verb coordinated after a comma that has no subject of its own,
   the object is that verb's subject and the verb is what was said.
"""
from __future__ import annotations

import dataclasses

from warledger.extract.lexicon import Lexicon
from warledger.records import Document, Token

# words of time a relative clause can wrongly hang from
_TIME_WORDS = frozenset("""
jan jan. january feb feb. february mar mar. march apr apr. april may june jun jun. july jul jul.
august aug aug. september sept sept. sep sep. october oct oct. november nov nov. december dec dec.
monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
morning afternoon evening night day days week weeks weekend month months year years hour hours
""".split())
_COPULAS = frozenset({"be"})
_SAYING = frozenset({"say", "report", "claim", "announce", "state", "add", "confirm"})


def repair(doc: Document, lex: Lexicon) -> Document:
    """The document with the two attachments above mended; the same document when none
    applies (the common case)."""
    toks = doc.tokens
    heads = [t.head for t in toks]
    deps = [t.dep for t in toks]
    changed = _said_object(toks, heads, deps)
    for t in toks:
        if lex.kinds.get(t.lemma) not in ("killed", "wounded", "destroyed", "damaged", "captured"):
            continue
        new = None
        if t.tag == "VBG" and t.dep == "advcl" and t.i > 0 and toks[t.i - 1].text == ",":
            new = _participle_head(doc, heads, t)
        elif t.dep == "relcl" and toks[t.head].text.lower() in _TIME_WORDS:
            new = _attack_before(doc, heads, t, lex)
        if new is not None and new != heads[t.i]:
            heads[t.i] = new
            changed = True
    if not changed:
        return doc
    tokens = tuple(dataclasses.replace(t, head=h, dep=d) if (h, d) != (t.head, t.dep) else t
                   for t, h, d in zip(toks, heads, deps))
    return dataclasses.replace(doc, tokens=tokens)


def _said_object(toks: tuple[Token, ...], heads: list[int], deps: list[str]) -> bool:
    """Repair 3: the object of a verb of saying that is really the subject of the verb
    coordinated after it ("said 70 fighters ..., stormed the town")."""
    changed = False
    for t in toks:
        if t.dep not in ("conj", "advcl") or t.pos != "VERB" or t.tag not in ("VBD", "VBZ", "VBP") \
                or t.head >= t.i or t.i == 0 or toks[t.i - 1].text != ",":
            continue
        h = toks[t.head]
        if h.lemma not in _SAYING or any(k.head == t.i and k.dep in ("nsubj", "nsubjpass", "mark")
                                         for k in toks[h.i:t.i + 1]):
            continue  # "said ..., as troops stormed": a clause of its own
        obj = next((k for k in toks[h.i + 1:t.i] if k.head == h.i and k.dep == "dobj" and k.pos in ("NOUN", "PROPN")), None)
        if obj is None:
            continue
        heads[obj.i], deps[obj.i] = t.i, "nsubj"
        deps[t.i] = "ccomp"
        changed = True
    return changed


def _first_of_sentence(doc: Document, i: int) -> int:
    """The first token of the sentence holding token ``i`` (the document's own sentences)."""
    return next((sent.first for sent in doc.sentences if sent.first <= i < sent.last), 0)


def _participle_head(doc: Document, heads: list[int], t: Token) -> int | None:
    """The nearest full verb before the participle's comma, when the parse hung the
    participle on a later verb or on a copula."""
    toks = doc.tokens
    h = toks[heads[t.i]]
    if not (h.i > t.i or (h.lemma in _COPULAS and h.pos in ("AUX", "VERB"))):
        return None
    lo = _first_of_sentence(doc, t.i)
    for k in range(t.i - 2, lo - 1, -1):
        if toks[k].pos == "VERB" and toks[k].tag != "VBG" and toks[k].lemma not in _COPULAS:
            return k if k != h.i else None
    return None


def _attack_before(doc: Document, heads: list[int], t: Token, lex: Lexicon) -> int | None:
    """The nearest attack noun before the time word a loss clause hangs from, within the
    verb phrase that holds the time word."""
    toks = doc.tokens
    date = heads[t.i]
    lo = _first_of_sentence(doc, date)
    for k in range(date - 1, max(lo, date - 8) - 1, -1):
        if toks[k].pos in ("NOUN", "PROPN") and (lex.nominal.get(toks[k].lemma) or lex.nominal.get(toks[k].text.lower())):
            return k
        if toks[k].pos == "VERB":
            return None
    return None

"""Who fights whom in a story: read from what its loss sentences say parties do to each other.

A story of a war with no profile names its belligerents, but the two parties it names most
are not always the two that fight each other: the country where the fighting is (South
Korea in a story of the Korean War) or a partner (Kuwait in the Gulf War, France in Mali)
can be named more than the enemy. A reader tells the camps apart by what the sentences say
the parties do: "Chinese volunteers wiped out an American battalion" puts China and the
United States in opposite camps; "American and French infantry broke up five attacks" puts
France beside the United States.

This module reads those two relations off the parse of the loss sentences and returns them
as phrase texts (who did it, to whom; who stood together). ``profiles.resolver_for`` turns
the phrases into parties with the article's tables and builds the two camps. Nothing here
knows a party: that keeps the parse reading apart from the party tables.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Sequence

from warledger.extract.cues import load_cues
from warledger.extract.frames import build_frames
from warledger.extract.lexicon import Lexicon
from warledger.extract.roles import after_dateline, is_dateline
from warledger.extract.speakers import Index, index_of
from warledger.records import Document, Sentence



@dataclass(frozen=True)
class Camps:
    """Phrase texts of one story's loss sentences: ``acts`` (doer, victim) for each loss
    predicate with both; ``together`` (one, other) for party words coordinated in one
    phrase ("American and French infantry")."""

    acts: tuple[tuple[str, str], ...] = ()
    together: tuple[tuple[str, str], ...] = ()


def read_camps(doc: Document, sentences: Sequence[Sentence], lex: Lexicon) -> Camps:
    """The doer-victim pairs and the coordinated party words of the parsed ``sentences``,
    from the loss frames (``frames.build_frames``: the same reading the claims make)."""
    idx = index_of(doc)  # the same index the attributions and claims of this document read
    toks = doc.tokens
    text = doc.article.text
    speech = load_cues().verbs
    suffer = lex.side_words["suffer"]
    merchant = lex.side_words["merchant_ships"]
    acts: list[tuple[str, str]] = []
    together: list[tuple[str, str]] = []

    def phrase(k: int) -> str:
        lo, hi = idx.subtree(k)
        return text[toks[lo].start:toks[hi - 1].end]

    def victims(k: int) -> str:
        # the noun phrase without the clauses and places hung on it ("three missiles that were
        # to launch from Houthi-held Yemen" names the missiles, not Yemen): its words before
        # the head, the head, and an of-phrase ("two tanks of the 5th Brigade")
        lo, hi = idx.subtree(k)
        hi = k + 1
        for c in idx.children[k]:
            if c > k and toks[c].dep == "prep" and toks[c].text.lower() == "of":
                hi = max(hi, idx.subtree(c)[1])
            elif c > k and toks[c].dep in ("appos", "conj", "cc", "nummod", "compound", "amod"):
                hi = max(hi, idx.subtree(c)[1])
        return text[toks[lo].start:toks[hi - 1].end]

    for sent in sentences:
        if not sent.parsed:
            continue
        for f in build_frames(doc, sent, idx.children, lex):
            if f.negated or f.agent is None or toks[f.pred].lemma in suffer:
                continue  # "lost two officers": the subject owns the loss, it did not inflict it
            doer = f.agent
            if f.form == "verbal" and is_dateline(doc, doer):
                subject = after_dateline(doc, idx, f.pred, doer)
                if subject is None:
                    continue
                doer = subject
            lo, hi = idx.subtree(doer)
            if f.form == "verbal" and not any(toks[k].text[:1].isupper() for k in range(lo, hi)):
                doer = _speaker(toks, idx, f.pred, speech) or doer  # "... said its gunners had downed"
            # a merchant ship's flag is no camp: neutral shipping is hit in the tanker wars
            acts.extend((phrase(doer), victims(p)) for p in f.patients
                        if not any(toks[k].lemma.lower() in merchant or toks[k].text.lower() in merchant
                                   for k in range(idx.subtree(p)[0], p + 1)))
        for i in range(sent.first, sent.last):
            t = toks[i]
            taken = _taken_or_inflicted(toks, idx, i, lex)
            if taken is not None:
                acts.append((phrase(taken[0]), victims(taken[1])))
            if t.dep == "conj" and t.head != i and t.pos in ("ADJ", "PROPN") \
                    and toks[t.head].pos in ("ADJ", "PROPN") and toks[t.head].dep in ("amod", "compound", "nsubj"):
                verb = _clause_verb(toks, t.head)
                if verb is None or toks[verb].lemma not in lex.side_words["mutual_verbs"]:
                    together.append((toks[t.head].text, t.text))
    return Camps(acts=tuple(acts), together=tuple(together))


def _taken_or_inflicted(toks, idx: Index, i: int, lex: Lexicon) -> tuple[int, int] | None:
    """(doer, victim) of a loss told as a noun a party took or inflicted, which is no loss
    frame: "South Korean troops took 220 North Korean prisoners" (the prisoners),
    "inflicted heavy casualties on the Iraqi Republican Guard" (whom the "on" names)."""
    t = toks[i]
    inflict = lex.side_words["inflict"]
    if t.pos != "VERB" or t.lemma not in inflict | {"take"}:
        return None
    v = i
    while toks[v].dep == "conj" and toks[v].head != v and not any(toks[c].dep == "nsubj" for c in idx.children[v]):
        v = toks[v].head  # "recaptured the town and took 220 prisoners": the first verb's subject
    subj = next((c for c in idx.children[v] if toks[c].dep == "nsubj"), None)
    obj = next((c for c in idx.children[i] if toks[c].dep == "dobj"), None)
    if subj is None or obj is None or toks[obj].lemma.lower() not in lex.nouns:
        return None
    if t.lemma == "take":
        return (subj, obj) if lex.nouns[toks[obj].lemma.lower()] == "captured" else None
    on = next((c for c in idx.children[i] if toks[c].dep == "prep" and toks[c].text.lower() == "on"), None)
    victim = next((c for c in idx.children[on] if toks[c].dep == "pobj"), None) if on is not None else None
    return (subj, victim) if victim is not None else None


def _speaker(toks, idx: Index, i: int, speech: Collection[str]) -> int | None:
    """The subject of the speech verb whose content the clause of ``i`` is."""
    h = i
    for _ in range(3):
        if toks[h].dep == "ccomp" and toks[h].head != h:
            v = toks[h].head
            if toks[v].lemma in speech:
                return next((c for c in idx.children[v] if toks[c].dep == "nsubj"), None)
            return None
        if toks[h].dep != "conj" or toks[h].head == h:
            return None
        h = toks[h].head
    return None


def _clause_verb(toks, k: int) -> int | None:
    """The verb that governs token ``k`` (its nearest verb ancestor)."""
    seen = 0
    while toks[k].head != k and seen < 12:
        k, seen = toks[k].head, seen + 1
        if toks[k].pos in ("VERB", "AUX"):
            return k
    return None

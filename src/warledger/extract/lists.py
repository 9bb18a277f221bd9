"""Losses told as a list: a lead-in that ends in a colon and, below it, one count per line.

Daily tallies are printed this way ("According to the General Staff, Ukrainian forces have
also destroyed:" then "739 tanks;", "1,930 armored combat vehicles;" ...; or "The enemy's
losses were:" then "tanks - 739 (+5)"). Each line is a sentence of its own with no verb, so
no loss predicate governs its count and the parser is not even run on it: the lead-in's
loss word, speaker and parties are read here and lent to every line below it, each line
its own claim with its own evidence (ANNOTATION.md: one record per item).
"""
from __future__ import annotations

import re

from warledger.extract.context import Context, claim_record, claimant_side, claimants_at
from warledger.extract.items import PEOPLE
from warledger.extract.lexicon import key, match_phrase
from warledger.extract.quantities import parse_quantity
from warledger.profiles import UNKNOWN
from warledger.records import Claim, Count, Document, Sentence, Target

# "739 tanks;", "- about 1,930 armored combat vehicles,", "seven boats." (count, then noun)
_COUNT_FIRST = re.compile(r"^\s*(?:[-\u2022*\u2013\u2014]\s*)?(?P<q>(?:(?:about|approximately|around|some|over|"
                          r"more\s+than|up\s+to|nearly|almost|at\s+least)\s+)?[\w,.]+)\s+(?P<noun>[A-Za-z][\w '/-]{1,60}?)"
                          r"\s*(?:\(\+\s*\d[\d,]*\))?\s*[;,.]?\s*$")
# "tanks - 739 (+5);", "personnel: about 19,800 people" (noun, then count)
_NOUN_FIRST = re.compile(r"^\s*(?:[-\u2022*]\s*)?(?P<noun>[A-Za-z][\w '/-]{1,60}?)\s*[-\u2012\u2013\u2014:]\s*"
                         r"(?P<q>(?:(?:about|approximately|around|over|up\s+to|nearly|almost)\s+)?\d[\d,.]*)"
                         r"(?:\s+(?:people|persons|men))?\s*(?:\(\+\s*\d[\d,]*\))?\s*[;,.]?\s*$")
_LOSERS = ("lose", "lost", "loss", "losses", "casualties", "suffer", "suffered", "sustained")
_MAX_ITEMS = 40  # lines of one list


def _item(text: str, ctx: Context) -> tuple[str, Count] | None:
    """(category, count) of one list line, or None if the line is no count of a loss."""
    for rx in (_COUNT_FIRST, _NOUN_FIRST):
        m = rx.match(text)
        if m is None:
            continue
        q = parse_quantity(m.group("q").split())
        if q is None or q.value is None:
            continue
        keys = key(m.group("noun")).split()
        for i in range(len(keys)):
            hit = match_phrase(keys, i, ctx.lexicon.categories, ctx.lexicon.max_phrase)
            if hit is not None:
                return hit[0], Count(value=q.value, qualifier=q.qualifier, text=q.text)
        return None
    return None


def _lead(doc: Document, si: int, ctx: Context) -> int | None:
    """The lead-in sentence of the list line ``si``: the nearest sentence before it that ends
    in a colon and says a loss, with only list lines between them."""
    for k in range(si - 1, max(-1, si - _MAX_ITEMS - 1), -1):
        text = doc.sentences[k].text.rstrip()
        if text.endswith(":"):
            return k if ctx.lexicon.trigger_rx.search(text) else None
        if _item(text, ctx) is None:
            return None
    return None


def _kind(words: list[str], ctx: Context) -> str | None:
    """The kind of the lead-in's first loss word: a noun ("losses"), else a verb read from
    its form ("destroyed" -> destroy, "downed" -> down: the lead-in may not be parsed)."""
    lex = ctx.lexicon
    for w in words:
        stems = (w, w.rstrip("s")) + ((w[:-2], w[:-1]) if w.endswith("ed") else ())
        found = lex.nouns.get(w) or next((lex.kinds[s] for s in stems if s in lex.kinds), None)
        if found:
            return found
    return None


def listed_losses(ctx: Context, doc: Document, si: int) -> list[Claim]:
    """The claim of one list line under a loss lead-in; [] for any other sentence."""
    sent: Sentence = doc.sentences[si]
    found = _item(sent.text, ctx)
    if found is None:
        return []
    lead_si = _lead(doc, si, ctx)
    if lead_si is None:
        return []
    category, count = found
    lead = doc.sentences[lead_si]
    words = [w.lower() for w in re.findall(r"[\w'-]+", lead.text)]
    kind = _kind(words, ctx)
    if kind is None:
        return []
    if category in PEOPLE and kind == "destroyed":
        kind = "killed"  # "destroyed: ... personnel"
    elif category not in PEOPLE and kind in ("killed", "losses"):
        kind = "destroyed"  # "losses: ... tanks"
    r = ctx.resolver
    said, m = claimants_at(ctx, lead_si, lead.end - 1)[0]
    c_party, c_side = claimant_side(said, m)
    source = said.source if said is not None else (lead.start, lead.start)
    named = [x for x in r.mentions(lead.text, lead.start)
             if x.side in r.sides and not (source[0] <= x.start < source[1])]
    loser = any(w in _LOSERS for w in words)
    party: str | None
    target: tuple[str | None, str]
    perp: tuple[str | None, str] | None
    if named:
        party, side = named[0].party, named[0].side
    elif set(words) & ctx.lexicon.enemy_words and c_side in r.sides:
        # "The enemy's losses were:": the speaker's enemy lost; "destroyed:" said by a
        # party: what it destroyed was its enemy's
        e = ctx.enemy_of(c_side)
        party, side = (r.main_party(e), e) if e else (None, UNKNOWN)
        loser = True
    else:
        party, side = c_party, c_side
    if loser:
        target, rule = (party, side), "listed-losses-of-the-party-named"
        e = ctx.enemy_of(side) if side in r.sides else None
        perp = (r.main_party(e), e) if e else None
    else:
        e = ctx.enemy_of(side) if side in r.sides else None
        target = (r.main_party(e), e) if e else (None, UNKNOWN)
        perp, rule = ((party, side) if side in r.sides else None), "listed-by-the-doer"
    return [claim_record(ctx, doc, sent, said, (c_party, c_side), kind,
                         Target(party=target[0], side=target[1], category=category), perp, count, None,
                         (f"frame: listed under {lead.text.strip()[-40:]!r} ({kind})", f"side: {rule}"))]

"""Who said what: attributions of statements to sources, carried across sentences.

Wire copy puts the speaker anywhere: first ("Azerbaijan said ..."), last ("..., the
ministry said."), behind a preposition ("according to Kyiv"), in a possessive ("the
army's statement said"), or only in an earlier sentence ("It also said ...", a quote
running on). Every loss claim takes its claimant from these records, so the rules live
here once: a speech or report cue (a verb from the lexicon's ``cues``) and its syntactic
subject give the source; its clausal complement gives the content; a pronoun or a bare
"the ministry" as source is resolved to the nearest earlier source that fits.

Plain functions over ``records.Document``; no spaCy objects.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator, Sequence

from warledger.extract.clauses import parsed_attributions
from warledger.extract.cues import load_cues
from warledger.extract.lexicon import Lexicon, load_lexicon
from warledger.extract.patterns import TURN
from warledger.extract.speakers import INSTITUTIONS, Index, Said, _Context, _make, index_of, opens_paragraph
from warledger.profiles import UNKNOWN, Resolver
from warledger.records import Attribution, Document, Sentence

def attributions_of(doc: Document, resolver: Resolver, lexicon: Lexicon | None = None) -> list[Said]:
    """Every attribution in the document, in text order, sources resolved."""
    lex = lexicon or load_lexicon()
    idx = index_of(doc)
    ctx = _Context(doc, idx, load_cues())
    history: list[Said] = []
    out: list[Said] = []
    per_sentence: list[list[Said]] = []
    signed, covered = _signed_quotes(doc, ctx, resolver, idx)
    for si, sent in enumerate(doc.sentences):
        found = list(_sentence_attributions(doc, idx, si, sent, resolver, lex, history, ctx))
        found += signed.get(si, [])
        if not found and (si == 0 or TURN.match(sent.text)):
            lead = _colon_lead(doc, si, sent, resolver, history, idx)
            if lead is not None:
                found.append(lead)
        if not found and si == 0:
            tail = _colon_tail(doc, si, sent, resolver, history, idx)
            if tail is not None:
                found.append(tail)
        if 0 < si <= 3 and not any(s.parties for s in history) and _is_headline(doc):
            # a headline's source of no stated side ("Army says 30 intruders killed", "...
            # - Press Center", "... — top brass") is the one whose statement the story
            # opens with
            lede = next((s for s in found if s.parties and not s.sourceless), None)
            if lede is not None:
                per_sentence[0] = [replace(s, parties=lede.parties, side=lede.side)
                                   if not s.parties and not s.sourceless else s for s in per_sentence[0]]
        per_sentence.append(found)
        history.extend(s for s in found if (not s.carried or s.parties) and not s.sourceless)
    for si, found in enumerate(per_sentence):
        if si not in covered and not any(not s.quoted for s in found):
            carried = _quote_continuation(doc, si, per_sentence, ctx)
            if carried:
                found = [*found, carried]
                per_sentence[si] = found
        out.extend(found)
    return out


_EDGE = "\u201c\u201d\"'\u2018\u2019 ,.;:"


def _bare(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the quotation marks and punctuation around it (the content of a
    quotation is its words)."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _token_range(doc: Document, sent: Sentence, start: int, end: int) -> tuple[int, int] | None:
    """The tokens of a sentence inside a character span."""
    inside = [t.i for t in doc.tokens[sent.first:sent.last] if t.start >= start and t.end <= end]
    return (inside[0], inside[-1] + 1) if inside else None


def sentence_at(doc: Document, char: int) -> int | None:
    """The index of the sentence holding character ``char``, if any."""
    return next((k for k, s in enumerate(doc.sentences) if s.start <= char < s.end), None)


def _signed_quotes(doc: Document, ctx: "_Context", resolver: Resolver,
                   idx: Index) -> tuple[dict[int, list[Said]], set[int]]:
    """Quotations signed with a dash ('"...." ― Maria Lopez'), by the sentence of the
    signature, and the sentences the quotations cover (no one else's quote runs on there)."""
    from warledger.extract.patterns import signed_quotes

    text = doc.article.text
    by_sentence: dict[int, list[Said]] = {}
    covered: set[int] = set()
    for name, dash, quote in signed_quotes(text, ctx.quotes):
        si = sentence_at(doc, name[0])
        if si is None:
            continue
        span = _token_range(doc, doc.sentences[si], *name)
        if span is None:
            continue
        said = _make(doc, si, span[0], span[1], dash, quote, "assert", resolver, (), idx)
        if said is None:
            continue
        by_sentence.setdefault(si, []).append(replace(said, person=True))
        covered |= {k for k, s in enumerate(doc.sentences) if quote[0] <= s.start and s.end <= quote[1] + 2}
    return by_sentence, covered


def _colon_lead(doc: Document, si: int, sent: Sentence, resolver: Resolver, history: Sequence[Said],
                idx: Index) -> Said | None:
    """A headline or transcript turn led by its speaker: "Sanders: ...", "WALLACE: ...",
    "Q: ..." (the rest of the turn's paragraph runs on as a quotation would)."""
    from warledger.extract.patterns import colon_lead

    text = doc.article.text
    if si == 0 and not TURN.match(sent.text) and not _first_alone(doc):
        return None  # a first sentence that is no headline of its own
    got = colon_lead(text, sent.start, sent.end)
    if got is None:
        return None
    name, colon, content = got
    span = _token_range(doc, sent, *name)
    if span is None:
        return None
    return _make(doc, si, span[0], span[1], colon, content, "assert", resolver, history, idx)


# a headline signed at its end: "Jihadists kill 17 soldiers in ambush: army", "... - police"
_TAIL = re.compile(r"\s*(?::|\s[-\u2013\u2014])\s*((?:[A-Z][\w.'-]*|the|a|an|[a-z]+)(?:\s+[\w.'-]+){0,3})\s*$")


def _first_alone(doc: Document) -> bool:
    """Whether the first sentence is a paragraph of its own (as a headline is)."""
    return len(doc.sentences) == 1 or opens_paragraph(doc, 1)


def _is_headline(doc: Document) -> bool:
    """Whether the first sentence is a headline: a paragraph of its own that does not end
    as a sentence of the story does, with a full stop."""
    return _first_alone(doc) and not doc.sentences[0].text.rstrip().endswith((".", ".\"", ".\u201d"))


# what signs a headline at its end besides an institution ("... - Press Center", "... — top brass")
_TAIL_SOURCES = frozenset({"brass", "center", "centre", "press", "agency", "service", "police"})


def _colon_tail(doc: Document, si: int, sent: Sentence, resolver: Resolver, history: Sequence[Said],
                idx: Index) -> Said | None:
    """A headline that names its source after a colon or a dash at its end ("Jihadists
    kill 17 soldiers in Burkina ambush: army"): a source of at most four words that
    names an institution or a party."""
    text = doc.article.text
    if not _first_alone(doc):
        return None  # a first sentence that is no headline of its own
    m = _TAIL.search(text, sent.start, sent.end)
    if m is None or m.start() <= sent.start:
        return None
    words = m.group(1).lower().split()
    if not (set(words) & (INSTITUTIONS | _TAIL_SOURCES) or resolver.mentions(m.group(1))):
        return None
    span = _token_range(doc, sent, m.start(1), m.end(1))
    if span is None:
        return None
    return _make(doc, si, span[0], span[1], (m.start(), m.start(1)), (sent.start, m.start()), "assert",
                 resolver, history, idx)


def _quote_continuation(doc: Document, si: int, per_sentence: Sequence[Sequence[Said]],
                        ctx: _Context) -> Said | None:
    """A quoted sentence with no cue of its own belongs to the speaker of the quote: the
    next sentence's when the quote opens here and its speaker is named after it
    (``“We held the line.” \n “They lost two tanks,” Colonel X said.``), else the previous
    sentence's when the quote runs on (``..., the ministry said. “The enemy fled.”``, or a
    quotation of several sentences). One attribution with several content spans, as a
    reader sees it: the record says which one it ``continues``."""
    sent = doc.sentences[si]
    text = sent.text.lstrip()
    lead = sent.start + len(sent.text) - len(text)
    opens = text[:1] in ("\u201c", '"') or text[:2] == "''"
    if not opens and not ctx.in_quote(lead):
        return _partial_quote(doc, si, per_sentence, ctx)
    starts_paragraph = si == 0 or "\n" in doc.article.text[doc.sentences[si - 1].end:sent.start]
    nxt = [s for s in per_sentence[si + 1] if not s.sourceless and not s.quoted] \
        if si + 1 < len(per_sentence) else []
    prev = [s for s in per_sentence[si - 1] if not s.sourceless and not s.quoted] if si > 0 else []
    nxt_same_paragraph = si + 1 < len(doc.sentences) and \
        "\n" not in doc.article.text[sent.end:doc.sentences[si + 1].start]
    quote = ctx.quote_at(lead)
    runs_on = quote is not None and quote[1] > sent.end  # the quote closes in a later sentence
    if nxt and nxt_same_paragraph and (starts_paragraph or runs_on):
        source = nxt[0]
    elif prev and not starts_paragraph:
        source = prev[-1]
    elif starts_paragraph and prev and not nxt:
        source = prev[-1]  # a quote paragraph after its speaker's paragraph
    else:
        return None
    return _carried(doc, si, source)


def _carried(doc: Document, si: int, source: Said) -> Said:
    """Sentence ``si``, whole, as more of what ``source`` said (one attribution, several
    content spans: the record says which one it ``continues``)."""
    sent = doc.sentences[si]
    return Said(sentence=si, source=source.source, cue=None, content=_bare(doc.article.text, sent.start, sent.end),
                source_text=source.source_text, parties=source.parties, side=source.side,
                stance=source.stance, person=source.person, carried=True, continues=source.continues or source)


def _partial_quote(doc: Document, si: int, per_sentence: Sequence[Sequence[Said]],
                   ctx: _Context) -> Said | None:
    """A sentence in the outlet's words around a quoted phrase of three words or more, with
    no cue ("The planes 'dealt accurate blows' to the targets"): the quote is the words of
    the speaker of the sentence before, in the same paragraph."""
    sent = doc.sentences[si]
    if si == 0 or "\n" in doc.article.text[doc.sentences[si - 1].end:sent.start]:
        return None
    inner = [q for q in ctx.quotes if sent.start <= q[0] and q[1] <= sent.end
             and len(doc.article.text[q[0]:q[1]].split()) >= 3]
    prev = [s for s in per_sentence[si - 1] if not s.sourceless and not s.quoted]
    if not inner or not prev:
        return None
    source = prev[-1]
    return _carried(doc, si, source)


def _sentence_attributions(doc: Document, idx: Index, si: int, sent: Sentence, resolver: Resolver,
                           lex: Lexicon, history: Sequence[Said], ctx: _Context) -> Iterator[Said]:
    signed = False
    if sent.parsed:
        found = list(parsed_attributions(doc, idx, si, sent, resolver, history, ctx))
        if found:
            yield from found
            return
        # a tree with no reading, where the parser left a final cue without a subject
        # ("..., the head of the oblast military administration, Serhii Bondar, said."):
        # that one token pattern, not the others (the tree said there is no other)
        signed = True
    # not parsed (it cannot carry a loss or an event): token patterns instead
    from warledger.extract.patterns import pattern_attributions

    text = doc.article.text
    for lo, hi, cue, content, stance in pattern_attributions(doc, sent, lex):
        if text[cue[0]:cue[1]].lower() in ctx.cues.weak_forms:
            continue  # "the United States", "media reports": mostly no cue (cues.yaml)
        if signed and not (text[doc.tokens[hi - 1].end:cue[0]].strip() == ","
                           and "," in text[doc.tokens[lo].start:doc.tokens[hi - 1].end]):
            continue
        said = _make(doc, si, lo, hi, cue, content, stance, resolver, history, idx)
        if said:
            yield said


_SPEAKER_PRONOUNS = {"they", "it", "he", "she", "we", "i"}


def claimant_at(saids: Sequence[Said], sentence: int, char: int) -> Said | None:
    """The attribution that covers a character in a sentence: the innermost content span
    holding it; else the sentence's first attribution not in a relative or participle
    clause; else none (the outlet's voice)."""
    here = [s for s in saids if s.sentence == sentence and not s.sourceless]
    inside = [s for s in here if s.content[0] <= char < s.content[1]
              and not (s.source[0] <= char < s.source[1])]
    # two readings that cross (each one's source inside the other's content: "X said that
    # ..., as Y called for a ceasefire" read once more as "..., Y said"): the first speaker's
    inside = [s for s in inside if not any(
        o is not s and o.content[0] <= s.source[0] < o.content[1] and s.content[0] <= o.source[0] < s.content[1]
        and o.source[0] < s.source[0] for o in inside)]
    if inside:
        inner = min(inside, key=lambda s: s.content[1] - s.content[0])
        outer = [s for s in inside if s is not inner and s.content[0] <= inner.source[0] < s.content[1]]
        if outer and inner.source_text.lower() in _SPEAKER_PRONOUNS:
            # "the Council said they had recorded 312 violations": "they" is the Council
            return min(outer, key=lambda s: s.content[1] - s.content[0])
        return inner
    # a speaker in a clause that only describes a noun ("sank a ship they said had laid
    # mines") says nothing about the rest of the sentence
    main = [s for s in here if not s.embedded]
    outside_source = [s for s in main if not (s.source[0] <= char < s.source[1])]
    return outside_source[0] if outside_source else (main[0] if main else None)


def records_of(doc: Document, saids: Sequence[Said]) -> Iterator[Attribution]:
    """The public records of ``warledger attributions`` from the attributions found: one
    per cue (and per party when a source names two), a quote that runs on over several
    sentences being one record with several content spans; no source span when the text
    names none ("it was reported that ...")."""
    more: dict[int, list[tuple[int, int]]] = {}
    for s in saids:
        if s.continues is not None:
            more.setdefault(id(s.continues), []).append(s.content)
    for s in saids:
        if s.continues is not None or s.quoted:
            continue
        source = () if s.sourceless or s.source[0] >= s.source[1] else (s.source,)
        content = (s.content, *more.get(id(s), ()))
        for m in s.parties or (None,):
            yield Attribution(
                article=doc.article.name, source=source, cue=(s.cue,) if s.cue else (),
                content=content, source_text=s.source_text,
                party=m.party if m else None, side=m.side if m else UNKNOWN)


def extract_attributions(doc: Document, resolver: Resolver) -> Iterator[Attribution]:
    """The public records of ``warledger attributions`` for one parsed document."""
    return records_of(doc, attributions_of(doc, resolver))

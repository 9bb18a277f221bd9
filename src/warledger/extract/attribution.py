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
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Iterator, Sequence

from warledger.extract.cues import CueLexicon, load_cues
from warledger.extract.lexicon import Lexicon, load_lexicon
from warledger.extract.patterns import TURN
from warledger.profiles import UNKNOWN, Mention, Resolver
from warledger.records import Attribution, Document, Sentence

PRONOUNS = {"it", "he", "she", "they", "we", "i"}
PERSON_PRONOUNS = {"he", "she", "i"}
TITLES = {"president", "minister", "spokesman", "spokeswoman", "spokesperson", "chancellor",
          "ambassador", "commander", "general", "official", "officials", "leader", "secretary",
          "chief", "head", "emir", "king", "premier", "envoy", "governor", "mayor", "adviser",
          "advisor", "aide", "lieutenant", "colonel", "major", "captain", "sergeant", "analyst",
          "correspondent", "witness", "resident", "doctor", "deputy", "lawmaker", "senator",
          "diplomat", "representative", "ombudsman", "prosecutor", "pope", "foreign"}
# subjects that are the cue's own noun ("the statement said", "a report by X said"): the
# real source is the noun's possessor or its "by"/"from" complement
CARRIER_NOUNS = {"statement", "report", "reports", "communique", "release", "bulletin",
                 "update", "post", "message", "tweet", "briefing", "announcement", "letter",
                 "footage", "video", "data", "figures", "tally", "count", "estimate",
                 "assessment", "document"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# a party named as a place ("in southern Gaza", "from Lebanon") is not who speaks
_LOCATIVE = re.compile(r"\b(?:in|near|on|at|from|over|across|into|of|around|inside|outside)"
                       r"(?:\s+(?:the|southern|northern|eastern|western|central|occupied))*\s*$", re.I)
INSTITUTIONS = {"ministry", "military", "army", "command", "headquarters", "staff", "office",
                "spokesman", "spokeswoman", "spokesperson", "official", "officials", "navy",
                "statement", "government", "authorities", "force", "forces", "defence", "defense",
                "source", "sources"}
# "In Baku, officials said": a place-led opening names the officials' side
_LEAD = re.compile(r"^\s*(?:In|From|Across)\s+[^,]{2,40},\s*$")


@dataclass(frozen=True)
class Said:
    """One attribution inside the extractor, with the token ranges claims are matched to."""

    sentence: int  # index into doc.sentences
    source: tuple[int, int]  # character span of the source as written (may be in an earlier sentence)
    cue: tuple[int, int] | None
    content: tuple[int, int]  # character span of what is attributed
    source_text: str
    parties: tuple[Mention, ...]  # one, or several for "Azerbaijani and Armenian forces"
    side: str
    stance: str  # assert | deny
    person: bool
    carried: bool = False  # the source came from an earlier sentence ("It said")
    within: "Said | None" = None  # "Tehran denied Iraqi claims that ...": the denial around it
    sourceless: bool = False  # "it was reported that ...": no source in the text (source is empty)
    continues: "Said | None" = None  # a quote running on: the attribution it belongs to
    # the cue is inside a quotation ('"Every day they announce ...," he said'): the claims
    # inside take it as claimant, but it is part of what was said, not a record of its own
    quoted: bool = False
    embedded: bool = False  # the cue heads a clause modifying a noun ("a ship they said ...")

    @property
    def party(self) -> str | None:
        return self.parties[0].party if self.parties else None


class Index:
    """Children lists for the dependency tree (built once per document)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.children: list[list[int]] = [[] for _ in doc.tokens]
        for t in doc.tokens:
            if t.head != t.i:
                self.children[t.head].append(t.i)

    def subtree(self, i: int) -> tuple[int, int]:
        """Token range [lo, hi) of the subtree under ``i``."""
        lo = hi = i
        stack = [i]
        while stack:
            j = stack.pop()
            lo, hi = min(lo, j), max(hi, j)
            stack.extend(self.children[j])
        return lo, hi + 1

    def child(self, i: int, deps: set[str]) -> int | None:
        return next((c for c in self.children[i] if self.doc.tokens[c].dep in deps), None)


_LAST_INDEX: list[Index] = []


def index_of(doc: Document) -> Index:
    """The dependency index of a document, built once for attributions and claims alike."""
    if _LAST_INDEX and _LAST_INDEX[0].doc is doc:
        return _LAST_INDEX[0]
    idx = Index(doc)
    _LAST_INDEX[:] = [idx]
    return idx


def _span_text(doc: Document, lo: int, hi: int) -> str:
    toks = doc.tokens
    return doc.article.text[toks[lo].start:toks[hi - 1].end]


def _trim_source(doc: Document, lo: int, hi: int, head: int) -> tuple[int, int]:
    """Cut an appositive or relative clause off a source: "Dmitry Pisarenko, who heads
    ..." is Dmitry Pisarenko; leading conjunctions and adverbs go too."""
    toks = doc.tokens
    for j in range(lo, head):
        if toks[j].text in ("-", ":", "\u2013", "\u2014") and toks[lo].text.isupper():
            lo = j + 1  # "KYIV, June 11 - Russia and Ukraine said": the dateline is no source
    for j in range(max(lo, head), hi):
        if toks[j].text in (",", "(", "\u2013", "\u2014") and j > lo:
            hi = j
            break
    while lo < hi and (toks[lo].pos in ("CCONJ", "ADV", "PUNCT", "SCONJ") or toks[lo].dep in ("cc", "punct")):
        lo += 1
    while hi - 1 > lo and toks[hi - 1].dep in ("case", "aux", "neg"):
        hi -= 1  # "Baghdad's assertion": Baghdad; "Armenia and Azerbaijan have agreed": no "have"
    return lo, max(hi, lo + 1)


def _is_person(doc: Document, lo: int, hi: int, parties: Sequence[Mention]) -> bool:
    toks = doc.tokens[lo:hi]
    words = {t.text.lower() for t in toks}
    if words & PERSON_PRONOUNS:
        return True
    if any(m.field == "leaders" for m in parties):
        return True
    if words & TITLES and not words & (INSTITUTIONS | {"ministry", "office", "army", "forces", "military",
                                                      "staff", "command", "service", "agency", "council",
                                                      "committee", "group", "headquarters"}):
        return True
    # two capitalised proper nouns in a row that name no party: a person's name
    run = 0
    for t in toks:
        run = run + 1 if t.pos == "PROPN" and t.text[:1].isupper() else 0
        if run >= 2 and not parties:
            return True
    return False


def _parties_in(resolver: Resolver, text: str, offset: int) -> tuple[Mention, ...]:
    """The party a source names; two when the source coordinates them ("Azerbaijani and
    Armenian forces", "Russia and Ukraine")."""
    found = resolver.mentions(text, offset)
    if not found:
        return ()
    chosen = [found[0]]
    for m in found[1:]:
        gap = text[chosen[-1].end - offset:m.start - offset].strip().lower()
        if gap in ("and", ",", ", and", "&") and m.side != chosen[-1].side:
            chosen.append(m)
        else:
            break
    return tuple(chosen)


def _antecedent(history: Sequence[Said], word: str, head_lemma: str, sentence: int) -> Said | None:
    """The earlier source a pronoun or a bare definite ("the ministry") stands for."""
    if not history:
        return None
    recent = [s for s in reversed(history) if s.parties or s.person]
    if word in PERSON_PRONOUNS:
        return next((s for s in recent if s.person), recent[0] if recent else history[-1])
    if word == "it":  # one body, not a coordinated pair ("Russia and Ukraine each said")
        return next((s for s in recent if not s.person and len(s.parties) <= 1),
                    recent[0] if recent else None)
    if word in ("they", "we"):
        return recent[0] if recent else None
    # a definite description: the last source, if close, else one with the same noun
    close = [s for s in recent if sentence - s.sentence <= 2]
    if close:
        return close[0]
    same = next((s for s in recent if head_lemma and head_lemma in s.source_text.lower()), None)
    return same


# a quotation: curly or straight double quotes, or the doubled single quotes some papers
# use; one left open runs to the end of its paragraph
_QUOTE = re.compile("\u201c[^\u201d\n]*(?:\u201d|(?=\n)|$)|\"[^\"\n]*(?:\"|(?=\n)|$)"
                    "|''(?:(?!'')[^\n])*(?:''|(?=\n)|$)"
                    # a closing mark typed for an opening one at the start of a paragraph
                    "|(?:(?<=\n)|^)\u201d[^\u201d\u201c\n]*\u201d", re.M)


class _Context:
    """What the attributions of one document share: the tree index, the cue lexicon and
    where the quotations are."""

    def __init__(self, doc: Document, idx: Index, cues: CueLexicon) -> None:
        self.doc, self.idx, self.cues = doc, idx, cues
        self.quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(doc.article.text)]
        self._starts = [s for s, _ in self.quotes]

    def in_quote(self, char: int) -> bool:
        """Whether a character is inside a quotation (not its opening mark)."""
        k = bisect_right(self._starts, char) - 1
        return k >= 0 and self.quotes[k][0] < char < self.quotes[k][1]

    def quote_at(self, char: int) -> tuple[int, int] | None:
        k = bisect_right(self._starts, char) - 1
        return self.quotes[k] if k >= 0 and self.quotes[k][0] <= char < self.quotes[k][1] else None


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


def _sentence_at(doc: Document, char: int) -> int | None:
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
        si = _sentence_at(doc, name[0])
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
    if si == 0 and not TURN.match(sent.text) and len(doc.sentences) > 1 \
            and "\n" not in text[sent.end:doc.sentences[1].start]:
        return None  # a first sentence that is no headline of its own
    got = colon_lead(text, sent.start, sent.end)
    if got is None:
        return None
    name, colon, content = got
    span = _token_range(doc, sent, *name)
    if span is None:
        return None
    return _make(doc, si, span[0], span[1], colon, content, "assert", resolver, history, idx)


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
        return None
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
    root = source.continues or source
    return Said(sentence=si, source=source.source, cue=None, content=_bare(doc.article.text, sent.start, sent.end),
                source_text=source.source_text, parties=source.parties, side=source.side,
                stance=source.stance, person=source.person, carried=True, continues=root)


def _sentence_attributions(doc: Document, idx: Index, si: int, sent: Sentence, resolver: Resolver,
                           lex: Lexicon, history: Sequence[Said], ctx: _Context) -> Iterator[Said]:
    if not sent.parsed:
        # not parsed (it cannot carry a loss or an event): token patterns instead
        from warledger.extract.patterns import pattern_attributions

        text = doc.article.text
        for lo, hi, cue, content, stance in pattern_attributions(doc, sent, lex):
            if text[cue[0]:cue[1]].lower() in ctx.cues.weak_forms:
                continue  # "the United States", "media reports": mostly no cue (cues.yaml)
            said = _make(doc, si, lo, hi, cue, content, stance, resolver, history, idx)
            if said:
                yield said
        return
    from warledger.extract.clauses import parsed_attributions

    yield from parsed_attributions(doc, idx, si, sent, resolver, history, ctx)


def _make(doc: Document, si: int, lo: int, hi: int, cue: tuple[int, int] | None,
          content: tuple[int, int], stance: str, resolver: Resolver, history: Sequence[Said],
          idx: Index) -> Said | None:
    toks = doc.tokens
    text = _span_text(doc, lo, hi)
    start = toks[lo].start
    parties = _parties_in(resolver, text, start)
    person = _is_person(doc, lo, hi, parties)
    words = [w.text.lower() for w in toks[lo:hi]]
    source = (start, toks[hi - 1].end)
    head_lemma = next((toks[j].lemma for j in range(hi - 1, lo - 1, -1) if toks[j].pos in ("NOUN", "PROPN")), "")
    if not parties or (words and words[0] in ("its", "his", "her", "their")):
        pronoun = words[0] if words else ""
        sent = doc.sentences[si]
        if pronoun in PRONOUNS or pronoun in ("its", "his", "her", "their") or words[:1] in (["the"], ["officials"]) \
                or (words and words[0] in CARRIER_NOUNS | {"officials", "ministry", "military", "army"}):
            key = {"its": "it", "his": "he", "her": "she", "their": "they"}.get(pronoun, pronoun)
            # "In Baku, officials dismissed ...": a capital in a leading prepositional phrase
            before = doc.article.text[sent.start:start]
            lead = resolver.mentions(before, sent.start) if _LEAD.match(before) else []
            if lead and not parties and key not in PRONOUNS:
                parties = (lead[-1],)
            else:
                ante = _antecedent(history, key, head_lemma, si)
                if ante is not None and (not parties or key in ("it", "he", "she", "they")):
                    parties = ante.parties
                    if key in PERSON_PRONOUNS:
                        person = True
    if not parties and cue is not None and doc.article.text[cue[0]:cue[1]].lower() in ("told", "tells", "told the"):
        # "a military spokesman told the Iraqi news agency INA": who speaks to a state's
        # own agency speaks for that state
        sent = doc.sentences[si]
        after = cue[1] if content[0] < cue[1] else cue[1]
        end = content[0] if content[0] > cue[1] else sent.end
        told = [m for m in resolver.mentions(doc.article.text[after:end], after) if m.field == "bodies"]
        if told:
            parties = (told[0],)
    if not parties and words and words[-1] not in PRONOUNS and len(words) > 1 \
            and head_lemma in INSTITUTIONS and not any(s.parties for s in history):
        # "..., the ministry said." opening a story: the ministry of the side whose forces
        # the statement is about (the first belligerent named in what it says)
        text = doc.article.text
        local = head_lemma in ("government", "authorities", "police")  # the place's own
        named = [m for m in resolver.mentions(text[content[0]:content[1]], content[0])
                 if m.side in resolver.sides and (local or not _LOCATIVE.search(text[max(0, m.start - 22):m.start]))]
        if named:
            parties = (named[0],)
    side = parties[0].side if parties else UNKNOWN
    return Said(sentence=si, source=source, cue=cue, content=content, source_text=text,
                parties=parties, side=side, stance=stance, person=person)


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

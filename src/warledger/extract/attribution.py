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
        if not found and (si == 0 or sent.text[:2] in ("Q:", "A:")):
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
    """A headline or interview line led by its speaker: "Sanders: ..." , "Q: ..."."""
    from warledger.extract.patterns import colon_lead

    text = doc.article.text
    if si == 0 and len(doc.sentences) > 1 and "\n" not in text[sent.end:doc.sentences[1].start]:
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

        for lo, hi, cue, content, stance in pattern_attributions(doc, sent, lex):
            said = _make(doc, si, lo, hi, cue, content, stance, resolver, history, idx)
            if said:
                yield said
        return
    yield from _parsed_attributions(doc, idx, si, sent, resolver, history, ctx)


def _parsed_attributions(doc: Document, idx: Index, si: int, sent: Sentence, resolver: Resolver,
                         history: Sequence[Said], ctx: "_Context") -> Iterator[Said]:
    """The attributions of a parsed sentence: one per cue, read from the tree."""
    toks = doc.tokens
    cues = ctx.cues
    found: list[tuple[str, Said]] = []  # (cue class, record)
    for i in range(sent.first, sent.last):
        t = toks[i]
        quoted = ctx.in_quote(t.start)
        low = t.text.lower()
        if low == "according" and i + 1 < sent.last and toks[i + 1].text.lower() == "to":
            obj = idx.child(i + 1, {"pobj"})
            if obj is None:
                continue
            lo, hi = _trim_source(doc, *idx.subtree(obj), obj)
            # content: the rest of the sentence, on the side away from "according to"
            if lo > i + 1 and i > sent.first + 2:
                content = (toks[sent.first].start, toks[i - 1].end)
            else:
                content = (toks[min(hi, sent.last - 1)].start, sent.end)
            said = _make(doc, si, lo, hi, (t.start, toks[i + 1].end), content, "assert",
                         resolver, history, idx)
            if said:
                found.append(("speech", said))
            continue
        if t.pos == "NOUN" and t.lemma in cues.nouns and not quoted:
            said = _noun_cue(doc, idx, si, i, resolver, history)
            if said is not None:
                found.append(("noun", said))
            continue
        cls = cues.verbs.get(t.lemma)
        if cls is None or t.pos not in ("VERB", "AUX") or t.dep in ("amod", "compound", "aux", "auxpass"):
            continue
        if quoted and cls == "stance":
            continue  # "we think" inside a quotation is what was said, not who said it
        if cls == "stance" and not (t.dep == "ROOT" or (t.dep == "conj" and toks[t.head].dep == "ROOT")):
            continue  # "think", "want": the subject's own view only in a main clause
        stance = cues.stance_of(t.lemma)
        got = _verb_cue(doc, idx, si, sent, i, stance, resolver, history, ctx)
        for said in got:
            found.append((cls, replace(said, quoted=True) if quoted else said))
    # a stance verb inside someone else's reported words is part of their content
    speech = [s for c, s in found if c != "stance"]
    for cls, said in found:
        if cls == "stance" and said.cue and any(
                o.content[0] <= said.cue[0] < o.content[1] for o in speech):
            continue
        yield said


def _verb_cue(doc: Document, idx: Index, si: int, sent: Sentence, i: int, stance: str,
              resolver: Resolver, history: Sequence[Said], ctx: "_Context") -> Iterator[Said]:
    """The attribution of one cue verb: its source, its content, and a claim nested in its
    object ("denied Iraqi claims that ...")."""
    toks = doc.tokens
    t = toks[i]
    cue = _cue_span(doc, idx, i)
    passive = idx.child(i, {"auxpass"}) is not None or t.dep == "acl" and t.tag == "VBN"
    agent = idx.child(i, {"agent"})
    subj = idx.child(i, SUBJECT_DEPS)
    inherited = False
    sourceless = False
    resolve_by: int | None = None  # the token whose phrase names the party ("who" -> its noun)
    if passive and agent is None and t.dep != "acl":
        # "it was reported that ...", "X is expected to ...": no source in the text; a
        # passive without a clause ("could not be verified") attributes nothing
        if _first_child(idx, i, ("ccomp", "xcomp")) is None:
            return
        sourceless = True
    elif passive and agent is not None:
        subj = idx.child(agent, {"pobj"})
    elif subj is None and t.dep in ("advcl", "conj", "xcomp") and t.head != i:
        # "Turkey denied ..., saying ...": the speaker is the subject up the tree (an
        # active one: "four warplanes had been shot down, saying ..." is Baghdad's)
        h = t.head
        before = i - 2 if i - 2 >= sent.first and toks[i - 1].text == "," else None
        if before is not None and toks[before].lemma in ctx.cues.verbs:
            # "..., the administration said, adding that ...": the speaker of the cue just
            # before, however the parser hung the participle
            subj = _final_source(doc, idx, sent, before) or idx.child(before, {"nsubj"})
        for _ in range(4):
            if subj is not None:
                break
            subj = idx.child(h, {"nsubj", "csubj"})
            if subj is not None or toks[h].head == h:
                break
            h = toks[h].head
        inherited = True
    elif subj is None and t.dep == "acl" and t.head != i:
        subj = t.head  # "a statement saying ...", "officials speaking on ..."
    if subj is None and not sourceless and not inherited and t.tag in ("VBD", "VBZ", "VBP"):
        subj = _noun_before(doc, sent, i)
    if subj is not None and toks[subj].lemma in ("who", "which", "that") and t.dep == "relcl":
        resolve_by = t.head  # "the minister, who said ...": the source is "who", its party the noun's
    final = _final_source(doc, idx, sent, i)
    final_form = False
    after = _inverted_source(doc, idx, sent, i)
    if after is not None and not sourceless and (subj is None or subj < i):
        subj = after  # "..., said the Ministry of Defence in London."
    if final is not None and not sourceless and (subj is None or subj < final - 8 or
                                                 any(toks[k].text == "," for k in range(subj, final))):
        subj = final  # "..., the Ministry of Defence said." whatever the parser made of it
        final_form = True
    if subj is None and not sourceless:
        return
    if sourceless:
        lo = hi = i
    elif subj is not None and subj == t.head and t.dep == "acl":
        lo, hi = _trim_source(doc, *_left_part(idx, subj, i), subj)
    else:
        lo, hi = _trim_source(doc, *idx.subtree(subj), subj)
        if lo == sent.first and toks[lo].text.isupper() and len(toks[lo].text) > 1:
            # "KYIV, June 11 - Russia and Ukraine each said": the dateline is no source
            dash = next((k for k in range(lo, i) if toks[k].text in ("-", "\u2013", "\u2014", ":")), None)
            if dash is not None and i - dash <= 12:
                lo, hi = dash + 1, i
        head_tok = toks[subj]
        if head_tok.lemma in CARRIER_NOUNS:
            owner = idx.child(subj, {"poss"})
            if owner is None:
                prep = next((c for c in idx.children[subj] if toks[c].lemma in ("by", "from", "of")), None)
                owner = idx.child(prep, {"pobj"}) if prep is not None else None
            if owner is not None:
                lo, hi = _trim_source(doc, *idx.subtree(owner), owner)
                lo = min(lo, owner)
    if final_form:
        # "<content>, <source> said ...": what is said is all before the source's comma
        comma = next((k for k in range(lo - 1, sent.first - 1, -1) if toks[k].text == ","), sent.first)
        content = (sent.start, toks[comma - 1].end) if comma > sent.first else None
    else:
        content = _content_of(doc, idx, sent, i, subj if not sourceless else None, lo, hi, ctx)
    if content is None:
        return
    if sourceless:
        thing = idx.child(i, {"nsubjpass"})
        if thing is not None and toks[thing].lemma != "it" and thing < i:
            content = (toks[idx.subtree(thing)[0]].start, content[1])  # "X is expected to ..."
        said = Said(sentence=si, source=(t.start, t.start), cue=cue, content=content, source_text="",
                    parties=(), side=UNKNOWN, stance=stance, person=False, sourceless=True)
        yield said
        return
    said = _make(doc, si, lo, hi, cue, content, stance, resolver, history, idx)
    if said is None:
        return
    if t.dep in ("relcl", "acl"):
        said = replace(said, embedded=True)
    if resolve_by is not None and not said.parties:
        named = _make(doc, si, *_trim_source(doc, *_left_part(idx, resolve_by, i), resolve_by), cue,
                      content, stance, resolver, history, idx)
        if named is not None:
            said = replace(said, parties=named.parties, side=named.side, person=named.person)
    yield said
    nested = _reported_claim(doc, idx, si, i, said, resolver, history)
    if nested is not None:
        yield nested


def _noun_cue(doc: Document, idx: Index, si: int, i: int, resolver: Resolver,
              history: Sequence[Said]) -> Said | None:
    """A nominal cue with its "that" clause: "the army's claim that ...", "a warning by the
    UN that ...", "Iraqi allegations that ...". Without a source in the noun phrase it is
    left alone (the verb it depends on, if a cue, has the source), and so is the object of
    a cue verb ("denied Iraqi claims that ...": ``_reported_claim``)."""
    toks = doc.tokens
    t = toks[i]
    if t.dep == "dobj" and toks[t.head].lemma in load_cues().verbs:
        return None
    clause = next((c for c in idx.children[i] if toks[c].dep in ("acl", "ccomp", "relcl")
                   and any(toks[g].lemma == "that" and toks[g].dep == "mark" for g in idx.children[c])), None)
    if clause is None:
        return None
    owner = idx.child(i, {"poss"})
    if owner is None:
        prep = next((c for c in idx.children[i] if toks[c].lemma in ("by", "from")), None)
        owner = idx.child(prep, {"pobj"}) if prep is not None else None
    if owner is None:
        owner = next((c for c in idx.children[i] if toks[c].dep in ("amod", "compound")
                      and toks[c].text[:1].isupper()), None)  # "Iraqi claims that"
    if owner is None:
        return None
    lo, hi = _trim_source(doc, *idx.subtree(owner), owner)
    clo, chi = idx.subtree(clause)
    return _make(doc, si, lo, hi, (t.start, t.end), (toks[clo].start, toks[chi - 1].end), "assert",
                 resolver, history, idx)


def _noun_before(doc: Document, sent: Sentence, i: int) -> int | None:
    """The noun right before a cue the parser gave no subject ("... of the Washington Post
    Trump said that ..."): the speaker is the nearest noun or pronoun, past auxiliaries
    and adverbs ("Trump has also said")."""
    toks = doc.tokens
    k = i - 1
    while k >= sent.first and (toks[k].pos in ("AUX", "ADV", "PART") or toks[k].dep in ("aux", "neg", "advmod")):
        k -= 1
    if k > sent.first and toks[k].text == ")":  # "the Philippine News Agency (PNA) said"
        k = next((j for j in range(k - 1, sent.first - 1, -1) if toks[j].text == "("), sent.first) - 1
    if k < sent.first or toks[k].pos not in ("NOUN", "PROPN", "PRON"):
        return None
    return k


def _left_part(idx: Index, head: int, stop: int) -> tuple[int, int]:
    """The noun phrase of ``head`` without the clause hanging from it at ``stop``
    ("a statement saying ..." -> "a statement")."""
    toks = idx.doc.tokens
    lo = head
    for c in idx.children[head]:
        if c < head:
            lo = min(lo, idx.subtree(c)[0])
    hi = head + 1
    for c in sorted(idx.children[head]):
        if c > head and c != stop and toks[c].dep in ("compound", "flat", "appos", "prep", "nummod", "amod") \
                and idx.subtree(c)[1] <= stop:
            hi = max(hi, idx.subtree(c)[1])
    return lo, hi


def _cue_span(doc: Document, idx: Index, i: int) -> tuple[int, int]:
    """The cue as written: the verb with its particle ("pointed out", "called for")."""
    toks = doc.tokens
    end = toks[i].end
    prt = idx.child(i, {"prt"})
    if prt is not None and prt == i + 1:
        end = toks[prt].end
    return toks[i].start, end


def _content_of(doc: Document, idx: Index, sent: Sentence, i: int, subj: int | None, lo: int, hi: int,
                ctx: "_Context") -> tuple[int, int] | None:
    """What a cue verb attributes: its clause complement first ("told reporters that ..."
    is the that-clause, not the reporters), then an object ("denied reports that ..."), the
    object of a content preposition ("called for a ceasefire"), else the rest of the
    sentence on the far side of the source."""
    toks = doc.tokens
    comp = _first_child(idx, i, ("ccomp", "xcomp", "dobj"))
    if comp is None:
        prep = next((c for c in idx.children[i] if toks[c].dep == "prep" and c > i
                     and ctx.cues.opens_content(toks[c].lemma, toks[i].lemma)), None)
        if prep is not None and idx.child(prep, {"pobj", "pcomp"}) is not None:
            comp = prep
    if comp is None:
        comp = idx.child(i, {"advcl"})
    if comp is None and idx.child(i, {"agent"}) is not None:
        comp = idx.child(i, {"nsubjpass"})  # "The strike was condemned by the UN": the strike
    if subj is not None and subj > i and (comp is None or comp > i):
        # "..., said the Ministry of Defence in London.": the content is before the cue
        end = next((k for k in range(i - 1, sent.first, -1) if toks[k].text == ","), i)
        return (sent.start, toks[max(sent.first, end - 1)].end)
    if comp is not None:
        clo, chi = idx.subtree(comp)
        if toks[comp].dep == "prep":
            clo += 1  # "called for X": X
        elif toks[comp].dep == "dobj":
            # "blamed Iran for the attacks", "accused him of lying": the object and what for
            more = [c for c in idx.children[i] if c > comp and toks[c].dep == "prep"
                    and ctx.cues.opens_content(toks[c].lemma, toks[i].lemma)]
            if more:
                chi = max(chi, idx.subtree(more[-1])[1])
        # "..., while a glide bomb killed four people": the outlet's own clause
        cut = next((k for k in range(clo + 1, chi - 1) if toks[k].text == ","
                    and toks[k + 1].text.lower() == "while"), None)
        if clo >= chi:
            return None
        return (toks[clo].start, toks[(cut if cut is not None else chi) - 1].end)
    # the content not attached: what stands across a comma or a quotation mark from the
    # source and cue ('"...," the ministry said.', 'He said: "..."'); anything else ("he
    # spoke for five minutes") attributes nothing
    if lo > sent.first and toks[lo - 1].text in (",", "\u201d", '"', "''", ":", "\u2014"):
        return (sent.start, toks[lo - 1].end)
    if i + 1 < sent.last and toks[i + 1].text in (":", ",", "\u201c", '"', "''"):
        return (toks[i + 1].start, sent.end)
    return None


def _first_child(idx: Index, i: int, deps: tuple[str, ...]) -> int | None:
    for dep in deps:
        c = idx.child(i, {dep})
        if c is not None:
            return c
    return None


CLAIM_NOUNS = {"claim", "claims", "report", "reports", "allegation", "allegations", "assertion",
               "assertions", "account", "accounts", "figure", "figures", "suggestion", "suggestions"}


def _reported_claim(doc: Document, idx: Index, si: int, cue: int, outer: Said, resolver: Resolver,
                    history: Sequence[Said]) -> Said | None:
    """ "Tehran denied Iraqi claims that 11 planes had been shot down", "dismissed claims by
    the separatists that ...": the claim inside is the other party's assertion."""
    toks = doc.tokens
    obj = idx.child(cue, {"dobj"})
    if obj is None or toks[obj].lemma not in {n.rstrip("s") for n in CLAIM_NOUNS} | CLAIM_NOUNS:
        return None
    clause = next((c for c in idx.children[obj] if toks[c].dep in ("acl", "ccomp", "relcl")
                   and any(toks[g].text.lower() == "that" for g in idx.children[c])), None)
    if clause is None:
        return None
    owner = idx.child(obj, {"poss", "amod", "compound"})
    if owner is None:
        prep = next((c for c in idx.children[obj] if toks[c].lemma in ("by", "from")), None)
        owner = idx.child(prep, {"pobj"}) if prep is not None else None
    if owner is None:
        return None
    lo, hi = _trim_source(doc, *idx.subtree(owner), owner)
    clo, chi = idx.subtree(clause)
    inner = _make(doc, si, lo, hi, None, (toks[clo].start, toks[chi - 1].end), "assert",
                  resolver, history, idx)
    if inner is None or not inner.parties:
        return None
    return Said(**{**inner.__dict__, "within": outer})


def _inverted_source(doc: Document, idx: Index, sent: Sentence, i: int) -> int | None:
    """The head of "<content>, said <source>." when the parser made the source an object
    (or a dateline the subject): the cue follows a comma or a closing quotation mark and a
    noun phrase after it runs to the end of the sentence."""
    toks = doc.tokens
    if i - 1 < sent.first or toks[i - 1].text not in (",", "\u201d", '"', "''"):
        return None
    end = sent.last
    while end > i + 1 and toks[end - 1].pos == "PUNCT":
        end -= 1
    # an object is the speaker only after "said" ("..., he told the newspaper" names whom)
    deps = ("nsubj", "attr", "dobj") if toks[i].lemma == "say" else ("nsubj", "attr")
    for c in idx.children[i]:
        if c > i and toks[c].dep in deps and toks[c].pos in ("NOUN", "PROPN") and idx.subtree(c)[1] >= end:
            return c
    return None


def _final_source(doc: Document, idx: Index, sent: Sentence, i: int) -> int | None:
    """The head of "..., <source> said (on Tuesday)." when the parser hung the source
    elsewhere: nothing that is said follows the cue (no clause or object to its right,
    only a tail: "in a statement", ", adding ..."), and a comma opens the source; the
    source's last noun is taken."""
    toks = doc.tokens
    after = next((k for k in range(i + 1, sent.last) if toks[k].pos != "PUNCT"), None)
    if after is not None and any(c > i and toks[c].dep in ("ccomp", "xcomp", "dobj", "dative")
                                 for c in idx.children[i]):
        return None
    if after is not None and toks[after].dep not in ("prep", "npadvmod", "advmod", "advcl", "pobj") \
            and not (toks[after - 1].text == "," and toks[after].tag == "VBG"):
        return None
    comma = next((k for k in range(i - 1, sent.first, -1) if toks[k].text == ","), None)
    if comma is None or i - comma > 12 or i - comma < 2:
        return None
    for k in range(i - 1, comma, -1):  # the source's head: climb from its last noun
        if toks[k].pos in ("NOUN", "PROPN"):
            while comma < toks[k].head < i and toks[k].head != k:
                k = toks[k].head
            return k
    return None


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


def claimant_at(saids: Sequence[Said], sentence: int, char: int) -> Said | None:
    """The attribution that covers a character in a sentence: the innermost content span
    holding it; else the sentence's first attribution not in a relative or participle
    clause; else none (the outlet's voice)."""
    here = [s for s in saids if s.sentence == sentence and not s.sourceless]
    inside = [s for s in here if s.content[0] <= char < s.content[1]
              and not (s.source[0] <= char < s.source[1])]
    if inside:
        return min(inside, key=lambda s: s.content[1] - s.content[0])
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

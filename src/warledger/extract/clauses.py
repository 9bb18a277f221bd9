"""Who said what in one parsed sentence: source, cue and content read from the tree.

Why the tree decides: where wire copy and news at large put a speaker ("X said ...",
"..., X said.", "..., said X.", "X, who said ...", "..., saying ...", "was condemned by X")
and what was said (a clause, a quotation, an object, "called for X") is what the
dependency parse shows; a cue word (``extract/cues.py``) says where to look. The few
places where the parser of the small English pipeline goes wrong in a regular way are
mended here, each said where: a final or inverted source the parser hung elsewhere
(``_final_source``, ``_inverted_source``), a subjectless finite cue (``_noun_before``),
", adding ..." after a cue (the speaker of that cue).

``parsed_attributions`` is called by ``attribution.attributions_of`` for every parsed
sentence; the records (``attribution.Said``) are built by ``attribution._make``, which
resolves the source to a party.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator, Sequence

from warledger.extract.speakers import (CARRIER_NOUNS, SUBJECT_DEPS, Index, Said, _Context, _make,
                                        _trim_source)
from warledger.extract.cues import load_cues
from warledger.extract.lexicon import load_lexicon
from warledger.profiles import UNKNOWN, Resolver
from warledger.records import Document, Sentence


# "by the reckoning of X", "by the count of X": whose figures they are
_RECKONING = frozenset({"reckoning", "count", "estimate", "tally", "calculation", "accounting"})


def parsed_attributions(doc: Document, idx: Index, si: int, sent: Sentence, resolver: Resolver,
                         history: Sequence[Said], ctx: _Context) -> Iterator[Said]:
    """The attributions of a parsed sentence: one per cue, read from the tree."""
    toks = doc.tokens
    cues = ctx.cues
    found: list[tuple[str, Said]] = []  # (cue class, record)
    words = [t.text for t in toks[sent.first:sent.last] if t.text[:1].isalpha()]
    title_case = sum(w[0].isupper() for w in words) > 0.6 * len(words)  # a headline
    before, seen = tuple(history), 0
    for i in range(sent.first, sent.last):
        t = toks[i]
        if len(found) != seen:
            # "X told a briefing that he could not confirm ...": an earlier source of the
            # sentence is the nearest antecedent of a pronoun after it
            seen = len(found)
            history = (*before, *(s for _, s in found))
        quoted = ctx.in_quote(t.start)
        low = t.text.lower()
        # a source behind a preposition: "according to X", "by the reckoning of X" (up to
        # the preposition's last word)
        according = low == "according" and i + 1 < sent.last and toks[i + 1].text.lower() == "to"
        reckoning = not according and low == "by" and not quoted and i + 3 < sent.last \
            and toks[i + 1].text.lower() == "the" and toks[i + 2].lemma in _RECKONING \
            and toks[i + 3].text.lower() == "of"
        if according or reckoning:
            last = i + 1 if according else i + 3
            obj = idx.child(last, {"pobj"})
            if obj is None:
                continue
            lo, hi = _trim_source(doc, *idx.subtree(obj), obj)
            # content: the rest of the sentence, on the side away from "according to"; what
            # "by the reckoning of X, ..." says is what follows, unless the source ends it
            leading = (toks[sent.first].start, toks[i - 1].end)
            if according:
                content = leading if lo > i + 1 and i > sent.first + 2 else (toks[min(hi, sent.last - 1)].start, sent.end)
            else:
                content = (toks[hi].start, sent.end) if hi < sent.last - 2 else leading
            said = _make(doc, si, lo, hi, (t.start, toks[last].end), content, "assert", resolver, history, idx)
            if said:
                found.append(("speech", said))
            continue
        if t.pos == "NOUN" and t.lemma in cues.nouns and not quoted:
            said = _noun_cue(doc, idx, si, i, resolver, history)
            if said is not None:
                found.append(("noun", said))
            continue
        if t.pos == "ADJ" and t.lemma in cues.adjectives and not quoted and t.dep == "acomp" \
                and toks[t.head].dep == "ROOT":
            said = _adjective_cue(doc, idx, si, i, resolver, history)
            if said is not None:
                found.append(("stance", said))
            continue
        cls = cues.verbs.get(t.lemma)
        if cls is None or t.pos not in ("VERB", "AUX") or t.dep in ("amod", "compound", "aux", "auxpass"):
            continue
        need = cues.needs.get(t.lemma)
        if need and not any(toks[c].dep in need or toks[c].dep == "prep" and toks[c].lemma in need
                            for c in idx.children[i]):
            continue  # "put the toll at 30" is an estimate, "charged that ..." an accusation
        if any(toks[c].dep == "dobj" and toks[c].lemma in cues.except_objects.get(t.lemma, ())
               for c in idx.children[i]):
            continue  # "the siege has claimed 900 lives": a loss, not a claim
        if t.text[:1].isupper() and i > sent.first and not title_case and toks[i - 1].text[:1].isupper():
            continue  # "the United States Bankruptcy Court": a name the tagger took for a verb
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
              resolver: Resolver, history: Sequence[Said], ctx: _Context) -> Iterator[Said]:
    """The attribution of one cue verb: its source, its content, and a claim nested in its
    object ("denied Iraqi claims that ...")."""
    toks = doc.tokens
    t = toks[i]
    cue = _cue_span(doc, idx, i)
    if _reported_loss(doc, idx, sent, i):
        # "Two Soldiers Reported Killed In Clash", "ten feared dead": a report with no
        # source; the soldiers are what is reported, not who reports it
        yield Said(sentence=si, source=(t.start, t.start), cue=cue,
                   content=(_after_dateline(doc, sent), toks[sent.last - 1].end), source_text="",
                   parties=(), side=UNKNOWN, stance=stance, person=False, sourceless=True)
        return
    passive = idx.child(i, {"auxpass"}) is not None or t.dep == "acl" and t.tag == "VBN"
    agent = idx.child(i, {"agent"})
    subj = idx.child(i, SUBJECT_DEPS)
    if subj is not None and _MONTH.match(toks[subj].text) and toks[subj].start < (body := _after_dateline(doc, sent)):
        # "CAIRO, Oct 8 (Reuter) - Egypt said": the parser may take the dateline's date for a
        # second subject; the source is the one after the dash
        subj = next((c for c in idx.children[i] if toks[c].dep in SUBJECT_DEPS and toks[c].start >= body), subj)
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
    elif subj is None and t.dep == "pcomp" and toks[t.head].lemma == "as" \
            and toks[toks[t.head].head].lemma in ("quote", "report", "cite"):
        # "Aziz was quoted as saying ...", "he was reported as saying": who is quoted speaks
        subj = idx.child(toks[t.head].head, {"nsubjpass", "nsubj"})
        inherited = True
    if subj is None and not sourceless and not inherited and t.tag in ("VBD", "VBZ", "VBP"):
        subj = _noun_before(doc, sent, i)
    if subj is not None and toks[subj].lemma == "that" and t.dep == "relcl":
        subj = t.head  # "nations that oppose ...": the nations (a "that" is no name for a speaker)
    elif subj is not None and toks[subj].lemma in ("who", "which") and t.dep == "relcl":
        resolve_by = t.head  # "the minister, who said ...": the source is "who", its party the noun's
    final = _final_source(doc, idx, sent, i, t.lemma in ctx.cues.addressee_verbs)
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
    elif subj is not None and subj == t.head and t.dep in ("acl", "relcl"):
        lo, hi = _trim_source(doc, *_left_part(idx, subj, i), subj)
    else:
        assert subj is not None  # sourceless returned above, a missing subject earlier
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
        content = (_after_dateline(doc, sent), toks[comma - 1].end) if comma > sent.first else None
    else:
        content = _content_of(doc, idx, sent, i, subj if not sourceless else None, lo, hi, ctx)
    if content is None:
        return
    if sourceless:
        thing = idx.child(i, {"nsubjpass"})
        if thing is not None and toks[thing].lemma != "it" and thing < i:
            content = (toks[idx.subtree(thing)[0]].start, content[1])  # "X is expected to ..."
        yield Said(sentence=si, source=(t.start, t.start), cue=cue, content=content, source_text="",
                   parties=(), side=UNKNOWN, stance=stance, person=False, sourceless=True)
        return
    said = _make(doc, si, lo, hi, cue, content, stance, resolver, history, idx)
    if said is None:
        return
    if t.dep in ("relcl", "acl") or _subordinate_statement(doc, idx, i):
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


# conjunctions that make a statement a subordinate clause of the sentence's own news
_SUBORDINATORS = frozenset({"as", "while", "after", "when", "whereas", "although", "though"})


def _subordinate_statement(doc: Document, idx: Index, i: int) -> bool:
    """ "Gaza death toll passes 600 as Israel says 23 tunnels destroyed": a statement in a
    clause that hangs, after its conjunction, on the sentence's main verb says only what
    its own clause says; the main clause is not the speaker's (nor, then, any part of the
    sentence outside that clause)."""
    toks = doc.tokens
    t = toks[i]
    return t.dep == "advcl" and t.head < i and idx.child(i, {"ccomp"}) is not None \
        and any(toks[k].dep == "mark" and toks[k].lemma.lower() in _SUBORDINATORS for k in idx.children[i])


def _reported_loss(doc: Document, idx: Index, sent: Sentence, i: int) -> bool:
    """Whether cue ``i`` is a report verb raised over a loss participle ("X reported hit",
    "two said killed", "ten feared dead"), as wire headlines write "X were reported killed"."""
    toks = doc.tokens
    t = toks[i]
    lex = load_lexicon()
    if t.lemma not in lex.side_words["report_verbs"] or t.tag not in ("VBD", "VBN") or i + 1 >= sent.last:
        return False
    nxt = toks[i + 1]
    return nxt.head == i and nxt.dep in ("xcomp", "oprd", "acomp", "ccomp") \
        and (lex.kinds.get(nxt.lemma) is not None or nxt.text.lower() in ("dead", "missing")) \
        and idx.child(nxt.i, {"nsubj", "nsubjpass", "dobj"}) is None and idx.child(i, {"dobj", "ccomp"}) in (None, nxt.i)


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


def _adjective_cue(doc: Document, idx: Index, si: int, i: int, resolver: Resolver,
                   history: Sequence[Said]) -> Said | None:
    """A stance adjective after a copula in a main clause: "the ministry is confident that
    ...", "residents are worried about the dam"; "it is clear that ..." has no source."""
    toks = doc.tokens
    t = toks[i]
    cop = t.head
    comp = next((c for c in idx.children[i] if toks[c].dep in ("ccomp", "xcomp")), None)
    if comp is None:
        comp = next((c for c in idx.children[cop] if toks[c].dep == "ccomp" and c > i), None)
    prep = None
    if comp is None:
        prep = next((c for c in idx.children[i] if toks[c].dep == "prep" and toks[c].lemma in
                     ("about", "of", "on", "over", "with", "that", "to", "in")
                     and idx.child(c, {"pobj", "pcomp"}) is not None), None)
    if comp is None and prep is None:
        return None
    head = comp if comp is not None else prep
    assert head is not None  # both None returned above
    clo, chi = idx.subtree(head)
    if prep is not None:
        clo += 1
    content = (toks[clo].start, toks[chi - 1].end)
    subj = idx.child(cop, {"nsubj", "nsubjpass"})
    if subj is None:
        return None
    if toks[subj].lemma == "it":
        return Said(sentence=si, source=(t.start, t.start), cue=(t.start, t.end), content=content,
                    source_text="", parties=(), side=UNKNOWN, stance="assert", person=False, sourceless=True)
    lo, hi = _trim_source(doc, *idx.subtree(subj), subj)
    return _make(doc, si, lo, hi, (t.start, t.end), content, "assert", resolver, history, idx)


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
                ctx: _Context) -> tuple[int, int] | None:
    """What a cue verb attributes: its clause complement first ("told reporters that ..."
    is the that-clause, not the reporters), then an object ("denied reports that ..."), the
    object of a content preposition ("called for a ceasefire"), else the rest of the
    sentence on the far side of the source."""
    toks = doc.tokens
    addressed = toks[i].lemma in ctx.cues.addressee_verbs  # "told reporters": whom, not what
    comp = _first_child(idx, i, ("ccomp", "xcomp") if addressed else ("ccomp", "xcomp", "dobj"))
    if comp is None and addressed:
        # "told a meeting of leaders that ...": the parser hung the that-clause on the object
        obj = idx.child(i, {"dobj", "dative"})
        if obj is not None:
            lo_o, hi_o = idx.subtree(obj)
            comp = next((k for k in range(lo_o, hi_o) if toks[k].dep in ("acl", "relcl", "ccomp")
                         and toks[idx.subtree(k)[0]].lemma == "that"), None)
    if comp is not None and subj is not None and comp < subj < i and \
            any(toks[k].text == ";" for k in range(idx.subtree(comp)[1] - 1, subj)):
        # "Britain says ...; Buenos Aires reports survivors": the clause before the semicolon
        # is someone else's; what this source says follows its cue
        comp = next((c for c in sorted(idx.children[i]) if c > i and toks[c].dep in ("ccomp", "xcomp", "dobj")),
                    comp)
    if comp is None:
        prep = next((c for c in idx.children[i] if toks[c].dep == "prep" and c > i
                     and ctx.cues.opens_content(toks[c].lemma, toks[i].lemma)), None)
        if prep is not None and idx.child(prep, {"pobj", "pcomp"}) is not None:
            comp = prep
    if comp is None:
        comp = idx.child(i, {"advcl"})
    if comp is None and idx.child(i, {"agent"}) is not None:
        comp = idx.child(i, {"nsubjpass"})  # "The strike was condemned by the UN": the strike
    if subj is not None and subj > i and (comp is None or comp > i) and i - sent.first >= 2:
        # "..., said the Ministry of Defence in London.": the content is before the cue
        end = next((k for k in range(i - 1, sent.first, -1) if toks[k].text == ","), i)
        return (_after_dateline(doc, sent), toks[max(sent.first, end - 1)].end)
    if comp is not None:
        clo, chi = idx.subtree(comp)
        if toks[comp].dep == "prep":
            clo += 1  # "called for X": X
        elif toks[comp].dep == "dobj":
            # "blamed Iran for the attacks", "accused him of lying": the object and what for
            more = [c for c in idx.children[i] if c > comp and (toks[c].dep == "prep"
                    and ctx.cues.opens_content(toks[c].lemma, toks[i].lemma) or toks[c].dep == "oprd")]
            # ... and what it was called: "called him a genius", "what he called tribalism"
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
    if lo > sent.first and toks[lo - 1].text == "," and i + 2 < sent.last and toks[i + 1].text == "," \
            and lo - 1 > sent.first:
        return (sent.start, sent.end)  # "The museum, Mr. Bush said, celebrated ...": both sides
    if lo > sent.first and toks[lo - 1].text in (",", "\u201d", '"', "''", ":", "\u2014"):
        return (_after_dateline(doc, sent), toks[lo - 1].end)
    if i + 1 < sent.last and toks[i + 1].text in (":", ",", "\u201c", '"', "''"):
        return (toks[i + 1].start, sent.end)
    return None


_MONTH = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?$")


def _after_dateline(doc: Document, sent: Sentence) -> int:
    """Where a sentence's own words begin: after a dateline ("ILVENNA, May 10 — ")."""
    toks = doc.tokens
    first = toks[sent.first]
    if first.text.isupper() and len(first.text) > 1:
        dash = next((k for k in range(sent.first + 1, min(sent.last - 1, sent.first + 10))
                     if toks[k].text in ("-", "\u2013", "\u2014", "--")), None)
        if dash is not None:
            return toks[dash + 1].start
    return sent.start


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


def _final_source(doc: Document, idx: Index, sent: Sentence, i: int, addressed: bool = False) -> int | None:
    """The head of "..., <source> said (on Tuesday)." when the parser hung the source
    elsewhere: nothing that is said follows the cue (no clause or object to its right,
    only a tail: "in a statement", ", adding ..."; for a verb that names whom it
    addresses, "..., X told reporters in Yerevan", the object too), and a comma opens the
    source; the source's last noun is taken."""
    toks = doc.tokens
    after = next((k for k in range(i + 1, sent.last) if toks[k].pos != "PUNCT"), None)
    objects = ("ccomp", "xcomp") if addressed else ("ccomp", "xcomp", "dobj", "dative")
    if after is not None and any(c > i and toks[c].dep in objects for c in idx.children[i]):
        return None
    if after is not None and toks[after].dep not in ("prep", "npadvmod", "advmod", "advcl", "pobj") \
            and not (toks[after - 1].text == "," and toks[after].tag == "VBG") \
            and not (addressed and toks[after].dep in ("dobj", "dative", "det")):
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

"""Attributions in sentences that were not parsed, found by token patterns instead of the tree.

Why: only sentences that can carry a loss claim or an event are parsed (``nlp.py``,
``analyze.can_carry``); the rest of a war report is mostly statements ("The ministry said
talks would resume"), whose speakers still matter: an event in such a sentence needs its
claimant, and a later "It said" needs an antecedent. Wire copy puts the speaker in a few
fixed places, so a handful of patterns over plain tokens find most of them:

    <source> said/claimed/denied (that) <content>       "The ministry said ..."
    <content>, <source> said (in a statement).          "..., the ministry said."
    <content>, said <source>.                           "..., said a spokesman."
    According to <source>, <content>                    "..., according to Kyiv."
    <source>'s statement said / A statement by <source> said
    It/He/She/They said                                  (``attribution._make`` resolves it)

Unparsed tokens have text, offsets and a lower-cased lemma only (no tags), so boundaries
come from punctuation and a few closed word lists. ``pattern_attributions(doc, sent, lex)``
yields (source first token, source end token, cue char span, content char span, stance),
the same form the parsed path hands to ``attribution._make``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from warledger.extract.lexicon import Lexicon
from warledger.records import Document, Sentence, Token

Found = tuple[int, int, tuple[int, int], tuple[int, int], str]

MAX_SOURCE = 12  # tokens: a longer stretch before a cue is a clause, not a speaker
# words that open a leading adverbial ("On Monday, the ministry said ...")
LEAD_WORDS = {"on", "in", "at", "from", "across", "by", "after", "before", "during", "earlier",
              "later", "late", "meanwhile", "however", "separately", "overnight", "yesterday",
              "today", "tonight", "last", "also", "elsewhere", "for", "since", "until", "within",
              "near", "inside", "outside", "under", "over", "as", "with", "but", "and", "still"}
# words that may stand between a source and its cue ("the ministry has also said")
BETWEEN = {"has", "have", "had", "also", "later", "earlier", "previously", "repeatedly", "again",
           "further", "already", "separately", "officially", "publicly", "flatly", "strongly",
           "quickly", "swiftly", "immediately", "then", "subsequently", "would", "will", "did",
           "does", "do", "first", "initially", "reportedly", "formally", "angrily",
           "categorically", "firmly", "since", "now", "itself", "himself", "herself",
           "themselves", "once", "twice"}
# a cue after one of these is no speech verb of a source ("the claims", "refused to say")
NOT_AFTER = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their",
             "our", "such", "to", "could", "would", "will", "can", "may", "might", "should",
             "must", "not", "n't", "no", "of", "for", "with", "by", "was", "were", "is", "are",
             "be", "been", "being", "what"}
# ... and a cue in -s after one of these is a plural noun ("media reports", "new claims")
NOUN_BEFORE_S = {"media", "news", "press", "casualty", "official", "initial", "separate",
                 "unverified", "similar", "new", "earlier", "latest", "conflicting", "unconfirmed",
                 "such", "these", "those", "many", "several", "some", "other", "further"}
# a source is a noun phrase: none of these inside it
CLAUSE_WORDS = {"that", "which", "who", "whom", "whose", "when", "while", "because", "if",
                "than", "where", "whether", "although", "though", ";", ":", "said", "says"}
CARRIERS = {"statement", "report", "communique", "release", "bulletin", "update", "post",
            "message", "tweet", "briefing", "announcement", "letter", "video", "figures", "tally"}
# what may follow a final cue before the full stop ("..., X said in a statement on Monday.")
TAIL_START = {"in", "on", "at", "late", "last", "earlier", "later", "via", "through", "after",
              "without", "today", "yesterday", "overnight", "this", "from", "during", "when",
              "before", "while"}
# what a speaker "called" a lie, propaganda or accurate: a report of someone else's
_REPORT_NOUNS = {"claim", "claims", "report", "reports", "figure", "figures", "allegation", "allegations",
                 "account", "accounts", "toll", "tally", "broadcast", "statement"}
PUNCT_END = {".", "!", "?", "\u201d", '"', "'", "\u2019", ")", "]"}
QUOTES = {"\u201c", "\u201d", '"', "\u2018", "\u2019", "'"}
BREAKS = {",", "(", ")", "\u2013", "\u2014", "--", ";", ":"}


@lru_cache(maxsize=4)
def _cue_forms(cues_key: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, bool]]:
    """Inflected forms of the cue lemmas -> (stance, finite). Only finite forms ("said",
    "says", "claimed") and "-ing" ("..., saying") are cues here: a base form in unparsed
    text is as likely a noun ("a report", "the claim") as a verb."""
    irregular = {"say": ["said", "says"], "tell": ["told", "tells"], "write": ["wrote", "writes"],
                 "put": ["put", "puts"], "show": ["showed", "shows"], "brush off": ["brushed"],
                 "tweet": ["tweeted", "tweets"]}
    forms: dict[str, tuple[str, bool]] = {}
    for lemma, stance in cues_key:
        words = lemma.split()
        if len(words) > 1 and lemma not in irregular:
            continue
        found = list(irregular.get(lemma, []))
        if len(words) == 1:
            w = lemma
            if w.endswith("y") and w[-2:-1] not in "aeiou":
                found += [w[:-1] + "ied", w[:-1] + "ies"]
            elif w.endswith("e"):
                found += [w + "d", w + "s"]
            elif w.endswith(("s", "sh", "ch", "x", "z")):
                found += [w + "ed", w + "es"]
            else:
                found += [w + "ed", w + "s"]
                if len(w) >= 3 and w[-1] in "tpgnmd" and w[-2] in "aeiou" and w[-3] not in "aeiou" \
                        and w in ("admit", "submit", "commit", "omit", "regret"):
                    found.append(w + w[-1] + "ed")
        for f in found:
            forms.setdefault(f, (stance, True))
        ing = (lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma) + "ing"
        if len(words) == 1:
            forms.setdefault(ing, (stance, False))
            if lemma in ("admit", "submit"):
                forms.setdefault(lemma + "ting", (stance, False))
    return forms


def _forms(lex: Lexicon) -> dict[str, tuple[str, bool]]:
    return _cue_forms(tuple(sorted(lex.cues.items())))


def pattern_attributions(doc: Document, sent: Sentence, lex: Lexicon) -> Iterator[Found]:
    """Attributions of one unparsed sentence, by position of the cue (see module doc)."""
    toks = doc.tokens
    first, last = sent.first, sent.last
    if last - first < 2:
        return
    forms = _forms(lex)
    words = [t.text.lower().replace("\u2019", "'") for t in toks[first:last]]
    n = len(words)
    # the last word that is not closing punctuation
    end = n
    while end > 0 and words[end - 1] in PUNCT_END:
        end -= 1
    done = False
    # "according to <source>, <content>" / "<content>, according to <source>."
    for k in range(n - 1):
        if words[k] == "according" and words[k + 1] == "to":
            found = _according(toks, first, k, n, end, words, sent)
            if found:
                yield found
                done = True
            break
    for k, w in enumerate(words):
        form = forms.get(w)
        if form is None and w == "called" and set(words[k + 1:k + 4]) & _REPORT_NOUNS:
            form = ("deny", True)  # "An army spokesman called the claim a fabrication"
        if form is None:
            continue
        stance, finite = form
        prev = words[k - 1] if k > 0 else ""
        if prev in NOT_AFTER or (w.endswith("s") and prev in NOUN_BEFORE_S):
            continue
        if not finite:
            continue
        cue = (toks[first + k].start, toks[first + k].end)
        # "..., <source> said (in a statement).", then "<source> said ...", then "..., said <source>."
        for rule in (_final, _initial, _inverted):
            found = rule(toks, first, k, n, end, words, cue, stance, sent)
            if found:
                if not done or rule is _final:
                    yield found
                if rule is _initial:
                    yield from _and_cues(toks, first, k, end, words, found, forms)
                return


def _and_cues(toks: tuple[Token, ...], first: int, k: int, end: int, words: list[str],
              found: Found, forms: dict[str, tuple[str, bool]]) -> Iterator[Found]:
    """ "An army spokesman dismissed the figures and said ...": a second cue joined by "and"
    has the same source; its content runs from it to the end."""
    for j in range(k + 2, end - 1):
        form = forms.get(words[j])
        if form and form[1] and words[j - 1] == "and":
            content = _content(toks, first, j + 1, end)
            if content:
                yield found[0], found[1], (toks[first + j].start, toks[first + j].end), content, form[0]
            return


def _content(toks: tuple[Token, ...], first: int, lo: int, hi: int) -> tuple[int, int] | None:
    """Character span of words[lo:hi] without edge punctuation (quotes stay)."""
    while lo < hi and toks[first + lo].text in BREAKS | {"that", "."}:
        lo += 1
    while hi > lo and toks[first + hi - 1].text in BREAKS | {"."}:
        hi -= 1
    if hi <= lo:
        return None
    return toks[first + lo].start, toks[first + hi - 1].end


def _source_ok(words: list[str], lo: int, hi: int) -> bool:
    if hi <= lo or hi - lo > MAX_SOURCE:
        return False
    return not any(w in CLAUSE_WORDS or w in BREAKS for w in words[lo:hi])


def _carrier_owner(words: list[str], lo: int, hi: int) -> tuple[int, int]:
    """ "the army's statement" -> "the army"; "a statement by the ministry" -> "the ministry"."""
    if words[hi - 1] in CARRIERS:
        for j in range(lo, hi - 1):
            if words[j] == "'s" and j > lo:
                return lo, j
    for j in range(lo, hi - 1):
        if words[j] in CARRIERS and words[j + 1] in ("by", "from", "of") and j + 2 < hi:
            return j + 2, hi
    return lo, hi


def _initial(toks: tuple[Token, ...], first: int, k: int, n: int, end: int, words: list[str],
             cue: tuple[int, int], stance: str, sent: Sentence) -> Found | None:
    """ "<source> <cue> (that) <content>" from the sentence start (after a lead phrase)."""
    lo = 0
    while lo < k and words[lo] in QUOTES:
        lo += 1
    if words[lo] in LEAD_WORDS:
        comma = next((j for j in range(lo, min(k, lo + 9)) if words[j] == ","), None)
        if comma is not None:
            lo = comma + 1
        elif words[lo] in ("but", "and", "also", "meanwhile", "however", "still"):
            lo += 1
    hi = k
    while hi > lo and words[hi - 1] in BETWEEN:
        hi -= 1
    # "The foreign minister, who visited Baku, said ...": the appositive is cut off
    comma = next((j for j in range(lo + 1, hi - 1) if words[j] == ","), None)
    if comma is not None and words[hi - 1] == ",":
        hi = comma
    if not _source_ok(words, lo, hi):
        return None
    lo, hi = _carrier_owner(words, lo, hi)
    c_lo = k + 1
    if words[k] in ("told", "tells") and "that" in words[k + 1:k + 6]:
        c_lo = words.index("that", k + 1) + 1
    content = _content(toks, first, c_lo, end)
    if content is None:
        return None
    return first + lo, first + hi, cue, content, stance


def _final(toks: tuple[Token, ...], first: int, k: int, n: int, end: int, words: list[str],
           cue: tuple[int, int], stance: str, sent: Sentence) -> Found | None:
    """ "<content>, <source> <cue> (tail)." or "<content>, <cue> <source>." """
    # the cue ends the sentence, or only a short tail ("in a statement on Monday") follows
    tail_ok = k + 1 == end or ((words[k + 1] in TAIL_START or words[k] in ("told", "tells"))
                               and end - k <= 9 and not any(w in BREAKS for w in words[k + 1:end])) \
        or (k + 2 < end and words[k + 1] == "," and words[k + 2].endswith("ing"))
    if tail_ok:
        brk = next((j for j in range(k - 1, -1, -1) if words[j] in BREAKS or
                    (words[j] in QUOTES and j > 0 and words[j - 1] in BREAKS | {".", "?", "!"})), None)
        if brk is None or brk == 0:
            return None
        lo, hi = brk + 1, k
        if brk == k - 1 and words[brk] == ",":
            # "..., the head of the regional administration, Ivan Petrenko, said.": a role,
            # then the name in commas; the source is both, the content what comes before
            name = next((j for j in range(k - 2, 0, -1) if words[j] in BREAKS), None)
            role = next((j for j in range(name - 1, 0, -1) if words[j] in BREAKS), None) if name else None
            if name is None or role is None or not _source_ok(words, name + 1, k - 1) \
                    or not _source_ok(words, role + 1, name) or words[name] != ",":
                return None
            lo = role + 1
            while lo < name and words[lo] in QUOTES:
                lo += 1  # '"...," Lt. Gen. Ray Dunn, the Marine commander, told newsmen'
            content = _content(toks, first, 0, lo if lo > role + 1 else role)
            return (first + lo, first + k - 1, cue, content, stance) if content else None
        while hi > lo and words[hi - 1] in BETWEEN:
            hi -= 1
        if not _source_ok(words, lo, hi):
            return None
        lo, hi = _carrier_owner(words, lo, hi)
        content = _content(toks, first, 0, brk)
        if content is None:
            return None
        return first + lo, first + hi, cue, content, stance
    return None


def _inverted(toks: tuple[Token, ...], first: int, k: int, n: int, end: int, words: list[str],
              cue: tuple[int, int], stance: str, sent: Sentence) -> Found | None:
    """ "..., said a military spokesman." """
    if k > 0 and words[k - 1] in BREAKS | QUOTES and k + 1 < end:
        lo, hi = k + 1, end
        # "..., said Amna Osman, a mother of four": the source ends at its appositive
        hi = next((j for j in range(lo + 1, end) if words[j] in BREAKS), end)
        if not _source_ok(words, lo, hi):
            return None
        brk = k - 1
        while brk > 0 and words[brk - 1] in BREAKS | QUOTES:
            brk -= 1
        content = _content(toks, first, 0, brk)
        if content is None:
            return None
        return first + lo, first + hi, cue, content, stance
    return None


def _according(toks: tuple[Token, ...], first: int, k: int, n: int, end: int, words: list[str],
               sent: Sentence) -> Found | None:
    cue = (toks[first + k].start, toks[first + k + 1].end)
    lo = k + 2
    stop = next((j for j in range(lo, end) if words[j] in BREAKS), end)
    if not _source_ok(words, lo, stop):
        return None
    lo, hi = _carrier_owner(words, lo, stop)
    if k <= 1:  # "According to X, content."
        content = _content(toks, first, stop + 1, end)
    else:  # "content, according to X."
        content = _content(toks, first, 0, k)
    if content is None:
        return None
    return first + lo, first + hi, cue, content, "assert"


# --- attributions the tree cannot show: layout, not syntax --------------------------------
#
# Why patterns here: a quotation signed with a dash ('"...." ― Maria Lopez', letters and vox
# pops) and a headline or interview line led by its speaker ("Sanders: Clinton is the
# candidate of the establishment", "Q: ...") carry their source in the layout of the text;
# the parser sees a fragment with no verb in either.

_SIGNED = re.compile("[\u201d\"'](?P<gap>[ \t]*\n?[ \t]*)(?P<dash>[\u2015\u2014\u2013]|--?)[ \t]*"
                     r"(?P<name>[A-Z][\w.'\u2019-]*(?:[ \t]+(?:[A-Z][\w.'\u2019-]*|de|van|von|al|bin)){0,4})")
_COLON_LEAD = re.compile("[\"\u201c']?" r"(?P<name>[A-Z][\w.'\u2019&-]*(?:[ \t]+[\w.'\u2019&-]+){0,4}?)[ \t]*(?P<colon>:)[ \t]+(?=\S)")
# a speaker's turn in a transcript: "WALLACE: ...", "Q: ..."
TURN = re.compile("[\"\u201c']?(?:[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,2}|Q|A):\\s")


def signed_quotes(text: str, quotes: list[tuple[int, int]]) -> Iterator[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """(name span, dash span, quotation span) of every quotation signed with a dash right
    after it closes (on its line or the next). The quotation is the one that closes there,
    or, when it holds quotes of its own ('"... what he calls "hell" ..." ― X'), the whole
    paragraph up to the closing mark."""
    ends = {e: (s, e) for s, e in quotes}
    for m in _SIGNED.finditer(text):
        close = m.start()
        q = ends.get(close + 1)
        para = text.rfind("\n", 0, close) + 1
        if m.group("gap").count("\n") and q is None:
            continue
        start = q[0] + 1 if q is not None and q[0] <= para + 1 else para
        while start < close and text[start] in " \t\u201c\u201d\"'":
            start += 1
        if close - start < 2:
            continue
        yield m.span("name"), m.span("dash"), (start, close)


def colon_lead(text: str, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]] | None:
    """(name span, colon span, content span) of a line led by its speaker and a colon:
    "Trump: My plans aren't set in stone", "Q: How did it go?"."""
    m = _COLON_LEAD.match(text, start, end)
    if m is None or m.end() >= end:
        return None
    return m.span("name"), m.span("colon"), (m.end(), end)

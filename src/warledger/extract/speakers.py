"""The speakers of a document: the attribution record (``Said``), the tree index the
attribution rules read, and how a source phrase becomes a source (``_make``: its parties,
a pronoun or a bare "the ministry" resolved to an earlier source).

Both ways of finding attributions use these: token patterns for sentences that are not
parsed (``attribution.py``) and the parse for those that are (``clauses.py``); keeping them
here lets both import them without importing each other.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from warledger.extract.cues import CueLexicon
from warledger.extract.lexicon import load_lexicon
from warledger.ingest.provenance import dateline_end
from warledger.profiles import THIRD, UNKNOWN, Mention, Resolver
from warledger.records import Document

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
        if toks[j].text in ("-", ":", "\u2013", "\u2014") and toks[lo].text.isupper() and len(toks[lo].text) > 1:
            lo = j + 1  # "KYIV, June 11 - Russia and Ukraine said": the dateline is no source
    filed = dateline_end(doc.article.text, toks[lo].start)
    if toks[lo].start < filed <= toks[head].start:
        # "ISLAMABAD, Dec 10 - Pakistan said": the parser hung the dateline's date on the source
        lo = next(j for j in range(lo, head + 1) if toks[j].start >= filed)
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
    # two capitalised proper nouns in a row that name no party: a person's name (not the
    # name of a body a common noun heads: "the Inter-Services Public Relations directorate")
    if toks and toks[-1].pos == "NOUN" and toks[-1].text.islower():
        return False
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


# titles of one person: a source that ends with one and a personal name ("Rebel spokesman
# Abdelrahman Gheriani", "Defence Minister Yoav Gallant"), or with one alone ("An army
# spokesman": one person though it gives no name)
_ONE_PERSON_TITLES = ("spokesman", "spokeswoman", "spokesperson", "minister", "commander", "general", "colonel",
                      "official", "secretary", "president", "leader", "chief", "officer", "governor", "mayor",
                      "ambassador", "envoy", "aide")
_ENDS_WITH_NAME = re.compile(r"\b(?:" + "|".join(_ONE_PERSON_TITLES) + r")\s+"
                             r"[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+)+$", re.I)
_ONE_PERSON = [[w] for w in _ONE_PERSON_TITLES]


def _antecedent(history: Sequence[Said], word: str, head_lemma: str, sentence: int,
                words: Sequence[str] = (), paragraph: int = 0) -> Said | None:
    """The earlier source a pronoun or a bare definite ("the ministry") stands for."""
    if not history:
        return None
    recent = [s for s in reversed(history) if s.parties or s.person]
    if word in PERSON_PRONOUNS:
        # a person, or a party's man named in full ("Rebel spokesman Abdelrahman Gheriani")
        return next((s for s in recent if s.person or _ENDS_WITH_NAME.search(s.source_text)
                     or s.source_text.lower().split()[-1:] in _ONE_PERSON),
                    recent[0] if recent else history[-1])
    if word == "it":  # one body, not a coordinated pair ("Russia and Ukraine each said")
        return next((s for s in recent if not s.person and len(s.parties) <= 1),
                    recent[0] if recent else None)
    if word in ("they", "we"):
        return recent[0] if recent else None
    # a definite description: the last source of an earlier sentence, if close ("U.S.
    # Marines and Iraqi troops pushed in, and the military said"), but not another body
    # ("the military said" after "police said" is not the police) nor, for a state's body,
    # a third party ("the health ministry" after "Unrwa said"); else the last earlier source
    # with the same head noun, and if that one had no party, neither has this
    recent = [s for s in recent if s.sentence < sentence]
    bodies = load_lexicon().side_words["distinct_bodies"]
    close = [s for s in recent if sentence - s.sentence <= 2
             and not (head_lemma in bodies and set(s.source_text.lower().split()) & (bodies - {head_lemma}))
             and not (s.side == THIRD and head_lemma in _state_bodies())]
    whole = set(words) - {"the"} - TITLES  # every word of it: "the agriculture ministry" is no defence ministry
    state_before = bool(close and close[0].parties and close[0].parties[0].field == "names")
    if whole and word == "the" and head_lemma not in CARRIER_NOUNS:
        # "the Army spokesman said" after the other side's directorate spoke, "the radio
        # said" after an Iraqi communique: the body named again is the one of that name that
        # spoke before ("The Army said ...", "Tehran Radio said ..."), however far back, not
        # the last source whatever it was (but "the defence ministry" after "Azerbaijan
        # said" is that state's, in the same paragraph or when the other ministry spoke
        # well before)
        again = next((s for s in recent if s.parties and whole <= set(s.source_text.lower().split())), None)
        if again is not None and (not state_before or (close[0].sentence < paragraph and sentence - again.sentence <= 2)):
            return again
    if close:
        return close[0]
    if head_lemma and len(head_lemma) > 2:
        named = next((s for s in reversed(history) if s.sentence < sentence
                      and s.source_text.lower().split()[-1:] in ([head_lemma], [head_lemma + "s"])), None)
        if named is not None:
            return named if named.parties or named.person else None
    return None


# a quotation: curly or straight double quotes, or the doubled single quotes some papers
# use; one left open runs to the end of its paragraph
_QUOTE = re.compile("\u201c[^\u201d\n]*(?:\u201d|(?=\n)|$)|\"[^\"\n]*(?:\"|(?=\n)|$)"
                    "|''(?:(?!'')[^\n])*(?:''|(?=\n)|$)"
                    # a closing mark typed for an opening one at the start of a paragraph
                    "|(?:(?<=\n)|^)\u201d[^\u201d\u201c\n]*\u201d", re.M)


# words in an unnamed source that tell its side without naming a party
_SIDE_WORDS = {"rebel", "rebels", "separatist", "separatists", "insurgent", "insurgents", "guerrilla",
               "guerrillas", "militia", "militias", "opposition", "resistance", "jihadist", "islamist",
               "enemy", "foreign", "western", "diplomatic", "un", "u.n.", "nato", "red", "aid"}


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


def _make(doc: Document, si: int, lo: int, hi: int, cue: tuple[int, int] | None,
          content: tuple[int, int], stance: str, resolver: Resolver, history: Sequence[Said],
          idx: Index) -> Said | None:
    toks = doc.tokens
    text = _span_text(doc, lo, hi)
    start = toks[lo].start
    parties = _parties_in(resolver, text, start)
    if _GROUPS_OWN.match(text) or (_THE_GROUP.fullmatch(text) and _state_spoke_last(history, si, resolver)):
        # "the group's military spokesman": the armed group named last, not a state's military;
        # so is "the group" right after a state spoke (after a rights group spoke, it is that)
        group = _last_group_before(doc, resolver, start)
        parties = (group,) if group is not None else ()
    person = _is_person(doc, lo, hi, parties)
    words = [w.text.lower() for w in toks[lo:hi]]
    source = (start, toks[hi - 1].end)
    if not parties and words[-1:] == ["here"] and doc.article.dateline:
        # "a naval spokesman here said": one of the state the story is filed from
        here = _belligerent_place(resolver, doc.article.dateline.title())
        if here is not None:
            parties = (Mention(source[0], source[1], text, here[0], here[1], "bodies"),)
    # the head noun is before any clause that modifies it: "a tally compiled from statements"
    # is a tally, not a statement
    cut = next((j for j in range(lo + 1, hi) if toks[j].dep in ("acl", "relcl") and toks[j].pos == "VERB"), hi)
    head_lemma = next((toks[j].lemma for j in range(cut - 1, lo - 1, -1) if toks[j].pos in ("NOUN", "PROPN")), "")
    side_words = load_lexicon().side_words
    rebel_at = next((j for j in range(lo, hi) if toks[j].lemma.lower() in side_words["rebel_nouns"]), None)
    role = _role_of(doc, idx, lo, hi) if not parties and rebel_at is None else None
    if role is not None:
        # "Ali Hassan, a spokesman for the army, said": the role an apposition gives the
        # person names whom he speaks for ("for the separatist government": the rebels)
        rebel_at = next((j for j in range(*role) if toks[j].lemma.lower() in side_words["rebel_nouns"]), None)
        full = doc.article.text
        if rebel_at is None:
            parties = _role_party(doc, resolver, _span_text(doc, *role), toks[role[0]].start)
    if not parties and rebel_at is None and role is None and not doc.sentences[si].parsed:
        # not parsed, so no tree to read an apposition from: "Berhane Tesfay, a spokesman for
        # the Tigrayan forces, dismissed ..." read off the text after the name
        app = _APPOSITION.match(doc.article.text, source[1])
        if app and set(app.group(1).lower().split()) & TITLES:
            parties = _role_party(doc, resolver, app.group(1), app.start(1))
    if not parties and rebel_at is not None:
        # "a rebel spokesman", "separatist commanders": the one non-state side of the war
        rebels = [s for s in resolver.sides if s not in resolver.states]
        if len(rebels) == 1:
            k = rebel_at
            parties = (Mention(toks[k].start, toks[k].end, toks[k].text, resolver.main_party(rebels[0]),
                               rebels[0], "groups"),)
    if not parties or (words and words[0] in ("its", "his", "her", "their")):
        pronoun = words[0] if words else ""
        sent = doc.sentences[si]
        # "A military spokesman said ..." after "Iraq said its planes ...": an unnamed
        # official of no stated side speaks for the side that was just speaking
        unnamed = words[:1] in (["a"], ["an"]) and head_lemma in INSTITUTIONS and not person \
            and not set(words) & _SIDE_WORDS  # "a rebel spokesman" says whose he is
        if pronoun in PRONOUNS or pronoun in ("its", "his", "her", "their") or words[:1] in (["the"], ["officials"]) \
                or (words and words[0] in CARRIER_NOUNS | {"officials", "ministry", "military", "army"}) or unnamed:
            key = {"its": "it", "his": "he", "her": "she", "their": "they"}.get(pronoun, pronoun)
            # "In Baku, officials dismissed ...": a capital in a leading prepositional phrase
            before = doc.article.text[sent.start:start]
            lead = resolver.mentions(before, sent.start) if _LEAD.match(before) else []
            if lead and not parties and key not in PRONOUNS:
                parties = (lead[-1],)
            elif key in ("it", "they") and (opening := _subject_just_before(doc, si, history, resolver)):
                # "The IDF did not comment on those figures. It said two soldiers ...": the
                # party the sentence before is about, though it said nothing there
                parties = (opening,)
            else:
                ante = _antecedent(history, key, head_lemma, si, words, _paragraph_start(doc, si))
                if ante is not None and (not parties or key in ("it", "he", "she", "they")):
                    parties = ante.parties
                    if key in PERSON_PRONOUNS:
                        person = True
    if not parties and cue is not None and doc.article.text[cue[0]:cue[1]].lower() in ("told", "tells", "told the"):
        # "a military spokesman told the Iraqi news agency INA": who speaks to a state's
        # own agency speaks for that state
        sent = doc.sentences[si]
        end = content[0] if content[0] > cue[1] else sent.end
        told = [m for m in resolver.mentions(doc.article.text[cue[1]:end], cue[1]) if m.field == "bodies"]
        if told:
            parties = (told[0],)
    if not parties and words and words[-1] not in PRONOUNS and len(words) > 1 \
            and head_lemma in INSTITUTIONS and not any(s.parties for s in history) \
            and not set(words) & side_words["counters_of_the_dead"]:
        # (not health officials or rescuers: they count the dead where they fall, and the
        # forces the statement names did the killing)
        # "..., the ministry said." opening a story: the ministry of the side whose forces
        # the statement is about (the first belligerent named in what it says)
        full = doc.article.text
        local = head_lemma in ("government", "authorities", "police")  # the place's own
        named = [m for m in resolver.mentions(full[content[0]:content[1]], content[0])
                 if m.side in resolver.sides and (local or not _LOCATIVE.search(full[max(0, m.start - 22):m.start]))]
        enemy = resolver.enemy_of(named[0].side) if named else None
        if named and enemy and all(m.side == named[0].side and _ATTACKER.match(full[m.end:m.end + 30])
                                   for m in named):
            # "Fifty-one men were killed when Argentine aircraft attacked the landing ships,
            # the Ministry of Defence said": the only party named is the attacker, so the
            # ministry is the other side's, telling its own losses
            parties = (Mention(named[0].start, named[0].end, named[0].text, resolver.main_party(enemy), enemy,
                               "bodies"),)
        elif named and named[0].party not in resolver.states and enemy in resolver.states \
                and (head_lemma in _state_bodies() or set(words) & _state_bodies()):
            # "The army said 30 Taliban fighters were killed": an army, a ministry or the
            # police are a state's, so it is the state that tells the insurgents' losses (so
            # are "military officials")
            parties = (Mention(named[0].start, named[0].end, named[0].text, resolver.main_party(enemy), enemy,
                               "bodies"),)
        elif named and enemy and _LOSER.match(full, named[0].end):
            # "General Staff: Russia has lost 257,450 troops": a party's losses are told by
            # its enemy's institution
            parties = (Mention(named[0].start, named[0].end, named[0].text, resolver.main_party(enemy), enemy,
                               "bodies"),)
        elif named:
            parties = (named[0],)
    if not parties and (person or hi - lo == 1) and toks[hi - 1].pos in ("PROPN", "") \
            and toks[hi - 1].text[:1].isupper() and toks[hi - 1].text[1:2].islower():  # (an unparsed sentence has no tags)
        surname = toks[hi - 1].text
        earlier = _named_before(doc, resolver, surname, toks[hi - 1].start)
        if earlier is not None:
            parties = (earlier,)
        else:
            said = _said_by_name(doc, history, surname)
            if said is not None:
                parties = said.parties
    organ = set(words) & side_words["state_organs"]
    if not parties and not set(words) & _SIDE_WORDS and (organ or set(words) & {"police", "officials", "authorities"}):
        # a state organ, police or officials the source does not name the state of speak for
        # the belligerent capital that opens the sentence ("In Baghdad, ..., police said"); an
        # organ also for the capital the story is filed from ("MOSCOW (Interfax) - ..., a
        # general of the General Staff said")
        home = _opening_capital(doc, si, resolver) or (_dateline_state(doc, resolver) if organ else None)
        if home is not None:
            parties = (Mention(source[0], source[1], text, home.party, home.side, "bodies"),)
    if not parties and set(words) & side_words["local_offices"]:
        # "..., regional governor Oleh Tkachuk said", "the mayor said": a local office speaks
        # for the state whose town the sentence names
        office = _state_of_place_named(doc, si, resolver, text)
        if office is not None:
            parties = (Mention(source[0], source[1], text, office[0], office[1], "bodies"),)
    if not parties and not set(words) & _SIDE_WORDS and cue is not None and words[:1] != ["who"] \
            and (person or head_lemma in TITLES or head_lemma in INSTITUTIONS
                 or toks[hi - 1].pos == "PROPN"):
        # "Al-Rawi told a news conference in Baghdad that ...": one speaks for the
        # belligerent state whose capital the statement was made in
        spoken = _capital_spoken_in(doc, cue, content, resolver)
        if spoken is not None:
            parties = (Mention(source[0], source[1], text, spoken.party, spoken.side, "bodies"),)
    if not parties and resolver.home and not set(words) & _SIDE_WORDS \
            and _RANK.match(doc.article.text, source[0]) and resolver.home in resolver.states:
        # "Lt. Col. Danilo Abaya said": an officer of no stated side, in a story of one
        # state at war with armed groups, is that state's (the groups have no ranks in copy)
        parties = (Mention(source[0], source[1], text, resolver.home, resolver.home, "bodies"),)
    if not parties and not set(words) & _SIDE_WORDS and _RANK.match(doc.article.text, source[0]):
        # "KIEV (Reuters) - ... Colonel Oleksandr Hrytsenko told a briefing": an officer of
        # no stated side briefing in a belligerent's capital the story is filed from
        home = _dateline_state(doc, resolver)
        if home is not None:
            parties = (Mention(source[0], source[1], text, home.party, home.side, "bodies"),)
    side = parties[0].side if parties else UNKNOWN
    return Said(sentence=si, source=source, cue=cue, content=content, source_text=text,
                parties=parties, side=side, stance=stance, person=person)


def _role_party(doc: Document, resolver: Resolver, role: str, offset: int) -> tuple[Mention, ...]:
    """The party a role names ("a spokesman for the Tigrayan forces"), not a place in it
    ("an officer in Kabul")."""
    full = doc.article.text
    return tuple(m for m in _parties_in(resolver, role, offset)
                 if not re.search(r"\b(?:in|near|at|from|inside|outside)\s+(?:the\s+)?$",
                                  full[max(0, m.start - 12):m.start]))[:1]


def _said_by_name(doc: Document, history: Sequence[Said], surname: str) -> Said | None:
    """The latest earlier attribution, with a party, to the person a surname names again:
    "Bragin said" after "General Yuri Bragin of the General Staff told a briefing", or
    after the apposition that follows a source ("a government spokesman, Milad Fakhri,
    told reporters")."""
    name = re.compile(r"\b" + re.escape(surname) + r"\b")
    text = doc.article.text
    for h in reversed(history):
        if not h.parties:
            continue
        apposition = re.match(r",([^,]{1,58})", text[h.source[1]:h.source[1] + 60])
        if name.search(h.source_text) or (apposition and name.search(apposition.group(1))):
            return h
    return None


def _subject_just_before(doc: Document, si: int, history: Sequence[Said], resolver: Resolver) -> Mention | None:
    """The party that opens the sentence before ``si`` as its subject ("The IDF did not
    comment ...", "Israeli jets struck ..."), when that sentence attributes nothing."""
    if si == 0 or any(s.sentence == si - 1 for s in history):
        return None
    prev = doc.sentences[si - 1]
    if opens_paragraph(doc, si):
        return None  # another paragraph
    text = doc.article.text[prev.start:prev.end]
    lead = 4 if text.startswith("The ") else 0
    ms = resolver.mentions(text[:80], prev.start)
    if ms and ms[0].start == prev.start + lead and ms[0].side not in (UNKNOWN,) \
            and re.match(r"(?:['\u2019]s)?(?:\s+[A-Za-z-]+){0,2}?\s+(?:did|has|had|was|is|would|said|says|"
                         r"[a-z]+ed)\b", text[ms[0].end - prev.start:]):
        return ms[0]
    return None


def opens_paragraph(doc: Document, si: int) -> bool:
    """Whether sentence ``si`` begins a paragraph (the first sentence does)."""
    return si == 0 or "\n" in doc.article.text[doc.sentences[si - 1].end:doc.sentences[si].start]


def _paragraph_start(doc: Document, si: int) -> int:
    """The index of the first sentence of the paragraph sentence ``si`` is in."""
    k = si
    while not opens_paragraph(doc, k):
        k -= 1
    return k


@lru_cache(maxsize=1)
def _state_bodies() -> frozenset[str]:
    """The bodies only a state has ("the army said 30 Taliban fighters were killed" is the
    state's): its organs (``state_organs`` in ``data/lexicon.yaml``) and its armed bodies."""
    return load_lexicon().side_words["state_organs"] | {"military", "police", "forces"}


def _belligerent_place(resolver: Resolver, name: str) -> tuple[str, str] | None:
    """(party, side) of the belligerent state a named place is in (the gazetteer's)."""
    from warledger.places import resolve_place

    countries = resolver.profile.countries if resolver.profile else tuple(resolver.sides)
    loc = resolve_place(name, countries, resolver.profile.places if resolver.profile else ())
    return _belligerent_country(resolver, loc.country if loc is not None else None)


def _belligerent_country(resolver: Resolver, country: str | None) -> tuple[str, str] | None:
    """(party, side) of a gazetteer country when it is a belligerent state of the story."""
    if not country:
        return None
    code, side = resolver.country_party(country)
    return (code, side) if side in resolver.sides and code in resolver.states else None


def _state_of_place_named(doc: Document, si: int, resolver: Resolver, source: str = "") -> tuple[str, str] | None:
    """(party, side) of the belligerent state where the place of a local office lies: a
    place its own title names ("Odesa Oblast Governor Mykhailo Danchenko"), else the first
    place the sentence names, after a preposition (the gazetteer's find_places) or as a
    capitalised name ("Russian forces shelled Kherson Oblast ..."), if any."""
    from warledger.places import find_places, resolve_place  # only for sentences a local office speaks in

    if not 0 <= si < len(doc.sentences):
        return None
    countries = resolver.profile.countries if resolver.profile else tuple(resolver.sides)
    extra = resolver.profile.places if resolver.profile else ()
    text = doc.sentences[si].text
    loc = next((loc for _, _, loc in find_places(text, countries, extra)), None)
    if loc is None:
        for run in _NAME_RUN.finditer(source + " . " + text):
            name = run.group(0)
            loc = resolve_place(name, countries, extra) or resolve_place(_REGION_WORD.sub("", name), countries, extra)
            if loc is not None:
                break
    return _belligerent_country(resolver, loc.country if loc is not None else None)


# a capitalised name of one to three words, not opening with an article ("Kherson Oblast")
_NAME_RUN = re.compile(r"(?<![\w'-])(?!(?:The|A|An|In|On|At|By|For|Of|And|But|From|With|As)\b)"
                       r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}")
_REGION_WORD = re.compile(r"\s+(?:Oblast|Region|Province|Governorate|Prefecture|District|Governor|Mayor)\b.*$")


# the apposition after a name: ", a spokesman for the Tigrayan forces,"
_APPOSITION = re.compile(r",\s+((?:a|an|the)\s+[^,;.]{2,60}?),")
# a source that is an armed group's own organ: "the group's military spokesman"
# "The group said": the armed group named last (not whoever spoke last)
_THE_GROUP = re.compile(r"(?i:the)\s+(?:group|movement|militia|faction)")


def _state_spoke_last(history: Sequence[Said], si: int, resolver: Resolver) -> bool:
    """Whether the last earlier source with a party spoke for a state."""
    last = next((s for s in reversed(history) if s.sentence < si and s.parties), None)
    return last is not None and last.parties[0].party in resolver.states
_GROUPS_OWN = re.compile(r"(?i:the)\s+(?:group|movement|militia|organi[sz]ation|rebels|insurgents)(?:['\u2019]s?)\s")


def _last_group_before(doc: Document, resolver: Resolver, before: int) -> Mention | None:
    """The last non-state party named in the article before character ``before``."""
    text = doc.article.text
    found = [m for m in resolver.mentions(text[max(0, before - 1500):before], max(0, before - 1500))
             if m.party not in resolver.states and m.side in resolver.sides]
    return found[-1] if found else None


# a party named as the one that lost: "Russia has lost", "Iraq suffered", "Kyiv lost"
_LOSER = re.compile(r"(?:['\u2019]s\s+\w+)?\s+(?:has\s+|had\s+|have\s+)?(?:lost|suffered)\b")
# military ranks as wire copy writes them before a name
_RANK = re.compile(r"(?:(?:Brig|Maj|Lt|Lieut|Gen|Col|Capt|Cmdr|Adm|Sgt|Cpl)\.\s+|(?:Brigadier|Major|Lieutenant|"
                   r"General|Colonel|Captain|Commander|Admiral|Sergeant)\s+)+(?:Gen\.\s+|Col\.\s+)?[A-Z]")
# "told a news conference in Baghdad that", "said in Moscow"
_SPOKEN_IN = re.compile(r"^(?:\s+(?:a|an|the|reporters|journalists|correspondents|news|conference|briefing|"
                        r"press|television|radio|interview|parliament|rally|on|\w+day))*\s+in\s+([A-Z][\w'.-]*)")


def _capital_spoken_in(doc: Document, cue: tuple[int, int], content: tuple[int, int],
                       resolver: Resolver) -> Mention | None:
    """The belligerent state whose capital the cue says a statement was made in ("told a
    news conference in Baghdad", "said in Moscow"), if any."""
    text = doc.article.text
    found = _SPOKEN_IN.match(text[cue[1]:cue[1] + 80])
    if found is None or cue[1] + found.end(1) > content[0] > cue[1]:
        return None
    return _belligerent_capital(resolver, found.group(1))


def _belligerent_capital(resolver: Resolver, name: str) -> Mention | None:
    """The one capital ``name`` names, if it is a belligerent state's."""
    ms = [m for m in resolver.mentions(name) if m.field == "capitals"]
    if len(ms) == 1 and ms[0].side in resolver.sides and ms[0].party in resolver.states:
        return ms[0]
    return None


_IN_CAPITAL = re.compile(r"\W*In\s+([A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2})\s*,")


def _opening_capital(doc: Document, si: int, resolver: Resolver) -> Mention | None:
    """The belligerent state whose capital opens the sentence ("In Damascus, a military
    communique said ..."): wire copy names where an unnamed state organ speaks from so."""
    found = _IN_CAPITAL.match(doc.sentences[si].text) if 0 <= si < len(doc.sentences) else None
    return _belligerent_capital(resolver, found.group(1)) if found is not None else None


def _dateline_state(doc: Document, resolver: Resolver) -> Mention | None:
    """The belligerent state whose capital a wire story is datelined in ("MOSCOW, Aug 10
    (Interfax) -"), if any."""
    place = doc.article.dateline
    if not place:
        return None
    return _belligerent_capital(resolver, place.title())


# a party word that names attackers or their weapons ("Argentine aircraft", "Russian shelling")
_ATTACKER = re.compile(r"(?:['\u2019]s)?\s+(?:[A-Z][\w-]*\s+){0,2}(?i:aircraft|jets?|warplanes?|planes?|bombers?|"
                      r"gunboats?|warships?|artillery|shelling|shellfire|fire|missiles?|rockets?|drones?|"
                      r"strikes?|airstrikes?|raids?|attacks?|bombing|bombardment|skyhawks?|mirages?|helicopters?)\b")


def _role_of(doc: Document, idx: Index, lo: int, hi: int) -> tuple[int, int] | None:
    """Tokens [lo, hi) of the apposition after a source cut at its comma ("Ali Hassan, a
    spokesman for the army"), when the source is a name: the role it gives."""
    toks = doc.tokens
    head = next((j for j in range(lo, hi) if not lo <= toks[j].head < hi or toks[j].head == j), None)
    if head is None or toks[head].pos != "PROPN":
        return None
    app = next((k for k in idx.children[head] if k >= hi and toks[k].dep == "appos"), None)
    if app is None:
        return None
    a, b = idx.subtree(app)
    return (a, b) if a >= hi else None


# between a party word and a name: titles, capitalised words, "'s" ("Iraqi Foreign Minister
# Tareq Aziz", "Iran's parliament speaker Hashemi Rafsanjani")
_TITLE_GAP = re.compile(r"^(?:\s*(?:'s|\u2019s|[A-Z][\w.-]*|of|the|" + "|".join(sorted(TITLES)) +
                        r"|speaker|defen[cs]e|interior|affairs|state|army|staff))*\s*$")


# a role, where it speaks from, and a comma before the name: "A U.S. Central Command
# spokesman in Riyadh, Maj. Gen. Warren Petty"; "an army spokesman, Col. Ali Hassan"
_ROLE_COMMA = re.compile(r"\b(" + "|".join(sorted(TITLES)) + r")(?:\s+(?:in|at)\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)?\s*,")


def _named_before(doc: Document, resolver: Resolver, surname: str, before: int) -> Mention | None:
    """The party of a person named again by surname alone ("Weinberger said ...") where the
    article first gave it with the name: "U.S. Defense Secretary Caspar Weinberger",
    "Tareq Aziz, Iraq's foreign minister". Wire copy introduces a person once."""
    if len(surname) < 3:
        return None
    text = doc.article.text
    for m in re.finditer(r"\b" + re.escape(surname) + r"\b", text[:before]):
        lo = max(0, text.rfind("\n", 0, m.start()) + 1, m.start() - 70)
        ahead = [x for x in resolver.mentions(text[lo:m.start()], lo) if x.field != "leaders"
                 and not re.search(r"\b(?:in|at|from)\s+$", text[max(0, x.start - 6):x.start])]
        if ahead and _TITLE_GAP.match(_ROLE_COMMA.sub(r"\1", text[ahead[-1].end:m.start()])) \
                and ahead[-1].side != UNKNOWN:
            return ahead[-1]
        after = text[m.end():m.end() + 60]
        app = re.match(r",\s+(?:the\s+|a\s+)?([^,.;]{2,50})", after)
        if app:
            found = [x for x in resolver.mentions(app.group(1), m.end() + app.start(1)) if x.field != "leaders"]
            if found and found[0].side != UNKNOWN and any(w in TITLES for w in app.group(1).lower().split()):
                return found[0]
    return None

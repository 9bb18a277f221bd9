"""Who did what, where: the readings of the dependency tree that the side rules share.

The rules of ``extract/sides.py`` ask the same few questions of a loss clause: which party
is the subject of a verb (through conjunctions, participles, relative pronouns and
pronouns), who is the agent after "by", "in" or "from", which attack verb a loss clause
hangs from, where the loss happened and whose that place is. Each question is answered
here once, so that a rule is a few lines that read the answers.
"""
from __future__ import annotations

import re

from warledger.extract.attribution import Index, Said, sentence_at
from warledger.extract.context import Context, PartySide, Trigger
from warledger.extract.cues import load_cues
from warledger.extract.items import Item
from warledger.ingest.provenance import dateline_end
from warledger.extract.lexicon import Lexicon, load_lexicon
from warledger.profiles import THIRD, Mention, Resolver
from warledger.records import Document, Location, Sentence


def word_class(name: str) -> frozenset[str]:
    """A word class of the side rules (``side_words`` in ``data/lexicon.yaml``)."""
    return load_lexicon().side_words[name]

# a place before a party name: "in Gaza", "near the southern Lebanese border"
LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|on|at|from|over|across|into|around)(?:\s+the)?"
                              r"(?:\s+(?:north|south|east|west|central)\w*)?\s*$", re.I)
# a place named inside a subject ("an airstrike in Gaza") or attacked by it ("attacks into
# Israel", "a strike on Kharkiv"); "fighters from Hamas" are Hamas
IN_PLACE_BEFORE = re.compile(r"\b(?:in|near|at|inside|across|into|on|against)(?:\s+(?:the|an?|another))?"
                              r"(?:\s+(?:north|south|east|west|central)\w*)?\s*$", re.I)

def _named_as_place(doc: Document, since: int, m: Mention) -> bool:
    """Whether a mention comes after "in", "at", "into", "on" ... within a phrase that
    begins at ``since``: a place where, or a target, not a doer."""
    return IN_PLACE_BEFORE.search(doc.article.text[max(since, m.start - 22):m.start]) is not None


def is_dateline(doc: Document, k: int) -> bool:
    """Whether token ``k`` is the place of a dateline: capitals opening a paragraph, then a
    comma, a credit or a dash ("MANILA, Aug 28 (Reuters) -")."""
    toks, text = doc.tokens, doc.article.text
    t = toks[k]
    if not (t.text.isupper() and len(t.text) > 2):
        return False
    first = k  # "KUWAIT CITY, Feb. 25 -": the parser heads the place with its last word
    while first > 0 and toks[first - 1].text.isupper() and toks[first - 1].end + 1 == toks[first].start:
        first -= 1
    if toks[first].start > 0 and text[toks[first].start - 1] != "\n":
        return False
    return bool(re.match(r"[A-Z .'\-]*\s*(?:,|\(|[-\u2013\u2014]\s)", text[t.end:t.end + 40]))


def after_dateline(doc: Document, idx: Index, verb: int, subj: int) -> int | None:
    """The subject of ``verb`` when the parser took the dateline for it ("MANILA, Aug 28
    (Reuters) - NPA rebels killed ..."): what it hung after the dash, or the next subject."""
    toks = doc.tokens
    after = [k for k in idx.children[subj] if k > subj and toks[k].dep == "appos"
             and any(toks[j].text in ("-", "\u2013", "\u2014") for j in range(subj, k))]
    others = [k for k in idx.children[verb] if k != subj and toks[k].dep == "nsubj"]
    return after[-1] if after else (others[0] if others else None)


def subject_party(doc: Document, idx: Index, i: int, resolver: Resolver, said: Said | None,
                   lex: Lexicon) -> tuple[Mention | None, bool]:
    """The party of the subject of verb ``i`` (walking up conjunctions and participles).
    Returns (mention, is_claimant): "they"/"its forces" stand for the claimant."""
    toks = doc.tokens
    h = i
    for _ in range(4):
        # the doer: the active subject, else the agent of a passive ("was caused by an
        # Israeli airstrike, killing ...")
        # (a clausal subject too: the parser reads "Indian shelling ... had killed" as a
        # clause whose verb is "shelling")
        subj = idx.child(h, {"nsubj", "csubj"})
        if subj is not None and is_dateline(doc, subj):
            subj = after_dateline(doc, idx, h, subj)
        subj = idx.child(h, {"agent"}) if subj is None else subj
        if subj is not None:
            lo, hi = idx.subtree(subj)
            if said is not None and said.source[0] <= toks[subj].start < said.source[1]:
                return None, True  # the subject is the source itself: the claimant acts
            if toks[subj].lemma in ("who", "which", "that") and toks[h].dep == "relcl" and toks[h].head != h:
                lo, hi = idx.subtree(toks[h].head)  # "Hamas gunmen, who killed ...": the antecedent
                hi = min(hi, toks[subj].i)
            text = doc.article.text[toks[lo].start:toks[hi - 1].end]
            words = {toks[k].text.lower() for k in range(lo, hi)}
            if words & lex.enemy_words:
                return None, False
            # a place inside the subject is where it happened, not who did it ("an
            # airstrike in Gaza killed ...")
            # nor is a party named in a clause that hangs from the subject ("a blast at a
            # school that Hamas officials said killed nine": they only said so)
            inner = [idx.subtree(k) for k in range(lo, hi) if toks[k].dep in ("relcl", "acl") and k != subj]
            filed = dateline_end(doc.article.text, toks[lo].start)
            ms = [m for m in resolver.mentions(text, toks[lo].start)
                  if not _named_as_place(doc, toks[lo].start, m) and m.start >= filed
                  and not any(toks[a].start <= m.start < toks[b - 1].end for a, b in inner)]
            if ms:
                return ms[0], False
            if said is None and hi - lo == 1 and toks[subj].lemma in ("it", "they"):
                ante = _pronoun_antecedent(doc, idx, subj, resolver) or _previous_subject(doc, idx, subj, resolver)
                if ante is not None:
                    return ante, False
            if words & ({"they", "it", "we", "i"} | lex.own_words):
                return None, True
            if said is not None and (toks[subj].lemma in word_class("force_nouns")
                                     or toks[subj].text.lower() in word_class("own_arms")):
                return None, True  # "air defences destroyed 29 drones" in a party's statement
            return None, False
        if toks[h].dep == "prep" and toks[h].pos == "ADP" and toks[h].head != h and i != h:
            h = toks[h].head  # "By slaughtering civilians, the group ...": the main clause's subject
            continue
        if toks[h].dep in ("conj", "advcl", "xcomp", "acl", "pcomp", "ccomp") and toks[h].head != h:
            if toks[h].dep == "ccomp" and said is not None:
                return None, True
            if toks[h].dep in ("ccomp", "xcomp") and toks[toks[h].head].lemma in load_cues().verbs:
                # "a hospital that Hamas said killed hundreds": who says it is no agent
                return None, False
            h = toks[h].head
            continue
        break
    # "An Israeli air strike on a school ... killed 31 people": the parser made the sentence one
    # noun phrase, its loss verb a modifier deep inside; the attack that heads it is the doer
    root = _noun_root_before(doc, i)
    if root is not None:
        lo = idx.subtree(root)[0]
        ms = [m for m in resolver.mentions(doc.article.text[toks[lo].start:toks[root].end], toks[lo].start)
              if not _named_as_place(doc, toks[lo].start, m)]
        if ms:
            return ms[0], False
    return None, said is not None


def _noun_root_before(doc: Document, i: int) -> int | None:
    """The root of token ``i``'s tree when it is an attack noun before ``i`` (the parse of
    "An Israeli air strike on a school ... killed 31 people" as one noun phrase)."""
    toks = doc.tokens
    k, seen = i, 0
    while toks[k].head != k and seen < 40:
        k, seen = toks[k].head, seen + 1
    if k < i and toks[k].pos in ("NOUN", "PROPN") and toks[k].lemma.lower() in word_class("attack_nouns"):
        return k
    return None


def _pronoun_antecedent(doc: Document, idx: Index, pron: int, resolver: Resolver) -> Mention | None:
    """The party "it" or "they" stands for when no one is quoted: the subject of a clause
    above the pronoun's, named before it ("Hezbollah controls the south, from where it
    fired rockets"; "Hezbollah, which holds the ridge, fired on the farmers it wounded": the
    antecedent of "which"). Why subjects only: the subject is what a reader carries into
    the clauses that hang from it; a nearer noun may be an object or a place."""
    toks = doc.tokens
    h = toks[pron].head
    walked = []
    for _ in range(6):
        walked.append(h)
        subj = idx.child(h, {"nsubj", "csubj"})
        if subj is not None and subj < pron:
            if toks[subj].lemma in ("which", "who", "that") and toks[h].dep == "relcl" and toks[h].head != h:
                lo, hi = toks[h].head, toks[h].head + 1  # the relative pronoun's antecedent
                while lo > 0 and toks[lo - 1].head == toks[h].head and toks[lo - 1].dep in ("compound", "amod", "poss", "det"):
                    lo -= 1
            else:
                lo, hi = idx.subtree(subj)
            hi = min(hi, pron)
            if lo < hi:
                found = [m for m in resolver.mentions(doc.article.text[toks[lo].start:toks[hi - 1].end],
                                                      toks[lo].start)
                         if m.side in resolver.sides
                         and not _named_as_place(doc, toks[lo].start, m)]
                if found:
                    return found[0]
        if toks[h].head == h:
            break
        h = toks[h].head
    # no party as subject: the object of a clause above, named before the pronoun ("the
    # hatred drove the gunmen as they killed ..."): the only party a reader has in hand
    for v in walked:
        obj = idx.child(v, {"dobj"})
        if obj is not None and obj < pron and toks[pron].lemma == "they":
            lo, hi = idx.subtree(obj)
            found = [m for m in resolver.mentions(doc.article.text[toks[lo].start:toks[min(hi, pron) - 1].end],
                                                  toks[lo].start)
                     if m.side in resolver.sides and not _named_as_place(doc, toks[lo].start, m)]
            if found:
                return found[0]
    return None


def _previous_subject(doc: Document, idx: Index, pron: int, resolver: Resolver) -> Mention | None:
    """The party "they" or "it" stands for when its own sentence names none before it: the
    subject of the sentence before ("Hamas gunmen stormed the kibbutz. They killed 40
    people"). Why the subject: a reader carries the last sentence's subject into a pronoun
    that opens the next one; its objects and places are what the subject acted on. Only a
    pronoun that is its sentence's first subject, and only one sentence back."""
    toks = doc.tokens
    k = sentence_at(doc, toks[pron].start)
    if k is None or k == 0:
        return None
    here, before = doc.sentences[k], doc.sentences[k - 1]
    if any(toks[j].dep in ("nsubj", "nsubjpass") or toks[j].pos in ("PROPN",) for j in range(here.first, pron)):
        return None
    text = doc.article.text
    if before.parsed:
        root = next((j for j in range(before.first, before.last) if toks[j].head == j and toks[j].dep), None)
        if root is None:
            return None
        if toks[root].lemma in load_cues().verbs:
            root = idx.child(root, {"ccomp"}) or root  # "The army said rebels shelled ...": the rebels
        subj = idx.child(root, {"nsubj"})
        if subj is None:
            return None
        lo, hi = idx.subtree(subj)
        found = [m for m in resolver.mentions(text[toks[lo].start:toks[hi - 1].end], toks[lo].start)
                 if m.side in resolver.sides and not _named_as_place(doc, toks[lo].start, m)]
        return found[0] if found else None
    # not parsed (no loss word in it): a party that opens the sentence is its subject, unless
    # it only says something ("The Israeli army said gunmen had stormed ...")
    found = [m for m in resolver.mentions(before.text, before.start) if m.side in resolver.sides]
    if found and found[0].start - before.start <= 12 and not _OPENS_ASIDE.match(before.text) \
            and not _SPEECH.search(before.text):
        return found[0]
    return None


_OPENS_ASIDE = re.compile(r"\W*(?:in|at|on|near|from|after|as|when|while|by|for|with)\b", re.I)
_SPEECH = re.compile(r"\b(?:said|says|say|told|tells|reported|reports|according|claimed|claims|announced|"
                     r"added|stated|quoted|denied|accused)\b", re.I)


def agent_party(doc: Document, sent: Sentence, item: Item, resolver: Resolver,
                 trig: Trigger | None = None) -> Mention | None:
    """ "by Armenian fire", "in Russian shelling", "from Azerbaijan": the perpetrator."""
    toks = doc.tokens
    # the loss verb's clause (the victims' own clause only when no verb was found: "a militant
    # who died in the assault carried a paycheck from ..." is not killed by the paycheck's sender)
    home = {trig.i, None} if trig is not None and doc.tokens[trig.i].pos in ("VERB", "AUX") \
        else {_clause_verb(doc, item.head), None} | ({trig.i} if trig is not None else set())
    # the participle inside the phrase is its own clause ("among 250 killed by gunmen")
    home |= {k for k in range(item.head, min(sent.last, item.head + 3))
             if toks[k].tag == "VBN" and toks[k].dep == "acl" and (k == item.head or toks[k].head == item.head)}
    for k in range(item.head + 1, sent.last):
        w = toks[k].text.lower()
        if len(home) > 1 and _clause_verb(doc, k) not in home:
            continue  # "..., according to the ministry, which is run by Hamas": another clause
        if w == "of" and toks[k - 1].text.lower() in ("result", "because"):
            w = "by"  # "as a result of the Israeli attacks"
        if toks[k].text.lower() == "from" and toks[k].head != k and toks[toks[k].head].pos in ("NOUN", "PROPN") \
                and toks[k].head != item.head and toks[toks[k].head].text.lower() not in word_class("attack_nouns"):
            continue  # "carried a paycheck from the ministry": a thing's origin, not the attacker
        if w == "in" and k + 1 < sent.last and toks[k + 1].text.lower() in ("addition", "all", "total"):
            continue  # "in addition to some 1,000 terrorists killed": more victims, not the doer
        if w in ("by", "from", "in", "during") or (w == "fire" and k > item.head + 1):
            lo = k + 1
            hi = min(sent.last, k + 6)
            # the phrase ends at a comma: "by shrapnel in Stepanakert, Armenian officials said"
            hi = next((j for j in range(lo, hi) if toks[j].text in (",", ";", ":", "--", "\u2014")), hi)
            span = doc.article.text[toks[lo].start:toks[hi - 1].end] if lo < hi else ""
            ms = [m for m in resolver.mentions(span, toks[lo].start if lo < hi else 0)
                  if not LOCATIVE_BEFORE.search(doc.article.text[max(toks[lo].start, m.start - 22):m.start])
                  and not (w in ("in", "during") and m.field in ("names", "capitals"))]  # "in southern Lebanon"
            if ms and (w in ("by", "from") or any(toks[m].text.lower() in word_class("attack_nouns") for m in range(lo, hi))):
                if len({m.side for m in ms}) > 1:
                    return None  # "hit by Iran and Iraq": both sides, no one perpetrator
                return ms[0]
    return None


def _clause_verb(doc: Document, i: int) -> int | None:
    """The verb whose clause token ``i`` is in (the first verb above it, however far)."""
    return governing_verb(doc, i, steps=12)


def suffering_party(doc: Document, idx: Index, sent: Sentence, resolver: Resolver,
                     said: Said | None, lex: Lexicon, upto: int | None = None) -> tuple[Mention | None, bool]:
    """ "Azerbaijan's military had suffered major losses, with 50 drones downed": the
    subject of a suffer/lose verb in the sentence owns the losses listed after it, up to
    token ``upto`` (not across a statement of its own: "... had lost three tanks and that
    two soldiers had been killed")."""
    toks = doc.tokens
    for k in range(sent.first, sent.last):
        if toks[k].lemma in word_class("suffer") and toks[k].pos in ("VERB", "AUX") and not _idiom(doc, idx, k):
            m, is_claimant = subject_party(doc, idx, k, resolver, said, lex)
            subj = idx.child(k, {"nsubj"})
            if subj is not None:
                lo, hi = idx.subtree(subj)
                if {toks[j].text.lower() for j in range(lo, hi)} & lex.enemy_words:
                    return None, False
            if upto is not None and any(toks[j].text.lower() == "that" and toks[j].dep == "mark"
                                        for j in range(k, upto)):
                return None, False
            if m or is_claimant:
                return m, is_claimant
    return None, False




def _idiom(doc: Document, idx: Index, k: int) -> bool:
    """A suffer/lose verb in an idiom that tells of no loss ("took part in the fighting")."""
    toks = doc.tokens
    return any(toks[c].lemma in word_class("not_lost") for c in idx.children[k] if toks[c].dep in ("dobj", "prt"))


def attack_verb_above(doc: Document, i: int) -> int | None:
    """The attack verb a loss clause hangs from: ", killing ..." (advcl), "an assault that
    killed ..." (relcl on a noun in the verb's phrase); up to four steps up the tree."""
    toks = doc.tokens
    h = i
    for _ in range(4):
        if toks[h].dep not in ("advcl", "relcl", "acl", "pobj", "prep", "conj", "xcomp") or toks[h].head == h:
            return None
        h = toks[h].head
        if toks[h].pos == "VERB":
            # an attack, or the destruction of a thing ("blew up a Russian depot, killing five")
            kinds = load_lexicon().kinds
            nxt = toks[h + 1].text.lower() if h + 1 < len(toks) else ""
            hit = toks[h].lemma in word_class("attack_lemmas") or \
                (kinds.get(toks[h].lemma) or kinds.get(f"{toks[h].lemma} {nxt}")) in ("destroyed", "damaged")
            return h if hit else None
    return None


def loss_location(ctx: Context, doc: Document, idx: Index, sent: Sentence, item: Item,
                  trig: Trigger) -> Location | None:
    """Where the loss happened: a place in a locative phrase of the loss verb, of the verb
    a participle clause hangs from, of the verb's subject ("an airstrike in Gaza killed")
    or of the victims' phrase, as the gazetteer resolves it."""
    spots = ctx.places_of(sent.text) if ctx.places_of else ()
    if not spots:
        return None
    for lo, hi in _locative_phrases(doc, idx, item, trig):
        a, b = doc.tokens[lo].start - sent.start, doc.tokens[hi - 1].end - sent.start
        for s, e, loc in spots:
            if a <= s and e <= b and not _names_a_border(doc, lo, hi, sent.start + s):
                return loc
    return None


def loss_place_party(doc: Document, idx: Index, item: Item, trig: Trigger, r: Resolver) -> Mention | None:
    """Where the loss happened when the place is a party's own name, which the gazetteer
    leaves to the resolver ("a blast at a Gaza hospital", "in Israel"): that party."""
    toks = doc.tokens
    for lo, hi in _locative_phrases(doc, idx, item, trig):
        obj = idx.child(lo, {"pobj"})
        if obj is not None and toks[obj].text.lower() in word_class("attack_nouns"):
            continue  # "in the Hamas-led attack on ...": who attacked, not where
        text = doc.article.text[toks[lo].start:toks[hi - 1].end]
        for m in r.mentions(text, toks[lo].start):
            if m.side in r.sides and m.party in r.states and m.field in ("names", "capitals") \
                    and not _names_a_border(doc, lo, hi, m.start):
                return m
        if obj is not None and not r.mentions(text):
            found = _place_word(doc, obj, r)  # "52 people in the kibbutz were killed"
            if found is not None:
                return found
    return None


def _place_word(doc: Document, k: int, r: Resolver) -> Mention | None:
    """A common noun the profile gives one party's places ("kibbutz", "enclave")."""
    t = doc.tokens[k]
    got = r.place_word(t.lemma) or r.place_word(t.text)
    if got is None or got[1] not in r.sides:
        return None
    return Mention(t.start, t.end, t.text, got[0], got[1], "names")


def _locative_phrases(doc: Document, idx: Index, item: Item, trig: Trigger) -> list[tuple[int, int]]:
    """Token ranges of the locative phrases that say where a loss happened, nearest first:
    of the loss verb, of the verb a participle clause hangs from, of the verb's subject and
    object, of the victims' phrase ("residents of Bucha")."""
    toks = doc.tokens
    heads = [trig.i, item.head]
    subj = idx.child(trig.i, {"nsubj"})
    if subj is not None and subj != item.head:
        heads.append(subj)  # "an airstrike in southern Gaza killed five firefighters"
    if toks[trig.i].dep in ("advcl", "xcomp", "conj", "relcl", "acl") and toks[trig.i].head != trig.i \
            and (toks[trig.i].tag in ("VBG", "VBN") or toks[trig.i].dep != "advcl"):
        heads.append(toks[trig.i].head)  # "struck a hospital in Gaza, killing hundreds"
    for h in list(heads):
        # the places of what the verb struck or what struck ("rocked a hospital in Gaza",
        # "the bombing of a school in Khan Younis killed ...")
        for c in idx.children[h]:
            if toks[c].dep in ("dobj", "nsubj", "nsubjpass") and c != item.head:
                heads.append(c)
                heads.extend(g for p in idx.children[c] if toks[p].dep == "prep" and toks[p].text.lower() == "of"
                             for g in idx.children[p] if toks[g].dep == "pobj")
    out = []
    for h in heads:
        for c in idx.children[h]:
            # "residents of Bucha": people of a place are its people
            of_place = h == item.head and toks[c].text.lower() == "of" and item.category in ("civilians", "people")
            # "on the streets of Kharkiv", "on the outskirts of Gaza City": "on" a way or an
            # edge of a place is where, as "on Tuesday" or "on the tanker" is not
            on_way = toks[c].text.lower() == "on" and any(
                toks[g].dep == "pobj" and toks[g].lemma in word_class("on_places") for g in idx.children[c])
            if toks[c].dep == "prep" and (toks[c].text.lower() in word_class("locative_preps") or of_place or on_way):
                out.append(idx.subtree(c))
            elif h == item.head and c < h and toks[c].dep == "compound" and toks[c].pos == "PROPN" \
                    and item.category in ("civilians", "people"):
                out.append(idx.subtree(c))  # "Sderot residents", as "residents of Sderot"
    return out


def _names_a_border(doc: Document, lo: int, hi: int, char: int) -> bool:
    """A place that only names a border ("near the Gaza border", "on the Syrian frontier")
    is a line two sides share, not the place where the loss happened."""
    toks = doc.tokens
    k = next((j for j in range(lo, hi) if toks[j].start == char), None)
    while k is not None and toks[k].dep in ("compound", "amod", "poss") and toks[k].head != k:
        k = toks[k].head
        if toks[k].text.lower() in word_class("borders"):
            return True
    return False


def loss_place(ctx: Context, doc: Document, idx: Index, sent: Sentence, item: Item,
                trig: Trigger) -> PartySide | None:
    """The party of the place where the loss happened (its gazetteer country)."""
    loc = loss_location(ctx, doc, idx, sent, item, trig)
    if loc is None or not loc.country:
        return None
    return place_side(ctx, loc.country)


def antecedent_place(doc: Document, idx: Index, trig: Trigger, r: Resolver) -> Mention | None:
    """A loss told in a relative clause of a thing in a named place: "a blast at a Gaza
    hospital that officials said killed hundreds", "a strike on a school in Khan Younis
    that killed 20": the party whose place the thing is in (a name, capital or adjective
    of a side, as the resolver knows it)."""
    toks = doc.tokens
    v = trig.i
    while toks[v].dep in ("ccomp", "xcomp", "conj") and toks[v].head != v:
        v = toks[v].head
    if toks[v].dep != "relcl" or toks[v].head == v:
        return None
    ante = toks[v].head
    lo = min([ante] + [idx.subtree(c)[0] for c in idx.children[ante] if c < ante])
    spans = [(lo, ante + 1)] + [idx.subtree(c) for c in idx.children[ante]
                                if toks[c].dep == "prep" and toks[c].text.lower() in ("in", "at", "near", "inside") and c < v]
    for a, b in spans:
        text = doc.article.text[toks[a].start:toks[b - 1].end]
        ms = [m for m in r.mentions(text, toks[a].start)
              if m.side in r.sides and m.field in ("names", "capitals", "adjectives")]
        if ms:
            return ms[-1]
    return _place_word(doc, ante, r)  # "the enclave, where officials say 2,200 were killed"


def place_side(ctx: Context, country: str) -> PartySide:
    """The party and side of a place's country, by the article's conflict."""
    return ctx.resolver.country_party(country)


def attacked_place(doc: Document, idx: Index, verb: int, attacker: Mention, r: Resolver) -> Mention | None:
    """ "Israeli strikes on southern Lebanon killed 11": a belligerent named as the place
    attacked, inside the subject, is the side that lost them."""
    toks = doc.tokens
    subj = idx.child(verb, {"nsubj"})
    if subj is None:
        return None
    lo, hi = idx.subtree(subj)
    for k in range(lo, hi):
        if toks[k].text.lower() in ("on", "in", "against", "across") and k + 1 < hi:
            span = doc.article.text[toks[k + 1].start:toks[hi - 1].end]
            for m in r.mentions(span, toks[k + 1].start):
                if m.side in r.sides and m.side != attacker.side:
                    return m
    return None


def place_party(doc: Document, sent: Sentence, item: Item, r: Resolver) -> Mention | None:
    """ "500 health workers had been killed in Gaza": where the victims died."""
    toks = doc.tokens
    for k in range(item.head + 1, min(sent.last - 1, item.head + 12)):
        if toks[k].text.lower() in ("in", "across", "throughout", "inside"):
            span = doc.article.text[toks[k + 1].start:toks[min(sent.last - 1, k + 4)].end]
            m = next((m for m in r.mentions(span, toks[k + 1].start)
                      if (m.side in r.sides or r.profile is None and m.side == THIRD)
                      and m.field in ("names", "capitals", "adjectives")), None)
            if m is not None:
                return m
        if toks[k].text in (",", ";"):
            break
    return None


def subject_is_enemy(doc: Document, idx: Index, i: int, lex: Lexicon) -> bool:
    toks = doc.tokens
    subj = idx.child(i, {"nsubj"})
    if subj is None:
        return False
    lo, hi = idx.subtree(subj)
    return bool({toks[k].text.lower() for k in range(lo, hi)} & lex.enemy_words)


def governing_verb(doc: Document, i: int, steps: int = 4) -> int | None:
    """The first verb above token ``i``, within ``steps`` steps up the tree."""
    toks = doc.tokens
    h = i
    for _ in range(steps):
        nh = toks[h].head
        if nh == h:
            return h if toks[h].pos in ("VERB", "AUX") else None
        h = nh
        if toks[h].pos in ("VERB", "AUX"):
            return h
    return None



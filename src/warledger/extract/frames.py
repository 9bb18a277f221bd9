"""Loss frames: one per loss predicate of a sentence, read off the dependency tree once.

A frame is what textacy's ``extract/triples.py`` builds per verb, for the predicates of
loss: the predicate (a verb "killed", a loss phrase "shot to death", or a noun "the attack
on the tanker"), its kind, voice, agent and patients, and whether it is negated. One pass
over the sentence's dependencies builds them all; the claim rules read frames, they do
not walk the tree again. (Threats and plans, "vowed to destroy", are ``claims``' irrealis
test on the chosen predicate.)

Frames do two things for ``claims``:

- they give a kind to victim and materiel phrases that no adjacent verb governs: nominal
  predicates ("an Iranian missile attack on a tanker", "the seizure of two boats",
  "the downing of the jet"), and verbs the tree links to a phrase further away;
- they name patients that the phrase finder leaves out because no count is written:
  definite and named objects ("the tanker Sea Isle City", "the platform", "Karami"),
  pronouns ("They died"), bare quantities ("hundreds died"), the antecedent of a relative
  clause ("the Palestinians who were killed"), and bare plurals of people ("Palestinians
  were killed").
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from warledger.extract.items import Item
from warledger.extract.lexicon import Lexicon, key, match_phrase
from warledger.extract.quantities import Quantity, parse_quantity
from warledger.profiles import Resolver
from warledger.records import Document, Sentence, Token

# dependency labels, as the English spaCy pipelines write them
SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "obj"}
# verbs whose subject is the victim ("Karami died", "the ship sank")
UNACCUSATIVE = {"die", "perish", "drown", "sink", "surrender"}


@dataclass(frozen=True)
class Frame:
    """One loss predicate and its arguments (token indices into the Document)."""

    pred: int
    kind: str
    form: str  # "verbal" (verbs and loss phrases) or "nominal"
    voice: str  # "active", "passive" or "none" (nominal, adjectival, unaccusative)
    agent: int | None  # who inflicted it: active subject, "by" phrase, "Iraqi" in "Iraqi attack"
    patients: tuple[int, ...]  # heads of the phrases that suffered it
    negated: bool


def build_frames(doc: Document, sent: Sentence, children: list[list[int]], lex: Lexicon) -> list[Frame]:
    """Every loss frame of a parsed sentence, in text order."""
    toks = doc.tokens
    out: list[Frame] = []
    for i in range(sent.first, sent.last):
        t = toks[i]
        word = key(t.text.lower())
        if t.pos == "VERB" and t.lemma in lex.side_words["suffer"]:
            # "the ship had suffered only minor damage": the subject was damaged
            obj = next((c for c in children[i] if toks[c].dep in OBJECTS), None)
            subj = next((c for c in children[i] if toks[c].dep in SUBJECTS), None)
            if obj is not None and subj is not None and toks[obj].lemma.lower() == "damage":
                out.append(Frame(pred=obj, kind="damaged", form="nominal", voice="none", agent=None,
                                 patients=tuple(_conjuncts(toks, children, subj)),
                                 negated=_negated(toks, children, i)))
                continue
        if t.pos in ("VERB", "AUX") or t.tag in ("VBN", "VBD"):
            kind = lex.kinds.get(t.lemma) or lex.kinds.get(word)
            small = None  # the subject of a small clause that is the patient ("set one of them ablaze")
            if kind is None:  # "shot to death", "gunned down": a loss phrase on this verb
                kind, small = _phrase_on_verb(toks, children, sent, i, lex)
            if kind and i + 2 < sent.last and toks[i + 1].text.lower() == "or" \
                    and lex.kinds.get(toks[i + 2].lemma) not in (None, kind):
                kind = "losses"  # "killing or wounding the soldiers inside"
            if kind and t.lemma not in lex.frame_exclude:
                frame = _verbal(toks, children, i, kind, lex, headline=_unpunctuated(sent))
                if small is not None and not frame.patients:
                    frame = replace(frame, patients=(small,), voice="active")
                if frame.patients:
                    # "the hostages that Hamas says were killed": the antecedent; "a group of
                    # fighters": the fighters
                    pats = tuple(_antecedent(toks, frame.pred, p) for p in frame.patients)
                    pats = tuple(_lives_of(toks, children, p) for p in pats)
                    if kind in PERSON_KINDS:
                        pats = tuple(_counted_by_group(toks, children, p, lex) for p in pats)
                    if all(lex.nominal.get(toks[p].lemma) for p in frame.patients):
                        continue  # "executed the murder of civilians": the noun is the loss
                    frame = replace(frame, patients=pats)
                out.append(frame)
        elif t.pos == "NOUN" or (t.pos == "PROPN" and word in lex.nominal):  # wire copy's "U.S. Attack"
            kind = lex.nominal.get(t.lemma) or lex.nominal.get(word)
            if kind:
                frame = _nominal(toks, children, i, kind, lex)
                if frame.patients:
                    out.append(frame)
    return out


def _unpunctuated(sent: Sentence) -> bool:
    """A sentence with no final stop: a headline or a title ("Colombia's main oil pipeline
    attacked"), where a participle with no auxiliary tells a loss."""
    return not sent.text.rstrip().endswith((".", "!", "?", '"', "\u201d", "'", "\u2019", ")"))


def _phrase_kind(words: list[str], lex: Lexicon) -> str | None:
    """The kind of a loss phrase of two words or more that ``words`` begin with."""
    phrase = match_phrase(words, 0, lex.kinds, lex.max_phrase)
    return phrase[0] if phrase and phrase[1] > 1 else None


def _phrase_on_verb(toks, children: list[list[int]], sent: Sentence, i: int,
                    lex: Lexicon) -> tuple[str | None, int | None]:
    """The kind of a loss phrase built on verb ``i`` that is no loss verb by itself, and the
    patient when only a small clause names it: "shot to death", 'reduced "to rubble"';
    "shot it down", "stabbed a guard to death", "set the tanker ablaze" (the phrase's tail
    after the object); "setting one of them ablaze" (with "ablaze" hung on "one", or read
    as a clause "one ... ablaze"); "claimed 900 lives"."""
    t = toks[i]
    window = [key(x.text.lower()) for x in toks[i:min(sent.last, i + lex.max_phrase + 2)]
              if x.text not in QUOTES][:lex.max_phrase]
    kind = _phrase_kind(window, lex)
    if kind is not None:
        return kind, None
    obj = next((c for c in children[i] if toks[c].dep in OBJECTS and c > i), None)
    if obj is None:
        small = next((c for c in children[i] if c > i and toks[c].dep in ("ccomp", "xcomp", "oprd")
                      and any(toks[g].dep in SUBJECTS for g in children[c])), None)
        kind = _phrase_kind([t.lemma, key(toks[small].text.lower())], lex) if small is not None else None
        if kind is None or small is None:
            return None, None
        return kind, next(g for g in children[small] if toks[g].dep in SUBJECTS)
    end = _extent(children, obj)[1] + 1
    tail = [key(x.text.lower()) for x in toks[end:min(sent.last, end + lex.max_phrase)]]
    kind = _phrase_kind([key(t.text.lower())] + tail, lex) or _phrase_kind([t.lemma] + tail, lex)
    if kind is None:
        late = next((c for c in children[obj] if c > obj and toks[c].dep in ("amod", "oprd", "acomp")), None)
        kind = _phrase_kind([t.lemma, key(toks[late].text.lower())], lex) if late is not None else None
    if kind is None and toks[obj].lemma == "life" and t.lemma in lex.side_words["take_lives"]:
        kind = "killed"  # "claimed 900 lives", "cost the lives of 40 soldiers"
    return kind, None


def _conjuncts(toks: tuple[Token, ...] | list[Token], children: list[list[int]], head: int) -> list[int]:
    """A head and the heads coordinated with it ("two tankers and a platform")."""
    out, stack = [], [head]
    while stack:
        h = stack.pop()
        out.append(h)
        stack.extend(c for c in children[h] if toks[c].dep == "conj" and toks[c].pos in ("NOUN", "PROPN"))
    return sorted(out)


def _verb_conjuncts(toks, children, i: int) -> list[int]:
    """The verbs coordinated after verb ``i``, nearest first ("killed or dragged away")."""
    out, h = [], i
    for _ in range(4):
        nxt = next((c for c in children[h] if toks[c].dep == "conj" and toks[c].pos == "VERB"), None)
        if nxt is None:
            break
        out.append(nxt)
        h = nxt
    return out


def _lives_of(toks, children, p: int) -> int:
    """ "the lives of 43 Ukrainian civilians": the people, not their lives."""
    if toks[p].lemma != "life":
        return p
    of = next((c for c in children[p] if toks[c].dep == "prep" and toks[c].text.lower() == "of"), None)
    return next((c for c in children[of] if toks[c].dep == "pobj"), p) if of is not None else p


def _negated(toks, children, i: int) -> bool:
    return any(toks[c].dep == "neg" for c in children[i])


def _verbal(toks, children, i: int, kind: str, lex: Lexicon, headline: bool = False) -> Frame:
    kids = children[i]
    bare = not any(toks[c].dep in SUBJECTS | OBJECTS for c in kids)
    # "Supertanker Reported Hit By Iran", "two said killed": the report verb's subject
    raised = toks[i].tag == "VBN" and toks[i].dep in ("xcomp", "oprd", "ccomp") and toks[i].head != i \
        and toks[toks[i].head].lemma in lex.side_words["report_verbs"] and bare
    passive = raised or any(toks[c].dep in PASSIVE_SUBJECTS or toks[c].dep == "auxpass" for c in kids) \
        or (toks[i].tag == "VBN" and toks[i].dep in ("acl", "amod", "conj") and bare) \
        or (toks[i].dep == "conj" and bare and toks[i].head != i  # "were knifed and shot"
            and any(toks[c].dep in PASSIVE_SUBJECTS | {"auxpass"} for c in children[toks[i].head]))
    agent = None
    patients: list[int] = []
    if passive:
        subj = next((c for c in kids if toks[c].dep in PASSIVE_SUBJECTS), None)
        if subj is None:  # a relative pronoun parsed as an active subject: "that ... have been killed"
            subj = next((c for c in kids if toks[c].dep in SUBJECTS and toks[c].lemma in RELATIVE), None)
        if subj is None and raised:
            rep = toks[i].head  # its subject, or the noun it hangs from ("tanker reported hit")
            subj = next((c for c in children[rep] if toks[c].dep in SUBJECTS), None) if toks[rep].dep != "acl" \
                else toks[rep].head
        if subj is None and toks[i].dep == "conj" and toks[i].head != i:
            # "were knifed and shot to death": the coordinated verb shares the subject
            subj = next((c for c in children[toks[i].head] if toks[c].dep in PASSIVE_SUBJECTS), None)
        if subj is not None:
            patients = _conjuncts(toks, children, subj)
        elif toks[i].dep in ("acl", "amod") and toks[i].head != i and (
                toks[toks[i].head].pos in ("NOUN", "PROPN", "NUM") or toks[toks[i].head].text.lower() in DEMONSTRATIVE):
            patients = [toks[i].head]  # "the ship hit by a missile", "the downed aircraft", "those killed"
        by = next((c for c in kids if toks[c].dep == "agent"), None)
        if by is not None:
            agent = next((c for c in children[by] if toks[c].dep == "pobj"), None)
        voice = "passive"
    elif toks[i].lemma in UNACCUSATIVE or (kind == "missing" and toks[i].text.lower() == "missing"):
        # "27 sailors are still missing", "went missing": the subject is the one lost
        subj = next((c for c in kids if toks[c].dep in SUBJECTS), None)
        patients = _conjuncts(toks, children, subj) if subj is not None else []
        voice = "none"
    else:
        obj = next((c for c in kids if toks[c].dep in OBJECTS), None)
        if obj is None:
            # "killed or dragged away residents", "murder, rape and mutilate villagers": the
            # object written once, after the last of the coordinated verbs
            obj = next((o for c in _verb_conjuncts(toks, children, i)
                        for o in children[c] if toks[o].dep in OBJECTS), None)
        if obj is None:
            # "the strikes killed and injured civilians", parsed as a noun coordinated with
            # the verb, the second verb its modifier
            obj = next((c for c in kids if c > i and toks[c].dep == "conj" and toks[c].pos == "NOUN"
                        and any(toks[g].dep == "amod" and toks[g].tag == "VBN" for g in children[c])), None)
        subjects = [c for c in kids if toks[c].dep in SUBJECTS]
        agent = next((c for c in subjects if toks[c].lemma not in RELATIVE), None)
        if obj is not None and toks[obj].text.lower() in ("it", "them") and toks[i].dep == "conj" \
                and toks[i].head != i:
            # "intercepted an Iranian F-4 and shot it down": what the first verb took
            obj = next((o for o in children[toks[i].head] if toks[o].dep in OBJECTS), obj)
        telegraphic = obj is None and toks[i].tag in ("VBD", "VBN") and len(subjects) == 1 \
            and not any(toks[c].dep in ("aux", "auxpass", "dobj", "dative", "ccomp", "xcomp") for c in kids) \
            and toks[subjects[0]].pos in ("NOUN", "PROPN") and toks[subjects[0]].lemma not in RELATIVE \
            and any(toks[c].dep == "nummod" or (headline and toks[c].dep in ("poss", "det"))
                    for c in children[subjects[0]])
        if telegraphic:
            # telegraphic (headline) grammar: "24 Russian drones shot down overnight", "Two
            # soldiers killed in ambush": a counted subject of a transitive loss verb with no
            # object and no auxiliary is what was lost
            patients, agent, voice = _conjuncts(toks, children, subjects[0]), None, "passive"
            return Frame(pred=i, kind=kind, form="verbal", voice=voice, agent=agent,
                         patients=tuple(patients), negated=_negated(toks, children, i))
        if obj is not None:
            patients = _conjuncts(toks, children, obj)
        elif toks[i].dep == "relcl" and toks[i].head != i and agent is not None \
                and toks[toks[i].head].pos in ("NOUN", "PROPN", "PRON"):
            # an object relative clause: "the civilians it slaughtered", "the villagers whom
            # the militia shot" (the relative pronoun may be parsed as a second subject)
            patients = [toks[i].head]
        voice = "active"
    return Frame(pred=i, kind=kind, form="verbal", voice=voice, agent=agent,
                 patients=tuple(patients), negated=_negated(toks, children, i))


def _nominal(toks, children, i: int, kind: str, lex: Lexicon) -> Frame:
    """ "an Iranian missile attack on a tanker", "the seizure of two boats", "Monday's U.S.
    attack on two Iranian oil platforms by American forces"."""
    patients: list[int] = []
    agent = None
    for c in children[i]:
        dep, word = toks[c].dep, toks[c].text.lower()
        if dep == "prep" and word in lex.nominal_preps.get(kind, ("on", "against", "of")):
            pobj = next((g for g in children[c] if toks[g].dep == "pobj"), None)
            if pobj is not None and not patients:
                patients = _conjuncts(toks, children, pobj)
        elif dep == "prep" and word == "by":
            agent = next((g for g in children[c] if toks[g].dep == "pobj"), agent)
        elif dep in ("amod", "compound", "poss", "nmod") and toks[c].pos in ("ADJ", "PROPN", "NOUN") \
                and agent is None and toks[c].text[:1].isupper():
            agent = c  # "the Iraqi attack", "a U.S. raid"
    if not patients:
        # "the attack by four U.S. destroyers on the platform": the parser often hangs "by"
        # on the noun before and "on" on the attackers; read the words in order
        preps = lex.nominal_preps.get(kind, ("on", "against", "of"))
        for k in range(i + 1, min(len(toks), i + 9)):
            if toks[k].pos in ("VERB", "AUX", "PUNCT") or toks[k].text.lower() in ("and", "or", "but"):
                break
            word = toks[k].text.lower()
            if toks[k].dep == "prep" and word == "by" and agent is None:
                agent = next((g for g in children[k] if toks[g].dep == "pobj"), None)
            elif toks[k].dep == "prep" and word in preps and word != "of" and k > i + 1:
                pobj = next((g for g in children[k] if toks[g].dep == "pobj"), None)
                if pobj is not None:
                    patients = _conjuncts(toks, children, pobj)
                break
    return Frame(pred=i, kind=kind, form="nominal", voice="none", agent=agent,
                 patients=tuple(patients), negated=_negated(toks, children, i))


def frame_at(frames: list[Frame], lo: int, hi: int) -> Frame | None:
    """The frame with a patient inside tokens [lo, hi] (a phrase's first and last token)."""
    return next((f for f in frames if any(lo <= p <= hi for p in f.patients)), None)


PERSON_KINDS = {"killed", "wounded", "captured", "missing"}


def patient_items(doc: Document, sent: Sentence, frames: list[Frame], taken: list[Item],
                  children: list[list[int]], lex: Lexicon, resolver: Resolver) -> list[Item]:
    """Patients of frames that the phrase finder did not take because no count is written:
    "the tanker" and "the platform" (one), "Karami" (one person), "Palestinians were
    killed" (people, count unknown). A bare plural of materiel is no claim (ANNOTATION.md:
    a claim names or counts what was hit)."""
    out: list[Item] = []
    for f in frames:
        if f.negated:
            continue
        for p in f.patients:
            if any(it.start <= p <= it.head for it in taken + out):
                continue
            item = _patient(doc, sent, p, f, children, lex, resolver)
            if item is not None and item.category == "people" and not item.mentions \
                    and (doc.tokens[p].like_num or doc.tokens[p].lemma in BARE):
                # "19 of the crew were missing and 24 had been wounded": a bare count is more
                # of the people just named
                before = [it for it in taken + out if it.head < p and it.category in ("civilians", "military")]
                if before:
                    item.category, item.elided, item.mentions = before[-1].category, True, list(before[-1].mentions)
            if item is not None:
                out.append(item)
    return out


def _antecedent(toks, pred: int, p: int) -> int:
    """The noun a relative pronoun patient stands for: "the Palestinians who were killed",
    "the Israelis whom Hamas murdered", "the civilians who were abducted, tortured and
    killed", "the hostages that Hamas says were killed"."""
    if toks[p].lemma not in RELATIVE:
        return p
    v = pred
    while toks[v].dep in ("conj", "ccomp") and toks[v].head != v:
        v = toks[v].head
    return toks[v].head if toks[v].dep == "relcl" and toks[v].head != v else p


def _counted_by_group(toks, children, p: int, lex: Lexicon) -> int:
    """The people a group word stands for: "a small group of fighters", "a family of
    farmers" are the fighters and the farmers (how many is not written)."""
    if lex.categories.get(key(toks[p].text.lower())) or lex.categories.get(toks[p].lemma):
        return p
    of = next((c for c in children[p] if c > p and toks[c].dep == "prep" and toks[c].text.lower() == "of"), None)
    pobj = next((c for c in children[of] if toks[c].dep == "pobj"), None) if of is not None else None
    if pobj is not None and toks[pobj].tag in ("NNS", "NNPS") and (
            lex.categories.get(key(toks[pobj].text.lower())) or lex.categories.get(toks[pobj].lemma)) \
            in ("civilians", "military", "people"):
        return pobj
    return p


RELATIVE = {"who", "whom", "that", "which"}
# pronouns that stand for victims ("They died while guarding ..."): one person, or a group
PERSONAL = {"he": 1, "she": 1, "him": 1, "her": 1, "they": None, "them": None, "those": None}
DEMONSTRATIVE = {"those", "these"}
# bare quantities as victims ("hundreds died at the hospital", "two others were killed")
BARE = {"others", "more", "many", "most", "dozens", "hundreds", "thousands", "scores", "several", "some"}


def _patient(doc: Document, sent: Sentence, p: int, f: Frame, children: list[list[int]],
             lex: Lexicon, resolver: Resolver) -> Item | None:
    toks = doc.tokens
    tok = toks[p]
    word = key(tok.text.lower())
    part = _partitive(doc, sent, p, children, lex, resolver)
    if part is not None:
        return part
    if f.kind in PERSON_KINDS and word == "nobody" and not f.negated:
        return Item(start=p, head=p, category="people", quantity=Quantity(0, "exact", tok.text, 1))  # "Nobody was hurt"
    if f.kind in PERSON_KINDS and tok.pos in ("PRON", "DET") and word in PERSONAL:
        n = PERSONAL[word]
        return Item(start=p, head=p, category="people",
                    quantity=Quantity(n, "exact", None, 0) if n else None)
    # "Two more were killed": the parser hangs "more" on the number
    bare_children = [c for c in children[p] if not (c > p and toks[c].text.lower() == "more")]
    if f.kind in PERSON_KINDS and (tok.like_num or word in BARE) and not bare_children or \
            f.kind in PERSON_KINDS and word in BARE:
        lo = min([p] + [c for c in children[p] if c < p and toks[c].dep in ("nummod", "amod", "quantmod", "advmod")])
        q = parse_quantity([t.text for t in toks[lo:p]] if word in ("others", "more") and lo < p
                           else [t.text for t in toks[lo:p + 1]])
        if q is not None or word in BARE:
            return Item(start=lo, head=p, category="people", quantity=q)
    lo = p
    for c in children[p]:  # the phrase: determiners and modifiers before the head
        if c < p and toks[c].dep in ("det", "amod", "compound", "poss", "nummod", "nmod", "punct"):
            lo = min(lo, _extent(children, c)[0])
    words = [t.text.lower() for t in toks[lo:p]]
    plural = tok.tag in ("NNS", "NNPS")
    category = lex.categories.get(word) or lex.categories.get(tok.lemma)
    if category is None and len(words) >= 1:
        category = lex.categories.get(key(f"{words[-1]} {word}"))
    if category is None and tok.pos == "PROPN":
        # "the U.S. frigate Stark", "the tanker Sea Isle City": the kind of ship or plane
        # written before its name
        category = next((lex.categories.get(key(t.text.lower())) for t in toks[lo:p][::-1]
                         if t.pos == "NOUN" and lex.categories.get(key(t.text.lower()))
                         not in (None, "civilians", "military", "people")), None)
    if category is None:
        # "downs Iran F-4", "an Iranian F-4 Phantom": a model named in the head or before it
        model = next((m for m in (lex.model_rx.match(t.text) for t in (tok,) + tuple(toks[lo:p][::-1])
                                  if not resolver.mentions(t.text))
                      if m is not None), None)
        category = model.lastgroup if model is not None else None
    text = doc.article.text
    mentions = resolver.mentions(text[toks[lo].start:tok.end], toks[lo].start)
    if category is None and f.kind in PERSON_KINDS and mentions \
            and mentions[-1].start <= tok.start and mentions[-1].end >= tok.end:
        # a counted people or group name as the victims ("3,200 Chinese killed", "40 Taliban
        # killed in raid"): a group's are its fighters
        q = _count_before(toks, children, p)
        if q is not None:
            return Item(start=lo, head=p, category="military" if mentions[-1].field == "groups" else "people",
                        quantity=q, mentions=mentions)
    if category is None:
        if f.kind not in PERSON_KINDS or tok.pos != "PROPN" or plural or not tok.text[:1].isupper():
            # a demonym ("Palestinians were killed") is people
            if f.kind in PERSON_KINDS and plural and mentions and mentions[-1].field == "demonyms" \
                    and mentions[-1].end >= tok.end:
                return Item(start=lo, head=p, category="people", quantity=None, mentions=mentions)
            return None
        if resolver.mentions(tok.text):
            return None  # "Iran was hit": a party is no person
        category = "people"  # a person named: "Karami died"
    elif category in ("civilians", "military", "people"):
        if f.kind not in PERSON_KINDS:
            return None
    elif f.kind in PERSON_KINDS and f.kind != "captured":
        return None
    if plural:
        # people uncounted ("Palestinians were killed"); materiel only as a definite set
        # ("attacked the installations, turning them into rubble")
        if category not in ("civilians", "military", "people") and not (words and words[0] == "the"):
            return None
        quantity = None
    else:
        if any(w in lex.enemy_words or w in ("every", "each", "any", "no", "some") for w in words):
            return None
        # "killed 90 Viet Cong": a name the parser tags singular, with its count before it
        quantity = _count_before(toks, children, p, since=lo) or Quantity(1, "exact", None, 0)
    return Item(start=lo, head=p, category=category, quantity=quantity, mentions=mentions,
                own=any(w in lex.own_words for w in words),
                definite=bool(words) and words[0] in ("the", "this", "that"))


def _count_before(toks, children: list[list[int]], p: int, since: int | None = None) -> Quantity | None:
    """The count the parser hung on head ``p`` before it ("90" of "90 Viet Cong"); from
    ``since``, only one with no name before it ("a Merkava 4 tank" is one tank)."""
    counts = [c for c in children[p] if c < p and toks[c].dep == "nummod"
              and (since is None or all(toks[k].pos in ("DET", "ADV", "ADJ", "NUM", "ADP") for k in range(since, c)))]
    return parse_quantity([t.text for t in toks[min(counts):counts[-1] + 1]]) if counts else None


QUOTES = {'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "``", "''"}
# a part of something named before: "one of them", "two of which", "another"
PARTITIVE_OF = {"them", "which", "those", "these", "whom"}
# "430 of the enemy": a count of the adversary's fighters
ENEMY_NOUNS = {"enemy", "foe", "adversary"}


def _partitive(doc: Document, sent: Sentence, p: int, children: list[list[int]], lex: Lexicon,
               resolver: Resolver) -> Item | None:
    """A count of something the sentence named before: "attacked three rigs, setting one
    of them ablaze", "the rigs, one of which was shelled", "destroyed one platform and
    raided another". The part takes the kind of thing and the party words of the phrase
    it refers to; its count is its own."""
    toks = doc.tokens
    word = toks[p].text.lower()
    want_plural: bool | None
    if word == "another" and toks[p].pos in ("PRON", "DET") and not children[p]:
        quantity, lo, want_plural = Quantity(1, "exact", None, 0), p, None
    elif toks[p].like_num or word in ("one", "both"):
        of = next((c for c in children[p] if c > p and toks[c].dep == "prep" and toks[c].text.lower() == "of"), None)
        pron = next((g for g in children[of] if toks[g].dep == "pobj"), None) if of is not None else None
        enemy = pron is not None and toks[pron].text.lower() in ENEMY_NOUNS and toks[p].like_num
        if pron is None or toks[pron].text.lower() not in PARTITIVE_OF and not enemy:
            return None
        lo = min([p] + [_extent(children, c)[0] for c in children[p] if c < p and toks[c].dep in ("advmod", "quantmod", "nummod")])
        q = parse_quantity([t.text for t in toks[lo:p + 1]]) if word != "both" else Quantity(2, "exact", "both", 1)
        if q is None:
            return None
        if enemy:  # "430 of the enemy were killed": the speaker's adversary's fighters
            return Item(start=lo, head=p, category="military", quantity=q, enemy=True)
        quantity, want_plural = q, True
    else:
        return None
    ante = None
    if toks[p].dep == "nsubjpass" or word != "another":
        # "the rigs, one of which was shelled": the noun the relative clause hangs from
        v = toks[p].head
        while toks[v].dep in ("conj",) and toks[v].head != v:
            v = toks[v].head
        if toks[v].dep == "relcl" and toks[v].head != v:
            ante = toks[v].head
    if ante is None:
        ante = next((k for k in range(p - 1, sent.first - 1, -1) if toks[k].pos in ("NOUN", "PROPN")
                     and _category(toks, k, lex) is not None
                     and (want_plural is None or toks[k].tag in ("NNS", "NNPS"))), None)
    category = _category(toks, ante, lex) if ante is not None else None
    if ante is None or category is None:
        return None
    a_lo = min([ante] + [c for c in children[ante] if c < ante and toks[c].dep in ("det", "amod", "compound", "poss", "nmod", "nummod")])
    text = doc.article.text
    mentions = resolver.mentions(text[toks[a_lo].start:toks[ante].end], toks[a_lo].start)
    return Item(start=lo, head=p, category=category, quantity=quantity, mentions=mentions)


def _category(toks, k: int, lex: Lexicon) -> str | None:
    word = key(toks[k].text.lower())
    cat = lex.categories.get(word) or lex.categories.get(toks[k].lemma)
    if cat is None and k > 0:
        cat = lex.categories.get(key(f"{toks[k - 1].text.lower()} {word}"))
    return cat


def _extent(children: list[list[int]], i: int) -> tuple[int, int]:
    """The first and last token of the subtree under ``i``."""
    lo = hi = i
    stack = [i]
    while stack:
        j = stack.pop()
        lo, hi = min(lo, j), max(hi, j)
        stack.extend(children[j])
    return lo, hi

"""Whose losses a claim counts, and who inflicted them: a table of small named rules.

Each rule reads one victim phrase in its sentence (the ``Case``) and either decides the
target (party, side) and perpetrator or passes; the first rule that decides wins, and its
name is recorded on the claim (``warledger extract --explain`` shows it). The order is
the order of evidence: words inside the phrase ("Azeri civilians", "its soldiers", "the
enemy"), then the grammar of the loss (the subject of "lost" owns the losses; the subject
of "killed" inflicted them; the agent of a passive; the place attacked), then where it
happened (the gazetteer's country of the place of the loss), then the speaker's own side
(those last rules, which read no words of the victims', are in ``speaker_sides.py``).
"""
from __future__ import annotations

import re

from warledger.extract.attribution import Index
from warledger.extract.context import Case, Decision, PartySide, Rule, party_side as _of
from warledger.extract.items import PEOPLE, Item
from warledger.profiles import THIRD, UNKNOWN, Mention
from warledger.records import Document
from warledger.extract.roles import (LOCATIVE_BEFORE, agent_party, attack_verb_above,
                                     attacked_place, governing_verb, loss_place, place_side,
                                     subject_is_enemy, subject_party, suffering_party, word_class)
from warledger.extract.place_sides import ENEMY_OF_THE_DOER, people_of_the_country, place_of_loss, trigger_or_head
# the rules of last resort (place, speaker, the story's one state)
from warledger.extract.speaker_sides import (both_sides, claimant_acting, claimant_destroyed_works, claimant_own,
                                              claimant_reports_a_hit, claimant_seized, claimant_shot_down,
                                              counted_by_their_own_body, denier_own_losses, home_state,
                                              merchant_shipping, place_of_victims, third_party_own_people)

# a party word that modifies a weapon, an attack or a report is no owner of "its" losses
_MODIFIES = re.compile(r"(?:['\u2019]s)?\s+(?:[A-Z][\w-]*\s+){0,2}(?i:missiles?|rockets?|shells?|shelling|"
                       r"fire|strikes?|airstrikes?|attacks?|bombs?|drones?|artillery|reports?|claims?|"
                       r"statements?|media|officials|sources|forces|troops|aircraft|jets?)\b")


def counted_attacks(c: Case) -> Decision | None:
    """Counted attacks are on the party attacked ("two raids on Iran's Nowruz oilfield",
    "attacks against Israel"); a party word in the count itself is the attacker's ("nine
    Iraqi counter-attacks" were Iraq's, on its enemy)."""
    if c.item.category != "incidents":
        return None
    toks, r = c.doc.tokens, c.resolver
    for k in range(c.item.head + 1, min(c.sent.last, c.item.head + 4)):
        if toks[k].text.lower() in ("on", "against", "upon", "into", "over"):
            lo, hi = c.idx.subtree(k)
            hit = [m for m in r.mentions(c.doc.article.text[toks[lo].start:toks[hi - 1].end], toks[lo].start)
                   if m.field != "leaders"]
            if hit:
                return "attacks-on-party", _of(hit[0]), None
            break
    own = [m for m in c.item.mentions if m.field != "leaders" and m.side in r.sides]
    if own:
        return "attacks-by-party", c.enemy(own[0].side), _of(own[0])
    passive = _passive_target(c)
    if passive is not None:
        return "attacks-on-party", passive, None
    return None


def _passive_target(c: Case) -> PartySide | None:
    """What "has been attacked 135 times" names as attacked: the passive subject (or the
    antecedent of "which"), by a party's name or the country of a place ("Kharg Island")."""
    trig, doc, idx = c.trig, c.doc, c.idx
    if trig is None:
        return None
    toks = doc.tokens
    subj = idx.child(trig.i, {"nsubjpass"})
    if subj is None:
        return None
    if toks[subj].lemma in ("which", "that", "who") and toks[trig.i].dep == "relcl" and toks[trig.i].head != trig.i:
        subj = toks[trig.i].head
    lo, hi = idx.subtree(subj)
    if toks[subj].pos == "PROPN" or toks[subj].dep != "nsubjpass":
        hi = min(hi, subj + 1)  # the antecedent itself, not the clause hanging from it
    a, b = toks[lo].start, toks[hi - 1].end
    ms = [m for m in c.resolver.mentions(doc.article.text[a:b], a) if m.field != "leaders"]
    if ms:
        return _of(ms[0])
    spots = c.ctx.places_of(c.sent.text) if c.ctx.places_of else ()
    for s, e, loc in spots:
        if a <= c.sent.start + s and c.sent.start + e <= b and loc.country:
            return place_side(c.ctx, loc.country)
    return None


def civil_war_population(c: Case) -> Decision | None:
    """A civil war's population is neither army's ("120 civilians were killed" in Sudan)."""
    r = c.resolver
    civ = r.profile.civilians if r.profile and c.item.category in ("civilians", "people") else None
    if civ and not c.item.own:
        marked = [m for it in (c.item,) + c.group for m in it.mentions if m.field != "leaders"]
        if not marked or marked[0].party == civ:
            return "civil-war-population", (civ, r.side_of(civ)), None
    return None


def words_in_phrase(c: Case) -> Decision | None:
    """Party words inside the phrase, then inside its coordinated siblings: a party's name
    or adjective, "the enemy", "its"/"our" (the party named last before the phrase, or the
    speaker)."""
    r, doc, sent = c.resolver, c.doc, c.sent
    c_party, c_side = c.claimant_side
    for it in (c.item,) + tuple(g for g in c.group if g is not c.item and not _listed_part(doc, g)):
        own_mentions = [m for m in it.mentions if m.field != "leaders"]
        if own_mentions:
            tgt = _of(own_mentions[0])
            return "party-word-in-phrase", tgt, _doer(c, tgt[1]) or (c.enemy(tgt[1]) if tgt[1] in r.sides else None)
        if it.enemy and c_side in r.sides:
            return "enemy-word-in-phrase", c.enemy(c_side), (c_party, c_side)
        if it.own:
            # "Nagorno-Karabakh said 53 of its soldiers"; "Hamas's brigade, killing 2,000 of
            # its fighters"
            text = doc.article.text
            before = [m for m in r.mentions(text[sent.start:doc.tokens[it.start].start], sent.start)
                      if m.side in r.sides
                      and not LOCATIVE_BEFORE.search(text[max(sent.start, m.start - 22):m.start])
                      and not _MODIFIES.match(text[m.end:m.end + 40])]
            personal = {doc.tokens[k].text.lower() for k in range(it.start, it.head + 1)} & {"his", "her"}
            if before and not personal:  # "her daughter" is a person's, not a party's
                return "possessive-names-last-party", _of(before[-1]), c.enemy(before[-1].side)
        if it.own and c.said is not None and c_side != UNKNOWN:
            trig = c.trig
            if trig is not None and not c.passive and trig.lemma not in word_class("suffer") \
                    and doc.tokens[trig.i].pos in ("VERB", "AUX") \
                    and subject_party(doc, c.idx, trig.i, r, c.said, c.ctx.lexicon)[1]:
                # "it had killed 2,000 of its fighters": the enemy unit's
                return "possessive-of-enemy-unit", c.enemy(c_side), (c_party, c_side)
            return "possessive-claimant-own", (c_party, c_side), c.enemy(c_side)
    return None


def _doer(c: Case, target_side: str) -> PartySide | None:
    """Who inflicted a loss whose owner the phrase names: the subject of the active loss
    verb when it names another party or is the speaker ("Hezbollah says it hit an Israeli
    warship": Hezbollah, not whoever else Israel fights)."""
    trig = c.trig
    if trig is None or c.passive or c.doc.tokens[trig.i].pos not in ("VERB", "AUX") \
            or trig.lemma in word_class("suffer"):
        return None
    m, is_claimant = subject_party(c.doc, c.idx, trig.i, c.resolver, c.said, c.ctx.lexicon)
    if m is not None and m.side in c.resolver.sides and m.side != target_side:
        return _of(m)
    side = c.claimant_side
    if m is None and is_claimant and side[1] in c.resolver.sides and side[1] != target_side:
        return side
    return None


def _listed_part(doc: Document, it: Item) -> bool:
    """ "..., including 30 Americans": a part listed after a total says nothing of the rest."""
    toks = doc.tokens
    return any(toks[k].text.lower() in ("including", "among") for k in range(max(0, it.start - 3), it.start))


def words_after_phrase(c: Case) -> Decision | None:
    """Party words after the head, in an of- or from-phrase or an apposition: "120 members
    of Israel's military", "the deputy commander of the Israeli brigade", "a nurse from the
    Philippines", "Jamila al-Shanti, a member of Hamas's political bureau"."""
    r, doc, idx = c.resolver, c.doc, c.idx
    toks = doc.tokens
    for it in (c.item,) + tuple(g for g in c.group if g is not c.item):
        for k in idx.children[it.head]:
            dep, word = toks[k].dep, toks[k].text.lower()
            if not (dep == "prep" and word in ("of", "from") or dep == "appos") or k < it.head:
                continue
            lo, hi = _phrase_span(doc, idx, k)
            if word == "from" and any(toks[j].text.lower() in word_class("attack_nouns") for j in range(lo, hi)):
                continue  # "the toll from Russian strikes": what caused it, not whose
            text = doc.article.text
            for m in r.mentions(text[toks[lo].start:toks[hi - 1].end], toks[lo].start):
                if dep == "appos" and LOCATIVE_BEFORE.search(text[max(toks[lo].start, m.start - 22):m.start]) \
                        and not _member_of(doc, m, hi):
                    continue  # "Ali, a doctor in Gaza": where he was, not whose
                if m.side in r.sides or r.profile is None or m.side == THIRD:
                    return "party-word-after-phrase", _of(m), c.enemy(m.side) if m.side in r.sides else None
    return None


_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})


def person_named_before(c: Case) -> Decision | None:
    """ "he" or "she" killed: the person the sentence named before the pronoun, when a
    party word marks that person ("the funeral of Israeli student Dana Levi after she was
    killed"). Only the nearest person before the pronoun counts: "Israeli troops shot at the
    car, and the driver said he saw ..." leaves a pronoun unmarked."""
    doc, idx, r = c.doc, c.idx, c.resolver
    toks = doc.tokens
    if toks[c.item.head].text.lower() not in _PERSON_PRONOUNS or toks[c.item.head].pos != "PRON":
        return None
    cats = c.ctx.lexicon.categories
    for k in range(c.item.head - 1, c.sent.first - 1, -1):
        t = toks[k]
        person = t.pos == "PROPN" and t.dep != "compound" or t.pos == "NOUN" and t.tag == "NN" and (
            cats.get(t.text.lower()) or cats.get(t.lemma)) in ("civilians", "military", "people")
        if not person:
            continue
        lo = idx.subtree(k)[0]
        found = [m for m in r.mentions(doc.article.text[toks[lo].start:t.end], toks[lo].start)
                 if m.side in r.sides or m.side == THIRD]
        if found:
            return "person-named-before", _of(found[-1]), c.enemy(found[-1].side) if found[-1].side in r.sides else None
        return None
    return None


def launched_by(c: Case) -> Decision | None:
    """Materiel that a participle says a party launched, flew or used is that party's: "40
    drones launched by Russia" were Russia's, whoever shot them down."""
    if c.item.mentions or c.item.category in PEOPLE_WORDS:
        return None
    doc, idx, r = c.doc, c.idx, c.resolver
    toks = doc.tokens
    launch = word_class("launch_verbs")  # participles whose agent owns the thing
    for k in idx.children[c.item.head]:
        if k < c.item.head or toks[k].dep != "acl" or toks[k].lemma.lower() not in launch:
            continue
        for p in idx.children[k]:
            if toks[p].dep in ("agent", "prep") and toks[p].text.lower() in ("by", "from"):
                lo, hi = _phrase_span(doc, idx, p)
                found = [m for m in r.mentions(doc.article.text[toks[lo].start:toks[hi - 1].end], toks[lo].start)
                         if m.side in r.sides]
                if found:
                    return "launched-by", _of(found[0]), c.enemy(found[0].side)
    return None


PEOPLE_WORDS = ("civilians", "military", "people")


def peacekeepers(c: Case) -> Decision | None:
    """Peacekeepers serve no side of the war, whichever state sent them ("two French
    peacekeepers were wounded"): side THIRD, party their state (or the UN)."""
    toks = c.doc.tokens
    phrase = " ".join(t.text.lower() for t in toks[c.item.start:c.item.head + 1])
    if not any(p in phrase for p in word_class("peacekeepers")):
        return None
    states = [m for m in c.item.mentions if m.party in c.resolver.states]
    return "peacekeepers", (states[0].party if states else "UN", THIRD), None


def rebels_are_no_state(c: Case) -> Decision | None:
    """Unmarked "rebels" or "guerrillas" in a war whose rebel side is not known: never a
    state's own men by where they fell or who reports them (later rules would make the
    rebels Peru's in "police found the bodies of seven rebels near Ayacucho")."""
    if c.item.mentions or not _rebel_noun(c):
        return None
    return "rebels-of-no-known-party", (None, UNKNOWN), None


def _rebel_noun(c: Case) -> bool:
    """Whether the victims are "rebels", "guerrillas", "insurgents", also as "the bodies of
    seven rebels"."""
    toks = c.doc.tokens
    rebels = word_class("rebel_nouns")
    if any(toks[k].lemma in rebels for k in range(c.item.start, c.item.head + 1)):
        return True  # "rebels", also "rebel cadres", "guerrilla fighters"
    return toks[_victim_noun(c)].lemma in rebels


def _victim_noun(c: Case) -> int:
    """The noun that names the victims: the phrase's head, or the people after "the bodies
    of" ("the bodies of 14 gunmen": the gunmen)."""
    toks, head = c.doc.tokens, c.item.head
    if toks[head].lemma.lower() in ("body", "corpse") and head + 1 < c.sent.last and toks[head + 1].text.lower() == "of":
        return next((k for k in range(head + 2, min(c.sent.last, head + 7)) if toks[k].pos == "NOUN"), head)
    return head


def rebels_of_the_war(c: Case) -> Decision | None:
    """Unmarked "rebels", "guerrillas", "insurgents" in a war with one non-state side are
    that side's ("an army spokesman said seven rebels were killed" in a story of the
    Philippine army against the NPA)."""
    if c.item.mentions or not _rebel_noun(c):
        return None
    r = c.resolver
    rebels = [s for s in r.sides if s not in r.states]
    if len(rebels) != 1:
        return None
    return "rebels-of-the-war", (r.main_party(rebels[0]), rebels[0]), c.enemy(rebels[0])


def others_like_named(c: Case) -> Decision | None:
    """"two Israeli soldiers were captured ... in which eight other soldiers were killed":
    "other" people of the kind a phrase before named with its party are that party's."""
    toks = c.doc.tokens
    if c.item.mentions or not any(toks[k].text.lower() in ("other", "more", "further")
                                  for k in range(c.item.start, c.item.head + 1)):
        return None
    noun = toks[c.item.head].lemma
    for k in range(c.item.start - 1, c.sent.first - 1, -1):
        if toks[k].lemma == noun and k != c.item.head:
            lo = max(c.sent.first, k - 4)
            ms = [m for m in c.resolver.mentions(c.doc.article.text[toks[lo].start:toks[k].end], toks[lo].start)
                  if m.side in c.resolver.sides and m.field in ("adjectives", "names", "demonyms", "groups")]
            if ms:
                return "others-like-named", _of(ms[-1]), c.enemy(ms[-1].side)
    return None


def part_of_marked_group(c: Case) -> Decision | None:
    """Victims listed as part of a group whose party is written: "Israeli civilians --
    including women, children and the elderly", "Palestinians, among them two doctors"."""
    doc, idx = c.doc, c.idx
    toks = doc.tokens
    h = c.item.head
    for _ in range(3):  # up the coordination: "women, children and senior citizens"
        if toks[h].dep != "conj" or toks[h].head == h:
            break
        h = toks[h].head
    prep = toks[h].head
    lex = c.ctx.lexicon
    if toks[h].dep == "pobj" and toks[prep].text.lower() in ("including", "among") and toks[prep].head != prep:
        noun = toks[prep].head
    elif toks[h].dep == "pobj" and toks[prep].text.lower() == "of" and toks[prep].head != prep \
            and toks[toks[prep].head].lemma in word_class("force_nouns") | {"garrison", "contingent", "column"}:
        # "the Argentine garrison of about 10,000 men", "a Russian unit of 40 soldiers"
        return _marked_by_words_before(c, toks[prep].head, idx.subtree(toks[prep].head)[0])
    elif toks[h].dep == "appos" and toks[h].head != h:
        noun = toks[h].head
    else:
        return None
    if (lex.categories.get(toks[noun].text.lower()) or lex.categories.get(toks[noun].lemma)) not in PEOPLE_WORDS:
        return None  # "wounded in a Russian attack on Dnipro, including four children": a misread
    return _marked_by_words_before(c, noun, idx.subtree(min([noun] + [k for k in idx.children[noun] if k < noun]))[0])


def _marked_by_words_before(c: Case, noun: int, lo: int) -> Decision | None:
    """The party named in tokens [lo, noun] of the group the victims belong to."""
    toks, r = c.doc.tokens, c.resolver
    ms = [m for m in r.mentions(c.doc.article.text[toks[lo].start:toks[noun].end], toks[lo].start)
          if m.field != "leaders"]
    if ms and (ms[0].side in r.sides or r.profile is None):
        return "part-of-marked-group", _of(ms[0]), c.enemy(ms[0].side)
    return None


_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "punct"}


def _phrase_span(doc: Document, idx: Index, k: int) -> tuple[int, int]:
    """Tokens [lo, hi) of the phrase under ``k``, stopping before a clause that hangs from
    it ("the losses of March 3, when troops stormed ..." ends at "3")."""
    toks = doc.tokens
    hi, stack = k + 1, [k]
    while stack:
        j = stack.pop()
        hi = max(hi, j + 1)
        stack.extend(g for g in idx.children[j] if g > k and toks[g].dep not in _CLAUSES)
    return k, hi


def named_by_copula(c: Case) -> Decision | None:
    """The victims named by what they were: "those killed were mostly Gazans", "the dead
    were all Ukrainian soldiers"."""
    doc, idx, r = c.doc, c.idx, c.resolver
    toks = doc.tokens
    h = c.item.head
    if toks[h].dep != "nsubj" or toks[h].head == h or toks[toks[h].head].lemma != "be":
        return None
    attr = idx.child(toks[h].head, {"attr", "acomp"})
    if attr is None:
        return None
    lo, hi = _phrase_span(doc, idx, attr)
    lo = idx.subtree(attr)[0]
    ms = [m for m in r.mentions(doc.article.text[toks[lo].start:toks[hi - 1].end], toks[lo].start)
          if m.field != "leaders"]
    if ms and (ms[0].side in r.sides or r.profile is None):
        return "named-by-copula", _of(ms[0]), c.enemy(ms[0].side)
    return None


def _member_of(doc: Document, m: Mention, hi: int) -> bool:
    """ "in Hamas's political bureau", "in the Israeli army": a body one belongs to, not a
    place (the party word is followed by a noun)."""
    if m.field in ("bodies", "groups"):
        return True
    toks = doc.tokens
    nxt = next((t for t in toks[:hi] if t.start >= m.end and t.text not in ("'s", "\u2019s", "'")), None)
    return nxt is not None and nxt.pos in ("NOUN", "ADJ")


def attacker_in_clause(c: Case) -> Decision | None:
    """An attack told in a clause of the loss verb names who inflicted it: "she was killed
    as Hamas attacked", "died when government troops stormed the camp", "were shot as
    rebel gunmen waited at the gate"."""
    trig, doc, idx, r = c.trig, c.doc, c.idx, c.resolver
    if trig is None or c.item.mentions:
        return None
    toks = doc.tokens
    # the clause may hang from the last of coordinated loss verbs ("were killed and seven
    # wounded when Russian artillery hit ...")
    verbs = [trig.i] + [k for k in idx.children[trig.i] if toks[k].dep == "conj" and toks[k].pos in ("VERB", "AUX")]
    stack = [(k, 1) for v in verbs for k in idx.children[v] if toks[k].dep in ("advcl", "xcomp")]
    while stack:
        k, depth = stack.pop(0)
        obj = idx.child(k, {"dobj"})
        subj = idx.child(k, {"nsubj"})
        if toks[k].dep == "advcl" and (toks[k].lemma in word_class("attack_lemmas") or (
                # "were slaughtered as the rebel gunmen waited at the exits"
                subj is not None and toks[subj].text.lower() in word_class("killer_nouns")) or (
                obj is not None and any(toks[j].text.lower() in word_class("attack_nouns")
                                        for j in range(idx.subtree(obj)[0], obj + 1))
                and toks[k].lemma in ("begin", "launch", "start", "step", "intensify", "escalate", "resume"))):
            # "as Hamas attacked", "since Israel began its bombing campaign"
            m, _ = subject_party(doc, idx, k, r, None, c.ctx.lexicon)
            if m is not None and m.side in r.sides:
                return "attacker-in-clause", c.enemy(m.side), _of(m)
        elif toks[k].dep == "advcl" and depth == 1 and c.passive and subj is not None \
                and _acts_on_pronoun(doc, idx, k):
            # "two more were killed after troops found them hiding in a shed": the party that
            # laid hands on the victims in the clause of their death is who killed them
            m, _ = subject_party(doc, idx, k, r, None, c.ctx.lexicon)
            if m is not None and m.side in r.sides:
                return "attacker-in-clause", c.enemy(m.side), _of(m)
        if depth < 3:
            stack.extend((j, depth + 1) for j in idx.children[k] if toks[j].dep in ("advcl", "xcomp"))
    return None


def _acts_on_pronoun(doc: Document, idx: Index, verb: int) -> bool:
    """Whether a verb's object is "them", "him" or "her" ("found them", "found them hiding",
    "dragged him from the car")."""
    toks = doc.tokens
    for k in idx.children[verb]:
        if toks[k].dep == "dobj" and toks[k].text.lower() in ("them", "him", "her"):
            return True
        if toks[k].dep in ("ccomp", "xcomp", "oprd") and any(
                toks[j].dep == "nsubj" and toks[j].text.lower() in ("them", "him", "her") for j in idx.children[k]):
            return True
    return False


def subject_of_loss_verb(c: Case) -> Decision | None:
    """The subject of lose/suffer owns the loss; the subject of an active loss verb
    ("Israeli warplanes struck ...") inflicted it, on the other side."""
    trig, doc, idx, r = c.trig, c.doc, c.idx, c.resolver
    if trig is None:
        return None
    c_party, c_side = c.claimant_side
    lex = c.ctx.lexicon
    if trig.lemma in word_class("suffer") and trig.kind != "captured" and not c.passive:  # not "taken hostage"
        if subject_is_enemy(doc, idx, trig.i, lex) and c_side in r.sides:
            return "enemy-subject-lost", c.enemy(c_side), (c_party, c_side)  # "The enemy lost 47"
        m, is_claimant = subject_party(doc, idx, trig.i, r, c.said, lex)
        if m:
            return "subject-of-suffer", _of(m), c.enemy(m.side)
        if is_claimant and c_side != UNKNOWN:
            return "claimant-suffered", (c_party, c_side), c.enemy(c_side)
    elif not c.passive and doc.tokens[trig.i].pos in ("VERB", "AUX"):  # a noun has no subject
        if subject_is_enemy(doc, idx, trig.i, lex) and c_side in r.sides:
            return "claimant-suffered", (c_party, c_side), c.enemy(c_side)
        m, _ = subject_party(doc, idx, trig.i, r, c.said, lex)
        if m and m.side in r.sides:
            hit = attacked_place(doc, idx, trig.i, m, r)
            if hit is not None:
                return "attacked-place-in-subject", _of(hit), _of(m)
            return "enemy-of-active-subject", c.enemy(m.side), _of(m)
    return None


def doer_of_the_act(c: Case) -> Decision | None:
    """A loss noun that is the object of a verb of doing ("Hamas carried out the killing of
    40 villagers", "planned and executed the murder of civilians"): that verb's subject did
    it, on its enemy's people."""
    trig, doc, idx, r = c.trig, c.doc, c.idx, c.resolver
    if trig is None or c.item.mentions or doc.tokens[trig.i].pos != "NOUN":
        return None
    toks = doc.tokens
    n = trig.i
    while toks[n].dep == "conj" and toks[n].head != n:
        n = toks[n].head  # "the murder and kidnapping of civilians"
    if toks[n].dep != "dobj" or toks[n].head == n:
        return None
    verb = toks[n].head
    if toks[verb].lemma not in word_class("perpetrate_verbs"):
        return None
    m, _ = subject_party(doc, idx, verb, r, c.said, c.ctx.lexicon)
    if m is None or m.side not in r.sides:
        return None
    return "doer-of-the-act", c.enemy(m.side), _of(m)


def launcher_of_attack(c: Case) -> Decision | None:
    """The party that launched or carried out the attack a loss clause describes: "Hezbollah
    responded with an attack that killed ...", "the rebels launched rockets that killed"."""
    trig, doc, idx, r = c.trig, c.doc, c.idx, c.resolver
    if trig is None or c.passive or c.item.mentions:
        return None
    toks = doc.tokens
    h = trig.i
    if toks[h].dep not in ("relcl", "acl") or toks[h].head == h:
        return None
    h = toks[h].head
    if toks[h].text.lower() not in word_class("attack_nouns") or any(
            r.mentions(toks[k].text) for k in idx.children[h] if k < h):
        return None  # "a Russian strike that killed": the words in the phrase decide
    for _ in range(3):
        if toks[h].dep not in ("dobj", "pobj", "prep", "conj") or toks[h].head == h:
            return None
        h = toks[h].head
        if toks[h].pos == "VERB":
            m, _ = subject_party(doc, idx, h, r, None, c.ctx.lexicon)
            if m is not None and m.side in r.sides:
                return "launcher-of-attack", c.enemy(m.side), _of(m)
            return None
    return None


def hostages_of_the_attacker(c: Case) -> Decision | None:
    """Hostages killed by one side's strikes were held by the other side: they are the
    striking side's own people ("hostages killed in Israeli airstrikes" are Israel's)."""
    toks = c.doc.tokens
    held = any(toks[k].dep == "relcl" and toks[k].lemma in word_class("capture_verbs")
               for h in (c.item.head, *(g.head for g in c.group)) for k in c.idx.children[h])
    if (toks[c.item.head].lemma not in word_class("hostages") and not held) or c.item.mentions:
        return None  # "civilians the group abducted" are hostages too
    m = agent_party(c.doc, c.sent, c.item, c.resolver, c.trig)
    if m is None and c.trig is not None and not c.passive and c.doc.tokens[c.trig.i].pos == "VERB":
        m, _ = subject_party(c.doc, c.idx, c.trig.i, c.resolver, c.said, c.ctx.lexicon)
    if m is not None and m.side in c.resolver.sides:
        return "hostages-of-the-attacker", _of(m), _of(m)
    return None


def prisoners_of_the_taker(c: Case) -> Decision | None:
    """Captives a party took are its enemy's: "their units had taken 300 prisoners", "the
    brigade took 1,800 prisoners" (a loss noun, so no loss verb names the doer)."""
    doc, idx, r = c.doc, c.idx, c.resolver
    toks = doc.tokens
    head = toks[c.item.head]
    if c.item.mentions or c.ctx.lexicon.nouns.get(head.lemma.lower()) != "captured" or head.dep != "dobj" \
            or head.head == head.i or toks[head.head].lemma not in word_class("capture_verbs") | {"take"}:
        return None
    m, is_claimant = subject_party(doc, idx, head.head, r, c.said, c.ctx.lexicon)
    if m is not None and m.side in r.sides:
        return "prisoners-of-the-taker", c.enemy(m.side), _of(m)
    c_party, c_side = c.claimant_side
    if m is None and is_claimant and c_side in r.sides:
        return "prisoners-of-the-taker", c.enemy(c_side), (c_party, c_side)
    return None


def vague_total(c: Case) -> Decision | None:
    """ "inflicted heavy losses (on the army)", "the enemy suffered serious losses"."""
    item, doc, r = c.item, c.doc, c.resolver
    if not (item.kind in ("losses", "killed", "wounded") and item.quantity and item.quantity.qualifier == "vague"):
        return None
    c_party, c_side = c.claimant_side
    lex = c.ctx.lexicon
    verb = governing_verb(doc, item.head)
    if verb is not None and doc.tokens[verb].lemma in word_class("inflict"):
        toks, sent = doc.tokens, c.sent
        nxt = item.head + 1
        if nxt < sent.last and toks[nxt].text.lower() in ("on", "upon", "among"):
            hi = min(sent.last, nxt + 6)
            on = r.mentions(doc.article.text[toks[nxt].start:toks[hi - 1].end], toks[nxt].start)
            if on:
                return "inflicted-on-party", _of(on[0]), c.enemy(on[0].side)
        m, _ = subject_party(doc, c.idx, verb, r, c.said, lex)
        if m is not None and m.side in r.sides:
            return "enemy-of-inflicting-subject", c.enemy(m.side), _of(m)
        return "enemy-of-claimant-inflicting", c.enemy(c_side), (c_party, c_side)
    if verb is not None and doc.tokens[verb].lemma in word_class("repulse"):
        # "nine Iraqi counter-attacks had been repulsed with heavy casualties": the
        # attackers' losses
        subj = c.idx.child(verb, {"nsubjpass"})
        if subj is not None:
            lo, hi = c.idx.subtree(subj)
            ms = [m for m in r.mentions(doc.article.text[doc.tokens[lo].start:doc.tokens[hi - 1].end],
                                        doc.tokens[lo].start) if m.side in r.sides]
            if ms:
                return "repulsed-attackers", _of(ms[0]), c.enemy(ms[0].side)
            if subject_is_enemy(doc, c.idx, verb, lex) or c_side in r.sides:
                return "repulsed-attackers", c.enemy(c_side), (c_party, c_side)
    if verb is not None and doc.tokens[verb].lemma in word_class("suffer"):
        if subject_is_enemy(doc, c.idx, verb, lex):
            return "enemy-subject-suffered", c.enemy(c_side), (c_party, c_side)
        m, _ = subject_party(doc, c.idx, verb, r, c.said, lex)
        if m is not None:
            return "subject-of-suffer", _of(m), c.enemy(m.side)
    return None


def attacked_object(c: Case) -> Decision | None:
    """ "... attacked Pakistani villages, killing 90 people", "attacked Israel in an
    assault that killed 1,300", "the attack on the U.S. frigate Stark which killed 37
    seamen": the victims are the attacked place's or ship's."""
    trig, doc, r = c.trig, c.doc, c.resolver
    if trig is None or c.item.category not in PEOPLE:
        return None
    head = attack_verb_above(doc, trig.i)
    obj = c.idx.child(head, {"dobj"}) if head is not None else _attacked_noun_above(c)
    if obj is None:
        return None
    lo, hi = c.idx.subtree(obj)
    # the loss clause itself may hang from the object ("the attack on March 5, when Russian
    # fighters killed ..."): who is named there attacked, they were not attacked
    t_lo, t_hi = c.idx.subtree(trig.i)
    inside = (doc.tokens[t_lo].start, doc.tokens[t_hi - 1].end) if lo <= trig.i < hi else (0, 0)
    hit = [m for m in r.mentions(doc.article.text[doc.tokens[lo].start:doc.tokens[hi - 1].end],
                                 doc.tokens[lo].start)
           if m.field != "leaders" and not inside[0] <= m.start < inside[1]]
    if hit and (hit[0].side in r.sides or r.profile is None):
        return "attacked-object-owner", _of(hit[0]), c.enemy(hit[0].side)
    return None


def _attacked_noun_above(c: Case) -> int | None:
    """The object of a nominal attack a relative clause hangs from ("the attack on the
    frigate Stark which killed ..."), or the attacked ship or site itself."""
    toks, idx = c.doc.tokens, c.idx
    h = c.trig.i if c.trig is not None else None
    if h is None or toks[h].dep not in ("relcl", "acl"):
        return None
    for _ in range(4):
        h = toks[h].head
        word = toks[h].text.lower()
        if c.ctx.lexicon.nominal.get(word) == "damaged":
            on = next((k for k in idx.children[h] if toks[k].dep == "prep" and toks[k].text.lower() in ("on", "against")), None)
            return next((k for k in idx.children[on] if toks[k].dep == "pobj"), None) if on is not None else None
        if c.ctx.lexicon.categories.get(word) in ("ship", "equipment", "aircraft", "helicopter"):
            return h
        if toks[h].dep not in ("pobj", "prep", "appos", "compound") or toks[h].head == h:
            return None
    return None


def agent(c: Case) -> Decision | None:
    """An agent or attacker after the phrase: "by Armenian fire", "in Russian shelling"."""
    m = agent_party(c.doc, c.sent, c.item, c.resolver, c.trig)
    if m is not None and m.side in c.resolver.sides:
        if c.item.category in ("civilians", "people") and c.trig is not None:
            # people killed in the attacker's own country are its own population ("an Iraqi
            # chemical attack on the town of Halabja"), not its enemy's
            at = loss_place(c.ctx, c.doc, c.idx, c.sent, c.item, c.trig)
            if at is not None and at[1] == m.side:
                return "own-people-of-agent", at, _of(m)
        return "enemy-of-agent", c.enemy(m.side), _of(m)
    return None


def attacker_of_the_attack(c: Case) -> Decision | None:
    """A nominal attack whose own words name the attacker ("a Russian strike on a grain
    terminal", "Israel's bombardment of the port"): what it hit is the attacker's enemy's."""
    trig, doc, r = c.trig, c.doc, c.resolver
    if trig is None or c.item.mentions or doc.tokens[trig.i].pos not in ("NOUN", "PROPN"):
        return None
    toks = doc.tokens
    mods = [k for k in c.idx.children[trig.i] if k < trig.i and toks[k].dep in ("amod", "compound", "poss", "nmod")]
    if not mods:
        return None
    lo = min(c.idx.subtree(k)[0] for k in mods)
    hit = [m for m in r.mentions(doc.article.text[toks[lo].start:toks[trig.i].start], toks[lo].start)
           if m.side in r.sides and m.field != "leaders"]
    if not hit:
        return None
    return "attacker-of-the-attack", c.enemy(hit[0].side), _of(hit[0])


def victims_of_the_opening(c: Case) -> Decision | None:
    """Losses "of" the war's first day ("the casualties of Oct. 7") are those of the attack
    that opened it (profile ``opened_by``): its victims, the opener's enemy's."""
    toks, idx, r = c.doc.tokens, c.idx, c.resolver
    if c.item.mentions:
        return None
    for k in idx.children[c.item.head]:
        if toks[k].dep == "prep" and toks[k].text.lower() == "of" and k > c.item.head:
            lo, hi = _phrase_span(c.doc, idx, k)
            opener = r.opening_attack(c.doc.article.text[toks[lo].start:toks[hi - 1].end])
            if opener is not None and opener[1] in r.sides:
                return "victims-of-the-opening", c.enemy(opener[1]), opener
    return None


def suffering_elsewhere(c: Case) -> Decision | None:
    """The subject of suffered/lost elsewhere in the sentence ("..., with 50 drones downed")."""
    m, _ = suffering_party(c.doc, c.idx, c.sent, c.resolver, c.said, c.ctx.lexicon, upto=c.item.start)
    if m is not None:
        return "suffering-party-in-sentence", _of(m), c.enemy(m.side)
    return None


_ARM_PREPS = frozenset({"in", "by", "during", "under", "from", "amid"})


def arms_of_the_war(c: Case) -> Decision | None:
    """A weapon that in this war only one party uses names the doer when no party word does
    ("killed when an airstrike hit their home", "the strike killed 17", "died in strikes",
    "came under heavy bombing, killing ..."): the victims are that party's enemy. The
    profile lists the weapons (``arms``); a phrase that names a party is left to the rules
    that read party words."""
    trig, doc, idx, r = c.trig, c.doc, c.idx, c.resolver
    if trig is None or r.profile is None or not r.profile.arms or c.item.mentions or c.item.enemy:
        return None
    toks = doc.tokens
    verbs = [trig.i]
    if toks[trig.i].dep in ("advcl", "xcomp", "conj", "relcl", "acl") and toks[trig.i].head != trig.i:
        verbs.append(toks[trig.i].head)
    nouns: list[int] = []
    if toks[trig.i].dep in ("relcl", "acl") and toks[trig.i].head != trig.i:
        nouns.append(toks[trig.i].head)  # "a strike that killed 17"
    for v in verbs:
        for k in idx.children[v]:
            dep = toks[k].dep
            if dep == "nsubj" and not c.passive or dep == "nsubj" and v != trig.i:
                nouns.append(k)
            elif dep == "agent" or (dep == "prep" and toks[k].text.lower() in _ARM_PREPS):
                nouns.extend(j for j in idx.children[k] if toks[j].dep == "pobj")
            elif dep == "advcl":
                nouns.extend(j for j in idx.children[k] if toks[j].dep == "nsubj")
    text = doc.article.text
    for n in nouns:
        lo, hi = idx.subtree(n)[0], _phrase_span(doc, idx, n)[1]
        if r.mentions(text[toks[lo].start:toks[hi - 1].end], toks[lo].start):
            continue  # "a U.S. strike": its party decides, not the weapon
        if toks[n].text.lower() in word_class("attack_nouns") and toks[n].lemma not in ("strike", "airstrike"):
            opener = r.opening_attack(text[toks[lo].start:toks[hi - 1].end])
            if opener is not None and opener[1] in r.sides:  # "killed in the Oct. 7 attack"
                return "arms-of-the-war", c.enemy(opener[1]), opener
        mods = [j for j in idx.children[n] if toks[j].dep in ("compound", "amod") and j < n]
        for j in mods + [n]:
            user = r.arm(toks[j].lemma) or r.arm(toks[j].text)
            if user is not None and user[1] in r.sides:
                return "arms-of-the-war", c.enemy(user[1]), user
    return None


def attackers_are_the_enemy(c: Case) -> Decision | None:
    """People named for the killing they do ("attackers", "gunmen", "assailants") with no
    party word are neither the people of the place they attacked nor the speaker's own:
    "five attackers were killed in the town, said a member of its council" are the enemy
    of the town's side, else of the speaker's."""
    toks = c.doc.tokens
    if c.item.mentions or toks[_victim_noun(c)].text.lower() not in word_class("killer_nouns"):
        return None
    r = c.resolver
    at = loss_place(c.ctx, c.doc, c.idx, c.sent, c.item, trigger_or_head(c))
    side = at[1] if at is not None and at[1] in r.sides else c.claimant_side[1]
    if side not in r.sides:
        return None
    return "attackers-are-the-enemy", c.enemy(side), (r.main_party(side), side)


SIDE_RULES: tuple[Rule, ...] = (
    counted_attacks, peacekeepers, civil_war_population, words_in_phrase, words_after_phrase,
    counted_by_their_own_body, person_named_before,
    launched_by, part_of_marked_group, others_like_named, rebels_of_the_war,
    named_by_copula, both_sides, hostages_of_the_attacker,
    attacked_object, subject_of_loss_verb, prisoners_of_the_taker, doer_of_the_act, launcher_of_attack, vague_total, merchant_shipping, agent, attacker_of_the_attack, attacker_in_clause,
    victims_of_the_opening, suffering_elsewhere, rebels_are_no_state, place_of_loss,
    arms_of_the_war, attackers_are_the_enemy,
    claimant_acting,
    place_of_victims, third_party_own_people, denier_own_losses, claimant_shot_down, claimant_destroyed_works,
    claimant_seized,
    claimant_reports_a_hit, claimant_own,
    home_state)


# rules whose decision already says whose population the people are (the place of the
# loss, the thing they were aboard, the attacker's own country): claims.py's reading of an
# enemy's uncounted "people" as its fighters ("Iraq says 6,500 Iranians killed") leaves them
# people
PEOPLE_STAY_PEOPLE = frozenset({"place-of-loss", "attacked-object-owner", "own-people-of-agent"})


def decide(case: Case) -> Decision:
    """The first rule of ``SIDE_RULES`` that decides; "unknown" when none does."""
    for rule in SIDE_RULES:
        found = rule(case)
        if found is not None:
            return people_of_the_country(case, found) if found[0] in ENEMY_OF_THE_DOER else found
    return "unknown", (None, UNKNOWN), None

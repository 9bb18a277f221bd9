"""The side rules of last resort: where the text itself marks no owner, what a loss's
place, its speaker and the story's one state say (read after the rules of ``sides.py``,
which look at the victims' own words and the grammar of the loss).

A merchant ship with no flag is shipping of neutrals; victims counted by a third party
are where they fell; what a party says it shot down, seized or hit was its enemy's; other
unmarked losses a party reports are its own; and in a story of one state at war with a
non-state party, the unmarked victims are that state's.
"""
from __future__ import annotations

import re

from warledger.extract.context import Case, Decision, counts_the_dead, party_side as _of
from warledger.extract.place_sides import trigger_or_head
from warledger.extract.cues import load_cues
from warledger.extract.items import PEOPLE
from warledger.extract.roles import governing_verb, loss_place, place_party, subject_party, word_class
from warledger.profiles import THIRD, UNKNOWN


def claimant_acting(c: Case) -> Decision | None:
    """The speaker is the subject of an active loss verb ("it had killed 40 rebels", "our
    forces destroyed ..."): the victims are its enemy's."""
    trig, doc = c.trig, c.doc
    if trig is None or c.passive or trig.lemma in word_class("suffer") or doc.tokens[trig.i].pos not in ("VERB", "AUX") \
            or c.item.elided:  # "... had been killed and three wounded": the participle has no doer
        return None
    c_party, c_side = c.claimant_side
    m, is_claimant = subject_party(doc, c.idx, trig.i, c.resolver, c.said, c.ctx.lexicon)
    if m is None and is_claimant and c_side in c.resolver.sides:
        return "enemy-of-claimant-acting", c.enemy(c_side), (c_party, c_side)
    return None




def merchant_shipping(c: Case) -> Decision | None:
    """A merchant ship no flag, owner or party word marks ("two supertankers attacked in the
    Gulf", "a merchant ship hit"): shipping of neutrals, the way the tanker wars are told,
    not the attacker's enemy. The attacker's grammar ("Iraqi jets hit a tanker") decides
    before this rule; an agent after the phrase does not."""
    if c.item.category != "ship" or c.item.mentions or c.item.own or c.item.enemy:
        return None
    toks = c.doc.tokens
    head = toks[c.item.head]
    two = f"{toks[c.item.head - 1].text.lower()} {head.text.lower()}" if c.item.head > c.sent.first else ""
    merchant = word_class("merchant_ships")
    if head.lemma.lower() not in merchant and two not in merchant and two.rstrip("s") not in merchant:
        return None
    if c.trig is not None:
        at = loss_place(c.ctx, c.doc, c.idx, c.sent, c.item, c.trig)
        if at is not None and at[1] not in (THIRD, UNKNOWN):
            return None  # "tankers attacked near Kharg Island": a state's waters or port of call
    return "merchant-shipping", (None, THIRD), None


def place_of_victims(c: Case) -> Decision | None:
    """A third party or the outlet: a party named where the people died ("killed in Gaza")."""
    if c.claimant_side[1] not in c.resolver.sides and c.item.category in PEOPLE:
        m = place_party(c.doc, c.sent, c.item, c.resolver)
        if m is not None:
            return "place-of-victims", _of(m), c.enemy(m.side)
    return None


BOTH_SIDES = re.compile(r"\b(?:on|from|of|among)\s+(?:both|each|either|all)\s+sides?\b", re.I)


def both_sides(c: Case) -> Decision | None:
    """A toll "on both sides of the line" is no one side's: whose they are is unknown."""
    toks = c.doc.tokens
    base = toks[c.item.head].end
    found = BOTH_SIDES.search(c.doc.article.text[base:c.sent.end][:80])
    if found is None:
        return None
    # in the loss's own clause: "held her up, as people on both sides wept" is not the toll's
    at = next((k for k in range(c.item.head + 1, c.sent.last) if toks[k].start >= base + found.start()), None)
    home = {governing_verb(c.doc, c.item.head, steps=12)} | ({c.trig.i} if c.trig is not None else set())
    if at is not None and governing_verb(c.doc, at, steps=12) not in home:
        return None
    return "both-sides", (None, UNKNOWN), None


def third_party_own_people(c: Case) -> Decision | None:
    """A third state or body reporting unmarked losses reports its own people ("Britain's
    Ministry of Defence said two RAF crewmen were missing"); civilians it counts are not
    its own."""
    c_party, c_side = c.claimant_side
    if c_side == THIRD and c_party and c_party not in _OBSERVERS and c.passive \
            and c.item.category == "military":
        return "third-party-own-people", (c_party, THIRD), None
    return None


# sources that count others' losses and field no people of their own (data/international.tsv
# codes): monitors, rights groups, shipping and diplomatic sources
_OBSERVERS = frozenset({"MONITORS", "HRW", "AI", "SHIPPING", "DIPLOMATS"})


def denier_own_losses(c: Case) -> Decision | None:
    """Soldiers or materiel a party denies were lost, with no word of whose, were its own
    ("Baku dismissed claims that two helicopters were downed"; ANNOTATION.md's example):
    a party denies its own losses. (Not civilians: "denied killing civilians" is the
    enemy's people.)"""
    c_party, c_side = c.claimant_side
    if c.said is None or c.said.stance != "deny" or c_side not in c.resolver.sides \
            or c.item.category in ("civilians", "people"):
        return None
    return "denier-own-losses", (c_party, c_side), c.enemy(c_side)


def claimant_shot_down(c: Case) -> Decision | None:
    """What a party says it shot down or intercepted was the enemy's."""
    c_party, c_side = c.claimant_side
    if c.trig is not None and c.trig.lemma in ("intercept", "shoot", "down") and c_side in c.resolver.sides:
        return "claimant-shot-down-enemy", c.enemy(c_side), (c_party, c_side)
    if c.trig is not None and c.trig.lemma in ("destruction", "downing", "sinking") and c_side in c.resolver.sides \
            and c.item.category not in PEOPLE and c.said is not None \
            and c.doc.tokens[c.doc.tokens[c.trig.i].head].lemma in load_cues().verbs:
        # "It also reported the destruction of nine tanks": a party's tally of its kills
        return "claimant-tally-of-enemy-losses", c.enemy(c_side), (c_party, c_side)
    return None


def counted_by_their_own_body(c: Case) -> Decision | None:
    """People a party's own body that counts the dead reports killed or hurt, with no word of
    whose, are that party's ("Lebanon's health ministry said Israeli strikes had killed 21
    people", "Iran's Red Crescent says it treated 340 injured"): a health ministry, a civil
    defence or a Red Crescent counts its own people, whoever struck them."""
    said = c.said
    c_party, c_side = c.claimant_side
    if said is None or c.item.category not in PEOPLE or c.item.mentions or c_side in (THIRD, UNKNOWN) \
            or c_party is None:
        return None
    if not counts_the_dead(said, c.ctx.lexicon):
        return None
    if not (c_side in c.resolver.sides or c_party in c.resolver.states):
        return None
    e = c.ctx.enemy_of(c_side)
    return "counted-by-their-own-body", (c_party, c_side), ((c.resolver.main_party(e), e) if e else None)


def claimant_destroyed_works(c: Case) -> Decision | None:
    """Bunkers, tunnels and fighting positions a party reports destroyed, with no word of
    whose, were the enemy's ("Israel says 23 tunnels destroyed"): a party tells the works it
    took out, and names its own ("our positions") when it lost them."""
    c_party, c_side = c.claimant_side
    if c.item.category == "bunker" and trigger_or_head(c).kind in ("destroyed", "damaged") and not c.item.own \
            and c_side in c.resolver.sides:
        e = c.enemy(c_side)
        if e[1] != UNKNOWN:
            return "claimant-destroyed-enemy-works", e, (c_party, c_side)
    return None


def claimant_seized(c: Case) -> Decision | None:
    """Materiel a party says was seized or captured, with no word of whose, was the
    enemy's: a party counts the trophies it took ("tanks were seized intact")."""
    c_party, c_side = c.claimant_side
    if c.item.kind == "captured" or (c.trig is not None and c.trig.kind == "captured"):
        if c.item.category not in PEOPLE and c_side in c.resolver.sides and not c.item.own:
            e = c.enemy(c_side)
            if e[1] != UNKNOWN:
                return "claimant-seized-enemy-materiel", e, (c_party, c_side)
    return None


def claimant_reports_a_hit(c: Case) -> Decision | None:
    """A ship or installation a party reports hit, with no word of whose it was ("Iraq
    reports merchant ship hit in the Gulf"), was hit by that party: a party names its own
    losses ("one of its ships")."""
    c_party, c_side = c.claimant_side
    if c_side in c.resolver.sides and c.trig is not None and c.trig.kind == "damaged" \
            and c.item.category in ("ship", "equipment") and not c.item.own:
        e = c.enemy(c_side)
        if e[1] != UNKNOWN:
            return "claimant-reports-a-hit", e, (c_party, c_side)
    return None


def claimant_own(c: Case) -> Decision | None:
    """Other unmarked losses a party reports are its own."""
    c_party, c_side = c.claimant_side
    if c_side in c.resolver.sides:
        return "claimant-own-default", (c_party, c_side), None
    return None


def home_state(c: Case) -> Decision | None:
    """One state at war with a non-state party, or alone in the story: unmarked victims
    are its people ("Six hurt in shooting at Sikh temple")."""
    r = c.resolver
    if r.home and c.item.category in PEOPLE:
        side = r.side_of(r.home)
        return "home-state", (r.home, side if side != THIRD else r.home), None
    return None

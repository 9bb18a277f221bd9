"""Side rules that read where a loss happened: civilians and people belong to the place
they were killed in ("killed in Sderot"), and people killed by a party whose enemy is an
armed group, not a state, are the people of the state where they died (Lebanon's, not
Hezbollah's). ``sides.decide`` applies the second to what the rules that name the doer's
enemy decided.
"""
from __future__ import annotations

from warledger.extract.context import Case, Decision, Trigger, party_side as _of
from warledger.extract.roles import antecedent_place, loss_place, loss_place_party


def trigger_or_head(c: Case) -> Trigger:
    """The loss predicate, or the victim phrase's own head when it carries its kind ("the
    dead", "casualties"): where the place of the loss is read from."""
    return c.trig or Trigger(c.item.head, c.item.head + 1, c.item.kind or "", c.doc.tokens[c.item.head].lemma)


def place_of_loss(c: Case) -> Decision | None:
    """Civilians and people belong to the place where they were killed ("killed in Sderot",
    "a strike on a hospital in Gaza, killing hundreds"), whoever tells it."""
    if c.item.category in ("civilians", "people"):
        trig = trigger_or_head(c)
        at = loss_place(c.ctx, c.doc, c.idx, c.sent, c.item, trig)
        if at is not None:
            return "place-of-loss", at, c.enemy(at[1])
        m = None if c.item.mentions else (antecedent_place(c.doc, c.idx, trig, c.resolver)
                                          or loss_place_party(c.doc, c.idx, c.item, trig, c.resolver))
        if m is not None:
            return "place-of-loss", _of(m), c.enemy(m.side)
    return None


# rules that give the victims as the enemy of whoever did it
ENEMY_OF_THE_DOER = frozenset({
    "enemy-of-active-subject", "enemy-of-agent", "attacker-of-the-attack", "arms-of-the-war",
    "attacker-in-clause", "doer-of-the-act", "launcher-of-attack", "enemy-of-inflicting-subject",
    "enemy-of-claimant-acting", "enemy-of-claimant-inflicting"})


def people_of_the_country(c: Case, found: Decision) -> Decision:
    """People killed by a party whose enemy is an armed group, not a state, in a state of
    the war: the people of that state, as civilians belong to their country ("Israeli
    strikes killed nine people in south Lebanon": Lebanon's, not Hezbollah's; "an air
    strike killed 12 people in Helmand": Afghanistan's, not the Taliban's)."""
    r = c.resolver
    side = found[1][1]
    if c.item.category not in ("civilians", "people") or side in r.states or side not in r.sides:
        return found
    at = loss_place(c.ctx, c.doc, c.idx, c.sent, c.item, trigger_or_head(c))
    if at is None or at[0] not in r.states or at[1] not in r.sides or at[1] == side \
            or found[2] is not None and at[1] == found[2][1]:
        return found
    return "people-of-the-country", at, found[2]



"""The two camps of a war with no profile, from what its loss sentences say parties do.

``resolver_for`` weighs the parties a story names in its loss sentences and takes the two
heaviest for the two sides. That fails when a partner or the country of the fighting is
named more than the enemy (Kuwait in the Gulf War, South Korea in the Korean War): the
enemy of Iraq becomes Kuwait. ``two_camps`` reads who did what to whom
(``extract/camps.py`` finds the phrases): the heaviest party that acts leads one camp;
the party that most often acted against it (else one it acted on) leads the other; every other party
joins the camp of those it stood with ("American and French infantry") or the camp opposite
those it fought (acted against or lost to), until nothing moves. Merchant ships hit are
not read as acts (``extract/camps.py``): a flag of neutral shipping is no camp. Each party keeps its own code (the French battalion
stays FRA); what the camps decide is whose enemy is whose.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable, Sequence


def two_camps(codes: Callable[[str], list[str]], weight: dict[str, int], top: Sequence[str],
              acts: Sequence[tuple[str, str]], together: Sequence[tuple[str, str]]
              ) -> tuple[list[str], dict[str, int]] | None:
    """(sides, camp of each side) with the two leaders first, or None when the phrases say
    nothing the weights did not (no one acted against the heaviest party, or its rival is
    already the second side). ``codes`` gives the parties a phrase names (not as a place);
    ``weight`` how much each party is named in the loss sentences (10 a mention there);
    ``top`` the sides chosen by weight."""
    named = {p for p, w in weight.items() if w >= 10}
    against: Counter[frozenset[str]] = Counter()
    acted: Counter[tuple[str, str]] = Counter()
    joint: Counter[frozenset[str]] = Counter()
    for doer, victim in acts:
        ds = set(codes(doer)) & named
        vs = set(codes(victim)) & named - ds
        for d in ds:
            for v in vs:
                against[frozenset((d, v))] += 1
                acted[(d, v)] += 1
    for one, other in together:
        a, b = codes(one)[:1], codes(other)[:1]
        if a and b and a != b and a[0] in named and b[0] in named:
            joint[frozenset((a[0], b[0]))] += 1
    doers = {d for d, _ in acted}
    if not top or not doers:
        return None
    # a camp is led by a party that acts: the heaviest of them (a ship's flag state that is
    # only ever hit is no belligerent)
    lead = top[0] if top[0] in doers else min(doers, key=lambda c: (-weight[c], c))
    rivals = [p for p in named if p != lead and against[frozenset((lead, p))] > joint[frozenset((lead, p))]]
    if not rivals:
        return None
    # the rival: who acted against the leader most, then a party that acts at all, then who
    # the leader acted on
    rival = max(sorted(rivals), key=lambda p: (acted[(p, lead)], p in doers, acted[(lead, p)], weight[p]))
    camp = {lead: 0, rival: 1}
    moved = True
    while moved:
        moved = False
        for p in sorted(named - set(camp), key=lambda c: (-weight[c], c)):
            votes = [0, 0]
            for q, side in camp.items():
                # standing with a member, or fighting one (acting against it, or losing
                # to it: merchant ships, whose flag is no camp, are not read as acts)
                votes[side] += joint[frozenset((p, q))]
                votes[1 - side] += against[frozenset((p, q))]
            if votes[0] != votes[1]:
                camp[p] = 0 if votes[0] > votes[1] else 1
                moved = True
    if len(camp) == 2 and list(top[:2]) == [lead, rival]:
        return None
    order = [lead, rival] + sorted((p for p in camp if p not in (lead, rival)), key=lambda c: (-weight[c], c))
    return order + [p for p in top if p not in camp], camp

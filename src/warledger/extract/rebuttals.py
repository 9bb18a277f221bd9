"""Rebuttals told in the sentence of the claim: "..., a claim London flatly denied".

Wire copy often closes a party's claim with the other side's answer in an apposition:
"Argentina said its forces had sunk the carrier Invincible, a claim London flatly denied";
"Ethiopia said it had captured 300 soldiers, claims Asmara dismissed as lies". The answer
is a claim of its own (ANNOTATION.md: a denial of the loss, by its own claimant): the same
loss, told by the party that denies it, stance ``deny``. The attribution parser reads the
first claimant only, so the rebuttal is read here, once per sentence, from the claims the
sentence already gave.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Sequence

from warledger.profiles import Resolver
from warledger.records import Claim, PartyRef, Sentence

# ", a claim London flatly denied", ", claims that Asmara dismissed as lies", ", a report
# Baghdad rejected": the denier's name, then the verb
_REBUTTAL = re.compile(
    r",\s*(?:a\s+|the\s+)?(?:claims?|reports?|figures?|assertions?|accounts?)\s+(?:that\s+|which\s+)?"
    r"(?:the\s+)?(?P<who>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})\s+"
    r"(?:\w+ly\s+)?(?:denied|dismissed|rejected|disputed|refuted|denies|dismisses|rejects|disputes)\b")


def rebuttals(sent: Sentence, claims: Sequence[Claim], resolver: Resolver) -> list[Claim]:
    """The denials that the sentence's closing apposition makes of its own claims."""
    found = _REBUTTAL.search(sent.text)
    if found is None or not claims:
        return []
    who = resolver.resolve(found.group("who"))
    if who is None:
        return []
    out = []
    for c in claims:
        if c.stance != "assert" or c.claimant.side == who.side:
            continue
        out.append(dataclasses.replace(
            c, claimant=PartyRef(text=found.group("who"), party=who.party, side=who.side), stance="deny",
            why=c.why + (f"rebuttal: '{found.group(0).strip(', ')}'",)))
    return out

"""Rebuttals: told in the sentence of the claim ("..., a claim London flatly denied"), or
in a sentence of their own that points back at the report ("The army called the rebels'
figures lies").

Wire copy often closes a party's claim with the other side's answer in an apposition:
"Argentina said its forces had sunk the carrier Invincible, a claim London flatly denied";
"Ethiopia said it had captured 300 soldiers, claims Asmara dismissed as lies". The answer
is a claim of its own (ANNOTATION.md: a denial of the loss, by its own claimant): the same
loss, told by the party that denies it, stance ``deny``. The attribution parser reads the
first claimant only, so the rebuttal is read here, once per sentence, from the claims the
sentence already gave.

A denial in a sentence of its own names no loss: "The Joint Command called the figures
'lies'", "The army said the IRA's figure was untrue", "The coalition denied this". It
denies the losses of the report it points at (ANNOTATION.md: stance ``deny``, the loss
denied, by the denier): the last claims, in the few sentences before, of a party other
than the denier's (of the party the report phrase names, when it names one).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Sequence

from warledger.extract.context import Context, claimant_side, claimants_at
from warledger.profiles import UNKNOWN, Resolver
from warledger.records import Claim, Document, PartyRef, Sentence

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


_REPORT = (r"(?:claims?|reports?|figures?|tolls?|tally|tallies|accounts?|allegations?|assertions?|numbers|"
           r"statements?|communiqu[e\u00e9]s?|versions?|stories)")
_WHAT = rf"(?:the|these|those|that|this|such|its|their|his|her)\s+(?:[\w'\u2019.-]+\s+){{0,3}}?{_REPORT}"
_FALSE = (r"(?:(?:pure|sheer|utter|complete|total|simply)\s+)?[\"\u201c\u2018']?(?:(?:pure|sheer|utter)\s+)?"
          r"(?:untrue|false|lies|a\s+lie|baseless|groundless|unfounded|fabricated|invented|made\s+up|"
          r"a\s+fabrication|fabrications|inaccurate|wrong|exaggerated|propaganda|nonsense|a\s+fairy\s+tale|"
          r"fiction|a\s+fantasy|fantasy|absurd|ridiculous)\b")
_POINTS_BACK = (
    # "called the Amaq figures 'lies'", "described the report as propaganda"
    re.compile(rf"\b(?:called|termed|branded|described)\s+(?P<what>{_WHAT})\s+(?:as\s+)?{_FALSE}", re.I),
    # "the toll given by residents was 'exaggerated'", "the IRA's figure was untrue"
    re.compile(rf"(?P<what>\b{_WHAT})\s+(?:[\w,]+\s+){{0,4}}?(?:was|were|is|are|had\s+been|have\s+been)\s+"
               rf"(?:\w+ly\s+|a\s+gross\s+|grossly\s+|wildly\s+)?{_FALSE}", re.I),
    # "dismissed the figures", "denied this"
    re.compile(rf"\b(?:denied|dismissed|rejected|refuted|disputed)\s+(?P<what>{_WHAT}|this|that|it|them)"
               r"\s*(?:[.,;\"\u201d]|$|as\b)", re.I),
)
_WINDOW = 4  # sentences back that a denial may point to


def denied_reports(ctx: Context, doc: Document, si: int, previous: Sequence[Claim]) -> list[Claim]:
    """The losses a sentence that names none denies by pointing back at a report."""
    if not previous:
        return []
    sent = doc.sentences[si]
    found = next((m for rx in _POINTS_BACK if (m := rx.search(sent.text))), None)
    if found is None:
        return []
    at = sent.start + found.start("what")
    said, claimant = claimants_at(ctx, si, at)[0]
    denier = claimant_side(said, claimant)
    if said is None or denier[1] == UNKNOWN:
        return []
    r = ctx.resolver
    named = [m for m in r.mentions(found.group("what"), at) if m.side in r.sides and m.side != denier[1]]
    since = doc.sentences[max(0, si - _WINDOW)].start
    what = found.group("what").lower().split()
    # a figure denied is a number (no stated zero); a toll is of the dead
    reports = [c for c in previous if since <= c.span[0] < sent.start and c.stance == "assert"
               and c.claimant.side not in (UNKNOWN, denier[1]) and (not named or c.claimant.side == named[0].side)
               and c.count.value != 0 and (what[-1] not in ("toll", "tolls") or c.kind == "killed")]
    if not reports:
        return []
    last = reports[-1]
    # "the figures", "their claims": all the party's claims just told; "the claim", "this":
    # those of its last report
    plural = what[-1].endswith("s") and what[-1] not in ("this", "its")
    who = PartyRef(text=said.source_text, party=denier[0], side=denier[1])
    return [dataclasses.replace(c, sentence=sent.text, span=(sent.start, sent.end), claimant=who, stance="deny",
                                why=c.why[:1] + (f"denial: '{found.group(0).strip()}' of the report before",
                                                 "side: the report's"))
            for c in reports if c.claimant.side == last.claimant.side and (plural or c.span == last.span)]

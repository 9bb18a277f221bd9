"""What the claim rules of one document share, and the small records they pass around.

``Context`` is the per-document state (the resolver chosen for the article, its
attributions, the lexicon, how to find places and periods): one object passed along, so
no rule keeps a module-level cache about a document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional, Sequence

from warledger.extract.attribution import Index, Said, claimant_at
from warledger.extract.lexicon import Lexicon
from warledger.profiles import UNKNOWN, Mention, Resolver
from warledger.records import Actor, Claim, Count, Document, Location, PartyRef, Period, Sentence, Target

if TYPE_CHECKING:
    from warledger.extract.items import Item

PartySide = tuple[Optional[str], str]  # (party, side) of a target or perpetrator


@dataclass(frozen=True)
class Trigger:
    """The loss predicate chosen for a victim phrase (a verb, a participle, a loss phrase or
    a nominal predicate): its first token, one past its last, its kind and lemma."""

    i: int
    end: int
    kind: str
    lemma: str


@dataclass(frozen=True)
class Context:
    """What claims in one document share: the resolver, attributions, lexicon, period rules."""

    resolver: Resolver
    saids: tuple[Said, ...]
    lexicon: Lexicon
    period_of: Callable[[str], Period | None] | None = None
    places_of: Callable[[str], Sequence[tuple[int, int, Location]]] | None = None  # places of a sentence
    enemies: dict[str, str] = field(default_factory=dict)  # this article's enemy of each side

    def enemy_of(self, side: str | None) -> str | None:
        if side in self.enemies:
            return self.enemies[side]
        return self.resolver.enemy_of(side)


def claimant_side(said: Said | None, m: Mention | None) -> tuple[str | None, str]:
    """(party, side) of a claim's claimant: one party of a coordinated source, else the
    attribution's first party, else the outlet's own voice."""
    if m is not None:
        return m.party, m.side
    if said is not None and said.parties:
        return said.parties[0].party, said.parties[0].side
    return None, UNKNOWN


def counters_side(ctx: Context, said: Said | None, claimant: PartySide, target: PartySide,
                  category: str, perpetrator: PartySide | None) -> PartySide:
    """The claimant of a toll told by a body that counts the dead where they fall ("the
    health ministry", "civil defence", "hospital officials") and names no state: the side of
    the people it counts, when that is a side of the war (ANNOTATION.md: civilians and the
    bodies that count them take the side of their community). Not in a civil war (a story
    of one state against armed groups): the doctors of a rebel-held town are not the
    state's, though its dead are the state's people."""
    if claimant[1] != UNKNOWN or said is None or category not in ("civilians", "people") \
            or target[1] not in ctx.resolver.sides or ctx.resolver.home is not None \
            or (perpetrator and perpetrator[1] == target[1]):
        return claimant
    return target if counts_the_dead(said, ctx.lexicon) else claimant


def counts_the_dead(said: Said, lexicon: Lexicon) -> bool:
    """Whether a source is a body that counts the dead where they fall ("the health
    ministry", "civil defence", "hospital officials", "Lebanon's health ministry")."""
    words = set(said.source_text.lower().replace("'s", " ").split())
    return bool(words & lexicon.side_words["counters_of_the_dead"])


@dataclass(frozen=True)
class Case:
    """One victim phrase to decide, with everything the rules read."""

    ctx: Context
    doc: Document
    idx: Index
    sent: Sentence
    item: Item
    group: tuple[Item, ...]  # the phrase and those coordinated with it
    trig: Trigger | None
    said: Said | None
    claimant: Mention | None
    passive: bool

    @property
    def resolver(self) -> Resolver:
        return self.ctx.resolver

    @property
    def claimant_side(self) -> PartySide:
        return claimant_side(self.said, self.claimant)

    def enemy(self, side: str | None) -> PartySide:
        e = self.ctx.enemy_of(side)
        return (self.resolver.main_party(e), e) if e else (None, UNKNOWN)


Decision = tuple[str, PartySide, Optional[PartySide]]  # rule name, target, perpetrator
Rule = Callable[[Case], Optional[Decision]]


def party_side(m: Mention) -> PartySide:
    """(party, side) of a mention, the form a rule decides in."""
    return m.party, m.side


def claim_record(ctx: Context, doc: Document, sent: Sentence, said: Said | None, claimant: tuple[str | None, str],
           kind: str, target: Target, perp: tuple[str | None, str] | None, count: Count,
           location: Location | None, why: tuple[str, ...], stance: str | None = None) -> Claim:
    """One claim record of a sentence: the evidence, the claimant as written and resolved,
    and the stance of the attribution (a denial stays a denial)."""
    return Claim(
        article=doc.article.name, sentence=sent.text, span=(sent.start, sent.end),
        claimant=PartyRef(text=said.source_text if said else None, party=claimant[0], side=claimant[1]),
        stance=stance or ("deny" if said is not None and said.stance == "deny" else "assert"),  # type: ignore[arg-type]
        kind=kind, target=target, perpetrator=Actor(party=perp[0], side=perp[1]) if perp else None,
        count=count, location=location, period=ctx.period_of(sent.text) if ctx.period_of else None, why=why)


def claimants_at(ctx: Context, si: int, char: int) -> list[tuple[Said | None, Mention | None]]:
    """One claimant, or each party of a coordinated source ("Azerbaijani and Armenian
    forces claimed ...": two claims, each side about the other)."""
    said = claimant_at(ctx.saids, si, char)
    if said is None:
        return [(None, None)]
    if said.within is not None:
        # the other party's claim, and the denial (or confirmation) around it
        return [(said, None), (said.within, None)]
    if len(said.parties) > 1:
        return [(said, m) for m in said.parties]
    return [(said, None)]

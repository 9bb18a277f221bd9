"""Events: the acts and statements around the losses, typed with PLOVER.

A ledger of losses needs its context: who attacked whom and how, who took which village,
who threatened, accused, denied, called for a ceasefire or sent fighters. Those are
events (DESIGN.md "Events"), one record per actor and recipient, each with the claimant
who reports it and a stance, so that "Turkey had sent around 4,000 fighters" (asserted by
Armenia's ambassador) and "Turkey denied reports that it sent Syrian fighters" come out as
the same SUPPORT event by TUR to AZE with opposite stances: a contradiction the ledger
can show. The key that makes two events "the same" is ``event_key``: type, actor side,
recipient sides and context.

How it works, per sentence (rules, no model of its own):

1. Triggers come from the lexicon ``data/events.yaml`` (regular expressions per PLOVER
   type, with mode, context, modality and a default for recipients).
2. Parties are the conflict profile's mentions (``warledger.profiles.Resolver``). The
   actor is the party named nearest before the trigger inside the same statement; a
   pronoun ("it took control", "Turkey denied that it sent") stands for the speaker;
   "each other" / "both sides" give one event per direction; "neither X nor Y captured"
   gives a denied event for each.
3. The claimant and stance come from ``warledger.extract.attribution`` when the sentence
   is parsed (the content span of a "said" holds the trigger), else from simple rules
   ("X said ...", "..., X said"); "denied/dismissed reports/claims (by Y) that ..." makes
   the event inside a denial (and, with "by Y", Y's own assertion of it).
4. Mode and modality: the trigger's own, or words in the sentence ("tanks", "will").
5. Place and period: ``warledger.places.find_places`` and ``warledger.times`` on the
   sentence, the mention nearest the trigger, dated against the publication date and the
   conflict's start (the profile's, else the article's "clashes that erupted Sunday").

``extract_events(doc, options)`` is the library function. (``EventTrigger`` and
``EventLexicon`` are this module's own; the extractor's ``Lexicon`` of loss words is
``warledger.extract.lexicon``'s.)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator, Sequence


from warledger.data import yaml_load
from warledger.options import Options
from warledger.places import find_places
from warledger.profiles import THIRD, UNKNOWN, Mention, Resolver, resolver_for
from warledger.records import Document, Event, Location, Period, PartyRef, Sentence
from warledger.times import find_periods, stated_start

__all__ = ["EventLexicon", "EventTrigger", "event_key", "extract_events", "load_triggers"]

PRONOUNS = re.compile(r"\b(?:(?:its|their|our)\s+(?:own\s+)?(?:forces|military|army|troops|units|soldiers)|it|they|we|he|she)\b",
                      re.IGNORECASE)
CLAUSE_END = re.compile(r",\s*(?:which|who|where|while|but)\b|;|\s+while\s+|\s+but\s+")
SPEECH = re.compile(
    r"\b(?:said|says|say|claimed|claims|claim|reported|reports|stated|announced|told\s+[\w\s]{1,30}?|"
    r"added|insisted|alleged|confirmed|wrote|tweeted)\b(?:\s+that)?", re.IGNORECASE)
TRAILING_SPEECH = re.compile(
    r"[,\u201d\"]\s*(?P<who>[^,\u201c\u201d\"]{2,80}?)\s+(?:said|says|reported|stated|announced|claimed|added)"
    r"(?:\s+(?:in\s+a\s+statement|on\s+\w+|later))?\s*[.!]?\s*$", re.IGNORECASE)
ACCORDING = re.compile(r"\baccording\s+to\s+(?P<who>[^,.]+)", re.IGNORECASE)
DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|dismissed|dismisses|rejected|rejects|refuted|refutes)\s+"
    r"(?:the\s+|any\s+)?(?:reports?|claims?|allegations?|accusations?|assertions?|suggestions?|"
    r"statements?)(?:\s+by\s+(?P<by>.+?))?\s+that\b", re.IGNORECASE)
DENIAL_GERUND = re.compile(r"\b(?:denied|denies|deny|denying)\s+(?=\w+ing\b)", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:did\s+not|didn['\u2019]t|has\s+not|have\s+not|had\s+not|never|not)\s+(?:\w+\s+)?$",
                      re.IGNORECASE)
NEITHER = re.compile(r"\bneither\s+(?P<a>.+?)\s+nor\s+(?P<b>.+?)\s*$", re.IGNORECASE)
EACH_OTHER = re.compile(r"\b(?:each\s+other|one\s+another|their\s+rivals?)\b", re.IGNORECASE)
BOTH = re.compile(r"\b(?:both(?:\s+sides|\s+countries|\s+parties)?|the\s+two\s+(?:countries|sides|"
                  r"nations|parties|neighbours|neighbors|rivals|republics)|the\s+sides|the\s+parties)\b",
                  re.IGNORECASE)
FORCE_NOUN = re.compile(r"^[\s\u2019'-]*(?:s\s+)?(?:-\w+\s+)?(?:\w+\s+)?(?:fighters|mercenaries|troops|forces|soldiers|weapons|"
                        r"militants|army|military)\b", re.IGNORECASE)


@dataclass(frozen=True)
class EventTrigger:
    """One lexicon entry: a PLOVER type and the phrase that signals it."""

    type: str
    rx: re.Pattern[str]
    mode: str | None = None
    context: str | None = None
    modality: str = "fact"
    recipients: str | None = None  # "sides" | "enemy" | None


@dataclass(frozen=True)
class EventLexicon:
    triggers: tuple[EventTrigger, ...]
    any_trigger: re.Pattern[str]
    modes: tuple[tuple[str, re.Pattern[str]], ...]
    modality: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=1)
def load_triggers() -> EventLexicon:
    """The event lexicon, read once from the package data."""
    data = yaml_load(resources.files("warledger").joinpath("data/events.yaml").read_text("utf-8"))
    triggers = []
    for entry in data["triggers"]:
        for pattern in entry["patterns"]:
            triggers.append(EventTrigger(
                type=entry["type"], rx=re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE),
                mode=entry.get("mode"), context=entry.get("context"),
                modality=entry.get("modality", "fact"), recipients=entry.get("recipients")))
    union = "|".join(f"(?:{p})" for e in data["triggers"] for p in e["patterns"])
    modes = tuple((mode, re.compile(rf"\b(?:{'|'.join(words)})\b", re.IGNORECASE))
                  for mode, words in (data.get("modes") or {}).items())
    modality = tuple((name, re.compile(rf"\b(?:{'|'.join(words)})\b", re.IGNORECASE))
                     for name, words in (data.get("modality") or {}).items())
    return EventLexicon(tuple(triggers), re.compile(rf"(?<![\w-])(?:{union})(?![\w-])", re.IGNORECASE), modes, modality)


def event_key(event: Event) -> tuple[str, str, tuple[str, ...], str]:
    """What makes two events the same for contradiction finding: type, actor side,
    recipient sides and context (stance and claimant are what may differ)."""
    actor = event.actor.side if event.actor else UNKNOWN
    return (event.type, actor, tuple(sorted({r.side for r in event.recipient})), event.context or "")


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Hit:
    trigger: EventTrigger
    start: int  # sentence-relative
    end: int


def _triggers_in(text: str) -> list[_Hit]:
    """Non-overlapping trigger matches; the lexicon's order decides between overlaps."""
    taken: list[_Hit] = []
    for trig in load_triggers().triggers:
        for m in trig.rx.finditer(text):
            if any(m.start() < h.end and h.start < m.end() for h in taken):
                continue
            taken.append(_Hit(trig, m.start(), m.end()))
    return sorted(taken, key=lambda h: h.start)


def _mentions(resolver: Resolver, text: str) -> list[Mention]:
    """Party mentions, also inside hyphenated words ("Armenian-backed troops")."""
    found = resolver.mentions(text)
    for m in resolver.mentions(text.replace("-", " ")):
        if all(m.end <= f.start or m.start >= f.end for f in found):
            found.append(Mention(m.start, m.end, text[m.start:m.end], m.party, m.side, m.field))
    return sorted(found, key=lambda m: m.start)


def _clause_end(text: str, start: int) -> int:
    m = CLAUSE_END.search(text, start)
    return m.start() if m else len(text)


def _ref(m: Mention) -> PartyRef:
    return PartyRef(text=m.text, party=m.party, side=m.side)


def _side_ref(resolver: Resolver, side: str) -> PartyRef:
    party = resolver.main_party(side)
    return PartyRef(text=None, party=party, side=side)


def _belligerents(resolver: Resolver) -> list[PartyRef]:
    return [_side_ref(resolver, s) for s in resolver.sides]


def _enemy(resolver: Resolver, ref: PartyRef | None) -> list[PartyRef]:
    if ref is None:
        return []
    other = resolver.enemy_of(ref.side)
    return [_side_ref(resolver, other)] if other else []


@dataclass(frozen=True)
class _Voice:
    """Who reports a trigger and where their statement starts inside the sentence."""

    claimant: PartyRef
    content_start: int
    stance: str = "assert"


_OUTLET = PartyRef(text=None, party=None, side=UNKNOWN)


def _voice(sent: Sentence, hit: _Hit, mentions: Sequence[Mention], saids: Sequence[object],
           si: int, previous: PartyRef | None) -> _Voice:
    """The claimant of a trigger: the attribution whose content holds it, else rules."""
    pos = sent.start + hit.start
    for s in saids:
        if getattr(s, "sentence", -1) != si:
            continue
        lo, hi = s.content  # type: ignore[attr-defined]
        if lo <= pos < hi and not (s.source[0] <= pos < s.source[1]):  # type: ignore[attr-defined]
            ref = PartyRef(text=s.source_text, party=s.party, side=s.side)  # type: ignore[attr-defined]
            return _Voice(ref, max(0, lo - sent.start), s.stance)  # type: ignore[attr-defined]
    text = sent.text
    before = text[:hit.start]
    cues = list(SPEECH.finditer(before))
    if cues:
        cue = cues[-1]
        who = [m for m in mentions if m.end <= cue.start()]
        if who:
            return _Voice(_ref(who[-1]), cue.end())
        if PRONOUNS.search(before[:cue.start()]) and previous is not None:
            return _Voice(previous, cue.end())
    trailing = TRAILING_SPEECH.search(text[hit.end:])
    if trailing:
        lo = hit.end + trailing.start("who")
        who = [m for m in mentions if lo <= m.start < hit.end + trailing.end("who")]
        if who:
            return _Voice(_ref(who[0]), 0)
        if re.match(r"(?:it|he|she|they|the\s+(?:\w+\s+)?(?:ministry|statement|spokesman|spokeswoman))\b",
                    trailing.group("who"), re.I) and previous:
            return _Voice(previous, 0)
    according = ACCORDING.search(text)
    if according:
        who = [m for m in mentions if according.start("who") <= m.start < according.end("who")]
        if who:
            return _Voice(_ref(who[0]), 0)
    return _Voice(_OUTLET, 0)


def _actor(text: str, hit: _Hit, lo: int, mentions: Sequence[Mention], voice: _Voice) -> PartyRef | None:
    """The party that acts: named nearest before the trigger in the statement, or a
    pronoun standing for the speaker, or (participle first: "While accusing X, Y
    threatened") the subject after the next comma."""
    before = [m for m in mentions if lo <= m.start and m.end <= hit.start]
    # "Azerbaijan's President Ilham Aliyev", "her spokesman said": keep real subjects only
    last_pronoun = None
    for pm in PRONOUNS.finditer(text, lo, hit.start):
        last_pronoun = pm
    if before:
        m = before[-1]
        if FORCE_NOUN.match(text[m.end:]) is None and _after_preposition(text, m.start) \
                and len(before) > 1:
            m = before[-2]
        if last_pronoun is None or last_pronoun.start() < m.start or voice.claimant.party is None:
            return _ref(m)
    if last_pronoun is not None and voice.claimant.party is not None:
        return PartyRef(text=last_pronoun.group(0), party=voice.claimant.party, side=voice.claimant.side)
    comma = text.find(",", hit.end)
    if comma != -1 and text[:hit.start].strip().lower().startswith(("while", "after", "before", "by")):
        after = [m for m in mentions if m.start > comma]
        if after:
            return _ref(after[0])
    return None


def _after_preposition(text: str, start: int) -> bool:
    return re.search(r"\b(?:to|with|from|by|of|against|in)\s+(?:the\s+|its\s+|his\s+|her\s+)?(?:\w+\s+)?$",
                     text[:start], re.IGNORECASE) is not None


def _recipients(text: str, hit: _Hit, end: int, mentions: Sequence[Mention], actor: PartyRef | None,
                resolver: Resolver) -> list[PartyRef]:
    """Parties the act is aimed at, named after the trigger (rules differ per type)."""
    typ = hit.trigger.type
    after = [m for m in mentions if m.start >= hit.start and m.end <= end
             and (actor is None or m.party != actor.party)]
    if typ in ("SUPPORT", "AID"):
        after = [m for m in after if FORCE_NOUN.match(text[m.end:]) is None
                 and not re.search(r"\bfrom\s+(?:\S+\s+){0,2}$", text[:m.start], re.IGNORECASE)]
        if after:
            return [_ref(after[0])]
        return []
    if typ == "ASSAULT":
        inside = [m for m in after if m.end <= hit.end]
        if re.match(r"(?:repelled|repulsed)", text[hit.start:hit.end], re.IGNORECASE):
            return []  # handled by the caller: the attacker is inside, the actor defends
        targets = [m for m in after if m.start >= hit.end or m in inside]
        targets = [m for m in targets if not re.search(r"\bfrom\s+$", text[:m.start], re.IGNORECASE)]
        if targets:
            return [_ref(targets[0])]
        return _enemy(resolver, actor)
    if typ in ("CONSULT", "REQUEST", "AGREE"):
        refs = _distinct([_ref(m) for m in after if m.side != THIRD or typ == "CONSULT"])
        if refs:
            return refs
        if hit.trigger.recipients == "sides":
            return [r for r in _belligerents(resolver) if actor is None or r.side != actor.side]
        return []
    if after:
        return [_ref(after[0])]
    if hit.trigger.recipients == "enemy":
        return _enemy(resolver, actor)
    if hit.trigger.recipients == "sides":
        return [r for r in _belligerents(resolver) if actor is None or r.side != actor.side]
    return []


def _distinct(refs: Sequence[PartyRef]) -> list[PartyRef]:
    out: list[PartyRef] = []
    for r in refs:
        if all(r.party != o.party for o in out):
            out.append(r)
    return out


def _mode(sent_text: str, hit: _Hit) -> str | None:
    """The trigger's mode, else the weapon the sentence says was used ("using tanks",
    "with artillery", "drone strikes"), not a weapon that was hit ("an artillery unit")."""
    if hit.trigger.mode or hit.trigger.type != "ASSAULT":
        return hit.trigger.mode
    best: tuple[int, str] | None = None
    for name, rx in load_triggers().modes:
        for m in rx.finditer(sent_text):
            used = re.search(r"\b(?:using|used|with|by|involving|employing)\s+(?:\w+\s+){0,3}$",
                             sent_text[max(0, m.start() - 40):m.start()], re.IGNORECASE)
            fire = re.match(r"\s+(?:fire|strikes?|attacks?|shelling|barrages?)\b", sent_text[m.end():], re.I)
            if (used or fire) and (best is None or m.start() < best[0]):
                best = (m.start(), name)
    return best[1] if best else None


def _modality(sent_text: str, hit: _Hit, lo: int) -> str:
    if hit.trigger.modality != "fact":
        return hit.trigger.modality
    window = sent_text[max(lo, hit.start - 30):hit.start]
    for name, rx in load_triggers().modality:
        if rx.search(window):
            return name
    return "fact"


def _nearest(items: Sequence[tuple[int, int, object]], pos: int) -> object | None:
    if not items:
        return None
    best = min(items, key=lambda t: (abs(t[0] - pos) if t[0] >= pos else abs(t[1] - pos) + 1))
    return best[2]


# --------------------------------------------------------------------------- the extractor


@dataclass(frozen=True)
class _Context:
    """What one article's events share: its resolver, places and dates."""

    resolver: Resolver
    countries: tuple[str, ...]
    places: tuple[tuple[str, float, float, str], ...]
    published: str | None
    conflict_start: str | None
    article_start: str | None


def extract_events(doc: Document, options: Options | None = None, resolver: Resolver | None = None,
                   saids: Sequence[object] | None = None) -> Iterator[Event]:
    """Every event in a parsed article, in text order (see the module docstring)."""
    options = options or Options()
    resolver = resolver or resolver_for(doc.article.text, options.profile_paths, options.conflict)
    profile = resolver.profile
    ctx = _Context(
        resolver=resolver, countries=tuple(profile.countries) if profile else tuple(resolver.sides),
        places=tuple(profile.places) if profile else (), published=doc.article.published,
        conflict_start=profile.start if profile else None,
        article_start=stated_start(doc.article.text, doc.article.published))
    if saids is None:
        saids = _attributions(doc, resolver)
    previous: PartyRef | None = None
    # speakers by sentence, once (not a scan of every attribution per sentence)
    speakers_in: dict[int, list[object]] = {}
    for s in saids:
        if getattr(s, "party", None):
            speakers_in.setdefault(getattr(s, "sentence", -1), []).append(s)
    any_trigger = load_triggers().any_trigger
    for si, sent in enumerate(doc.sentences):
        # party mentions are costly: only for sentences with a trigger, or a speech cue below
        triggered = any_trigger.search(sent.text) is not None
        mentions = _mentions(resolver, sent.text) if triggered else None
        speakers = speakers_in.get(si, [])
        last_actor: PartyRef | None = None
        if mentions is not None:
            for event in _sentence_events(doc, si, sent, mentions, saids, previous, ctx):
                if event.actor is not None and event.actor.party:
                    last_actor = event.actor
                yield event
        if last_actor is not None and not speakers and not SPEECH.search(sent.text):
            previous = last_actor  # "Mogherini called on ... She said": she is the last actor
        elif speakers:
            s = speakers[-1]
            previous = PartyRef(text=s.source_text, party=s.party, side=s.side)  # type: ignore[attr-defined]
        else:
            cue = SPEECH.search(sent.text)
            if cue and mentions is None:
                mentions = _mentions(resolver, sent.text)
            who = [m for m in mentions if m.end <= cue.start()] if cue and mentions else []
            if who:
                previous = _ref(who[-1])


def _attributions(doc: Document, resolver: Resolver) -> Sequence[object]:
    """The extractor's attributions when the document is parsed; none otherwise."""
    if not any(s.parsed for s in doc.sentences) or not doc.tokens:
        return ()
    from warledger.extract.attribution import attributions_of

    return attributions_of(doc, resolver)


def _sentence_events(doc: Document, si: int, sent: Sentence, mentions: Sequence[Mention],
                     saids: Sequence[object], previous: PartyRef | None, ctx: _Context) -> Iterator[Event]:
    text = sent.text
    hits = _triggers_in(text)
    if not hits:
        return
    places = find_places(text, ctx.countries, ctx.places)
    periods = find_periods(text, ctx.published, ctx.conflict_start, ctx.article_start)
    accusations = [h for h in hits if h.trigger.type == "ACCUSE"]
    seen: set[tuple[object, ...]] = set()
    for hit in hits:
        # the act an accusation is about ("accused their rival of targeting civilians") is
        # the accusation's content, not an event the outlet reports
        if hit.trigger.type != "ACCUSE" and any(
                a.end <= hit.start and hit.start - a.end < 40
                and re.search(r"\b(?:of|for)\b", text[a.end:hit.start + 1]) for a in accusations):
            continue
        voice = _voice(sent, hit, mentions, saids, si, previous)
        stance = voice.stance
        claimant = voice.claimant
        lo = voice.content_start
        extra_assert: PartyRef | None = None
        denial = None
        for d in DENIAL.finditer(text, 0, hit.start):
            denial = d
        if denial is not None:
            denier = [m for m in mentions if m.end <= denial.start()]
            claimant = _ref(denier[-1]) if denier else claimant
            stance = "deny"
            lo = denial.end()
            if denial.group("by"):
                by = [m for m in mentions if denial.start("by") <= m.start < denial.end("by")]
                extra_assert = _ref(by[0]) if by else None
                if extra_assert is None and re.search(r"separatists|rebels", denial.group("by"), re.I):
                    found = ctx.resolver.resolve(denial.group("by"))
                    extra_assert = _ref(found) if found else None
        elif DENIAL_GERUND.search(text[max(0, hit.start - 12):hit.start]):
            stance = "deny"
        elif NEGATION.search(text[lo:hit.start]):
            stance = "deny"
        actors = _actors(text, hit, lo, mentions, claimant, ctx.resolver)
        location = _nearest([p for p in places if p[0] >= lo], hit.start)
        period = _nearest([p for p in periods if p[0] >= lo], hit.start)
        for actor, recipients, act_stance in actors:
            stance_here = "deny" if act_stance == "deny" else stance
            claimants = [(claimant, stance_here)]
            if extra_assert is not None:
                claimants.append((extra_assert, "assert"))
            for who, st in claimants:
                key = (hit.trigger.type, hit.trigger.context, actor.party if actor else None,
                       tuple(r.party for r in recipients), who.party, st)
                if key in seen:
                    continue
                seen.add(key)
                yield Event(
                    article=doc.article.name, sentence=text, span=(sent.start, sent.end),
                    type=hit.trigger.type, mode=_mode(text, hit), context=hit.trigger.context,
                    actor=actor, recipient=tuple(recipients), claimant=who, stance=st,  # type: ignore[arg-type]
                    modality=_modality(text, hit, lo),
                    location=location if isinstance(location, Location) else None,
                    period=period if isinstance(period, Period) else None,
                    text=text[hit.start:hit.end])


def _actors(text: str, hit: _Hit, lo: int, mentions: Sequence[Mention], claimant: PartyRef,
            resolver: Resolver) -> list[tuple[PartyRef | None, list[PartyRef], str]]:
    """(actor, recipients, stance) for each direction the trigger describes."""
    trigger_text = text[hit.start:hit.end]
    # "accused each other": every pair of the parties (or, unnamed, the sides) both ways
    if EACH_OTHER.search(trigger_text) or EACH_OTHER.match(text[hit.end:].lstrip()):
        named = _distinct([_ref(m) for m in mentions if lo <= m.start < hit.start and m.side != THIRD])
        if len({r.side for r in named}) < 2:
            named = _belligerents(resolver)
        return [(a, [b], "assert") for a in named for b in named if a.side != b.side]
    before = text[lo:hit.start]
    if BOTH.search(before) and not [m for m in mentions if lo <= m.start < hit.start] \
            and hit.trigger.type in ("ACCUSE", "THREATEN", "REJECT"):
        sides = _belligerents(resolver)
        return [(a, [b], "assert") for a in sides for b in sides if a.side != b.side]
    neither = NEITHER.search(before)
    if neither:
        out: list[tuple[PartyRef | None, list[PartyRef], str]] = []
        for group in ("a", "b"):
            lo_g = lo + neither.start(group)
            hi_g = lo + neither.end(group)
            found = [m for m in mentions if lo_g <= m.start < hi_g]
            if found:
                denier = _ref(found[0])
                out.append((denier, _recipients(text, hit, _clause_end(text, hit.end), mentions,
                                                denier, resolver), "deny"))
        if out:
            return out
    if re.match(r"(?:repelled|repulsed)", trigger_text, re.IGNORECASE):
        defender = _actor(text, hit, lo, mentions, _Voice(claimant, lo))
        attackers = [m for m in mentions if hit.start <= m.start < hit.end]
        enemies: list[PartyRef | None] = list(_enemy(resolver, defender)) or [None]
        attacker = _ref(attackers[0]) if attackers else enemies[0]
        return [(attacker, [defender] if defender else [], "assert")]
    actor = _actor(text, hit, lo, mentions, _Voice(claimant, lo))
    source = re.match(r"\s+from\s+(?:the\s+)?", text[hit.end:], re.IGNORECASE)
    if hit.trigger.type == "ASSAULT" and source:  # "rocket fire from Azerbaijan"
        origin = [m for m in mentions if m.start == hit.end + source.end()]
        if origin:
            actor = _ref(origin[0])
    if actor is None and hit.trigger.type in ("REQUEST", "REJECT", "THREATEN", "ACCUSE", "CONSULT") \
            and claimant.party is not None:
        # no one named before the trigger in what was said: the speaker asks, rejects or
        # threatens ("called for a ceasefire and a return to the negotiating table")
        actor = claimant
    return [(actor, _recipients(text, hit, _clause_end(text, hit.end), mentions, actor, resolver), "assert")]

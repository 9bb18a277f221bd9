"""Choosing which war and which parties a story is about.

``resolver_for`` reads an article and decides what it is about: the conflict profile
whose belligerents it names (or the one asked for), and otherwise, with no profile, which
states and armed groups are its parties, which is the home state, who fights beside whom
and, when the story says who did what to whom, the two camps. It gives back the Resolver
of ``warledger.profiles`` scoped to that article.

It is apart from ``warledger.profiles`` because that choice is its own question, asked
of each article, with its own heuristics (weights of the loss sentences, places before a
name, forces after it); the package keeps the tables (profiles, states, armed groups,
international bodies) and the Resolver that matches party names in text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Sequence

from warledger.errors import ProfileError
from warledger.profiles.tables import (THIRD, UNKNOWN, Country, Profile, Resolver, _alias_regex, load_armed_groups,
                                load_countries, load_home_institutions, load_international, load_profiles)
from warledger.profiles.camps import two_camps


def resolver_for(text: str, profile_paths: tuple[str, ...] = (), conflict: str | None = None,
                 focus: str | None = None, where: tuple[str, ...] = (),
                 published: str | None = None, camps: Callable[[], Any] | None = None) -> Resolver:
    """Choose the profile that fits ``text`` (or the one asked for) and build a Resolver.

    ``focus`` is the text of the article's loss and attack sentences: with no profile, the
    belligerents are the parties named there (a state that only comments is no party);
    ``where`` the countries of the places named there (the gazetteer's), which make a
    one-state story's home clear ("Amritsar", "Durban"); ``camps()`` the phrases of who did
    what to whom and who stood together (``extract/camps.Camps``), asked for only when a
    story with no profile has two sides or more, to sort its parties into two camps
    (``camps.two_camps``)."""
    profiles = load_profiles(profile_paths)
    countries = load_countries()
    chosen: Profile | None = None
    if conflict:
        chosen = next((p for p in profiles if p.conflict == conflict), None)
        if chosen is None:
            raise ProfileError(f"no conflict profile named {conflict!r} "
                               f"(have: {', '.join(p.conflict for p in profiles)})")
    counts: dict[str, int] = {}
    if chosen is None:
        probe = _probe(countries)
        for m in probe.mentions(text):
            if len(m.party) == 3 and m.party not in load_international():
                counts[m.party] = counts.get(m.party, 0) + 1
        best = 0
        for profile in profiles:
            hits = _profile_hits(profile, text, frozenset(counts), published)
            if hits > best:
                chosen, best = profile, hits
    if chosen is not None and not conflict and _third_state_at_war(chosen, focus or text):
        chosen = None
    if chosen is not None:
        return _with_earlier_parties(_resolver(chosen, countries, ()), countries, focus, published)
    # no profile: the parties named most in the loss sentences are the belligerents
    active = frozenset(counts)
    probe = _resolver(None, countries, ()).scoped(None, active)
    weight: dict[str, int] = {}
    armed = {g.code for g in load_armed_groups()}
    groups: set[str] = set()  # codes named here as armed groups ("Chechen fighters": CHE, not Switzerland)
    forces: dict[str, list[int]] = {}  # parties whose forces the loss sentences name, and where
    for n, part in ((10, focus or ""), (1, text)):
        for m in probe.mentions(part):
            if n == 10 and not _PLACE_BEFORE.search(part[max(0, m.start - 14):m.start]) \
                    and (m.field == "groups" or _FORCES_AFTER.match(part, m.end)):
                forces.setdefault(m.party, []).append(m.start)
            if m.party in load_international():
                continue
            side = m.party if m.side in (THIRD, UNKNOWN) else m.side
            # a state named as the place of the fighting ("in and around Kuwait") weighs as
            # a mention of the text, not as a party of the loss sentences
            placed = n == 10 and m.field == "names" and _PLACE_BEFORE.search(part[max(0, m.start - 14):m.start])
            weight[side] = weight.get(side, 0) + (1 if placed else n)
            if m.field == "groups" and m.party in armed:
                groups.add(m.party)
    states = {c.code for c in countries} - groups
    # a place's country counts where the story names that state, or names none at all (a
    # gazetteer knows many a "Gulf" or "Georgia": a place alone names no new party)
    named_states = {c for c in weight if c in states}
    for code in where:
        if code in weight or (not named_states and code in states):
            weight[code] = weight.get(code, 0) + 10
    top = sorted(weight, key=lambda c: (-weight[c], c))[:2]
    in_top = [c for c in top if c in states]
    # one state against a non-state party (or alone): "the army", "police" are its own,
    # named more than once where the losses are, or the only state the story names at all
    # ("a bomb outside a Peruvian police barracks ... Two guards died")
    home = in_top[0] if len(in_top) == 1 and (weight[in_top[0]] >= 20 or (
        weight[in_top[0]] >= 10 and [c for c in weight if c in states] == in_top)) else None
    # a second state named only in passing beside the one the story is about (three
    # times the weight: a foreign partner, a visitor, a comparison) is no party, unless its
    # own forces fight in the loss sentences ("the Yugoslav federal army" in Croatia's war)
    if home is None and len(in_top) == 2 and weight[in_top[0]] >= 20 \
            and weight[in_top[0]] >= 3 * weight[in_top[1]] and in_top[1] not in forces:
        home = in_top[0]
        top = [c for c in top if c != in_top[1]]
    # the states named are one principal side of exactly one shipped war plus, at most,
    # that war's known third parties: that war ("Ukraine's air force said it shot down 31
    # drones"; "U.S. officials estimate that Russia has suffered 700,000 casualties")
    # (not for a story told before that war began: Russia alone in 1995 is Chechnya's war)
    fits = [p for p in profiles
            if set(counts) & set(p.sides[:2])
            and set(counts) <= {q.code for q in p.parties}
            and not (published and p.start and published[:10] < str(p.start))
            and not _third_state_at_war(p, focus or text)]
    if len(fits) == 1 and len(set(counts) & set(fits[0].sides[:2])) == 1:
        return _resolver(fits[0], countries, ())
    # a state against a non-state party: foreign states and alliances whose forces are in
    # the loss sentences fight for the state (actors.tsv: "a party fighting for a state
    # carries that state's side"; NATO troops in Afghanistan, Kenyan troops in Somalia)
    # (not one named beside the non-state party: "62 M23 and Rwandan army fighters")
    allies: tuple[tuple[str, str], ...] = ()
    stateside = [c for c in top if c in states]
    if len(top) == 2 and len(stateside) == 1 and focus:
        rebel = next(c for c in top if c not in states)
        beside = {m.end for m in probe.mentions(focus) if m.party == rebel or m.side == rebel}
        allies = tuple((p, stateside[0]) for p in sorted(forces)
                       if p not in top and (p in states or p in _ALLIANCES) and p not in groups
                       and not any(re.fullmatch(r"\s*(?:and|,|with)\s*", focus[e:k]) for k in forces[p]
                                   for e in beside if e <= k))
    # a further state whose own forces act in the loss sentences is a party too, fighting
    # the first ("US forces destroyed four Houthi missiles" in a story of the Houthis and
    # shipping): not a third party that only comments
    if len(top) == 2 and focus:
        top += [p for p in sorted(forces) if p not in top and p in states and p not in groups
                and p not in dict(allies) and weight.get(p, 0) >= 10]
    if home is None and not allies and len(top) >= 2 and camps is not None:
        def codes(phrase: str) -> list[str]:
            return [m.party if m.side in (THIRD, UNKNOWN) else m.side for m in probe.mentions(phrase)
                    if m.party not in load_international()
                    and not _PLACE_BEFORE.search(phrase[max(0, m.start - 14):m.start])
                    and not _ON_PLACE.search(phrase[max(0, m.start - 10):m.start])]
        told = camps()
        found = two_camps(codes, weight, top, told.acts, told.together)
        if found is not None:
            sides, camp_of = found
            return _resolver(None, countries, ()).scoped(home, active, tuple(sides), frozenset(groups), allies,
                                                         camps=camp_of)
    return _resolver(None, countries, ()).scoped(home, active, tuple(top), frozenset(groups), allies)


def _with_earlier_parties(r: Resolver, countries: Sequence[Country], focus: str | None,
                          published: str | None) -> Resolver:
    """A profile chosen for a story told before its war began (Israel and Lebanon in 1982
    under the Israel-Gaza profile): a state whose own forces fight in the loss sentences and
    that the profile does not know is a party of its own there, fighting the first side
    ("Syrian MiGs", "Syrian air defences"), not a third party."""
    profile = r.profile
    if profile is None or not focus or not (published and profile.start and published[:10] < str(profile.start)):
        return r
    known = {q.code for q in profile.parties}
    probe = _probe(countries)
    acting: dict[str, str] = {}  # party -> its side
    for m in probe.mentions(focus):
        if m.party in known or m.party in load_international() \
                or _PLACE_BEFORE.search(focus[max(0, m.start - 14):m.start]):
            continue
        if m.field == "groups" and m.side not in known:
            acting[m.party] = m.side  # "Palestinian guerrillas" in 1982: the PLO, a side of its own
        elif m.party in r.states and _FORCES_AFTER.match(focus, m.end):
            acting[m.party] = m.party
    if not acting:
        return r
    return r.scoped(None, r.active, allies=tuple(sorted(acting.items())),
                    extra_sides=tuple(sorted(set(acting.values()))))


def _third_state_at_war(profile: Profile, text: str) -> bool:
    """Whether a state the profile holds as a third party is, by how often the story's loss
    sentences (``text``) name it other than by its leaders, the other belligerent of the
    story (not a state whose politicians comment on the war): named at least three times, more than every
    side of the profile but the one named most (which the story does name), and at least a
    third as often as that one ("Iranian missiles kill four in central Israel": Israel
    against Iran, not the Gaza war in which Iran is a backer). Such a story is read as a war
    of its own (the parties named in its loss sentences), not under the profile."""
    states = {c.code for c in load_countries()}
    by_side: dict[str, int] = {}
    third: dict[str, int] = {}
    for m in _profile_resolver(profile).mentions(text):
        if m.side == THIRD and m.party in states and m.field != "leaders":
            third[m.party] = third.get(m.party, 0) + 1
        elif m.side != UNKNOWN and m.side != THIRD:
            by_side[m.side] = by_side.get(m.side, 0) + 1
    ranked = sorted(by_side.values(), reverse=True) + [0, 0]
    return ranked[0] > 0 and any(n >= 3 and n > ranked[1] and 3 * n >= ranked[0] for n in third.values())


# military alliances that fight beside a state (international.tsv codes)
_ALLIANCES = frozenset({"NATO", "AU"})
# a party word before its forces: "NATO troops", "Kenyan soldiers", "South Africa's defence force"
_FORCES_AFTER = re.compile(r"(?:['\u2019]s)?\s+(?:[\w-]+\s+){0,2}?(?i:troops|forces?|soldiers|servicem[ae]n|"
                           r"military|army|navy|air\s+force|marines|jets?|warplanes?|aircraft|helicopters?|"
                           r"drones?|warships?|destroyers?|convoys?|patrols?|units?|peacekeepers|"
                           r"contingent|personnel|strikes?|airstrikes?|bombing|raids?)\b")
# a party named as a place: "fled into Pakistan", "a base in Kuwait"
_ON_PLACE = re.compile(r"\b(?:on|at)\s+(?:the\s+|an?\s+)?$", re.I)  # "an attack on a Mali army post"
_PLACE_BEFORE = re.compile(r"\b(?:in|into|to|from|near|across|inside|outside|over)\s+(?:the\s+)?$", re.I)


@lru_cache(maxsize=256)
def _resolver(profile: Profile | None, countries: tuple[Country, ...], belligerents: tuple[str, ...]) -> Resolver:
    """Resolvers are built once per profile (or set of belligerents), not per article."""
    return Resolver(profile, countries, belligerents=belligerents)


@lru_cache(maxsize=1)
def _probe(countries: tuple[Country, ...]) -> Resolver:
    return Resolver(None, countries)


def _profile_hits(profile: Profile, text: str, other_states: frozenset[str] = frozenset(),
                  published: str | None = None) -> int:
    """How strongly ``text`` is about this profile's war: mentions of at least two of its
    belligerent sides (a passing mention of Russia is not the Russia-Ukraine war), or of
    one side through a name no other war shares (a non-state party such as Hamas, or a
    body such as "the Gaza health ministry") when no other state is in the text and the
    story was not published before the war began (Russia alone in 1995 is not this war)."""
    if not _profile_screen(profile).search(text.lower()):
        return 0
    sides: dict[str, int] = {}
    specific = False
    states = {c.code for c in load_countries()}
    for m in _profile_resolver(profile).mentions(text):
        if m.side in (THIRD, UNKNOWN):
            continue
        bare = re.sub(r"^(?i:the)\s+", "", m.text)
        if not bare[:1].isupper() or _profile_resolver(profile).is_generic(m.text):
            continue  # "the army", "paramilitary", "Militants" opening a sentence: no sign of this war
        sides[m.side] = sides.get(m.side, 0) + 1
        specific = specific or m.party not in states or m.field in ("bodies", "groups", "leaders") \
            or bare.lower() not in _state_aliases(m.party)  # "Gaza", "Donbas": not the state's name
    before = bool(published and profile.start and published[:10] < str(profile.start))
    principal = set(profile.sides[:2])
    strangers = other_states - {p.code for p in profile.parties}  # states the story names that the profile lacks
    if not sides.keys() & principal and strangers:
        return 0  # Hezbollah, Syria and Turkey in Idlib are not the war of Israel and Gaza
    if before and principal - states:
        return 0  # a war whose sides it made itself (SAF against RSF) is no war before it began
    if len(sides) >= 2:
        return sum(sides.values())
    if sides and specific and not before and not strangers:
        return sum(sides.values())  # one side only: not for a story told before the war began
    return 0


@lru_cache(maxsize=512)
def _state_aliases(code: str) -> frozenset[str]:
    return frozenset(a.lower() for c in load_countries() if c.code == code for a, _ in c.aliases)


@lru_cache(maxsize=32)
def _profile_resolver(profile: Profile) -> Resolver:
    return Resolver(profile, ())


@lru_cache(maxsize=32)
def _profile_screen(profile: Profile) -> re.Pattern[str]:
    """Every alias through which the profile's resolver can name one of its sides (its
    parties', the armed groups that fight on its sides, and the bare institutions a bare
    military stands for), as one regex over lower-cased text. Why: most articles name
    none of a profile's parties, and one search settles that, where reading every
    mention (of every state, group and international body a resolver knows) cost 8% of an
    ``attributions`` run over five profiles, and building that resolver as much again. A
    superset of what ``_profile_hits`` counts, so it never turns a hit into a miss."""
    codes = {p.code for p in profile.parties}
    aliases = {a.lower() for p in profile.parties if p.side not in (THIRD, UNKNOWN) for a, _ in p.aliases}
    aliases |= {a.lower() for g in load_armed_groups() if g.code not in codes and g.side in profile.sides
                for a in g.names}
    if profile.bare_military:
        aliases |= set(load_home_institutions())
    return _alias_regex(aliases) if aliases else re.compile(r"(?!)")

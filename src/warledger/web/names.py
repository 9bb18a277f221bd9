"""How the dashboard writes things: side names beside codes, one colour per side, a number
with its qualifier, one date format.

Every page and chart goes through these helpers so that ARM is the same colour and the
same name everywhere, and "at least 30" is never shown as "30".

Names and colours come from the shipped profiles and the user's own: the profiles the
server was started with (``serve --profile``, ``Options.profile_paths``: the app sets them
for each request, ``web/app.py``), or the report's (``ReportQuery.profiles``), through
``using_profiles``; outside of those, the environment's (``WARLEDGER_PROFILES``).
"""
from __future__ import annotations

import os
import zlib
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Iterator, Sequence

THIRD, UNKNOWN = "THIRD", "UNKNOWN"

# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), darkened
# where needed so white text and thin bars stay readable on the page's light background
PALETTE = ("#0b6aa8", "#c4501a", "#0d8a66", "#8e4fa0", "#8a6a00", "#b3306b", "#2a8fa8",
           "#7a4a2a", "#4d5fb3", "#5f7f1a")
SIDE_COLOURS = {THIRD: "#5f6670", UNKNOWN: "#9aa0a6"}

QUALIFIER_WORDS = {"exact": "", "about": "about", "over": "over", "at_least": "at least",
                   "nearly": "nearly", "up_to": "up to", "vague": ""}


# the user's profile files the helpers name and colour with (None: the environment's)
_PROFILES: ContextVar[tuple[str, ...] | None] = ContextVar("warledger_profiles", default=None)


@contextmanager
def using_profiles(paths: Sequence[str]) -> Iterator[None]:
    """Name and colour with these user profiles (besides the shipped ones) inside the block:
    a request of an app built with them, a report asked for with them."""
    token = _PROFILES.set(tuple(paths))
    try:
        yield
    finally:
        _PROFILES.reset(token)


@lru_cache(maxsize=4)
def _env_profiles(raw: str | None) -> tuple[str, ...]:
    from warledger.options import Options

    return Options.from_env().profile_paths


def profiles_in_use() -> tuple[str, ...]:
    """The user profile files in effect: ``using_profiles``', else the environment's."""
    paths = _PROFILES.get()
    if paths is not None:
        return paths
    from warledger.options import setting

    env = setting("profile_paths").env
    return _env_profiles(os.environ.get(env) if env else None)


def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, tuple[str, ...]],
                       dict[str, str]]:
    return _profile_tables(profiles_in_use())


@lru_cache(maxsize=8)
def _profile_tables(paths: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str],
                                                      dict[str, tuple[str, ...]], dict[str, str]]:
    """(code -> name, side -> colour, code -> aliases, party -> side) from the shipped
    profiles and the user's ``paths``."""
    names: dict[str, str] = {}
    colours: dict[str, str] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    sides: dict[str, str] = {}
    try:
        from warledger.profiles import load_countries, load_profiles
        countries = load_countries()
        try:  # the user's own profiles too, as the extractor and the ledger read them
            profiles = load_profiles(paths)
        except Exception:  # noqa: BLE001 - a broken user profile: the shipped ones still name
            profiles = load_profiles()
    except Exception:  # noqa: BLE001 - names are a nicety: codes still show without them
        return names, colours, aliases, sides
    for country in countries:
        for alias, fld in country.aliases:
            if fld == "names":
                names.setdefault(country.code, alias)
                break
    order = [side for profile in profiles for side in profile.sides]
    for side in dict.fromkeys(order):
        colours[side] = PALETTE[len(colours) % len(PALETTE)]
    for profile in profiles:
        for party in profile.parties:
            named = [a for a, fld in party.aliases if fld in ("names", "bodies", "groups")]
            if named:
                names[party.code] = named[0]
            aliases[party.code] = tuple(sorted({a for a, _ in party.aliases if len(a) > 2},
                                               key=len, reverse=True))
            if party.side != party.code:
                sides.setdefault(party.code, party.side)
    return names, colours, aliases, sides


_first: dict[str, str] = {}  # colours of the sides of the wars in the store, set per request


def colour_sides_of(conflicts: Any) -> None:
    """Give the sides of these conflicts (the store's, in its order) the first colours of
    the palette, so that two wars shown together never share a colour; other sides keep
    theirs from the profiles' order. Idempotent: the same store gives the same colours on
    every page."""
    try:
        from warledger.profiles import load_profiles
        by_id = {p.conflict: p for p in load_profiles(profiles_in_use())}
    except Exception:  # noqa: BLE001 - a broken user profile: colours from the order
        return
    sides = [s for c in conflicts or () if c in by_id for s in by_id[c].sides]
    global _first
    wanted = {side: PALETTE[i % len(PALETTE)] for i, side in enumerate(dict.fromkeys(sides))}
    if wanted != _first:
        _first = wanted  # one rebinding: a page drawn meanwhile sees the old or the new


def side_name(code: str | None) -> str:
    """``ARM`` -> ``Armenia``; THIRD and UNKNOWN in words; an unknown code stays a code."""
    if not code:
        return "unknown"
    if code == THIRD:
        return "third parties"
    if code == UNKNOWN:
        return "unattributed"
    return _tables()[0].get(code, code)


def side_label(code: str | None) -> str:
    """``Armenia (ARM)``: the name with the code beside it, as analysts cite both."""
    name = side_name(code)
    if not code or code in (THIRD, UNKNOWN) or name == code:
        return name
    return f"{name} ({code})"


def side_colour(code: str | None) -> str:
    """One colour per side on every page: a profile's sides take the palette in order,
    other codes a stable pick from it; a party takes its side's colour (the Karabakh
    authorities, NKR, are on side ARM)."""
    key = code or UNKNOWN
    key = _tables()[3].get(key, key)
    if key in SIDE_COLOURS:
        return SIDE_COLOURS[key]
    if key in _first:
        return _first[key]
    known = _tables()[1]
    if key in known:
        return known[key]
    return PALETTE[zlib.crc32(key.encode()) % len(PALETTE)]


def party_aliases(code: str | None) -> tuple[str, ...]:
    """A party's names as its profile writes them, longest first (to mark whole names)."""
    return _tables()[2].get(code or "", ())


def count_text(count: Any) -> str:
    """A claim's number as said: ``at least 30``, ``over 100``, ``nearly 50``, ``several``."""
    if not isinstance(count, dict):
        return ""
    value = count.get("value")
    qualifier = count.get("qualifier") or "exact"
    if value is None:
        return str(count.get("text") or ("vague" if qualifier == "vague" else "no number"))
    number = f"{value:,}" if isinstance(value, int) else str(value)
    word = QUALIFIER_WORDS.get(qualifier, qualifier.replace("_", " "))
    return f"{word} {number}" if word else number


def count_sort_key(count: Any) -> float:
    value = (count or {}).get("value") if isinstance(count, dict) else None
    return float(value) if isinstance(value, (int, float)) else -1.0


def day_text(value: Any) -> str:
    """One date format on every page: ``2025-05-11`` (a timestamp keeps its day)."""
    return str(value)[:10] if value else ""


def claim_day(c: dict[str, Any]) -> str | None:
    """The day a claim is about (``times.day_of``: its period's end, else start, else the
    article's publication date)."""
    from warledger.times import day_of

    return day_of(c.get("period"), c.get("published"))

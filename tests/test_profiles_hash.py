"""Profiles, parties and states key the resolver caches on every article, so their hash is
computed once per object: it stays the dataclass's own value, equal records still hash
alike, and no hash travels in a pickle (a str's hash holds only within one process)."""
from __future__ import annotations

import copy
import dataclasses
import pickle

from warledger.profiles import load_countries, load_profiles


def _field_hash(record: object) -> int:
    return hash(tuple(getattr(record, f.name) for f in dataclasses.fields(record)))  # type: ignore[arg-type]


def test_hash_is_the_dataclass_value_and_is_not_pickled() -> None:
    profile = load_profiles()[0]
    records = [profile, profile.parties[0], load_countries()[0]]
    for record in records:
        assert hash(record) == _field_hash(record)
        again = pickle.loads(pickle.dumps(record))
        assert "_hash" not in again.__dict__ and again == record and hash(again) == hash(record)
        assert copy.copy(record) == record and "_hash" not in copy.copy(record).__dict__
    changed = dataclasses.replace(profile, name=profile.name + " (changed)")
    assert changed != profile and hash(changed) == _field_hash(changed)


def test_the_table_of_states_hashes_as_its_tuple() -> None:
    table = load_countries()
    assert hash(table) == hash(tuple(table)) and table == tuple(table)
    again = pickle.loads(pickle.dumps(table))
    assert "_hash" not in again.__dict__ and again == table and hash(again) == hash(table)

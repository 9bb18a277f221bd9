"""Conflict profiles and the party resolver: who is who, and on which side.

``tables.py`` holds the profiles, the tables of states, armed groups, state media and
leaders, and the ``Resolver`` that matches their names in text; ``choose.py`` chooses
which war and which parties an article is about (``resolver_for``), and ``camps.py``
sorts the parties of a war with no profile into two camps. This package re-exports what
the rest of warledger uses, so callers need not know which module holds it.
"""
from warledger.profiles.choose import resolver_for
from warledger.profiles.tables import (ORIGIN_SUFFIXES, THIRD, UNKNOWN, ArmedGroup, Country, Mention, Party,
                                       Profile, Resolver, _alias_regex, load_armed_groups, load_countries,
                                       load_home_institutions, load_international, load_leaders, load_profile,
                                       load_profiles, load_state_forces, load_state_organs)

__all__ = ["Profile", "Party", "Mention", "Resolver", "resolver_for", "load_profiles",
           "load_profile", "load_countries", "THIRD", "UNKNOWN", "ORIGIN_SUFFIXES", "ArmedGroup", "Country",
           "_alias_regex", "load_armed_groups", "load_home_institutions", "load_international", "load_leaders",
           "load_state_forces", "load_state_organs"]

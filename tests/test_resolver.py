"""Parties and sides from conflict profiles and the country fallback (no model needed)."""
from __future__ import annotations

from pathlib import Path

import pytest

from warledger.errors import ProfileError
from warledger.profiles import THIRD, load_profile, resolver_for


def test_karabakh_party_versus_side() -> None:
    r = resolver_for("Armenia and Azerbaijan traded fire; Nagorno-Karabakh said its troops held.")
    assert r.conflict == "karabakh"
    m = r.resolve("Militias in the unrecognized Karabakh republic")
    assert (m.party, m.side) == ("NKR", "ARM")
    assert r.resolve("Baku").side == "AZE"  # a capital as metonym
    assert r.resolve("the Azeri Prosecutor's office").party == "AZE"
    assert r.resolve("Russian President Vladimir Putin").side == THIRD
    assert r.enemy_of("ARM") == "AZE" and r.enemy_of("AZE") == "ARM"


def test_lower_case_common_word_is_not_a_party() -> None:
    r = resolver_for("Turkey and Armenia ... Azerbaijan said", ())
    assert not [m for m in r.mentions("they ate turkey") if m.party == "TUR"]


def test_generic_fallback_without_profile() -> None:
    text = ("Ethiopian forces said they had repelled an Eritrean offensive near Badme. "
            "Eritrea said Ethiopia lost 300 soldiers. The United States urged restraint.")
    r = resolver_for(text)
    assert r.profile is None and r.conflict == "ERI-ETH"  # a war of its own in the ledger
    assert set(r.sides) == {"ETH", "ERI"}
    assert r.resolve("Ethiopian forces").side == "ETH"
    assert r.enemy_of("ERI") == "ETH"
    assert r.resolve("The United States").side == THIRD


def test_multi_sided_profile_has_principal_enemies() -> None:
    r = resolver_for("Israel's military said Hamas fighters and Hezbollah fired rockets at Israel.")
    assert r.conflict == "israel-gaza"
    assert r.enemy_of("ISR") == "PSE"
    assert r.enemy_of("HEZ") == "ISR"


def test_user_profile_from_path(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text("conflict: mine\nname: Mine\nparties:\n  AAA: {side: AAA, names: [Aland]}\n"
                 "  BBB: {side: BBB, names: [Borduria]}\n", encoding="utf-8")
    r = resolver_for("Aland and Borduria clashed.", (str(f),), "mine")
    assert r.resolve("Borduria").side == "BBB" and r.enemy_of("AAA") == "BBB"


def test_bad_profile_names_the_file(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("parties: [1, 2]\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="bad.yaml"):
        load_profile(f)


def test_a_lower_case_state_adjective_names_the_state_unless_it_is_a_common_word() -> None:
    r = resolver_for("Iran and Iraq fought on.")
    assert [m.party for m in r.mentions("an attack on an abandoned iranian oil rig")] == ["IRN"]
    assert not [m for m in r.mentions("he wore polish shoes and ate french fries") if m.party in ("POL", "FRA")]


def test_the_only_state_a_story_names_is_its_home_even_named_once() -> None:
    text = ("A bomb exploded outside a Peruvian police barracks on Sunday. "
            "Two guards died and nine were hurt, the police said.")
    focus = "Two guards died and nine were hurt, the police said."
    r = resolver_for(text, focus=focus + " A bomb exploded outside a Peruvian police barracks on Sunday.")
    assert r.home == "PER"
    assert r.resolve("the police").party == "PER"


def test_a_state_named_in_passing_beside_the_story_s_state_is_no_belligerent() -> None:
    focus = ("Guerrillas bombed Colombia's northern pipeline again, Colombia's oil company said. "
             "Colombia lost 30,000 barrels, and a Colombian engineer was hurt.")
    text = focus + " The company works the field with a Japanese partner."
    r = resolver_for(text, focus=focus)
    assert r.home == "COL" and r.sides == ("COL",)
    assert r.conflict == "COL"


def test_a_story_told_before_a_war_began_is_not_that_war_for_naming_one_of_its_sides() -> None:
    text = "Russian troops said they had killed 600 rebels in Grozny since New Year's Eve."
    assert resolver_for(text, focus=text).conflict == "russia-ukraine"
    old = resolver_for(text, focus=text, published="1995-01-04")
    assert old.profile is None and old.conflict == "RUS"


def test_a_war_is_chosen_only_when_one_of_its_principal_sides_is_named() -> None:
    # Hezbollah and Syria in Idlib: neither Israel nor the Palestinians, so not Israel-Gaza
    text = ("Iran-backed Hezbollah fighters and Syrian soldiers were killed near Saraqeb. Turkey said its drones had "
            "destroyed 12 Syrian tanks. Lebanese media reported funerals in Beirut.")
    assert resolver_for(text, focus=text, published="2020-03-02").conflict != "israel-gaza"


def test_a_war_whose_sides_it_made_is_no_war_before_it_began() -> None:
    # SAF against the RSF is the war of 2023: Darfur in 2004 is Sudan's government and its militia
    text = "Sudanese troops and Janjaweed militiamen raided three villages in Darfur, killing 70 people."
    assert resolver_for(text, focus=text, published="2024-01-10").conflict == "sudan"  # the RSF, to its foes
    assert resolver_for(text, focus=text, published="2004-07-20").conflict != "sudan"


def test_waters_named_after_a_people_name_no_party() -> None:
    r = resolver_for("Iran and Iraq traded fire; Kuwait protested.")
    for text in ("tankers in the Persian Gulf", "near the Indian Ocean port", "patrols in the Gulf of Oman",
                 "the South China Sea"):
        assert r.mentions(text) == [], text
    assert [m.party for m in r.mentions("Iranian gunboats in the Gulf")] == ["IRN"]


def test_a_state_alone_has_no_enemy_from_the_groups_that_fight_on_its_side() -> None:
    # a 1995 story that names Russia and no other party is not the Russia-Ukraine war; the
    # country of a group that fights for Russia elsewhere is not Russia's enemy
    r = resolver_for("Russian tanks entered Grozny on Monday.", published="1995-01-02")
    assert r.profile is None
    assert r.enemy_of("RUS") != "UKR"


def test_a_profile_names_the_users_of_its_weapons_and_the_opening_attack(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text("conflict: mine\nname: Mine\nstart: 2031-03-14\nopened_by: BBB\n"
                 "arms:\n  AAA: [airstrike, bombing]\nparties:\n  AAA: {side: AAA, names: [Aland]}\n"
                 "  BBB: {side: BBB, names: [Borduria]}\n", encoding="utf-8")
    r = resolver_for("Aland and Borduria clashed.", (str(f),), "mine")
    assert r.arm("Airstrike") == ("AAA", "AAA") and r.arm("rocket") is None
    assert r.opening_attack("the March 14 attack") == ("BBB", "BBB")
    assert r.opening_attack("the 14th March offensive") == ("BBB", "BBB")
    assert r.opening_attack("the attack of March 4") is None and r.opening_attack("March 140 rounds") is None


def test_arms_of_a_party_the_profile_lacks_name_the_file(tmp_path: Path) -> None:
    f = tmp_path / "arms.yaml"
    f.write_text("conflict: mine\nparties:\n  AAA: {side: AAA}\narms:\n  CCC: [rocket]\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="arms.yaml.*CCC"):
        load_profile(f)


def test_a_code_used_for_an_armed_group_is_no_state_in_that_story() -> None:
    # actors.tsv codes the Chechen rebels CHE, Switzerland's ISO code: in a story that names
    # them they are a non-state belligerent, not a second state named in passing
    text = ("Chechen fighters said they had destroyed 30 Russian tanks in Grozny. Russian officials "
            "in Moscow said 50 Russian soldiers had been killed.")
    r = resolver_for(text, focus=text, published="1995-01-04")
    assert set(r.sides) == {"RUS", "CHE"} and "CHE" not in r.states
    assert r.enemy_of("RUS") == "CHE"


def test_leaders_name_their_state_without_a_profile() -> None:
    r = resolver_for("Iran and Iraq fought on.")
    assert [(m.party, m.field) for m in r.mentions("Caspar Weinberger and Saddam Hussein spoke")] == \
        [("USA", "leaders"), ("IRQ", "leaders")]
    # a surname that is also a common word is left to the full name named before it
    assert not r.mentions("a major offensive in the bush")


def test_foreign_forces_fighting_a_non_state_party_take_the_state_s_side() -> None:
    # actors.tsv: "a party fighting for a state carries that state's side"; not a party named
    # beside the rebels, nor one named only as a place
    text = ("Taliban insurgents attacked a base in Helmand. Two NATO soldiers and three Afghan policemen "
            "were killed, the Afghan interior ministry said. British troops repelled a second Taliban attack. "
            "The wounded were flown to Pakistan.")
    r = resolver_for(text, focus=text, published="2009-08-30")
    assert set(r.sides) == {"AFG", "TAL"}
    assert r.allies.get("NATO") == "AFG" and r.allies.get("GBR") == "AFG" and "PAK" not in r.allies
    assert r.resolve("NATO").side == "AFG"
    text = "M23 and Rwandan troops attacked Sake, killing four Congolese soldiers, the army said."
    r = resolver_for(text, focus=text, published="2024-02-17")
    assert "RWA" not in r.allies

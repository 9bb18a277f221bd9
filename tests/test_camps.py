"""Who fights whom in a war with no profile: the two camps read from what parties do.

Invented copy only. The pure rule (``profiles.camps.two_camps``) is tested with phrases that
name one party each; the reading of the parse (``extract.camps.read_camps``) and the whole
chain are tested on short invented stories."""
from __future__ import annotations

from warledger.analyze import analyze
from warledger.extract.camps import read_camps
from warledger.extract.lexicon import load_lexicon
from warledger.ingest import article_from_text
from warledger.nlp import parse
from warledger.profiles.camps import two_camps


def _codes(phrase: str) -> list[str]:
    return [w for w in phrase.split() if w.isupper()]


def test_the_rival_is_who_fights_the_leader_not_the_second_most_named() -> None:
    # South Korea is named more than China (the fighting is there), but China acted against
    # the Americans; France stood with them; North Korea acted against them too
    weight = {"USA": 70, "KOR": 60, "CHN": 50, "PRK": 40, "FRA": 30}
    acts = [("CHN volunteers", "an USA battalion"), ("PRK gunners", "17 USA planes"), ("KOR troops", "PRK prisoners")]
    sides, camp = two_camps(_codes, weight, ["USA", "KOR"], acts, [("USA", "FRA")])
    assert camp["USA"] == camp["KOR"] == camp["FRA"] != camp["CHN"] == camp["PRK"]
    # the United States acts on no one here: the heaviest party that acts leads
    assert sides[:2] == ["KOR", "PRK"]


def test_the_leader_is_a_party_that_acts() -> None:
    # the most named party is only ever hit: the party that acts leads
    weight = {"SAU": 40, "IRN": 20}
    sides, camp = two_camps(_codes, weight, ["SAU", "IRN"], [("IRN", "SAU oil terminal")], [])
    assert sides[:2] == ["IRN", "SAU"] and camp == {"IRN": 0, "SAU": 1}


def test_no_act_between_parties_leaves_the_weights_alone() -> None:
    assert two_camps(_codes, {"IRQ": 30, "IRN": 20}, ["IRQ", "IRN"], [("IRQ", "IRN")], []) is None
    assert two_camps(_codes, {"IRQ": 30, "IRN": 20}, ["IRQ", "IRN"], [], [("IRQ", "IRN")]) is None


def _camps_of(text: str):
    doc = parse(article_from_text(text, "t", published="1991-02-25"))
    return read_camps(doc, doc.sentences, load_lexicon())


def test_acts_and_coordination_are_read_off_the_parse() -> None:
    camps = _camps_of("American and French infantry destroyed 12 Chinese trucks near the river.")
    assert ("American", "French") in camps.together
    assert any("Chinese" in victim for _, victim in camps.acts)
    # two sides coordinated as the subject of a mutual verb are no camp
    assert _camps_of("Armenian and Azerbaijani troops clashed near the border, killing 12 soldiers.").together == ()


def test_a_merchant_ship_hit_is_no_act_of_war_against_its_flag() -> None:
    camps = _camps_of("An Iranian gunboat attacked the Greek tanker Aegean Star in the Gulf on Monday.")
    assert camps.acts == ()


def test_a_dateline_of_two_words_is_not_who_did_it() -> None:
    camps = _camps_of("KUWAIT CITY, Feb. 25 - American tanks destroyed 40 Iraqi tanks on Monday, an officer said.")
    assert camps.acts and "KUWAIT" not in camps.acts[0][0]


GULF = ("Allies say 40 Iraqi tanks destroyed\n\nDHAHRAN, Saudi Arabia, Feb. 25 - American tanks destroyed 40 "
        "Iraqi tanks west of Kuwait City on Monday, a U.S. officer said. Kuwaiti resistance fighters said Iraqi "
        "troops had seized 200 Kuwaiti men in the city. British armored units destroyed 30 Iraqi tanks near the "
        "Kuwaiti border.\n\nIn Baghdad, the Iraqi News Agency said Iraqi forces had destroyed 25 enemy tanks.")


def test_a_partner_named_more_than_the_enemy_is_not_the_enemy() -> None:
    got = [(c.kind, c.target.side, c.perpetrator.side if c.perpetrator else None, c.count.value)
           for c in analyze(article_from_text(GULF, "t", published="1991-02-25")).claims]
    assert ("destroyed", "IRQ", "USA", 40) in got  # not Kuwait's, not the dateline's
    assert ("destroyed", "USA", "IRQ", 25) in got  # Iraq's "enemy" is the United States
    assert ("destroyed", "IRQ", "GBR", 30) in got


def test_south_vietnam_is_a_party_of_its_own_in_the_camp_of_its_ally() -> None:
    text = ("SAIGON, Feb. 13 - Viet Cong gunners killed 20 South Vietnamese soldiers near Hue on Tuesday, a "
            "South Vietnamese spokesman said. American and South Vietnamese troops killed 90 Viet Cong in the "
            "delta.\n\n"
            "Hanoi radio said the liberation forces had shot down six enemy aircraft.")
    claims = analyze(article_from_text(text, "t", published="1968-02-13")).claims
    got = [(c.kind, c.target.side, c.perpetrator.side if c.perpetrator else None) for c in claims]
    # North Vietnam and the Viet Cong are one camp (VNM), South Vietnam (RVN) and the US the other
    assert ("killed", "RVN", "VNM") in got
    assert ("killed", "VNM", "RVN") in got  # "American and South Vietnamese troops killed 90 Viet Cong"
    assert ("destroyed", "RVN", "VNM") in got  # Hanoi radio's "enemy aircraft"

"""The side rules on sentences written for them: each row is a sentence, the claim it
must give (kind, category, target side, count) and the rule of ``extract/sides.py`` that
must decide it. The sentences are this project's own, in the language of war reporting;
they pin down the mechanism, the real-text gates measure what it is worth.
"""
from __future__ import annotations

import pytest

from warledger.analyze import analyze_many
from warledger.ingest import article_from_text
from warledger.options import Options

ROWS = [
    # party words after the head: of-phrases and appositions
    ("Rebel fire killed 14 members of Ukraine's border guard near the crossing.",
     ("killed", "military", "UKR", 14), "party-word-after-phrase"),
    ("Olena Marchenko, a medic in the Ukrainian army, was killed on Tuesday.",
     ("killed", None, "UKR", 1), "party-word-after-phrase"),
    # the toll "from" an attack is what caused it, not whose it is
    ("The death toll from the Russian strike on Odesa rose to 21, officials said.",
     ("killed", "people", "UKR", 21), None),
    # the attacker of a clause the loss hangs from
    ("A farmer was killed as Russian troops shelled the village.",
     ("killed", "civilians", "UKR", 1), "attacker-in-clause"),
    # the party that launched the attack a relative clause describes
    ("Hezbollah launched an attack that killed three soldiers.",
     ("killed", "military", "ISR", 3), "launcher-of-attack"),
    # an object written once after coordinated verbs; an object relative clause
    ("Hamas gunmen killed or dragged away villagers who had stayed behind.",
     ("killed", "civilians", "ISR", None), "enemy-of-active-subject"),
    ("The Ukrainians whom Russian soldiers murdered were farmers.",
     ("killed", "people", "UKR", None), "party-word-in-phrase"),
    # a group word before the people it stands for
    ("Russian forces said they had killed a group of Ukrainian soldiers.",
     ("killed", "military", "UKR", None), "party-word-in-phrase"),
    # victims listed as part of a marked group
    ("The Israeli hostages who were killed, including two women, had been held in Gaza.",
     ("killed", "civilians", "ISR", 2), "part-of-marked-group"),
    # the doer of a passive clause is its agent
    ("The blast was caused by a Russian missile, killing nine people in Kharkiv.",
     ("killed", "people", "UKR", 9), None),
    # counted attacks: the attacker's party words in the count, the target a passive names
    ("Nine Russian assaults were repelled near Bakhmut, the Ukrainian army said.",
     ("attacks", "incidents", "UKR", 9), "attacks-by-party"),
    # materiel a party says it seized was the enemy's
    ("The Ukrainian army said several tanks were seized intact near Izium.",
     ("captured", "tank", "RUS", None), "claimant-seized-enemy-materiel"),
    # "shot it down": the object of the verb before the pronoun
    ("Ukrainian gunners tracked a Russian Su-25 and shot it down over the river.",
     ("destroyed", "aircraft", "RUS", 1), None),
    # frames: a loss phrase split by its object; "May" the month; a misparsed "attack by
    # X on Y"; a ship named after its kind
    ("Gunmen stabbed a village guard to death on Sunday.", ("killed", "military", "UNKNOWN", 1), None),
    ("Rebels set the fuel depot ablaze near the airport.", ("damaged", "equipment", "UNKNOWN", 1), None),
    ("The May 3 attack on the frigate Almirante was condemned.", ("damaged", "ship", "UNKNOWN", 1), None),
    ("It was Iran's first comment on the attack by three Iraqi jets on the Iranian tanker Avaj.",
     ("damaged", "ship", "IRN", 1), None),
    # the day of a date is no count
    ("Officials said the Oct. 7 attacks were planned for a year.", None, None),
    # ", killing ..." belongs to the clause before it, though the parser hangs it on a
    # later copula (extract/repairs.py)
    ("Despite Ukraine's early losses on Feb. 24, when Russian columns crossed the border, killing "
     "hundreds of soldiers, the Ukrainian army is larger than before.",
     ("killed", "military", "UKR", None), "enemy-of-active-subject"),
    # who is named inside the loss clause attacked; the date it hangs from was not attacked
    ("The attack on March 5, when Russian troops killed 30 people, was the worst of the month.",
     ("killed", "people", "UKR", 30), "enemy-of-active-subject"),
    # an object relative clause with a subject of its own is active ("the farmers it
    # wounded"), and "it" is the antecedent of the "which" above it
    ("Hezbollah, which holds the ridge, fired again on the fields of the farmers it wounded last week.",
     ("wounded", "civilians", "ISR", None), "enemy-of-active-subject"),
    # "aircraft at the base": the base named before, with its party
    ("Russia said its missiles hit Ukraine's airbase at Starokostiantyniv overnight. A military "
     "spokesman said four aircraft at the base were destroyed.",
     ("destroyed", "aircraft", "UKR", 4), "place-named-before"),
    # who says a blast killed people did not kill them (Hamas's enemy would be Israel); the
    # people belong to the place the blast hit
    ("A blast at a school in Gaza that Hamas officials said killed nine people drew protests.",
     ("killed", "people", "PSE", 9), "place-of-loss"),
    # the people of a place are its people; a party's own name as the place of the thing hit
    ("Around 100 residents of Bucha were killed in the Russian occupation, Ukrainian officials said.",
     ("killed", "civilians", "UKR", 100), "place-of-loss"),
    ("A blast at a Gaza clinic that health officials said killed 14 people drew protests.",
     ("killed", "people", "PSE", 14), "place-of-loss"),
    # "it" with no one quoted: the main clause's subject
    ("Hezbollah controls much of the south, from where it fired rockets that killed two farmers.",
     ("killed", "civilians", "ISR", 2), "launcher-of-attack"),
    # a toll "reached" or "stood at" a number; the toll from an attack a party carried out
    ("The death toll from the rebels' rampage has now reached 140, the governor said.",
     ("killed", "people", "UNKNOWN", 140), None),
    ("The toll from Russia's onslaught on the town stood at 31 on Monday.",
     ("killed", "people", "UKR", 31), "enemy-of-agent"),
    # the agent of a participle inside the phrase ("among 40 killed by ...")
    ("A teacher was among at least 40 killed by Russian troops at a checkpoint.",
     ("killed", "people", "UKR", 40), "enemy-of-agent"),
    # a border named is no place of the loss
    ("Six farmers were killed by Hezbollah rockets near the Lebanese border.",
     ("killed", "civilians", "ISR", 6), "enemy-of-agent"),
    # people named for killing are the attackers of the clause they are in
    ("Villagers were killed as the Russian gunmen waited at the bridge.",
     ("killed", "civilians", "UKR", None), "attacker-in-clause"),
    # "both sides" in another clause says nothing of this toll
    ("She said Hamas had killed her son, as relatives on both sides of the family wept.",
     ("killed", "civilians", "ISR", 1), "enemy-of-active-subject"),
    # a part of what was named before: "one of them", "one of which", "another"
    ("Gunboats attacked two Greek tankers, setting one of them ablaze.",
     ("damaged", "ship", "GRC", 1), "party-word-in-phrase"),
    ("The Iraqi depots, one of which was shelled on Monday, were still burning.",
     ("damaged", "equipment", "IRQ", 1), "party-word-in-phrase"),
    ("Iranian jets destroyed one Iraqi oil platform and raided another.",
     ("damaged", "equipment", "IRQ", 1), "party-word-in-phrase"),
    ("The patrol killed one Russian soldier and wounded another.",
     ("wounded", "military", "RUS", 1), "party-word-in-phrase"),
    # "Two more were killed": the parser hangs "more" on the number; "four more" are more
    # of the soldiers just named
    ("Two more Ukrainian soldiers died and four more were killed on Sunday.",
     ("killed", "military", "UKR", 4), None),
    # "taken hostage" is a capture, by the agent's enemy's people
    ("Ukraine said 286 of its soldiers had been killed and 126 people had been taken hostage by Russia.",
     ("captured", "people", "UKR", 126), "enemy-of-agent"),
    # "other" soldiers are of the party the phrase before named
    ("Russian shelling killed two Ukrainian soldiers and wounded five other soldiers near Kupiansk.",
     ("wounded", "military", "UKR", 5), "others-like-named"),
    # in a war of several fronts, a place named ("in southern Lebanon") is no one fighting:
    # what Israel destroyed there is Hezbollah's, not Lebanon's
    ("The Israeli army said its jets had destroyed 40 rocket launchers in southern Lebanon and "
     "killed 12 Hezbollah fighters.",
     ("destroyed", "artillery", "HEZ", 40), None),
    # unmarked rebels in a war with one non-state side are that side's
    ("M23 rebels seized the hills above Sake. The Congolese army said 40 rebels were killed.",
     ("killed", "military", "M23", 40), "rebels-of-the-war"),
    # a profile's generic words: unqualified "militants" in the Israel-Gaza war are Hamas's
    ("Militants crossed from Gaza and killed four farmers near Sderot.",
     ("killed", "civilians", "ISR", 4), "enemy-of-active-subject"),
    # and a singular "gunman" too; a "where" clause on a place counts the place's people,
    # not more of the victims named before it
    ("Israel and Hamas traded fire again. A gunman who died in the assault on the kibbutz in "
     "southern Israel, where 40 were killed, carried a map.",
     ("killed", "military", "PSE", 1), "party-word-in-phrase"),
    ("Israel and Hamas traded fire again. A gunman who died in the assault on the kibbutz in "
     "southern Israel, where 40 were killed, carried a map.",
     ("killed", "people", "ISR", 40), "place-of-loss"),
    # a community the profile counts with a side (ANNOTATION: civilians belong to the side
    # of their country or community)
    ("Police said 11 Jewish worshippers were murdered in the attack.",
     ("killed", "civilians", "ISR", 11), "party-word-in-phrase"),
    # a weapon only one party uses in this war names the doer when no party word does
    # (profile `arms`): as the subject of a clause of the loss, after "under", as the agent
    ("Israel and Hamas traded fire again. An airstrike hit the family's house overnight, killing "
     "five people, relatives said.",
     ("killed", "people", "PSE", 5), "arms-of-the-war"),
    ("Israel and Hamas traded fire again. Two brothers were killed when a rocket struck their car "
     "near the kibbutz gate.",
     ("killed", "civilians", "ISR", 2), "arms-of-the-war"),
    ("Israel and Hamas traded fire again. The camp came under heavy bombing before dawn, killing "
     "at least 12 people.",
     ("killed", "people", "PSE", 12), "arms-of-the-war"),
    # the attack that opened the war, named by its day (profile `opened_by`)
    ("Israel and Hamas traded fire again. Her cousin was killed during the Oct. 7 attack on the "
     "border towns.",
     ("killed", "civilians", "ISR", 1), "arms-of-the-war"),
    # common nouns a profile gives one party's places (`place_words`): where the loss was
    ("Israel and Hamas traded fire again. Thirty people in the kibbutz were killed, survivors said.",
     ("killed", "people", "ISR", 30), "place-of-loss"),
    ("Israel and Hamas traded fire again. Aid trucks entered the enclave, where officials say 300 "
     "people have been killed.",
     ("killed", "people", "PSE", 300), "place-of-loss"),
    # merchant shipping no flag or owner marks is a neutral's, whoever attacked it; a
    # state's waters or port of call named as the place leave it unknown
    ("Iran and Iraq traded fire again. Three tankers were hit by Iranian speedboats in the lower "
     "Gulf, insurers said.",
     ("damaged", "ship", "THIRD", 3), "merchant-shipping"),
    ("Iran and Iraq traded fire again. A merchant ship was struck near Kharg Island on Sunday, "
     "insurers said.",
     ("damaged", "ship", "UNKNOWN", 1), None),
    # a loss noun done by the subject of a verb of doing: its enemy's people
    ("Israel and Hamas traded fire again. The gunmen carried out the killing of 40 villagers near the fence.",
     ("killed", "civilians", "ISR", 40), "doer-of-the-act"),
    ("Russia and Ukraine traded fire again. Russian troops committed the massacre of 30 civilians in "
     "the village, Kyiv said.",
     ("killed", "civilians", "UKR", 30), "doer-of-the-act"),
    # the people killed by the destruction of a party's thing are that party's
    ("Ukraine and Russia fought on. Saboteurs blew up a Russian fuel depot near Melitopol, killing at "
     "least seven soldiers.",
     ("killed", "military", "RUS", 7), "attacked-object-owner"),
    # a nominal attack whose own words name the attacker hit the attacker's enemy
    ("Ukraine and Russia fought on. A Russian strike on an oil depot near Kharkiv started a large "
     "fire, the governor said.",
     ("damaged", "equipment", "UKR", 1), "attacker-of-the-attack"),
    # a party's report of "the destruction of" materiel is its tally of the enemy's losses
    ("Ukraine and Russia fought on. Ukraine's General Staff said its forces repelled 11 attacks. It "
     "also reported the destruction of 14 tanks.",
     ("destroyed", "tank", "RUS", 14), "claimant-tally-of-enemy-losses"),
    # losses "of" the war's first day are the opening attack's victims
    ("Israel and Hamas fought on. Thousands gathered in Tel Aviv to mourn the many casualties of "
     "Oct. 7, when Hamas gunmen crossed the fence.",
     ("losses", None, "ISR", None), "victims-of-the-opening"),
    # the attack clause may hang from the last of coordinated loss verbs
    ("Ukraine and Russia fought on. Three people were killed and nine wounded when Russian artillery "
     "hit a bus stop in the city.",
     ("killed", "people", "UKR", 3), "attacker-in-clause"),
    # a weapon both sides use names no one
    ("Russia and Ukraine traded fire again. Her cousin was killed when a strike hit the village.",
     ("killed", "civilians", "UNKNOWN", 1), None),
    # "they" with no party as a subject above it: the party the clause above has as object
    ("Israel and Hamas traded fire again. Hatred drove the Hamas gunmen as they murdered 40 villagers.",
     ("killed", "civilians", "ISR", 40), "enemy-of-active-subject"),
    # the doer of "By ...-ing" is the subject of the clause it opens
    ("Israel and Hamas traded fire again. By kidnapping and murdering villagers, the militant group "
     "showed what it intends.",
     ("losses", "civilians", "ISR", None), None),
    # people named for the killing they do are the enemy of the place they attacked, and of
    # the speaker who lives there
    ("Ukraine and Russia traded fire. Five attackers were killed in the town, said Oleh Marchuk, "
     "a member of the Ukrainian parliament.",
     ("killed", "military", "RUS", 5), "attackers-are-the-enemy"),
    # people the group abducted are hostages, also counted as a part of them
    ("Hamas said Israeli strikes had killed seven of the 200 civilians it abducted last week.",
     ("killed", "civilians", "ISR", 7), "hostages-of-the-attacker"),
]

# claims that must NOT be made: (sentence, kind, category, side)
NOT_ROWS = [
    # the subject of a clause after "as" is not a victim of the verb before it
    ("Two children died as Russian troops looked on.", "killed", "military", "RUS"),
    # and troops that only watch inflicted nothing
    ("Two children died as Russian troops looked on.", "killed", "civilians", "UKR"),
    # who "took part" in the fighting suffered no loss by it
    ("Five attackers were killed in the town, said Oleh Marchuk, a member of the Ukrainian parliament "
     "who took part in the fighting.", "killed", "military", "UKR"),
    # what a dead man carried "from" a ministry does not make the ministry his killer
    ("A soldier who died in the assault carried a letter from the Ukrainian defence ministry.",
     "killed", "military", "RUS"),
]


@pytest.fixture(scope="module")
def analyses():
    arts = [article_from_text(text, f"row{i}", published="2023-10-20") for i, (text, _, _) in enumerate(ROWS)]
    return list(analyze_many(arts, Options(), ("claims",)))


@pytest.mark.parametrize("n", range(len(ROWS)), ids=[r[0][:40] for r in ROWS])
def test_side_rule(analyses, n: int) -> None:
    text, want, rule = ROWS[n]
    got = [(c.kind, c.target.category, c.target.side, c.count.value, c.why) for c in analyses[n].claims]
    if want is None:
        assert not got, f"{text!r}: no claim expected, got {[g[:4] for g in got]}"
        return
    kind, category, side, count = want
    hits = [g for g in got if g[0] == kind and g[2] == side and g[3] == count
            and (category is None or g[1] == category)]
    assert hits, f"{text!r}: no {kind}/{category}/{side}/{count} among {[g[:4] for g in got]}"
    if rule is not None:
        assert any(f"side: {rule}" in "; ".join(g[4]) for g in hits), \
            f"{text!r}: decided by {[g[4] for g in hits]}, not {rule}"


@pytest.fixture(scope="module")
def not_analyses():
    arts = [article_from_text(text, f"not{i}", published="2023-10-20") for i, (text, *_) in enumerate(NOT_ROWS)]
    return list(analyze_many(arts, Options(), ("claims",)))


@pytest.mark.parametrize("n", range(len(NOT_ROWS)), ids=[f"{r[0][:30]}-{r[3]}" for r in NOT_ROWS])
def test_no_such_claim(not_analyses, n: int) -> None:
    text, kind, category, side = NOT_ROWS[n]
    got = [(c.kind, c.target.category, c.target.side) for c in not_analyses[n].claims]
    assert (kind, category, side) not in got, f"{text!r}: {got}"


def test_the_doer_of_an_active_loss_verb_is_the_perpetrator() -> None:
    # the phrase names whose ship it was; the subject ("it", the speaker) hit it, not
    # whichever other enemy of Israel the story names
    text = ("Hezbollah said it hit an Israeli warship off Tyre. Lebanon's government called for calm "
            "and Lebanese officials met the Lebanese army chief.")
    (analysis,) = analyze_many([article_from_text(text, "doer", published="2024-07-14")], Options(), ("claims",))
    ship = next(c for c in analysis.claims if c.target.category == "ship")
    assert ship.target.side == "ISR" and ship.perpetrator is not None and ship.perpetrator.side == "HEZ"

"""Events: PLOVER types with actors, recipients, claimants and stances, on the seeds and on
our own sentences in several conflicts' reporting styles (including sentences that must
yield no event)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from warledger.events import event_key, extract_events
from warledger.ingest import read_articles
from warledger.nlp import parse
from warledger.options import Options
from warledger.records import Article, Event

SEEDS = Path("/work/shared/corpus/seeds")
if not SEEDS.is_dir():
    SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def _shape(e: Event) -> tuple[str, str | None, str | None, tuple[str | None, ...], str, str]:
    actor = e.actor.party if e.actor else None
    return (e.type, e.context, actor, tuple(sorted(str(r.party) for r in e.recipient)),
            e.claimant.side, e.stance)


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Event]]:
    if not SEEDS.is_dir():
        pytest.fail(f"the seed corpus is not at {SEEDS} (../shared beside the checkout, as in CI)")
    path = tmp_path_factory.mktemp("seeds") / "seeds.jsonl"
    rows = [{"id": name, "text": (SEEDS / f"{name}.txt").read_text(encoding="utf-8"), "published": pub}
            for name, pub in [("karabakh-2020-09-29", "2020-09-29"), ("karabakh-2016-04-02", "2016-04-02")]]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    options = Options()
    out: dict[str, list[Event]] = {}
    for article in read_articles([str(path)], options):
        assert isinstance(article, Article), article
        out[article.name] = list(extract_events(parse(article, options), options))
    return out


def _find(events: list[Event], needle: str, type_: str) -> list[Event]:
    return [e for e in events if needle in e.sentence and e.type == type_]


def test_seed_2020_support_is_asserted_by_armenia_and_denied_by_turkey(seed_events: dict[str, list[Event]]) -> None:
    events = seed_events["karabakh-2020-09-29"]
    asserted = _find(events, "around 4,000 fighters", "SUPPORT")
    denied = _find(events, "Turkey denied reports", "SUPPORT")
    assert [_shape(e) for e in asserted] == [("SUPPORT", "military", "TUR", ("AZE",), "ARM", "assert")]
    assert [_shape(e) for e in denied] == [("SUPPORT", "military", "TUR", ("AZE",), "THIRD", "deny")]
    assert event_key(asserted[0]) == event_key(denied[0])  # the same event: a contradiction


def test_seed_2020_calls_threats_and_rejections(seed_events: dict[str, list[Event]]) -> None:
    events = seed_events["karabakh-2020-09-29"]
    merkel = _find(events, "Merkel", "REQUEST")
    assert {(e.context, e.actor.party if e.actor else None) for e in merkel} == {("ceasefire", "DEU"), ("negotiation", "DEU")}
    assert all(sorted(r.party for r in e.recipient) == ["ARM", "AZE"] for e in merkel)
    threat = _find(events, "S-300", "THREATEN")
    assert [(e.actor.party, [r.party for r in e.recipient], e.modality) for e in threat] == [("AZE", ["ARM"], "threat")]
    armenia = _find(events, "longer-range weapons", "THREATEN")
    assert [(e.actor.party, [r.party for r in e.recipient]) for e in armenia] == [("ARM", ["AZE"])]
    reject = _find(events, "rejected any possibility of talks", "REJECT")
    assert [(e.actor.party, [r.party for r in e.recipient]) for e in reject] == [("AZE", ["ARM"])]


def test_seed_2020_territory_places_and_times(seed_events: dict[str, list[Event]]) -> None:
    events = seed_events["karabakh-2020-09-29"]
    recovered = _find(events, "recovered some lost territory", "ASSAULT")
    first = [e for e in recovered if e.text and "recovered" in e.text]
    assert first and first[0].context == "territory" and first[0].actor.party == "NKR"
    assert first[0].period is not None and first[0].period.start == "2020-09-27"  # "on Sunday"
    neither = [e for e in recovered if e.text and "captured" in e.text]
    assert {(e.actor.side, e.stance, e.period.start) for e in neither} == {("AZE", "deny", "2020-09-28"),
                                                                          ("ARM", "deny", "2020-09-28")}
    denied = _find(events, "regained control", "ASSAULT")
    assert {(e.claimant.side, e.stance) for e in denied} == {("AZE", "deny"), ("ARM", "assert")}
    assert all(e.actor.side == "ARM" and e.context == "territory" for e in denied)
    fizuli = _find(events, "Fizuli", "ASSAULT")
    assert fizuli and fizuli[0].location is not None
    assert (fizuli[0].location.name, fizuli[0].location.country) == ("Fizuli", "AZE")  # the profile's place
    matagis = _find(events, "Matagis", "ASSAULT")
    assert matagis and matagis[0].actor.party == "AZE" and matagis[0].location.country == "AZE"


def test_seed_2016_accusations_violations_and_talks(seed_events: dict[str, list[Event]]) -> None:
    events = seed_events["karabakh-2016-04-02"]
    each_other = _find(events, "accused each other", "ACCUSE")
    assert {(e.actor.party, e.recipient[0].party) for e in each_other} == {("AZE", "ARM"), ("ARM", "AZE")}
    blamed = _find(events, "blamed each other", "ACCUSE")
    assert {(e.actor.side, e.recipient[0].side) for e in blamed} == {("AZE", "ARM"), ("ARM", "AZE")}
    fire = _find(events, "127 times", "ASSAULT")
    assert [(e.context, e.actor.side, e.claimant.side) for e in fire] == [("ceasefire violation", "ARM", "AZE")]
    assert fire[0].period is not None and (fire[0].period.start, fire[0].period.end) == ("2016-04-01", "2016-04-02")
    offensive = _find(events, "went on the offensive", "ASSAULT")
    assert [(e.actor.side, e.claimant.side, e.mode) for e in offensive] == [("AZE", "ARM", "armor")]
    points = _find(events, "strategic points", "ASSAULT")
    assert [(e.context, e.actor.party) for e in points] == [("territory", "AZE")]
    talks = _find(events, "emergency phone talks", "CONSULT")
    assert [(e.actor.party, sorted(r.party for r in e.recipient)) for e in talks] == [("RUS", ["ARM", "AZE"])]
    putin = _find(events, "Putin has called on all sides", "REQUEST")
    assert [(e.context, sorted(r.party for r in e.recipient)) for e in putin] == [("ceasefire", ["ARM", "AZE"])]
    assert not _find(events, "could be threatened", "THREATEN")


# --------------------------------------------------------------------------- own sentences

CASES = [
    # (conflict, published, sentence, expected shapes: (type, context, actor, recipients, claimant side, stance))
    ("karabakh", "2020-10-05",
     "Azerbaijan's defence ministry said its troops took control of five villages near Jabrayil.",
     [("ASSAULT", "territory", "AZE", ("ARM",), "AZE", "assert")]),
    ("karabakh", "2020-10-05",
     "Armenia and Azerbaijan blamed each other for the shelling of civilian areas.",
     [("ACCUSE", None, "ARM", ("AZE",), "UNKNOWN", "assert"), ("ACCUSE", None, "AZE", ("ARM",), "UNKNOWN", "assert")]),
    ("karabakh", "2020-10-05",
     "Pashinyan threatened to use longer-range weapons.",
     [("THREATEN", None, "ARM", ("AZE",), "UNKNOWN", "assert")]),
    ("russia-ukraine", "2023-06-10",
     "Ukraine's military said Russian forces shelled Kherson overnight, killing two people.",
     [("ASSAULT", None, "RUS", ("UKR",), "UKR", "assert")]),
    ("russia-ukraine", "2023-06-10",
     "Moscow denied reports that it had sent conscripts to the front, the Kremlin said.",
     []),  # "sent conscripts": not a listed kind of fighter, so no SUPPORT is invented
    ("russia-ukraine", "2023-06-10",
     "France urged both sides to observe the ceasefire around the nuclear plant.",
     [("REQUEST", "ceasefire", "FRA", ("RUS", "UKR"), "UNKNOWN", "assert")]),
    ("israel-gaza", "2023-11-20",
     "Qatar held talks with Hamas and Israel on a truce, officials said.",
     [("CONSULT", None, "QAT", ("HAMAS", "ISR"), "UNKNOWN", "assert")]),
]

NO_EVENT = [
    "The two former soviet republics are locked in a decades-long conflict over the region.",
    "Views: 0",
    "Twelve civilians have been killed and 35 wounded, the prosecutor's office said.",
    "Saturday is not a day off in the republic.",
    "The group is currently co-chaired by Russia, the US and France.",
    "The villages on the border could be threatened by artillery.",
]


def _events_of(sentence: str, published: str, conflict: str | None) -> list[Event]:
    options = Options(conflict=conflict)
    article = Article(id="t", name="t", text=sentence, published=published)
    return list(extract_events(parse(article, options), options))


@pytest.mark.parametrize("conflict, published, sentence, expected", CASES)
def test_own_sentences(conflict: str, published: str, sentence: str, expected: list[tuple]) -> None:
    assert sorted(_shape(e) for e in _events_of(sentence, published, conflict)) == sorted(expected)


@pytest.mark.parametrize("sentence", NO_EVENT)
def test_sentences_without_events(sentence: str) -> None:
    assert _events_of(sentence, "2020-09-29", "karabakh") == []


def test_event_period_and_place_come_from_the_sentence() -> None:
    events = _events_of("Armenia said Azeri troops shelled homes in Tartar on Sunday.", "2020-09-29", "karabakh")
    assert len(events) == 1
    e = events[0]
    assert (e.type, e.mode, e.actor.party, e.claimant.side) == ("ASSAULT", "shelling", "AZE", "ARM")
    assert e.location is not None and e.location.country == "AZE" and e.location.name == "Tartar"
    assert e.period is not None and e.period.start == "2020-09-27"


def test_events_command_prints_jsonl_and_names_bad_inputs(tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from warledger.commands.events import register

    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # a second command keeps "events" a subcommand
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps({"id": "a", "published": "2020-09-29",
                                "text": "Azerbaijan also threatened to destroy Armenia's air defences."}) + "\n")
    result = CliRunner().invoke(app, ["events", str(good)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(r["type"], r["actor"]["party"], r["recipient"][0]["party"]) for r in rows] == [("THREATEN", "AZE", "ARM")]
    bad = CliRunner().invoke(app, ["events", "--format", "csv", str(good)])
    assert bad.exit_code == 2

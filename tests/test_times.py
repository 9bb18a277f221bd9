"""Periods resolve against the publication date; undated articles get no invented dates."""
from __future__ import annotations

import pytest

from warledger.times import find_periods, is_cumulative, resolve_period, stated_start

TUE = "2020-09-29"  # a Tuesday
SAT = "2016-04-02"  # a Saturday
START = "2020-09-27"


@pytest.mark.parametrize("text, published, expected", [
    ("Fighting flared again on Sunday.", TUE, ("2020-09-27", "2020-09-27", False)),
    ("Both sides said fighting was continuing on Tuesday.", TUE, ("2020-09-29", "2020-09-29", False)),
    ("the leader said no positions changed hands on Monday", TUE, ("2020-09-28", "2020-09-28", False)),
    ("territory lost in Sunday's fighting", TUE, ("2020-09-27", "2020-09-27", False)),
    ("Saturday is not a day off in the republic.", SAT, ("2016-04-02", "2016-04-02", False)),
    ("Troops went on the offensive overnight.", SAT, ("2016-04-01", "2016-04-02", False)),
    ("They opened fire 127 times over 24 hours.", SAT, ("2016-04-01", "2016-04-02", False)),
    ("Two drones were downed yesterday.", TUE, ("2020-09-28", "2020-09-28", False)),
    ("The ministry reported the strike last week.", TUE, ("2020-09-21", "2020-09-27", False)),
    ("Over the past three days 20 soldiers died.", TUE, ("2020-09-26", "2020-09-29", False)),
    ("The town fell on March 3.", TUE, ("2020-03-03", "2020-03-03", False)),
    ("The town fell on 3 March 2019.", TUE, ("2019-03-03", "2019-03-03", False)),
    ("The town fell on October 30.", TUE, ("2019-10-30", "2019-10-30", False)),  # not a future date
    ("Russia brokered a ceasefire in 1994.", TUE, ("1994-01-01", "1994-12-31", False)),
    ("Fighting was heavy in August.", TUE, ("2020-08-01", "2020-08-31", False)),
    # running totals
    ("It said the enemy had suffered major losses since the clashes erupted.", TUE, (START, TUE, True)),
    ("Losses since the start of the offensive reached 300.", TUE, (START, TUE, True)),
    ("Since Sunday, 40 fighters were killed.", TUE, ("2020-09-27", TUE, True)),
    ("The death toll rose to 84.", TUE, (START, TUE, True)),
    ("Casualties so far stand at 12.", TUE, (START, TUE, True)),
])
def test_phrases_resolve_against_the_publication_date(text: str, published: str,
                                                      expected: tuple[str, str, bool]) -> None:
    period = resolve_period(text, published, START)
    assert period is not None
    assert (period.start, period.end, period.cumulative) == expected


@pytest.mark.parametrize("text", [
    "Troops may march on the capital.",          # a verb and a noun, not months
    "The three-year war ended in a truce.",      # a duration, not a date
    "A decades-long dispute over the region.",
])
def test_no_time_phrase_no_period(text: str) -> None:
    assert resolve_period(text, TUE, START) is None


def test_an_article_without_a_date_gets_no_invented_dates() -> None:
    assert resolve_period("Fighting flared again on Sunday.", None, START) is None
    assert resolve_period("The town fell on March 3.", None) is None
    explicit = resolve_period("The town fell on March 3, 2020.", None)
    assert explicit is not None and explicit.start == "2020-03-03"
    running = resolve_period("losses since the clashes erupted", None, START)
    assert running is not None and running.cumulative and running.start is None and running.end is None


def test_a_profile_start_after_the_article_is_not_used() -> None:
    # the Karabakh profile's 2020 start means nothing for a 2016 article
    period = resolve_period("losses since the clashes erupted", SAT, START)
    assert period is not None and period.start is None and period.end == SAT
    stated = resolve_period("losses since the clashes erupted", SAT, START, article_start="2016-04-02")
    assert stated is not None and stated.start == "2016-04-02"


@pytest.mark.parametrize("text, published, expected", [
    ("calls for a halt to the fierce clashes that erupted Sunday went unheeded", TUE, "2020-09-27"),
    ("as fighting raged for a third day on Tuesday", TUE, "2020-09-27"),
    ("fighting that broke out on April 2 continued", "2016-04-05", "2016-04-02"),
    ("the shelling continued", TUE, None),
])
def test_the_article_states_when_fighting_began(text: str, published: str, expected: str | None) -> None:
    assert stated_start(text, published) == expected


def test_find_periods_gives_offsets_for_each_phrase() -> None:
    text = "It recovered territory on Sunday, but nothing changed on Monday."
    found = find_periods(text, TUE)
    assert [(text[s:e], p.start) for s, e, p in found] == [("Sunday", "2020-09-27"), ("Monday", "2020-09-28")]


@pytest.mark.parametrize("text, expected", [
    ("the toll has risen to 50", True), ("a total of 12 tanks", True), ("in total", True),
    ("12 tanks were destroyed on Sunday", False),
])
def test_cumulative_markers(text: str, expected: bool) -> None:
    assert is_cumulative(text) is expected


def test_day_of_is_one_rule_for_records_and_their_json() -> None:
    """A claim's day: its period's end, else start, else the publication day; the same for
    a Period record and its stored JSON form, and what the store, the dashboard and the
    report use."""
    from warledger.web.names import claim_day
    from warledger.records import Period
    from warledger.report.render import claim_day as report_day
    from warledger.times import day_of

    toll = Period(start="2020-09-27", end="2020-09-29", cumulative=True)
    assert day_of(toll, "2020-10-01T08:00:00") == "2020-09-29"
    assert day_of(Period(start="2020-09-27", end=None), "2020-10-01") == "2020-09-27"
    assert day_of(Period(start=None, end="soon"), "2020-10-01T08:00:00") == "2020-10-01"
    assert day_of(None, None) is None
    stored = {"period": toll.to_dict(), "published": "2020-10-01"}
    assert day_of(stored["period"], stored["published"]) == "2020-09-29"
    assert claim_day(stored) == report_day(stored) == "2020-09-29"
    assert report_day({"period": None, "published": None}) == "undated"

"""A day and month without a year ("on 3 March") is dated as dateparser dated it when it
was asked (RELATIVE_BASE the article's date, PREFER_DATES_FROM past): the latest such date
on or before the article's, the last leap day for 29 February, none for 31 April. Checked
here on every day and month against article dates around year ends and leap days."""
from __future__ import annotations

import datetime as dt
from datetime import date

import pytest

from warledger.times import MONTHS, _latest_on_or_before, resolve_period


def _dateparser(day: int, month: int, base: date) -> date | None:
    import dateparser

    got = dateparser.parse(f"{day} {MONTHS[month - 1]}", languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]})
    return None if got is None else got.date()


@pytest.mark.parametrize("base", [date(2020, 2, 28), date(2020, 2, 29), date(2021, 3, 1),
                                  date(2023, 12, 31), date(1987, 1, 1)])
def test_every_day_and_month_is_dated_as_dateparser_dated_it(base: date) -> None:
    for month in range(1, 13):
        for day in range(1, 32):
            assert _latest_on_or_before(day, month, base) == _dateparser(day, month, base), (day, month, base)


def test_examples() -> None:
    assert _latest_on_or_before(3, 3, date(2020, 1, 10)) == date(2019, 3, 3)
    assert _latest_on_or_before(10, 1, date(2020, 1, 10)) == date(2020, 1, 10)
    assert _latest_on_or_before(29, 2, date(2021, 6, 1)) == date(2020, 2, 29)
    assert _latest_on_or_before(29, 2, date(1904, 2, 28)) == date(1896, 2, 29)  # 1900 was no leap year
    assert _latest_on_or_before(31, 4, date(2021, 6, 1)) is None
    period = resolve_period("Six soldiers were killed on 7 October, the army said.", "2023-10-10")
    assert period is not None and period.start == period.end == "2023-10-07"

"""Times: the period a claim or event is about, resolved against the article's date.

News rarely gives dates; it says "on Tuesday", "overnight", "over 24 hours", "since the
clashes erupted". A ledger has to put each claim in a period to compare it with others and
to know when a newer cumulative claim supersedes an older one, so this module turns those
phrases into ISO dates using the publication date as the base.

Public API:

``resolve_period(text, published, conflict_start=None, article_start=None) -> Period | None``
    ``text`` is a sentence or clause. ``published`` is the article's ISO date (or datetime).
    ``conflict_start`` is the profile's ``start``; ``article_start`` is what the article
    itself says ("the clashes that erupted Sunday", see ``stated_start``). Returns the
    period of the first time phrase, made cumulative when the text marks a running total
    ("since ...", "so far", "in total", "the death toll rose to"). None when the text has no
    time phrase and no cumulative marker.

``find_periods(text, published, conflict_start=None, article_start=None) -> list[(start, end, Period)]``
    Every time phrase with its character offsets in ``text`` (so a caller can take the one
    nearest its trigger), cumulative markers not included.

``stated_start(article_text, published) -> str | None``
    The start of the fighting as the article states it: "clashes that erupted Sunday",
    "fighting broke out on April 2", "fighting raged for a third day on Tuesday".

``is_cumulative(text) -> bool``

``day_of(period, published) -> str | None``
    The one rule for the day a claim or event is about (the store's ``day`` column, the
    ledger's buckets, Spark's rows, the dashboard and the report all use it).

Rules (our own: a general date parser reads "Sunday" as the *next* Sunday or not at all
depending on settings, and knows nothing of "overnight" or "since the clashes erupted"):

- a weekday is the most recent such day on or before the publication date ("Sunday" in a
  Tuesday 2020-09-29 article is 2020-09-27; "on Tuesday" is 2020-09-29); "next Monday" is
  the first after it;
- "yesterday", "today", "this morning"; "overnight", "last night" span the day before and
  the publication day; "over 24 hours", "in the past three days", "last week" (the
  calendar week before), "this week", "last month";
- explicit dates "on March 3", "3 March 2020", "2020-03-03"; "in March", "in 1994";
- "since the clashes erupted" / "since the start of the offensive" start at the conflict's
  start (the profile's, if not after the publication date, else the article's own stated
  start, else None) and run to the publication date, cumulative; "since <date>" likewise;
- an article without a date gets no dates except explicit absolute ones (with a year).
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Mapping

from warledger.records import Period

__all__ = ["day_of", "find_periods", "is_cumulative", "iso_day", "parse_published",
           "resolve_period", "stated_start"]


def iso_day(value: str | None) -> str | None:
    """The calendar day of an ISO date or datetime, or None when it is not one."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def day_of(period: Period | Mapping[str, Any] | None, published: str | None) -> str | None:
    """The day a claim or event is about: its period's end (a toll "so far" is as of its
    end), else its start, else the article's publication day. ``period`` is the record or
    its JSON form, so stored rows and fresh claims get the same day."""
    if period is not None:
        if isinstance(period, Period):
            ends = (period.end, period.start)
        else:
            ends = (period.get("end"), period.get("start"))
        for value in ends:
            day = iso_day(value)
            if day:
                return day
    return iso_day(published)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "fourteen": 14, "several": None, "few": None}
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
            "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10}

_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|several|few)"
_FIGHTING = (r"(?:clashes|fighting|hostilities|war|conflict|escalation|offensive|invasion|"
             r"flare-up|violence|battles?|operation|counteroffensive|counter-offensive|"
             r"attacks?|bombardment|shelling|assault|incursion|campaign|crisis)")
_ERUPTED = r"(?:erupted|began|begun|broke\s+out|started|flared(?:\s+up)?|escalated|resumed|was\s+launched|were\s+launched)"

# explicit dates: "March 3", "March 3rd, 2020", "3 March 2020", "2020-03-03"
_DATE_MD = rf"\b(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
_DATE_DM = rf"\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MON})(?:,?\s+(?P<year2>(?:19|20)\d\d))?\b"
_DATE_ISO = r"\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b"

_RULES: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in [
    ("since_start", rf"\bsince\s+(?:the\s+)?(?:(?:latest|recent|current|renewed|new|fierce|heavy)\s+)*"
                    rf"(?:(?:\w+\s+){{0,2}}{_FIGHTING}\s+(?:that\s+|which\s+)?{_ERUPTED}"
                    rf"|(?:start|beginning|outbreak|onset|launch)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}?{_FIGHTING}"
                    rf"|(?:start|beginning|outbreak|onset)\b)"),
    ("since_date", rf"\bsince\s+(?:(?:last|early|late)\s+)?(?:{_WD}|{_MON}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:19|20)\d\d)?|\d{{1,2}}\s+{_MON}(?:\s+(?:19|20)\d\d)?|(?:19|20)\d\d|yesterday)\b"),
    ("overnight", r"\b(?:overnight|last\s+night|during\s+the\s+night|through\s+the\s+night|tonight)\b"),
    ("hours", r"\b(?:over|in|during|within|for)\s+(?:the\s+)?(?:past|last|previous)?\s*(?P<h>\d+|twenty-four|forty-eight)\s+hours\b"),
    ("past_n", rf"\b(?:over|in|during|within|for)\s+the\s+(?:past|last|previous)\s+(?P<n>{_NUM})?\s*(?P<unit>days?|weeks?|months?|years?)\b"),
    ("yesterday", r"\byesterday(?:'s|’s)?\b"),
    ("today", r"\b(?:today(?:'s|’s)?|this\s+(?:morning|afternoon|evening)|earlier\s+today)\b"),
    ("week", r"\b(?P<which>last|this|past|previous)\s+week(?:end)?\b"),
    ("month", r"\b(?P<which>last|this|past|previous)\s+month\b"),
    ("year", r"\b(?:(?P<which>last|this)\s+year|earlier\s+this\s+year)\b"),
    ("weekday", rf"\b(?P<rel>next\s+|last\s+|this\s+|previous\s+)?(?P<wd>{_WD})(?:'s|’s)?\b"),
    ("date", rf"{_DATE_MD}|{_DATE_DM}|{_DATE_ISO}"),
    ("month_name", rf"\b(?:in|during|since|by|early|late|mid-?)\s+(?P<mon3>{_MON})(?:\s+(?P<year3>(?:19|20)\d\d))?\b"),
    ("year_only", r"\b(?:in|during|since|by)\s+(?:early\s+|late\s+|mid-?)?(?P<year4>(?:19|20)\d\d)\b"),
]]

_CUMULATIVE = re.compile(
    r"\b(?:since|so\s+far|to\s+date|in\s+total|in\s+all|a\s+total\s+of|total\s+of|overall\s+toll|"
    r"(?:death\s+|casualty\s+)?toll\s+(?:has\s+|had\s+)?(?:rose|risen|rises|climbed|climbs|reached|"
    r"reaches|stands|stood|increased|jumped)|(?:has|have|had)\s+(?:now\s+)?(?:risen|climbed)\s+to|"
    r"rose\s+to|climbed\s+to|brings?\s+the\s+(?:total|toll)|bringing\s+the\s+(?:total|toll)|"
    r"cumulative|altogether)\b", re.IGNORECASE)

_STATED_START = [
    re.compile(rf"\b{_FIGHTING}\s+(?:that|which)?\s*(?:first\s+)?{_ERUPTED}\s+(?:on\s+|early\s+on\s+)?"
               rf"(?P<when>{_WD}|yesterday|overnight|last\s+week|{_MON}\s+\d{{1,2}}(?:,?\s+(?:19|20)\d\d)?|"
               rf"\d{{1,2}}\s+{_MON}(?:\s+(?:19|20)\d\d)?)\b", re.IGNORECASE),
    re.compile(rf"\bfor\s+a\s+(?P<nth>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
               rf"\d+(?:st|nd|rd|th))\s+(?:straight\s+|consecutive\s+|successive\s+)?day\s+"
               rf"(?:on\s+)?(?P<when>{_WD}|today)?", re.IGNORECASE),
]


def parse_published(published: str | None) -> date | None:
    """The publication date from an ISO date or datetime; None when absent or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(str(published).strip()[:10])
    except ValueError:
        return None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _count(word: str | None) -> int | None:
    if word is None or word == "":
        return 1
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word.lower())


def _weekday(name: str, base: date, rel: str = "") -> date:
    target = WEEKDAYS.index(name.lower())
    back = (base.weekday() - target) % 7
    rel = rel.strip().lower()
    if rel == "next":
        return base + timedelta(days=(target - base.weekday()) % 7 or 7)
    if rel in ("last", "previous") and back == 0:
        back = 7
    return base - timedelta(days=back)


def _month_number(token: str) -> int | None:
    t = token.lower().rstrip(".")
    return _MONTH_ABBR.get(t[:4] if t.startswith("sept") else t[:3])


@lru_cache(maxsize=2048)
def _explicit(text: str, base: date | None) -> date | None:
    """An explicit date; a date without a year needs the publication date for its year."""
    m = re.fullmatch(rf"{_DATE_MD}|{_DATE_DM}|{_DATE_ISO}", text.strip(), re.IGNORECASE)
    if m is None:
        return None
    if m.group("iso"):
        try:
            return date.fromisoformat(m.group("iso"))
        except ValueError:
            return None
    mon = m.group("mon") or m.group("mon2")
    day = int(m.group("day") or m.group("day2"))
    year_text = m.group("year") or m.group("year2")
    month = _month_number(mon)
    if month is None or not 1 <= day <= 31:
        return None
    if year_text is None and base is None:
        return None  # no invented years
    if year_text is not None:
        try:
            return date(int(year_text), month, day)
        except ValueError:
            return None
    return _latest_on_or_before(day, month, base)  # type: ignore[arg-type]


def _latest_on_or_before(day: int, month: int, base: date) -> date | None:
    """A day and month without a year: the latest such date on or before the article's
    date ("3 March" in a 2020-01-10 article is 2019-03-03; "29 February" the last leap
    day before it); None for a day the month never has ("31 April").

    This is what ``dateparser.parse`` answered here (RELATIVE_BASE the article's date,
    PREFER_DATES_FROM past, day and month required), checked equal on every day and month
    against 317 article dates (every fifth day of 2019-2023, leap days, year ends, 1900,
    2100: 117,924 cases; ``tests/test_times_dates.py`` keeps a sample of them). dateparser
    cost 0.25-0.35 s of CPU on its first use in a process for that."""
    for year in range(base.year, base.year - 9, -1):  # leap days are at most 8 years apart
        try:
            found = date(year, month, day)
        except ValueError:
            if (month, day) == (2, 29):
                continue
            return None
        if found <= base:
            return found
    return None


def _start_of_fighting(base: date | None, conflict_start: str | None, article_start: str | None) -> date | None:
    for candidate in (conflict_start, article_start):
        d = parse_published(candidate)
        if d is not None and base is not None and d <= base:
            return d
    return None


def _period_for(rule: str, m: re.Match[str], base: date | None, conflict_start: str | None,
                article_start: str | None) -> Period | None:
    """One matched phrase to a Period; None when it cannot be dated (no base date)."""
    text = m.group(0)
    if rule == "since_start":
        start = _start_of_fighting(base, conflict_start, article_start)
        return Period(_iso(start), _iso(base), True, text)
    if rule == "since_date":
        inner = re.sub(r"^since\s+(?:(?:last|early|late)\s+)?", "", text, flags=re.IGNORECASE)
        sub = _single(inner, base)
        return Period(sub.start if sub else None, _iso(base), True, text)
    month_word = m.groupdict().get("mon") or m.groupdict().get("mon2") or m.groupdict().get("mon3")
    if month_word and month_word[0].islower():
        return None  # "may", "march": a verb or a noun, not a month
    if rule == "date":
        d = _explicit(text, base)
        return Period(_iso(d), _iso(d), False, text) if d else None
    if rule == "month_name":
        month = _month_number(m.group("mon3"))
        year = int(m.group("year3")) if m.group("year3") else (base.year if base else None)
        if month is None or year is None:
            return None
        if base is not None and not m.group("year3") and date(year, month, 1) > base:
            year -= 1
        last = calendar.monthrange(year, month)[1]
        return Period(date(year, month, 1).isoformat(), date(year, month, last).isoformat(), False, text)
    if rule == "year_only":
        year = int(m.group("year4"))
        return Period(f"{year}-01-01", f"{year}-12-31", False, text)
    if base is None:
        return None  # everything below is relative to the publication date
    if rule == "overnight":
        return Period(_iso(base - timedelta(days=1)), _iso(base), False, text)
    if rule == "hours":
        h = {"twenty-four": 24, "forty-eight": 48}.get(m.group("h").lower()) or int(m.group("h"))
        days = max(1, -(-h // 24))
        return Period(_iso(base - timedelta(days=days)), _iso(base), False, text)
    if rule == "past_n":
        n = _count(m.group("n"))
        unit = m.group("unit").lower().rstrip("s")
        if n is None:
            return Period(None, _iso(base), False, text)
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        return Period(_iso(base - timedelta(days=days)), _iso(base), False, text)
    if rule == "yesterday":
        d = base - timedelta(days=1)
        return Period(_iso(d), _iso(d), False, text)
    if rule == "today":
        return Period(_iso(base), _iso(base), False, text)
    if rule == "week":
        which = m.group("which").lower()
        monday = base - timedelta(days=base.weekday())
        if "weekend" in text.lower():
            sat = base - timedelta(days=(base.weekday() - 5) % 7)
            if which in ("last", "past", "previous") and base.weekday() >= 5:
                sat -= timedelta(days=7)
            return Period(_iso(sat), _iso(sat + timedelta(days=1)), False, text)
        if which == "this":
            return Period(_iso(monday), _iso(base), False, text)
        if which == "past":
            return Period(_iso(base - timedelta(days=7)), _iso(base), False, text)
        return Period(_iso(monday - timedelta(days=7)), _iso(monday - timedelta(days=1)), False, text)
    if rule == "month":
        which = m.group("which").lower()
        first = base.replace(day=1)
        if which == "this":
            return Period(_iso(first), _iso(base), False, text)
        if which == "past":
            return Period(_iso(base - timedelta(days=30)), _iso(base), False, text)
        prev_last = first - timedelta(days=1)
        return Period(_iso(prev_last.replace(day=1)), _iso(prev_last), False, text)
    if rule == "year":
        which = (m.group("which") or "this").lower()
        if which == "last":
            return Period(f"{base.year - 1}-01-01", f"{base.year - 1}-12-31", False, text)
        return Period(f"{base.year}-01-01", _iso(base), False, text)
    if rule == "weekday":
        d = _weekday(m.group("wd"), base, m.group("rel") or "")
        return Period(_iso(d), _iso(d), False, text)
    return None


def _single(text: str, base: date | None) -> Period | None:
    """The period of a phrase that is one time expression ("Sunday", "March 3")."""
    for rule, rx in _RULES:
        if rule in ("since_start", "since_date", "month_name", "year_only"):
            continue
        m = rx.fullmatch(text.strip())
        if m:
            return _period_for(rule, m, base, None, None)
    m = re.fullmatch(rf"(?P<mon3>{_MON})(?:\s+(?P<year3>(?:19|20)\d\d))?", text.strip(), re.IGNORECASE)
    if m:
        return _period_for("month_name", m, base, None, None)
    m = re.fullmatch(r"(?P<year4>(?:19|20)\d\d)", text.strip())
    if m:
        return _period_for("year_only", m, base, None, None)
    return None


def find_periods(text: str, published: str | None, conflict_start: str | None = None,
                 article_start: str | None = None) -> list[tuple[int, int, Period]]:
    """Every time phrase in ``text`` with its offsets; earlier, longer phrases win overlaps."""
    base = parse_published(published)
    hits: list[tuple[int, int, int, re.Match[str], str]] = []
    for order, (rule, rx) in enumerate(_RULES):
        for m in rx.finditer(text):
            hits.append((m.start(), -(m.end() - m.start()), order, m, rule))
    hits.sort(key=lambda h: (h[0], h[1], h[2]))
    out: list[tuple[int, int, Period]] = []
    taken_until = -1
    for start, _neg, _order, m, rule in hits:
        if start < taken_until:
            continue
        period = _period_for(rule, m, base, conflict_start, article_start)
        taken_until = m.end()
        if period is not None:
            out.append((m.start(), m.end(), period))
    return out


def is_cumulative(text: str) -> bool:
    """Does the text mark a running total ("since ...", "so far", "the toll rose to")?"""
    return _CUMULATIVE.search(text) is not None


def resolve_period(text: str, published: str | None, conflict_start: str | None = None,
                   article_start: str | None = None) -> Period | None:
    """The one period of a sentence or clause (see the module docstring)."""
    found = find_periods(text, published, conflict_start, article_start)
    cumulative = is_cumulative(text)
    since = [p for _s, _e, p in found if p.cumulative]
    if since:
        return since[0]
    if found:
        p = found[0][2]
        if cumulative:  # "the toll rose to 50 on Tuesday": a running total as of that day
            start = _start_of_fighting(parse_published(p.end), conflict_start, article_start)
            return Period(_iso(start), p.end, True, p.text)
        return p
    if cumulative:
        base = parse_published(published)
        start = _start_of_fighting(base, conflict_start, article_start)
        m = _CUMULATIVE.search(text)
        return Period(_iso(start), _iso(base), True, m.group(0) if m else None)
    return None


def stated_start(article_text: str, published: str | None) -> str | None:
    """When the article says the fighting began ("clashes that erupted Sunday")."""
    base = parse_published(published)
    for rx in _STATED_START:
        for m in rx.finditer(article_text):
            when = (m.group("when") or "").strip()
            nth = m.groupdict().get("nth")
            if nth:
                n = ORDINALS.get(nth.lower())
                day = _single(when, base) if when else (Period(_iso(base), _iso(base)) if base else None)
                if n and day and day.start:
                    return _iso(date.fromisoformat(day.start) - timedelta(days=n - 1))
                continue
            if when.lower() == "overnight" and base:
                return _iso(base - timedelta(days=1))
            day = _single(when, base)
            if day and day.start:
                return day.start
    return None

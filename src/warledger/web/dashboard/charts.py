"""Geometry for the dashboard's inline SVG charts: ledger bars and timelines.

The figures are computed here in plain Python and drawn by the templates, so the
templates stay declarative (and autoescaped) and the arithmetic can be tested without a
browser. Nothing is fetched from anywhere: no chart library. (The map is ``maps.py``.)

Colour always says *who says it* (one colour per side, ``names.side_colour``); the fill
pattern says how that claimant stands to the target: solid for what a side admits,
hatched for what its adversary claims, dotted for third parties.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from warledger.web.names import THIRD, UNKNOWN, count_text, side_colour, side_name

PEOPLE = ("civilians", "military", "people")


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) covering ``span`` in ~``ticks``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def axis_ticks(high: float, ticks: int = 5) -> list[float]:
    step = max(nice_step(high, ticks), 1.0)  # counts are whole: no 0.5 ticks
    top = math.ceil(high / step) * step if high > 0 else step
    n = int(round(top / step))
    return [i * step for i in range(n + 1)]


def num(v: float | None) -> str:
    if v is None:
        return "?"
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"


def fig_range(lo: float | None, hi: float | None) -> str:
    """``12`` or ``12–15``; ``≥12`` when only a floor is known, ``≤15`` only a ceiling."""
    if lo is None and hi is None:
        return ""
    if lo is None:
        return f"≤{num(hi)}"
    if hi is None:
        return f"≥{num(lo)}"
    return num(lo) if lo == hi else f"{num(lo)}–{num(hi)}"


# --------------------------------------------------------------------------- ledger bars


@dataclass(frozen=True)
class Bar:
    """One source's figure for a ledger group: solid to ``low``, paler to ``high``."""

    label: str  # admitted, adversary claims, third parties
    css: str  # bar-admitted, bar-adversary, bar-third (the pattern)
    colour: str  # the claimant side's colour
    fill: str  # an SVG paint: the colour, or url(#pattern-id)
    x_low: float
    x_high: float
    y: float
    height: float
    low: float | None
    high: float | None
    value: str  # the figure written on the bar
    href: str | None
    title: str
    text_x: float = 0.0  # where the figure is written (clear of the best-estimate tick)


@dataclass(frozen=True)
class BarGroup:
    label: str  # "Armenia (ARM): killed, military"
    sub: str  # conflict and period
    y: float
    bars: tuple[Bar, ...]
    best_x: float | None
    best: float | None
    href: str | None


@dataclass(frozen=True)
class BarPanel:
    """One small multiple: people, materiel or incidents, each on its own scale."""

    title: str
    slug: str
    width: int
    height: int
    left: int
    plot_width: float
    groups: tuple[BarGroup, ...]
    ticks: tuple[tuple[float, str], ...]
    patterns: tuple[tuple[str, str, str], ...]  # (id, kind, colour) for <defs>


SOURCES = (("admitted", "admitted", "bar-admitted"),
           ("adversary", "adversary claims", "bar-adversary"),
           ("third_party", "third parties", "bar-third"))
PANELS = (("people", "People killed, wounded, captured, missing"),
          ("materiel", "Materiel destroyed, damaged, captured"),
          ("incidents", "Attacks and incidents counted"))


def panel_of(row: dict[str, Any]) -> str:
    if row.get("kind") == "attacks" or row.get("category") == "incidents":
        return "incidents"
    return "people" if row.get("category") in PEOPLE else "materiel"


def _claimant_of(row: dict[str, Any], key: str) -> str:
    """Whose colour a bar takes: the target side for an admission, the adversary's
    (first) claimant side for its claims, THIRD for third parties."""
    if key == "admitted":
        return str(row.get("side") or UNKNOWN)
    if key == "third_party":
        return THIRD
    claimants = (row.get(key) or {}).get("claimants") or ()
    return str(claimants[0]) if claimants else UNKNOWN


def _pattern_id(panel: str, css: str, colour: str) -> str:
    return f"{panel}-{css.split('-', 1)[1]}-{colour.lstrip('#')}"


def ledger_panels(rows: list[dict[str, Any]],
                  claims_href: Callable[[dict[str, Any], str | None], str],
                  width: int = 380) -> list[BarPanel]:
    """The ledger as small multiples (people / materiel / incidents, and per war when the
    rows hold several), each with its own linear scale so 3 helicopters are not a sliver
    beside 300 soldiers, nor one war's dozens beside another's hundreds; every bar carries
    its figure and links to the claims behind it (``claims_href(row, column)``; column
    None: the whole row)."""
    drawn = [r for r in rows if any(_fig(r.get(k)) for k, _, _ in SOURCES)
             or r.get("best") is not None]
    conflicts = list(dict.fromkeys(str(r.get("conflict") or "") for r in drawn))
    panels = []
    for conflict in conflicts:
        for slug, title in PANELS:
            mine = [r for r in drawn if panel_of(r) == slug
                    and str(r.get("conflict") or "") == conflict]
            if not mine:
                continue
            if len(conflicts) > 1:
                slug = f"{conflict or 'none'}-{slug}"
                title = f"{conflict or 'no conflict'}: {title[0].lower()}{title[1:]}"
            panels.append(_panel(mine, slug, title, claims_href, width,
                                 name_conflict=len(conflicts) == 1))
    return panels


def _panel(rows: list[dict[str, Any]], slug: str, title: str,
           claims_href: Callable[[dict[str, Any], str | None], str], width: int,
           name_conflict: bool = True) -> BarPanel:
    top = 0.0
    for r in rows:
        for k, _, _ in SOURCES:
            lo, hi = _fig(r.get(k)) or (None, None)
            top = max(top, hi or 0, lo or 0)
        top = max(top, float(r.get("high") or 0), float(r.get("best") or 0))
    ticks = axis_ticks(top or 1, 4)
    scale_top = ticks[-1] or 1
    left, value_room = 6, 64
    plot_width = width - left - value_room
    bar_h, bar_gap, head = 13, 3, 30
    patterns: dict[str, tuple[str, str, str]] = {}
    groups: list[BarGroup] = []
    y = 22.0

    def x_of(v: float | None) -> float:
        return round(left + plot_width * (v or 0) / scale_top, 1)

    for r in rows:
        bars = []
        best = r.get("best")
        best_x = x_of(float(best)) if best is not None else None
        period = period_text(r.get("period"))
        sub = " · ".join(x for x in (str(r.get("conflict") or "") if name_conflict else "",
                                     period) if x)
        by = y + (head if sub else head - 12)
        for key, label, css in SOURCES:
            fig = _fig(r.get(key))
            if not fig:
                continue
            lo, hi = fig
            lo_v = lo if lo is not None else hi
            hi_v = hi if hi is not None else lo
            claimant = _claimant_of(r, key)
            colour = side_colour(claimant)
            fill = colour
            if css != "bar-admitted":
                pid = _pattern_id(slug, css, colour)
                patterns[pid] = (pid, css, colour)
                fill = f"url(#{pid})"
            ids = (r.get(key) or {}).get("claim_ids") or ()
            value = fig_range(lo, hi)
            who = side_name(claimant) if key != "third_party" else "third parties"
            text_x = max(x_of(lo_v), x_of(hi_v)) + 4
            if best_x is not None and text_x - 6 <= best_x <= text_x + 8:
                text_x = best_x + 5
            bars.append(Bar(label=label, css=css, colour=colour, fill=fill,
                            x_low=x_of(lo_v), x_high=x_of(hi_v), y=by, height=bar_h,
                            low=lo_v, high=hi_v, value=value,
                            href=claims_href(r, key) if ids else None,
                            title=f"{label} ({who}): {value}", text_x=text_x))
            by += bar_h + bar_gap
        groups.append(BarGroup(label=group_head(r), sub=sub, y=y, bars=tuple(bars),
                               best_x=best_x,
                               best=best, href=claims_href(r, None)))
        y = by + 12
    return BarPanel(title=title, slug=slug, width=width, height=int(y), left=left,
                    plot_width=plot_width, groups=tuple(groups),
                    ticks=tuple((x_of(t), num(t)) for t in ticks),
                    patterns=tuple(patterns.values()))


def group_label(r: dict[str, Any]) -> str:
    """``Armenia (ARM): killed, military (2020-09-28 – 2020-09-30)``: a group in words."""
    period = period_text(r.get("period"))
    return group_head(r) + (f" ({period})" if period else "")


def group_head(r: dict[str, Any]) -> str:
    side = r.get("side")
    name = side_name(side)
    who = f"{name} ({side})" if side and name != side and side not in (THIRD, UNKNOWN) else name
    return f"{who}: {r.get('kind') or '?'}, {r.get('category') or '?'}"


def period_text(period: Any) -> str:
    """A ledger period as one day or ``start – end``."""
    if isinstance(period, dict):
        start, end = period.get("start"), period.get("end")
        if start and end and start != end:
            return f"{str(start)[:10]} – {str(end)[:10]}"
        return str(start or end or period.get("bucket") or "")[:10]
    return str(period or "")


def _fig(value: Any) -> tuple[float | None, float | None] | None:
    if not isinstance(value, dict):
        return None
    lo, hi = value.get("low"), value.get("high")
    if lo is None and hi is None:
        return None
    return (float(lo) if lo is not None else None, float(hi) if hi is not None else None)


# --------------------------------------------------------------------------- time axis


@dataclass(frozen=True)
class Slot:
    """One bar's place on a time axis: a day, a week or a month."""

    start: str  # ISO day
    end: str  # ISO day, inclusive
    x: float
    width: float


@dataclass(frozen=True)
class Gap:
    """Empty time left out of the axis, drawn as a break with its length."""

    x: float
    width: float
    label: str


@dataclass(frozen=True)
class TimeAxis:
    unit: str  # day, week, month
    slots: tuple[Slot, ...]
    gaps: tuple[Gap, ...]
    ticks: tuple[tuple[float, str], ...]

    def slot_of(self, day: str) -> Slot | None:
        for s in self.slots:
            if s.start <= day <= s.end:
                return s
        return None

    def breaks_between(self, a: str, b: str) -> bool:
        """True when a gap of the axis lies between days ``a`` and ``b``."""
        sa, sb = self.slot_of(a), self.slot_of(b)
        if sa is None or sb is None:
            return True
        return any(sa.x < g.x < sb.x for g in self.gaps)


def _bucket(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day + dt.timedelta(days=7)
    if unit == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=1)


def _span_words(a: dt.date, b: dt.date) -> str:
    days = (b - a).days
    if days >= 730:
        return f"{days // 365} years"
    if days >= 60:
        return f"{days // 30} months"
    if days >= 14:
        return f"{days // 7} weeks"
    return f"{days} days"


def time_axis(days: Iterable[str], left: float, width: float, max_slots: int = 90,
              gap_width: float = 34) -> TimeAxis:
    """Calendar slots for ``days``: days, else weeks, else months, whichever keeps the bars
    countable; stretches with nothing in them longer than a few slots are cut out and
    drawn as a labelled break, so two wars years apart do not become one flat line."""
    dates = sorted({dt.date.fromisoformat(d[:10]) for d in days if d})
    if not dates:
        return TimeAxis("day", (), (), ())
    for unit in ("day", "week", "month"):
        runs = _runs(dates, unit)
        if sum(len(r) for r in runs) <= max_slots:
            break
    n_slots = sum(len(r) for r in runs)
    n_gaps = len(runs) - 1
    slot_w = (width - n_gaps * gap_width) / max(n_slots, 1)
    slot_w = min(slot_w, 60.0)
    used = n_slots * slot_w + n_gaps * gap_width
    x = left + (width - used) / 2
    slots: list[Slot] = []
    gaps: list[Gap] = []
    ticks: list[tuple[float, str]] = []
    every = max(1, math.ceil(n_slots / max(1, int(width // 70))))
    k = 0
    for i, run in enumerate(runs):
        if i:
            prev_end = _next(runs[i - 1][-1], unit)
            gaps.append(Gap(x=round(x + gap_width / 2, 1), width=gap_width,
                            label=_span_words(prev_end, run[0])))
            x += gap_width
        for j, start in enumerate(run):
            end = _next(start, unit) - dt.timedelta(days=1)
            slots.append(Slot(start.isoformat(), end.isoformat(), round(x, 1), round(slot_w, 1)))
            if j == 0 or k % every == 0:
                label = start.strftime("%Y-%m") if unit == "month" else start.isoformat()
                if not ticks or x - ticks[-1][0] > 64:
                    ticks.append((round(x + slot_w / 2, 1), label))
            x += slot_w
            k += 1
    return TimeAxis(unit, tuple(slots), tuple(gaps), tuple(ticks))


def _runs(dates: list[dt.date], unit: str, join: int = 3) -> list[list[dt.date]]:
    """Consecutive slots holding the dates; runs closer than ``join`` empty slots merge."""
    buckets = sorted({_bucket(d, unit) for d in dates})
    runs: list[list[dt.date]] = [[buckets[0]]]
    for b in buckets[1:]:
        cur = runs[-1][-1]
        steps, probe = 0, cur
        while probe < b and steps <= join + 1:
            probe = _next(probe, unit)
            steps += 1
        if probe == b and steps <= join + 1:
            while runs[-1][-1] < b:
                runs[-1].append(_next(runs[-1][-1], unit))
        else:
            runs.append([b])
    return runs


# --------------------------------------------------------------------------- timelines


@dataclass(frozen=True)
class Segment:
    """A piece of a stacked bar: one claimant side's claims in one slot."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    href: str | None
    title: str


@dataclass(frozen=True)
class TimeChart:
    """What every chart over the broken time axis has, bars or steps: its size, the plot
    area inside the margins, the axis's breaks and ticks (``_filters.html``'s ``axes``
    and ``gaps`` draw them for both), or ``empty`` when there is nothing to draw."""

    width: int
    height: int
    left: int
    top: int
    plot_width: float
    plot_height: float
    gaps: tuple[Gap, ...] = ()
    x_ticks: tuple[tuple[float, str], ...] = ()
    y_ticks: tuple[tuple[float, str], ...] = ()
    empty: bool = False

    @classmethod
    def frame(cls, width: int, height: int, margins: tuple[int, int, int, int]
              ) -> dict[str, Any]:
        """The size and plot area of a chart ``width`` x ``height`` with ``margins``
        (left, top, right, bottom), as the fields above."""
        left, top, right, bottom = margins
        return {"width": width, "height": height, "left": left, "top": top,
                "plot_width": width - left - right, "plot_height": height - top - bottom}


def _value_scale(vmax: float, top: int, ph: float) -> tuple[float, tuple[tuple[float, str], ...]]:
    """The value at the top of a plot ``ph`` high (a round number at or above ``vmax``)
    and the y ticks down to 0."""
    yt = axis_ticks(vmax or 1, 4)
    ytop = yt[-1] or 1
    return ytop, tuple((round(top + ph - ph * v / ytop, 1), num(v)) for v in yt)


@dataclass(frozen=True, kw_only=True)
class BarTimeline(TimeChart):
    unit: str = "day"
    segments: tuple[Segment, ...] = ()
    legend: tuple[tuple[str, str], ...] = ()  # (label, colour)


def bar_timeline(counts: dict[str, dict[str, int]],
                 href: Callable[[str, str, str], str | None],
                 width: int = 720, height: int = 260) -> BarTimeline:
    """Claims per day (or week, month) stacked by claimant side. ``counts``: side ->
    {day: n}; ``href(side, start, end)`` links a segment to its claims."""
    frame = TimeChart.frame(width, height, (40, 12, 10, 40))
    left, top, pw, ph = frame["left"], frame["top"], frame["plot_width"], frame["plot_height"]
    days = [d for per in counts.values() for d in per]
    axis = time_axis(days, left, pw)
    if not axis.slots:
        return BarTimeline(**frame, empty=True)
    per_slot: dict[str, dict[str, int]] = {}
    for side, per in counts.items():
        for day, n in per.items():
            slot = axis.slot_of(day[:10])
            if slot is not None:
                bucket = per_slot.setdefault(slot.start, {})
                bucket[side] = bucket.get(side, 0) + n
    ytop, y_ticks = _value_scale(max((sum(v.values()) for v in per_slot.values()), default=1),
                                 top, ph)
    sides = sorted(counts)
    segments = []
    for slot in axis.slots:
        stack = per_slot.get(slot.start) or {}
        base: float = top + ph
        bar_w = max(slot.width - max(1.0, slot.width * 0.2), 1.0)
        for side in sides:
            n = stack.get(side, 0)
            if not n:
                continue
            h = ph * n / ytop
            when = slot.start if slot.start == slot.end else f"{slot.start} – {slot.end}"
            segments.append(Segment(x=round(slot.x + (slot.width - bar_w) / 2, 1),
                                    y=round(base - h, 1), width=round(bar_w, 1),
                                    height=round(h, 1), fill=side_colour(side),
                                    href=href(side, slot.start, slot.end),
                                    title=f"{side_name(side)}: {n} claim{'s' if n != 1 else ''}, {when}"))
            base -= h
    return BarTimeline(**frame, gaps=axis.gaps, x_ticks=axis.ticks, y_ticks=y_ticks,
                       unit=axis.unit, segments=tuple(segments),
                       legend=tuple((side_name(s), side_colour(s)) for s in sides))


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    date: str
    href: str | None
    title: str


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    dash: str  # SVG stroke-dasharray: "" solid; a claimant's further series are dashed
    path: str  # SVG path data
    points: tuple[Point, ...]

    @property
    def dashed(self) -> bool:
        return bool(self.dash)


@dataclass(frozen=True, kw_only=True)
class StepChart(TimeChart):
    series: tuple[Series, ...] = ()


DASHES = ("", "7 4", "2 3", "9 3 2 3")


def step_chart(series_data: dict[str, list[tuple[str, float, str | None, str]]],
               colours: dict[str, str], dashes: dict[str, int] | Iterable[str] | None = None,
               width: int = 720, height: int = 280) -> StepChart:
    """Each claimant's running figure as steps over the same broken time axis as the bars:
    a step holds until the next claim and the line stops at a break in the axis.
    ``series_data``: label -> [(day, value, href, title)]; ``dashes``: label -> dash
    style (0 solid, 1 dashed, 2 dotted, 3 dash-dot), or the labels to draw dashed."""
    frame = TimeChart.frame(width, height, (48, 14, 16, 40))
    left, top, pw, ph = frame["left"], frame["top"], frame["plot_width"], frame["plot_height"]
    dashes = dict(dashes) if isinstance(dashes, dict) else {label: 1 for label in dashes or ()}
    axis = time_axis([d for pts in series_data.values() for d, *_ in pts], left, pw)
    if not axis.slots:
        return StepChart(**frame, empty=True)
    ytop, y_ticks = _value_scale(max((v for pts in series_data.values() for _, v, *_ in pts),
                                     default=1), top, ph)

    def xof(day: str) -> float:
        s = axis.slot_of(day)
        return round(s.x + s.width / 2, 1) if s else float(left)

    def yof(v: float) -> float:
        return round(top + ph - ph * v / ytop, 1)

    series: list[Series] = []
    for label, pts in series_data.items():
        pts = sorted(pts, key=lambda p: p[0])
        points = tuple(Point(x=xof(d), y=yof(v), value=v, date=d, href=h, title=t)
                       for d, v, h, t in pts)
        cmds: list[str] = []
        for i, p in enumerate(points):
            if i == 0 or axis.breaks_between(points[i - 1].date, p.date):
                if i:  # the step holds to the break, then the line starts again after it
                    gap = next(g for g in axis.gaps if points[i - 1].x < g.x < p.x)
                    cmds.append(f"H{round(gap.x - gap.width / 2, 1)}")
                cmds.append(f"M{p.x},{p.y}")
            else:
                cmds.append(f"H{p.x}V{p.y}")
        if points:  # the last figure holds to the end of its stretch of the axis
            cmds.append(f"H{_run_end(axis, points[-1].date)}")
        series.append(Series(label=label, colour=colours.get(label, "#555"),
                             dash=DASHES[dashes.get(label, 0) % len(DASHES)],
                             path="".join(cmds), points=points))
    return StepChart(**frame, gaps=axis.gaps, x_ticks=axis.ticks, y_ticks=y_ticks,
                     series=tuple(series))


def _run_end(axis: TimeAxis, day: str) -> float:
    """The right edge of the stretch of axis (between breaks) that holds ``day``."""
    slot = axis.slot_of(day)
    if slot is None:
        return 0.0
    later_gaps = [g.x - g.width / 2 for g in axis.gaps if g.x > slot.x]
    if later_gaps:
        return round(min(later_gaps), 1)
    last = axis.slots[-1]
    return round(last.x + last.width, 1)


def cumulative_title(c: dict[str, Any], day: str) -> str:
    target = c.get("target") or {}
    claimant = (c.get("claimant") or {}).get("side")
    return (f"{side_name(claimant)} says {count_text(c.get('count'))} "
            f"{target.get('category') or ''} of {side_name(target.get('side'))} "
            f"{c.get('kind')} by {day}: {(c.get('sentence') or '')[:140]}")

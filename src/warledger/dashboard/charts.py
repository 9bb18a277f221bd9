"""Geometry for the dashboard's inline SVG charts: bars, step lines and a point map.

The figures are computed here in plain Python and drawn by the templates, so the
templates stay declarative (and autoescaped) and the arithmetic can be tested without a
browser. Nothing is fetched from anywhere: no chart library, no map tiles.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

# side colours: stable per code so ARM is the same colour on every page
PALETTE = ("#b5563c", "#2f6f9f", "#6a8f3a", "#8a5aa8", "#c28a1e", "#3b8f8a", "#7a7a7a",
           "#a4446f", "#4d5fb3", "#8c6d46")


def colour(code: str | None, order: Iterable[str] = ()) -> str:
    """A colour for a side code; known sides keep their place in ``order``."""
    order = list(order)
    key = code or "UNKNOWN"
    if key in order:
        return PALETTE[order.index(key) % len(PALETTE)]
    return PALETTE[sum(map(ord, key)) % len(PALETTE)]


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
    step = nice_step(high, ticks)
    top = math.ceil(high / step) * step if high > 0 else step
    n = int(round(top / step))
    return [i * step for i in range(n + 1)]


# --------------------------------------------------------------------------- bars


@dataclass(frozen=True)
class Bar:
    """One source's figure for a ledger group: solid to ``low``, pale to ``high``."""

    label: str  # admitted, adversary, third party
    css: str
    x_low: float
    x_high: float
    y: float
    height: float
    low: float | None
    high: float | None
    href: str | None
    title: str


@dataclass(frozen=True)
class BarGroup:
    label: str
    sub: str  # the period, on a second line
    y: float
    bars: tuple[Bar, ...]
    best_x: float | None
    best: float | None
    href: str | None


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    plot_width: float
    groups: tuple[BarGroup, ...]
    ticks: tuple[tuple[float, str], ...] = ()  # (x, label)
    empty: bool = False


SOURCES = (("admitted", "admitted", "bar-admitted"), ("adversary", "adversary claims", "bar-adversary"),
           ("third_party", "third parties", "bar-third"))


def ledger_bars(rows: list[dict[str, Any]], claims_href: Any, width: int = 800,
                left: int = 250) -> BarChart:
    """Grouped bars per ledger row: what the target admits, what the adversary claims,
    what third parties say; a tick marks the ledger's best estimate."""
    groups_data = [r for r in rows if any(_fig(r.get(k)) for k, _, _ in SOURCES)
                   or r.get("best") is not None]
    top = 0.0
    for r in groups_data:
        for k, _, _ in SOURCES:
            lo, hi = _fig(r.get(k)) or (None, None)
            top = max(top, hi or 0, lo or 0)
        top = max(top, float(r.get("high") or 0), float(r.get("best") or 0))
    ticks = axis_ticks(top or 1)
    scale_top = ticks[-1] or 1
    plot_width = width - left - 20
    bar_h, gap = 9, 12
    group_h = bar_h * len(SOURCES) + gap
    groups: list[BarGroup] = []
    y = 24.0
    for r in groups_data:
        bars = []
        for i, (key, label, css) in enumerate(SOURCES):
            fig = _fig(r.get(key))
            if not fig:
                continue
            lo, hi = fig
            lo_v = lo if lo is not None else hi
            hi_v = hi if hi is not None else lo
            ids = (r.get(key) or {}).get("claim_ids") or ()
            bars.append(Bar(label=label, css=css, x_low=left + plot_width * (lo_v or 0) / scale_top,
                            x_high=left + plot_width * (hi_v or 0) / scale_top,
                            y=y + i * bar_h, height=bar_h - 1, low=lo_v, high=hi_v,
                            href=claims_href(ids) if ids else None,
                            title=f"{label}: {_range(lo_v, hi_v)}"))
        best = r.get("best")
        groups.append(BarGroup(label=group_head(r), sub=period_text(r.get("period")), y=y, bars=tuple(bars),
                               best_x=left + plot_width * float(best) / scale_top if best is not None else None,
                               best=best, href=claims_href(r.get("claim_ids") or ())))
        y += group_h
    return BarChart(width=width, height=int(y + 8), left=left, plot_width=plot_width,
                    groups=tuple(groups),
                    ticks=tuple((left + plot_width * t / scale_top, _num(t)) for t in ticks),
                    empty=not groups)


def group_label(r: dict[str, Any]) -> str:
    """``ARM · killed · military (2020-09-28 – 2020-09-30)``: a ledger group in words."""
    period = period_text(r.get("period"))
    return group_head(r) + (f" ({period})" if period else "")


def group_head(r: dict[str, Any]) -> str:
    return " · ".join(str(r.get(k) or "?") for k in ("side", "kind", "category"))


def period_text(period: Any) -> str:
    """A ledger period as one day or ``start – end``."""
    if isinstance(period, dict):
        start, end = period.get("start"), period.get("end")
        if start and end and start != end:
            return f"{start} – {end}"
        return str(start or end or period.get("bucket") or "")
    return str(period or "")


def _fig(value: Any) -> tuple[float | None, float | None] | None:
    if not isinstance(value, dict):
        return None
    lo, hi = value.get("low"), value.get("high")
    if lo is None and hi is None:
        return None
    return (float(lo) if lo is not None else None, float(hi) if hi is not None else None)


def _range(lo: float | None, hi: float | None) -> str:
    if lo == hi:
        return _num(lo)
    return f"{_num(lo)}–{_num(hi)}"


def _num(v: float | None) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


# --------------------------------------------------------------------------- lines


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
    path: str  # SVG path data
    points: tuple[Point, ...]


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    top: int
    plot_width: float
    plot_height: float
    series: tuple[Series, ...]
    x_ticks: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    empty: bool = False


def _days(dates: Iterable[str]) -> list[str]:
    return sorted({d for d in dates if d})


def line_chart(series_data: dict[str, list[tuple[str, float, str | None, str]]],
               colours: dict[str, str], step: bool = False, width: int = 760,
               height: int = 280) -> LineChart:
    """Lines (or steps) over calendar days. ``series_data``: label -> [(date, value,
    href, title)]; dates are ISO days."""
    import datetime as dt

    left, top, right, bottom = 48, 14, 16, 34
    pw, ph = width - left - right, height - top - bottom
    all_days = _days(d for pts in series_data.values() for d, *_ in pts)
    if not all_days:
        return LineChart(width, height, left, top, pw, ph, (), (), (), empty=True)
    d0 = dt.date.fromisoformat(all_days[0])
    d1 = dt.date.fromisoformat(all_days[-1])
    span = max((d1 - d0).days, 1)
    vmax = max((v for pts in series_data.values() for _, v, *_ in pts), default=1) or 1
    yt = axis_ticks(vmax, 4)
    ytop = yt[-1] or 1

    def xof(day: str) -> float:
        return left + pw * (dt.date.fromisoformat(day) - d0).days / span if (d1 - d0).days else left + pw / 2

    def yof(v: float) -> float:
        return top + ph - ph * v / ytop

    series: list[Series] = []
    for label, pts in series_data.items():
        pts = sorted(pts, key=lambda p: p[0])
        points = tuple(Point(x=round(xof(d), 1), y=round(yof(v), 1), value=v, date=d, href=h,
                             title=t) for d, v, h, t in pts)
        cmds: list[str] = []
        for i, p in enumerate(points):
            if i == 0:
                cmds.append(f"M{p.x},{p.y}")
            elif step:
                cmds.append(f"H{p.x}V{p.y}")
            else:
                cmds.append(f"L{p.x},{p.y}")
        if step and points:
            cmds.append(f"H{left + pw}")
        series.append(Series(label=label, colour=colours.get(label, "#555"),
                             path="".join(cmds), points=points))
    n_x = min(6, span + 1)
    x_ticks = []
    for i in range(n_x):
        day = d0 + dt.timedelta(days=round(span * i / max(n_x - 1, 1)))
        if (d1 - d0).days == 0:
            x_ticks = [(left + pw / 2, d0.isoformat())]
            break
        x_ticks.append((round(xof(day.isoformat()), 1), day.isoformat()))
    return LineChart(width, height, left, top, pw, ph, tuple(series), tuple(x_ticks),
                     tuple((round(yof(v), 1), _num(v)) for v in yt))


# --------------------------------------------------------------------------- map


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    label: str
    href: str | None
    css: str
    title: str
    lx: float = 0.0  # where the place name goes (right of its cluster)
    ly: float = 0.0


@dataclass(frozen=True)
class MapChart:
    width: int
    height: int
    points: tuple[MapPoint, ...]
    meridians: tuple[tuple[float, str], ...] = ()  # (x, label)
    parallels: tuple[tuple[float, str], ...] = ()  # (y, label)
    empty: bool = False
    bbox: tuple[float, float, float, float] = (0, 0, 0, 0)  # west, south, east, north


@dataclass
class _Located:
    lat: float
    lon: float
    label: str
    href: str | None
    css: str
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def point_map(items: list[dict[str, Any]], width: int = 760, height: int = 460) -> MapChart:
    """An equirectangular map of the points' bounding box with a graticule.

    ``items``: dicts with lat, lon, label, href, css, title. Longitude is scaled by the
    cosine of the middle latitude so distances look right at the conflict's latitude.
    """
    pts = [i for i in items if _is_coord(i.get("lat"), 90) and _is_coord(i.get("lon"), 180)]
    if not pts:
        return MapChart(width, height, (), empty=True)
    lats = [float(p["lat"]) for p in pts]
    lons = [float(p["lon"]) for p in pts]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    pad = max(north - south, east - west, 0.2) * 0.15
    south, north, west, east = south - pad, north + pad, west - pad, east + pad
    kx = math.cos(math.radians((south + north) / 2))
    geo_w, geo_h = (east - west) * kx, north - south
    margin = 30
    scale = min((width - 2 * margin) / geo_w, (height - 2 * margin) / geo_h)
    off_x = (width - geo_w * scale) / 2
    off_y = (height - geo_h * scale) / 2

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (round(off_x + (lon - west) * kx * scale, 1), round(off_y + (north - lat) * scale, 1))

    step = nice_step(max(east - west, north - south), 5)
    meridians = []
    lon = math.ceil(west / step) * step
    while lon <= east:
        meridians.append((xy(north, lon)[0], f"{_num(round(lon, 3))}°"))
        lon += step
    parallels = []
    lat = math.ceil(south / step) * step
    while lat <= north:
        parallels.append((xy(lat, west)[1], f"{_num(round(lat, 3))}°"))
        lat += step
    # points closer than a marker's width are gathered and spread on a ring just big
    # enough for each to stay clickable; the cluster is named once
    clusters: list[tuple[float, float, list[dict[str, Any]]]] = []
    for p in pts:
        x, y = xy(float(p["lat"]), float(p["lon"]))
        for cx, cy, members in clusters:
            if math.hypot(cx - x, cy - y) < 14:
                members.append(p)
                break
        else:
            clusters.append((x, y, [p]))
    points = []
    for x, y, group in clusters:
        n = len(group)
        radius = max(9.0, n * 14 / (2 * math.pi)) if n > 1 else 0.0
        names = list(dict.fromkeys(str(p.get("label") or "") for p in group if p.get("label")))
        for i, p in enumerate(group):
            angle = 2 * math.pi * i / n - math.pi / 2
            points.append(MapPoint(x=round(x + radius * math.cos(angle), 1),
                                   y=round(y + radius * math.sin(angle), 1),
                                   label=", ".join(names) if i == 0 else "",
                                   href=p.get("href"), css=str(p.get("css") or "pt-claim"),
                                   title=str(p.get("title") or ""),
                                   lx=round(x + radius + 10, 1), ly=round(y + 4, 1)))
    return MapChart(width, height, tuple(points), tuple(meridians), tuple(parallels),
                    bbox=(west, south, east, north))


def _is_coord(v: Any, bound: float) -> bool:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return False
    return math.isfinite(f) and -bound <= f <= bound

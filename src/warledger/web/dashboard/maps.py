"""The dashboard's map: located claims and events over a Natural Earth outline, offline.

The outline is the public-domain Natural Earth 1:50m countries layer as packaged by the
npm ``world-atlas`` package (``warledger/data/world``, README there); it is decoded from
TopoJSON here once and clipped to each map's bounding box, so a page carries only the
coastlines and borders it shows. Projection: equirectangular with longitude scaled by the
cosine of the middle latitude (distances look right at the conflict's latitude).

A place known only to the level of a country or a region is drawn as a dashed ring marked
"approximate", never as a precise point at its capital.
"""
from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from warledger.web.dashboard.charts import nice_step, num

APPROXIMATE = {"country": 30.0, "region": 20.0}  # ring radius (px) per place precision
MIN_SPAN = 3.0  # degrees: a map shows at least this much around its points, for context


@lru_cache(maxsize=1)
def world() -> tuple[tuple[str, str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """Every country as (numeric id, name, rings of (lon, lat)), decoded once."""
    raw = files("warledger.data").joinpath("world/countries-50m.json.gz").read_bytes()
    topo = json.loads(gzip.decompress(raw))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes: list[int]) -> tuple[tuple[float, float], ...]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts[1:] if out else pts)
        return tuple(out)

    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = geom.get("arcs") or []
        if geom.get("type") == "Polygon":
            polys = [polys]
        rings = tuple(ring(r) for poly in polys for r in poly)
        countries.append((str(geom.get("id") or ""), str((geom.get("properties") or {}).get("name") or ""),
                          rings))
    return tuple(countries)


def country_shape(name: str | None) -> tuple[tuple[tuple[float, float], ...], ...] | None:
    """A country's rings by its name as Natural Earth writes it (``Azerbaijan``), if any."""
    if not name:
        return None
    key = name.strip().lower()
    for _, cname, rings in world():
        if cname.lower() == key:
            return rings
    return None


def _centre(rings: tuple[tuple[tuple[float, float], ...], ...]) -> tuple[float, float]:
    """(lat, lon) of the centroid of a country's largest ring (its mainland)."""
    def area_centroid(ring: tuple[tuple[float, float], ...]) -> tuple[float, float, float]:
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(a) < 1e-12:
            return 0.0, ring[0][1], ring[0][0]
        return abs(a) / 2, cy / (3 * a), cx / (3 * a)
    best = max((area_centroid(r) for r in rings if len(r) > 2), default=(0.0, 0.0, 0.0))
    return best[1], best[2]


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    label: str
    href: str | None
    shape: str  # claim (circle) or event (diamond)
    colour: str
    title: str
    approximate: float = 0.0  # ring radius when the place is a country or region
    cx: float = 0.0  # the place itself (the centre of its cluster and of the ring)
    cy: float = 0.0
    lx: float = 0.0  # where the place name goes (right of its cluster)
    ly: float = 0.0


@dataclass(frozen=True)
class MapChart:
    title: str
    width: int
    height: int
    points: tuple[MapPoint, ...]
    land: tuple[str, ...] = ()  # SVG path data, one per country in view
    areas: tuple[tuple[str, str], ...] = ()  # (name, SVG path) of countries that are places
    meridians: tuple[tuple[float, str], ...] = ()  # (x, label)
    parallels: tuple[tuple[float, str], ...] = ()  # (y, label)
    empty: bool = False
    bbox: tuple[float, float, float, float] = (0, 0, 0, 0)  # west, south, east, north


def _is_coord(v: Any, bound: float) -> bool:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return False
    return math.isfinite(f) and -bound <= f <= bound


def point_map(items: list[dict[str, Any]], title: str = "", width: int = 760,
              height: int = 460, outline: bool = True) -> MapChart:
    """A map of the items' bounding box: land, borders, graticule, points.

    ``items``: dicts with lat, lon, label, href, shape (claim/event), colour, title and
    precision (town, region, country...)."""
    pts = [i for i in items if _is_coord(i.get("lat"), 90) and _is_coord(i.get("lon"), 180)]
    if not pts:
        return MapChart(title, width, height, (), empty=True)
    # a place that is a whole country is that country's area, its marker at the middle of
    # its mainland, not a precise-looking point at the capital
    shapes: dict[str, Any] = {}
    placed_pts = []
    for p in pts:
        if p.get("precision") == "country" and outline:
            name = str(p.get("country_name") or p.get("label") or "")
            rings = shapes.get(name) if name in shapes else shapes.setdefault(name, country_shape(name))
            if rings:
                lat, lon = _centre(rings)
                p = {**p, "lat": lat, "lon": lon}
        placed_pts.append(p)
    pts = placed_pts
    lats = [float(p["lat"]) for p in pts]
    lons = [float(p["lon"]) for p in pts]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    span = max(north - south, east - west, MIN_SPAN)
    mid_lat, mid_lon = (south + north) / 2, (west + east) / 2
    pad = span * 0.6
    south, north = max(mid_lat - pad, -89.0), min(mid_lat + pad, 89.0)
    kx = math.cos(math.radians(mid_lat))
    half_w = pad * (width / height) / max(kx, 0.2)
    west, east = max(mid_lon - half_w, -180.0), min(mid_lon + half_w, 180.0)
    geo_w, geo_h = (east - west) * kx, north - south
    scale = min(width / geo_w, height / geo_h)
    off_x = (width - geo_w * scale) / 2
    off_y = (height - geo_h * scale) / 2

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (round(off_x + (lon - west) * kx * scale, 1), round(off_y + (north - lat) * scale, 1))

    land = _land(xy, (west, south, east, north)) if outline else ()
    areas = tuple((name, _path(rings, xy)) for name, rings in shapes.items() if rings)
    step = nice_step(max(east - west, north - south), 5)
    meridians = []
    lon = math.ceil(west / step) * step
    while lon <= east:
        meridians.append((xy(north, lon)[0], _degrees(lon, "E", "W")))
        lon += step
    parallels = []
    lat = math.ceil(south / step) * step
    while lat <= north:
        parallels.append((xy(lat, west)[1], _degrees(lat, "N", "S")))
        lat += step
    points = _spread([(xy(float(p["lat"]), float(p["lon"])), p) for p in pts])
    return MapChart(title, width, height, tuple(points), land, areas, tuple(meridians),
                    tuple(parallels), bbox=(west, south, east, north))


def _degrees(v: float, pos: str, neg: str) -> str:
    return f"{num(round(abs(v), 3))}°{pos if v >= 0 else neg}"


def _land(xy: Any, bbox: tuple[float, float, float, float]) -> tuple[str, ...]:
    """The countries' rings that reach into the box, projected, thinned to what shows."""
    west, south, east, north = bbox
    margin = max(east - west, north - south) * 0.2
    paths = []
    for _, _, rings in world():
        parts = []
        for ring in rings:
            if not ring:
                continue
            rlon = [p[0] for p in ring]
            rlat = [p[1] for p in ring]
            if max(rlon) < west - margin or min(rlon) > east + margin or \
                    max(rlat) < south - margin or min(rlat) > north + margin:
                continue
            part = _path((ring,), xy)
            if part:
                parts.append(part)
        if parts:
            paths.append("".join(parts))
    return tuple(paths)


def _path(rings: Any, xy: Any) -> str:
    """Rings of (lon, lat) as SVG path data, dropping vertices closer than a pixel."""
    parts = []
    for ring in rings:
        cmds = []
        last = None
        for lon, lat in ring:
            x, y = xy(lat, lon)
            if last is not None and abs(x - last[0]) < 0.8 and abs(y - last[1]) < 0.8:
                continue
            cmds.append(f"{'M' if last is None else 'L'}{x},{y}")
            last = (x, y)
        if len(cmds) > 2:
            parts.append("".join(cmds) + "Z")
    return "".join(parts)


def _spread(located: list[tuple[tuple[float, float], dict[str, Any]]]) -> list[MapPoint]:
    """Points closer than a marker's width are gathered and spread on a ring just big
    enough for each to stay clickable; the cluster is named once."""
    clusters: list[tuple[float, float, list[dict[str, Any]]]] = []
    for (x, y), p in located:
        for cx, cy, members in clusters:
            if math.hypot(cx - x, cy - y) < 14:
                members.append(p)
                break
        else:
            clusters.append((x, y, [p]))
    points = []

    def ring(n: int) -> float:
        return max(10.0, n * 15 / (2 * math.pi)) if n > 1 else 0.0

    # boxes a name must not cover: every marker, then each name already placed
    placed: list[tuple[float, float, float, float]] = [
        (x - ring(len(g)) - 7, y - ring(len(g)) - 7, x + ring(len(g)) + 7, y + ring(len(g)) + 7)
        for x, y, g in clusters]
    for x, y, group in clusters:
        n = len(group)
        radius = ring(n)
        names = list(dict.fromkeys(str(p.get("label") or "") for p in group if p.get("label")))
        approx = max((APPROXIMATE.get(str(p.get("precision") or ""), 0.0) for p in group),
                     default=0.0)
        label = ", ".join(names) + (" (approximate)" if approx else "")
        lx, ly = _label_spot(x, y, max(radius, approx) + 9, label, placed)
        for i, p in enumerate(group):
            angle = 2 * math.pi * i / n - math.pi / 2
            points.append(MapPoint(x=round(x + radius * math.cos(angle), 1),
                                   y=round(y + radius * math.sin(angle), 1),
                                   label=label if i == 0 else "",
                                   href=p.get("href"), shape=str(p.get("shape") or "claim"),
                                   colour=str(p.get("colour") or "#555"),
                                   title=str(p.get("title") or ""),
                                   approximate=max(approx, radius + 8) if approx and i == 0 else 0.0,
                                   cx=round(x, 1), cy=round(y, 1),
                                   lx=round(lx, 1), ly=round(ly, 1)))
    return points


def _label_spot(x: float, y: float, gap: float, label: str,
                placed: list[tuple[float, float, float, float]]) -> tuple[float, float]:
    """Where a place name goes: right of its point, else a line lower or higher, else on
    the left, so that it covers neither a marker nor a name already drawn."""
    w, h = len(label) * 6.6, 14.0
    candidates = [(x + gap, y + 4 + dy) for dy in (0, 14, -14, 28, -28)]
    candidates += [(x - gap - w, y + 4 + dy) for dy in (0, 14, -14)]
    for lx, ly in candidates:
        box = (lx, ly - h + 3, lx + w, ly + 3)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                   for b in placed):
            placed.append(box)
            return lx, ly
    placed.append((x + gap, y - h + 7, x + gap + w, y + 7))
    return x + gap, y + 4

"""The dashboard: server-rendered pages over the same store and ledger as the API.

Pages: overview (the ledger as a table and bars, the contradictions), timeline, claim
explorer (facets, sortable columns, CSV/JSON of the view), article (the evidence
sentence highlighted, claims and parties marked), sources, a map and the API reference.
Every figure links to the claims behind it and every claim to its sentence. Templates
autoescape everything; assets come from ``dashboard/static`` and a Content-Security-Policy
forbids anything else, so the pages work offline and an article carrying a ``<script>``
can only ever be read, not run.
"""
from __future__ import annotations

import collections
import dataclasses
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi import Query as Param
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from warledger.errors import WarledgerError
from warledger.records import CATEGORIES, KINDS
from warledger.store.base import Query, Store
from warledger.web import explore
from warledger.web.common import (
    MAX_LIMIT,
    CachedStore,
    by_param,
    contradiction_rows,
    evidence_url,
    fetch_all,
    figure_key,
    filter_params,
    get_cached,
    get_store,
    kept,
    parse_by,
    parse_ids,
    quote,
    request_query,
)
from warledger.web.dashboard import charts, maps
from warledger.web.dashboard.marks import locate, mark_up, parse_span
from warledger.web.names import (
    claim_day,
    colour_sides_of,
    count_text,
    day_text,
    side_colour,
    side_label,
    side_name,
)

HERE = files("warledger.web.dashboard")
REPORT_TEMPLATES = Path(__file__).resolve().parents[2] / "report" / "templates"
PAGE_SIZE = 50
READ = ["GET", "HEAD"]  # every page answers HEAD too (link checkers, uptime probes)

# the report's templates second: the fills of a figure's bars are the report's and the
# overview's alike (report/templates/_fills.html)
env = Environment(loader=ChoiceLoader([FileSystemLoader(str(HERE / "templates")),
                                       FileSystemLoader(str(REPORT_TEMPLATES))]),
                  autoescape=select_autoescape(("html", "svg", "xml"), default=True),
                  trim_blocks=True, lstrip_blocks=True)
env.globals.update(side_label=side_label, side_name=side_name, side_colour=side_colour,
                   count_text=count_text, day_text=day_text, claim_day=claim_day)

NAV = (("/", "Overview"), ("/timeline", "Timeline"), ("/claims", "Claims"),
       ("/sources", "Sources"), ("/map", "Map"), ("/docs", "API"))


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = env.get_template(template).render(request=request, nav=NAV, path=request.url.path,
                                              kinds=KINDS, categories=CATEGORIES, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A plain error page for a person (the API answers JSON instead)."""
    return render(request, "error.html", status=status, status_code=status, message=message)


def figure_href(f: Query, by: str | None) -> Any:
    """How a ledger figure links to its evidence: the claim explorer asked for the claims
    behind that figure (the page's filters, the period, the row and column), a query the
    explorer resolves, not a list of every claim id (which made the page grow with the
    store)."""
    base = {**filter_params(f), "by": by_param(by)}

    def href(row: dict[str, Any], column: str | None = None) -> str:
        return "/claims?" + urlencode({**base, "figure": figure_key(row, column)})
    return href


def _filters_from(request: Request) -> Query:
    """The page's filters; first, the wars in the store take the palette's first colours
    (the same on every page), so two wars shown together never share one."""
    store = getattr(request.app.state, "store", None)
    if store is not None:
        try:
            colour_sides_of(store.conflicts())
        except (WarledgerError, AttributeError):
            pass
    return request_query(request, request.query_params)


def _sides(rows: list[dict[str, Any]]) -> list[str]:
    seen: list[str] = []
    for c in rows:
        for side in ((c.get("claimant") or {}).get("side"), (c.get("target") or {}).get("side")):
            if side and side not in seen:
                seen.append(side)
    return sorted(seen)


# --------------------------------------------------------------------------- pages


def router() -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.api_route("/", methods=READ, response_class=HTMLResponse)
    @kept
    def overview(request: Request, store: Store = Depends(get_store),
                 cached: CachedStore = Depends(get_cached)) -> HTMLResponse:
        f = _filters_from(request)
        notice = None
        events: list[dict[str, Any]] = []
        by = None
        try:
            by = parse_by(request.query_params.get("by"))
            rows = cached.rows(f, by)
            events = cached.event_contradictions(f, by)
        except WarledgerError as exc:
            rows, notice = [], str(exc)
        href = figure_href(f, by)
        contradictions = contradiction_rows(rows) + events
        totals = cached.totals()
        return render(request, "overview.html", rows=rows, f=f,
                      panels=charts.ledger_panels(rows, href),
                      contradictions=contradictions, notice=notice, totals=totals,
                      href=href, fig=_fig_text, period=charts.period_text,
                      figure_query=lambda c: urlencode({**filter_params(f), "by": by_param(by),
                                                        "figure": c.get("figure") or ""}))

    @r.api_route("/timeline", methods=READ, response_class=HTMLResponse)
    @kept
    def timeline(request: Request, store: Store = Depends(get_store),
                 cached: CachedStore = Depends(get_cached)) -> HTMLResponse:
        f = _filters_from(request)
        rows = fetch_all(store.claims, f)
        per_side: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        for c in rows:
            day = claim_day(c)
            if day:
                per_side[(c.get("claimant") or {}).get("side") or "UNKNOWN"][day] += 1

        def day_href(side: str, start: str, end: str) -> str:
            return "/claims?" + urlencode({**filter_params(f), "claimant": side, "since": start,
                                           "until": end})

        daily = charts.bar_timeline({s: dict(d) for s, d in per_side.items()}, day_href)
        kind = f.kind or "killed"
        cumulative, dashes, colours = _cumulative(rows, kind)
        undated = sum(1 for c in rows if not claim_day(c))
        return render(request, "timeline.html", f=f, daily=daily,
                      cumulative=charts.step_chart(cumulative, colours, dashes),
                      kind=kind, total=len(rows), undated=undated)

    @r.api_route("/claims", methods=READ, response_class=HTMLResponse)
    @kept
    def claims(request: Request, page: int = Param(1, ge=1, le=100_000),
               store: Store = Depends(get_store),
               cached: CachedStore = Depends(get_cached)) -> HTMLResponse:
        f = _filters_from(request)
        p = request.query_params
        ids = parse_ids(p.get("ids"))
        figure = p.get("figure") or None
        by = parse_by(p.get("by")) if figure else None
        if figure:  # the claims behind one ledger figure (and its ids, if given)
            behind = cached.figure_ids(f, by, figure)
            ids = tuple(i for i in behind if i in set(ids)) if ids else behind
        sort_param = request.query_params.get("sort") or None
        order = explore.parse_sort(sort_param)
        q = dataclasses.replace(f, limit=MAX_LIMIT, ids=ids)
        nothing = bool(figure) and not ids  # a figure these filters leave no claim behind
        # facets count all of them, not one page
        everything = [] if nothing else fetch_all(store.claims, q)
        total = 0 if nothing else store.count("claims", q)
        partial = len(everything) < total  # over fetch_all's cap: facets of the first rows
        start = (page - 1) * PAGE_SIZE
        if nothing:
            rows = []
        elif order is None or partial:  # the store pages in id order by itself
            rows = store.claims(dataclasses.replace(q, limit=PAGE_SIZE, offset=start))
            order = None if partial else order
        else:
            rows = explore.sort_rows(everything, order)[start:start + PAGE_SIZE]
        for c in rows:
            c["evidence_url"] = evidence_url(c)
        chosen = {"figure": figure, "by": by_param(by)} if figure else \
            ({"ids": ",".join(map(str, ids))} if ids else {})  # what narrows to a figure
        params = {**filter_params(f), **chosen, **({"sort": sort_param} if sort_param else {})}
        pages = max(1, -(-total // PAGE_SIZE))
        api_params = {k: v for k, v in params.items()}
        return render(request, "claims.html", f=f, rows=rows, total=total, page=page,
                      pages=pages, ids=ids, params=params, urlencode=urlencode,
                      chosen=list(chosen.items()),
                      facets=explore.facet_counts(everything), facet_names=explore.FACETS,
                      partial=len(everything) if partial else None,
                      sort=order, columns=COLUMNS,
                      without=lambda d, key: {k: v for k, v in d.items() if k != key},
                      csv_url="/api/claims?" + urlencode({**api_params, "format": "csv",
                                                          "limit": MAX_LIMIT}),
                      json_url="/api/claims?" + urlencode({**api_params, "limit": MAX_LIMIT}),
                      facets_url="/api/claims/facets?" + urlencode(
                          {k: v for k, v in params.items() if k != "sort"}))

    @r.api_route("/articles/{key}", methods=READ, response_class=HTMLResponse)
    def article(request: Request, key: str, claim: int | None = Param(None, ge=0),
                event: int | None = Param(None, ge=0), span: str | None = None,
                store: Store = Depends(get_store)) -> HTMLResponse:
        art = store.article(key)
        q = Query(article=art.get("id") or key, limit=MAX_LIMIT)
        claim_rows = fetch_all(store.claims, q)
        event_rows = fetch_all(store.events, q)
        text = art.get("text") or ""
        evidence = parse_span(span)
        chosen = next((c for c in claim_rows if claim is not None and c.get("id") == claim), None) \
            or next((e for e in event_rows if event is not None and e.get("id") == event), None)
        if chosen is not None:
            evidence = locate(text, chosen.get("span"), chosen.get("sentence")) or evidence
        blocks = mark_up(text, claim_rows, event_rows, evidence)
        for c in claim_rows:
            c["evidence_url"] = evidence_url(c)
        for e in event_rows:
            e["evidence_url"] = evidence_url(e, "event")
        return render(request, "article.html", art=art, blocks=blocks, claims=claim_rows,
                      events=event_rows, chosen=chosen, evidence=evidence,
                      api_url=f"/api/articles/{quote(str(art.get('id') or key))}")

    @r.api_route("/sources", methods=READ, response_class=HTMLResponse)
    @kept
    def sources(request: Request, store: Store = Depends(get_store),
                cached: CachedStore = Depends(get_cached)) -> HTMLResponse:
        f = _filters_from(request)
        articles = fetch_all(store.articles, f)
        claim_rows = fetch_all(store.claims, f)
        by_outlet: dict[str, dict[str, Any]] = {}
        for a in articles:
            o = by_outlet.setdefault(a.get("outlet") or "(no outlet)", {"articles": 0, "claims": 0, "reposts": 0})
            o["articles"] += 1
            if a.get("origin_url") or a.get("origin_outlet"):
                o["reposts"] += 1
        for c in claim_rows:
            o = by_outlet.setdefault(c.get("outlet") or "(no outlet)", {"articles": 0, "claims": 0, "reposts": 0})
            o["claims"] += 1
        reposts = [a for a in articles if a.get("origin_url") or a.get("origin_outlet")]
        grouped: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
        for a in articles:
            if a.get("cluster"):
                grouped[str(a["cluster"])].append(a)
        clusters = []
        for arts in grouped.values():
            if len(arts) > 1:  # a cluster is named by its earliest article's headline
                arts = sorted(arts, key=lambda a: (str(a.get("published") or "~"), str(a.get("id"))))
                clusters.append(arts)
        clusters.sort(key=lambda arts: str(arts[0].get("published") or "~"))
        notice = None
        try:
            ledger = cached.rows(f)
        except WarledgerError as exc:
            ledger, notice = [], str(exc)
        single = [r for r in ledger if (r.get("independent_sources") or 0) <= 1]
        return render(request, "sources.html", f=f, outlets=sorted(by_outlet.items()),
                      reposts=reposts, clusters=clusters, single=single,
                      notice=notice, href=figure_href(f, parse_by(None)), quote=quote,
                      label=charts.group_label, fig=_fig_text)

    @r.api_route("/map", methods=READ, response_class=HTMLResponse)
    @kept
    def map_page(request: Request, store: Store = Depends(get_store),
                 cached: CachedStore = Depends(get_cached)) -> HTMLResponse:
        f = _filters_from(request)
        by_conflict: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
        unlocated = 0
        for kind, rows in (("claim", fetch_all(store.claims, f)),
                           ("event", fetch_all(store.events, f))):
            for row in rows:
                item = _map_item(kind, row)
                if item is None:
                    unlocated += 1
                    continue
                by_conflict[str(row.get("conflict") or "")].append(item)
        conflicts = sorted(by_conflict, key=lambda c: (c == "", c))
        charts_ = [(c, maps.point_map(by_conflict[c], title=c or "no conflict"), by_conflict[c])
                   for c in conflicts]
        return render(request, "map.html", f=f, maps=charts_, unlocated=unlocated)

    @r.api_route("/docs", methods=READ, response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        schema = request.app.openapi()
        endpoints = []
        for path, ops in schema.get("paths", {}).items():
            for method, op in ops.items():
                params = [(p.get("name"), (p.get("schema") or {}).get("type") or "",
                           p.get("description") or "", p.get("in"))
                          for p in op.get("parameters") or ()]
                endpoints.append({"method": method.upper(), "path": path,
                                  "summary": op.get("summary") or "", "params": params,
                                  "link": path if method == "get" and "{" not in path else None})
        return render(request, "docs.html", endpoints=endpoints,
                      version=schema.get("info", {}).get("version"))

    @r.api_route("/favicon.ico", methods=READ)
    def favicon() -> Response:
        svg = (HERE / "static" / "favicon.svg").read_bytes()
        return Response(svg, media_type="image/svg+xml",
                        headers={"Cache-Control": "max-age=86400"})

    return r


# the explorer's columns, each a list of (sort key, heading): date and outlet share one
COLUMNS = ((("date", "Date"), ("outlet", "outlet")), (("claimant", "Claimant"),),
           (("stance", "Stance"),), (("kind", "Kind"),), (("count", "Count"),),
           (("target", "Target"),), ((None, "Sentence"),))


def _map_item(kind: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """A claim or event as a map point: where it happened, who says or does it."""
    loc = row.get("location") or {}
    if loc.get("lat") is None or loc.get("lon") is None:
        return None
    place = loc.get("name") or loc.get("text") or ""
    if kind == "claim":
        who = (row.get("claimant") or {}).get("side")
        target = row.get("target") or {}
        what = (f"{row.get('kind')} {count_text(row.get('count'))} "
                f"({side_name(target.get('side'))}, {target.get('category') or '?'}), "
                f"says {side_name(who)}")
    else:
        who = (row.get("actor") or {}).get("side")
        what = f"{row.get('type')} by {side_name(who)}"
    approx = loc.get("precision") in maps.APPROXIMATE
    return {"lat": loc["lat"], "lon": loc["lon"], "label": place, "shape": kind,
            "href": evidence_url(row, kind), "colour": side_colour(who),
            "precision": loc.get("precision"), "what": what, "kind": kind, "row": row,
            "country_name": side_name(loc.get("country")) if loc.get("country") else None,
            "title": f"{place}{' (approximate: ' + str(loc.get('precision')) + ')' if approx else ''}: "
                     f"{what}: {(row.get('sentence') or '')[:160]}"}


def _cumulative(rows: list[dict[str, Any]], kind: str) -> tuple[
        dict[str, list[tuple[str, float, str | None, str]]], dict[str, int], dict[str, str]]:
    """Each claimant's running figures for one kind: claims made "since the fighting
    began", one point per day (the highest figure claimed that day)."""
    series: dict[str, list[tuple[str, float, str | None, str]]] = collections.defaultdict(list)
    owner: dict[str, str] = {}
    for c in rows:
        period = c.get("period") or {}
        value = (c.get("count") or {}).get("value")
        if c.get("kind") != kind or value is None or not period.get("cumulative") \
                or c.get("stance") == "deny":
            continue
        day = claim_day(c)
        if not day:
            continue
        claimant = (c.get("claimant") or {}).get("side") or "UNKNOWN"
        target = c.get("target") or {}
        label = (f"{side_name(claimant)} on {side_name(target.get('side'))} "
                 f"{target.get('category') or ''}").strip()
        owner[label] = claimant
        series[label].append((day, float(value), evidence_url(c),
                              charts.cumulative_title(c, day)))
    for label in series:
        best: dict[str, tuple[str, float, str | None, str]] = {}
        for p in series[label]:
            if p[0] not in best or p[1] > best[p[0]][1]:
                best[p[0]] = p
        series[label] = sorted(best.values())
    colours = {label: side_colour(owner[label]) for label in series}
    dashes: dict[str, int] = {}
    seen: collections.Counter[str] = collections.Counter()
    for label in sorted(series):  # a claimant's further series: same colour, other dashes
        dashes[label] = seen[owner[label]]
        seen[owner[label]] += 1
    return dict(series), dashes, colours


def _fig_text(value: Any) -> str:
    """A ledger figure {low, high} as "12" or "12–15"; empty when no one said anything."""
    if not isinstance(value, dict):
        return ""
    lo, hi = value.get("low"), value.get("high")
    return charts.fig_range(lo, hi)


def mount_dashboard(app: FastAPI) -> None:
    """Add the pages and the static assets to ``app`` (its security headers are the
    app's, on every response: ``web/app.py``)."""
    app.include_router(router())
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

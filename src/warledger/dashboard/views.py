"""The dashboard: server-rendered pages over the same store and ledger as the API.

Pages: overview (the ledger as a table and bars, the contradictions), timeline, claim
explorer, article (the evidence sentence highlighted, claims and parties marked),
sources, and a map. Every figure links to the claims behind it and every claim to its
sentence. Templates autoescape everything; assets come from ``dashboard/static`` and a
Content-Security-Policy forbids anything else, so the pages work offline and an article
carrying a ``<script>`` can only ever be read, not run.
"""
from __future__ import annotations

import collections
import dataclasses
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Query as Param, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from warledger.api import (MAX_LIMIT, Filters, evidence_url, fetch_all, get_store, ledger_rows,
                           contradiction_rows, _quote)
from warledger.dashboard import charts
from warledger.dashboard.marks import mark_up, parse_span
from warledger.errors import WarledgerError
from warledger.records import CATEGORIES, KINDS
from warledger.store.base import Query

HERE = files("warledger.dashboard")
PAGE_SIZE = 50
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")

env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                  autoescape=select_autoescape(("html", "svg", "xml"), default=True),
                  trim_blocks=True, lstrip_blocks=True)

NAV = (("/", "Overview"), ("/timeline", "Timeline"), ("/claims", "Claims"),
       ("/sources", "Sources"), ("/map", "Map"))


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = env.get_template(template).render(request=request, nav=NAV, path=request.url.path,
                                              kinds=KINDS, categories=CATEGORIES, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A plain error page for a person (the API answers JSON instead)."""
    return render(request, "error.html", status=status, status_code=status, message=message)


def claims_href(ids: Any) -> str:
    """The claim explorer filtered to these claims: how a figure links to its evidence."""
    ids = [str(i) for i in ids or () if i is not None]
    return "/claims?" + urlencode({"ids": ",".join(ids)}) if ids else "/claims"


def _filters_from(request: Request) -> Filters:
    p = request.query_params
    return Filters.parse(**{k: p.get(k) for k in ("conflict", "side", "claimant", "kind",
                                                  "category", "outlet", "article", "since",
                                                  "until", "q")})


def _ids(value: str | None) -> tuple[int, ...]:
    if not value:
        return ()
    out = []
    for part in value.replace(" ", "").split(","):
        if part.isdigit():
            out.append(int(part))
    return tuple(out[:MAX_LIMIT])


def claim_day(c: dict[str, Any]) -> str | None:
    """The day a claim is about: its period's end, else the article's publication date."""
    period = c.get("period") or {}
    day = period.get("end") or period.get("start") or c.get("published")
    return str(day)[:10] if day else None


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

    @r.get("/", response_class=HTMLResponse)
    def overview(request: Request, store: Any = Depends(get_store)) -> HTMLResponse:
        f = _filters_from(request)
        notice = None
        try:
            rows = ledger_rows(store, f)
        except WarledgerError as exc:
            rows, notice = [], str(exc)
        contradictions = contradiction_rows(rows)
        chart = charts.ledger_bars(rows, claims_href)
        totals = {"articles": store.count("articles", Query()),
                  "claims": store.count("claims", Query()),
                  "events": store.count("events", Query())}
        return render(request, "overview.html", rows=rows, chart=chart, f=f,
                      contradictions=contradictions, notice=notice, totals=totals,
                      claims_href=claims_href, fig=_fig_text,
                      period=charts.period_text)

    @r.get("/timeline", response_class=HTMLResponse)
    def timeline(request: Request, store: Any = Depends(get_store)) -> HTMLResponse:
        f = _filters_from(request)
        rows = fetch_all(store.claims, f.query())
        sides = _sides(rows)
        colours = {s: charts.colour(s, sides) for s in sides}
        per_day: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        for c in rows:
            day = claim_day(c)
            if day:
                per_day[(c.get("claimant") or {}).get("side") or "UNKNOWN"][day] += 1
        daily = charts.line_chart(
            {side: [(d, float(n), "/claims?" + urlencode({**f.params(), "claimant": side,
                                                          "since": d, "until": d}),
                     f"{side}: {n} claim(s) on {d}") for d, n in sorted(days.items())]
             for side, days in sorted(per_day.items())}, colours)
        # cumulative claims: each claimant's running figure for one target side and kind
        kind = f.kind or "killed"
        series: dict[str, list[tuple[str, float, str | None, str]]] = collections.defaultdict(list)
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
            target = (c.get("target") or {}).get("side") or "?"
            label = f"{claimant} on {target} {(c.get('target') or {}).get('category') or ''}".strip()
            series[label].append((day, float(value), evidence_url(c),
                                  f"{claimant} says {value} {target} {kind} by {day}: {c.get('sentence', '')[:140]}"))
        for label in series:  # one point per day: the highest figure claimed that day
            best: dict[str, tuple[str, float, str | None, str]] = {}
            for p in series[label]:
                if p[0] not in best or p[1] > best[p[0]][1]:
                    best[p[0]] = p
            series[label] = sorted(best.values())
        cum_colours = {label: charts.colour(label.split(" ")[0], sides) for label in series}
        cumulative = charts.line_chart(dict(series), cum_colours, step=True)
        return render(request, "timeline.html", f=f, daily=daily, cumulative=cumulative,
                      kind=kind, total=len(rows), per_day=per_day)

    @r.get("/claims", response_class=HTMLResponse)
    def claims(request: Request, page: int = Param(1, ge=1, le=100_000),
               store: Any = Depends(get_store)) -> HTMLResponse:
        f = _filters_from(request)
        ids = _ids(request.query_params.get("ids"))
        q = dataclasses.replace(f.query(PAGE_SIZE, (page - 1) * PAGE_SIZE), ids=ids)
        rows = store.claims(q)
        total = store.count("claims", q)
        for c in rows:
            c["evidence_url"] = evidence_url(c)
        params = {**f.params(), **({"ids": ",".join(map(str, ids))} if ids else {})}
        pages = max(1, -(-total // PAGE_SIZE))
        return render(request, "claims.html", f=f, rows=rows, total=total, page=page,
                      pages=pages, ids=ids, params=params, urlencode=urlencode,
                      csv_url="/api/claims?" + urlencode({**f.params(), "format": "csv",
                                                          "limit": MAX_LIMIT}))

    @r.get("/articles/{key}", response_class=HTMLResponse)
    def article(request: Request, key: str, claim: int | None = Param(None, ge=0),
                event: int | None = Param(None, ge=0), span: str | None = None,
                store: Any = Depends(get_store)) -> HTMLResponse:
        art = store.article(key)
        q = Query(article=art.get("id") or key, limit=MAX_LIMIT)
        claim_rows = fetch_all(store.claims, q)
        event_rows = fetch_all(store.events, q)
        text = art.get("text") or ""
        evidence = parse_span(span)
        chosen = next((c for c in claim_rows if claim is not None and c.get("id") == claim), None) \
            or next((e for e in event_rows if event is not None and e.get("id") == event), None)
        if chosen is not None:
            from warledger.dashboard.marks import locate
            evidence = locate(text, chosen.get("span"), chosen.get("sentence")) or evidence
        blocks = mark_up(text, claim_rows, event_rows, evidence)
        for c in claim_rows:
            c["evidence_url"] = evidence_url(c)
        for e in event_rows:
            e["evidence_url"] = evidence_url(e, "event")
        return render(request, "article.html", art=art, blocks=blocks, claims=claim_rows,
                      events=event_rows, chosen=chosen, evidence=evidence,
                      api_url=f"/api/articles/{_quote(str(art.get('id') or key))}")

    @r.get("/sources", response_class=HTMLResponse)
    def sources(request: Request, store: Any = Depends(get_store)) -> HTMLResponse:
        f = _filters_from(request)
        articles = fetch_all(store.articles, f.query())
        claim_rows = fetch_all(store.claims, f.query())
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
        clusters: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
        for a in articles:
            if a.get("cluster"):
                clusters[str(a["cluster"])].append(a)
        clusters = {k: v for k, v in clusters.items() if len(v) > 1}
        notice = None
        try:
            ledger = ledger_rows(store, f)
        except WarledgerError as exc:
            ledger, notice = [], str(exc)
        single = [r for r in ledger if (r.get("independent_sources") or 0) <= 1]
        return render(request, "sources.html", f=f, outlets=sorted(by_outlet.items()),
                      reposts=reposts, clusters=sorted(clusters.items()), single=single,
                      notice=notice, claims_href=claims_href, quote=_quote,
                      label=charts.group_label)

    @r.get("/map", response_class=HTMLResponse)
    def map_page(request: Request, store: Any = Depends(get_store)) -> HTMLResponse:
        f = _filters_from(request)
        items = []
        for kind, rows in (("claim", fetch_all(store.claims, f.query())),
                           ("event", fetch_all(store.events, f.query()))):
            for row in rows:
                loc = row.get("location") or {}
                if loc.get("lat") is None or loc.get("lon") is None:
                    continue
                what = (f"{row.get('kind')} {(row.get('count') or {}).get('value') or ''}"
                        if kind == "claim" else str(row.get("type")))
                items.append({"lat": loc["lat"], "lon": loc["lon"], "kind": kind,
                              "label": loc.get("name") or loc.get("text") or "",
                              "href": evidence_url(row, kind), "css": f"pt-{kind}",
                              "title": f"{loc.get('name') or loc.get('text')}: {kind} {what}: "
                                       f"{(row.get('sentence') or '')[:160]}",
                              "row": row})
        chart = charts.point_map(items)
        return render(request, "map.html", f=f, chart=chart, items=items)

    return r


def _fig_text(value: Any) -> str:
    """A ledger figure {low, high} as "12" or "12–15"; empty when no one said anything."""
    if not isinstance(value, dict):
        return ""
    lo, hi = value.get("low"), value.get("high")
    if lo is None and hi is None:
        return ""
    if lo == hi or hi is None:
        return str(lo)
    if lo is None:
        return f"≤{hi}"
    return f"{lo}–{hi}"


def mount_dashboard(app: FastAPI) -> None:
    """Add the pages, the static assets and the security headers to ``app``."""
    app.include_router(router())
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

"""The REST API's routes: a thin HTTP shell over the store, the ledger and the pipeline.

Nothing here computes figures of its own: the store filters, the ledger groups, and each
route only turns HTTP parameters into a ``Query`` (``web/common.py``) and records into JSON
or CSV. The app around it (error handlers, security headers, start-up) is ``web/app.py``.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi import Query as Param
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from warledger import columns
from warledger.errors import NotFound
from warledger.store.base import Query, Store
from warledger.web.common import (
    API_PREFIX,
    BY_CHOICES,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    CachedStore,
    by_param,
    contradiction_rows,
    fetch_all,
    figure_key,
    filter_params,
    filters_dep,
    get_cached,
    get_site,
    get_store,
    jsonable,
    kept,
    parse_by,
    parse_ids,
    quote,
    with_links,
)
from warledger.web.explore import facets_json, parse_sort, sort_rows
from warledger.web.ingest import ingest_records, read_body, require_token


class Page(BaseModel):
    """The envelope of every list: a page of rows and how to get the next."""

    model_config = ConfigDict(extra="allow")
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    next: str | None = None


class ErrorBody(BaseModel):
    error: str


Format = Literal["json", "csv"]
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "a filter is malformed"},
    404: {"model": ErrorBody, "description": "no such record"},
    503: {"model": ErrorBody, "description": "the store is unavailable"},
}
LIST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": Page, "content": {"text/csv": {"schema": {"type": "string"}}},
          "description": "a page of rows (JSON), or the rows as CSV with ?format=csv"},
    **ERROR_RESPONSES,
}


# --------------------------------------------------------------------------- output


def _flatten(row: dict[str, Any], prefix: str = "", nested: set[str] | None = None
             ) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            if nested is not None:
                nested.add(name)
            flat.update(_flatten(value, name + "_", nested))
        elif isinstance(value, (list, tuple)):
            if all(not isinstance(v, (dict, list, tuple)) for v in value):
                flat[name] = ";".join("" if v is None else str(v) for v in value)
            else:
                flat[name] = json.dumps(value, ensure_ascii=False, default=str)
        else:
            flat[name] = value
    return flat


# the claim record's own keys and the store's context that warledger.columns lays out
_CLAIM_KEYS = {c.path[0] for c in columns.CLAIM}


def _flat_row(row: dict[str, Any], name: str, nested: set[str]) -> dict[str, Any]:
    if name != "claims":
        return _flatten(row, nested=nested)
    # a claim in export's columns (warledger.columns), then the API's own fields
    return {**columns.flatten_claim(row),
            **_flatten({k: v for k, v in row.items() if k not in _CLAIM_KEYS}, nested=nested)}


def to_csv(rows: list[dict[str, Any]], name: str = "") -> str:
    """Rows as CSV, nested fields as underscored columns (``count_value``) as export writes
    them (claims in export's own columns, ``warledger.columns``), lists joined by ``;``.

    Cells that a spreadsheet would run as a formula (=, +, -, @ first) get a leading
    apostrophe: article text is untrusted and analysts open these files in Excel.
    """
    nested: set[str] = set()
    flat = [_flat_row(r, name, nested) for r in rows]
    names: list[str] = []
    for r in flat:
        for k in r:
            if k not in names:
                names.append(k)
    # a field that is null in some rows and an object in others keeps only its sub-columns
    names = [c for c in names if c not in nested or any(r.get(c) is not None for r in flat)]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    for r in flat:
        writer.writerow({k: _safe_cell(v) for k, v in r.items()})
    return buf.getvalue()


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False


def page_response(request: Request, rows: list[dict[str, Any]], total: int, limit: int,
                  offset: int, fmt: Format, name: str) -> Response:
    if fmt == "csv":
        return Response(to_csv(rows, name), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    nxt = None
    if offset + len(rows) < total:
        nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return JSONResponse(jsonable({"items": rows, "total": total, "limit": limit,
                                  "offset": offset, "next": nxt}))


# --------------------------------------------------------------------------- routes


def api_router() -> APIRouter:
    r = APIRouter(prefix=API_PREFIX, tags=["api"])
    limit_p = Param(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"rows per page (at most {MAX_LIMIT})")
    offset_p = Param(0, ge=0, le=10_000_000, description="rows to skip")
    format_p = Param("json", description="json (a page envelope) or csv (the rows)")
    by_p = Param(None, description="ledger period: day, week, month (the default: a row never "
                                   "joins events years apart) or all (one period)",
                 json_schema_extra={"enum": list(BY_CHOICES)})

    @r.get("/articles", responses=LIST_RESPONSES, summary="Articles, newest first")
    def list_articles(request: Request, f: Query = Depends(filters_dep),
                      limit: int = limit_p, offset: int = offset_p, format: Format = format_p,
                      store: Store = Depends(get_store)) -> Response:
        q = dataclasses.replace(f, limit=limit, offset=offset)
        rows = [_article_row(a) for a in store.articles(q)]
        return page_response(request, rows, store.count("articles", q), limit, offset, format,
                             "articles")

    @r.get("/articles/{key}", responses=ERROR_RESPONSES,
           summary="One article by id or name, with its text, claims and events")
    def get_article(key: str, store: Store = Depends(get_store)) -> JSONResponse:
        art = store.article(key)
        q = Query(article=art.get("id") or key, limit=MAX_LIMIT)
        claims = [with_links(c, "claim") for c in fetch_all(store.claims, q)]
        events = [with_links(e, "event") for e in fetch_all(store.events, q)]
        return JSONResponse(jsonable({**_article_row(art, full=True), "claims": claims,
                                      "events": events}))

    ids_p = Param(None, max_length=20_000,
                  description="only these claim ids, comma-separated (the claims behind a figure)")
    figure_p = Param(None, max_length=400,
                     description="only the claims behind one ledger figure: "
                                 "conflict/side/kind/category/period[/admitted|adversary|"
                                 "third_party], as /api/ledger rows give it in links.claims, "
                                 "with the ledger's filters and by")
    sort_p = Param(None, description="sort by date, count, claimant, target, kind, stance or "
                                     "outlet; prefix - to reverse (default: the order stored)")

    @r.get("/claims", responses=LIST_RESPONSES, summary="Loss claims, each linked to its evidence")
    @kept
    def list_claims(request: Request, f: Query = Depends(filters_dep),
                    limit: int = limit_p, offset: int = offset_p, format: Format = format_p,
                    ids: str | None = ids_p, sort: str | None = sort_p,
                    figure: str | None = figure_p, by: str | None = by_p,
                    store: Store = Depends(get_store),
                    cached: CachedStore = Depends(get_cached)) -> Response:
        order = parse_sort(sort)
        chosen = _chosen(cached, f, ids, figure, by)
        if chosen is None:
            return page_response(request, [], 0, limit, offset, format, "claims")
        q = dataclasses.replace(f, limit=limit, offset=offset, ids=chosen)
        if order is None:
            found = store.claims(q)
        else:  # the store pages by id: a sorted page is cut from all the matching claims
            found = sort_rows(fetch_all(store.claims, dataclasses.replace(q, offset=0)),
                              order)[offset:offset + limit]
        rows = [with_links(c, "claim") for c in found]
        return page_response(request, rows, store.count("claims", q), limit, offset, format,
                             "claims")

    @r.get("/claims/facets", responses=ERROR_RESPONSES,
           summary="Facet counts of the claims these filters select")
    @kept
    def claim_facets(request: Request, f: Query = Depends(filters_dep), ids: str | None = ids_p,
                     figure: str | None = figure_p, by: str | None = by_p,
                     store: Store = Depends(get_store),
                     cached: CachedStore = Depends(get_cached)) -> JSONResponse:
        chosen = _chosen(cached, f, ids, figure, by)
        q = dataclasses.replace(f, limit=MAX_LIMIT, ids=chosen or ())
        rows = [] if chosen is None else fetch_all(store.claims, q)
        total = 0 if chosen is None else store.count("claims", q)
        return JSONResponse(jsonable({"total": total, "counted": len(rows),
                                      "partial": len(rows) < total, "facets": facets_json(rows)}))

    @r.get("/claims/{claim_id}", responses=ERROR_RESPONSES, summary="One claim")
    def get_claim(claim_id: int, store: Store = Depends(get_store)) -> JSONResponse:
        return JSONResponse(jsonable(with_links(_one(store.claims, "claim", claim_id), "claim")))

    @r.get("/events", responses=LIST_RESPONSES, summary="PLOVER events, each linked to its evidence")
    def list_events(request: Request, f: Query = Depends(filters_dep),
                    limit: int = limit_p, offset: int = offset_p, format: Format = format_p,
                    store: Store = Depends(get_store)) -> Response:
        q = dataclasses.replace(f, limit=limit, offset=offset)
        rows = [with_links(e, "event") for e in store.events(q)]
        return page_response(request, rows, store.count("events", q), limit, offset, format,
                             "events")

    @r.get("/events/{event_id}", responses=ERROR_RESPONSES, summary="One event")
    def get_event(event_id: int, store: Store = Depends(get_store)) -> JSONResponse:
        return JSONResponse(jsonable(with_links(_one(store.events, "event", event_id), "event")))

    @r.get("/ledger", responses=LIST_RESPONSES,
           summary="The ledger: admitted / adversary / third-party figures with low, best, high")
    @kept
    def get_ledger(request: Request, f: Query = Depends(filters_dep),
                   limit: int = limit_p, offset: int = offset_p, format: Format = format_p,
                   by: str | None = by_p, store: Store = Depends(get_store),
                   cached: CachedStore = Depends(get_cached)) -> Response:
        period = parse_by(by)
        rows = cached.rows(f, period)
        page = [{**r, "links": {"claims": _figure_link(f, period, r)}}
                for r in rows[offset:offset + limit]]
        return page_response(request, page, len(rows), limit, offset, format, "ledger")

    @r.get("/contradictions", responses=LIST_RESPONSES,
           summary="Contradictions: loss figures (assert vs deny, ranges of one scope that do "
                   "not overlap) and events asserted by one side and denied by another")
    @kept
    def get_contradictions(request: Request, f: Query = Depends(filters_dep),
                           limit: int = limit_p, offset: int = offset_p,
                           format: Format = format_p, by: str | None = by_p,
                           store: Store = Depends(get_store),
                           cached: CachedStore = Depends(get_cached)) -> Response:
        period = parse_by(by)
        rows = (contradiction_rows(cached.rows(f, period))
                + cached.event_contradictions(f, period))
        return page_response(request, rows[offset:offset + limit], len(rows), limit, offset,
                             format, "contradictions")

    @r.post("/ingest", status_code=201, summary="Add articles (needs the token)",
            responses={401: {"model": ErrorBody, "description": "missing or wrong token"},
                       403: {"model": ErrorBody, "description": "the server is read-only"},
                       413: {"model": ErrorBody, "description": "body over the size limit"},
                       422: {"model": ErrorBody, "description": "no article could be read"}},
            openapi_extra={"requestBody": {"required": True, "content": {
                "application/json": {"schema": {"type": "array", "items": {
                    "$ref": "#/components/schemas/ArticleRecord"}}},
                "application/x-ndjson": {"schema": {"type": "string"}}}}})
    async def post_ingest(request: Request) -> JSONResponse:
        require_token(request)
        site = get_site(request)
        body = await read_body(request, site.options.max_body_bytes)

        def write() -> dict[str, Any]:
            with site.write_lock:  # the app's own handle writes, one request at a time
                try:
                    return ingest_records(body, site.options, site.store)
                finally:
                    site.ledgers.changed()
        return JSONResponse(await run_in_threadpool(write), status_code=201)

    @r.get("/health", summary="Liveness and record counts")
    def health(cached: CachedStore = Depends(get_cached)) -> dict[str, Any]:
        return {"status": "ok", **cached.totals()}

    return r


class ArticleRecord(BaseModel):
    """The JSONL article record (DESIGN.md "Inputs"): all but ``text`` optional."""

    id: str | None = None
    text: str = Field(min_length=1, pattern=r"\S")
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None


def _article_row(a: dict[str, Any], full: bool = False) -> dict[str, Any]:
    row = dict(a)
    if not full:
        row.pop("text", None)
    key = row.get("id") or row.get("name")
    if key:
        row["links"] = {"self": f"{API_PREFIX}/articles/{quote(str(key))}",
                        "page": f"/articles/{quote(str(key))}"}
    return row


def _figure_link(f: Query, by: str | None, row: dict[str, Any]) -> str:
    """The claims behind a ledger row, as a query (not a list of every claim id)."""
    return f"{API_PREFIX}/claims?" + urlencode({**filter_params(f), "by": by_param(by),
                                                "figure": figure_key(row)})


def _chosen(cached: CachedStore, f: Query, ids: str | None,
            figure: str | None, by: str | None) -> tuple[int, ...] | None:
    """The claim ids a list is narrowed to (``ids``, or those behind a ledger ``figure``);
    () for no narrowing, None when a figure leaves nothing to list."""
    chosen = parse_ids(ids)
    if figure:
        behind = cached.figure_ids(f, parse_by(by), figure)
        chosen = tuple(i for i in behind if i in set(chosen)) if chosen else behind
        return chosen or None
    return chosen


def _one(fetch: Callable[[Query], list[dict[str, Any]]], what: str, ident: int) -> dict[str, Any]:
    rows = fetch(Query(ids=(ident,), limit=1))
    if not rows:
        raise NotFound(f"no {what} with id {ident}")
    return rows[0]



"""The REST API: a thin HTTP shell over the store, the ledger and the ingest pipeline.

``create_app(options, store)`` builds the whole web application (this API under ``/api``
and the dashboard under ``/``) so tests can run it in-process on a temporary store and
``warledger serve`` can hand it to uvicorn. Nothing here computes figures of its own: the
store filters, the ledger groups, and this module only translates HTTP parameters into a
``Query`` and records into JSON or CSV.

Errors are always ``{"error": message}`` with the status the project's exception carries
(``warledger.errors``), never a stack trace: a journalist pasting a URL should read what
was wrong with it, and an attacker should learn nothing about the server.
"""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import io
import json
import logging
import threading
from typing import Any, AsyncIterator, Callable, Iterable, Literal

from fastapi import APIRouter, Depends, FastAPI, Query as Param, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from warledger.api_ingest import (ReadOnly, TooLarge, ingest_records, parse_records,  # noqa: F401
                                  read_body, require_token)  # (re-exported for callers)
from warledger.errors import NotFound, StoreError, UsageError, WarledgerError
from warledger.options import Options
from warledger.records import CATEGORIES, KINDS
from warledger.store.base import Query, Store

log = logging.getLogger("warledger.api")

MAX_LIMIT = 1000  # one page never holds more rows than this: bigger exports page through
DEFAULT_LIMIT = 100
API_PREFIX = "/api"


# --------------------------------------------------------------------------- the store


class LockedStore:
    """Serialises calls into one store from the server's worker threads.

    An embedded DuckDB connection must not be used by two threads at once, and a small
    analyst's server gains nothing from concurrent reads, so each call holds one lock.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.RLock()
        self.url = getattr(store, "url", "")

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if not callable(attr):
            return attr

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attr(*args, **kwargs)

        return locked


def get_store(request: Request) -> Any:
    """The app's store (opened at start-up when ``create_app`` was given none)."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreError("the store is not open")
    return store


def get_options(request: Request) -> Options:
    return request.app.state.options


def fetch_all(fetch: Callable[[Query], list[dict[str, Any]]], q: Query,
              cap: int = 50_000) -> list[dict[str, Any]]:
    """Every row a query matches, paging through the store (the dashboard's charts need
    all of them, not one page); stops at ``cap`` rows so a huge store cannot exhaust memory."""
    rows: list[dict[str, Any]] = []
    offset = q.offset
    while len(rows) < cap:
        page = fetch(dataclasses.replace(q, limit=MAX_LIMIT, offset=offset))
        rows.extend(page)
        if len(page) < MAX_LIMIT:
            break
        offset += len(page)
    return rows[:cap]


# --------------------------------------------------------------------------- parameters


def _iso_date(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat() if len(value) >= 10 else \
            dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _choice(name: str, value: str | None, allowed: Iterable[str]) -> str | None:
    if value is None or value == "":
        return None
    allowed = tuple(allowed)
    if value not in allowed:
        raise UsageError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _code(value: str | None) -> str | None:
    """Side and party codes are upper case (ARM, THIRD); accept ``arm`` from a URL."""
    if value is None or value.strip() == "":
        return None
    return value.strip().upper()


def _lower(value: str | None) -> str | None:
    """Kinds and categories are lower case (killed, tank); accept ``Killed`` too."""
    got = _text(value)
    return got.lower() if got else got


def _text(value: str | None) -> str | None:
    if value is None or value.strip() == "":
        return None
    return value.strip()


@dataclasses.dataclass(frozen=True)
class Filters:
    """The filters users ask for, parsed and checked once for API and dashboard alike."""

    conflict: str | None = None
    side: str | None = None
    claimant: str | None = None
    kind: str | None = None
    category: str | None = None
    outlet: str | None = None
    article: str | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None

    @classmethod
    def parse(cls, conflict: str | None = None, side: str | None = None,
              claimant: str | None = None, kind: str | None = None,
              category: str | None = None, outlet: str | None = None,
              article: str | None = None, since: str | None = None,
              until: str | None = None, q: str | None = None) -> "Filters":
        f = cls(conflict=_text(conflict), side=_code(side), claimant=_code(claimant),
                kind=_choice("kind", _lower(kind), KINDS),
                category=_choice("category", _lower(category), CATEGORIES),
                outlet=_text(outlet), article=_text(article),
                since=_iso_date("since", _text(since)), until=_iso_date("until", _text(until)),
                q=_text(q))
        if f.since and f.until and f.since > f.until:
            raise UsageError(f"since ({f.since}) is after until ({f.until})")
        return f

    def query(self, limit: int = DEFAULT_LIMIT, offset: int = 0) -> Query:
        return Query(conflict=self.conflict, side=self.side, claimant=self.claimant,
                     kind=self.kind, category=self.category, outlet=self.outlet,
                     article=self.article, since=self.since, until=self.until,
                     text=self.q, limit=limit, offset=offset)

    def params(self) -> dict[str, str]:
        """The filters as URL parameters (to build links that keep them)."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v}


def parse_ids(value: str | None) -> tuple[int, ...]:
    """``3,7,12`` -> (3, 7, 12); at most ``MAX_LIMIT`` ids; a 400 for anything else."""
    if not value or not value.strip():
        return ()
    out = []
    for part in value.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit():
            raise UsageError(f"ids: {part!r} is not a claim id (ids=3,7,12)")
        out.append(int(part))
    if len(out) > MAX_LIMIT:
        raise UsageError(f"ids: at most {MAX_LIMIT} ids")
    return tuple(out)


def filters_dep(
    conflict: str | None = Param(None, description="conflict profile id, e.g. karabakh"),
    side: str | None = Param(None, description="target side (claims) or actor side (events), e.g. ARM"),
    claimant: str | None = Param(None, description="claimant side or party code, e.g. AZE"),
    kind: str | None = Param(None, description="loss kind: " + ", ".join(KINDS)),
    category: str | None = Param(None, description="target category: " + ", ".join(CATEGORIES)),
    outlet: str | None = Param(None, description="outlet that published the article"),
    article: str | None = Param(None, description="article name or id"),
    since: str | None = Param(None, description="from this ISO date (YYYY-MM-DD)"),
    until: str | None = Param(None, description="up to this ISO date (YYYY-MM-DD)"),
    q: str | None = Param(None, description="text search in the sentence (claims, events) or title and text (articles)"),
) -> Filters:
    return Filters.parse(conflict, side, claimant, kind, category, outlet, article, since,
                         until, q)


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


def evidence_url(row: dict[str, Any], kind: str = "claim") -> str | None:
    """The dashboard page that shows the sentence behind a claim or event, highlighted."""
    art = row.get("article_id") or row.get("article")
    if not art:
        return None
    span = row.get("span") or ()
    anchor = f"{kind}-{row['id']}" if row.get("id") is not None else "evidence"
    query = f"?{kind}={row['id']}" if row.get("id") is not None else ""
    if len(span) == 2:
        query += ("&" if query else "?") + f"span={span[0]}-{span[1]}"
    return f"/articles/{_quote(str(art))}{query}#{anchor}"


def _quote(value: str) -> str:
    from urllib.parse import quote
    return quote(value, safe="")


def with_links(row: dict[str, Any], kind: str) -> dict[str, Any]:
    """Add the links that tie every number back to its article and sentence."""
    out = dict(row)
    art = row.get("article_id") or row.get("article")
    links: dict[str, str] = {}
    if row.get("id") is not None:
        links["self"] = f"{API_PREFIX}/{kind}s/{row['id']}"
    if art:
        links["article"] = f"{API_PREFIX}/articles/{_quote(str(art))}"
    superseded = row.get("superseded")
    if isinstance(superseded, dict) and superseded.get("by") is not None:
        # a claim a later extraction replaced still resolves, and points to its successor
        links["successor"] = f"{API_PREFIX}/{kind}s/{superseded['by']}"
    ev = evidence_url(row, kind)
    if ev:
        links["evidence"] = ev
        out["evidence_url"] = ev
    out["links"] = links
    return out


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        elif isinstance(value, (list, tuple)):
            if all(not isinstance(v, (dict, list, tuple)) for v in value):
                flat[name] = ";".join("" if v is None else str(v) for v in value)
            else:
                flat[name] = json.dumps(value, ensure_ascii=False, default=str)
        else:
            flat[name] = value
    return flat


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV, nested fields as dotted columns (``count.value``), lists joined by ``;``.

    Cells that a spreadsheet would run as a formula (=, +, -, @ first) get a leading
    apostrophe: article text is untrusted and analysts open these files in Excel.
    """
    flat = [_flatten(r) for r in rows]
    columns: list[str] = []
    for r in flat:
        for k in r:
            if k not in columns:
                columns.append(k)
    # a field that is null in some rows and an object in others keeps only its sub-columns
    nested = {c.split(".", 1)[0] for c in columns if "." in c}
    columns = [c for c in columns
               if c not in nested or any(r.get(c) is not None for r in flat)]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
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


def plain(value: Any) -> Any:
    """A ledger row or report (dataclass, pydantic or dict) as JSON-ready data."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def page_response(request: Request, rows: list[dict[str, Any]], total: int, limit: int,
                  offset: int, fmt: Format, name: str) -> Response:
    if fmt == "csv":
        return Response(to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    nxt = None
    if offset + len(rows) < total:
        nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return JSONResponse(jsonable({"items": rows, "total": total, "limit": limit,
                                  "offset": offset, "next": nxt}))


def jsonable(value: Any) -> Any:
    return json.loads(json.dumps(plain(value), default=str))


# --------------------------------------------------------------------------- ledger


# the ledger's period buckets; without one asked for, rows are months, so that a row never
# joins events years apart (the 2016 and 2020 Karabakh fighting); ``by=all``: one period
BY_CHOICES = ("day", "week", "month", "all")
DEFAULT_BY = "month"


def parse_by(value: str | None) -> str | None:
    """The ``by`` parameter as ``LedgerQuery.by`` (None for ``all``); 400 for anything else."""
    got = _choice("by", _text(value.lower() if value else value), BY_CHOICES) or DEFAULT_BY
    return None if got == "all" else got


def _ledger_query(f: Filters, by: str | None) -> Any:
    from warledger.ledger import LedgerQuery

    return LedgerQuery(conflict=f.conflict, side=f.side, claimant=f.claimant, kind=f.kind,
                       category=f.category, outlet=f.outlet, article=f.article, since=f.since,
                       until=f.until, text=f.q, by=by)


def event_contradiction_rows(store: Any, f: Filters, by: str | None = DEFAULT_BY) -> list[dict[str, Any]]:
    """Events asserted by one claimant and denied by another, for these filters
    (``warledger.ledger.event_contradictions``), beside the loss contradictions."""
    from warledger.ledger import event_contradictions

    return [jsonable(e) for e in event_contradictions(store, _ledger_query(f, by))]


def ledger_rows(store: Any, f: Filters, by: str | None = DEFAULT_BY) -> list[dict[str, Any]]:
    """The ledger for these filters, as plain dicts (``warledger.ledger.build_ledger``);
    every filter is honoured (the ledger takes them all)."""
    import importlib
    try:
        ledger_mod = importlib.import_module("warledger.ledger")
    except ModuleNotFoundError as exc:  # the ledger is another stage; say so plainly
        raise StoreError("the ledger is not available in this installation") from exc
    LedgerQuery = getattr(ledger_mod, "LedgerQuery")
    wanted = {"conflict": f.conflict, "side": f.side, "kind": f.kind,
              "category": f.category, "since": f.since, "until": f.until,
              "claimant": f.claimant, "outlet": f.outlet, "text": f.q, "q": f.q,
              "article": f.article, "by": by}
    if dataclasses.is_dataclass(LedgerQuery):
        names = {fl.name for fl in dataclasses.fields(LedgerQuery)}
    else:  # a plain class: pass what its constructor accepts
        import inspect
        names = set(inspect.signature(LedgerQuery).parameters)
    lq = LedgerQuery(**{k: v for k, v in wanted.items() if k in names and v is not None})
    rows = [plain(r) for r in ledger_mod.build_ledger(store, lq)]
    # filters the ledger query does not know are applied here, on the rows' own fields
    for key in ("conflict", "side", "kind", "category"):
        value = getattr(f, key)
        if value is not None and key not in names:
            rows = [r for r in rows if r.get(key) == value]
    return rows


def contradiction_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per contradiction the ledger flagged, with the group it belongs to."""
    out: list[dict[str, Any]] = []
    for r in rows:
        for c in r.get("contradictions") or ():
            item = c if isinstance(c, dict) else {"description": str(c)}
            out.append({"type": "loss", "conflict": r.get("conflict"), "side": r.get("side"),
                        "kind": r.get("kind"), "category": r.get("category"),
                        "period": r.get("period"), "claim_ids": r.get("claim_ids") or [],
                        **item})
    return out


# --------------------------------------------------------------------------- routes


def api_router() -> APIRouter:
    r = APIRouter(prefix=API_PREFIX, tags=["api"])
    limit_p = Param(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"rows per page (at most {MAX_LIMIT})")
    offset_p = Param(0, ge=0, le=10_000_000, description="rows to skip")
    format_p = Param("json", description="json (a page envelope) or csv (the rows)")
    by_p = Param(None, description="ledger period: day, week, month (the default: a row never "
                                   "joins events years apart) or all (one period)")

    @r.get("/articles", responses=LIST_RESPONSES, summary="Articles, newest first")
    def list_articles(request: Request, f: Filters = Depends(filters_dep),
                      limit: int = limit_p, offset: int = offset_p, format: Format = format_p,
                      store: Any = Depends(get_store)) -> Response:
        q = f.query(limit, offset)
        rows = [_article_row(a) for a in store.articles(q)]
        return page_response(request, rows, store.count("articles", q), limit, offset, format,
                             "articles")

    @r.get("/articles/{key}", responses=ERROR_RESPONSES,
           summary="One article by id or name, with its text, claims and events")
    def get_article(key: str, store: Any = Depends(get_store)) -> JSONResponse:
        art = store.article(key)
        q = Query(article=art.get("id") or key, limit=MAX_LIMIT)
        claims = [with_links(c, "claim") for c in fetch_all(store.claims, q)]
        events = [with_links(e, "event") for e in fetch_all(store.events, q)]
        return JSONResponse(jsonable({**_article_row(art, full=True), "claims": claims,
                                      "events": events}))

    ids_p = Param(None, description="only these claim ids, comma-separated (the claims behind a figure)")
    sort_p = Param(None, description="sort by date, count, claimant, target, kind, stance or "
                                     "outlet; prefix - to reverse (default: the order stored)")

    @r.get("/claims", responses=LIST_RESPONSES, summary="Loss claims, each linked to its evidence")
    def list_claims(request: Request, f: Filters = Depends(filters_dep),
                    limit: int = limit_p, offset: int = offset_p, format: Format = format_p,
                    ids: str | None = ids_p, sort: str | None = sort_p,
                    store: Any = Depends(get_store)) -> Response:
        from warledger.dashboard.explore import parse_sort, sort_rows
        order = parse_sort(sort)
        q = dataclasses.replace(f.query(limit, offset), ids=parse_ids(ids))
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
    def claim_facets(f: Filters = Depends(filters_dep), ids: str | None = ids_p,
                     store: Any = Depends(get_store)) -> JSONResponse:
        from warledger.dashboard.explore import facets_json
        q = dataclasses.replace(f.query(MAX_LIMIT), ids=parse_ids(ids))
        rows = fetch_all(store.claims, q)
        total = store.count("claims", q)
        return JSONResponse(jsonable({"total": total, "counted": len(rows),
                                      "partial": len(rows) < total, "facets": facets_json(rows)}))

    @r.get("/claims/{claim_id}", responses=ERROR_RESPONSES, summary="One claim")
    def get_claim(claim_id: int, store: Any = Depends(get_store)) -> JSONResponse:
        return JSONResponse(jsonable(with_links(_one(store.claims, "claim", claim_id), "claim")))

    @r.get("/events", responses=LIST_RESPONSES, summary="PLOVER events, each linked to its evidence")
    def list_events(request: Request, f: Filters = Depends(filters_dep),
                    limit: int = limit_p, offset: int = offset_p, format: Format = format_p,
                    store: Any = Depends(get_store)) -> Response:
        q = f.query(limit, offset)
        rows = [with_links(e, "event") for e in store.events(q)]
        return page_response(request, rows, store.count("events", q), limit, offset, format,
                             "events")

    @r.get("/events/{event_id}", responses=ERROR_RESPONSES, summary="One event")
    def get_event(event_id: int, store: Any = Depends(get_store)) -> JSONResponse:
        return JSONResponse(jsonable(with_links(_one(store.events, "event", event_id), "event")))

    @r.get("/ledger", responses=LIST_RESPONSES,
           summary="The ledger: admitted / adversary / third-party figures with low, best, high")
    def get_ledger(request: Request, f: Filters = Depends(filters_dep),
                   limit: int = limit_p, offset: int = offset_p, format: Format = format_p,
                   by: str | None = by_p, store: Any = Depends(get_store)) -> Response:
        rows = ledger_rows(store, f, parse_by(by))
        return page_response(request, rows[offset:offset + limit], len(rows), limit, offset,
                             format, "ledger")

    @r.get("/contradictions", responses=LIST_RESPONSES,
           summary="Contradictions: loss figures (assert vs deny, ranges of one scope that do "
                   "not overlap) and events asserted by one side and denied by another")
    def get_contradictions(request: Request, f: Filters = Depends(filters_dep),
                           limit: int = limit_p, offset: int = offset_p,
                           format: Format = format_p, by: str | None = by_p,
                           store: Any = Depends(get_store)) -> Response:
        period = parse_by(by)
        rows = (contradiction_rows(ledger_rows(store, f, period))
                + event_contradiction_rows(store, f, period))
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
    async def post_ingest(request: Request, store: Any = Depends(get_store)) -> JSONResponse:
        require_token(request)
        options: Options = request.app.state.options
        body = await read_body(request, options.max_body_bytes)
        from starlette.concurrency import run_in_threadpool
        result = await run_in_threadpool(ingest_records, body, options, store)
        return JSONResponse(result, status_code=201)

    @r.get("/health", summary="Liveness and record counts")
    def health(store: Any = Depends(get_store)) -> dict[str, Any]:
        q = Query()
        return {"status": "ok", "articles": store.count("articles", q),
                "claims": store.count("claims", q), "events": store.count("events", q)}

    return r


class ArticleRecord(BaseModel):
    """The JSONL article record (DESIGN.md "Inputs"): all but ``text`` optional."""

    id: str | None = None
    text: str
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
        row["links"] = {"self": f"{API_PREFIX}/articles/{_quote(str(key))}",
                        "page": f"/articles/{_quote(str(key))}"}
    return row


def _one(fetch: Callable[[Query], list[dict[str, Any]]], what: str, ident: int) -> dict[str, Any]:
    rows = fetch(Query(ids=(ident,), limit=1))
    if not rows:
        raise NotFound(f"no {what} with id {ident}")
    return rows[0]


# --------------------------------------------------------------------------- errors


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    """Every failure becomes ``{"error": message}``; unexpected ones are logged, not shown."""

    @app.exception_handler(WarledgerError)
    async def _warledger(request: Request, exc: WarledgerError) -> Response:
        if exc.http_status >= 500:
            log.warning("%s %s: %s", request.method, request.url.path, exc)
        return _html_or_json(request, exc.http_status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg")))
        return _html_or_json(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return _html_or_json(request, exc.status_code, message,
                             headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _html_or_json(request, 500, "internal error: the server log has the details")


def _html_or_json(request: Request, status: int, message: str,
                  headers: dict[str, str] | None = None) -> Response:
    """JSON for the API; a plain page for a person browsing the dashboard."""
    if not request.url.path.startswith(API_PREFIX) and request.url.path != "/openapi.json" \
            and "text/html" in request.headers.get("accept", ""):
        from warledger.dashboard.views import error_page
        return error_page(request, status, message)
    resp = _error(status, message)
    if headers:
        resp.headers.update(headers)
    return resp


def _fix_openapi(app: FastAPI) -> None:
    """Make the published schema say what the server does: errors are ``{"error": ...}``."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        comps["ErrorBody"] = ErrorBody.model_json_schema()
        comps["ArticleRecord"] = ArticleRecord.model_json_schema()
        for path in schema.get("paths", {}).values():
            for op in path.values():
                resp = op.get("responses", {})
                if "422" in resp:
                    resp["422"] = {"description": "a parameter is invalid", "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
        comps.pop("HTTPValidationError", None)
        comps.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


# --------------------------------------------------------------------------- the app


def create_app(options: Options, store: Store | None = None) -> FastAPI:
    """The whole web application: REST API under /api, dashboard at /.

    Given a store (tests), the app uses it and leaves closing it to the caller; given none,
    it opens ``options.db`` at start-up and closes it at shutdown.
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = None
        if app.state.store is None:
            from warledger.store import open_store
            opened = open_store(options.db)
            with contextlib.suppress(AttributeError):
                opened.migrate()
            app.state.store = LockedStore(opened)
        try:
            yield
        finally:
            if opened is not None:
                opened.close()
                app.state.store = None

    app = FastAPI(title="warledger", version=_version(), lifespan=lifespan,
                  description="An attributed, cross-checked ledger of loss claims. "
                              "Every number links back to the sentences behind it.",
                  docs_url=None, redoc_url=None)  # the Swagger UI would load from a CDN
    app.state.options = options
    app.state.store = LockedStore(store) if store is not None else None
    install_error_handlers(app)
    app.include_router(api_router())
    from warledger.dashboard.views import mount_dashboard
    mount_dashboard(app)
    from warledger.report.web import mount_report  # /report: the situation report (issue 12)
    mount_report(app)
    _fix_openapi(app)
    return app


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("warledger")
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return "0"

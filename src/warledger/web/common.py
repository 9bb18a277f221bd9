"""What the API and the dashboard share: filters, the store a request reads, limits, the
links that tie a number to its sentence, and the ledger cached per store state.

Why one module under both: the API (``web/api.py``) and the pages (``web/dashboard``) each
import this and never each other, so either can be served, tested or changed alone, and a
filter means the same thing in a URL of either.

Why a pool of read handles: one store call at a time made ``/api/health`` wait 4.6 s
behind ten ledger requests. Each request borrows its own handle (a DuckDB cursor on the
one open database, or a PostgreSQL connection) for as long as it runs, so reads go side by
side; writes stay on the app's own handle, one at a time.
"""
from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
import functools
import gzip
import json
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote as _urlquote

from fastapi import Depends, Request
from fastapi import Query as Param
from fastapi.responses import Response

from warledger.errors import StoreError, UsageError
from warledger.ledger import COLUMNS, build_ledger, event_contradictions
from warledger.options import Options
from warledger.records import CATEGORIES, KINDS
from warledger.store.base import Query, Store

MAX_LIMIT = 1000  # one page never holds more rows than this: bigger exports page through
DEFAULT_LIMIT = 100
API_PREFIX = "/api"
# the ledger's period buckets; without one asked for, rows are months, so that a row never
# joins events years apart (the 2016 and 2020 Karabakh fighting); ``by=all``: one period
BY_CHOICES = ("day", "week", "month", "all")
DEFAULT_BY = "month"
# read handles a server keeps open at most (requests beyond wait for one): more than the
# requests likely to run at once, so a quick one (/api/health) never queues behind slow ones
READERS = 24
READER_WAIT = 30.0  # seconds a request waits for a free handle before a 503
MARK_TTL = 0.25  # seconds the store's state (SqlStore.change_mark) is trusted without a look


# --------------------------------------------------------------------------- the store


class Readers:
    """A bounded pool of read handles on one store (``SqlStore.reader``), lent to one
    request at a time, made when first needed and closed with the app."""

    def __init__(self, store: Store, size: int = READERS) -> None:
        self.store = store
        self._free: queue.LifoQueue[Any] = queue.LifoQueue()
        self._made: list[Any] = []
        self._size = size
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def borrow(self) -> Iterator[Any]:
        handle = self._take()
        try:
            yield handle
        finally:
            self._free.put(handle)

    def _take(self) -> Any:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._made) < self._size:
                handle = self.store.reader()
                self._made.append(handle)
                return handle
        try:
            return self._free.get(timeout=READER_WAIT)
        except queue.Empty:
            raise StoreError("the server is busy: every store connection is in use") from None

    def close(self) -> None:
        with self._lock:
            made, self._made = self._made, []
            while not self._free.empty():
                self._free.get_nowait()
        for handle in made:
            with contextlib.suppress(Exception):
                handle.close()


@dataclasses.dataclass
class Site:
    """What the app keeps between requests: the store (its own handle does the writes),
    the read pool, the ledger cache and the lock that keeps writes one at a time."""

    options: Options
    store: Store
    readers: Readers
    ledgers: LedgerCache
    write_lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    @classmethod
    def over(cls, options: Options, store: Store) -> Site:
        return cls(options=options, store=store, readers=Readers(store),
                   ledgers=LedgerCache())

    def close(self) -> None:
        self.readers.close()


def get_site(request: Request) -> Site:
    site = getattr(request.app.state, "site", None)
    if site is None:
        raise StoreError("the store is not open")
    return site


def get_store(request: Request) -> Iterator[Any]:
    """A read handle on the app's store for this request (a FastAPI dependency)."""
    with get_site(request).readers.borrow() as store:
        yield store


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

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# a day, or a datetime on that day (2020-09-29T08:00:00Z): nothing else after the day
_ISO_TIME = re.compile(r"[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"


def _iso_date(name: str, value: str | None) -> str | None:
    """An ISO day, or a datetime (its day); anything else after the day is refused, not
    cut off (``2020-09-29junk`` is a typo, not the 29th)."""
    if value is None or value == "":
        return None
    day, rest = value[:10], value[10:]
    try:
        if not _ISO_DAY.fullmatch(day) or (rest and not _ISO_TIME.fullmatch(rest)):
            raise ValueError
        return dt.date.fromisoformat(day).isoformat()
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


# the filters a URL of the API or of a page may carry, in the order links write them:
# (URL parameter, ``Query`` field); ``q`` is the text search
FILTER_PARAMS = (("conflict", "conflict"), ("side", "side"), ("claimant", "claimant"),
                 ("kind", "kind"), ("category", "category"), ("outlet", "outlet"),
                 ("article", "article"), ("since", "since"), ("until", "until"), ("q", "text"))


def query_from(params: Mapping[str, str | None], profiles: Sequence[str] = ()) -> Query:
    """The filters of a request as the one filter object (``warledger.Query``), parsed and
    checked once for the API and the pages alike: codes upper case, kinds and categories
    lower case and known, dates ISO days, ``since`` not after ``until``, or a UsageError
    (a 400) naming the filter. ``profiles``: the server's own profile files (``--profile``,
    ``WARLEDGER_PROFILES``), which the ledger reads as it does for the command line."""
    kind = _choice("kind", _lower(params.get("kind")), KINDS)
    category = _choice("category", _lower(params.get("category")), CATEGORIES)
    since = _iso_date("since", _text(params.get("since")))
    until = _iso_date("until", _text(params.get("until")))
    if since and until and since > until:
        raise UsageError(f"since ({since}) is after until ({until})")
    return Query(conflict=_text(params.get("conflict")), side=_code(params.get("side")),
                 claimant=_code(params.get("claimant")), kind=kind, category=category,
                 outlet=_text(params.get("outlet")), article=_text(params.get("article")),
                 since=since, until=until, text=_text(params.get("q")),
                 profiles=tuple(profiles))


def filter_params(q: Query) -> dict[str, str]:
    """A query's filters as URL parameters (to build links that keep them)."""
    return {name: value for name, fld in FILTER_PARAMS if (value := getattr(q, fld))}


def request_query(request: Request, params: Mapping[str, str | None]) -> Query:
    """``query_from`` with the profiles of the app serving ``request``."""
    options: Options = request.app.state.options
    return query_from(params, options.profile_paths)


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


def parse_by(value: str | None) -> str | None:
    """The ``by`` parameter as ``Query.by`` (None for ``all``); 400 for anything else."""
    got = _choice("by", _text(value.lower() if value else value), BY_CHOICES) or DEFAULT_BY
    return None if got == "all" else got


def by_param(by: str | None) -> str:
    """``parse_by``'s value back as the URL parameter."""
    return by or "all"


def _enum(values: Sequence[str]) -> dict[str, Any]:
    # the accepted values in the published schema; the server also takes them in any case
    return {"enum": list(values)}


def filters_dep(
    request: Request,
    conflict: str | None = Param(None, max_length=200, description="conflict profile id, e.g. karabakh"),
    side: str | None = Param(None, max_length=50, description="target side (claims) or actor side (events), e.g. ARM"),
    claimant: str | None = Param(None, max_length=50, description="claimant side or party code, e.g. AZE"),
    kind: str | None = Param(None, description="loss kind: " + ", ".join(KINDS),
                             json_schema_extra=_enum(KINDS)),
    category: str | None = Param(None, description="target category: " + ", ".join(CATEGORIES),
                                 json_schema_extra=_enum(CATEGORIES)),
    outlet: str | None = Param(None, max_length=200, description="outlet that published the article"),
    article: str | None = Param(None, max_length=500, description="article name or id"),
    since: str | None = Param(None, max_length=40, description="from this ISO date (YYYY-MM-DD; "
                              "a datetime is its day)", json_schema_extra={"pattern": DATE_PATTERN}),
    until: str | None = Param(None, max_length=40, description="up to this ISO date (YYYY-MM-DD)",
                              json_schema_extra={"pattern": DATE_PATTERN}),
    q: str | None = Param(None, max_length=500, description="text search in the sentence (claims, events) or "
                                            "title and text (articles); % and _ are literal"),
) -> Query:
    """The request's filters (a FastAPI dependency): ``request_query`` of its parameters."""
    return request_query(request, {"conflict": conflict, "side": side, "claimant": claimant,
                                   "kind": kind, "category": category, "outlet": outlet,
                                   "article": article, "since": since, "until": until, "q": q})


# --------------------------------------------------------------------------- links


def quote(value: str) -> str:
    """One URL path segment (an article id or name may hold any character)."""
    return _urlquote(value, safe="")


def evidence_url(row: dict[str, Any], kind: str = "claim") -> str | None:
    """The dashboard page that shows the sentence behind a claim or event, highlighted."""
    art = row.get("article_id") or row.get("article")
    if not art:
        return None
    span: Sequence[Any] = row.get("span") or ()
    anchor = f"{kind}-{row['id']}" if row.get("id") is not None else "evidence"
    query = f"?{kind}={row['id']}" if row.get("id") is not None else ""
    if len(span) == 2:
        query += ("&" if query else "?") + f"span={span[0]}-{span[1]}"
    return f"/articles/{quote(str(art))}{query}#{anchor}"


def with_links(row: dict[str, Any], kind: str) -> dict[str, Any]:
    """Add the links that tie every number back to its article and sentence."""
    out = dict(row)
    art = row.get("article_id") or row.get("article")
    links: dict[str, str] = {}
    if row.get("id") is not None:
        links["self"] = f"{API_PREFIX}/{kind}s/{row['id']}"
    if art:
        links["article"] = f"{API_PREFIX}/articles/{quote(str(art))}"
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


def jsonable(value: Any) -> Any:
    return json.loads(json.dumps(plain(value), default=str))


# --------------------------------------------------------------------------- the ledger


def ledger_query(f: Query, by: str | None) -> Query:
    """The ledger's query for a request's filters and period: its page, ids and order are
    the list's, not the ledger's, so equal filters are one cache entry."""
    return dataclasses.replace(f, by=by, ids=(), limit=DEFAULT_LIMIT, offset=0)


class LedgerCache:
    """What was built for the store as it stands (``SqlStore.change_mark``): ledgers and
    whole answers. The overview and ``/api/ledger`` are asked for the same few filters
    again and again, and their figures change only when something is written; rendering
    the page or the JSON again each time cost more than the SQL. Values are shared
    between requests: never mutate them. Bounded by an estimate of their size.

    Why the store's state is read at most every ``MARK_TTL`` seconds: under twenty clients
    that one query, paid by every request, cost more than answering from the cache; so a
    write by another process shows within a quarter of a second, and the server's own
    writes (``changed``) at once."""

    def __init__(self, budget: int = 64 * 1024 * 1024) -> None:
        self._lock = threading.Lock()
        self._mark: Any = None
        self._items: collections.OrderedDict[Any, tuple[Any, int]] = collections.OrderedDict()
        self._used = 0
        self._budget = budget
        self._read_at = float("-inf")  # when the store's state was last read

    def view(self, store: Store) -> CachedStore:
        """This cache for one request, at the store's state (read if not read lately)."""
        with self._lock:
            if time.monotonic() - self._read_at < MARK_TTL:
                return CachedStore(self, store, self._mark)
        mark = store.change_mark()
        with self._lock:
            if mark != self._mark:  # the store changed: nothing kept holds any more
                self._items.clear()
                self._used = 0
                self._mark = mark
            self._read_at = time.monotonic()
        return CachedStore(self, store, mark)

    def changed(self) -> None:
        """The server wrote: read the store's state again on the next request."""
        with self._lock:
            self._read_at = float("-inf")

    def get(self, mark: Any, key: Any, build: Callable[[], Any], weigh: Callable[[Any], int]) -> Any:
        with self._lock:
            if mark != self._mark:  # a request that began before the store changed
                return build()
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
        value = build()
        size = weigh(value)
        with self._lock:
            if mark == self._mark and key not in self._items and size <= self._budget // 4:
                self._items[key] = (value, size)
                self._used += size
                while self._used > self._budget:
                    _, (_, dropped) = self._items.popitem(last=False)
                    self._used -= dropped
        return value


@dataclasses.dataclass(frozen=True)
class Answer:
    """A cached response: its body (and the body gzipped, for the clients that take it:
    a 350 KB overview is 30 KB on the wire, compressed once, not per request)."""

    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...] = ()
    gzipped: bytes | None = None

    @classmethod
    def of(cls, resp: Response) -> Answer:
        body = bytes(resp.body)
        keep = tuple((k, v) for k, v in resp.headers.items()
                     if k.lower() not in ("content-length", "content-type"))
        packed = gzip.compress(body, 6, mtime=0) if len(body) > 1024 else None
        return cls(body, resp.media_type or "application/octet-stream", keep, packed)

    def response(self, request: Request) -> Response:
        headers = dict(self.headers)
        body = self.body
        if self.gzipped is not None:
            headers["Vary"] = "Accept-Encoding"
            if "gzip" in request.headers.get("accept-encoding", ""):
                headers["Content-Encoding"] = "gzip"
                body = self.gzipped
        return Response(body, media_type=self.media_type, headers=headers)


class CachedStore:
    """One request's read handle with the app's cache, at the store state it read."""

    def __init__(self, cache: LedgerCache, store: Store, mark: Any) -> None:
        self.cache, self.store, self.mark = cache, store, mark

    def rows(self, f: Query, by: str | None = DEFAULT_BY) -> list[dict[str, Any]]:
        """The ledger for these filters as plain dicts (``warledger.ledger.build_ledger``:
        every filter is the store's SQL)."""
        lq = ledger_query(f, by)
        return self.cache.get(self.mark, ("ledger", lq),
                              lambda: [r.to_dict() for r in build_ledger(self.store, lq)],
                              lambda rows: 2048 * len(rows) + 1024)

    def event_contradictions(self, f: Query, by: str | None = DEFAULT_BY) -> list[dict[str, Any]]:
        """Events asserted by one claimant and denied by another, for these filters
        (``warledger.ledger.event_contradictions``), beside the loss contradictions."""
        lq = ledger_query(f, by)
        return self.cache.get(self.mark, ("events", lq),
                              lambda: [jsonable(e) for e in event_contradictions(self.store, lq)],
                              lambda rows: 1024 * len(rows) + 1024)

    def totals(self) -> dict[str, int]:
        """How many articles, claims and events the store holds (current claims)."""
        q = Query()
        return self.cache.get(self.mark, ("totals",),
                              lambda: {t: self.store.count(t, q) for t in ("articles", "claims", "events")},
                              lambda _: 256)

    def figure_ids(self, f: Query, by: str | None, figure: str) -> tuple[int, ...]:
        """The ids of the claims behind one ledger figure (``figure_key``): how a figure
        links to a query instead of carrying every claim id in the page."""
        want, column = parse_figure(figure)
        for r in self.rows(f, by):
            if row_key(r) == want:
                if column is None:
                    return tuple(r.get("claim_ids") or ())
                return tuple((r.get(column) or {}).get("claim_ids") or ())
        return ()  # no such figure under these filters: no claims behind it

    def answer(self, request: Request, build: Callable[[], Any]) -> Response:
        """The response for this URL, built once per store state (a 200 only: errors are
        raised by ``build`` and never kept)."""
        got = self.cache.get(self.mark, ("answer", request.url.path, request.url.query),
                             lambda: Answer.of(build()),
                             lambda a: len(a.body) + len(a.gzipped or b"") + 512)
        return got.response(request)


def kept(route: Callable[..., Response]) -> Callable[..., Response]:
    """A read route whose 200 answer is kept per URL until the store changes (the route
    takes ``request`` and ``cached``; FastAPI reads the route's own signature)."""
    @functools.wraps(route)
    def keeping(*args: Any, **kwargs: Any) -> Response:
        return kwargs["cached"].answer(kwargs["request"], lambda: route(*args, **kwargs))
    return keeping


def get_cached(request: Request, store: Store = Depends(get_store)) -> CachedStore:
    """The request's read handle with the app's cache (a FastAPI dependency)."""
    return get_site(request).ledgers.view(store)


def row_key(row: dict[str, Any]) -> str:
    """A ledger row's key as a URL value: conflict/side/kind/category/period."""
    period = row.get("period") or {}
    return "/".join(str(x or "") for x in (row.get("conflict"), row.get("side"),
                                           row.get("kind"), row.get("category"),
                                           period.get("bucket")))


def figure_key(row: dict[str, Any], column: str | None = None) -> str:
    """The ``figure`` parameter naming one row (and one of its columns) of the ledger."""
    return row_key(row) + (f"/{column}" if column else "")


def parse_figure(value: str) -> tuple[str, str | None]:
    """``figure`` -> (row key, column or None); a 400 for a malformed one."""
    parts = value.split("/")
    column = parts.pop() if parts and parts[-1] in COLUMNS else None
    if len(parts) < 5:
        raise UsageError(f"figure: {value!r} is not conflict/side/kind/category/period"
                         f"[/{'|'.join(COLUMNS)}]")
    return "/".join(parts), column


def contradiction_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per contradiction the ledger flagged, with the group it belongs to."""
    out: list[dict[str, Any]] = []
    for r in rows:
        for c in r.get("contradictions") or ():
            item = c if isinstance(c, dict) else {"description": str(c)}
            out.append({"type": "loss", "conflict": r.get("conflict"), "side": r.get("side"),
                        "kind": r.get("kind"), "category": r.get("category"),
                        "period": r.get("period"), "claim_ids": r.get("claim_ids") or [],
                        "figure": figure_key(r), **item})
    return out

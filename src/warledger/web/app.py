"""The web application: the REST API under ``/api`` and the dashboard under ``/``.

``create_app(options, store)`` builds it so tests run it in-process on a temporary store
and ``warledger serve`` hands it to uvicorn. This module only assembles: it opens the store
(migrated once, read-only when no token allows writes), warms the pipeline when writes are
allowed, turns every failure into ``{"error": message}`` (or a page for a person), and puts
the security headers on every response, the API's included, whether or not the dashboard
is mounted.

Why errors are scrubbed here: a message may carry the store's URL (with a PostgreSQL
password) or a server path; a journalist pasting a URL should read what was wrong with it,
and nobody should learn the server's secrets or layout from an answer or from the log.
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
import time
import traceback
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from warledger.errors import StoreError, WarledgerError
from warledger.options import Options
from warledger.store.base import Store
from warledger.web.api import ArticleRecord, ErrorBody, api_router
from warledger.web.common import API_PREFIX, Site

log = logging.getLogger("warledger.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
SECURITY_HEADERS = ((b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"))
ErrorPage = Callable[[Request, int, str], Response]


# --------------------------------------------------------------------------- the store


def open_for_serving(options: Options) -> Store:
    """The store ``options.db`` names, migrated once, then open read-only unless a token
    allows writes (a DuckDB file is then readable beside other readers, and a PostgreSQL
    session refuses writes). A DuckDB file another process is writing (an ingest) is
    refused in one line that says so."""
    from warledger.store import open_store
    from warledger.store.schema import LATEST

    try:
        if options.token:
            return open_store(options.db)
        try:  # already up to date: no write at all (beside other readers of the file)
            store = open_store(options.db, read_only=True)
            if store.version() == LATEST:
                return store
            store.close()
        except StoreError as exc:
            if _locked(exc):
                raise
        open_store(options.db).close()  # a new or older store: created or upgraded once
        return open_store(options.db, read_only=True)
    except StoreError as exc:
        if _locked(exc):
            pid = re.search(r"PID (\d+)", str(exc))
            who = f"another process (PID {pid.group(1)})" if pid else "another process"
            raise StoreError(f"{_redact(options.db)} is open for writing in {who}, an ingest "
                             "perhaps: serve it when that has finished, or keep the store "
                             "on PostgreSQL, which readers and writers share") from None
        raise


def _locked(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set" in text)


def _redact(url: str) -> str:
    from warledger.store.backends import redact

    return redact(url)


# --------------------------------------------------------------------------- secrets


class Scrubber:
    """Removes the store's URL, its password and the server's own paths from text."""

    def __init__(self, db: str) -> None:
        names: list[str] = []  # what stands for the store: said as "the store"
        hidden: list[str] = []  # a password, the server's folders: cut out
        path = db
        if "://" in db:
            names += [db, _redact(db)]
            m = re.match(r"[\w+.-]+://[^:/@]*:([^@]+)@", db)
            if m and len(m.group(1)) >= 3:
                hidden.append(m.group(1))
            path = db.split("://", 1)[1] if db.startswith("duckdb://") else ""
        if path and path != ":memory:":
            names += [str(Path(path).resolve()), path]
            hidden.append(str(Path(path).resolve().parent))
        package = Path(__file__).resolve().parents[1]
        hidden += [str(package.parent), os.getcwd()]
        # the longest first, so a URL goes as a whole before its password or folder
        pairs = {s: "the store" for s in names if s}
        pairs.update({s: "…" for s in hidden if s and len(s) > 1 and s not in pairs})
        self._pairs = sorted(pairs.items(), key=lambda kv: len(kv[0]), reverse=True)

    def __call__(self, text: str) -> str:
        text = re.sub(r"(://[^:/@\s]+:)[^@\s]*@", r"\1***@", text)
        for secret, stand_in in self._pairs:
            text = text.replace(secret, stand_in)
        return text


# --------------------------------------------------------------------------- middleware


class SecurityHeaders:
    """Every response, the API's and the error pages' included, forbids scripts and
    framing from elsewhere; a response that set its own policy (the report) keeps it."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                have = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in have]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class Profiles:
    """Each request names and colours sides (``web/names.py``) with the user profiles the
    app was built with, as the ledger reads them (``serve --profile`` reaches the pages and
    charts, not only the figures). A context variable, so two apps in one process (tests)
    keep theirs; Starlette hands it on to the threads sync routes run in."""

    def __init__(self, app: Any, paths: tuple[str, ...]) -> None:
        self.app = app
        self.paths = paths

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from warledger.web.names import using_profiles

        with using_profiles(self.paths):
            await self.app(scope, receive, send)


class Guard:
    """The last catch: an unexpected failure is logged (scrubbed) and answered with a
    generic 500, and not raised on to the server, whose log would print it as it is."""

    def __init__(self, app: Any, scrub: Scrubber, answer: Callable[..., Response]) -> None:
        self.app = app
        self.scrub = scrub
        self.answer = answer

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:  # noqa: BLE001 - the one place every failure ends
            log.error("unexpected error on %s %s:\n%s", scope.get("method"),
                      scope.get("path"), self.scrub(traceback.format_exc()))
            if not started:
                response = self.answer(Request(scope), 500,
                                       "internal error: the server log has the details")
                await response(scope, receive, send)


# --------------------------------------------------------------------------- errors


def install_error_handlers(app: FastAPI, scrub: Scrubber, error_page: ErrorPage | None) -> Callable[..., Response]:
    """Every failure becomes ``{"error": message}`` (a page for a person browsing)."""

    def answer(request: Request, status: int, message: str,
               headers: dict[str, str] | None = None) -> Response:
        message = scrub(message)
        path = request.url.path
        if error_page is not None and not path.startswith(API_PREFIX) \
                and path != "/openapi.json" and "text/html" in request.headers.get("accept", ""):
            return error_page(request, status, message)
        resp = JSONResponse({"error": message}, status_code=status)
        if headers:
            resp.headers.update(headers)
        return resp

    @app.exception_handler(WarledgerError)
    async def _warledger(request: Request, exc: WarledgerError) -> Response:
        if exc.http_status >= 500:
            log.warning("%s %s: %s", request.method, request.url.path, scrub(str(exc)))
        return answer(request, exc.http_status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg")))
        return answer(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return answer(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    return answer


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


def create_app(options: Options, store: Store | None = None, dashboard: bool = True) -> FastAPI:
    """The whole web application: REST API under /api, dashboard (and report) at /.

    Given a store (tests, ``warledger serve``), the app reads and writes through it and
    leaves closing it to the caller; given none, it opens ``options.db`` at start-up
    (``open_for_serving``) and closes it at shutdown. With a token, start-up also loads the
    pipeline, so the first ``POST /api/ingest`` does not wait for it.
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = None
        if app.state.site is None:
            opened = await run_in_threadpool(open_for_serving, options)
            app.state.site = Site.over(options, opened)
        if options.token:
            await run_in_threadpool(_warm_up, options)
        try:
            yield
        finally:
            app.state.site.close()
            if opened is not None:
                opened.close()
                app.state.site = None

    app = FastAPI(title="warledger", version=_version(), lifespan=lifespan,
                  description="An attributed, cross-checked ledger of loss claims. "
                              "Every number links back to the sentences behind it.",
                  docs_url=None, redoc_url=None)  # the Swagger UI would load from a CDN
    app.state.options = options
    app.state.site = Site.over(options, store) if store is not None else None
    scrub = Scrubber(options.db if store is None else (getattr(store, "url", "") or options.db))
    page: ErrorPage | None = None
    app.include_router(api_router())
    if dashboard:
        from warledger.report.web import mount_report  # /report: the situation report
        from warledger.web.dashboard.views import error_page, mount_dashboard

        mount_dashboard(app)
        mount_report(app)
        page = error_page
    answer = install_error_handlers(app, scrub, page)
    app.add_middleware(Profiles, paths=tuple(options.profile_paths))
    app.add_middleware(Guard, scrub=scrub, answer=answer)
    app.add_middleware(SecurityHeaders)  # outermost: on every answer, the guard's too
    _fix_openapi(app)
    return app


def _warm_up(options: Options) -> None:
    from warledger.web.ingest import warm_up

    began = time.perf_counter()
    try:
        warm_up(options)
    except Exception as exc:  # noqa: BLE001 - a cold first write beats a server that won't start
        log.warning("could not load the pipeline ahead of the first write: %s", exc)
        return
    log.info("pipeline loaded in %.1f s", time.perf_counter() - began)


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("warledger")
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return "0"


__all__ = ["CSP", "create_app", "open_for_serving"]

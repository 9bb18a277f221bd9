"""Writing through the API: ``POST /api/ingest``'s token check, body limit, record parsing
and the pipeline run (``web/api.py`` routes the request here).

Why each article's status is read back from the store after the run: two requests posting
the same articles at once each saw them missing before their run, and one answered
"stored" for articles the other had written; what the store holds (which run wrote each
article) is the one account both responses can agree with.
"""
from __future__ import annotations

import hmac
import json
from typing import Any

from fastapi import Request

from warledger.errors import (
    AuthError,
    InputError,
    ReadOnly,
    TooLarge,
    UsageError,
    WarledgerError,
)
from warledger.options import Options
from warledger.store.base import Store
from warledger.web.common import API_PREFIX, jsonable, quote


def require_token(request: Request) -> None:
    """Writes need the configured token; a server without one is read-only (403)."""
    expected = request.app.state.options.token
    if not expected:
        raise ReadOnly("this server is read-only: start it with --token (or WARLEDGER_TOKEN) to allow writes")
    given = request.headers.get("x-token")
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        given = auth[7:].strip()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise AuthError("a valid token is required (Authorization: Bearer TOKEN or X-Token: TOKEN)")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise TooLarge(f"request body is {declared} bytes; the limit is {limit}")
        except ValueError:
            raise UsageError("Content-Length is not a number") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"request body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_records(body: bytes) -> tuple[list[tuple[int, Any]], list[dict[str, Any]]]:
    """JSON list, single JSON object or JSON Lines -> (numbered records, errors)."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("request body", "is not UTF-8 text") from None
    stripped = text.strip()
    if not stripped:
        raise InputError("request body", "is empty: send a JSON list of articles or JSON Lines")
    if stripped[0] in "[{":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            data = None  # maybe JSON Lines of objects: parsed below
        if isinstance(data, list):
            return list(enumerate(data, 1)), []
        if isinstance(data, dict):
            return [(1, data)], []
    records: list[tuple[int, Any]] = []
    errors: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            errors.append({"record": n, "error": f"line {n}: not JSON ({exc.msg})"})
    return records, errors


def warm_up(options: Options) -> None:
    """Load the pipeline and the profiles by analysing one short article, so the first
    ``POST /api/ingest`` is not the one that waits for spaCy (20 s cold)."""
    from warledger.analyze import analyze
    from warledger.records import Article

    text = "The ministry said two soldiers were killed on Monday."
    analyze(Article(id="warm-up", name="warm-up", text=text), options)


def ingest_records(body: bytes, options: Options, store: Store) -> dict[str, Any]:
    """Turn posted records into Articles, run the pipeline, say what was stored."""
    from warledger import pipeline
    from warledger.ingest import article_from_record

    records, errors = parse_records(body)
    articles = []
    for n, rec in records:
        if not isinstance(rec, dict):
            errors.append({"record": n, "error": f"record {n}: not a JSON object"})
            continue
        try:
            articles.append(article_from_record(rec, options))
        except WarledgerError as exc:
            errors.append({"record": n, "error": f"record {n}: {exc}"})
        except (TypeError, ValueError, KeyError) as exc:
            errors.append({"record": n, "error": f"record {n}: {exc}"})
    if not articles:
        detail = "; ".join(e["error"] for e in errors[:5]) or "no records"
        raise InputError("request body", f"no article could be read ({detail})")
    report = pipeline.ingest(articles, options, store)
    seen: set[str] = set()
    listed = []
    for a in articles:
        listed.append({"id": a.id, "name": a.name, "status": _status(store, a.id, report.run_id, seen),
                       "url": f"{API_PREFIX}/articles/{quote(a.id)}"})
    counts = {s: sum(1 for x in listed if x["status"] == s) for s in ("stored", "duplicate")}
    return {"received": len(records), "read": len(articles),
            "stored": counts["stored"], "duplicates": counts["duplicate"],
            "failed": sum(1 for x in listed if x["status"] == "failed"),
            "articles": listed, "errors": errors, "report": jsonable(report)}


def _status(store: Store, article_id: str, run_id: int | None, seen: set[str]) -> str:
    """``stored`` (this run wrote it), ``duplicate`` (stored before, by another run, or
    earlier in this body) or ``failed`` (not stored: its analysis failed)."""
    first = article_id not in seen
    seen.add(article_id)
    try:
        written_by = store.article(article_id).get("run_id")
    except WarledgerError:
        return "failed" if first else "duplicate"
    return "stored" if first and run_id is not None and written_by == run_id else "duplicate"

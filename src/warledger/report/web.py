"""The dashboard's ``/report`` page: the same report as ``warledger report``, for the
filters of the page it was opened from (conflict, side, since, until).

Why its own Content-Security-Policy: the dashboard's policy allows only its own static
files, while the report is one self-contained file whose stylesheet is inline; the page
allows exactly that stylesheet (by hash), no script, and loads nothing at all.
"""
from __future__ import annotations

import re
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi import Query as Param
from fastapi.responses import Response

from warledger.web.common import get_store
from warledger.errors import UsageError
from warledger.report.build import ReportQuery, build_report
from warledger.report.render import render, style_hash
from warledger.store.base import Store

MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
         "md": "text/markdown; charset=utf-8"}


def report_csp() -> str:
    return (f"default-src 'none'; style-src {style_hash()}; img-src data:; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")


def _filename(report: Any, fmt: str) -> str:
    start, end = report.period
    parts = ["warledger-report", report.conflict or "all", start or "", end or ""]
    name = "-".join(p for p in parts if p)
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name) + "." + fmt


def mount_report(app: FastAPI) -> None:
    """Add ``GET /report``: HTML in the browser, ``?format=pdf`` or ``md`` to download."""

    @app.api_route("/report", methods=["GET", "HEAD"], include_in_schema=False)
    def report_page(request: Request,
                    conflict: str | None = Param(None, max_length=100),
                    side: str | None = Param(None, max_length=20),
                    since: str | None = Param(None, max_length=32),
                    until: str | None = Param(None, max_length=32),
                    format: str = Param("html", pattern="^(html|pdf|md)$"),
                    paper: str = Param("a4", pattern="^(a4|letter)$"),
                    store: Store = Depends(get_store)) -> Response:
        # in the browser every sentence links to its article; print lists outlet and date
        links = "" if format == "html" else None
        try:
            report = build_report(store, ReportQuery(conflict=conflict or None,
                                                     side=side or None, since=since or None,
                                                     until=until or None, links=links,
                                                     profiles=request.app.state.options.profile_paths))
        except UsageError as exc:  # the CLI's flags are this page's URL parameters
            raise UsageError(re.sub(r"--(conflict|side|since|until)\b", r"\1=", str(exc))) from None
        body = render(report, format, paper)
        headers = {"Content-Security-Policy": report_csp(), "X-Content-Type-Options": "nosniff"}
        if format != "html":
            headers["Content-Disposition"] = f'attachment; filename="{_filename(report, format)}"'
        return Response(body, media_type=MEDIA[format], headers=headers)

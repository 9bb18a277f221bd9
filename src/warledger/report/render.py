"""A report as HTML (one self-contained file), PDF (WeasyPrint, from that HTML) or Markdown.

Why one HTML for screen and print: the PDF is the HTML laid out by WeasyPrint with the
print rules of ``report.css`` (A4 or Letter, running headers with the conflict and period,
page numbers, rows kept whole), so the two can never disagree. The HTML inlines its CSS
and SVG charts and has no script; the PDF renderer is given a URL fetcher that refuses
everything, so neither can load anything from anywhere. The charts' geometry comes from the
dashboard's own chart code (``warledger.web.dashboard.charts``), drawn by the report template.
WeasyPrint is imported only when a PDF is asked for.
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from warledger.errors import UsageError, WarledgerError
from warledger.report.build import (
    COLUMN_NAMES,
    MAX_EVIDENCE_PER_COLUMN,
    Report,
    Row,
)

FORMATS = ("html", "pdf", "md")
PAPERS = {"a4": "A4", "letter": "letter"}
TEMPLATES = files("warledger.report") / "templates"


class PdfUnavailable(WarledgerError):
    """WeasyPrint or the system libraries it needs (pango) are missing."""

    exit_code = 1
    http_status = 503


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(("html",), default_for_string=False,
                                                   default=False),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(fig=fig_text, count=count_text, num=num_text, md=md_cell, side=Report.name)
    env.globals.update(COLUMN_NAMES=COLUMN_NAMES, claimant=claimant_text, day=claim_day,
                       event_actor=event_actor)
    return env


def css() -> str:
    """The report's stylesheet, as inlined in the HTML (and hashed for the dashboard's CSP)."""
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def style_hash() -> str:
    """The CSP source that allows exactly the report's inline stylesheet and nothing else."""
    digest = hashlib.sha256(css().encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# --------------------------------------------------------------------------- formats


def render(report: Report, fmt: str, paper: str = "a4") -> bytes:
    """The report in ``fmt`` (html, pdf or md) as bytes (UTF-8 for the text formats)."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be html, pdf or md, not {fmt!r}")
    if paper.lower() not in PAPERS:
        raise UsageError(f"--paper must be a4 or letter, not {paper!r}")
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    if fmt == "html":
        return render_html(report).encode("utf-8")
    return render_pdf(report, paper)


def render_html(report: Report, for_print: bool = False,
                cap: int = MAX_EVIDENCE_PER_COLUMN) -> str:
    """``cap``: claims listed per column in the evidence; the rest are named by id. Sides
    are named and coloured with the report's profiles, as in ``build_report``."""
    from warledger.web.names import using_profiles

    with using_profiles(report.query.profiles):
        return _env().get_template("report.html").render(
            r=report, css=css(), charts=chart_set(report), for_print=for_print, CAP=cap)


def render_markdown(report: Report, cap: int = MAX_EVIDENCE_PER_COLUMN) -> str:
    from warledger.web.names import using_profiles

    with using_profiles(report.query.profiles):
        return _env().get_template("report.md").render(r=report, CAP=cap)


def render_pdf(report: Report, paper: str = "a4") -> bytes:
    try:
        from weasyprint import CSS, HTML
        from weasyprint.urls import FatalURLFetchingError, URLFetcher
    except (ImportError, OSError) as exc:  # OSError: pango is not installed
        raise PdfUnavailable("PDF needs WeasyPrint and Debian's pango (apt-get install "
                             "libpango-1.0-0 libpangoft2-1.0-0); HTML and Markdown work "
                             f"without them ({type(exc).__name__})") from None

    class Refuse(URLFetcher):
        """The report inlines everything: a fetch would be a bug, so it stops the PDF
        (WeasyPrint would otherwise log an ordinary refusal and go on)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise FatalURLFetchingError(url[:80])

    page = CSS(string=f"@page {{ size: {PAPERS[paper.lower()]}; }}")
    html = HTML(string=render_html(report, for_print=True), url_fetcher=Refuse(),
                base_url=None)
    try:
        return bytes(html.write_pdf(stylesheets=[page]))
    except FatalURLFetchingError as exc:
        raise WarledgerError(f"the report tried to load {exc} while making the PDF; it "
                             "must load nothing (a bug: please report it)") from None


# --------------------------------------------------------------------------- charts


def chart_set(report: Report) -> dict[str, Any]:
    """Geometry of every chart, from the dashboard's chart functions, so a side has the
    same colour and a column the same pattern as on the dashboard: one step chart per side
    of the people killed as claimed so far (a line per claimant column), and the headline
    figures as small multiples, people and materiel each on its own scale (a hundred dead
    would flatten five helicopters to nothing)."""
    from warledger.web.dashboard import charts
    from warledger.web.names import side_colour

    anchor = {i: row.anchor for row in report.rows for i in row.ledger.claim_ids}

    def href(ids: Any) -> str:
        for i in ids or ():
            if i in anchor:
                return "#" + anchor[i]
        return "#evidence"

    headline = [_bar_row(row) for s in report.sides for row in s.headline]
    lines, label_y = {}, {}
    start = report.period[0]
    for s in report.sides:
        if not s.lines:
            continue
        series: dict[str, list[tuple[str, float, str | None, str]]] = {}
        colours: dict[str, str] = {}
        dashes: dict[str, int] = {}
        for col, points in s.lines.items():
            who = s.line_claimants.get(col, "UNKNOWN")
            speakers = [("the outlets' own reporting" if p == "UNKNOWN" else report.name(p))
                        for p in s.line_parties.get(col, ())] or [report.name(who)]
            label = f"{COLUMN_NAMES[col]}: {', '.join(speakers)}"
            series[label] = [(day, value, href(ids), f"{label}: {num_text(value)} killed by {day}")
                             for day, value, ids in points]
            if start and points and start < points[0][0]:  # the line starts with the period
                series[label].insert(0, (start, 0.0, None, f"{label}: nothing claimed yet"))
            colours[label] = side_colour(who)
            dashes[label] = 1 if col == "third_party" else 0
        lines[s.code] = charts.step_chart(series, colours, dashes=dashes, width=680, height=230)
        label_y[s.code] = _end_labels(lines[s.code])
    # panels at the dashboard's width: two side by side on a page, one a phone can read
    def figure_href(row: dict[str, Any], column: str | None) -> str:
        return href(((row.get(column) or {}) if column else row).get("claim_ids"))

    return {"panels": charts.ledger_panels(headline, figure_href, width=380) if headline else [],
            "lines": lines, "label_y": label_y}


def _end_labels(chart: Any, gap: float = 12.0) -> dict[str, float]:
    """Where each line's closing value is written: above its last point, pushed apart so
    that two lines ending close together ("47" and "49") stay readable."""
    ends = sorted(((s.points[-1].y, s.label) for s in chart.series if s.points), reverse=True)
    out: dict[str, float] = {}
    floor = float("inf")
    for y, label in ends:  # from the lowest line up
        at = min(y - 7 if y > chart.top + 14 else y + 16, floor - gap)
        out[label] = round(at, 1)
        floor = at
    return out


def _bar_row(row: Row) -> dict[str, Any]:
    d = row.ledger.to_dict()
    d["category"] = d["category"].replace("_", " ")
    d["conflict"] = None  # the whole report is one conflict: the sub-line keeps the period
    return d


# --------------------------------------------------------------------------- text helpers


def fig_text(f: Any) -> str:
    """A column's figure: ``12``, ``101–150``, ``vague`` (only vague claims), ``denied``."""
    return "" if f is None else f.text()


def count_text(c: dict[str, Any]) -> str:
    """A claim's number with its qualifier, as the dashboard writes it (``over 100``,
    ``several``)."""
    from warledger.web.names import count_text as said

    return said(c.get("count"))


def num_text(v: Any) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def claimant_text(c: dict[str, Any]) -> str:
    """Who says it, as written and as resolved: ``It, Armenia (ARM)`` (the extractor keeps
    the words of the sentence, which may be a pronoun)."""
    who = c.get("claimant") or {}
    code = who.get("party") or who.get("side")
    if not who.get("text"):
        return "the outlet itself" if code in (None, "UNKNOWN") else Report.name(code)
    return who["text"] if code in (None, "UNKNOWN") else f"{who['text']}, {Report.name(code)}"


def event_actor(e: dict[str, Any]) -> str:
    """Who acts, as the report names a side (``Tavrenia (XTV)``)."""
    actor = e.get("actor") or {}
    code = actor.get("party") or actor.get("side")
    return "an unnamed actor" if not code or code == "UNKNOWN" else Report.name(code)


def claim_day(c: dict[str, Any]) -> str:
    from warledger.times import day_of

    return day_of(c.get("period"), c.get("published")) or "undated"


def md_cell(value: Any) -> str:
    """Text safe inside a Markdown table cell or list item: no pipes, no line breaks, and
    nothing an article could use to inject mark-up into a wiki page."""
    text = " ".join(str(value if value is not None else "").split())
    for ch in ("\\", "|", "*", "_", "`", "[", "]", "<", ">", "#"):
        text = text.replace(ch, "\\" + ch)
    return text


__all__ = ["render", "render_html", "render_markdown", "render_pdf", "chart_set", "css",
           "style_hash", "FORMATS", "PAPERS", "PdfUnavailable"]

"""``warledger report``: a situation report for one conflict and period (docs/report.md).

A thin shell over ``warledger.report``: build the report from the store, render it, write
it. The format follows ``--format``, else the output file's extension, else HTML. Project
errors become one line on stderr and their exit code: 2 for a selection that is malformed
or holds nothing to report, 1 for store trouble or a PDF renderer that is not installed.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from warledger.commands import STORED, command
from warledger.errors import UsageError
from warledger.options import Options

SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md"}


def register(app: typer.Typer) -> None:
    @command(app, settings=STORED)
    def report(conflict: Optional[str] = typer.Option(None, help="The conflict (profile id); "
                                                                 "needed when the store holds several."),
               side: Optional[str] = typer.Option(None, help="Only the losses of this side."),
               since: Optional[str] = typer.Option(None, help="From this day (YYYY-MM-DD)."),
               until: Optional[str] = typer.Option(None, help="Up to this day (YYYY-MM-DD)."),
               format: Optional[str] = typer.Option(None, "--format", "-f",
                                                    help="html, pdf or md (default: from --output, else html)."),
               output: Optional[str] = typer.Option(None, "--output", "-o",
                                                    help="File to write (default: stdout; a PDF needs a file or a pipe)."),
               paper: str = typer.Option("a4", help="PDF paper size: a4 or letter."),
               dashboard_url: Optional[str] = typer.Option(
                   None, "--dashboard-url",
                   help="Link each sentence to its article on this running dashboard "
                        "(e.g. http://127.0.0.1:8000)."),
               *, options: Options) -> int:
        """A situation report: headline figures per side with low / best / high, charts,
        contradictions, key events and every sentence behind every figure."""
        def work() -> int:
            from warledger.report import FORMATS, PAPERS, ReportQuery, build_report, render
            from warledger.store import open_reader

            if format:
                fmt = format.lower()
            elif output not in (None, "-"):
                fmt = SUFFIXES.get(Path(str(output)).suffix.lower(), "html")
            else:
                fmt = "html"
            if fmt not in FORMATS:
                raise UsageError(f"--format must be html, pdf or md, not {fmt!r}")
            if paper.lower() not in PAPERS:
                raise UsageError(f"--paper must be a4 or letter, not {paper!r}")
            if dashboard_url is not None and not dashboard_url.startswith(("http://", "https://")):
                raise UsageError(f"--dashboard-url must start with http:// or https://, "
                                 f"not {dashboard_url!r}")
            to_stdout = output in (None, "-")
            if fmt == "pdf" and to_stdout and sys.stdout.isatty():
                raise UsageError("a PDF is binary: give --output FILE.pdf or pipe it")
            # read-only: a report runs beside `serve` and other readers of a
            # DuckDB file (store.open_reader)
            store = open_reader(options.db)
            try:
                built = build_report(store, ReportQuery(conflict=conflict, side=side, since=since,
                                                        until=until, links=dashboard_url,
                                                        profiles=options.profile_paths))
            finally:
                store.close()
            data = render(built, fmt, paper)
            if to_stdout:
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
                return 0
            target = Path(str(output))
            try:
                target.write_bytes(data)
            except OSError as exc:
                raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
            print(f"{fmt} report written to {output}: {built.basis.claims} claims, "
                  f"{len(built.rows)} figures, {built.period_text}", file=sys.stderr)
            return 0
        return work()

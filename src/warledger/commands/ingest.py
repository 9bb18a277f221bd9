"""``warledger ingest``: read articles from files, folders, globs, URLs or stdin.

With ``--dry-run`` it prints the cleaned Articles (JSON Lines or a table) and stores
nothing; otherwise it hands them to ``warledger.pipeline.ingest`` (store + extraction).
Every input that fails is named on stderr with its reason; the last line on stderr is
the summary "N read, N skipped, N failed"; exit 1 when anything failed.
"""
from __future__ import annotations

import json
import sys
import time
from typing import Iterable, Iterator

import typer

from warledger.commands import COMMON, command
from warledger.errors import InputError, UsageError
from warledger.options import Options
from warledger.records import Article

PROGRESS_AFTER_SECONDS = 1.0


class Tally:
    """Counts what a run read, skipped and failed, and names each failure as it happens."""

    def __init__(self, quiet: bool) -> None:
        self.read = 0
        self.skipped = 0
        self.failed = 0
        self.quiet = quiet
        self.warned = 0

    def take(self, items: Iterable[Article | InputError], progress: "Progress") -> Iterator[Article]:
        from warledger.ingest import SkippedInput

        for item in items:
            if isinstance(item, SkippedInput):
                self.skipped += 1
                if not self.quiet:
                    progress.say(f"warledger: {item}")  # the problem ends in "skipped"
            elif isinstance(item, InputError):
                self.failed += 1
                progress.say(f"warledger: failed {item}")  # failures are named even when quiet
            else:
                self.read += 1
                if item.warnings and not self.quiet:
                    self.warned += 1
                    progress.say(f"warledger: warning {item.source or item.name}: {'; '.join(item.warnings)}")
                progress.advance()
                yield item

    def summary(self) -> str:
        return f"{self.read} read, {self.skipped} skipped, {self.failed} failed"


class Progress:
    """A rich progress line (articles and articles/s) shown only on a terminal, only after
    the first second, so short runs and piped output stay clean."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.count = 0
        self._bar: object | None = None
        self._task: object | None = None

    def advance(self) -> None:
        self.count += 1
        if not self.enabled:
            return
        if self._bar is None and time.monotonic() - self.started >= PROGRESS_AFTER_SECONDS:
            from rich.console import Console
            from rich.progress import Progress as RichProgress, SpinnerColumn, TextColumn, TimeElapsedColumn

            bar = RichProgress(SpinnerColumn(), TextColumn("{task.completed} articles"),
                               TextColumn("{task.fields[rate]:.1f} articles/s"), TimeElapsedColumn(),
                               console=Console(stderr=True), transient=True)
            bar.start()
            self._task = bar.add_task("ingest", total=None, completed=self.count, rate=0.0)
            self._bar = bar
        if self._bar is not None:
            elapsed = max(time.monotonic() - self.started, 1e-6)
            self._bar.update(self._task, completed=self.count, rate=self.count / elapsed)  # type: ignore[attr-defined]

    def say(self, line: str) -> None:
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)  # type: ignore[attr-defined]
        else:
            print(line, file=sys.stderr)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()  # type: ignore[attr-defined]
            self._bar = None


def parse_column_map(pairs: list[str]) -> tuple[tuple[str, str], ...]:
    """``their=ours`` pairs; a pair naming a field we do not have is a usage error."""
    from warledger.ingest.readers.records import FIELDS

    out = []
    for pair in pairs:
        theirs, sep, ours = pair.partition("=")
        if not sep or not theirs.strip() or ours.strip() not in FIELDS:
            raise UsageError(f"--column-map {pair!r}: expected THEIR=OURS with OURS one of {', '.join(FIELDS)}")
        out.append((theirs.strip(), ours.strip()))
    return tuple(out)


def _table(articles: Iterable[Article]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for column in ("name", "title", "outlet", "origin", "published", "lang", "cluster"):
        table.add_column(column, no_wrap=True, overflow="ellipsis", max_width=40 if column == "title" else None)
    for article in articles:
        table.add_row(article.name, (article.title or "")[:60], article.outlet or "",
                      article.origin_outlet or "", article.published or "", article.language or "",
                      (article.cluster or "")[:8])
    # piped output has no width to fit: do not cut names and outlets to 80 columns
    Console(width=None if sys.stdout.isatty() else 200).print(table)


def run(paths: list[str], options: Options, dry_run: bool, fmt: str) -> int:
    """The command's work, separate from Typer so tests and scripts can call it."""
    from warledger.ingest import read_articles

    if fmt not in ("jsonl", "table"):
        raise UsageError(f"--format {fmt!r}: expected jsonl or table")
    items = read_articles(paths, options)
    tally = Tally(options.quiet)
    progress = Progress(enabled=not options.quiet and sys.stderr.isatty() and sys.stdout.isatty()
                        and not (dry_run and fmt == "jsonl"))
    try:
        articles = tally.take(items, progress)
        if dry_run:
            if fmt == "jsonl":
                for article in articles:
                    record = {name: getattr(article, name) for name in Article.ARTICLE_FIELDS}
                    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                _table(list(articles))
            report_line = ""
        else:
            try:
                from warledger.pipeline import ingest as pipeline_ingest
            except ImportError as exc:
                raise UsageError(f"storing needs warledger.pipeline, which is not available ({exc}); "
                                 "use --dry-run to only read") from exc
            report = pipeline_ingest(articles, options)
            report_line = _report_line(report)
            # the articles handed over were all read; what fails now is their analysis
            for error in getattr(report, "errors", []) or []:
                progress.say(f"warledger: failed {error}")
            tally.failed += int(getattr(report, "failed", 0) or 0)
    finally:
        progress.stop()
    if report_line:
        print(report_line, file=sys.stderr)
    print(tally.summary(), file=sys.stderr)
    return 1 if tally.failed else 0


def _report_line(report: object) -> str:
    parts = [f"{getattr(report, key)} {key}" for key in ("stored", "duplicates", "claims", "events")
             if hasattr(report, key)]
    return ", ".join(parts)


def register(app: typer.Typer) -> None:
    @command(app, "ingest", settings=("db", "quiet", "conflict", "max_bytes", "max_article_chars") + COMMON)
    def ingest_command(
        paths: list[str] = typer.Argument(..., help="Files, folders, globs, URLs, or - for stdin."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the articles; store nothing."),
        fmt: str = typer.Option("jsonl", "--format", help="Dry-run output: jsonl or table."),
        column_map: list[str] = typer.Option([], "--column-map", help="THEIR=OURS column names for JSONL/CSV dumps (repeatable)."),
        *, options: Options,
    ) -> int:
        """Read articles, clean them and store them (or print them with --dry-run)."""
        from dataclasses import replace

        if options.max_article_chars < 1:
            raise UsageError(f"--max-article-chars must be 1 or more, not {options.max_article_chars}")
        options = replace(options, column_map=parse_column_map(column_map))
        return run(paths, options, dry_run, fmt)

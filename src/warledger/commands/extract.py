"""``warledger extract`` and ``warledger attributions``: claims and who-said-what, printed.

Both read articles the way ``ingest`` does (files, folders, globs, ``-``), run the same
chain the store uses (``warledger.analyze``) and print JSON Lines or a table; nothing is
stored. Inputs that fail are named on stderr and the exit status is 1.
"""
from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Iterator, List

import typer

from warledger.commands import command
from warledger.errors import InputError, UsageError
from warledger.options import Options
from warledger.records import Article

if TYPE_CHECKING:
    from warledger.records import Analysis

FORMATS = ("jsonl", "table")


def analyses_of(paths: list[str], options: Options, failures: list[str],
                parts: tuple[str, ...]) -> Iterator["Analysis"]:
    from warledger.ingest import SkippedInput, read_articles
    from warledger.pipeline import analyze_each

    def articles() -> Iterator[Article]:
        for item in read_articles(paths, options, clusters=False):
            if isinstance(item, SkippedInput):
                print(f"warledger: skipped {item}", file=sys.stderr)
            elif isinstance(item, InputError):
                failures.append(str(item))
                print(f"warledger: failed {item}", file=sys.stderr)
            else:
                yield item
    for got in analyze_each(articles(), options, parts=parts):
        if isinstance(got, InputError):  # too long, or the extractor failed on it
            failures.append(str(got))
            print(f"warledger: failed {got}", file=sys.stderr)
        else:
            yield got


def _claim_row(c: dict) -> list[str]:
    count = c["count"]
    value = "?" if count["value"] is None else str(count["value"])
    if count["qualifier"] not in ("exact", "vague"):
        value = f"{count['qualifier'].replace('_', ' ')} {value}"
    period = c.get("period") or {}
    return [c["article"], c["claimant"]["text"] or "(outlet)", c["claimant"]["side"], c["stance"],
            c["kind"], value, c["target"]["category"], c["target"]["side"],
            (period.get("start") or "") + ("+" if period.get("cumulative") else ""),
            c["sentence"][:90]]


def print_table(title: str, header: list[str], rows: list[list[str]], width: int = 200) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for h in header:
        table.add_column(h, overflow="fold")
    for r in rows:
        table.add_row(*r)
    Console(width=width).print(table)


def check_format(format: str) -> None:
    if format not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")


# what the commands that read articles take besides the common settings
READING = ("conflict", "profile_paths", "model", "max_article_chars")


def register(app: typer.Typer) -> None:
    @command(app, settings=READING)
    def extract(paths: List[str] = typer.Argument(..., help="files, folders, globs or - for stdin"),
                format: str = typer.Option("jsonl", "--format", "-f", help="jsonl or table"),
                explain: bool = typer.Option(False, "--explain",
                                             help="also show, per claim, the frame and the side rule that decided"),
                *, options: Options) -> int:
        """Print every loss claim of the articles (DESIGN.md's claim record)."""
        check_format(format)
        failures: list[str] = []
        rows = []
        for analysis in analyses_of(paths, options, failures, ("claims",)):
            for claim in analysis.claims:
                d = claim.to_dict()
                if format == "jsonl":
                    if explain:
                        d["explain"] = list(claim.why)
                    print(json.dumps(d, ensure_ascii=False))
                else:
                    rows.append(_claim_row(d) + (["; ".join(claim.why)] if explain else []))
        if format == "table":
            print_table("loss claims", ["article", "claimant", "side", "stance", "kind", "count",
                                   "category", "target", "period", "sentence"]
                        + (["why"] if explain else []), rows)
        return 1 if failures else 0

    @command(app, settings=READING)
    def attributions(paths: List[str] = typer.Argument(..., help="files, folders, globs or - for stdin"),
                     format: str = typer.Option("jsonl", "--format", "-f", help="jsonl or table"),
                     *, options: Options) -> int:
        """Print who said what: source, cue and content spans of every attribution."""
        check_format(format)
        failures: list[str] = []
        rows = []
        for analysis in analyses_of(paths, options, failures, ("attributions",)):
            text = analysis.article.text
            for a in analysis.attributions:
                d = a.to_dict()
                if format == "jsonl":
                    print(json.dumps(d, ensure_ascii=False))
                else:
                    content = " ".join(text[s:e] for s, e in a.content)
                    cue = " ".join(text[s:e] for s, e in a.cue)
                    rows.append([a.article, a.source_text, a.side, cue, content[:100]])
        if format == "table":
            print_table("attributions", ["article", "source", "side", "cue", "content"], rows)
        return 1 if failures else 0

"""``warledger events``: the PLOVER events of articles, printed (nothing is stored).

Reads articles the way ``ingest`` does, runs the same chain the store uses
(``warledger.analyze``: parse, attributions, events) and prints one JSON object per event
or a table. Inputs that fail are named on stderr and the exit status is 1.
"""
from __future__ import annotations

import json
from typing import Iterator, List

import typer

from warledger.commands import command
from warledger.commands.extract import READING, analyses_of, check_format, print_table
from warledger.options import Options
from warledger.records import Event


def _events(paths: list[str], options: Options, failures: list[str]) -> Iterator[Event]:
    for analysis in analyses_of(paths, options, failures, ("events",)):
        yield from analysis.events


def _who(ref: dict | None) -> str:
    if not ref:
        return "-"
    return ref.get("party") or ref.get("side") or "-"


def event_row(d: dict) -> list[str]:
    """One table row: the fields a reader scans first."""
    period = d.get("period") or {}
    location = d.get("location") or {}
    return [d["article"], d["type"], d.get("context") or "", d.get("mode") or "", _who(d.get("actor")),
            ",".join(_who(r) for r in d.get("recipient") or ()) or "-",
            (d["claimant"].get("text") or "(outlet)") + f" [{d['claimant']['side']}]", d["stance"],
            d["modality"], location.get("name") or "", period.get("start") or "", d["sentence"][:80]]


def register(app: typer.Typer) -> None:
    @command(app, settings=READING)
    def events(paths: List[str] = typer.Argument(..., help="files, folders, globs or - for stdin"),
               format: str = typer.Option("jsonl", "--format", "-f", help="jsonl or table"),
               *, options: Options) -> int:
        """Print every event of the articles (DESIGN.md "Events": PLOVER types)."""
        check_format(format)
        failures: list[str] = []
        rows: list[list[str]] = []
        for event in _events(paths, options, failures):
            d = event.to_dict()
            if format == "jsonl":
                print(json.dumps(d, ensure_ascii=False))
            else:
                rows.append(event_row(d))
        if format == "table":
            print_table("events", ["article", "type", "context", "mode", "actor", "recipient",
                                   "claimant", "stance", "modality", "place", "date", "sentence"],
                        rows, width=220)
        return 1 if failures else 0

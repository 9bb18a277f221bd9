"""``warledger ledger | claims | articles | export | runs | reextract | import``: the store's commands.

Each is a thin shell: build a query from the flags, call one library function
(``ledger.build_ledger``, ``Store.claims``, ``export.export``, ``pipeline.reextract``,
``export.import_path``), print. Project errors become one line on stderr and the error's
exit code (2 usage, 1 store or input trouble).
"""
from __future__ import annotations

import json
import sys
from typing import Any, List, Optional

import typer

from warledger.commands import STORED, command
from warledger.commands import open_store_of as _open
from warledger.errors import UsageError
from warledger.options import Options


def _read(options: Options) -> Any:
    """The store for a command that only reads: read-only where the store allows it, so it
    runs beside a read-only ``serve`` and other readers of a DuckDB file
    (``store.open_reader``)."""
    from warledger.store import open_reader

    return open_reader(options.db)


def _fig(f: Any) -> str:
    return "" if f is None else f.text(dash="-", denial=" (denied)")


def _num(v: int | None) -> str:
    return "" if v is None else str(v)


def _ids(ids: Any, limit: int = 8) -> str:
    ids = list(ids)
    shown = " ".join(map(str, ids[:limit]))
    return shown + (f" +{len(ids) - limit}" if len(ids) > limit else "")


def _print_table(title: str, header: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for h in header:
        table.add_column(h, overflow="fold")
    for r in rows:
        table.add_row(*r)
    Console(width=220).print(table)


def _ledger_table(rows: list[Any]) -> None:
    body = []
    for r in rows:
        period = r.period["bucket"] or " to ".join(dict.fromkeys(
            p for p in (r.period["start"], r.period["end"]) if p))
        body.append([r.conflict or "", r.side, r.kind, r.category, period, _fig(r.admitted),
                     _fig(r.adversary), _fig(r.third_party), _num(r.low), _num(r.best),
                     _num(r.high), str(r.independent_sources) + ("*" if r.non_party_confirms else ""),
                     str(len(r.contradictions)) if r.contradictions else "", _ids(r.claim_ids)])
    _print_table("ledger (sources*: a non-party confirms; see `warledger claims --id N`)",
                 ["conflict", "side", "kind", "category", "period", "admitted", "adversary",
                  "third party", "low", "best", "high", "sources", "contradictions", "claims"],
                 body)
    notes = [(r, c) for r in rows for c in r.contradictions]
    for r, c in notes:
        print(f"  {r.side} {r.kind} {r.category}: {c}")


def _claims_table(claims: list[dict[str, Any]]) -> None:
    body = []
    for c in claims:
        count = c["count"]
        value = "?" if count["value"] is None else str(count["value"])
        if count["qualifier"] not in ("exact", "vague"):
            value = f"{count['qualifier'].replace('_', ' ')} {value}"
        body.append([str(c["id"]), c["claimant"]["text"] or "(outlet)", c["claimant"]["side"],
                     c["stance"], c["kind"], value, c["target"]["category"], c["target"]["side"],
                     c.get("day") or "", c.get("outlet") or "", c["article"], c["sentence"]])
    _print_table("claims", ["id", "claimant", "side", "stance", "kind", "count", "category",
                            "target", "day", "outlet", "article", "sentence"], body)


def register(app: typer.Typer) -> None:
    @command(app, settings=STORED)
    def ledger(conflict: Optional[str] = typer.Option(None, help="Only this conflict (profile id, or e.g. IRN-IRQ)."),
               side: Optional[str] = typer.Option(None, help="Only losses of this side."),
               claimant: Optional[str] = typer.Option(None, help="Only claims by this side or party."),
               kind: Optional[str] = typer.Option(None, help="Only this kind (killed, destroyed, ...)."),
               category: Optional[str] = typer.Option(None, help="Only this category (military, tank, ...)."),
               outlet: Optional[str] = typer.Option(None, help="Only articles of this outlet (name or domain)."),
               article: Optional[str] = typer.Option(None, help="Only this article (name or id)."),
               text: Optional[str] = typer.Option(None, help="Only claims whose sentence has these words."),
               since: Optional[str] = typer.Option(None, help="From this day (YYYY-MM-DD)."),
               until: Optional[str] = typer.Option(None, help="Up to this day (YYYY-MM-DD)."),
               by: Optional[str] = typer.Option(None, help="One row per day, week or month."),
               run: Optional[int] = typer.Option(None, "--run", help="The ledger as it stood after this run."),
               format: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
               *, options: Options) -> int:
        """What each side admits, what its adversary claims, what third parties report:
        low / best / high, contradictions (events' too) and independent sources
        (docs/ledger.md)."""
        def work() -> int:
            from warledger.export import LEDGER_SCHEMA, ledger_row, write_rows
            from warledger.ledger import LedgerQuery, build_ledger, event_contradictions

            if format not in ("table", "json", "csv"):
                raise UsageError(f"--format must be table, json or csv, not {format!r}")
            q = LedgerQuery(conflict=conflict, side=side, since=since, until=until, by=by,
                            claimant=claimant, kind=kind, category=category, outlet=outlet,
                            article=article, text=text, run=run,
                            profiles=options.profile_paths).check()
            store = _read(options)
            try:
                if run is not None:
                    store.run(run)  # NotFound (exit 1) for a run the store never had
                rows = build_ledger(store, q)
                events = event_contradictions(store, q) if format == "table" else []
            finally:
                store.close()
            if format == "json":
                print(json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False))
            elif format == "csv":
                write_rows((ledger_row(r) for r in rows), LEDGER_SCHEMA, "csv", sys.stdout.buffer)
            elif rows or events:
                if rows:
                    _ledger_table(rows)
                for e in events:
                    print(f"  event {e['event_type']} {e['actor']} -> "
                          f"{', '.join(e['recipients'])}: {e['description']} "
                          f"(events {' '.join(map(str, e['event_ids']))})")
            else:
                print("no claims in the store match", file=sys.stderr)
            return 0
        return work()

    @command(app, settings=STORED)
    def claims(id: List[int] = typer.Option([], "--id", help="Claim id (repeatable)."),
               conflict: Optional[str] = typer.Option(None), side: Optional[str] = typer.Option(
                   None, help="Target side."),
               claimant: Optional[str] = typer.Option(None, help="Claimant side or party."),
               kind: Optional[str] = typer.Option(None), category: Optional[str] = typer.Option(None),
               outlet: Optional[str] = typer.Option(None),
               article: Optional[str] = typer.Option(None, help="Article name or id."),
               since: Optional[str] = typer.Option(None), until: Optional[str] = typer.Option(None),
               text: Optional[str] = typer.Option(None, help="Words in the sentence."),
               run: Optional[int] = typer.Option(None, "--run", help="Claims as they stood after this run."),
               limit: int = typer.Option(100, help="At most this many (0: all)."),
               format: str = typer.Option("table", "--format", "-f", help="table or jsonl."),
               *, options: Options) -> int:
        """Stored claims with their sentences, claimants and outlets. A claim a later
        extraction replaced is still shown by id, with the claim that superseded it."""
        def work() -> int:
            from dataclasses import replace

            from warledger.ledger import LedgerQuery

            if format not in ("table", "jsonl"):
                raise UsageError(f"--format must be table or jsonl, not {format!r}")
            if limit < 0:
                raise UsageError(f"--limit must be 0 (all) or more, not {limit}")
            # the ledger's checks and normalisation, so both commands refuse the same typos
            lq = LedgerQuery(conflict=conflict, side=side, claimant=claimant, kind=kind,
                             category=category, outlet=outlet, article=article, since=since,
                             until=until, text=text, run=run).check()
            q = replace(lq.store_query(), ids=tuple(id), limit=limit)
            store = _read(options)
            try:
                if run is not None:
                    store.run(run)
                found = store.claims(q)
            finally:
                store.close()
            if format == "jsonl":
                for c in found:
                    print(json.dumps(c, ensure_ascii=False))
            else:
                _claims_table(found)
            for c in found:
                if c.get("superseded"):
                    by = c["superseded"]["by"]
                    print(f"warledger: claim {c['id']} was superseded by run "
                          f"{c['superseded']['run']}"
                          + (f"; its successor is claim {by}" if by else "; no claim replaced it"),
                          file=sys.stderr)
            missing = set(id) - {c["id"] for c in found}
            if missing:
                print(f"warledger: no claim with id {', '.join(map(str, sorted(missing)))}",
                      file=sys.stderr)
                return 1
            return 0
        return work()

    @command(app, settings=STORED)
    def articles(conflict: Optional[str] = typer.Option(None), outlet: Optional[str] = typer.Option(None),
                 since: Optional[str] = typer.Option(None), until: Optional[str] = typer.Option(None),
                 text: Optional[str] = typer.Option(None, help="Words in the title or text."),
                 limit: int = typer.Option(100), format: str = typer.Option("table", "--format", "-f"),
                 *, options: Options) -> int:
        """Stored articles, newest first, with their clusters and claim counts."""
        def work() -> int:
            from warledger.store.base import Query

            from warledger.ledger import LedgerQuery

            if format not in ("table", "jsonl"):
                raise UsageError(f"--format must be table or jsonl, not {format!r}")
            if limit < 0:
                raise UsageError(f"--limit must be 0 (all) or more, not {limit}")
            lq = LedgerQuery(conflict=conflict, outlet=outlet, since=since, until=until).check()
            store = _read(options)
            try:
                found = store.articles(Query(conflict=lq.conflict, outlet=lq.outlet,
                                             since=lq.since, until=lq.until, text=text,
                                             limit=limit))
            finally:
                store.close()
            if format == "jsonl":
                for a in found:
                    print(json.dumps(a, ensure_ascii=False))
            else:
                _print_table("articles", ["name", "published", "outlet", "cluster", "conflict",
                                          "claims", "title"],
                             [[a["name"], a["published"] or "", a["outlet"] or "",
                               (a["cluster"] or "")[:12], a["conflict"] or "", str(a["claims"]),
                               a["title"] or ""] for a in found])
            return 0
        return work()

    @command(app, settings=STORED)
    def export(what: str = typer.Option("claims", "--what", help="claims, events, articles, ledger or ucdp."),
               format: str = typer.Option("jsonl", "--format", "-f", help="csv, jsonl or parquet."),
               output: Optional[str] = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
               conflict: Optional[str] = typer.Option(None), side: Optional[str] = typer.Option(None),
               since: Optional[str] = typer.Option(None), until: Optional[str] = typer.Option(None),
               *, options: Options) -> int:
        """Write claims, events, articles, the ledger or a UCDP-style table (docs/export.md)."""
        def work() -> int:
            from warledger.export import export as run_export
            from warledger.ledger import LedgerQuery
            from warledger.store.base import Query

            lq = LedgerQuery(conflict=conflict, side=side, since=since, until=until).check()
            store = _read(options)
            try:
                n = run_export(store, what, format, output,
                               Query(conflict=lq.conflict, side=lq.side, since=lq.since,
                                     until=lq.until, limit=0, profiles=options.profile_paths))
            finally:
                store.close()
            if output not in (None, "-"):
                print(f"{n} {what} rows written to {output}", file=sys.stderr)
            return 0
        return work()

    @command(app, settings=STORED + ("conflict", "quiet"))
    def reextract(*, options: Options) -> int:
        """Recompute claims and events of every stored article from its stored text."""
        def work() -> int:
            from warledger.pipeline import reextract as run

            report = run(options)
            for e in report.errors:
                print(f"warledger: failed {e}", file=sys.stderr)
            print(f"{report.articles} articles re-extracted, {report.claims} claims, "
                  f"{report.events} events, {report.failed} failed", file=sys.stderr)
            return 1 if report.failed else 0
        return work()

    @command(app, "import", settings=STORED)
    def import_command(path: str = typer.Argument(..., help="A Parquet file or a folder of them."),
                       *, options: Options) -> int:
        """Load Parquet articles, claims and events (from export or Spark) into the store."""
        def work() -> int:
            from warledger.export import import_path

            store = _open(options)
            try:
                report = import_path(path, store)
            finally:
                store.close()
            for e in report.errors:
                print(f"warledger: {e}", file=sys.stderr)
            print(f"{report.articles} articles, {report.claims} claims, {report.events} events "
                  f"imported; {report.duplicates} already stored", file=sys.stderr)
            return 1 if report.errors else 0
        return work()

    @command(app, settings=STORED)
    def runs(limit: int = typer.Option(20, help="The latest this many runs (0: all)."),
             kind: Optional[str] = typer.Option(None, help="Only runs of this kind (ingest, reextract, ...)."),
             format: str = typer.Option("table", "--format", "-f", help="table or jsonl."),
             *, options: Options) -> int:
        """Runs (ingestions, re-extractions, imports), latest first, with their state:
        running, done, failed, or interrupted (its process was killed; the next writing run
        closes it, and this command already says so)."""
        def work() -> int:
            if format not in ("table", "jsonl"):
                raise UsageError(f"--format must be table or jsonl, not {format!r}")
            if limit < 0:
                raise UsageError(f"--limit must be 0 (all) or more, not {limit}")
            store = _read(options)
            try:
                found = store.runs(limit=limit or 10**9, kind=kind)
                gone = set(store.stale_runs())
            finally:
                store.close()
            for r in found:
                if r["id"] in gone:
                    r["status"] = "interrupted"  # closed so in the store by the next writer
            if format == "jsonl":
                for r in found:
                    print(json.dumps(r, ensure_ascii=False, default=str))
                return 0
            counts = ("read", "stored", "duplicates", "failed", "claims", "articles")
            _print_table("runs", ["id", "kind", "status", "started", "finished", *counts, "process"],
                         [[str(r["id"]), r["kind"], r["status"], r["started"] or "",
                           r["finished"] or "",
                           *(str(r["detail"].get(c, "")) for c in counts),
                           f"{r['detail'].get('host', '')}:{r['detail'].get('pid', '')}".strip(":")]
                          for r in found])
            return 0
        return work()

"""``warledger diff [RUN_A] [RUN_B]``: what an extraction run changed.

A thin shell over ``ledger.diff_runs``: the claims added, removed and changed between the
store as it stood after run A and after run B, and how the ledger's low / best / high and
contradictions moved. Without arguments it compares the last finished run with the one
before it, which after ``warledger reextract`` is what the extractor change did.
"""
from __future__ import annotations

import json
from typing import Any, Optional

import typer

from warledger.commands import STORED, command
from warledger.errors import UsageError
from warledger.options import Options


def _claim_line(c: dict[str, Any]) -> str:
    count = c["count"]
    value = "?" if count["value"] is None else str(count["value"])
    if count["qualifier"] not in ("exact", "vague"):
        value = f"{count['qualifier'].replace('_', ' ')} {value}"
    who = c["claimant"]["party"] or c["claimant"]["side"]
    return (f"{c['id']}: {who} {c['stance']} {c['kind']} {value} {c['target']['category']} "
            f"of {c['target']['side']} ({c['article']}) \"{c['sentence'][:90]}\"")


def _fig(f: dict[str, Any] | None) -> str:
    if f is None:
        return "(no row)"
    nums = "/".join("-" if f[k] is None else str(f[k]) for k in ("low", "best", "high"))
    return nums + (f", {f['contradictions']} contradictions" if f["contradictions"] else "")


def register(app: typer.Typer) -> None:
    @command(app, settings=STORED)
    def diff(run_a: Optional[int] = typer.Argument(None, help="The earlier run (default: the one before RUN_B)."),
             run_b: Optional[int] = typer.Argument(None, help="The later run (default: the latest finished)."),
             conflict: Optional[str] = typer.Option(None, help="Only this conflict's ledger rows."),
             format: str = typer.Option("table", "--format", "-f", help="table or json."),
             *, options: Options) -> int:
        """Claims added, removed and changed between two runs, and how the ledger moved."""
        def work() -> int:
            from warledger.ledger import LedgerQuery, diff_runs
            from warledger.store import open_reader

            if format not in ("table", "json"):
                raise UsageError(f"--format must be table or json, not {format!r}")
            if run_a is not None and run_b is not None and run_a >= run_b:
                raise UsageError(f"RUN_A ({run_a}) must come before RUN_B ({run_b})")
            # read-only: a diff runs beside `serve` and other readers of a
            # DuckDB file (store.open_reader)
            store = open_reader(options.db)
            try:
                d = diff_runs(store, run_a, run_b,
                              LedgerQuery(conflict=conflict, profiles=options.profile_paths))
            finally:
                store.close()
            if format == "json":
                print(json.dumps(d, indent=2, ensure_ascii=False, default=str))
                return 0
            a, b = d["run_a"], d["run_b"]
            print(f"run {a['id']} ({a['kind']}, {a['started']}, warledger "
                  f"{a['detail'].get('version', '?')}) -> run {b['id']} ({b['kind']}, "
                  f"{b['started']}, warledger {b['detail'].get('version', '?')})")
            print(f"{len(d['added'])} claims added, {len(d['removed'])} removed, "
                  f"{len(d['changed'])} changed")
            for c in d["added"]:
                print("  + " + _claim_line(c))
            for c in d["removed"]:
                print("  - " + _claim_line(c))
            for ch in d["changed"]:
                print("  ~ " + _claim_line(ch["before"]))
                print("    -> " + _claim_line(ch["after"]))
            if d["ledger"]:
                print("ledger (low/best/high):")
            for m in d["ledger"]:
                bucket = f" {m['bucket']}" if m["bucket"] else ""
                print(f"  {m['conflict'] or ''} {m['side']} {m['kind']} {m['category']}{bucket}: "
                      f"{_fig(m['before'])} -> {_fig(m['after'])}")
            return 0
        return work()


__all__ = ["register"]

"""Flat tables for researchers: claims, events, articles, the ledger and a UCDP-style table,
as CSV, JSON Lines or Parquet; and the way back (``import_path``) for Parquet written by
``export`` or by the Spark job.

Why fixed column lists: spreadsheets, R and the Spark job read these files, so the column
names are a contract (documented in docs/export.md) and the Spark engineer reuses the same
constants and ``claims_table``. Nested parts of a claim are flattened with underscores
(``claimant_side``, ``count_value``); lists become Arrow lists in Parquet and JSON, and
space-separated text in CSV.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

import pyarrow as pa

from warledger import columns
from warledger.errors import InputError, UsageError
from warledger.records import Analysis, Article, Claim, Event, article_from_dict, event_from_dict
from warledger.store.base import Query, Store

WHATS = ("claims", "events", "articles", "ledger", "ucdp")
FORMATS = ("csv", "jsonl", "parquet")

_ARROW = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
# the claim's flat columns are declared once, in warledger.columns (SQL, Spark and the API too)
CLAIM_SCHEMA = pa.schema([(c.name, _ARROW[c.type]) for c in columns.CLAIM])
CLAIM_COLUMNS = tuple(CLAIM_SCHEMA.names)

EVENT_SCHEMA = pa.schema([
    ("id", pa.int64()), ("article", pa.string()), ("article_id", pa.string()),
    ("sentence", pa.string()), ("span_start", pa.int64()), ("span_end", pa.int64()),
    ("type", pa.string()), ("mode", pa.string()), ("context", pa.string()),
    ("actor_text", pa.string()), ("actor_party", pa.string()), ("actor_side", pa.string()),
    ("recipient_parties", pa.list_(pa.string())), ("recipient_sides", pa.list_(pa.string())),
    ("claimant_text", pa.string()), ("claimant_party", pa.string()),
    ("claimant_side", pa.string()), ("stance", pa.string()), ("modality", pa.string()),
    ("location_name", pa.string()), ("location_country", pa.string()),
    ("period_start", pa.string()), ("period_end", pa.string()), ("text", pa.string()),
    ("conflict", pa.string()), ("day", pa.string()), ("outlet", pa.string()),
    ("published", pa.string()), ("record", pa.string()),
])
EVENT_COLUMNS = tuple(EVENT_SCHEMA.names)

ARTICLE_SCHEMA = pa.schema([(n, pa.string()) for n in (
    "id", "name", "title", "text", "url", "canonical_url", "outlet", "origin_url",
    "origin_outlet", "dateline", "published", "language", "cluster", "source", "conflict")])
ARTICLE_COLUMNS = tuple(ARTICLE_SCHEMA.names)

_FIG = [(f"{col}_{part}", t) for col in ("admitted", "adversary", "third_party")
        for part, t in (("low", pa.int64()), ("high", pa.int64()),
                        ("claim_ids", pa.list_(pa.int64())))]
LEDGER_SCHEMA = pa.schema([
    ("conflict", pa.string()), ("side", pa.string()), ("kind", pa.string()),
    ("category", pa.string()), ("period_bucket", pa.string()), ("period_start", pa.string()),
    ("period_end", pa.string()), *_FIG,
    ("low", pa.int64()), ("best", pa.int64()), ("high", pa.int64()),
    ("contradictions", pa.list_(pa.string())), ("independent_sources", pa.int64()),
    ("non_party_confirms", pa.bool_()), ("claim_ids", pa.list_(pa.int64())),
])
LEDGER_COLUMNS = tuple(LEDGER_SCHEMA.names)

UCDP_SCHEMA = pa.schema([
    ("id", pa.int64()), ("conflict", pa.string()), ("date_start", pa.string()),
    ("date_end", pa.string()), ("side", pa.string()),
    ("deaths_military", pa.int64()), ("deaths_civilians", pa.int64()),
    ("deaths_unknown", pa.int64()), ("low", pa.int64()), ("best", pa.int64()),
    ("high", pa.int64()), ("number_of_sources", pa.int64()),
    ("contradictions", pa.list_(pa.string())), ("claim_ids", pa.list_(pa.int64())),
])
UCDP_COLUMNS = tuple(UCDP_SCHEMA.names)


# --------------------------------------------------------------------------- flattening


def claim_row(c: Claim | dict[str, Any]) -> dict[str, Any]:
    """One claim (a record, or a dict as the store or ``to_dict`` gives it) as a flat row."""
    return columns.flatten_claim(c)


def claims_table(records: Iterable[Claim | dict[str, Any]]) -> pa.Table:
    """Claims as an Arrow table with CLAIM_COLUMNS (the Parquet layout export and Spark share)."""
    return pa.Table.from_pylist([claim_row(r) for r in records], schema=CLAIM_SCHEMA)


def claim_from_row(r: dict[str, Any]) -> Claim:
    """The way back from a flat row to a Claim (import of Parquet)."""
    return columns.claim_from_flat(r)


def event_row(d: dict[str, Any]) -> dict[str, Any]:
    actor = d.get("actor") or {}
    loc = d.get("location") or {}
    per = d.get("period") or {}
    span = d.get("span") or [None, None]
    record = {k: d.get(k) for k in ("article", "sentence", "span", "type", "mode", "context",
                                     "actor", "recipient", "claimant", "stance", "modality",
                                     "location", "period", "text")}
    return {
        "id": d.get("id"), "article": d.get("article"), "article_id": d.get("article_id"),
        "sentence": d.get("sentence"), "span_start": span[0], "span_end": span[1],
        "type": d.get("type"), "mode": d.get("mode"), "context": d.get("context"),
        "actor_text": actor.get("text"), "actor_party": actor.get("party"),
        "actor_side": actor.get("side"),
        "recipient_parties": [r.get("party") for r in d.get("recipient") or []],
        "recipient_sides": [r.get("side") for r in d.get("recipient") or []],
        "claimant_text": d["claimant"].get("text"), "claimant_party": d["claimant"].get("party"),
        "claimant_side": d["claimant"].get("side"), "stance": d.get("stance"),
        "modality": d.get("modality"), "location_name": loc.get("name"),
        "location_country": loc.get("country"), "period_start": per.get("start"),
        "period_end": per.get("end"), "text": d.get("text"), "conflict": d.get("conflict"),
        "day": d.get("day"), "outlet": d.get("outlet"), "published": d.get("published"),
        "record": json.dumps(record, ensure_ascii=False),
    }


def ledger_row(r: Any) -> dict[str, Any]:
    d = r.to_dict()
    out: dict[str, Any] = {k: d[k] for k in ("conflict", "side", "kind", "category")}
    out.update({"period_bucket": d["period"]["bucket"], "period_start": d["period"]["start"],
                "period_end": d["period"]["end"]})
    for col in ("admitted", "adversary", "third_party"):
        f = d[col] or {}
        out[f"{col}_low"] = f.get("low")
        out[f"{col}_high"] = f.get("high")
        out[f"{col}_claim_ids"] = f.get("claim_ids") or []
    for k in ("low", "best", "high", "contradictions", "independent_sources",
              "non_party_confirms", "claim_ids"):
        out[k] = d[k]
    return out


def _total(rows: list[Any], attr: str) -> int | None:
    vals = [getattr(r, attr) for r in rows if getattr(r, attr) is not None]
    return sum(vals) if vals else None


def ucdp_rows(ledger_rows: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Fatalities per conflict, day and side, UCDP GED style: the ``killed`` rows of a daily
    ledger, one row per (conflict, day, side), deaths per category from each row's best
    estimate, and low / best / high summed over the categories that have one."""
    groups: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for r in ledger_rows:
        if r.kind == "killed":
            groups[(r.conflict, r.period.get("bucket") or r.period.get("start"), r.side)].append(r)
    for i, ((conflict, _day, side), rows) in enumerate(sorted(groups.items(), key=lambda kv: tuple(
            "" if v is None else v for v in kv[0])), start=1):
        by_cat = {r.category: r for r in rows}
        yield {"id": i, "conflict": conflict, "date_start": min(r.period["start"] or "" for r in rows) or None,
               "date_end": max(r.period["end"] or "" for r in rows) or None, "side": side,
               "deaths_military": by_cat["military"].best if "military" in by_cat else None,
               "deaths_civilians": by_cat["civilians"].best if "civilians" in by_cat else None,
               "deaths_unknown": by_cat["people"].best if "people" in by_cat else None,
               "low": _total(rows, "low"), "best": _total(rows, "best"),
               "high": _total(rows, "high"),
               "number_of_sources": max(r.independent_sources for r in rows),
               "contradictions": [c for r in rows for c in r.contradictions],
               "claim_ids": sorted(i for r in rows for i in r.claim_ids)}


# --------------------------------------------------------------------------- writing


def _csv_value(v: Any) -> Any:
    if isinstance(v, list):
        return " ".join("" if x is None else str(x) for x in v) if all(
            not isinstance(x, str) or " " not in x for x in v) else "; ".join(map(str, v))
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else v


def write_rows(rows: Iterable[dict[str, Any]], schema: pa.Schema, fmt: str,
               out: IO[bytes]) -> int:
    """Write flat rows in ``fmt`` to a binary stream; returns the number of rows."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    n = 0
    if fmt == "parquet":
        import pyarrow.parquet as pq

        writer = pq.ParquetWriter(out, schema)
        chunk: list[dict[str, Any]] = []
        for r in rows:
            chunk.append(r)
            n += 1
            if len(chunk) >= 50000:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk = []
        writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
        writer.close()
        return n
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        if fmt == "jsonl":
            for r in rows:
                text.write(json.dumps({k: r.get(k) for k in schema.names}, ensure_ascii=False) + "\n")
                n += 1
        else:
            writer = csv.writer(text)
            writer.writerow(schema.names)
            for r in rows:
                writer.writerow([_csv_value(r.get(k)) for k in schema.names])
                n += 1
        text.flush()
    finally:
        text.detach()
    return n


def export(store: Store, what: str, fmt: str, output: str | None = None, q: Query | None = None,
           ledger_query: Any = None) -> int:
    """Export ``what`` from the store to ``output`` (stdout when None or ``-``)."""
    from warledger.ledger import LedgerQuery, build_ledger

    q = q or Query(limit=0)
    if what not in WHATS:
        raise UsageError(f"--what must be one of {', '.join(WHATS)}, not {what!r}")
    if what == "claims":
        rows: Iterable[dict[str, Any]] = (claim_row(c) for c in store.iter_claims(q))
        schema = CLAIM_SCHEMA
    elif what == "events":
        rows, schema = (event_row(e) for e in store.events(replace(q, limit=0))), EVENT_SCHEMA
    elif what == "articles":
        rows, schema = _article_rows(store, q), ARTICLE_SCHEMA
    elif what == "ledger":
        lq = ledger_query or LedgerQuery(conflict=q.conflict, side=q.side, since=q.since,
                                         until=q.until, profiles=q.profiles)
        rows, schema = (ledger_row(r) for r in build_ledger(store, lq)), LEDGER_SCHEMA
    else:
        lq = ledger_query or LedgerQuery(conflict=q.conflict, side=q.side, since=q.since,
                                         until=q.until, profiles=q.profiles)
        lq = LedgerQuery(conflict=lq.conflict, side=lq.side, since=lq.since, until=lq.until,
                         by="day", profiles=lq.profiles)
        rows, schema = ucdp_rows(build_ledger(store, lq)), UCDP_SCHEMA
    if output in (None, "-"):
        if fmt == "parquet" and sys.stdout.isatty():
            raise UsageError("Parquet is binary: give --output FILE")
        n = write_rows(rows, schema, fmt, sys.stdout.buffer)
        sys.stdout.flush()
        return n
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            return write_rows(rows, schema, fmt, fh)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write ({exc.strerror})") from exc


def _article_rows(store: Store, q: Query) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        page = store.articles(Query(conflict=q.conflict, outlet=q.outlet, since=q.since,
                                    until=q.until, limit=1000, offset=offset))
        if not page:
            return
        for a in page:
            full = store.article(a["id"])
            yield {k: full.get(k) for k in ARTICLE_COLUMNS}
        offset += len(page)


# --------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportReport:
    articles: int = 0  # new articles stored
    duplicates: int = 0  # already in the store: skipped
    claims: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)


def _parquet_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        # a Spark job's output also holds attributions/ and errors/: not store tables
        return sorted(p for p in path.rglob("*.parquet") if p.is_file()
                      and not {"attributions", "errors"} & set(p.relative_to(path).parts))
    raise UsageError(f"{path}: no such file or folder")


def _kind_of(names: set[str]) -> str | None:
    if "sentence" in names and "category" in names:
        return "claims"
    if "sentence" in names and "type" in names:
        return "events"
    if "text" in names and "name" in names:
        return "articles"
    return None


def import_path(path: str, store: Store, batch_size: int = 50) -> ImportReport:
    """Load Parquet articles, claims and events (files or folders of part files, as export
    or Spark write them) into the store. Idempotent: articles already stored are skipped
    with everything attached to them. A file that is not one of the three is named in
    ``errors`` and skipped."""
    import pyarrow.parquet as pq

    articles: dict[str, Article] = {}
    claims: dict[str, list[Claim]] = defaultdict(list)
    events: dict[str, list[Event]] = defaultdict(list)
    conflicts: dict[str, str] = {}
    errors: list[str] = []
    for f in _parquet_files(Path(path)):
        try:
            table = pq.read_table(f)
        except (OSError, pa.ArrowException) as exc:
            errors.append(str(InputError(str(f), f"not a readable Parquet file ({exc})")))
            continue
        kind = _kind_of(set(table.column_names))
        if kind is None:
            errors.append(str(InputError(str(f), "neither articles, claims nor events columns")))
            continue
        for r in table.to_pylist():
            try:
                if kind == "articles":
                    a = article_from_dict({k: v for k, v in r.items() if k != "conflict"})
                    articles[a.id] = a
                    if r.get("conflict"):
                        conflicts[a.id] = r["conflict"]
                elif kind == "claims":
                    claims[r.get("article_id") or r["article"]].append(claim_from_row(r))
                    if r.get("conflict"):
                        conflicts.setdefault(r.get("article_id") or r["article"], r["conflict"])
                else:
                    events[r.get("article_id") or r["article"]].append(
                        event_from_dict(json.loads(r["record"])))
            except (KeyError, TypeError, ValueError) as exc:
                errors.append(str(InputError(str(f), f"bad {kind} row ({exc!r})")))
    by_name = {a.name: a.id for a in articles.values()}
    for key in list(claims) + list(events):
        if key not in articles and key not in by_name:
            errors.append(f"{path}: records for article {key!r} without its article record: skipped")
    stored = duplicates = n_claims = n_events = 0
    batch: list[Analysis] = []

    def flush() -> None:
        nonlocal stored, duplicates, n_claims, n_events
        if batch:
            res = store.put_batch(batch)
            stored, duplicates = stored + res.stored, duplicates + res.duplicates
            n_claims, n_events = n_claims + res.claims, n_events + res.events
            batch.clear()

    for aid, a in articles.items():
        cl = claims.get(aid, []) + claims.get(a.name, []) if a.name != aid else claims.get(aid, [])
        ev = events.get(aid, []) + events.get(a.name, []) if a.name != aid else events.get(aid, [])
        batch.append(Analysis(a, tuple(cl), tuple(ev), conflict=conflicts.get(aid) or conflicts.get(a.name)))
        if len(batch) >= batch_size:
            flush()
    flush()
    return ImportReport(articles=stored, duplicates=duplicates, claims=n_claims, events=n_events,
                        errors=errors)


__all__ = ["CLAIM_COLUMNS", "EVENT_COLUMNS", "ARTICLE_COLUMNS", "LEDGER_COLUMNS", "UCDP_COLUMNS",
           "CLAIM_SCHEMA", "claims_table", "claim_row", "claim_from_row", "export", "import_path",
           "write_rows", "ImportReport"]

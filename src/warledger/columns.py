"""A claim as flat columns, declared once: the layout SQL rows, Parquet, CSV and the API's
CSV all take from here.

A claim's JSON form (``Claim.to_dict``) nests its parts (``count.qualifier``,
``location.name``). Every flat table needs the same columns under the same names, so a
file written by the store's export, by Spark or by the API reads the same: the name is the
path joined with underscores (``count_qualifier``, ``location_name``), with the row's own
context (id, article_id, conflict, day, outlet, published, cluster) where export has kept
it. ``CLAIM`` is that list, in export's order (docs/export.md documents it).

The SQL table keeps two differences, declared here too (``Column.sql``) rather than in a
second flattening: the qualifier's and the period flag's historical column names
(``qualifier``, ``cumulative``), and the location as one JSON column (it is shown, never
filtered on: ``store/schema.py``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from warledger.records import Claim, claim_from_dict


@dataclass(frozen=True)
class Column:
    """One flat column of a claim: its name, where it sits in the claim's JSON form, its
    type (for Arrow) and the SQL column that keeps it (None: not a claims-table column)."""

    name: str
    path: tuple[str, ...]
    type: str  # "str" | "int" | "float" | "bool"
    sql: str | None = None
    context: bool = False  # the row's, not the claim record's (id, outlet, ...)


def _c(name: str, type: str = "str", *, path: tuple[str, ...] | None = None,
       sql: str | None = "", context: bool = False) -> Column:
    return Column(name, path or (name,), type, name if sql == "" else sql, context)


_GROUPS = {"claimant": "claimant", "target": "target", "perpetrator": "perpetrator",
           "count": "count", "location": "location", "period": "period"}

CLAIM: tuple[Column, ...] = (
    _c("id", "int", context=True),
    _c("article"),
    _c("article_id", context=True),
    _c("sentence"),
    _c("span_start", "int", path=("span", "0")),
    _c("span_end", "int", path=("span", "1")),
    _c("claimant_text", path=("claimant", "text")),
    _c("claimant_party", path=("claimant", "party")),
    _c("claimant_side", path=("claimant", "side")),
    _c("stance"),
    _c("kind"),
    _c("target_party", path=("target", "party")),
    _c("target_side", path=("target", "side")),
    _c("category", path=("target", "category")),
    _c("perpetrator_party", path=("perpetrator", "party")),
    _c("perpetrator_side", path=("perpetrator", "side")),
    _c("count_value", "int", path=("count", "value")),
    _c("count_qualifier", path=("count", "qualifier"), sql="qualifier"),
    _c("count_text", path=("count", "text")),
    _c("location_text", path=("location", "text"), sql="location"),
    _c("location_name", path=("location", "name"), sql="location"),
    _c("location_country", path=("location", "country"), sql="location"),
    _c("location_lat", "float", path=("location", "lat"), sql="location"),
    _c("location_lon", "float", path=("location", "lon"), sql="location"),
    _c("location_precision", path=("location", "precision"), sql="location"),
    _c("period_start", path=("period", "start")),
    _c("period_end", path=("period", "end")),
    _c("period_cumulative", "bool", path=("period", "cumulative"), sql="cumulative"),
    _c("period_text", path=("period", "text")),
    _c("conflict", context=True),
    _c("day", context=True),
    _c("outlet", context=True),
    _c("published", context=True, sql=None),
    _c("cluster", context=True, sql=None),
)
CLAIM_NAMES = tuple(c.name for c in CLAIM)


def _get(d: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = d
    for part in path:
        if value is None:
            return None
        value = value[int(part)] if isinstance(value, (list, tuple)) else value.get(part)
    return value


def flatten_claim(c: Claim | Mapping[str, Any]) -> dict[str, Any]:
    """One claim (a record, or its JSON form with the store's context) as flat columns."""
    d = c.to_dict() if isinstance(c, Claim) else c
    row = {col.name: _get(d, col.path) for col in CLAIM}
    row["period_cumulative"] = bool(row["period_cumulative"])
    return row


def _group(row: Mapping[str, Any], group: str) -> dict[str, Any] | None:
    parts = {col.path[1]: row.get(col.name) for col in CLAIM
             if len(col.path) == 2 and col.path[0] == group}
    return parts if any(v not in (None, False) for v in parts.values()) else None


def claim_from_flat(row: Mapping[str, Any]) -> Claim:
    """The way back from flat columns (Parquet, CSV) to a Claim."""
    location = _group(row, "location")
    if location is not None and not location.get("text"):
        location = None  # a place is known by its words
    return claim_from_dict({
        "article": row["article"], "sentence": row["sentence"],
        "span": [row.get("span_start") or 0, row.get("span_end") or 0],
        "claimant": {**(_group(row, "claimant") or {"text": None, "party": None}),
                     "side": row.get("claimant_side") or "UNKNOWN"},
        "stance": row.get("stance") or "assert", "kind": row["kind"],
        "target": {"party": row.get("target_party"), "side": row["target_side"],
                   "category": row["category"]},
        "perpetrator": _group(row, "perpetrator"),
        "count": {"value": row.get("count_value"),
                  "qualifier": row.get("count_qualifier") or "exact",
                  "text": row.get("count_text")},
        "location": location,
        "period": _group(row, "period")})


# ------------------------------------------------------------------------------ SQL


def sql_values(flat: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The claims-table values of a flat claim, by SQL column: a group kept as one column
    (the location) is its JSON text."""
    out: dict[str, Any] = {}
    for col in CLAIM:
        if col.sql is None or col.sql in out:
            continue
        if col.sql != col.name and col.sql in _GROUPS:
            group = _group(flat, col.sql)
            out[col.sql] = json.dumps(group) if group and group.get("text") else None
        else:
            out[col.sql] = flat.get(col.name)
    wanted = set(names)
    return {k: v for k, v in out.items() if k in wanted}


def from_sql(values: Mapping[str, Any]) -> dict[str, Any]:
    """Flat columns from claims-table values (the inverse of ``sql_values``)."""
    flat: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {}
    for col in CLAIM:
        if col.sql is None or col.sql not in values:
            continue
        if col.sql != col.name and col.sql in _GROUPS:
            if col.sql not in groups:
                raw = values[col.sql]
                groups[col.sql] = json.loads(raw) if raw else {}
            flat[col.name] = groups[col.sql].get(col.path[1])
        else:
            flat[col.name] = values[col.sql]
    return flat


__all__ = ["CLAIM", "CLAIM_NAMES", "Column", "claim_from_flat", "flatten_claim", "from_sql",
           "sql_values"]

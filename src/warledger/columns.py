"""A claim as flat columns, declared once: the layout of the store's claims table, Parquet,
CSV and the API's CSV.

A claim's JSON form (``Claim.to_dict``) nests its parts (``count.qualifier``,
``location.name``). Every flat table needs the same columns under the same names, so a
file written by the store's export, by Spark or by the API reads the same, and so does
the SQL that reads the claims table: the name is the path joined with underscores
(``count_qualifier``, ``location_name``), with the row's own context (id, article_id,
conflict, day, outlet, published, cluster) where export has kept it. ``CLAIM`` is that
list, in export's order (docs/export.md documents it).

The claims table (store/schema.py, v11) has a column of the same name for each of them
but ``published`` and ``cluster``, which are the article's (``Column.table``), besides
the store's own (``store/rows.py``: sequence, buckets, story, history). ``flatten_claim``
goes from the JSON form to these columns, ``nest_claim`` back: the only two places that
know how the parts nest.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from warledger.records import Claim, claim_from_dict


@dataclass(frozen=True)
class Column:
    """One flat column of a claim: its name (the claims table's column too), where it sits
    in the claim's JSON form, its type (for Arrow) and whether the claims table keeps it
    (else it is the article's, joined when read)."""

    name: str
    path: tuple[str, ...]
    type: str  # "str" | "int" | "float" | "bool"
    table: bool = True
    context: bool = False  # the row's, not the claim record's (id, outlet, ...)


def _c(name: str, type: str = "str", *, path: tuple[str, ...] | None = None,
       table: bool = True, context: bool = False) -> Column:
    return Column(name, path or (name,), type, table, context)


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
    _c("count_qualifier", path=("count", "qualifier")),
    _c("count_text", path=("count", "text")),
    _c("location_text", path=("location", "text")),
    _c("location_name", path=("location", "name")),
    _c("location_country", path=("location", "country")),
    _c("location_lat", "float", path=("location", "lat")),
    _c("location_lon", "float", path=("location", "lon")),
    _c("location_precision", path=("location", "precision")),
    _c("period_start", path=("period", "start")),
    _c("period_end", path=("period", "end")),
    _c("period_cumulative", "bool", path=("period", "cumulative")),
    _c("period_text", path=("period", "text")),
    _c("conflict", context=True),
    _c("day", context=True),
    _c("outlet", context=True),
    _c("published", context=True, table=False),
    _c("cluster", context=True, table=False),
)
CLAIM_NAMES = tuple(c.name for c in CLAIM)
# the claims table's columns among them, in the same order
TABLE_NAMES = tuple(c.name for c in CLAIM if c.table)


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


# parts a claim always has (their columns may be null); the others are None when empty,
# a place when it has no words (a place is known by its words)
_ALWAYS = ("claimant", "target", "count")


def _nester() -> Any:
    """The function that nests a row of values in ``CLAIM_NAMES`` order, written out once
    from the spec (as ``dataclasses`` and ``namedtuple`` write theirs) and compiled.

    Why generated: the store reads every claim it answers through it (a million for an
    export), and walking the spec for each row cost three times the hand-written unpacking
    it replaces; the generated one is that unpacking, with the spec as its only source."""
    at = {name: i for i, name in enumerate(CLAIM_NAMES)}
    parts: dict[str, list[tuple[str, int]]] = {}
    for col in CLAIM:
        parts.setdefault(col.path[0], []).append((col.path[-1], at[col.name]))
    lines = ["def nest_values(v):", "    out = {}"]
    for head, p in parts.items():
        if head == "span":
            lines.append(f"    out['span'] = [{', '.join(f'v[{i}]' for _, i in p)}]")
            continue
        if len(p) == 1 and p[0][0] == head:
            lines.append(f"    out[{head!r}] = v[{p[0][1]}]")
            continue
        group = "{" + ", ".join(f"{key!r}: v[{i}]" for key, i in p) + "}"
        if head in _ALWAYS:
            lines.append(f"    out[{head!r}] = {group}")
            continue
        # a place is known by its words; another part is there when any value is set
        when = f"v[{p[0][1]}]" if head == "location" else " or ".join(f"v[{i}]" for _, i in p)
        lines.append(f"    out[{head!r}] = {group} if ({when}) else None")
    cumulative = at["period_cumulative"]
    lines += ["    if out['period'] is not None:",
              f"        out['period']['cumulative'] = bool(v[{cumulative}])",
              "    return out"]
    scope: dict[str, Any] = {}
    exec("\n".join(lines), scope)  # the source is made above from CLAIM alone
    return scope["nest_values"]


nest_values: Callable[[Sequence[Any]], dict[str, Any]] = _nester()
nest_values.__doc__ = """A row of values in ``CLAIM_NAMES`` order (the store's select) as the
claim's JSON form with the row's context: ``nest_claim`` without the flat dict. An optional
part (perpetrator, period) is None when none of its values is set."""


def nest_claim(row: Mapping[str, Any]) -> dict[str, Any]:
    """Flat columns (the claims table's, Parquet's, CSV's) back to the claim's JSON form,
    with the row's context where the row has it: the inverse of ``flatten_claim``."""
    out = nest_values([row.get(name) for name in CLAIM_NAMES])
    for col in CLAIM:
        if col.context and col.name not in row:
            del out[col.name]
    return out


def claim_from_flat(row: Mapping[str, Any]) -> Claim:
    """The way back from flat columns (Parquet, CSV) to a Claim; a file's empty required
    parts get the record's defaults (an unknown claimant side, an assertion, an exact
    number); a row without the columns every claim has is a KeyError."""
    for name in ("article", "sentence", "kind", "target_side", "category"):
        row[name]
    d = nest_claim(row)
    d["span"] = [v or 0 for v in d["span"]]
    d["claimant"]["side"] = d["claimant"]["side"] or "UNKNOWN"
    d["stance"] = d["stance"] or "assert"
    d["count"]["qualifier"] = d["count"]["qualifier"] or "exact"
    return claim_from_dict({k: d[k] for k in ("article", "sentence", "span", "claimant",
                                              "stance", "kind", "target", "perpetrator",
                                              "count", "location", "period")})


__all__ = ["CLAIM", "CLAIM_NAMES", "Column", "TABLE_NAMES", "claim_from_flat", "flatten_claim",
           "nest_claim", "nest_values"]

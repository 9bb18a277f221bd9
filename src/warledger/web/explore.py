"""The claim explorer's habits, shared by the dashboard and the API: facet counts and
sorting over the claims a filter selects.

Facets count, for the claims the current filters select, how many have each claimant
side, target side, kind, category and outlet; each count is what the API answers for
the same filters plus that value (``/api/claims?...&claimant=AZE`` has ``total`` equal to
the facet's count), so a facet is a link that narrows the view.
"""
from __future__ import annotations

import collections
import dataclasses
from collections.abc import Callable
from typing import Any

from warledger.errors import UsageError
from warledger.web.names import claim_day, count_sort_key

# facet name (= the filter parameter it sets) -> (heading, how to read it off a claim)
FACETS: dict[str, tuple[str, Callable[[dict[str, Any]], Any]]] = {
    "claimant": ("Claimant side", lambda c: (c.get("claimant") or {}).get("side")),
    "side": ("Target side", lambda c: (c.get("target") or {}).get("side")),
    "kind": ("Kind", lambda c: c.get("kind")),
    "category": ("Category", lambda c: (c.get("target") or {}).get("category")),
    "outlet": ("Outlet", lambda c: c.get("outlet")),
}

# sort name -> key; "-name" sorts descending. Ties keep the store's order (the order the
# claims were stored in: ids are content hashes and say nothing of order).
SORTS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "date": lambda c: claim_day(c) or "",
    "outlet": lambda c: (c.get("outlet") or "").lower(),
    "claimant": lambda c: (c.get("claimant") or {}).get("side") or "",
    "stance": lambda c: c.get("stance") or "",
    "kind": lambda c: c.get("kind") or "",
    "count": lambda c: count_sort_key(c.get("count")),
    "target": lambda c: ((c.get("target") or {}).get("side") or "",
                         (c.get("target") or {}).get("category") or ""),
}


def parse_sort(value: str | None) -> tuple[str, bool] | None:
    """``-count`` -> ("count", True); None for no sort; a 400 for an unknown column."""
    if not value:
        return None
    desc = value.startswith("-")
    name = value.lstrip("-")
    if name not in SORTS:
        raise UsageError(f"sort: {value!r} is not one of {', '.join(SORTS)} (prefix - to reverse)")
    return name, desc


def sort_rows(rows: list[dict[str, Any]], sort: tuple[str, bool] | None) -> list[dict[str, Any]]:
    if sort is None:
        return rows
    name, desc = sort
    key = SORTS[name]
    if not desc:
        return sorted(rows, key=key)
    # descending, ties still in the store's order (reverse=True would reverse them too)
    return [r for _, r in sorted(enumerate(rows), key=lambda ir: (_Desc(key(ir[1])), ir[0]))]


class _Desc:
    """Wraps a sort key so that it sorts descending inside an ascending sort."""

    __slots__ = ("v",)

    def __init__(self, v: Any) -> None:
        self.v = v

    def __lt__(self, other: _Desc) -> bool:
        return other.v < self.v

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.v == other.v


@dataclasses.dataclass(frozen=True)
class FacetValue:
    value: str | None
    count: int


def facet_counts(rows: list[dict[str, Any]]) -> dict[str, list[FacetValue]]:
    """Per facet, each value and how many of ``rows`` have it, most frequent first."""
    out: dict[str, list[FacetValue]] = {}
    for name, (_, read) in FACETS.items():
        counter = collections.Counter(read(c) for c in rows)
        out[name] = [FacetValue(v, n) for v, n in
                     sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0] or "~")))]
    return out


def facets_json(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The facets as the API answers them."""
    return {name: {"heading": FACETS[name][0],
                   "values": [{"value": f.value, "count": f.count} for f in values]}
            for name, values in facet_counts(rows).items()}

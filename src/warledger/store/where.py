"""The filters of a ``Query`` as SQL, written once for the claim list, the counts, the
ledger's grouping and the events.

Why one builder: a filter the claim list honours and the ledger ignores is a filter that
lies (the dashboard once offered ``outlet`` and ``claimant`` on a ledger that dropped them).
Codes are compared case-insensitively (``arm`` is ARM, ``Karabakh`` is karabakh); an outlet
is matched by its identity, so ``reuters`` finds reuters.com and a "(Reuters)" feed alike.
"""
from __future__ import annotations

from typing import Any

from warledger import dedup
from warledger.store.base import Query


def visible(alias: str, q: Query) -> tuple[str | None, list[Any]]:
    """Which claims a query sees: the current ones, or those standing after ``q.run``;
    a lookup by id sees every claim, retired or not (an old link must still resolve)."""
    if q.ids:
        return None, []
    if q.run is not None:
        return (f"COALESCE({alias}.run_id, 0) <= ? AND ({alias}.retired_run IS NULL "
                f"OR {alias}.retired_run > ?)"), [int(q.run), int(q.run)]
    return f"{alias}.retired_run IS NULL", []


def contains(column: str) -> str:
    """``column`` holds a text, case-insensitively, with ``pattern``'s parameter."""
    return f"LOWER({column}) LIKE ? ESCAPE '\\'"


def pattern(text: str) -> str:
    """The LIKE pattern of a text searched as written: ``%`` and ``_`` in it are literal
    ("10%" finds "10%", not every "10"), escaped with a backslash, on both engines."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def outlet_condition(column: str, value: str) -> tuple[str, list[Any]]:
    """``column`` (an article's outlet as stored: a domain or a lowercased name) is the
    outlet ``value`` names, under any of its names or domains."""
    ordered = sorted(dedup.outlet_names(value))
    return f"LOWER({column}) IN ({', '.join('?' for _ in ordered)})", ordered


def claim_where(q: Query, alias: str = "c") -> tuple[str, list[Any]]:
    """WHERE clause and parameters over the claims table alone (``alias``): every filter a
    claim query and the ledger accept."""
    cond: list[str] = []
    params: list[Any] = []
    seen, p = visible(alias, q)
    if seen:
        cond.append(seen)
        params += p
    if q.conflict:
        cond.append(f"LOWER({alias}.conflict) = LOWER(?)")
        params.append(q.conflict)
    for column, value in ((f"{alias}.target_side", q.side), (f"{alias}.kind", q.kind),
                          (f"{alias}.category", q.category)):
        if value:
            cond.append(f"UPPER({column}) = UPPER(?)")
            params.append(value)
    if q.claimant:
        cond.append(f"(UPPER({alias}.claimant_side) = UPPER(?) OR "
                    f"UPPER({alias}.claimant_party) = UPPER(?))")
        params += [q.claimant, q.claimant]
    if q.outlet:
        sql, p = outlet_condition(f"{alias}.outlet", q.outlet)
        cond.append(sql)
        params += p
    return shared_where(alias, q, cond, params)


def summary_where(q: Query, alias: str) -> tuple[str, list[Any]]:
    """WHERE clause over the ledger summary's tables (``store/summary.py``) for the filters
    it answers (conflict, side, kind, category), as ``claim_where`` compares them."""
    cond: list[str] = []
    params: list[Any] = []
    if q.conflict:
        cond.append(f"LOWER({alias}.conflict) = LOWER(?)")
        params.append(q.conflict)
    for column, value in (("side", q.side), ("kind", q.kind), ("category", q.category)):
        if value:
            cond.append(f"UPPER({alias}.{column}) = UPPER(?)")
            params.append(value)
    return (" WHERE " + " AND ".join(cond)) if cond else "", params


def event_where(q: Query, alias: str = "e", article: str = "a") -> tuple[str, list[Any]]:
    """WHERE clause for events (joined with their articles as ``article``): ``kind`` is the
    PLOVER type, ``side`` the actor's side, ``claimant`` the claimant's side."""
    cond: list[str] = []
    params: list[Any] = []
    if q.conflict:
        cond.append(f"LOWER({alias}.conflict) = LOWER(?)")
        params.append(q.conflict)
    for column, value in ((f"{alias}.actor_side", q.side), (f"{alias}.type", q.kind),
                          (f"{alias}.claimant_side", q.claimant)):
        if value:
            cond.append(f"UPPER({column}) = UPPER(?)")
            params.append(value)
    if q.outlet:
        sql, p = outlet_condition(f"{article}.outlet", q.outlet)
        cond.append(sql)
        params += p
    return shared_where(alias, q, cond, params)


def shared_where(alias: str, q: Query, cond: list[str], params: list[Any]) -> tuple[str, list[Any]]:
    """The filters claims and events share (article, day range, sentence text, ids), added
    to ``cond``/``params`` for the table under ``alias``; returns the WHERE clause."""
    if q.article:
        cond.append(f"({alias}.article_id = ? OR {alias}.article = ?)")
        params += [q.article, q.article]
    if q.since:
        cond.append(f"{alias}.day >= ?")
        params.append(q.since[:10])
    if q.until:
        cond.append(f"{alias}.day <= ?")
        params.append(q.until[:10])
    if q.text:
        cond.append(contains(f"{alias}.sentence"))
        params.append(pattern(q.text))
    if q.ids:
        cond.append(f"{alias}.id IN ({', '.join('?' for _ in q.ids)})")
        params += [int(i) for i in q.ids]
    return (" WHERE " + " AND ".join(cond)) if cond else "", params

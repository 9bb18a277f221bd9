"""The ledger: per conflict, target side, kind, category and period, what each side says.

Why split between here and ``store/ledger_sql.py``: the grouping that touches every claim
(merging carriers, superseding cumulative tolls, adding incidents) runs in SQL so a million
claims come back as a few hundred groups; this module turns those groups into rows with the
low / best / high estimate, contradictions and corroboration, by the rules written out in
docs/ledger.md. Every figure carries the ids of the claims behind it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from warledger.errors import UsageError

COLUMNS = ("admitted", "adversary", "third_party")
BY = (None, "day", "week", "month")


@dataclass(frozen=True)
class LedgerQuery:
    """Which part of the ledger to build (all optional)."""

    conflict: str | None = None
    side: str | None = None  # the target side: whose losses
    since: str | None = None  # ISO date, on the day a claim is about
    until: str | None = None
    by: str | None = None  # None (one period), "day", "week" or "month"
    with_ids: bool = True  # carry claim ids (off only for benchmarks of the grouping)


@dataclass(frozen=True)
class Figure:
    """What one column says: a range (None when only vague counts or denials), a point,
    and the claims behind it."""

    low: int | None
    high: int | None
    point: int | None
    claim_ids: tuple[int, ...]
    claimants: tuple[str, ...]
    denials: int = 0
    vague: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "point": self.point,
                "claim_ids": list(self.claim_ids), "claimants": list(self.claimants),
                "denials": self.denials, "vague": self.vague}


@dataclass(frozen=True)
class LedgerRow:
    conflict: str | None
    side: str
    kind: str
    category: str
    period: dict[str, str | None]  # {"bucket", "start", "end"}: the claims' first/last day
    admitted: Figure | None
    adversary: Figure | None
    third_party: Figure | None
    low: int | None
    best: int | None
    high: int | None
    contradictions: tuple[str, ...]
    independent_sources: int
    non_party_confirms: bool
    claim_ids: tuple[int, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"conflict": self.conflict, "side": self.side, "kind": self.kind,
                "category": self.category, "period": dict(self.period),
                "admitted": self.admitted.to_dict() if self.admitted else None,
                "adversary": self.adversary.to_dict() if self.adversary else None,
                "third_party": self.third_party.to_dict() if self.third_party else None,
                "low": self.low, "best": self.best, "high": self.high,
                "contradictions": list(self.contradictions),
                "independent_sources": self.independent_sources,
                "non_party_confirms": self.non_party_confirms,
                "claim_ids": list(self.claim_ids)}


@lru_cache(maxsize=1)
def _party_outlets() -> frozenset[str]:
    """Outlets that speak for a belligerent (a party's ``bodies`` in any profile), lowercased:
    their own voice is not an independent confirmation."""
    try:
        from warledger.profiles import load_profiles

        names = set()
        for profile in load_profiles():
            for party in profile.parties:
                if party.side in ("THIRD", "UNKNOWN"):
                    continue
                names.update(alias.lower() for alias, kind in party.aliases if kind == "bodies")
        return frozenset(names)
    except Exception:  # profiles unreadable: no outlet is taken as a party's
        return frozenset()


def _figure(g: dict[str, Any]) -> Figure:
    return Figure(low=g["lo"], high=g["hi"], point=g["pt"], claim_ids=tuple(g["ids"]),
                  claimants=tuple(g["claimants"]), denials=g["denials"], vague=g["vague"])


def _overlap(a: Figure, b: Figure) -> bool:
    assert a.low is not None and a.high is not None and b.low is not None and b.high is not None
    return a.low <= b.high and b.low <= a.high


def estimate(admitted: Figure | None, adversary: Figure | None, third: Figure | None
             ) -> tuple[int | None, int | None, int | None]:
    """(low, best, high) by the rules of docs/ledger.md.

    low: the most conservative figure of a source with no interest in inflating it (the
    target side's admission, a third party); an adversary's claim alone never sets it.
    high: the largest upper bound of any column, the adversary's included.
    best: a third party's point, else the admission's point, kept within [low, high];
    none when only the adversary speaks.
    """
    numeric = [f for f in (admitted, adversary, third) if f is not None and f.low is not None]
    if not numeric:
        return None, None, None
    credible = [f for f in (admitted, third) if f is not None and f.low is not None]
    low = min(f.low for f in credible) if credible else None  # type: ignore[type-var]
    high = max(f.high for f in numeric)  # type: ignore[type-var]
    best = None
    for f in (third, admitted):
        if f is not None and f.point is not None:
            best = f.point
            break
    if best is not None:
        if low is not None:
            best = max(best, low)
        best = min(best, high)
    return low, best, high


def contradictions(figs: dict[str, Figure | None]) -> list[str]:
    """Assertions met by denials, and ranges of two columns that cannot both be true."""
    out: list[str] = []
    denied = [c for c in COLUMNS if figs[c] is not None and figs[c].denials]  # type: ignore[union-attr]
    asserted = [c for c in COLUMNS if figs[c] is not None
                and len(figs[c].claim_ids) > figs[c].denials]  # type: ignore[union-attr]
    for c in denied:
        f = figs[c]
        assert f is not None
        others = [o for o in asserted if o != c] or ([c] if c in asserted else [])
        if others:
            out.append(f"denial: {', '.join(f.claimants)} ({c}) denies what the "
                       f"{' and '.join(others)} column{'s' if len(others) > 1 else ''} asserts")
    for i, a in enumerate(COLUMNS):
        for b in COLUMNS[i + 1:]:
            fa, fb = figs[a], figs[b]
            if fa is None or fb is None or fa.low is None or fb.low is None:
                continue
            if not _overlap(fa, fb):
                out.append(f"ranges: {a} [{fa.low}, {fa.high}] and {b} [{fb.low}, {fb.high}] "
                           f"do not overlap")
    return out


def rows_from_groups(groups: Iterable[dict[str, Any]], by: str | None) -> list[LedgerRow]:
    """Assemble the SQL's (key, column) groups into ledger rows."""
    keyed: dict[tuple[Any, ...], dict[str, dict[str, Any]]] = {}
    for g in groups:
        key = (g["conflict"], g["side"], g["kind"], g["category"], g["bucket"])
        keyed.setdefault(key, {})[g["col"]] = g
    party_outlets = _party_outlets()
    out = []
    for (conflict, side, kind, category, bucket), cols in keyed.items():
        figs = {c: (_figure(cols[c]) if c in cols else None) for c in COLUMNS}
        any_g = next(iter(cols.values()))
        low, best, high = estimate(figs["admitted"], figs["adversary"], figs["third_party"])
        confirms = bool(any_g["third"]) or any(o.lower() not in party_outlets
                                               for o in any_g["own_voice"])
        ids = sorted(i for f in figs.values() if f is not None for i in f.claim_ids)
        firsts = [g["first_day"] for g in cols.values() if g["first_day"]]
        lasts = [g["last_day"] for g in cols.values() if g["last_day"]]
        period = {"bucket": bucket if by else None, "start": min(firsts) if firsts else None,
                  "end": max(lasts) if lasts else None}
        out.append(LedgerRow(conflict=conflict, side=side, kind=kind, category=category,
                             period=period, admitted=figs["admitted"],
                             adversary=figs["adversary"], third_party=figs["third_party"],
                             low=low, best=best, high=high,
                             contradictions=tuple(contradictions(figs)),
                             independent_sources=int(any_g["sources"] or 0),
                             non_party_confirms=confirms, claim_ids=tuple(ids)))
    return out


def build_ledger(store: Any, q: LedgerQuery) -> list[LedgerRow]:
    """The ledger rows for ``q``, ordered by conflict, side, kind, category and period."""
    if q.by not in BY:
        raise UsageError(f"--by must be day, week or month, not {q.by!r}")
    groups = store.ledger_groups(q.conflict, q.side, q.since, q.until, q.by, q.with_ids)
    return rows_from_groups(groups, q.by)


__all__ = ["LedgerQuery", "LedgerRow", "Figure", "build_ledger", "estimate", "contradictions"]

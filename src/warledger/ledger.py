"""The ledger: per conflict, target side, kind, category and period, what each side says.

Why split between here and ``store/ledger_sql.py``: the grouping that touches every claim
(merging carriers, superseding cumulative tolls, adding incidents) runs in SQL so a million
claims come back as a few hundred groups; this module turns those groups into rows with the
low / best / high estimate, contradictions and corroboration, by the rules written out in
docs/ledger.md. Every figure carries the ids of the claims behind it.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain
from typing import Any, Iterable

from warledger.errors import UsageError
from warledger.store.base import BY as BY  # the ledger's periods (re-exported)
from warledger.store.base import Query, Store

COLUMNS = ("admitted", "adversary", "third_party")


# The ledger's query is the store's Query (its ``by`` and ``with_ids`` are the ledger's;
# ``check`` normalises it): one filter object for the CLI, the API, the report and the store.
LedgerQuery = Query


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

    def text(self, dash: str = "\u2013", denial: str = " (and a denial)") -> str:
        """The figure as a reader sees it: "12", "101–150", "vague" (only vague claims),
        "denied" (only denials); the CLI's plain tables ask for an ASCII dash."""
        if self.low is None:
            return "denied" if self.denials and not self.vague else "vague"
        text = str(self.low) if self.low == self.high else f"{self.low}{dash}{self.high}"
        return text + (denial if self.denials else "")


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
    low = min(f.low for f in credible if f.low is not None) if credible else None
    high = max(f.high for f in numeric if f.high is not None)
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


def contradictions(figs: dict[str, Figure | None],
                   ranges: Iterable[dict[str, Any]] = ()) -> list[str]:
    """Assertions met by denials, and figures of two columns for the same scope (the same
    incident, or tolls from the same start) that cannot both be true (``ranges``: the
    store's ``ledger_conflicts`` for this row). One line per pair of columns."""
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
    said: set[tuple[str, str]] = set()
    for r in ranges:
        a, b = r["a"], r["b"]
        pair = tuple(sorted((a["col"], b["col"])))
        if pair in said:
            continue
        said.add(pair)
        first, second = (a, b) if COLUMNS.index(a["col"]) < COLUMNS.index(b["col"]) else (b, a)
        if r["cumulative"]:
            scope = (f"tolls of {a['day']}" if a["day"] == b["day"] else
                     f"tolls of {first['day']} and {second['day']}")
        else:
            scope = f"the same incident, {a['day']}" if a["day"] else "the same incident"
        out.append(f"ranges: {first['col']} [{first['lo']}, {first['hi']}] and {second['col']} "
                   f"[{second['lo']}, {second['hi']}] do not overlap ({scope})")
    return out


def rows_from_groups(groups: Iterable[dict[str, Any]], by: str | None,
                     ranges: Iterable[dict[str, Any]] = ()) -> list[LedgerRow]:
    """Assemble the SQL's (key, column) groups into ledger rows."""
    keyed: dict[tuple[Any, ...], dict[str, dict[str, Any]]] = {}
    for g in groups:
        key = (g["conflict"], g["side"], g["kind"], g["category"], g["bucket"])
        keyed.setdefault(key, {})[g["col"]] = g
    clash: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for r in ranges:
        clash.setdefault((r["conflict"], r["side"], r["kind"], r["category"], r["bucket"]),
                         []).append(r)
    out = []
    for (conflict, side, kind, category, bucket), cols in keyed.items():
        figs = {c: (_figure(cols[c]) if c in cols else None) for c in COLUMNS}
        any_g = next(iter(cols.values()))
        low, best, high = estimate(figs["admitted"], figs["adversary"], figs["third_party"])
        # a third party, or the outlet's own voice (party outlets already speak for their
        # party in the SQL, so any own voice left is an independent outlet's)
        confirms = bool(any_g["third"]) or bool(any_g["own_voice"])
        ids = sorted(chain.from_iterable(f.claim_ids for f in figs.values() if f is not None))
        firsts = [g["first_day"] for g in cols.values() if g["first_day"]]
        lasts = [g["last_day"] for g in cols.values() if g["last_day"]]
        period = {"bucket": bucket if by else None, "start": min(firsts) if firsts else None,
                  "end": max(lasts) if lasts else None}
        found = clash.get((conflict, side, kind, category, bucket), [])
        out.append(LedgerRow(conflict=conflict, side=side, kind=kind, category=category,
                             period=period, admitted=figs["admitted"],
                             adversary=figs["adversary"], third_party=figs["third_party"],
                             low=low, best=best, high=high,
                             contradictions=tuple(contradictions(figs, found)),
                             independent_sources=int(any_g["sources"] or 0),
                             non_party_confirms=confirms, claim_ids=tuple(ids)))
    return out


def build_ledger(store: Store, q: LedgerQuery) -> list[LedgerRow]:
    """The ledger rows for ``q``, ordered by conflict, side, kind, category and period.

    The groups and the contradictions are read in one snapshot (``_snapshot``): on a
    server another process may commit a batch between the two queries, and a row must not
    show the figures of one moment with the contradictions of another."""
    q = q.check()
    sq = q.store_query()
    with _snapshot(store):
        groups = store.ledger_groups(sq, q.by, q.with_ids)
        ranges = store.ledger_conflicts(sq, q.by) if groups else []
    return rows_from_groups(groups, q.by, ranges)


@contextmanager
def _snapshot(store: Any) -> Iterator[None]:
    """One read-only transaction that sees one moment of the store: REPEATABLE READ on
    PostgreSQL (its default, READ COMMITTED, takes a new snapshot per statement); a DuckDB
    transaction is a snapshot already."""
    with store.db.transaction():
        if store.db.dialect == "postgres":
            store.db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


# --------------------------------------------------------------------------- events


def event_contradictions(store: Store, q: LedgerQuery) -> list[dict[str, Any]]:
    """The same event asserted by one claimant and denied by another ("Turkey had sent
    around 4,000 fighters" against "Turkey denied reports that it sent Syrian fighters"):
    events of one conflict (and period bucket, with ``q.by``) whose ``events.event_key``
    (type, actor side, recipient sides, context) is equal and whose stances differ, the
    assertion and the denial being of one time (``EVENT_DAYS`` apart at most, or in one
    story). Threats, plans and hypotheticals are not statements of fact to contradict.

    The filters that mean something for an event apply (conflict, dates, outlet, article,
    text; ``side`` is the actor's side, ``claimant`` the claimant's); kind and category
    are loss filters, so with either given no event row is returned."""
    from warledger.events import event_key
    from warledger.records import event_from_dict
    from warledger.store.base import Query

    q = q.check()
    if q.kind or q.category:
        return []
    base = Query(conflict=q.conflict, side=q.side, claimant=q.claimant, outlet=q.outlet,
                 article=q.article, since=q.since, until=q.until, text=q.text, limit=1000)
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    offset = 0
    while True:
        page = store.events(replace(base, offset=offset))
        for e in page:
            if e.get("modality") not in (None, "fact"):
                continue  # a threat or a plan is not a statement of fact to contradict
            bucket = _bucket(e.get("day"), q.by)
            groups.setdefault((e.get("conflict"), bucket, event_key(event_from_dict(e))),
                              []).append(e)
        if len(page) < base.limit:
            break
        offset += len(page)
    out = []
    for (conflict, bucket, key), group in groups.items():
        pairs = [(a, d) for a in group if a["stance"] == "assert"
                 for d in group if d["stance"] == "deny" and _same_time(a, d)]
        if not pairs:
            continue
        asserted = list({a["id"]: a for a, _ in pairs}.values())
        denied = list({d["id"]: d for _, d in pairs}.values())
        evs = asserted + denied
        etype, actor, recipients, context = key

        def who(es: list[dict[str, Any]]) -> list[str]:
            return sorted({(e["claimant"].get("party") or e["claimant"].get("side") or "UNKNOWN")
                           for e in es})
        days = sorted(e["day"] for e in evs if e.get("day"))
        # the key holds sides (TUR is THIRD); name the parties, as a reader would
        parties = sorted({(e.get("actor") or {}).get("party") or actor for e in evs})
        actor_name = "/".join(p for p in parties if p) or actor
        rec_names = sorted({r.get("party") or r.get("side") for e in evs
                            for r in e.get("recipient") or () if r.get("party") or r.get("side")})
        out.append({
            "type": "event", "conflict": conflict, "event_type": etype, "actor": actor_name,
            "actor_side": actor,
            "recipients": list(recipients), "context": context or None,
            "period": {"bucket": bucket, "start": days[0] if days else None,
                       "end": days[-1] if days else None},
            "asserted_by": who(asserted), "denied_by": who(denied),
            "event_ids": sorted(e["id"] for e in evs),
            "description": (f"denial: {', '.join(who(denied))} denies the {etype} event by "
                            f"{actor_name} to {', '.join(rec_names) or 'no one named'}"
                            f"{f' ({context})' if context else ''} that "
                            f"{', '.join(who(asserted))} asserts"),
        })
    return sorted(out, key=lambda d: (d["conflict"] or "", d["period"]["start"] or "",
                                      d["event_type"], d["actor"]))


# an assertion and a denial of the same event are about the same time when their days are
# this close (or they are in one story): Turkey's 2020 denial says nothing of 2016
EVENT_DAYS = 7


def _same_time(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("cluster") and a.get("cluster") == b.get("cluster"):
        return True
    if not a.get("day") or not b.get("day"):
        return False  # undated events are compared only within one story
    return abs((date.fromisoformat(a["day"]) - date.fromisoformat(b["day"])).days) <= EVENT_DAYS


def _bucket(day: str | None, by: str | None) -> str | None:
    if not by or not day:
        return None
    from warledger.store.rows import buckets

    week, month = buckets(day)
    return {"day": day, "week": week, "month": month}[by]


def all_contradictions(store: Store, q: LedgerQuery,
                       rows: list[LedgerRow] | None = None) -> list[dict[str, Any]]:
    """Every contradiction for ``q``, losses and events alike, as one list of dicts (what
    the CLI notes, ``/api/contradictions`` and the dashboard show): a loss row's carry
    ``type: "loss"``, its key, period and claim ids; an event's ``type: "event"``."""
    rows = build_ledger(store, q) if rows is None else rows
    out: list[dict[str, Any]] = []
    for r in rows:
        for c in r.contradictions:
            out.append({"type": "loss", "conflict": r.conflict, "side": r.side, "kind": r.kind,
                        "category": r.category, "period": dict(r.period),
                        "claim_ids": list(r.claim_ids), "description": c})
    return out + event_contradictions(store, q)


# --------------------------------------------------------------------------- history


def diff_runs(store: Store, run_a: int | None = None, run_b: int | None = None,
              q: LedgerQuery | None = None) -> dict[str, Any]:
    """What changed between two runs: claims added, removed and changed (a retired claim
    and the successor in its slot), and how each ledger figure moved.

    Defaults: ``run_b`` is the latest finished run, ``run_a`` the finished run before it.
    A run stands for the store as it was after it (``Query.run``)."""
    q = (q or LedgerQuery()).check()
    if run_b is None:
        run_b = store.latest_run()
        if run_b is None:
            raise UsageError("the store has no finished run to compare")
    store.run(run_b)  # NotFound for an unknown id
    if run_a is None:
        run_a = store.latest_run(before=run_b)
        if run_a is None:
            raise UsageError(f"run {run_b} is the store's first: name two runs to compare")
    store.run(run_a)
    changes = store.claim_changes(run_a, run_b)

    def figures(run: int) -> dict[tuple[Any, ...], LedgerRow]:
        return {(r.conflict, r.side, r.kind, r.category, r.period["bucket"]): r
                for r in build_ledger(store, replace(q, run=run))}
    before, after = figures(run_a), figures(run_b)
    moved = []
    for key in sorted(set(before) | set(after), key=lambda k: tuple(str(x) for x in k)):
        a, b = before.get(key), after.get(key)
        fa = (a.low, a.best, a.high) if a else (None, None, None)
        fb = (b.low, b.best, b.high) if b else (None, None, None)
        ca = a.contradictions if a else ()
        cb = b.contradictions if b else ()
        if fa != fb or (a is None) != (b is None) or len(ca) != len(cb):
            conflict, side, kind, category, bucket = key
            moved.append({"conflict": conflict, "side": side, "kind": kind,
                          "category": category, "bucket": bucket,
                          "before": None if a is None else {"low": fa[0], "best": fa[1],
                                                            "high": fa[2],
                                                            "contradictions": len(ca)},
                          "after": None if b is None else {"low": fb[0], "best": fb[1],
                                                           "high": fb[2],
                                                           "contradictions": len(cb)}})
    return {"run_a": store.run(run_a), "run_b": store.run(run_b), **changes, "ledger": moved}


__all__ = ["LedgerQuery", "LedgerRow", "Figure", "build_ledger", "estimate", "contradictions",
           "event_contradictions", "all_contradictions", "diff_runs"]

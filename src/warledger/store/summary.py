"""The ledger's summary: the claims grouped once at write time, so a ledger over a million
claims reads a hundred thousand rows instead of a million.

Why: every ledger stage (docs/ledger.md, rules 2-8) groups the claims of one ledger key,
claimant and day before anything else, and the figures of one such group only change when
one of its claims does. The store keeps two tables, recomputed for the groups each write
touches, in the write's own transaction (readers see the claims and the summary of one
moment, always both):

- ``ledger_cells``: one row per ledger key (conflict, target side, kind, category),
  claimant, column, day (the statement's day), cumulative or not, and scope (start of the
  count, place, story when undated): how many claims, denials, assertions and vague ones
  it holds and their ids; its claimant's figure for the scope (rule 7: the largest low
  and, for incidents, the sum of the distinct highs); and, on the first cell of each
  (key, claimant, day, cumulative) group, the whole group's figure (rules 2 and 4),
  kept apart because a day's distinct highs cannot be added across its scopes.
- ``ledger_sources``: per ledger key, month and source key, how many claims, how many
  of them in a third party's voice and in an outlet's own voice (rule 8's corroboration).

A group is recomputed whole from the claims (``refresh``), never patched by deltas: a
sum of distinct highs or a maximum cannot be undone by subtracting, so exactness comes
from reading the claims again. The unit of recomputation is a ledger key and day for
cells and a ledger key, month and source for sources; writes mark the units of every
claim they add, retire, bring back or change (conflict, story, statement day, source) with
``Dirty.add`` before and after the change.

The voice (rule 2) depends on the outlets table and the shipped profiles: the summary is
built with this warledger's (``fingerprint``) and says so in ``ledger_summary``; a store
whose summary was made by another version (or another version wrote into it since) is
rebuilt by the next process that opens it for writing, and read meanwhile from the claims.

On PostgreSQL concurrent writers take a transaction-scoped advisory lock per unit before
recomputing it (in sorted order, so two writers never wait on each other in a circle);
the recomputation then starts after the other writer's commit and sees its claims. A
rebuild takes the namespace's lock exclusively, refreshes take it shared.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable, Sequence

from warledger.store.base import Backend, Query

# bumped whenever what a cell holds or how it is computed changes: stores rebuild
# (2: the place a cell's scope is made of comes from the v11 location columns)
SUMMARY_VERSION = 2
# the schema version that created the summary's tables (store/schema.py)
SCHEMA = 10

# PostgreSQL advisory lock namespaces: whole-summary rebuilds, and one key per unit
REBUILD_LOCK = (0x574E, 0)
UNIT_LOCKS = 0x574F

CELL_KEY = ("conflict", "side", "kind", "category", "claimant", "col", "day", "week", "month",
            "cumulative", "pstart", "loc", "undated")
CELL_COLUMNS = CELL_KEY + ("n", "denials", "assertions", "vague", "ids", "s_lo", "s_hi",
                           "g_col", "g_lo", "g_hi", "g_pt")
SOURCE_COLUMNS = ("conflict", "side", "kind", "category", "month", "source_key", "n", "third",
                  "own")

# a claim's units, as SQL over ``claims c`` and in the same order as ``Dirty.add`` takes
UNIT_SQL = ("COALESCE(c.conflict, ''), c.target_side, c.kind, c.category, "
            "COALESCE(c.sday, c.day, ''), COALESCE(c.smonth, c.month, ''), "
            "COALESCE(c.source_key, '')")
CELL_UNIT = ("COALESCE(c.conflict, '')", "c.target_side", "c.kind", "c.category",
             "COALESCE(c.sday, c.day, '')")
SOURCE_KEY = ("conflict", "side", "kind", "category", "month", "COALESCE(source_key, '')")
SOURCE_UNIT = ("COALESCE(c.conflict, '')", "c.target_side", "c.kind", "c.category",
               "COALESCE(c.smonth, c.month, '')", "COALESCE(c.source_key, '')")

# units per statement when recomputing (parameters: 5 or 6 per unit)
CHUNK = 200


def _first(*values: Any) -> Any:
    for v in values:
        if v is not None:
            return v
    return ""


@dataclass
class Dirty:
    """The units a write transaction has touched, to recompute before it commits."""

    cells: set[tuple[Any, ...]] = field(default_factory=set)
    sources: set[tuple[Any, ...]] = field(default_factory=set)

    def add(self, unit: Sequence[Any]) -> None:
        """One claim's units: (conflict, side, kind, category, statement day, statement
        month, source key), each normalised as ``UNIT_SQL`` does."""
        conflict, side, kind, category, day, month, source = unit
        head = (conflict or "", side, kind, category)
        self.cells.add(head + (day or "",))
        self.sources.add(head + (month or "", source or ""))

    def add_claim_row(self, row: dict[str, Any]) -> None:
        """The units of a claims-table row given as a dict of its columns."""
        self.add((row["conflict"], row["target_side"], row["kind"], row["category"],
                  _first(row["sday"], row["day"]), _first(row["smonth"], row["month"]),
                  row["source_key"]))

    def mark(self, db: Backend, where: str, params: Sequence[Any] = ()) -> None:
        """The units of the stored claims matching ``where`` (over ``claims c``), as they
        are now: called before a change (their old units) and after it (their new)."""
        for r in db.execute(f"SELECT DISTINCT {UNIT_SQL} FROM claims c WHERE {where}",
                            list(params)):
            self.add(r)

    def __bool__(self) -> bool:
        return bool(self.cells or self.sources)


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the summary's figures depend on beyond the claims: this module's version, the
    number rules (qualifier ranges) and the voice rule with the shipped outlets and
    profiles. A summary made with another fingerprint is not read."""
    from warledger.store.rules import HI, LO, PLACE, PT, voice

    text = "\x1f".join((str(SUMMARY_VERSION), LO, HI, PT, PLACE, voice(())))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def present(db: Backend) -> bool:
    """Whether this store has the summary's tables (schema v10 or later)."""
    got = db.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = "
                     "'ledger_summary' AND table_schema = current_schema()")
    return bool(got and got[0][0])


def fresh(db: Backend) -> bool:
    """Whether the summary was built, and kept since, by this warledger (``fingerprint``)."""
    if not present(db):
        return False
    got = db.execute("SELECT fingerprint FROM ledger_summary")
    return bool(got) and got[0][0] == fingerprint()


def mark_stale(db: Backend) -> None:
    """The summary no longer matches the claims (a migration rewrote them, another version
    wrote): nobody reads it until the next rebuild."""
    db.execute("UPDATE ledger_summary SET fingerprint = '', built = ?", [_now()])


def answers(db: Backend, q: Query, by: str | None) -> bool:
    """Whether the summary can answer this ledger query exactly.

    It holds current claims grouped by ledger key, claimant and statement day, with
    sources by month, so it answers a ledger over all periods or by month, filtered by
    conflict, side, kind and category. Every other filter selects claims by something the
    summary has grouped away (the claim's own day for ``since``/``until``, the outlet, the
    article, the sentence's text, the claimant's side, a past run) and a ledger by day or
    week needs sources per day or week: those are computed from the claims
    (``ledger_sql``), as is everything when the summary is stale or ``q.exact`` asks for
    the reference computation. User profiles that change the voice rule (a party's own
    outlets, the wars a side fights) also go to the claims."""
    if q.exact or q.run is not None or q.ids or by not in (None, "month"):
        return False
    if q.claimant or q.outlet or q.article or q.since or q.until or q.text:
        return False
    if q.profiles:
        from warledger.store.rules import voice

        if voice(q.profiles) != voice(()):
            return False
    return fresh(db)


# --------------------------------------------------------------------------- building


def _in(exprs: Sequence[str], n: int) -> str:
    one = "(" + ", ".join("?" for _ in exprs) + ")"
    return f"({', '.join(exprs)}) IN (VALUES {', '.join(one for _ in range(n))})"


def cells_sql(unit_filter: str = "") -> str:
    """The cells of the current claims (those matching ``unit_filter``, an ``AND ...``
    over ``claims c``), computed as ``ledger_sql`` computes its stages."""
    from warledger.store.rules import COUNTS, HI, LO, PLACE, PT, voice

    fk = ", ".join(CELL_KEY)
    counts = ", ".join(f"{over_claims} AS {cell}" for _, cell, over_claims in COUNTS)
    gk = "conflict, side, kind, category, claimant, day, cumulative"
    return f"""
WITH raw AS (
  SELECT c.id, COALESCE(c.conflict, '') AS conflict, c.target_side AS side, c.kind,
         c.category, {voice(())} AS voice, c.claimant_party, c.stance,
         c.period_cumulative AS cumulative,
         COALESCE(c.sday, c.day, '') AS day, COALESCE(c.sweek, c.week, '') AS week,
         COALESCE(c.smonth, c.month, '') AS month, COALESCE(c.story, c.article_id) AS story,
         COALESCE(c.period_start, '') AS pstart, {PLACE} AS loc,
         {LO} AS lo, {HI} AS hi, {PT} AS pt
  FROM claims c WHERE c.retired_run IS NULL{unit_filter}
),
b AS (
  SELECT conflict, side, kind, category, COALESCE(claimant_party, voice) AS claimant,
         CASE WHEN voice IN ('THIRD', 'UNKNOWN') THEN 'third_party'
              WHEN voice = side THEN 'admitted' ELSE 'adversary' END AS col,
         day, week, month, cumulative, pstart, loc,
         CASE WHEN day = '' THEN story ELSE '' END AS undated, id, stance, lo, hi, pt
  FROM raw
),
fine AS (
  SELECT {fk}, {counts}
  FROM b GROUP BY {fk}
),
s_hi AS (
  SELECT {fk}, hi, MAX(lo) AS lo FROM b WHERE lo IS NOT NULL GROUP BY {fk}, hi
),
s_fig AS (
  SELECT {fk}, MAX(lo) AS lo, CASE WHEN cumulative THEN MAX(hi) ELSE SUM(hi) END AS hi
  FROM s_hi GROUP BY {fk}
),
g_hi AS (
  SELECT {gk}, hi, MIN(col) AS col, MAX(lo) AS lo, MAX(pt) AS pt
  FROM b WHERE lo IS NOT NULL GROUP BY {gk}, hi
),
g_fig AS (
  SELECT {gk}, MIN(col) AS col, MAX(lo) AS lo,
         CASE WHEN cumulative THEN MAX(hi) ELSE SUM(hi) END AS hi, MAX(pt) AS pt
  FROM g_hi GROUP BY {gk}
)
SELECT {', '.join('f.' + k for k in CELL_KEY)}, f.n, f.denials, f.assertions, f.vague, f.ids,
       s.lo, s.hi, g.col, g.lo, g.hi, g.pt
FROM (SELECT fine.*, ROW_NUMBER() OVER (PARTITION BY {gk} ORDER BY {fk}) AS lead
      FROM fine) f
LEFT JOIN s_fig s ON {' AND '.join(f's.{k} = f.{k}' for k in CELL_KEY)}
LEFT JOIN g_fig g ON {' AND '.join(f'g.{k} = f.{k}' for k in gk.split(', '))} AND f.lead = 1
"""


def sources_sql(unit_filter: str = "") -> str:
    """The source rows of the current claims (matching ``unit_filter``)."""
    from warledger.store.rules import voice

    k = "conflict, side, kind, category, month, source_key"
    return f"""
WITH raw AS (
  SELECT COALESCE(c.conflict, '') AS conflict, c.target_side AS side, c.kind, c.category,
         COALESCE(c.smonth, c.month, '') AS month, c.source_key, {voice(())} AS voice
  FROM claims c WHERE c.retired_run IS NULL{unit_filter}
)
SELECT {k}, COUNT(*), SUM(CASE WHEN voice = 'THIRD' THEN 1 ELSE 0 END),
       SUM(CASE WHEN voice = 'UNKNOWN' THEN 1 ELSE 0 END)
FROM raw GROUP BY {k}
"""


def _lock_key(kind: str, unit: tuple[Any, ...]) -> int:
    digest = hashlib.blake2b("\x1f".join([kind, *map(str, unit)]).encode("utf-8"),
                             digest_size=4).digest()
    return int.from_bytes(digest, "little", signed=True)


def _lock_units(db: Backend, dirty: Dirty) -> None:
    """PostgreSQL: this transaction's locks on its units, taken in sorted order."""
    db.execute("SELECT pg_advisory_xact_lock_shared(?, ?)", list(REBUILD_LOCK))
    keys = sorted({_lock_key("c", u) for u in dirty.cells}
                  | {_lock_key("s", u) for u in dirty.sources})
    for i in range(0, len(keys), 1000):
        db.execute("SELECT COUNT(pg_advisory_xact_lock(?, k)) FROM "
                   "unnest(CAST(? AS INTEGER[])) AS t(k)", [UNIT_LOCKS, keys[i:i + 1000]])


def refresh(db: Backend, dirty: Dirty) -> None:
    """Recompute the summary's rows of every unit in ``dirty`` from the claims, in the
    caller's transaction; ``dirty`` is emptied. A summary another version keeps (or one
    already stale) is marked stale instead: a rebuild will redo it."""
    if not dirty:
        return
    try:
        if db.dialect == "postgres":
            _lock_units(db, dirty)
        got = db.execute("SELECT fingerprint FROM ledger_summary")
        if not got or got[0][0] != fingerprint():
            if got and got[0][0]:
                mark_stale(db)
            return
        cells = sorted(dirty.cells)
        cols = ", ".join(CELL_COLUMNS)
        for i in range(0, len(cells), CHUNK):
            chunk = cells[i:i + CHUNK]
            flat = [v for u in chunk for v in u]
            db.execute(f"DELETE FROM ledger_cells WHERE "
                       f"{_in(('conflict', 'side', 'kind', 'category', 'day'), len(chunk))}", flat)
            db.execute(f"INSERT INTO ledger_cells ({cols}) "
                       f"{cells_sql(' AND ' + _in(CELL_UNIT, len(chunk)))}", flat)
        sources = sorted(dirty.sources)
        for i in range(0, len(sources), CHUNK):
            chunk = sources[i:i + CHUNK]
            flat = [v for u in chunk for v in u]
            db.execute(f"DELETE FROM ledger_sources WHERE {_in(SOURCE_KEY, len(chunk))}", flat)
            db.execute(f"INSERT INTO ledger_sources ({', '.join(SOURCE_COLUMNS)}) "
                       f"{sources_sql(' AND ' + _in(SOURCE_UNIT, len(chunk)))}", flat)
    finally:
        dirty.cells.clear()
        dirty.sources.clear()


def rebuild(db: Backend) -> None:
    """The whole summary recomputed from the claims (after a migration, a bulk load, or
    when another version kept it), in one transaction."""
    with db.transaction():
        if db.dialect == "postgres":
            db.execute("SELECT pg_advisory_xact_lock(?, ?)", list(REBUILD_LOCK))
            # a million claims grouped: in memory, not in temp files (this transaction only)
            db.execute("SELECT set_config('work_mem', '512MB', true), "
                       "set_config('jit', 'off', true)")
        db.execute("DELETE FROM ledger_cells")
        db.execute("DELETE FROM ledger_sources")
        db.execute(f"INSERT INTO ledger_cells ({', '.join(CELL_COLUMNS)}) {cells_sql()}")
        db.execute(f"INSERT INTO ledger_sources ({', '.join(SOURCE_COLUMNS)}) {sources_sql()}")
        db.execute("UPDATE ledger_summary SET fingerprint = ?, built = ?", [fingerprint(), _now()])


def contents(db: Backend) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The summary's rows, sorted, with each cell's ids sorted (for tests that compare a
    kept summary with one rebuilt from the claims)."""
    def norm(rows: Iterable[tuple[Any, ...]], ids_at: int | None) -> list[tuple[Any, ...]]:
        out = []
        for r in rows:
            if ids_at is not None:
                ids = ",".join(sorted(r[ids_at].split(","), key=int)) if r[ids_at] else r[ids_at]
                r = r[:ids_at] + (ids,) + r[ids_at + 1:]
            out.append(r)
        return sorted(out, key=lambda t: tuple((v is None, str(v)) for v in t))
    cells = norm(db.execute(f"SELECT {', '.join(CELL_COLUMNS)} FROM ledger_cells"),
                 CELL_COLUMNS.index("ids"))
    sources = norm(db.execute(f"SELECT {', '.join(SOURCE_COLUMNS)} FROM ledger_sources"), None)
    return cells, sources

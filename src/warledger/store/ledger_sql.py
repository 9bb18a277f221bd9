"""The ledger's grouping, done in SQL so a million claims come back as a few hundred rows.

The rules are written out in docs/ledger.md; this is their SQL. Stages (CTEs):

- ``raw``: each claim the query sees, its voice (the claimant's side; the outlet's own voice
  in a party's own outlet is that party's) and its number as a range [lo, hi] with a point
  ``pt`` from the qualifier. Denials and vague counts get no range.
- ``base``: its ledger key (conflict, target side, kind, category, period bucket), its
  column (``third_party``: the voice is THIRD or UNKNOWN; ``admitted``: the voice is the
  target side; ``adversary``: any other side), and its day: the same statement (claimant,
  kind, target, stance, number) in one story (near-duplicate cluster) is one statement, on
  the story's first day for it, whatever a copy's own date.
- ``inc_day``: a claimant's per-incident (non-cumulative) statements of one day may be the
  same incident retold (by several outlets, or in headline and body) or different ones; the
  day's range is [largest low, sum of the distinct highs] and its point the largest point.
- ``cum_day`` / ``cum``: a claimant's latest cumulative toll (supersedes its earlier ones;
  of several on that last day, the largest).
- ``per_claimant``: the toll plus the incident figures of days after it; incident figures of
  days up to the toll are taken as included in it (the larger of the two counts).
- ``colfig``: claimants in one column may tell the same losses: the column takes their max.
- ``colinfo`` / ``colwho`` / ``rowinfo``: claim ids, stances and claimants per column
  (``_column_info``, over the claims or the summary's cells), and
  the independent sources (distinct ``source_key``: reposts and wire copies count under
  their origin) per row.

No stage uses a DISTINCT aggregate: the distinct values are grouped first (``inc_hi``:
a day's distinct highs; ``colwho``, ``rowsrc``), which both engines hash, where
PostgreSQL sorts the whole input for ``SUM(DISTINCT ...)``.

Two sources for the same stages: the claims themselves (``ledger_sql``, ``_scope_sql``),
and the store's summary of them (``summary_ledger_sql``, ``_summary_scope_sql``), which
holds ``base`` already grouped down to ``inc_day``, ``cum`` and the scopes' per-claimant
figures (store/summary.py). The stages after those are one text (``_combine``,
``_sources``, ``_final``). ``summary.answers`` decides which one a query reads; the claims
are the reference (``Query.exact``) the summary is tested against.
"""
from __future__ import annotations

import bisect
from typing import Any

from warledger.store.base import Backend, Query
from warledger.store.rules import COUNTS, HI, LO, PLACE, PT, voice
from warledger.store.where import claim_where

KEY = ("conflict", "side", "kind", "category", "bucket")


def _cols(prefix: str, names: tuple[str, ...]) -> str:
    return ", ".join(f"{prefix}.{n}" for n in names)


def _on(x: str, y: str, names: tuple[str, ...]) -> str:
    return " AND ".join(f"{x}.{n} = {y}.{n}" for n in names)


def base_sql(by: str | None, where: str, profiles: tuple[str, ...] = (), scope: bool = False) -> str:
    """The ``raw`` and ``base`` stages both queries start from. A claim's day is its
    statement's day (``claims.sday``, kept by the store: the story's first day for the same
    statement), else its own. ``base`` is materialized once and read by every later stage,
    so it carries only the columns its query reads (``scope``: the contradictions', which
    compare places and starts of counts; else the ledger's, which count sources and ids)."""
    bucket = {None: "''", "day": "r.b_day", "week": "r.b_week", "month": "r.b_month"}[by]
    extra = ("r.pstart, r.loc, r.story" if scope
             else "r.id, r.stance, r.source_key")
    return f"""
raw AS (
  SELECT c.id, COALESCE(c.conflict, '') AS conflict, c.target_side AS side, c.kind,
         c.category, {voice(profiles)} AS voice, c.claimant_party, c.stance,
         c.period_cumulative AS cumulative,
         COALESCE(c.sday, c.day) AS b_day, COALESCE(c.sweek, c.week) AS b_week,
         COALESCE(c.smonth, c.month) AS b_month, c.source_key,
         COALESCE(c.story, c.article_id) AS story, c.count_value,
         COALESCE(c.period_start, '') AS pstart, {PLACE} AS loc,
         {LO} AS lo, {HI} AS hi, {PT} AS pt
  FROM claims c{where}
),
base AS MATERIALIZED (
  SELECT r.conflict, r.side, r.kind, r.category, COALESCE({bucket}, '') AS bucket,
         CASE WHEN r.voice IN ('THIRD', 'UNKNOWN') THEN 'third_party'
              WHEN r.voice = r.side THEN 'admitted'
              ELSE 'adversary' END AS col,
         COALESCE(r.claimant_party, r.voice) AS claimant, r.voice AS claimant_side,
         r.cumulative, COALESCE(r.b_day, '') AS day, r.lo, r.hi, r.pt, {extra}
  FROM raw r
)"""


def _combine(key: tuple[str, ...]) -> str:
    """The stages after ``inc_day`` and ``cum`` (rules 4.3-5), the same whether those come
    from the claims or from the summary: incidents before and after the latest toll, one
    figure per claimant, the column's largest."""
    k = ", ".join(key)
    kc = key + ("claimant",)
    return f"""
inc AS (
  SELECT {_cols('d', kc)}, MIN(d.col) AS col,
    SUM(CASE WHEN m.day IS NULL OR d.day > m.day THEN d.lo ELSE 0 END) AS lo_after,
    SUM(CASE WHEN m.day IS NULL OR d.day > m.day THEN d.hi ELSE 0 END) AS hi_after,
    SUM(CASE WHEN m.day IS NULL OR d.day > m.day THEN d.pt ELSE 0 END) AS pt_after,
    SUM(CASE WHEN d.day <= m.day THEN d.lo ELSE 0 END) AS lo_before,
    SUM(CASE WHEN d.day <= m.day THEN d.hi ELSE 0 END) AS hi_before,
    SUM(CASE WHEN d.day <= m.day THEN d.pt ELSE 0 END) AS pt_before
  FROM inc_day d LEFT JOIN cum m ON {_on('d', 'm', kc)}
  GROUP BY {_cols('d', kc)}
),
claimants AS (
  SELECT {', '.join(kc)}, col FROM inc UNION SELECT {', '.join(kc)}, col FROM cum
),
per_claimant AS (
  SELECT {_cols('k', kc)}, k.col,
    GREATEST(COALESCE(m.lo, 0), COALESCE(i.lo_before, 0)) + COALESCE(i.lo_after, 0) AS lo,
    GREATEST(COALESCE(m.hi, 0), COALESCE(i.hi_before, 0)) + COALESCE(i.hi_after, 0) AS hi,
    GREATEST(COALESCE(m.pt, 0), COALESCE(i.pt_before, 0)) + COALESCE(i.pt_after, 0) AS pt
  FROM claimants k LEFT JOIN cum m ON {_on('k', 'm', kc)}
  LEFT JOIN inc i ON {_on('k', 'i', kc)}
),
colfig AS (
  SELECT {k}, col, MAX(lo) AS lo, MAX(hi) AS hi, MAX(pt) AS pt
  FROM per_claimant GROUP BY {k}, col
)"""


def _column_info(key: tuple[str, ...], source: str, with_ids: bool) -> str:
    """``colinfo`` and ``colwho`` (each column's counts, ids, days and claimants): the same
    stages over the claims (``source`` ``base``) or over the summary's ``cells``."""
    k = ", ".join(key)
    aggs = []
    for name, cell, over_claims in COUNTS:
        if name == "ids" and not with_ids:
            expr = "CAST(NULL AS TEXT)"
        elif source == "base":
            expr = over_claims
        else:
            expr = f"string_agg({cell}, ',')" if name == "ids" else f"SUM({cell})"
        aggs.append(f"{expr} AS {name}")
    return f"""
colinfo AS (
  SELECT {k}, col, {', '.join(aggs)}, MIN(day) AS first_day, MAX(day) AS last_day
  FROM {source} GROUP BY {k}, col
),
colwho AS (
  SELECT {k}, col, string_agg(claimant, ',') AS claimants
  FROM (SELECT {k}, col, claimant FROM {source} GROUP BY {k}, col, claimant) w
  GROUP BY {k}, col
),"""


def _sources(key: tuple[str, ...], rowsrc: str) -> str:
    """Rule 8's independent sources per row, from ``rowsrc`` (a query of one row per
    ledger key and source key with its ``third`` and ``own`` flags)."""
    k = ", ".join(key)
    return f"""
rowsrc AS ({rowsrc}),
rowinfo AS (
  SELECT {k}, COUNT(source_key) AS sources, MAX(third) AS third,
    string_agg(CASE WHEN own = 1 THEN source_key END, '|') AS own_voice
  FROM rowsrc GROUP BY {k}
)"""


def _final(key: tuple[str, ...], by: str | None) -> str:
    return f"""
SELECT {_cols('ci', KEY) if by else _cols('ci', key[:4]) + ", ''"}, ci.col, cf.lo, cf.hi, cf.pt,
       ci.n_claims, ci.ids, ci.denials, ci.assertions, ci.vague, cw.claimants, ci.first_day,
       ci.last_day, ri.sources, ri.third, ri.own_voice
FROM colinfo ci
JOIN colwho cw ON {_on('ci', 'cw', key + ('col',))}
LEFT JOIN colfig cf ON {_on('ci', 'cf', key + ('col',))}
JOIN rowinfo ri ON {_on('ci', 'ri', key)}
ORDER BY {_cols('ci', key)}, ci.col
"""


def _key(by: str | None) -> tuple[str, ...]:
    # without a period bucket the key has one column fewer to hash in every step
    return KEY if by else tuple(x for x in KEY if x != "bucket")


def ledger_sql(by: str | None, where: str, with_ids: bool, profiles: tuple[str, ...] = ()) -> str:
    """The ledger's groups computed from the claims: the reference computation, used for
    every query the summary cannot answer (``summary.answers``)."""
    key = _key(by)
    k = ", ".join(key)
    kc = key + ("claimant",)  # a claimant's party fixes its side, so its column too
    kcs = ", ".join(kc)
    rowsrc = f"""
  SELECT {k}, source_key, MAX(CASE WHEN claimant_side = 'THIRD' THEN 1 ELSE 0 END) AS third,
    MAX(CASE WHEN claimant_side = 'UNKNOWN' THEN 1 ELSE 0 END) AS own
  FROM base GROUP BY {k}, source_key"""
    return f"""
WITH {base_sql(by, where, profiles)},
inc_hi AS (
  SELECT {kcs}, day, hi, MIN(col) AS col, MAX(lo) AS lo, MAX(pt) AS pt
  FROM base WHERE lo IS NOT NULL AND NOT cumulative
  GROUP BY {kcs}, day, hi
),
inc_day AS (
  SELECT {kcs}, day, MIN(col) AS col, MAX(lo) AS lo, SUM(hi) AS hi, MAX(pt) AS pt
  FROM inc_hi GROUP BY {kcs}, day
),
cum_day AS (
  SELECT {kcs}, MAX(day) AS day FROM base WHERE lo IS NOT NULL AND cumulative GROUP BY {kcs}
),
cum AS (
  SELECT {_cols('b', kc)}, b.day, MIN(b.col) AS col, MAX(b.lo) AS lo, MAX(b.hi) AS hi,
         MAX(b.pt) AS pt
  FROM base b JOIN cum_day l ON {_on('b', 'l', kc + ('day',))}
  WHERE b.lo IS NOT NULL AND b.cumulative
  GROUP BY {_cols('b', kc)}, b.day
),{_combine(key)},
{_column_info(key, "base", with_ids)}{_sources(key, rowsrc)}
{_final(key, by)}"""


_SUMMARY_BUCKET = {None: "''", "day": "c.day", "week": "c.week", "month": "c.month"}


def summary_ledger_sql(by: str | None, cell_where: str, source_where: str,
                       with_ids: bool) -> str:
    """The same groups read from the summary (store/summary.py): a (key, claimant, day,
    cumulative) group's figure is on its first cell (``grp``); counts and ids add up over
    cells; sources come from ``ledger_sources`` (by month or over all months)."""
    key = _key(by)
    k = ", ".join(key)
    kc = key + ("claimant",)
    kcs = ", ".join(kc)
    month = {None: "''", "month": "s.month"}[by]  # summary.answers: no other bucket
    rowsrc = f"""
  SELECT {k}, source_key, MAX(CASE WHEN third > 0 THEN 1 ELSE 0 END) AS third,
    MAX(CASE WHEN own > 0 THEN 1 ELSE 0 END) AS own
  FROM (SELECT s.conflict, s.side, s.kind, s.category, {month} AS bucket, s.source_key,
               s.third, s.own FROM ledger_sources s{source_where}) x
  GROUP BY {k}, source_key"""
    return f"""
WITH cells AS (
  SELECT c.conflict, c.side, c.kind, c.category, {_SUMMARY_BUCKET[by]} AS bucket, c.claimant,
         c.col, c.day, c.cumulative, c.n, c.denials, c.assertions, c.vague,
         {'c.ids' if with_ids else 'CAST(NULL AS TEXT) AS ids'}, c.g_col, c.g_lo, c.g_hi, c.g_pt
  FROM ledger_cells c{cell_where}
),
grp AS (
  SELECT {kcs}, day, cumulative, g_col AS col, g_lo AS lo, g_hi AS hi, g_pt AS pt
  FROM cells WHERE g_lo IS NOT NULL
),
inc_day AS (
  SELECT {kcs}, day, col, lo, hi, pt FROM grp WHERE NOT cumulative
),
cum_day AS (
  SELECT {kcs}, MAX(day) AS day FROM grp WHERE cumulative GROUP BY {kcs}
),
cum AS (
  SELECT {_cols('g', kc)}, g.day, g.col, g.lo, g.hi, g.pt
  FROM grp g JOIN cum_day l ON {_on('g', 'l', kc + ('day',))}
  WHERE g.cumulative
),{_combine(key)},
{_column_info(key, "cells", with_ids)}{_sources(key, rowsrc)}
{_final(key, by)}"""


def _scope_sql(by: str | None, where: str, profiles: tuple[str, ...] = ()
               ) -> tuple[str, tuple[str, ...]]:
    """The ``scope`` stage: per ledger key, column and scope, the column's figure."""
    key = _key(by)
    sk = key + ("col", "cumulative", "day", "pstart", "loc", "undated")
    return f"""
WITH {base_sql(by, where, profiles, scope=True)},
dated AS (
  SELECT b.*, CASE WHEN b.day = '' THEN b.story ELSE '' END AS undated FROM base b
),
per_hi AS (
  SELECT {', '.join(sk)}, claimant, hi, MAX(lo) AS lo
  FROM dated WHERE lo IS NOT NULL
  GROUP BY {', '.join(sk)}, claimant, hi
),
per_claimant AS (
  SELECT {', '.join(sk)}, claimant, MAX(lo) AS lo,
         CASE WHEN cumulative THEN MAX(hi) ELSE SUM(hi) END AS hi
  FROM per_hi GROUP BY {', '.join(sk)}, claimant
),
scope AS (
  SELECT {', '.join(sk)}, MAX(lo) AS lo, MAX(hi) AS hi
  FROM per_claimant GROUP BY {', '.join(sk)}
)""", key


def _summary_scope_sql(by: str | None, where: str) -> tuple[str, tuple[str, ...]]:
    """The ``scope`` stage read from the summary: each cell holds its claimant's figure
    for its scope (``s_lo``, ``s_hi``), the column takes the largest."""
    key = _key(by)
    sk = ", ".join(key + ("col", "cumulative", "day", "pstart", "loc", "undated"))
    return f"""
WITH cells AS (
  SELECT c.conflict, c.side, c.kind, c.category, {_SUMMARY_BUCKET[by]} AS bucket, c.col,
         c.cumulative, c.day, c.pstart, c.loc, c.undated, c.s_lo, c.s_hi
  FROM ledger_cells c{where}
),
scope AS (
  SELECT {sk}, MAX(s_lo) AS lo, MAX(s_hi) AS hi
  FROM cells WHERE s_lo IS NOT NULL GROUP BY {sk}
)""", key


def _scope(by: str | None, where: str, profiles: tuple[str, ...], summary: bool
           ) -> tuple[str, tuple[str, ...]]:
    return _summary_scope_sql(by, where) if summary else _scope_sql(by, where, profiles)


def conflicts_sql(by: str | None, where: str, profiles: tuple[str, ...] = (),
                  summary: bool = False) -> str:
    """Pairs of columns whose incident figures for the same scope do not overlap (rule 7):
    the same day and place (a figure of no named place only against another of none, and
    then only the admission against the adversary's claim: an outlet's or third party's
    figure of no place may be a district's against a village's). Undated claims (no
    publication date, no period) are compared only within one story: an undated 2016
    report says nothing of 2020's. One pair (the earliest) per two columns of a row; the
    order is total (place, story and starts of counts break ties of day), so both engines,
    and the summary, name the same pair.
    ``summary``: read the scopes from the summary (``where`` is then over its cells).
    """
    head, key = _scope(by, where, profiles, summary)
    sel = _cols('a', KEY) if by else _cols('a', key[:4]) + ", ''"
    return f"""{head}
SELECT DISTINCT ON ({_cols('a', key)}, a.col, b.col)
       {sel}, a.col, a.lo, a.hi, a.day, b.col, b.lo, b.hi, b.day
FROM scope a JOIN scope b ON {_on('a', 'b', key + ('day', 'loc', 'undated'))}
  AND NOT a.cumulative AND NOT b.cumulative AND a.col <> b.col AND a.lo > b.hi
  AND (a.loc <> '' OR (a.col <> 'third_party' AND b.col <> 'third_party'))
ORDER BY {_cols('a', key)}, a.col, b.col, a.day, a.loc, a.undated, a.pstart, b.pstart
"""


def tolls_sql(by: str | None, where: str, profiles: tuple[str, ...] = (),
              summary: bool = False) -> str:
    """Every column's cumulative tolls per scope (start of the count, story when undated),
    for the sweep in ``range_conflicts``: a range join on days is cheaper in Python."""
    head, key = _scope(by, where, profiles, summary)
    sel = ", ".join(key) if by else ", ".join(key[:4]) + ", ''"
    return f"""{head}
SELECT {sel}, col, pstart, undated, day, lo, hi FROM scope WHERE cumulative
ORDER BY {', '.join(key)}, pstart, undated, day, col
"""


def _toll_clashes(tolls: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Tolls only grow: a column's toll whose low exceeds the high of another column's toll
    of the same start on the same or a later day contradicts it. One pair (the earliest
    such toll against the smallest later high) per two columns of a row."""
    groups: dict[tuple[Any, ...], dict[str, list[tuple[str, int, int]]]] = {}
    for r in tolls:
        (*k, col, pstart, undated, day, lo, hi) = r
        groups.setdefault((*k, pstart, undated), {}).setdefault(col, []).append(
            (day or "", int(lo), int(hi)))
    out: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for gk, cols in groups.items():
        row_key = tuple(gk[:5])
        # per column: its tolls by day, and the suffix minimum of their highs (the
        # smallest toll the column gives on any day >= d), made once per group
        swept: dict[str, tuple[list[tuple[str, int, int]], list[str], list[tuple[str, int, int]]]] = {}
        for col, tolls_ in cols.items():
            ordered = sorted(tolls_)
            suffix: list[tuple[str, int, int]] = []
            best: tuple[str, int, int] | None = None
            for t in reversed(ordered):
                if best is None or t[2] < best[2]:
                    best = t
                suffix.append(best)
            suffix.reverse()
            swept[col] = (ordered, [t[0] for t in ordered], suffix)
        for ca, (ta, _, _) in swept.items():
            for cb, (tb, days, suffix) in swept.items():
                if ca == cb or (row_key, ca, cb) in seen:
                    continue
                for day, lo, hi in ta:
                    i = bisect.bisect_left(days, day)
                    if i < len(tb) and lo > suffix[i][2]:
                        b = suffix[i]
                        seen.add((row_key, ca, cb))
                        out.append(dict(zip(("conflict", "side", "kind", "category", "bucket"),
                                            row_key),
                                        a={"col": ca, "lo": lo, "hi": hi, "day": day or None},
                                        b={"col": cb, "lo": b[1], "hi": b[2], "day": b[0] or None},
                                        cumulative=True))
                        break
    return out


FIELDS = KEY + ("col", "lo", "hi", "pt", "n_claims", "ids", "denials", "assertions", "vague",
                "claimants", "first_day", "last_day", "sources", "third", "own_voice")


def _int(v: Any) -> int | None:
    return None if v is None else int(v)


def _prepare(db: Backend) -> None:
    """PostgreSQL settings for the ledger's queries, for the caller's transaction only
    (``build_ledger`` reads in one; a writer's later statements keep the server's own).

    The grouping hashes and sorts up to a million rows: it gets memory instead of temp
    files, and no JIT compilation, which costs more than it saves here. Nested loops are
    off: the filters compare codes case-insensitively (``UPPER(side) = UPPER(?)``), which
    the planner cannot estimate, and with a conflict and a side it guessed one row per
    stage and nested its joins, 12 s on 20,000 claims where hash joins take 0.2 s."""
    if db.dialect == "postgres":
        db.execute("SELECT set_config('work_mem', '512MB', true), set_config('jit', 'off', true), "
                   "set_config('enable_nestloop', 'off', true)")


def _ids(text: str | None) -> list[int]:
    """A comma-separated list of claim ids, sorted (numpy: a million ids are a tenth of a
    second instead of a second)."""
    if not text:
        return []
    import numpy as np

    arr = np.fromstring(text, dtype=np.int64, sep=",")
    arr.sort()
    return arr.tolist()


def _filters(db: Backend, q: Query, by: str | None) -> tuple[bool, str, list[Any], str, list[Any]]:
    """Whether the summary answers ``q`` (``summary.answers``), with the WHERE clauses and
    parameters to use: over the summary's cells and sources, or twice over the claims."""
    from warledger.store import summary
    from warledger.store.where import summary_where

    if summary.answers(db, q, by):
        cw, cp = summary_where(q, "c")
        sw, sp = summary_where(q, "s")
        return True, cw, cp, sw, sp
    where, params = claim_where(q, "c")
    return False, where, params, where, params


def ledger_groups(db: Backend, q: Query, by: str | None, with_ids: bool = True) -> list[dict[str, Any]]:
    """One dict per (ledger key, column) with the column's figures and claim ids: from the
    summary when it can answer the query exactly (``summary.answers``), else from the
    claims."""
    use, cw, cp, sw, sp = _filters(db, q, by)
    _prepare(db)
    if use:
        sql, params = summary_ledger_sql(by, cw, sw, with_ids), cp + sp
    else:
        sql, params = ledger_sql(by, cw, with_ids, q.profiles), cp
    out = []
    for r in db.execute(sql, params):
        d = dict(zip(FIELDS, r))
        for f in ("lo", "hi", "pt", "n_claims", "denials", "assertions", "vague", "sources",
                  "third"):
            d[f] = _int(d[f])
        d["conflict"] = d["conflict"] or None
        d["bucket"] = d["bucket"] or None
        d["ids"] = _ids(d["ids"])
        d["claimants"] = sorted(d["claimants"].split(",")) if d["claimants"] else []
        d["own_voice"] = sorted(d["own_voice"].split("|")) if d["own_voice"] else []
        d["first_day"] = d["first_day"] or None
        d["last_day"] = d["last_day"] or None
        out.append(d)
    return out


def range_conflicts(db: Backend, q: Query, by: str | None) -> list[dict[str, Any]]:
    """One dict per pair of column figures of the same scope that cannot both be true:
    incident figures from SQL, cumulative tolls swept in Python (``_toll_clashes``); the
    scopes from the summary when it answers the query, else from the claims."""
    use, where, params, _, _ = _filters(db, q, by)
    _prepare(db)
    out = []
    for r in db.execute(conflicts_sql(by, where, q.profiles, use), params):
        conflict, side, kind, category, bucket, a_col, a_lo, a_hi, a_day, b_col, b_lo, b_hi, \
            b_day = r
        out.append({"conflict": conflict or None, "side": side, "kind": kind,
                    "category": category, "bucket": bucket or None,
                    "a": {"col": a_col, "lo": int(a_lo), "hi": int(a_hi), "day": a_day or None},
                    "b": {"col": b_col, "lo": int(b_lo), "hi": int(b_hi), "day": b_day or None},
                    "cumulative": False})
    for d in _toll_clashes(db.execute(tolls_sql(by, where, q.profiles, use), params)):
        d["conflict"] = d["conflict"] or None
        d["bucket"] = d["bucket"] or None
        out.append(d)
    return out

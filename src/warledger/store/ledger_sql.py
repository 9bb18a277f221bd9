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
- ``colinfo`` / ``colwho`` / ``rowinfo``: claim ids, stances and claimants per column, and
  the independent sources (distinct ``source_key``: reposts and wire copies count under
  their origin) per row.

No stage uses a DISTINCT aggregate: the distinct values are grouped first (``inc_hi``:
a day's distinct highs; ``colwho``, ``rowsrc``), which both engines hash, where
PostgreSQL sorts the whole input for ``SUM(DISTINCT ...)``.
"""
from __future__ import annotations

import bisect
from typing import Any

from warledger import dedup
from warledger.store.base import Backend, Query
from warledger.store.where import claim_where

KEY = ("conflict", "side", "kind", "category", "bucket")


def _big(expr: str) -> str:
    return f"CAST({expr} AS BIGINT)"


N = "c.count_value"
NO_RANGE = f"c.stance <> 'assert' OR {N} IS NULL OR c.qualifier = 'vague'"
LO = (f"CASE WHEN {NO_RANGE} THEN NULL "
      f"WHEN c.qualifier = 'about' THEN {_big(f'FLOOR({N} * 0.9)')} "
      f"WHEN c.qualifier = 'over' THEN {N} + 1 "
      f"WHEN c.qualifier = 'nearly' THEN LEAST({_big(f'FLOOR({N} * 0.9)')}, GREATEST({N} - 1, 0)) "
      f"WHEN c.qualifier = 'up_to' THEN LEAST({N}, 1) "
      f"ELSE {N} END")
HI = (f"CASE WHEN {NO_RANGE} THEN NULL "
      f"WHEN c.qualifier = 'about' THEN {_big(f'CEIL({N} * 1.1)')} "
      f"WHEN c.qualifier = 'over' THEN GREATEST({N} + 1, {_big(f'CEIL({N} * 1.5)')}) "
      f"WHEN c.qualifier = 'at_least' THEN GREATEST({N}, {_big(f'CEIL({N} * 1.5)')}) "
      f"WHEN c.qualifier = 'nearly' THEN GREATEST({N} - 1, 0) "
      f"ELSE {N} END")
PT = (f"CASE WHEN {NO_RANGE} THEN NULL "
      f"WHEN c.qualifier = 'over' THEN {N} + 1 "
      f"WHEN c.qualifier = 'nearly' THEN GREATEST({N} - 1, 0) "
      f"ELSE {N} END")


def _cols(prefix: str, names: tuple[str, ...]) -> str:
    return ", ".join(f"{prefix}.{n}" for n in names)


def _on(x: str, y: str, names: tuple[str, ...]) -> str:
    return " AND ".join(f"{x}.{n} = {y}.{n}" for n in names)


def _belligerents(profiles: tuple[str, ...] = ()) -> dict[str, set[str]]:
    """Per side code, the profiled conflicts in which it fights (not THIRD): the shipped
    profiles and the user's (``Query.profiles``)."""
    from warledger.profiles import load_profiles

    out: dict[str, set[str]] = {}
    for profile in load_profiles(profiles):  # a broken user profile is a ProfileError
        for p in profile.parties:
            if p.side not in ("THIRD", "UNKNOWN"):
                out.setdefault(p.side, set()).add(profile.conflict)
    return out


def _voice(profiles: tuple[str, ...] = ()) -> str:
    """The claimant side a claim speaks with: its own, except that the outlet's own voice
    (UNKNOWN, no claimant named) in a party's own outlet (``dedup.outlet_party`` of the story's source) is that
    party's side, in a conflict where that party fights (a profile's belligerent, or one of
    the two sides an unprofiled conflict is named by, "IRN-IRQ"). Elsewhere (TASS on
    Karabakh) the outlet is a third party's and its voice stays UNKNOWN: third party."""
    party = dedup.outlets(profiles).party
    if not party:
        return "c.claimant_side"
    wars = _belligerents(profiles)

    def lit(v: str) -> str:
        return "'" + v.replace("'", "''") + "'"
    whens = []
    for key, side in sorted(party.items()):
        fights = [f"c.conflict LIKE {lit('%' + side + '%')}"]
        if wars.get(side):
            fights.append(f"c.conflict IN ({', '.join(lit(w) for w in sorted(wars[side]))})")
        whens.append(f"WHEN c.source_key = {lit(key)} AND ({' OR '.join(fights)}) "
                     f"THEN {lit(side)}")
    # only the outlet's own voice (no claimant named): "local officials said" is not the paper
    return (f"CASE WHEN c.claimant_side <> 'UNKNOWN' OR c.claimant_text IS NOT NULL THEN "
            f"c.claimant_side {' '.join(whens)} ELSE 'UNKNOWN' END")


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
         c.category, {_voice(profiles)} AS voice, c.claimant_party, c.stance, c.cumulative,
         COALESCE(c.sday, c.day) AS b_day, COALESCE(c.sweek, c.week) AS b_week,
         COALESCE(c.smonth, c.month) AS b_month, c.source_key,
         COALESCE(c.story, c.article_id) AS story, c.count_value, c.qualifier,
         COALESCE(c.period_start, '') AS pstart, COALESCE(c.location, '') AS loc,
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


def ledger_sql(by: str | None, where: str, with_ids: bool, profiles: tuple[str, ...] = ()) -> str:
    # without a period bucket the key has one column fewer to hash in every step
    key = KEY if by else tuple(x for x in KEY if x != "bucket")
    k = ", ".join(key)
    kc = key + ("claimant",)  # a claimant's party fixes its side, so its column too
    kcs = ", ".join(kc)
    ids = "string_agg(CAST(id AS TEXT), ',')" if with_ids else "CAST(NULL AS TEXT)"
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
),
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
  SELECT {kcs}, col FROM inc UNION SELECT {kcs}, col FROM cum
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
),
colinfo AS (
  SELECT {k}, col, COUNT(*) AS n_claims, {ids} AS ids,
    SUM(CASE WHEN stance = 'deny' THEN 1 ELSE 0 END) AS denials,
    SUM(CASE WHEN stance = 'assert' THEN 1 ELSE 0 END) AS assertions,
    SUM(CASE WHEN stance = 'assert' AND lo IS NULL THEN 1 ELSE 0 END) AS vague,
    MIN(day) AS first_day, MAX(day) AS last_day
  FROM base GROUP BY {k}, col
),
colwho AS (
  SELECT {k}, col, string_agg(claimant, ',') AS claimants
  FROM (SELECT {k}, col, claimant FROM base GROUP BY {k}, col, claimant) w
  GROUP BY {k}, col
),
rowsrc AS (
  SELECT {k}, source_key, MAX(CASE WHEN claimant_side = 'THIRD' THEN 1 ELSE 0 END) AS third,
    MAX(CASE WHEN claimant_side = 'UNKNOWN' THEN 1 ELSE 0 END) AS own
  FROM base GROUP BY {k}, source_key
),
rowinfo AS (
  SELECT {k}, COUNT(source_key) AS sources, MAX(third) AS third,
    string_agg(CASE WHEN own = 1 THEN source_key END, '|') AS own_voice
  FROM rowsrc GROUP BY {k}
)
SELECT {_cols('ci', KEY) if by else _cols('ci', key[:4]) + ", ''"}, ci.col, cf.lo, cf.hi, cf.pt,
       ci.n_claims, ci.ids, ci.denials, ci.assertions, ci.vague, cw.claimants, ci.first_day,
       ci.last_day, ri.sources, ri.third, ri.own_voice
FROM colinfo ci
JOIN colwho cw ON {_on('ci', 'cw', key + ('col',))}
LEFT JOIN colfig cf ON {_on('ci', 'cf', key + ('col',))}
JOIN rowinfo ri ON {_on('ci', 'ri', key)}
ORDER BY {_cols('ci', key)}, ci.col
"""


def _scope_sql(by: str | None, where: str, profiles: tuple[str, ...] = ()
               ) -> tuple[str, tuple[str, ...]]:
    """The ``scope`` stage: per ledger key, column and scope, the column's figure."""
    key = KEY if by else tuple(x for x in KEY if x != "bucket")
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


def conflicts_sql(by: str | None, where: str, profiles: tuple[str, ...] = ()) -> str:
    """Pairs of columns whose incident figures for the same scope do not overlap (rule 7):
    the same day and place (a figure of no named place only against another of none, and
    then only the admission against the adversary's claim: an outlet's or third party's
    figure of no place may be a district's against a village's). Undated claims (no
    publication date, no period) are compared only within one story: an undated 2016
    report says nothing of 2020's. One pair (the earliest) per two columns of a row.
    """
    head, key = _scope_sql(by, where, profiles)
    sel = _cols('a', KEY) if by else _cols('a', key[:4]) + ", ''"
    return f"""{head}
SELECT DISTINCT ON ({_cols('a', key)}, a.col, b.col)
       {sel}, a.col, a.lo, a.hi, a.day, b.col, b.lo, b.hi, b.day
FROM scope a JOIN scope b ON {_on('a', 'b', key + ('day', 'loc', 'undated'))}
  AND NOT a.cumulative AND NOT b.cumulative AND a.col <> b.col AND a.lo > b.hi
  AND (a.loc <> '' OR (a.col <> 'third_party' AND b.col <> 'third_party'))
ORDER BY {_cols('a', key)}, a.col, b.col, a.day
"""


def tolls_sql(by: str | None, where: str, profiles: tuple[str, ...] = ()) -> str:
    """Every column's cumulative tolls per scope (start of the count, story when undated),
    for the sweep in ``range_conflicts``: a range join on days is cheaper in Python."""
    head, key = _scope_sql(by, where, profiles)
    sel = ", ".join(key) if by else ", ".join(key[:4]) + ", ''"
    return f"""{head}
SELECT {sel}, col, pstart, undated, day, lo, hi FROM scope WHERE cumulative
ORDER BY {', '.join(key)}, pstart, undated, day
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
        for ca, ta in cols.items():
            for cb, tb in cols.items():
                if ca == cb or (row_key, ca, cb) in seen:
                    continue
                # suffix minimum of b's highs: the smallest toll b gives on any day >= d
                tb = sorted(tb)
                suffix: list[tuple[str, int, int]] = []
                best = None
                for t in reversed(tb):
                    if best is None or t[2] < best[2]:
                        best = t
                    suffix.append(best)
                suffix.reverse()
                days = [t[0] for t in tb]
                for day, lo, hi in sorted(ta):
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
    if db.dialect == "postgres":
        # the grouping hashes and sorts a million rows: give it memory instead of temp files,
        # and skip JIT compilation, which costs more than it saves on this query
        db.execute("SET work_mem = '512MB'")
        db.execute("SET jit = off")


def ledger_groups(db: Backend, q: Query, by: str | None, with_ids: bool = True) -> list[dict[str, Any]]:
    """One dict per (ledger key, column) with the column's figures and claim ids."""
    where, params = claim_where(q, "c")
    _prepare(db)
    out = []
    for r in db.execute(ledger_sql(by, where, with_ids, q.profiles), params):
        d = dict(zip(FIELDS, r))
        for f in ("lo", "hi", "pt", "n_claims", "denials", "assertions", "vague", "sources",
                  "third"):
            d[f] = _int(d[f])
        d["conflict"] = d["conflict"] or None
        d["bucket"] = d["bucket"] or None
        d["ids"] = sorted(int(x) for x in d["ids"].split(",")) if d["ids"] else []
        d["claimants"] = sorted(d["claimants"].split(",")) if d["claimants"] else []
        d["own_voice"] = sorted(d["own_voice"].split("|")) if d["own_voice"] else []
        d["first_day"] = d["first_day"] or None
        d["last_day"] = d["last_day"] or None
        out.append(d)
    return out


def range_conflicts(db: Backend, q: Query, by: str | None) -> list[dict[str, Any]]:
    """One dict per pair of column figures of the same scope that cannot both be true:
    incident figures from SQL, cumulative tolls swept in Python (``_toll_clashes``)."""
    where, params = claim_where(q, "c")
    _prepare(db)
    out = []
    for r in db.execute(conflicts_sql(by, where, q.profiles), params):
        conflict, side, kind, category, bucket, a_col, a_lo, a_hi, a_day, b_col, b_lo, b_hi, \
            b_day = r
        out.append({"conflict": conflict or None, "side": side, "kind": kind,
                    "category": category, "bucket": bucket or None,
                    "a": {"col": a_col, "lo": int(a_lo), "hi": int(a_hi), "day": a_day or None},
                    "b": {"col": b_col, "lo": int(b_lo), "hi": int(b_hi), "day": b_day or None},
                    "cumulative": False})
    for d in _toll_clashes(db.execute(tolls_sql(by, where, q.profiles), params)):
        d["conflict"] = d["conflict"] or None
        d["bucket"] = d["bucket"] or None
        out.append(d)
    return out

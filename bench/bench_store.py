"""Store benchmark: bulk-load synthetic claims, then time the ledger, on DuckDB and PostgreSQL.

    python bench/bench_store.py                    # 1,000,000 claims over 100,000 articles
    python bench/bench_store.py --claims 100000    # smaller run
    python bench/bench_store.py --backend duckdb   # one backend (duckdb, postgres or both)
    python bench/bench_store.py --pg-url postgresql://...   # an existing server

Data are generated column-wise with numpy and loaded as Arrow tables (DuckDB: INSERT from
the Arrow table; PostgreSQL: COPY of Arrow-written CSV), not row by row. Without
``--pg-url`` a throwaway PostgreSQL server is started when one is installed. The claims
are loaded behind the store's back, so the bench then builds the ledger's summary from
them (``SqlStore.rebuild_summary``, timed), as a migration would.

Each ledger is timed as ``build_ledger`` runs it (from the summary where it can answer) and,
as the baseline in the same run, computed from the claims (``Query.exact``), with the ratio
and whether the rows are the same. Beside wall time it prints CPU time: this process's
(DuckDB runs inside it), plus the throwaway server's processes' on PostgreSQL, which a
shared machine's load changes far less than wall time. The goal the ledger is built for:
the full ledger over 1M claims, and one conflict and side, under 1 second on DuckDB and
under 2 seconds on PostgreSQL. Prints figures (and the machine's load average); asserts
nothing.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from warledger.ledger import LedgerQuery, build_ledger
from warledger.store import open_store

SIDES = np.array(["AZE", "ARM"])
CLAIMANT_SIDES = np.array(["AZE", "ARM", "THIRD", "UNKNOWN"])
CLAIMANT_PARTIES = {"AZE": ["AZE"], "ARM": ["ARM", "NKR"], "THIRD": ["RUS", "TUR", "OSCE"],
                    "UNKNOWN": [None]}
KINDS = np.array(["killed", "wounded", "destroyed", "captured"])
CATEGORIES = {"killed": ["military", "civilians", "people"],
              "wounded": ["military", "civilians", "people"],
              "destroyed": ["tank", "drone", "helicopter", "artillery"],
              "captured": ["military", "tank"]}
QUALIFIERS = np.array(["exact"] * 6 + ["about", "over", "at_least", "nearly", "up_to", "vague"])


def _days(offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = np.datetime64("2020-01-01") + offsets.astype("timedelta64[D]")
    monday = d - ((d.astype("int64") + 3) % 7).astype("timedelta64[D]")
    day = np.datetime_as_string(d, unit="D")
    return day, np.datetime_as_string(monday, unit="D"), np.array([s[:7] for s in day])


def generate(n_claims: int, n_articles: int, seed: int = 7) -> tuple[pa.Table, pa.Table]:
    rng = np.random.default_rng(seed)
    ids = np.array([f"bench-{i:07d}" for i in range(n_articles)])
    offs = rng.integers(0, 365, n_articles)
    day, _, _ = _days(offs)
    outlets = np.array([f"Outlet {i}" for i in range(500)])[rng.integers(0, 500, n_articles)]
    clusters = ids.copy()
    copies = rng.random(n_articles) < 0.1  # a tenth are copies of an earlier article
    src = rng.integers(0, n_articles, n_articles)
    clusters[copies] = ids[src[copies]]
    source_key = outlets.copy()
    source_key[copies] = outlets[src[copies]]
    articles = pa.table({
        "id": ids, "name": ids, "text": np.array([f"Synthetic article {i}." for i in range(n_articles)]),
        "outlet": outlets, "published": day, "day": day, "cluster": clusters,
        "conflict": np.full(n_articles, "bench"), "source_key": source_key})

    art = rng.integers(0, n_articles, n_claims)
    cside = CLAIMANT_SIDES[rng.integers(0, 4, n_claims)]
    cparty = np.array([CLAIMANT_PARTIES[s][k % len(CLAIMANT_PARTIES[s])]
                       for s, k in zip(cside, rng.integers(0, 6, n_claims))], dtype=object)
    kind = KINDS[rng.integers(0, len(KINDS), n_claims)]
    pick = rng.integers(0, 12, n_claims)
    category = np.array([CATEGORIES[k][p % len(CATEGORIES[k])] for k, p in zip(kind, pick)])
    qualifier = QUALIFIERS[rng.integers(0, len(QUALIFIERS), n_claims)]
    value = rng.integers(0, 200, n_claims)
    value_arr = pa.array(value, mask=qualifier == "vague", type=pa.int64())
    cday, cweek, cmonth = _days(offs[art])
    claims = pa.table({
        "article_id": ids[art], "seq": np.arange(n_claims) % 1000, "article": ids[art],
        "sentence": np.full(n_claims, "A synthetic claim sentence."),
        "claimant_party": pa.array(cparty, type=pa.string()), "claimant_side": cside,
        "stance": np.where(rng.random(n_claims) < 0.03, "deny", "assert"), "kind": kind,
        "target_side": SIDES[rng.integers(0, 2, n_claims)], "category": category,
        "count_value": value_arr, "count_qualifier": qualifier,
        "period_cumulative": rng.random(n_claims) < 0.1, "conflict": np.full(n_claims, "bench"),
        "day": cday, "week": cweek, "month": cmonth, "source_key": source_key[art],
        "outlet": outlets[art]})
    return articles, claims


QUERIES = (("full ledger, with claim ids", LedgerQuery()),
           ("full ledger, figures only", LedgerQuery(with_ids=False)),
           ("one conflict and side, with claim ids", LedgerQuery(conflict="bench", side="AZE")),
           ("ledger by month", LedgerQuery(by="month", with_ids=False)),
           # since/until select claims by their own day, which the summary groups away
           ("one side, one quarter (from the claims)",
            LedgerQuery(side="AZE", since="2020-04-01", until="2020-06-30")))


def _cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _server_cpu(root: Path | None) -> float:
    """CPU seconds (user + system) of the throwaway PostgreSQL server's processes so far:
    the postmaster's children (backends, parallel workers); 0 for a server of one's own."""
    if root is None:
        return 0.0
    try:
        postmaster = int((root / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def _timed(store: Any, q: LedgerQuery, repeats: int, root: Path | None
           ) -> tuple[float, float, list[Any]]:
    """Median wall time and median CPU time (this process, plus the throwaway server's)."""
    walls, cpus = [], []
    rows: list[Any] = []
    for _ in range(repeats):
        c0, s0, t0 = _cpu_self(), _server_cpu(root), time.perf_counter()
        rows = build_ledger(store, q)
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu_self() - c0 + _server_cpu(root) - s0)
    return statistics.median(walls), statistics.median(cpus), rows


def bench(url: str, articles: pa.Table, claims: pa.Table, repeats: int,
          root: Path | None = None, exact: bool = True) -> None:
    store = open_store(url)
    try:
        t0 = time.perf_counter()
        with store.db.transaction():
            store.db.insert_arrow("articles", articles)
        t1 = time.perf_counter()
        with store.db.transaction():
            store.db.insert_arrow("claims", claims)
        t2 = time.perf_counter()
        store.rebuild_summary()  # the claims were loaded behind the store's back
        t3 = time.perf_counter()
        store.execute("ANALYZE" if store.db.dialect == "postgres" else "CHECKPOINT")
        cells = store.execute("SELECT COUNT(*) FROM ledger_cells")[0][0]
        sources = store.execute("SELECT COUNT(*) FROM ledger_sources")[0][0]
        print(f"  load: {articles.num_rows:,} articles in {t1 - t0:.2f} s "
              f"({articles.num_rows / (t1 - t0):,.0f}/s); {claims.num_rows:,} claims in "
              f"{t2 - t1:.2f} s ({claims.num_rows / (t2 - t1):,.0f}/s); summary built from "
              f"them in {t3 - t2:.2f} s ({cells:,} cells, {sources:,} source rows)")
        cpu_of = "CPU of this process" + (" and the server" if root else "")
        for label, q in QUERIES:
            wall, cpu, rows = _timed(store, q, repeats, root)
            line = (f"  {label}: median {wall:.3f} s wall, {cpu:.3f} s {cpu_of}, over "
                    f"{repeats} runs, {len(rows)} rows")
            if exact and "from the claims" not in label:
                ewall, ecpu, erows = _timed(store, dataclasses.replace(q, exact=True),
                                            repeats, root)
                same = [r.to_dict() for r in rows] == [r.to_dict() for r in erows]
                line += (f"; from the claims (Query.exact) {ewall:.3f} s wall, {ecpu:.3f} s "
                         f"CPU: {ewall / wall:.1f}x; {'the same rows' if same else 'ROWS DIFFER'}")
            print(line, f"(load {os.getloadavg()[0]:.1f})", flush=True)
    finally:
        store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--articles", type=int, default=None, help="default: claims / 10")
    ap.add_argument("--backend", choices=("duckdb", "postgres", "both"), default="both")
    ap.add_argument("--pg-url", default=None, help="an existing server's database URL")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-exact", action="store_true",
                    help="skip the baseline: the same ledgers computed from the claims")
    args = ap.parse_args()
    n_articles = args.articles or max(1, args.claims // 10)
    t = time.perf_counter()
    articles, claims = generate(args.claims, n_articles)
    print(f"generated {claims.num_rows:,} claims over {articles.num_rows:,} articles in "
          f"{time.perf_counter() - t:.1f} s; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs (goal: the full ledger and one conflict and side under "
          "1 s on DuckDB, under 2 s on PostgreSQL)")
    with tempfile.TemporaryDirectory(prefix="warledger-bench-") as tmp:
        if args.backend in ("duckdb", "both"):
            print("DuckDB")
            bench(str(Path(tmp) / "bench.duckdb"), articles, claims, args.repeats,
                  exact=not args.no_exact)
        if args.backend in ("postgres", "both"):
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
            from pgtemp import TempPostgres, create_database

            if args.pg_url:
                print("PostgreSQL (given server)")
                bench(args.pg_url, articles, claims, args.repeats, exact=not args.no_exact)
            elif TempPostgres().bindir is None:
                print("PostgreSQL: not installed, skipped")
            else:
                pg = TempPostgres()
                with pg as server:
                    print("PostgreSQL (throwaway server, fsync off)")
                    bench(create_database(server, "bench"), articles, claims, args.repeats,
                          pg.root, exact=not args.no_exact)


if __name__ == "__main__":
    main()

"""Store benchmark: bulk-load synthetic claims, then time the ledger, on DuckDB and PostgreSQL.

    python bench/bench_store.py                    # 1,000,000 claims over 100,000 articles
    python bench/bench_store.py --claims 100000    # smaller run
    python bench/bench_store.py --backend duckdb   # one backend (duckdb, postgres or both)
    python bench/bench_store.py --pg-url postgresql://...   # an existing server

Data are generated column-wise with numpy and loaded as Arrow tables (DuckDB: INSERT from
the Arrow table; PostgreSQL: COPY of Arrow-written CSV), not row by row. Without
``--pg-url`` a throwaway PostgreSQL server is started when one is installed. The goal the
ledger is built for: the full ledger over 1M claims, and one conflict and side, under 1
second on DuckDB and under 2 seconds on PostgreSQL. Prints figures (and the machine's load
average, since a shared machine slows every figure); asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from warledger.ledger import LedgerQuery, build_ledger  # noqa: E402
from warledger.store import open_store  # noqa: E402

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
        "count_value": value_arr, "qualifier": qualifier,
        "cumulative": rng.random(n_claims) < 0.1, "conflict": np.full(n_claims, "bench"),
        "day": cday, "week": cweek, "month": cmonth, "source_key": source_key[art],
        "outlet": outlets[art]})
    return articles, claims


def bench(url: str, articles: pa.Table, claims: pa.Table, repeats: int) -> None:
    store = open_store(url)
    try:
        t0 = time.perf_counter()
        with store.db.transaction():
            store.db.insert_arrow("articles", articles)
        t1 = time.perf_counter()
        with store.db.transaction():
            store.db.insert_arrow("claims", claims)
        t2 = time.perf_counter()
        store.execute("ANALYZE" if store.db.dialect == "postgres" else "CHECKPOINT")
        print(f"  load: {articles.num_rows:,} articles in {t1 - t0:.2f} s "
              f"({articles.num_rows / (t1 - t0):,.0f}/s); {claims.num_rows:,} claims in "
              f"{t2 - t1:.2f} s ({claims.num_rows / (t2 - t1):,.0f}/s)")
        for label, q in (("full ledger, with claim ids", LedgerQuery()),
                         ("full ledger, figures only", LedgerQuery(with_ids=False)),
                         ("one conflict and side, with claim ids",
                          LedgerQuery(conflict="bench", side="AZE")),
                         ("ledger by month", LedgerQuery(by="month", with_ids=False)),
                         ("one side, one quarter", LedgerQuery(side="AZE", since="2020-04-01",
                                                               until="2020-06-30"))):
            times = []
            rows = []
            for _ in range(repeats):
                s = time.perf_counter()
                rows = build_ledger(store, q)
                times.append(time.perf_counter() - s)
            print(f"  {label}: median {statistics.median(times):.3f} s over {repeats} runs, "
                  f"{len(rows)} rows")
    finally:
        store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--articles", type=int, default=None, help="default: claims / 10")
    ap.add_argument("--backend", choices=("duckdb", "postgres", "both"), default="both")
    ap.add_argument("--pg-url", default=None, help="an existing server's database URL")
    ap.add_argument("--repeats", type=int, default=3)
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
            bench(str(Path(tmp) / "bench.duckdb"), articles, claims, args.repeats)
        if args.backend in ("postgres", "both"):
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
            from pgtemp import TempPostgres, create_database

            if args.pg_url:
                print("PostgreSQL (given server)")
                bench(args.pg_url, articles, claims, args.repeats)
            elif TempPostgres().bindir is None:
                print("PostgreSQL: not installed, skipped")
            else:
                with TempPostgres() as server:
                    print("PostgreSQL (throwaway server, fsync off)")
                    bench(create_database(server, "bench"), articles, claims, args.repeats)


if __name__ == "__main__":
    main()

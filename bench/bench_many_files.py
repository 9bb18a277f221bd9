"""Ingesting many small files into a DuckDB store: how much the store's near-duplicate
lookup costs as the store fills, with and without its index, in the same run.

    python bench/bench_many_files.py [--files 10000] [--backend duckdb|postgres]

Writes ``--files`` small, distinct articles (a few sentences each, some of them wire
copies of others) to a temp folder and ingests the folder with ``warledger.pipeline
.ingest`` as ``warledger ingest`` does, batches of 50, into a new store. The extractor is
replaced by a stand-in that makes one claim per article from a regex, so the figures are
the reading, near-duplicate and store costs that do not depend on spaCy (the extractor's
own cost is ``bench/bench_extract.py``'s business).

The run is made twice: first with the store's band-hash index dropped (how DuckDB stores
were before schema v9), then as shipped. Prints per run: total seconds, seconds per 1,000
files for the first and the last thousand (flat when the lookup does not grow with the
store), and the share of the time spent in ``SqlStore._cluster_for``.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from warledger.ingest import read_articles  # noqa: E402
from warledger.options import Options  # noqa: E402
from warledger.pipeline import ingest  # noqa: E402
from warledger.records import Analysis, Article, Claim, Count, PartyRef, Target  # noqa: E402
from warledger.store import open_store  # noqa: E402
from warledger.store.sqlstore import SqlStore  # noqa: E402

PLACES = ["Kherson", "Bakhmut", "Rafah", "Nyala", "Fizuli", "Avdiivka", "El Fasher", "Kursk"]
NUMBER = re.compile(r"\d+")


def write_files(folder: Path, n: int, seed: int = 5) -> None:
    """``n`` short articles; one in ten is a lightly edited copy of an earlier one."""
    rng = random.Random(seed)
    texts: list[str] = []
    for i in range(n):
        if texts and i % 10 == 9:
            base = rng.choice(texts[-200:])
            text = base.replace("officials", "authorities", 1) + " (Reuters)"
        else:
            place = rng.choice(PLACES)
            text = (f"Bulletin {i} from {place}\n\nOfficials in {place} said {rng.randint(2, 90)} "
                    f"people were killed and {rng.randint(2, 90)} wounded when shells hit "
                    f"district {rng.randint(1, 40)} on day {i}. Rescue teams worked through "
                    f"the night near road {rng.randint(1, 900)}, report {rng.random():.6f} said. "
                    f"Residents of block {rng.randint(1, 500)} were moved to shelter {i * 7}.\n")
        texts.append(text)
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")


def stand_in(article: Article, options: Options) -> Analysis:
    m = NUMBER.search(article.text)
    value = int(m.group(0)) if m else None
    claim = Claim(article=article.name, sentence=article.text[:40], span=(0, 40),
                  claimant=PartyRef(None, None, "UNKNOWN"), stance="assert", kind="killed",
                  target=Target(None, "UKR", "people"), perpetrator=None,
                  count=Count(value, "exact"))
    return Analysis(article=article, claims=(claim,))


def run(folder: Path, url: str, drop_index: bool) -> dict[str, float]:
    store = open_store(url)
    if drop_index:
        store.execute("DROP INDEX IF EXISTS article_bands_hash_only")
    spent = [0.0]
    inner = SqlStore._cluster_for

    def timed(self, a, sig):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return inner(self, a, sig)
        finally:
            spent[0] += time.perf_counter() - t

    marks: list[tuple[int, float]] = []
    started = time.perf_counter()
    SqlStore._cluster_for = timed  # type: ignore[method-assign]
    try:
        report = ingest(read_articles([str(folder)], Options(quiet=True)), Options(db=url),
                        store=store, analyzer=stand_in,
                        progress=lambda r: marks.append((r.read, time.perf_counter())))
    finally:
        SqlStore._cluster_for = inner  # type: ignore[method-assign]
        store.close()
    total = time.perf_counter() - started

    def per_thousand(lo: int, hi: int) -> float:
        inside = [(n, t) for n, t in [(0, started)] + marks if lo <= n <= hi]
        (n0, t0), (n1, t1) = inside[0], inside[-1]
        return (t1 - t0) / max(n1 - n0, 1) * 1000

    n = report.read
    return {"total": total, "first": per_thousand(0, min(1000, n)),
            "last": per_thousand(max(n - 1000, 0), n), "share": spent[0] / total,
            "stored": report.stored, "clusters": 0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--backend", choices=("duckdb", "postgres"), default="duckdb")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="warledger-bench-many-") as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        write_files(folder, args.files)
        print(f"{args.files} files, {args.backend}")
        print(f"{'index':>10} {'seconds':>8} {'s/1000 first':>12} {'s/1000 last':>11} "
              f"{'in _cluster_for':>15} {'stored':>7}")
        for drop in (True, False):
            if args.backend == "duckdb":
                url = str(Path(tmp) / f"store-{int(drop)}.duckdb")
                got = run(folder, url, drop)
            else:
                sys.path.insert(0, str(ROOT / "tests"))
                from pgtemp import TempPostgres  # type: ignore[import-not-found]

                with TempPostgres() as url:
                    got = run(folder, url, drop)
            print(f"{'dropped' if drop else 'as shipped':>10} {got['total']:8.1f} "
                  f"{got['first']:12.2f} {got['last']:11.2f} {got['share']:15.0%} "
                  f"{got['stored']:>7}", flush=True)


if __name__ == "__main__":
    main()

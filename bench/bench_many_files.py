"""Ingesting many small files: does the cost of one article grow as the store fills?

    python bench/bench_many_files.py [--files 10000] [--backend duckdb|postgres]
                                     [--corpus bulletins|varied] [--baseline-src DIR]

Writes ``--files`` small, distinct articles (a few sentences each; one in ten a lightly
edited wire copy of a recent one, credited "(Reuters)", so stories of several articles
form and merge) to a temp folder and ingests the folder as ``warledger ingest`` does
(``warledger.pipeline.ingest``, batches of 50) into a new store. The extractor is replaced
by a stand-in that makes one claim per article from a regex, so the figures are the
reading, near-duplicate and store costs, which do not depend on spaCy (the extractor's own
cost is ``bench/bench_extract.py``'s business).

Each ingest runs in a process of its own, so its CPU time (user + sys) is its own. Prints
per run: wall-clock and CPU seconds in all; wall and CPU milliseconds per file over the
first and over the last thousand files, and their ratio (1.0 when an article costs the
same in an empty store and in a full one); SQL statements per file (``execute`` and
``bulk_insert`` calls on the store's backend, for the whole run); the stories formed; and
the load average. ``--baseline-src`` runs the same ingest first with another source tree
(e.g. ``git archive`` of an older commit, its ``src`` folder): a baseline in the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLACES = ["Kherson", "Bakhmut", "Rafah", "Nyala", "Fizuli", "Avdiivka", "El Fasher", "Kursk"]
NUMBER = re.compile(r"\d+")


WORDS = [f"{a}{b}" for a in ("sha", "kor", "vel", "dun", "mir", "tal", "osk", "bre", "zan", "lu")
         for b in ("ma", "rin", "tos", "ek", "vo", "ald", "im", "ur", "esh", "on", "ya", "ilt")]


def write_files(folder: Path, n: int, seed: int = 5, corpus: str = "bulletins") -> None:
    """``n`` short articles; one in ten is a lightly edited copy of a recent one.

    ``bulletins``: every article is the same three sentences with other places and
    numbers, so any two share many word 4-grams and meet through a shared band far more
    often than news does (the candidates each article meets grow with the store);
    ``varied``: the same shape, the sentences drawn from a vocabulary, so that unrelated
    articles rarely meet (as different stories do)."""
    rng = random.Random(seed)
    texts: list[str] = []
    for i in range(n):
        if texts and i % 10 == 9:
            base = rng.choice(texts[-200:])
            text = base.replace("officials", "authorities", 1) + " (Reuters)"
        elif corpus == "varied":
            place = rng.choice(PLACES)
            words = " ".join(rng.choice(WORDS) for _ in range(50))
            text = (f"Bulletin {i} from {place}\n\nOfficials in {place} said {rng.randint(2, 90)} "
                    f"people were killed, {words}.\n")
        else:
            place = rng.choice(PLACES)
            text = (f"Bulletin {i} from {place}\n\nOfficials in {place} said {rng.randint(2, 90)} "
                    f"people were killed and {rng.randint(2, 90)} wounded when shells hit "
                    f"district {rng.randint(1, 40)} on day {i}. Rescue teams worked through "
                    f"the night near road {rng.randint(1, 900)}, report {rng.random():.6f} said. "
                    f"Residents of block {rng.randint(1, 500)} were moved to shelter {i * 7}.\n")
        texts.append(text)
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")


def worker(folder: Path, url: str) -> dict[str, object]:
    """One ingest of ``folder`` into ``url``, in this process (the source tree on
    ``sys.path`` is the one measured)."""
    from warledger.ingest import read_articles
    from warledger.options import Options
    from warledger.pipeline import ingest
    from warledger.records import Analysis, Article, Claim, Count, PartyRef, Target
    from warledger.store import open_store

    def stand_in(article: Article, options: Options) -> Analysis:
        m = NUMBER.search(article.text)
        claim = Claim(article=article.name, sentence=article.text[:40], span=(0, 40),
                      claimant=PartyRef(None, None, "UNKNOWN"), stance="assert", kind="killed",
                      target=Target(None, "UKR", "people"), perpetrator=None,
                      count=Count(int(m.group(0)) if m else None, "exact"))
        return Analysis(article=article, claims=(claim,))

    store = open_store(url)
    statements = [0]
    db = store.db
    for name in ("execute", "bulk_insert"):
        inner = getattr(db, name)

        def counted(*args, _inner=inner, **kwargs):  # type: ignore[no-untyped-def]
            statements[0] += 1
            return _inner(*args, **kwargs)

        setattr(db, name, counted)
    # signatures the store compared (its candidates: stored articles met through a shared
    # band or a credit), whatever the code that meets them
    from warledger import dedup
    from warledger.store.sqlstore import SqlStore

    compared = [0]
    if hasattr(dedup, "StoryBatch"):  # a batch's candidates are compared at once
        place = dedup.StoryBatch.place

        def counted_place(self, article):  # type: ignore[no-untyped-def]
            before = self.compared
            try:
                return place(self, article)
            finally:
                compared[0] += self.compared - before

        dedup.StoryBatch.place = counted_place  # type: ignore[method-assign]
    else:  # one article at a time: the similarities computed inside _cluster_for
        inside = [False]
        similarity, cluster_for = dedup.similarity, SqlStore._cluster_for

        def counted_similarity(a, b):  # type: ignore[no-untyped-def]
            compared[0] += inside[0]
            return similarity(a, b)

        def counted_cluster_for(self, *args):  # type: ignore[no-untyped-def]
            inside[0] = True
            try:
                return cluster_for(self, *args)
            finally:
                inside[0] = False

        dedup.similarity = counted_similarity  # type: ignore[assignment]
        SqlStore._cluster_for = counted_cluster_for  # type: ignore[attr-defined]
    marks: list[tuple[int, float, float, int]] = []
    wall0, cpu0 = time.perf_counter(), time.process_time()
    report = ingest(read_articles([str(folder)], Options(quiet=True)), Options(db=url),
                    store=store, analyzer=stand_in,
                    progress=lambda r: marks.append((r.read, time.perf_counter(),
                                                     time.process_time(), compared[0])))
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    stories = store.execute("SELECT COUNT(DISTINCT cluster) FROM articles")[0][0]
    grouped = store.execute("SELECT COUNT(*) FROM (SELECT cluster FROM articles GROUP BY cluster "
                            "HAVING COUNT(*) > 1) s")[0][0]
    store.close()
    points = [(0, wall0, cpu0, 0)] + marks
    n = report.read

    def per_file(lo: int, hi: int) -> tuple[float, float, float]:
        inside = [p for p in points if lo <= p[0] <= hi]
        (n0, w0, c0, k0), (n1, w1, c1, k1) = inside[0], inside[-1]
        files = max(n1 - n0, 1)
        return (w1 - w0) / files * 1000, (c1 - c0) / files * 1000, (k1 - k0) / files

    first, last = per_file(0, min(1000, n)), per_file(max(n - 1000, 0), n)
    return {"read": n, "stored": report.stored, "wall": wall, "cpu": cpu,
            "first_wall": first[0], "first_cpu": first[1], "last_wall": last[0],
            "last_cpu": last[1], "first_met": first[2], "last_met": last[2],
            "statements": statements[0] / max(n, 1), "stories": stories, "grouped": grouped}


def run(src: Path, folder: Path, url: str) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(src), OMP_NUM_THREADS="1")
    load = os.getloadavg()[0]
    out = subprocess.run([sys.executable, __file__, "--worker", str(folder), url], env=env,
                         check=True, capture_output=True, text=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    got["load"] = f"{load:.1f}-{os.getloadavg()[0]:.1f}"
    return got


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        print(json.dumps(worker(Path(sys.argv[2]), sys.argv[3])))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--backend", choices=("duckdb", "postgres"), default="duckdb")
    ap.add_argument("--baseline-src", type=Path, help="another tree's src folder, run first")
    ap.add_argument("--corpus", choices=("bulletins", "varied"), default="bulletins",
                    help="templated bulletins (the default) or varied texts (write_files)")
    args = ap.parse_args()
    trees = ([("baseline", args.baseline_src.resolve())] if args.baseline_src else []) + [
        ("this tree", ROOT / "src")]
    with tempfile.TemporaryDirectory(prefix="warledger-bench-many-") as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        write_files(folder, args.files, corpus=args.corpus)
        print(f"{args.files} files ({args.corpus}), {args.backend}, batches of 50; "
              f"{os.cpu_count()} CPUs")
        print(f"{'tree':>10} {'wall s':>7} {'CPU s':>7} {'ms/file first 1000':>19} "
              f"{'ms/file last 1000':>18} {'last/first':>10} {'SQL/file':>8} {'met/file':>9} "
              f"{'stories':>7} {'of 2+':>5}  load")
        print(f"{'':>10} {'':>7} {'':>7} {'wall':>9} {'CPU':>9} {'wall':>9} {'CPU':>8} "
              f"{'wall CPU':>10} {'':>8} {'1st last':>9}")
        for i, (label, src) in enumerate(trees):
            if args.backend == "duckdb":
                got = run(src, folder, str(Path(tmp) / f"store-{i}.duckdb"))
            else:
                sys.path.insert(0, str(ROOT / "tests"))
                from pgtemp import TempPostgres  # type: ignore[import-not-found]

                with TempPostgres() as url:
                    got = run(src, folder, url)
            ratio_w = float(got["last_wall"]) / float(got["first_wall"])  # type: ignore[arg-type]
            ratio_c = float(got["last_cpu"]) / float(got["first_cpu"])  # type: ignore[arg-type]
            print(f"{label:>10} {got['wall']:7.1f} {got['cpu']:7.1f} {got['first_wall']:9.2f} "
                  f"{got['first_cpu']:9.2f} {got['last_wall']:9.2f} {got['last_cpu']:8.2f} "
                  f"{ratio_w:4.2f} {ratio_c:4.2f} {got['statements']:8.1f} "
                  f"{got['first_met']:4.0f} {got['last_met']:4.0f} {got['stories']:>7} "
                  f"{got['grouped']:>5}  {got['load']}", flush=True)
        print("ms/file: milliseconds per file (files read) over the first and the last 1,000; "
              "met/file: signatures the store compared per file (stored articles met through a "
              "shared band or a credit), over the same; load: load "
              "average at the start and the end of the run")


if __name__ == "__main__":
    main()

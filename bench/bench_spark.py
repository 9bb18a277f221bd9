"""Spark extraction throughput per executor core against the single-process path.

    .venv/bin/python bench/bench_spark.py --articles 20000 --cores 1,2,4

Why a generated corpus: the demo folder and the test articles hold sixteen articles; the
job's cost is per article, so they are retold with other numbers, dates and filler until
there are N of them, no two alike. Prints, for the single-process path (``warledger
extract``'s chain: read_articles + analyze_many, caches warm) and for the Spark job with
1, 2 and 4 executor cores (``local[N]``), articles per second and per core, and the fixed
cost of each Spark run (session start, the executors' warm-up, the jobs before the
analysis) as a share of it: the per-core rate is what docs/spark.md scales to 10 and 100
million articles, and it means something only where that share is small.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"
TEST_ARTICLES = ROOT / "tests" / "articles"

# neutral filler, invented, so retellings of one story are not near-duplicates of each other
FILLER = (
    "Markets in the capital stayed open and bread prices held steady through the week.",
    "Rain was forecast for the valley, which residents said would slow the repair crews.",
    "Schools in the border district moved lessons online until further notice.",
    "A regional football match planned for the weekend was postponed by the league.",
    "Local radio stations broadcast lists of shelters and the numbers of aid desks.",
    "Volunteers collected blankets and canned food at the central railway station.",
    "The river ferry resumed a reduced timetable after two days without service.",
    "Farmers in the lowlands said the harvest would start later than usual this year.",
    "Hospitals asked donors of every blood group to come forward at mobile clinics.",
    "The national library closed its reading rooms and moved rare books to storage.",
    "Power cuts were reported in several suburbs during the evening hours.",
    "Taxi drivers said fuel queues stretched for hours outside the filling stations.",
    "A choir from the mountain villages gave a concert for displaced families.",
    "Officials urged residents to keep their documents in a bag near the door.",
    "Road signs on the northern highway were covered by order of the local council.",
    "The postal service said parcels to the frontline towns would be delayed.",
)

_NUMBER = re.compile(r"(?<!May )(?<!June )\b([1-9]\d{0,2})\b(?![-.]\d)")


def demo_records() -> list[dict[str, Any]]:
    """The demo corpus and the test articles (four real-style wars) as JSONL-style records
    (clean text from the CLI's own readers)."""
    from warledger.errors import InputError
    from warledger.ingest import read_articles

    out = []
    for a in read_articles([str(DEMO), *sorted(str(p) for p in TEST_ARTICLES.glob("*.txt"))]):
        if isinstance(a, InputError):
            continue
        out.append({"id": a.name.rsplit("/", 1)[-1], "text": a.text, "title": a.title,
                    "published": a.published, "url": a.url, "outlet": a.outlet})
    return out


def retell(record: dict[str, Any], k: int, rng: random.Random) -> dict[str, Any]:
    """Variant ``k`` of a demo record: other counts, a later date, its own filler."""
    def number(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return m.group(1) if 1900 <= n <= 2100 else str(n + (k * 7 + n) % 23)

    text = _NUMBER.sub(number, record["text"])
    paragraphs = text.split("\n\n")
    for sentence in rng.sample(FILLER, 3):
        paragraphs.insert(rng.randint(1, len(paragraphs)), sentence)
    published = record.get("published")
    if published:
        from datetime import date, timedelta

        published = (date.fromisoformat(published[:10]) + timedelta(days=k)).isoformat()
    return {**record, "id": f"{record['id']}-v{k}", "text": "\n\n".join(paragraphs),
            "published": published,
            "url": f"{record['url']}?v={k}" if record.get("url") else None}


def generate_corpus(n: int, path: Path, bad: int = 0, seed: int = 7) -> int:
    """Write ``n`` articles (plus ``bad`` malformed lines) as JSON Lines; returns lines written.

    Wire copies stay wire copies: the two outlets carrying one demo wire story are retold
    with the same changes (same k, same filler), so they remain one cluster per retelling.
    """
    base = demo_records()
    rng = random.Random(seed)
    lines: list[str] = []
    k = 0
    while len(lines) < n:
        fill_seed = rng.random()
        for record in base:
            if len(lines) >= n:
                break
            lines.append(json.dumps(retell(record, k, random.Random(f"{fill_seed}-{_story(record)}")),
                                    ensure_ascii=False))
        k += 1
    for i in range(bad):
        at = rng.randint(0, len(lines))
        lines.insert(at, '{"id": "broken-%d", "text": "cut off' % i if i % 2 == 0
                     else json.dumps({"id": f"no-text-{i}", "title": "A record without text"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _story(record: dict[str, Any]) -> str:
    """Demo articles that carry one wire story share their filler choice."""
    rid = record["id"]
    if "globaldispatch" in rid or "eastern-courier" in rid:
        return "northlight-wire"
    if "truthwire" in rid or "ilvenna-herald" in rid:
        return "herald-repost"
    return rid


def single_process(path: Path) -> tuple[int, float]:
    from warledger.analyze import analyze_many
    from warledger.errors import InputError
    from warledger.ingest import read_articles

    # warm the caches (spaCy, lexicons, profiles) the way a long run has them warm
    list(analyze_many([a for a in read_articles([str(DEMO / "2025-05-13-marvosia-toll-rises.txt")])
                       if not isinstance(a, InputError)]))
    t = time.perf_counter()
    n = sum(1 for _ in analyze_many(a for a in read_articles([str(path)])
                                    if not isinstance(a, InputError)))
    return n, time.perf_counter() - t


def spark_run(path: Path, cores: int, workdir: Path) -> dict[str, float]:
    """One run on ``local[cores]``: seconds to start the session, to warm the executors'
    Python daemon (the first job), for the jobs before the analysis, for the analysis
    (from the progress line's clock) and for the whole, with the articles written."""
    from warledger.options import Options
    from warledger.spark import run_job, session

    t0 = time.perf_counter()
    spark = session(f"local[{cores}]", conf={"spark.ui.enabled": "false", "spark.driver.memory": "2g"},
                    log=str(workdir / f"spark-{cores}.log"))
    t1 = time.perf_counter()
    spark.sparkContext.parallelize(range(cores), cores).map(lambda x: x).count()
    t2 = time.perf_counter()
    seen: dict[str, float] = {}

    def progress(done: int, total: int, seconds: float) -> None:
        seen.setdefault("analysis_start", time.perf_counter() - seconds)
        seen["analysis"] = seconds

    out = workdir / f"out-{cores}"
    report = run_job(spark, str(path), str(out), Options(), overwrite=True, progress=progress)
    t3 = time.perf_counter()
    spark.stop()
    before = seen.get("analysis_start", t2) - t2
    return {"articles": report.articles, "session": t1 - t0, "warm": t2 - t1,
            "before": before, "analysis": seen.get("analysis", 0.0),
            "after": (t3 - t2) - before - seen.get("analysis", 0.0), "total": t3 - t0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20_000, help="articles to generate")
    ap.add_argument("--cores", default="1,2,4", help="executor cores to run with (local[N])")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    work = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    try:
        corpus = work / "corpus.jsonl"
        generate_corpus(args.articles, corpus)
        print(f"corpus: {args.articles} articles ({corpus.stat().st_size / 1e6:.1f} MB), "
              f"{os.cpu_count()} CPUs on this machine")
        n, secs = single_process(corpus)
        single = n / secs
        print(f"single process (read_articles + analyze_many): {n} articles in {secs:.1f} s"
              f" = {single:.1f} articles/s (one core)")
        for cores in (int(c) for c in args.cores.split(",")):
            r = spark_run(corpus, cores, work)
            fixed = r["total"] - r["analysis"]
            rate = r["articles"] / r["total"]
            print(f"spark local[{cores}]: {r['articles']:.0f} articles in {r['total']:.1f} s = "
                  f"{rate:.1f} articles/s, {rate / cores:.1f} per core "
                  f"(single process {single:.1f}/core: {rate / cores / single:.2f}x); fixed cost "
                  f"{fixed:.1f} s = {100 * fixed / r['total']:.0f}% of the run (session "
                  f"{r['session']:.1f} s, executors' warm-up {r['warm']:.1f} s, reading and "
                  f"clustering {r['before']:.1f} s, writing {r['after']:.1f} s; analysis "
                  f"{r['analysis']:.1f} s)", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

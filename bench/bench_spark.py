"""Spark extraction throughput per executor core, and the job's fixed cost, against the
single-process path.

    nice -n 10 .venv/bin/python bench/bench_spark.py --articles 1000 --cores 1,2,4

Why a generated corpus: the demo folder and the test articles hold sixteen articles; the
job's cost is per article, so they are retold (other numbers and dates, some of their
paragraphs, paragraphs of other reports of the same war, filler) until there are N of
them, as distinct as two reports of one war's week (dedup joins only the wire copies).

Why two sizes: a run's wall clock is T(n) = F + n / r, a fixed cost F (the JVM and the
session, the executors' daemon loading the pipeline, the first SQL query's planning, the
jobs' scheduling, the writers' set-up: all that does not grow with the corpus) plus the
articles at the job's marginal rate r. Each core count runs on N and on 2N articles
(the first N of them the same), so F = 2 T(N) - T(2N) and r = N / (T(2N) - T(N)) are
measured, not guessed, and the fixed cost's share of a run on any size M (the 20,000 of
issue 16) is F / (F + M / r) without running M. The same is done with CPU time (user +
system of the whole process tree: the driver, its JVM, the executors' Python daemon and
workers), which a shared machine's load disturbs less than the wall clock (at nice 10 on
a machine kept busy by others, the wall clock measures the share of the CPU a run got,
which changes from one run to the next); from the CPU figures the bench also gives the
run on C cores of its own: fixed CPU + M x (CPU an article) / C, the fixed work taken as
serial. Every run is a process of its own, so each pays its own JVM start as a user's
run does.
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


# share of a record's paragraphs after the first that a retelling keeps, and how many it
# borrows from other records of the same war (a war of one record keeps fewer of its
# own): two retellings of one record then share about a third of their text, below
# dedup's threshold, as two reports of one war's week do
KEEP = 0.45
KEEP_ALONE = 0.35
BORROW = 3


def _war(record: dict[str, Any]) -> str:
    """The war a record reports (the test articles of four wars are named after theirs; the
    demo's and the other test articles are all Upper Zolta)."""
    rid = record["id"]
    for war in ("gaza", "india-pakistan", "sudan", "ukraine"):
        if rid.startswith(war):
            return war
    return "zolta"


def retell(record: dict[str, Any], k: int, rng: random.Random,
           pool: list[str] | None = None) -> dict[str, Any]:
    """Variant ``k`` of a demo record: other counts, a later date, its own filler, and,
    given a ``pool`` (paragraphs of other records of its war), some of its paragraphs
    and ``BORROW`` of the pool's."""
    def number(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return m.group(1) if 1900 <= n <= 2100 else str(n + (k * 7 + n) % 23)

    own = record["text"].split("\n\n")
    if pool is None:  # every paragraph: a near duplicate of the other retellings
        paragraphs = list(own)
    else:
        keep = KEEP if pool else KEEP_ALONE
        paragraphs = own[:1] + [p for p in own[1:] if rng.random() < keep]
    if pool:
        for p in rng.sample(pool, min(BORROW, len(pool))):
            paragraphs.insert(rng.randint(1, len(paragraphs)), p)
    for sentence in rng.sample(FILLER, 3):
        paragraphs.insert(rng.randint(1, len(paragraphs)), sentence)
    text = _NUMBER.sub(number, "\n\n".join(paragraphs))
    published = record.get("published")
    if published:
        from datetime import date, timedelta

        published = (date.fromisoformat(published[:10]) + timedelta(days=k)).isoformat()
    return {**record, "id": f"{record['id']}-v{k}", "text": text,
            "published": published,
            "url": f"{record['url']}?v={k}" if record.get("url") else None}


def generate_corpus(n: int, path: Path, bad: int = 0, seed: int = 7, varied: bool = False) -> int:
    """Write ``n`` articles (plus ``bad`` malformed lines) as JSON Lines; returns lines written.

    Wire copies stay wire copies: the two outlets carrying one demo wire story are retold
    with the same changes (same k, same paragraphs kept and borrowed, same filler), so they
    remain one cluster per retelling. ``varied`` (the bench's corpus): other retellings are
    distinct articles; without it (the tests' corpus) every retelling keeps all of its
    record's paragraphs, so the retellings of one record are one story.
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
            story = _story(record)
            pool = [p for other in base if _war(other) == _war(record) and _story(other) != story
                    for p in other["text"].split("\n\n")[1:]] if varied else None
            lines.append(json.dumps(retell(record, k, random.Random(f"{fill_seed}-{story}"), pool),
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


def tree_cpu(root: int | None = None) -> float:
    """CPU seconds (user + system) of a process and all its descendants, the reaped ones
    included (``/proc``: a process's cutime/cstime hold its waited-for children's)."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        pid = int(name)
        children.setdefault(int(fields[1]), []).append(pid)
        cpu[pid] = sum(int(x) for x in fields[11:15]) / tick
    total, todo = 0.0, [root or os.getpid()]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo += children.get(pid, [])
    return total


def single_process(path: Path) -> dict[str, float]:
    """``warledger extract``'s chain in this process, caches warmed first (the way a long
    run has them warm): seconds and CPU seconds for the file."""
    from warledger.analyze import analyze_many
    from warledger.errors import InputError
    from warledger.ingest import read_articles

    list(analyze_many([a for a in read_articles([str(DEMO / "2025-05-13-marvosia-toll-rises.txt")])
                       if not isinstance(a, InputError)]))
    c, t = time.process_time(), time.perf_counter()
    n = sum(1 for _ in analyze_many(a for a in read_articles([str(path)])
                                    if not isinstance(a, InputError)))
    return {"articles": n, "total": time.perf_counter() - t, "cpu": time.process_time() - c}


def spark_run(path: Path, cores: int, workdir: Path) -> dict[str, Any]:
    """One run on ``local[cores]`` in this (fresh) process, as ``spark-extract`` makes it:
    seconds to start the session, each of the job's phases, the whole, and the CPU seconds
    of the whole process tree."""
    from warledger.options import Options
    from warledger.spark import run_job, session

    cpu0, t0 = tree_cpu(), time.perf_counter()
    spark = session(f"local[{cores}]", conf={"spark.ui.enabled": "false", "spark.driver.memory": "2g"},
                    log=str(workdir / f"spark-{cores}.log"))
    t1 = time.perf_counter()
    report = run_job(spark, str(path), str(workdir / f"out-{cores}"), Options(), overwrite=True)
    t2 = time.perf_counter()
    cpu = tree_cpu() - cpu0  # before stop(): the JVM and the workers still count here
    spark.stop()
    return {"articles": report.articles, "clusters": report.clusters, "total": t2 - t0,
            "cpu": cpu, "phases": [("session", t1 - t0), *report.phases]}


def _child(kind: str, corpus: Path, cores: int, work: Path) -> dict[str, Any]:
    """One measurement in a process of its own (its own JVM, its own caches), niced as
    this one is; with the load average on either side of it."""
    import subprocess

    before = os.getloadavg()[0]
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--corpus", str(corpus),
                          "--cores", str(cores), "--work", str(work)],
                         capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"bench_spark: the {kind} run on {corpus.name} failed:\n{out.stderr[-3000:]}")
    got = json.loads(out.stdout.strip().splitlines()[-1])
    got["load"] = (before, os.getloadavg()[0])
    return got


def fixed_cost(small: dict[str, Any], big: dict[str, Any], n: int, key: str) -> tuple[float, float]:
    """(fixed cost, marginal articles per second) from runs on n and 2n articles."""
    return 2 * small[key] - big[key], n / max(1e-9, big[key] - small[key])


def share(fixed: float, rate: float, m: int) -> float:
    """The fixed cost's share of a run on m articles."""
    return fixed / (fixed + m / rate)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000,
                    help="N: each core count runs on N and on 2N generated articles")
    ap.add_argument("--cores", default="1,2,4", help="executor cores to run with (local[N])")
    ap.add_argument("--at", type=int, default=20_000,
                    help="corpus size the fixed cost's share is given for (from the measured rates)")
    ap.add_argument("--child", choices=("single", "spark"), help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    if args.child:
        got = (single_process(args.corpus) if args.child == "single"
               else spark_run(args.corpus, int(args.cores), args.work))
        print(json.dumps(got))
        return 0
    n, m = args.articles, args.at
    work = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    try:
        corpora = {}
        for size in (n, 2 * n):
            corpora[size] = work / f"corpus-{size}.jsonl"
            generate_corpus(size, corpora[size], varied=True)
        words = sum(len(json.loads(line)["text"].split())
                    for line in corpora[n].read_text(encoding="utf-8").splitlines()) / n
        print(f"corpus: {n} and {2 * n} articles ({corpora[n].stat().st_size / 1e6:.1f} and "
              f"{corpora[2 * n].stat().st_size / 1e6:.1f} MB, {words:.0f} words an article); "
              f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}; nice {os.nice(0)}",
              flush=True)
        one = _child("single", corpora[n], 1, work)
        single = one["articles"] / one["total"]
        print(f"single process (read_articles + analyze_many, caches warm): {one['articles']} "
              f"articles in {one['total']:.1f} s = {single:.2f} articles/s; CPU {one['cpu']:.1f} s = "
              f"{1000 * one['cpu'] / one['articles']:.0f} ms an article (load {one['load'][0]:.1f}"
              f"-{one['load'][1]:.1f})", flush=True)
        for cores in (int(c) for c in args.cores.split(",")):
            runs = {size: _child("spark", corpora[size], cores, work) for size in (n, 2 * n)}
            small, big = runs[n], runs[2 * n]
            for size, r in runs.items():
                phases = ", ".join(f"{name} {secs:.1f} s" for name, secs in r["phases"])
                print(f"spark local[{cores}] on {size}: {r['articles']} articles ({r['clusters']} "
                      f"clusters) in {r['total']:.1f} s, CPU {r['cpu']:.1f} s (load "
                      f"{r['load'][0]:.1f}-{r['load'][1]:.1f}): {phases}", flush=True)
            fixed, rate = fixed_cost(small, big, n, "total")
            fixed_cpu, cpu_rate = fixed_cost(small, big, n, "cpu")
            print(f"  local[{cores}]: marginal {rate:.2f} articles/s = {rate / cores:.2f} per core "
                  f"(single process {single:.2f}: {rate / single:.2f}x the single process, "
                  f"{rate / cores / single:.2f}x per core); fixed cost 2T(N)-T(2N) = {fixed:.1f} s "
                  f"= {100 * fixed / big['total']:.0f}% of the {2 * n}-article run, "
                  f"{100 * share(fixed, rate, m):.1f}% of a run on {m:,}; by CPU: fixed "
                  f"{fixed_cpu:.1f} s, {1000 / cpu_rate:.0f} ms an article (single process "
                  f"{1000 * one['cpu'] / one['articles']:.0f}), {100 * share(fixed_cpu, cpu_rate, m):.1f}% "
                  f"of a run on {m:,}", flush=True)
            # on cores of its own the fixed work runs mostly on one core (the JVM's start,
            # a daemon's load, the driver's planning) and the articles spread over all
            dedicated = fixed_cpu / (fixed_cpu + m / cpu_rate / cores)
            print(f"  local[{cores}] on {cores} dedicated cores, from the CPU figures: {m:,} "
                  f"articles in {fixed_cpu + m / cpu_rate / cores:.0f} s, "
                  f"{cpu_rate:.1f} articles/s per core; fixed cost {100 * dedicated:.1f}% of the run",
                  flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

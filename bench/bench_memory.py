"""Time and peak memory of ingesting one large article, by size, each in its own process.

    python bench/bench_memory.py [--sizes 4K,128K,1M,10M,50M] [--timeout 900] [--all]
                                 [--trace FILE]
    python bench/bench_memory.py --store-step 64000,320000

Why a process per size: peak RSS is a property of a process, and one that has parsed a
10 MB article keeps its heap; each size is measured fresh, in the same run, against a
4 KB article as the baseline (start-up, model and store: what any run costs).

Each run is what a user types: ``warledger ingest FILE --db NEW.duckdb --quiet`` on one
article made of the test articles (``tests/articles``, ``tests/articles2``) with their
numbers varied, cut to the size and written as ONE line (no paragraph breaks: the worst
case for cutting a text into segments, and the shape of the input that used to run away).
The text is dense with loss claims, so most of it is parsed: a slow case, not a kind one.

Prints per size: wall-clock seconds, CPU seconds (user + sys of the process), peak RSS (``wait4``'s ru_maxrss), seconds per MB
above the baseline, peak RSS above the baseline, the claims stored, and the exit status.
By default the limits are left as shipped (``Options.max_bytes`` for an input, 50 MiB, and
``Options.max_article_chars`` for one article's text, 10 Mi characters), so an input over
them shows what a user gets: refused at once, alone. ``--all`` raises both so that every
size is analysed (the 50 MB run then takes about an hour on a busy machine).
Each size is stopped after ``--timeout`` seconds (reported as such), so the total is
bounded by the number of sizes times that. ``--trace`` appends the process's RSS every
5 s. ``--store-step`` measures instead the last step alone: ``put_batch`` of one article
carrying N claims (a 10 MB bench article gives about 64,000, a 50 MB one 320,000), each
N in its own process: where the memory of a huge article goes besides the analysis.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNITS = {"K": 1024, "M": 1024 * 1024}


def parse_size(text: str) -> int:
    text = text.strip().upper()
    return int(float(text[:-1]) * UNITS[text[-1]]) if text[-1] in UNITS else int(text)


def make_article(size: int, path: Path, seed: int = 1) -> None:
    """``size`` bytes of article text on one line, varied so no two copies are alike."""
    texts = [p.read_text(encoding="utf-8") for folder in ("articles", "articles2")
             for p in sorted((ROOT / "tests" / folder).glob("*.txt"))]
    if not texts:
        raise SystemExit("no test articles found under tests/articles*")
    rng = random.Random(seed)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            text = rng.choice(texts)
            text = re.sub(r"\d+", lambda m: str(rng.randint(2, 999)), text)
            line = " ".join(text.split()) + " "
            piece = line.encode("utf-8")[: size - written].decode("utf-8", "ignore")
            out.write(piece)
            written += len(piece.encode("utf-8"))
            if not piece:
                break
        out.write("\n")


def rss_now(pid: int) -> float | None:
    """The process's resident set in MB now (``VmRSS``), None once it has gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_one(article: Path, db: Path, timeout: float, limit: int | None,
            trace: Path | None = None) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), OMP_NUM_THREADS="1")
    cmd = [sys.executable, "-m", "warledger", "ingest", str(article), "--db", str(db), "--quiet"]
    if limit is not None:
        cmd += ["--max-article-chars", str(limit), "--max-bytes", str(4 * limit)]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    timed_out = False
    samples: list[tuple[float, float]] = []
    last_sample = -10.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > timeout:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            timed_out = True
            break
        now = time.monotonic() - started
        if trace is not None and now - last_sample >= 5.0:
            rss = rss_now(proc.pid)
            if rss is not None:
                samples.append((now, rss))
                last_sample = now
        time.sleep(0.2)
    seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    claims = None
    m = re.search(r"(\d+) stored, \d+ duplicates, (\d+) claims", err)
    if m:
        claims = int(m.group(2))
    failed = [ln for ln in err.splitlines() if "failed" in ln and not re.match(r"^\d+ read", ln)]
    if trace is not None:
        with trace.open("a", encoding="utf-8") as out:
            out.write(f"# {article.stat().st_size} bytes\n")
            out.writelines(f"{t:.1f}\t{r:.0f}\n" for t, r in samples)
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024, "claims": claims,
            "exit": "timeout" if timed_out else proc.returncode,
            "note": failed[0].replace(str(article), "the article")[:120] if failed else ""}


def store_step(claims: int) -> None:
    """In this process: write ONE article with ``claims`` claims (and half as many events,
    as many attributions, as the bench article has per MB) to a new DuckDB store, and
    print the store step's time and the memory it took above the records."""
    import resource

    from warledger.records import (Analysis, Article, Attribution, Claim, Count, Event,
                                   PartyRef, Target)
    from warledger.store import open_store

    start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    art = Article(id="big", name="big", text="x " * (claims * 80))
    side = PartyRef("the ministry", "UKR", "UKR")
    records = Analysis(
        art,
        tuple(Claim(article="big", sentence=f"{i} soldiers were killed near town {i}",
                    span=(i * 80, i * 80 + 40), claimant=side, stance="assert", kind="killed",
                    target=Target("RUS", "RUS", "military"), perpetrator=None,
                    count=Count(i % 500, "exact", str(i % 500))) for i in range(claims)),
        tuple(Event(article="big", sentence="Germany called for a ceasefire.",
                    span=(i * 80, i * 80 + 31), type="REQUEST", mode=None, context="ceasefire",
                    actor=PartyRef("Germany", "DEU", "THIRD"), recipient=(side,),
                    claimant=PartyRef(None, None, "UNKNOWN"), stance="assert", modality="fact")
              for i in range(claims // 2)),
        tuple(Attribution(article="big", source=((i * 80, i * 80 + 5),),
                          cue=((i * 80 + 6, i * 80 + 10),), content=((i * 80 + 11, i * 80 + 40),),
                          source_text="Kyiv", party="UKR", side="UKR") for i in range(claims)),
        conflict="x")
    held = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory(prefix="warledger-bench-store-step-") as tmp:
        store = open_store(str(Path(tmp) / "s.duckdb"))
        wall, cpu = time.monotonic(), time.process_time()
        store.put_batch([records])
        wall, cpu = time.monotonic() - wall, time.process_time() - cpu
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{claims:>8} {wall:8.1f} {cpu:8.1f} {held - start:10.0f} {peak - held:10.0f} {peak:8.0f}"
          f"  (load {os.getloadavg()[0]:.1f})", flush=True)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--store-step-worker":
        store_step(int(sys.argv[2]))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="4K,128K,1M,10M,50M")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per size")
    ap.add_argument("--all", action="store_true", help="raise the article limit: analyse every size")
    ap.add_argument("--trace", type=Path, help="append (seconds, RSS MB) every 5 s of each run here")
    ap.add_argument("--store-step", metavar="N,N", help="instead: the store step alone for one "
                    "article of N claims each (the 1 MB bench article has about 6,400)")
    args = ap.parse_args()
    if args.store_step:
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), OMP_NUM_THREADS="1")
        print(f"{'claims':>8} {'wall s':>8} {'CPU s':>8} {'records MB':>10} {'store MB':>10} "
              f"{'peak MB':>8}")
        for n in args.store_step.split(","):
            subprocess.run([sys.executable, __file__, "--store-step-worker", n.strip()], env=env,
                           check=True)
        print("records MB: the claims, events and attributions held; store MB: the peak "
              "above them while put_batch writes them")
        return
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    limit = max(sizes) + 1 if args.all else None
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the start")
    print(f"{'size':>8} {'seconds':>8} {'CPU s':>8} {'peak RSS MB':>11} {'s/MB*':>7} {'RSS-base MB':>11} "
          f"{'claims':>7} {'exit':>7}  note")
    base: dict[str, object] | None = None
    with tempfile.TemporaryDirectory(prefix="warledger-bench-memory-") as tmp:
        for size in sizes:
            article = Path(tmp) / f"article-{size}.txt"
            make_article(size, article)
            got = run_one(article, Path(tmp) / f"store-{size}.duckdb", args.timeout, limit,
                          args.trace)
            article.unlink()
            if base is None:
                base = got
            mb = size / (1024 * 1024)
            extra_s = float(got["seconds"]) - float(base["seconds"])  # type: ignore[arg-type]
            per_mb = f"{extra_s / mb:7.1f}" if got is not base and mb >= 0.1 else f"{'-':>7}"
            extra_rss = float(got["rss_mb"]) - float(base["rss_mb"])  # type: ignore[arg-type]
            label = f"{size // 1024}K" if size < 1024 * 1024 else f"{mb:g}M"
            print(f"{label:>8} {got['seconds']:8.1f} {got['cpu']:8.1f} {got['rss_mb']:11.0f} {per_mb} "
                  f"{extra_rss:11.0f} {got['claims'] if got['claims'] is not None else '-':>7} "
                  f"{got['exit']!s:>7}  {got['note']} (load {os.getloadavg()[0]:.1f})",
                  flush=True)
    print("* seconds per MB above the first (baseline) size: flat when time is linear in size")


if __name__ == "__main__":
    main()

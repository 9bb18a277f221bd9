"""Extraction speed against a plain spaCy pass, on one core, in the same run.

    python bench/bench_extract.py [--words 200000]

Builds a corpus of at least ``--words`` words from the demo articles, the test articles and
the sentence tables, varied in numbers and names so that no two texts are identical (spaCy's
tokenizer caches repeated strings), then times:

  plain: the full en_core_web_sm pipeline (NER included) over every text;
  warledger: what `warledger extract` runs (rule-based sentences, parsing only sentences
             that can carry a claim, attributions, claims with their places and periods;
             events are not computed, as `extract` does not print them).

Prints articles/s and words/s for both and the ratio. The goal is >= 3x.

``--real [FILE ...]`` measures whole processes on real reporting instead (by default the
Reuters 1987 reports and the WSJ 2023 sentences of ../shared/corpus/real): the wall-clock
of ``warledger extract --format jsonl FILE`` against a process that loads the same articles
and runs the plain pass over them, start-up and model loading included in both; it prints the
CPU seconds (user + system) of each process too, and the ratio of those, which is the figure
to quote on a shared machine (wall-clock there measures the other sessions' load as much as
ours), and the median of ``--runs`` runs of each (3 by default). ``--plain-blas``
also times the plain pass with the NumPy-BLAS switch warledger makes (``nlp._use_numpy_blas``),
so the share of the gain that comes from the switch alone is visible.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the goal says

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from warledger.analyze import analyze_many  # noqa: E402
from warledger.ingest import article_from_text, read_articles  # noqa: E402
from warledger.nlp import load_pipeline, plain_pass  # noqa: E402
from warledger.options import Options  # noqa: E402
from warledger.profiles import load_profiles, resolver_for  # noqa: E402
from warledger.records import Article  # noqa: E402

NAMES = ["Avdiivka", "Bakhmut", "Kherson", "Fizuli", "Nyala", "El Fasher", "Rafah", "Jabalia",
         "Marvosk", "Tavrin", "Port Zolta", "Kreva", "Ostrel", "Halmar", "Dunvik", "Selvar"]


def base_texts() -> list[str]:
    """Whole articles, as warledger meets them: the demo corpus and the test articles
    (tests/articles, tests/articles2, tests/attributions). The sentence tables of
    tests/cases are left out: they are lists of claim sentences, not articles, and would
    make every sentence a claim sentence."""
    texts: list[str] = []
    for item in read_articles([str(ROOT / "demo")], Options(quiet=True)):
        if isinstance(item, Article):
            texts.append(item.text)
    for folder in ("articles", "articles2", "attributions"):
        for p in sorted((ROOT / "tests" / folder).glob("*.txt")):
            texts.append(p.read_text(encoding="utf-8"))
    return texts


def vary(text: str, rng: random.Random) -> str:
    text = re.sub(r"\b\d+\b", lambda m: str(max(1, int(m.group(0)) + rng.randint(-9, 9))), text)
    for name in NAMES[:4]:
        text = text.replace(name, rng.choice(NAMES))
    return text + f"\n\nReport {rng.randint(1, 10**9)} filed from {rng.choice(NAMES)}."


REAL = ROOT.parent / "shared" / "corpus" / "real"
_PLAIN = ("import sys; from warledger.ingest import read_articles; from warledger.options import Options; "
          "from warledger.records import Article; from warledger.nlp import plain_pass; "
          "texts = [a.text for a in read_articles(sys.argv[1:], Options(quiet=True)) if isinstance(a, Article)]; "
          "print(plain_pass(texts), len(texts), sum(len(t.split()) for t in texts))")


def _process(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system) of one child process, and its standard output."""
    import resource
    import subprocess
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True, env=env).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out


def real(files: list[str], runs: int = 3) -> None:
    """Whole processes on real text: ``warledger extract`` against a plain spaCy pass (the
    median of ``runs`` runs of each, alternated so both see the same load)."""
    import statistics
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    for f in files:
        plain_runs, ours_runs = [], []
        out, claims = "", ""
        for _ in range(runs):
            wall, cpu, out = _process(["-c", _PLAIN, f], env)
            plain_runs.append((wall, cpu))
            wall, cpu, claims = _process(["-m", "warledger", "extract", "--format", "jsonl", f], env)
            ours_runs.append((wall, cpu))
        plain = statistics.median(w for w, _ in plain_runs)
        ours = statistics.median(w for w, _ in ours_runs)
        plain_cpu = statistics.median(c for _, c in plain_runs)
        ours_cpu = statistics.median(c for _, c in ours_runs)
        n, words = int(out.split()[1]), int(out.split()[2])
        print(f"{Path(f).parent.name}/{Path(f).name}: {n} articles, {words} words (median of {runs})")
        print(f"  plain en_core_web_sm process: {plain:6.1f} s  {words / plain:8.0f} words/s"
              f"   CPU {plain_cpu:6.2f} s")
        print(f"  warledger extract process   : {ours:6.1f} s  {words / ours:8.0f} words/s"
              f"   CPU {ours_cpu:6.2f} s  ({claims.count(chr(10))} claims)")
        print(f"  ratio (warledger / plain)   : {plain / ours:.2f}x wall, {plain_cpu / ours_cpu:.2f}x CPU")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--real", nargs="*", default=None, metavar="FILE",
                    help="whole processes on real text (default: ../shared/corpus/real)")
    ap.add_argument("--runs", type=int, default=3, help="--real: runs of each process (the median is shown)")
    ap.add_argument("--plain-blas", action="store_true",
                    help="also time the plain pass with NumPy's BLAS (the switch warledger makes)")
    args = ap.parse_args()
    if args.real is not None:
        real(args.real or [str(REAL / "reuters-1987" / "articles.jsonl"), str(REAL / "victims-2023" / "wsj.jsonl")],
             args.runs)
        return
    rng = random.Random(7)
    base = base_texts()
    texts: list[str] = []
    words = 0
    while words < args.words:
        t = vary(rng.choice(base), rng)
        texts.append(t)
        words += len(t.split())
    print(f"corpus: {len(texts)} articles, {words} words (no two identical: "
          f"{len(set(texts)) == len(texts)})")

    # warm both pipelines so load time is not counted
    plain_pass(["warm up"])
    load_pipeline(None)
    list(analyze_many([article_from_text("Warm up: 3 tanks were destroyed, Kyiv said.", "w")]))
    # loading is not extraction: compile every profile's and the state table's name matcher
    for profile in load_profiles():
        resolver_for("", conflict=profile.conflict).mentions("warm up")
    resolver_for("Ruritania and Borduria").mentions("warm up")
    # ... and the per-profile matchers that choose a profile, and the one for wars without
    resolver_for("Iraq said Iran lost 3 tanks and Hamas 2 drones.", focus="Iraq said Iran lost 3 tanks.",
                 where=("IRQ",)).mentions("warm up")

    t0 = time.perf_counter()
    plain_pass(texts)
    plain = time.perf_counter() - t0

    arts = [article_from_text(t, f"b{i}") for i, t in enumerate(texts)]
    # what `warledger extract` runs: parse, attributions, claims with places and periods
    t0 = time.perf_counter()
    n_claims = sum(len(a.claims) for a in analyze_many(arts, Options(), ("claims",)))
    ours = time.perf_counter() - t0

    print(f"plain en_core_web_sm pass: {len(texts) / plain:8.1f} articles/s {words / plain:10.0f} words/s")
    print(f"warledger extraction     : {len(texts) / ours:8.1f} articles/s {words / ours:10.0f} words/s"
          f"  ({n_claims} claims)")
    print(f"ratio (warledger / plain): {plain / ours:.2f}x")
    if args.plain_blas:
        plain_pass(["warm up"], numpy_blas=True)
        t0 = time.perf_counter()
        plain_pass(texts, numpy_blas=True)
        fair = time.perf_counter() - t0
        print(f"plain pass, NumPy BLAS   : {len(texts) / fair:8.1f} articles/s {words / fair:10.0f} words/s"
              f"  (ratio against it: {fair / ours:.2f}x)")


if __name__ == "__main__":
    main()

"""How long a command takes to start: ``warledger extract --help`` and friends, whole
processes, against a bare ``python -c pass`` and ``python -c "import typer"`` timed in the
same run (the floor no CLI in this interpreter can go under).

    python bench/bench_startup.py [--runs 7]

Prints the median wall and CPU seconds of each. The goal (issue 15) is ``extract --help``
under 1 s; ``tests/test_imports.py`` checks what the commands import, not their time.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

CASES = {
    "python -c pass": ["-c", "pass"],
    "python -c 'import typer'": ["-c", "import typer"],
    "python -c 'import warledger'": ["-c", "import warledger"],
    "warledger --help": ["-m", "warledger", "--help"],
    "warledger extract --help": ["-m", "warledger", "extract", "--help"],
    "warledger ledger --help": ["-m", "warledger", "ledger", "--help"],
}


def _once(args: list[str]) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], stdout=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(f"{'':32} {'wall s':>8} {'cpu s':>8}   (median of {runs}; load {os.getloadavg()[0]:.1f})")
    for label, args in CASES.items():
        _once(args)  # warm the file cache
        got = [_once(args) for _ in range(runs)]
        wall = statistics.median(w for w, _ in got)
        cpu = statistics.median(c for _, c in got)
        print(f"{label:32} {wall:8.3f} {cpu:8.3f}")


if __name__ == "__main__":
    main()

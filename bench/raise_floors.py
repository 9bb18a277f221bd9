"""Raise the floors of the real-text gates (tests/real_floors.json) to what the extractor
reaches now, less a margin; never lower one.

    python bench/raise_floors.py [--margin 0.01] [--dry-run]

Prints each figure beside its floor. Run it after an extractor change that moved the
figures up, and commit the file with the change.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_real_gates as gates  # noqa: E402  (the gates' own data paths and prediction)


def _score(module, argv: list[str]) -> dict:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        module.main(argv + ["--json"])
    return json.loads(buf.getvalue().strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--margin", type=float, default=0.01)
    ap.add_argument("--dry-run", action="store_true")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    r = gates.REAL / "reuters-1987"
    got_r = _score(gates._scorer("score_claims"), ["--gold", str(r / "gold.jsonl"), "--pred",
                                                   str(gates._predict(r / "articles.jsonl", tmp / "r.jsonl"))])
    v = gates.REAL / "victims-2023" / "wsj.jsonl"
    got_v = _score(gates._scorer("score_victims"), ["--gold", str(v), "--pred",
                                                    str(gates._predict(v, tmp / "v.jsonl"))])
    measured = {"reuters-1987": {"strict_f1": got_r["strict"]["f1"], "slots_f1": got_r["slots"]["f1"]},
                "victims-2023": {"overall": got_v["overall"], "coverage": got_v["coverage"]}}
    path = ROOT / "tests" / "real_floors.json"
    floors = json.loads(path.read_text(encoding="utf-8"))
    for corpus, figures in measured.items():
        for name, value in figures.items():
            old = floors[corpus][name]
            new = max(old, round(value - a.margin, 3))
            print(f"{corpus:14} {name:10} measured {value:.3f}  floor {old:.3f} -> {new:.3f}")
            floors[corpus][name] = new
    if not a.dry_run:
        path.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

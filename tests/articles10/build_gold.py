"""Builds tests/articles10/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles10/build_gold.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import goldbuild  # noqa: E402

HERE = Path(__file__).resolve().parent

# Parties and sides each article may use (README.md explains the choices). Sides other
# than THIRD/UNKNOWN are belligerent sides; parties are who the claim is about or by.
CODES: dict[str, dict[str, set[str]]] = {
    "six-day-1967-06-06": {"sides": {"ISR", "EGY", "JOR", "SYR", "IRQ"},
                           "parties": {"ISR", "EGY", "JOR", "SYR", "IRQ"}},
    "northern-ireland-1979-10-17": {"sides": {"GBR", "PIRA", "IRL"}, "parties": {"GBR", "PIRA"}},
    "rwanda-1994-05-19": {"sides": {"RWA", "RPF", "GHA"}, "parties": {"RWA", "RPF", "GHA"}},
    "mosul-2016-11-24": {"sides": {"IRQ", "ISIS", "USA"}, "parties": {"IRQ", "KRG", "ISIS", "USA"}},
    "aleppo-2016-12-04": {"sides": {"SYR", "RUS", "SYO", "HTS", "IRN", "HEZ"},
                          "parties": {"SYR", "RUS", "SYO", "HTS", "IRN", "HEZ"}},
    "nigeria-2015-02-16": {"sides": {"NGA", "BH", "TCD"}, "parties": {"NGA", "BH", "TCD"}},
    "karabakh-1992-06-16": {"sides": {"AZE", "ARM", "RUS"}, "parties": {"AZE", "ARM", "NKR", "RUS"}},
    "yemen-2018-07-12": {"sides": {"YEM", "SAU", "ARE", "HTH"}, "parties": {"YEM", "SAU", "ARE", "HTH"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

"""Builds tests/articles2/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles2/build_gold.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import goldbuild  # noqa: E402

HERE = Path(__file__).resolve().parent

# Parties and sides each article may use (README.md explains the choices). Sides other
# than THIRD/UNKNOWN are belligerent sides; parties are who the claim is about or by.
CODES: dict[str, dict[str, set[str]]] = {
    "iraq-2003-03-24": {"sides": {"USA", "GBR", "IRQ"}, "parties": {"USA", "GBR", "IRQ"}},
    "iran-iraq-1984-02-27": {"sides": {"IRN", "IRQ"}, "parties": {"IRN", "IRQ", "GRC"}},
    "bosnia-1994-01-23": {"sides": {"BIH", "VRS", "SRB", "HVO", "HRV"},
                          "parties": {"BIH", "VRS", "HVO", "FRA", "UN"}},
    "chechnya-1995-01-04": {"sides": {"RUS", "CHE"}, "parties": {"RUS", "CHE"}},
    "lebanon-2006-07-14": {"sides": {"ISR", "HEZ", "LBN"}, "parties": {"ISR", "HEZ", "LBN"}},
    "eritrea-ethiopia-1999-02-27": {"sides": {"ETH", "ERI"}, "parties": {"ETH", "ERI"}},
    "vietnam-1968-02-13": {"sides": {"RVN", "USA", "VDR", "VNM"},
                           "parties": {"RVN", "USA", "VDR", "VC"}},
    "drc-m23-2024-02-17": {"sides": {"COD", "M23"}, "parties": {"COD", "M23", "RWA", "ZAF", "UN"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

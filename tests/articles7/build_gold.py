"""Builds tests/articles7/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles7/build_gold.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import goldbuild  # noqa: E402

HERE = Path(__file__).resolve().parent

# Parties and sides each article may use (README.md explains the choices). Sides other
# than THIRD/UNKNOWN are belligerent sides or the codes of third countries named in the
# text; parties are who the claim is about or by.
CODES: dict[str, dict[str, set[str]]] = {
    "israel-gaza-2024-05-16": {"sides": {"ISR", "PSE"}, "parties": {"ISR", "PSE", "HAMAS"}},
    "russia-ukraine-2023-08-22": {"sides": {"UKR", "RUS"}, "parties": {"UKR", "RUS"}},
    "russia-ukraine-2024-06-18": {"sides": {"UKR", "RUS", "USA"}, "parties": {"UKR", "RUS"}},
    "sudan-2023-06-14": {"sides": {"SAF", "RSF", "SDN"}, "parties": {"SAF", "RSF", "SDN"}},
    "red-sea-2024-06-20": {"sides": {"HTH", "YEM", "USA", "GBR", "PAN", "GRC", "BLZ", "PHL", "VNM"},
                           "parties": {"HTH", "USA", "PAN", "GRC", "BLZ", "PHL", "VNM"}},
    "lebanon-2024-06-27": {"sides": {"ISR", "HEZ", "LBN", "SYR"},
                           "parties": {"ISR", "HEZ", "LBN", "SYR"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

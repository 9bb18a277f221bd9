"""Builds tests/articles9/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles9/build_gold.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import goldbuild  # noqa: E402

HERE = Path(__file__).resolve().parent

# Parties and sides each article may use (README.md explains the choices). Sides other
# than THIRD/UNKNOWN are belligerent sides; parties are who the claim is about or by.
CODES: dict[str, dict[str, set[str]]] = {
    "israel-gaza-2023-12-14": {"sides": {"ISR", "PSE"}, "parties": {"ISR", "PSE", "HAMAS"}},
    "israel-gaza-2024-03-09": {"sides": {"ISR", "PSE", "JOR", "GBR"},
                               "parties": {"ISR", "PSE", "HAMAS", "JOR"}},
    "russia-ukraine-2024-02-17": {"sides": {"UKR", "RUS", "USA"}, "parties": {"UKR", "RUS"}},
    "russia-ukraine-2024-03-08": {"sides": {"UKR", "RUS", "GBR"}, "parties": {"UKR", "RUS"}},
    "philippines-1987-06-18": {"sides": {"PHL", "NPA"}, "parties": {"PHL", "NPA"}},
    "el-salvador-1984-10-23": {"sides": {"SLV", "FMLN", "USA"}, "parties": {"SLV", "FMLN", "USA"}},
    "arab-israeli-1973-10-10": {"sides": {"ISR", "EGY", "SYR", "SUN"},
                                "parties": {"ISR", "EGY", "SYR", "SUN"}},
    "rhodesia-1978-11-02": {"sides": {"RHO", "ZANU", "MOZ", "GBR"},
                            "parties": {"RHO", "ZANU", "MOZ", "GBR"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

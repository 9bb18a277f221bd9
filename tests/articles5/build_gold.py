"""Builds tests/articles5/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles5/build_gold.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import goldbuild  # noqa: E402

HERE = Path(__file__).resolve().parent

# Parties and sides each article may use (README.md explains the choices). Sides other
# than THIRD/UNKNOWN are belligerent sides; parties are who the claim is about or by.
CODES: dict[str, dict[str, set[str]]] = {
    "korea-1951-02-14": {"sides": {"USA", "KOR", "FRA", "CHN", "PRK"},
                         "parties": {"USA", "KOR", "FRA", "CHN", "PRK"}},
    "lebanon-1982-06-10": {"sides": {"ISR", "SYR", "PLO", "LBN", "CYP", "NOR"},
                           "parties": {"ISR", "SYR", "PLO", "LBN", "CYP", "NOR", "UN"}},
    "gulf-1991-02-26": {"sides": {"USA", "GBR", "IRQ", "KWT"},
                        "parties": {"USA", "GBR", "IRQ", "KWT"}},
    "libya-2011-04-20": {"sides": {"LBY", "NTC", "NATO", "EGY"},
                         "parties": {"LBY", "NTC", "NATO", "EGY"}},
    "marawi-2017-06-15": {"sides": {"PHL", "ISIS"}, "parties": {"PHL", "ISIS"}},
    "burkina-2022-11-22": {"sides": {"BFA", "AQ", "ISIS"}, "parties": {"BFA", "VDP", "AQ", "ISIS"}},
    "myanmar-2023-11-10": {"sides": {"MMR", "BHA", "TNLA", "PDF", "CHN"},
                           "parties": {"MMR", "BHA", "TNLA", "PDF", "CHN"}},
    "israel-hezbollah-2024-10-15": {"sides": {"ISR", "HEZ", "LBN"},
                                    "parties": {"ISR", "HEZ", "LBN", "UN"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

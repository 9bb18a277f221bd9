"""Builds tests/articles3/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles3/build_gold.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import goldbuild  # noqa: E402

HERE = Path(__file__).resolve().parent

# Parties and sides each article may use (README.md explains the choices). Sides other
# than THIRD/UNKNOWN are belligerent sides; parties are who the claim is about or by.
CODES: dict[str, dict[str, set[str]]] = {
    "ukraine-2023-08-14": {"sides": {"UKR", "RUS"}, "parties": {"UKR", "RUS", "DPR"}},
    "gaza-2023-11-20": {"sides": {"ISR", "PSE"}, "parties": {"ISR", "PSE", "HAMAS", "UN"}},
    "sudan-2024-06-09": {"sides": {"SAF", "RSF", "SDN"}, "parties": {"SAF", "RSF", "SDN"}},
    "yemen-2024-02-19": {"sides": {"HTH", "YEM", "USA", "GBR"}, "parties": {"HTH", "YEM", "USA", "GBR"}},
    "syria-2015-10-12": {"sides": {"SYR", "RUS", "SYO", "ISIS", "SDF", "USA", "TUR"},
                         "parties": {"SYR", "RUS", "SYO", "ISIS", "SDF", "USA"}},
    "afghanistan-2009-08-30": {"sides": {"AFG", "TAL", "USA", "GBR"},
                               "parties": {"AFG", "TAL", "USA", "GBR", "ISAF"}},
    "somalia-2017-06-09": {"sides": {"SOM", "SHB", "KEN", "USA", "ISIS"},
                           "parties": {"SOM", "SHB", "KEN", "USA", "ISIS", "AU"}},
    "kosovo-1999-04-29": {"sides": {"YUG", "SRB", "KLA", "XKX", "NATO", "USA"},
                          "parties": {"YUG", "KLA", "NATO", "USA"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

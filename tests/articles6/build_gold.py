"""Builds tests/articles6/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles6/build_gold.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import goldbuild  # noqa: E402

HERE = Path(__file__).resolve().parent

# Parties and sides each article may use (README.md explains the choices). Sides other
# than THIRD/UNKNOWN are belligerent sides; parties are who the claim is about or by.
CODES: dict[str, dict[str, set[str]]] = {
    "indo-pakistan-1971-12-08": {"sides": {"IND", "PAK", "BGD", "CAN"},
                                 "parties": {"IND", "PAK", "MB", "CAN"}},
    "ogaden-1977-09-15": {"sides": {"ETH", "SOM", "WSLF"}, "parties": {"ETH", "SOM", "WSLF"}},
    "sino-vietnamese-1979-02-27": {"sides": {"CHN", "VNM", "DEU"}, "parties": {"CHN", "VNM", "DEU"}},
    "afghanistan-1985-06-20": {"sides": {"AFG", "SUN", "RUS", "MUJ", "PAK"},
                               "parties": {"AFG", "SUN", "MUJ", "PAK"}},
    "angola-1988-02-25": {"sides": {"ZAF", "AGO", "CUB", "UNITA", "SUN", "GBR"},
                          "parties": {"ZAF", "AGO", "CUB", "UNITA", "SUN", "GBR"}},
    "turkey-pkk-1995-03-28": {"sides": {"TUR", "PKK", "IRQ"}, "parties": {"TUR", "PKK", "IRQ"}},
    "colombia-2002-05-06": {"sides": {"COL", "FARC", "AUC", "ELN"},
                            "parties": {"COL", "FARC", "AUC", "ELN"}},
    "mozambique-2021-04-02": {"sides": {"MOZ", "ISIS", "PMC", "ZAF"},
                              "parties": {"MOZ", "ISIS", "PMC", "ZAF"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

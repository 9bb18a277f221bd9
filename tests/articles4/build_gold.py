"""Builds tests/articles4/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles4/build_gold.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import goldbuild  # noqa: E402

HERE = Path(__file__).resolve().parent

# Parties and sides each article may use (README.md explains the choices). Sides other
# than THIRD/UNKNOWN are belligerent sides; parties are who the claim is about or by.
CODES: dict[str, dict[str, set[str]]] = {
    "falklands-1982-05-26": {"sides": {"GBR", "ARG"}, "parties": {"GBR", "ARG"}},
    "peru-1989-06-11": {"sides": {"PER", "SL", "MRTA"}, "parties": {"PER", "SL", "MRTA"}},
    "georgia-2008-08-10": {"sides": {"RUS", "GEO", "OSS"}, "parties": {"RUS", "GEO", "OSS", "OSCE"}},
    "iraq-2004-11-12": {"sides": {"USA", "IRQ", "AQI", "AQ"}, "parties": {"USA", "IRQ", "AQI"}},
    "srilanka-2009-04-22": {"sides": {"LKA", "LTTE"}, "parties": {"LKA", "LTTE"}},
    "mali-2019-11-03": {"sides": {"MLI", "FRA", "ISIS", "AQ", "BFA", "TCD"},
                        "parties": {"MLI", "FRA", "ISIS", "AQ", "BFA", "TCD"}},
    "tigray-2021-11-08": {"sides": {"ETH", "TPLF", "ERI"}, "parties": {"ETH", "TPLF", "ERI", "AMH"}},
    "karabakh-2020-10-14": {"sides": {"AZE", "ARM"}, "parties": {"AZE", "ARM", "NKR"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

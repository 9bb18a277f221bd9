"""Builds tests/articles11/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles11/build_gold.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import goldbuild  # noqa: E402

HERE = Path(__file__).resolve().parent

# Parties and sides each article may use (README.md explains the choices). Sides other
# than THIRD/UNKNOWN are belligerent sides; parties are who the claim is about or by.
CODES: dict[str, dict[str, set[str]]] = {
    "algeria-1958-05-07": {"sides": {"FRA", "FLN", "TUN"}, "parties": {"FRA", "FLN", "TUN"}},
    "malaya-1951-08-14": {"sides": {"GBR", "MCP"}, "parties": {"GBR", "MCP"}},
    "chechnya-2000-01-26": {"sides": {"RUS", "CHE"}, "parties": {"RUS", "CHE"}},
    "south-sudan-2014-04-21": {"sides": {"SSD", "SPLMIO", "UGA", "GHA"},
                               "parties": {"SSD", "SPLMIO", "UGA", "GHA"}},
    "libya-2019-04-18": {"sides": {"GNA", "LNA", "LBY"}, "parties": {"GNA", "LNA", "LBY"}},
    "india-china-2020-06-16": {"sides": {"IND", "CHN"}, "parties": {"IND", "CHN"}},
    "somalia-2022-09-20": {"sides": {"SOM", "SHB", "USA", "DJI"},
                           "parties": {"SOM", "SHB", "USA", "DJI", "AU"}},
    "ethiopia-2023-08-10": {"sides": {"ETH", "FANO", "TPLF"}, "parties": {"ETH", "FANO", "TPLF"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

"""Builds tests/articles14/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles14/build_gold.py

Codes not in ../shared/eval/actors.tsv, used in this set (README.md explains them):
- RVN, VDR (Vietnam 1968), as tests/articles2: the Republic of Vietnam (South Vietnam, RVN, no
  current ISO code) and the Democratic Republic of Viet-Nam (North Vietnam, VDR, ISO 3166-3; VNM,
  today's code of the Viet Nam that continues it, accepted as its side). South Vietnam was first
  coded VNM (its ISO code of the day) and re-coded RVN after the first scoring: VNM in ISO
  3166-1 today is the successor of North Vietnam. VC: the Viet Cong (National Liberation Front
  and its guerrillas), side VDR (it fought on Hanoi's side); "the enemy" and "North Vietnamese
  and Viet Cong soldiers" party VC or VDR.
- FDLR (DR Congo 2024): the Democratic Forces for the Liberation of Rwanda, a militia fighting
  alongside the Congolese army; side COD.
- JF (Sudan 2024): the "joint forces" of former Darfur rebel movements fighting with the
  army in El Fasher; side SAF.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import goldbuild  # noqa: E402

HERE = Path(__file__).resolve().parent

# Parties and sides each article may use (README.md explains the choices). Sides other
# than THIRD/UNKNOWN are belligerent sides; parties are who the claim is about or by.
CODES: dict[str, dict[str, set[str]]] = {
    "vietnam-1968-05-16": {"sides": {"USA", "RVN", "VDR", "VNM", "AUS"},
                           "parties": {"USA", "RVN", "VDR", "VC", "AUS"}},
    "eritrea-ethiopia-1999-03-16": {"sides": {"ERI", "ETH"}, "parties": {"ERI", "ETH"}},
    "chechnya-1995-02-08": {"sides": {"RUS", "CHE"}, "parties": {"RUS", "CHE"}},
    "lebanon-2006-08-09": {"sides": {"ISR", "HEZ", "LBN", "GHA"},
                           "parties": {"ISR", "HEZ", "LBN", "GHA"}},
    "drcongo-2024-10-22": {"sides": {"COD", "M23", "RWA", "URY", "TZA"},
                           "parties": {"COD", "M23", "RWA", "FDLR", "URY", "TZA"}},
    "sudan-2024-05-20": {"sides": {"SAF", "RSF", "SDN"}, "parties": {"SAF", "JF", "RSF", "SDN"}},
    "colombia-1998-08-06": {"sides": {"COL", "FARC"}, "parties": {"COL", "FARC"}},
    "israel-iran-2025-06-15": {"sides": {"ISR", "IRN"}, "parties": {"ISR", "IRN", "IRGC"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

"""Builds tests/articles13/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles13/build_gold.py

Codes not in ../shared/eval/actors.tsv, used in this set (README.md explains them):
- EPLF (Eritrea 1988): the Eritrean People's Liberation Front, its guerrillas, its radio (the
  Voice of the Broad Masses) and its statements; a side of its own. Eritrean civilians in the
  fighting take side EPLF or ETH (the text does not settle whose community they are).
- SUN (Eritrea 1988): the Soviet Union (the withdrawn ISO 3166-1 alpha-3 code of the USSR), as
  tests/articles6 and articles7 use it; RUS accepted as side.
- GRC (Iran-Iraq 1985): Greece, the flag of the invented tanker; a third country (THIRD accepted).
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
    "gaza-2023-12-25": {"sides": {"ISR", "PSE"}, "parties": {"ISR", "PSE", "HAMAS", "PIJ"}},
    "gaza-2024-04-03": {"sides": {"ISR", "PSE", "HEZ"},
                        "parties": {"ISR", "PSE", "HAMAS", "PIJ", "HEZ"}},
    "gaza-2024-10-14": {"sides": {"ISR", "PSE", "HEZ", "LBN"},
                        "parties": {"ISR", "PSE", "HAMAS", "PIJ", "HEZ", "LBN"}},
    "ukraine-2022-04-12": {"sides": {"UKR", "RUS"}, "parties": {"UKR", "RUS"}},
    "russia-ukraine-2023-06-14": {"sides": {"RUS", "UKR"}, "parties": {"RUS", "UKR"}},
    "ukraine-2024-09-17": {"sides": {"UKR", "RUS"}, "parties": {"UKR", "RUS"}},
    "iran-iraq-1985-03-14": {"sides": {"IRQ", "IRN", "GRC"}, "parties": {"IRQ", "IRN", "IRGC", "GRC"}},
    "eritrea-1988-03-22": {"sides": {"ETH", "EPLF", "SUN", "RUS", "TPLF"},
                           "parties": {"ETH", "EPLF", "SUN", "TPLF"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

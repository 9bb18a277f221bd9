"""Builds tests/articles8/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles8/build_gold.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import goldbuild  # noqa: E402

HERE = Path(__file__).resolve().parent

# Parties and sides each article may use (README.md explains the choices). Sides other
# than THIRD/UNKNOWN are belligerent sides; parties are who the claim is about or by.
CODES: dict[str, dict[str, set[str]]] = {
    "iran-iraq-1987-08-29": {"sides": {"IRQ", "IRN", "CYP", "SAU"},
                             "parties": {"IRQ", "IRN", "IRGC", "CYP", "SAU"}},
    "lebanon-1985-05-22": {"sides": {"AMAL", "PLO", "PSE", "LBN", "ISR", "HEZ"},
                           "parties": {"AMAL", "PLO", "PSE", "LBN", "ISR", "SLA", "HEZ"}},
    "srilanka-1987-05-14": {"sides": {"LKA", "LTTE"}, "parties": {"LKA", "LTTE"}},
    "afghanistan-1987-10-09": {"sides": {"AFG", "SUN", "RUS", "MUJ", "PAK"},
                               "parties": {"AFG", "SUN", "MUJ", "PAK"}},
    "nicaragua-1986-07-03": {"sides": {"NIC", "CONTRA", "HND"}, "parties": {"NIC", "CONTRA", "HND"}},
    "chad-1987-03-24": {"sides": {"TCD", "LBY", "FRA"}, "parties": {"TCD", "LBY", "FRA"}},
    "mozambique-1990-11-08": {"sides": {"MOZ", "RENAMO", "ZWE"}, "parties": {"MOZ", "RENAMO", "ZWE"}},
    "croatia-1991-10-03": {"sides": {"HRV", "YUG"}, "parties": {"HRV", "YUG"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

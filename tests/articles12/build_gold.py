"""Builds tests/articles12/gold.jsonl from the compact *.gold files beside it (format and
checks: tests/goldbuild.py). Run: python tests/articles12/build_gold.py

Codes not in ../shared/eval/actors.tsv, used in this set (README.md explains them):
- MJK (Kargil 1999): the Kashmiri militant groups ("mujahideen", "freedom fighters") on the
  heights as Pakistan describes the intruders; side PAK. India calls them Pakistan Army
  regulars, so the intruders' party is PAK or MJK.
- SNA (Mogadishu 1993): Gen. Mohamed Farah Aidid's Somali National Alliance and its militia;
  its own side. SOM: Somali civilians and the Somali community (no government in 1993), a side
  of its own beside SNA.
- JJW (Darfur 2004): the Janjaweed militia, side SDN (it fights on the government's side).
  SLM: the rebel Sudan Liberation Army/Movement (actors.tsv's SLA is the South Lebanon Army).
  JEM: the rebel Justice and Equality Movement.
- VRS (Srebrenica 1995): the Bosnian Serb army and authorities, as tests/articles2.
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
    "gaza-2014-07-23": {"sides": {"ISR", "PSE", "THA"},
                        "parties": {"ISR", "HAMAS", "PIJ", "PSE", "THA"}},
    "donbas-2015-02-03": {"sides": {"UKR", "RUS"}, "parties": {"UKR", "DPR", "RUS"}},
    "kargil-1999-06-14": {"sides": {"IND", "PAK"}, "parties": {"IND", "PAK", "MJK"}},
    "mogadishu-1993-09-10": {"sides": {"USA", "SNA", "SOM", "PAK", "ITA"},
                             "parties": {"USA", "SNA", "SOM", "PAK", "ITA"}},
    "darfur-2004-07-20": {"sides": {"SDN", "SLM", "JEM"}, "parties": {"SDN", "JJW", "SLM", "JEM"}},
    "idlib-2020-03-02": {"sides": {"TUR", "SYR", "RUS", "SYO", "HTS", "HEZ", "IRN"},
                         "parties": {"TUR", "SYR", "RUS", "SYO", "HTS", "HEZ", "IRN"}},
    "iraq-2007-04-18": {"sides": {"USA", "IRQ", "AQ", "AQI"}, "parties": {"USA", "IRQ", "AQ", "AQI"}},
    "srebrenica-1995-07-12": {"sides": {"BIH", "VRS", "SRB", "NLD", "USA"},
                              "parties": {"BIH", "VRS", "NLD"}},
}


if __name__ == "__main__":
    sys.exit(goldbuild.main(HERE, CODES))

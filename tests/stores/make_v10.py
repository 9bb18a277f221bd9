"""Writes ``v10-demo.json``: a schema-v10 store as the warledger of that schema wrote it, for
the test that upgrades it in place (tests/test_store_upgrade.py).

Why a file made once and kept: the upgrade must be tested on what the previous version
really wrote, not on rows this version's code lays out the old way. Run it with the
previous version's code (the claims table of v10: ``qualifier``, ``cumulative``, the place
as one JSON ``location``)::

    git archive 97fe293 src | tar -x -C /tmp/v10
    PYTHONPATH=/tmp/v10/src python tests/stores/make_v10.py tests/stores/v10-demo.json

It ingests demo/ with that version's ``warledger ingest``, adds one article whose claim has
a place in quotes and accents, a negative longitude and no gazetteer name, and dumps every
table but ``schema_version`` with what that version answered: its claims, ledgers and CSV
export.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(out: str) -> None:
    from warledger.export import export
    from warledger.ledger import LedgerQuery, build_ledger
    from warledger.records import (Analysis, Article, Claim, Count, Location, PartyRef,
                                   Period, Target)
    from warledger.store import open_store
    from warledger.store.base import Query
    from warledger.store.schema import LATEST

    assert LATEST == 10, f"run this with the v10 warledger, not v{LATEST}"
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "v10.duckdb")
        subprocess.run([sys.executable, "-m", "warledger", "ingest", "--db", db, "--quiet",
                        str(ROOT / "demo")], check=True)
        store = open_store(db)
        text = ("Rebels said 7 civilians were killed in \"Săo Tomé-Ñ\" on 3 June. "
                "Officials said over 20 fighters died there so far.")
        a = Article(id="id-quoted-place", name="quoted-place", text=text, outlet="Wire Ex",
                    published="2025-06-04")
        place = Location(text="\"Săo Tomé-Ñ\"", name=None, country="STP", lat=0.3365,
                         lon=-6.72, precision="town")
        claims = (
            Claim(article=a.name, sentence=text[:64], span=(0, 64),
                  claimant=PartyRef("Rebels", None, "UNKNOWN"), stance="assert", kind="killed",
                  target=Target(None, "UNKNOWN", "civilians"), perpetrator=None,
                  count=Count(7, "exact", "7"), location=place,
                  period=Period("2025-06-03", "2025-06-03", False, "on 3 June")),
            Claim(article=a.name, sentence=text[65:], span=(65, len(text)),
                  claimant=PartyRef("Officials", None, "UNKNOWN"), stance="assert",
                  kind="killed", target=Target(None, "UNKNOWN", "military"), perpetrator=None,
                  count=Count(20, "over", "over 20"), location=None,
                  period=Period(None, "2025-06-04", True, "so far")))
        store.put_batch([Analysis(a, claims, conflict="quoted")])
        tables = [r[0] for r in store.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() ORDER BY table_name")]
        dump: dict[str, object] = {}
        for t in tables:
            if t == "schema_version":
                continue
            cols = [r[0] for r in store.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [t])]
            order = "id" if "id" in cols else ", ".join(cols)
            rows = store.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY {order}")
            dump[t] = {"columns": cols, "rows": [list(r) for r in rows]}
        path = Path(tmp) / "claims.csv"
        export(store, "claims", "csv", str(path))
        answers = {
            "claims": store.claims(Query(limit=0)),
            "ledger": [r.to_dict() for r in build_ledger(store, LedgerQuery())],
            "ledger_exact_by_day": [r.to_dict() for r in build_ledger(
                store, LedgerQuery(by="day", exact=True))],
            "ledger_by_month": [r.to_dict() for r in build_ledger(store, LedgerQuery(by="month"))],
            "claims_csv": path.read_text(encoding="utf-8"),
        }
        store.close()
    Path(out).write_text(json.dumps({"schema": 10, "tables": dump, "answers": answers},
                                    ensure_ascii=False, indent=None, sort_keys=True) + "\n",
                         encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])

"""Rebuilds gold.jsonl from the compact *.gold files next to the articles.

Gold in DESIGN.md's record is long-winded to write by hand and easy to get subtly wrong
(a sentence that is not quite the article's), so each article's claims are kept in a
compact *.gold file (same stem as the .txt) and expanded here:

    @ some words            picks the one sentence of the article containing these words
    kind|category|target side|target party|count|qualifier|claimant side|claimant text|stance|perpetrator side

"# ..." lines note a coding decision. "," separates acceptable values (the scorer takes a list as "any of these"); "-" is no
number. Run: python tests/articles/build_gold.py
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SENTENCE_END = re.compile(r'(?:(?<=[.!?])|(?<=[.!?]["”]))\s+(?=["“A-Z])')


def values(field: str, numeric: bool = False) -> Any:
    """One value, or a list of acceptable values."""
    parts = [None if p == "-" else (int(p) if numeric else p) for p in field.split(",")]
    return parts[0] if len(parts) == 1 else parts


def sentences(text: str) -> list[str]:
    return [s.strip() for para in text.split("\n") for s in SENTENCE_END.split(para) if s.strip()]


def expand(gold_file: Path) -> list[dict[str, Any]]:
    article = gold_file.stem
    candidates = sentences((HERE / f"{article}.txt").read_text(encoding="utf-8"))
    records: list[dict[str, Any]] = []
    sentence = ""
    for number, line in enumerate(gold_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue  # "# ..." notes a coding decision
        if line.startswith("@ "):
            hits = [s for s in candidates if line[2:] in s]
            if len(hits) != 1:
                raise SystemExit(f"{gold_file.name}:{number}: {len(hits)} sentences contain {line[2:]!r}")
            sentence = hits[0]
            continue
        kind, cat, tside, tparty, count, qual, cside, ctext, stance, pside = line.split("|")
        records.append({
            "article": article, "sentence": sentence,
            "claimant": {"text": ctext, "side": values(cside)}, "stance": stance, "kind": values(kind),
            "target": {"side": values(tside), "party": values(tparty), "category": values(cat)},
            "perpetrator": {"side": values(pside)},
            "count": {"value": values(count, numeric=True), "qualifier": values(qual)},
        })
    return records


def main() -> None:
    records = [r for path in sorted(HERE.glob("*.gold")) for r in expand(path)]
    with (HERE / "gold.jsonl").open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(dict(Counter(r["article"] for r in records)))


if __name__ == "__main__":
    main()

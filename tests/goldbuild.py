"""Builds the gold.jsonl of an own article set (tests/articles2, tests/articles3) from its
compact *.gold files; each set's build_gold.py holds only its folder and its codes.

Why a builder: the seed gold record (DESIGN.md, "The loss claim") repeats the evidence
sentence and every nested field per claim, and a hand-typed sentence that differs from the
article by one curly quote silently never matches. Here each claim is one line, the
sentence is looked up in the article, and everything is checked before it is written.

Compact format (one .gold per article, same stem as the .txt):

    # comment
    > words             evidence = the one sentence of the article containing these words
    >> exact fragment   evidence = this fragment itself (must occur in the article)
    kind | category | target side | target party | count | qualifier | claimant side | claimant text | stance | perpetrator side

A field may list acceptable values separated by "," (the scorer accepts any of them;
stance too: "assert,deny" for a stated zero, ANNOTATION.md "stance"); "-" means null (no
number, no perpetrator). Run: python tests/articles2/build_gold.py (or articles3).
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

KINDS = {"killed", "wounded", "captured", "missing", "destroyed", "damaged", "attacks", "losses"}
CATEGORIES = {"civilians", "military", "people", "tank", "armored_vehicle", "artillery",
              "air_defense", "aircraft", "helicopter", "drone", "vehicle", "ship", "bunker",
              "unit", "equipment", "incidents"}
QUALIFIERS = {"exact", "about", "over", "at_least", "nearly", "up_to", "vague"}
STANCES = {"assert", "deny"}
NON_BELLIGERENT = {"THIRD", "UNKNOWN"}

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = ("U.S.", "U.N.", "Brig.", "Gen.", "Lt.", "Col.", "Maj.", "Sgt.", "Capt.",
                 "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "No.", "Jan.", "Feb.", "Aug.", "Sept.",
                 "Oct.", "Nov.", "Dec.")
BOUNDARY = re.compile(r'[.!?]["”’]?\s+(?=["“A-Z])')


class GoldError(ValueError):
    """A .gold line that cannot become a valid record; the message names file and line."""


def sentences(text: str) -> list[str]:
    """Sentences of an article: lines are paragraphs (a headline is one), split at
    sentence ends unless the full stop closes a known abbreviation."""
    found: list[str] = []
    for paragraph in text.splitlines():
        start = 0
        for match in BOUNDARY.finditer(paragraph):
            head = paragraph[start:match.start() + 1]
            if head.endswith(ABBREVIATIONS):
                continue
            end = match.end() - len(match.group()) + len(match.group().rstrip())
            found.append(paragraph[start:end].strip())
            start = match.end()
        if paragraph[start:].strip():
            found.append(paragraph[start:].strip())
    return found


def field(raw: str, numeric: bool = False) -> Any:
    """One value or a list of acceptable values; '-' is null."""
    out: list[Any] = []
    for part in (p.strip() for p in raw.split(",")):
        if part == "-":
            out.append(None)
        else:
            out.append(int(part) if numeric else part)
    return out[0] if len(out) == 1 else out


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check(record: dict[str, Any], where: str, codes_of: dict[str, dict[str, set[str]]]) -> None:
    """Every field takes only DESIGN.md's values and the article's declared codes."""
    codes = codes_of[record["article"]]
    sides = codes["sides"] | NON_BELLIGERENT
    problems: list[str] = []
    problems += [f"kind {k!r}" for k in as_list(record["kind"]) if k not in KINDS]
    problems += [f"category {c!r}" for c in as_list(record["target"]["category"]) if c not in CATEGORIES]
    problems += [f"qualifier {q!r}" for q in as_list(record["count"]["qualifier"]) if q not in QUALIFIERS]
    problems += [f"stance {s!r}" for s in as_list(record["stance"]) if s not in STANCES]
    for name, values in (("target side", record["target"]["side"]),
                         ("claimant side", record["claimant"]["side"]),
                         ("perpetrator side", (record["perpetrator"] or {}).get("side"))):
        problems += [f"{name} {v!r}" for v in as_list(values) if v is not None and v not in sides]
    problems += [f"target party {p!r}" for p in as_list(record["target"]["party"])
                 if p is not None and p not in codes["parties"]]
    for value in as_list(record["count"]["value"]):
        if value is not None and (not isinstance(value, int) or value < 0):
            problems.append(f"count {value!r}")
    if record["count"]["value"] is None and record["count"]["qualifier"] != "vague":
        problems.append("no number but qualifier is not vague")
    if record["count"]["qualifier"] == "vague" and None not in as_list(record["count"]["value"]):
        problems.append("vague qualifier with a number")
    if problems:
        raise GoldError(f"{where}: " + "; ".join(problems))


def expand(gold_file: Path, here: Path, codes: dict[str, dict[str, set[str]]]) -> list[dict[str, Any]]:
    """The records of one .gold file, each checked."""
    article = gold_file.stem
    if article not in codes:
        raise GoldError(f"{gold_file.name}: article has no entry in CODES")
    text = (here / f"{article}.txt").read_text(encoding="utf-8")
    candidates = sentences(text)
    records: list[dict[str, Any]] = []
    evidence = ""
    for number, line in enumerate(gold_file.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{gold_file.name}:{number}"
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(">>"):
            evidence = line[2:].strip()
            if text.count(evidence) != 1:
                raise GoldError(f"{where}: fragment occurs {text.count(evidence)} times: {evidence!r}")
            continue
        if line.startswith(">"):
            words = line[1:].strip()
            hits = [s for s in candidates if words in s]
            if len(hits) != 1:
                raise GoldError(f"{where}: {len(hits)} sentences contain {words!r}")
            evidence = hits[0]
            continue
        if not evidence:
            raise GoldError(f"{where}: claim before any '>' evidence line")
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 10:
            raise GoldError(f"{where}: expected 10 '|'-separated fields, got {len(parts)}")
        kind, category, tside, tparty, count, qualifier, cside, ctext, stance, pside = parts
        perpetrator = field(pside)
        record = {
            "article": article, "sentence": evidence,
            "claimant": {"text": ctext, "side": field(cside)}, "stance": field(stance),
            "kind": field(kind),
            "target": {"side": field(tside), "party": field(tparty), "category": field(category)},
            "perpetrator": None if perpetrator is None else {"side": perpetrator},
            "count": {"value": field(count, numeric=True), "qualifier": field(qualifier)},
        }
        check(record, where, codes)
        records.append(record)
    return records


def build(here: Path, codes: dict[str, dict[str, set[str]]]) -> list[dict[str, Any]]:
    return [r for path in sorted(here.glob("*.gold")) for r in expand(path, here, codes)]


def render(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main(here: Path, codes: dict[str, dict[str, set[str]]]) -> int:
    try:
        records = build(here, codes)
    except GoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    (here / "gold.jsonl").write_text(render(records), encoding="utf-8")
    print(dict(Counter(r["article"] for r in records)), len(records))
    return 0

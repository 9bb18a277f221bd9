"""Rebuilds gold.jsonl (the attribution gold set) from the compact *.gold files.

Character offsets written by hand go wrong by one at the first edit of an article, so the
gold is kept as exact substrings and the offsets are computed here. Each line of
``<article>.gold`` (same stem as the ``.txt``) is

    shape | source text | cue | content | party | side

- ``content`` must occur exactly once in the article (it anchors the record); a
  ``quote_continuation`` line (a quote running on into a sentence of its own) adds its
  content to the record before it, whose ``content`` then covers both and whose
  ``spans`` lists each (one attribution with several content spans, as PolNeAR has it);
- ``source`` is the whole-word occurrence nearest to the content (outside it), so "It",
  "He" or "The ministry" pick the one in the sentence that carries the content, and a
  quote continuation's source is the speaker of the quote before it;
- ``cue`` is the whole-word occurrence nearest to the source, ``-`` when there is none
  (a quote that runs on into a sentence of its own);
- ``party`` is a profile or ISO code, ``-`` for none; ``side`` as in DESIGN.md.

``direct`` is derived: the content is inside quotation marks. Run:
``python tests/attributions/build_gold.py`` (it also checks every record).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHAPES = {"indirect", "final", "inverted", "according_to", "direct_after", "direct_before",
          "direct_multi", "quote_continuation", "possessive", "statement_by", "pronoun",
          "definite", "denial", "participle", "headline", "nested"}
QUOTES = "\"\u201c\u201d"


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    rx = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return [(m.start(), m.end()) for m in rx.finditer(text)]


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _nearest(text: str, needle: str, anchor: tuple[int, int], avoid: tuple[int, int], where: str) -> tuple[int, int]:
    spans = [s for s in _occurrences(text, needle) if _gap(s, avoid) > 0 or s[1] <= avoid[0] or s[0] >= avoid[1]]
    spans = [s for s in spans if not (avoid[0] <= s[0] < avoid[1])]
    if not spans:
        raise SystemExit(f"{where}: {needle!r} not found outside the content")
    return min(spans, key=lambda s: _gap(s, anchor))


def expand(gold_file: Path) -> list[dict[str, Any]]:
    article = gold_file.stem
    text = (HERE / f"{article}.txt").read_text(encoding="utf-8")
    records: list[dict[str, Any]] = []
    for number, line in enumerate(gold_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{gold_file.name}:{number}"
        fields = [f.strip() for f in line.split(" | ")]
        if len(fields) != 6:
            raise SystemExit(f"{where}: expected 6 fields separated by ' | ', got {len(fields)}")
        shape, source_text, cue_text, content_text, party, side = fields
        if shape not in SHAPES:
            raise SystemExit(f"{where}: unknown shape {shape!r}")
        hits = _occurrences(text, content_text)
        if len(hits) != 1:
            raise SystemExit(f"{where}: content occurs {len(hits)} times: {content_text!r}")
        content = hits[0]
        source = _nearest(text, source_text, content, content, where)
        cue = None if cue_text == "-" else _nearest(text, cue_text, source, content, where)
        if shape == "quote_continuation":
            # a quote running on is part of the attribution before it (PolNeAR's convention:
            # one attribution, several content spans): the record's content covers both
            prev = records[-1] if records else None
            if prev is None or prev["source_text"] != source_text:
                raise SystemExit(f"{where}: a quote continuation must follow its speaker's record")
            prev["spans"].append(list(content))
            prev["content"] = [prev["content"][0], content[1]]
            continue
        records.append({
            "article": article, "shape": shape, "source_text": source_text, "spans": [list(content)],
            "source": list(source), "cue": list(cue) if cue else None, "content": list(content),
            "party": None if party == "-" else party, "side": side,
            "direct": text[content[0] - 1] in QUOTES if content[0] else False,
        })
    return records


def main() -> None:
    out: list[dict[str, Any]] = []
    for gold_file in sorted(HERE.glob("*.gold")):
        out.extend(expand(gold_file))
    with open(HERE / "gold.jsonl", "w", encoding="utf-8") as fh:
        for r in out:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(out)} attributions in {len({r['article'] for r in out})} articles -> gold.jsonl")


if __name__ == "__main__":
    main()

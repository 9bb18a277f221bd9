"""The third development set (tests/articles3: held out, coded by hand from the articles and
ANNOTATION.md, never from extractor output) is only useful if its gold is sound: every evidence sentence must be text of its article (else the scorer never matches it),
every field must take DESIGN.md's values, and gold.jsonl must be what the compact
.gold files say (else someone edited one and not the other)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

FOLDER = Path(__file__).resolve().parent / "articles3"


def load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("articles3_build_gold", FOLDER / "build_gold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILDER = load_builder()
GOLD: list[dict[str, Any]] = [json.loads(line) for line in
                               (FOLDER / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
ARTICLES = sorted(p.stem for p in FOLDER.glob("*.txt"))


def test_gold_jsonl_is_built_from_the_gold_files() -> None:
    assert (FOLDER / "gold.jsonl").read_text(encoding="utf-8") == BUILDER.render(BUILDER.build())


def test_eight_articles_each_with_gold() -> None:
    assert len(ARTICLES) == 8
    assert {r["article"] for r in GOLD} == set(ARTICLES)
    assert set(BUILDER.CODES) == set(ARTICLES)


@pytest.mark.parametrize("article", ARTICLES)
def test_article_shape(article: str) -> None:
    """Full-length copy with a headline line followed by a blank line."""
    text = (FOLDER / f"{article}.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].strip() and not lines[1].strip()
    assert not lines[0].rstrip().endswith(".")
    assert 300 <= len(text.split()) <= 600


def test_every_gold_sentence_occurs_in_its_article() -> None:
    for record in GOLD:
        text = (FOLDER / f"{record['article']}.txt").read_text(encoding="utf-8")
        assert record["sentence"] and record["sentence"] in text, record


@pytest.mark.parametrize("index", range(len(GOLD)))
def test_fields_take_design_values(index: int) -> None:
    record = GOLD[index]
    assert set(record) == {"article", "sentence", "claimant", "stance", "kind", "target",
                           "perpetrator", "count"}
    BUILDER.check(record, f"gold.jsonl:{index + 1}")


def test_headlines_are_coded() -> None:
    """Every mention is a claim, the headline included: each headline here carries one."""
    for article in ARTICLES:
        headline = (FOLDER / f"{article}.txt").read_text(encoding="utf-8").splitlines()[0]
        assert any(r["article"] == article and r["sentence"] == headline for r in GOLD), article


def test_the_set_covers_the_hard_cases() -> None:
    """The set exists to exercise these; losing one in an edit should be noticed."""
    kinds = {k for r in GOLD for k in BUILDER.as_list(r["kind"])}
    assert kinds == BUILDER.KINDS
    assert any("deny" in BUILDER.as_list(r["stance"]) and "assert" not in BUILDER.as_list(r["stance"]) for r in GOLD)
    assert sum(r["count"]["value"] == 0 for r in GOLD) >= 8
    assert any(r["claimant"]["side"] == "UNKNOWN" for r in GOLD)
    assert any(r["claimant"]["side"] == "THIRD" for r in GOLD)
    admissions = [r for r in GOLD if r["stance"] == "assert" and isinstance(r["claimant"]["side"], str)
                  and r["claimant"]["side"] == r["target"]["side"] and r["claimant"]["side"] not in ("THIRD", "UNKNOWN")]
    assert len(admissions) >= 8


def test_bad_gold_line_is_named(tmp_path: Path) -> None:
    """A wrong kind or a sentence not in the article is refused with file and line."""
    with pytest.raises(BUILDER.GoldError, match="kind 'slain'"):
        BUILDER.check({**GOLD[0], "kind": "slain"}, "x.gold:3")
    original = BUILDER.HERE
    try:
        BUILDER.HERE = tmp_path
        (tmp_path / "gaza-2023-11-20.txt").write_text("Headline\n\nNothing here.\n", encoding="utf-8")
        gold = tmp_path / "gaza-2023-11-20.gold"
        gold.write_text("> helicopters\n", encoding="utf-8")
        with pytest.raises(BUILDER.GoldError, match=r"gaza-2023-11-20.gold:1: 0 sentences"):
            BUILDER.expand(gold)
    finally:
        BUILDER.HERE = original


def test_sentence_splitter_keeps_abbreviations() -> None:
    text = 'Brig. Gen. Walter Harlan said 12 U.S. soldiers were missing. "We are looking," he said.'
    assert BUILDER.sentences(text) == [
        "Brig. Gen. Walter Harlan said 12 U.S. soldiers were missing.", '"We are looking," he said.']


def test_claims_per_article_and_in_all() -> None:
    """Each article carries 15-30 claims and the set 120-190 (the brief's size)."""
    from collections import Counter
    per_article = Counter(r["article"] for r in GOLD)
    assert all(15 <= n <= 30 for n in per_article.values()), per_article
    assert 120 <= len(GOLD) <= 190


def test_stance_lists_are_valid() -> None:
    """A stated zero may take both stances; the builder refuses anything else."""
    with pytest.raises(BUILDER.GoldError, match="stance 'refute'"):
        BUILDER.check({**GOLD[0], "stance": ["assert", "refute"]}, "x.gold:1")

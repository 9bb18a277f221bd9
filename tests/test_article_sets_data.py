"""The own article sets (tests/articles2, tests/articles3, tests/articles4, tests/articles5 to
tests/articles14: invented copy of other wars and styles, gold coded by hand) are only useful if their gold is
sound: every evidence sentence must be text of its article (else the scorer never matches
it), every field must take DESIGN.md's values, and gold.jsonl must be what the compact .gold
files say (else someone edited one and not the other). One module for all the sets: the
builder is one (tests/goldbuild.py), each set's build_gold.py holds its codes."""
from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
# per set: articles, words per article, the fewest stated zeros, a denial that is only a denial
SETS = {"articles2": {"articles": 8, "words": (350, 650), "zeros": 1, "pure_denial": False},
        "articles3": {"articles": 8, "words": (300, 600), "zeros": 8, "pure_denial": True},
        "articles4": {"articles": 8, "words": (400, 550), "zeros": 8, "pure_denial": True},
        "articles5": {"articles": 8, "words": (400, 550), "zeros": 8, "pure_denial": True},
        "articles6": {"articles": 8, "words": (400, 550), "zeros": 8, "pure_denial": True},
        "articles7": {"articles": 6, "words": (450, 550), "zeros": 8, "pure_denial": True},
        "articles8": {"articles": 8, "words": (200, 400), "zeros": 8, "pure_denial": True},  # short wire copy
        "articles9": {"articles": 8, "words": (300, 550), "zeros": 8, "pure_denial": True},
        "articles10": {"articles": 8, "words": (350, 550), "zeros": 8, "pure_denial": True},
        "articles11": {"articles": 8, "words": (350, 550), "zeros": 8, "pure_denial": True},
        "articles12": {"articles": 8, "words": (350, 550), "zeros": 8, "pure_denial": True},
        "articles13": {"articles": 8, "words": (350, 550), "zeros": 8, "pure_denial": True},
        "articles14": {"articles": 8, "words": (350, 550), "zeros": 8, "pure_denial": True}}


def _builder(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"{name}_build_gold", TESTS / name / "build_gold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


import goldbuild  # noqa: E402  (tests/ is on the path: conftest.py)

SET_CODES = {name: _builder(name).CODES for name in SETS}
GOLD: dict[str, list[dict[str, Any]]] = {
    name: [json.loads(line) for line in (TESTS / name / "gold.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()] for name in SETS}
ARTICLES = {name: sorted(p.stem for p in (TESTS / name).glob("*.txt")) for name in SETS}
RECORDS = [(name, i) for name in SETS for i in range(len(GOLD[name]))]


@pytest.mark.parametrize("name", sorted(SETS))
def test_gold_jsonl_is_built_from_the_gold_files(name: str) -> None:
    assert (TESTS / name / "gold.jsonl").read_text(encoding="utf-8") == \
        goldbuild.render(goldbuild.build(TESTS / name, SET_CODES[name]))


@pytest.mark.parametrize("name", sorted(SETS))
def test_articles_each_with_gold(name: str) -> None:
    """Eight articles a set (six in articles7), each with gold and codes."""
    assert len(ARTICLES[name]) == SETS[name]["articles"]
    assert {r["article"] for r in GOLD[name]} == set(ARTICLES[name])
    assert set(SET_CODES[name]) == set(ARTICLES[name])


@pytest.mark.parametrize("name, article", [(n, a) for n in SETS for a in ARTICLES[n]])
def test_article_shape(name: str, article: str) -> None:
    """Full-length copy with a headline line followed by a blank line."""
    text = (TESTS / name / f"{article}.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].strip() and not lines[1].strip()
    assert not lines[0].rstrip().endswith(".")
    low, high = SETS[name]["words"]
    assert low <= len(text.split()) <= high


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_gold_sentence_occurs_in_its_article(name: str) -> None:
    for record in GOLD[name]:
        text = (TESTS / name / f"{record['article']}.txt").read_text(encoding="utf-8")
        assert record["sentence"] and record["sentence"] in text, record


@pytest.mark.parametrize("name, index", RECORDS)
def test_fields_take_design_values(name: str, index: int) -> None:
    record = GOLD[name][index]
    assert set(record) == {"article", "sentence", "claimant", "stance", "kind", "target",
                           "perpetrator", "count"}
    goldbuild.check(record, f"gold.jsonl:{index + 1}", SET_CODES[name])


@pytest.mark.parametrize("name", sorted(SETS))
def test_headlines_are_coded(name: str) -> None:
    """Every mention is a claim, the headline included: each headline here carries one."""
    for article in ARTICLES[name]:
        headline = (TESTS / name / f"{article}.txt").read_text(encoding="utf-8").splitlines()[0]
        assert any(r["article"] == article and r["sentence"] == headline for r in GOLD[name]), article


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_set_covers_the_hard_cases(name: str) -> None:
    """The sets exist to exercise these; losing one in an edit should be noticed."""
    gold, as_list = GOLD[name], goldbuild.as_list
    assert {k for r in gold for k in as_list(r["kind"])} == goldbuild.KINDS
    denials = [r for r in gold if "deny" in as_list(r["stance"])]
    assert denials
    if SETS[name]["pure_denial"]:
        assert any("assert" not in as_list(r["stance"]) for r in denials)
    assert sum(r["count"]["value"] == 0 for r in gold) >= SETS[name]["zeros"]
    assert any(r["claimant"]["side"] == "UNKNOWN" for r in gold)
    assert any(r["claimant"]["side"] == "THIRD" for r in gold)


# claims per article and in the whole set, by set
CLAIM_BOUNDS = {"articles3": ((15, 30), (120, 190)), "articles4": ((15, 35), (160, 260)),
                "articles5": ((15, 35), (160, 260)), "articles6": ((20, 30), (160, 240)),
                "articles7": ((20, 30), (130, 180)),
                "articles8": ((8, 20), (100, 160)),  # short wire copy: 8-20 claims an article
                "articles9": ((12, 30), (160, 230)),
                "articles10": ((15, 30), (150, 220)),
                "articles11": ((15, 32), (160, 220)),
                "articles12": ((15, 32), (170, 240)),
                "articles13": ((15, 32), (170, 240)),
                "articles14": ((15, 32), (170, 240))}


@pytest.mark.parametrize("name", sorted(CLAIM_BOUNDS))
def test_claims_per_article_and_in_all(name: str) -> None:
    """Each article of a set carries a realistic number of claims, and so does the set."""
    (lo, hi), (total_lo, total_hi) = CLAIM_BOUNDS[name]
    per_article = Counter(r["article"] for r in GOLD[name])
    assert all(lo <= n <= hi for n in per_article.values()), per_article
    assert total_lo <= len(GOLD[name]) <= total_hi


@pytest.mark.parametrize("name", sorted(SETS))
def test_bad_gold_line_is_named(name: str, tmp_path: Path) -> None:
    """A wrong kind, a stance list with a wrong value or a sentence not in the article is
    refused with file and line."""
    gold, codes = GOLD[name], SET_CODES[name]
    with pytest.raises(goldbuild.GoldError, match="kind 'slain'"):
        goldbuild.check({**gold[0], "kind": "slain"}, "x.gold:3", codes)
    with pytest.raises(goldbuild.GoldError, match="stance 'refute'"):
        goldbuild.check({**gold[0], "stance": ["assert", "refute"]}, "x.gold:1", codes)
    article = ARTICLES[name][0]
    (tmp_path / f"{article}.txt").write_text("Headline\n\nNothing here.\n", encoding="utf-8")
    path = tmp_path / f"{article}.gold"
    path.write_text("> helicopters\n", encoding="utf-8")
    with pytest.raises(goldbuild.GoldError, match=rf"{article}.gold:1: 0 sentences"):
        goldbuild.expand(path, tmp_path, codes)


def test_sentence_splitter_keeps_abbreviations() -> None:
    text = 'Brig. Gen. Walter Harlan said 12 U.S. soldiers were missing. "We are looking," he said.'
    assert goldbuild.sentences(text) == [
        "Brig. Gen. Walter Harlan said 12 U.S. soldiers were missing.", '"We are looking," he said.']

"""Real-article gates: F1 floors that CI enforces.

- The seed articles (../shared/corpus/seeds), scored by the shared scorer through the CLI
  exactly as a user runs it: strict F1 >= 0.9 and slots F1 >= 0.95.
- The sentence tables of tests/cases (five wars, two without a conflict profile) and the
  full test articles of tests/articles: floors at the level reached, so that a change that
  makes extraction worse fails. Raise them as the extractor improves.
- The second and third own article sets (tests/articles2, tests/articles3), likewise.
"""
from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path

import pytest

from warledger.analyze import analyze_many
from warledger.ingest import article_from_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
CASES = ROOT / "tests" / "cases"
ARTICLES = ROOT / "tests" / "articles"


def _score(gold: Path, pred: Path) -> dict:
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score_claims.py"), "--gold", str(gold),
                          "--pred", str(pred), "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_seed_articles_meet_the_floors(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        subprocess.run([sys.executable, "-m", "warledger", "extract", "--format", "jsonl",
                        *sorted(str(p) for p in SEEDS.glob("*.txt"))], stdout=f, check=True, cwd=ROOT)
    result = _score(SEEDS / "gold.jsonl", pred)
    assert result["strict"]["f1"] >= 0.9, result
    assert result["slots"]["f1"] >= 0.95, result


def _first(value):
    return value[0] if isinstance(value, list) else value


def _accepts(gold: dict, pred: tuple) -> bool:
    fields = ("kind", "category", "target_side", "count", "claimant_side")
    for name, got in zip(fields, pred):
        want = gold[name]
        if (got not in want) if isinstance(want, list) else (got != want):
            return False
    return True


def _table_f1(path: Path) -> float:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    arts = [article_from_text(c["text"], f"case{i}", published=c.get("published")) for i, c in enumerate(cases)]
    tp = n_pred = n_gold = 0
    for case, analysis in zip(cases, analyze_many(arts)):
        preds = [(c.kind, c.target.category, c.target.side, c.count.value, c.claimant.side)
                 for c in analysis.claims]
        golds = list(case["claims"])
        n_pred += len(preds)
        n_gold += len(golds)
        for p in preds:  # greedy one-to-one match
            hit = next((g for g in golds if _accepts(g, p)), None)
            if hit is not None:
                golds.remove(hit)
                tp += 1
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


# floors: the level reached, less a small margin; raised as the extractor improves, never lowered
TABLE_FLOORS = {"russia-ukraine": 0.94, "israel-gaza": 0.84, "sudan": 0.93,
                "falklands-1982": 0.78, "iran-iraq-1980s": 0.92}


@pytest.mark.parametrize("name", sorted(TABLE_FLOORS))
def test_sentence_tables_meet_their_floors(name: str) -> None:
    f1 = _table_f1(CASES / f"{name}.jsonl")
    assert f1 >= TABLE_FLOORS[name], f"{name}: strict F1 {f1:.3f} below {TABLE_FLOORS[name]}"


def test_own_articles_meet_the_floor(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        subprocess.run([sys.executable, "-m", "warledger", "extract", "--format", "jsonl",
                        *sorted(str(p) for p in ARTICLES.glob("*.txt"))], stdout=f, check=True, cwd=ROOT)
    result = _score(ARTICLES / "gold.jsonl", pred)
    assert result["strict"]["f1"] >= ARTICLE_FLOOR, result


ARTICLE_FLOOR = 0.83


# the second to fourteenth own sets (tests/articles2 to articles14: invented copy of other
# wars and styles, gold coded by hand from the text): floors at the level reached less a
# margin (articles6, articles9 and articles11 are held out: written in the ninth, tenth and
# eleventh sessions and never tuned on; articles7, articles8, articles10, articles12,
# articles13 and articles14 were tuned on)
SET_FLOORS = {"articles2": 0.77, "articles3": 0.76, "articles4": 0.69, "articles5": 0.60, "articles6": 0.45,
              "articles7": 0.57, "articles8": 0.78, "articles9": 0.53, "articles10": 0.63, "articles11": 0.39,
              "articles12": 0.63, "articles13": 0.73, "articles14": 0.54}


@pytest.mark.parametrize("name", sorted(SET_FLOORS))
def test_own_article_sets_meet_their_floors(name: str, tmp_path: Path) -> None:
    folder = ROOT / "tests" / name
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        subprocess.run([sys.executable, "-m", "warledger", "extract", "--format", "jsonl",
                        *sorted(str(p) for p in folder.glob("*.txt"))], stdout=f, check=True, cwd=ROOT)
    result = _score(folder / "gold.jsonl", pred)
    assert result["strict"]["f1"] >= SET_FLOORS[name], (name, result["strict"])

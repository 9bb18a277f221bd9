"""One long article costs its own length, never its batch: segmentation, limits and
isolation of a failing article, with the real extractor and a real DuckDB store.

Time is measured by ``bench/bench_memory.py`` (time and peak memory per size, in its own
processes); these tests check what must hold whatever the speed: the long article is
analysed beside its batch, its claims point into its own text, the batch is stored."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from warledger.ingest import article_from_text
from warledger.nlp import SEGMENT_CHARS, segment_spans
from warledger.options import Options
from warledger.pipeline import analyze_each, ingest
from warledger.store import open_store
from warledger.store.base import Query

ROOT = Path(__file__).resolve().parent.parent
CLAIM = "The ministry said {n} soldiers were killed and {m} wounded near {place} on Tuesday."
FILLER = "The {w} market in {place} opened late on the {d}th day of the month and traffic was light."
PLACES = ["Kherson", "Bakhmut", "Rafah", "Nyala", "Fizuli", "Avdiivka", "El Fasher"]
WORDS = ["grain", "energy", "water", "transit", "trade", "rail", "border", "power"]


def long_text(chars: int, seed: int = 7) -> tuple[str, int]:
    """About ``chars`` characters of sentences, one in fifty a loss claim; one paragraph
    every twenty sentences. Returns the text and the number of claim sentences in it."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = claims = 0
    i = 0
    while size < chars:
        i += 1
        if i % 50 == 0:
            s = CLAIM.format(n=rng.randint(2, 900), m=rng.randint(2, 900), place=rng.choice(PLACES))
            claims += 1
        else:
            s = FILLER.format(w=rng.choice(WORDS), place=rng.choice(PLACES), d=rng.randint(4, 28))
        parts.append(s + ("\n\n" if i % 20 == 0 else " "))
        size += len(parts[-1])
    return "".join(parts), claims


def small_articles(n: int) -> list:
    return [article_from_text(CLAIM.format(n=i + 3, m=i + 4, place=PLACES[i % len(PLACES)])
                              + f" It was report {i}.", f"small-{i}") for i in range(n)]


def test_segments_cover_the_text_on_boundaries() -> None:
    text, _ = long_text(350_000)
    spans = segment_spans(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))  # consecutive, no gap
    assert all(0 < e - s <= SEGMENT_CHARS for s, e in spans)
    assert len(spans) >= 4
    # every cut is after a paragraph break here (there is one well inside each window)
    assert all(text[e - 2:e] == "\n\n" for _, e in spans[:-1])
    one_line = " ".join(text.split())  # no breaks: cut after a sentence's end
    cuts = segment_spans(one_line)
    assert all(one_line[e - 2:e] in (". ",) for _, e in cuts[:-1])
    assert segment_spans("short text") == [(0, 10)]
    assert segment_spans("x" * 250, size=100) == [(0, 100), (100, 200), (200, 250)]


@pytest.mark.slow
def test_an_article_at_the_limit_is_analysed_beside_its_batch_and_the_batch_is_stored(tmp_path: Path) -> None:
    """An article longer than spaCy takes in one document (its ``max_length``, 1,000,000
    characters) and exactly at ``max_article_chars`` is analysed, segment by segment,
    between the articles of its batch, and all of them are stored.

    Why 1.1 MB and not the 10 MB the default limit admits: the road is the same whatever
    the length (``_too_long``, then ``segment_spans`` and ``_merge``: eleven segments or a
    hundred), and the limit is set through the setting itself; a 10 MB article cost two
    minutes of this suite. What 10 MB costs in time and memory is ``bench/bench_memory.py``'s
    business (README, "Operating warledger")."""
    import spacy

    text, n_claim_sentences = long_text(1_100_000)
    assert len(text) > spacy.blank("en").max_length  # no single spaCy document could hold it
    assert Options().max_article_chars >= 10_000_000  # the default admits a 10 MB article
    big = article_from_text(text, "big")
    batch = small_articles(3) + [big] + small_articles(6)[3:]
    db = str(tmp_path / "store.duckdb")
    store = open_store(db)
    try:
        report = ingest(iter(batch), Options(db=db, max_article_chars=len(text)), store=store)
        assert (report.read, report.stored, report.failed) == (7, 7, 0), report.errors
        assert sorted(r[0] for r in store.execute("SELECT name FROM articles")) == \
            ["big"] + [f"small-{i}" for i in range(6)]
        claims = store.claims(Query(article="big", limit=0))
        stored_text = store.article("big")["text"]
    finally:
        store.close()
    # each claim sentence gives a killed and a wounded claim, wherever its segment began
    assert len(claims) == 2 * n_claim_sentences
    for c in claims:
        s, e = c["span"]
        assert stored_text[s:e] == c["sentence"]
    assert {c["kind"] for c in claims} == {"killed", "wounded"}


def test_an_article_over_the_limit_fails_alone(tmp_path: Path) -> None:
    text, _ = long_text(30_000)
    batch = small_articles(2) + [article_from_text(text, "long", source="long.txt")] + small_articles(4)[2:]
    got = list(analyze_each(batch, Options(max_article_chars=20_000)))
    assert [getattr(g, "article", None) and g.article.name for g in got[:2]] == ["small-0", "small-1"]
    assert str(got[2]) == (f"long.txt: article text is {len(text):,} characters, over the analysis "
                           f"limit of 20,000 (--max-article-chars)")
    assert [g.article.name for g in got[3:]] == ["small-2", "small-3"]
    assert all(g.claims for g in got if hasattr(g, "claims"))


def test_a_long_article_gives_the_claims_of_its_parts(tmp_path: Path) -> None:
    """Cut into segments, a long article's claims are those of its segments analysed as
    articles, moved to where each segment starts."""
    text, n = long_text(SEGMENT_CHARS * 2 + 5_000, seed=3)
    whole = article_from_text(text, "whole")
    [an] = list(analyze_each([whole], Options()))
    assert len(an.claims) == 2 * n
    expect = []
    for s, e in segment_spans(text):
        [part] = list(analyze_each([article_from_text(text[s:e], "whole")], Options()))
        expect += [(c.span[0] + s, c.span[1] + s, c.kind, c.count.value) for c in part.claims]
    assert [(c.span[0], c.span[1], c.kind, c.count.value) for c in an.claims] == expect
    assert all(text[c.span[0]:c.span[1]] == c.sentence for c in an.claims)
    assert all(text[ev.span[0]:ev.span[1]] == ev.sentence for ev in an.events)

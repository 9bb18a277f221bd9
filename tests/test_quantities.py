"""The quantity normaliser, hand-built cases (no model needed)."""
from __future__ import annotations

import pytest

from warledger.extract.quantities import number_value, parse_quantity


@pytest.mark.parametrize("words, value, qualifier", [
    (["Twelve"], 12, "exact"),
    (["fifty-three"], 53, "exact"),
    (["1,500"], 1500, "exact"),
    (["15", "000"], 15000, "exact"),
    (["a", "dozen"], 12, "exact"),
    (["two", "dozen"], 24, "exact"),
    (["an"], 1, "exact"),
    (["a"], 1, "exact"),
    (["nearly", "50"], 50, "nearly"),
    (["almost", "fifty"], 50, "nearly"),
    (["over", "100"], 100, "over"),
    (["more", "than", "1,000"], 1000, "over"),
    (["at", "least", "25"], 25, "at_least"),
    (["up", "to", "700"], 700, "up_to"),
    (["less", "than", "ten"], 10, "up_to"),
    (["about", "1,200"], 1200, "about"),
    (["some", "250"], 250, "about"),
    (["around", "4,000"], 4000, "about"),
    (["roughly", "two", "hundred"], 200, "about"),
    (["1.5", "million"], 1500000, "exact"),
    (["three", "hundred", "and", "twenty"], 320, "exact"),
    (["killing", "10"], 10, "exact"),
])
def test_counted_quantities(words: list[str], value: int, qualifier: str) -> None:
    q = parse_quantity(words)
    assert q is not None
    assert (q.value, q.qualifier) == (value, qualifier)


@pytest.mark.parametrize("word", ["several", "dozens", "hundreds", "many", "heavy", "scores"])
def test_vague_quantities_have_no_value(word: str) -> None:
    q = parse_quantity([word])
    assert q is not None and q.value is None and q.qualifier == "vague"


@pytest.mark.parametrize("words", [["the"], ["destroyed"], ["Armenian"], []])
def test_no_quantity(words: list[str]) -> None:
    assert parse_quantity(words) is None


def test_number_words_and_digits() -> None:
    assert number_value("127") == 127
    assert number_value("1,180") == 1180
    assert number_value("seventy") == 70
    assert number_value("S-300") is None
    assert number_value("tank") is None


@pytest.mark.parametrize("words,text", [(["Several", "hundred"], "Several hundred"),
                                        (["killing", "a", "few", "thousand"], "a few thousand"),
                                        (["many", "thousand"], "many thousand")])
def test_vague_word_before_a_scale(words: list[str], text: str) -> None:
    """ "several hundred vessels" says there were hundreds, not how many."""
    q = parse_quantity(words)
    assert q is not None and q.value is None and q.qualifier == "vague" and q.text == text

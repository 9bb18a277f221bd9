"""Language identification, restricted to the languages a conflict corpus is likely to hold.

Restricting lingua to a handful of languages makes it both more accurate on short news
text and quick to load; low-accuracy mode loads in well under a second. The detector is
built once per language set, on first use, so importing warledger costs nothing.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

SAMPLE_CHARS = 3000  # the opening of a story is enough to tell its language


@lru_cache(maxsize=4)
def _detector(languages: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    chosen = []
    for code in languages:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is not None:
            chosen.append(Language.from_iso_code_639_1(iso))
    if len(chosen) < 2:  # lingua needs two to choose between
        return None
    return LanguageDetectorBuilder.from_languages(*chosen).with_low_accuracy_mode().build()


# English function words. In English news they are a fifth to a third of the words (on
# the real sets: never under 0.19 in a sample of 40 words or more); in the other languages
# of the default set, whose own function words differ, a few in a hundred.
_ENGLISH = frozenset("the of and to in is that for on was with said by as at from his it an were "
                     "are be has have had not this but".split())
_WORD = re.compile(r"[^\W\d_]+")


def _plainly_english(sample: str) -> bool:
    """Whether a sample is English beyond doubt, without asking the detector: forty words
    or more, at least 15% of them English function words (a shorter one of eight words or
    more: a quarter, "the" or "of" among them). Why: most of what a conflict
    desk reads is English, and the detector costs more than the rest of reading an article
    (its models load on first use, then a few ms an article); it still decides every
    sample that is short or not plainly English."""
    words = _WORD.findall(sample.lower())
    n = sum(w in _ENGLISH for w in words)
    if len(words) >= 40:
        return n >= 0.15 * len(words)
    # a short text (one sentence of a wire feed): a quarter of its words English function
    # words, "the" or "of" among them (words of no other language of the default set)
    return len(words) >= 8 and n >= 0.25 * len(words) and bool({"the", "of"} & set(words))


def detect_language(text: str, languages: tuple[str, ...]) -> str | None:
    """ISO 639-1 code of the text's language among ``languages``, or None if unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(re.findall(r"[^\W\d_]{2,}", sample)) < 3:  # three words of letters at least
        return None
    if len(languages) == 1:
        return languages[0]
    if "en" in languages and _plainly_english(sample):
        return "en"
    detector = _detector(tuple(languages))
    if detector is None:
        return None
    found = detector.detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else None

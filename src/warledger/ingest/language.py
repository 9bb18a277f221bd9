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


def detect_language(text: str, languages: tuple[str, ...]) -> str | None:
    """ISO 639-1 code of the text's language among ``languages``, or None if unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(re.findall(r"[^\W\d_]{2,}", sample)) < 3:  # three words of letters at least
        return None
    if len(languages) == 1:
        return languages[0]
    detector = _detector(tuple(languages))
    if detector is None:
        return None
    found = detector.detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else None

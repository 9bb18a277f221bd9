"""Attributions in unparsed sentences (extract/patterns.py): a table of sentences as the
extractor sees them when they are not parsed (tokens only, no tags), with the source and
content the patterns must find, or none."""
from __future__ import annotations

import pytest

from warledger.analyze import can_carry, can_carry_claim
from warledger.extract.lexicon import load_lexicon
from warledger.extract.patterns import pattern_attributions
from warledger.ingest import article_from_text
from warledger.nlp import parse

# sentence -> (source, content, stance), or None when there is no attribution
TABLE: list[tuple[str, tuple[str, str, str] | None]] = [
    ("The ministry said talks would resume on Friday.",
     ("The ministry", "talks would resume on Friday", "assert")),
    ("Talks would resume on Friday, the ministry said in a statement.",
     ("the ministry", "Talks would resume on Friday", "assert")),
    ("Talks would resume on Friday, said a spokesman for the army.",
     ("a spokesman for the army", "Talks would resume on Friday", "assert")),
    ("According to Kyiv, the talks failed.", ("Kyiv", "the talks failed", "assert")),
    ("The talks failed, according to the Ukrainian foreign ministry.",
     ("the Ukrainian foreign ministry", "The talks failed", "assert")),
    ("The army's statement said the town was calm.", ("The army", "the town was calm", "assert")),
    ("A statement by the defence ministry said the town was calm.",
     ("the defence ministry", "the town was calm", "assert")),
    ("It also said the border was closed.", ("It", "the border was closed", "assert")),
    ("On Monday, Azerbaijan's foreign ministry claimed that Armenia had provoked the clashes.",
     ("Azerbaijan's foreign ministry", "Armenia had provoked the clashes", "assert")),
    ("Turkey denied reports that it sent fighters to the region.",
     ("Turkey", "reports that it sent fighters to the region", "deny")),
    ("Pashinyan told reporters that the war would go on.",
     ("Pashinyan", "the war would go on", "assert")),
    ("The foreign minister, who visited Baku, said the war must end.",
     ("The foreign minister", "the war must end", "assert")),
    ("A Hamas official said the group would not accept any deal.",
     ("A Hamas official", "the group would not accept any deal", "assert")),
    ("Russia has massed troops near the border, Zelenskiy said, adding that talks were over.",
     ("Zelenskiy", "Russia has massed troops near the border", "assert")),
    ("An army spokesman, Colonel Ali Idris, called the claim a fabrication.",
     ("An army spokesman", "the claim a fabrication", "deny")),
    ("The ministry called for a ceasefire in the south.", None),
    ("The talks failed, the head of the regional administration, Ivan Petrenko, said on Telegram.",
     ("the head of the regional administration, Ivan Petrenko", "The talks failed", "assert")),
    ('"The line held," Lt. Gen. Ray Dunn, the senior Marine commander, told reporters.',
     ("Lt. Gen. Ray Dunn, the senior Marine commander", '"The line held,"', "assert")),
    ("Russian media reported heavy fighting.", ("Russian media", "heavy fighting", "assert")),
    ("Media reports could not be verified.", None),
    ("The claims could not be verified.", None),
    ("Reuters was unable to confirm the report.", None),
    ("Fighting continued overnight near the border.", None),
    ("The state news agency carried a short report on the talks.", None),
]


def test_second_cue_after_and_has_the_same_source() -> None:
    sentence = "An army spokesman dismissed the figures as fantasy and said the RSF was losing."
    doc = parse(article_from_text(sentence, "t"), select=lambda _text: False)
    found = list(pattern_attributions(doc, doc.sentences[0], load_lexicon()))
    assert [(sentence[doc.tokens[lo].start:doc.tokens[hi - 1].end], sentence[c[0]:c[1]], st)
            for lo, hi, _cue, c, st in found] == [
        ("An army spokesman", "the figures as fantasy and said the RSF was losing", "deny"),
        ("An army spokesman", "the RSF was losing", "assert")]


def _first(sentence: str) -> tuple[str, str, str] | None:
    doc = parse(article_from_text(sentence, "t"), select=lambda _text: False)
    assert not any(s.parsed for s in doc.sentences)
    found = list(pattern_attributions(doc, doc.sentences[0], load_lexicon()))
    if not found:
        return None
    lo, hi, _cue, content, stance = found[0]
    text = doc.article.text
    return text[doc.tokens[lo].start:doc.tokens[hi - 1].end], text[content[0]:content[1]], stance


@pytest.mark.parametrize("sentence,expected", TABLE)
def test_pattern_attribution(sentence: str, expected: tuple[str, str, str] | None) -> None:
    assert _first(sentence) == expected


@pytest.mark.parametrize("sentence,claim,parse_it", [
    ("Twelve civilians were killed, the ministry said.", True, True),
    ("An entire motorised infantry regiment was destroyed.", True, True),
    ("The enemy suffered heavy losses.", True, True),
    ("Rebels reported downing helicopters", True, True),
    ("The ministry said talks would resume on Friday.", False, False),
    # events are found by their trigger phrases on tokens, without the parse
    ("Russia called for an immediate ceasefire.", False, False),
])
def test_what_is_parsed(sentence: str, claim: bool, parse_it: bool) -> None:
    """Only sentences that can carry a loss claim are parsed; statements and events are
    read from their tokens."""
    assert can_carry_claim(sentence) is claim
    assert can_carry(sentence) is parse_it

"""What a victim phrase's sentence says of it beyond its own words: its category, its kind,
a stated zero.

``items.find_items`` reads a phrase's category, kind and count from its own words
("soldiers" are military, "people" are people, "12 wounded" are wounded). The words around
it may say more: "none of her 31 crew was hurt" is a zero, "took 252 hostages" a capture,
"three children were among the dead" a killing. And some nouns say nothing of whose
service the people were in, which the sentence around them does: the crew of a tanker are
civilians, the crew of a frigate military; "the men" a party lost, "his men" and prisoners
taken in battle are fighters; "38 dead and 71 wounded" that break down a side's military
losses are military too, as are "the enemy dead". ANNOTATION.md: military are soldiers, fighters, "the enemy"
when people are meant, the crew of a warship; people are the unspecified.

Each rule is a plain function of the sentence and its items, changing only the item's
category, kind or quantity (or dropping a total that its parts count).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from warledger.extract.lexicon import Lexicon, word_class_rx
from warledger.extract.quantities import Quantity
from warledger.records import Document, Sentence

if TYPE_CHECKING:
    from warledger.extract.items import Item  # (items calls this module: no import circle)
else:
    Item = object

# what a force's men, or its dead, are counted as in a breakdown of its losses
_LOSS_HEADS = frozenset({"loss", "losses", "casualties", "casualty"})
_BREAKDOWN_HEADS = frozenset({"dead", "killed", "wounded", "injured", "missing", "captured"})
_OWNERS = frozenset({"his", "their", "its", "our", "own"})
_NOT_FIGHTERS = frozenset({"civilian", "political", "palestinian", "women", "children"})
_PARTS_OF_LOSSES = re.compile(r"\b(?<!civilian )(?:losses|casualties)\s+(?:(?:were|was)\s+(?:put\s+|estimated\s+|placed\s+)?(?:at\s+)?"
                              r"|(?:put\s+|estimated\s+|placed\s+)?(?:at|of|:)\s+"
                              r"|(?:totalled|totaled|numbered|stood\s+at|amounted\s+to)\s+)$", re.I)
_AGED = re.compile(r"\d+-year-old\s+$")


def settle_phrases(doc: Document, sent: Sentence, lex: Lexicon, items: list["Item"]) -> None:
    """Every rule of this module over one sentence's items (in place)."""
    none_of(doc, sent, items)
    hostages_taken(doc, sent, lex, items)
    among_the_dead(doc, sent, lex, items)
    merchant_crews(doc, sent, lex, items)
    fighters_by_context(doc, sent, lex, items)


def none_of(doc: Document, sent: Sentence, items: list["Item"]) -> None:
    """ "None of her 31 crew was hurt", "none of the monitors had been hurt": a stated zero,
    whatever count the phrase carries (the whole it is none of)."""
    toks = doc.tokens
    for it in items:
        k = it.start - 1
        if toks[it.start].text.lower() == "none":
            k = it.start + 1  # the phrase opens with it: "None of the soldiers"
        while sent.first < k < it.head and toks[k].text.lower() in ("the", "her", "his", "its", "their", "our"):
            k -= 1
        if sent.first < k < sent.last and toks[k].text.lower() == "of" and toks[k - 1].text.lower() == "none":
            it.quantity = Quantity(0, "exact", "none", 1)


def hostages_taken(doc: Document, sent: Sentence, lex: Lexicon, items: list["Item"]) -> None:
    """ "took 252 hostages", "were holding 30 captives": hostages a verb of taking or holding
    governs were captured (the loss noun decides the kind, as "took 35 prisoners" does)."""
    toks = doc.tokens
    for it in items:
        if it.kind is None and toks[it.head].lemma in ("hostage", "captive") \
                and toks[toks[it.head].head].lemma in lex.side_words["capture_verbs"] | {"take", "grab"}:
            it.kind = "captured"


def among_the_dead(doc: Document, sent: Sentence, lex: Lexicon, items: list["Item"]) -> None:
    """ "three children were among the dead", "a 12-year-old boy was among the wounded",
    "was among those killed": the phrase is part of the toll the noun after "among" names
    (its own count, that toll's kind: the lexicon's participles and loss nouns, and "victims")."""
    toks = doc.tokens
    for it in items:
        if it.kind is not None:
            continue
        j = it.head + 1
        while j < sent.last and toks[j].text.lower() in ("were", "was", "are", "is", "had", "have", "has", "been",
                                                         "also", "reportedly", "said", "believed", "to", "be"):
            j += 1
        if j + 2 < sent.last and toks[j].text.lower() == "among" and toks[j + 1].text.lower() in ("the", "those"):
            toll = toks[j + 2].text.lower()
            it.kind = lex.elided.get(toll) or lex.nouns.get(toll) or ("killed" if toll == "victims" else None)


def merchant_crews(doc: Document, sent: Sentence, lex: Lexicon, items: list["Item"]) -> None:
    """ "three crewmen were injured" after a tanker was hit: the crew of merchant shipping
    are civilians (the crew of a warship, or of a tank, stay military). The ship is named in
    the sentence or the one before (where the gunboats that hit it may be named too); a ship
    of war named in the crew's own sentence keeps them military."""
    crews = lex.side_words["crew_nouns"]
    if not any(it.category == "military" and _words_at(doc, it) & crews for it in items):
        return
    here = sent.text.lower()
    if word_class_rx("warships").search(here):
        return
    si = doc.sentences.index(sent)
    before = doc.sentences[si - 1].text.lower() if si > 0 else ""
    merchant = word_class_rx("merchant_ships")
    if merchant.search(here) or merchant.search(before):
        toks = doc.tokens
        for it in items:
            # the crew, and the parts of them that name no noun of their own ("one of them
            # seriously", "and a fourth was missing")
            if it.category == "military" and (_words_at(doc, it) & crews or toks[it.head].like_num
                                              or toks[it.head].text.lower() in lex.side_words["ordinals"] | {"one"}):
                it.category = "civilians"


def fighters_by_context(doc: Document, sent: Sentence, lex: Lexicon, items: list["Item"]) -> None:
    """People the sentence marks as fighters, though their noun does not:
    "had lost at least 20 men", "38 of his men"; "took 220 prisoners" (not "civilian" or
    "political" prisoners); "Chadian losses were put at 38 dead and 71 wounded" (the dead of
    military losses named before them); "1,100 enemy dead". And one the sentence marks as
    a civilian: "a 58-year-old man" (a soldier is written with his rank, not his age)."""
    toks = doc.tokens
    losses: Item | None = None
    counted_by_parts: list[Item] = []
    breakdown = False  # the items since "losses at" break the losses down
    for it in items:
        head = toks[it.head].text.lower()
        if it.category == "military" and head in _LOSS_HEADS:
            losses = it
            continue
        if it.category != "people":
            continue
        words = _words_at(doc, it)
        before = [toks[k].text.lower() for k in range(max(sent.first, it.start - 3), it.start)]
        if head == "men" and (words & _OWNERS or set(before) & _OWNERS
                              or any(toks[k].lemma in lex.side_words["suffer"] for k in range(max(sent.first, it.start - 3), it.start))):
            it.category = "military"
        elif head in ("prisoners", "prisoner", "pows") and not (words | set(before)) & _NOT_FIGHTERS:
            it.category = "military"
        elif head in _BREAKDOWN_HEADS and losses is not None and it.mentions == []:
            it.category = "military"
            it.mentions = list(losses.mentions)  # whose losses they break down
            if losses.quantity and it.quantity and losses.quantity.value == it.quantity.value:
                counted_by_parts.append(losses)  # "put at 38 dead and 71 wounded": no total of 38
        elif head in _BREAKDOWN_HEADS and (breakdown or _PARTS_OF_LOSSES.search(
                doc.article.text[max(sent.start, toks[it.start].start - 40):toks[it.start].start])):
            it.category = "military"  # "put rebel losses at 19 dead and six missing"
            breakdown = True
        elif it.enemy or "enemy" in words:
            it.category = "military"
        elif head in ("man", "woman") and _AGED.search(doc.article.text[max(sent.start, toks[it.head].start - 20):toks[it.head].start]):
            it.category = "civilians"  # "a 58-year-old man": copy gives a soldier his rank
    for whole in counted_by_parts:
        if whole in items:
            items.remove(whole)
    last = None
    for it in sorted(items, key=lambda x: x.start):  # "five of his men were killed and 23 wounded": his men too
        if it.elided and last is not None and it.category == "people":
            it.category = last.category
        elif not it.elided and it.category in ("people", "military", "civilians"):
            last = it


def _words_at(doc: Document, it: "Item") -> set[str]:
    """The lower-case words from an item's first token to its head, and the head with the
    word before it ("crew members")."""
    toks = doc.tokens
    words = {toks[k].text.lower() for k in range(it.start, it.head + 1)}
    if it.head > it.start:
        words.add(f"{toks[it.head - 1].text.lower()} {toks[it.head].text.lower()}")
    return words

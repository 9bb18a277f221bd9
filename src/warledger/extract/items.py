"""Victim and materiel phrases in a parsed sentence: the "items" of ``claims``.

An item is a noun phrase that names victims or materiel with its quantity and the party
words inside it: "Twelve Azeri civilians", "an entire motorised infantry regiment", "53 of
its soldiers", "the destroyer HMS Sheffield", "two MiG-29s"; loss nouns ("heavy losses",
"the death toll rose to 30"); elided nouns ("and 35 wounded"); counted attacks ("opened
fire 127 times"). Which verb makes an item a loss, and whose, is ``claims``' business.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Sequence

from warledger.extract.around import settle_phrases
from warledger.extract.lexicon import Lexicon, key, load_lexicon, match_phrase
from warledger.extract.quantities import SCALES, VAGUE, Quantity, number_value, parse_quantity
from warledger.profiles import Mention, Resolver
from warledger.records import Document, Sentence

PEOPLE = {"civilians", "military", "people"}
COORD = {"and", "or", ",", "as", "well", "plus", "including", "along", "with", "also", "later",
         "\u201c", "\u201d", '"', "'", "\u2018", "\u2019", "\u2013", "\u2014", "-", ";", "both",
         "another", "additional", "further", "then", "respectively", "among", "them", ":",
         "most", "many", "mostly", "of", "whom", "some"}
QUALIFIER_WORDS = {"at", "least", "more", "than", "nearly", "almost", "about", "around", "some", "over",
                   "up", "to", "roughly", "approximately", "another", "an", "estimated"}
EXCHANGE = {"release", "released", "releasing", "exchange", "exchanged", "swap", "swapped", "free",
            "freed", "freeing", "return", "returned", "returning", "handover", "repatriated",
            "repatriation", "swapping", "exchanging"}
# the prefixes of warships' names ("HMS Carrick", "USS Stark"): a ship with no article
SHIP_PREFIXES = {"hms", "uss", "hmas", "hmcs"}
# heads that keep the category of the word before them: "Patriot launcher", "S-300 systems"
GENERIC_HEADS = {"launcher", "launchers", "system", "systems", "battery", "batteries", "complex",
                 "complexes"}
ATTACK_VERBS = {"fire", "open", "violate", "shell", "attack", "strike", "breach", "launch",
                "carry", "conduct", "bomb", "target", "hit", "stage", "mount", "commit", "break", "raid"}
ATTACK_COUNT_NOUNS = {"attacks", "violations", "ceasefire violations", "strikes", "airstrikes",
                      "raids", "provocations", "incidents", "breaches", "assaults", "shellings"}


@dataclass
class Item:
    """A candidate victim or materiel phrase inside one sentence (token indices)."""

    start: int  # first token (the quantity, or the noun phrase when there is none)
    head: int  # last token of the noun phrase
    category: str
    quantity: Quantity | None
    mentions: list[Mention] = field(default_factory=list)
    enemy: bool = False
    own: bool = False
    kind: str | None = None  # a loss noun or an elided participle decides the kind itself
    inner_trigger: str | None = None  # "12 wounded soldiers": the kind inside the phrase
    group: int = -1
    elided: bool = False  # "and 35 wounded": the noun (and its side) is the previous item's
    n_names: int = 0  # tokens of a vessel's name after its type ("HMS Sheffield")
    definite: bool = False  # "the vessel": may refer back to what an earlier claim counted



_WORDS: dict[tuple[int, int], tuple[object, list[str]]] = {}


def words_of(doc: Document, sent: Sentence) -> list[str]:
    """The sentence's words, lower-cased (cached: every rule asks for them; the entry
    holds the token tuple itself, so an id reused by a later document never matches)."""
    k = (id(doc.tokens), sent.first)
    hit = _WORDS.get(k)
    if hit is None or hit[0] is not doc.tokens:
        if len(_WORDS) > 4096:
            _WORDS.clear()
        words = [t.text.lower().replace("\u2019", "'") for t in doc.tokens[sent.first:sent.last]]
        for j in range(1, len(words)):
            # the day of a date is no count: "the Oct. 7 attacks", "since March 3"
            if words[j - 1] in _MONTHS and words[j].isdigit() and int(words[j]) <= 31:
                words[j] = "<day>"
        hit = _WORDS[k] = (doc.tokens, words)
    return hit[1]


_MONTHS = {m for name in ("january", "february", "march", "april", "may", "june", "july", "august",
                          "september", "october", "november", "december")
           for m in (name, name[:3], name[:3] + ".", name[:4] + ".")} - {"may", "mar", "march"} | {"march"}



def _names_party_before(doc: Document, sent: Sentence, head: int, resolver: Resolver) -> bool:
    """Whether the proper nouns just before a head name a party ("Tamil Tiger fighters",
    "M23 fighters"): then the fighters are that party's men, not its jets."""
    toks = doc.tokens
    lo = head
    while lo > 0 and head - lo < 4 and toks[sent.first + lo - 1].pos == "PROPN":
        lo -= 1
    if lo == head:
        lo = head - 1
    text = doc.article.text
    start, end = toks[sent.first + lo].start, toks[sent.first + head - 1].end
    # the name must end at the head ("Argentine Mirage fighters" are jets)
    return any(m.end == end for m in resolver.mentions(text[start:end], start))


def find_items(doc: Document, sent: Sentence, lex: Lexicon, resolver: Resolver) -> list[Item]:
    """Victim and materiel phrases with their quantities and party words."""
    toks = doc.tokens
    words = words_of(doc, sent)
    keys = [key(w) for w in words]
    items: list[Item] = []
    i = 0
    n_words = len(words)
    while i < n_words:
        hit = match_phrase(keys, i, lex.categories, lex.max_phrase)
        if not hit:
            model = lex.model_rx.match(toks[sent.first + i].text)
            if model is not None and resolver.mentions(toks[sent.first + i].text):
                model = None  # "62 M23 fighters": a party's name, not a weapon's
            if model is None or not any(_is_quantity_word(w) for w in words[max(0, i - 4):i]):
                i += 1
                continue
            hit = (model.lastgroup or "equipment", 1)  # "two of its MiG-23s"
        category, n = hit
        head = i + n - 1
        # extend over following category words: "artillery unit" is a unit
        while head + 1 < n_words:
            nxt = match_phrase(keys, head + 1, lex.categories, lex.max_phrase)
            if not nxt:
                break
            generic = " ".join(keys[head + 1:head + 1 + nxt[1]]) in GENERIC_HEADS
            category, head = (category if generic else nxt[0]), head + nxt[1]
        nxt_tok = toks[sent.first + head + 1] if head + 1 < n_words else None
        before = toks[sent.first + head - 1] if head > 0 else None
        if category == "military" and words[head] in ("fighter", "fighters") and before is not None and \
                (lex.categories.get(words[head - 1]) in ("aircraft", "helicopter")
                 or (m := lex.model_rx.match(before.text)) is not None and m.lastgroup == "aircraft"
                 or (any(c.isdigit() for c in words[head - 1]) and any(c.isalpha() for c in words[head - 1]))) \
                and not _names_party_before(doc, sent, head, resolver):
            category = "aircraft"  # "two Mirage fighters", "MiG-29 fighters", not "six VDP fighters"
        named = _named(doc, sent, head, category, resolver)
        if named is not None:
            items.append(named)
            i = head + 1 + named.n_names
            continue
        if nxt_tok is not None and nxt_tok.pos in ("NOUN", "PROPN") and nxt_tok.text.lower() not in COORD \
                and not nxt_tok.text[:1].isdigit():
            i = head + 1  # "drone strike", "tank fire", "civilian areas": a modifier
            continue
        if nxt_tok is not None and nxt_tok.text in ("-",):
            i = head + 2
            continue
        item = _complete_item(doc, sent, i, head, category, lex, resolver)
        if item is not None:
            items.append(item)
        i = head + 1
    items.extend(_demonyms(doc, sent, lex, resolver, items))
    items.extend(_loss_nouns(doc, sent, lex, resolver, items))
    items.extend(_elided(doc, sent, lex, items))
    items.extend(_counted_subsets(doc, sent, items))
    items.extend(_lost_of_the_same(doc, sent, items))
    items.extend(_attack_counts(doc, sent, resolver))
    for it in items:
        # "the number of Marvosian soldiers killed ... rose to 135": the count is the total's
        if it.quantity is not None and it.quantity.value is None and \
                (it.quantity.text or "").lower() in ("number", "tally", "total", "count"):
            it.quantity = _toll_value(doc, sent, it.head - sent.first) or \
                _toll_value(doc, sent, it.head - sent.first, toll=True) or \
                _brought_to(doc, sent, it.start - sent.first) or it.quantity
    items = _families_of(doc, sent, items)
    settle_phrases(doc, sent, lex, items)
    items.sort(key=lambda it: it.start)
    return items


def _named(doc: Document, sent: Sentence, head: int, category: str, resolver: Resolver) -> "Item | None":
    """ "the destroyer HMS Sheffield", "the frigates HMS Argonaut and HMS Brilliant": a
    definite vessel or aircraft type followed by its name is one item per name."""
    toks = doc.tokens
    words = words_of(doc, sent)
    if category not in ("ship", "aircraft", "helicopter", "tank") or head + 1 >= len(words):
        return None
    nxt = toks[sent.first + head + 1]
    if nxt.pos != "PROPN" or not nxt.text[:1].isupper():
        return None
    j = head - 1
    while j >= 0 and toks[sent.first + j].pos in ("ADJ", "PROPN", "NOUN", "PUNCT") and words[j] not in ("the",):
        j -= 1
    if (j < 0 or words[j] != "the") and words[head] in SHIP_PREFIXES:
        j = head  # "HMS Carrick was sunk": the prefix opens the name
    elif j < 0 or words[j] != "the":
        return None
    names, k = 1, head + 1
    while k < len(words) and (toks[sent.first + k].pos == "PROPN" or words[k] in ("and", ",")):
        if words[k] == "and" and k + 1 < len(words) and toks[sent.first + k + 1].pos == "PROPN":
            names += 1
        k += 1
    item = Item(start=sent.first + j, head=sent.first + k - 1, category=category,
                quantity=Quantity(names, "exact", None, 0))
    lo, hi = toks[sent.first + j].start, toks[sent.first + head].end
    item.mentions = resolver.mentions(doc.article.text[lo:hi], lo)
    item.n_names = k - head - 1
    return item


def _possessor_of_part(doc: Document, sent: Sentence, j: int) -> int | None:
    """The "the" before a possessor that sits inside a counted part ("19 of the Sheffield's
    crew", "12 of the army's tanks"), or None."""
    toks, words = doc.tokens, words_of(doc, sent)
    k = j - 1
    while k >= 0 and j - k <= 4 and toks[sent.first + k].pos in ("PROPN", "NOUN"):
        k -= 1
    if k < j - 1 and k >= 2 and words[k] == "the" and words[k - 1] == "of" and _is_quantity_word(words[k - 2]):
        return k
    return None


def _complete_item(doc: Document, sent: Sentence, first: int, head: int, category: str,
                   lex: Lexicon, resolver: Resolver) -> Item | None:
    """Walk left from the noun over modifiers to the quantity (if any)."""
    toks = doc.tokens
    words = words_of(doc, sent)
    j = first - 1
    inner: str | None = None
    enemy = own = False
    while j >= 0:
        w = words[j]
        tok = toks[sent.first + j]
        if w in lex.enemy_words:
            enemy = True
        elif w in lex.own_words:
            own = True
        elif w == "of" and j > 0 and (_is_quantity_word(words[j - 1]) or words[j - 1] in lex.own_words
                                      or words[j - 1] in ("the",)):
            pass
        elif w == "the" and j > 1 and words[j - 1] == "of" and _is_quantity_word(words[j - 2]):
            pass  # "31 of the drones"
        elif w in ("'s", "\u2019s") and (the := _possessor_of_part(doc, sent, j)) is not None:
            j = the  # "19 of the Sheffield's crew": the owner's name inside the part's phrase
            continue
        elif w == "and" and j >= 2 and _is_quantity_word(words[j - 2]) \
                and resolver.mentions(toks[sent.first + j - 1].text):
            pass  # "62 M23 and Rwandan army fighters": one count over two parties' men
        elif w in lex.kinds or tok.lemma in lex.kinds:
            if tok.pos in ("VERB",) and tok.tag not in ("VBN", "JJ"):
                break
            if tok.dep not in ("amod", "compound", "nmod") and not (j > 0 and _is_quantity_word(words[j - 1])):
                break
            inner = lex.kinds.get(w) or lex.kinds.get(tok.lemma)
        elif _is_quantity_word(w) and j + 2 < first and words[j + 1] == "-" and words[j + 2] in lex.side_words["measures"]:
            pass  # "a 15-year-old boy", "a five-ton truck", "155-mm howitzers": a measure, not a count
        elif _is_quantity_word(w) or w in ("a", "an", "one", "single", "no", "the", "these", "those", "'s", "any"):
            break
        elif w in ('"', "\u201c", "\u201d", "``", "''") and j > 0:
            pass  # 'two "large naval targets"': a quoted phrase keeps its count
        elif w == ")" and j >= 3 and words[j - 2] == "(" and toks[sent.first + j - 1].text.isupper():
            j -= 3  # "70 Islamic State (IS) militants": the acronym in brackets is the name's
            continue
        elif tok.text.isupper() and len(tok.text) > 1 and resolver.mentions(tok.text):
            pass  # "70 IS militants": a party's acronym, whatever the tagger made of it
        elif tok.pos in ("ADJ", "PROPN", "NOUN", "VERB") or w in ("-", "entire", "whole") or tok.tag == "VBN":
            if tok.pos == "VERB" and tok.tag not in ("VBN", "VBD") and not (tok.tag == "VBG" and tok.dep == "amod"):
                break  # "killed 25 invading troops": an -ing modifier stays in the phrase
        else:
            break
        j -= 1
    # "a Hermes 450 drone", "an Su 25": a number inside a model name is no count
    while j >= 1 and words[j].isdigit() and toks[sent.first + j - 1].pos == "PROPN" \
            and toks[sent.first + j - 1].text[:1].isupper() and not resolver.mentions(toks[sent.first + j - 1].text):
        j -= 2
        while j >= 0 and toks[sent.first + j].pos == "PROPN":
            j -= 1
    # j is at the quantity word (or the word before the phrase)
    quantity: Quantity | None = None
    if j >= 0 and words[j] == "any" and any(t.lemma in ("deny", "dismiss", "reject", "refute")
                                            for t in toks[sent.first:sent.last]):
        # "The army denied losing any aircraft": a denied loss, its count unwritten
        return Item(start=sent.first + j, head=sent.first + head, category=category,
                    quantity=Quantity(None, "vague", "any", 1))
    if j >= 0 and (_is_quantity_word(words[j]) or words[j] in ("a", "an", "one", "single", "no", "both")):
        end = j + 1
        lo = max(0, end - 5)
        window = [t.text for t in toks[sent.first + lo:sent.first + end]]
        window = _join_hyphens(window)
        if words[j] == "no":
            quantity = Quantity(0, "exact", "no", 1)
        else:
            quantity = parse_quantity(window)
        if quantity is not None:
            start = end - quantity.n_words
            # "fifty - three" was joined: recompute the start in tokens
            start = max(0, min(start, j))
            while start > 0 and words[start - 1] == "-" and start >= 2:
                start -= 2
            # "56 of the 72 drones", "26 of 30 drones": the part is the claim, the whole the salvo
            gap = 2 if start >= 3 and words[start - 1] == "the" and words[start - 2] == "of" else \
                1 if start >= 2 and words[start - 1] == "of" else 0
            if gap and _is_quantity_word(words[start - gap - 1]) and quantity.value is not None:
                part = parse_quantity(_join_hyphens([t.text for t in toks[sent.first + max(0, start - gap - 5):
                                                                          sent.first + start - gap]]))
                if part is not None and part.value is not None and part.value <= quantity.value:
                    quantity = part
                    start = start - gap - part.n_words
        else:
            start = first
    else:
        start = j + 1
        if j >= 0 and words[j] in ("the", "these", "those", "'s", "this", "that"):
            return None  # a definite: a known thing, not a count ("the tank")
        if j + 1 <= first - 1 and words[j + 1] in lex.own_words and toks[sent.first + head].tag in ("NN", "NNP"):
            quantity = Quantity(1, "exact", None, 0)  # "its pilot was missing"
        plural = toks[sent.first + head].tag in ("NNS", "NNPS") or words[head].endswith("s")
        if not plural and quantity is None:
            return None
    lo_char = toks[sent.first + start].start
    hi_char = toks[sent.first + head].end
    text = doc.article.text
    mentions = resolver.mentions(text[lo_char:hi_char], lo_char)
    return Item(start=sent.first + start, head=sent.first + head, category=category,
                quantity=quantity, mentions=mentions, enemy=enemy, own=own, inner_trigger=inner)


# words that make a people's dead its civilians: "100 innocent Somalis", "12 unarmed Iraqis"
_HARMLESS = frozenset({"innocent", "unarmed", "civilian", "defenceless", "defenseless"})


def _demonyms(doc: Document, sent: Sentence, lex: Lexicon, resolver: Resolver,
              taken: Sequence[Item]) -> list[Item]:
    """ "up to 20,000 Iranians had been killed": a counted demonym is a victim phrase."""
    toks = doc.tokens
    used = {k for it in taken for k in range(it.start, it.head + 1)}
    out: list[Item] = []
    for m in resolver.mentions(sent.text, sent.start):
        if m.field != "demonyms":
            continue
        head = next((t.i for t in toks[sent.first:sent.last] if t.start <= m.start < t.end), None)
        if head is None or head in used:
            continue
        head = next((t.i for t in toks[head:sent.last] if t.end >= m.end), head)
        words = words_of(doc, sent)
        j = head - sent.first - (len(m.text.split()))
        category = "people"
        if j > 0 and words[j] in _HARMLESS:
            category, j = "civilians", j - 1  # "more than 100 innocent Somalis"
        if j < 0 or not _is_quantity_word(words[j]):
            continue
        window = _join_hyphens([t.text for t in toks[sent.first + max(0, j - 4):sent.first + j + 1]])
        q = parse_quantity(window)
        if q is None:
            continue
        out.append(Item(start=sent.first + j + 1 - q.n_words, head=head, category=category,
                        quantity=q, mentions=[m]))
    return out


def _lost_of_the_same(doc: Document, sent: Sentence, items: Sequence[Item]) -> list[Item]:
    """"said it had lost only two", "downed six helicopters and lost one": a bare count
    after "lost" counts the materiel the sentence named before (who lost them is the
    subject of "lost", as the side rules read it)."""
    toks = doc.tokens
    words = words_of(doc, sent)
    out: list[Item] = []
    for j in range(1, len(words)):
        v = j - 1
        while v > 0 and (words[v] in QUALIFIER_WORDS or words[v] in ("only", "just", "no")):
            v -= 1
        if words[v] not in ("lost", "lose", "losing") or not _is_quantity_word(words[j]) \
                or (j + 1 < len(words) and toks[sent.first + j + 1].pos in ("NOUN", "PROPN", "ADJ")):
            continue
        k = sent.first + j
        last = max((it for it in items if it.head < k), key=lambda it: it.head, default=None)
        if last is None or last.category in PEOPLE or last.category == "incidents" \
                or (j + 1 < len(words) and words[j + 1] == "of"):
            continue  # "killing 14 soldiers and losing three (of their own)": people, not these
        q = parse_quantity([words[j]])
        if q is not None and not any(it.start <= k <= it.head for it in items):
            out.append(Item(start=k, head=k, category=last.category, quantity=q, kind="destroyed"))
    return out


def _families_of(doc: Document, sent: Sentence, items: list[Item]) -> list[Item]:
    """"a family of nine" is nine people, not one family and a bare "nine"."""
    toks = doc.tokens
    out = list(items)
    for it in items:
        k = it.head
        if toks[k].text.lower() not in ("family", "families") or k + 2 >= sent.last \
                or toks[k + 1].text.lower() != "of":
            continue
        q = parse_quantity([toks[k + 2].text])
        if q is None or q.value is None:
            continue
        it.quantity = Quantity(q.value, q.qualifier, toks[k + 2].text, 1)
        out = [o for o in out if o is it or not (k + 1 < o.head <= k + 2 or o.start == k + 2)]
    return out


# "11 wounded, two of them critically": a counted part of the wounded before it
_HOW_BADLY = re.compile(r",\s*(?:including\s+)?(?P<n>[\w,-]+)\s+of\s+(?:them|whom)\s+"
                        r"(?:seriously|critically|badly|gravely|severely)\b", re.I)


def _counted_subsets(doc: Document, sent: Sentence, items: Sequence[Item]) -> list[Item]:
    """The badly hurt part of a count of wounded, its own record (ANNOTATION.md: an
    umbrella with its own count keeps both): "four soldiers were killed and 11 wounded,
    two of them critically" gives 11 wounded and 2 wounded."""
    toks = doc.tokens
    out: list[Item] = []
    for m in _HOW_BADLY.finditer(sent.text):
        n = number_value(m.group("n").lower())
        at = sent.start + m.start("n")
        head = next((t.i for t in toks[sent.first:sent.last] if t.start == at), None)
        whole = [it for it in items if it.head is not None and toks[it.head].start < at and it.category in PEOPLE]
        if n is None or head is None or not whole:
            continue
        out.append(Item(start=head, head=head, category=whole[-1].category,
                        quantity=Quantity(n, "exact", m.group("n"), 1), mentions=list(whole[-1].mentions),
                        kind="wounded", elided=True))  # the whole's people: its side too
    return out


def _is_quantity_word(w: str) -> bool:
    if number_value(w) is not None or w in ("dozen", "dozens", "hundred", "hundreds", "thousand", "number",
                                            "quantities", "amounts", "stocks", "stockpiles",
                                            "thousands", "million", "scores", "several", "many",
                                            "numerous", "tens", "few", "multiple", "couple", "some"):
        return True
    return any(c.isdigit() for c in w) and not any(c.isalpha() for c in w)


def _join_hyphens(words: list[str]) -> list[str]:
    """ "fifty - three" as one number word; a dash between other words ("BELFAST - A
    British soldier") joins nothing."""
    out: list[str] = []
    for w in words:
        if out and w == "-" and number_value(out[-1]) is not None:
            out[-1] = out[-1] + w
        elif out and out[-1].endswith("-") and len(out[-1]) > 1 and (number_value(w) is not None or w.lower() in SCALES):
            out[-1] = out[-1] + w
        else:
            out.append(w)
    return out


def _loss_nouns(doc: Document, sent: Sentence, lex: Lexicon, resolver: Resolver,
                taken: Sequence[Item]) -> list[Item]:
    """ "53 casualties", "heavy losses", "the death toll rose to 30", "no casualties"."""
    toks = doc.tokens
    words = words_of(doc, sent)
    used = {k for it in taken for k in range(it.start, it.head + 1)}
    out: list[Item] = []
    for j, w in enumerate(words):
        kind = lex.nouns.get(w)
        if kind is None or sent.first + j in used:
            continue
        tok = toks[sent.first + j]
        if tok.pos not in ("NOUN", "PROPN", "ADJ") and w not in ("dead",):
            continue
        if w == "death" and j + 1 < len(words) and words[j + 1] == "toll":
            continue  # "death toll": the toll carries it
        if j + 1 < len(words) and toks[sent.first + j + 1].pos == "NOUN" and words[j + 1] not in COORD \
                and words[j + 1] not in ("toll",):
            continue  # "casualty reports", "death squads"
        category = "people"
        # "civilian casualties", "military losses", "Russian losses in manpower"
        k = j - 1
        enemy = own = False
        quantity: Quantity | None = None
        while k >= 0:
            pw = words[k]
            if pw in lex.categories and lex.categories[pw] in PEOPLE:
                category = lex.categories[pw]
            elif pw in ("civilian",):
                category = "civilians"
            elif pw in ("military", "combat", "troop", "army"):
                category = "military"
            elif pw in lex.enemy_words:
                enemy = True
            elif pw in lex.own_words:
                own = True
            elif pw in VAGUE and toks[sent.first + k].pos in ("ADJ", "DET", "NOUN"):
                quantity = Quantity(None, "vague", toks[sent.first + k].text, 1)
            elif _is_quantity_word(pw) or pw == "no":
                break
            elif toks[sent.first + k].pos in ("ADJ", "PROPN", "NOUN") or pw in ("-", "'s"):
                pass
            else:
                break
            k -= 1
        start = k + 1
        if k >= 0 and (_is_quantity_word(words[k]) or words[k] == "no"):
            window = _join_hyphens([t.text for t in toks[sent.first + max(0, k - 4):sent.first + k + 1]])
            quantity = Quantity(0, "exact", "no", 1) if words[k] == "no" else parse_quantity(window)
            start = k + 1 - (quantity.n_words if quantity else 0)
        if kind == "captured" and category == "people":
            category = "civilians" if w in ("hostage", "hostages", "captive", "captives") else \
                "military" if (w in ("pow", "pows") or words[j + 1:j + 3] == ["of", "war"]) else category
        if w in ("toll", "death toll") or (w == "death" and j + 1 < len(words) and words[j + 1] == "toll"):
            kind = "killed"
            quantity = _toll_value(doc, sent, j) or quantity
        elif quantity is None and j >= 2 and words[j - 1] == "of" and words[j - 2] in ("number", "tally", "total", "count"):
            quantity = _toll_value(doc, sent, j)  # "put the number of dead at 47": a toll
        elif quantity is None or quantity.value is None:
            # "bringing its total losses since the invasion to 598,000"
            quantity = _toll_value(doc, sent, j, toll=False) or quantity
        # "losses in manpower", "casualties among civilians"
        for look in range(j + 1, min(j + 4, len(words))):
            if words[look] in ("manpower", "personnel", "troops", "soldiers", "servicemen"):
                category = "military"
            elif words[look] in ("civilians", "civilian"):
                category = "civilians"
            elif words[look] in ("equipment", "hardware", "materiel"):
                category = "equipment"
        if quantity is None and w in ("bodies", "corpses"):
            quantity, category = _bodies_of(doc, sent, lex, j, category)
        if quantity is None:
            # "Ethiopian casualties had been significant", "losses were heavy"
            after = words[j + 1:j + 5]
            if after[:1] and after[0] in ("were", "was", "had", "have", "are", "is") and \
                    any(a in VAGUE for a in after[1:]):
                quantity = Quantity(None, "vague", next(a for a in after[1:] if a in VAGUE), 1)
        if quantity is None and kind == "losses" and w in ("losses", "casualties") and \
                _verb_before(doc, sent, j) in ("suffer", "sustain", "incur", "inflict", "take"):
            quantity = Quantity(None, "vague", None, 0)  # "the army had suffered losses"
        if quantity is None and w in ("bodies", "corpses") and _found(doc, sent, lex, j):
            quantity = Quantity(None, "vague", None, 0)  # "the bodies of the youths were found"
        if quantity is None and w == "dead" and tok.pos == "NOUN" and start < j \
                and resolver.mentions(doc.article.text[toks[sent.first + start].start:tok.end]):
            quantity = Quantity(None, "vague", None, 0)  # "Iraqi dead lay beside the tanks"
        if quantity is None:
            continue  # "the loss of lives", "casualty figures": nothing counted or qualified
        if kind == "captured" and any(words[m] in EXCHANGE for m in range(max(0, start - 4), start)):
            continue  # "the release of 33 hostages", "returned 90 prisoners": no capture claimed
        if kind == "losses" and category == "people" and quantity is not None \
                and (quantity.value != 0 or _our_side(words)
                     or words[j + 1:j + 4] in (["of", "their", "own"], ["of", "its", "own"])) \
                and not any(words[m] in ("civilian", "civilians", "people", "residents")
                            for m in range(max(0, j - 3), min(len(words), j + 4))):
            category = "military"  # "heavy losses", "700,000 casualties" of a belligerent, "no losses on our side"
        lo_char = toks[sent.first + start].start
        mentions = resolver.mentions(doc.article.text[lo_char:tok.end], lo_char)
        out.append(Item(start=sent.first + start, head=sent.first + j, category=category,
                        quantity=quantity, mentions=mentions, enemy=enemy, own=own, kind=kind))
        if kind == "losses" and category in PEOPLE and quantity.value is None and \
                any(words[a] == "and" and words[b] in ("equipment", "hardware", "materiel")
                    for a in range(j + 2, min(j + 6, len(words))) for b in range(a + 1, min(a + 3, len(words)))):
            # "inflicted severe losses on Iraqi troops and military equipment": losses of both
            out.append(Item(start=sent.first + start, head=sent.first + j, category="equipment",
                            quantity=quantity, mentions=mentions, enemy=enemy, own=own, kind=kind))
    return out


def _our_side(words: Sequence[str]) -> bool:
    """A speaker's own forces named in the sentence ("no losses were recorded on our side",
    "among our troops"): a zero of theirs is of soldiers."""
    nouns = load_lexicon().side_words["our_side_nouns"]
    return any(w == "our" and nxt in nouns for w, nxt in zip(words, words[1:]))


def _bodies_of(doc: Document, sent: Sentence, lex: Lexicon, j: int, category: str) -> tuple[Quantity | None, str]:
    """ "the bodies of three children": the count and kind of people are after the noun."""
    toks = doc.tokens
    words = words_of(doc, sent)
    if j + 2 >= len(words) or words[j + 1] != "of":
        return None, category
    k = j + 2
    while k < len(words) and words[k] in ("at", "least", "about", "some", "more", "than", "the", "another"):
        k += 1
    m = k
    while m < len(words) and (_is_quantity_word(words[m]) or words[m] in (",", "-")):
        m += 1
    def people(n: int) -> bool:
        return (lex.categories.get(words[n]) or lex.categories.get(toks[sent.first + n].lemma)) in PEOPLE
    # the people noun, past a party's name or a word for a party ("the bodies of seven Shining
    # Path rebels", "the bodies of two loyalist soldiers")
    noun = None
    for n in range(m, min(m + 4, len(words))):
        if people(n) and toks[sent.first + n].pos in ("NOUN", "PROPN"):
            noun = n
            break
        if toks[sent.first + n].dep not in ("compound", "amod", "nmod"):
            break  # not a modifier of a noun to come: "the bodies of two tanks' crews" stops here
    if noun is None or not people(noun):
        return None, category
    cat = lex.categories.get(words[noun]) or lex.categories.get(toks[sent.first + noun].lemma) or category
    lo = j + 2 + (words[j + 2] == "the")
    q = parse_quantity(_join_hyphens([t.text for t in toks[sent.first + lo:sent.first + m]])) if m > k else None
    return q, cat


def _found(doc: Document, sent: Sentence, lex: Lexicon, j: int) -> bool:
    """Whether bodies are said to be found, recovered, buried ... (so they are dead people
    with no count written, not a figure of speech)."""
    toks = doc.tokens
    h = toks[sent.first + j].head
    for _ in range(3):
        if toks[h].lemma in lex.side_words["find_bodies"] and toks[h].pos == "VERB":
            return True
        if toks[h].head == h:
            return False
        h = toks[h].head
    return False


def _verb_before(doc: Document, sent: Sentence, j: int) -> str | None:
    """The lemma of the verb a loss noun is the object of ("suffered losses")."""
    toks = doc.tokens
    h = toks[sent.first + j].head
    return toks[h].lemma if toks[h].pos in ("VERB", "AUX") and toks[sent.first + j].dep == "dobj" else None


# the verbs that take a count to a total: "raising the toll to 30", "The deaths bring to 17
# the number of soldiers killed"
# (a loss noun's own total takes only the -ing and past forms: with "brings", "His death
# brings to 295 the number of troops killed" would count the one death as 295 too)
_RAISING = frozenset({"bringing", "brought", "raising", "raised", "pushing", "taking"})
_TO_A_TOTAL = _RAISING | {"bring", "brings", "raise", "raises", "push", "pushes", "pushed", "take", "takes", "took"}


def _brought_to(doc: Document, sent: Sentence, j: int) -> Quantity | None:
    """ "The deaths bring to 17 the number of soldiers killed": the total written before
    "the number" (word ``j``) it counts."""
    words = words_of(doc, sent)
    if j < 4 or words[j - 1] != "the":
        return None
    for lo in (j - 3, j - 4, j - 5):  # "to 17 the number", "to more than 17 the number"
        if lo >= 1 and words[lo] == "to" and words[lo - 1] in _TO_A_TOTAL:
            return parse_quantity(_join_hyphens([t.text for t in doc.tokens[sent.first + lo + 1:sent.first + j - 1]]))
    return None


_RISING = frozenset({"rose", "risen", "rising", "climbed", "climbing", "increased", "jumped", "up"})
# a total that reaches or passes a figure: "Russian losses had reached 4,700", "the toll
# passed 600" (said of any loss noun, not only of a toll); the second set says "more than"
_REACHED = frozenset({"reached", "reach", "reaches", "reaching", "stood", "stands", "hit", "hits",
                      "topped", "tops", "exceeded", "exceeds", "surpassed", "surpasses", "passed", "passes"})
# "losses amounted to 210 servicemen": a total that comes to a figure
_AMOUNTED = frozenset({"amounted", "amounting", "amount", "amounts", "totalled", "totaled", "totalling", "totaling"})
_ABOVE = frozenset({"topped", "tops", "exceeded", "exceeds", "surpassed", "surpasses", "passed", "passes"})


def _toll_value(doc: Document, sent: Sentence, j: int, toll: bool = True) -> Quantity | None:
    """ "the death toll rose to 30" / "stood at 30" / "climbed to over 100"; for other loss
    nouns (``toll`` False) only "bringing its total losses ... to 598,000"."""
    toks = doc.tokens
    words = words_of(doc, sent)
    # (further for a total raised to a figure: "raised the toll of soldiers killed in the
    # ground offensive and in operations along the border to more than 250")
    reach = 26 if any(words[m] in _RAISING for m in range(max(0, j - 6), j)) else 16
    for k in range(j + 1, min(j + reach, len(words))):
        if words[k] in (",", ";") and k > j + 1:
            return None
        # a count estimated or put at a figure: "casualties were estimated at 300", "put
        # rebel losses at 300 men" (any loss noun), as a toll rises to one
        estimated = words[k] == "at" and words[k - 1] in ("estimated", "put", "placed", "estimate")
        if words[k] == "up" and k + 1 < len(words) and words[k + 1] == "to":
            continue  # "amounted to up to 210": "up to" is the count's qualifier, not a rise
        if (words[k] in ("to", "at", "is", "was") or words[k] in _REACHED if toll
                else words[k] == "to" or estimated or words[k] in _REACHED) and \
                (words[k] != "to" or words[k - 1] in _RAISING | _RISING | _AMOUNTED or
                 any(words[m] in _RAISING for m in range(max(0, j - 6), k))) \
                and not (words[k] == "to" and words[k - 1] == "up" and k >= 2 and words[k - 2] not in _RISING):
            window = ["up", "to"] if words[k] == "to" and words[k - 1] == "up" else []
            for m in range(k + 1, min(k + 6, len(words))):
                window.append(toks[sent.first + m].text)
                if _is_quantity_word(words[m]) and not (m + 1 < len(words) and _is_quantity_word(words[m + 1])):
                    q = parse_quantity(_join_hyphens(window))
                    if q is not None and q.qualifier == "exact" and words[k] in _ABOVE:
                        q = replace(q, qualifier="over")  # "passed 600": more than 600
                    if q is not None and q.value is None and words[k] == "to" and words[k - 1] in _AMOUNTED:
                        return None  # "losses amounted to hundreds of dead and 13 aircraft": the parts count
                    return q
    return None


def _elided(doc: Document, sent: Sentence, lex: Lexicon, items: Sequence[Item]) -> list[Item]:
    """ "Twelve civilians have been killed and 35 wounded": a number then a participle."""
    toks = doc.tokens
    words = words_of(doc, sent)
    used = {k for it in items for k in range(it.start, it.head + 1)}
    out: list[Item] = []
    for j in range(len(words) - 1):
        if words[j] in lex.side_words["ordinals"] and j > 0 and words[j - 1] == "a":
            # "Three soldiers were killed and a fourth was seriously injured": one more
            w = j + 1
            while w < len(words) and (words[w] in ("was", "were", "had", "been") or words[w].endswith("ly")):
                w += 1
            if w < len(words) and w > j + 1 and words[w] in lex.elided:
                prev = [it for it in items if it.head < sent.first + j and it.category in PEOPLE]
                if prev:
                    out.append(Item(start=sent.first + j - 1, head=sent.first + j, category=prev[-1].category,
                                    quantity=Quantity(1, "exact", f"a {words[j]}", 2), kind=lex.elided[words[w]],
                                    elided=True, mentions=list(prev[-1].mentions)))
            continue
        if sent.first + j in used or not (_is_quantity_word(words[j]) or words[j] == "dozens") \
                or words[j] in ("some", "few"):
            continue
        kind = lex.elided.get(words[j + 1])
        if kind is None and words[j + 1] in ("others", "more", "people") and j > 0 \
                and toks[sent.first + j - 1].lemma in lex.kinds and toks[sent.first + j - 1].pos == "VERB":
            kind = lex.kinds.get(toks[sent.first + j - 1].lemma)  # "and wounded 11 others"
            kind = kind if kind in ("killed", "wounded", "captured") else None
            if kind is not None:
                prev = [it for it in items if it.head < sent.first + j and it.category in PEOPLE]
                window = _join_hyphens([t.text for t in toks[sent.first + max(0, j - 4):sent.first + j + 1]])
                q = parse_quantity(window)
                if q is not None:
                    out.append(Item(start=sent.first + j + 1 - q.n_words, head=sent.first + j + 1,
                                    category=prev[-1].category if prev else "people", quantity=q,
                                    kind=kind, elided=bool(prev)))
                continue
        if kind is None and words[j] == "one" and j > 0 and words[j - 1] == "no":
            # "no one on board was hurt", "no one inside had been injured"
            w = j + 1
            if words[w:w + 2] == ["on", "board"]:
                w += 2
            elif words[w] in ("aboard", "inside"):
                w += 1
            while w < len(words) and words[w] in ("was", "were", "had", "has", "been"):
                w += 1
            kind = lex.elided.get(words[w]) if w > j + 1 and w < len(words) else None
        if kind is None and j + 2 < len(words) and words[j + 1] in ("were", "was") and \
                (words[j + 2] in lex.elided or words[j + 2] in ("taken",)):
            kind = lex.elided.get(words[j + 2]) or "captured"  # "and 250 were taken hostage"
        if kind is None and j + 2 < len(words) and words[j + 1] == "taken" \
                and words[j + 2] in ("prisoner", "prisoners", "captive", "captives", "hostage", "hostages"):
            kind = "captured"  # "34 soldiers were killed and seven taken prisoner"
        v = j - 1  # the verb before the number, over its qualifier ("wounded at least 40")
        while v > 0 and words[v] in QUALIFIER_WORDS:
            v -= 1
        if kind is None and v >= 0 and (words[v] in lex.elided or toks[sent.first + v].lemma in lex.kinds) \
                and toks[sent.first + v].pos == "VERB" and (j + 1 >= len(words) or toks[sent.first + j + 1].pos not in ("NOUN", "PROPN")):
            kind = lex.kinds.get(toks[sent.first + v].lemma)  # "and wounded 48" (not "killed 90 Viet Cong")
            if kind not in ("killed", "wounded", "captured"):
                kind = None
        if kind is None and j + 2 < len(words) and words[j + 1] in ("more", "others", "other") \
                and words[j + 2] in lex.elided:
            kind = lex.elided[words[j + 2]]  # "with nine more wounded"
        if kind is None and j + 3 < len(words) and words[j + 1] in ("more", "others") \
                and words[j + 2] in ("were", "was") and words[j + 3] in lex.elided:
            kind = lex.elided[words[j + 3]]  # "and 20 others were missing"
        if kind is None:
            continue
        if j + 2 < len(words) and toks[sent.first + j + 2].pos == "NOUN" and words[j - 1:j + 1] != ["no", "one"] \
                and words[j + 1] != "taken":
            continue  # "12 wounded soldiers" is a full phrase
        if words[j] == "were" or (words[j] == "one" and j > 0 and words[j - 1] not in ("no",)
                                   and words[j + 1] not in ("killed", "dead", "wounded", "injured")):
            continue
        window = _join_hyphens([t.text for t in toks[sent.first + max(0, j - 4):sent.first + j + 1]])
        q = parse_quantity(window)
        if words[j] == "one" and j > 0 and words[j - 1] == "no":
            q = Quantity(0, "exact", "no one", 2)  # "no one was hurt"
        if q is None:
            continue
        prev = [it for it in items if it.head < sent.first + j and it.category in PEOPLE
                and not _where_clause(doc, sent, sent.first + j)]
        lo = sent.first + j + 1 - q.n_words
        if prev and _among_total(words, lo - sent.first):
            # "Two Britons were among the hundreds killed": the total holds the phrase
            # before it, not the same victims again; its own words (or its place) say whose
            # they are, and the part was lost the same way (ANNOTATION.md: an umbrella with
            # its own count keeps both)
            if prev[-1].kind is None:
                prev[-1].kind = kind
            out.append(Item(start=lo, head=sent.first + j + 1, category="people", quantity=q, kind=kind))
            continue
        category = prev[-1].category if prev else "people"
        out.append(Item(start=sent.first + j + 1 - q.n_words, head=sent.first + j + 1,
                        category=category, quantity=q, kind=kind, elided=bool(prev),
                        mentions=list(prev[-1].mentions) if prev else []))
    return out


def _among_total(words: list[str], j: int) -> bool:
    """The quantity at word ``j`` follows "among" ("were among the 40 killed", "was among
    at least 250 dead"): a total the phrase before it is part of."""
    k = j - 1
    if k >= 0 and words[k] == "the":
        k -= 1
    return k >= 0 and words[k] == "among"


def _where_clause(doc: Document, sent: Sentence, k: int) -> bool:
    """Token ``k`` is in a relative clause on a place ("the kibbutz, where over 100 were
    killed"): its bare number counts the place's people, not the victims named before."""
    toks = doc.tokens
    v = k
    for _ in range(3):
        if toks[v].pos in ("VERB", "AUX") or toks[v].head == v:
            break
        v = toks[v].head
    if toks[v].pos == "AUX" and toks[v].head != v:
        v = toks[v].head
    return toks[v].dep == "relcl" and any(toks[j].head == v and toks[j].lemma == "where"
                                          for j in range(sent.first, sent.last))


def _attack_counts(doc: Document, sent: Sentence, resolver: Resolver) -> list[Item]:
    """ "opened fire 127 times", "violated the ceasefire 40 times", "carried out 12 attacks"."""
    toks = doc.tokens
    words = words_of(doc, sent)
    lemmas = {t.lemma for t in toks[sent.first:sent.last]}
    out: list[Item] = []
    for j, w in enumerate(words):
        if w == "times" and j > 0 and _is_quantity_word(words[j - 1]) and lemmas & ATTACK_VERBS:
            window = _join_hyphens([t.text for t in toks[sent.first + max(0, j - 5):sent.first + j]])
            q = parse_quantity(window)
            if q:
                out.append(Item(start=sent.first + j - q.n_words, head=sent.first + j,
                                category="incidents", quantity=q, kind="attacks"))
        elif w in ATTACK_COUNT_NOUNS and j > 0:
            # "312 ceasefire violations", "40 cross-border attacks": modifiers between
            k = j - 1
            while k > 0 and k >= j - 3 and not _is_quantity_word(words[k]) \
                    and toks[sent.first + k].pos in ("NOUN", "ADJ", "PROPN", "PUNCT") and words[k] != ",":
                k -= 1
            if not _is_quantity_word(words[k]) or words[k] in ("some",):
                continue
            window = _join_hyphens([t.text for t in toks[sent.first + max(0, k - 4):sent.first + k + 1]])
            q = parse_quantity(window)
            if q and (w != "strikes" or lemmas & {"carry", "launch", "conduct"}):
                # the party words between count and noun are the attacker's ("nine Iraqi
                # counter-attacks")
                lo_char = toks[sent.first + k + 1].start
                mentions = resolver.mentions(doc.article.text[lo_char:toks[sent.first + j].end], lo_char) \
                    if k + 1 < j else []
                out.append(Item(start=sent.first + k + 1 - q.n_words, head=sent.first + j,
                                category="incidents", quantity=q, kind="attacks", mentions=mentions))
    return out



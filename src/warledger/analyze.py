"""The whole extraction chain for one article: Article -> Analysis.

    Article -> nlp.parse -> Document -> attributions -> claims, events -> Analysis

This is the one function that ingestion, re-extraction, the API, the CLI's ``extract`` and
the Spark job call, so that every path gives the same claims for the same text.
"""
from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from warledger import events as events_mod
from warledger import places, times
from warledger.extract.attribution import Said, attributions_of, records_of
from warledger.extract.camps import read_camps
from warledger.extract.claims import extract_claims
from warledger.extract.cues import load_cues
from warledger.extract.lexicon import Lexicon, load_lexicon
from warledger.extract.repairs import repair
from warledger.extract.quantities import SCALES, UNITS, VAGUE
from warledger.nlp import parse_many
from warledger.options import Options
from warledger.profiles import Resolver, resolver_for
from warledger.records import Article, Attribution, Claim, Document, Location, Period, Sentence
from warledger.records import Analysis
from warledger.trie import cached_compile


def can_carry(text: str, parts: tuple[str, ...] = ("claims",)) -> bool:
    """Whether a sentence is worth parsing for what the caller prints (``parts``).

    For claims (``warledger extract``): a sentence that may hold a loss claim. A sentence
    that can only hold an attribution ("..., the ministry said.") or an event ("Russia
    called for a ceasefire") is not parsed: the claims' claimants there come from token
    patterns (``extract/patterns.py``) and events from trigger phrases (``events.py``),
    neither needing the tree. This is what makes selective parsing pay off: nearly every
    sentence of a war report has "said" or an event word in it.

    For attributions alone (``warledger attributions``): also every sentence with a cue word
    outside quotation marks (``CueLexicon.worth_parsing``), since the source, cue and
    content of an attribution are read from the tree; a sentence all inside a quotation
    continues someone's quote and needs no parse. Whenever claims or events are computed
    too (``ingest``, the API, Spark) the claims' selection is kept, so that every path
    gives the same claims and claimants as ``warledger extract`` (a claimant carried from
    a neighbouring sentence depends on whether that sentence was parsed).
    """
    if can_carry_claim(text):
        return True
    if set(parts) != {"attributions"}:
        return False
    return load_cues().worth_parsing(text)


def can_carry_claim(text: str) -> bool:
    """A cheap necessary condition for a loss claim: a loss word (the lexicon's own
    pre-filter) AND something a claim's count can come from.

    Every claim the extractor makes has an item with a quantity ("12", "twelve", "a dozen",
    "an armoured vehicle", "no one", "heavy losses", "the toll rose to 30") or a bare plural
    ("report downing helicopters", count null); a sentence with neither cannot give one.
    Checked on the benchmark corpus: the claims are the same as with every sentence parsed.
    """
    lex = load_lexicon()
    return bool(lex.trigger_rx.search(text) and (_quantity_rx(lex).search(text) or _PATIENT_RX.search(text)
                                                 or _ORDINAL_RX.search(text))
                or lex.safe_rx.search(text))


# "the ninth air raid this year": attacks counted by an ordinal
_ORDINAL_RX = re.compile(r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
                         r"twelfth|\d+(?:st|nd|rd|th))\b", re.I)


# a loss predicate whose patient carries no count ("Karami died", "the attack on the
# tanker", "Palestinians were killed"): frames find those (extract/frames.py)
_PATIENT_RX = re.compile(
    r"\b(?:killed|died|dies|dead|slain|murdered|assassinated|perished|wounded|injured|hurt|"
    r"captured|abducted|kidnapped|seized|missing|(?:attack|strike|raid|assault)s?\s+(?:on|against)|"
    r"(?:attack(?:ed|s)?|hit|struck|raid(?:ed|s)?|sank|sunk|destroyed|downed|damaged|bombed|shelled|"
    r"shot\s+down|shot\s+dead|shot\s+to\s+death|set\s+ablaze|ablaze)|"
    r"(?:destruction|sinking|downing|seizure|killing|assassination|death)\s+of|"
    # "the army had suffered losses": losses owned or inflicted, no count written
    r"(?:suffer|sustain|incur|inflict|take|took)\w*\s+(?:\w+\s+){0,2}(?:losses|casualties)|"
    # "denied losing any aircraft": a denied loss, no count written
    r"(?:denied|denies|deny|dismissed|rejected)\s+(?:\w+\s+){0,3}any)\b", re.I)


_QUANTITY_RX: dict[int, tuple[Lexicon, re.Pattern[str]]] = {}


def _quantity_rx(lex: Lexicon) -> re.Pattern[str]:
    """The compiled pattern for this lexicon (built once; a Lexicon holds dicts, so it is
    not hashable and cannot key an lru_cache)."""
    hit = _QUANTITY_RX.get(id(lex))
    if hit is None or hit[0] is not lex:
        hit = _QUANTITY_RX[id(lex)] = (lex, _build_quantity_rx(lex))
    return hit[1]


# words between "a"/"an"/"no" and the noun it counts ("an entire motorised infantry regiment")
_GAP = r"(?:[\w'\u2019.-]+\s+){0,6}?"


def _build_quantity_rx(lex: Lexicon) -> re.Pattern[str]:
    """Anything an item's count can come from, as one regular expression (see
    ``can_carry_claim``); built from the lexicon so new victims and materiel are covered."""
    # "both", "pair" are in the number table but never start a count of their own
    numbers = (set(UNITS) - {"a", "an", "no", "both", "pair"}) | set(SCALES) | {
        "dozens", "hundreds", "thousands", "millions", "scores", "several", "many", "numerous",
        "tens", "few", "multiple", "couple", "some", "single", "zero"}
    firsts = {k.split()[0] for k in lex.categories}
    # a named ship or installation ("the tanker Mia Sol came under fire", "HMS Carrick")
    things = {k.split()[0] for k, c in lex.categories.items() if c in ("ship", "equipment", "aircraft", "helicopter")}
    # bare plurals: whole category phrases ("security forces", not "forces") in a plural form
    plural_ends = ("s", "men", "ren", "ple", "nel", "ff", "ew", "ft", "ia", "ery", "ment", "ware",
                   "erly", "power")
    plurals = {k for k in lex.categories if k.endswith(plural_ends)}
    loss_nouns = {k.split()[0] for k in lex.nouns} | {"casualt"}

    # longest first; among words of one length alphabetically, so that the pattern is the
    # same in every process and its compiled program can be kept (``trie.cached_compile``)
    def alt(words: set[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))

    def alt_phrases(phrases: set[str]) -> str:
        # lexicon keys are spaCy-tokenised ("anti - aircraft"): any spacing between the words
        return "|".join(r"\s*".join(re.escape(w) for w in p.split())
                        for p in sorted(phrases, key=lambda w: (-len(w), w)))

    return cached_compile(
        r"\d"
        rf"|\b(?:{alt(numbers)})\b"
        rf"|\b(?:a|an|no|one)\s+{_GAP}(?:{alt(firsts)})"
        rf"|\b(?:{alt(set(VAGUE) | {'no'})})\s+{_GAP}(?:{alt(loss_nouns)})"
        rf"|\b(?:{alt_phrases(plurals)})\b"
        rf"|\bthe\s+{_GAP}(?:{alt(things)})\s+(?-i:[A-Z][a-z])"
        r"|\b(?-i:USS|HMS|INS|HMAS|HMCS)\s+(?-i:[A-Z])",
        re.IGNORECASE)


def _period_fn(doc: Document, resolver: Resolver):
    published = doc.article.published
    conflict_start = resolver.profile.start if resolver.profile else None
    article_start = times.stated_start(doc.article.text, published)

    @lru_cache(maxsize=64)
    def period_of(text: str) -> Period | None:
        # asked once per claim: a sentence with three claims is resolved once
        return times.resolve_period(text, published, conflict_start, article_start)
    return period_of


def _place_fn(resolver: Resolver):
    """Every place a sentence names, with its span in the sentence (asked once per
    sentence: its claims, the place of each loss and the side rule share the answer)."""
    countries = resolver.profile.countries if resolver.profile else tuple(resolver.sides)
    extra = resolver.profile.places if resolver.profile else ()

    @lru_cache(maxsize=64)
    def places_of(text: str) -> tuple[tuple[int, int, Location], ...]:
        return tuple(places.find_places(text, countries, extra))
    return places_of


def _attribution_records(doc: Document, saids: Iterable[Said]) -> Iterator[Attribution]:
    """The public attribution records from the attributions already found for the claims
    (``attribution.records_of``: the same records as ``extract_attributions``, which would
    find them all a second time)."""
    return records_of(doc, tuple(saids))


PARTS = ("claims", "events", "attributions")

# a dateline opening a sentence: "ISLAMABAD, April 2 (Reuters) - ", "CHANDIGARH, India - "
_FOCUS_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'\-]{2,}(?:[ /][A-Z][A-Z.'\-]+)*"
                             r"(?:,\s+[A-Z][\w.]*(?:\s[A-Z\d][\w.]*)*)*\s*(?:\([^()]{1,40}\))?\s*[-\u2013\u2014]+\s")
# a datelined story's first sentence: "MANILA - ...", "CHANDIGARH, India - ..."
_DATELINE = re.compile(r"^[-\s]*[A-Z][A-Z.'\-]{2,}(?:\s[A-Z][A-Z.'\-]+)*(?:,\s+[A-Z][\w.]+(?:\s[A-Z][\w.]+)*)?"
                       r"\s+[-\u2013\u2014]\s")


def _resolver_of(doc: Document, sentences: Sequence[Sentence], options: Options,
                 claims_only: bool = False) -> Resolver:
    """The parties of an article (or of one story of it), chosen from its loss sentences
    and the places they name (when only claims were asked for, the parsed sentences are
    exactly those)."""
    loss_sentences = [s for s in sentences if s.parsed and (claims_only or can_carry_claim(s.text))]
    losses = [s.text for s in loss_sentences]
    focus = " ".join(losses)
    where = tuple(loc.country for _, _, loc in places.find_places(focus) if loc.country) if focus else ()
    # the dateline says where the story was filed, not who fights: its place counts only as a
    # place ("CHANDIGARH, India - ..." makes India the home of a one-state story; Islamabad
    # is no party to the Afghan war reported from it)
    focus = " ".join(_FOCUS_DATELINE.sub("", t, count=1) for t in losses)
    text = " ".join(s.text for s in sentences) if sentences is not doc.sentences else doc.article.text
    title = doc.article.title
    if title and sentences is doc.sentences and title not in text[:len(title) + 200]:
        # a headline given apart from the text (a feed's or a record's title) tells a reader
        # which war the story is about as much as the text does
        text = title + "\n\n" + text
    return resolver_for(text, options.profile_paths, options.conflict, focus, where, doc.article.published,
                        camps=lambda: read_camps(doc, loss_sentences, load_lexicon()))


def stories(doc: Document) -> list[tuple[Document, tuple[Sentence, ...] | None]]:
    """The stories of a wire digest (several datelined stories in one article): each the
    document with the other stories' sentences left unparsed, and its own sentences. An
    article that tells one story (the common case) is itself, with None."""
    starts = [i for i, s in enumerate(doc.sentences) if _DATELINE.match(s.text)]
    if len(starts) < 2:
        return [(doc, None)]
    bounds = ([0] if starts[0] > 0 else []) + starts + [len(doc.sentences)]
    out: list[tuple[Document, tuple[Sentence, ...] | None]] = []
    for lo, hi in zip(bounds, bounds[1:]):
        sents = tuple(s if lo <= i < hi else dataclasses.replace(s, parsed=False)
                      for i, s in enumerate(doc.sentences))
        out.append((dataclasses.replace(doc, sentences=sents), doc.sentences[lo:hi]))
    return out


def analyze_documents(docs: Iterable[Document], options: Options,
                      parts: tuple[str, ...] = PARTS) -> Iterator[Analysis]:
    """The extraction chain per parsed document; ``parts`` leaves out what a caller does not
    print (``warledger extract`` needs claims only, ``attributions`` no events)."""
    lexicon = load_lexicon()
    for doc in docs:
        doc = repair(doc, lexicon)  # two attachments the parser gets wrong, mended once
        resolver = _resolver_of(doc, doc.sentences, options, claims_only="attributions" not in parts)
        saids = attributions_of(doc, resolver)
        claims: tuple[Claim, ...] = ()
        if "claims" in parts:
            for story, own in stories(doc):
                # a wire digest tells several stories: each its own parties
                r = resolver if own is None else _resolver_of(doc, own, options, "attributions" not in parts)
                who = saids if own is None else attributions_of(story, r)
                claims += tuple(extract_claims(story, r, who, period_of=_period_fn(doc, r),
                                               places_of=_place_fn(r)))
        evs = tuple(events_mod.extract_events(doc, options, resolver=resolver, saids=saids)) \
            if "events" in parts else ()
        attrs = tuple(_attribution_records(doc, saids)) if "attributions" in parts else ()
        yield Analysis(article=doc.article, claims=claims, events=evs, attributions=attrs,
                       conflict=resolver.conflict)


def analyze_many(articles: Iterable[Article], options: Options | None = None,
                 parts: tuple[str, ...] = PARTS) -> Iterator[Analysis]:
    """Analyse a stream of articles (the spaCy pipeline batches their sentences)."""
    options = options or Options()
    yield from analyze_documents(parse_many(articles, options, select=lambda text: can_carry(text, parts)),
                                 options, parts)


def analyze(article: Article, options: Options | None = None) -> Analysis:
    """Everything warledger extracts from one article."""
    return next(analyze_many([article], options))

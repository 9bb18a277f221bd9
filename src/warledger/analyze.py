"""The whole extraction chain for one article: Article -> Analysis.

    Article -> nlp.parse -> Document -> attributions -> claims, events -> Analysis

This is the one function that ingestion, re-extraction, the API, the CLI's ``extract`` and
the Spark job call, so that every path gives the same claims for the same text.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

from warledger import events as events_mod
from warledger import places, times
from warledger.extract.attribution import attributions_of, extract_attributions
from warledger.extract.claims import extract_claims
from warledger.extract.lexicon import load_lexicon
from warledger.nlp import parse_many
from warledger.options import Options
from warledger.profiles import Resolver, resolver_for
from warledger.records import Article, Document, Location, Period
from warledger.store.base import Analysis


def can_carry(text: str) -> bool:
    """Whether a sentence is worth parsing: it may hold a loss, a statement or an event."""
    lex = load_lexicon()
    return bool(lex.trigger_rx.search(text) or lex.cue_rx.search(text)
                or events_mod.has_trigger(text))


def _period_fn(doc: Document, resolver: Resolver):
    published = doc.article.published
    conflict_start = resolver.profile.start if resolver.profile else None
    article_start = times.stated_start(doc.article.text, published)
    return lambda text: times.resolve_period(text, published, conflict_start, article_start)


def _place_fn(resolver: Resolver):
    countries = resolver.profile.countries if resolver.profile else tuple(resolver.sides)
    extra = resolver.profile.places if resolver.profile else ()

    @lru_cache(maxsize=64)
    def first_place(text: str, offset: int) -> Location | None:
        found = places.find_places(text, countries, extra)
        return found[0][2] if found else None
    return first_place


def analyze_documents(docs: Iterable[Document], options: Options) -> Iterator[Analysis]:
    for doc in docs:
        resolver = resolver_for(doc.article.text, options.profile_paths, options.conflict)
        saids = attributions_of(doc, resolver)
        claims = tuple(extract_claims(doc, resolver, saids, period_of=_period_fn(doc, resolver),
                                      places_in=_place_fn(resolver)))
        evs = tuple(events_mod.extract_events(doc, options, resolver=resolver, saids=saids))
        attrs = tuple(extract_attributions(doc, resolver))
        yield Analysis(article=doc.article, claims=claims, events=evs, attributions=attrs,
                       conflict=resolver.conflict)


def analyze_many(articles: Iterable[Article], options: Options | None = None) -> Iterator[Analysis]:
    """Analyse a stream of articles (the spaCy pipeline batches their sentences)."""
    options = options or Options()
    yield from analyze_documents(parse_many(articles, options, select=can_carry), options)


def analyze(article: Article, options: Options | None = None) -> Analysis:
    """Everything warledger extracts from one article."""
    return next(analyze_many([article], options))

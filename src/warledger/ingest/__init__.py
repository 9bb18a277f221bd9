"""Ingestion: files, folders, globs, stdin, WARCs, feeds and URLs to clean ``Article`` records.

    read_articles(paths, options)      -> Articles and InputErrors, clusters assigned
    article_from_text(text, name, ...) -> one Article
    article_from_record(record, opts)  -> one Article from a JSONL-style dict
    assign_clusters(articles)          -> the same Articles with near-duplicate clusters

Errors are yielded, not raised, so a caller can count and name them while the run goes
on; only a usage error (a path matching nothing) is raised, before anything is read.
"""
from __future__ import annotations

from typing import BinaryIO, Iterator, Sequence

from warledger.errors import InputError
from warledger.ingest.build import (article_from_raw, article_from_record, article_from_text,
                                    normalise, text_id)
from warledger.ingest.cluster import Clusterer, assign_clusters
from warledger.ingest.raw import RawArticle
from warledger.ingest.sources import SkippedInput, Source, check_paths, iter_sources
from warledger.options import Options
from warledger.records import Article


def read_articles(paths: Sequence[str], options: Options | None = None,
                  stdin: BinaryIO | None = None, clusters: bool = True
                  ) -> Iterator[Article | InputError]:
    """Articles from every input, in order, with clusters; bad inputs as InputErrors.

    Raises UsageError at once (not on first iteration) when a path matches nothing.
    A ``SkippedInput`` error marks an input left out on purpose (empty file, README).
    ``clusters=False`` leaves ``Article.cluster`` unset (``warledger extract`` needs no
    near-duplicate sketches, and skips loading datasketch).
    """
    options = options or Options()
    check_paths(paths)
    return _read(paths, options, stdin, clusters)


def _read(paths: Sequence[str], options: Options, stdin: BinaryIO | None,
          clusters: bool = True) -> Iterator[Article | InputError]:
    from warledger.ingest.readers import reader_for

    clusterer = Clusterer() if clusters else None
    for item in iter_sources(paths, stdin=stdin, max_bytes=options.max_bytes):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            for raw in reader_for(item.format).read(item, options):
                if isinstance(raw, InputError):
                    yield raw
                    continue
                try:
                    article = article_from_raw(raw, options)
                except InputError as exc:
                    yield exc
                    continue
                yield clusterer.assign(article) if clusterer else article
        except InputError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001 - a reader bug must not end a run over 10,000 files
            yield InputError(item.label, f"unexpected {exc.__class__.__name__}: {exc}")


__all__ = ["read_articles", "article_from_text", "article_from_record", "article_from_raw",
           "assign_clusters", "Clusterer", "RawArticle", "Source", "SkippedInput", "normalise",
           "text_id"]

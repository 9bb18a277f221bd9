"""Readers: one module per input format, one method each, registered by format name.

Like an HTTP library's transports, a reader does one thing: turn a ``Source`` into raw
articles. It yields an ``InputError`` for a bad record inside an otherwise good input (a
broken JSONL line, a truncated WARC) so the rest is still read, and raises one when the
whole input is unusable. Adding a format is adding a module and a line to ``READERS``.
"""
from __future__ import annotations

from typing import Iterator, Protocol

from warledger.errors import InputError
from warledger.ingest.raw import RawArticle
from warledger.ingest.sources import Source
from warledger.options import Options


class Reader(Protocol):
    def read(self, source: Source, options: Options) -> Iterator[RawArticle | InputError]:
        """Raw articles from one input; errors for bad records, raised for a bad input."""
        ...


def _registry() -> dict[str, Reader]:
    from warledger.ingest.readers import feed, html, records, text, warc

    return {
        "txt": text.TextReader(),
        "html": html.HtmlReader(),
        "jsonl": records.JsonlReader(),
        "csv": records.CsvReader(),
        "warc": warc.WarcReader(),
        "feed": feed.FeedReader(),
        "url": feed.UrlReader(),
    }


READERS: dict[str, Reader] = _registry()


def reader_for(fmt: str) -> Reader:
    try:
        return READERS[fmt]
    except KeyError:
        raise InputError(fmt, f"no reader for format {fmt!r} (known: {', '.join(sorted(READERS))})") from None

"""RSS/Atom feeds (a file or a URL) and single article URLs.

A feed entry that carries the full story (content:encoded, Atom content) is read from the
feed; one that carries only a summary is fetched from its link, because a summary is the
outlet's teaser, not the article whose claims we count.
"""
from __future__ import annotations

import time
from typing import Any, Iterator

from warledger.errors import InputError
from warledger.ingest.decode import decode
from warledger.ingest.fetch import fetch
from warledger.ingest.raw import RawArticle
from warledger.ingest.readers.html import decode_html
from warledger.ingest.sources import SkippedInput, Source, sniff
from warledger.options import Options

FULL_TEXT_CHARS = 600  # entry content at least this long (as text) is taken as the article


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%S", value)
    return None


def _content(entry: Any) -> str | None:
    for item in entry.get("content") or ():
        value = item.get("value")
        if value:
            return str(value)
    return None


def read_feed(data: bytes, label: str, options: Options) -> Iterator[RawArticle | InputError]:
    import re

    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise InputError(label, f"not a valid RSS/Atom feed: {parsed.get('bozo_exception')}")
        raise SkippedInput(label, "feed has no entries: skipped")
    for number, entry in enumerate(entries, 1):
        link = entry.get("link") or None
        where = f"{label} entry {number}" + (f" ({link})" if link else "")
        title = entry.get("title") or None
        published = _date(entry)
        content = _content(entry)
        plain = re.sub(r"<[^>]+>", " ", content or "")
        if content and len(" ".join(plain.split())) >= FULL_TEXT_CHARS:
            html = content if "<html" in content.lower() else (
                f"<html><head><title>{_esc(title or '')}</title></head><body><article>{content}</article></body></html>")
            yield RawArticle(source=where, name=link, html=html, title=title, url=link,
                             published=published)
            continue
        if not link:
            yield InputError(where, "entry has neither full content nor a link to fetch")
            continue
        try:
            fetched = fetch(link, options)
            html, warnings = decode_html(fetched.data, link, _charset(fetched.content_type))
        except InputError as exc:
            yield exc
            continue
        yield RawArticle(source=link, name=link, html=html, title=title, url=fetched.url or link,
                         published=published, warnings=warnings)


def _esc(text: str) -> str:
    import html

    return html.escape(text)


def _charset(content_type: str) -> str | None:
    import re

    match = re.search(r"charset=([\w-]+)", content_type, re.I)
    return match.group(1) if match else None


class FeedReader:
    def read(self, source: Source, options: Options) -> Iterator[RawArticle | InputError]:
        data = source.read(options.max_bytes)
        if not data.strip():
            raise SkippedInput(source.label, "empty file: skipped")
        yield from read_feed(data, source.label, options)


class UrlReader:
    """A URL on the command line: a feed, an HTML page or plain text, by what comes back."""

    def read(self, source: Source, options: Options) -> Iterator[RawArticle | InputError]:
        assert source.url is not None
        fetched = fetch(source.url, options)
        ctype = fetched.content_type.lower()
        kind = ("feed" if any(k in ctype for k in ("rss", "atom", "xml")) and "html" not in ctype
                else "html" if "html" in ctype
                else "txt" if "text/plain" in ctype
                else sniff(fetched.data[:2048]))
        if kind == "feed":
            yield from read_feed(fetched.data, source.url, options)
        elif kind == "txt":
            text, warnings = decode(fetched.data, source.url, _charset(fetched.content_type))
            yield RawArticle(source=source.url, name=source.url, text=text, url=fetched.url,
                             warnings=warnings)
        else:
            html, warnings = decode_html(fetched.data, source.url, _charset(fetched.content_type))
            yield RawArticle(source=source.url, name=source.url, html=html, url=fetched.url,
                             warnings=warnings)

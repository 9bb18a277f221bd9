"""The record readers hand to the article builder: text or HTML plus what the input said.

Readers only know their format; everything that is the same for every format (hashing,
URL cleaning, origin, dateline, language) happens once, in ``build.article_from_raw``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawArticle:
    """One article as read, before cleaning. Exactly one of ``text`` and ``html`` is set."""

    source: str  # file, file:line, WARC record or URL: what an error message names
    name: str | None = None  # the input's own id, else None (the builder falls back)
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    warnings: tuple[str, ...] = ()

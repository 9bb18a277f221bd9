"""HTML files: decoded with the charset they declare, then cleaned by ``clean.extract_page``."""
from __future__ import annotations

import re
from typing import Iterator

from warledger.errors import InputError
from warledger.ingest.decode import decode
from warledger.ingest.raw import RawArticle
from warledger.ingest.sources import SkippedInput, Source
from warledger.options import Options

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


def decode_html(data: bytes, label: str, header_charset: str | None = None) -> tuple[str, tuple[str, ...]]:
    """HTML bytes to text, trying the charset the page (or the HTTP header) declares."""
    declared = header_charset
    if declared is None:
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii", "replace") if match else None
    return decode(data, label, declared=declared)


class HtmlReader:
    def read(self, source: Source, options: Options) -> Iterator[RawArticle | InputError]:
        data = source.read(options.max_bytes)
        if not data.strip():
            raise SkippedInput(source.label, "empty file: skipped")
        html, warnings = decode_html(data, source.label)
        name = source.stem if source.path is not None else None
        yield RawArticle(source=source.label, name=name, html=html, url=source.url, warnings=warnings)

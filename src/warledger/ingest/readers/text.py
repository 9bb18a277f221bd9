"""Plain text files: read whole; the first line doubles as the title when it looks like one."""
from __future__ import annotations

from typing import Iterator

from warledger.errors import InputError
from warledger.ingest.decode import decode
from warledger.ingest.raw import RawArticle
from warledger.ingest.sources import SkippedInput, Source
from warledger.options import Options


class TextReader:
    def read(self, source: Source, options: Options) -> Iterator[RawArticle | InputError]:
        data = source.read(options.max_bytes)
        if not data.strip():
            raise SkippedInput(source.label, "empty file: skipped")
        text, warnings = decode(data, source.label)
        if not text.strip():
            raise SkippedInput(source.label, "no text (only whitespace): skipped")
        name = source.stem if source.path is not None else None
        yield RawArticle(source=source.label, name=name, text=text, warnings=warnings)

"""WARC archives (plain or gzipped): every HTML response inside goes through the HTML path.

Crawls are large, so records are streamed and ``max_bytes`` applies to each record, not
to the file. A truncated archive yields the records before the damage plus one error.
"""
from __future__ import annotations

import re
from typing import Iterator

from warledger.errors import InputError
from warledger.ingest.raw import RawArticle
from warledger.ingest.readers.html import decode_html
from warledger.ingest.sources import SkippedInput, Source
from warledger.options import Options

_CHARSET = re.compile(r"charset=([\w-]+)", re.I)


class WarcReader:
    def read(self, source: Source, options: Options) -> Iterator[RawArticle | InputError]:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        stream = source.open()
        count = 0
        broken = False
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type not in ("response", "resource"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or None
                where = f"{source.label} {url or '(no URL)'}"
                ctype = ""
                if record.http_headers is not None:
                    if record.rec_type == "response":
                        status = record.http_headers.get_statuscode() or ""
                        if not status.startswith("2"):
                            continue
                    ctype = record.http_headers.get_header("Content-Type") or ""
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    continue
                count += 1
                data = record.content_stream().read(options.max_bytes + 1)
                if len(data) > options.max_bytes:
                    yield InputError(where, f"record larger than the limit of {options.max_bytes} bytes")
                    continue
                charset = _CHARSET.search(ctype)
                try:
                    html, warnings = decode_html(data, where, charset.group(1) if charset else None)
                except InputError as exc:
                    yield exc
                    continue
                yield RawArticle(source=where, name=url, html=html, url=url, warnings=warnings)
        except ArchiveLoadFailed as exc:
            raise InputError(source.label, f"not a readable WARC: {exc}") from exc
        except (EOFError, OSError, ValueError) as exc:
            broken = True
            yield InputError(source.label, f"truncated or corrupt WARC after {count} HTML record(s): {exc}")
        finally:
            stream.close()
        if count == 0 and not broken:
            raise SkippedInput(source.label, "no HTML responses in the WARC: skipped")

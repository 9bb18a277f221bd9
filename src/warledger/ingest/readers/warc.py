"""WARC archives (plain or gzipped): every HTML response inside goes through the HTML path.

Crawls are large, so records are streamed and ``max_bytes`` applies to each record, not
to the file. A truncated archive yields the records before the damage plus one error.
"""
from __future__ import annotations

import re
import zlib
from typing import Iterator

from warledger.errors import InputError
from warledger.ingest.raw import RawArticle
from warledger.ingest.readers.html import decode_html
from warledger.ingest.sources import SkippedInput, Source, _read_capped
from warledger.options import Options

_CHARSET = re.compile(r"charset=([\w-]+)", re.I)


class WarcReader:
    @staticmethod
    def _is_html(record: object) -> str | None:
        """The Content-Type of a successful HTML response or resource record, else None."""
        rec_type = record.rec_type  # type: ignore[attr-defined]
        if rec_type not in ("response", "resource"):
            return None
        http = record.http_headers  # type: ignore[attr-defined]
        if http is not None:
            if rec_type == "response" and not (http.get_statuscode() or "").startswith("2"):
                return None
            ctype = http.get_header("Content-Type") or ""
        else:
            ctype = record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
        return ctype if "html" in ctype.lower() else None

    @staticmethod
    def _cut(record: object) -> bool:
        """True when the record's declared length was not all there (a cut-off archive)."""
        raw = getattr(record, "raw_stream", None)
        return bool(getattr(raw, "limit", 0))

    def read(self, source: Source, options: Options) -> Iterator[RawArticle | InputError]:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        stream = source.open()
        size = len(source.data) if source.data is not None else (source.path.stat().st_size if source.path else None)
        problem = _gzip_problem(source)
        if problem:
            stream.close()
            raise InputError(source.label, f"corrupt WARC: {problem}")
        arc_ok = source.label.lower().endswith((".arc", ".arc.gz"))
        count = 0
        records = 0
        broken = False
        iterator = ArchiveIterator(stream)
        try:
            for record in iterator:
                records += 1
                if getattr(record, "format", "warc") == "arc" and not arc_ok:
                    # warcio reads anything that is not a WARC as an old ARC file (its
                    # first line taken for a header): in a .warc it is damage or not a WARC
                    raise InputError(source.label, f"not a WARC: no WARC/1.x record header at "
                                     f"byte {iterator.offset}" if records == 1 else
                                     f"corrupt WARC: record {records} has no WARC/1.x header "
                                     f"(byte {iterator.offset})")
                html_record = self._is_html(record)
                if html_record is None:
                    iterator.read_to_end(record)
                    broken = broken or self._cut(record)
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or None
                where = f"{source.label} {url or '(no URL)'}"
                count += 1
                data = _read_capped(record.content_stream(), options.max_bytes)
                if len(data) > options.max_bytes:
                    yield InputError(where, f"record larger than the limit of {options.max_bytes} bytes")
                    continue
                if self._cut(record):
                    broken = True
                    yield InputError(source.label, f"truncated WARC: record for {url or '(no URL)'} is cut short")
                    continue
                charset = _CHARSET.search(html_record)
                try:
                    html, warnings = decode_html(data, where, charset.group(1) if charset else None)
                except InputError as exc:
                    yield exc
                    continue
                yield RawArticle(source=where, name=url, html=html, url=url, warnings=warnings)
            end = getattr(iterator, "offset", None)
            if not broken and size is not None and isinstance(end, int) and 0 < end < size:
                broken = True
                yield InputError(source.label, f"truncated WARC: {size - end} bytes after the last "
                                 f"complete record (byte {end}) could not be read")
        except ArchiveLoadFailed as exc:
            # warcio quotes the first line it met, which in a binary file is noise
            raise InputError(source.label, "not a readable WARC: "
                             + str(exc).split(", first line:")[0].strip()) from exc
        except (EOFError, OSError, ValueError, zlib.error) as exc:
            broken = True
            yield InputError(source.label, f"truncated or corrupt WARC after {count} HTML record(s): {exc}")
        finally:
            stream.close()
        if records == 0 and not broken and size:
            # nothing was read from a file that is not empty: damaged, not a crawl without pages
            raise InputError(source.label, "corrupt WARC: no WARC record could be read")
        if count == 0 and not broken:
            raise SkippedInput(source.label, "no HTML responses in the WARC: skipped")


def _gzip_problem(source: Source) -> str | None:
    """What is wrong with a gzipped input's first member, or None (not gzip, or fine).

    Why look first: warcio, when a gzip member cannot be inflated, reads the raw bytes as
    an old ARC file and reports a record made of garbage."""
    with source.open() as fh:
        head = fh.read(1 << 16)
    if not head.startswith(b"\x1f\x8b"):
        return None
    try:
        zlib.decompressobj(wbits=31).decompress(head)
    except zlib.error as exc:
        return f"gzip data cannot be inflated ({str(exc).split(': ')[-1]})"
    return None

"""JSON Lines and CSV corpora: one article per line or row, streamed.

Dumps from GDELT, CC-News or Kaggle name their columns differently, so the fields are
found through ``Options.column_map`` (their column -> our field) first and a few common
spellings second. A bad line is reported as ``file:line`` and the next line is read.
``max_bytes`` applies per record here, since these files are routinely gigabytes.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from typing import Any, BinaryIO, Iterator

from warledger.errors import InputError
from warledger.ingest.raw import RawArticle
from warledger.ingest.sources import SkippedInput, Source, _read_capped
from warledger.options import Options

FIELDS = ("id", "text", "title", "published", "url", "outlet")

# common spellings in public dumps, used when the record lacks our own field name
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("doc_id", "article_id", "uuid", "guid", "GLOBALEVENTID", "_id"),
    "text": ("maintext", "content", "body", "full_text", "fulltext", "article_text", "story"),
    "title": ("headline", "TITLE"),
    "published": ("date", "date_publish", "publish_date", "published_at", "pubdate",
                  "datetime", "timestamp", "DATEADDED", "SQLDATE"),
    "url": ("link", "source_url", "SOURCEURL", "article_url"),
    "outlet": ("source_domain", "domain", "publisher", "source", "site", "source_name"),
}


def map_record(record: dict[str, Any], options: Options) -> dict[str, Any]:
    """A record's values under our field names (column map first, then aliases)."""
    out: dict[str, Any] = {}
    for theirs, ours in options.column_map:
        if theirs in record and ours in FIELDS:
            out[ours] = record[theirs]
    for ours in FIELDS:
        if ours in out:
            continue
        if ours in record:
            out[ours] = record[ours]
            continue
        for alias in ALIASES[ours]:
            if alias in record:
                out[ours] = record[alias]
                break
    return out


def raw_from_record(record: Any, where: str, options: Options,
                    warnings: tuple[str, ...] = ()) -> RawArticle:
    """A RawArticle from one JSON/CSV record; InputError naming ``where`` if unusable."""
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object, got {type(record).__name__}")
    fields = map_record(record, options)
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "record has no text (expected a non-empty 'text' field"
                         + (" or a --column-map for it" if not options.column_map else "") + ")")

    def opt(key: str) -> str | None:
        value = fields.get(key)
        if value is None or value == "":
            return None
        return str(value).strip() or None

    return RawArticle(source=where, name=opt("id"), text=text, title=opt("title"), url=opt("url"),
                      outlet=opt("outlet"), published=opt("published"), warnings=warnings)


def _stream(source: Source) -> BinaryIO:
    raw = source.open()
    if source.path is not None and source.path.name.lower().endswith(".gz"):
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    return raw


def _peek(stream: BinaryIO, size: int) -> bytes:
    """The first bytes of a stream without consuming them (files, gzip, in-memory)."""
    if isinstance(stream, io.BytesIO):
        return stream.getvalue()[:size]
    peek = getattr(stream, "peek", None)
    return peek(size)[:size] if peek else b""


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) pairs; bytes None for a line longer than ``max_bytes``."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = stream.readline(1 << 20)
            yield number, None
            continue
        yield number, line


class JsonlReader:
    def read(self, source: Source, options: Options) -> Iterator[RawArticle | InputError]:
        stream = _stream(source)
        seen_any = False
        try:
            head = _peek(stream, 64)
            if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
                yield from self._array(source, stream, options)
                return
            for number, line in _lines(stream, options.max_bytes):
                where = f"{source.label}:{number}"
                if line is None:
                    yield InputError(where, f"record larger than the limit of {options.max_bytes} bytes")
                    continue
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")
                if not line.strip():
                    continue
                seen_any = True
                try:
                    record = json.loads(line.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    yield InputError(where, f"invalid UTF-8 at byte {exc.start} of the line")
                    continue
                except json.JSONDecodeError as exc:
                    yield InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
                    continue
                try:
                    yield raw_from_record(record, where, options)
                except InputError as exc:
                    yield exc
        except (EOFError, OSError, zlib.error) as exc:
            yield InputError(source.label, f"truncated or corrupt compressed file: {exc}")
        finally:
            stream.close()
        if not seen_any:
            raise SkippedInput(source.label, "empty file: skipped")

    def _array(self, source: Source, stream: BinaryIO, options: Options) -> Iterator[RawArticle | InputError]:
        data = _read_capped(stream, options.max_bytes)
        if len(data) > options.max_bytes:
            raise InputError(source.label, f"too large for a JSON array (limit {options.max_bytes} bytes); use JSON Lines")
        try:
            records = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(source.label, f"invalid JSON: {exc}") from exc
        if not isinstance(records, list):
            records = [records]
        for index, record in enumerate(records):
            try:
                yield raw_from_record(record, f"{source.label}[{index}]", options)
            except InputError as exc:
                yield exc


class CsvReader:
    def read(self, source: Source, options: Options) -> Iterator[RawArticle | InputError]:
        stream = _stream(source)
        try:
            head = _peek(stream, 65536)
            warnings: tuple[str, ...] = ()
            encoding = "utf-8-sig"
            try:
                head.decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.start < len(head) - 4:  # not just a character cut at the peek's end
                    encoding, warnings = "cp1252", ("not UTF-8; read as cp1252",)
            text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
            delimiter = "\t" if source.label.lower().endswith((".tsv", ".tsv.gz")) else ","
            csv.field_size_limit(min(sys.maxsize, max(options.max_bytes, 1 << 20)))
            rows = csv.DictReader(text, delimiter=delimiter)
            any_row = False
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    break
                except csv.Error as exc:
                    yield InputError(f"{source.label}:{rows.line_num}", f"bad CSV row: {exc}")
                    continue
                any_row = True
                where = f"{source.label}:{rows.line_num}"
                if None in row:
                    yield InputError(where, "more cells than header columns")
                    continue
                try:
                    yield raw_from_record(dict(row), where, options, warnings)
                except InputError as exc:
                    yield exc
            if not any_row:
                raise SkippedInput(source.label, "no rows (empty file or header only): skipped")
        except (EOFError, OSError, zlib.error) as exc:
            yield InputError(source.label, f"truncated or corrupt compressed file: {exc}")
        finally:
            stream.close()

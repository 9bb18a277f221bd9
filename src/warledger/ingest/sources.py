"""Where articles come from: paths, directories, globs, stdin and URLs, and the bytes in them.

A run may be pointed at a folder of ten thousand files or a multi-gigabyte dump, so
everything here is a generator: paths are expanded lazily, one directory listing at a
time, and no file is read before the one before it has been turned into articles.
Decoding is here too, because every text format shares the same problems (binary files,
BOMs, Windows code pages) and should report them in the same words.
"""
from __future__ import annotations

import errno
import glob
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, Sequence

from warledger.errors import InputError, UsageError

STDIN = "-"

# file extensions each reader claims; anything else found while walking a folder is skipped
EXTENSIONS: dict[str, str] = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".jsonl.gz": "jsonl",
    ".csv": "csv", ".tsv": "csv", ".csv.gz": "csv", ".tsv.gz": "csv",
    ".warc": "warc", ".warc.gz": "warc", ".arc.gz": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}


class SkippedInput(InputError):
    """An input that is deliberately not read (empty file, a README in the corpus folder).

    It is an InputError so callers that only count failures still see it, but the CLI
    counts it as *skipped*, not *failed*, and it does not change the exit status.
    """


@dataclass(frozen=True)
class Source:
    """One input to read: a file, stdin, or a URL, with the format chosen for it.

    ``label`` is what error messages name (the path as given, ``<stdin>``, or the URL).
    ``data`` holds the bytes only for stdin and fetched URLs, which cannot be re-opened.
    """

    label: str
    format: str
    path: Path | None = None
    url: str | None = None
    data: bytes | None = None

    @property
    def stem(self) -> str:
        """The file name without its extension(s): the article's name for text files."""
        if self.path is None:
            return self.url or "stdin"
        name = self.path.name
        for ext in sorted(EXTENSIONS, key=len, reverse=True):
            if name.lower().endswith(ext):
                return name[: -len(ext)] or name
        return self.path.stem

    def open(self) -> BinaryIO:
        """A binary stream over the input (for the streaming readers: JSONL, CSV, WARC)."""
        import io

        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        try:
            return self.path.open("rb")
        except OSError as exc:
            raise InputError(self.label, f"cannot open: {exc.strerror or exc}") from exc

    def read(self, max_bytes: int) -> bytes:
        """The whole input, refused with a clear error when larger than ``max_bytes``."""
        if self.data is not None:
            if len(self.data) > max_bytes:
                raise InputError(self.label, f"too large ({len(self.data)} bytes > limit {max_bytes})")
            return self.data
        assert self.path is not None
        try:
            size = self.path.stat().st_size
            if size > max_bytes:
                raise InputError(self.label, f"too large ({size} bytes > limit {max_bytes})")
            with self.path.open("rb") as fh:
                # read(n) reserves n bytes up front: ask for the size we know, not the limit
                data = fh.read(size + 1)
            if len(data) > max_bytes:
                raise InputError(self.label, f"too large (over the limit of {max_bytes} bytes)")
            return data
        except OSError as exc:
            raise InputError(self.label, f"cannot read: {exc.strerror or exc}") from exc


def is_url(text: str) -> bool:
    return bool(re.match(r"^https?://", text, re.I))


def format_of(path: Path) -> str | None:
    """The reader for a file by its extension, or None when the extension says nothing."""
    name = path.name.lower()
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if name.endswith(ext):
            return EXTENSIONS[ext]
    return None


def sniff(head: bytes) -> str:
    """Guess a format from the first bytes, for stdin and files with no known extension."""
    if head.startswith(b"\x1f\x8b"):
        return "warc"  # gzip: in a news corpus, a compressed WARC
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    lower = stripped[:512].lower()
    if lower.startswith(b"{"):
        return "jsonl"
    if lower.startswith(b"<?xml") or lower.startswith(b"<rss") or lower.startswith(b"<feed"):
        if b"<html" not in lower:
            return "feed"
    if lower.startswith(b"<") or b"<html" in lower:
        return "html"
    return "txt"


def _read_capped(stream: BinaryIO, limit: int) -> bytes:
    """At most limit + 1 bytes of a stream, in chunks (no limit-sized buffer up front)."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def check_paths(paths: Sequence[str]) -> None:
    """Refuse, before reading anything, a path that matches nothing (a usage error)."""
    if not paths:
        raise UsageError("no input given: name files, folders, globs, URLs or - for stdin")
    for given in paths:
        if given == STDIN or is_url(given) or os.path.exists(given):
            continue
        if glob.has_magic(given) and next(glob.iglob(given, recursive=True), None) is not None:
            continue
        raise UsageError(f"{given}: no such file, folder or matching glob")


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """Files under a folder, depth first, sorted per folder so runs are reproducible.

    Only one directory's names are held at a time, so a folder of 10,000 files costs
    10,000 names, never their contents. Links to folders are not followed (a link to a
    parent would walk forever); an entry that cannot be looked at (a loop of symbolic
    links, a sub-folder that cannot be listed) is an error naming it, and the walk goes on.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
        except OSError as exc:
            what = ("a loop of symbolic links" if exc.errno == errno.ELOOP
                    else exc.strerror or str(exc))
            yield InputError(entry.path, f"cannot read: {what}")
            continue
        if is_dir:
            yield from _walk(Path(entry.path))
        elif is_file:
            yield Path(entry.path)


def _file_source(path: Path, label: str, named: bool) -> Source:
    """A Source for a file; a file with an unknown extension is sniffed if named directly."""
    fmt = format_of(path)
    if fmt is None:
        if not named:
            raise SkippedInput(label, f"not an article format ({path.suffix or 'no extension'}): skipped")
        try:
            with path.open("rb") as fh:
                fmt = sniff(fh.read(2048))
        except OSError as exc:
            raise InputError(label, f"cannot read: {exc.strerror or exc}") from exc
    return Source(label=label, format=fmt, path=path)


def iter_sources(paths: Sequence[str], stdin: BinaryIO | None = None,
                 max_bytes: int | None = None) -> Iterator[Source | InputError]:
    """Expand paths into Sources lazily; an unreadable entry becomes an error, not a stop."""
    for given in paths:
        if given == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            limit = max_bytes if max_bytes is not None else 50 * 1024 * 1024
            data = _read_capped(stream, limit)
            yield Source(label="<stdin>", format=sniff(data[:2048]), data=data)
        elif is_url(given):
            yield Source(label=given, format="url", url=given)
        elif os.path.isdir(given):
            for path in _walk(Path(given)):
                if isinstance(path, InputError):
                    yield path
                    continue
                try:
                    yield _file_source(path, str(path), named=False)
                except InputError as exc:
                    yield exc
        elif os.path.exists(given):
            try:
                yield _file_source(Path(given), given, named=True)
            except InputError as exc:
                yield exc
        else:
            # ``**`` follows links to folders: a link to a parent gives the same files again
            # under ever longer names, read once here
            seen: set[str] = set()
            for match in sorted(glob.iglob(given, recursive=True)):
                real = os.path.realpath(match)
                if real in seen:
                    continue
                seen.add(real)
                if os.path.isdir(match):
                    yield from iter_sources([match], stdin, max_bytes)
                else:
                    try:
                        yield _file_source(Path(match), match, named=True)
                    except InputError as exc:
                        yield exc

"""Bytes to text, with the failures users actually meet named plainly.

Real corpora mix UTF-8 with Windows code pages (cp1252 from old CMSs, cp1251 from
Russian-language sites), carry BOMs, and contain the odd PDF or image saved with a
``.txt`` name. Text that is not UTF-8 is still read, with a warning on the article, so a
user can see which inputs may have wrong characters; binary data is refused.
"""
from __future__ import annotations

import codecs
import re

from warledger.errors import InputError

_BINARY_MAGIC = {
    b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image", b"PK\x03\x04": "a ZIP archive", b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "an Office document",
}
# single-byte code pages of other scripts, trusted when charset-normalizer picks them
_OTHER_SCRIPTS = {"cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866", "cp1253", "iso8859-7",
                  "cp1254", "iso8859-9", "cp1255", "iso8859-8", "cp1256", "iso8859-6",
                  "mac-cyrillic", "cp1257"}
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]{1,3}")
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def check_not_binary(data: bytes, label: str) -> None:
    """Refuse data that is clearly not text, naming what it looks like when we can tell."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(label, f"binary file ({what}), not text")
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(data):
        return
    if b"\x00" in head or (head and len(_CONTROL.findall(head)) > len(head) * 0.05):
        raise InputError(label, "binary file, not text")


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes are UTF-16 text saved without a BOM, else None.

    Why it can be told from binary data: every character of the Latin range (letters of
    English text, and the spaces, digits and punctuation of any script) has a NUL high
    byte, so NULs fill at least a tenth of the pairs, always on the same side, and almost
    never the other; the pairs then decode to printable text. Binary data has NULs on
    both sides, or decodes to control characters."""
    head = data[:8192]
    head = head[: len(head) - len(head) % 2]
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= 0.1 * pairs and other <= 0.01 * pairs:
            sample = head.decode(codec, errors="replace")
            bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f")
                      or ch == "\ufffd")
            if bad <= 0.01 * len(sample):
                return codec
    return None


def decode(data: bytes, label: str, declared: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Decode bytes to text; returns the text and warnings (empty when it was clean UTF-8).

    ``declared`` is an encoding the container names (an HTML meta charset, an HTTP
    header); it is tried after UTF-8, since pages often declare a charset they do not use.
    """
    check_not_binary(data, label)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError as exc:
            raise InputError(label, f"invalid UTF-16 at byte {exc.start}") from exc
    else:
        codec = utf16_without_bom(data)
        if codec:
            text = data.decode(codec, errors="replace")
            return text, (f"UTF-16 without a byte-order mark: read as {codec}",)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # mostly UTF-8 with a few broken bytes (a truncated download, a bad paste): keep the
    # good characters rather than turning every accented letter into mojibake
    if len(_UTF8_MULTIBYTE.findall(data[:65536])) >= 3:
        return (data.decode("utf-8", errors="replace"),
                (f"invalid UTF-8 at byte {first_bad}; bad bytes replaced",))
    candidates: list[str] = []
    if declared:
        try:
            candidates.append(codecs.lookup(declared).name)
        except LookupError:
            pass
    guess = _guess_encoding(data)
    if guess in _OTHER_SCRIPTS:
        candidates.append(guess)  # Latin guesses are unreliable on short text: cp1252 below
    candidates += ["cp1252", "latin-1"]
    for enc in candidates:
        if enc in ("utf-8", "utf_8"):
            continue
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        return text, (f"not UTF-8 (invalid byte at {first_bad}); read as {enc}",)
    raise InputError(label, "cannot decode text")  # unreachable: latin-1 decodes anything


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess (installed with trafilatura), or None."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - always present with trafilatura
        return None
    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    return codecs.lookup(best.encoding).name

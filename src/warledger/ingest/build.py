"""Raw input to ``Article``: the one place where every format's output is made uniform.

Whatever the reader, an Article gets the same treatment: an id that is a hash of the
normalised text (so re-ingesting is a no-op), a name users can refer to, a canonical URL
without tracking parameters, the outlet as a registrable domain, the origin of a repost
or wire copy, the dateline, an ISO publication date and the language. Problems that do
not stop the article (non-English, a guessed encoding, an unreadable date) are kept in
``Article.warnings`` rather than dropped or raised.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from warledger.errors import InputError
from warledger.ingest.clean import extract_page
from warledger.ingest.language import detect_language
from warledger.ingest.provenance import (canonical_url, find_dateline, find_origin, outlet_of,
                                         tail_credit)
from warledger.ingest.raw import RawArticle
from warledger.ingest.readers.records import raw_from_record
from warledger.options import Options
from warledger.records import Article

_BYLINE = re.compile(r"^(?:By\s+[A-Z][^\n]{1,60}|From\s+(?:Our|a)\s+[^\n]{0,40}Correspondents?|"
                     r"(?:Our|A)\s+[^\n]{0,30}Correspondent)[ \t]*\n\s*\n?")

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
                         "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " "})
_SENTENCE_END = re.compile(r"[.!?…:;,][\"'”’)\]]*$")


def normalise(text: str) -> str:
    """The text as compared for identity: NFKC, plain quotes and dashes, one space, lowercase."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split()).lower()


def text_id(text: str) -> str:
    """Content hash of the normalised text (128-bit BLAKE2b, hex)."""
    return hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=16).hexdigest()


def title_of_text(text: str) -> str | None:
    """The first line, when a blank line follows it and it does not end like a sentence."""
    stripped = text.lstrip("\ufeff \t\r\n")
    match = re.match(r"([^\n]+)\r?\n[ \t]*\r?\n", stripped)
    if not match:
        return None
    line = match.group(1).strip()
    if not line or _SENTENCE_END.search(line) or len(line) > 300:
        return None
    return line


def iso_date(value: str | None) -> tuple[str | None, str | None]:
    """An ISO date (or datetime, when a time is given) and a warning if it could not be read."""
    if value is None or not str(value).strip():
        return None, None
    raw = str(value).strip()
    if re.fullmatch(r"\d{8}(\d{6})?", raw):  # GDELT: 20160402 / 20160402101500
        try:
            parsed = datetime.strptime(raw[:8], "%Y%m%d")
            if len(raw) == 8:
                return parsed.date().isoformat(), None
            return datetime.strptime(raw, "%Y%m%d%H%M%S").isoformat(), None
        except ValueError:
            pass
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return date.fromisoformat(raw).isoformat(), None
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).isoformat(), None
    except ValueError:
        pass
    try:
        import dateparser

        parsed_any = dateparser.parse(raw, settings={"PREFER_DAY_OF_MONTH": "first",
                                                     "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:  # noqa: BLE001 - dateparser fails in its own ways on odd text: unread
        parsed_any = None
    if parsed_any is None:
        return None, f"unreadable published date {raw!r}"
    if parsed_any.hour == parsed_any.minute == parsed_any.second == 0:
        return parsed_any.date().isoformat(), None
    return parsed_any.isoformat(), None


def _credit_is_own(credit: str, outlet: str | None) -> bool:
    """'Reuters' credited on reuters.com is the outlet's own story, not a copy."""
    if not outlet:
        return False
    squashed = re.sub(r"[^a-z0-9]", "", credit.lower())
    first_label = outlet.split(".")[0]
    return bool(squashed) and (squashed == first_label or squashed in outlet.replace(".", ""))


_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_/.](0[1-9]|1[0-2])[-_/.](0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_name(source: str | None) -> str | None:
    """A full date written in a file name or URL path ("bosnia-1994-01-23.txt",
    "https://example.org/news/2023/10/12/strike"): archives and news sites name articles by
    the day, and an undated article would otherwise be read as today's (which war it is
    about depends on when it was written). The last such date in the name wins."""
    found = _NAME_DATE.findall(source or "")
    return "-".join(found[-1]) if found else None


def article_from_raw(raw: RawArticle, options: Options | None = None) -> Article:
    """One cleaned, attributed Article from a reader's RawArticle (InputError if no text)."""
    options = options or Options()
    warnings = list(raw.warnings)
    declared_url: str | None = None
    origin_scan: str
    if raw.html is not None:
        page = extract_page(raw.html, raw.source, url=raw.url)
        text, title, declared_url = page.text, raw.title or page.title, page.url
        published_value = raw.published or page.published
        origin_scan = page.raw_text
    else:
        text = (raw.text or "").lstrip("\ufeff")
        title = raw.title or title_of_text(text)
        published_value = raw.published
        origin_scan = text
    if not text.strip():
        raise InputError(raw.source, "no article text")

    url = raw.url or declared_url
    canonical = canonical_url(declared_url or url)
    outlet = (raw.outlet.strip().lower() if raw.outlet else None) or outlet_of(raw.url or canonical)

    origin_url: str | None = None
    origin_outlet: str | None = None
    origin = find_origin(origin_scan, own_outlet=outlet)
    if origin is not None:
        origin_url, origin_outlet = origin.url, origin.outlet
    elif raw.url and declared_url and outlet_of(declared_url) not in (None, outlet_of(raw.url)):
        origin_url, origin_outlet = canonical_url(declared_url), outlet_of(declared_url)

    body = text.lstrip()
    if title and body.startswith(title):
        body = body[len(title):].lstrip()
    # a byline or a correspondent's line before the dateline ("By Jane Roe", "From Our
    # Special Correspondent") is not the story's start
    dateline = find_dateline(_BYLINE.sub("", body, count=1))
    credit = (dateline.credit if dateline else None) or tail_credit(text)
    if origin_outlet is None and credit and not _credit_is_own(credit, outlet):
        origin_outlet = credit.lower()

    if published_value is None and dateline and dateline.date and re.search(r"\d{4}$", dateline.date):
        published_value = dateline.date  # "KORVATH, May 12, 2029 -": a full date in the dateline
    if published_value is None:
        published_value = date_in_name(raw.url or raw.source)  # "bosnia-1994-01-23.txt", ".../2023/10/12/.."
    published, date_warning = iso_date(published_value)
    if date_warning:
        warnings.append(date_warning)
    language = detect_language(text, tuple(options.languages))
    if language and language != "en":
        warnings.append(f"non-English ({language}): kept, but the extractor reads English")

    return Article(
        id=text_id(text),
        name=raw.name or url or raw.source,
        text=text,
        title=title,
        url=url,
        canonical_url=canonical,
        outlet=outlet,
        origin_url=origin_url,
        origin_outlet=origin_outlet,
        dateline=dateline.place if dateline else None,
        published=published,
        language=language,
        source=raw.source,
        warnings=tuple(warnings),
    )


def article_from_text(text: str, name: str, **meta: Any) -> Article:
    """An Article from text in hand (tests, the API). ``meta``: title, url, outlet,
    published, source, html (True when ``text`` is an HTML page), options."""
    options = meta.pop("options", None)
    is_html = bool(meta.pop("html", False))
    source = meta.pop("source", None) or name
    unknown = set(meta) - {"title", "url", "outlet", "published"}
    if unknown:
        raise TypeError(f"article_from_text: unknown metadata {sorted(unknown)}")
    raw = RawArticle(source=source, name=name, text=None if is_html else text,
                     html=text if is_html else None, **meta)
    return article_from_raw(raw, options)


def article_from_record(record: dict[str, Any], options: Options | None = None,
                        where: str = "record") -> Article:
    """An Article from one JSONL-style record (``{"id", "text", "title", ...}``)."""
    options = options or Options()
    return article_from_raw(raw_from_record(record, where, options), options)

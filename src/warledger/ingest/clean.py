"""HTML pages to clean article text, with page furniture removed.

Trafilatura finds the main text; what it leaves behind on blog reposts is the
furniture written inside the post body itself ("Views: 0", "Leave a Reply", "Powered by
WordPress", share prompts), which the claim extractor must never see as part of the
story, so a line filter removes those. The "Source Article from <url>" line is read for
the origin first (provenance.find_origin) and then dropped as furniture too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from warledger.errors import InputError

# whole lines that are page furniture, never story text
_FURNITURE = re.compile(
    r"^\s*(?:views?\s*:?\s*\d[\d,]*|\d[\d,]*\s+views?|"
    r"leave a (?:reply|comment|response)|you can leave a response.*|"
    r"you must be logged in to post a comment.*|post comment|cancel reply|"
    r".*powered by wordpress.*|.*designed by:?\s.*themes?.*|proudly powered by.*|"
    r"share(?: this)?(?: article| story| post)?\s*:?|share on (?:facebook|twitter|x)|tweet|"
    r"click to (?:share|print|email).*|like this:?|loading\.{3}|related(?: posts| articles| stories)?\s*:?|"
    r"you may also like:?|recommended(?: for you)?:?|read more:?|continue reading.*|"
    r"(?:previous|next) (?:post|article|story)\s*:?.*|posted (?:on|in|by) .{0,80}|"
    r"(?:filed|tagged|categorized) (?:under|in|with|as)\s*:?.{0,120}|"
    r"\d+\s+comments?|no comments(?: yet)?\.?|comments are closed\.?|"
    r"subscribe to (?:our )?newsletter.*|sign up for (?:our )?newsletter.*|"
    r"(?:all rights reserved|copyright|©).{0,120}|advertisement|sponsored(?: content)?|"
    r"source article from\s+\S+|source article\s*:\s*\S+)\s*$",
    re.I)


def is_furniture(line: str) -> bool:
    return bool(_FURNITURE.match(line))


def drop_furniture(text: str) -> str:
    """Remove furniture lines and collapse the blank lines they leave behind."""
    kept = [line for line in text.split("\n") if not is_furniture(line)]
    out = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


@dataclass(frozen=True)
class Page:
    """What an HTML page gives us besides its text."""

    text: str
    title: str | None
    url: str | None  # the page's own canonical link or og:url, as declared
    published: str | None
    raw_text: str  # the extracted text before furniture removal (for origin lines)


def extract_page(html: str, label: str, url: str | None = None) -> Page:
    """Main text, title, date and declared URL of a page; InputError when there is no text.

    The title is put at the top of the text (followed by a blank line) when the body does
    not already start with it, because headlines carry claims too (DESIGN.md).
    """
    import trafilatura

    if not html.strip():
        raise InputError(label, "empty HTML page")
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True,
                                          deduplicate=False)
    except Exception as exc:  # lxml/trafilatura failures on broken markup
        raise InputError(label, f"cannot parse HTML: {exc}") from exc
    if doc is None:
        raise InputError(label, "no article text found in HTML")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    raw = (meta.get("text") or "").strip()
    if not raw:
        raise InputError(label, "no article text found in HTML")
    title = _clean_title(meta.get("title"))
    paragraphs = [p.strip() for p in raw.split("\n") if p.strip()]
    raw_text = "\n\n".join(paragraphs)
    text = drop_furniture(raw_text)
    if not text:
        raise InputError(label, "HTML holds only page furniture, no article text")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    # the page's own declaration first: htmldate refuses dates after today and, searching
    # the text, can take a year mentioned in the story ("the war of 2011") for the date
    published = _declared_date(html) or _htmldate(html)
    return Page(text=text, title=title, url=meta.get("url") or None, published=published,
                raw_text=raw_text)


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = re.sub(r"\s+", " ", title).strip()
    # "Headline | Site Name" / "Headline - Site Name": keep the headline
    parts = re.split(r"\s+[|–—]\s+", title)
    return parts[0].strip() or None


_DATE_META = re.compile(
    r"""<meta\s[^>]*(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|"""
    r"""datePublished|date|pubdate|publishdate|publish-date|dc\.date|dc\.date\.issued|dcterms\.created|"""
    r"""sailthru\.date|parsely-pub-date)["'][^>]*>""", re.I)
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.I)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TIME_TAG = re.compile(r"""<time\s[^>]*datetime\s*=\s*["']([^"']+)["']""", re.I)
_ISO_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def _declared_date(html: str) -> str | None:
    """The publication date the page declares in its metadata, as ISO text, or None."""
    head = html[:200_000]
    candidates: list[str] = []
    for tag in _DATE_META.finditer(head):
        content = _CONTENT.search(tag.group(0))
        if content:
            candidates.append(content.group(1))
    candidates += _JSONLD_DATE.findall(head)
    first_time = _TIME_TAG.search(head)
    if first_time:
        candidates.append(first_time.group(1))
    for value in candidates:
        match = _ISO_PREFIX.match(value.strip())
        if match:
            return match.group(0)
    return None


def _htmldate(html: str) -> str | None:
    try:
        from htmldate import find_date

        return find_date(html, original_date=True, extensive_search=False)
    except Exception:  # noqa: BLE001 - a page htmldate cannot date is undated, not failed
        return None

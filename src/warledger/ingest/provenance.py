"""Who published an article, and who published it first.

The ledger counts independent corroboration, so a content farm reposting an agency story
or two papers printing the same wire copy must be traced back to one origin. This module
reads the signals a repost leaves: a "Source Article from <url>" line, "Originally
published by ...", a canonical link to another site, an agency credit such as "(Reuters)"
or "- TASS", and the dateline ("KYIV, March 3 (Reuters) -") that wire copy starts with.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# query parameters that say how a reader arrived, not which page it is
_TRACKING = re.compile(
    r"^(utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|"
    r"ref|ref_src|ref_url|referrer|source|cmpid|cmp|ito|icid|ocid|ncid|smid|at_medium|"
    r"at_campaign|at_custom\d*|xtor|__twitter_impression|s_cid|sr_share|share)$", re.I)

_URL = r"https?://[^\s<>\"')\]]+"


def canonical_url(url: str | None) -> str | None:
    """The URL without tracking parameters or fragment, host lowercased, default port dropped."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    host = parts.hostname or ""
    netloc = host.lower()
    if parts.port and not ((parts.scheme == "http" and parts.port == 80)
                           or (parts.scheme == "https" and parts.port == 443)):
        netloc += f":{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING.match(k)])
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def outlet_of(url: str | None) -> str | None:
    """The registrable domain of a URL ("www.rt.com/news/..." -> "rt.com"), or None."""
    if not url:
        return None
    try:
        from tld import get_fld

        domain = get_fld(url, fail_silently=True, fix_protocol=True)
    except Exception:  # noqa: BLE001 - tld raises a few of its own types on odd hosts
        domain = None
    if domain:
        return domain.lower()
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    host = host.lower().removeprefix("www.")
    return host or None


@dataclass(frozen=True)
class Origin:
    """Where a repost says the story came from: a URL, an outlet, and the line that said so."""

    url: str | None
    outlet: str | None
    line: str  # the text that gave it away, so HTML cleaning can drop it


_SOURCE_LINE = re.compile(
    r"^[ \t]*(?:source article from|source article|source|originally published (?:by|at|on|in)"
    r"|originally appeared (?:on|at|in)|first published (?:by|at|on|in)|read the original(?: article)? "
    r"(?:at|on)|via)\s*:?\s*(?P<what>[^\n]{1,300})$", re.I | re.M)

# an agency credit in a dateline: "KYIV, March 3 (Reuters) -", "BAKU (AP) —"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z\.'\- ]{1,40}[A-Z\.])"       # YEREVAN, NEW YORK, ST. PETERSBURG
    r"(?:/(?P<place2>[A-Z][A-Z\.'\- ]{1,40}))?"         # MOSCOW/KYIV
    r"(?:,\s*(?:[A-Z][a-z]+(?: [A-Z][a-z]+)?,\s*)?"     # , Peru, June 11
    r"(?P<date>[A-Z][a-z]{2,9}\.? \d{1,2}(?:,? \d{4})?|[A-Z][a-z]+(?: [A-Z][a-z]+)?))?"  # , March 3[, 2016] | , Azerbaijan
    r"\s*(?:\((?P<credit>[^()\n]{1,40})\))?"            # (Reuters)
    r"(?:\s*(?:[-–—:]+)\s+|(?<=\d)\.\s+(?=[A-Z]))")        # " - ", or the newspaper's "NEW DELHI, June 13. The"
# a credit closing the story: "- Reuters", "— TASS", "(AP)"
_TAIL_CREDIT = re.compile(r"(?:^|\n)\s*(?:[-–—]+\s*(?P<a>[A-Z][\w&.' ]{1,40}?)|\((?P<b>[A-Z][\w&.' ]{1,40}?)\))\s*$")


def find_origin(text: str, own_outlet: str | None = None) -> Origin | None:
    """The origin a text names for itself, if any (the first explicit source line wins)."""
    for match in _SOURCE_LINE.finditer(text):
        what = match.group("what").strip()
        url_match = re.search(_URL, what)
        if url_match:
            url = canonical_url(url_match.group(0).rstrip(".,;"))
            outlet = outlet_of(url)
            if outlet and outlet != own_outlet:
                return Origin(url, outlet, match.group(0))
        elif not match.group(0).strip().lower().startswith(("source", "via")):
            name = what.rstrip(".").strip()
            if 1 <= len(name.split()) <= 5:
                return Origin(None, name.lower(), match.group(0))
    return None


@dataclass(frozen=True)
class Dateline:
    place: str | None
    credit: str | None
    end: int  # where the body starts after the dateline
    date: str | None = None  # the date as written ("March 3", "May 12, 2029"), if any


def find_dateline(body: str) -> Dateline | None:
    """The dateline at the start of a story's first paragraph, and its agency credit."""
    match = _DATELINE.match(body)
    if not match:
        # "(AP) - " with no place
        bare = re.match(r"^\((?P<credit>[A-Z][^()\n]{1,40})\)\s*[-–—:]+\s+", body)
        if bare:
            return Dateline(None, bare.group("credit").strip(), bare.end())
        return None
    place = match.group("place").strip()
    if len(place) < 3 and not match.group("credit"):
        return None  # "A:" or "US -" is not a dateline on its own
    credit = match.group("credit")
    return Dateline(place, credit.strip() if credit else None, match.end(), match.group("date"))


def dateline_end(text: str, char: int) -> int:
    """Where the dateline of the paragraph of ``text`` holding ``char`` ends, else 0: the
    extractor's parse may hang a dateline ("SRINAGAR, India, May 2 - ") on a subject or a
    source, and where the story was filed is neither."""
    line = text.rfind("\n", 0, char) + 1
    found = find_dateline(text[line:line + 120])
    return line + found.end if found is not None else 0


def tail_credit(text: str) -> str | None:
    """An agency credit on the last line ("- Reuters", "— TASS"), if there is one."""
    match = _TAIL_CREDIT.search(text.rstrip()[-80:])
    if not match:
        return None
    name = (match.group("a") or match.group("b") or "").strip()
    return name or None

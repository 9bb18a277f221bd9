"""Fetching URLs (feeds and the articles they link to) without ever hanging a run.

Timeouts are short and every network failure becomes an ``InputError`` naming the URL,
so an offline machine gets one clear line per URL and the rest of the run goes on.
"""
from __future__ import annotations

from dataclasses import dataclass

from warledger.errors import InputError
from warledger.options import Options

USER_AGENT = "warledger/0.1 (+https://example.org/warledger; news ingestion)"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    data: bytes


def timeout_of(options: Options) -> float:
    try:
        return float(options.extra.get("fetch_timeout", "5"))
    except ValueError:
        return 5.0


def fetch(url: str, options: Options) -> Fetched:
    """GET a URL, at most ``max_bytes`` of it, within a few seconds, or raise InputError."""
    import httpx

    limit = options.max_bytes
    seconds = timeout_of(options)
    try:
        with httpx.Client(timeout=httpx.Timeout(seconds, connect=min(seconds, 3.0)),
                          follow_redirects=True, headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise InputError(url, f"too large (over the limit of {limit} bytes)")
                    chunks.append(chunk)
                return Fetched(url=str(response.url),
                               content_type=response.headers.get("content-type", ""),
                               data=b"".join(chunks))
    except httpx.TimeoutException as exc:
        raise InputError(url, f"no answer within {seconds:g}s (offline?)") from exc
    except httpx.HTTPError as exc:
        raise InputError(url, f"cannot fetch (offline or unreachable): {exc.__class__.__name__}: {exc}") from exc

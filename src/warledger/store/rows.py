"""Records to table rows and back.

Rows are plain tuples in the column order of the ``*_COLUMNS`` lists, so both backends can
bulk-load them (DuckDB through an Arrow table, PostgreSQL through COPY) and the read side
turns a row back into DESIGN.md's claim record plus the store's own fields. A claim's own
columns are ``warledger.columns``' (the same names as export's): this module adds only the
store's (sequence, buckets, story, history) and goes through ``columns`` both ways.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date, timedelta
from typing import Any, Iterable, Sequence

from warledger import columns
from warledger.records import Article, Attribution, Claim, Event
from warledger.times import day_of
from warledger.times import iso_day as iso_day  # re-exported: sqlstore and spark use it here

ARTICLE_COLUMNS = ("id", "name", "title", "text", "url", "canonical_url", "outlet", "origin_url",
                   "origin_outlet", "dateline", "published", "day", "language", "cluster",
                   "source", "warnings", "conflict", "run_id", "stored", "signature",
                   "source_key", "outlet_key", "sig_version")
# the store's own claim columns, after the claim's (``columns.TABLE_NAMES``)
STORE_CLAIM_COLUMNS = ("seq", "week", "month", "run_id", "source_key", "story", "ord", "sday",
                       "sweek", "smonth")
CLAIM_COLUMNS = columns.TABLE_NAMES + STORE_CLAIM_COLUMNS
EVENT_COLUMNS = ("article_id", "seq", "article", "sentence", "type", "actor_party", "actor_side",
                 "claimant_side", "stance", "modality", "conflict", "day", "record", "run_id")
ATTRIBUTION_COLUMNS = ("article_id", "seq", "party", "side", "source_text", "record")


def buckets(day: str | None) -> tuple[str | None, str | None]:
    """(week, month) of a day: the week is named by its Monday, the month by YYYY-MM."""
    if day is None:
        return None, None
    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat(), day[:7]


def claim_day(claim: Claim, article_day: str | None) -> str | None:
    """The day a claim is about (``times.day_of``); the ledger's periods are built on it."""
    return day_of(claim.period, article_day)


def article_row(a: Article, conflict: str | None, run_id: int | None, stored: str,
                cluster: str | None, signature: str | None, source_key: str,
                outlet_key: str | None = None, sig_version: int | None = None) -> tuple[Any, ...]:
    return (a.id, a.name, a.title, a.text, a.url, a.canonical_url, a.outlet, a.origin_url,
            a.origin_outlet, a.dateline, a.published, iso_day(a.published), a.language,
            cluster, a.source, json.dumps(list(a.warnings)) if a.warnings else None, conflict,
            run_id, stored, signature, source_key, outlet_key, sig_version)


# ids fit in 53 bits so that JavaScript (the dashboard) and JSON readers keep them exact
ID_BITS = 53


def claim_ids(article_id: str, claims: Sequence[Claim]) -> list[int]:
    """Stable ids for an article's claims, derived from the article, the evidence span and
    the claim's content (everything but the article's display name).

    Why: a re-extraction that finds the same claim gives it the same id, so cited ids and
    shared links survive; a claim that changes gets a new id (the old one is retired with a
    pointer to it). Two identical records of one article (the same span and content twice)
    are told apart by their order of appearance."""
    seen: Counter[str] = Counter()
    out = []
    for c in claims:
        d = c.to_dict()
        d.pop("article", None)
        content = json.dumps(d, sort_keys=True, default=str, ensure_ascii=False)
        n = seen[content]
        seen[content] += 1
        digest = hashlib.blake2b(f"{article_id}\x1f{content}\x1f{n}".encode("utf-8"),
                                 digest_size=8).digest()
        # never 0 and never in the range a sequence gave ids before stable ids (< 2**31)
        out.append((int.from_bytes(digest, "little") % (2 ** ID_BITS - 2 ** 31)) + 2 ** 31)
    return out


def slot(span: Sequence[Any], kind: str, category: str) -> tuple[Any, ...]:
    """What a changed claim keeps: its evidence span, kind and category. A retired claim's
    successor is the new claim in the same slot (its count, stance or sides changed)."""
    return (int(span[0]) if span[0] is not None else None,
            int(span[1]) if span[1] is not None else None, kind, category)


_NOT_BELLIGERENT = ("THIRD", "UNKNOWN", None, "")


def fallback_conflict(claims: Iterable[Claim]) -> str | None:
    """A conflict for claims no profile resolved: the two belligerent sides the claims name
    most, as "IRN-IRQ" (sorted), or the one side alone; None when they name none.

    Why: without it every unprofiled war shares one ledger with the blank conflict, and a
    1980s war's figures are added to another's."""
    counts: Counter[str] = Counter()
    for c in claims:
        for side in (c.claimant.side, c.target.side, c.perpetrator.side if c.perpetrator else None):
            if side not in _NOT_BELLIGERENT:
                counts[side] += 1
    top = sorted(s for s, _ in counts.most_common(2))
    return "-".join(top) or None


def claim_row(c: Claim, article_id: str, seq: int, article_day: str | None,
              conflict: str | None, run_id: int | None, source_key: str | None = None,
              outlet: str | None = None, claim_id: int | None = None,
              story: str | None = None, ord: int | None = None) -> tuple[Any, ...]:
    """A claim as a claims-table row in ``CLAIM_COLUMNS`` order: the claim's own columns
    from the one flat layout (``warledger.columns``), then the store's."""
    day = claim_day(c, article_day)
    week, month = buckets(day)
    values = columns.flatten_claim(c)
    values.update(id=claim_id, article_id=article_id, seq=seq, conflict=conflict, day=day,
                  week=week, month=month, run_id=run_id, source_key=source_key, outlet=outlet,
                  story=story, ord=ord, sday=day, sweek=week, smonth=month)
    return tuple(values[k] for k in CLAIM_COLUMNS)


def event_row(e: Event, article_id: str, seq: int, article_day: str | None,
              conflict: str | None, run_id: int | None) -> tuple[Any, ...]:
    day = day_of(e.period, article_day)
    return (article_id, seq, e.article, e.sentence, e.type,
            e.actor.party if e.actor else None, e.actor.side if e.actor else None,
            e.claimant.side, e.stance, e.modality, conflict, day, json.dumps(e.to_dict()), run_id)


def attribution_row(t: Attribution, article_id: str, seq: int) -> tuple[Any, ...]:
    return (article_id, seq, t.party, t.side, t.source_text, json.dumps(t.to_dict()))


# --------------------------------------------------------------------------- read side

# the claim's columns (the article's for ``published`` and ``cluster``), then the article's
# and the store's fields a record carries; ord last: the paging key
_CLAIM_READ = tuple(f"{'c' if col.table else 'a'}.{col.name}" for col in columns.CLAIM)
_EXTRA = ("a.title", "a.origin_outlet", "a.source_key", "c.run_id", "c.retired_run",
          "c.successor", "c.ord")
CLAIM_SELECT = ", ".join(_CLAIM_READ + _EXTRA)
_N = len(_CLAIM_READ)


def claim_dict(r: tuple[Any, ...]) -> dict[str, Any]:
    """A claim row as DESIGN.md's record plus ``id``, ``article_id``, ``outlet``, ..."""
    nested = columns.nest_values(r[:_N])
    title, origin_outlet, source_key, run_id, retired_run, successor, _ord = r[_N:]
    # id and article_id first, as the record has always listed them
    out: dict[str, Any] = {"id": None, "article_id": None}
    out.update(nested)
    out["id"] = int(out["id"])
    count = out["count"]
    if count["value"] is not None:
        count["value"] = int(count["value"])
    out.update({
        "title": title, "origin_outlet": origin_outlet, "source_key": source_key,
        "run": None if run_id is None else int(run_id),
        # a claim a later extraction no longer finds: still readable, and it says so
        "superseded": (None if retired_run is None else
                       {"run": int(retired_run),
                        "by": None if successor is None else int(successor)}),
    })
    return out


EVENT_SELECT = ("e.id, e.article_id, e.record, e.conflict, e.day, a.outlet, a.published, "
                "a.cluster, a.title")


def event_dict(r: tuple[Any, ...]) -> dict[str, Any]:
    eid, article_id, record, conflict, day, outlet, published, cluster, title = r
    d = json.loads(record)
    d.update({"id": int(eid), "article_id": article_id, "conflict": conflict, "day": day,
              "outlet": outlet, "published": published, "cluster": cluster, "title": title})
    return d


ARTICLE_SELECT = ("a.id, a.name, a.title, a.url, a.canonical_url, a.outlet, a.origin_url, "
                  "a.origin_outlet, a.dateline, a.published, a.language, a.cluster, a.source, "
                  "a.warnings, a.conflict, a.run_id, a.stored, a.source_key")
ARTICLE_KEYS = ("id", "name", "title", "url", "canonical_url", "outlet", "origin_url",
                "origin_outlet", "dateline", "published", "language", "cluster", "source",
                "warnings", "conflict", "run_id", "stored", "source_key")


def article_dict(r: tuple[Any, ...], text: str | None = None) -> dict[str, Any]:
    d = dict(zip(ARTICLE_KEYS, r))
    d["warnings"] = json.loads(d["warnings"]) if d["warnings"] else []
    if text is not None:
        d["text"] = text
    return d

"""Near-duplicate clusters over a whole corpus in Spark, with warledger.dedup's one rule.

Why a module of its own: a wire copy and its reposts land in different partitions, so the
clusters need the whole corpus, unlike every other stage of the job. The rule is
``warledger.dedup``'s, the same the store and ingestion apply: the same signatures and
bands, the same thresholds, credits counting as evidence, and a story's original chosen
by ``dedup.originals`` (the credited origin, else the earliest publication).

How: every article sends small records (its id, its MinHash signature, its outlets) to
the buckets it is compared in (LSH bands, outlets by day) and to its id's bucket (exact
duplicates); one shuffle, one job. The edges found are joined into groups on the driver,
and what the analysis needs (the record kept among exact duplicates, the original of
each article in a group) is a ``Plan`` the driver broadcasts: no text is shuffled. A
corpus with more edges than the driver should hold is joined by min-label rounds in
Spark instead (``_rounds``).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from warledger.records import Article

if TYPE_CHECKING:  # pragma: no cover
    from pyspark import RDD

# members of one bucket (a MinHash band, an outlet's day) compared pairwise; a larger bucket (boilerplate shared by
# thousands of pages) links its other members to these only, so it cannot go quadratic
BUCKET_CAP = 100
# rounds of min-label propagation over the similarity edges (groups of wire copies are
# shallow; what is still moving after this many rounds keeps its current label)
MAX_ROUNDS = 8
# similarity edges joined into groups on the driver (about 100 bytes each); more are joined
# by the rounds above, inside Spark
COLLECT_EDGES = 1_000_000


Member = tuple[Any, ...]  # (id, signature, outlet key, origin key, day, meta, record key)


def _member(a: Article) -> Member:
    """What the clustering needs of an article: (id, signature or None for a text without
    words, outlet key, credited origin key, day, (published, outlet, origin outlet) for
    naming the original, (source, name) for choosing among exact duplicates)."""
    from warledger import dedup
    from warledger.store.rows import iso_day

    sig = dedup.signature(a.text) if dedup.shingles(a.text) else None
    return (a.id, sig, dedup.outlet_key(a.outlet), dedup.outlet_key(a.origin_outlet),
            iso_day(a.published), (a.published, a.outlet, a.origin_outlet), (a.source or "", a.name))


def _bucket_keys(m: Member) -> list[tuple[tuple[Any, ...], Member]]:
    """The buckets a member is compared in: its LSH bands, its own outlet on its day, and,
    for a credited copy, its origin outlet on the days around it."""
    from datetime import date, timedelta

    from warledger import dedup

    _aid, sig, okey, origin, day = m[:5]
    out: list[tuple[tuple[Any, ...], Member]] = [(("band", b, h), m) for b, h in dedup.bands(sig)]
    if okey:
        out.append((("outlet", okey, day or ""), m))
    if origin:
        days = [""]
        if day:
            d = date.fromisoformat(day)
            days = [(d + timedelta(days=k)).isoformat()
                    for k in range(-dedup.CREDIT_DAYS, dedup.CREDIT_DAYS + 1)] + [""]
        out += [(("outlet", origin, x), m) for x in days]
    return out


def _similar_members(members: Iterable[Member], credited_only: bool = False
                     ) -> Iterator[tuple[Member, Member]]:
    """Pairs (member with the smaller id, the other) of one bucket that are one story. In
    an outlet's bucket only credited pairs count (``credited_only``): the bands find the
    others, as the store's do, so both find the same edges. Exact duplicates (one id) are
    one member: the record ``_first`` keeps."""
    from warledger import dedup

    one: dict[str, Member] = {}
    for m in members:
        if m[0] not in one or m[6] < one[m[0]][6]:
            one[m[0]] = m
    ordered = sorted(one.values(), key=lambda m: m[0])
    heads = ordered[:BUCKET_CAP]
    for i, a in enumerate(ordered):
        for b in heads[: min(i, BUCKET_CAP)]:
            credited = dedup.credits(a[3], b[2], b[3]) or dedup.credits(b[3], a[2], a[3])
            if credited_only and not credited:
                continue
            if dedup.same_story(dedup.similarity(a[1], b[1]), credited):
                yield (b, a) if b[0] < a[0] else (a, b)


def _similar_pairs(members: Iterable[Member], credited_only: bool = False) -> Iterator[tuple[str, str]]:
    """``_similar_members`` as edges (smaller id, larger id)."""
    return ((a[0], b[0]) for a, b in _similar_members(members, credited_only))


def _components(edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Union-find on the driver: each linked article -> the smallest id of its group."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])  # path halving
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in list(parent)}


def _original(group: Iterable[tuple[str, str | None, str | None, str | None]]) -> list[tuple[str, str]]:
    """(member id, the group's original id) for one group of (id, published, outlet, origin)."""
    from warledger import dedup

    members = sorted(group)  # no order of arrival here: by id, deterministically
    first = dedup.originals(members)
    return [(m[0], first) for m in members]


@dataclass(frozen=True)
class Plan:
    """What the analysis needs to know of the whole corpus, small enough for the driver and
    a broadcast: the records kept among exact duplicates and the clusters of near ones
    (articles in no group are their own cluster, and most news articles are)."""

    articles: int  # distinct articles (exact duplicates counted once)
    kept: dict[str, tuple[str, str]]  # id with several records -> (source, name) of the one kept
    labels: dict[str, str]  # id of an article in a group of near duplicates -> its original

    def keeps(self, a: Article) -> bool:
        k = self.kept.get(a.id)
        return k is None or k == (a.source or "", a.name)

    def cluster(self, a: Article) -> Article:
        return dataclasses.replace(a, cluster=self.labels.get(a.id, a.id))


def _plan_keys(x: Any) -> list[tuple[tuple[Any, ...], Any]]:
    """An article's buckets, and its id (whose bucket finds exact duplicates); nothing for
    an error row."""
    if not isinstance(x, Article):
        return []
    m = _member(x)
    return [(("id", x.id), m[6])] + (_bucket_keys(m) if m[1] is not None else [])


def _plan_partition(groups: Iterable[tuple[tuple[Any, ...], Iterable[Any]]], cap: int
                    ) -> Iterator[tuple[Any, ...]]:
    """One partition of buckets -> ("dup", id, kept record), ("edge", member, member) with
    each member as (id, published, outlet, origin), ("articles", n) at its end; and
    ("over",) instead of its ``cap + 1``-th edge (the driver then joins groups in Spark)."""
    n = edges = 0
    for key, values in groups:
        if key[0] == "id":
            n += 1
            records = set(values)
            if len(records) > 1:
                yield ("dup", key[1], min(records))
            continue
        values = list(values)
        if len(values) < 2:
            continue
        for a, b in _similar_members(values, key[0] == "outlet"):
            edges += 1
            if edges > cap:
                yield ("over",)
                return
            yield ("edge", (a[0], *a[5]), (b[0], *b[5]))
    yield ("articles", n)


def plan_clusters(records: "RDD", partitions: int, collect_limit: int = COLLECT_EDGES) -> Plan | None:
    """The Plan of a corpus (an RDD of Articles and error rows) from one shuffle of small
    records (ids, signatures, outlets) and one Spark job; None when there are more than
    about ``collect_limit`` similarity edges, for the driver to join them in Spark instead."""
    from collections import defaultdict

    cap = collect_limit // partitions
    rows = (records.flatMap(_plan_keys).groupByKey(partitions)
            .mapPartitions(lambda it: _plan_partition(it, cap)).collect())
    if any(r[0] == "over" for r in rows):
        return None
    edges = [(r[1], r[2]) for r in rows if r[0] == "edge"]
    meta = {m[0]: m for e in edges for m in e}
    groups: dict[str, list[Any]] = defaultdict(list)
    for x, root in _components((a[0], b[0]) for a, b in edges).items():
        if not groups[root]:
            groups[root].append(meta[root])  # a root is not among _components' keys
        groups[root].append(meta[x])
    labels = dict(pair for group in groups.values() for pair in _original(group))
    return Plan(articles=sum(r[1] for r in rows if r[0] == "articles"),
                kept={r[1]: r[2] for r in rows if r[0] == "dup"}, labels=labels)


def cluster_ids(articles: "RDD", partitions: int, collect_limit: int = COLLECT_EDGES) -> "RDD":
    """(article id, cluster id) for every article of an RDD of distinct Articles: the
    original of its connected group of near duplicates across the whole corpus (``dedup``
    buckets, then connected groups, then ``dedup.originals``: a credited origin, else the
    earliest publication; never the smallest id for its own sake).

    Groups are joined on the driver when there are at most about ``collect_limit``
    similarity edges (``plan_clusters``: one Spark job); above that, by min-label rounds in
    Spark (``_rounds``), which need no driver memory."""
    plan = plan_clusters(articles, partitions, collect_limit)
    if plan is None:
        return _rounds(articles, partitions)
    labels = articles.context.broadcast(plan.labels)
    return articles.map(lambda a: (a.id, labels.value.get(a.id, a.id)))


def _rounds(articles: "RDD", partitions: int) -> "RDD":
    """``cluster_ids`` for more edges than the driver holds: min-label propagation."""
    edges = (articles.map(_member).filter(lambda m: m[1] is not None).flatMap(_bucket_keys)
             .groupByKey(partitions)
             .filter(lambda kv: len(kv[1]) > 1)  # type: ignore[arg-type]  # a ResultIterable
             .flatMap(lambda kv: _similar_pairs(kv[1], kv[0][0] == "outlet"))
             .distinct(partitions))
    both = edges.flatMap(lambda e: [e, (e[1], e[0])]).cache()
    labels = articles.map(lambda a: (a.id, a.id)).cache()
    for _ in range(MAX_ROUNDS):
        offers = both.join(labels, partitions).map(lambda kv: (kv[1][0], kv[1][1]))
        new = labels.union(offers).reduceByKey(min, partitions).cache()
        moved = new.join(labels, partitions).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = new
        if moved == 0:
            break
    both.unpersist()
    meta = articles.map(lambda a: (a.id, (a.published, a.outlet, a.origin_outlet)))
    return (labels.join(meta, partitions)
            .map(lambda kv: (kv[1][0], (kv[0],) + kv[1][1]))
            .groupByKey(partitions)
            .flatMap(lambda kv: _original(kv[1])))


__all__ = ["BUCKET_CAP", "MAX_ROUNDS", "COLLECT_EDGES", "Plan", "plan_clusters", "cluster_ids"]

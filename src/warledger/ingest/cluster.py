"""Near-duplicate clusters: wire copies and reposts of one story across outlets.

Independent corroboration is counted per cluster, not per article, so two papers printing
the same agency copy (with their own headlines) or a blog reposting it with page
furniture must land in one cluster. MinHash over word shingles with LSH finds them in
one pass; the cluster id is the id of the first article seen in it, so a cluster is
stable when more articles are added later. ``Clusterer`` is incremental (ingestion
streams through it); ``assign_clusters`` is the batch form the store and Spark call.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterable

import numpy as np

from warledger.records import Article

NUM_PERM = 64
SHINGLE = 4  # words per shingle
THRESHOLD = 0.5  # estimated Jaccard similarity of shingle sets to count as one story
# articles kept in the index: copies of a story arrive close together, and a cap keeps a
# long ingestion's memory flat (about 5 KB per indexed article)
WINDOW = 20_000

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word n-grams of the lowercased text (the whole text when it is shorter than n)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


class Clusterer:
    """Assigns each article, in order, to the cluster of an earlier near-duplicate or its own."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM,
                 window: int = WINDOW) -> None:
        from collections import deque

        from datasketch import MinHashLSH

        self.window = window
        self._order: deque[tuple[str, bool]] = deque()  # (article id, in the LSH index)
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        from datasketch import MinHash

        # one set of permutations for all sketches: building them is most of a MinHash's cost
        self._template = MinHash(num_perm=num_perm)
        self._sketches: dict[str, tuple[Any, str]] = {}  # article id -> (hash values, cluster)

    def cluster_of(self, article_id: str, text: str) -> str:
        """The cluster id for an article (adding it to the index if new)."""
        from datasketch import LeanMinHash, MinHash

        if article_id in self._sketches:
            return self._sketches[article_id][1]
        grams = shingles(text)
        sketch = MinHash(num_perm=self.num_perm, permutations=self._template.permutations,
                         scheme=self._template.scheme)
        if grams:
            sketch.update_batch(list(grams))
        lean = LeanMinHash(sketch)
        values = lean.hashvalues
        best: tuple[float, str] | None = None
        if grams:
            for key in self._lsh.query(lean):
                other, cluster = self._sketches[key]
                score = float(np.count_nonzero(values == other)) / self.num_perm
                if score >= self.threshold and (best is None or score > best[0]):
                    best = (score, cluster)
        cluster = best[1] if best else article_id
        if grams:
            self._lsh.insert(article_id, lean)
        self._sketches[article_id] = (values, cluster)
        self._order.append((article_id, bool(grams)))
        while len(self._order) > self.window:
            old, indexed = self._order.popleft()
            if indexed:
                self._lsh.remove(old)
            del self._sketches[old]
        return cluster

    def assign(self, article: Article) -> Article:
        return dataclasses.replace(article, cluster=self.cluster_of(article.id, article.text))


def assign_clusters(articles: Iterable[Article], threshold: float = THRESHOLD) -> list[Article]:
    """New Articles with ``cluster`` set: the id of the first article of each near-duplicate group."""
    clusterer = Clusterer(threshold=threshold)
    return [clusterer.assign(article) for article in articles]

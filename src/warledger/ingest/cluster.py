"""Near-duplicate clusters at ingestion: wire copies and reposts of one story.

The rule, its parameters and the incremental ``Clusterer`` live in ``warledger.dedup``,
which the store (across batches and runs) and the Spark job use too, so a repost joins its
story the same way whichever path it arrives by. This module only keeps ingestion's names.
"""
from __future__ import annotations

from warledger.dedup import (NUM_PERM, SHINGLE, THRESHOLD, Clusterer, assign_clusters,
                             shingles)

__all__ = ["Clusterer", "assign_clusters", "shingles", "NUM_PERM", "SHINGLE", "THRESHOLD"]

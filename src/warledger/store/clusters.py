"""Near-duplicate clusters that stay consistent across batches and runs.

Why in the store: the ingest stage clusters within one batch, but a wire copy often arrives
in a later batch or run than its original. So every stored article keeps a MinHash
signature (64 permutations over word 5-gram shingles) and 16 LSH band hashes of 4 rows.
A new article's bands are looked up among stored articles (and those already written in the
same transaction); a candidate whose estimated Jaccard similarity is at least
``THRESHOLD`` gives the new article its cluster. The first article of a cluster names it and
fixes its ``source_key`` (origin outlet, else outlet), which corroboration counts.
"""
from __future__ import annotations

import base64
import hashlib
import re

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 5
THRESHOLD = 0.7
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch(list(shingles(text)))
    return m.hashvalues.astype(np.uint64)


def encode(sig: np.ndarray) -> str:
    return base64.b64encode(sig.astype("<u8").tobytes()).decode("ascii")


def decode(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u8")


def bands(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band, hash) pairs: a signed 63-bit hash of each band, fit for a BIGINT column."""
    out = []
    for b in range(BANDS):
        chunk = sig[b * ROWS:(b + 1) * ROWS].astype("<u8").tobytes()
        h = int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little")
        out.append((b, h & 0x7FFFFFFFFFFFFFFF))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / float(len(a))


def source_key(origin_outlet: str | None, outlet: str | None, article_id: str) -> str:
    """What counts as one independent source: the origin of a repost, else the outlet,
    else the article itself (an anonymous file is its own source)."""
    return origin_outlet or outlet or f"article:{article_id}"

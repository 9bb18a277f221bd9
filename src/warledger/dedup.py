"""One story, one source: outlet identities and near-duplicate detection, in one place.

Why one module: independent corroboration is only as good as the recognition of copies.
Ingestion (``Clusterer``, within a run), the store (across batches and runs) and the Spark
job (across a whole archive) used to recognise reposts with three different shingle
sizes and thresholds, so whether a lightly edited repost joined its story depended on how
the input was batched. Everything here is shared by all three:

- **Outlet identity** (``outlet_key``): "(Reuters)", "Reuters" and reuters.com are one
  outlet. The table is data (``data/outlets.tsv``); profiles add the bodies of parties
  (a party's own outlets, whose voice is that party's: ``outlet_party``).
- **Signatures**: MinHash (``NUM_PERM`` permutations, datasketch's fixed seed, so every
  process and Spark executor computes the same values) over word ``SHINGLE``-grams of the
  lowercased text, cut into ``BANDS`` LSH bands of ``ROWS`` rows.
- **The rule** (``same_story``): estimated Jaccard similarity >= ``THRESHOLD``; or, when
  the article credits the other's outlet as its origin ("Source Article from <url>",
  "Originally published by", "(AP)", "- Reuters"), >= ``CREDITED_THRESHOLD``: a credit is
  evidence, so a heavily edited but credited copy still joins its story.
- **The original** of a story (``original_key``): the credited origin, else the earliest
  publication, else the smallest id: never a repost because of how ids sort.
"""
from __future__ import annotations

import base64
import csv
import hashlib
import re
from collections import OrderedDict, deque
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Sequence

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS  # 4: a pair at similarity 0.5 shares a band with p = 0.87
SHINGLE = 4  # words per shingle
THRESHOLD = 0.5  # one story: estimated Jaccard similarity of the shingle sets
CREDITED_THRESHOLD = 0.25  # one story when the article credits the other's outlet
CREDIT_DAYS = 3  # a credited original is looked for this many days around the copy
SIGNATURE_VERSION = 2  # bumped whenever the parameters above change (store migration)

_WORD = re.compile(r"\w+", re.UNICODE)
_SLUG = re.compile(r"[^a-z0-9]+")


# --------------------------------------------------------------------------- outlets


@dataclass(frozen=True)
class Outlets:
    """The outlet table: every name and domain to one key, and the key's party side."""

    by_name: dict[str, str]
    by_domain: dict[str, str]
    party: dict[str, str]  # key -> side code of the party it speaks for
    aliases: dict[str, set[str]]  # key -> every lowercased name, slug and domain it has


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower().removeprefix("the ").strip()).strip("-")


@lru_cache(maxsize=1)
def outlets() -> Outlets:
    """``data/outlets.tsv``, read once, plus the parties' own outlets from the profiles."""
    by_name: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    party: dict[str, str] = {}
    aliases: dict[str, set[str]] = {}
    raw = resources.files("warledger.data").joinpath("outlets.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        key = row["key"].strip()
        known = aliases.setdefault(key, {key})
        for name in (row.get("names") or "").split("|"):
            if name.strip():
                by_name[_slug(name)] = key
                known.update({name.strip().lower(), _slug(name), _slug(name).replace("-", " ")})
        for domain in (row.get("domains") or "").split("|"):
            if domain.strip():
                by_domain[domain.strip().lower()] = key
                known.update({domain.strip().lower(), "www." + domain.strip().lower()})
        if (row.get("party") or "").strip():
            party[key] = row["party"].strip()
        by_name.setdefault(_slug(key), key)
    # a party's bodies that are outlets ("Armenpress", "The Ilvenna Herald")
    from warledger.profiles import load_profiles

    for profile in load_profiles():
        for p in profile.parties:
            if p.side in ("THIRD", "UNKNOWN"):
                continue
            for alias, kind in p.aliases:
                if kind == "bodies":
                    key = by_name.get(_slug(alias))
                    if key is not None:
                        party.setdefault(key, p.side)
    return Outlets(by_name, by_domain, party, aliases)


def outlet_key(value: str | None) -> str | None:
    """The identity of an outlet given by name, credit or domain ("(Reuters)",
    "reuters.com", "www.reuters.com" -> "reuters"); an unknown domain is its own key, an
    unknown name its slug."""
    if not value or not value.strip():
        return None
    v = value.strip().strip("()").strip().lower()
    table = outlets()
    host = v.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.")
    if "." in host and " " not in host:
        parts = host.split(".")
        for i in range(len(parts) - 1):  # news.reuters.com -> reuters.com
            hit = table.by_domain.get(".".join(parts[i:]))
            if hit:
                return hit
        return host
    slug = _slug(v)
    return table.by_name.get(slug) or slug or None


def outlet_party(key: str | None) -> str | None:
    """The side an outlet speaks for (a party's state media or own outlet), else None."""
    return outlets().party.get(key) if key else None


def source_key(origin_outlet: str | None, outlet: str | None, article_id: str) -> str:
    """What counts as one independent source: the credited origin, else the outlet, else
    the article itself (an anonymous file is its own source)."""
    return outlet_key(origin_outlet) or outlet_key(outlet) or f"article:{article_id}"


# --------------------------------------------------------------------------- signatures


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word n-grams of the lowercased text (the whole text when shorter than n)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=1)
def _template() -> Any:
    from datasketch import MinHash

    # one set of permutations for all sketches: building them is most of a MinHash's cost
    return MinHash(num_perm=NUM_PERM, seed=1)


_SIGS: "OrderedDict[str, np.ndarray]" = OrderedDict()


def signature(text: str) -> np.ndarray:
    """The MinHash values of a text (uint64, ``NUM_PERM`` of them). Remembered for the last
    few hundred texts: ingestion and the store ask for the same article in turn."""
    key = hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=16).digest().hex()
    hit = _SIGS.get(key)
    if hit is not None:
        _SIGS.move_to_end(key)
        return hit
    from datasketch import MinHash

    t = _template()
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=t.permutations, scheme=t.scheme)
    grams = list(shingles(text))
    # a batch makes NUM_PERM values per shingle at once (1 KB each): fed in slices, a
    # 10 MB article needs megabytes for this, not gigabytes; the minimum is the same
    for i in range(0, len(grams), 8192):
        m.update_batch(grams[i:i + 8192])
    sig = m.hashvalues.astype(np.uint64)
    _SIGS[key] = sig
    if len(_SIGS) > 512:
        _SIGS.popitem(last=False)
    return sig


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
    """Estimated Jaccard similarity of two signatures (0 when either is of another size)."""
    if len(a) != len(b) or not len(a):
        return 0.0
    return float(np.count_nonzero(a == b)) / float(len(a))


def credits(origin_key: str | None, other_outlet_key: str | None,
            other_origin_key: str | None = None) -> bool:
    """Whether an article whose credited origin is ``origin_key`` names the other article's
    outlet (or the other's own origin: two credited copies of one agency story)."""
    return bool(origin_key) and origin_key in (other_outlet_key, other_origin_key)


def same_story(sim: float, credited: bool) -> bool:
    """The one rule: similar enough, or less similar but credited."""
    return sim >= (CREDITED_THRESHOLD if credited else THRESHOLD)


def original_key(published: str | None, credited_origin: bool, article_id: str) -> tuple[Any, ...]:
    """Sort key of a story's members: the credited origin first, then the earliest
    publication (undated last), then the id; the smallest is the story's original."""
    return (0 if credited_origin else 1, published is None, published or "", article_id)


# --------------------------------------------------------------------------- in memory


def _bucket(pair: tuple[int, int]) -> int:
    """A (band, hash) pair as one int key (no tuple kept per key)."""
    return pair[1] << 6 | pair[0]


class Clusterer:
    """Assigns each article, in order, to the story of an earlier near duplicate or its own
    (ingestion's view within one run; the store applies the same rule across runs).

    The story id is the id of the first article seen in it, so a story keeps its id when
    more copies arrive. At most ``window`` recent articles are kept (copies of a story
    arrive close together, and a long run's memory stays flat)."""

    def __init__(self, window: int = 20_000) -> None:
        self.window = window
        self._order: deque[str] = deque()
        self._buckets: dict[int, list[str]] = {}
        self._by_outlet: dict[str, list[str]] = {}
        # article id -> (signature, story, outlet key, origin key, its band pairs)
        self._sketches: dict[str, tuple[np.ndarray, str, str | None, str | None, None]] = {}

    def cluster_of(self, article_id: str, text: str, outlet: str | None = None,
                   origin_outlet: str | None = None) -> str:
        if article_id in self._sketches:
            return self._sketches[article_id][1]
        sig = signature(text)
        pairs = bands(sig)
        okey, origin = outlet_key(outlet), outlet_key(origin_outlet)
        cands = {c for p in pairs for c in self._buckets.get(_bucket(p), ())}
        if origin:
            cands.update(self._by_outlet.get(origin, ()))
        best: tuple[float, str] | None = None
        for cid in cands:
            csig, story, c_outlet, c_origin, _ = self._sketches[cid]
            sim = similarity(sig, csig)
            if same_story(sim, credits(origin, c_outlet, c_origin)) and (
                    best is None or sim > best[0]):
                best = (sim, story)
        story = best[1] if best else article_id
        # the band pairs are not kept: they are recomputed from the signature when the
        # article leaves the window (a list of 32 tuples an article was most of the memory)
        self._sketches[article_id] = (sig, story, okey, origin, None)
        for p in pairs:
            self._buckets.setdefault(_bucket(p), []).append(article_id)
        if okey:
            self._by_outlet.setdefault(okey, []).append(article_id)
        self._order.append(article_id)
        while len(self._order) > self.window:
            self._forget(self._order.popleft())
        return story

    def _forget(self, old: str) -> None:
        sig, _story, okey, _origin, _ = self._sketches.pop(old)
        for p in bands(sig):
            members = self._buckets.get(_bucket(p))
            if members:
                members.remove(old)
                if not members:
                    del self._buckets[_bucket(p)]
        if okey and okey in self._by_outlet:
            self._by_outlet[okey].remove(old)

    def assign(self, article: Any) -> Any:
        return replace(article, cluster=self.cluster_of(article.id, article.text, article.outlet,
                                                        article.origin_outlet))


def assign_clusters(articles: Iterable[Any]) -> list[Any]:
    """New Articles with ``cluster`` set: the id of the first article of each story."""
    clusterer = Clusterer()
    return [clusterer.assign(a) for a in articles]


def story_source(members: Sequence[tuple[str, str | None, str | None, str | None]]) -> str:
    """The source a story counts as, from its members (id, published, outlet, origin): the
    origin its members credit (the most credited; on a tie, the earliest credited), else
    its original's outlet (``originals``), else the original article itself."""
    credited: dict[str, tuple[int, tuple[Any, ...]]] = {}
    for m in members:
        key = outlet_key(m[3])
        if key:
            n, earliest = credited.get(key, (0, original_key(m[1], False, m[0])))
            credited[key] = (n + 1, min(earliest, original_key(m[1], False, m[0])))
    if credited:
        return min(sorted(credited), key=lambda k: (-credited[k][0], credited[k][1]))
    first = originals(members)
    m = next(x for x in members if x[0] == first)
    return source_key(None, m[2], m[0])


def originals(members: Sequence[tuple[str, str | None, str | None, str | None]]) -> str:
    """The original among a story's members, given as (id, published, outlet, origin) in
    the order they arrived: the member whose outlet another member credits, else the
    earliest publication, else the first to arrive (the store's order; Spark, which has no
    order of arrival, passes them by id)."""
    credited = {outlet_key(m[3]) for m in members if m[3]}
    return min(enumerate(members), key=lambda im: original_key(
        im[1][1], outlet_key(im[1][2]) in credited and not im[1][3], "")[:3] + (im[0],))[1][0]

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
from typing import Any, Iterable, Iterator, Sequence

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


@lru_cache(maxsize=8)
def outlets(profiles: tuple[str, ...] = ()) -> Outlets:
    """``data/outlets.tsv``, read once, plus the parties' own outlets from the profiles:
    the shipped ones and the user's (``profiles``, their files or folders, as
    ``Query.profiles``), so a user's profile can name a party's outlet as the CLI's
    ``--profile`` names its parties."""
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

    for profile in load_profiles(profiles):
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


def outlet_names(value: str) -> set[str]:
    """Every lowercased name, slug and domain of the outlet ``value`` names (how a stored
    ``origin_outlet``, as written, is matched to an outlet)."""
    key = outlet_key(value)
    names = {value.strip().lower()}
    if key:
        names.add(key)
        names.update(outlets().aliases.get(key, ()))
    return names


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


def _pieces(text: str, about: int = 1 << 20) -> Iterator[str]:
    """The text in pieces of about ``about`` characters, each ending at a whitespace, so
    that no word (nor the context ``str.lower`` looks at) is cut: lowercased and read a
    piece at a time, a long text is never copied whole."""
    start = 0
    while start < len(text):
        end = min(start + about, len(text))
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut + 1 if cut > start else end
        yield text[start:end]
        start = end


def _shingle_slices(text: str, size: int = SHINGLE, per: int = 8192) -> Iterator[list[bytes]]:
    """The shingles of ``shingles(text)``, a slice at a time, never all at once.

    Why: a MinHash is a minimum over the shingles, so it may see them in any order and any
    number of times, and a 50 MB article has millions of them: held as one set and one
    list they took 700 MB beside the text (``bench/bench_memory.py``). Fed as they are
    read, the memory is that of one slice (a batch makes NUM_PERM values per shingle at
    once, 1 KB each); a slice is deduplicated, which keeps the repeats of a text cheap."""
    window: deque[str] = deque(maxlen=size)
    out: dict[bytes, None] = {}
    seen = 0
    for part in _pieces(text):
        for m in _WORD.finditer(part.lower()):
            window.append(m.group(0))
            seen += 1
            if seen >= size:
                out[" ".join(window).encode("utf-8")] = None
                if len(out) >= per:
                    yield list(out)
                    out = {}
    if 0 < seen < size:  # shorter than a shingle: the whole text is one
        out[" ".join(window).encode("utf-8")] = None
    if out:
        yield list(out)


@lru_cache(maxsize=1)
def _template() -> Any:
    from datasketch import MinHash

    # one set of permutations for all sketches: building them is most of a MinHash's cost
    return MinHash(num_perm=NUM_PERM, seed=1)


_SIGS: "OrderedDict[str, np.ndarray]" = OrderedDict()


def signature(text: str) -> np.ndarray:
    """The MinHash values of a text (uint64, ``NUM_PERM`` of them). Remembered for the last
    few hundred texts: ingestion and the store ask for the same article in turn."""
    digest = hashlib.blake2b(digest_size=16)
    for part in _pieces(text):
        digest.update(part.encode("utf-8", "replace"))
    key = digest.hexdigest()
    hit = _SIGS.get(key)
    if hit is not None:
        _SIGS.move_to_end(key)
        return hit
    from datasketch import MinHash

    t = _template()
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=t.permutations, scheme=t.scheme)
    for grams in _shingle_slices(text):
        m.update_batch(grams)
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


def _similarities(sig: np.ndarray, others: Sequence[np.ndarray]) -> list[float]:
    """``similarity`` of ``sig`` with each of ``others``, at once (an article of a
    templated feed meets a hundred stored ones through shared bands)."""
    sims = [0.0] * len(others)
    same = [i for i, o in enumerate(others) if len(o) == len(sig)]
    if same and len(sig):
        hits = np.count_nonzero(np.stack([others[i] for i in same]) == sig, axis=1)
        for i, n in zip(same, hits.tolist()):
            sims[i] = float(n) / float(len(sig))
    return sims


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
        order = list(cands)
        sims = _similarities(sig, [self._sketches[cid][0] for cid in order])
        for cid, sim in zip(order, sims):
            _, story, c_outlet, c_origin, _ = self._sketches[cid]
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


# --------------------------------------------------------------------------- one store batch

# the columns of a stored article the store's story rule reads (``StoryBatch.know``)
STORY_COLUMNS = ("id", "signature", "cluster", "outlet_key", "origin_outlet", "day",
                 "published", "outlet", "stored", "sig_version")
# at most this many articles of one outlet are looked at for a credit, the latest first
CREDIT_LIMIT = 500


def credit_window(day: str | None) -> tuple[str, str] | None:
    """The days around ``day`` in which a credited original (or a copy crediting it) is
    looked for; None when the article is undated (then every day is looked at)."""
    if not day:
        return None
    from datetime import date, timedelta

    d = date.fromisoformat(day)
    return ((d - timedelta(days=CREDIT_DAYS)).isoformat(),
            (d + timedelta(days=CREDIT_DAYS)).isoformat())


@dataclass(frozen=True)
class _Known:
    """An article as the story rule sees it: stored before the batch, or placed in it."""

    id: str
    sig: np.ndarray | None  # None: no signature of this version (never a candidate)
    outlet_key: str | None
    origin: str | None  # the credited origin as written (``origin_outlet``)
    day: str | None
    published: str | None
    outlet: str | None
    stored: str


@dataclass(frozen=True)
class _Expected:
    """A batch article before it is placed: what its candidates are looked up by."""

    sig: np.ndarray
    pairs: frozenset[tuple[int, int]]
    outlet_key: str | None
    origin: str | None  # its credited origin's key
    day: str | None


@dataclass(frozen=True)
class Placement:
    """Where a batch article went: its story, its own source key, and the stories it
    linked that were merged into that one (the store relabels their stored members)."""

    cluster: str
    source_key: str
    merged: tuple[str, ...] = ()


def _latest_first(items: Iterable[_Known]) -> list[_Known]:
    """By day, the latest first, undated last (SQL's ``ORDER BY day DESC NULLS LAST``)."""
    items = list(items)
    dated = sorted((k for k in items if k.day), key=lambda k: k.day or "", reverse=True)
    return dated + [k for k in items if not k.day]


class StoryBatch:
    """The store's story rule for one write batch, worked out in memory.

    Why: the store used to ask the database, for every new article, for the stored
    articles sharing one of its bands, the outlets it credits, the members of the story it
    joined and that story's row: seven statements an article, several of them reading a
    whole table on DuckDB, so a long ingest slowed as the store filled. Now the store reads
    once per batch everything the batch's articles can meet (``expect`` says what to read,
    ``know``/``know_bands``/``know_near``/``know_rows`` take what was read), the articles
    are placed here in order, each seeing the stored articles and the batch's earlier ones
    exactly as the per-article queries did, and the store writes the outcome in a few
    statements (``placed``, ``cluster_rows``, ``restated_sources``).

    The rule: an article joins every story it is one with by ``same_story`` (credits,
    either way, counting as evidence); stories it links are merged into the one of its most
    similar article, so a story is a connected group of near duplicates whatever order they
    arrive in, as in the Spark job; linked to none, it takes the story ingestion gave it
    (``Article.cluster``), else its own. A story's source and original are recomputed from
    its members, in the order they were stored, whenever one joins."""

    def __init__(self, stored: str) -> None:
        self.stored = stored  # the batch's ``stored`` time
        self.touched: set[str] = set()  # stories of several articles changed (to restate)
        self.compared = 0  # signatures compared (candidates met), for the benches
        self._known: dict[str, _Known] = {}
        self._cluster: dict[str, str | None] = {}
        self._members: dict[str, set[str]] = {}
        self._bands: dict[tuple[int, int], list[str]] = {}  # stored articles by band
        self._near: dict[tuple[str, str, str | None], list[str]] = {}  # stored, latest first
        self._expected: dict[str, _Expected] = {}
        self._joined: set[str] = set()  # ingestion's stories of the batch's articles
        self._has_row: set[str] = set()  # stories with a row in ``clusters``
        self._rows: dict[str, tuple[str, str]] = {}  # story -> (first article, source) to write
        self._sources: dict[str, str] = {}  # story -> source its members without a credit take
        self._placed: list[tuple[str, str]] = []  # batch article, its own source key
        self._placed_bands: dict[tuple[int, int], list[str]] = {}

    # ------------------------------------------------------------ what to read

    def expect(self, article: Any, sig: np.ndarray, day: str | None) -> None:
        """A batch article to be placed (in the order given)."""
        self._expected[article.id] = _Expected(
            sig, frozenset(bands(sig)), outlet_key(article.outlet),
            outlet_key(article.origin_outlet), day)
        if article.cluster and article.cluster != article.id:
            self._joined.add(article.cluster)

    def hashes(self) -> list[int]:
        """Every band hash of the batch (stored articles sharing one are candidates)."""
        return sorted({h for e in self._expected.values() for _, h in e.pairs})

    def near_lookups(self) -> list[tuple[str, str, str | None]]:
        """(kind, outlet key, day) to read: ``outlet``, the stored articles of a credited
        origin's outlet around the day; ``credit``, those crediting the article's outlet."""
        want = {("outlet", e.origin, e.day) for e in self._expected.values() if e.origin}
        want |= {("credit", e.outlet_key, e.day) for e in self._expected.values() if e.outlet_key}
        return sorted(want, key=lambda k: (k[0], k[1], k[2] or ""))

    def joined_ids(self) -> list[str]:
        """Ingestion's story ids (articles of the run) whose stored story is to be read."""
        return sorted(self._joined)

    def stories_to_read(self) -> list[str]:
        """Every story a batch article may join or merge: those of the stored candidates
        it is one story with (``_links``; a candidate merely sharing a band is not read
        further), ingestion's stories and theirs, and the batch articles' own ids; their
        members and rows are read next (``know`` and ``know_rows``)."""
        ids = self._joined | set(self._expected)
        ids |= {c for a in self._joined if (c := self._cluster.get(a))}
        compared = self.compared
        for e in self._expected.values():
            stored = {aid for p in e.pairs for aid in self._bands.get(p, ())}
            for (kind, key, day), found in self._near.items():
                if day == e.day and key == (e.origin if kind == "outlet" else e.outlet_key):
                    stored.update(found)
            ids |= {self._cluster[k.id] or k.id for k, _ in self._links(e, sorted(stored))}
        self.compared = compared  # counted when placed
        return sorted(ids)

    # ------------------------------------------------------------ what was read

    def know(self, rows: Iterable[Sequence[Any]]) -> None:
        """Stored articles, as ``STORY_COLUMNS`` (the signature encoded, decoded, or None
        for an article that is not a candidate)."""
        for aid, sig, cluster, okey, origin, day, published, outlet, stored, version in rows:
            if aid in self._known:
                continue
            if isinstance(sig, str):
                sig = decode(sig) if sig else None
            usable = sig is not None and version == SIGNATURE_VERSION
            self._known[aid] = _Known(aid, sig if usable else None, okey, origin,
                                      day, published, outlet, stored)
            self._cluster[aid] = cluster
            if cluster:
                self._members.setdefault(cluster, set()).add(aid)

    def know_bands(self, rows: Iterable[Sequence[Any]]) -> None:
        """(article id, band, hash) rows of stored articles."""
        for aid, band, h in rows:
            self._bands.setdefault((int(band), int(h)), []).append(aid)

    def know_near(self, lookup: tuple[str, str, str | None], ids: Sequence[str]) -> None:
        """The stored articles one ``near_lookups`` entry found, latest first (at most
        ``CREDIT_LIMIT``); their rows go to ``know``."""
        self._near[lookup] = list(ids)

    def know_rows(self, ids: Iterable[str]) -> None:
        """Stories that have a row in the store's ``clusters`` table."""
        self._has_row.update(ids)

    # ------------------------------------------------------------ placing

    def _candidates(self, e: _Expected) -> list[str]:
        stored = {aid for p in e.pairs for aid in self._bands.get(p, ())}
        placed = {aid for p in e.pairs for aid in self._placed_bands.get(p, ())}
        found = sorted(stored | placed)
        window = credit_window(e.day)

        def near(kind: str, key: str, match: Any) -> list[str]:
            got = [self._known[i] for i in self._near.get((kind, key, e.day), ())
                   if i in self._known]
            mine = [self._known[i] for i, _ in self._placed if match(self._known[i]) and (
                window is None or not self._known[i].day
                or window[0] <= (self._known[i].day or "") <= window[1])]
            return [k.id for k in _latest_first(got + mine)[:CREDIT_LIMIT]]

        if e.origin:
            origin = e.origin
            found += near("outlet", origin, lambda k: k.outlet_key == origin)
        if e.outlet_key:
            names = outlet_names(e.outlet_key)
            found += near("credit", e.outlet_key,
                          lambda k: bool(k.origin) and k.origin.lower() in names)
        return found

    def _links(self, e: _Expected, candidates: Iterable[str]) -> list[tuple[_Known, float]]:
        """The candidates an article is one story with (``same_story``: similar enough, or
        less similar but credited either way), with their similarities. Depends only on
        what an article is, never on the stories' state, so it is also how the stories
        worth reading are chosen (``stories_to_read``)."""
        seen: set[str] = set()
        cands: list[tuple[_Known, np.ndarray]] = []
        for cid in candidates:
            k = self._known.get(cid)
            if cid in seen or k is None or k.sig is None or not self._cluster.get(cid):
                continue
            seen.add(cid)
            cands.append((k, k.sig))
        self.compared += len(cands)
        sims = _similarities(e.sig, [sig for _, sig in cands])
        out = []
        for (k, _), sim in zip(cands, sims):
            c_origin = outlet_key(k.origin)
            credited = credits(e.origin, k.outlet_key, c_origin) or credits(c_origin, e.outlet_key,
                                                                            e.origin)
            if same_story(sim, credited):
                out.append((k, sim))
        return out

    def place(self, article: Any) -> Placement:
        """The story of the next batch article (``expect`` order), and its source key."""
        e = self._expected.pop(article.id)
        linked: dict[str, float] = {}
        for k, sim in self._links(e, self._candidates(e)):
            story = self._cluster[k.id]
            assert story  # _links keeps candidates with a story
            linked[story] = max(sim, linked.get(story, -1.0))
        merged: list[str] = []
        if linked:
            cluster = max(sorted(linked), key=lambda c: linked[c])
            merged = sorted(c for c in linked if c != cluster)
            if merged:
                self._merge(cluster, merged)
        else:
            joined: str | None = None
            if article.cluster and article.cluster != article.id:
                # ingestion put it with an article of the same run: that article's story
                joined = self._cluster.get(article.cluster) or article.cluster
            cluster = joined or article.id
        key = self._settle(cluster, article)
        k = _Known(article.id, e.sig, e.outlet_key, article.origin_outlet, e.day,
                   article.published, article.outlet, self.stored)
        self._known[article.id] = k
        self._cluster[article.id] = cluster
        self._members.setdefault(cluster, set()).add(article.id)
        for p in e.pairs:
            self._placed_bands.setdefault(p, []).append(article.id)
        self._placed.append((article.id, key))
        return Placement(cluster, key, tuple(merged))

    def _merge(self, into: str, others: list[str]) -> None:
        for other in others:
            for aid in self._members.pop(other, set()):
                self._cluster[aid] = into
                self._members.setdefault(into, set()).add(aid)
            self._has_row.discard(other)
            self._rows.pop(other, None)
            self._sources.pop(other, None)
        self.touched.add(into)

    def _settle(self, cluster: str, a: Any) -> str:
        """Record the new member's story and return the member's own source key: the
        story's source (``story_source``) is recomputed from its members, and every member
        without a credit of its own takes it (docs/ledger.md, rule 8)."""
        own = source_key(a.origin_outlet, a.outlet, a.id)
        # in the order they were stored (ties of time by id), the new one last
        earlier = sorted((self._known[m] for m in self._members.get(cluster, ())),
                         key=lambda k: (k.stored, k.id))
        members = [(k.id, k.published, k.outlet, k.origin) for k in earlier] + [
            (a.id, a.published, a.outlet, a.origin_outlet)]
        if cluster not in self._has_row and len(members) == 1:
            self._has_row.add(cluster)
            self._rows[cluster] = (a.id, own)
            return own
        self.touched.add(cluster)
        key = story_source(members)
        self._has_row.add(cluster)
        self._rows[cluster] = (originals(members), key)
        if any(not m[3] for m in members[:-1]):
            self._sources[cluster] = key
        return outlet_key(a.origin_outlet) or key

    # ------------------------------------------------------------ what to write

    def placed(self) -> list[tuple[str, str, str]]:
        """(article id, story, source key) of the batch's articles, in the order placed:
        a member without a credit of its own has its story's latest source."""
        out = []
        for aid, key in self._placed:
            story = self._cluster[aid] or aid
            if self._known[aid].origin is None and story in self._sources:
                key = self._sources[story]
            out.append((aid, story, key))
        return out

    def cluster_rows(self) -> dict[str, tuple[str, str]]:
        """Story -> (first article, source key) for every story the batch made or changed."""
        return dict(self._rows)

    def restated_sources(self) -> list[tuple[str, str, list[str]]]:
        """(story, source key, its stored members without a credit) for every story whose
        uncredited members follow a new source (their rows and claims are updated)."""
        placed = {aid for aid, _ in self._placed}
        out = []
        for story, key in sorted(self._sources.items()):
            ids = sorted(m for m in self._members.get(story, ())
                         if m not in placed and self._known[m].origin is None)
            if ids:
                out.append((story, key, ids))
        return out

"""The one query layer: every SQL statement the store runs, for both backends.

Why one class over two thin backends: a claim must read the same from a DuckDB file and a
PostgreSQL server, so the SQL is written once (``?`` parameters, portable functions) and the
same tests run on both. Writes are batch transactions: an article and all its claims,
events and attributions are written together or not at all, which is what lets a killed
ingestion resume without loss or half-written articles.
"""
from __future__ import annotations

import json
import random
import time
from collections import OrderedDict
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

from warledger import dedup
from warledger.errors import NotFound, StoreError, UsageError
from warledger.records import Article, article_from_dict
from warledger.store import rows, summary
from warledger.store.base import Analysis, Backend, BatchResult, Query
from warledger.store.runs import Runs, _now
from warledger.store.schema import LATEST, MIGRATIONS, POSTGRES_ONLY
from warledger.store.where import (claim_where, contains, event_where, outlet_condition,
                                   pattern)

TABLES = ("articles", "claims", "events", "attributions", "runs", "outlets", "clusters")

# PostgreSQL advisory lock key (two int4s: a namespace, then a number) of the schema's
# migrations (runs have their own: store/runs.py)
MIGRATION_LOCK = (0x574C, 0)
# a batch that met another writer's rows (same article stored at the same moment) or a
# deadlock is rolled back and written again, at most this many times in all
WRITE_ATTEMPTS = 5
# SQLSTATEs of conflicts a retry resolves: unique_violation, deadlock_detected,
# serialization_failure
_RETRY_STATES = {"23505", "40P01", "40001"}

# signatures of stored articles a handle keeps for the near-duplicate lookups of its
# next batches (1 KB each): copies arrive close together, mostly from the same run
SIGNATURES_KEPT = 20_000

T = TypeVar("T")


def _clean(exc: BaseException) -> str:
    """An engine's error text fit for a message: any connection URL in it without its
    password (psycopg may quote the connection string it was given)."""
    from warledger.store.backends import redact

    return redact(str(exc))


def _conflict(exc: BaseException) -> bool:
    """Whether a failed write lost a race with another writer (worth doing again)."""
    seen: BaseException | None = exc
    while seen is not None:
        if getattr(seen, "sqlstate", None) in _RETRY_STATES:
            return True
        if type(seen).__name__ == "TransactionException" and "onflict" in str(seen):
            return True  # DuckDB: two connections of one process wrote the same rows
        seen = seen.__cause__ or seen.__context__
    return False


class SqlStore(Runs):
    """A Store (see ``store/base.py``) over a backend from ``store/backends.py``; its runs
    are kept by ``store/runs.py``, the ledger's summary by ``store/summary.py``."""

    def __init__(self, backend: Backend, url: str) -> None:
        self.db = backend
        self.url = url
        self._active: set[int] = set()  # runs this handle began and has not finished
        self._dirty = summary.Dirty()  # the ledger summary's units a write changed
        self._summary: bool | None = None  # whether the schema has the summary (v10)
        # signatures of articles stored or read by this handle (``_read_stories``)
        self._signatures: OrderedDict[str, Any] = OrderedDict()

    @property
    def where(self) -> str:
        """The store as error messages name it: its URL with any password hidden."""
        from warledger.store.backends import redact

        return redact(self.url)

    def _retried(self, work: Callable[[], T]) -> T:
        """``work`` (one write transaction), done again after a lost race with another
        writer (PostgreSQL: two ingests storing the same article at the same moment, a
        deadlock between two batches): the transaction was rolled back whole, so doing it
        again, now seeing what the other one committed, stores each article exactly once."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return work()
            except Exception as exc:  # re-raised below unless it is a conflict
                if attempt == WRITE_ATTEMPTS or not _conflict(exc):
                    raise
            time.sleep(random.uniform(0.05, 0.25) * attempt)  # let the other one commit
        raise AssertionError("unreachable")

    # ------------------------------------------------------------------ schema

    def version(self) -> int:
        """The schema version this store is at (0: empty)."""
        found = self.db.execute(
            "SELECT COUNT(*) FROM information_schema.tables "
            "WHERE table_name = 'schema_version' AND table_schema = current_schema()")
        if not found or not found[0][0]:
            return 0
        v = self.db.execute("SELECT MAX(version) FROM schema_version")
        return int(v[0][0] or 0)

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """On PostgreSQL, one process at a time reads the schema's version and migrates
        (two processes opening a fresh database at once would both create v1); the other
        waits, then finds the schema up to date. A DuckDB file has one writer anyway."""
        if self.db.dialect != "postgres":
            yield
            return
        self.db.execute("SELECT pg_advisory_lock(?, ?)", list(MIGRATION_LOCK))
        try:
            yield
        finally:
            self.db.execute("SELECT pg_advisory_unlock(?, ?)", list(MIGRATION_LOCK))

    def migrate(self, target: int | None = None) -> None:
        """Apply the missing migrations in order, each in its own transaction."""
        with self._migration_lock():
            self._migrate(LATEST if target is None else target)

    def _migrate(self, target: int) -> None:
        current = self.version()
        if current > LATEST:
            raise StoreError(f"{self.where}: schema version {current} is newer than this "
                             f"warledger ({LATEST}); upgrade warledger")
        # the steps in Python after the statements read the claims table by this version's
        # columns: they run when the store is brought to this version (a test's partial
        # migration to an older one stops before them)
        latest = target >= LATEST
        restate = latest and 0 < current < 8
        for version, statements in MIGRATIONS:
            if version <= current or version > target:
                continue
            try:
                with self.db.transaction():
                    for stmt in statements:
                        if stmt.startswith(POSTGRES_ONLY) and self.db.dialect != "postgres":
                            continue
                        self.db.execute(stmt)
                    self.db.execute("INSERT INTO schema_version (version, applied) VALUES (?, ?)",
                                    [version, _now()])
            except StoreError:
                raise
            except Exception as exc:
                raise StoreError(f"{self.where}: migration to schema v{version} failed "
                                 f"({_clean(exc)})") from exc
        if target >= 4:
            self._resign()
        if restate:
            with self.db.transaction():
                self._restate(r[0] for r in self.db.execute(
                    "SELECT cluster FROM articles WHERE cluster IS NOT NULL GROUP BY cluster "
                    "HAVING COUNT(*) > 1"))
            self._dirty = summary.Dirty()  # the summary is rebuilt whole below
        self._summary = None
        if latest and not summary.fresh(self.db):
            self.rebuild_summary()

    def rebuild_summary(self) -> None:
        """Recompute the ledger's summary from the claims (``store/summary.py``): done
        when a store is created or upgraded, or after claims were loaded behind the
        store's back (the store benchmark's bulk load)."""
        try:
            summary.rebuild(self.db)
        except Exception as exc:
            raise StoreError(f"{self.where}: building the ledger summary failed "
                             f"({_clean(exc)})") from exc

    def _refresh_summary(self) -> None:
        """Recompute the summary's units this write touched, in its transaction."""
        if self._summary is None:
            self._summary = summary.present(self.db)
        if self._summary:
            summary.refresh(self.db, self._dirty)
        self._dirty = summary.Dirty()

    def _resign(self, page: int = 500) -> None:
        """Signatures, bands and outlet identities for articles that have none or old ones
        (stores from before v4, or older near-duplicate parameters), computed from the stored
        text a page at a time (each page one transaction: a run stopped midway leaves the
        rest for the next open, never a half-signed article). Clusters are kept; their
        source keys then become outlet identities ("Reuters" and reuters.com are one)."""
        stale_sql = ("SELECT id, text, outlet FROM articles WHERE sig_version IS NULL "
                     "OR sig_version <> ? ORDER BY id LIMIT ?")
        done = 0
        self._signatures.clear()
        try:
            while True:
                stale = self.db.execute(stale_sql, [dedup.SIGNATURE_VERSION, page])
                if not stale:
                    break
                with self.db.transaction():
                    ids = [r[0] for r in stale]
                    self.db.execute(f"DELETE FROM article_bands WHERE article_id IN "
                                    f"({', '.join('?' for _ in ids)})", ids)
                    band_rows: list[tuple[Any, ...]] = []
                    for aid, text, outlet in stale:
                        sig = dedup.signature(text or "")
                        self.db.execute("UPDATE articles SET signature = ?, sig_version = ?, "
                                        "outlet_key = ? WHERE id = ?",
                                        [dedup.encode(sig), dedup.SIGNATURE_VERSION,
                                         dedup.outlet_key(outlet), aid])
                        band_rows += [(aid, b, h) for b, h in dedup.bands(sig)]
                    self.db.bulk_insert("article_bands", ("article_id", "band", "hash"), band_rows)
                done += len(stale)
            if not done:
                return
            with self.db.transaction():
                stories: dict[str, list[tuple[Any, ...]]] = {}
                for aid, cluster, published, outlet, origin in self.db.execute(
                        "SELECT id, cluster, published, outlet, origin_outlet FROM articles "
                        "ORDER BY stored, id"):
                    stories.setdefault(cluster or aid, []).append((aid, published, outlet, origin))
                for cluster, members in stories.items():
                    key = dedup.story_source(members)
                    self.db.execute("UPDATE clusters SET source_key = ? WHERE id = ?",
                                    [key, cluster])
                    for aid, _published, _outlet, origin in members:
                        self.db.execute("UPDATE articles SET source_key = ? WHERE id = ?",
                                        [dedup.outlet_key(origin) or key, aid])
                self.db.execute("UPDATE claims SET source_key = (SELECT a.source_key FROM "
                                "articles a WHERE a.id = claims.article_id)")
                if summary.present(self.db):
                    summary.mark_stale(self.db)  # rebuilt by _migrate
        except Exception as exc:
            raise StoreError(f"{self.where}: recomputing near-duplicate signatures failed "
                             f"({_clean(exc)})") from exc

    # ------------------------------------------------------------------ writes

    def has_article(self, article_id: str) -> bool:
        return bool(self.db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]))

    def known_articles(self, ids: Sequence[str]) -> set[str]:
        """Which of these article ids are already stored (one query per 500 ids)."""
        found: set[str] = set()
        ids = list(dict.fromkeys(ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(r[0] for r in self.db.execute(
                f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def _read_stories(self, items: Sequence[tuple[Article, Any]], stored: str) -> dedup.StoryBatch:
        """What the story rule (``dedup.StoryBatch``) needs for a batch of new articles
        (article, signature), read in a few statements for the whole batch: the stored
        articles sharing one of the batch's band hashes; for each (credited origin or own
        outlet, day) of the batch, the outlet's articles around that day and those crediting
        it (the latest ``CREDIT_LIMIT`` first, as one article's lookup would); ingestion's
        stories; then the members and rows of every story these belong to.

        Only narrow columns are read by those lookups (DuckDB reads a selected column for
        every row it filters, and a signature is 1.4 KB): the signatures of the candidates
        come from the articles this handle stored or read before (``_signatures``), and
        only the others are read, by id."""
        view = dedup.StoryBatch(stored)
        for a, sig in items:
            view.expect(a, sig, rows.iso_day(a.published))
        narrow = [c for c in dedup.STORY_COLUMNS if c != "signature"]
        cols = ", ".join(f"a.{c}" for c in narrow)

        def marks(n: int) -> str:
            return ", ".join("?" for _ in range(n))

        def by_ids(column: str, ids: Sequence[str]) -> list[tuple[Any, ...]]:
            got: list[tuple[Any, ...]] = []
            for i in range(0, len(ids), 500):
                chunk = list(ids[i:i + 500])
                got += self.db.execute(f"SELECT {cols} FROM articles a WHERE a.{column} IN "
                                       f"({marks(len(chunk))})", chunk)
            return got

        def with_signatures(found: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
            version = narrow.index("sig_version")
            want = [r[0] for r in found if r[0] not in self._signatures
                    and r[version] == dedup.SIGNATURE_VERSION]
            for i in range(0, len(want), 500):
                chunk = want[i:i + 500]
                for aid, sig in self.db.execute(f"SELECT id, signature FROM articles WHERE id IN "
                                                f"({marks(len(chunk))})", chunk):
                    if sig:
                        self._remember(aid, dedup.decode(sig))
            return [(r[0], self._signatures.get(r[0])) + tuple(r[1:]) for r in found]

        hashes = view.hashes()
        band_rows: list[tuple[Any, ...]] = []
        found: dict[str, tuple[Any, ...]] = {}
        # the articles sharing a band hash, with their rows, in one statement (the band of
        # each hit is checked by the view)
        for i in range(0, len(hashes), 2000):
            chunk = hashes[i:i + 2000]
            for r in self.db.execute(
                    f"SELECT b.article_id, b.band, b.hash, {cols} FROM article_bands b "
                    f"JOIN articles a ON a.id = b.article_id WHERE b.hash IN "
                    f"({marks(len(chunk))})", chunk):
                band_rows.append(r[:3])
                found.setdefault(r[0], r[3:])
        view.know_bands(band_rows)
        joined = [aid for aid in view.joined_ids() if aid not in found]
        view.know(with_signatures(list(found.values()) + by_ids("id", joined)))
        for kind, key, day in view.near_lookups():
            near, extra = "", []
            window = dedup.credit_window(day)
            if window:
                near, extra = " AND (a.day IS NULL OR a.day BETWEEN ? AND ?)", list(window)
            if kind == "outlet":
                cond, params = "a.outlet_key = ?", [key]
            else:
                cond, params = outlet_condition("a.origin_outlet", key)
            got = self.db.execute(
                f"SELECT {cols} FROM articles a WHERE {cond} AND a.sig_version = ?{near} "
                f"ORDER BY a.day DESC NULLS LAST LIMIT {dedup.CREDIT_LIMIT}",
                params + [dedup.SIGNATURE_VERSION] + extra)
            view.know(with_signatures(got))
            view.know_near((kind, key, day), [r[0] for r in got])
        stories = view.stories_to_read()
        # members are not candidates: no signatures needed
        view.know([(r[0], None) + tuple(r[1:]) for r in by_ids("cluster", stories)])
        for i in range(0, len(stories), 500):
            ids = stories[i:i + 500]
            view.know_rows(r[0] for r in self.db.execute(
                f"SELECT id FROM clusters WHERE id IN ({marks(len(ids))})", ids))
        return view

    def _remember(self, article_id: str, sig: Any) -> None:
        """Keep a stored article's signature (of this version) for later batches' lookups;
        the latest ``SIGNATURES_KEPT``."""
        self._signatures[article_id] = sig
        self._signatures.move_to_end(article_id)
        while len(self._signatures) > SIGNATURES_KEPT:
            self._signatures.popitem(last=False)

    def _merge(self, into: str, others: Sequence[str]) -> None:
        """Stories one new article links become one: stored members and their claims
        relabelled (the batch's own articles are written with their final story)."""
        marks = ", ".join("?" for _ in others)
        # their claims' units stay (a story only names the scope of undated claims)
        self._dirty.mark(self.db, f"c.story IN ({marks})", list(others))
        self.db.execute(f"UPDATE articles SET cluster = ? WHERE cluster IN ({marks})",
                        [into] + list(others))
        self.db.execute(f"UPDATE claims SET story = ? WHERE story IN ({marks})",
                        [into] + list(others))
        self.db.execute(f"DELETE FROM clusters WHERE id IN ({marks})", list(others))

    def _write_stories(self, view: dedup.StoryBatch) -> None:
        """The stories a batch made or changed (``clusters`` rows), and the new source of
        the stored members without a credit of their own, with their claims."""
        rows_ = view.cluster_rows()
        have: set[str] = set()
        ids = sorted(rows_)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            have.update(r[0] for r in self.db.execute(
                f"SELECT id FROM clusters WHERE id IN ({', '.join('?' for _ in chunk)})", chunk))
        for cid in ids:
            if cid in have:
                first, key = rows_[cid]
                self.db.execute("UPDATE clusters SET first_article = ?, source_key = ? WHERE id = ?",
                                [first, key, cid])
        self.db.bulk_insert("clusters", ("id", "first_article", "source_key"),
                            [(cid,) + rows_[cid] for cid in ids if cid not in have])
        for story, key, members in view.restated_sources():
            for i in range(0, len(members), 500):
                chunk = members[i:i + 500]
                marks = ", ".join("?" for _ in chunk)
                self.db.execute(f"UPDATE articles SET source_key = ? WHERE id IN ({marks}) AND "
                                f"(source_key IS NULL OR source_key <> ?)", [key] + chunk + [key])
                # the summary's units of these claims under their old source and their new
                self._dirty.mark(self.db, f"c.story = ? AND c.article_id IN ({marks})",
                                 [story] + chunk)
                self.db.execute(f"UPDATE claims SET source_key = ? WHERE story = ? AND "
                                f"(source_key IS NULL OR source_key <> ?) AND article_id IN "
                                f"({marks})", [key, story, key] + chunk)
                self._dirty.mark(self.db, f"c.story = ? AND c.article_id IN ({marks})",
                                 [story] + chunk)

    def _restate(self, stories: Iterable[str]) -> None:
        """Keep ``claims.sday`` (and its week and month): the same statement (claimant,
        kind, target, stance, number, qualifier, cumulative) in one story is one statement,
        on the first day any current copy gives for it (docs/ledger.md, rule 4.1). Called
        for stories of several articles whenever one joins, merges or is re-extracted."""
        for story in sorted(set(stories)):
            got = self.db.execute(
                "SELECT id, COALESCE(claimant_party, claimant_side), kind, target_side, category, "
                "stance, count_value, count_qualifier, period_cumulative, day, sday, smonth, month, "
                "conflict, source_key FROM claims "
                "WHERE story = ? AND retired_run IS NULL", [story])
            first: dict[tuple[Any, ...], str] = {}
            for r in got:
                if r[9]:
                    k = tuple(r[1:9])
                    first[k] = min(first.get(k, r[9]), r[9])
            for r in got:
                want = first.get(tuple(r[1:9]), r[9])
                if want != r[10]:
                    week, month = rows.buckets(want)
                    # the summary's units of the claim's old statement day and its new one
                    head = (r[13], r[3], r[2], r[4])
                    self._dirty.add(head + (summary._first(r[10], r[9]),
                                            summary._first(r[11], r[12]), r[14]))
                    self._dirty.add(head + (summary._first(want, r[9]),
                                            summary._first(month, r[12]), r[14]))
                    self.db.execute("UPDATE claims SET sday = ?, sweek = ?, smonth = ? WHERE id = ?",
                                    [want, week, month, r[0]])

    def _write_extraction(self, items: Sequence[Analysis], run_id: int | None,
                          skip: dict[str, set[int]] | None = None) -> tuple[int, int]:
        """Insert the claims, events and attributions of these (stored) articles. Claims
        carry their article's source key, outlet and story for the ledger; ``skip`` gives
        per article the claim ids already stored (kept by a re-extraction)."""
        ids = [an.article.id for an in items]
        info: dict[str, tuple[Any, ...]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in self.db.execute(f"SELECT id, source_key, cluster FROM articles WHERE id IN "
                                     f"({', '.join('?' for _ in chunk)})", chunk):
                info[r[0]] = r
        claim_rows: list[tuple[Any, ...]] = []
        event_rows: list[tuple[Any, ...]] = []
        attr_rows: list[tuple[Any, ...]] = []
        top = self.db.execute("SELECT MAX(ord) FROM claims")
        ord_ = int(top[0][0] or 0) if top else 0
        for an in items:
            a = an.article
            day = rows.iso_day(a.published)
            _, key, story = info.get(a.id) or (a.id, None, None)
            key = key or dedup.source_key(a.origin_outlet, a.outlet, a.id)
            conflict = an.conflict or rows.fallback_conflict(an.claims)
            done = (skip or {}).get(a.id, set())
            for i, (cid, c) in enumerate(zip(rows.claim_ids(a.id, an.claims), an.claims)):
                if cid not in done:
                    ord_ += 1
                    claim_rows.append(rows.claim_row(c, a.id, i, day, conflict, run_id, key,
                                                     a.outlet, cid, story or a.id, ord_))
            event_rows += [rows.event_row(e, a.id, i, day, conflict, run_id)
                           for i, e in enumerate(an.events)]
            attr_rows += [rows.attribution_row(t, a.id, i) for i, t in enumerate(an.attributions)]
        for r in claim_rows:
            self._dirty.add_claim_row(dict(zip(rows.CLAIM_COLUMNS, r)))
        self.db.bulk_insert("claims", rows.CLAIM_COLUMNS, claim_rows)
        self.db.bulk_insert("events", rows.EVENT_COLUMNS, event_rows)
        self.db.bulk_insert("attributions", rows.ATTRIBUTION_COLUMNS, attr_rows)
        return sum(len(an.claims) for an in items), len(event_rows)

    def put_batch(self, batch: Sequence[Analysis], run_id: int | None = None) -> BatchResult:
        """Write new articles with everything extracted from them in one transaction.

        An article already stored (same id, a hash of its text) is skipped, so ingesting
        the same input twice stores it once, also when two writers store it at the same
        moment (the batch that loses the race is written again: ``_retried``); nothing of
        a failed batch is kept.
        """
        try:
            return self._retried(lambda: self._put_batch(batch, run_id))
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"{self.where}: could not write a batch of {len(batch)} articles "
                             f"({_clean(exc)})") from exc

    def _put_batch(self, batch: Sequence[Analysis], run_id: int | None) -> BatchResult:
        self._dirty = summary.Dirty()
        with self.db.transaction():
            known = self.known_articles([an.article.id for an in batch])
            new: list[Analysis] = []
            seen: set[str] = set()
            stored = _now()
            for an in batch:
                if an.article.id not in known and an.article.id not in seen:
                    seen.add(an.article.id)
                    new.append(an)
            sigs = [dedup.signature(an.article.text) for an in new]
            view = self._read_stories([(an.article, sig) for an, sig in zip(new, sigs)], stored)
            for an in new:
                placed = view.place(an.article)
                if placed.merged:
                    self._merge(placed.cluster, placed.merged)
            # the batch's articles, their bands, stories and outlets: a few statements
            # whatever the batch's size
            article_rows, band_rows = [], []
            for an, sig, (aid, cluster, key) in zip(new, sigs, view.placed()):
                a = an.article
                conflict = an.conflict or rows.fallback_conflict(an.claims)
                article_rows.append(rows.article_row(
                    a, conflict, run_id, stored, cluster, dedup.encode(sig), key,
                    dedup.outlet_key(a.outlet), dedup.SIGNATURE_VERSION))
                band_rows += [(aid, b, h) for b, h in dedup.bands(sig)]
            self.db.bulk_insert("articles", rows.ARTICLE_COLUMNS, article_rows)
            self.db.bulk_insert("article_bands", ("article_id", "band", "hash"), band_rows)
            self._write_stories(view)
            outlets = sorted({an.article.outlet for an in new if an.article.outlet})
            if outlets:
                self.db.execute(f"INSERT INTO outlets (name, first_seen) VALUES "
                                f"{', '.join('(?, ?)' for _ in outlets)} ON CONFLICT DO NOTHING",
                                [v for name in outlets for v in (name, stored)])
            n_claims, n_events = self._write_extraction(new, run_id)
            self._restate(view.touched)
            self._refresh_summary()
        for an, sig in zip(new, sigs):  # committed: later batches meet them here
            self._remember(an.article.id, sig)
        return BatchResult(stored=len(new), duplicates=len(batch) - len(new), claims=n_claims,
                           events=n_events)

    def replace_extraction(self, batch: Sequence[Analysis], run_id: int | None = None) -> None:
        """A re-extraction of stored articles, in one transaction (readers see the previous
        results until it commits).

        Claims are history, not scratch: a claim found again keeps its id (ids derive from
        the article, the span and the content); one no longer found is retired by this run,
        kept and readable, and points to the new claim in its slot (same span, kind and
        category) if there is one; a claim retired earlier and found again comes back.
        Events and attributions are replaced."""
        if not batch:
            return
        if run_id is None:
            run_id = self.begin_run("reextract", {"implicit": True})
        ids = [an.article.id for an in batch]
        marks = ", ".join("?" for _ in ids)
        def work() -> None:
                with self.db.transaction():
                    # the units of every claim of these articles, before and after: claims
                    # retired, brought back, moved to another conflict, added
                    self._dirty = summary.Dirty()
                    self._dirty.mark(self.db, f"c.article_id IN ({marks})", ids)
                    stored = {r[0] for r in self.db.execute(
                        f"SELECT id FROM articles WHERE id IN ({marks})", ids)}
                    items = [an for an in batch if an.article.id in stored]
                    old: dict[str, dict[int, tuple[Any, ...]]] = {}
                    for aid, cid, s0, s1, kind, cat, retired in self.db.execute(
                            f"SELECT article_id, id, span_start, span_end, kind, category, "
                            f"retired_run FROM claims WHERE article_id IN ({marks})", ids):
                        old.setdefault(aid, {})[int(cid)] = (rows.slot((s0, s1), kind, cat), retired)
                    keep: dict[str, set[int]] = {}
                    for an in items:
                        aid = an.article.id
                        new = dict(zip(rows.claim_ids(aid, an.claims), an.claims))
                        before = old.get(aid, {})
                        keep[aid] = set(new) & set(before)
                        back = [cid for cid in keep[aid] if before[cid][1] is not None]
                        by_slot: dict[tuple[Any, ...], int] = {}
                        for cid, c in new.items():
                            by_slot.setdefault(rows.slot(c.span, c.kind, c.target.category), cid)
                        for cid, (slot, retired) in before.items():
                            if cid in new or retired is not None:
                                continue
                            self.db.execute("UPDATE claims SET retired_run = ?, successor = ? "
                                            "WHERE id = ?", [run_id, by_slot.get(slot), cid])
                        if back:
                            self.db.execute(
                                f"UPDATE claims SET retired_run = NULL, successor = NULL WHERE id IN "
                                f"({', '.join('?' for _ in back)})", back)
                        conflict = an.conflict or rows.fallback_conflict(an.claims)
                        self.db.execute("UPDATE articles SET conflict = ? WHERE id = ?", [conflict, aid])
                        if keep[aid]:
                            kept = sorted(keep[aid])
                            self.db.execute(f"UPDATE claims SET conflict = ? WHERE id IN "
                                            f"({', '.join('?' for _ in kept)})", [conflict] + kept)
                    for table in ("events", "attributions"):
                        self.db.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})", ids)
                    self._write_extraction(items, run_id, keep)
                    self._restate(r[0] for r in self.db.execute(
                        f"SELECT cluster FROM articles WHERE cluster IN (SELECT cluster FROM "
                        f"articles WHERE id IN ({marks})) GROUP BY cluster HAVING COUNT(*) > 1", ids))
                    self._dirty.mark(self.db, f"c.article_id IN ({marks})", ids)
                    self._refresh_summary()

        try:
            self._retried(work)
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"{self.where}: re-extraction of {len(batch)} articles failed "
                             f"({_clean(exc)})") from exc

    # ------------------------------------------------------------------ reads

    @staticmethod
    def _limit(q: Query) -> tuple[str, list[Any]]:
        if q.limit is None or q.limit <= 0:
            return (" OFFSET ?", [max(q.offset, 0)]) if q.offset else ("", [])
        return " LIMIT ? OFFSET ?", [q.limit, max(q.offset, 0)]

    @staticmethod
    def _claim_where(q: Query) -> tuple[str, list[Any]]:
        return claim_where(q, "c")

    def claims(self, q: Query) -> list[dict[str, Any]]:
        """Claims as DESIGN.md records plus ``id``, ``article_id``, ``outlet``, ``published``,
        ``cluster``, ``title``, ``conflict``, ``day``, ``run`` and ``superseded``; in the
        order they were stored (ids are content hashes and say nothing of order)."""
        where, params = self._claim_where(q)
        lim, lp = self._limit(q)
        got = self.db.execute(f"SELECT {rows.CLAIM_SELECT} FROM claims c JOIN articles a "
                              f"ON a.id = c.article_id{where} ORDER BY c.ord, c.id{lim}", params + lp)
        return [rows.claim_dict(r) for r in got]

    def iter_claims(self, q: Query, page: int = 10000) -> Iterator[dict[str, Any]]:
        """All claims matching ``q`` (its limit ignored), a page at a time, in the order they
        were stored."""
        last = -1
        where, params = self._claim_where(q)
        joiner = " AND " if where else " WHERE "
        while True:
            got = self.db.execute(
                f"SELECT {rows.CLAIM_SELECT} FROM claims c JOIN articles a ON a.id = c.article_id"
                f"{where}{joiner}COALESCE(c.ord, c.id) > ? ORDER BY COALESCE(c.ord, c.id) "
                f"LIMIT ?", params + [last, page])
            if not got:
                return
            for r in got:
                yield rows.claim_dict(r)
            last = int(got[-1][-1] if got[-1][-1] is not None else got[-1][0])

    @staticmethod
    def _event_where(q: Query) -> tuple[str, list[Any]]:
        return event_where(q, "e", "a")

    def events(self, q: Query) -> list[dict[str, Any]]:
        """Events as DESIGN.md records plus ``id`` and the article's fields. ``q.kind``
        filters the PLOVER type, ``q.side`` the actor's side."""
        where, params = self._event_where(q)
        lim, lp = self._limit(q)
        got = self.db.execute(f"SELECT {rows.EVENT_SELECT} FROM events e JOIN articles a "
                              f"ON a.id = e.article_id{where} ORDER BY e.id{lim}", params + lp)
        return [rows.event_dict(r) for r in got]

    @staticmethod
    def _article_where(q: Query) -> tuple[str, list[Any]]:
        cond: list[str] = []
        params: list[Any] = []
        if q.conflict:
            cond.append("LOWER(a.conflict) = LOWER(?)")
            params.append(q.conflict)
        if q.outlet:
            sql, p = outlet_condition("a.outlet", q.outlet)
            cond.append(sql)
            params += p
        if q.article:
            cond.append("(a.id = ? OR a.name = ?)")
            params += [q.article, q.article]
        if q.since:
            cond.append("a.day >= ?")
            params.append(q.since[:10])
        if q.until:
            cond.append("a.day <= ?")
            params.append(q.until[:10])
        if q.text:
            cond.append(f"({contains('a.title')} OR {contains('a.text')})")
            params += [pattern(q.text)] * 2
        return (" WHERE " + " AND ".join(cond)) if cond else "", params

    def articles(self, q: Query) -> list[dict[str, Any]]:
        """Articles without their text, newest first, each with its claim count."""
        where, params = self._article_where(q)
        lim, lp = self._limit(q)
        got = self.db.execute(
            f"SELECT {rows.ARTICLE_SELECT}, (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id AND c.retired_run IS NULL) "
            f"FROM articles a{where} ORDER BY a.published DESC NULLS LAST, a.id{lim}", params + lp)
        out = []
        for r in got:
            d = rows.article_dict(r[:-1])
            d["claims"] = int(r[-1])
            out.append(d)
        return out

    def article(self, key: str) -> dict[str, Any]:
        """One article by id or name, with its text; raises NotFound."""
        got = self.db.execute(f"SELECT {rows.ARTICLE_SELECT}, a.text FROM articles a "
                              f"WHERE a.id = ? OR a.name = ? ORDER BY a.id LIMIT 1", [key, key])
        if not got:
            raise NotFound(f"no article with id or name {key!r}")
        return rows.article_dict(got[0][:-1], text=got[0][-1])

    def stored_articles(self, after: str = "", limit: int = 50) -> list[Article]:
        """Stored articles as Article records, by id after ``after`` (for re-extraction)."""
        got = self.db.execute(
            "SELECT id, name, text, title, url, canonical_url, outlet, origin_url, origin_outlet, "
            "dateline, published, language, cluster, source, warnings FROM articles "
            "WHERE id > ? ORDER BY id LIMIT ?", [after, limit])
        keys = ("id", "name", "text", "title", "url", "canonical_url", "outlet", "origin_url",
                "origin_outlet", "dateline", "published", "language", "cluster", "source",
                "warnings")
        out = []
        for r in got:
            d = dict(zip(keys, r))
            d["warnings"] = tuple(json.loads(d["warnings"])) if d["warnings"] else ()
            out.append(article_from_dict(d))
        return out

    def count(self, table: str, q: Query) -> int:
        if table not in TABLES:
            raise UsageError(f"unknown table {table!r}; one of {', '.join(TABLES)}")
        if table == "claims":
            where, params = self._claim_where(q)
            sql = f"SELECT COUNT(*) FROM claims c JOIN articles a ON a.id = c.article_id{where}"
        elif table == "events":
            where, params = self._event_where(q)
            sql = f"SELECT COUNT(*) FROM events e JOIN articles a ON a.id = e.article_id{where}"
        elif table == "articles":
            where, params = self._article_where(q)
            sql = f"SELECT COUNT(*) FROM articles a{where}"
        else:
            sql, params = f"SELECT COUNT(*) FROM {table}", []
        return int(self.db.execute(sql, params)[0][0])

    def conflicts(self) -> list[str]:
        """The conflicts the store holds claims for."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT conflict FROM claims WHERE conflict IS NOT NULL AND retired_run IS NULL "
            "ORDER BY conflict")]

    def ledger_groups(self, q: Query, by: str | None, with_ids: bool = True
                      ) -> list[dict[str, Any]]:
        """Per ledger row and column, the figures aggregated in SQL (see ``ledger_sql``)."""
        from warledger.store.ledger_sql import ledger_groups

        return ledger_groups(self.db, q, by, with_ids)

    def ledger_conflicts(self, q: Query, by: str | None) -> list[dict[str, Any]]:
        """Pairs of columns whose ranges for the same scope cannot both be true."""
        from warledger.store.ledger_sql import range_conflicts

        return range_conflicts(self.db, q, by)

    def claim_changes(self, run_a: int, run_b: int) -> dict[str, list[dict[str, Any]]]:
        """Claims standing after ``run_b`` but not after ``run_a`` (added) and the reverse
        (removed); a removed claim whose successor was added is a change."""
        def ids_after(run: int) -> set[int]:
            where, params = claim_where(Query(run=run), "c")
            return {int(r[0]) for r in self.db.execute(f"SELECT c.id FROM claims c{where}", params)}

        a, b = ids_after(run_a), ids_after(run_b)
        added, removed = b - a, a - b

        def fetch(ids: set[int]) -> dict[int, dict[str, Any]]:
            out: dict[int, dict[str, Any]] = {}
            ordered = sorted(ids)
            for i in range(0, len(ordered), 500):
                for c in self.claims(Query(ids=tuple(ordered[i:i + 500]), limit=0)):
                    out[c["id"]] = c
            return out

        new, old = fetch(added), fetch(removed)
        changed = []
        for cid in sorted(old):
            succ = (old[cid].get("superseded") or {}).get("by")
            if succ in new:
                changed.append({"before": old.pop(cid), "after": new.pop(succ)})
        return {"added": [new[i] for i in sorted(new)], "removed": [old[i] for i in sorted(old)],
                "changed": changed}

    def reader(self) -> "SqlStore":
        """Another handle on this store for another thread: concurrent reads (the server's
        requests) each use their own; writes stay on this one."""
        return SqlStore(self.db.reader(), self.url)

    def change_mark(self) -> tuple[Any, ...]:
        """A value that differs whenever what the ledger reads may have changed (runs
        started and finished, articles, claims added or retired, events): a cache of
        figures keyed by it is never stale after a commit."""
        got = self.db.execute(  # one aggregate per table: each a cheap scan
            "SELECT 'runs', MAX(id), COUNT(finished) FROM runs UNION ALL "
            "SELECT 'articles', COUNT(*), 0 FROM articles UNION ALL "
            "SELECT 'claims', COUNT(*), COUNT(retired_run) FROM claims UNION ALL "
            "SELECT 'events', MAX(id), COUNT(*) FROM events")
        return tuple(sorted(got))

    def execute(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Raw SQL for tests, benchmarks and the Spark import; not for the shells."""
        return self.db.execute(sql, list(params))

    def close(self) -> None:
        self.db.close()


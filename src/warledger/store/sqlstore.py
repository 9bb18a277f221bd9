"""The one query layer: every SQL statement the store runs, for both backends.

Why one class over two thin backends: a claim must read the same from a DuckDB file and a
PostgreSQL server, so the SQL is written once (``?`` parameters, portable functions) and the
same tests run on both. Writes are batch transactions: an article and all its claims,
events and attributions are written together or not at all, which is what lets a killed
ingestion resume without loss or half-written articles.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, Sequence

from warledger.errors import NotFound, StoreError, UsageError
from warledger.records import Article, article_from_dict
from warledger.store import clusters, rows
from warledger.store.base import Analysis, BatchResult, Query
from warledger.store.schema import LATEST, MIGRATIONS, POSTGRES_ONLY

TABLES = ("articles", "claims", "events", "attributions", "runs", "outlets", "clusters")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SqlStore:
    """A Store (see ``store/base.py``) over a backend from ``store/backends.py``."""

    def __init__(self, backend: Any, url: str) -> None:
        self.db = backend
        self.url = url

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

    def migrate(self, target: int | None = None) -> None:
        """Apply the missing migrations in order, each in its own transaction."""
        target = LATEST if target is None else target
        current = self.version()
        if current > LATEST:
            raise StoreError(f"{self.url}: schema version {current} is newer than this "
                             f"warledger ({LATEST}); upgrade warledger")
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
                raise StoreError(f"{self.url}: migration to schema v{version} failed ({exc})") from exc

    # ------------------------------------------------------------------ runs

    def begin_run(self, kind: str, detail: dict[str, Any]) -> int:
        with self.db.transaction():
            r = self.db.execute(
                "INSERT INTO runs (kind, status, started, detail) VALUES (?, ?, ?, ?) RETURNING id",
                [kind, "running", _now(), json.dumps(detail, default=str)])
        return int(r[0][0])

    def finish_run(self, run_id: int, status: str, detail: dict[str, Any]) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE runs SET status = ?, finished = ?, detail = ? WHERE id = ?",
                            [status, _now(), json.dumps(detail, default=str), run_id])

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        got = self.db.execute("SELECT id, kind, status, started, finished, detail FROM runs "
                              "ORDER BY id DESC LIMIT ?", [limit])
        return [{"id": int(i), "kind": k, "status": s, "started": st, "finished": f,
                 "detail": json.loads(d) if d else {}} for i, k, s, st, f, d in got]

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

    def _cluster_for(self, a: Article, sig: Any) -> tuple[str, str]:
        """(cluster id, source key) for a new article: a stored near duplicate's cluster if
        there is one, else the cluster the ingest stage gave it, else its own."""
        pairs = clusters.bands(sig)
        cond = " OR ".join("(b.band = ? AND b.hash = ?)" for _ in pairs)
        params = [v for p in pairs for v in p]
        cands = self.db.execute(
            f"SELECT DISTINCT a.id, a.signature, a.cluster FROM article_bands b "
            f"JOIN articles a ON a.id = b.article_id WHERE {cond}", params)
        best, best_sim = None, clusters.THRESHOLD
        for _cid, csig, ccluster in cands:
            if not csig or not ccluster:
                continue
            sim = clusters.similarity(sig, clusters.decode(csig))
            if sim >= best_sim:
                best, best_sim = ccluster, sim
        cluster = best or a.cluster or a.id
        got = self.db.execute("SELECT source_key FROM clusters WHERE id = ?", [cluster])
        if got:
            key = got[0][0]
        else:
            key = clusters.source_key(a.origin_outlet, a.outlet, a.id)
            self.db.execute("INSERT INTO clusters (id, first_article, source_key) VALUES (?, ?, ?)",
                            [cluster, a.id, key])
        return cluster, a.origin_outlet or key

    def _write_extraction(self, items: Sequence[Analysis], run_id: int | None,
                          keys: dict[str, str | None]) -> tuple[int, int]:
        """Insert the claims, events and attributions of these (stored) articles; ``keys``
        gives each article's source key, which its claims carry for the ledger."""
        claim_rows: list[tuple[Any, ...]] = []
        event_rows: list[tuple[Any, ...]] = []
        attr_rows: list[tuple[Any, ...]] = []
        for an in items:
            a = an.article
            day = rows.iso_day(a.published)
            key = keys.get(a.id) or clusters.source_key(a.origin_outlet, a.outlet, a.id)
            claim_rows += [rows.claim_row(c, a.id, i, day, an.conflict, run_id, key, a.outlet)
                           for i, c in enumerate(an.claims)]
            event_rows += [rows.event_row(e, a.id, i, day, an.conflict, run_id)
                           for i, e in enumerate(an.events)]
            attr_rows += [rows.attribution_row(t, a.id, i) for i, t in enumerate(an.attributions)]
        self.db.bulk_insert("claims", rows.CLAIM_COLUMNS, claim_rows)
        self.db.bulk_insert("events", rows.EVENT_COLUMNS, event_rows)
        self.db.bulk_insert("attributions", rows.ATTRIBUTION_COLUMNS, attr_rows)
        return len(claim_rows), len(event_rows)

    def put_batch(self, batch: Sequence[Analysis], run_id: int | None = None) -> BatchResult:
        """Write new articles with everything extracted from them in one transaction.

        An article already stored (same id, a hash of its text) is skipped, so ingesting
        the same input twice stores it once; nothing of a failed batch is kept.
        """
        try:
            with self.db.transaction():
                known = self.known_articles([an.article.id for an in batch])
                new: list[Analysis] = []
                keys: dict[str, str | None] = {}
                seen: set[str] = set()
                stored = _now()
                for an in batch:
                    a = an.article
                    if a.id in known or a.id in seen:
                        continue
                    seen.add(a.id)
                    sig = clusters.signature(a.text)
                    cluster, key = self._cluster_for(a, sig)
                    keys[a.id] = key
                    self.db.execute(
                        f"INSERT INTO articles ({', '.join(rows.ARTICLE_COLUMNS)}) VALUES "
                        f"({', '.join('?' for _ in rows.ARTICLE_COLUMNS)})",
                        rows.article_row(a, an.conflict, run_id, stored, cluster,
                                         clusters.encode(sig), key))
                    self.db.bulk_insert("article_bands", ("article_id", "band", "hash"),
                                        [(a.id, b, h) for b, h in clusters.bands(sig)])
                    if a.outlet:
                        self.db.execute("INSERT INTO outlets (name, first_seen) VALUES (?, ?) "
                                        "ON CONFLICT DO NOTHING", [a.outlet, stored])
                    new.append(an)
                n_claims, n_events = self._write_extraction(new, run_id, keys)
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"{self.url}: could not write a batch of {len(batch)} articles "
                             f"({exc})") from exc
        return BatchResult(stored=len(new), duplicates=len(batch) - len(new), claims=n_claims,
                           events=n_events)

    def replace_extraction(self, batch: Sequence[Analysis], run_id: int | None = None) -> None:
        """Swap the claims, events and attributions of stored articles in one transaction:
        readers see the old results until the new ones are committed."""
        if not batch:
            return
        ids = [an.article.id for an in batch]
        marks = ", ".join("?" for _ in ids)
        try:
            with self.db.transaction():
                keys: dict[str, str | None] = dict(self.db.execute(  # type: ignore[arg-type]
                    f"SELECT id, source_key FROM articles WHERE id IN ({marks})", ids))
                items = [an for an in batch if an.article.id in keys]
                for table in ("claims", "events", "attributions"):
                    self.db.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})", ids)
                for an in items:
                    self.db.execute("UPDATE articles SET conflict = ? WHERE id = ?",
                                    [an.conflict, an.article.id])
                self._write_extraction(items, run_id, keys)
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"{self.url}: re-extraction of {len(batch)} articles failed "
                             f"({exc})") from exc

    # ------------------------------------------------------------------ reads

    @staticmethod
    def _limit(q: Query) -> tuple[str, list[Any]]:
        if q.limit is None or q.limit <= 0:
            return (" OFFSET ?", [max(q.offset, 0)]) if q.offset else ("", [])
        return " LIMIT ? OFFSET ?", [q.limit, max(q.offset, 0)]

    @staticmethod
    def _claim_where(q: Query) -> tuple[str, list[Any]]:
        cond: list[str] = []
        params: list[Any] = []
        for column, value in (("c.conflict", q.conflict), ("c.target_side", q.side),
                              ("c.kind", q.kind), ("c.category", q.category),
                              ("a.outlet", q.outlet)):
            if value:
                cond.append(f"{column} = ?")
                params.append(value)
        if q.claimant:
            cond.append("(c.claimant_side = ? OR c.claimant_party = ?)")
            params += [q.claimant, q.claimant]
        return _shared_where("c", q, cond, params)

    def claims(self, q: Query) -> list[dict[str, Any]]:
        """Claims as DESIGN.md records plus ``id``, ``article_id``, ``outlet``, ``published``,
        ``cluster``, ``title``, ``conflict`` and ``day``; ordered by id."""
        where, params = self._claim_where(q)
        lim, lp = self._limit(q)
        got = self.db.execute(f"SELECT {rows.CLAIM_SELECT} FROM claims c JOIN articles a "
                              f"ON a.id = c.article_id{where} ORDER BY c.id{lim}", params + lp)
        return [rows.claim_dict(r) for r in got]

    def iter_claims(self, q: Query, page: int = 10000) -> Iterator[dict[str, Any]]:
        """All claims matching ``q`` (its limit ignored), a page at a time, by id."""
        last = -1
        where, params = self._claim_where(q)
        joiner = " AND " if where else " WHERE "
        while True:
            got = self.db.execute(
                f"SELECT {rows.CLAIM_SELECT} FROM claims c JOIN articles a ON a.id = c.article_id"
                f"{where}{joiner}c.id > ? ORDER BY c.id LIMIT ?", params + [last, page])
            if not got:
                return
            for r in got:
                yield rows.claim_dict(r)
            last = int(got[-1][0])

    @staticmethod
    def _event_where(q: Query) -> tuple[str, list[Any]]:
        cond: list[str] = []
        params: list[Any] = []
        for column, value in (("e.conflict", q.conflict), ("e.actor_side", q.side),
                              ("e.type", q.kind), ("a.outlet", q.outlet)):
            if value:
                cond.append(f"{column} = ?")
                params.append(value)
        if q.claimant:
            cond.append("e.claimant_side = ?")
            params.append(q.claimant)
        return _shared_where("e", q, cond, params)

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
        for column, value in (("a.conflict", q.conflict), ("a.outlet", q.outlet)):
            if value:
                cond.append(f"{column} = ?")
                params.append(value)
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
            cond.append("(LOWER(a.title) LIKE ? OR LOWER(a.text) LIKE ?)")
            params += ["%" + q.text.lower() + "%"] * 2
        return (" WHERE " + " AND ".join(cond)) if cond else "", params

    def articles(self, q: Query) -> list[dict[str, Any]]:
        """Articles without their text, newest first, each with its claim count."""
        where, params = self._article_where(q)
        lim, lp = self._limit(q)
        got = self.db.execute(
            f"SELECT {rows.ARTICLE_SELECT}, (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id) "
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
            raise NotFound(f"no article with id or name {key!r} in {self.url}")
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
            "SELECT DISTINCT conflict FROM claims WHERE conflict IS NOT NULL ORDER BY conflict")]

    def ledger_groups(self, conflict: str | None, side: str | None, since: str | None,
                      until: str | None, by: str | None, with_ids: bool = True
                      ) -> list[dict[str, Any]]:
        """Per ledger row and column, the figures aggregated in SQL (see ``ledger_sql``)."""
        from warledger.store.ledger_sql import ledger_groups

        return ledger_groups(self.db, conflict, side, since, until, by, with_ids)

    def execute(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Raw SQL for tests, benchmarks and the Spark import; not for the shells."""
        return self.db.execute(sql, list(params))

    def close(self) -> None:
        self.db.close()


def _shared_where(alias: str, q: Query, cond: list[str], params: list[Any]) -> tuple[str, list[Any]]:
    """The filters claims and events share (article, day range, sentence text, ids), added
    to ``cond``/``params`` for the table under ``alias``; returns the WHERE clause."""
    if q.article:
        cond.append(f"({alias}.article_id = ? OR {alias}.article = ?)")
        params += [q.article, q.article]
    if q.since:
        cond.append(f"{alias}.day >= ?")
        params.append(q.since[:10])
    if q.until:
        cond.append(f"{alias}.day <= ?")
        params.append(q.until[:10])
    if q.text:
        cond.append(f"LOWER({alias}.sentence) LIKE ?")
        params.append("%" + q.text.lower() + "%")
    if q.ids:
        cond.append(f"{alias}.id IN ({', '.join('?' for _ in q.ids)})")
        params += [int(i) for i in q.ids]
    return (" WHERE " + " AND ".join(cond)) if cond else "", params

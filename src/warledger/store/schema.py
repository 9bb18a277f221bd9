"""The one schema, as an ordered list of migrations shared by DuckDB and PostgreSQL.

Why a list in code and not files: both backends run exactly the same statements, written in
the subset of SQL both understand (sequences with ``nextval``, TEXT/BIGINT/BOOLEAN/DOUBLE
PRECISION, ``ALTER TABLE ... ADD/RENAME/DROP COLUMN``, ``CAST(x AS JSON) ->> 'key'``). A
store records the versions it has applied in ``schema_version``; opening an older store
applies the missing migrations in order, each in one transaction, so a v1 store is
upgraded in place with its data kept (tests/test_store_upgrade.py: a v10 store as the
previous version wrote it).

Dates are kept as ISO text (``YYYY-MM-DD``), and each claim carries its ``day``, ``week``
(the Monday) and ``month`` precomputed at write time: the ledger buckets by plain column
instead of dialect-specific date functions. A claim's own columns are those of
``warledger.columns`` (since v11: the names export, Spark and the API use); JSON parts
that are only shown, never filtered on (an event's full record), are JSON text.

A statement marked with ``POSTGRES_ONLY`` is a physical index: DuckDB scans columnar data
fast without one, and its indexes slow bulk loads, so only PostgreSQL gets it; the one
exception is the near-duplicate lookup (v9), a point lookup on every write.
"""
from __future__ import annotations

POSTGRES_ONLY = "-- postgres only\n"

V1 = [
    """CREATE TABLE schema_version (
        version INTEGER NOT NULL,
        applied TEXT NOT NULL)""",
    "CREATE SEQUENCE run_id_seq",
    """CREATE TABLE runs (
        id BIGINT PRIMARY KEY DEFAULT nextval('run_id_seq'),
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT,
        detail TEXT)""",
    """CREATE TABLE outlets (
        name TEXT PRIMARY KEY,
        first_seen TEXT)""",
    """CREATE TABLE clusters (
        id TEXT PRIMARY KEY,
        first_article TEXT NOT NULL,
        source_key TEXT)""",
    """CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        title TEXT,
        text TEXT NOT NULL,
        url TEXT,
        canonical_url TEXT,
        outlet TEXT,
        origin_url TEXT,
        origin_outlet TEXT,
        dateline TEXT,
        published TEXT,
        day TEXT,
        language TEXT,
        cluster TEXT,
        source TEXT,
        warnings TEXT,
        conflict TEXT,
        run_id BIGINT,
        stored TEXT)""",
    "CREATE SEQUENCE claim_id_seq",
    """CREATE TABLE claims (
        id BIGINT PRIMARY KEY DEFAULT nextval('claim_id_seq'),
        article_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        article TEXT NOT NULL,
        sentence TEXT NOT NULL,
        span_start INTEGER,
        span_end INTEGER,
        claimant_text TEXT,
        claimant_party TEXT,
        claimant_side TEXT NOT NULL,
        stance TEXT NOT NULL,
        kind TEXT NOT NULL,
        target_party TEXT,
        target_side TEXT NOT NULL,
        category TEXT NOT NULL,
        perpetrator_party TEXT,
        perpetrator_side TEXT,
        count_value BIGINT,
        qualifier TEXT NOT NULL,
        count_text TEXT,
        location TEXT,
        period_start TEXT,
        period_end TEXT,
        cumulative BOOLEAN NOT NULL,
        period_text TEXT,
        conflict TEXT,
        day TEXT,
        week TEXT,
        month TEXT,
        run_id BIGINT)""",
    "CREATE SEQUENCE event_id_seq",
    """CREATE TABLE events (
        id BIGINT PRIMARY KEY DEFAULT nextval('event_id_seq'),
        article_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        article TEXT NOT NULL,
        sentence TEXT NOT NULL,
        type TEXT NOT NULL,
        actor_party TEXT,
        actor_side TEXT,
        claimant_side TEXT,
        stance TEXT NOT NULL,
        modality TEXT,
        conflict TEXT,
        day TEXT,
        record TEXT NOT NULL,
        run_id BIGINT)""",
    "CREATE SEQUENCE attribution_id_seq",
    """CREATE TABLE attributions (
        id BIGINT PRIMARY KEY DEFAULT nextval('attribution_id_seq'),
        article_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        party TEXT,
        side TEXT,
        source_text TEXT,
        record TEXT NOT NULL)""",
]

# v2: near-duplicate clusters that hold across batches and runs. Each article keeps its
# MinHash signature and its LSH band hashes; a new article looks its bands up, checks the
# candidates' signatures and joins the cluster of a stored near duplicate. ``source_key`` is
# what corroboration counts: the cluster's origin, so reposts and wire copies count once.
V2 = [
    "ALTER TABLE articles ADD COLUMN signature TEXT",
    "ALTER TABLE articles ADD COLUMN source_key TEXT",
    """CREATE TABLE article_bands (
        article_id TEXT NOT NULL,
        band INTEGER NOT NULL,
        hash BIGINT NOT NULL)""",
    # old articles have no signature: they are their own source unless an origin is known
    "UPDATE articles SET source_key = COALESCE(origin_outlet, outlet, 'article:' || id)",
    POSTGRES_ONLY + "CREATE INDEX article_bands_hash ON article_bands (band, hash)",
    POSTGRES_ONLY + "CREATE INDEX claims_article ON claims (article_id)",
    POSTGRES_ONLY + "CREATE INDEX claims_group ON claims (target_side, kind, category)",
    POSTGRES_ONLY + "CREATE INDEX events_article ON events (article_id)",
    POSTGRES_ONLY + "CREATE INDEX attributions_article ON attributions (article_id)",
    POSTGRES_ONLY + "CREATE INDEX articles_name ON articles (name)",
]

# v3: each claim carries its article's source key and outlet, so the ledger reads one table
# (no join of a million claims with their articles); filled in for stored claims.
V3 = [
    "ALTER TABLE claims ADD COLUMN source_key TEXT",
    "ALTER TABLE claims ADD COLUMN outlet TEXT",
    """UPDATE claims SET
        source_key = (SELECT a.source_key FROM articles a WHERE a.id = claims.article_id),
        outlet = (SELECT a.outlet FROM articles a WHERE a.id = claims.article_id)""",
]

# v4: one story counted once, stable claim ids and kept history (docs/ledger.md).
# - ``articles.outlet_key``: the outlet's identity ("reuters" for reuters.com and "(Reuters)").
# - ``articles.sig_version``: which near-duplicate parameters (``dedup.SIGNATURE_VERSION``)
#   the signature and bands were made with; old ones are cleared here and recomputed from
#   the stored text in Python right after (``SqlStore.migrate``), clusters kept as they are.
# - ``claims.story``: the article's near-duplicate cluster, so the same statement carried by
#   a copy dated later is one statement.
# - ``claims.retired_run`` / ``claims.successor``: a re-extraction no longer deletes claims;
#   it retires the ones it no longer finds (and names the claim that replaced each), so
#   every cited id keeps resolving and any run's claims can be read back. Claims stored
#   before v4 keep their numbers; new ones get ids derived from their content.
# - ``runs.finished`` order is the runs' order; a claim's ``run_id`` is the run that made it.
V4 = [
    "ALTER TABLE articles ADD COLUMN outlet_key TEXT",
    "ALTER TABLE articles ADD COLUMN sig_version INTEGER",
    "ALTER TABLE claims ADD COLUMN story TEXT",
    "ALTER TABLE claims ADD COLUMN retired_run BIGINT",
    "ALTER TABLE claims ADD COLUMN successor BIGINT",
    "UPDATE claims SET story = (SELECT a.cluster FROM articles a WHERE a.id = claims.article_id)",
    "DELETE FROM article_bands",
    "UPDATE articles SET signature = NULL, sig_version = NULL",
    POSTGRES_ONLY + "CREATE INDEX articles_outlet_key ON articles (outlet_key)",
    POSTGRES_ONLY + "CREATE INDEX claims_current ON claims (retired_run)",
]

# v5: the order claims were stored in (ids are content hashes since v4 and say nothing of
# order): listings and exports keep it. ``IF NOT EXISTS``: a v4 store made by a development
# build may have the column already.
V5 = [
    "ALTER TABLE claims ADD COLUMN IF NOT EXISTS ord BIGINT",
    "UPDATE claims SET ord = id WHERE ord IS NULL",
    POSTGRES_ONLY + "CREATE INDEX IF NOT EXISTS claims_ord ON claims (ord)",
    POSTGRES_ONLY + "CREATE INDEX IF NOT EXISTS claims_story ON claims (story)",
]

# v6: near duplicates are looked up by band hash alone (an IN list DuckDB scans fast), so
# PostgreSQL gets an index on the hash.
V6 = [
    POSTGRES_ONLY + "CREATE INDEX IF NOT EXISTS article_bands_hash_only ON article_bands (hash)",
]

# v7: a story's members are read whenever one joins (its source is recomputed from them).
V7 = [
    POSTGRES_ONLY + "CREATE INDEX IF NOT EXISTS articles_cluster ON articles (cluster)",
]

# v8: a claim's statement day (``sday`` and its week and month): the first day any copy of
# the same statement in its story gives, kept by the store as copies arrive
# (``SqlStore._restate``) so the ledger reads a column instead of a window over every claim.
# Filled with the claim's own day here; stories of several articles are restated in Python
# right after (``SqlStore.migrate``).
V8 = [
    "ALTER TABLE claims ADD COLUMN IF NOT EXISTS sday TEXT",
    "ALTER TABLE claims ADD COLUMN IF NOT EXISTS sweek TEXT",
    "ALTER TABLE claims ADD COLUMN IF NOT EXISTS smonth TEXT",
    "UPDATE claims SET sday = day, sweek = week, smonth = month",
]

# v9: the near-duplicate lookup on DuckDB too. Each new article asks for the stored
# articles sharing any of its 32 band hashes; without an index DuckDB answers that IN list
# by reading every band row, so a 10,000-file ingest slowed as the store filled (half its
# time went there). An ART index on the hash answers it by lookup (bench/bench_many_files.py).
# PostgreSQL has had the same index since v6 (IF NOT EXISTS: a no-op there).
V9 = [
    "CREATE INDEX IF NOT EXISTS article_bands_hash_only ON article_bands (hash)",
]

# v10: the ledger's summary (store/summary.py): the current claims grouped per ledger key,
# claimant, column, statement day and scope (``ledger_cells``) and per ledger key, month
# and source (``ledger_sources``), kept by every write for the groups it touches, so the
# ledger over a million claims reads a summary of them. ``ledger_summary`` names the
# warledger that built it (``summary.fingerprint``): empty here, so the first process that
# opens the store for writing builds it from the claims (``SqlStore._migrate``). A later
# migration that rewrites claims must empty it again. PostgreSQL gets the indexes that find
# one group's claims (and its summary rows) when a write recomputes it.
V10 = [
    """CREATE TABLE ledger_cells (
        conflict TEXT NOT NULL,
        side TEXT NOT NULL,
        kind TEXT NOT NULL,
        category TEXT NOT NULL,
        claimant TEXT NOT NULL,
        col TEXT NOT NULL,
        day TEXT NOT NULL,
        week TEXT NOT NULL,
        month TEXT NOT NULL,
        cumulative BOOLEAN NOT NULL,
        pstart TEXT NOT NULL,
        loc TEXT NOT NULL,
        undated TEXT NOT NULL,
        n BIGINT NOT NULL,
        denials BIGINT NOT NULL,
        assertions BIGINT NOT NULL,
        vague BIGINT NOT NULL,
        ids TEXT NOT NULL,
        s_lo BIGINT,
        s_hi BIGINT,
        g_col TEXT,
        g_lo BIGINT,
        g_hi BIGINT,
        g_pt BIGINT)""",
    """CREATE TABLE ledger_sources (
        conflict TEXT NOT NULL,
        side TEXT NOT NULL,
        kind TEXT NOT NULL,
        category TEXT NOT NULL,
        month TEXT NOT NULL,
        source_key TEXT,
        n BIGINT NOT NULL,
        third BIGINT NOT NULL,
        own BIGINT NOT NULL)""",
    """CREATE TABLE ledger_summary (
        fingerprint TEXT NOT NULL,
        built TEXT)""",
    "INSERT INTO ledger_summary (fingerprint, built) VALUES ('', NULL)",
    POSTGRES_ONLY + "CREATE INDEX ledger_cells_unit ON ledger_cells (conflict, side, kind, "
                    "category, day)",
    POSTGRES_ONLY + "CREATE INDEX ledger_sources_unit ON ledger_sources (conflict, side, kind, "
                    "category, month, (COALESCE(source_key, '')))",
    POSTGRES_ONLY + "CREATE INDEX claims_cell_unit ON claims ((COALESCE(conflict, '')), "
                    "target_side, kind, category, (COALESCE(sday, day, '')))",
    POSTGRES_ONLY + "CREATE INDEX claims_source_unit ON claims ((COALESCE(conflict, '')), "
                    "target_side, kind, category, (COALESCE(smonth, month, '')), "
                    "(COALESCE(source_key, '')))",
]

# v11: the claims table in the one flat layout of a claim (``warledger.columns``, the names
# export, Spark and the API's CSV use): ``qualifier`` becomes ``count_qualifier``,
# ``cumulative`` ``period_cumulative``, and the place, one JSON ``location`` until now, six
# columns ``location_text`` ... ``location_precision``, read out of the JSON here (the SQL
# both engines share: ``CAST(... AS JSON) ->> 'key'``). One transaction: a store whose
# migration fails (a location that is not JSON) is left at v10 as it was. The summary
# groups claims by place, so it is emptied and rebuilt from the new columns (v10's rule).
_LOCATION = "CAST(location AS JSON) ->> "
V11 = [
    "ALTER TABLE claims RENAME COLUMN qualifier TO count_qualifier",
    "ALTER TABLE claims RENAME COLUMN cumulative TO period_cumulative",
    "ALTER TABLE claims ADD COLUMN location_text TEXT",
    "ALTER TABLE claims ADD COLUMN location_name TEXT",
    "ALTER TABLE claims ADD COLUMN location_country TEXT",
    "ALTER TABLE claims ADD COLUMN location_lat DOUBLE PRECISION",
    "ALTER TABLE claims ADD COLUMN location_lon DOUBLE PRECISION",
    "ALTER TABLE claims ADD COLUMN location_precision TEXT",
    f"""UPDATE claims SET
        location_text = {_LOCATION}'text',
        location_name = {_LOCATION}'name',
        location_country = {_LOCATION}'country',
        location_lat = CAST({_LOCATION}'lat' AS DOUBLE PRECISION),
        location_lon = CAST({_LOCATION}'lon' AS DOUBLE PRECISION),
        location_precision = {_LOCATION}'precision'
      WHERE location IS NOT NULL""",
    "ALTER TABLE claims DROP COLUMN location",
    "UPDATE ledger_summary SET fingerprint = ''",
]

MIGRATIONS: list[tuple[int, list[str]]] = [(1, V1), (2, V2), (3, V3), (4, V4), (5, V5),
                                           (6, V6), (7, V7), (8, V8), (9, V9), (10, V10),
                                           (11, V11)]
LATEST = MIGRATIONS[-1][0]

"""Extraction over whole news archives on Apache Spark: ``warledger spark-extract``.

    INPUT (JSON Lines | Parquet | WARC, any path Spark's filesystem layer reads)
      -> records per partition -> Article (warledger.ingest, the same builder as the CLI)
      -> near-duplicate clusters over the whole corpus (warledger.dedup's rule: MinHash
         bands and credited origins, connected groups, each named by its original)
      -> Analysis per partition (warledger.analyze.analyze_many: the one extractor)
      -> OUTPUT/{articles,claims,events,attributions,errors} as Parquet

Why this shape: a single process reads tens of articles a second, an archive holds
millions. Everything costly happens inside ``mapPartitions`` so the spaCy pipeline,
lexicons and profiles are loaded once per Python worker (their own ``lru_cache``s; Spark
reuses workers) rather than per article. Clustering must see the whole corpus, since a wire
copy and its reposts land in different partitions, so it is a separate shuffle on MinHash
band hashes. The Parquet columns are ``warledger.export``'s, so ``warledger import OUTPUT``
loads the job's output into a store and the ledger, API and dashboard work on it.

A bad record never fails the job: it becomes a row of ``errors`` naming the input and the
problem. pyspark is an optional extra (``pip install warledger[spark]``); this module only
imports it inside functions, so the rest of warledger works without it.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

import pyarrow as pa

from warledger.errors import InputError, UsageError
from warledger.options import Options
from warledger.records import Article
from warledger.spark_clusters import COLLECT_EDGES, Plan, cluster_ids, plan_clusters

if TYPE_CHECKING:  # pragma: no cover
    from pyspark import RDD
    from pyspark.sql import SparkSession

FORMATS = ("jsonl", "parquet", "warc")
OUTPUTS = ("articles", "claims", "events", "attributions", "errors")

ATTRIBUTION_SCHEMA = pa.schema([
    ("article", pa.string()), ("article_id", pa.string()), ("source_text", pa.string()),
    ("party", pa.string()), ("side", pa.string()),
    ("source_start", pa.int64()), ("source_end", pa.int64()),
    ("cue_start", pa.int64()), ("cue_end", pa.int64()),
    ("content_start", pa.int64()), ("content_end", pa.int64()),
    ("conflict", pa.string()), ("record", pa.string()),
])
ERROR_SCHEMA = pa.schema([("source", pa.string()), ("stage", pa.string()),
                          ("reason", pa.string())])

# articles per partition of the analysis when that makes more than twice the cores: small
# enough that the progress line moves and a lost task costs little, big enough that a
# task's own overhead (tens of ms) is under 1% of its analysis (several seconds)
PART_ARTICLES = 200
# input bytes per partition of a JSON Lines or Parquet input (an article of ~300 words is
# about 2 KB of JSON)
PART_BYTES = PART_ARTICLES * 2_000
# articles analysed per call of analyze_many inside a partition: spaCy batches their
# sentences, and a failure is retried article by article only within this many
CHUNK = 50


# the driver JVM's options unless the caller's conf gives its own (they take effect only
# when the session starts the JVM, not when it joins one already running)
DRIVER_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@dataclass(frozen=True)
class SparkReport:
    """What a job wrote: row counts per output and where."""

    output: str
    articles: int = 0
    claims: int = 0
    events: int = 0
    attributions: int = 0
    errors: int = 0
    clusters: int = 0  # distinct clusters among the articles written
    # wall-clock seconds of each phase, in order: what a bench reports and a user tunes by
    phases: tuple[tuple[str, float], ...] = ()


# --------------------------------------------------------------------------- session


def require_pyspark() -> None:
    """Raise a UsageError that says how to get Spark when pyspark is not installed."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise UsageError("spark-extract needs pyspark: pip install 'warledger[spark]' "
                         f"(and Java 17) ({exc})") from exc


def session(master: str | None = None, app_name: str = "warledger",
            conf: dict[str, str] | None = None, options: Options | None = None,
            log: str | None = None) -> "SparkSession":
    """A SparkSession whose Python workers run this interpreter (so they see warledger).

    On a cluster (any master but ``local``) the package, the spaCy pipeline and the user's
    profiles are shipped with the application (``shipment``): executors need nothing of
    the driver's but the input. Every master gets warledger's Python daemon
    (``warledger.spark_worker``: the extractor is loaded once per executor and its workers
    fork from it). ``log``: a file that takes the JVM's whole stderr (log4j, the JDK's own
    warnings, the Python workers' stderr in local mode), so the terminal shows warledger's
    lines only; None leaves it on the terminal at log4j's WARN level.
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    settings = {"spark.python.daemon.module": "warledger.spark_worker",
                "spark.python.worker.reuse": "true",
                # the driver's JVM (in local mode also the executor) does little but move
                # rows between Python and Parquet: C2's compiler threads and the parallel
                # collector were half of its CPU, a fixed cost of every run (docs/spark.md)
                "spark.driver.extraJavaOptions": DRIVER_JAVA_OPTIONS}
    if log is not None:
        settings["spark.ui.showConsoleProgress"] = "false"
    if master and not master.startswith("local"):
        settings.update(shipment(options or Options()).conf)
    settings.update(conf or {})
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    if log is None:
        return builder.getOrCreate()
    # the JVM inherits fd 2 when it starts: point it at the log for the JVM's whole life
    saved = os.dup(2)
    sys.stderr.flush()
    with open(log, "ab") as fh:
        os.dup2(fh.fileno(), 2)
    try:
        spark = builder.getOrCreate()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# --------------------------------------------------------------------------- shipping
#
# What an executor needs besides pyspark and the libraries warledger imports (installed
# there as on the driver): the warledger package with its data files, the spaCy pipeline
# and the user's profiles. They go as zip archives (``spark.archives``), which Spark unpacks
# into each executor's own folder under these names; the tasks' Options point there.

SHIP_LIB, SHIP_MODEL, SHIP_PROFILES = "wl-lib", "wl-model", "wl-profiles"


@dataclass(frozen=True)
class Shipment:
    """The Spark settings that ship warledger, and the Options as the tasks must see them."""

    conf: dict[str, str]
    model: str | None  # the pipeline, relative to the executor's folder
    profiles: dict[str, str]  # driver path -> path relative to the executor's folder


def model_dir(model: str | None) -> str:
    """The folder spaCy loads the pipeline from (a package's data folder, or a path given),
    found without importing spaCy (that is the executors' cost, not the driver's)."""
    import importlib.util
    from warledger.nlp import DEFAULT_MODELS

    for name in ((model,) if model else DEFAULT_MODELS):
        if os.path.isdir(name):
            return os.path.abspath(name)
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        for root in (spec.submodule_search_locations or []) if spec else []:
            for sub in sorted(os.listdir(root)):
                if os.path.isfile(os.path.join(root, sub, "config.cfg")):
                    return os.path.join(root, sub)
            if os.path.isfile(os.path.join(root, "config.cfg")):
                return root
    raise UsageError(f"cannot find the spaCy pipeline {model or DEFAULT_MODELS[0]!r} to ship "
                     "to the executors")


def _zip(folders: list[tuple[str, str]], into: str) -> str:
    """One zip of ``(folder, name in the zip)`` pairs, named by a hash of what went in (so a
    second run ships the same file, which Spark may have cached)."""
    import hashlib
    import tempfile
    import zipfile

    files: list[tuple[str, str]] = []
    for folder, arc in folders:
        if os.path.isfile(folder):
            files.append((folder, arc))
            continue
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for n in sorted(names):
                if not n.endswith((".pyc", ".pyo")):
                    path = os.path.join(root, n)
                    files.append((path, os.path.join(arc, os.path.relpath(path, folder))))
    digest = hashlib.blake2b(digest_size=8)
    for path, arc in files:
        st = os.stat(path)
        digest.update(f"{arc}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    target = os.path.join(tempfile.gettempdir(), f"warledger-ship-{into}-{digest.hexdigest()}.zip")
    if not os.path.exists(target):
        part = f"{target}.{os.getpid()}.part"
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for path, arc in files:
                z.write(path, arc)
        os.replace(part, target)
    return target


def shipment(options: Options) -> Shipment:
    """Zip the package, the pipeline and ``options.profile_paths`` for ``spark.archives``."""
    import warledger

    package = os.path.dirname(os.path.abspath(warledger.__file__))
    lib = _zip([(package, "warledger")], SHIP_LIB)
    model = _zip([(model_dir(options.model), "")], SHIP_MODEL)
    archives = [f"{lib}#{SHIP_LIB}", f"{model}#{SHIP_MODEL}"]
    profiles: dict[str, str] = {}
    if options.profile_paths:
        pairs = [(os.path.abspath(p), f"{i}-{os.path.basename(os.path.abspath(p))}")
                 for i, p in enumerate(options.profile_paths)]
        for p, _ in pairs:
            if not os.path.exists(p):
                raise UsageError(f"{p}: no such profile file or folder")
        archives.append(f"{_zip(pairs, SHIP_PROFILES)}#{SHIP_PROFILES}")
        profiles = {orig: os.path.join(SHIP_PROFILES, arc)
                    for orig, (_, arc) in zip(options.profile_paths, pairs)}
    conf = {"spark.archives": ",".join(archives),
            "spark.executorEnv.PYTHONPATH": SHIP_LIB,
            "spark.executorEnv.WARLEDGER_SPARK_MODEL": SHIP_MODEL,
            "spark.executorEnv.WARLEDGER_SPARK_PROFILES": os.pathsep.join(profiles.values()),
            "spark.warledger.shipped": json.dumps({"model": SHIP_MODEL, "profiles": profiles})}
    return Shipment(conf=conf, model=SHIP_MODEL, profiles=profiles)


def task_options(spark: "SparkSession", options: Options) -> Options:
    """The Options the tasks get: no secrets (the API token, the store's URL), and, when
    warledger was shipped, the shipped pipeline and profiles instead of the driver's."""
    out = dataclasses.replace(options, token=None, db="")
    shipped = spark.sparkContext.getConf().get("spark.warledger.shipped")
    if not shipped:
        return out
    where = json.loads(shipped)
    missing = [p for p in options.profile_paths if p not in where["profiles"]]
    if missing:
        raise UsageError(f"{missing[0]}: this profile was not shipped with the Spark session "
                         "(give it when the session starts)")
    return dataclasses.replace(out, model=where["model"],
                               profile_paths=tuple(where["profiles"][p] for p in options.profile_paths))


def spark_schema(schema: pa.Schema) -> Any:
    """The Spark StructType of one of export's Arrow schemas (same names, same types)."""
    from pyspark.sql import types as T

    def convert(t: pa.DataType) -> Any:
        if pa.types.is_int64(t):
            return T.LongType()
        if pa.types.is_boolean(t):
            return T.BooleanType()
        if pa.types.is_floating(t):
            return T.DoubleType()
        if pa.types.is_list(t):
            return T.ArrayType(convert(t.value_type))
        return T.StringType()

    return T.StructType([T.StructField(f.name, convert(f.type), True) for f in schema])


# --------------------------------------------------------------------------- input


def _plain_path(path: str) -> str:
    """A Spark file URI as a user wrote it: ``file:/a/b.jsonl`` -> ``/a/b.jsonl``."""
    if path.startswith("file://"):
        return path[len("file://"):]
    if path.startswith("file:"):
        return path[len("file:"):]
    return path


def check_input(path: str) -> None:
    """Refuse a local path that matches nothing before any Spark start-up (remote paths are
    Spark's to check)."""
    import glob

    if "://" in path and not path.startswith("file:"):
        return
    local = _plain_path(path)
    if not glob.glob(local):
        raise UsageError(f"{path}: no such file or folder")


def detect_format(path: str) -> str:
    """The input format from the path's extension, or from the files in a local folder."""
    low = path.lower().rstrip("/")
    for fmt, endings in (("parquet", (".parquet", ".parq")),
                         ("warc", (".warc", ".warc.gz", ".arc.gz")),
                         ("jsonl", (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".json.gz"))):
        if low.endswith(endings):
            return fmt
    local = _plain_path(path)
    if os.path.isdir(local):
        found = set()
        for _root, _dirs, files in os.walk(local):
            for name in files:
                if not name.startswith((".", "_")):
                    try:
                        found.add(detect_format(name))
                    except UsageError:
                        pass
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            raise UsageError(f"{path}: holds several formats ({', '.join(sorted(found))}); "
                             "give --format")
    raise UsageError(f"{path}: cannot tell the format from the name; give --format "
                     f"({'|'.join(FORMATS)})")


def _error(source: str, stage: str, reason: str) -> tuple[str, tuple[Any, ...]]:
    return ("errors", (source, stage, reason))


def _jsonl_partition(rows: Iterable[tuple[str, int, str]], options: Options
                     ) -> Iterator[Article | tuple[str, tuple[Any, ...]]]:
    """(file, line number, line) -> Articles and error rows (as the JSONL reader words them)."""
    from warledger.ingest import article_from_record

    for path, number, line in rows:
        where = f"{_plain_path(path)}:{number}"
        if not line.strip():
            continue
        if number == 1:
            line = line.removeprefix("\ufeff")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _error(where, "read", f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        yield from _build(lambda record=record, where=where:
                          article_from_record(record, options, where=where), where)


def _record_partition(rows: Iterable[tuple[str, int, dict[str, Any]]], options: Options
                      ) -> Iterator[Article | tuple[str, tuple[Any, ...]]]:
    """Parquet rows (as dicts) -> Articles and error rows."""
    from warledger.ingest import article_from_record

    for path, number, record in rows:
        where = f"{_plain_path(path)}#{record.get('id') or number}"
        yield from _build(lambda record=record, where=where:
                          article_from_record(record, options, where=where), where)


def _warc_partition(files: Iterable[tuple[str, bytes]], options: Options
                    ) -> Iterator[Article | tuple[str, tuple[Any, ...]]]:
    """Whole WARC files -> Articles and error rows, through the CLI's own WARC reader."""
    from warledger.ingest import article_from_raw
    from warledger.ingest.readers.warc import WarcReader
    from warledger.ingest.sources import SkippedInput, Source

    reader = WarcReader()
    for path, data in files:
        label = _plain_path(path)
        source = Source(label=label, format="warc", data=bytes(data))
        try:
            for raw in reader.read(source, options):
                if isinstance(raw, InputError):
                    yield _error(raw.source, "read", raw.problem)
                    continue
                yield from _build(lambda raw=raw: article_from_raw(raw, options), raw.source)
        except SkippedInput:
            continue
        except InputError as exc:
            yield _error(exc.source, "read", exc.problem)
        except Exception as exc:  # noqa: BLE001 - a reader bug must not end a job over a whole crawl
            yield _error(label, "read", f"unexpected {type(exc).__name__}: {exc}")


def _build(make: Any, where: str) -> Iterator[Article | tuple[str, tuple[Any, ...]]]:
    try:
        yield make()
    except InputError as exc:
        yield _error(exc.source, "read", exc.problem)
    except Exception as exc:  # noqa: BLE001 - one bad record must not end a job over a crawl
        yield _error(where, "read", f"unexpected {type(exc).__name__}: {exc}")


def input_bytes(spark: "SparkSession", path: str) -> int:
    """Bytes under ``path`` (a file, folder or glob), through Spark's own filesystem layer
    (so hdfs: and s3a: inputs are sized as local ones are)."""
    sc = spark.sparkContext
    hpath = sc._jvm.org.apache.hadoop.fs.Path(path)  # type: ignore[union-attr]
    fs = hpath.getFileSystem(sc._jsc.hadoopConfiguration())
    return sum(int(fs.getContentSummary(st.getPath()).getLength())
               for st in (fs.globStatus(hpath) or []))


def partitions_for(total: int, cores: int, per_partition: int) -> int:
    """How many pieces ``total`` units (bytes, articles) are cut into: about
    ``per_partition`` each, and never fewer than twice the cores (so no core idles while
    another finishes the last big piece)."""
    return max(2 * cores, -(-total // per_partition))


def _numbered(spark: "SparkSession", df: Any) -> "RDD":
    """(file, number within the file, row) for a DataFrame with a ``_file`` column, numbered
    without a Python pass: the rows per (partition, file) are counted in the JVM, and a
    partition's rows of one file start after those of the earlier partitions (Spark keeps
    the splits of a file in order across its partitions)."""
    from pyspark.sql import functions as F

    counts = (df.select(F.spark_partition_id().alias("p"), "_file")
              .groupBy("p", "_file").count().collect())
    starts: dict[tuple[int, str], int] = {}
    seen: dict[str, int] = {}
    for r in sorted(counts, key=lambda r: r["p"]):
        starts[(r["p"], r["_file"])] = seen.get(r["_file"], 0)
        seen[r["_file"]] = seen.get(r["_file"], 0) + r["count"]
    first = spark.sparkContext.broadcast(starts)

    def number(index: int, rows: Iterable[Any]) -> Iterator[tuple[str, int, Any]]:
        at: dict[str, int] = {}
        for row in rows:
            f = row["_file"]
            at[f] = at.get(f, first.value[(index, f)]) + 1
            yield f, at[f], row

    return df.rdd.mapPartitionsWithIndex(number)


def read_input(spark: "SparkSession", path: str, fmt: str, options: Options,
               partitions: int | None = None) -> "RDD":
    """An RDD of Articles and ("errors", row) pairs from one input path (file, folder, glob).

    JSON Lines and Parquet are cut into ``partitions`` pieces by bytes (default: one per
    ``PART_BYTES``, at least twice the cores): the analysis then runs on the partitions the
    input was read in, with no shuffle of the texts. WARC files are read whole, one a task."""
    from pyspark.sql import functions as F

    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    sc = spark.sparkContext
    if fmt == "warc":
        return sc.binaryFiles(path, partitions or 2 * sc.defaultParallelism).mapPartitions(
            lambda it: _warc_partition(it, options))
    size = input_bytes(spark, path)
    wanted = partitions or partitions_for(size, sc.defaultParallelism, PART_BYTES)
    key = "spark.sql.files.maxPartitionBytes"
    before = spark.conf.get(key, None)
    # the scan's pieces are fixed when its plan is made (both plans below), not when it runs
    spark.conf.set(key, str(max(4096, -(-size // wanted))))
    try:
        if fmt == "parquet":
            df = spark.read.parquet(path).withColumn("_file", F.col("_metadata.file_path"))
            rows = _numbered(spark, df).map(
                lambda t: (t[0], t[1], {k: v for k, v in t[2].asDict().items() if k != "_file"}))
            out = rows.mapPartitions(lambda it: _record_partition(it, options))
        else:
            df = spark.read.text(path).select("value", F.col("_metadata.file_path").alias("_file"))
            lines = _numbered(spark, df).map(lambda t: (t[0], t[1], t[2]["value"]))
            out = lines.mapPartitions(lambda it: _jsonl_partition(it, options))
        # many small files are a piece each (Spark counts 4 MB for opening a file): such
        # pieces are put together, without a shuffle, so a task is not one article
        return out.coalesce(wanted) if out.getNumPartitions() > 2 * wanted else out
    finally:
        if before is None:
            spark.conf.unset(key)
        else:
            spark.conf.set(key, before)


# --------------------------------------------------------------------------- analysis


def _article_day(a: Article) -> str | None:
    from warledger.store.rows import iso_day

    return iso_day(a.published)


def _rows_of(an: Any, options: Options) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """One Analysis as (output, row) pairs in export's column order."""
    from warledger.export import ARTICLE_COLUMNS, CLAIM_COLUMNS, EVENT_COLUMNS, claim_row, event_row
    from warledger.store.rows import claim_day
    from warledger.times import day_of

    a: Article = an.article
    conflict = an.conflict
    if conflict is None and options.conflict and (an.claims or an.events):
        conflict = options.conflict  # as the pipeline files it
    day = _article_day(a)
    own = {"article_id": a.id, "conflict": conflict, "outlet": a.outlet,
           "published": a.published, "cluster": a.cluster}
    art = {**a.to_dict(), "conflict": conflict}
    yield "articles", tuple(art.get(k) for k in ARTICLE_COLUMNS)
    for c in an.claims:
        row = claim_row({**c.to_dict(), **own, "day": claim_day(c, day)})
        yield "claims", tuple(row[k] for k in CLAIM_COLUMNS)
    for e in an.events:
        row = event_row({**e.to_dict(), **own, "day": day_of(e.period, day)})
        yield "events", tuple(row[k] for k in EVENT_COLUMNS)
    for t in an.attributions:
        spans = {"source": t.source, "cue": t.cue, "content": t.content}
        first_last = []
        for name in ("source", "cue", "content"):
            s = spans[name]
            first_last += [s[0][0] if s else None, s[-1][1] if s else None]
        yield "attributions", (t.article, a.id, t.source_text, t.party, t.side, *first_last,
                               conflict, json.dumps(t.to_dict(), ensure_ascii=False))


def analyze_partition(articles: Iterable[Article], options: Options, done: Any = None
                      ) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Analyses of one partition's articles as output rows, through the pipeline's own
    ``analyze_each`` (``CHUNK`` at a time; a chunk that fails is redone article by article,
    so the bad one becomes an ``errors`` row and the rest go on; an article over the
    length limit is refused as the CLI refuses it). ``done``: an accumulator the driver's
    progress line reads (articles finished)."""
    from warledger.pipeline import analyze_each

    for got in analyze_each(articles, options, group=CHUNK):
        if isinstance(got, InputError):
            yield _error(got.source, "analyse", got.problem)
        else:
            yield from _rows_of(got, options)
        if done is not None:
            done.add(1)


# --------------------------------------------------------------------------- the job


def _first(a: Article, b: Article) -> Article:
    """Of two records with the same text, the one kept (deterministic, whatever the order)."""
    return min(a, b, key=lambda x: (x.source or "", x.name))


def _wide_schema() -> Any:
    """One row type for all five outputs: ``kind`` and one struct column per output, the
    other four null. The analysis is turned into JVM rows once, cached there, and each
    output is then written by the JVM alone (no second Python pass per output)."""
    from pyspark.sql import types as T

    from warledger.export import ARTICLE_SCHEMA, CLAIM_SCHEMA, EVENT_SCHEMA

    schemas = {"articles": ARTICLE_SCHEMA, "claims": CLAIM_SCHEMA, "events": EVENT_SCHEMA,
               "attributions": ATTRIBUTION_SCHEMA, "errors": ERROR_SCHEMA}
    return T.StructType([T.StructField("kind", T.StringType(), False)] + [
        T.StructField(name, spark_schema(schemas[name]), True) for name in OUTPUTS])


def _widen(kv: tuple[str, tuple[Any, ...]]) -> tuple[Any, ...]:
    kind, row = kv
    return (kind, *(row if name == kind else None for name in OUTPUTS))


def _nothing(_: Any) -> None:
    return None


def _warm_executors(sc: Any) -> None:
    """A job of one empty task per core: Spark starts each executor's Python daemon
    (``warledger.spark_worker``, which loads the extractor) and forks its workers. Its
    failure is not the job's: the real tasks start them again and report what fails."""
    n = sc.defaultParallelism
    with contextlib.suppress(Exception):  # a warm-up only
        sc.parallelize(range(n), n).foreach(_nothing)


def run_job(spark: "SparkSession", input_path: str, output: str, options: Options | None = None,
            fmt: str | None = None, overwrite: bool = False, partitions: int | None = None,
            progress: Callable[[int, int, float], None] | None = None,
            collect_limit: int = COLLECT_EDGES) -> SparkReport:
    """Read ``input_path``, extract, and write OUTPUT/{articles,claims,events,attributions,errors}.

    ``partitions``: how many pieces the input and the analysis are cut into (default:
    about ``PART_ARTICLES`` articles each, at least twice the cluster's cores). ``progress``
    is called about twice a second while the articles are analysed, with (articles done,
    articles, seconds since the analysis started), and once at its end.

    The jobs, in order: (JSON Lines, Parquet) the rows per piece counted in the JVM, for
    line numbers; one shuffle of small records (ids, signatures, outlets) for exact and
    near duplicates, whose result the driver broadcasts (``plan_clusters``); the analysis
    on the pieces the input was read in, its rows cached in the JVM and counted; the five
    Parquet writes from that cache. No text is shuffled unless a corpus has more
    near-duplicate edges than ``COLLECT_EDGES`` (then ``_rounds`` and joins) or came in
    fewer pieces than the cores (WARC files, a Parquet file of one row group).
    ``collect_limit``: the edges the driver joins (``plan_clusters``), a knob for tests.
    """
    import threading
    import time

    from pyspark import StorageLevel
    from pyspark.errors import AnalysisException
    from pyspark.sql import functions as F

    options = options or Options()
    check_input(input_path)
    fmt = fmt or detect_format(input_path)
    local_out = _plain_path(output)
    if not overwrite and os.path.isdir(local_out) and os.listdir(local_out):
        raise UsageError(f"{output}: already exists and is not empty (give --overwrite)")
    sc = spark.sparkContext
    opts = task_options(spark, options)
    disk = StorageLevel.MEMORY_AND_DISK
    marks: list[tuple[str, float]] = []
    last = [time.monotonic()]

    def mark(name: str) -> None:
        now = time.monotonic()
        marks.append((name, now - last[0]))
        last[0] = now

    # the executors' Python daemons start (and load the pipeline) while the JVM alone
    # plans the input and counts its lines: two fixed costs paid at once, not in turn
    warming = threading.Thread(target=_warm_executors, args=(sc,), daemon=True)
    warming.start()
    try:
        read = read_input(spark, input_path, fmt, opts, partitions).persist(disk)
        warming.join()
        mark("count lines, start executors")
        plan = plan_clusters(read, read.getNumPartitions(), collect_limit)
        read_errors = read.filter(lambda x: not isinstance(x, Article))
        if plan is not None:
            total = plan.articles
            shared = sc.broadcast(plan)
            clustered = (read.filter(lambda x: isinstance(x, Article) and shared.value.keeps(x))
                         .map(lambda a: shared.value.cluster(a)))
            parts = partitions or partitions_for(total, sc.defaultParallelism, PART_ARTICLES)
            if clustered.getNumPartitions() < min(parts, 2 * sc.defaultParallelism):
                clustered = clustered.repartition(parts)
        else:  # too many edges for the driver: exact duplicates and clusters by joins
            parts = partitions or partitions_for(read.count(), sc.defaultParallelism, PART_ARTICLES)
            articles = (read.filter(lambda x: isinstance(x, Article))
                        .map(lambda a: (a.id, a)).reduceByKey(_first, parts).values().persist(disk))
            total = articles.count()
            labels = cluster_ids(articles, parts, collect_limit=0)
            clustered = (articles.map(lambda a: (a.id, a)).join(labels, parts)
                         .map(lambda kv: dataclasses.replace(kv[1][0], cluster=kv[1][1])))
        mark("read and cluster")
        done = sc.accumulator(0)
        rows = clustered.mapPartitions(lambda it: analyze_partition(it, opts, done)).union(read_errors)
        wide = spark.createDataFrame(rows.map(_widen), _wide_schema(), verifySchema=False).persist(disk)
        stop = threading.Event()
        started = time.monotonic()

        def watch() -> None:
            while not stop.wait(0.5):
                progress(min(done.value, total), total, time.monotonic() - started)  # type: ignore[misc]

        watcher = threading.Thread(target=watch, daemon=True) if progress else None
        if watcher:
            watcher.start()
        try:  # the analysis itself, counted in the JVM as it is cached there
            tally = wide.groupBy("kind").agg(F.count("*").alias("n"),
                                             F.countDistinct("articles.cluster").alias("clusters")).collect()
        finally:
            stop.set()
            if watcher:
                watcher.join()
        if progress:
            progress(min(done.value, total), total, time.monotonic() - started)
        counts = {r["kind"]: r["n"] for r in tally}
        n_clusters = sum(r["clusters"] for r in tally if r["kind"] == "articles")
        mark("analyse")
        mode = "overwrite" if overwrite else "errorifexists"
        for name in OUTPUTS:
            (wide.where(F.col("kind") == name).select(f"{name}.*")
             .write.mode(mode).parquet(f"{output.rstrip('/')}/{name}"))
        mark("write")
        wide.unpersist()
        read.unpersist()
        if plan is None:
            articles.unpersist()
    except AnalysisException as exc:
        msg = str(exc).splitlines()[0]
        if "PATH_NOT_FOUND" in msg or "does not exist" in msg:
            raise UsageError(f"{input_path}: no such file or folder") from exc
        if "already exists" in msg or "PATH_ALREADY_EXISTS" in msg:
            raise UsageError(f"{output}: already exists (give --overwrite)") from exc
        raise UsageError(f"{input_path}: {msg}") from exc
    return SparkReport(output=output, articles=counts.get("articles", 0),
                       claims=counts.get("claims", 0), events=counts.get("events", 0),
                       attributions=counts.get("attributions", 0),
                       errors=counts.get("errors", 0), clusters=n_clusters, phases=tuple(marks))


__all__ = ["FORMATS", "OUTPUTS", "ATTRIBUTION_SCHEMA", "ERROR_SCHEMA", "SparkReport",
           "Shipment", "shipment", "task_options", "model_dir", "session", "spark_schema",
           "check_input", "detect_format", "input_bytes", "partitions_for", "read_input",
           "Plan", "plan_clusters", "cluster_ids", "analyze_partition", "run_job",
           "require_pyspark"]

"""spark-extract on ``local[2]``: the same claims as the single-process chain, errors counted
and written, clusters across partitions, and ``import`` giving the same ledger as ``ingest``.

One job over a generated corpus (the demo stories retold with other numbers, dates and
filler, plus malformed lines) is run once per module; the tests read its output.
"""
from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.spark, pytest.mark.slow]

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'warledger[spark]')")
if shutil.which("java") is None:
    pytest.skip("Java is not installed (Spark needs a JRE 17)", allow_module_level=True)

import pyarrow.parquet as pq  # noqa: E402

from warledger.errors import InputError  # noqa: E402
from warledger.options import Options  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
N_ARTICLES = 96  # six retellings of each of the 16 demo and test records
N_BAD = 2



@pytest.fixture(scope="module")
def spark(spark_session):
    return spark_session  # one session for the whole run (conftest.py)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, generate_corpus: Any) -> Path:
    path = tmp_path_factory.mktemp("spark-corpus") / "corpus.jsonl"
    generate_corpus(N_ARTICLES, path, bad=N_BAD)
    return path


@pytest.fixture(scope="module")
def job(spark, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    from warledger.spark import run_job

    out = tmp_path_factory.mktemp("spark-out") / "out"
    report = run_job(spark, str(corpus), str(out), Options(), partitions=4)
    return out, report


@pytest.fixture(scope="module")
def single(corpus: Path) -> tuple[list[Any], list[InputError]]:
    """The single-process chain on the same file: read_articles + analyze_many."""
    from warledger.analyze import analyze_many
    from warledger.ingest import read_articles

    items = list(read_articles([str(corpus)]))
    errors = [i for i in items if isinstance(i, InputError)]
    analyses = list(analyze_many([i for i in items if not isinstance(i, InputError)], Options()))
    return analyses, errors


def _rows(out: Path, name: str) -> list[dict[str, Any]]:
    return pq.read_table(out / name).to_pylist()


def _key(article: str, start: int, end: int, kind: str, category: str, side: str,
         value: int | None, claimant: str) -> tuple[Any, ...]:
    return (article, start, end, kind, category, side, value, claimant)


def test_claims_equal_the_single_process_chain(job, single) -> None:
    out, report = job
    analyses, _ = single
    want = sorted(_key(c.article, c.span[0], c.span[1], c.kind, c.target.category, c.target.side,
                       c.count.value, c.claimant.side) for an in analyses for c in an.claims)
    got = sorted(_key(r["article"], r["span_start"], r["span_end"], r["kind"], r["category"],
                      r["target_side"], r["count_value"], r["claimant_side"])
                 for r in _rows(out, "claims"))
    assert len(want) > N_ARTICLES  # the corpus really carries claims
    assert got == want
    assert report.claims == len(want)
    assert report.articles == len(analyses) == N_ARTICLES
    events = sum(len(an.events) for an in analyses)
    assert report.events == events == len(_rows(out, "events"))


def test_claim_rows_carry_export_columns_and_their_article(job) -> None:
    from warledger.export import ARTICLE_COLUMNS, CLAIM_COLUMNS, EVENT_COLUMNS

    out, _ = job
    assert tuple(pq.read_table(out / "claims").column_names) == CLAIM_COLUMNS
    assert tuple(pq.read_table(out / "events").column_names) == EVENT_COLUMNS
    assert tuple(pq.read_table(out / "articles").column_names) == ARTICLE_COLUMNS
    articles = {a["id"]: a for a in _rows(out, "articles")}
    for c in _rows(out, "claims"):
        a = articles[c["article_id"]]
        assert c["article"] == a["name"]
        assert a["text"][c["span_start"]:c["span_end"]] == c["sentence"]
        assert c["cluster"] == a["cluster"] and c["outlet"] == a["outlet"]
    assert any(r["source_text"] for r in _rows(out, "attributions"))


def test_bad_records_are_written_and_counted_not_fatal(job, single) -> None:
    out, report = job
    _, single_errors = single
    errors = _rows(out, "errors")
    assert report.errors == len(errors) == N_BAD == len(single_errors)
    # the same file:line as the CLI's reader names, and the same kind of reason
    assert sorted(e["source"] for e in errors) == sorted(e.source for e in single_errors)
    reasons = sorted(e["reason"].split(":")[0] for e in errors)
    assert reasons == sorted(e.problem.split(":")[0] for e in single_errors)
    assert any(r.startswith("invalid JSON") for r in reasons)
    assert any(r.startswith("record has no text") for r in reasons)
    assert all(e["stage"] == "read" for e in errors)


def test_wire_copies_share_a_cluster_named_by_its_original(job) -> None:
    """A story is named by its original (issue 11): the credited origin, else the earliest
    publication (``dedup.originals``), not whichever copy's id sorts first."""
    from warledger.dedup import originals

    out, report = job
    articles = _rows(out, "articles")
    members: dict[str, list[tuple[str, Any, Any, Any]]] = defaultdict(list)
    for a in articles:
        members[a["cluster"]].append((a["id"], a["published"], a["outlet"], a["origin_outlet"]))
    for cluster, group in members.items():
        assert cluster == originals(sorted(group))  # no order of arrival in Spark: by id
    by_name = {a["name"]: a for a in articles}
    pairs = 0
    for name, a in by_name.items():
        if name.startswith("2025-05-11-globaldispatch-toll-mounts-v"):
            k = name.rsplit("-v", 1)[1]
            other = by_name[f"2025-05-11-eastern-courier-truce-call-v{k}"]
            assert a["cluster"] == other["cluster"], name
            pairs += 1
    assert pairs >= 5  # one pair per retelling (six)
    assert 1 < report.clusters < len(articles)


def test_cluster_rounds_in_spark_equal_groups_joined_on_the_driver(spark, corpus: Path) -> None:
    """Above ``collect_limit`` edges the groups are joined by min-label rounds in Spark; both
    ways must give every article the same cluster."""
    from warledger.ingest import article_from_record
    from warledger.spark import cluster_ids

    records = []
    for line in corpus.read_text().splitlines()[:60]:
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    articles = spark.sparkContext.parallelize(
        [article_from_record(r) for r in records if r.get("text")], 4)
    on_driver = dict(cluster_ids(articles, 4).collect())
    in_rounds = dict(cluster_ids(articles, 4, collect_limit=0).collect())
    assert on_driver == in_rounds
    assert len(set(on_driver.values())) < len(on_driver)  # some groups were found


def test_the_job_joining_groups_in_spark_writes_what_the_driver_s_plan_does(
        spark, corpus: Path, tmp_path: Path) -> None:
    """Above ``collect_limit`` edges the job takes its other road (exact duplicates by a
    reduce, clusters by rounds, articles joined to them): the same articles, clusters,
    claims and errors. A file with an exact duplicate of an article shows it is kept once."""
    from warledger.spark import run_job

    lines = corpus.read_text(encoding="utf-8").splitlines()[:40]
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(lines + lines[3:5]) + "\n", encoding="utf-8")
    got = {}
    for limit in (1_000_000, 0):
        out = tmp_path / f"out-{limit}"
        report = run_job(spark, str(small), str(out), Options(), partitions=3, collect_limit=limit)
        got[limit] = (report.articles, report.claims, report.errors, report.clusters,
                      sorted((a["id"], a["cluster"], a["source"]) for a in _rows(out, "articles")),
                      sorted((c["article_id"], c["span_start"], c["kind"], str(c["count_value"]))
                             for c in _rows(out, "claims")),
                      sorted((e["source"], e["reason"]) for e in _rows(out, "errors")))
    assert got[0] == got[1_000_000]
    from warledger.ingest import read_articles

    records = [a for a in read_articles([str(small)]) if not isinstance(a, InputError)]
    distinct = {a.id for a in records}
    assert len(distinct) < len(records)  # the file holds exact duplicates
    assert sorted(a[0] for a in got[0][4]) == sorted(distinct) and got[0][0] == len(distinct)
    assert got[0][3] < got[0][0]  # some articles share a cluster


def test_a_folder_of_small_files_is_read_in_few_pieces_with_each_file_s_line_numbers(
        spark, tmp_path: Path) -> None:
    """Thirty one-article files are not thirty tasks, and a bad line is named by its own
    file and line, as the CLI names it."""
    from warledger.spark import read_input

    demo = [line for line in (ROOT / "demo" / "2025-05-wire-roundup.jsonl").read_text().splitlines()
            if line.strip()]
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        record = json.loads(demo[i % len(demo)])
        record["id"] = f"{record.get('id', 'r')}-{i}"
        record["text"] = f"{record['text']} Filed as copy {i}."
        broken = '\n{"id": "cut' if i % 10 == 3 else ""
        (folder / f"f{i:02}.jsonl").write_text(json.dumps(record) + broken + "\n", encoding="utf-8")
    rdd = read_input(spark, str(folder), "jsonl", Options())
    assert rdd.getNumPartitions() < 30
    got = rdd.collect()
    errors = sorted(x[1][0] for x in got if isinstance(x, tuple))
    assert errors == [f"{folder}/f{i:02}.jsonl:2" for i in (3, 13, 23)]
    assert len(got) - len(errors) == 30


def test_import_then_ledger_equals_ingest(job, corpus: Path, tmp_path: Path) -> None:
    """Spark output imported into a store gives the ledger ``warledger ingest`` gives."""
    from warledger.export import import_path
    from warledger.ingest import read_articles
    from warledger.ledger import LedgerQuery, build_ledger
    from warledger.pipeline import ingest
    from warledger.store import open_store

    out, _ = job
    imported = open_store(str(tmp_path / "spark.duckdb"))
    direct = open_store(str(tmp_path / "direct.duckdb"))
    try:
        report = import_path(str(out), imported)
        assert not report.errors, report.errors  # attributions/ and errors/ are skipped
        assert report.articles == N_ARTICLES
        again = import_path(str(out), imported)
        assert again.articles == 0 and again.duplicates == N_ARTICLES  # idempotent
        ingested = ingest(read_articles([str(corpus)]), Options(), store=direct)
        assert ingested.stored == N_ARTICLES and ingested.failed == N_BAD

        def figures(store: Any) -> dict[tuple[Any, ...], tuple[Any, ...]]:
            rows = build_ledger(store, LedgerQuery(with_ids=False))
            return {(r.conflict, r.side, r.kind, r.category, r.period.get("start"),
                     r.period.get("end")): (r.low, r.best, r.high) for r in rows}

        want = figures(direct)
        assert want and figures(imported) == want
    finally:
        imported.close()
        direct.close()


def test_parquet_and_warc_inputs(spark, tmp_path: Path) -> None:
    """Parquet rows and WARC responses go through the CLI's own record and WARC readers."""
    import io

    import pyarrow as pa
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from warledger.spark import run_job

    records = [json.loads(line) for line in
               (ROOT / "demo" / "2025-05-wire-roundup.jsonl").read_text().splitlines() if line.strip()]
    records.append({"id": "blank", "text": "  "})
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "in.parquet")
    report = run_job(spark, str(tmp_path / "in.parquet"), str(tmp_path / "out-parquet"), Options())
    assert (report.articles, report.errors) == (len(records) - 1, 1)
    assert _rows(tmp_path / "out-parquet", "errors")[0]["source"].endswith("in.parquet#blank")

    with (tmp_path / "in.warc.gz").open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for name in ("2025-05-10-ilvenna-herald-border-assault.html",
                     "2025-05-12-truthwire-daily-repost.html"):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://crawl.example/{name}", "response",
                payload=io.BytesIO((ROOT / "demo" / name).read_bytes()), http_headers=http))
    report = run_job(spark, str(tmp_path / "in.warc.gz"), str(tmp_path / "out-warc"), Options())
    articles = _rows(tmp_path / "out-warc", "articles")
    assert report.errors == 0 and len(articles) == 2 and report.claims > 0
    assert articles[0]["cluster"] == articles[1]["cluster"]  # the repost joins the original


def test_cli_spark_extract_on_demo_jsonl(tmp_path: Path, spark) -> None:
    """The command itself: exit 0, a summary line, and OUTPUT refused the second time."""
    from typer.testing import CliRunner

    from warledger.cli import _load_commands, app

    _load_commands()
    out = tmp_path / "out"
    runner = CliRunner()
    demo = str(ROOT / "demo" / "2025-05-wire-roundup.jsonl")
    first = runner.invoke(app, ["spark-extract", demo, str(out), "--master", "local[2]"])
    assert first.exit_code == 0, first.output
    assert "5 articles" in first.output
    second = runner.invoke(app, ["spark-extract", demo, str(out), "--master", "local[2]"])
    assert second.exit_code == 2 and "already exists" in second.output
    missing = runner.invoke(app, ["spark-extract", str(tmp_path / "nowhere.jsonl"), str(tmp_path / "o2")])
    assert missing.exit_code == 2 and "nowhere.jsonl: no such file or folder" in missing.output
    unknown = runner.invoke(app, ["spark-extract", str(ROOT / "demo" / "README.md"), str(tmp_path / "o3")])
    assert unknown.exit_code == 2 and "--format" in unknown.output
    assert json.loads(json.dumps(_rows(out, "claims")[0]))["kind"]

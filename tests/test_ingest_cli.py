"""``warledger ingest`` as users run it: real files, exit codes and stderr.

The first test runs a real ``python -m warledger`` process; the others run the same Typer
app in this process (``CliRunner``), which shows the same exit codes, stdout and stderr
without paying a process start and a spaCy load each time."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from warledger.records import Article

ROOT = Path(__file__).resolve().parent.parent


def process(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "warledger", "ingest", *args],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """``warledger ingest ARGS`` in this process, reported as a finished process would be."""
    from typer.testing import CliRunner

    from warledger.cli import _load_commands, app

    _load_commands()
    result = CliRunner().invoke(app, ["ingest", *args], input=stdin)
    return subprocess.CompletedProcess(["warledger", "ingest", *args], result.exit_code,
                                       result.stdout, result.stderr)


def test_dry_run_jsonl_prints_article_fields_for_the_demo() -> None:
    result = process("--dry-run", "--format", "jsonl", str(ROOT / "demo"))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 12
    assert all(list(r) == list(Article.ARTICLE_FIELDS) for r in records)
    assert result.stderr.strip().splitlines()[-1] == "12 read, 1 skipped, 0 failed"
    assert "README.md" in result.stderr


def test_failures_are_named_and_exit_1_while_good_inputs_are_printed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("The ministry said two soldiers were killed near the river on Monday.")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (tmp_path / "rows.jsonl").write_text('{"id": "ok", "text": "Kyiv said 5 drones were downed."}\nnot json\n')
    result = cli("--dry-run", str(tmp_path))
    assert result.returncode == 1
    assert [json.loads(line)["name"] for line in result.stdout.splitlines()] == ["good", "ok"]
    assert f"{tmp_path / 'bad.txt'}: binary file" in result.stderr
    assert f"{tmp_path / 'rows.jsonl'}:2: invalid JSON" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "2 read, 0 skipped, 2 failed"


def test_quiet_hides_warnings_but_not_failures(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text("Le ministère a déclaré que douze soldats avaient été tués cette nuit.")
    loud = cli("--dry-run", str(tmp_path))
    quiet = cli("--dry-run", "--quiet", str(tmp_path))
    assert "non-English (fr)" in loud.stderr
    assert quiet.stderr.strip() == "1 read, 0 skipped, 0 failed"


def test_usage_errors_exit_2() -> None:
    missing = cli("--dry-run", "/nonexistent/path/*.txt")
    assert missing.returncode == 2 and "/nonexistent/path/*.txt" in missing.stderr
    bad_map = cli("--dry-run", "--column-map", "body", str(ROOT / "demo"))
    assert bad_map.returncode == 2 and "--column-map" in bad_map.stderr
    bad_format = cli("--dry-run", "--format", "xml", str(ROOT / "demo"))
    assert bad_format.returncode == 2


def test_column_map_and_stdin(tmp_path: Path) -> None:
    line = json.dumps({"doc": "x-1", "body": "The army said 3 tanks were destroyed.", "day": "2024-02-01"})
    result = cli("--dry-run", "--column-map", "doc=id", "--column-map", "body=text", "--column-map", "day=published",
                 "-", stdin=line.encode() + b"\n")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["name"], record["published"]) == ("x-1", "2024-02-01")


def test_table_format() -> None:
    result = cli("--dry-run", "--format", "table", str(ROOT / "demo"))
    assert result.returncode == 0
    assert "northlight" in result.stdout and "ilvenna-herald" in result.stdout


def test_storing_twice_is_a_no_op_the_second_time(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.duckdb")
    first = cli("--db", db, str(ROOT / "demo"))
    assert first.returncode == 0, first.stderr
    assert "12 stored, 0 duplicates" in first.stderr
    again = cli("--db", db, str(ROOT / "demo"))
    assert again.returncode == 0, again.stderr
    assert "0 stored, 12 duplicates" in again.stderr
    assert again.stderr.strip().splitlines()[-1] == "12 read, 1 skipped, 0 failed"


def test_a_symlink_loop_and_a_corrupt_warc_fail_alone_and_the_good_files_are_stored(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The ministry said two soldiers were killed near the river on Monday.")
    (corpus / "b.txt").write_text("Officials said nine civilians were wounded by shelling in the town.")
    (corpus / "loop").symlink_to("loop")
    (corpus / "crawl.warc.gz").write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
                                           + b"this is no deflate stream at all " * 20)
    db = tmp_path / "store.duckdb"
    result = cli(str(corpus), "--db", str(db))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert f"warledger: failed {corpus / 'loop'}: cannot read: a loop of symbolic links" in lines
    assert any(ln.startswith(f"warledger: failed {corpus / 'crawl.warc.gz'}: corrupt WARC") for ln in lines)
    assert lines[-1] == "2 read, 0 skipped, 2 failed"
    from warledger.store import open_store

    store = open_store(str(db))
    try:
        assert sorted(r[0] for r in store.execute("SELECT name FROM articles")) == ["a", "b"]
    finally:
        store.close()

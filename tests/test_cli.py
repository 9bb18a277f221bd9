"""The command line's shared machinery: settings declared once, global options where the
README puts them, and one guard from the project's exceptions to exit codes.

In-process (``CliRunner``) on a real DuckDB file: the behaviour under test is the option
parsing and the exit codes, which a subprocess would only make slower to show.
"""
from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from test_api_data import store_outlet_voice
from warledger.cli import _load_commands, app
from warledger.options import SETTINGS, Options

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ROOT / "src" / "warledger" / "commands"


@pytest.fixture(scope="module")
def group():
    _load_commands()
    return get_command(app)


def _flags(cmd) -> set[str]:
    return {opt for p in cmd.params for opt in getattr(p, "opts", [])}


def test_every_command_takes_profile_and_model(group) -> None:
    assert len(group.commands) >= 14
    for name, cmd in group.commands.items():
        assert {"--profile", "--model"} <= _flags(cmd), name


def test_commands_that_read_articles_or_the_store_take_their_settings(group) -> None:
    for name in ("ingest", "reextract"):
        assert {"--db", "--conflict", "--quiet", "--profile", "--model"} <= _flags(group.commands[name])
    for name in ("ledger", "claims", "articles", "export", "import", "diff", "report", "serve"):
        assert "--db" in _flags(group.commands[name]), name
    for name in ("extract", "attributions", "events", "spark-extract"):
        assert {"--conflict", "--profile", "--model"} <= _flags(group.commands[name]), name


def test_the_settings_table_is_what_options_and_the_flags_are_made_of(group, monkeypatch) -> None:
    fields = {f.name: f for f in dataclasses.fields(Options)}
    every_flag = set().union(*(_flags(c) for c in group.commands.values()))
    for s in SETTINGS:
        assert s.name in fields
        if s.flag:
            assert s.flag in every_flag, f"{s.flag} is declared but no command takes it"
        if s.env:
            value = "/tmp/a" + ("" if not s.many else ":/tmp/b")
            monkeypatch.setenv(s.env, "7" if s.parse is int else value)
            got = getattr(Options.from_env(), s.name)
            want = 7 if s.parse is int else (("/tmp/a", "/tmp/b") if s.many else "/tmp/a")
            assert got == want, s.env
            monkeypatch.delenv(s.env)
    shared = {s.flag for s in SETTINGS if s.shared}
    assert shared == {"--db", "--profile", "--model"}
    assert shared <= _flags(group)  # also before the command


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> str:
    """The demo corpus in a DuckDB file, ingested through the command itself."""
    db = str(tmp_path_factory.mktemp("cli") / "w.duckdb")
    _load_commands()
    done = CliRunner().invoke(app, ["ingest", "--db", db, "-q", str(ROOT / "demo")])
    assert done.exit_code == 0, done.output
    return db


def test_global_db_before_the_command_as_the_readme_writes_it(ingested: str, tmp_path) -> None:
    runner = CliRunner()
    before = runner.invoke(app, ["--db", ingested, "ledger", "--format", "json"])
    assert before.exit_code == 0, before.output
    after = runner.invoke(app, ["ledger", "--db", ingested, "--format", "json"])
    assert json.loads(before.stdout) == json.loads(after.stdout) != []
    # the command's own flag wins over the global one
    empty = str(tmp_path / "empty.duckdb")
    own = runner.invoke(app, ["--db", ingested, "claims", "--db", empty, "--format", "jsonl"])
    assert own.exit_code == 0 and own.stdout == ""


def test_environment_db_is_used_when_no_flag_is_given(ingested: str, monkeypatch) -> None:
    monkeypatch.setenv("WARLEDGER_DB", ingested)
    out = CliRunner().invoke(app, ["claims", "--limit", "3", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    assert len(out.stdout.splitlines()) == 3


def test_a_missing_profile_is_a_usage_error_before_any_work(ingested: str) -> None:
    runner = CliRunner()
    for args in (["--profile", "/nowhere/p.yaml", "reextract", "--db", ingested],
                 ["reextract", "--db", ingested, "--profile", "/nowhere/p.yaml"],
                 ["extract", "--profile", "/nowhere/p.yaml", str(ROOT / "demo")]):
        out = runner.invoke(app, args)
        assert out.exit_code == 2, (args, out.output)
        assert "/nowhere/p.yaml: no such profile file or folder" in out.stderr
        assert "re-extracted" not in out.stderr


def test_one_guard_maps_project_errors_to_exit_codes(ingested: str, tmp_path) -> None:
    runner = CliRunner()
    usage = runner.invoke(app, ["ledger", "--db", ingested, "--by", "year"])
    assert usage.exit_code == 2 and usage.stderr.startswith("warledger: --by must be")
    not_found = runner.invoke(app, ["ledger", "--db", ingested, "--run", "999"])
    assert not_found.exit_code == 1 and "999" in not_found.stderr
    bad_format = runner.invoke(app, ["extract", "--format", "csv", str(ROOT / "demo")])
    assert bad_format.exit_code == 2 and "--format must be one of jsonl, table" in bad_format.stderr
    store_trouble = runner.invoke(app, ["ledger", "--db", str(tmp_path)])  # a folder, not a file
    assert store_trouble.exit_code == 1 and store_trouble.stderr.startswith("warledger: ")
    assert "Traceback" not in store_trouble.output


def test_no_command_module_maps_errors_itself() -> None:
    """The guard lives in ``commands/__init__.py`` only: no command catches the project's
    errors or raises an exit of its own."""
    for path in sorted(COMMANDS.glob("*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                assert "WarledgerError" not in ast.unparse(node.type), path.name
            if isinstance(node, ast.Raise) and node.exc is not None:
                assert "Exit" not in ast.unparse(node.exc), f"{path.name}:{node.lineno}"


def test_the_ledger_reads_a_users_profile(tmp_path) -> None:
    """A party's own outlet speaking for it (TASS for RUS, data/outlets.tsv) counts as that
    party's claim in a conflict where the party fights; which conflicts those are comes from
    the profiles, the user's (--profile) included. Without it, TASS's own voice on an
    unprofiled 'steppe' war is a third party's."""
    db = str(tmp_path / "w.duckdb")
    store_outlet_voice(db, "TASS", "Ukrainian forces lost 40 soldiers, TASS reported.", "UKR",
                       40, "steppe")
    profile = tmp_path / "steppe.yaml"
    profile.write_text(
        "conflict: steppe\nname: The steppe war\ncountries: [RUS, UKR]\nparties:\n"
        "  RUS:\n    side: RUS\n    names: [Russia]\n"
        "  UKR:\n    side: UKR\n    names: [Ukraine]\n", encoding="utf-8")
    runner = CliRunner()

    def column(*args: str) -> str:
        out = runner.invoke(app, [*args, "ledger", "--db", db, "--format", "json"])
        assert out.exit_code == 0, out.output
        [row] = json.loads(out.stdout)
        return next(c for c in ("admitted", "adversary", "third_party") if row[c])
    assert column() == "third_party"
    assert column("--profile", str(profile)) == "adversary"

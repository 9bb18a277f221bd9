"""The web reads the user's profiles (``serve --profile``, ``WARLEDGER_PROFILES``) as the
command line does: the same ledger from ``/api/ledger`` as from ``warledger ledger``.

The case: a war no shipped profile knows ("steppe"), whose user profile names an outlet
(the Eastern Courier, an outlet of ``data/outlets.tsv`` that speaks for no one there) as a
body of one party. The outlet's own voice (no claimant named) then is that party's, so
its figure of the other side's dead is the adversary's claim; without the profile it is a
third party's.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from test_api_data import store_outlet_voice

from warledger import dedup
from warledger.cli import _load_commands, app as cli
from warledger.options import Options
from warledger.store import open_store
from warledger.web.app import create_app

TEXT = "Forty Borlandi soldiers were killed near the river."
COLUMNS = ("admitted", "adversary", "third_party")


@pytest.fixture
def profile(tmp_path: Path) -> str:
    path = tmp_path / "steppe.yaml"
    path.write_text(
        "conflict: steppe\nname: The steppe war\ncountries: []\nparties:\n"
        "  XKS:\n    side: XKS\n    names: [Kessaria]\n    bodies: [Eastern Courier]\n"
        "  XBL:\n    side: XBL\n    names: [Borland]\n    adjectives: [Borlandi]\n",
        encoding="utf-8")
    return str(path)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "w.duckdb")
    store_outlet_voice(path, "Eastern Courier", TEXT, "XBL", 40, "steppe")
    return path


def _column(row: dict[str, Any]) -> str:
    [column] = [c for c in COLUMNS if row[c]]
    return column


def _api_ledger(db: str, profiles: tuple[str, ...]) -> list[dict[str, Any]]:
    store = open_store(db, read_only=True)
    try:
        client = TestClient(create_app(Options(db=db, profile_paths=profiles), store))
        resp = client.get("/api/ledger?by=all")
        assert resp.status_code == 200, resp.text
        return resp.json()["items"]
    finally:
        store.close()


def _cli_ledger(db: str, *flags: str) -> list[dict[str, Any]]:
    _load_commands()
    out = CliRunner().invoke(cli, [*flags, "ledger", "--db", db, "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_a_user_profile_names_a_partys_outlet(profile: str) -> None:
    assert "eastern-courier" not in dedup.outlets().party
    assert dedup.outlets((profile,)).party["eastern-courier"] == "XKS"


def test_the_apis_ledger_honours_the_servers_profiles_as_the_cli_does(db: str, profile: str) -> None:
    [plain] = _api_ledger(db, ())
    assert _column(plain) == "third_party"
    [profiled] = _api_ledger(db, (profile,))
    assert _column(profiled) == "adversary"
    assert profiled["adversary"]["low"] == 40
    [cli_row] = _cli_ledger(db, "--profile", profile)
    assert _column(cli_row) == "adversary"
    assert cli_row["adversary"] == profiled["adversary"]
    [cli_plain] = _cli_ledger(db)
    assert cli_plain["third_party"] == plain["third_party"]


def test_the_dashboard_reads_the_servers_profiles_too(db: str, profile: str) -> None:
    """The overview's ledger table links the figure from the column the profile puts it in."""
    store = open_store(db, read_only=True)
    try:
        for profiles, column in (((), "third_party"), ((profile,), "adversary")):
            client = TestClient(create_app(Options(db=db, profile_paths=profiles), store))
            page = client.get("/?by=all")
            assert page.status_code == 200
            assert f"figure=steppe%2FXBL%2Fkilled%2Fmilitary%2F%2F{column}" in page.text
    finally:
        store.close()


def test_the_pages_name_sides_with_the_servers_profiles(db: str, profile: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Side names and colours (web/names.py) come from the profiles the app was built with
    (``serve --profile``), not only from ``WARLEDGER_PROFILES``: with the profile the pages
    and the report write Borland for XBL, without it the code; two apps in one process
    keep their own."""
    monkeypatch.delenv("WARLEDGER_PROFILES", raising=False)
    store = open_store(db, read_only=True)
    try:
        plain = TestClient(create_app(Options(db=db), store))
        profiled = TestClient(create_app(Options(db=db, profile_paths=(profile,)), store))
        for path in ("/?by=all", "/claims", "/report?conflict=steppe"):
            named, bare = profiled.get(path), plain.get(path)
            assert named.status_code == bare.status_code == 200, (path, named.text[:300])
            assert "Borland (XBL)" in named.text, path
            assert "Borland (XBL)" not in bare.text and "XBL" in bare.text, path
    finally:
        store.close()

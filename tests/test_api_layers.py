"""The web layer's shape: the API and the dashboard each import only what they share
(``web/common.py`` and friends), never each other; the app puts the security headers on
every response, the API's included, with or without the dashboard; the ledger reaches the
ledger module by a plain import and is cached per store state."""
from __future__ import annotations

import ast
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from test_api_data import analyses

from warledger.options import Options
from warledger.store import open_store
from warledger.web.app import create_app

WEB = Path(__file__).resolve().parent.parent / "src" / "warledger" / "web"


def _imports(path: Path) -> set[str]:
    """Every warledger module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m.startswith("warledger")}


def test_api_and_dashboard_never_import_each_other() -> None:
    dashboard = list((WEB / "dashboard").glob("*.py"))
    assert dashboard, "the dashboard package is missing"
    for path in dashboard:
        bad = {m for m in _imports(path)
               if m.startswith(("warledger.web.api", "warledger.web.app", "warledger.web.ingest"))}
        assert not bad, f"{path.name} imports {bad}"
    for name in ("api.py", "common.py", "explore.py", "names.py", "ingest.py"):
        bad = {m for m in _imports(WEB / name)
               if m.startswith(("warledger.web.dashboard", "warledger.web.app"))}
        assert not bad, f"{name} imports {bad}"
    shared = _imports(WEB / "common.py")
    assert not {m for m in shared if m.startswith("warledger.web.") and m != "warledger.web.common"}
    assert "warledger.ledger.build_ledger" in shared  # a plain import of the ledger
    assert "importlib" not in (WEB / "common.py").read_text()


def test_security_headers_on_every_response_even_without_the_dashboard(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "w.duckdb"))
    try:
        store.put_batch(analyses())
        for dashboard in (False, True):
            client = TestClient(create_app(Options(db=store.url), store, dashboard=dashboard))
            for url in ("/api/claims", "/api/claims/999999", "/api/health", "/openapi.json",
                        "/api/claims?since=nope", "/no-such-page"):
                resp = client.get(url)
                csp = resp.headers.get("content-security-policy", "")
                assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
                assert resp.headers["x-content-type-options"] == "nosniff", url
            assert (client.get("/").status_code == 200) is dashboard
    finally:
        store.close()


def test_ledger_is_cached_until_the_store_changes(tmp_path: Path) -> None:
    """The same ledger request twice builds it once; a write in between rebuilds it."""
    import warledger.web.common as common

    store = open_store(str(tmp_path / "c.duckdb"))
    built: list[Any] = []
    real = common.build_ledger

    def counting(st: Any, q: Any) -> Any:
        built.append(q)
        return real(st, q)

    try:
        store.put_batch(analyses()[:2])
        client = TestClient(create_app(Options(db=store.url), store))
        common.build_ledger = counting
        first = client.get("/api/ledger?by=all").json()
        again = client.get("/api/ledger?by=all").json()
        assert first == again and len(built) == 1
        store.put_batch(analyses()[2:])  # written by another handle: the cache sees it,
        time.sleep(common.MARK_TTL + 0.05)  # once it looks at the store again
        after = client.get("/api/ledger?by=all").json()
        assert len(built) == 2 and after != first
        assert sum(len(r["claim_ids"]) for r in after["items"]) > \
            sum(len(r["claim_ids"]) for r in first["items"])
    finally:
        common.build_ledger = real
        store.close()


def test_start_up_with_a_token_loads_the_pipeline_before_the_first_write(tmp_path: Path) -> None:
    """In a fresh process: with a token, the app's start-up has loaded the spaCy pipeline
    (the first POST /api/ingest does not pay for it); read-only, it does not load it."""
    import os
    import subprocess
    import sys

    script = ("import sys\n"
              "from fastapi.testclient import TestClient\n"
              "from warledger import nlp\n"
              "from warledger.options import Options\n"
              "from warledger.web.app import create_app\n"
              "token = sys.argv[2] or None\n"
              "with TestClient(create_app(Options(db=sys.argv[1], token=token))) as c:\n"
              "    assert c.get('/api/health').status_code == 200\n"
              "    print(nlp.load_pipeline.cache_info().currsize)\n")
    env = dict(os.environ, PYTHONPATH=str(WEB.parent.parent))
    for token, loaded in (("tok", "1"), ("", "0")):
        done = subprocess.run([sys.executable, "-c", script, str(tmp_path / f"s{token}.duckdb"),
                               token], capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr[-1500:]
        assert done.stdout.split()[-1] == loaded, (token, done.stdout)

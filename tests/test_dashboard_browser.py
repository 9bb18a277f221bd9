"""The dashboard in a real browser (Debian's Chromium through Playwright) against the real
server (uvicorn on a free port of 127.0.0.1) over a real DuckDB store.

A user opens the overview, filters the claims, opens one and sees its sentence
highlighted with the claimant and number marked; an article carrying HTML and scripts
shows them as text and runs nothing; no page asks anything of the outside network.
Screenshots go to tests/artifacts/ (not committed) for a person to look at.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from test_api_data import HOSTILE_LINE, HOSTILE_TITLE, analyses
from warledger.api import create_app
from warledger.errors import WarledgerError
from warledger.options import Options
from warledger.store import open_store

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
DEMO = Path(__file__).resolve().parent.parent / "demo"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason=f"{CHROMIUM} is missing: apt-get install -y chromium (CI's .ci/run does)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fill(store: Any) -> None:
    """The hand-built analyses (known content), plus the demo corpus when the pipeline
    and the demo folder are there, as `make run` would show it."""
    store.put_batch(analyses())
    try:
        from warledger import pipeline
        from warledger.ingest import read_articles
    except ImportError:
        return
    files = sorted(p for p in DEMO.rglob("*") if p.is_file()) if DEMO.is_dir() else []
    if files:
        options = Options(db=store.url, quiet=True)
        try:
            pipeline.ingest(list(read_articles([str(p) for p in files], options)), options, store)
        except WarledgerError as exc:  # the extractor may be missing in a partial tree
            print(f"demo corpus not ingested: {exc}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    store = open_store(str(tmp_path_factory.mktemp("dash") / "ledger.duckdb"))
    _fill(store)
    port = _free_port()
    config = uvicorn.Config(create_app(Options(db=store.url), store), host="127.0.0.1",
                            port=port, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):  # wait for start-up, not a timing assertion
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    yield pg
    outside = [u for u in pg.requests if not u.startswith(server) and not u.startswith("data:")]
    assert not outside, f"pages fetched from outside: {outside}"
    ctx.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_overview_filter_open_claim_see_evidence(page: Any, server: str) -> None:
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Conflict overview"
    assert page.locator("svg.bars rect").count() > 0
    assert page.locator("table.ledger tbody tr").count() > 0
    shot(page, "overview")

    page.click("nav >> text=Claims")
    page.select_option("form.filters select[name=kind]", "killed")
    page.fill("form.filters input[name=q]", "Martakert")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/claims?**")
    assert "kind=killed" in page.url and "outlet=" not in page.url  # empty fields dropped
    rows = page.locator("table.claims tbody tr")
    assert rows.count() == 1
    assert "THIRD" in rows.first.inner_text()
    shot(page, "claims-filtered")

    sentence = "Observers from the mission said three civilians died in Martakert."
    rows.first.locator("a.evidence-link").click()
    page.wait_for_url("**/articles/**")
    evidence = page.locator(".sent.evidence")
    assert evidence.count() == 1
    assert evidence.inner_text().replace("CLAIMANT OSCE", "").replace("KILLED ARM CIVILIANS", "") \
        .split() == sentence.split()
    assert evidence.locator("mark.m-claimant").first.inner_text().startswith("Observers from the mission")
    assert evidence.locator("mark.m-count").first.inner_text().startswith("three")
    assert evidence.is_visible()
    shot(page, "article-evidence")


def test_hostile_article_is_shown_as_text(page: Any, server: str) -> None:
    page.goto(server + "/claims?q=Officials")
    page.locator("table.claims a.evidence-link").first.click()
    page.wait_for_url("**/articles/**")
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    text = page.locator("#article-text").inner_text()
    assert HOSTILE_LINE in text
    assert page.locator("#article-text script, #article-text img, h1 b").count() == 0
    assert HOSTILE_TITLE in page.title()
    shot(page, "article-hostile")
    page.goto(server + "/sources")  # the outlet name carries HTML too
    assert "Blog <i>Echo</i>" in page.locator("main").inner_text()
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_timeline_sources_and_map(page: Any, server: str) -> None:
    page.goto(server + "/timeline")
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    assert page.locator("svg.chart path.series").count() >= 2
    shot(page, "timeline")

    page.goto(server + "/sources")
    assert page.locator("h2", has_text="Outlets").count() == 1
    assert "Caspian Wire" in page.locator("main").inner_text()
    shot(page, "sources")

    page.goto(server + "/map")
    points = page.locator("svg.map circle.pt-claim, svg.map circle.pt-event")
    assert points.count() >= 3
    assert "Martakert" in (page.locator("svg.map").text_content() or "")
    shot(page, "map")
    page.locator("svg.map a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator(".sent.evidence").count() == 1
    assert page.console_errors == []  # type: ignore[attr-defined]

"""The dashboard in a real browser (Debian's Chromium through Playwright) against the real
server (uvicorn on a free port of 127.0.0.1) over a real DuckDB store.

A user opens the overview, filters the claims, opens one and sees its sentence
highlighted with the claimant and number marked; an article carrying HTML and scripts
shows them as text and runs nothing; no page asks anything of the outside network.
Every page at a phone's width (390 px) and a desktop's (1440 px) is no wider than its
viewport and its chart labels stay readable; an axe-core check (npm, tests/package.json)
finds no serious or critical accessibility violation; the explorer's facet counts are the
API's counts; every number shows its qualifier ("over 100", never "100").
Screenshots go to tests/artifacts/ (not committed) for a person to look at.
"""
from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from test_api_data import HOSTILE_LINE, HOSTILE_TITLE, analyses
from warledger.web.app import create_app
from warledger.errors import WarledgerError
from warledger.options import Options
from warledger.store import open_store

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
DEMO = Path(__file__).resolve().parent.parent / "demo"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (390, 1440)

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
    files = sorted(p for p in DEMO.rglob("*") if p.is_file() and p.name != "README.md") \
        if DEMO.is_dir() else []
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
    assert page.locator("svg.bars text.value").count() > 0  # every bar carries its figure
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
    page.goto(server + "/claims?q=Officials&article=demo-hostile")
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
    assert page.locator("svg.timeline a rect").count() >= 3  # bars per day, not lines
    assert page.locator("svg.chart path.series").count() >= 2
    shot(page, "timeline")

    page.goto(server + "/sources")
    assert page.locator("h2", has_text="Outlets").count() == 1
    assert "Caspian Wire" in page.locator("main").inner_text()
    shot(page, "sources")

    page.goto(server + "/map")
    points = page.locator("svg.map circle.pt-claim, svg.map rect.pt-event")
    assert points.count() >= 3
    assert page.locator("svg.map path.land").count() > 0  # the Natural Earth outline
    assert "Martakert" in (page.locator("#map-karabakh svg.map").text_content() or "")
    shot(page, "map")
    page.locator("svg.map a").first.dispatch_event("click")
    page.wait_for_url("**/articles/**")
    assert page.locator(".sent.evidence").count() == 1
    assert page.console_errors == []  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- issue 13


def _get_json(server: str, path: str, **params: Any) -> Any:
    url = server + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=30) as resp:  # the test's own loopback server
        return json.loads(resp.read())


def _demo_article(server: str) -> str:
    """An article with qualified numbers and a marked name: the demo's truce call."""
    found = _get_json(server, "/api/claims", q="called for an immediate ceasefire", limit=5)
    if found["items"]:
        return "/articles/" + found["items"][0]["article_id"]
    return "/articles/demo-one"


def _pages(server: str) -> dict[str, str]:
    return {"overview": "/", "timeline": "/timeline", "claims": "/claims",
            "article": _demo_article(server), "sources": "/sources", "map": "/map",
            "api": "/docs"}


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def sized(request: pytest.FixtureRequest, browser: Any, server: str) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": request.param, "height": 900})
    pg = ctx.new_page()
    pg.width = request.param  # type: ignore[attr-defined]
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    yield pg
    ctx.close()


def test_no_page_is_wider_than_the_screen_and_labels_stay_readable(sized: Any, server: str) -> None:
    width = sized.width
    for name, path in _pages(server).items():
        sized.goto(server + path)
        page_width = sized.evaluate("document.documentElement.scrollWidth")
        assert page_width <= width, f"{name} is {page_width}px wide at {width}px"
        # the navigation stays on screen and legible (it used to spill out of the header)
        for box in sized.locator("header.top nav a").evaluate_all(
                "els => els.map(e => e.getBoundingClientRect().toJSON())"):
            assert box["right"] <= width and box["height"] >= 12, f"{name}: nav link off screen"
        # chart text as rendered (after the SVG is scaled) is at least 8 px tall
        smallest = sized.evaluate("""() => {
            const sizes = [...document.querySelectorAll('svg.chart text')]
              .map(t => t.getBoundingClientRect().height).filter(h => h > 0);
            return sizes.length ? Math.min(...sizes) : null; }""")
        assert smallest is None or smallest >= 8, f"{name}: chart text {smallest}px at {width}px"
        shot(sized, f"{name}-{width}")
    assert sized.console_errors == []  # type: ignore[attr-defined]


def _axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_serious_or_critical_violation(browser: Any, server: str, width: int) -> None:
    if not AXE.is_file():
        message = f"{AXE} is missing: run `make install-test` (npm ci in tests/)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # axe is injected as a script, which the pages' CSP rightly forbids: this context only
    ctx = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    pg = ctx.new_page()
    report = {}
    try:
        for name in ("overview", "claims", "article", "map"):
            pg.goto(server + _pages(server)[name])
            report[name] = _axe(pg)
    finally:
        ctx.close()
    (ARTIFACTS / f"axe-{width}.json").write_text(json.dumps(report, indent=1))
    assert all(not v for v in report.values()), json.dumps(report, indent=1)


def test_facet_counts_are_the_apis_counts(page: Any, server: str) -> None:
    for filters in ({}, {"kind": "killed"}, {"conflict": "zolta", "side": "XTV"}):
        page.goto(server + "/claims?" + urllib.parse.urlencode(filters))
        links = page.locator("aside.facets a[data-facet]").evaluate_all(
            "els => els.map(a => [a.dataset.facet, a.dataset.value,"
            " a.closest('li').querySelector('.count').textContent])")
        assert links, f"no facets for {filters}"
        facets = _get_json(server, "/api/claims/facets", **filters)["facets"]
        for name, value, shown in links:
            api_total = _get_json(server, "/api/claims", **{**filters, name: value}, limit=1)["total"]
            assert int(shown) == api_total, f"{filters}: facet {name}={value} shows {shown}, API says {api_total}"
            listed = {v["value"]: v["count"] for v in facets[name]["values"]}
            assert listed[value] == api_total
    # a facet is a link that narrows the view, and the view's count is the facet's
    page.goto(server + "/claims")
    first = page.locator("#facet-claimant a[data-facet]").first
    value, shown = first.get_attribute("data-value"), first.locator("xpath=..").locator(".count").inner_text()
    first.click()
    page.wait_for_url("**claimant=**")
    assert page.locator("p.lede").inner_text().startswith(f"{shown} claim")
    assert {c.inner_text() for c in page.locator("table.claims tbody td[data-label=Claimant] .side").all()} == {value}
    shot(page, "claims-facet")


def test_columns_sort_and_the_view_downloads_as_csv_and_json(page: Any, server: str) -> None:
    page.goto(server + "/claims?kind=killed")
    page.locator("thead a.sort", has_text="Count").click()
    page.wait_for_url("**sort=count**")
    page.locator("thead a.sort", has_text="Count").click()
    page.wait_for_url("**sort=-count**")
    values = _get_json(server, "/api/claims", kind="killed", sort="-count", limit=50)["items"]
    shown = page.locator("table.claims tbody td.count").all_inner_texts()
    from warledger.web.names import count_text
    assert shown == [count_text(c["count"]) for c in values]
    assert page.locator("th[aria-sort=descending]").count() == 1
    json_href = page.locator("p.lede a", has_text="JSON").first.get_attribute("href")
    csv_href = page.locator("p.lede a", has_text="CSV").get_attribute("href")
    assert "kind=killed" in json_href and "sort=-count" in json_href and "format=csv" in csv_href
    view = _get_json(server, json_href)
    assert [c["id"] for c in view["items"][:len(values)]] == [c["id"] for c in values]
    # one date format: a day, never a timestamp
    days = page.locator("table.claims tbody td.when .nowrap").all_inner_texts()
    assert days and all(len(d) == 10 or d == "no date" for d in days)


def test_every_number_shows_its_qualifier(page: Any, server: str) -> None:
    from warledger.web.names import count_text
    claims = _get_json(server, "/api/claims", limit=1000)["items"]
    qualified = [c for c in claims if c["count"]["value"] is not None
                 and c["count"]["qualifier"] not in ("exact", "vague")]
    assert qualified, "the demo corpus has 'over 100', 'at least 30', 'nearly 50'"
    ids = ",".join(str(c["id"]) for c in qualified)
    page.goto(server + "/claims?" + urllib.parse.urlencode({"ids": ids}))
    cells = page.locator("table.claims tbody td.count").all_inner_texts()
    assert sorted(cells) == sorted(count_text(c["count"]) for c in qualified)
    assert all(" " in cell for cell in cells)  # "over 100", never a bare "100"
    for c in qualified[:6]:  # the article page and the map say the same
        page.goto(server + c["evidence_url"])
        row = page.locator("table.claims tr.chosen td.count")
        assert row.inner_text() == count_text(c["count"])
    located = [c for c in qualified if (c.get("location") or {}).get("lat") is not None]
    if located:
        page.goto(server + "/map")
        text = page.locator("main").inner_text()
        for c in located:
            assert f"{c['kind']} {count_text(c['count'])}" in text


def test_small_things(page: Any, server: str) -> None:
    with urllib.request.urlopen(urllib.request.Request(server + "/", method="HEAD"), timeout=10) as r:
        assert r.status == 200
    with urllib.request.urlopen(server + "/favicon.ico", timeout=10) as r:
        assert r.status == 200 and r.headers["Content-Type"].startswith("image/svg")
    page.goto(server + "/")
    page.click("header nav >> text=API")
    page.wait_for_url("**/docs")
    assert page.locator("table.endpoints td", has_text="/api/claims/facets").count() == 1
    page.goto(server + "/sources")
    text = page.locator("main").inner_text()
    assert "best ?" not in text and "claim(s)" not in text
    assert "cluster " not in text  # clusters are named by their first headline, not a hash


def test_one_colour_per_side_on_every_page(page: Any, server: str) -> None:
    page.goto(server + "/timeline")
    legend = page.locator("ul.legend").first.locator("li:has(svg)").evaluate_all(
        "els => els.map(li => [li.textContent.trim(), li.querySelector('rect').getAttribute('fill')])")
    timeline = dict(legend)
    assert len(set(timeline.values())) == len(timeline), f"two sides share a colour: {timeline}"
    page.goto(server + "/")
    admitted = page.locator("svg.bars rect.bar-admitted").evaluate_all(
        "els => els.map(r => [r.closest('a').previousElementSibling.querySelector('text.glabel')"
        ".textContent.split(' (')[0], r.getAttribute('stroke')])")
    checked = 0
    for name, colour in admitted:
        if name in timeline:  # an admission is drawn in the admitting side's colour
            assert timeline[name] == colour, f"{name}: {colour} on the overview, {timeline[name]} on the timeline"
            checked += 1
    assert checked, "no side appears on both pages"

"""``warledger report`` on real stores: the seed articles and the demo corpus, ingested once
into one DuckDB file (two conflicts, so choosing one matters).

The report must say what the ledger says, so its figures are checked against
``build_ledger`` run on the same store with the same query, and every sentence behind
every figure against the stored claims: a better extractor moves the numbers, not these
tests. A few facts of the 2020 seed that any reading of it gives are checked by hand
(Karabakh admits 53 soldiers killed, Baku's prosecutor 12 civilians killed and 35 wounded,
Turkey's fighters asserted and denied). The PDF is read back with poppler's pdftotext, and
its first page rendered with pdftoppm to tests/artifacts/ for a person to look at. The PDF
renderer's URL fetcher stops the PDF at any URL, so every PDF these tests read loaded
nothing.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from warledger.ledger import LedgerQuery, build_ledger
from warledger.options import Options
from warledger.report import ReportQuery, build_report, render
from warledger.store import open_store
from warledger.store.base import Query

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
DEMO = ROOT / "demo"
ARTIFACTS = Path(__file__).parent / "artifacts"
SEED_PERIOD = {"conflict": "karabakh", "since": "2020-09-27", "until": "2020-09-29"}
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils missing (pdftotext, "
                                   "pdftoppm): apt-get install poppler-utils (.ci/run does)")



@pytest.fixture(autouse=True)
def _seeds_present() -> None:
    """The report is measured on the seed articles; without them it fails, it does not skip."""
    if not SEEDS.is_dir():
        pytest.fail(f"the seed articles are not beside the checkout ({SEEDS})")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One store with both corpora. The seeds go in as JSON Lines with the publication
    day their file names carry, so "on Sunday" resolves to 2020-09-27 as in the article."""
    from warledger import pipeline
    from warledger.ingest import read_articles

    tmp = tmp_path_factory.mktemp("report")
    seeds = tmp / "seeds.jsonl"
    with seeds.open("w", encoding="utf-8") as out:
        for path in sorted(SEEDS.glob("*.txt")):
            day = path.stem.split("-", 1)[1]
            out.write(json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8"),
                                  "published": f"{day}T12:00:00+00:00"}) + "\n")
    url = str(tmp / "ledger.duckdb")
    options = Options(db=url, quiet=True)
    store = open_store(url)
    try:
        demo = sorted(str(p) for p in DEMO.iterdir() if p.suffix in (".html", ".txt", ".jsonl"))
        pipeline.ingest(list(read_articles([str(seeds), *demo], options)), options, store)
    finally:
        store.close()
    # the CLI tests run in other processes, and DuckDB lets one process hold a file: a copy
    shutil.copyfile(url, tmp / "cli.duckdb")
    return url


@pytest.fixture(scope="module")
def cli_db(db: str) -> str:
    return str(Path(db).parent / "cli.duckdb")


@pytest.fixture(scope="module")
def store(db: str) -> Iterator[Any]:
    s = open_store(db)
    yield s
    s.close()


@pytest.fixture(scope="module")
def seeds(store: Any) -> Any:
    return build_report(store, ReportQuery(**SEED_PERIOD))


@pytest.fixture(scope="module")
def demo(store: Any) -> Any:
    return build_report(store, ReportQuery(conflict="zolta"))


@pytest.fixture(scope="module")
def outputs(seeds: Any, demo: Any) -> dict[str, dict[str, bytes]]:
    """Every format of both reports, rendered once and kept under tests/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    out: dict[str, dict[str, bytes]] = {}
    for name, report in (("seeds", seeds), ("demo", demo)):
        out[name] = {}
        for fmt in ("html", "md", "pdf"):
            data = render(report, fmt)
            (ARTIFACTS / f"report-{name}.{fmt}").write_bytes(data)
            out[name][fmt] = data
    return out


def ledger_of(store: Any, **q: Any) -> list[Any]:
    return [r for r in build_ledger(store, LedgerQuery(**q)) if r.conflict == q.get("conflict")]


def claims_of(store: Any, **q: Any) -> dict[int, dict[str, Any]]:
    return {c["id"]: c for c in store.claims(Query(limit=0, **q))}


def html_doc(data: bytes) -> Any:
    import lxml.html

    return lxml.html.fromstring(data.decode("utf-8"))


def words(text: str) -> str:
    return " ".join(text.split())


def fig(f: Any) -> str:
    """A column's figure as a reader should see it, written here independently."""
    if f is None:
        return ""
    if f.low is None:
        return "denied" if f.denials and not f.vague else "vague"
    text = str(f.low) if f.low == f.high else f"{f.low}–{f.high}"
    return text + (" (and a denial)" if f.denials else "")


def pdf_pages(data: bytes, tmp: Path, name: str) -> list[str]:
    path = tmp / f"{name}.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout
            for i in range(1, n + 1)]


# --------------------------------------------------------------------------- the figures


@pytest.mark.parametrize("name,query", [("seeds", SEED_PERIOD), ("demo", {"conflict": "zolta"})])
def test_every_ledger_row_is_in_the_html_with_the_ledgers_figures(
        name: str, query: dict[str, str], store: Any, outputs: Any) -> None:
    rows = ledger_of(store, **query)
    assert rows, "the store holds no ledger rows: nothing was tested"
    doc = html_doc(outputs[name]["html"])
    for r in rows:
        found = doc.xpath(f'//table[@class="figures"]//tr[@data-side="{r.side}" and '
                          f'@data-kind="{r.kind}" and @data-category="{r.category}"]')
        assert len(found) == 1, (r.side, r.kind, r.category)
        cells = [words(td.text_content()) for td in found[0].findall("td")]
        assert cells[1:4] == [fig(r.admitted), fig(r.adversary), fig(r.third_party)]
        assert cells[4:7] == ["" if v is None else str(v) for v in (r.low, r.best, r.high)]
        assert cells[7].split()[0] == str(r.independent_sources)
        assert ("single source" in cells[7]) == (r.independent_sources <= 1)
    shown = doc.xpath('//table[@class="figures"]//tr[@data-side]')
    assert len(shown) == len(rows)  # and nothing the ledger does not have


def test_the_seed_report_states_what_the_2020_article_says(seeds: Any, outputs: Any) -> None:
    doc = html_doc(outputs["seeds"]["html"])

    def cells(side: str, kind: str, category: str) -> list[str]:
        tr = doc.xpath(f'//tr[@data-side="{side}" and @data-kind="{kind}" and '
                       f'@data-category="{category}"]')[0]
        return [words(td.text_content()) for td in tr.findall("td")]

    assert cells("ARM", "killed", "military")[1] == "53"  # Karabakh's own admission
    assert cells("AZE", "killed", "civilians")[1] == "12"  # the Azeri prosecutor's office
    assert cells("AZE", "wounded", "civilians")[1] == "35"
    assert seeds.period_text == "2020-09-27 to 2020-09-29"
    assert "Nagorno-Karabakh" in seeds.title and seeds.conflict == "karabakh"
    text = words(doc.text_content())
    assert "Nagorno-Karabakh said 53 of its soldiers had been killed" in text
    # the 2016 article is outside the period: none of its sentences is evidence here
    assert "127 times" not in text
    assert seeds.basis.articles == 1 and seeds.basis.claims == len(
        [c for r in seeds.rows for col in r.claims.values() for c in col])


def test_every_figure_lists_the_sentences_behind_it(store: Any, outputs: Any) -> None:
    for name, query in (("seeds", SEED_PERIOD), ("demo", {"conflict": "zolta"})):
        doc = html_doc(outputs[name]["html"])
        claims = claims_of(store, **query)
        ids = {i for r in ledger_of(store, **query) for i in r.claim_ids}
        assert ids and ids <= set(claims)
        for i in ids:
            c = claims[i]
            item = doc.get_element_by_id(f"claim-{i}")
            text = words(item.text_content())
            assert words(c["sentence"]) in text
            assert (c.get("outlet") or "no outlet named") in text and (c["day"] or "undated") in text


def test_cumulative_lines_end_at_the_ledgers_figures(seeds: Any, demo: Any, store: Any) -> None:
    """The last point of each side's line is the people killed the ledger gives for the
    whole period, column by column (its points, summed over categories)."""
    for report, query in ((seeds, SEED_PERIOD), (demo, {"conflict": "zolta"})):
        rows = [r for r in ledger_of(store, **query) if r.kind == "killed"]
        drawn = 0
        for section in report.sides:
            for col, points in section.lines.items():
                want = sum(getattr(r, col).point for r in rows if r.side == section.code
                           and getattr(r, col) is not None and getattr(r, col).point is not None)
                assert points[-1][1] == want, (section.code, col)
                assert [p[0] for p in points] == sorted(p[0] for p in points)
                drawn += 1
        assert drawn


def test_contradictions_show_both_sides_sentences(seeds: Any, outputs: Any) -> None:
    doc = html_doc(outputs["seeds"]["html"])
    section = words(doc.get_element_by_id("contradictions").text_content())
    for row in seeds.contradicted:
        for text in row.ledger.contradictions:
            assert words(text) in section
        for items in row.claims.values():
            assert words(items[0]["sentence"]) in section
    # DESIGN.md's example: Armenia's ambassador asserts Turkey sent fighters, Turkey denies it
    support = [c for c in seeds.event_contradictions if c.description.startswith("SUPPORT")]
    assert support, [c.description for c in seeds.event_contradictions]
    assert any("4,000 fighters" in e["sentence"] for e in support[0].asserts)
    assert any("Turkey denied" in e["sentence"] for e in support[0].denials)
    assert "Turkey denied reports that it sent Syrian fighters" in section


def test_key_events_include_the_ceasefire_calls_and_threats(seeds: Any) -> None:
    groups = {heading: shown for heading, shown, _ in seeds.key_events}
    calls = " ".join(e["sentence"] for h, shown in groups.items() if "Ceasefire" in h for e in shown)
    threats = " ".join(e["sentence"] for h, shown in groups.items() if h == "Threats" for e in shown)
    assert "Merkel" in calls
    assert "S-300" in threats
    assert all(e["day"] is None or "2020-09-27" <= e["day"] <= "2020-09-29"
               for shown in groups.values() for e in shown)


def test_side_filter_keeps_one_sides_losses(store: Any) -> None:
    report = build_report(store, ReportQuery(side="arm", **SEED_PERIOD))
    assert [s.code for s in report.sides] == ["ARM"]
    assert all(c["target"]["side"] == "ARM" for r in report.rows for col in r.claims.values()
               for c in col)


# --------------------------------------------------------------------------- HTML


FETCHING = ("script", "link", "img", "iframe", "object", "embed", "source", "video", "audio",
            "image", "use", "base", "meta[@http-equiv]", "form")


@pytest.mark.parametrize("name", ["seeds", "demo"])
def test_html_is_one_file_that_loads_nothing(name: str, outputs: Any) -> None:
    data = outputs[name]["html"].decode("utf-8")
    doc = html_doc(outputs[name]["html"])
    for tag in FETCHING:
        assert not doc.xpath(f"//{tag}"), tag
    assert not doc.xpath("//@src") and not doc.xpath("//@srcset") and not doc.xpath("//@style")
    assert not re.search(r"\bon[a-z]+\s*=", data)  # no event handlers
    css = "".join(doc.xpath("//style/text()"))
    assert css and "@import" not in css and "url(" not in css and "@font-face" not in css
    # the only url() is an SVG pattern in this document; every link stays in the document
    assert {u for u in re.findall(r"url\(([^)]*)\)", data) if not u.startswith("#")} == set()
    assert all(h.startswith("#") for h in doc.xpath("//@href"))
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))  # every anchor is one place
    assert {h[1:] for h in doc.xpath("//a/@href")} <= set(ids)  # and every link has one
    assert doc.xpath('//meta[@name="viewport"]')  # laid out for a phone
    assert doc.xpath("//svg") and doc.xpath("//table")


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="/usr/bin/chromium is "
                    "missing: apt-get install chromium (.ci/run does)")
def test_html_in_a_browser_fetches_nothing_and_fits_a_phone(tmp_path: Path, outputs: Any) -> None:
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    path.write_bytes(outputs["demo"]["html"])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            ctx = browser.new_context(viewport={"width": 390, "height": 844})
            page = ctx.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri())
            assert requests == [path.as_uri()]
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"the report is {width} px wide on a 390 px phone"
            smallest = page.evaluate("""Math.min(...[...document.querySelectorAll('p, li, td')]
                .filter(e => e.innerText.trim()).map(e => parseFloat(getComputedStyle(e).fontSize)))""")
            assert smallest >= 11
            # chart labels stay readable: charts scroll sideways rather than shrink
            tiniest = page.evaluate("""Math.min(...[...document.querySelectorAll('svg.chart text')]
                .filter(e => e.textContent.trim()).map(e => e.getBoundingClientRect().height))""")
            assert tiniest >= 8, f"a chart label is {tiniest:.1f} px high on a phone"
            page.screenshot(path=str(ARTIFACTS / "report-demo-phone.png"), full_page=False)
        finally:
            browser.close()


# --------------------------------------------------------------------------- PDF


@needs_poppler
def test_pdf_carries_the_figures_sentences_and_charts(tmp_path: Path, store: Any, outputs: Any,
                                                     seeds: Any, demo: Any) -> None:
    for name, query, head in (("seeds", SEED_PERIOD, "Nagorno-Karabakh conflict · 2020-09-27 to 2020-09-29"),
                              ("demo", {"conflict": "zolta"}, "Upper Zolta conflict")):
        pages = pdf_pages(outputs[name]["pdf"], tmp_path, name)
        n = len(pages)
        for i, text in enumerate(pages, 1):
            assert f"page {i} of {n}" in text
            assert head in words(text)  # the running header: conflict and period
        whole = words(" ".join(pages))
        claims = claims_of(store, **query)
        for r in ledger_of(store, **query):
            label = f"{r.kind} · {r.category.replace('_', ' ')}: low"
            assert label in whole
            for i in r.claim_ids:
                sentence = words(claims[i]["sentence"])
                # each piece of evidence is whole on one page: no item is split
                assert any(sentence in words(t) for t in pages), sentence[:60]
        # the charts are drawn, not just laid out: their labels and values are in the text
        from warledger.report.render import chart_set

        drawn = chart_set({"seeds": seeds, "demo": demo}[name])
        assert drawn["panels"] and drawn["lines"]
        for panel in drawn["panels"]:
            for g in panel.groups:
                assert words(g.label) in whole
                assert all(b.value in whole for b in g.bars)
        for chart in drawn["lines"].values():
            assert all(text in whole for _, text in chart.x_ticks)
    seeds_text = words(" ".join(pdf_pages(outputs["seeds"]["pdf"], tmp_path, "seeds")))
    assert "Nagorno-Karabakh said 53 of its soldiers had been killed" in seeds_text
    assert "Claims are claims" in seeds_text


@needs_poppler
def test_pdf_paper_sizes(tmp_path: Path, seeds: Any) -> None:
    sizes = {}
    for paper in ("a4", "letter"):
        path = tmp_path / f"{paper}.pdf"
        path.write_bytes(render(seeds, "pdf", paper))
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        sizes[paper] = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()  # type: ignore[union-attr]
    assert [round(float(v)) for v in sizes["a4"]] == [595, 842]
    assert [round(float(v)) for v in sizes["letter"]] == [612, 792]


@needs_poppler
def test_pdf_first_page_renders_to_png(outputs: Any) -> None:
    """Page 1 of each PDF as PNG under tests/artifacts/ (looked at by a person: title,
    basis, caveat and the first side's table, running header and page number)."""
    for name in ("seeds", "demo"):
        pdf = ARTIFACTS / f"report-{name}.pdf"
        prefix = ARTIFACTS / f"report-{name}-page1"
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(prefix)], check=True)
        png = prefix.with_suffix(".png")
        head = png.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        assert 850 <= width <= 950 and 1250 <= height <= 1350  # A4 at 110 dpi


# --------------------------------------------------------------------------- Markdown


def test_markdown_has_the_tables_and_the_evidence(store: Any, outputs: Any) -> None:
    from warledger.report.render import md_cell

    for name, query in (("seeds", SEED_PERIOD), ("demo", {"conflict": "zolta"})):
        md = outputs[name]["md"].decode("utf-8")
        lines = md.splitlines()
        claims = claims_of(store, **query)
        for r in ledger_of(store, **query):
            label = md_cell(f"{r.kind} · {r.category.replace('_', ' ')}")
            row = [ln for ln in lines if ln.startswith(f"| {label}")
                   and f"| {fig(r.admitted)} | {fig(r.adversary)} | {fig(r.third_party)} |" in ln]
            assert row, (r.side, r.kind, r.category)
            for i in r.claim_ids:
                assert f"- > {md_cell(claims[i]['sentence'])}" in md
        table_rows = [ln for ln in lines if ln.startswith("| ") and not ln.startswith("| What")]
        assert all(len(re.split(r"(?<!\\)\|", ln)) == 10 for ln in table_rows)  # 8 cells
    assert md_cell("a | b *c* [x](y) <b>") == r"a \| b \*c\* \[x\](y) \<b\>"


# --------------------------------------------------------------------------- CLI


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``warledger report ARGS`` in this process (the same Typer app ``python -m warledger``
    runs; a process of its own only costs start-up), as a finished process would report it."""
    from typer.testing import CliRunner

    from warledger.cli import _load_commands, app

    _load_commands()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, ["report", *args])
    finally:
        os.chdir(old)
    return subprocess.CompletedProcess(["warledger", "report", *args], result.exit_code,
                                       result.stdout, result.stderr)


@pytest.mark.parametrize("args,message", [
    (["--conflict", "nowhere"], "no claims of conflict 'nowhere' in the store (it holds: karabakh, zolta)"),
    ([], "holds claims of 2 conflicts (karabakh, zolta): choose one with --conflict"),
    (["--conflict", "karabakh", "--since", "1999-01-01", "--until", "1999-12-31"],
     "no claims match conflict karabakh, days 1999-01-01 to 1999-12-31: nothing to report"),
    (["--conflict", "karabakh", "--since", "2020-09-29", "--until", "2020-09-27"],
     "--since 2020-09-29 is after --until 2020-09-27"),
    (["--conflict", "karabakh", "--since", "Sunday"], "--since: 'Sunday' is not a date"),
    # trailing junk is refused, not cut off to the day before it (as the API refuses it)
    (["--conflict", "karabakh", "--since", "2020-09-27junk"],
     "--since: '2020-09-27junk' is not a date"),
    (["--conflict", "karabakh", "--until", "2020-09-290"], "--until: '2020-09-290' is not a date"),
    (["--conflict", "karabakh", "--format", "docx"], "--format must be html, pdf or md"),
    (["--conflict", "karabakh", "--paper", "a3"], "--paper must be a4 or letter"),
])
def test_cli_refuses_empty_or_impossible_selections(args: list[str], message: str, cli_db: str,
                                                     tmp_path: Path) -> None:
    done = cli("--db", cli_db, *args, "--output", str(tmp_path / "r.html"), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "r.html").exists()


def test_cli_on_an_empty_store_says_to_ingest_first(tmp_path: Path) -> None:
    done = cli("--db", str(tmp_path / "empty.duckdb"), cwd=tmp_path)
    assert done.returncode == 2
    assert "the store holds no claims yet: ingest articles first" in done.stderr
    assert str(tmp_path) not in done.stderr  # says what is wrong, not where the server keeps it


def test_cli_writes_each_format_and_html_needs_no_pdf_libraries(cli_db: str, tmp_path: Path) -> None:
    base = ["--db", cli_db, "--conflict", "karabakh", "--since", "2020-09-27", "--until", "2020-09-29"]
    for name in ("r.html", "r.md", "r.pdf"):
        done = cli(*base, "-o", str(tmp_path / name), cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "claims" in done.stderr
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Situation report")
    assert b"<!doctype html>" in (tmp_path / "r.html").read_bytes()[:50]
    probe = ("import sys; sys.argv = ['warledger', 'report', " + ", ".join(map(repr, base)) +
             ", '--format', 'md', '-o', 'x.md']\nfrom warledger.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('weasyprint', 'fastapi', 'spacy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


# --------------------------------------------------------------------------- dashboard


def test_dashboard_serves_the_report_for_its_filters(store: Any) -> None:
    from fastapi.testclient import TestClient

    from warledger.web.app import create_app

    client = TestClient(create_app(Options(db=store.url), store))
    overview = client.get("/?conflict=karabakh&since=2020-09-27&until=2020-09-29")
    assert 'href="/report?conflict=karabakh&amp;since=2020-09-27&amp;until=2020-09-29"' in overview.text
    page = client.get("/report?conflict=karabakh&since=2020-09-27&until=2020-09-29")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    doc = html_doc(page.content)
    # the page's policy allows exactly its own inline stylesheet and nothing else
    css = doc.xpath("//style/text()")[0]
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    csp = page.headers["content-security-policy"]
    assert f"style-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp
    assert "script" not in csp
    links = doc.xpath("//a/@href")
    assert any(h.startswith("/articles/") and "claim=" in h for h in links)  # evidence opens
    assert all(h == "/" or h.startswith(("#", "/articles/", "/report?")) for h in links)
    article = next(h for h in links if h.startswith("/articles/"))
    assert client.get(article).status_code == 200  # the evidence link opens its article
    downloads = {h for h in links if h.startswith("/report?")}
    assert {"format=pdf" in h and "paper=letter" in h for h in downloads} == {True, False}
    md_link = next(h for h in downloads if "format=md" in h)

    def body(md: str) -> list[str]:  # all but the line that says when it was built
        return [ln for ln in md.splitlines() if not ln.startswith("Built from")]

    cli_md = render(build_report(store, ReportQuery(**SEED_PERIOD)), "md").decode("utf-8")
    assert body(client.get(md_link).text) == body(cli_md)  # the same report as the CLI's
    assert "Nagorno-Karabakh said 53 of its soldiers" in words(doc.text_content())
    pdf = client.get("/report?conflict=karabakh&since=2020-09-27&until=2020-09-29&format=pdf&paper=letter")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert pdf.headers["content-type"] == "application/pdf"
    assert 'filename="warledger-report-karabakh-2020-09-27-2020-09-29.pdf"' in pdf.headers["content-disposition"]
    md = client.get("/report?conflict=zolta&format=md")
    assert md.status_code == 200 and md.text.startswith("# Situation report: Upper Zolta")
    bad = client.get("/report?conflict=nowhere", headers={"accept": "application/json"})
    assert bad.status_code == 400 and "nowhere" in bad.json()["error"]
    assert "/tmp" not in bad.text and store.url not in bad.text
    assert client.get("/report?format=exe").status_code == 422
    several = client.get("/report", headers={"accept": "application/json"})
    assert several.status_code == 400
    assert "choose one with conflict=" in several.json()["error"]


@pytest.mark.parametrize("value", ["2020-09-27", "2020-09-27T08:00:00Z", "2020-09-27 08:00",
                                   "2020-09-27T08:00:00+04:00", "2020-09-27junk", "2020-09-270",
                                   "2020-09-27T", "2020-13-01", "2020-9-27", "20200927", "Sunday"])
def test_the_report_and_the_api_agree_on_what_a_day_is(store: Any, value: str) -> None:
    """``since`` means the same to ``/report``, ``warledger report`` (the same function)
    and the API: a day, or a time on that day; anything else is refused with the value
    named, never read as the day it starts with."""
    from urllib.parse import quote

    from fastapi.testclient import TestClient

    from warledger.web.app import create_app

    client = TestClient(create_app(Options(db=store.url), store))
    api = client.get(f"/api/ledger?conflict=karabakh&since={quote(value)}")
    page = client.get(f"/report?conflict=karabakh&format=md&since={quote(value)}",
                      headers={"accept": "application/json"})
    assert (api.status_code == 200) == (page.status_code == 200), (api.text, page.text[:200])
    if page.status_code != 200:
        assert page.status_code == 400 and api.status_code in (400, 422)
        assert page.json()["error"] == f"since=: {value!r} is not a date (YYYY-MM-DD)"
    else:
        assert "27 September 2020" in page.text or "2020-09-27" in page.text


def test_a_figure_with_many_claims_lists_some_and_names_the_rest(seeds: Any) -> None:
    """A long war's figure can rest on thousands of claims: the evidence lists ``cap`` per
    column and names the others by id, in HTML and Markdown alike."""
    from warledger.report.render import render_html, render_markdown

    doc = html_doc(render_html(seeds, cap=1).encode("utf-8"))
    md = render_markdown(seeds, cap=1)
    columns = [items for row in seeds.rows for items in row.claims.values()]
    assert any(len(items) > 1 for items in columns), "no figure with two claims to cap"
    evidence = doc.get_element_by_id("evidence")
    assert len(evidence.xpath(".//li[starts-with(@id, 'claim-')]")) == len(columns)
    for items in columns:
        if len(items) > 1:
            rest = ", ".join(str(c["id"]) for c in items[1:])
            assert f"ids {rest}" in words(evidence.text_content())
            assert f"ids {rest}" in md

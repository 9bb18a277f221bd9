"""Ingestion: every reader, the Article fields users rely on, origins, clusters, the demo.

Inputs are real files written to tmp_path (or the shipped seeds and demo corpus), read
through the public API ``warledger.ingest``; the one network test talks to a real local
HTTP server.
"""
from __future__ import annotations

import gzip
import html
import http.server
import io
import json
import re
import socket
import threading
from pathlib import Path
from typing import Iterator

import pytest

from warledger.errors import InputError
from warledger.ingest import (SkippedInput, article_from_record, article_from_text, assign_clusters,
                              read_articles)
from warledger.options import Options
from warledger.records import Article

ROOT = Path(__file__).resolve().parent.parent
SEED = Path("/work/shared/corpus/seeds/karabakh-2016-04-02.txt")
DEMO = ROOT / "demo"
DATA = Path(__file__).resolve().parent / "data" / "ingest"


def articles_of(paths: list[str], **options: object) -> list[Article]:
    out = list(read_articles(paths, Options(**options)))  # type: ignore[arg-type]
    errors = [x for x in out if isinstance(x, InputError)]
    assert not errors, errors
    return [x for x in out if isinstance(x, Article)]


def squash(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------- the key test


def wordpress_page(body_text: str) -> str:
    """Wrap a plain-text story, as a content farm does, in a WordPress theme's furniture."""
    lines = body_text.split("\n")
    title = lines[0].strip()
    paragraphs = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in lines[1:] if line.strip())
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8">
<title>{html.escape(title)} &#8211; Freedom Eagle News</title>
<meta name="generator" content="WordPress 6.4">
<link rel="canonical" href="https://freedom-eagle.example/2016/04/02/karabakh/">
</head>
<body class="single-post">
<header id="masthead"><p class="site-title"><a href="/">Freedom Eagle News</a></p>
<nav id="site-navigation"><ul class="menu"><li><a href="/">Home</a></li>
<li><a href="/category/gold-investing/">Gold Investing Tips</a></li><li><a href="/contact/">Contact Us Today</a></li></ul></nav></header>
<div id="content"><main id="main"><article class="post type-post">
<header class="entry-header"><h1 class="entry-title">{html.escape(title)}</h1>
<div class="entry-meta">Posted on April 2, 2016 by admin</div></header>
<div class="entry-content">
{paragraphs}
<div class="sharedaddy"><h3>Share this:</h3><ul><li><a href="#">Twitter</a></li><li><a href="#">Facebook</a></li></ul></div>
</div></article>
<div id="comments"><div id="respond"><h3 id="reply-title">Leave a Reply</h3>
<form id="commentform"><p>Your email address will not be published.</p><textarea name="comment"></textarea>
<input type="submit" value="Post Comment"></form></div></div></main>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Recent Posts</h2>
<ul><li><a href="/a/">Doctors hate this one weird trick</a></li><li><a href="/b/">Gold prices set to explode</a></li></ul></section></aside></div>
<footer id="colophon"><div class="site-info">Powered by WordPress | Designed by: Premium WordPress Themes</div></footer>
</body></html>"""


def test_wordpress_repost_of_seed_is_cleaned_and_traced_to_rt(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    page = tmp_path / "repost.html"
    page.write_text(wordpress_page(seed), encoding="utf-8")

    [article] = articles_of([str(page)])

    for furniture in ("Views: 0", "Leave a Reply", "Powered by WordPress", "You can leave a response",
                      "Gold Investing Tips", "Contact Us Today", "Recent Posts", "Doctors hate",
                      "Share this", "Post Comment", "Your email address", "Premium WordPress Themes"):
        assert furniture not in article.text, furniture
    assert article.origin_outlet == "rt.com"
    assert article.origin_url == "https://www.rt.com/news/338102-armenia-azerbaijan-karabakh-violence/"
    assert "utm_" not in article.origin_url
    assert article.title == seed.split("\n")[0].strip()
    assert article.outlet == "freedom-eagle.example"

    body = seed[: seed.index("Source Article from")]
    sentences = [s for s in re.split(r"(?<=[.!?”\"])\s+", body) if s.strip()]
    assert len(sentences) > 30
    clean = squash(article.text)
    for sentence in sentences:
        assert squash(sentence) in clean, sentence


# --------------------------------------------------------------------- text files


def test_txt_is_read_whole_and_first_line_is_title_only_when_it_looks_like_one(tmp_path: Path) -> None:
    (tmp_path / "headline.txt").write_text("Ten soldiers killed in border clash\n\nThe ministry said ten soldiers were killed.\n")
    (tmp_path / "sentence.txt").write_text("The ministry said ten soldiers were killed.\n\nIt gave no details.\n")
    (tmp_path / "noblank.txt").write_text("Ten soldiers killed in border clash\nThe ministry said so.\n")
    by_name = {a.name: a for a in articles_of([str(tmp_path)])}
    assert by_name["headline"].title == "Ten soldiers killed in border clash"
    assert by_name["headline"].text.startswith("Ten soldiers killed in border clash\n\nThe ministry")
    assert by_name["sentence"].title is None
    assert by_name["noblank"].title is None
    assert by_name["noblank"].text.startswith("Ten soldiers killed in border clash\nThe ministry")


def test_seed_txt_keeps_its_text_and_names_its_origin() -> None:
    [article] = articles_of([str(SEED)])
    assert article.name == "karabakh-2016-04-02"
    assert article.text == SEED.read_text(encoding="utf-8")  # read whole: offsets stay valid
    assert article.origin_outlet == "rt.com"
    assert article.language == "en"


def test_id_is_a_hash_of_normalised_text() -> None:
    a = article_from_text("Baku said “twelve”  soldiers\nwere killed.", "a")
    b = article_from_text("baku said \"twelve\" soldiers were   killed. ", "b")
    c = article_from_text("Baku said eleven soldiers were killed.", "c")
    assert a.id == b.id
    assert a.id != c.id
    assert re.fullmatch(r"[0-9a-f]{32}", a.id)


# --------------------------------------------------------------------- provenance


@pytest.mark.parametrize("text, dateline, origin", [
    ("KYIV, March 3 (Reuters) - The ministry said four soldiers were killed.", "KYIV", "reuters"),
    ("BAKU (AP) — Azerbaijan said two tanks were destroyed overnight.", "BAKU", "ap"),
    ("YEREVAN: Armenia said it shot down three drones on Tuesday.", "YEREVAN", None),
    ("Moscow said the strike killed 12 people.\n\n— TASS", None, "tass"),
    ("The ministry said five were wounded.\n\nOriginally published by The Harbour Gazette.", None, "the harbour gazette"),
    ("The army said it destroyed two tanks near the river.", None, None),
    # a newspaper's dateline closed by a full stop, after the correspondent's line
    ("Army reports gains\n\nFrom Our Special Correspondent\n\nNEW DELHI, June 13. The Army said its troops "
     "had killed 30 intruders.", "NEW DELHI", None),
    ("Rebels repulsed\n\nBy Anna Kovacs\n\nBAKU, Sept. 28. Azerbaijan said two tanks were destroyed.", "BAKU", None),
    ("The U.S. Army said five soldiers were hurt.", None, None),  # "U.S." and a full stop is no dateline
])
def test_dateline_and_agency_credit(text: str, dateline: str | None, origin: str | None) -> None:
    article = article_from_text(text, "x")
    assert article.dateline == dateline
    assert article.origin_outlet == origin


def test_agency_credit_on_its_own_site_is_not_a_repost() -> None:
    article = article_from_text("LONDON (Reuters) - Officials said six people died.", "x",
                                url="https://www.reuters.com/world/x?utm_source=feed&id=7")
    assert article.outlet == "reuters.com"
    assert article.origin_outlet is None
    assert article.canonical_url == "https://www.reuters.com/world/x?id=7"


def test_canonical_url_and_outlet() -> None:
    article = article_from_text("Officials said six people died in the shelling.", "x",
                                url="HTTPS://News.BBC.co.uk:443/world/story?fbclid=abc&utm_campaign=z&page=2#top")
    assert article.canonical_url == "https://news.bbc.co.uk/world/story?page=2"
    assert article.outlet == "bbc.co.uk"
    assert article.url.startswith("HTTPS://News.BBC")  # as given


def test_canonical_link_to_another_site_marks_a_repost(tmp_path: Path) -> None:
    page = """<html><head><title>Drone strike kills four</title>
    <link rel="canonical" href="https://www.origin-news.example/world/drone-strike?utm_medium=rss"></head>
    <body><article><h1>Drone strike kills four</h1><p>The regional governor said four people were killed
    when a drone hit a fuel depot on the edge of the city on Sunday night, and nine more were wounded.</p>
    <p>Emergency services said the fire was put out by the morning and that no other buildings were damaged.</p>
    </article></body></html>"""
    article = article_from_text(page, "x", html=True, url="https://aggregator.example/p/123")
    assert article.outlet == "aggregator.example"
    assert article.origin_outlet == "origin-news.example"
    assert article.origin_url == "https://www.origin-news.example/world/drone-strike"


# --------------------------------------------------------------------- JSONL / CSV


def test_jsonl_records_with_a_bad_line_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "r1", "text": "Kyiv said 12 drones were shot down overnight.", "published": "2024-03-05T06:00:00Z",
                    "url": "https://www.kyiv-daily.example/a?utm_source=x", "title": "Drones downed"}),
        '{"id": "r2", "text": "broken',
        json.dumps({"id": "r3", "title": "no text here"}),
        json.dumps({"id": "r4", "text": "Moscow said 30 soldiers were killed.", "outlet": "Example Wire", "published": "2024-03-06"}),
    ]) + "\n")
    out = list(read_articles([str(path)], Options()))
    good = [x for x in out if isinstance(x, Article)]
    bad = [x for x in out if isinstance(x, InputError)]
    assert [a.name for a in good] == ["r1", "r4"]
    assert good[0].published == "2024-03-05T06:00:00+00:00"
    assert good[0].outlet == "kyiv-daily.example"
    assert good[0].canonical_url == "https://www.kyiv-daily.example/a"
    assert good[1].published == "2024-03-06" and good[1].outlet == "example wire"
    assert [e.source for e in bad] == [f"{path}:2", f"{path}:3"]
    assert "invalid JSON" in bad[0].problem and "no text" in bad[1].problem


def test_column_map_loads_a_foreign_dump(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"doc": "k-77", "story_body": "Officials said four tanks were destroyed.",
                                "when": "20240307", "link": "https://x.example/s"}) + "\n")
    [article] = articles_of([str(path)], column_map=(("doc", "id"), ("story_body", "text"), ("when", "published")))
    assert (article.name, article.published, article.url) == ("k-77", "2024-03-07", "https://x.example/s")


def test_cc_news_style_fields_are_recognised_without_a_map(tmp_path: Path) -> None:
    path = tmp_path / "ccnews.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"maintext": "The ministry said 40 soldiers were wounded.", "date_publish": "2023-10-02 08:15:00",
                             "source_domain": "news.example", "title": "Forty wounded"}) + "\n")
    [article] = articles_of([str(path)])
    assert article.outlet == "news.example" and article.published == "2023-10-02T08:15:00"


def test_csv_with_column_map_and_a_row_without_text(tmp_path: Path) -> None:
    path = tmp_path / "kaggle.csv"
    path.write_text('headline,content,date\n'
                    '"Clash at the pass","The army said 7 soldiers were killed, the ministry said.",2022-01-02\n'
                    '"Empty",,2022-01-03\n')
    out = list(read_articles([str(path)], Options()))
    good = [x for x in out if isinstance(x, Article)]
    bad = [x for x in out if isinstance(x, InputError)]
    assert len(good) == 1 and good[0].title == "Clash at the pass" and good[0].published == "2022-01-02"
    assert len(bad) == 1 and bad[0].source == f"{path}:3"


def test_article_from_record_for_the_api() -> None:
    article = article_from_record({"id": "post-1", "text": "Kyiv said two helicopters were downed.",
                                   "url": "https://www.ukr-news.example/x?utm_source=a"}, Options())
    assert article.name == "post-1" and article.outlet == "ukr-news.example"
    with pytest.raises(InputError):
        article_from_record({"id": "post-2"}, Options())


def test_stdin(tmp_path: Path) -> None:
    data = json.dumps({"id": "s1", "text": "The ministry said three soldiers were killed."}).encode() + b"\n"
    out = list(read_articles(["-"], Options(), stdin=io.BytesIO(data)))
    assert [a.name for a in out if isinstance(a, Article)] == ["s1"]
    out = list(read_articles(["-"], Options(), stdin=io.BytesIO(b"Plain text said six were wounded in the raid.")))
    assert isinstance(out[0], Article) and out[0].text.startswith("Plain text")


# --------------------------------------------------------------------- WARC


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode("utf-8")),
                                               http_headers=headers)
            writer.write_record(record)


STORY = ("<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>"
         "<p>{body} The regional administration said the shelling began at dawn and lasted for several hours, "
         "damaging a school, two apartment blocks and the main water pumping station.</p>"
         "<p>Officials said repair crews would need at least a week to restore supplies.</p></article></body></html>")


def test_warc_html_responses_only_with_target_uri(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("https://www.first.example/a?utm_source=x", "text/html; charset=utf-8",
         STORY.format(title="Five killed in shelling", body="Five civilians were killed, officials said.")),
        ("https://cdn.first.example/logo.png", "image/png", "not html"),
        ("https://second.example/b", "text/html", STORY.format(title="Two tanks destroyed", body="The army said two tanks were destroyed.")),
    ])
    got = articles_of([str(path)])
    assert [a.url for a in got] == ["https://www.first.example/a?utm_source=x", "https://second.example/b"]
    assert [a.outlet for a in got] == ["first.example", "second.example"]
    assert got[0].canonical_url == "https://www.first.example/a"
    assert got[0].title == "Five killed in shelling" and "Home | World" not in got[0].text


def test_truncated_warc_keeps_what_was_read(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, [(f"https://site{i}.example/s", "text/html",
                        STORY.format(title=f"Story number {i}", body=f"Officials reported {i} wounded in district {i}."))
                       for i in range(3)])
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    out = list(read_articles([str(cut)], Options()))
    assert any(isinstance(x, Article) for x in out)
    errors = [x for x in out if isinstance(x, InputError)]
    assert len(errors) == 1 and str(cut) in str(errors[0]) and "truncated" in errors[0].problem


# --------------------------------------------------------------------- feeds


@pytest.fixture()
def local_site() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving one article page."""
    page = STORY.format(title="Ceasefire collapses", body="Nine soldiers were killed, the ministry said.").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            if self.path.startswith("/story"):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(page)
            else:
                self.send_response(404)
                self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_feed_full_content_linked_pages_and_offline_links(tmp_path: Path, local_site: str) -> None:
    long_story = "<p>" + " ".join(["The governor said 14 people were wounded when rockets hit the port district."] * 12) + "</p>"
    dead = f"http://127.0.0.1:{closed_port()}/story/gone"
    feed = tmp_path / "news.rss"
    feed.write_text(f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Example</title>
<item><title>Port district hit</title><link>https://port-news.example/p1?utm_source=rss</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><content:encoded><![CDATA[{long_story}]]></content:encoded></item>
<item><title>Ceasefire collapses</title><link>{local_site}/story/1</link><description>Short teaser.</description></item>
<item><title>Unreachable</title><link>{dead}</link><description>Teaser only.</description></item>
</channel></rss>""")
    out = list(read_articles([str(feed)], Options(extra={"fetch_timeout": "3"})))
    good = [x for x in out if isinstance(x, Article)]
    bad = [x for x in out if isinstance(x, InputError)]
    assert [a.title for a in good] == ["Port district hit", "Ceasefire collapses"]
    assert good[0].published == "2024-03-05T10:00:00" and good[0].outlet == "port-news.example"
    assert "Nine soldiers were killed" in good[1].text
    assert len(bad) == 1 and bad[0].source == dead and "offline" in bad[0].problem


def test_url_argument_is_fetched(local_site: str) -> None:
    [article] = articles_of([f"{local_site}/story/7"])
    assert article.title == "Ceasefire collapses" and article.name == f"{local_site}/story/7"


# --------------------------------------------------------------------- language and clusters


def test_non_english_is_kept_with_language_and_warning(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text("Le ministère de la Défense a déclaré que douze soldats avaient été tués "
                                     "lors des combats de la nuit près de la frontière.", encoding="utf-8")
    [article] = articles_of([str(tmp_path / "fr.txt")])
    assert article.language == "fr"
    assert any("non-English (fr)" in w for w in article.warnings)


def test_assign_clusters_on_its_own() -> None:
    story = ("The defence ministry said on Tuesday that its forces had destroyed four tanks and killed "
             "dozens of fighters in heavy fighting near the northern border town, while the other side "
             "said it had repelled every attack and lost only two soldiers during the night.")
    a = article_from_text("Paper A headline\n\n" + story, "a", url="https://a.example/1")
    b = article_from_text("A different headline at paper B\n\n" + story, "b", url="https://b.example/2")
    c = article_from_text("Aid convoy reaches the city after weeks of talks between officials and "
                          "the red cross about safe passage for trucks carrying food and medicine.", "c")
    clustered = assign_clusters([a, b, c])
    assert [x.name for x in clustered] == ["a", "b", "c"]
    assert clustered[0].cluster == clustered[1].cluster == a.id
    assert clustered[2].cluster == c.id
    assert a.cluster is None  # inputs are not changed: new frozen records


# --------------------------------------------------------------------- the demo corpus


def test_demo_corpus_reads_cleanly_with_dates_clusters_and_origins() -> None:
    out = list(read_articles([str(DEMO)], Options()))
    skipped = [x for x in out if isinstance(x, SkippedInput)]
    failed = [x for x in out if isinstance(x, InputError) and not isinstance(x, SkippedInput)]
    articles = {a.name: a for a in out if isinstance(a, Article)}
    assert not failed
    assert [Path(s.source).name for s in skipped] == ["README.md"]
    assert 10 <= len(articles) <= 15
    assert len({a.id for a in articles.values()}) == len(articles)
    for article in articles.values():
        assert article.published and article.published.startswith("2025-05-"), article.name
        assert article.language == "en" and article.title and article.dateline, article.name
        assert "Views: 0" not in article.text and "Powered by WordPress" not in article.text
    wire_a = articles["2025-05-11-globaldispatch-toll-mounts"]
    wire_b = articles["2025-05-11-eastern-courier-truce-call"]
    assert wire_a.cluster == wire_b.cluster and wire_a.outlet != wire_b.outlet
    assert wire_a.origin_outlet == wire_b.origin_outlet == "northlight"
    original = articles["2025-05-10-ilvenna-herald-border-assault"]
    repost = articles["2025-05-12-truthwire-daily-repost"]
    assert repost.cluster == original.cluster == original.id
    assert repost.origin_outlet == "ilvenna-herald.example" == original.outlet
    assert repost.origin_url == original.canonical_url
    clusters = {a.cluster for a in articles.values()}
    assert len(clusters) == len(articles) - 2
    korvath = articles["2025-05-10-korvath-times-jet-denial"]
    assert korvath.canonical_url == "https://korvath-times.example/politics/tavrenia-denies-losing-jet"


def test_demo_profile_is_valid_yaml_with_sides() -> None:
    import yaml

    profile = yaml.safe_load((ROOT / "src/warledger/profiles/zolta.yaml").read_text())
    assert profile["conflict"] == "zolta"
    sides = {code: p["side"] for code, p in profile["parties"].items()}
    assert sides["XZL"] == "XTV" and sides["XAL"] == "THIRD"
    assert all(len(place) == 4 for place in profile["places"])


def test_cluster_window_bounds_memory_but_keeps_ids_stable() -> None:
    from warledger.ingest import Clusterer

    story = ("Officials said the convoy was hit twice on the coastal road near the old harbour, "
             "killing three drivers and wounding five, and that the road would stay closed all week.")
    clusterer = Clusterer(window=3)
    first = clusterer.cluster_of("first", story)
    assert clusterer.cluster_of("copy", story + " Updated.") == first
    for i in range(5):
        clusterer.cluster_of(f"other{i}", f"Unrelated bulletin number {i} about the weather in district {i}.")
    assert len(clusterer._sketches) == 3  # noqa: SLF001 - the bound is the point of the test
    assert clusterer.cluster_of("late", story) == "late"  # the original fell out of the window


def test_an_undated_article_takes_the_date_written_in_its_file_name_or_url(tmp_path: Path) -> None:
    from warledger.ingest.build import date_in_name
    assert date_in_name("archive/grozny-1995-01-04.txt") == "1995-01-04"
    assert date_in_name("https://news.example.org/world/2023/10/12/strike-on-market") == "2023-10-12"
    assert date_in_name("report-2024-13-40.txt") is None  # no such month or day
    assert date_in_name("brigade-1995.txt") is None
    f = tmp_path / "grozny-1995-01-04.txt"
    f.write_text("Tanks Burnt Out In Grozny\n\nFighting went on in the city centre.\n", encoding="utf-8")
    (article,) = list(read_articles([str(f)], Options()))
    assert article.published == "1995-01-04"
    g = tmp_path / "grozny-1995-01-04b.txt"  # a date in the text wins over the name
    g.write_text("GROZNY, Jan 6, 1995 - Fighting went on in the city centre.\n", encoding="utf-8")
    (dated,) = list(read_articles([str(g)], Options()))
    assert dated.published == "1995-01-06"

"""Who said what: ``warledger attributions`` against the hand-made gold in tests/attributions/.

Every loss claim takes its claimant from an attribution, so a wrong source here is a wrong
side in the ledger. The gold (built by tests/attributions/build_gold.py from exact
substrings) holds one record per attribution of ten invented wire stories; the cases below
take one gold record per shape of attribution and ask that warledger find it with the right
source. Cases that fail today are ``xfail(strict=True)`` with the reason, so the suite stays
green and turns red the day one is fixed (then drop the mark). The scorer is the
benchmark's (bench/bench_attributions.py), so the floor test and the printed figures agree.
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "attributions"

_spec = importlib.util.spec_from_file_location("bench_attributions", ROOT / "bench" / "bench_attributions.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_attributions"] = bench  # dataclasses look their module up by name
_spec.loader.exec_module(bench)

# source + content F1 measured on the gold when the floor was set (issue 17): 0.959 (106
# gold, 115 predicted, 106 matched). The floor is that minus 0.05; raise it when the
# extractor improves.
F1_FLOOR = 0.91


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return bench.load_texts(GOLD_DIR)


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    return bench.load_gold(GOLD_DIR / "gold.jsonl")


@pytest.fixture(scope="module")
def predictions(texts: dict[str, str]) -> list[dict[str, Any]]:
    return bench.warledger_predictions(texts)


def _gold_record(gold: list[dict[str, Any]], texts: dict[str, str], article: str, content_start: str) -> dict[str, Any]:
    hits = [g for g in gold if g["article"] == article
            and texts[article][g["content"][0]:].startswith(content_start)]
    assert len(hits) == 1, f"{article}: {len(hits)} gold records start with {content_start!r}"
    return hits[0]


def _slice(text: str, spans: list[list[int]]) -> str:
    return " ".join(text[s:e] for s, e in spans)


# --- the gold itself ---------------------------------------------------------------------

def test_gold_offsets_slice_the_articles_to_the_recorded_strings(gold: list[dict[str, Any]], texts: dict[str, str]) -> None:
    """The gold is only worth anything if its offsets are right: rebuilt from the .gold
    files it is identical, and every source span reads as its source text."""
    spec = importlib.util.spec_from_file_location("build_gold", GOLD_DIR / "build_gold.py")
    assert spec and spec.loader
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    rebuilt = [r for f in sorted(GOLD_DIR.glob("*.gold")) for r in builder.expand(f)]
    assert rebuilt == gold, "gold.jsonl is stale: run python tests/attributions/build_gold.py"
    assert len(texts) >= 8 and len(gold) >= 100
    for g in gold:
        text = texts[g["article"]]
        assert text[g["source"][0]:g["source"][1]] == g["source_text"]
        s, e = g["content"]
        assert 0 < e - s and text[s:e].strip() == text[s:e]
    assert sum(g["direct"] for g in gold) >= 10


# --- the CLI on three kinds of input -----------------------------------------------------

KARABAKH = "karabakh-2020-10-04"


def _html_page(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    title, paragraphs = lines[0], lines[1:]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright Example Wire. All rights reserved.</footer></body></html>")


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory: pytest.TempPathFactory, texts: dict[str, str]) -> dict[str, Any]:
    """One real ``warledger attributions`` process over a .txt, an .html and a .jsonl file."""
    folder = tmp_path_factory.mktemp("attr_cli")
    text = texts[KARABAKH]
    (folder / f"{KARABAKH}.txt").write_text(text, encoding="utf-8")
    (folder / "karabakh-page.html").write_text(_html_page(text), encoding="utf-8")
    (folder / "corpus.jsonl").write_text(json.dumps({"id": "kb-line", "text": text}) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "warledger", "attributions", "--format", "jsonl",
                           str(folder / f"{KARABAKH}.txt"), str(folder / "karabakh-page.html"),
                           str(folder / "corpus.jsonl")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    from warledger.ingest import article_from_text

    html_text = article_from_text(_html_page(text), "karabakh-page", html=True).text
    return {"proc": proc, "records": records,
            "clean": {KARABAKH: text, "kb-line": text, "karabakh-page": html_text}}


def test_cli_prints_records_for_txt_html_and_jsonl(cli_run: dict[str, Any]) -> None:
    proc = cli_run["proc"]
    assert proc.returncode == 0, proc.stderr
    by_article: dict[str, list[dict[str, Any]]] = {}
    for r in cli_run["records"]:
        assert set(r) == {"article", "source", "cue", "content", "source_text", "party", "side"}
        by_article.setdefault(r["article"], []).append(r)
    assert set(by_article) == {KARABAKH, "karabakh-page", "kb-line"}
    # the same story gives the same attributions whatever the container
    assert len(by_article[KARABAKH]) == len(by_article["kb-line"])


@pytest.mark.parametrize("article", [KARABAKH, "karabakh-page", "kb-line"])
def test_cli_offsets_slice_the_clean_text(cli_run: dict[str, Any], article: str) -> None:
    """Offsets are into the article's clean text (for HTML: the extracted text, not the
    markup), so each record's spans read back as its source, cue and content."""
    text = cli_run["clean"][article]
    records = [r for r in cli_run["records"] if r["article"] == article]
    assert records
    for r in records:
        assert _slice(text, r["source"]) == r["source_text"]
        assert all(0 <= s < e <= len(text) for s, e in r["content"] + r["cue"])
    # who the source is, is the shape tests' business; here: the spans are the right ones
    ministry = [r for r in records if "destroyed 14 Armenian tanks" in _slice(text, r["content"])]
    assert ministry, f"no record for the defence ministry's tank claim in {article}"
    r = ministry[0]
    assert _slice(text, r["cue"]) == "said"
    assert r["side"] == "AZE"
    office = [r for r in records if _slice(text, r["content"]).startswith("22 Azerbaijani civilians had been killed")]
    assert [(_slice(text, r["source"]), _slice(text, r["cue"]), r["party"]) for r in office] == \
        [("Azerbaijan's prosecutor general's office", "said", "AZE")]
    denial = [r for r in records if _slice(text, r["cue"]) == "denied"]
    assert [(_slice(text, r["source"]), r["side"]) for r in denial] == [("Armenia's defence ministry", "ARM")]


# --- one case per shape ------------------------------------------------------------------

def _case(article: str, content_start: str, reason: str | None = None) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(article, content_start, marks=marks, id=f"{article}:{content_start[:28]}")


SHAPES = {
    # X said (that) ...
    "indirect": _case(KARABAKH, "its forces had destroyed 14 Armenian"),
    # ..., X said.
    "final": _case("ukraine-2023-02-14", "Russian forces lost more than 800"),
    # ..., said X.
    "inverted": _case("sudan-2023-06-10", "Nobody dares to go out"),
    # according to X, ...
    "according_to": _case(KARABAKH, "21 more servicemen of the Defence Army"),
    # "...," X said.
    "direct_after": _case(KARABAKH, "The enemy is publishing old videos"),
    # X said: "..."  (two sentences)
    "direct_before": _case("gaza-2023-11-02", "We warned residents to move south"),
    # "... . ...," X said.  (the cue in the quote's second sentence)
    "direct_multi": _case("falklands-1982-05-04", "The ship was a clear threat"),
    # "...," X told ... "..."  (the quote runs on in a sentence of its own: one record)
    "quote_continuation": _case("lebanon-2024-01-09", "We are not looking for a wider war"),
    # X's statement said ...
    "possessive": _case("karabakh-2016-04-05", "Azerbaijani forces had lost more than 300"),
    # a statement by X said ...
    "statement_by": _case(KARABAKH, "the co-chairs were deeply alarmed"),
    # It said ... (after a full name)
    "pronoun_it": _case(KARABAKH, "the Armenian side had lost about 200"),
    # He added ... (after a named person)
    "pronoun_he": _case("ukraine-2023-02-14", "his unit had not received fresh shells"),
    # The ministry claimed ... after a third party spoke in between
    "definite": _case(KARABAKH, "Armenian forces had fired on Terter again"),
    # X denied that ...
    "denial": _case("gaza-2023-11-02", "any of its commanders had been in the area"),
    # a headline: X says ...
    "headline": _case("ukraine-2022-04-20", "it hit Ukrainian arms depots"),
    # "in what it called ..." inside another attribution's content
    "nested_what_it_called": _case("lebanon-2024-01-09", "a first response to the killing"),
    # plain "X said" sentences the parser may not be asked to parse
    "plain_said": _case("lebanon-2024-01-09", "the military was at very high readiness"),
    "residents_said": _case("lebanon-2024-01-09", "they had heard sirens throughout the night"),
    "third_state_said": _case("karabakh-2016-04-05", "it was ready to help both sides"),
}

FAILING = {
    "dateline_as_source": _case("gaza-2023-11-02", "its fighter jets had struck a Hamas command"),
    "dateline_as_source_country": _case("iran-iraq-1987-01-12", "its forces had pushed to within 15 km"),
    "final_after_dateline": _case("karabakh-2016-04-05", "Armenia and Azerbaijan have agreed to halt"),
    "inverted_long_source": _case("falklands-1982-05-04", "A British submarine torpedoed"),
    "told_reporters_that": _case("iran-iraq-1987-01-12", "the front line had not moved"),
    "participle_adding": _case("ukraine-2022-04-20", "evacuations from the town were no longer"),
    "multi_sentence_quote_speaker_after": _case(
        "ukraine-2023-02-14", "The situation is hard but under control"),
    "multi_sentence_quote_named_speaker": _case(
        KARABAKH, "We have been in the basement since Friday"),
    "headline_second_clause": _case("falklands-1982-05-04", "survivors"),
}


@pytest.mark.parametrize("article,content_start", list(SHAPES.values()) + list(FAILING.values()))
def test_shape_found_with_its_source(article: str, content_start: str, gold: list[dict[str, Any]],
                                     texts: dict[str, str], predictions: list[dict[str, Any]]) -> None:
    """warledger has an attribution whose content overlaps the gold content by at least
    half and whose source is the gold source (by text, or by resolving to the same side)."""
    g = _gold_record(gold, texts, article, content_start)
    found = bench.match([g], predictions, with_source=True)
    near = [(p["source_text"], p["side"], _slice(texts[article], p["content"])[:60])
            for p in predictions if p["article"] == article
            and bench.content_overlap(tuple(g["content"]), bench._cover(p["content"])) > 0]
    assert found, f"wanted source {g['source_text']!r} ({g['side']}); overlapping predictions: {near}"


def test_quote_is_not_given_to_the_previous_speaker(texts: dict[str, str], predictions: list[dict[str, Any]]) -> None:
    """A quote that opens a paragraph belongs to whoever the paragraph names, never to the
    previous paragraph's source: an RSF voice must not be credited with a displaced man's
    words about RSF shells."""
    article = "sudan-2024-08-12"
    start = texts[article].index("The camp has no shelters")
    wrong = [p for p in predictions if p["article"] == article and p["side"] == "RSF"
             and bench._cover(p["content"])[0] <= start < bench._cover(p["content"])[1]]
    assert not wrong, f"the quote goes to {wrong[0]['source_text']!r} (RSF)"


@pytest.mark.parametrize("article,sentence", [
    (KARABAKH, "Shelling went on through the night"),
    ("ukraine-2023-02-14", "Explosions were heard in Kramatorsk"),
    ("gaza-2023-11-02", "The figures from both sides could not"),
    ("ukraine-2022-04-20", "There was no immediate comment"),
    ("falklands-1982-05-04", "The weather in the area"),
    ("iran-iraq-1987-01-12", "Journalists taken to the front"),
])
def test_sentence_without_attribution_gives_none(article: str, sentence: str, texts: dict[str, str],
                                                 predictions: list[dict[str, Any]]) -> None:
    """The outlet's own voice is not attributed to anyone."""
    text = texts[article]
    start = text.index(sentence)
    end = text.index(".", start)
    inside = [p["source_text"] for p in predictions if p["article"] == article
              and bench.content_overlap((start, end), bench._cover(p["content"])) > 0]
    assert inside == []


# --- how good overall --------------------------------------------------------------------

def test_source_and_content_f1_stays_above_the_floor(gold: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> None:
    s = bench.score(gold, predictions, with_source=True)
    assert s.f1 >= F1_FLOOR, f"source+content F1 {s.f1:.3f} < floor {F1_FLOOR} ({s.as_dict()})"


def test_scorer_matches_one_to_one_and_by_side() -> None:
    """The scorer's rules, on records small enough to check by eye."""
    g = {"article": "a", "source_text": "Ukraine's General Staff", "content": [10, 30], "side": "UKR",
         "party": "UKR", "source": [0, 5], "shape": "final"}
    same_text = {"article": "a", "source_text": "the General Staff", "content": [[12, 40]], "side": "UNKNOWN"}
    same_side = {"article": "a", "source_text": "It", "content": [[10, 30]], "side": "UKR", "party": "UKR"}
    other_side = {"article": "a", "source_text": "It", "content": [[10, 30]], "side": "RUS", "party": "RUS"}
    assert bench.normalise_source("The General Staff's") == "general staff"
    assert bench.score([g], [same_side], True).matched == 1
    assert bench.score([g], [other_side], True).matched == 0
    assert bench.score([g], [other_side], False).matched == 1
    assert bench.score([g], [same_text], True).matched == 0  # "general staff" != "ukraine general staff"
    assert bench.score([g], [same_side, same_side], True).as_dict()["precision"] == 0.5


# --- constructions read from the parse (issue 17) ----------------------------------------
#
# Each sentence is this project's own, written for the construction it names. They go
# through the chain ``warledger attributions`` runs (``analyze_many`` with the attributions
# part, so every sentence with a cue word is parsed); the expected records are (source,
# cue, content) as written, "" for no source.

def _records(text: str) -> list[tuple[str, str, str]]:
    from warledger.analyze import analyze_many
    from warledger.ingest import article_from_text

    out = []
    for analysis in analyze_many([article_from_text(text, "t")], parts=("attributions",)):
        for a in analysis.attributions:
            out.append((_slice(text, [list(s) for s in a.source]), _slice(text, [list(s) for s in a.cue]),
                        _slice(text, [list(s) for s in a.content])))
    return out


CONSTRUCTIONS = {
    "stance verb in a main clause": (
        "The defence minister believes the ceasefire will hold until the spring.",
        [("The defence minister", "believes", "the ceasefire will hold until the spring")]),
    "stance verb inside reported words is content": (
        "The ministry said the commander believes the town will fall within days.",
        [("The ministry", "said", "the commander believes the town will fall within days")]),
    "no cue inside a quotation is a record": (
        "\u201cWe think they want the bridge more than the town,\u201d the colonel said.",
        [("the colonel", "said", "We think they want the bridge more than the town")]),
    "agentless passive has no source": (
        "It was reported that the bridge over the river had been destroyed.",
        [("", "reported", "that the bridge over the river had been destroyed")]),
    "expected to": (
        "The talks are expected to resume in Geneva next week.",
        [("", "expected", "The talks are expected to resume in Geneva next week")]),
    "passive with its agent": (
        "The strike on the market was condemned by the United Nations.",
        [("the United Nations", "condemned", "The strike on the market")]),
    "a quotation running on is one record": (
        "\u201cWe held the line,\u201d the colonel said. \u201cThe enemy fled before dawn.\u201d",
        [("the colonel", "said", "We held the line The enemy fled before dawn")]),
    "a quotation signed with a dash": (
        "\u201cThe shelling never stopped, not for one night.\u201d \u2015 Amina Yusuf, a teacher",
        [("Amina Yusuf", "\u2015", "The shelling never stopped, not for one night.")]),
    "a signed quotation holding a quotation": (
        "\u201cHe calls it \u201ca cleansing\u201d and we bury our sons.\u201d \u2015 Ilham Karimov",
        [("Ilham Karimov", "\u2015", "He calls it \u201ca cleansing\u201d and we bury our sons.")]),
    "a transcript turn runs on to the end of its paragraph": (
        "\"GENERAL HALE: The convoy left at dawn. It was not attacked.\n\n\"Q: Were there losses?",
        [("GENERAL HALE", ":", "The convoy left at dawn. It was not attacked"),
         ("Q", ":", "Were there losses?")]),
    "a headline led by its speaker": (
        "Zelenskiy: the front is holding\n\nThe president spoke in Kyiv.",
        [("Zelenskiy", ":", "the front is holding")]),
    "a content preposition": (
        "The United Nations called for an immediate ceasefire in the north.",
        [("The United Nations", "called", "an immediate ceasefire in the north")]),
    "whom a speaker addressed is no content": (
        "The general spoke to reporters on Monday.", []),
    "a final source with a tail": (
        "The town fell on Sunday, the army said on Monday.",
        [("the army", "said", "The town fell on Sunday")]),
    "the object and what for": (
        "Kyiv blamed Moscow for the strike on the station.",
        [("Kyiv", "blamed", "Moscow for the strike on the station")]),
    "an estimate put at a figure": (
        "The health ministry put the death toll at 30 on Sunday.",
        [("The health ministry", "put", "the death toll at 30")]),
    "put, but no estimate": ("The court put the ruling on hold.", []),
    "what a speaker called something": (
        "His aides called the retreat a regrouping.",
        [("His aides", "called", "the retreat a regrouping")]),
    "an accusation with a clause": (
        "Baku charged that Armenian units had shelled the town overnight.",
        [("Baku", "charged", "that Armenian units had shelled the town overnight")]),
    "an assault is no accusation": ("The infantry charged the enemy positions at dawn.", []),
    "told an object that ...": (
        "The general told a meeting of officers that the line would hold.",
        [("The general", "told", "that the line would hold")]),
    "a stance adjective": (
        "The ministry said the siege was over. Residents are worried about the dam upstream.",
        [("The ministry", "said", "the siege was over"),
         ("Residents", "worried", "the dam upstream")]),
    "it is clear that (a sentence parsed for its loss claim)": (
        "It is clear that 300 soldiers were killed in the assault.",
        [("", "clear", "that 300 soldiers were killed in the assault")]),
    "a relative clause with that": (
        "The states that oppose the embargo sent a joint letter.",
        [("The states", "oppose", "the embargo")]),
    "a perception in the outlet's voice": (
        "Reporters taken to the front saw burnt-out tanks along the road.", []),
}


@pytest.mark.parametrize("name", list(CONSTRUCTIONS))
def test_construction_read_from_the_parse(name: str) -> None:
    text, expected = CONSTRUCTIONS[name]
    assert _records(text) == expected


def test_attributions_parse_every_sentence_with_a_cue_word_and_extract_does_not() -> None:
    """``warledger attributions`` parses every sentence with a cue word outside quotation
    marks; ``warledger extract`` only what can carry a loss claim (its speed depends on it),
    and so does every path that computes claims, so that they all give the same claims."""
    from warledger.analyze import can_carry

    statement = "The ministry warned that talks would not resume before the vote."
    assert can_carry(statement, ("attributions",)) and not can_carry(statement)
    assert not can_carry(statement, ("claims", "events", "attributions"))
    # inside a quotation a cue word is what was said: the sentence continues someone's quote
    assert not can_carry("\u201cWe told them to leave and they stayed.\u201d", ("attributions",))
    # a weak form alone ("states" is mostly the noun) does not get a sentence parsed
    assert not can_carry("Several member states sent observers to the border.", ("attributions",))


def test_claimant_of_a_claim_in_the_main_clause_is_not_a_relative_clause_speaker() -> None:
    """ "U.S. forces sank a ship they said had been laying mines": the sinking is the outlet's
    report; "they said" covers only the mines."""
    from warledger.extract.attribution import attributions_of, claimant_at
    from warledger.ingest import article_from_text
    from warledger.nlp import parse
    from warledger.profiles import resolver_for

    text = "U.S. forces sank an Iranian ship they said had been laying mines in the Gulf."
    doc = parse(article_from_text(text, "t"), select=lambda _t: True)
    saids = attributions_of(doc, resolver_for(text))
    assert [text[s.source[0]:s.source[1]] for s in saids] == ["they"]
    assert claimant_at(saids, 0, text.index("sank")) is None
    assert claimant_at(saids, 0, text.index("laying")) is saids[0]


def test_attribution_inside_a_quotation_is_kept_for_the_claims_but_not_printed() -> None:
    """ '"Every day they announce hundreds of our soldiers dead," an adviser said': the
    claim inside is Russia's ("they"), so the claims keep the inner attribution; PolNeAR and
    a reader see one attribution, the adviser's, so only that one is printed."""
    from warledger.extract.attribution import attributions_of, records_of
    from warledger.ingest import article_from_text
    from warledger.nlp import parse
    from warledger.profiles import resolver_for

    text = ("\u201cEvery day they announce hundreds of our soldiers dead,\u201d a Ukrainian "
            "defence ministry adviser said.")
    doc = parse(article_from_text(text, "t"), select=lambda _t: True)
    saids = attributions_of(doc, resolver_for(text))
    inner = [s for s in saids if s.quoted]
    assert [text[s.source[0]:s.source[1]] for s in inner] == ["they"]
    printed = list(records_of(doc, saids))
    assert [r.source_text for r in printed] == ["a Ukrainian defence ministry adviser"]


def test_the_source_text_of_a_story_s_opening_institution_is_its_own_words() -> None:
    """ "..., the ministry said." opening a story takes the side of the first belligerent
    named in what it says; its source text stays the two words, not the whole article."""
    from warledger.analyze import analyze_many
    from warledger.ingest import article_from_text

    text = ("Twelve Azerbaijani soldiers were killed near Fizuli overnight, the ministry said. "
            "Fighting went on through the day, residents said.")
    [analysis] = analyze_many([article_from_text(text, "t")], parts=("claims", "attributions"))
    first = analysis.attributions[0]
    assert (first.source_text, first.party) == ("the ministry", "AZE")
    assert [(c.claimant.text, c.claimant.side) for c in analysis.claims] == [("the ministry", "AZE")]


def test_a_quoted_phrase_in_the_outlet_s_words_is_the_previous_speaker_s() -> None:
    """ 'The gunboats "were driven off with heavy losses" before dawn.' after 'Iraq said
    ...': the quote needs a speaker, the one of the sentence before in the same paragraph;
    a new paragraph, or a quote of two words, carries nothing."""
    from warledger.analyze import analyze_many
    from warledger.ingest import article_from_text

    text = ("Iraq said its navy had fought Iranian boats near Fao. The gunboats \u201cwere driven off "
            "with heavy losses\u201d before dawn.\n\nThe gunboats \u201cwere driven off with heavy "
            "losses\u201d, a week earlier.")
    [analysis] = analyze_many([article_from_text(text, "t", published="1987-03-01")], parts=("claims",))
    sides = {c.sentence[-12:]: c.claimant.side for c in analysis.claims if c.kind == "losses"}
    assert sides == {"before dawn.": "IRQ", "eek earlier.": "UNKNOWN"}, sides

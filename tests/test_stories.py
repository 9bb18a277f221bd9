"""Wire digests: several datelined stories in one article, each resolved on its own."""
from __future__ import annotations

from warledger.analyze import analyze, stories
from warledger.ingest import article_from_text
from warledger.nlp import parse

DIGEST = ("World news summary\n\n"
          "BAGHDAD - Iraq said its forces had killed 300 Iranian troops east of Basra. "
          "Tehran denied it. - - - - "
          "MANILA - Communist rebels said they had killed five soldiers in an ambush in the "
          "north of the Philippines, the army said. - - - - "
          "ROME - Italy's government is expected to fall this week.")


def test_a_digest_is_split_into_its_datelined_stories() -> None:
    doc = parse(article_from_text(DIGEST, "d"))
    parts = stories(doc)
    assert len(parts) == 4  # the heading, then three stories
    assert [own[0].text.split(" - ")[0] for _, own in parts[1:]] == ["BAGHDAD", "MANILA", "ROME"]
    one = parse(article_from_text("Iraq said its forces killed 300 Iranian troops.", "o"))
    assert stories(one) == [(one, None)]


def test_each_story_gets_its_own_parties() -> None:
    claims = analyze(article_from_text(DIGEST, "d")).claims
    by_count = {c.count.value: (c.target.side, c.claimant.side) for c in claims if c.stance == "assert"}
    assert by_count[300] == ("IRN", "IRQ")
    # "Tehran denied it." denies the report before it, in the Iran-Iraq story's own parties
    assert [(c.count.value, c.target.side, c.claimant.side) for c in claims if c.stance == "deny"] == [(300, "IRN", "IRN")]
    assert by_count[5][0] == "PHL"  # not a third party of the Iran-Iraq war

"""Hand-written articles and their analyses for the API and dashboard tests.

The articles are invented for these tests (no real reporting is copied). They are built by
hand as Analysis records, so the API tests do not depend on the extractor: what is stored
is exactly what the tests expect to read back. One article carries HTML and a script in
its title and text, to prove the dashboard shows them as text.
"""
from __future__ import annotations

import hashlib
from typing import Any

from warledger.records import (Actor, Article, Claim, Count, Event, Location, PartyRef, Period,
                               Target)
from warledger.store.base import Analysis

HOSTILE_TITLE = 'Shelling report <script>alert("title")</script> <b>bold</b>'
HOSTILE_LINE = '<img src=x onerror=alert("img")> <script>alert("text")</script>'


def _article(name: str, text: str, **kw: Any) -> Article:
    return Article(id=hashlib.sha256(text.encode()).hexdigest()[:16], name=name, text=text, **kw)


def _span(text: str, sentence: str) -> tuple[int, int]:
    i = text.index(sentence)
    return (i, i + len(sentence))


def _claim(art: Article, sentence: str, claimant: tuple[str, str, str], kind: str,
           target: tuple[str, str, str], value: int | None, count_text: str | None,
           stance: str = "assert", period: Period | None = None,
           location: Location | None = None, qualifier: str = "exact") -> Claim:
    return Claim(article=art.name, sentence=sentence, span=_span(art.text, sentence),
                 claimant=PartyRef(*claimant), stance=stance, kind=kind,  # type: ignore[arg-type]
                 target=Target(*target), perpetrator=Actor(party=None, side="UNKNOWN"),
                 count=Count(value=value, qualifier=qualifier, text=count_text),
                 location=location, period=period)


def analyses() -> list[Analysis]:
    """Four articles over three days from three outlets, claims from both sides and a
    third party, a cumulative pair, a denial, located claims and an event."""
    t1 = ("Border clashes enter second day\n\n"
          "The defence ministry in Baku said 14 enemy soldiers had been killed near Talish. "
          "Armenia's defence ministry said two of its servicemen were wounded. "
          "Observers from the mission said three civilians died in Martakert.")
    a1 = _article("demo-one", t1, title="Border clashes enter second day",
                  outlet="Caspian Wire", published="2020-09-28", url="https://example.org/one")
    s11 = "The defence ministry in Baku said 14 enemy soldiers had been killed near Talish."
    s12 = "Armenia's defence ministry said two of its servicemen were wounded."
    s13 = "Observers from the mission said three civilians died in Martakert."
    talish = Location(text="Talish", name="Talish", country="AZE", lat=40.19, lon=46.52, precision="town")
    martakert = Location(text="Martakert", name="Martakert", country="AZE", lat=40.21, lon=46.81, precision="town")
    c11 = _claim(a1, s11, ("The defence ministry in Baku", "AZE", "AZE"), "killed",
                 ("ARM", "ARM", "military"), 14, "14", location=talish,
                 period=Period(start="2020-09-27", end="2020-09-28", cumulative=True))
    c12 = _claim(a1, s12, ("Armenia's defence ministry", "ARM", "ARM"), "wounded",
                 ("ARM", "ARM", "military"), 2, "two")
    c13 = _claim(a1, s13, ("Observers from the mission", "OSCE", "THIRD"), "killed",
                 ("ARM", "ARM", "civilians"), 3, "three", location=martakert)
    ev1 = Event(article=a1.name, sentence=s11, span=_span(t1, s11), type="ASSAULT", mode=None,
                context=None, actor=PartyRef("Baku", "AZE", "AZE"),
                recipient=(PartyRef("enemy", "ARM", "ARM"),),
                claimant=PartyRef("The defence ministry in Baku", "AZE", "AZE"), stance="assert",
                modality="fact", location=talish, text="killed")

    t2 = ("Yerevan disputes toll\n\n"
          "Armenia's defence ministry denied that any soldiers had been killed near Talish. "
          "It said Azerbaijani forces had lost 40 soldiers since the fighting began.")
    a2 = _article("demo-two", t2, title="Yerevan disputes toll", outlet="Ararat Daily",
                  published="2020-09-29")
    s21 = "Armenia's defence ministry denied that any soldiers had been killed near Talish."
    s22 = "It said Azerbaijani forces had lost 40 soldiers since the fighting began."
    c21 = _claim(a2, s21, ("Armenia's defence ministry", "ARM", "ARM"), "killed",
                 ("ARM", "ARM", "military"), None, None, stance="deny", qualifier="vague")
    c22 = _claim(a2, s22, ("It", "ARM", "ARM"), "killed", ("AZE", "AZE", "military"), 40, "40",
                 period=Period(start="2020-09-27", end="2020-09-29", cumulative=True))

    t3 = HOSTILE_TITLE + "\n\n" + ("Officials in Baku said 20 enemy soldiers had been killed since the fighting began. "
                                    + HOSTILE_LINE + " The report said nothing else.")
    a3 = _article("demo-hostile", t3, title=HOSTILE_TITLE, outlet="Blog <i>Echo</i>",
                  published="2020-09-30", origin_outlet="Caspian Wire",
                  origin_url="https://example.org/one")
    s31 = "Officials in Baku said 20 enemy soldiers had been killed since the fighting began."
    c31 = _claim(a3, s31, ("Officials in Baku", "AZE", "AZE"), "killed", ("ARM", "ARM", "military"),
                 20, "20", period=Period(start="2020-09-27", end="2020-09-30", cumulative=True))

    t4 = ("Tank losses\n\n"
          "Azerbaijan's defence ministry said five Armenian tanks were destroyed overnight.")
    a4 = _article("demo-four", t4, title="Tank losses", outlet="Caspian Wire",
                  published="2020-09-30")
    s41 = "Azerbaijan's defence ministry said five Armenian tanks were destroyed overnight."
    c41 = _claim(a4, s41, ("Azerbaijan's defence ministry", "AZE", "AZE"), "destroyed",
                 ("ARM", "ARM", "tank"), 5, "five")
    return [Analysis(a1, (c11, c12, c13), (ev1,), conflict="karabakh"),
            Analysis(a2, (c21, c22), (), conflict="karabakh"),
            Analysis(a3, (c31,), (), conflict="karabakh"),
            Analysis(a4, (c41,), (), conflict="karabakh")]


def store_outlet_voice(db: str, outlet: str, text: str, target_side: str, value: int,
                       conflict: str) -> None:
    """A store at ``db`` holding one article of ``outlet`` whose own voice (no claimant
    named) says ``value`` soldiers of ``target_side`` were killed, in ``conflict``: what a
    party's outlet says counts as that party's claim where the profiles make it so."""
    from warledger.store import open_store

    article = _article("voice-1", text, outlet=outlet, published="2024-05-02", language="en")
    claim = _claim(article, text, (None, None, "UNKNOWN"), "killed",  # type: ignore[arg-type]
                   (target_side, target_side, "military"), value, str(value))
    store = open_store(db)
    try:
        store.put_batch([Analysis(article=article, claims=(claim,), conflict=conflict)])
    finally:
        store.close()

"""The typed records that flow between the stages (see DESIGN.md, "The data flow").

    source -> Article -> Document -> Claim / Event / Attribution -> store -> ledger -> outputs

Every record is a frozen dataclass so a stage cannot change what an earlier stage
produced, and every record turns into plain JSON with ``to_dict`` in the field names of
DESIGN.md, which is also what the store keeps and the API returns.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

Side = str  # an ISO 3166-1 alpha-3 code, a profile's own code, "THIRD" or "UNKNOWN"

KINDS = ("killed", "wounded", "captured", "missing", "destroyed", "damaged", "attacks", "losses")
PEOPLE = ("civilians", "military", "people")
MATERIEL = ("tank", "armored_vehicle", "artillery", "air_defense", "aircraft", "helicopter",
            "drone", "vehicle", "ship", "bunker", "unit", "equipment")
CATEGORIES = PEOPLE + MATERIEL + ("incidents",)
QUALIFIERS = ("exact", "about", "over", "at_least", "nearly", "up_to", "vague")
STANCES = ("assert", "deny")
MODALITIES = ("fact", "threat", "plan", "hypothetical")
PLOVER_TYPES = ("ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "ACCUSE", "REQUEST", "REJECT",
                "PROTEST", "SANCTION", "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE",
                "AID", "RETREAT")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.metadata.get("internal")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    """Mixin: JSON-ready dict in DESIGN.md's field names."""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


# --------------------------------------------------------------------------- Article


@dataclass(frozen=True)
class Article(Record):
    """One news article after ingestion: clean text plus provenance.

    ``id`` is a hash of the normalised text, so the same article read twice (from two
    files, or a feed and a WARC) is stored once. ``name`` is the human handle claims refer
    to: the input's own id, else the file name without extension, else the URL.
    """

    id: str
    name: str
    text: str
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    origin_url: str | None = None
    origin_outlet: str | None = None
    dateline: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) or datetime
    language: str | None = None
    cluster: str | None = None  # near-duplicate cluster id (wire copies, reposts)
    source: str | None = None  # the file or URL it was read from
    warnings: tuple[str, ...] = ()  # e.g. "non-English (fr)": kept, but flagged

    ARTICLE_FIELDS = ("id", "name", "title", "text", "url", "canonical_url", "outlet",
                      "origin_url", "origin_outlet", "dateline", "published", "language",
                      "cluster")


# --------------------------------------------------------------------------- Document


@dataclass(frozen=True)
class Token:
    """A token as the extractor sees it: no spaCy objects cross the ``nlp`` boundary.

    ``head`` is the index (within the Document) of the syntactic head; a root points to
    itself. ``start``/``end`` are character offsets into the article's clean text.
    """

    i: int
    text: str
    start: int
    end: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str = ""
    ent_iob: str = "O"
    like_num: bool = False


@dataclass(frozen=True)
class Sentence:
    """A sentence: character span into the clean text and token index range [first, last)."""

    start: int
    end: int
    text: str
    first: int
    last: int
    parsed: bool = True  # False when only tokenized (no claim trigger: not parsed, for speed)


@dataclass(frozen=True)
class Entity:
    text: str
    label: str  # spaCy label, or PARTY for profile names found by the entity ruler
    start: int
    end: int
    first: int  # token index range [first, last)
    last: int
    party: str | None = None  # the profile's party code, for PARTY entities


@dataclass(frozen=True)
class Document:
    """An Article with its linguistic analysis (only ``nlp`` builds these)."""

    article: Article
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...] = ()
    title_end: int = 0  # the title is text[0:title_end] when the text starts with it


# --------------------------------------------------------------------------- Claims


@dataclass(frozen=True)
class PartyRef(Record):
    """Who, as written, resolved to a party and its side (DESIGN.md "Parties and sides")."""

    text: str | None
    party: str | None
    side: Side


@dataclass(frozen=True)
class Target(Record):
    party: str | None
    side: Side
    category: str


@dataclass(frozen=True)
class Actor(Record):
    party: str | None
    side: Side


@dataclass(frozen=True)
class Count(Record):
    value: int | None
    qualifier: str  # one of QUALIFIERS
    text: str | None = None


@dataclass(frozen=True)
class Location(Record):
    text: str
    name: str | None = None  # the gazetteer's name
    country: str | None = None  # ISO alpha-3
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None  # point, town, region, country


@dataclass(frozen=True)
class Period(Record):
    start: str | None
    end: str | None
    cumulative: bool = False
    text: str | None = None


@dataclass(frozen=True)
class Claim(Record):
    """One attributed loss claim: the record every output is built on."""

    article: str
    sentence: str
    span: tuple[int, int]
    claimant: PartyRef
    stance: Literal["assert", "deny"]
    kind: str
    target: Target
    perpetrator: Actor | None
    count: Count
    location: Location | None = None
    period: Period | None = None
    # how the extractor decided (frame, side rule): shown by ``extract --explain``, never
    # stored or exported, and no part of a claim's identity
    why: tuple[str, ...] = dataclasses.field(default=(), compare=False, repr=False,
                                             metadata={"internal": True})


@dataclass(frozen=True)
class Attribution(Record):
    """Who said what: source, cue and content as character spans into the clean text."""

    article: str
    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    content: tuple[tuple[int, int], ...]
    source_text: str
    party: str | None
    side: Side


@dataclass(frozen=True)
class Event(Record):
    """A PLOVER-typed event around the losses (DESIGN.md "Events")."""

    article: str
    sentence: str
    span: tuple[int, int]
    type: str  # one of PLOVER_TYPES
    mode: str | None
    context: str | None
    actor: PartyRef | None
    recipient: tuple[PartyRef, ...]
    claimant: PartyRef
    stance: Literal["assert", "deny"]
    modality: str  # one of MODALITIES
    location: Location | None = None
    period: Period | None = None
    text: str | None = None  # the trigger phrase


@dataclass(frozen=True)
class Analysis:
    """One article with everything extracted from it: the extractor's output, and the unit
    a store writes atomically."""

    article: Article
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    # the conflict profile that resolved the claims' parties ("karabakh"), else None; the
    # store files the article and its claims under it so ``--conflict`` can select them
    conflict: str | None = None


def claim_from_dict(d: dict[str, Any]) -> Claim:
    """Rebuild a Claim from its JSON form (the store, the Spark output, the API)."""
    perp = d.get("perpetrator")
    loc = d.get("location")
    per = d.get("period")
    return Claim(
        article=d["article"], sentence=d["sentence"], span=tuple(d["span"]),
        claimant=PartyRef(**d["claimant"]), stance=d["stance"], kind=d["kind"],
        target=Target(**d["target"]), perpetrator=Actor(**perp) if perp else None,
        count=Count(**d["count"]), location=Location(**loc) if loc else None,
        period=Period(**per) if per else None)


def event_from_dict(d: dict[str, Any]) -> Event:
    loc = d.get("location")
    per = d.get("period")
    return Event(
        article=d["article"], sentence=d["sentence"], span=tuple(d["span"]),
        type=d["type"], mode=d.get("mode"), context=d.get("context"),
        actor=PartyRef(**d["actor"]) if d.get("actor") else None,
        recipient=tuple(PartyRef(**r) for r in d.get("recipient") or ()),
        claimant=PartyRef(**d["claimant"]), stance=d["stance"], modality=d["modality"],
        location=Location(**loc) if loc else None, period=Period(**per) if per else None,
        text=d.get("text"))


def article_from_dict(d: dict[str, Any]) -> Article:
    names = {f.name for f in dataclasses.fields(Article)}
    kw = {k: v for k, v in d.items() if k in names}
    if "warnings" in kw and kw["warnings"] is not None:
        kw["warnings"] = tuple(kw["warnings"])
    return Article(**kw)


__all__ = ["Article", "Token", "Sentence", "Entity", "Document", "PartyRef", "Target", "Actor",
           "Count", "Location", "Period", "Claim", "Attribution", "Event", "Analysis",
           "KINDS", "CATEGORIES", "QUALIFIERS", "PLOVER_TYPES", "claim_from_dict",
           "event_from_dict", "article_from_dict"]

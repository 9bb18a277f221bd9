"""Mark up an article's text for display: evidence sentences, and in them every claimant,
party, number and event trigger the extractor found (displaCy-like labelled spans).

The result is a list of plain segments (text + class + label) that the template renders
with autoescaping on, so article text, however hostile, is only ever shown as text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str  # m-claimant, m-count, m-party, m-event
    label: str
    party: str = ""  # the party a claimant or actor mark names (to mark its whole name)


@dataclass
class Piece:
    """A run of text: plain, or a labelled mark inside a sentence."""

    text: str
    css: str = ""
    label: str = ""


@dataclass
class Block:
    """Either plain text between sentences or one evidence sentence with its marks."""

    pieces: list[Piece]
    sentence: bool = False
    evidence: bool = False  # the sentence the user came to see
    anchors: list[str] = field(default_factory=list)  # claim-3, event-7 ...
    title: str = ""


def locate(text: str, span: Any, sentence: str | None) -> tuple[int, int] | None:
    """The sentence's offsets in ``text``: the stored span if it matches, else a search."""
    if isinstance(span, (list, tuple)) and len(span) == 2:
        try:
            a, b = int(span[0]), int(span[1])
        except (TypeError, ValueError):
            a, b = -1, -1
        if 0 <= a < b <= len(text) and (not sentence or _same(text[a:b], sentence)):
            return a, b
    if sentence:
        i = text.find(sentence)
        if i >= 0:
            return i, i + len(sentence)
    return None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _find(haystack: str, needle: str | None, base: int) -> tuple[int, int] | None:
    if not needle or not needle.strip():
        return None
    i = haystack.find(needle)
    if i < 0:
        i = haystack.lower().find(needle.lower())
    if i < 0:
        return None
    return base + i, base + i + len(needle)


def claim_marks(text: str, start: int, end: int, claim: dict[str, Any]) -> list[Mark]:
    """Claimant and count of one claim, found inside its sentence."""
    sent = text[start:end]
    marks = []
    claimant = claim.get("claimant") or {}
    where = _find(sent, claimant.get("text"), start)
    if where:
        side = claimant.get("party") or claimant.get("side") or "?"
        marks.append(Mark(*where, css="m-claimant", label=f"CLAIMANT {side}",
                          party=str(claimant.get("party") or "")))
    count = claim.get("count") or {}
    count_text = count.get("text") or (str(count["value"]) if count.get("value") is not None else None)
    where = _find(sent, count_text, start)
    if where:
        target = claim.get("target") or {}
        label = f"{str(claim.get('kind') or '').upper()} {target.get('side') or ''} {target.get('category') or ''}"
        marks.append(Mark(*where, css="m-count", label=" ".join(label.split())))
    return marks


def event_marks(text: str, start: int, end: int, event: dict[str, Any]) -> list[Mark]:
    """Trigger, actor and recipients of one event, found inside its sentence."""
    sent = text[start:end]
    marks = []
    where = _find(sent, event.get("text"), start)
    if where:
        marks.append(Mark(*where, css="m-event", label=str(event.get("type") or "EVENT")))
    actor = event.get("actor") or {}
    where = _find(sent, actor.get("text"), start)
    if where:
        marks.append(Mark(*where, css="m-party", label=f"ACTOR {actor.get('party') or actor.get('side') or ''}".strip(),
                          party=str(actor.get("party") or "")))
    for rec in event.get("recipient") or ():
        where = _find(sent, (rec or {}).get("text"), start)
        if where:
            marks.append(Mark(*where, css="m-party", label=f"TO {rec.get('party') or rec.get('side') or ''}".strip(),
                              party=str(rec.get("party") or "")))
    claimant = event.get("claimant") or {}
    where = _find(sent, claimant.get("text"), start)
    if where:
        marks.append(Mark(*where, css="m-claimant", label=f"CLAIMANT {claimant.get('party') or claimant.get('side') or '?'}",
                          party=str(claimant.get("party") or "")))
    return marks


def whole_name(text: str, start: int, end: int, mark: Mark) -> Mark:
    """Stretch a party's mark over the whole of a name it is part of: the extractor may
    have kept "the Council" of "the Council for Regional Security"; a mark (and its
    label) must not cut a name in two."""
    if not mark.party:
        return mark
    from warledger.web.names import party_aliases
    sent = text[start:end].lower()
    a, b = mark.start, mark.end
    for alias in party_aliases(mark.party):
        if len(alias) <= b - a:
            continue
        i = sent.find(alias.lower())
        while i >= 0:
            s0, s1 = start + i, start + i + len(alias)
            if s0 < b and a < s1 and _word_edges(text, s0, s1):
                a, b = min(a, s0), max(b, s1)
            i = sent.find(alias.lower(), i + 1)
    return mark if (a, b) == (mark.start, mark.end) else Mark(a, b, mark.css, mark.label, mark.party)


def _word_edges(text: str, a: int, b: int) -> bool:
    return (a == 0 or not text[a - 1].isalnum()) and (b >= len(text) or not text[b].isalnum())


def _non_overlapping(marks: list[Mark]) -> list[Mark]:
    """Keep the earliest (then longest) mark where marks overlap: one label per word."""
    kept: list[Mark] = []
    for m in sorted(set(marks), key=lambda m: (m.start, -(m.end - m.start))):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def mark_up(text: str, claims: list[dict[str, Any]], events: list[dict[str, Any]],
            evidence: tuple[int, int] | None = None) -> list[Block]:
    """Split ``text`` into blocks: plain runs, and sentences carrying claims or events."""
    sentences: dict[tuple[int, int], dict[str, Any]] = {}
    for kind, rows in (("claim", claims), ("event", events)):
        for row in rows:
            where = locate(text, row.get("span"), row.get("sentence"))
            if where is None:
                continue
            entry = sentences.setdefault(where, {"marks": [], "anchors": [], "titles": []})
            if row.get("id") is not None:
                entry["anchors"].append(f"{kind}-{row['id']}")
            if kind == "claim":
                entry["marks"].extend(claim_marks(text, *where, row))
                entry["titles"].append(_claim_title(row))
            else:
                entry["marks"].extend(event_marks(text, *where, row))
                entry["titles"].append(f"{row.get('type')} ({row.get('modality') or 'fact'})")
    if evidence is not None and evidence not in sentences and 0 <= evidence[0] < evidence[1] <= len(text):
        sentences[evidence] = {"marks": [], "anchors": [], "titles": []}
    blocks: list[Block] = []
    pos = 0
    for (a, b) in sorted(sentences):
        if a < pos:  # overlapping sentence spans: the first one wins
            continue
        if a > pos:
            blocks.append(Block([Piece(text[pos:a])]))
        entry = sentences[(a, b)]
        pieces: list[Piece] = []
        cur = a
        marks = [whole_name(text, a, b, m) for m in entry["marks"]]
        for m in _non_overlapping([m for m in marks if a <= m.start and m.end <= b]):
            if m.start > cur:
                pieces.append(Piece(text[cur:m.start]))
            pieces.append(Piece(text[m.start:m.end], css=m.css, label=m.label))
            cur = m.end
        if cur < b:
            pieces.append(Piece(text[cur:b]))
        is_ev = evidence is not None and _overlaps((a, b), evidence)
        blocks.append(Block(pieces, sentence=True, evidence=is_ev, anchors=entry["anchors"],
                            title="; ".join(entry["titles"])))
        pos = b
    if pos < len(text):
        blocks.append(Block([Piece(text[pos:])]))
    return blocks


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _claim_title(c: dict[str, Any]) -> str:
    from warledger.web.names import count_text
    target = c.get("target") or {}
    claimant = c.get("claimant") or {}
    return (f"{claimant.get('side') or '?'} {c.get('stance') or 'assert'}s "
            f"{c.get('kind') or ''} {count_text(c.get('count')) or '?'} "
            f"{target.get('side') or '?'} {target.get('category') or ''}").strip()


def parse_span(value: str | None) -> tuple[int, int] | None:
    """``412-520`` -> (412, 520); anything else -> None (a bad link shows the whole text)."""
    if not value:
        return None
    parts = value.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    a, b = int(parts[0]), int(parts[1])
    return (a, b) if a < b else None

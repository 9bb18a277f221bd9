"""What a situation report says, gathered from the store and the ledger, before any format.

Why a separate model: the HTML, PDF and Markdown reports must carry the same figures and the
same sentences, so everything is computed once here into plain records and the renderers
only lay them out. No figure is computed here that the ledger already computes: the
headline figures are ``build_ledger`` rows, and the cumulative lines are the ledger asked
again "up to this day" for each day of the period, so they follow the same rules
(repeats counted once, cumulative tolls superseding, docs/ledger.md).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from warledger.errors import UsageError
from warledger.ledger import COLUMNS, LedgerQuery, LedgerRow, build_ledger
from warledger.store.base import Store

PEOPLE_KINDS = ("killed", "wounded", "captured", "missing")
HEADLINE_KINDS = PEOPLE_KINDS + ("destroyed",)
COLUMN_NAMES = {"admitted": "admitted", "adversary": "adversary claims",
                "third_party": "third parties"}
MAX_CHART_DAYS = 60  # beyond this, the cumulative lines are sampled at each week's last day
MAX_EVENTS_PER_GROUP = 15
# a figure of a long war can rest on thousands of claims: the report lists this many per
# column and names the ids of the rest (``warledger claims --id N`` shows them)
MAX_EVIDENCE_PER_COLUMN = 25


@dataclass(frozen=True)
class ReportQuery:
    """One conflict and period (all optional; a store with one conflict needs none)."""

    conflict: str | None = None
    side: str | None = None  # only the losses of this side
    since: str | None = None  # ISO dates, on the day a claim is about (as the ledger)
    until: str | None = None
    links: str | None = None  # dashboard base URL ("" for relative links); None: no links
    profiles: tuple[str, ...] = ()  # the user's profile files, besides the shipped ones


@dataclass(frozen=True)
class Basis:
    """What the report was built from: the articles behind its claims and events."""

    articles: int
    outlets: int
    stories: int  # near-duplicate clusters: a repost and its original are one story
    claims: int
    events: int


@dataclass(frozen=True)
class Row:
    """A ledger row with its place in the report (``anchor``) and its claims."""

    anchor: str
    ledger: LedgerRow
    claims: dict[str, tuple[dict[str, Any], ...]]  # column -> claim records

    @property
    def label(self) -> str:
        r = self.ledger
        return f"{r.kind} · {r.category.replace('_', ' ')}"

    @property
    def single_source(self) -> bool:
        return self.ledger.independent_sources <= 1


@dataclass(frozen=True)
class SideSection:
    code: str
    name: str
    parties: tuple[str, ...]  # "Nagorno-Karabakh (NKR)": the side's other parties
    headline: tuple[Row, ...]
    other: tuple[Row, ...]  # damaged, attacks, unspecified losses
    # cumulative people killed as claimed up to each day: column -> [(day, value, ids)]
    lines: dict[str, tuple[tuple[str, float, tuple[int, ...]], ...]] = field(default_factory=dict)
    line_claimants: dict[str, str] = field(default_factory=dict)  # column -> claimant side
    line_parties: dict[str, tuple[str, ...]] = field(default_factory=dict)  # column -> who says it

    @property
    def heading(self) -> str:
        if self.code == "THIRD":
            return "Losses of third parties (states and bodies outside the war)"
        if self.code == "UNKNOWN":
            return "Losses of a side the sources do not name"
        return f"Losses of {self.name}"


@dataclass(frozen=True)
class EventContradiction:
    """The same event asserted by some and denied by others, as the ledger finds it."""

    description: str
    asserts: tuple[dict[str, Any], ...]
    denials: tuple[dict[str, Any], ...]
    detail: str = ""  # the ledger's own words ("denial: TUR denies ... that ARM asserts")


@dataclass(frozen=True)
class Report:
    """Everything one report shows, in plain records: the renderers only lay it out."""

    conflict: str | None
    title: str
    period: tuple[str | None, str | None]
    query: ReportQuery
    generated: str
    version: str
    data_as_of: str | None
    basis: Basis
    sides: tuple[SideSection, ...]
    event_contradictions: tuple[EventContradiction, ...]
    key_events: tuple[tuple[str, tuple[dict[str, Any], ...], int], ...]  # heading, shown, total
    profiled: bool = True  # the conflict has a profile (else the state table named its sides)

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(r for s in self.sides for r in s.headline + s.other)

    @property
    def contradicted(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.ledger.contradictions)

    @property
    def period_text(self) -> str:
        start, end = self.period
        if start and end and start != end:
            return f"{start} to {end}"
        return start or end or "undated"

    @staticmethod
    def name(code: str | None) -> str:
        """``Armenia (ARM)``: named as on the dashboard (``dashboard.names``), so a side is
        written the same in the report and on every page."""
        from warledger.web.names import side_label

        return side_label(code)

    def download(self, fmt: str, paper: str = "a4") -> str | None:
        """This report's address on the dashboard in another format, when served."""
        if self.query.links is None:
            return None
        from urllib.parse import urlencode

        q = self.query
        params = {k: v for k, v in (("conflict", q.conflict), ("side", q.side),
                                    ("since", q.since), ("until", q.until)) if v}
        params.update(format=fmt, **({"paper": paper} if fmt == "pdf" else {}))
        return self.query.links.rstrip("/") + "/report?" + urlencode(params)

    def link(self, row: dict[str, Any], kind: str = "claim") -> str | None:
        """The dashboard page with this claim's or event's sentence highlighted, when the
        report is served (or given a dashboard URL); None in a report meant for print."""
        if self.query.links is None:
            return None
        # imported only when linking: the API (FastAPI, pydantic) is heavy to import
        from warledger.web.common import evidence_url

        url = evidence_url(row, kind)
        return self.query.links.rstrip("/") + url if url else None


# --------------------------------------------------------------------------- building


def build_report(store: Store, q: ReportQuery) -> Report:
    """The report for one conflict and period; raises UsageError for a selection that is
    malformed, spans several conflicts, or holds no claims (a report of nothing would read
    as "no losses", which is not what an empty store means). Sides are named with the
    query's profiles (``names.using_profiles``), as its ledger is computed with them."""
    from warledger.web.names import using_profiles

    with using_profiles(q.profiles):
        return _build_report(store, q)


def _build_report(store: Store, q: ReportQuery) -> Report:
    from warledger.store.base import Query

    since, until = _day("--since", q.since), _day("--until", q.until)
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}: the period is empty")
    side = q.side.strip().upper() if q.side and q.side.strip() else None
    conflict = q.conflict.strip() if q.conflict and q.conflict.strip() else None
    known = _conflicts(store)
    if not known and not store.count("claims", Query()):
        raise UsageError("the store holds no claims yet: ingest articles first "
                         "(warledger ingest FILES), then ask for a report")
    if conflict is not None and conflict not in known:
        raise UsageError(f"no claims of conflict {conflict!r} in the store"
                         + (f" (it holds: {', '.join(known)})" if known else " (it holds none)"))
    claims = store.claims(Query(conflict=conflict, side=side, since=since, until=until, limit=0))
    if not claims:
        raise UsageError("no claims match " + _selection(conflict, side, since, until)
                         + ": nothing to report")
    found = sorted({c["conflict"] for c in claims if c.get("conflict")})
    if conflict is None and len(found) > 1:
        raise UsageError(f"the selection holds claims of {len(found)} conflicts "
                         f"({', '.join(found)}): choose one with --conflict")
    conflict = conflict or (found[0] if found else None)
    if conflict is not None:  # chosen for the user: the same claims as if they had asked
        claims = [c for c in claims if c.get("conflict") == conflict]
    period_events = store.events(Query(conflict=conflict, since=since, until=until, limit=0))
    events = [e for e in period_events if side is None or _touches(e, side)]
    q = ReportQuery(conflict=conflict, side=side, since=since, until=until, links=q.links,
                    profiles=q.profiles)
    lq = LedgerQuery(conflict=conflict, side=side, since=since, until=until,
                     profiles=q.profiles)
    rows = [r for r in build_ledger(store, lq) if conflict is None or r.conflict == conflict]
    by_id = {c["id"]: c for c in claims}
    profile = _profile(conflict, q.profiles)
    days = sorted({c["day"] for c in claims if c.get("day")})
    period = (since or (days[0] if days else None), until or (days[-1] if days else None))
    sides = _sides(store, lq, rows, by_id, profile)
    title = f"Situation report: {_conflict_name(conflict, profile)}"
    return Report(conflict=conflict, title=title, period=period, query=q,
                  generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  version=_version(), data_as_of=_data_as_of(store),
                  basis=_basis(claims, events), sides=sides,
                  event_contradictions=tuple(event_contradictions(store, lq, period_events,
                                                                  side)),
                  key_events=tuple(key_events(events)), profiled=profile is not None)


# a day, or a datetime on that day (2020-09-29T08:00:00Z): what the API's ``since`` and
# ``until`` take (``web/common.DATE_PATTERN``); nothing else may follow the day
_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")


def _day(name: str, value: str | None) -> str | None:
    """The day a ``--since``/``--until`` names. Anything after the day but a time is
    refused, not cut off: ``2020-09-29junk`` is a typo, and a report of the wrong period
    read as the right one is worse than an error."""
    if value is None or not value.strip():
        return None
    m = _DAY.fullmatch(value.strip())
    try:
        if not m:
            raise ValueError
        return dt.date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        raise UsageError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _selection(conflict: str | None, side: str | None, since: str | None,
               until: str | None) -> str:
    parts = [f"conflict {conflict}" if conflict else "any conflict"]
    if side:
        parts.append(f"losses of side {side}")
    if since or until:
        parts.append(f"days {since or '…'} to {until or '…'}")
    return ", ".join(parts)


def _conflicts(store: Store) -> list[str]:
    getter = getattr(store, "conflicts", None)
    return list(getter()) if callable(getter) else []


def _touches(event: dict[str, Any], side: str) -> bool:
    sides = {(event.get("actor") or {}).get("side")}
    sides.update(r.get("side") for r in event.get("recipient") or ())
    return side in sides


def _version() -> str:
    from warledger import __version__
    return f"warledger {__version__}"


def _data_as_of(store: Store) -> str | None:
    """When and with which pipeline the claims were last (re-)extracted: the latest
    finished ingest, re-extraction or import run."""
    runs = getattr(store, "runs", None)
    if not callable(runs):
        return None
    for run in runs(50):
        if run.get("kind") in ("ingest", "reextract", "import") and run.get("finished"):
            model = (run.get("detail") or {}).get("model")
            return (f"{run['kind']} run {run['id']}, {str(run['finished'])[:16].replace('T', ' ')} UTC"
                    + (f", spaCy pipeline {model}" if model else ""))
    return None


def _basis(claims: list[dict[str, Any]], events: list[dict[str, Any]]) -> Basis:
    records = claims + events
    articles = {r["article_id"] for r in records}
    return Basis(articles=len(articles),
                 outlets=len({r.get("outlet") for r in records if r.get("outlet")}),
                 stories=len({r.get("cluster") or r["article_id"] for r in records}),
                 claims=len(claims), events=len(events))


def _conflict_name(conflict: str | None, profile: Any) -> str:
    """The profile's name; for a war the state table resolved ("IRN-IRQ"), its states'."""
    if profile is not None:
        return str(profile.name)
    if not conflict:
        return "claims without a conflict"
    from warledger.web.names import side_name

    return " – ".join(side_name(code) for code in conflict.split("-"))


def _profile(conflict: str | None, profiles: tuple[str, ...] = ()) -> Any:
    from warledger.profiles import load_profiles

    return next((p for p in load_profiles(profiles) if p.conflict == conflict), None)


def _sides(store: Store, lq: LedgerQuery, rows: list[LedgerRow], by_id: dict[int, dict[str, Any]],
           profile: Any) -> tuple[SideSection, ...]:
    order = list(profile.sides) if profile is not None else []
    codes = sorted({r.side for r in rows}, key=lambda s: (order.index(s) if s in order else 99, s))
    lines = cumulative_killed(store, lq, by_id)
    n = 0
    out = []
    for code in codes:
        mine = [r for r in rows if r.side == code]
        mine.sort(key=lambda r: (_kind_order(r.kind), -(r.high or 0), r.category))
        made = []
        for r in mine:
            n += 1
            made.append(Row(anchor=f"row-{n}", ledger=r, claims={
                col: tuple(by_id[i] for i in getattr(r, col).claim_ids if i in by_id)
                for col in COLUMNS if getattr(r, col) is not None}))
        parties: tuple[str, ...] = ()
        if profile is not None:
            parties = tuple(Report.name(p.code) for p in profile.parties
                            if p.side == code and p.code != code)
        side_lines = lines.get(code, {})
        claimant = {col: _claimant_side(pts, by_id) for col, pts in side_lines.items()}
        said_by = {col: _claimant_parties(pts, by_id) for col, pts in side_lines.items()}
        out.append(SideSection(code=code, name=Report.name(code), parties=parties,
                               headline=tuple(x for x in made if x.ledger.kind in HEADLINE_KINDS),
                               other=tuple(x for x in made if x.ledger.kind not in HEADLINE_KINDS),
                               lines=side_lines, line_claimants=claimant,
                               line_parties=said_by))
    return tuple(out)


def _kind_order(kind: str) -> int:
    order = HEADLINE_KINDS + ("damaged", "losses", "attacks")
    return order.index(kind) if kind in order else len(order)


def _claimant_parties(points: Iterable[tuple[str, float, tuple[int, ...]]],
                      by_id: dict[int, dict[str, Any]]) -> tuple[str, ...]:
    """Who speaks in a column's line (a claimant's party, else its side), as the ledger
    names a column's claimants."""
    seen: list[str] = []
    for _, _, ids in points:
        for i in ids:
            who = (by_id.get(i) or {}).get("claimant") or {}
            code = who.get("party") or who.get("side") or "UNKNOWN"
            if code not in seen:
                seen.append(code)
    return tuple(seen)


def _claimant_side(points: Iterable[tuple[str, float, tuple[int, ...]]],
                   by_id: dict[int, dict[str, Any]]) -> str:
    for _, _, ids in points:
        for i in ids:
            if i in by_id:
                return (by_id[i].get("claimant") or {}).get("side") or "UNKNOWN"
    return "UNKNOWN"


def cumulative_killed(store: Store, lq: LedgerQuery, by_id: dict[int, dict[str, Any]]
                      ) -> dict[str, dict[str, tuple[tuple[str, float, tuple[int, ...]], ...]]]:
    """Per target side and ledger column, the people killed as claimed from the period's
    start up to each day on which a claim falls: the ledger itself asked with ``until`` set
    to that day, its points summed over categories (soldiers and civilians are both dead).

    Why the ledger and not a running sum here: a cumulative toll supersedes the same
    claimant's earlier tolls and repeats count once; only the ledger knows those rules.
    """
    days = sorted({c["day"] for c in by_id.values()
                   if c.get("day") and c.get("kind") == "killed" and c.get("stance") != "deny"})
    if len(days) > MAX_CHART_DAYS:  # one point per week: the week's last claim day
        weekly: dict[str, str] = {}
        for d in days:
            week = dt.date.fromisoformat(d).isocalendar()[:2]
            weekly[str(week)] = d
        days = sorted(weekly.values())
    out: dict[str, dict[str, list[tuple[str, float, tuple[int, ...]]]]] = {}
    for day in days:
        q = LedgerQuery(conflict=lq.conflict, side=lq.side, since=lq.since, until=day,
                        profiles=lq.profiles)
        totals: dict[tuple[str, str], tuple[float, list[int]]] = {}
        for r in build_ledger(store, q):
            if r.kind != "killed" or (lq.conflict and r.conflict != lq.conflict):
                continue
            for col in COLUMNS:
                f = getattr(r, col)
                if f is None or f.point is None:
                    continue
                value, ids = totals.get((r.side, col), (0.0, []))
                totals[(r.side, col)] = (value + f.point, ids + list(f.claim_ids))
        for (side, col), (value, ids) in totals.items():
            out.setdefault(side, {}).setdefault(col, []).append((day, value, tuple(sorted(ids))))
    return {s: {c: tuple(p) for c, p in cols.items()} for s, cols in out.items()}


# --------------------------------------------------------------------------- events


def _event_label(kind: str, actor: str, recipients: Iterable[str], context: str | None) -> str:
    def who(code: str) -> str:
        return "an unnamed actor" if code in ("", "UNKNOWN") else Report.name(code)

    text = f"{kind} by {' / '.join(who(a) for a in actor.split('/'))}"
    recipients = list(recipients)
    if recipients:
        text += f" to {', '.join(who(r) for r in recipients)}"
    return text + (f" ({context})" if context else "")


def event_contradictions(store: Store, lq: LedgerQuery, events: list[dict[str, Any]],
                         side: str | None = None) -> list[EventContradiction]:
    """The ledger's event contradictions (``ledger.event_contradictions``: the same event
    asserted by some and denied by others, of one time) with their sentences; with a side,
    those whose events involve it. ``events``: the period's events, to find the sentences."""
    from dataclasses import replace

    from warledger.ledger import event_contradictions as found_by_ledger

    by_id = {e["id"]: e for e in events}
    out = []
    for found in found_by_ledger(store, replace(lq, side=None)):
        members = [by_id[i] for i in found.get("event_ids") or () if i in by_id]
        if not members or (side is not None and not any(_touches(e, side) for e in members)):
            continue
        asserts = _distinct_sentences(e for e in members if e.get("stance") != "deny")
        denials = _distinct_sentences(e for e in members if e.get("stance") == "deny")
        if asserts and denials:
            out.append(EventContradiction(
                _event_label(found["event_type"], found.get("actor") or "",
                             found.get("recipients") or (), found.get("context")),
                tuple(asserts), tuple(denials), found.get("description") or ""))
    return out


def _distinct_sentences(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each sentence once, in date order: a wire story carried by two outlets is one line
    naming both (``outlets``), not two."""
    first: dict[str, dict[str, Any]] = {}
    for e in sorted(events, key=lambda e: (e.get("day") or "", e["id"])):
        key = " ".join((e.get("sentence") or "").split()).lower()
        if key not in first:
            first[key] = {**e, "outlets": []}
        outlet = e.get("outlet") or "no outlet named"
        if outlet not in first[key]["outlets"]:
            first[key]["outlets"].append(outlet)
    return list(first.values())


EVENT_GROUPS = (
    ("Attacks and territory", lambda e: e.get("type") in ("ASSAULT", "RETREAT", "CONCEDE")),
    ("Ceasefire and negotiation calls, agreements",
     lambda e: e.get("context") in ("ceasefire", "negotiation")
     and e.get("type") in ("REQUEST", "AGREE", "CONSULT")),
    ("Threats", lambda e: e.get("type") == "THREATEN" or e.get("modality") == "threat"),
    ("Denials", lambda e: e.get("stance") == "deny"),
    ("Support and aid sent", lambda e: e.get("type") in ("SUPPORT", "AID", "MOBILIZE")),
)


def key_events(events: list[dict[str, Any]]) -> list[tuple[str, tuple[dict[str, Any], ...], int]]:
    """The events a reader of a situation report looks for, by group, each sentence once
    per group, in date order; a group shows at most ``MAX_EVENTS_PER_GROUP`` and says how
    many it had."""
    out = []
    for heading, test in EVENT_GROUPS:
        members = _distinct_sentences(e for e in events if test(e))
        if members:
            out.append((heading, tuple(members[:MAX_EVENTS_PER_GROUP]), len(members)))
    return out


__all__ = ["ReportQuery", "Report", "Row", "SideSection", "Basis", "EventContradiction",
           "build_report", "cumulative_killed", "event_contradictions", "key_events",
           "PEOPLE_KINDS", "HEADLINE_KINDS", "COLUMN_NAMES", "MAX_EVIDENCE_PER_COLUMN"]

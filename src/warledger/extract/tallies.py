"""Claims a sentence makes without a counted victim phrase of its own, beside the ones
``claims.sentence_claims`` builds from items: losses denied by saying all came back ("all
our aircraft returned safely to base": a zero), damage put at a sum of money ("caused
damage estimated at 500 mln dlrs"), and ordinal tallies ("the fifth Renamo attack this
year", "the third helicopter downed this month"). Also where a claim's loss happened
(``location_of``), which every claim asks.

Each function reads one sentence and returns its claim records, built by
``context.claim_record`` with the claimant of ``context.claimants_at``.
"""
from __future__ import annotations

import re

from warledger.extract.attribution import Index, Said
from warledger.extract.context import Context, Trigger, claim_record, claimant_side, claimants_at
from warledger.extract.items import PEOPLE, Item
from warledger.extract.lexicon import word_class_rx
from warledger.extract.quantities import ordinal_value
from warledger.extract.roles import loss_location, word_class
from warledger.extract.sides import Case, decide
from warledger.profiles import UNKNOWN
from warledger.records import Claim, Count, Document, Location, Sentence, Target
from warledger.times import MONTHS as MONTH_NAMES


def zero_losses(ctx: Context, doc: Document, idx: Index, sent: Sentence, si: int,
                 previous: list[Claim]) -> list[Claim]:
    """Losses denied outright by saying all came back: "all our aircraft returned safely to
    base" (no aircraft lost, the speaker's own), "the crew were safe" (no one hurt aboard
    the ship just named). ANNOTATION.md counts both as claims with value 0."""
    m = ctx.lexicon.safe_rx.search(sent.text)
    if m is None or re.search(r"\bother\s+(?:\w+\s+){0,2}$", sent.text[:m.start()], re.I):
        return []  # "all other aircraft returned safely": the one lost is claimed elsewhere
    toks, r = doc.tokens, ctx.resolver
    at = sent.start + m.start()
    verb = next((t.i for t in toks[sent.first:sent.last] if t.start >= at and t.dep not in ("aux", "auxpass")), None)
    said, _ = claimants_at(ctx, si, at)[0]
    c_party, c_side = claimant_side(said, None)
    said_safe = m.group(0).lower()
    back = said_safe.startswith(("came", "got", "were", "are", "have"))  # "came back", "were accounted for"
    if back and not re.search(r"\ball\b", sent.text[max(0, m.start() - 40):m.start()], re.I):
        return []  # "all our aircraft came back", "all vessels were accounted for": only all of them
    if back or said_safe.startswith("returned"):
        if any(c.span[0] == sent.start and c.target.category in _FLYING for c in previous):
            return []  # "denied that two MiG-23s had been shot down, saying both had returned safely"
        subj = idx.child(verb, {"nsubj", "nsubjpass"}) if verb is not None else None
        category, target = "aircraft", (c_party, c_side)
        if subj is not None:
            lo, hi = idx.subtree(subj)
            category = ctx.lexicon.categories.get(toks[subj].text.lower(), "aircraft")
            if category not in _FLYING + ("ship", "unit", "military"):
                return []
            ms = r.mentions(doc.article.text[toks[lo].start:toks[hi - 1].end], toks[lo].start)
            if ms:
                target = (ms[0].party, ms[0].side)
        # "the planes returned safely": none lost; "the unit returned safely to base": none
        # of its men lost
        kind = "destroyed" if category in _FLYING + ("ship",) else "losses"
        category = category if kind == "destroyed" else "military"
    elif m.group(0).lower().startswith("without"):
        # "the convoy reached the town without casualties": the subject's, else the speaker's
        category, kind, target = "people", "losses", (c_party, c_side)
        subj = _subject_before(toks, idx, verb) if verb is not None else None
        if subj is not None:
            lo, hi = idx.subtree(subj)
            ms = r.mentions(doc.article.text[toks[lo].start:toks[hi - 1].end], toks[lo].start)
            if ms:
                target = (ms[0].party, ms[0].side)
    else:
        # "the crew were safe", "its crew escaped unharmed": the crew of what was just hit,
        # fighters aboard a warship, an aircraft or a tank, civilians aboard merchant shipping
        # (none hurt when the words say so: "unhurt", "without injury"; else none lost)
        category = "people"
        kind = "wounded" if re.search(r"unhurt|unharmed|uninjured|injur", m.group(0), re.I) else "losses"
        hit = [c for c in previous if c.target.category in _CREWED]
        target = (hit[-1].target.party, hit[-1].target.side) if hit else (None, UNKNOWN)
        if hit:
            told = hit[-1].sentence.replace(hit[-1].claimant.text or "\0", "")  # not "an army spokesman said"
            merchant = (hit[-1].target.category == "vehicle" and not _MILITARY_VEHICLE.search(told)) or (
                hit[-1].target.category == "ship" and word_class_rx("merchant_ships").search(hit[-1].sentence.lower()))
            category = "civilians" if merchant else "military"
    doers = [c.perpetrator for c in previous if c.perpetrator is not None and c.perpetrator.side != UNKNOWN]
    if target[1] == UNKNOWN and doers and kind == "destroyed":
        target = (doers[-1].party, doers[-1].side)  # the attackers' planes
    return [claim_record(ctx, doc, sent, said, (c_party, c_side), kind,
                   Target(party=target[0], side=target[1], category=category), None,
                   Count(value=0, qualifier="exact", text=m.group(0)), location_of(ctx, doc, idx, sent, None, None, said),
                   (f"frame: zero losses '{m.group(0)}'", "side: speaker-or-ship-just-named"), stance="assert")]


# a vehicle of the forces: its crew are fighters ("an army truck", "an armoured bulldozer")
_MILITARY_VEHICLE = re.compile(r"\b(?:army|military|armou?red|troop|patrol|convoy)\b", re.I)
# what flies and comes back (or not)
_FLYING = ("aircraft", "helicopter", "drone")
# what has a crew
_CREWED = ("ship", "aircraft", "helicopter", "tank", "armored_vehicle", "vehicle")


def _subject_before(toks, idx: Index, k: int) -> int | None:
    """The subject of the clause that token ``k`` ("without casualties") hangs in."""
    for _ in range(4):
        subj = idx.child(k, {"nsubj", "nsubjpass"})
        if subj is not None or toks[k].head == k:
            return subj
        k = toks[k].head
    return None


def location_of(ctx: Context, doc: Document, idx: Index, sent: Sentence, item: Item | None,
              trig: Trigger | None, said: Said | None) -> Location | None:
    """Where the loss happened, not where it was told: the place of the loss phrase, else
    the first place of what was said ("told reporters in Ilvenna" is the speaker's place),
    else the sentence's first place."""
    if ctx.places_of is None:
        return None
    if trig is not None and item is not None:
        loc = loss_location(ctx, doc, idx, sent, item, trig)
        if loc is not None:
            return loc
    found = ctx.places_of(sent.text)
    if said is not None and said.content[0] >= sent.start and said.content[1] <= sent.end:
        found = tuple(f for f in found if said.content[0] <= sent.start + f[0] and sent.start + f[1] <= said.content[1])
    return found[0][2] if found else None


# a month's name or its abbreviation ("the May 17th attack" is a date, not a tally)
MONTHS = frozenset(MONTH_NAMES) | {m[:3] for m in MONTH_NAMES} | {"sept"}


def money_damage(ctx: Context, doc: Document, idx: Index, sent: Sentence, si: int,
                  previous: list[Claim]) -> list[Claim]:
    """Damage stated as money ("the raid caused 500 mln dlrs in damage"): ANNOTATION.md
    reads it as a damage claim with no count, on the object named (else equipment), unless
    the sentence already counts what was hit."""
    lex, toks = ctx.lexicon, doc.tokens
    if not lex.money_damage_rx.search(sent.text) or \
            any(c.span[0] == sent.start and c.kind in ("damaged", "destroyed") for c in previous):
        return []
    at = next((t.i for t in toks[sent.first:sent.last] if t.lemma in ("damage", "destruction")), None)
    if at is None:
        return []
    objects = [t.i for t in toks[sent.first:sent.last]
               if lex.categories.get(t.text.lower()) not in (None, "civilians", "military", "people", "unit",
                                                             "incidents")]
    head = objects[0] if objects else at
    item = Item(start=head, head=head, category=lex.categories.get(toks[head].text.lower(), "equipment"),
                quantity=None, kind="damaged",
                mentions=ctx.resolver.mentions(doc.article.text[toks[max(sent.first, head - 3)].start:toks[head].end],
                                               toks[max(sent.first, head - 3)].start))
    said, claimant = claimants_at(ctx, si, toks[at].start)[0]
    rule, (t_party, t_side), perp = decide(Case(ctx, doc, idx, sent, item, (item,), None, said, claimant, False))
    if t_side == UNKNOWN:
        hit = [c for c in previous if c.target.category not in PEOPLE and c.target.side != UNKNOWN]
        if hit:
            t_party, t_side, rule = hit[-1].target.party, hit[-1].target.side, "victims-of-story-so-far"
    c_party, c_side = claimant_side(said, claimant)
    return [claim_record(ctx, doc, sent, said, (c_party, c_side), "damaged",
                   Target(party=t_party, side=t_side, category=item.category), perp,
                   Count(value=None, qualifier="vague", text=None), location_of(ctx, doc, idx, sent, None, None, said),
                   ("frame: damage stated as money", f"side: {rule}"))]


# an ordinal counts only over a stated stretch of time: "this year", "in the past 24 hours"
_TALLY = re.compile(r"\b(?:this|last)\s+(?:year|month|week)\b|\bin\s+(?:the\s+)?(?:past|last)\b|\bsince\b|"
                    r"\bso\s+far\b|\bin\s+(?:\w+\s+){0,2}(?:days|weeks|months|years|hours)\b", re.I)


def _ordinal_of_materiel(ctx: Context, doc: Document, idx: Index, sent: Sentence, si: int, k: int,
                         n: int) -> Claim | None:
    """ "the 18th ship hit this year", "a vessel ..., the third in the past 24 hours":
    the ordinal counts the ships (or other materiel) hit so far, whoever's they were."""
    toks, lex = doc.tokens, ctx.lexicon
    noun = toks[k].head
    category = lex.categories.get(toks[noun].text.lower())
    if category is None and toks[noun].dep == "appos":  # "a vessel ..., the third"
        category = lex.categories.get(toks[toks[noun].head].text.lower())
        noun = toks[noun].head if category else noun
    elif category is None and toks[noun].pos == "VERB":  # "had hit a vessel ..., the third"
        obj = idx.child(noun, {"dobj", "nsubjpass"})
        category = lex.categories.get(toks[obj].text.lower()) if obj is not None else None
        noun = obj if category and obj is not None else noun
    if category in (None, "civilians", "military", "people", "incidents", "unit"):
        return None
    kids = idx.children[noun]
    participle = next((c for c in kids if toks[c].dep in ("acl", "relcl") and ctx.lexicon.kinds.get(toks[c].lemma)
                       in ("damaged", "destroyed")), None)
    kind = ctx.lexicon.kinds.get(toks[participle].lemma) if participle is not None else None
    if kind is None:
        loss = [t for t in toks[sent.first:sent.last] if ctx.lexicon.kinds.get(t.lemma) in ("damaged", "destroyed")
                and t.pos == "VERB"]
        kind = ctx.lexicon.kinds.get(loss[0].lemma) if loss else None
    if kind is None:
        return None
    said, _ = claimants_at(ctx, si, toks[k].start)[0]
    c_party, c_side = claimant_side(said, None)
    return claim_record(ctx, doc, sent, said, (c_party, c_side), kind, Target(party=None, side=UNKNOWN, category=category),
                  None, Count(value=n, qualifier="exact", text=toks[k].text), None,
                  (f"frame: ordinal '{toks[k].text}' of '{toks[noun].text}' {kind}", "side: unknown (a tally of many)"),
                  stance="assert")


def _first_place(ctx: Context, sent: Sentence) -> Location | None:
    found = ctx.places_of(sent.text) if ctx.places_of else ()
    return found[0][2] if found else None


def ordinal_attacks(ctx: Context, doc: Document, idx: Index, sent: Sentence, si: int,
                     frames: list) -> list[Claim]:
    """Attacks counted by an ordinal: "the ninth air raid over Lebanon this year" (9),
    "the 31st attack in nine months on the pipeline", "bombed ... for the second time" (2).
    The target is the party attacked (named in the patient or after "over"/"on"/"against"),
    else the enemy of the attacker; "the first" counts nothing."""
    toks, r = doc.tokens, ctx.resolver
    out: list[Claim] = []
    if not _TALLY.search(sent.text):
        return out  # "a second platform" is one more, not a count of two
    for k in range(sent.first, sent.last):
        n = ordinal_value(toks[k].text)
        if n is None or (k > sent.first and toks[k - 1].text.lower().rstrip(".") in MONTHS) \
                or (k + 1 < sent.last and toks[k + 1].text.lower().rstrip(".") in MONTHS):
            continue  # "the May 17th attack": a date
        noun = toks[k].head
        if toks[k].dep in ("attr", "acomp") and toks[noun].lemma == "be":  # "the attack was the 31st"
            subj = idx.child(noun, {"nsubj"})
            noun = subj if subj is not None else noun
        if toks[noun].text.lower() == "time" and toks[noun].head != noun:  # "for the second time"
            verb = toks[toks[noun].head].head if toks[toks[noun].head].dep == "prep" else toks[noun].head
            pred = verb if toks[verb].lemma in word_class("attack_lemmas") else None
        else:
            pred = noun if toks[noun].pos in ("NOUN", "PROPN") \
                and (toks[noun].text.lower() in ctx.lexicon.nominal or toks[noun].lemma in word_class("attack_lemmas")) \
                and ctx.lexicon.nominal.get(toks[noun].text.lower(), "damaged") == "damaged" else None
        if pred is None:
            hit = _ordinal_of_materiel(ctx, doc, idx, sent, si, k, n)
            if hit is not None:
                out.append(hit)
            continue
        lo, hi = idx.subtree(pred)
        if toks[pred].pos in ("VERB", "AUX"):
            obj = idx.child(pred, {"dobj"})
            lo, hi = idx.subtree(obj) if obj is not None else (pred, pred + 1)
        text = doc.article.text
        inside = [m for m in r.mentions(text[toks[lo].start:toks[hi - 1].end], toks[lo].start)
                  if m.field != "leaders" and m.side in r.sides]
        attacker = [m for m in r.mentions(text[sent.start:toks[lo].start], sent.start) if m.side in r.sides]
        # a party word before the attack noun is who attacked ("the fifth Renamo attack")
        attacker += [m for m in inside if m.end <= toks[pred].start]
        inside = [m for m in inside if m.end > toks[pred].start]
        targets = [m for m in inside if not attacker or m.side != attacker[-1].side]
        tgt: tuple[str | None, str]
        if targets:
            tgt, rule = (targets[0].party, targets[0].side), "party-attacked"
        elif attacker:
            e = ctx.enemy_of(attacker[-1].side)
            tgt, rule = ((r.main_party(e), e) if e else (None, UNKNOWN)), "enemy-of-attacker"
        else:
            tgt, rule = (None, UNKNOWN), "unknown"
        said, _ = claimants_at(ctx, si, toks[k].start)[0]
        c_party, c_side = claimant_side(said, None)
        out.append(claim_record(
            ctx, doc, sent, said, (c_party, c_side), "attacks", Target(party=tgt[0], side=tgt[1], category="incidents"),
            (attacker[-1].party, attacker[-1].side) if attacker else None,
            Count(value=n, qualifier="exact", text=toks[k].text),
            _first_place(ctx, sent),
            (f"frame: ordinal '{toks[k].text}' of '{toks[pred].text}'", f"side: {rule}"), stance="assert"))
    return out

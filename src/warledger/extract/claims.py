"""Loss claims: from a parsed Document to attributed ``Claim`` records (DESIGN.md).

The shape of a loss in war reporting is small and regular, so the rules are explicit:

1. *Items* (``items.py``): noun phrases that name victims or materiel ("Twelve Azeri civilians", "an
   entire motorised infantry regiment", "53 of its soldiers"), with their quantity and the
   party words inside them ("Azeri", "enemy", "its"); loss nouns ("heavy losses", "53
   casualties", "the death toll rose to 30"); elided nouns ("and 35 wounded"); counted
   attacks ("opened fire 127 times").
2. *Groups*: items joined only by "and", commas or "as well as" share one verb: "destroyed
   six tanks, 15 artillery pieces and over 100 soldiers" is three claims of one verb.
3. *Kind*: the loss verb that takes the group as object ("destroyed X", "confirmed losing
   X") or follows it as a passive or participle ("X were killed", "X downed"); none, or
   one under a threat or plan ("threatened to destroy"), is no claim.
4. *Sides* (``sides.py``): a table of small named rules, the first that decides wins and
   is recorded on the claim (``--explain``).
5. *Claimant*: the attribution covering the item (``attribution.claimant_at``).
"""
from __future__ import annotations

import re
from typing import Callable, Iterator, Sequence

from warledger.extract.attribution import Index, Said, attributions_of, index_of
from warledger.extract.context import (Context, Trigger, claim_record, claimant_side, claimants_at,
                                       counters_side)
from warledger.extract.happened import disaster, fired, irrealis, negated
from warledger.extract.frames import build_frames, frame_at, patient_items
from warledger.extract.items import COORD, PEOPLE, Item, find_items, words_of
from warledger.extract.lexicon import Lexicon, load_lexicon, match_phrase
from warledger.extract.lists import listed_losses
from warledger.extract.quantities import Quantity
from warledger.extract.roles import LOCATIVE_BEFORE, subject_party, word_class
from warledger.extract.sides import PEOPLE_STAY_PEOPLE, Case, decide
from warledger.extract.rebuttals import denied_reports, rebuttals
from warledger.extract.tallies import location_of, money_damage, ordinal_attacks, zero_losses
from warledger.profiles import THIRD, UNKNOWN, Mention, Resolver
from warledger.records import (Claim, Count, Document, Period, Location, Sentence,
                               Target, Token)

SKIP_BETWEEN = {"were", "was", "had", "have", "has", "been", "being", "be", "are", "is",
                "reportedly", "allegedly", "also", "all", "later", "subsequently", "seriously",
                "critically", "badly", "severely", "lightly", "slightly", "fatally", "mortally",
                "either", "each", "successfully", "completely", "totally", "partially",
                "then", "since", "already", "just", "now", "so", "far", "reported", "confirmed",
                "still", "currently", "presumed", "listed", "as", '"', "\u201c", "\u201d",
                "remain", "remained", "remains", "remaining",
                "believed", "thought", "feared", "said", "to", "both"}
ALONG = {"along with", "as well", "together with", "in addition", "addition to", "well as", "as as"}
# verbs whose subject is the victim: "1,400 soldiers surrendered", "321 of the crew died"
UNACCUSATIVE = {"die", "perish", "surrender", "drown", "sink", "crash", "fall"}
def find_triggers(doc: Document, sent: Sentence, lex: Lexicon) -> list[Trigger]:
    """Loss verbs and participles in a sentence, longest phrase first."""
    toks = doc.tokens
    words = words_of(doc, sent)
    lemmas = [t.lemma for t in toks[sent.first:sent.last]]
    out: list[Trigger] = []
    i = 0
    while i < len(words):
        hit = match_phrase(words, i, lex.kinds, lex.max_phrase) or match_phrase(lemmas, i, lex.kinds, lex.max_phrase)
        tok = toks[sent.first + i]
        if hit and (hit[1] > 1 or tok.pos in ("VERB", "AUX", "ADJ") or tok.tag in ("VBN", "VBD", "VBG", "JJ")):
            kind, n = hit
            # particles of phrasal verbs: "shot the drone down" is rare; "shot down" is a phrase
            if n == 1 and tok.lemma == "shoot" and i + 1 < len(words) and words[i + 1] == "down":
                n = 2
            if out and out[-1].end == sent.first + i - 1 and words[i - 1] in ("or", "and", "/"):
                # "destroyed or damaged 12 vehicles": the first verb decides; "killing or
                # wounding the soldiers" is a loss of either kind
                merged = "losses" if {out[-1].kind, kind} <= {"killed", "wounded", "captured", "missing"} \
                    and out[-1].kind != kind else out[-1].kind
                out[-1] = Trigger(out[-1].i, sent.first + i + n, merged, out[-1].lemma)
            else:
                out.append(Trigger(sent.first + i, sent.first + i + n, kind, tok.lemma))
            i += n
            continue
        i += 1
    return out


def _group(doc: Document, items: list[Item]) -> None:
    """Items joined only by coordination share a group (and so a verb and a side)."""
    toks = doc.tokens
    g = 0
    for n, it in enumerate(items):
        if n and _only_coordination(toks, items[n - 1].head + 1, it.start):
            it.group = items[n - 1].group
        else:
            g += 1
            it.group = g


def _only_coordination(toks: Sequence[Token], lo: int, hi: int) -> bool:
    return all(toks[k].text.lower() in COORD or toks[k].pos in ("CCONJ", "PUNCT") or
               toks[k].text.lower() in ("all", "the", "its", "their", "his", "her") or
               (toks[k].pos == "ADV" and toks[k].text.lower() not in ("not", "never"))
               for k in range(lo, hi))


def _assign_kinds(doc: Document, items: list[Item], triggers: list[Trigger]) -> dict[int, Trigger]:
    """For each group, the trigger that governs it: an active verb right before the group,
    else a passive/participle right after it, else an active verb further left."""
    toks = doc.tokens
    chosen: dict[int, Trigger] = {}
    groups: dict[int, list[Item]] = {}
    for it in items:
        groups.setdefault(it.group, []).append(it)
    item_tokens = {k for it in items for k in range(it.start, it.head + 1)}
    for g, members in groups.items():
        first, last = members[0], members[-1]
        left = [t for t in triggers if t.end <= first.start]
        right = [t for t in triggers if t.i > last.head]
        immediate = None
        if left:
            t = left[-1]
            between = range(t.end, first.start)
            if all(toks[k].text.lower() in ("the", "\u201c", '"', "all", "also", "nearly", "about",
                                             "some", "over", "more", "than", "at", "least", "up", "to",
                                             "around", "almost", "a", "an", "another", "them", ",", "including")
                   or toks[k].pos in ("DET", "ADV") for k in between):
                immediate = t
        passive = None
        if right and (toks[right[0].i].tag in ("VBN", "JJ") or right[0].end - right[0].i > 1
                      or toks[right[0].i - 1].lemma in ("be", "have", "get")
                      or right[0].lemma in UNACCUSATIVE):
            t = right[0]
            between = range(last.head + 1, t.i)
            if all(toks[k].text.lower() in SKIP_BETWEEN or toks[k].pos in ("AUX", "ADV", "PART")
                   or (toks[k].text == "," and k == last.head + 1)
                   or (_under(toks, k, last.head) and toks[k].pos not in ("VERB",))
                   for k in between):  # "12 soldiers from a maintenance company were missing"
                obj_follows = t.end < len(toks) and t.end in item_tokens and t.end <= toks[t.end].i \
                    and _starts_item(items, t.end)
                if not obj_follows:
                    passive = t
        farther = None
        if left and immediate is None:
            t = left[-1]
            between = range(t.end, first.start)
            if all((k in item_tokens or toks[k].text.lower() in COORD | {"the", "also", "and"}
                    or toks[k].pos in ("CCONJ", "PUNCT", "DET", "ADV"))
                   and toks[k].dep != "mark" for k in between):  # "died as troops looked on": a new clause
                farther = t
        pick = immediate or passive or farther
        if pick is None and g - 1 in chosen and first.start - 2 >= 0 and \
                " ".join(t.text.lower() for t in toks[first.start - 2:first.start]) in ALONG:
            pick = chosen[g - 1]  # "lost 1,140 troops ..., along with 14 tanks"
        if pick is not None:
            chosen[g] = pick
    return chosen


def _under(toks: Sequence[Token], k: int, head: int) -> bool:
    """Whether token ``k`` hangs (within a few steps) under token ``head``."""
    for _ in range(6):
        if k == head:
            return True
        if toks[k].head == k:
            return False
        k = toks[k].head
    return False


def _starts_item(items: Sequence[Item], k: int) -> bool:
    return any(it.start == k for it in items)


def sentence_claims(ctx: Context, doc: Document, idx: Index, si: int,
                    previous: list[Claim]) -> list[Claim]:
    """All loss claims of one sentence."""
    sent = doc.sentences[si]
    lex = ctx.lexicon
    toks = doc.tokens
    if disaster(doc, sent):
        return []
    items = find_items(doc, sent, lex, ctx.resolver)
    sources = [s.source for s in ctx.saids if s.sentence == si and not s.carried]
    frames = build_frames(doc, sent, idx.children, lex)
    items += patient_items(doc, sent, frames, items, idx.children, lex, ctx.resolver)
    items = sorted((it for it in items  # "British officers said": a source is no victim
                    if not any(a <= toks[it.start].start < b for a, b in sources)), key=lambda it: it.start)
    # "an Israeli Merkava 4 tank": the model's phrase inside the tank's is the same thing
    items = [it for it in items if not any(o is not it and o.category == it.category and o.start <= it.start
                                           and it.head < o.head for o in items)]
    if not items:
        return zero_losses(ctx, doc, idx, sent, si, previous) + ordinal_attacks(ctx, doc, idx, sent, si, frames) \
            + money_damage(ctx, doc, idx, sent, si, previous)
    triggers = find_triggers(doc, sent, lex)
    _group(doc, items)
    chosen = _assign_kinds(doc, items, triggers)
    for it in items:
        # a phrase no verb governs may be the patient of a nominal predicate ("an attack
        # on a tanker", "the seizure of two boats")
        if it.group not in chosen and it.kind is None:
            f = frame_at(frames, it.start, it.head)
            if f is not None and not f.negated:
                chosen[it.group] = Trigger(f.pred, f.pred + 1, f.kind, toks[f.pred].lemma)
    groups: dict[int, list[Item]] = {}
    for it in items:
        groups.setdefault(it.group, []).append(it)
    out: list[Claim] = []
    heads: list[int] = []  # the phrase head of each claim of ``out``
    totals: set[int] = set()  # loss nouns whose parts are listed as claims of their own
    for it in items:
        trig = chosen.get(it.group)
        if it.kind is None and toks[it.start - 1].text.lower() in ("with", "using", "by") and it.start > sent.first \
                and not (trig is not None and trig.i > it.head):  # "with 50 drones downed" is a loss
            continue  # "hit the frigate with two Exocet missiles": the weapon, not a loss
        if trig is not None and trig.i > it.head and toks[it.head].dep == "nsubj" \
                and toks[it.head].head == trig.i and _active(doc, trig.i) \
                and trig.kind != "missing" and toks[trig.i - 1].lemma != "be" \
                and trig.lemma not in UNACCUSATIVE | word_class("suffer") | {"become", "be", "go", "come"} \
                and not any(f.pred == trig.i and f.voice == "passive" and it.head in f.patients for f in frames):
            continue  # "the cruiser Vincennes had shot down ...": the shooter, not the shot
        adjacent = next((t for t in triggers if t.i == it.head + 1 and
                         (toks[t.i].tag in ("VBN", "JJ") or t.end - t.i > 1)), None)
        if adjacent is not None and trig is not None and trig.lemma in word_class("suffer") | {"have"} \
                and it.category in PEOPLE:
            trig = adjacent  # "lost 1,140 troops killed or wounded": the participle says how
        kind = it.kind
        # victims before their verb are its patients ("X were killed", "X downed"), unless
        # the verb has a subject of its own between them ("the farmers it wounded")
        subj = idx.child(trig.i, {"nsubj"}) if trig is not None and trig.i > it.head else None
        passive = trig is not None and trig.i > it.head and not (
            subj is not None and it.head < subj < trig.i and toks[subj].lemma not in ("that", "which", "who"))
        if kind is None:
            if trig is None:
                if it.inner_trigger and it.quantity is not None:
                    kind = it.inner_trigger  # "12 wounded soldiers"
                elif out and it.quantity is not None and (it.category in PEOPLE or out[-1].target.category not in PEOPLE) \
                        and (_after_including(doc, sent, it.start) or _in_listing(doc, sent, it)):
                    # "..., including two children (and three women)", "seven tanks, including
                    # four Leopards": parts of the last claim
                    kind = out[-1].kind
                elif it.quantity is not None and it.category in PEOPLE and \
                        (among := _AMONG.match(sent.text)) and among.group(1).lower() in lex.elided:
                    kind = lex.elided[among.group(1).lower()]  # "Among the wounded were three children"
                elif it.quantity is not None and (total := _total_of(doc, idx, it, lex)) is not None:
                    # "The enemy's losses amounted to 210 servicemen, seven tanks and five
                    # Bradleys": each part of the total is a loss of the total's kind
                    trig = Trigger(total, total + 1, lex.nouns[toks[total].text.lower()], "loss")
                    kind = trig.kind
                    totals.add(total)  # (its party word is the parts', read below from the loss noun)
                else:
                    continue
            else:
                if irrealis(doc, idx, trig, sent, lex) or negated(doc, idx, trig):
                    continue
                kind = trig.kind
        elif trig is not None and it.kind not in ("attacks",) and irrealis(doc, idx, trig, sent, lex):
            continue
        elif trig is not None and it.kind == "captured" and trig.kind in ("killed", "wounded", "destroyed") \
                and not passive and not it.elided:
            # "killed three hostages": the verb decides; hostages are civilians, prisoners soldiers
            kind = "killed" if trig.kind == "destroyed" else trig.kind
            it.category = "civilians" if doc.tokens[it.head].lemma in ("hostage", "captive") else "military"
        if kind == "attacks" and it.category != "incidents":
            continue
        if it.category == "incidents" and kind != "attacks":
            continue
        vague_before = [o for o in items if o.group == it.group and o.quantity is not None and o.head < it.start]
        if it.quantity is None and it.kind is None and toks[it.head].text.lower() not in ("those", "these") \
                and vague_before and getattr(vague_before[-1].quantity, "qualifier", None) == "vague" \
                and vague_before[-1].category not in PEOPLE and it.category not in PEOPLE \
                and vague_before[-1].category != it.category and not _after_including(doc, sent, it.start):
            # "a number of tanks and personnel carriers": a vague amount of each kind
            it.quantity = vague_before[-1].quantity
        if it.quantity is None and it.kind is None and toks[it.head].text.lower() not in ("those", "these") and (
                _after_including(doc, sent, it.start) or
                any(o.group == it.group and o.quantity is not None and o.head < it.start for o in items)):
            continue  # "73 fighters, among them mercenaries", "60 soldiers and allied fighters"
        if it.kind is None and it.quantity is None and trig is not None and trig.kind in ("damaged",) \
                and it.category in PEOPLE:
            continue
        # a verb of destruction on people is a killing; of capture on materiel stays capture
        if trig is not None and trig.lemma == "fall" and it.category not in PEOPLE:
            continue  # "two rockets fell": no loss; "10,000 soldiers fell": killed
        if it.category in PEOPLE and kind in ("destroyed", "damaged"):
            if kind == "damaged":
                continue  # "hit civilians" is no count of the dead
            # "three children were burned" are hurt ("burned to death" is a phrase of killing)
            kind = "wounded" if trig is not None and trig.lemma == "burn" else "killed"
            if trig is not None and "out of action" in doc.article.text[toks[trig.i].start:toks[max(trig.end - 1, it.head)].end + 15]:
                kind = "losses"  # "put 4,000 soldiers out of action": dead or wounded, not said which
        if it.category not in PEOPLE and it.category != "incidents" and kind in ("killed", "wounded", "missing", "losses") \
                and it.kind is None:
            if kind == "killed" or (kind == "losses" and trig is not None):
                kind = "destroyed"  # "the loss of 182 armoured vehicles", "neutralised two armoured vehicles"
            elif not (kind == "missing" and it.category in ("aircraft", "helicopter", "ship", "drone")
                      and toks[it.start - 1].text.lower() != "of"):  # "the crew of the cruiser X are missing"
                continue  # (an aircraft or a ship can be missing: "three jets were listed as missing")
        if kind in ("damaged", "destroyed") and it.quantity is None and not it.definite \
                and it.category not in PEOPLE and trig is not None and toks[trig.i].pos in ("NOUN", "PROPN"):
            continue  # "U.S. attacks on Iranian oil platforms": a bare plural names no object (ANNOTATION.md)
        if kind == "damaged" and it.quantity is None and not it.definite and it.category not in PEOPLE \
                and trig is not None and trig.lemma in word_class("attack_lemmas") \
                and toks[it.head].tag in ("NNS", "NNPS"):
            continue  # "Iraq attacked Iranian oil fields": attacked, not said to be hit, and not counted
        if trig is not None and toks[trig.i].lemma == "loss" and toks[trig.i].pos == "NOUN" and it.quantity is None \
                and not any(toks[k].dep == "amod" for k in idx.children[trig.i]):
            continue  # "regretted the loss of lives": no amount; "the heavy/worst loss of lives" is one
        if kind == "damaged" and it.category == "unit":
            continue  # "the patrol came under fire", "attacked a convoy": a formation is coded only destroyed
        if kind == "destroyed" and toks[it.head].lemma.lower() in word_class("munitions") and fired(doc, sent, trig):
            continue  # "shot down 25 of 30 cruise missiles": munitions fired, not losses (ANNOTATION.md)
        quantity = it.quantity or Quantity(None, "vague", None, 0)
        if not it.mentions and trig is not None and toks[trig.i].pos == "NOUN" \
                and toks[trig.i].text.lower() in lex.nouns and it.head > trig.i:
            # "Chechen losses were no more than five men": the party word on the loss noun
            # is whose the counted men were
            mods = [k for k in idx.children[trig.i] if toks[k].dep in ("amod", "poss", "compound") and k < trig.i]
            if mods:
                lo = min(idx.subtree(k)[0] for k in mods)
                it.mentions = list(ctx.resolver.mentions(doc.article.text[toks[lo].start:toks[trig.i].start],
                                                         toks[lo].start))
        pairs = claimants_at(ctx, si, toks[it.start].start)
        # a report and the denial around it are about the same loss: decided once, from
        # whoever "it" in the report stands for
        reporter = _pronoun_owner(doc, pairs)
        for said, claimant in pairs:
            judge = reporter or said
            rule, (t_party, t_side), perp = decide(Case(ctx, doc, idx, sent, it, tuple(groups[it.group]),
                                                         trig, judge, claimant, passive))
            before = [c for c in out if c.target.category in PEOPLE]
            if it.elided and before:  # "and 35 wounded": the same victims as the killed
                t_party, t_side = before[-1].target.party, before[-1].target.side
                perp = (before[-1].perpetrator.party, before[-1].perpetrator.side) \
                    if before[-1].perpetrator else None
                rule = "elided-same-victims"
            elif rule in _NO_WORD_OF_ITS_OWN and (whole := _whole_listed(out, before, it)) is not None \
                    and _in_listing(doc, sent, it):
                # "the toll had risen to 13,012, including 5,500 children", "25 Israeli military
                # vehicles ..., including 11 Merkava tanks": a part of the total (whose side the
                # part takes over a guess from the speaker or the story's home; materiel its
                # doer too)
                t_party, t_side = whole.target.party, whole.target.side
                if it.category not in PEOPLE and whole.perpetrator is not None:
                    perp = (whole.perpetrator.party, whole.perpetrator.side)
                rule = "part-of-the-total"
            crew = {toks[k].lemma for k in range(it.start, it.head + 1)} & {"crew", "crewman", "pilot", "sailor", "seaman"}
            held = [c for c in out if c.target.category in ("tank", "armored_vehicle", "ship", "aircraft",
                                                             "helicopter", "vehicle") and c.target.side != UNKNOWN] \
                if crew else []
            if held and rule in ("unknown", "claimant-own-default", "enemy-of-claimant-acting",
                                          "place-of-loss", "place-of-victims", "home-state"):
                # "a tank was destroyed ..., killing all four crew members": the crew of what was hit
                t_party, t_side = held[-1].target.party, held[-1].target.side
                perp = (held[-1].perpetrator.party, held[-1].perpetrator.side) if held[-1].perpetrator else None
                rule = "crew-of-what-was-hit"
            if it.category == "incidents" and not rule.startswith("attacks-"):
                # counted attacks with no party attacked named: the attacker is the subject
                # or the party named before the count, the target its enemy
                m, is_c = (subject_party(doc, idx, trig.i, ctx.resolver, said, lex) if trig else (None, False))
                if m is None:
                    m = next((mm for mm in ctx.resolver.mentions(sent.text, sent.start)
                              if mm.start < toks[it.start].start and mm.side in ctx.resolver.sides
                              and (said is None or mm.start > said.source[1] or mm.end < said.source[0])), None)
                verb = toks[it.head].head if toks[it.head].dep == "dobj" else it.head
                repelled = toks[verb].lemma in lex.side_words["repel_verbs"]
                if repelled:
                    # "Ukrainian forces repelled 14 attacks": the subject was attacked
                    m, is_c = subject_party(doc, idx, verb, ctx.resolver, said, lex)
                if m is not None and m.side in ctx.resolver.sides:
                    e = ctx.enemy_of(m.side)
                    enemy = (ctx.resolver.main_party(e), e) if e else (None, UNKNOWN)
                    if repelled:
                        (t_party, t_side), perp = (m.party, m.side), (enemy if e else None)
                        rule = "counted-attacks-on-subject"
                    else:
                        (t_party, t_side), perp = enemy, (m.party, m.side)
                        rule = "counted-attacks-of-subject"
            owner = _owner_named_before(ctx, doc, idx, sent, it) \
                if not it.mentions and rule in ("claimant-own-default", "unknown") else None
            if owner is not None:
                # "aircraft at the base were destroyed": the base named before ("Ukraine's
                # airbase at Starokostiantyniv") is whose they were
                t_party, t_side = owner.party, owner.side
                rule = "place-named-before"
            elif it.definite and not it.mentions and (same := [c for c in previous + out
                                                               if c.target.category == it.category]) and (
                    rule in ("claimant-own-default", "unknown") or (
                        rule in ("claimant-reports-a-hit", "enemy-of-claimant-acting") and it.category not in PEOPLE
                        and same[-1].span[0] >= doc.sentences[max(0, si - 1)].start)):
                # "It said the vessel sank": the ship an earlier claim named (also when the other
                # side tells of it: "Ukraine hit a Russian submarine, and Russia said the vessel was damaged")
                t_party, t_side = same[-1].target.party, same[-1].target.side
                rule = "definite-refers-back"
            if t_side == UNKNOWN and previous:
                # the victims of the story so far, when nothing here says whose: civilians
                # only follow civilians ("62 civilians" are not the soldiers just captured)
                recent = [c for c in previous if c.span[0] >= doc.sentences[max(0, si - 2)].start
                          and (it.category != "civilians" or c.target.category in ("civilians", "people"))]
                if recent:
                    t_party, t_side = recent[-1].target.party, recent[-1].target.side
                    rule = "victims-of-story-so-far"
            if perp is None:
                e = ctx.enemy_of(t_side)
                perp = (ctx.resolver.main_party(e), e) if e else None
            c_party, c_side = counters_side(ctx, said, claimant_side(said, claimant), (t_party, t_side),
                                            it.category, perp)
            if t_side == THIRD and t_party in ctx.resolver.states and ctx.resolver.profile is None \
                    and rule != "peacekeepers":
                t_side = t_party  # a war without a profile: whoever lost them is a party to it
                rule += "+unprofiled-state"
            category = it.category
            if category == "people" and kind in ("killed", "captured", "losses") \
                    and rule not in PEOPLE_STAY_PEOPLE and \
                    c_side in ctx.resolver.sides and t_side == ctx.enemy_of(c_side):
                category = "military"  # "Iraq says 6,500 Iranians killed": the enemy's fighters
            elif category == "people" and _forces_suffered(doc, idx, trig.i if trig is not None else it.head, lex):
                category = "military"  # "Moslem forces had lost 200 dead", "the convoy suffered no casualties"
            out.append(claim_record(
                ctx, doc, sent, said, (c_party, c_side), kind, Target(party=t_party, side=t_side, category=category),
                perp, Count(value=quantity.value, qualifier=quantity.qualifier,
                            text=quantity.text if it.quantity else None),
                location_of(ctx, doc, idx, sent, it, trig, said), (_frame_note(doc, trig, it, frames), f"side: {rule}")))
            heads.append(it.head)
    if totals:
        # the total told by its parts ("losses amounted to 210 servicemen, seven tanks"):
        # the parts are the claims, the loss noun that sums them up is none of its own
        out = [c for c, h in zip(out, heads) if h not in totals]
    out = _drop_summaries(out)
    return out + zero_losses(ctx, doc, idx, sent, si, previous + out) \
        + ordinal_attacks(ctx, doc, idx, sent, si, frames) + money_damage(ctx, doc, idx, sent, si, previous + out)


def _owner_named_before(ctx: Context, doc: Document, idx: Index, sent: Sentence, it: Item):
    """The party of the place a loss is "at the X" (or "on", "in", "of the X") when an
    earlier sentence of the story named that X with its party ("Ukraine's airbase" ...
    "aircraft at the base"; "Azerbaijan's gas field at Shah Deniz" ... "rigs at the field")."""
    toks = doc.tokens
    k = it.head + 1
    if not (k + 2 < sent.last and toks[k].text.lower() in ("at", "on", "in", "of")
            and toks[k + 1].text.lower() == "the" and toks[k + 2].pos == "NOUN"):
        return None
    noun = toks[k + 2].lemma
    if len(noun) < 4:
        return None
    r = ctx.resolver
    for j in range(sent.first - 1, max(0, sent.first - 120) - 1, -1):
        w = toks[j].text.lower()
        if toks[j].pos in ("NOUN", "PROPN") and (toks[j].lemma == noun or w.endswith(noun)):
            lo = j  # the words before the noun that hang from it ("Ukraine's new airbase")
            while lo > 0 and j - lo < 5 and _hangs_from(toks, lo - 1, j):
                lo -= 1
            found = [m for m in r.mentions(doc.article.text[toks[lo].start:toks[j].end], toks[lo].start)
                     if m.side in r.sides]
            if found:
                return found[0]
    return None


def _hangs_from(toks, k: int, j: int) -> bool:
    """Whether token ``k`` is within three steps below token ``j`` in the tree."""
    for _ in range(3):
        if toks[k].head == j:
            return True
        if toks[k].head == k:
            return False
        k = toks[k].head
    return False


def _frame_note(doc: Document, trig: Trigger | None, item: Item, frames: list) -> str:
    """What made the phrase a loss, for ``--explain``."""
    toks = doc.tokens
    phrase = doc.article.text[toks[item.start].start:toks[item.head].end]
    if trig is None:
        return f"frame: loss noun or inner participle in '{phrase}'"
    f = next((f for f in frames if f.pred == trig.i), None)
    form = f"{f.form} {f.voice}" if f else ("nominal" if toks[trig.i].pos == "NOUN" else "phrase")
    word = doc.article.text[toks[trig.i].start:toks[trig.end - 1].end]
    return f"frame: {form} '{word}' ({trig.kind}) on '{phrase}'"


def _active(doc: Document, i: int) -> bool:
    """An active verb form: "struck", "strikes", "have struck" (not "were struck")."""
    toks = doc.tokens
    if toks[i].tag in ("VBD", "VBZ", "VBP", "VBG", "VB"):
        return True
    lo, hi = max(0, i - 6), min(len(toks), i + 6)
    if toks[i].tag == "VBN" and any(toks[k].dep == "nsubj" and toks[k].head == i for k in range(lo, i)) \
            and any(toks[k].dep == "dobj" and toks[k].head == i for k in range(lo, hi)) \
            and not any(toks[k].dep == "auxpass" and toks[k].head == i for k in range(lo, hi)):
        return True  # a past tense read as a participle: "the men whom soldiers executed"
    return toks[i].tag == "VBN" and any(toks[k].lemma == "have" and toks[k].head == i
                                        for k in range(max(0, i - 3), i)) \
        and not any(toks[k].dep == "auxpass" and toks[k].head == i for k in range(max(0, i - 3), i))


# side rules that read nothing of the phrase or its predicate: a part of a total listed
# after it takes the total's side instead
_NO_WORD_OF_ITS_OWN = frozenset({"unknown", "claimant-own-default", "home-state", "enemy-of-claimant-acting"})


def _after_including(doc: Document, sent: Sentence, k: int) -> bool:
    words = [t.text.lower() for t in doc.tokens[max(sent.first, k - 3):k]]
    return bool(words) and (words[-1] in ("including", "among") or words[-2:] == ["among", "them"]
                            or words[-2:] == ["among", "whom"] or words[-3:] == ["among", "the", "dead"]
                            or words[-3:] == ["among", "the", "wounded"] or words[-2:] == ["were", "including"]
                            # "1,200 people, most of them civilians": what the total was, no claim of its own
                            or words[-2:] == ["of", "them"] or words[-1] == "mostly")


def _pronoun_owner(doc: Document, pairs: list[tuple[Said | None, Mention | None]]) -> Said | None:
    """Whom "it" stands for in a report that a denial (or confirmation) wraps: the report's
    owner when it is named as one ("denied the RSF's claim that it had shot down a
    bomber"), else the one who denies ("Ukraine denied Russian reports that it had lost six
    tanks"), so that the report and the denial count the same side's loss."""
    if len(pairs) != 2 or pairs[0][0] is None or pairs[0][0].within is None:
        return None
    inner, outer = pairs[0][0], pairs[0][0].within
    after = doc.article.text[inner.source[1]:inner.source[1] + 2]
    return inner if after in ("'s", "\u2019s") else outer


def _drop_summaries(claims: list[Claim]) -> list[Claim]:
    """ "suffered major losses ..., with 50 drones downed and 80 tanks destroyed": the
    vague total is summed up by its breakdown, so only the counted items are claims."""
    if not claims or not _BREAKDOWN.search(claims[0].sentence):
        return claims  # "inflicted heavy losses ..., while an attack killed four": two claims
    counted = {(c.claimant.side, c.target.side) for c in claims if c.count.value is not None}
    return [c for c in claims if not (c.kind == "losses" and c.count.value is None
                                      and (c.claimant.side, c.target.side) in counted)]


def _whole_listed(out: list[Claim], people: list[Claim], it: Item) -> Claim | None:
    """The claim a listed part belongs to: the last of people for people, the last claim
    when it is of materiel for materiel; none of no known side."""
    whole = (people[-1] if people else None) if it.category in PEOPLE else \
        (out[-1] if out and out[-1].target.category not in PEOPLE else None)
    return whole if whole is not None and whole.target.side != UNKNOWN else None


def _forces_suffered(doc: Document, idx: Index, k: int, lex: Lexicon) -> bool:
    """Whether the subject of the verb that lost or suffered the people (the loss predicate
    ``k``, or the verb of the loss noun ``k``) is a force (troops, forces, a convoy, a
    patrol): then the people lost are its men."""
    toks = doc.tokens
    verb = k if toks[k].pos in ("VERB", "AUX") else toks[k].head
    if toks[verb].lemma not in word_class("suffer"):
        return False
    subj = idx.child(verb, {"nsubj"})
    if subj is None and toks[verb].dep == "conj" and toks[verb].head != verb:
        subj = idx.child(toks[verb].head, {"nsubj", "nsubjpass"})  # "troops were not involved and suffered no casualties"
    if subj is None:
        return False
    word = toks[subj].text.lower()
    return word in word_class("force_nouns") or lex.categories.get(word) in ("military", "unit")


_COMES_TO = frozenset({"amount", "total", "number", "be", "include", "comprise", "reach", "stand"})


def _total_of(doc: Document, idx: Index, it: Item, lex: Lexicon) -> int | None:
    """The loss noun whose total the phrase is a part of: the subject of a verb that brings
    it to a figure ("losses amounted to", "casualties were", "losses included"), the phrase
    its complement or a later item of that complement's list."""
    toks = doc.tokens
    h = it.head
    for _ in range(6):
        if toks[h].dep in ("appos", "conj", "pobj", "attr", "dobj", "prep") and toks[h].head != h:
            h = toks[h].head
            if toks[h].pos in ("VERB", "AUX"):
                break
        else:
            return None
    if toks[h].lemma not in _COMES_TO:
        return None
    subj = idx.child(h, {"nsubj"})
    if subj is None or toks[subj].text.lower() not in lex.nouns or lex.nouns[toks[subj].text.lower()] != "losses":
        return None
    return subj


_AMONG = re.compile(r"\s*Among\s+the\s+(\w+)\s+(?:were|was|are)\b", re.I)
# a loss total followed by its breakdown: "major losses ..., with nearly 50 drones downed"
_BREAKDOWN = re.compile(r"\b(?:losses|casualties)\b[^.;]*?\b(?:with|including|among them)\b|"
                        r"\b(?:losses|casualties)\b[^.;]*?:", re.I)


def _enemies(doc: Document, r: Resolver) -> dict[str, str]:
    """In a war of more than two sides (Israel against Hamas, Hezbollah, the Houthis), "the
    enemy" of the first side is the other side this article names most; every other side
    fights the first (the profile says so: Hezbollah's enemy is Israel even in a story
    that names Lebanon more); the population party of a civil war (Sudan's SDN) is
    nobody's enemy."""
    if len(r.sides) <= 2 or r.camp_of:  # camps: each side's enemy is the other camp's leader
        return {}
    civ = r.side_of(r.profile.civilians) if r.profile and r.profile.civilians else None
    counts: dict[str, int] = {}
    text = doc.article.text
    for m in r.mentions(text):
        # "strikes in southern Lebanon": a place named is no one fighting
        if m.side in r.sides and m.side != civ and not LOCATIVE_BEFORE.search(text[max(0, m.start - 30):m.start]):
            counts[m.side] = counts.get(m.side, 0) + 1
    # sides that field an armed group ("Hezbollah", "Hamas"), when the story names one: a
    # state side the profile keeps for the people struck on its soil (Lebanon) is no enemy
    # then, however often it is named
    armed = {p.side for p in r.profile.parties if p.code not in r.states} if r.profile else set()
    out: dict[str, str] = {}
    for side in r.sides[:1]:
        others = [(n, o) for o, n in counts.items() if o != side]
        if side in r.states and any(o in armed for _, o in others):
            others = [(n, o) for n, o in others if o in armed]
        default = r.enemy_of(side)
        if others:
            n, best = max(others)
            if default is None or n > counts.get(default, 0):
                out[side] = best
    return out


def extract_claims(doc: Document, resolver: Resolver, saids: Sequence[Said] | None = None,
                   period_of: Callable[[str], Period | None] | None = None,
                   places_of: Callable[[str], Sequence[tuple[int, int, Location]]] | None = None
                   ) -> Iterator[Claim]:
    """Every loss claim in a document, in text order."""
    lex = load_lexicon()
    if saids is None:
        saids = attributions_of(doc, resolver, lex)
    ctx = Context(resolver=resolver, saids=tuple(saids), lexicon=lex, period_of=period_of,
                  places_of=places_of, enemies=_enemies(doc, resolver))
    idx = index_of(doc)
    previous: list[Claim] = []
    for si, sent in enumerate(doc.sentences):
        found: list[Claim] = []
        if sent.parsed and (lex.trigger_rx.search(sent.text) or lex.safe_rx.search(sent.text)):
            found = sentence_claims(ctx, doc, idx, si, previous)
            found += rebuttals(sent, found, resolver)
        if not found:
            found = listed_losses(ctx, doc, si) or denied_reports(ctx, doc, si, previous)
        found = _once(found)
        previous.extend(found)
        yield from found


def _once(found: list[Claim]) -> list[Claim]:
    """One record of a count a sentence tells twice ("The deaths brought the toll to 31":
    the deaths and the toll are the same 31). Counts of one are kept: "a destroyer and a
    minesweeper" are two ships of one each (ANNOTATION.md)."""
    seen: set[tuple] = set()
    out = []
    for c in found:
        key = (c.kind, c.target.category, c.target.side, c.count.value, c.claimant.side, c.stance)
        if c.count.value is not None and c.count.value >= 2 and key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def _in_listing(doc: Document, sent: Sentence, it: Item) -> bool:
    """The phrase is listed after "including" or "among them", alone or as a later
    conjunct ("including 5,500 children and 3,600 women")."""
    toks = doc.tokens
    h = it.head
    for _ in range(3):
        if toks[h].dep != "conj" or toks[h].head == h:
            break
        h = toks[h].head
    first = k = min(it.start, h)  # back over the count and modifiers of the first conjunct
    while k > sent.first and toks[k - 1].head in (h, first) and toks[k - 1].dep in ("nummod", "amod", "quantmod"):
        k -= 1
    return _after_including(doc, sent, k) or (toks[h].dep == "pobj" and toks[toks[h].head].text.lower() in
                                              ("including", "among"))

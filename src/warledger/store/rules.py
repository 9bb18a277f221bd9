"""The ledger's per-claim rules as SQL expressions over ``claims c``: a claim's number as a
range and a point (docs/ledger.md, rule 3), the voice it speaks with (rule 2), the
place its scope is compared by (rule 7) and how a column counts its claims.

Why a module of their own: the ledger's queries (``ledger_sql``) and the summary the store
keeps at write time (``summary``) must apply the very same expressions, and the summary's
fingerprint is made of their text.
"""
from __future__ import annotations

from warledger import dedup


def _big(expr: str) -> str:
    return f"CAST({expr} AS BIGINT)"


N = "c.count_value"
NO_RANGE = f"c.stance <> 'assert' OR {N} IS NULL OR c.count_qualifier = 'vague'"
LO = (f"CASE WHEN {NO_RANGE} THEN NULL "
      f"WHEN c.count_qualifier = 'about' THEN {_big(f'FLOOR({N} * 0.9)')} "
      f"WHEN c.count_qualifier = 'over' THEN {N} + 1 "
      f"WHEN c.count_qualifier = 'nearly' THEN LEAST({_big(f'FLOOR({N} * 0.9)')}, GREATEST({N} - 1, 0)) "
      f"WHEN c.count_qualifier = 'up_to' THEN LEAST({N}, 1) "
      f"ELSE {N} END")
HI = (f"CASE WHEN {NO_RANGE} THEN NULL "
      f"WHEN c.count_qualifier = 'about' THEN {_big(f'CEIL({N} * 1.1)')} "
      f"WHEN c.count_qualifier = 'over' THEN GREATEST({N} + 1, {_big(f'CEIL({N} * 1.5)')}) "
      f"WHEN c.count_qualifier = 'at_least' THEN GREATEST({N}, {_big(f'CEIL({N} * 1.5)')}) "
      f"WHEN c.count_qualifier = 'nearly' THEN GREATEST({N} - 1, 0) "
      f"ELSE {N} END")
PT = (f"CASE WHEN {NO_RANGE} THEN NULL "
      f"WHEN c.count_qualifier = 'over' THEN {N} + 1 "
      f"WHEN c.count_qualifier = 'nearly' THEN GREATEST({N} - 1, 0) "
      f"ELSE {N} END")

# a claim's place as one text, for the scopes' comparisons (rule 7): '' when it names none;
# its words, gazetteer name, country and precision (the coordinates follow from the name)
PLACE = ("CASE WHEN c.location_text IS NULL THEN '' ELSE c.location_text || '|' || "
         "COALESCE(c.location_name, '') || '|' || COALESCE(c.location_country, '') || '|' || "
         "COALESCE(c.location_precision, '') END")


# how a column counts its claims: (the ledger's name, the summary cell's column, the
# aggregate over claims). The summary's cells keep them per cell (``summary.cells_sql``)
# and the ledger read from the summary adds the cells' up (ids: joins their lists).
COUNTS = (("n_claims", "n", "COUNT(*)"),
          ("ids", "ids", "string_agg(CAST(id AS TEXT), ',')"),
          ("denials", "denials", "SUM(CASE WHEN stance = 'deny' THEN 1 ELSE 0 END)"),
          ("assertions", "assertions", "SUM(CASE WHEN stance = 'assert' THEN 1 ELSE 0 END)"),
          ("vague", "vague", "SUM(CASE WHEN stance = 'assert' AND lo IS NULL THEN 1 ELSE 0 END)"))


def _belligerents(profiles: tuple[str, ...] = ()) -> dict[str, set[str]]:
    """Per side code, the profiled conflicts in which it fights (not THIRD): the shipped
    profiles and the user's (``Query.profiles``)."""
    from warledger.profiles import load_profiles

    out: dict[str, set[str]] = {}
    for profile in load_profiles(profiles):  # a broken user profile is a ProfileError
        for p in profile.parties:
            if p.side not in ("THIRD", "UNKNOWN"):
                out.setdefault(p.side, set()).add(profile.conflict)
    return out


def voice(profiles: tuple[str, ...] = ()) -> str:
    """The claimant side a claim speaks with: its own, except that the outlet's own voice
    (UNKNOWN, no claimant named) in a party's own outlet (``dedup.outlet_party`` of the story's source) is that
    party's side, in a conflict where that party fights (a profile's belligerent, or one of
    the two sides an unprofiled conflict is named by, "IRN-IRQ"). Elsewhere (TASS on
    Karabakh) the outlet is a third party's and its voice stays UNKNOWN: third party."""
    party = dedup.outlets(profiles).party
    if not party:
        return "c.claimant_side"
    wars = _belligerents(profiles)

    def lit(v: str) -> str:
        return "'" + v.replace("'", "''") + "'"
    whens = []
    for key, side in sorted(party.items()):
        fights = [f"c.conflict LIKE {lit('%' + side + '%')}"]
        if wars.get(side):
            fights.append(f"c.conflict IN ({', '.join(lit(w) for w in sorted(wars[side]))})")
        whens.append(f"WHEN c.source_key = {lit(key)} AND ({' OR '.join(fights)}) "
                     f"THEN {lit(side)}")
    # only the outlet's own voice (no claimant named): "local officials said" is not the paper
    return (f"CASE WHEN c.claimant_side <> 'UNKNOWN' OR c.claimant_text IS NOT NULL THEN "
            f"c.claimant_side {' '.join(whens)} ELSE 'UNKNOWN' END")

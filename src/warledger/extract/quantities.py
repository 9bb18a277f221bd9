"""Numbers as war reporting writes them: "Twelve", "fifty-three", "1,500", "15 000",
"a dozen", "nearly 50", "over 100", "several", "dozens", "an armoured vehicle".

No library handles qualifiers and vague quantities together, so this is a small normaliser
of its own: ``parse_quantity(words)`` takes the words in front of a noun and returns the
value and qualifier of DESIGN.md (``exact``, ``about``, ``over``, ``at_least``, ``nearly``,
``up_to``, ``vague``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {"zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3,
         "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
         "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
         "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90, "dozen": 12, "pair": 2, "couple": 2, "both": 2}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "lakh": 100_000}
VAGUE = {"several", "dozens", "scores", "hundreds", "thousands", "many", "numerous", "some",
         "heavy", "serious", "major", "significant", "considerable", "massive", "huge",
         "multiple", "few", "various", "countless", "untold", "tens", "unspecified",
         "unknown", "large", "big", "great", "substantial", "more", "further", "other",
         "additional", "mass", "number",
         # mass partitives of materiel: "large quantities of weapons", "stocks of ammunition"
         "quantities", "amounts", "stocks", "stockpiles"}
# qualifier words, as (words, qualifier); longest first when matching
QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = (
    # (longer phrases first: "no more than five" is at most five, not over five)
    (("no", "more", "than"), "up_to"), (("not", "more", "than"), "up_to"),
    (("more", "than"), "over"), (("upwards", "of"), "over"), (("in", "excess", "of"), "over"),
    (("at", "least"), "at_least"), (("no", "fewer", "than"), "at_least"),
    (("no", "less", "than"), "at_least"), (("a", "minimum", "of"), "at_least"),
    (("up", "to"), "up_to"), (("less", "than"), "up_to"), (("fewer", "than"), "up_to"),
    (("as", "many", "as"), "up_to"), (("a", "maximum", "of"), "up_to"),
    (("close", "to"), "nearly"), (("just", "under"), "nearly"), (("nearly",), "nearly"),
    (("almost",), "nearly"), (("under",), "up_to"), (("some",), "about"), (("about",), "about"),
    (("around",), "about"), (("roughly",), "about"), (("approximately",), "about"),
    (("an", "estimated"), "about"), (("estimated",), "about"), (("approx",), "about"),
    (("over",), "over"), (("above",), "over"), (("more",), "over"), (("nearly",), "nearly"),
    (("minimum",), "at_least"), (("over", "a"), "over"),
)

_DIGITS = re.compile(r"^\d{1,3}(?:[,\u00a0 ]\d{3})+$|^\d+$|^\d+\.\d+$")


@dataclass(frozen=True)
class Quantity:
    value: int | None
    qualifier: str
    text: str | None  # None: a count no words give ("the army had suffered losses")
    n_words: int  # how many of the given words (from the right) the quantity used


def number_value(word: str) -> int | None:
    """A single token as a number: "1,500", "15 000" (one token or joined), "twelve"."""
    w = word.lower().replace("\u2009", " ")
    if _DIGITS.match(w):
        w = re.sub(r"[,\u00a0 ]", "", w)
        return int(float(w))
    if w in UNITS and w not in ("a", "an", "no", "both", "couple", "pair", "single"):
        return UNITS[w]
    if "-" in w:
        parts = w.split("-")
        if all(p in UNITS for p in parts) and len(parts) == 2:
            return UNITS[parts[0]] + UNITS[parts[1]]
        if len(parts) == 2 and parts[0] in UNITS and parts[1] in SCALES:
            return UNITS[parts[0]] * SCALES[parts[1]]  # "nine-hundred", "two-thousand"
    return None


ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
            "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
            "twentieth": 20}
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I)


def ordinal_value(word: str) -> int | None:
    """ "ninth" 9, "31st" 31; "first" is no count (ANNOTATION.md: "the first such attack")."""
    w = word.lower()
    m = _ORDINAL_DIGITS.match(w)
    if m:
        n = int(m.group(1))
        return n if n > 1 else None
    return ORDINALS.get(w)


def words_value(words: list[str]) -> tuple[int | None, int]:
    """Parse a number spelled over several words, right-aligned: ["two", "hundred"] -> 200,
    ["1.5", "million"] -> 1500000, ["a", "dozen"] -> 12, ["fifty-three"] -> 53.
    Returns (value, how many words from the right were used)."""
    if not words:
        return None, 0
    low = [w.lower() for w in words]
    last = low[-1]
    if last in ("dozen",):
        k = 1
        mult = 1
        if len(low) >= 2 and low[-2] in ("a", "one"):
            k = 2
        elif len(low) >= 2 and number_value(low[-2]) is not None:
            mult = number_value(low[-2]) or 1
            k = 2
        elif len(low) >= 2 and low[-2] == "half":
            return 6, 2 + (1 if len(low) >= 3 and low[-3] in ("a",) else 0)
        return 12 * mult, k
    if last in SCALES:
        scale = SCALES[last]
        if len(low) >= 2:
            prev = low[-2].replace(",", "")
            try:
                return int(float(prev) * scale), 2
            except ValueError:
                pass
            inner, k = words_value(words[:-1])
            if inner is not None and k:
                return inner * scale, k + 1
            if low[-2] in ("a", "one"):
                return scale, 2
        return None, 0
    value = number_value(last)
    if value is not None:
        # "15 000" tokenised as two tokens, "two hundred and five"
        if len(low) >= 2 and re.fullmatch(r"\d{1,3}", low[-2]) and re.fullmatch(r"\d{3}", last):
            return int(low[-2] + last), 2
        if len(low) >= 3 and low[-2] == "and" and low[-3] in SCALES:
            inner, k = words_value(words[:-2])
            if inner is not None:
                return inner + value, k + 2
        if len(low) >= 2 and low[-2] in SCALES and value < 100:
            inner, k = words_value(words[:-1])
            if inner is not None:
                return inner + value, k + 1
        return value, 1
    if last in ("a", "an", "one", "single"):
        return 1, 1
    if last in ("both", "pair", "couple"):
        k = 2 if len(low) >= 2 and low[-2] in ("a",) else 1
        if last == "couple":
            return 2, k
        return 2, k
    return None, 0


def parse_quantity(words: list[str]) -> Quantity | None:
    """The quantity at the right end of ``words`` (the words before a noun), with its
    qualifier: ["killing", "nearly", "50"] -> 50 nearly; ["several"] -> None vague.
    Returns None when the words end in no quantity at all."""
    if not words:
        return None
    value, k = words_value(words)
    if value is None:
        last = words[-1].lower()
        low = [w.lower() for w in words]
        if last in SCALES and len(low) >= 2 and low[-2] in VAGUE | {"few"}:
            # "several hundred vessels", "a few thousand troops": how many is not said
            n = 3 if low[-2] == "few" and len(low) >= 3 and low[-3] == "a" else 2
            return Quantity(None, "vague", " ".join(words[-n:]), n)
        if last in VAGUE:
            k = 1
            # "dozens of", "hundreds of" handled by the caller passing the quantifier word
            return Quantity(None, "vague", words[-1], 1)
        return None
    rest = [w.lower() for w in words[:-k]]
    qualifier = "exact"
    used = k
    for q_words, q in QUALIFIERS:
        n = len(q_words)
        if len(rest) >= n and tuple(rest[-n:]) == q_words:
            # "some 40" is about; "over a dozen" is over
            qualifier = q
            used += n
            break
    text = " ".join(words[-used:])
    return Quantity(value, qualifier, text, used)

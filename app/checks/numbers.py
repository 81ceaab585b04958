"""The number patterns of the older checks; values are read by the fact layer (`app.facts.numbers`), so a check
and the verifier never disagree about what a figure means."""

from __future__ import annotations

import re

from app.facts.numbers import digits_value, words_value
from app.facts.numbers import fmt as facts_fmt

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
         "a dozen": 12, "dozen": 12, "a hundred": 100, "hundred": 100}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9, "k": 1e3}
NUMBER = r"(?:(?<![\d,])\d{1,3}(?:,\d{3})+|(?<![\d,])\d+(?:\.\d+)?|" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")"
MONEY = re.compile(rf"(?P<cur>[$€£])\s?(?P<num>{NUMBER})(?:\s*(?P<scale>million|billion|thousand|trillion|bn|m|k)\b)?",
                   re.IGNORECASE)


def value(raw: str) -> float | None:
    """The value of a number as printed: '20,000' -> 20000, 'two' -> 2, 'third' -> 3 (read by app.facts.numbers)."""
    raw = raw.strip().lower()
    if raw in ORDINALS:
        return float(ORDINALS[raw])
    if raw[:1].isdigit() or raw[:1] == ".":
        return digits_value(raw)
    return words_value(raw)


def money_value(m: re.Match[str]) -> float | None:
    """The amount of a MONEY match in units of its currency."""
    v = value(m.group("num"))
    if v is None:
        return None
    scale = (m.group("scale") or "").lower()
    return v * SCALES.get(scale, 1.0)


def fmt(v: float) -> str:
    """A number as an editor writes it (app.facts.numbers.fmt)."""
    return facts_fmt(v)


def fmt_money(v: float) -> str:
    """An amount as a headline writes it: 11000000 -> '11 million'."""
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if v >= scale:
            return f"{v / scale:g} {word}"
    return fmt(v)

"""Durations and elapsed time: "for the past eight years", "a decade", "since 2019", "four decades ago", "in its
third year", "its 20th anniversary", "a 14-month dispute".

`read_durations(text, start=0, end=None) -> list[DurationMention]`. A duration's `low`/`high` are in years
(months are twelfths); a hedge ("nearly", "more than") is kept in `bound` as for numbers. "since 2019" and
"in 2019" give `year` instead (kind "since"); "N years ago" gives kind "ago". Offsets are code points into the
text given. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.facts.numbers import HEDGES, ORDINAL_WORDS, words_value

_UNIT_YEARS = {"year": 1.0, "years": 1.0, "decade": 10.0, "decades": 10.0, "month": 1 / 12, "months": 1 / 12,
               "century": 100.0, "centuries": 100.0, "week": 1 / 52, "weeks": 1 / 52}
_N = r"(?P<n>\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|" \
     r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|several|a\s+few|a\s+couple\s+of)"
_HEDGE = r"(?:(?P<hedge>nearly|almost|more\s+than|over|about|around|some|at\s+least|less\s+than|under|just\s+over|" \
         r"just\s+under|roughly|up\s+to)\s+)?"
_FOR = re.compile(rf"\b(?P<prep>for|in)\s+(?:the\s+(?:past|last|previous)\s+|(?=\S))?{_HEDGE}{_N}\s+"
                  rf"(?P<unit>years?|decades?|months?|centuries|century|weeks?)\b(?!\s+(?:old|ago|of\s+age))",
                  re.IGNORECASE)
_AGO = re.compile(rf"\b{_HEDGE}{_N}\s+(?P<unit>years?|decades?|months?)\s+ago\b", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\s+(?:[^,.;]{0,50}?\b(?:in|of)\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<month>January|February|March|April|May|June|July|"
                    r"August|September|October|November|December)\s+)?(?P<year>(?:19|20)\d\d)\b")
_NTH = re.compile(r"\b(?:in\s+)?(?:its|his|her|their|the)\s+(?P<ord>" + "|".join(ORDINAL_WORDS) +
                  r"|\d+(?:st|nd|rd|th))\s+(?P<what>year|anniversary|season|birthday)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DurationMention:
    """A stretch of time: kind "for" (for/in N years), "ago", "since" (a start year), "nth" (in its third year, its
    20th anniversary: `low`..`high` years have passed). `word` is the verb or noun just before it."""

    start: int
    end: int
    text: str
    kind: str
    low: float = 0.0
    high: float = 0.0
    bound: str = "exact"
    year: int | None = None
    month: int | None = None


def _n(raw: str) -> tuple[float, str] | None:
    raw = raw.lower()
    if raw in {"a", "an"}:
        return 1.0, "exact"
    if raw in {"several", "a few", "a couple of"}:
        return None
    if raw[0].isdigit():
        return float(raw), "exact"
    v = words_value(raw)
    return (v, "exact") if v is not None else None


def read_durations(text: str, start: int = 0, end: int | None = None) -> list[DurationMention]:
    """Every duration, start year and elapsed-time mention in text[start:end], in order."""
    end = len(text) if end is None else end
    out: list[DurationMention] = []
    for kind, pattern in (("for", _FOR), ("ago", _AGO)):
        for m in pattern.finditer(text, start, end):
            got = _n(m.group("n"))
            if got is None:
                continue
            years = got[0] * _UNIT_YEARS[m.group("unit").lower()]
            hedge = (m.group("hedge") or "").lower()
            bound = HEDGES.get(re.sub(r"\s+", " ", hedge), "exact") if hedge else "exact"
            out.append(DurationMention(m.start(), m.end(), m.group(0), kind, years, years, bound))
    for m in _SINCE.finditer(text, start, end):
        month = m.group("month")
        out.append(DurationMention(m.start(), m.end(), m.group(0), "since", year=int(m.group("year")),
                                   month=None if not month else ["january", "february", "march", "april", "may",
                                                                 "june", "july", "august", "september", "october",
                                                                 "november", "december"].index(month.lower()) + 1))
    for m in _NTH.finditer(text, start, end):
        raw = m.group("ord").lower()
        nth = ORDINAL_WORDS.get(raw) or int(re.sub(r"\D", "", raw))
        what = m.group("what").lower()
        if what == "year" or what == "season":
            lo, hi = nth - 1.0, float(nth)
        else:  # the Nth anniversary or birthday: N years exactly (within the year)
            lo, hi = nth - 0.1, nth + 1.0
        out.append(DurationMention(m.start(), m.end(), m.group(0), "nth", lo, hi))
    return sorted(out, key=lambda d: d.start)


__all__ = ["DurationMention", "read_durations"]

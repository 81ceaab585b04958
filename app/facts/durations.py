"""Durations and elapsed time: "for the past eight years", "a decade", "since 2019", "four decades ago", "in its
third year", "its 20th anniversary", "a 14-month dispute"; and events with a start ("the war began in February
2022": `read_starts`) against how long they are said to have lasted ("two years of war", "its 20-year history",
"now in its third year": `read_stretches`).

`read_durations(text, start=0, end=None) -> list[DurationMention]`. A duration's `low`/`high` are in years
(months are twelfths); a hedge ("nearly", "more than") is kept in `bound` as for numbers. "since 2019" and
"in 2019" give `year` instead (kind "since"); "N years ago" gives kind "ago". Offsets are code points into the
text given. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.caseless import caseless, lowered, word_start
from app.facts.numbers import HEDGES, ORDINAL_WORDS, words_value

_UNIT_YEARS = {"year": 1.0, "years": 1.0, "decade": 10.0, "decades": 10.0, "month": 1 / 12, "months": 1 / 12,
               "century": 100.0, "centuries": 100.0, "week": 1 / 52, "weeks": 1 / 52}
_N = r"(?P<n>\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|" \
     r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|several|a\s+few|a\s+couple\s+of)"
_HEDGE = r"(?:(?P<hedge>nearly|almost|more\s+than|over|about|around|some|at\s+least|less\s+than|under|just\s+over|" \
         r"just\s+under|roughly|up\s+to)\s+)?"
_FOR = caseless(rf"\b(?P<prep>for|in)\s+(?:the\s+(?:past|last|previous)\s+|(?=\S))?{_HEDGE}{_N}\s+"
                rf"(?P<unit>years?|decades?|months?|centuries|century|weeks?)\b(?!\s+(?:old|ago|of\s+age))")
_AGO = caseless(rf"\b{_HEDGE}{_N}\s+(?P<unit>years?|decades?|months?)\s+ago\b")
_SINCE = re.compile(r"\bsince\s+(?:[^,.;]{0,50}?\b(?:in|of)\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<month>January|February|March|April|May|June|July|"
                    r"August|September|October|November|December)\s+)?(?P<year>(?:19|20)\d\d)\b")
_NTH = caseless(r"\b(?:in\s+)?(?:its|his|her|their|the)\s+(?P<ord>" + "|".join(ORDINAL_WORDS) +
                r"|\d+(?:st|nd|rd|th))\s+(?P<what>year|anniversary|season|birthday)\b")


# words every match holds, read off the patterns: _FOR's and _NTH's units ('centuries' and 'century' both hold
# 'centur'), _AGO's 'ago' (_SINCE is case-sensitive: 'since')
_NEEDS = {"for": ("year", "month", "week", "decade", "centur"), "ago": ("ago",),
          "nth": ("year", "anniversary", "season", "birthday")}


def _holds(low: str | None, words: tuple[str, ...], start: int, end: int) -> bool:
    """Whether low[start:end] holds one of `words` (True when `low` is None: the text is not lower-cased exactly)."""
    return low is None or any(low.find(w, start, end) != -1 for w in words)


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
    # a pattern is searched only where the window holds a word every match of it holds (`_NEEDS`; over the
    # lower-cased text, as the case-insensitive patterns are searched, or always when that is not exact)
    low = lowered(text)
    for kind, pattern in (("for", _FOR), ("ago", _AGO)):
        if not _holds(low, _NEEDS[kind], start, end):
            continue
        for m in pattern.finditer(text, start, end):
            got = _n(m.group("n"))
            if got is None:
                continue
            years = got[0] * _UNIT_YEARS[m.group("unit").lower()]
            hedge = (m.group("hedge") or "").lower()
            bound = HEDGES.get(re.sub(r"\s+", " ", hedge), "exact") if hedge else "exact"
            out.append(DurationMention(m.start(), m.end(), m.group(0), kind, years, years, bound))
    for m in _SINCE.finditer(text, start, end) if text.find("since", start, end) != -1 else ():
        month = m.group("month")
        out.append(DurationMention(m.start(), m.end(), m.group(0), "since", year=int(m.group("year")),
                                   month=None if not month else ["january", "february", "march", "april", "may",
                                                                 "june", "july", "august", "september", "october",
                                                                 "november", "december"].index(month.lower()) + 1))
    for m in _NTH.finditer(text, start, end) if _holds(low, _NEEDS["nth"], start, end) else ():
        raw = m.group("ord").lower()
        nth = ORDINAL_WORDS.get(raw) or int(re.sub(r"\D", "", raw))
        what = m.group("what").lower()
        if what == "year" or what == "season":
            lo, hi = nth - 1.0, float(nth)
        else:  # the Nth anniversary or birthday: N years exactly (within the year)
            lo, hi = nth - 0.1, nth + 1.0
        out.append(DurationMention(m.start(), m.end(), m.group(0), "nth", lo, hi))
    return sorted(out, key=lambda d: d.start)


# -- events with a start, and the stretch of an event -----------------------------------------------------------
# "the war began in February 2022", "the company was founded in 2010", "the library opened in 2022": the noun, the
# start verb (plain English verbs of beginning and founding) and the month and year.
_START_VERBS = (r"began|begun|started|broke out|erupted|was founded|founded|established|opened|launched|"
                r"was established|was opened|was launched|created|formed")
_MONTH_NAMES = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_START = re.compile(
    rf"\b(?:(?:[Tt]he|[Ii]ts|[Tt]his|[Aa]n?)\s+)?(?P<noun>[a-z][a-z-]{{2,20}})?\s*(?:,[^,]{{0,60}},\s*)?"
    rf"(?:(?:that|which)\s+)?(?:was\s+|were\s+|had\s+|has\s+)?(?P<verb>(?i:{_START_VERBS}))\s+(?:in|on)\s+"
    rf"(?:(?P<month>{_MONTH_NAMES})\s+)?(?P<year>(?:19|20)\d\d)\b")
_START_HINT = caseless(rf"(?:{word_start(_START_VERBS.replace('was ', ''))})\s+(?:in|on)\b")
_NUM_WORD = (r"\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
             r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|a\s+dozen")
_STRETCHES = [
    # "two years of war", "three years of conflict"
    re.compile(rf"\b(?P<n>{_NUM_WORD})\s+(?P<unit>years?|months?)\s+of\s+(?:the\s+)?(?P<noun>[a-z][a-z-]{{2,20}})",
               re.IGNORECASE),
    # "its 20-year history", "the 14-month dispute" ("a 20-year-old company" is an age)
    re.compile(rf"\b(?P<n>{_NUM_WORD})-(?P<unit>year|month)(?!-old)\s+(?:long\s+)?(?P<noun>[a-z][a-z-]{{2,20}})",
               re.IGNORECASE),
    # "now in its third year", "in its fourth spring"
    re.compile(r"\b(?:a\s+|the\s+)?(?P<noun>[a-z-]{3,20})?\s*(?:now\s+)?in\s+its\s+(?P<ord>"
               + "|".join(ORDINAL_WORDS) + r"|\d+(?:st|nd|rd|th))\s+(?P<unit>year|month|spring|summer|autumn|winter|"
               r"season)", re.IGNORECASE),
]
_STRETCH_HINT = caseless(word_start(r"years?\b|months?\b|in its\b"))  # `\b(?:years?|months?)\b|\bin its\b`
_APPROX_BEFORE = caseless(r"\b(?:nearly|almost|about|around|more than|over|some|roughly|at least|at most|under|"
                            r"less than|close to|approximately|up to)\s*$")
_MONTH_NUMBER = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                                 "august", "september", "october", "november", "december"])}


@dataclass(frozen=True)
class StartMention:
    """An event with its start: `noun` ("war", "company"; "*" for "was founded" without one, None when no noun
    is printed), the start `year` and `month` (None when only the year is printed), `verb` as printed."""

    start: int
    end: int
    noun: str | None
    verb: str
    year: int
    month: int | None


@dataclass(frozen=True)
class StretchMention:
    """How long an event has lasted: "two years of war" (`low`..`high` years: the words allow half a year either
    way, a month for months), "the 14-month dispute", "in its third year" (2 to 3 years). `noun` is the event's
    noun as printed (None when none is), `hedged` is True after "nearly", "about", "more than"."""

    start: int
    end: int
    text: str
    noun: str | None
    low: float
    high: float
    hedged: bool


def read_starts(text: str, start: int = 0, end: int | None = None) -> list[StartMention]:
    """Every 'NOUN began/was founded/opened in [Month] YEAR' in text[start:end]."""
    end = len(text) if end is None else end
    if not _START_HINT.search(text, start, end):
        return []
    out = []
    for m in _START.finditer(text, start, end):
        noun = m.group("noun")
        verb = m.group("verb")
        if noun is None and verb.lower().startswith(("founded", "was founded", "established", "was established")):
            noun = "*"
        month = m.group("month")
        out.append(StartMention(m.start("verb") if noun is None else m.start(), m.end(), noun, verb,
                                int(m.group("year")), _MONTH_NUMBER[month.lower()] if month else None))
    return out


def read_stretches(text: str, start: int = 0, end: int | None = None) -> list[StretchMention]:
    """Every 'N years of NOUN', 'N-year NOUN', 'in its Nth year' in text[start:end]."""
    end = len(text) if end is None else end
    if not _STRETCH_HINT.search(text, start, end):
        return []
    out = []
    for pattern in _STRETCHES:
        for m in pattern.finditer(text, start, end):
            unit = m.group("unit").lower()
            hedged = bool(_APPROX_BEFORE.search(text[max(start, m.start() - 15):m.start()]))
            if m.groupdict().get("ord"):
                raw = m.group("ord").lower()
                nth = ORDINAL_WORDS.get(raw) or int(re.sub(r"\D", "", raw) or 0)
                lo, hi = ((nth - 1) / 12, nth / 12) if unit.startswith("month") else (nth - 1.0, float(nth))
            else:
                got = _n(re.sub(r"\s+", " ", m.group("n")))
                if got is None:
                    continue
                years = got[0] / 12 if unit.startswith("month") else got[0]
                slack = 1 / 12 if unit.startswith("month") else 0.5
                lo, hi = years - slack, years + slack
            out.append(StretchMention(m.start(), m.end(), m.group(0).strip(), m.group("noun"), lo, hi, hedged))
    return out


__all__ = ["DurationMention", "StartMention", "StretchMention", "read_durations", "read_starts", "read_stretches"]

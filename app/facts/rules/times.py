"""One measurement given two times that cannot both hold.

`rule_dated_twice`: the same figure with the same unit ("375 sq km", "£4.2m", "12.5%") stated in two sentences,
each dated by one time expression ("in the late 1980s", "in 2012", "four decades ago"), when the two times are
years apart: "In the late 1980s, the ice fields covered some 375 sq km" / "The only inventory was published four
decades ago. It found the area to be about 375 sq km" (from 2006-12, four decades ago is 1958-1980). A sentence
without a time of its own that opens with a pronoun ("It", "This", "They") takes the time of the sentence before.
"N years ago" counts back from the day of writing (`DocumentFacts.reference`: the dateline or, without one, the
latest date the article mentions).

Must not flag: a figure without a unit (counts recur), a round figure ("30 km", "£1m": one significant digit), a
sentence with two times or none, a figure said to stay the same ("still", "again", "unchanged", "remained"), a
time range that overlaps the other ("since 2010", "by 2020"), times within two years of each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.caseless import caseless
from app.document import Document
from app.facts.dates import Reference
from app.facts.document import facts_of
from app.facts.durations import read_durations
from app.facts.finding import Finding
from app.facts.numbers import NumberMention

# two times are "years apart" when their stretches are at least this far from each other
_GAP_YEARS = 2.0
_SAME = caseless(r"\b(?:still|again|unchanged|remained|remains|remain|same|constant|stable|steady|also|too|"
                   r"as\s+well|each|every|per|a\s+year|annual|annually|average|both)\b")
_PRONOUN_OPEN = re.compile(r"\s*(?:It|This|They|These|That|Its|Their)\b")
_BEFORE_YEAR = caseless(r"(?:\b(?:in|during|by|from|of|since|until|till|before|after|to|through|between|and|"
                          r"the|late|early|mid)[\s-]+)*$")


@dataclass(frozen=True)
class _Time:
    low: float  # years (fractional)
    high: float
    start: int
    end: int
    text: str


_CLAUSE_BREAK = re.compile(r"\s(?:and|but|while|whereas|which|who|when|where|after|before|until|since)\s|;|:|\s[–—-]\s")


_OPENERS = {"", "in", "in the", "by the", "during the", "during", "by"}


def _one_clause(text: str, sentence_start: int, t: _Time, figure: NumberMention) -> bool:
    """The time dates the figure: it opens the sentence ("In 2001, ...", "Three years ago, ..."), or nothing that
    starts another clause stands between them ("covered 37 sq km in 2001", not "built in 1995 and produced
    4.8 tonnes")."""
    opening = text[sentence_start:t.start].strip(" \"'“‘(").lower()
    if opening in _OPENERS:
        return True
    return _CLAUSE_BREAK.search(text, min(t.end, figure.end), max(t.start, figure.start)) is None


def _significant(n: NumberMention) -> bool:
    """Two or more significant digits: 375, 3.4, 12.5 (not 30, 1,000, 5)."""
    digits = re.sub(r"\D", "", f"{n.value:.6g}").strip("0")
    return len(digits) >= 2


def _times(text: str, start: int, end: int, numbers: list[NumberMention], ref: Reference | None) -> list[_Time] | None:
    """The times a sentence states; None when one of them is open-ended ("since 2010", "by 2020", "until")."""
    out: list[_Time] = []
    for n in numbers:
        if n.kind != "year":
            continue
        before = _BEFORE_YEAR.search(text, max(start, n.start - 30), n.start)
        words = (before.group(0) if before else "").lower()
        if re.search(r"\b(?:since|by|until|till|before|after|from|to|through|between)\b", words):
            return None
        if n.high - n.low > 12:
            return None
        out.append(_Time(n.low, n.high + 1, n.start, n.end, n.text))
    for d in read_durations(text, start, end):
        if d.kind == "since":
            return None
        if d.kind != "ago":
            continue
        if ref is None:
            return None
        lo_span, hi_span = (d.low * 0.8, d.high * 1.2) if d.bound != "exact" or d.low >= 10 else \
            (d.low - 0.5, d.high + 1.0)
        if d.bound == "min":
            hi_span = float("inf")
        elif d.bound == "max":
            lo_span = 0.0
        now_lo = ref.earliest.year + ref.earliest.timetuple().tm_yday / 366
        now_hi = ref.latest.year + ref.latest.timetuple().tm_yday / 366
        out.append(_Time(now_lo - hi_span, now_hi - lo_span, d.start, d.end, d.text))
    return out


def rule_dated_twice(document: Document) -> list[Finding]:
    """One figure (with a unit, two significant digits) dated to two times years apart."""
    facts = facts_of(document)
    text = document.text
    body = facts.body
    candidates = [(i, n) for i, numbers in enumerate(facts.numbers) for n in numbers
                  if n.kind in {"number", "money", "percent"} and (n.unit or n.currency) and n.unit != "age"
                  and not n.is_range and n.bound != "vague" and _significant(n)]
    if len(candidates) < 2:
        return []
    values: dict[tuple[float, str | None, str | None], list[int]] = {}
    for i, n in candidates:
        values.setdefault((round(n.value, 6), n.unit, n.currency), []).append(i)
    if not any(len(set(v)) > 1 for v in values.values()):
        return []
    ref = facts.reference
    cache: dict[int, list[_Time] | None] = {}

    def time_of(i: int, figure: NumberMention | None = None) -> tuple[_Time, int] | None:
        if i not in cache:
            cache[i] = _times(text, body[i].start, body[i].end, facts.numbers[i], ref)
        own = cache[i]
        if own is None or len(own) > 1:
            return None
        if own:
            t = own[0]
            if figure is not None and not _one_clause(text, body[i].start, t, figure):
                return None
            return t, i
        if i > 0 and _PRONOUN_OPEN.match(body[i].text):
            prev = time_of(i - 1)
            return prev if prev is not None and prev[1] == i - 1 else None
        return None

    findings: list[Finding] = []
    seen: set[tuple[float, str | None, str | None]] = set()
    for k, (i, n) in enumerate(candidates):
        key = (round(n.value, 6), n.unit, n.currency)
        if key in seen or len(set(values[key])) < 2:
            continue
        for j, m in candidates[k + 1:]:
            if j == i or (round(m.value, 6), m.unit, m.currency) != key:
                continue
            if _SAME.search(body[i].text) or _SAME.search(body[j].text):
                continue
            ti, tj = time_of(i, n), time_of(j, m)
            if ti is None or tj is None or ti[1] == tj[1]:
                continue
            a, b = ti[0], tj[0]
            gap = max(a.low - b.high, b.low - a.high)
            if gap < _GAP_YEARS:
                continue
            seen.add(key)
            findings.append(Finding(
                check="dated-twice", type="temporal",
                a=(document.span(a.start, a.end), document.span(n.start, n.end)),
                b=(document.span(b.start, b.end), document.span(m.start, m.end)),
                explanation=(f"“{n.text}” is dated “{a.text}” ({_years(a)}) here and “{b.text}” ({_years(b)}) there"
                             + (f", counting back from {ref.describe()}" if ref is not None and
                                ("ago" in a.text or "ago" in b.text) else "")
                             + f": {gap:.0f} years or more apart. One of the dates is wrong."),
                confidence=0.6,
            ))
            break
    return findings


def _years(t: _Time) -> str:
    lo, hi = int(t.low), int(t.high - 1e-9)
    return str(lo) if lo == hi else f"{lo}-{hi}"


__all__ = ["rule_dated_twice"]

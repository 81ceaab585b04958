"""Elapsed time: a duration against its start date and the dateline.

Catches: "two years of war" when "the war began in February 2022" and the dateline is June 2025;
"its 20-year history" for a company "founded in 2010", in 2024; "a dispute now in its third year"
that "began in January 2024", in March 2025.
Must not flag: "three years after it opened in 2022" in 2025; "a 14-month dispute" begun in January 2024,
in March 2025.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.checks.base import Finding
from app.checks.numbers import NUMBER, ORDINALS, value
from app.dates import MONTHS
from app.document import Document
from app.models import Span

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NOUN = r"(?P<noun>[a-z][a-z-]{2,20})"
_START = re.compile(
    rf"\b(?:(?:[Tt]he|[Ii]ts|[Tt]his|[Aa]n?)\s+)?{_NOUN}?\s*(?:,[^,]{{0,60}},\s*)?(?:(?:that|which)\s+)?(?:was\s+|were\s+|had\s+|has\s+)?"
    rf"(?P<verb>(?i:began|begun|started|broke out|erupted|was founded|founded|established|opened|launched|"
    rf"was established|was opened|was launched|created|formed))\s+(?:in|on)\s+"
    rf"(?:(?P<month>{_MONTH})\s+)?(?P<year>(?:19|20)\d\d)\b")
_DURATION = [
    # "two years of war", "three years of conflict"
    re.compile(rf"\b(?P<n>{NUMBER})\s+(?P<unit>years?|months?)\s+of\s+(?:the\s+)?{_NOUN}", re.IGNORECASE),
    # "its 20-year history", "the 14-month dispute", "a 20-year-old company" is not a duration of an event
    re.compile(rf"\b(?P<n>{NUMBER})-(?P<unit>year|month)(?!-old)\s+(?:long\s+)?{_NOUN}", re.IGNORECASE),
    # "now in its third year", "in its fourth spring"
    re.compile(r"\b(?:a\s+|the\s+)?(?P<noun>[a-z-]{3,20})?\s*(?:now\s+)?in\s+its\s+(?P<ord>"
               + "|".join(ORDINALS) + r"|\d+(?:st|nd|rd|th))\s+(?P<unit>year|month|spring|summer|autumn|winter|season)",
               re.IGNORECASE),
]
_START_HINT = re.compile(r"\b(?:began|begun|started|broke out|erupted|founded|established|opened|launched|created|"
                        r"formed)\s+(?:in|on)\b", re.IGNORECASE)
_DURATION_HINT = re.compile(r"\b(?:years?|months?)\b|\bin its\b", re.IGNORECASE)
_APPROX = re.compile(r"\b(?:nearly|almost|about|around|more than|over|some|roughly|at least|at most|under|"
                     r"less than|close to|approximately|up to)\s*$", re.IGNORECASE)
_ORGANISATIONS = {"company", "club", "school", "library", "museum", "band", "charity", "party", "newspaper", "*"}
_SYNONYMS = {"conflict": "war", "fighting": "war", "invasion": "war", "walkout": "strike", "dispute": "strike",
             "firm": "company", "business": "company", "history": "*", "existence": "*", "life": "*"}


@dataclass(frozen=True)
class _Start:
    noun: str | None
    date: dt.date
    month_known: bool
    span: Span


def _canon(noun: str | None) -> str | None:
    if not noun:
        return None
    noun = noun.lower()
    if len(noun) > 4 and noun.endswith("s") and not noun.endswith("ss"):
        noun = noun[:-1]
    return _SYNONYMS.get(noun, noun)


def _starts(document: Document) -> list[_Start]:
    out = []
    for s in document.body:
        if not _START_HINT.search(s.text):
            continue
        for m in _START.finditer(document.text, s.start, s.end):
            year = int(m.group("year"))
            month = MONTHS[m.group("month").lower()] if m.group("month") else 1
            noun = m.group("noun")
            verb = m.group("verb").lower()
            if noun is None and verb.startswith(("founded", "was founded", "established", "was established")):
                noun = "*"
            out.append(_Start(_canon(noun), dt.date(year, month, 1), bool(m.group("month")),
                              document.span(m.start("verb") if noun is None else m.start(), m.end())))
    return out


def _elapsed_years(start: _Start, today: dt.date) -> tuple[float, float]:
    """The least and most years that can have passed (a year alone spans twelve months)."""
    if start.month_known:
        days = (today - start.date).days
        return days / 365.25 - 31 / 365.25, days / 365.25
    lo = (today - dt.date(start.date.year, 12, 31)).days / 365.25
    hi = (today - dt.date(start.date.year, 1, 1)).days / 365.25
    return lo, hi


def check_elapsed(document: Document) -> list[Finding]:
    """A stated duration that cannot fit between its start date and the dateline."""
    if document.dateline is None:
        return []
    today = document.dateline.date
    starts = _starts(document)
    if not starts:
        return []
    findings: list[Finding] = []
    for s in document.body:
        if not _DURATION_HINT.search(s.text):
            continue
        for pattern in _DURATION:
            for m in pattern.finditer(document.text, s.start, s.end):
                if _APPROX.search(document.text[max(s.start, m.start() - 15):m.start()]):
                    continue
                noun = _canon(m.group("noun"))
                matches = [st for st in starts if st.noun and noun and
                           (st.noun == noun or noun == "*" or (st.noun == "*" and noun in _ORGANISATIONS))]
                if len(matches) != 1:
                    continue
                start = matches[0]
                if start.span.start <= m.start() < start.span.end:
                    continue
                lo, hi = _elapsed_years(start, today)
                unit = m.group("unit").lower()
                if "ord" in m.groupdict() and m.group("ord"):
                    nth = value(re.sub(r"(st|nd|rd|th)$", "", m.group("ord").lower())) or 0
                    if unit.startswith("month"):
                        lo_claim, hi_claim = (nth - 1) / 12, nth / 12
                    else:  # "in its third year", "fourth spring": between n-1 and n years have passed
                        lo_claim, hi_claim = nth - 1.0, float(nth)
                    said = f"in its {m.group('ord')} {unit}"
                else:
                    n = value(m.group("n"))
                    if n is None:
                        continue
                    years = n / 12 if unit.startswith("month") else n
                    slack = 1 / 12 if unit.startswith("month") else 0.5
                    lo_claim, hi_claim = years - slack, years + slack
                    said = m.group(0)
                if hi_claim < lo - 0.05 or lo_claim > hi + 0.05:
                    since = f"{start.date:%B %Y}" if start.month_known else str(start.date.year)
                    findings.append(Finding(
                        check="elapsed", type="numeric", a=(start.span,), b=(document.span(m.start(), m.end()),),
                        explanation=(f"From {since} to the dateline ({today:%B %-d, %Y}) is "
                                     f"{_describe(lo, hi)}, which does not fit “{said.strip()}”."),
                        confidence=0.75,
                    ))
    return findings


def _describe(lo: float, hi: float) -> str:
    lo, hi = max(lo, 0.0), max(hi, 0.0)
    if hi < 2:
        return f"about {round(lo * 12)} to {round(hi * 12)} months"
    return f"between {lo:.1f} and {hi:.1f} years"

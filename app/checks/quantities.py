"""One quantity stated twice with different values.

Catches: "destroyed 14 homes" and "the 16 destroyed houses"; "a crowd of 20,000" and "12,000 spectators".
Must not flag: "14 homes were destroyed and 16 were damaged" (two different quantities);
"rose from 80 to 100" (a change over time); "about 1,200 residents" against "1,250 residents".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.checks.base import Finding
from app.checks.numbers import NUMBER, fmt, value
from app.document import Document
from app.models import Span

_NOUNS = {
    "home": "homes", "homes": "homes", "house": "homes", "houses": "homes", "dwellings": "homes",
    "properties": "homes", "buildings": "buildings", "structures": "buildings",
    "people": "people", "residents": "people", "persons": "people", "civilians": "people",
    "spectators": "attendance", "fans": "attendance", "supporters": "attendance", "crowd": "attendance",
    "attendance": "attendance", "visitors": "visitors", "students": "students", "jobs": "jobs",
    "workers": "workers", "employees": "workers", "vehicles": "vehicles", "cars": "vehicles",
}
_QUALS = {"destroyed", "damaged", "flooded", "evacuated", "killed", "injured", "wounded", "dead", "missing",
          "arrested", "rescued", "displaced", "burned", "razed", "lost", "cut", "created", "hired", "laid off",
          "killing", "destroying", "damaging", "injuring", "wounding", "evacuating", "flooding", "cutting"}
_QUAL_NORMAL = {"burned": "destroyed", "razed": "destroyed", "dead": "killed", "wounded": "injured",
                "killing": "killed", "destroying": "destroyed", "damaging": "damaged", "injuring": "injured",
                "wounding": "injured", "evacuating": "evacuated", "flooding": "flooded", "cutting": "cut"}
_NOUN_RE = "|".join(sorted(_NOUNS, key=len, reverse=True))
_QUAL_RE = "|".join(sorted(_QUALS, key=len, reverse=True))
_PATTERNS = [
    re.compile(rf"\b(?P<q>{_QUAL_RE})\s+(?:at least\s+|about\s+|some\s+|nearly\s+)?(?P<n>{NUMBER})\s+"
               rf"(?:\w+\s+)?(?P<noun>{_NOUN_RE})\b", re.IGNORECASE),                     # destroyed 14 homes
    re.compile(rf"\b(?P<n>{NUMBER})\s+(?:\w+\s+)?(?P<noun>{_NOUN_RE})\s+(?:were\s+|was\s+|had been\s+|have been\s+)?"
               rf"(?P<q>{_QUAL_RE})\b", re.IGNORECASE),                                    # 14 homes (were) destroyed
    re.compile(rf"\b(?P<n>{NUMBER})\s+(?P<q>{_QUAL_RE})\s+(?P<noun>{_NOUN_RE})\b", re.IGNORECASE),  # 16 destroyed houses
    re.compile(rf"\b(?P<noun>crowd|attendance)\s+(?:of|was|was put at)\s+(?:about\s+)?(?P<n>{NUMBER})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<n>{NUMBER})\s+(?P<noun>spectators|fans|supporters)\b", re.IGNORECASE),
]
_HINT = re.compile(rf"\b(?:{_NOUN_RE})\b", re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:rose|risen|fell|fallen|increased|decreased|grew|dropped|climbed|up from|down from|"
                     r"compared with|compared to|last year|a year earlier|previous|initially|at first|earlier estimate|"
                     r"so far|total of|in all|altogether|per|each|every|a day|a week|a year)\b", re.IGNORECASE)
_APPROX = re.compile(r"\b(?:about|around|nearly|almost|some|roughly|at least|more than|over|up to|fewer than|"
                     r"less than|an estimated|approximately|close to)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Quantity:
    key: tuple[str, str | None]
    value: float
    span: Span
    sentence: int


def _quantities(document: Document) -> list[_Quantity]:
    out: list[_Quantity] = []
    for s in document.body:
        if not _HINT.search(s.text) or _CHANGE.search(s.text):
            continue
        seen: set[int] = set()
        for pattern in _PATTERNS:
            for m in pattern.finditer(document.text, s.start, s.end):
                if m.start("n") in seen:
                    continue
                if _APPROX.search(document.text[max(s.start, m.start("n") - 16):m.start("n")]):
                    continue
                v = value(m.group("n"))
                if v is None or (1900 <= v <= 2100 and "," not in m.group("n")):
                    continue
                noun = _NOUNS[m.group("noun").lower()]
                q = m.groupdict().get("q")
                qual = _QUAL_NORMAL.get(q.lower(), q.lower()) if q else None
                if qual is None and noun != "attendance":
                    continue  # "14 homes" alone may be any 14 homes
                seen.add(m.start("n"))
                out.append(_Quantity((noun, qual), v, document.span(m.start(), m.end()), s.id))
    return out


def check_quantities(document: Document) -> list[Finding]:
    """The same counted thing (homes destroyed, the crowd) given two different values in different sentences."""
    quantities = _quantities(document)
    findings: list[Finding] = []
    flagged: set[tuple[str, str | None]] = set()
    for i, x in enumerate(quantities):
        for y in quantities[i + 1:]:
            if x.key != y.key or x.sentence == y.sentence or x.value == y.value or x.key in flagged:
                continue
            flagged.add(x.key)
            what = f"{x.key[0]} {x.key[1]}" if x.key[1] else x.key[0]
            findings.append(Finding(
                check="quantities", type="numeric", a=(x.span,), b=(y.span,),
                explanation=(f"The number of {what} is given as {fmt(x.value)} here and as {fmt(y.value)} later. "
                             f"If both describe the same thing, one figure is wrong."),
                confidence=0.7,
            ))
    return findings

"""Results and individual scores in sports reports.

`read_results(text, start, end) -> list[Result]`: a match result against a named opponent: "Wednesday's goalless
draw with Kilmarnock", "successive 1-1 draws against Motherwell and Kilmarnock" (one result per opponent), "a
2-1 win over Hamilton", "beat Hamilton 3-0", "lost 2-1 to Hibs". The score is kept as the (higher, lower) pair,
since the two sides of a match print it from either end.

`read_person_scores(text, start, end) -> list[PersonScore]`: what one player made: "Hepworth made 68", "Smith
scored 23 points", "Hepworth holed out for 58", "Jones was out for 12".

Offsets are code points into the text given. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.facts.numbers import words_value

_TEAM = r"[A-Z][\w’'&.-]*(?:\s+(?:[A-Z][\w’'&.-]*|de|del|la|of))*"
_TEAMS = rf"(?P<teams>{_TEAM}(?:,\s+{_TEAM})*(?:\s+and\s+{_TEAM})?)"
_SCORE = r"(?P<a>\d{1,3})\s?[-–]\s?(?P<b>\d{1,3})"
_RESULT_BEFORE = re.compile(
    rf"(?:{_SCORE}|(?P<nil>goalless|scoreless|nil-nil|0-0))\s+(?P<kind>draws?|wins?|victory|victories|defeats?|"
    rf"loss|losses|success|triumph|thrashing|reverse|home\s+win|away\s+win)\s+(?:with|against|over|to|at|by|"
    rf"in)\s+{_TEAMS}")
_RESULT_AFTER = re.compile(
    rf"\b(?P<verb>drew\s+with|drew|beat|lost\s+to|defeated|thrashed|edged\s+past|edged|overcame|were\s+beaten\s+by|"
    rf"was\s+beaten\s+by|went\s+down\s+to|held)\s+{_TEAMS}\s+{_SCORE}\b")
_PERSON = r"(?P<name>(?:[A-Z][\w’'-]+\s+)?[A-Z][\w’'-]+)"
_MADE = re.compile(
    rf"{_PERSON}\s+(?:made|scored|hit|struck|smashed|contributed|added|top-scored\s+with|finished\s+with|"
    rf"racked\s+up|posted|compiled)\s+(?:an?\s+)?(?:(?:unbeaten|quickfire|brilliant|fine|superb|patient|"
    rf"career-best|rapid|fluent|impressive)\s+)?(?P<n>\d{{1,3}})\b(?!\s*(?:%|per\s*cent|-|–|years|yards|metres|"
    rf"m\b|km|miles|minutes|seconds|times|of\b|out\s+of|in\s+a\s+row))")
_OUT_FOR = re.compile(
    rf"{_PERSON}\s+(?:[\w-]+\s+){{0,2}}?(?:was\s+)?(?:out|dismissed|bowled|caught|stumped|fell|holed\s+out|"
    rf"departed|gone|run\s+out)\s+for\s+(?:an?\s+)?(?P<n>\d{{1,3}})\b")
_SCORE_HINT = re.compile(r"\b(?:made|scored|hit|struck|smashed|contributed|added|top-scored|finished|racked|posted|"
                         r"compiled|for)\s+(?:\w+\s+){0,2}\d")
_NOT_NAME = {"The", "He", "She", "They", "It", "His", "Her", "Their", "We", "But", "And", "After", "When", "In",
             "On", "At", "This", "That", "A", "An"}


@dataclass(frozen=True)
class Result:
    """A result against `opponent` with the score as (higher, lower); `kind` is the printed noun or verb."""

    opponent: str
    score: tuple[int, int]
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class PersonScore:
    """What one named player made: `name` as printed, `value` the runs, points or goals."""

    name: str
    value: int
    start: int
    end: int


def _split_teams(raw: str) -> list[str]:
    parts = re.split(r",\s+|\s+and\s+", raw)
    return [p.strip().rstrip(".") for p in parts if p.strip() and p.strip()[0].isupper()]


def read_results(text: str, start: int = 0, end: int | None = None) -> list[Result]:
    """Every result against a named opponent in text[start:end]."""
    end = len(text) if end is None else end
    out: list[Result] = []
    for m in _RESULT_BEFORE.finditer(text, start, end):
        score = (0, 0) if m.group("nil") else (int(m.group("a")), int(m.group("b")))
        for team in _split_teams(m.group("teams")):
            out.append(Result(team, (max(score), min(score)), m.group("kind"), m.start(), m.end()))
    for m in _RESULT_AFTER.finditer(text, start, end):
        score = (int(m.group("a")), int(m.group("b")))
        for team in _split_teams(m.group("teams")):
            out.append(Result(team, (max(score), min(score)), m.group("verb"), m.start(), m.end()))
    return out


def read_person_scores(text: str, start: int = 0, end: int | None = None) -> list[PersonScore]:
    """Every 'NAME made N' / 'NAME ... out for N' in text[start:end]."""
    end = len(text) if end is None else end
    out: list[PersonScore] = []
    if not _SCORE_HINT.search(text, start, end):
        return out
    for pattern in (_MADE, _OUT_FOR):
        for m in pattern.finditer(text, start, end):
            tokens = [t for t in m.group("name").split() if t not in _NOT_NAME]
            if not tokens:
                continue
            out.append(PersonScore(" ".join(tokens), int(m.group("n")), m.start(), m.end()))
    return sorted(out, key=lambda p: p.start)


__all__ = ["Result", "PersonScore", "read_results", "read_person_scores", "words_value"]

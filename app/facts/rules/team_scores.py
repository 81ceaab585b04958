"""A team's numbered score against the scores its players were credited with before it: `rule_team_ordinal`.

"Rathbone grabbed the visitors' second try" in a report that has already credited tries to two other players of
Rathbone's side ("quick tries from Aspinall and Bramwell", "before Rathbone went over") says the side scored one
try before his where the text gives two. The side of each player comes from the report's line-ups, printed as
"Team: Name, Name, Name, ..." (eight names or more: the team sheets of BBC and wire match reports).

A player is credited with a score by "tries/goals from A, B and C", "A scored/crossed/went over/touched down/
netted", "A's try/goal/header"; the numbered score is "the visitors' second try", "the hosts' third goal",
"Warrington's fourth try" (a side's possessive; "his second try" is the player's own count, not the side's).
The scores counted are those of other players of the same side first credited before the scorer's own first
credit (or before the numbered score when he has none), so a report that tells the match in order is read in
order. Must not flag: a report without line-ups, a numbered score of the player himself ("his second"), a side's
count that fits ("the visitors' third try" after two), players of the other side, a report that says the
order is not the match's ("earlier", "had already", "first half" back-references in the numbered sentence).
"""

from __future__ import annotations

import re

from app.document import Document
from app.facts.document import facts_of
from app.facts.finding import Finding
from app.facts.numbers import ORDINAL_WORDS

_LINEUP = re.compile(r"^(?P<team>[A-Z][\w.’'& -]{1,40}):[ \t]+(?P<names>[^\n]+)$", re.MULTILINE)
_ITEM = re.compile(r"^(?:[A-Z]\.\s*)*(?:[A-Z][\w’'-]+\s+){0,2}(?P<surname>[A-Z][\w’'-]+)(?:\s*\([^)]*\))?\.?$")
_NAME = r"(?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+"
_FROM = re.compile(rf"\b(?:tries|goals|scores)\s+(?:from|by)\s+(?P<list>{_NAME}(?:\s*,\s*{_NAME})*(?:\s*,?\s+and\s+{_NAME})?)")
_SCORED = re.compile(rf"(?P<name>{_NAME})\s+(?:scored|crossed|went\s+over|touched\s+down|netted|struck|dotted\s+down)\b")
_POSSESSIVE = re.compile(rf"(?P<name>{_NAME})[’']s\s+(?:[a-z]+\s+){{0,2}}(?:try|goal|header|strike)\b")
_ORDINAL = re.compile(
    rf"(?P<name>{_NAME})\s+(?:[a-z]+\s+){{1,3}}?(?P<side>the\s+(?:visitors|hosts|home\s+side|away\s+side|visiting\s+side)"
    rf"[’']s?|[A-Z][\w’'-]+[’']s?)\s+(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth)\s+(?P<what>try|goal)\b")
_CAP_WORD = re.compile(r"[A-Z][\w’'-]+")
_BACK = re.compile(r"\b(?:earlier|had\s+already|previously|first\s+half|before\s+that)\b", re.IGNORECASE)


def _lineups(text: str) -> dict[str, str]:
    """Surname -> side, from the report's team sheets; a surname on two sheets is left out."""
    side: dict[str, str] = {}
    twice: set[str] = set()
    for m in _LINEUP.finditer(text):
        items = [i.strip() for i in m.group("names").split(",")]
        found = [_ITEM.match(i) for i in items]
        if len(items) < 8 or not all(found):
            continue
        for f in found:
            assert f is not None
            name = f.group("surname")
            if name in side and side[name] != m.group("team"):
                twice.add(name)
            side[name] = m.group("team")
    return {k: v for k, v in side.items() if k not in twice}


def _surnames(text: str, start: int, end: int, side: dict[str, str]) -> list[tuple[str, int]]:
    """The surnames on a team sheet among the capitalised words of text[start:end], with their offsets."""
    return [(w.group(0), w.start()) for w in _CAP_WORD.finditer(text, start, end) if w.group(0) in side]


def rule_team_ordinal(document: Document) -> list[Finding]:
    """A side's numbered try or goal after more tries or goals credited to its other players."""
    text = document.text
    if not re.search(r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth)\s+(?:try|goal)\b", text):
        return []
    side = _lineups(text)
    if not side:
        return []
    facts = facts_of(document)
    first_credit: dict[str, int] = {}
    ordinals = []
    for s in facts.body:
        for pattern in (_FROM, _SCORED, _POSSESSIVE):
            for m in pattern.finditer(text, s.start, s.end):
                for name, pos in _surnames(text, m.start(1), m.end(1), side):
                    first_credit[name] = min(first_credit.get(name, pos), pos)
        for m in _ORDINAL.finditer(text, s.start, s.end):
            scorers = _surnames(text, m.start("name"), m.end("name"), side)
            if len(scorers) == 1 and not _BACK.search(s.text):
                ordinals.append((m, scorers[0][0]))
    for m, scorer in ordinals:
        n = ORDINAL_WORDS[m.group("ord")]
        at = min(first_credit.get(scorer, m.start()), m.start())
        before = sorted((pos, name) for name, pos in first_credit.items()
                        if name != scorer and side[name] == side[scorer] and pos < at)
        if len(before) < n:
            continue
        names = [name for _pos, name in before]
        listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
        return [Finding(
            check="team-ordinal", type="numeric",
            a=tuple(document.span(pos, pos + len(name)) for pos, name in before),
            b=(document.span(m.start(), m.end()),),
            explanation=(f"“{m.group(0)}” makes it {side[scorer]}'s {m.group('ord')} {m.group('what')}, but the "
                         f"report has already credited {len(names)} other {side[scorer]} players ({listed}) with one "
                         f"before {scorer}'s, so it is at least number {len(names) + 1}."),
            confidence=0.55,
        )]
    return []


__all__ = ["rule_team_ordinal"]

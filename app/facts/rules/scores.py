"""Results and individual scores given two ways.

`rule_results`: one opponent, two different scores ("Wednesday's goalless draw with Kilmarnock" / "successive
1-1 draws against Motherwell and Kilmarnock"). Must not flag two meetings the text keeps apart (first and
second legs, last season, the cup and the league, a date or a month in either sentence), or the same score
printed from either end ("a 2-1 defeat" / "beat them 2-1").

`rule_person_scores`: one player, two different scores ("Hepworth made 68" / "Hepworth holed out for 58"). Must
not flag two innings, a season's or a career's total, or two players of one surname.
"""

from __future__ import annotations

import re

from app.caseless import caseless
from app.document import Document
from app.facts.document import facts_of
from app.facts.finding import Finding
from app.facts.scores import read_person_scores, read_results

# what a score needs: `\d\s?[-–]\s?\d|goalless|scoreless|nil`, as two searches that open on a class or on literals
_SCORE_DIGITS = re.compile(r"\d\s?[-–]\s?\d")
_DIGIT = re.compile(r"\d")
_SCORE_WORDS = re.compile(r"goalless|scoreless|nil")
_APART = re.compile(r"\b(?:(?:first|second|third|previous|last|earlier)\s+(?:leg|meeting|clash|encounter|match|game|"
                    r"tie)\s+(?:with|against|between)|leg|legs|last\s+season|this\s+season|earlier\s+(?:in\s+)?the\s+season|"
                    r"previous|reverse|fixture|cup|league|last\s+time|meetings|twice|both|each|every|again|"
                    r"(?:19|20)\d\d|January|February|March|April|June|July|August|September|October|November|"
                    r"December|final|semi-final|quarter-final|play-off|friendly|aggregate)\b", re.IGNORECASE)
_OTHER_INNINGS = caseless(r"\b(?:innings|season|career|total|average|aggregate|first|second|previous|last\s+"
                            r"(?:week|season|year|match|game|time)|(?:personal|career|season)[\s-]best|record|in\s+(?:19|20)\d\d|tournament|"
                            r"campaign|series|so\s+far|overall|combined|per\s+game|a\s+game)\b")


def rule_results(document: Document) -> list[Finding]:
    """One opponent, two different scores."""
    facts = facts_of(document)
    text = document.text
    results = []
    for i, s in enumerate(facts.body):
        if not (_SCORE_DIGITS.search(s.text) or _SCORE_WORDS.search(s.text)):
            continue
        for r in read_results(text, s.start, s.end):
            if _APART.search(text, max(s.start, r.start - 60), min(s.end, r.end + 40)):
                continue
            results.append((r, i))
    findings: list[Finding] = []
    done: set[str] = set()
    for k, (x, i) in enumerate(results):
        for y, j in results[k + 1:]:
            if y.opponent != x.opponent or i == j or x.score == y.score or x.opponent in done:
                continue
            done.add(x.opponent)
            findings.append(Finding(
                check="results", type="numeric", a=(document.span(x.start, x.end),),
                b=(document.span(y.start, y.end),),
                explanation=(f"The match against {x.opponent} ended {x.score[0]}-{x.score[1]} here and "
                             f"{y.score[0]}-{y.score[1]} there. One of the scores is wrong."),
                confidence=0.65,
            ))
    return findings


def rule_person_scores(document: Document) -> list[Finding]:
    """One player, two different scores in one match."""
    facts = facts_of(document)
    text = document.text
    scores = []
    for i, s in enumerate(facts.body):
        if not _DIGIT.search(s.text):
            continue
        for p in read_person_scores(text, s.start, s.end):
            if _OTHER_INNINGS.search(text, max(s.start, p.start - 40), min(s.end, p.end + 60)):
                continue
            scores.append((p, i))
    first_names = facts.first_names
    findings: list[Finding] = []
    done: set[str] = set()
    for k, (x, i) in enumerate(scores):
        for y, j in scores[k + 1:]:
            sx, sy = x.name.split()[-1], y.name.split()[-1]
            if sx != sy or i == j or x.value == y.value or sx in done:
                continue
            fx, fy = x.name.split()[:-1], y.name.split()[:-1]
            if fx and fy and fx != fy or (not (fx and fy) and len(first_names.get(sx, set())) > 1):
                continue
            done.add(sx)
            findings.append(Finding(
                check="person-scores", type="numeric", a=(document.span(x.start, x.end),),
                b=(document.span(y.start, y.end),),
                explanation=(f"{x.name} made {x.value} here and {y.value} there. One of the scores is wrong."),
                confidence=0.65,
            ))
    return findings

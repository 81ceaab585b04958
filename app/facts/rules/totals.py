"""Totals and their parts, votes against the body's size, and percentage changes, over the numbers the fact layer
reads (`DocumentFacts.numbers`): the words only say how the figures relate ("split into", "voted", "from ... to
..., a P percent rise"); every value is a `NumberMention`.

- `rule_totals` ("totals"): money split into parts that do not add up, in one sentence: "a $12 million grant,
  split into $5 million, $4 million and $2 million" (the parts make $11 million).
- `rule_count_parts` ("count-parts"): counted parts that exceed their total, or miss it when said to split it:
  "cut 640 jobs ... The cuts include 410 jobs at the plant, 150 at the warehouse and 120 at its headquarters".
- `rule_votes` ("votes"): "voted 8 to 4" on "the 11-member council" (12 votes from 11 members).
- `rule_percent_change` ("percent"): "rose from 80 to 100, a 40 percent rise" (it is 25 percent).

Must not flag: parts that add up; "7 votes to 4" on an 11-member council; "from 80 to 100, a 25 percent rise";
percentages listed as parts (they compound and average); a list after "include" shorter than its total; a
change between two percentages (percentage points are another matter).
"""

from __future__ import annotations

import re

from app.caseless import caseless, word_start
from app.document import Document
from app.facts.document import facts_of
from app.facts.finding import Finding
from app.facts.numbers import NumberMention, fmt, fmt_money

_SPLIT = re.compile(rf"(?:{word_start(r'split|divided|broken down|comprising|made up of|consisting of|shared out|allocated')})\b"
                    r"(?:\s+(?:into|as|between|among))?")
_BODY_SIZE = re.compile(r"-(?:member|seat|strong)\s+(?P<body>[a-z]+)")
_VOTE_WORDS = caseless(r"vot|passed|approved")
_CHANGE_OPEN = re.compile(r"\bfrom\s+$")
_CHANGE_MID = re.compile(r"^\s+(?:[\w’'-]+\s+){0,4}?to\s+$")
_CHANGE_TAIL = re.compile(r"^[^.;]{0,80}?\b(?:a|an|or)\s+$")
_CHANGE_DIR = re.compile(r"\s*(?P<dir>rise|increase|jump|gain|growth|fall|drop|decline|decrease|cut|reduction)\b")
_FALLING = {"fall", "drop", "decline", "decrease", "cut", "reduction"}
_PARTS_TRIGGER = re.compile(r"\b(?P<w>include|includes|included|including|split|divided|broken down|comprising|"
                            r"comprise|made up of|consisting of)\b|:")
_NOT_ADDITIVE = {"percent", "per", "percentage", "points", "times", "years", "months", "weeks", "days", "hours",
                 "minutes", "degrees", "inches", "feet", "miles", "kilometers", "kilometres", "meters", "metres"}
_ELIDED = {"at", "in", "for", "from", "on", "to", "by", "across", "with"}


def _plain(n: NumberMention) -> bool:
    """A bare count as printed: digits or words, no unit, no money, not a year."""
    return n.kind == "number" and n.unit is None and n.currency is None and not n.is_range


def rule_totals(document: Document) -> list[Finding]:
    """Money parts that do not add up to their total, in one sentence."""
    facts = facts_of(document)
    text = document.text
    findings: list[Finding] = []
    for s, numbers in zip(facts.body, facts.numbers):
        split = _SPLIT.search(text, s.start, s.end)
        if not split:
            continue
        money = [n for n in numbers if n.kind == "money" and not n.is_range]
        before = [n for n in money if n.end <= split.start()]
        after = [n for n in money if n.start >= split.end()]
        if not before or len(after) < 2:
            continue
        total = before[-1]
        if any(p.currency != total.currency for p in after):
            continue
        summed = sum(p.value for p in after)
        if abs(summed - total.value) <= max(0.005 * total.value, 0.5):
            continue
        findings.append(Finding(
            check="totals", type="numeric", a=(document.span(total.start, total.end),),
            b=(document.span(after[0].start, after[-1].end),),
            explanation=(f"The parts add up to {fmt_money(summed, total.currency)}, not the total of "
                         f"{fmt_money(total.value, total.currency)}. Check each figure."),
            confidence=0.85,
        ))
    return findings


def rule_votes(document: Document) -> list[Finding]:
    """A vote with more votes cast than the body has members."""
    facts = facts_of(document)
    text = document.text
    sizes = []
    for numbers in facts.numbers:
        for n in numbers:
            m = _BODY_SIZE.match(text, n.end)
            if m and _plain(n):
                sizes.append((n, m.group("body"), document.span(n.start, m.end())))
    if len(sizes) != 1:
        return []  # with several bodies, a vote cannot be tied to one
    size, body, size_span = sizes[0]
    findings: list[Finding] = []
    for s, numbers in zip(facts.body, facts.numbers):
        if body not in s.text.lower() and not (s.start <= size_span.start < s.end) and "vot" not in s.text:
            continue
        votes = []
        for k, n in enumerate(numbers):
            if n.kind == "score" and n.second is not None:
                votes.append((n.value, n.second, n.start, n.end))
            elif _plain(n) and k + 1 < len(numbers) and _plain(numbers[k + 1]) and \
                    re.fullmatch(r"\s*(?:votes?\s+)?(?:to|-|–)\s*", text[n.end:numbers[k + 1].start]):
                votes.append((n.value, numbers[k + 1].value, n.start, numbers[k + 1].end))
        for yes, no, start, end in votes:
            if not _VOTE_WORDS.search(text, max(s.start, start - 40), min(s.end, end + 40)):
                continue
            if yes + no <= size.value:
                continue
            findings.append(Finding(
                check="votes", type="numeric", a=(size_span,), b=(document.span(start, end),),
                explanation=(f"A vote of {fmt(yes)} to {fmt(no)} needs {fmt(yes + no)} votes, more than the "
                             f"{fmt(size.value)} members of the {body}."),
                confidence=0.8,
            ))
    return findings


def rule_percent_change(document: Document) -> list[Finding]:
    """'From A to B, a P percent rise' where B/A does not give P."""
    facts = facts_of(document)
    text = document.text
    findings: list[Finding] = []
    for s, numbers in zip(facts.body, facts.numbers):
        for k in range(len(numbers) - 2):
            a, b, p = numbers[k], numbers[k + 1], numbers[k + 2]
            if p.kind != "percent" or p.unit != "percent" or a.kind not in {"number", "money"} or b.kind != a.kind:
                continue  # a change between percentages is in points, another matter
            opening = _CHANGE_OPEN.search(text, max(s.start, a.start - 6), a.start)
            if opening is None or \
                    not _CHANGE_MID.match(text[a.end:b.start]) or not _CHANGE_TAIL.match(text[b.end:p.start]):
                continue
            direction = _CHANGE_DIR.match(text, p.end, s.end)
            if direction is None or not a.value:
                continue
            actual = (b.value - a.value) / a.value * 100
            stated = -p.value if direction.group("dir") in _FALLING else p.value
            if abs(actual - stated) <= max(1.0, 0.05 * abs(stated)):
                continue
            findings.append(Finding(
                check="percent", type="numeric", a=(document.span(opening.start(), p.start),),
                b=(document.span(p.start, direction.end()),),
                explanation=(f"From {fmt(a.value)} to {fmt(b.value)} is a {abs(actual):.1f} percent "
                             f"{'fall' if actual < 0 else 'rise'}, not {p.value:g} percent {direction.group('dir')}."),
                confidence=0.8,
            ))
    return findings


def _noun_after(text: str, n: NumberMention, end: int) -> str:
    m = re.match(r"\s+([a-z][a-z-]+)", text[n.end:min(end, n.end + 30)])
    return m.group(1).lower() if m else ""


def _noun_end(text: str, n: NumberMention) -> int:
    m = re.match(r"\s+[a-z][a-z-]+", text[n.end:n.end + 30])
    return n.end + (m.end() if m else 0)


def rule_count_parts(document: Document) -> list[Finding]:
    """Counted parts ('410 jobs …, 150 … and 120 …') that exceed their total, or miss it when said to split it."""
    facts = facts_of(document)
    text = document.text
    body = facts.body
    findings: list[Finding] = []
    for i, (s, numbers) in enumerate(zip(body, facts.numbers)):
        trigger = _PARTS_TRIGGER.search(text, s.start, s.end)
        if not trigger:
            continue
        parts: list[NumberMention] = []
        noun = None
        for n in numbers:
            if n.start < trigger.end():
                continue
            if n.kind == "year" or not _plain(n):
                if parts or n.kind in {"year", "percent", "money"}:
                    break
                continue
            word = _noun_after(text, n, s.end)
            if noun is None:
                if not word or word in _ELIDED or word in _NOT_ADDITIVE:
                    break  # percentages compound and average; they are not parts of a sum
                noun = word
                parts.append(n)
            elif word == noun or word in _ELIDED:
                parts.append(n)
            else:
                break
        if noun is None or len(parts) < 2:
            continue
        scope = [(j, n) for j in ((i - 1, i) if i else (i,)) for n in facts.numbers[j]
                 if n.end <= trigger.start() or j < i]
        totals = [n for _, n in scope if _plain(n) and _noun_after(text, n, len(text)) == noun]
        if not totals:
            continue
        total = totals[-1]
        summed = sum(p.value for p in parts)
        partial = (trigger.group("w") or "").startswith("includ")
        if summed == total.value or (partial and summed < total.value):
            continue
        findings.append(Finding(
            check="totals", type="numeric", a=(document.span(total.start, _noun_end(text, total)),),
            b=tuple(document.span(p.start, p.end) for p in parts),
            explanation=(f"The parts add up to {fmt(summed)} {noun}, "
                         f"{'more than' if summed > total.value else 'not'} the total of {fmt(total.value)}. "
                         f"Check each figure."),
            confidence=0.8,
        ))
    return findings


__all__ = ["rule_count_parts", "rule_percent_change", "rule_totals", "rule_votes"]

"""Totals and their parts, votes against the body's size, and percentage changes.

Catches: "a $12 million grant, split into $5 million, $4 million and $2 million" (the parts make $11 million);
"voted 8 to 4" on "the 11-member council"; "rose from 80 to 100, a 40 percent rise".
Must not flag: "$12 million ... split into $5 million, $4 million and $3 million"; "7 votes to 4" on
"the 11-member council"; "from 80 to 100, a 25 percent rise"; "from 1,800 to 2,700, a 50 percent increase".
"""

from __future__ import annotations

import re

from app.checks.base import Finding
from app.checks.numbers import MONEY, NUMBER, fmt, fmt_money, money_value, value
from app.document import Document

_SPLIT = re.compile(r"\b(?:split|divided|broken down|comprising|made up of|consisting of|shared out|allocated)\b"
                    r"(?:\s+(?:into|as|between|among))?")
_VOTES = re.compile(rf"\b(?P<yes>{NUMBER})\s*(?:votes?\s+)?(?:to|-|–)\s*(?P<no>{NUMBER})\b")
_BODY_SIZE = re.compile(rf"\b(?P<n>{NUMBER})-(?:member|seat|strong)\s+(?P<body>[a-z]+)")
_CHANGE = re.compile(
    rf"\bfrom\s+(?P<cur1>[$€£])?(?P<a>{NUMBER})(?P<pct1>\s*(?:percent|%))?\s+(?:\w+\s+){{0,4}}?to\s+(?P<cur2>[$€£])?"
    rf"(?P<b>{NUMBER})(?P<pct2>\s*(?:percent|%))?[^.;]{{0,80}}?\b(?:a|an|or)\s+(?P<p>\d+(?:\.\d+)?)\s*(?:percent|%|per cent)"
    rf"\s+(?P<dir>rise|increase|jump|gain|growth|fall|drop|decline|decrease|cut|reduction)")


def check_totals(document: Document) -> list[Finding]:
    """Parts that do not add up to their total, in one sentence."""
    findings: list[Finding] = []
    for s in document.body:
        text = document.text
        split = _SPLIT.search(text, s.start, s.end)
        if not split:
            continue
        before = [m for m in MONEY.finditer(text, s.start, split.start())]
        after = [m for m in MONEY.finditer(text, split.end(), s.end)]
        if not before or len(after) < 2:
            continue
        total = money_value(before[-1])
        parts = [money_value(m) for m in after]
        if total is None or any(p is None for p in parts):
            continue
        summed = sum(p for p in parts if p is not None)
        if abs(summed - total) <= max(0.005 * total, 0.5):
            continue
        cur = before[-1].group("cur")
        findings.append(Finding(
            check="totals", type="numeric",
            a=(document.span(before[-1].start(), before[-1].end()),),
            b=(document.span(after[0].start(), after[-1].end()),),
            explanation=(f"The parts add up to {cur}{fmt_money(summed)}, not the total of {cur}{fmt_money(total)}. "
                         f"Check each figure."),
            confidence=0.85,
        ))
    return findings


def check_votes(document: Document) -> list[Finding]:
    """A vote with more votes cast than the body has members."""
    sizes = []
    for s in document.body:
        for m in _BODY_SIZE.finditer(document.text, s.start, s.end):
            n = value(m.group("n"))
            if n:
                sizes.append((n, m.group("body"), document.span(m.start(), m.end())))
    if len(sizes) != 1:
        return []  # with several bodies, a vote cannot be tied to one
    size, body, size_span = sizes[0]
    findings: list[Finding] = []
    for s in document.body:
        if body not in s.text.lower() and size_span.start not in range(s.start, s.end) and "vot" not in s.text:
            continue
        for m in _VOTES.finditer(document.text, s.start, s.end):
            context = document.text[max(s.start, m.start() - 40):m.end() + 40].lower()
            if "vot" not in context and "passed" not in context and "approved" not in context:
                continue
            yes, no = value(m.group("yes")), value(m.group("no"))
            if yes is None or no is None or yes + no <= size:
                continue
            findings.append(Finding(
                check="votes", type="numeric", a=(size_span,), b=(document.span(m.start(), m.end()),),
                explanation=(f"A vote of {fmt(yes)} to {fmt(no)} needs {fmt(yes + no)} votes, more than the "
                             f"{fmt(size)} members of the {body}."),
                confidence=0.8,
            ))
    return findings


def check_percent_change(document: Document) -> list[Finding]:
    """'From A to B, a P percent rise' where B/A does not give P."""
    findings: list[Finding] = []
    for s in document.body:
        for m in _CHANGE.finditer(document.text, s.start, s.end):
            if m.group("pct1") or m.group("pct2"):
                continue  # percentage points are another matter
            a, b, p = value(m.group("a")), value(m.group("b")), float(m.group("p"))
            if not a or b is None:
                continue
            actual = (b - a) / a * 100
            falling = m.group("dir") in {"fall", "drop", "decline", "decrease", "cut", "reduction"}
            stated = -p if falling else p
            if abs(actual - stated) <= max(1.0, 0.05 * abs(stated)):
                continue
            findings.append(Finding(
                check="percent", type="numeric", a=(document.span(m.start(), m.start("p")),),
                b=(document.span(m.start("p"), m.end()),),
                explanation=(f"From {fmt(a)} to {fmt(b)} is a {abs(actual):.1f} percent "
                             f"{'fall' if actual < 0 else 'rise'}, not {p:g} percent {m.group('dir')}."),
                confidence=0.8,
            ))
    return findings


_PARTS_TRIGGER = re.compile(r"\b(?P<w>include|includes|included|including|split|divided|broken down|comprising|"
                            r"comprise|made up of|consisting of)\b|:")
_COUNT = re.compile(rf"(?<![$€£\d.,])\b(?P<n>{NUMBER})(?:\s+(?P<noun>[a-z][a-z-]+))?")
_NOT_ADDITIVE = {"percent", "per", "percentage", "points", "times", "years", "months", "weeks", "days", "hours",
                 "minutes", "degrees", "inches", "feet", "miles", "kilometers", "kilometres", "meters", "metres"}
_ELIDED = {"at", "in", "for", "from", "on", "to", "by", "across", "with"}


def _count_parts(document: Document, start: int, end: int) -> tuple[str, list[re.Match[str]]] | None:
    """'410 jobs at the plant, 150 at the warehouse and 120 at its headquarters': the noun and the parts."""
    parts: list[re.Match[str]] = []
    noun = None
    for m in _COUNT.finditer(document.text, start, end):
        v = value(m.group("n"))
        word = (m.group("noun") or "").lower()
        if v is None or (1900 <= v <= 2100 and "," not in m.group("n")):
            return None
        if noun is None:
            if not word or word in _ELIDED or word in _NOT_ADDITIVE:
                return None  # percentages compound and average; they are not parts of a sum
            noun = word
            parts.append(m)
        elif word == noun or word in _ELIDED:
            parts.append(m)
        else:
            break
    return (noun, parts) if noun and len(parts) >= 2 else None


def check_count_parts(document: Document) -> list[Finding]:
    """Counted parts ('410 jobs …, 150 … and 120 …') that exceed their total, or miss it when said to split it."""
    findings: list[Finding] = []
    body = document.body
    for i, s in enumerate(body):
        trigger = _PARTS_TRIGGER.search(document.text, s.start, s.end)
        if not trigger:
            continue
        found = _count_parts(document, trigger.end(), s.end)
        if not found:
            continue
        noun, parts = found
        scope_start = body[i - 1].start if i else s.start
        totals = [m for m in _COUNT.finditer(document.text, scope_start, trigger.start())
                  if (m.group("noun") or "").lower() == noun]
        if not totals:
            continue
        total_m = totals[-1]
        total = value(total_m.group("n"))
        summed = sum(value(m.group("n")) or 0 for m in parts)
        partial = (trigger.group("w") or "").startswith("includ")
        if total is None or summed == total or (partial and summed < total):
            continue
        findings.append(Finding(
            check="totals", type="numeric",
            a=(document.span(total_m.start(), total_m.end()),),
            b=tuple(document.span(m.start(), m.end()) for m in parts),
            explanation=(f"The parts add up to {fmt(summed)} {noun}, "
                         f"{'more than' if summed > total else 'not'} the total of {fmt(total)}. Check each figure."),
            confidence=0.8,
        ))
    return findings

"""One person given two ages more than a year apart.

Reads ages through `app.facts.ages` and ties each to a person: a printed name ("Ortiz, 41", "the 38-year-old
Ortiz"), a descriptive reference resolved to the one person the article gives that role ("the 38-year-old
executive" when only Dana Ortiz is called the executive), a bare "The 24-year-old," opening a sentence (the one
person the sentence before names), a parent's child ("Daniel's mother ... her three-year-old").
Catches: "two-year-old Daniel" / "Daniel's mother ... her three-year-old's hand"; "her 20-year-old soldier
boyfriend" / "boyfriend, Army Spc. Tyler Haskins" / "Haskins, 22,".
Must not flag: 41 and 42 (a birthday); two people of different ages; a descriptive reference that fits two
people; an age at another time ("he was six when ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.document import Document
from app.facts.document import DocumentFacts, facts_of
from app.facts.finding import Finding
from app.models import Span

_FUNCTION = {"the", "a", "an", "her", "his", "their", "its", "and", "of", "who", "was", "is", "said", "has",
             "had", "been", "to", "in", "on", "at", "for", "with", "by", "from", "as", "that", "which", "also",
             "then", "now", "now-", "former", "late", "new", "young"}
_ROLE_BEFORE = re.compile(r"\b(?P<role>[a-z][\w-]+)(?:,)?\s+(?:(?:[A-Z][\w.]*|[a-z]{1,3}\.)\s+){0,3}$")
_ROLE_AFTER = re.compile(r",\s+(?:the|a|an|her|his|their|its)\s+(?:[\w’'-]+\s+){0,4}?(?P<role>[a-z][\w-]+)"
                         r"(?=\s*[,.;:)]|\s+(?:who|of|at|for|from|in|and|with)\b)")


@dataclass(frozen=True)
class _Age:
    key: tuple[str | None, str]
    age: int
    span: Span
    sentence: int


def _same(facts: DocumentFacts, a: tuple[str | None, str], b: tuple[str | None, str]) -> bool:
    if a[1] != b[1]:
        return False
    if a[0] and b[0]:
        return a[0] == b[0]
    return len(facts.first_names.get(a[1], set())) <= 1


def _roles(document: Document, facts: DocumentFacts) -> dict[str, set[tuple[str | None, str]]]:
    """Role noun -> the people the article gives it ("boyfriend, Army Spc. Tyler Haskins")."""
    text = document.text
    out: dict[str, set[tuple[str | None, str]]] = {}
    for s, names in zip(facts.body, facts.names):
        for n in names:
            for m in (_ROLE_BEFORE.search(text, max(0, n.start - 40), n.start),
                      _ROLE_AFTER.match(text, n.end, min(s.end, n.end + 80))):
                if m and m.group("role") not in _FUNCTION and not m.group("role").endswith("ly"):
                    out.setdefault(m.group("role"), set()).add((n.first, n.surname))
    return out


def _key(name: str) -> tuple[str | None, str]:
    tokens = name.split()
    honorific = tokens[0].rstrip(".") in {"Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Dame"}
    if honorific:
        tokens = tokens[1:] or tokens
        return None, tokens[-1]
    return (tokens[-2] if len(tokens) >= 2 else None), tokens[-1]


def _unique(facts: DocumentFacts, keys: set[tuple[str | None, str]]) -> tuple[str | None, str] | None:
    merged: list[tuple[str | None, str]] = []
    for k in keys:
        if not any(_same(facts, k, m) for m in merged):
            merged.append(k)
    return merged[0] if len(merged) == 1 else None


def _ages(document: Document) -> list[_Age]:
    facts = facts_of(document)
    roles: dict[str, set[tuple[str | None, str]]] | None = None
    out: list[_Age] = []
    for i, mentions in enumerate(facts.ages):
        for a in mentions:
            if a.kind != "age" or a.age is None:
                continue
            key = None
            if a.name:
                key = _key(a.name)
            elif a.role:
                roles = _roles(document, facts) if roles is None else roles
                heads = [w for w in reversed(a.words) if w in roles]  # the head: the last word someone holds
                key = _unique(facts, roles[heads[0]]) if heads else None
            elif a.bare and i > 0:
                prev = {(n.first, n.surname) for n in facts.names[i - 1]}
                key = _unique(facts, prev)
            if key is not None:
                out.append(_Age(key, a.age, document.span(a.start, a.end), i))
    return out


def rule_ages(document: Document) -> list[Finding]:
    """Two ages of one person more than a year apart (a birthday explains one year)."""
    facts = facts_of(document)
    ages = _ages(document)
    findings: list[Finding] = []
    done: set[tuple[int, int]] = set()
    for i, x in enumerate(ages):
        for y in ages[i + 1:]:
            if x.age == y.age or not _same(facts, x.key, y.key):
                continue
            if (x.span.start, y.span.start) in done:
                continue
            done.add((x.span.start, y.span.start))
            who = " ".join(k for k in x.key if k) if x.key[0] else x.key[1]
            findings.append(Finding(
                check="age-twice", type="numeric", a=(x.span,), b=(y.span,),
                explanation=(f"{who} is {x.age} here and {y.age} there: {abs(x.age - y.age)} years apart, "
                             f"more than a birthday explains. One of the ages is wrong."),
                confidence=0.8,
            ))
    return findings

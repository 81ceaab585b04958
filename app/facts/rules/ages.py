"""One person given two ages, or an age that does not fit the person's birth year.

`rule_ages` (check "age-twice") reads ages and birth years through `app.facts.ages` and ties each to a person of
the people registry (`DocumentFacts.people`, built once per document): a printed name ("Ortiz, 41", "the
38-year-old Ortiz", "Mr. Cole, 38" -- the registry links a short form to the person named in full before it), a descriptive reference resolved to the one person the article gives that role ("the 38-year-old
executive" when only Dana Ortiz is called the executive), a bare "The 24-year-old," opening a sentence (the one
person the sentence before names), a parent's child ("Daniel's mother ... her three-year-old").
Catches: "two-year-old Daniel" / "Daniel's mother ... her three-year-old's hand"; "her 20-year-old soldier
boyfriend" / "boyfriend, Army Spc. Tyler Haskins" / "Haskins, 22,".
Birth years: "Daniel Reyes, 54, ... Reyes, who was born in 1961" in a 2025 article (54 would need 1970 or
1971). The owner of "born in" is the person whose age the sentence has just given, else the last person the
registry finds before it in the sentence, else the one after "Born in 1964, ...", else for "He/She was born"
the nearest person before. The year of writing is `DocumentFacts.reference`: with a dateline an age must be
year - born - 1 or year - born; without one (the latest date the article mentions) only an age too young for
the earliest possible year is reported, since the article may be older than it looks.
Must not flag: 41 and 42 (a birthday); two people of different ages; a descriptive reference that fits two
people; an age at another time ("he was six when ..."); two people who share a surname ("Mr. Cole, 38, who was
born in 1986" / "his mother, Denise Cole, 63").
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
    """One person: the same surname, and the same first name where both are known (a key whose first name is
    still None, from a list of candidates, fits when the article prints at most one first name with it)."""
    if a[1] != b[1]:
        return False
    if a[0] is not None and b[0] is not None:
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


def _resolve(facts: DocumentFacts, key: tuple[str | None, str], at: int) -> tuple[str | None, str] | None:
    """A short form ("Cole", "Mr. Cole") is the person printed in full with that surname before `at`, when there
    is exactly one; ("", surname) when the article never prints a first name with it; None when unsure (a first
    name printed only later may be someone else: "Mr. Cole, 38, ... his mother, Denise Cole")."""
    if key[0] is not None:
        return key
    before: set[str] = set()
    later = False
    for names in facts.names:
        for n in names:
            if n.surname == key[1] and n.first:
                if n.start < at:
                    before.add(n.first)
                else:
                    later = True
    if len(before) == 1:
        return next(iter(before)), key[1]
    if not before and not later:
        return "", key[1]
    return None


def _registry_key(facts: DocumentFacts, start: int, end: int, name: str) -> tuple[str | None, str] | None:
    """(first, surname) of the registry's person printed as `name` inside text[start:end], or None."""
    text = facts.document.text
    last = name.split()[-1]
    at = text.find(last, start, end)
    mention = facts.people.at(at) if at >= 0 else None
    if mention is None:
        return None
    person = facts.people.person(mention.person)
    if not any(m.kind == "full" and m.start < start for m in person.mentions):
        return None  # only a name printed in full before the short form says who it is
    return (person.first, person.surname) if person.surname == last or last in person.name.split() else None


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
                named = _key(a.name)
                key = (_registry_key(facts, a.start, a.end, a.name) if named[0] is None else None) or named
            elif a.role:
                roles = _roles(document, facts) if roles is None else roles
                heads = [w for w in reversed(a.words) if w in roles]  # the head: the last word someone holds
                key = _unique(facts, roles[heads[0]]) if heads else None
            elif a.bare and i > 0:
                prev = {(n.first, n.surname) for n in facts.names[i - 1]}
                key = _unique(facts, prev)
            if key is not None:
                key = _resolve(facts, key, a.start)
            if key is not None:
                out.append(_Age(key, a.age, document.span(a.start, a.end), i))
    return out


def _born_owner(facts: DocumentFacts, ages: list[_Age], i: int, start: int, end: int
                ) -> tuple[str | None, str] | None:
    """Whose birth year text[start:end] (in body sentence i) gives."""
    s = facts.body[i]
    text = facts.document.text
    given = [x for x in ages if s.start <= x.span.start < start]
    if given:  # "Mr. Cole, 38, who was born in 1986": the age just given is the owner's
        return given[-1].key
    registry = facts.people
    before = [m for m in registry.mentions_in(s.start, start) if m.kind != "descriptive"]
    if before:
        p = registry.person(before[-1].person)
        if any(m.kind == "full" and m.start <= before[-1].start for m in p.mentions):
            return p.first, p.surname
        return _resolve(facts, _key(before[-1].text), before[-1].start)
    if not text[s.start:start].strip(" \"“").strip() or re.match(r"\s*(?:[Bb]orn)\b", text[s.start:start]):
        after = [m for m in registry.mentions_in(end, s.end) if m.kind != "descriptive"]
        if after:  # "Born in 1964 in the Northside, Ms. Voss trained as a nurse"
            p = registry.person(after[0].person)
            return p.first, p.surname
    if re.search(r"\b(?:[Hh]e|[Ss]he)\s+was\s+$", text[s.start:start]):
        near = registry.nearest(start)
        return (near.first, near.surname) if near else None
    return None


def _birth_years(document: Document, ages: list[_Age]) -> list[Finding]:
    facts = facts_of(document)
    ref = facts.reference
    if ref is None:
        return []
    findings: list[Finding] = []
    for i, mentions in enumerate(facts.ages):
        for b in mentions:
            if b.kind != "born" or b.born is None:
                continue
            owner = _born_owner(facts, ages, i, b.start, b.end)
            if owner is None:
                continue
            least, most = ref.earliest.year - b.born - 1, ref.latest.year - b.born
            for x in ages:
                if not _same(facts, x.key, owner):
                    continue
                if least <= x.age and (x.age <= most or ref.source != "dateline"):
                    continue
                when = str(ref.earliest.year) if ref.source == "dateline" else f"{ref.earliest.year} or later"
                fits = f"{least} or {most}" if ref.source == "dateline" else f"at least {least}"
                findings.append(Finding(
                    check="age-twice", type="numeric", a=(x.span,), b=(document.span(b.start, b.end),),
                    explanation=(f"Someone born in {b.born} is {fits} in {when} ({ref.describe()}), but "
                                 f"{x.key[1]} is given as {x.age}."),
                    confidence=0.8,
                ))
    return findings


def rule_ages(document: Document) -> list[Finding]:
    """Two ages of one person more than a year apart (a birthday explains one year), or an age that does not fit
    the person's birth year."""
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
    return findings + _birth_years(document, ages)

"""Ages against birth years and against ages given elsewhere for the same person.

Catches: "Daniel Reyes, 54," and "born in 1961" in a 2025 article; "Solberg, aged 34," and
"The 41-year-old Solberg".
Must not flag: "Reyes, 47," and "born in 1977" in February 2025 (47 or 48 both fit);
two different people of different ages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.checks.base import Finding
from app.document import Document
from app.models import Span

_NAME = r"(?P<name>(?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)"
_AGE_PATTERNS = [
    re.compile(rf"{_NAME},\s+(?:aged\s+)?(?P<age>\d{{1,3}}),"),            # "Daniel Reyes, 54," / "Solberg, aged 34,"
    re.compile(rf"{_NAME}\s+\((?:aged\s+)?(?P<age>\d{{1,3}})\)"),           # "Daniel Reyes (54)"
    re.compile(rf"\b[Tt]he\s+(?P<age>\d{{1,3}})-year-old\s+(?:\w+\s+){{0,2}}?{_NAME}"),  # "The 41-year-old Solberg"
    re.compile(rf"{_NAME},\s+the\s+(?P<age>\d{{1,3}})-year-old\b"),          # "Solberg, the 41-year-old ..."
]
_BORN = re.compile(r"\b[Bb]orn\s+(?:in\s+)?(?:(?:January|February|March|April|May|June|July|August|September|"
                   r"October|November|December)\s+(?:\d{1,2},\s+)?)?(?P<year>(?:19|20)\d\d)\b")
_PRONOUN_OWNER = re.compile(r"\b(?:he|she|He|She)\s+was\s+$")
_NOT_PEOPLE = {"The", "In", "On", "At", "By", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
               "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"}


@dataclass(frozen=True)
class _Age:
    first: str | None
    surname: str
    age: int
    span: Span


def _person(name: str) -> tuple[str | None, str] | None:
    """(first name or None, surname) of a printed name."""
    tokens = [re.sub(r"[’']s$", "", t) for t in name.split() if t not in _NOT_PEOPLE]
    if not tokens:
        return None
    return (tokens[-2] if len(tokens) >= 2 else None), tokens[-1]


def _surname(name: str) -> str | None:
    person = _person(name)
    return person[1] if person else None


class _Same:
    """Decides whether two mentions name one person.

    Same surname and the same first name; a bare surname ("Reyes", "Mr. Cole") is the person
    the article named in full before it, when it named exactly one such person.
    """

    def __init__(self, document: Document) -> None:
        self.first_seen: dict[str, dict[str, int]] = {}
        for s in document.body:
            for m in re.finditer(r"\b([A-Z][a-z]+)\s+([A-Z][\w’'-]+)", s.text):
                if m.group(1) not in _NOT_PEOPLE and m.group(1) not in {"Mr", "Mrs", "Ms", "Dr"}:
                    self.first_seen.setdefault(m.group(2), {}).setdefault(m.group(1), s.start + m.start())

    def _full(self, surname: str, offset: int) -> str | None:
        """The first name a bare surname stands for: '' when the article never gives one, None when unsure."""
        named = self.first_seen.get(surname, {})
        if not named:
            return ""
        if len(named) != 1:
            return None
        first, at = next(iter(named.items()))
        return first if at < offset else None

    def __call__(self, a: tuple[str | None, str, int], b: tuple[str | None, str, int]) -> bool:
        if a[1] != b[1]:
            return False
        first_a = a[0] or self._full(a[1], a[2])
        first_b = b[0] or self._full(b[1], b[2])
        return first_a is not None and first_a == first_b


def _people_before(document: Document, offset: int) -> str | None:
    """The surname of the last person named before `offset` (for 'She was born in 1961')."""
    window = document.text[max(0, offset - 400):offset]
    names = re.findall(r"(?:Mr\.|Ms\.|Mrs\.|Dr\.)?\s?([A-Z][a-z]+(?:\s+[A-Z][\w’'-]+)+)", window)
    return _surname(names[-1]) if names else None


def check_ages(document: Document) -> list[Finding]:
    """One person given two ages more than a year apart, or an age that does not fit a birth year."""
    ages: list[_Age] = []
    for s in document.body:
        if not re.search(r"\d", s.text):
            continue
        for pattern in _AGE_PATTERNS:
            for m in pattern.finditer(document.text, s.start, s.end):
                person = _person(m.group("name"))
                age = int(m.group("age"))
                if person and 0 < age < 120:
                    ages.append(_Age(person[0], person[1], age, document.span(m.start(), m.end())))
    same = _Same(document)
    findings: list[Finding] = []
    reported: set[tuple[int, int]] = set()
    for i, x in enumerate(ages):
        for y in ages[i + 1:]:
            if same((x.first, x.surname, x.span.start), (y.first, y.surname, y.span.start)) and abs(x.age - y.age) > 1 and (x.span.start, y.span.start) not in reported:
                reported.add((x.span.start, y.span.start))
                findings.append(Finding(
                    check="ages", type="numeric", a=(x.span,), b=(y.span,),
                    explanation=f"{x.surname} is given as {x.age} and as {y.age} years old. One of the ages is wrong.",
                    confidence=0.8,
                ))
    if document.dateline is None:
        return findings
    year = document.dateline.date.year
    for s in document.body:
        if "born" not in s.text.lower():
            continue
        for m in _BORN.finditer(document.text, s.start, s.end):
            born = int(m.group("year"))
            head = document.text[s.start:m.start()]
            in_sentence = [x for x in ages if s.start <= x.span.start < m.start()]
            if in_sentence:  # "Mr. Cole, 38, who was born in 1986": the age just given is the owner's
                last = in_sentence[-1]
                owners = [(last.first, last.surname, last.span.start)]
            else:
                named = re.findall(r"((?:[A-Z][a-z]+\s+)?[A-Z][\w’'-]+)(?:,|\s+was\b)", head)
                name = named[-1] if named and named[-1] not in _NOT_PEOPLE else None
                person = _person(name) if name else None
                after = re.search(r"(?:Mr\.|Ms\.|Mrs\.|Dr\.)\s+([A-Z][\w’'-]+)|([A-Z][a-z]+\s+[A-Z][\w’'-]+)",
                                  document.text[m.end():s.end])
                if person is None and not head.strip() and after:
                    # "Born in 1964 in the Northside, Ms. Voss trained as a nurse": the subject follows
                    person = _person(after.group(1) or after.group(2))
                if person is None:
                    surname = _people_before(document, m.start())
                    person = (None, surname) if surname else None
                owners = [(person[0], person[1], m.start())] if person else []
            for x in ages:
                if not any(same((x.first, x.surname, x.span.start), o) for o in owners):
                    continue
                if year - born - x.age in (0, 1):
                    continue
                findings.append(Finding(
                    check="ages", type="numeric", a=(x.span,), b=(document.span(m.start(), m.end()),),
                    explanation=(f"Someone born in {born} is {year - born - 1} or {year - born} in {year}, "
                                 f"but {x.surname} is given as {x.age}."),
                    confidence=0.8,
                ))
    return findings

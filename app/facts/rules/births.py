"""A person's birth implied two ways by dated events: `rule_age_at_event`.

An age at a dated event puts a birth in a window of two years: "was just six years old when his mother died" with
the mother's death dated elsewhere ("swept to her death ... in 1995") -> born 1988 or 1989; "was 12 when the
family moved to Leeds in 2001" -> born 1988 or 1989. A pregnancy dates a child's birth: "in 1991, Mrs Marsden
was pregnant with her son" -> the son was born in 1991 or 1992. A birth year printed ("Ortiz, who was born in
1977") is a window of one year. Two windows of one person that cannot meet are flagged.

Whose birth: a named person (the registry's person named before the age in its sentence, or the person a
"He"/"She" opening the sentence refers to), or a parent's child ("his mother" / "her son": the child of the one
person whose death the article dates, or of the woman who was pregnant, by the people registry), with the
child's gender from "his"/"her" and "son"/"daughter".

Must not flag: windows that meet (a birthday explains a year), an age at an event whose year the article does not
give or gives twice ("died in 1995 ... the 1996 inquest" is one death year; two death years are left alone), two
different people, a parent with several dated deaths or several people dying in one sentence, ages without an
event ("Ortiz, 41": the age rule's part), hedged ages ("about six", "in his 40s").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.document import Document
from app.facts.document import DocumentFacts, facts_of
from app.facts.finding import Finding
from app.facts.numbers import words_value
from app.facts.people import KIN_GENDER, Gender

_N = r"(?P<n>\d{1,2}|[a-z]+(?:-[a-z]+)?)"
_WAS_AGE = (rf"\b(?:was|were)\s+(?:just\s+|only\s+|still\s+|barely\s+|aged\s+)?{_N}(?:\s+years?\s+old|-years?-old)?"
            r",?\s+when\s+")
# "was just six years old when his mother died"
_AT_DEATH = re.compile(_WAS_AGE + r"(?P<poss>his|her|their)\s+(?P<kin>mother|father|mum|dad|mom)\s+"
                                  r"(?:died|was\s+killed|passed\s+away)\b")
# "was 12 when the family moved to Leeds in 2001": a year in the same clause
_AT_YEAR = re.compile(_WAS_AGE + r"[^.;:!?]{0,80}?\bin\s+(?P<year>(?:19|20)\d\d)\b(?!\s*[-–]\s*\d)")
# "was pregnant with her son"
_PREGNANT = re.compile(r"\b(?:was|were|became|fell)\s+(?:\w+\s+)?pregnant\s+with\s+(?:her|their)\s+"
                       r"(?:(?:first|second|third|eldest|youngest|only)\s+)?(?P<kin>son|daughter|child|baby)\b")
_BORN = re.compile(r"\bborn\s+in\s+(?P<year>(?:19|20)\d\d)\b")
_DEATH = re.compile(r"\b(?:died|death|killed|drowned|murdered|shot\s+dead|passed\s+away|lost\s+(?:his|her|their)\s+lives?)\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_HEDGED = re.compile(r"\b(?:about|around|nearly|almost|roughly|some|under|over)\s+$")
_PRONOUN_OPENING = re.compile(r"\s*(?:He|She)\b")


@dataclass(frozen=True)
class _Window:
    """Born in `low`..`high` (years, inclusive), for `who` (a registry person id, or ("child", parent id,
    gender)), from the words at `start`..`end`."""

    who: object
    low: int
    high: int
    start: int
    end: int
    said: str


def _age(raw: str) -> int | None:
    value = int(raw) if raw.isdigit() else words_value(raw)
    return int(value) if value is not None and value == int(value) and 0 < value < 120 else None


def _child_gender(word: str) -> str | None:
    return {"his": "m", "her": "f", "son": "m", "daughter": "f"}.get(word)


def _person_before(facts: DocumentFacts, s_start: int, at: int) -> int | None:
    """The person named just before `at` (the subject of its verb), else the one registry person named before it in
    the sentence, else the one a "He"/"She" opening the sentence refers to."""
    registry = facts.people
    mentions = registry.mentions_in(s_start, at)
    if mentions and not facts.document.text[mentions[-1].end:at].strip(" ,"):
        return mentions[-1].person  # the subject just before the verb: "..., in 1991, Mrs Marsden was pregnant"
    named = {m.person for m in mentions}
    if len(named) == 1:
        return next(iter(named))
    if not named and _PRONOUN_OPENING.match(facts.document.text, s_start, at):
        gender: Gender = "m" if facts.document.text[s_start:at].lstrip().startswith("He") else "f"
        person = registry.nearest(s_start, gender)
        return person.id if person is not None else None
    return None


def _dated_deaths(facts: DocumentFacts) -> dict[int, set[int]]:
    """Registry person id -> the years the article dates their death in (sentences that name one person and give
    one year)."""
    out: dict[int, set[int]] = {}
    for s in facts.body:
        if not _DEATH.search(s.text):
            continue
        years = {int(y) for y in _YEAR.findall(s.text)}
        people = {m.person for m in facts.people.mentions_in(s.start, s.end)}
        if len(years) == 1 and len(people) == 1 and not re.search(r"\b(?:anniversary|since|after|before)\b", s.text):
            out.setdefault(next(iter(people)), set()).update(years)
    return out


def _windows(document: Document) -> list[_Window]:
    facts = facts_of(document)
    text = document.text
    deaths: dict[int, set[int]] | None = None
    out: list[_Window] = []
    for s in facts.body:
        low = s.text.lower()
        if " when " in low:
            for m in _AT_DEATH.finditer(text, s.start, s.end):
                n = _age(m.group("n"))
                if n is None or _HEDGED.search(text, max(s.start, m.start("n") - 10), m.start("n")):
                    continue
                deaths = _dated_deaths(facts) if deaths is None else deaths
                parent_gender = KIN_GENDER.get(m.group("kin"))
                parents = [(pid, years) for pid, years in deaths.items()
                           if facts.people.person(pid).gender in (None, parent_gender)]
                if len(parents) != 1 or len(parents[0][1]) != 1:
                    continue
                pid, (year,) = parents[0][0], tuple(parents[0][1])
                who = ("child", pid, _child_gender(m.group("poss")))
                out.append(_Window(who, year - n - 1, year - n, m.start(), m.end(),
                                   f"{n} when the {m.group('kin')} died in {year}"))
            for m in _AT_YEAR.finditer(text, s.start, s.end):
                n = _age(m.group("n"))
                who_at = _person_before(facts, s.start, m.start())
                if n is None or who_at is None or len(set(_YEAR.findall(s.text))) != 1:
                    continue
                year = int(m.group("year"))
                out.append(_Window(who_at, year - n - 1, year - n, m.start(), m.end(), f"{n} in {year}"))
        if "pregnant" in low:
            for m in _PREGNANT.finditer(text, s.start, s.end):
                years = {int(y) for y in _YEAR.findall(s.text)}
                mother = _person_before(facts, s.start, m.start())
                if len(years) != 1 or mother is None:
                    continue
                (year,) = years
                who = ("child", mother, _child_gender(m.group("kin")))
                out.append(_Window(who, year, year + 1, m.start(), m.end(), f"carried in {year}"))
        if "born in" in low:
            for m in _BORN.finditer(text, s.start, s.end):
                born = _person_before(facts, s.start, m.start())
                if born is not None and len(set(_YEAR.findall(s.text))) == 1:
                    year = int(m.group("year"))
                    out.append(_Window(born, year, year, m.start(), m.end(), f"born in {year}"))
    return out


def _same(a: object, b: object) -> bool:
    if a == b:
        return True
    if isinstance(a, tuple) and isinstance(b, tuple):  # a child of one parent: genders must not differ
        return a[1] == b[1] and (a[2] is None or b[2] is None or a[2] == b[2])
    return False


# (compiled once here; each was written inline at its use, where re looked it up in its cache per call)
_BIRTH_HINT = re.compile(r" when |pregnant|born in")


def rule_age_at_event(document: Document) -> list[Finding]:
    """One person's birth put in two windows that cannot meet by ages at dated events, a pregnancy, or a birth
    year."""
    if not _BIRTH_HINT.search(document.text):
        return []
    windows = _windows(document)
    if len(windows) < 2 or not any(w.said[0].isdigit() for w in windows):
        return []
    for k, a in enumerate(windows):
        for b in windows[k + 1:]:
            if not _same(a.who, b.who) or (a.low <= b.high and b.low <= a.high) or "born" in a.said and "born" in b.said:
                continue
            first, second = (a, b) if a.low < b.low else (b, a)
            return [Finding(
                check="age-at-event", type="numeric", a=(document.span(a.start, a.end),),
                b=(document.span(b.start, b.end),),
                explanation=(f"“{_text_of(document, first)}” puts the birth in {_years(first)}, but “{_text_of(document, second)}” "
                             f"puts it in {_years(second)} ({first.said}; {second.said}). One of the ages or years "
                             f"is wrong."),
                confidence=0.6,
            )]
    return []


def _text_of(document: Document, w: _Window) -> str:
    return document.text[w.start:w.end]


def _years(w: _Window) -> str:
    return str(w.low) if w.low == w.high else f"{w.low} or {w.high}"


__all__ = ["rule_age_at_event"]

"""Ages as news writes them (app.facts.ages.read_ages): the forms read, whose age each is, and what is not an age."""

from __future__ import annotations

import pytest

from app.facts.ages import read_ages


@pytest.mark.parametrize(("text", "age", "name", "role", "bare"), [
    ("Dana Ortiz, 41, said", 41, "Dana Ortiz", None, False),
    ("Ortiz (41) said", 41, "Ortiz", None, False),
    ("Ortiz, aged 41, said", 41, "Ortiz", None, False),
    ("the 38-year-old Ortiz said", 38, "Ortiz", None, False),
    ("killing two-year-old Daniel in 1993", 2, "Daniel", None, False),
    ("the 38-year-old executive said", 38, None, "executive", False),
    ("with her 20-year-old soldier boyfriend to", 20, None, "boyfriend", False),
    ("The 24-year-old, who won bronze", 24, None, None, True),
    ("Sam's mother let go of her five-year-old's hand", 5, "Sam", None, False),
])
def test_ages_read(text: str, age: int, name: str | None, role: str | None, bare: bool) -> None:
    (a,) = read_ages(text)
    assert (a.age, a.name, a.role, a.bare) == (age, name, role, bare)


def test_birth_year() -> None:
    (a,) = read_ages("She was born in 1977 in Leeds.")
    assert (a.kind, a.born) == ("born", 1977)


@pytest.mark.parametrize("text", [
    "a seven-year-old Ms Kunis stole it",       # the person at another time
    "Although told, the 28-year-old says Mr Ray's temper",  # a verb between: not the age of Mr Ray
    "A 41-year-old man was arrested",           # someone new
    "He was the 20-year-old who won when he turned professional",
    "a 14-year-old Pennsylvania girl",
    "in a 20-year-old car",
])
def test_not_ages_of_a_named_person(text: str) -> None:
    assert [a for a in read_ages(text) if a.name or a.role and a.role != "car" or a.bare] == []


@pytest.mark.parametrize(("text", "age"), [
    ("Ann Bell, now 63, said", 63), ("Ann Bell, aged just 19, said", 19), ("Ann Bell, who is 42, said", 42),
])
def test_more_appositions(text: str, age: int) -> None:
    (a,) = read_ages(text)
    assert (a.age, a.name) == (age, "Ann Bell")

"""Counted groups and enumerations (app.facts.groups): the forms read and the ones that are not."""

from __future__ import annotations

import pytest

from app.facts.groups import read_counts, read_enumerations
from app.facts.numbers import read_numbers


def counts(text: str):  # type: ignore[no-untyped-def]
    return [(c.number.value, c.noun, c.event, c.partial) for c in read_counts(text, read_numbers(text))]


@pytest.mark.parametrize(("text", "value", "noun", "event"), [
    ("Three people died in the fire.", 3, "people", "deaths"),
    ("The blast killed 12 people.", 12, "people", "deaths"),
    ("14 homes were destroyed", 14, "home", "destroyed"),
    ("the 16 destroyed houses", 16, "house", "destroyed"),
    ("a death toll of 30", 30, "death", "deaths"),
    ("five Commonwealth nations", 5, "nation", None),
    ("Police arrested 40 men", 40, "man", "arrested"),
])
def test_counts_read(text: str, value: float, noun: str, event: str | None) -> None:
    (c,) = counts(text)
    assert c[:3] == (value, noun, event)


def test_partial_counts() -> None:
    assert counts("including 12 children")[0][3] is True


@pytest.mark.parametrize("text", ["for 12 years", "40 per cent", "£5m", "in 2019", "by 3 miles"])
def test_not_counts(text: str) -> None:
    assert counts(text) == []


def test_enumerations() -> None:
    (e,) = read_enumerations("troops from across the Commonwealth - Britain, Australia, New Zealand and South Africa.")
    assert e.items == ("Britain", "Australia", "New Zealand", "South Africa") and e.intro == "-" and not e.partial
    (e,) = read_enumerations("countries including France, Spain and Italy")
    assert e.partial


def test_not_enumerations() -> None:
    assert read_enumerations("Britain and France") == []  # two names with no comma: a pair, not a list

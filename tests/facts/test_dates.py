"""Days as news writes them (app.facts.dates.read_days): printed dates, weekdays, days relative to the dateline."""

from __future__ import annotations

import datetime as dt

import pytest

from app.facts.dates import read_days, tense_of

THURSDAY = dt.date(2017, 4, 13)


def one(text: str):  # type: ignore[no-untyped-def]
    found = read_days(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "printed", "date"), [
    ("went out earlier on Friday", "earlier on Friday", dt.date(2017, 4, 14)),  # "earlier on": the day of writing
    ("ahead of tomorrow's budget", "tomorrow's", dt.date(2017, 4, 14)),
    ("the man died last night", "last night", dt.date(2017, 4, 12)),
    ("She said yesterday", "yesterday", dt.date(2017, 4, 12)),
    ("the vote is next Tuesday", "next Tuesday", dt.date(2017, 4, 18)),
    ("They met last Friday", "last Friday", dt.date(2017, 4, 7)),
    ("Police said on Monday", "Monday", dt.date(2017, 4, 10)),       # a past-tense sentence: the Monday before
    ("The talks will resume on Monday", "Monday", dt.date(2017, 4, 17)),  # a future one: the Monday after
    ("It ended on Thursday", "Thursday", THURSDAY),
    ("On Friday, March 14, she learned", "Friday, March 14", dt.date(2017, 3, 14)),
])
def test_days_resolve_against_the_dateline(text: str, printed: str, date: dt.date) -> None:
    d = one(text)
    assert d.text == printed
    assert d.resolve(THURSDAY, tense_of(text)) == date


def test_a_weekday_alone_without_tense_is_not_resolved() -> None:
    assert one("Monday").resolve(THURSDAY, None) is None


def test_the_weekday_beside_a_printed_date_is_kept() -> None:
    d = one("On Friday, March 14, she learned")
    assert d.kind == "date" and d.weekday == 4 and d.date is not None and d.date.day == 14


@pytest.mark.parametrize("text", ["the Friday prayers were", "Mondays are hard", "on Saturdays"])
def test_not_days(text: str) -> None:
    assert [d for d in read_days(text) if d.kind != "weekday" or d.text.endswith("s")] == []
    assert all(d.resolve(THURSDAY, None) is None for d in read_days(text))


def test_tense() -> None:
    assert tense_of("The vote will be held") == "future"
    assert tense_of("ahead of the budget") == "future"
    assert tense_of("She resigned") == "past"
    assert tense_of("Here it is") is None


# -- the day of writing (DocumentFacts.reference) -----------------------------------------------------------------
from app.document import Document  # noqa: E402
from app.facts.document import facts_of  # noqa: E402


@pytest.mark.parametrize(("text", "source", "earliest", "latest", "printed"), [
    ("Tuesday, March 3, 2026\n\nThe council met in 2019.", "dateline", dt.date(2026, 3, 3), dt.date(2026, 3, 3),
     None),
    ("The drug was approved in 2012. Regulators approved it in August 2014.", "latest-date", dt.date(2014, 8, 1),
     dt.date(2017, 12, 31), "2014"),
    ("By the late 2000s the area had fallen. It was larger in 1985-86.", "latest-date", dt.date(2006, 1, 1),
     dt.date(2012, 12, 31), "late 2000s"),
    ("The film was made for the London 2012 festival. He won a medal in 1996.", "latest-date", dt.date(2012, 1, 1),
     dt.date(2015, 12, 31), "2012"),
])
def test_reference_is_the_dateline_or_the_latest_past_date(text, source, earliest, latest, printed) -> None:
    doc = Document(text)
    ref = facts_of(doc).reference
    assert ref is not None and (ref.source, ref.earliest, ref.latest) == (source, earliest, latest)
    assert (None if ref.start is None else doc.text[ref.start:ref.end]) == printed


@pytest.mark.parametrize("text", [
    "The council will be merged in 2030.",                 # a future sentence
    "He said the plant would open in 2031.",               # a clause that looks ahead
    "The scheme runs until 2030, officials said.",         # the end of a stretch still running
    "He has served on the board since he was elected, from 2019-present.",  # an open range
    "The council met on Monday.",                          # no year at all
])
def test_no_reference_from_years_ahead(text) -> None:
    assert facts_of(Document(text)).reference is None

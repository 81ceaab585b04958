"""Dates as news text prints them."""

from __future__ import annotations

import datetime as dt

import pytest

from app.dates import find_dates


@pytest.mark.parametrize(("text", "printed", "date", "weekday"), [
    ("Sunday, June 1, 2025", "Sunday, June 1, 2025", dt.date(2025, 6, 1), "Sunday"),
    ("June 1, 2025", "June 1, 2025", dt.date(2025, 6, 1), None),
    ("1 June 2025", "1 June 2025", dt.date(2025, 6, 1), None),
    ("Sunday 1st June 2025", "Sunday 1st June 2025", dt.date(2025, 6, 1), "Sunday"),
    ("on the 1st of June, 2025,", "1st of June, 2025", dt.date(2025, 6, 1), None),
    ("2025-06-01", "2025-06-01", dt.date(2025, 6, 1), None),
    ("Published 2025-06-01T10:15:00Z", "2025-06-01", dt.date(2025, 6, 1), None),
    ("Published: 10:15 BST, 3 May 2025", "3 May 2025", dt.date(2025, 5, 3), None),
    ("on Tues., Sept. 3, 2024", "Tues., Sept. 3, 2024", dt.date(2024, 9, 3), "Tuesday"),
])
def test_printed_dates(text: str, printed: str, date: dt.date, weekday: str | None) -> None:
    (mention,) = find_dates(text)
    assert text[mention.start:mention.end] == printed
    assert mention.resolve() == date
    assert mention.weekday == weekday


def test_a_date_without_a_year_takes_the_given_year() -> None:
    text = "LONDON, June 1 (Reuters) - Talks began."
    (mention,) = find_dates(text)
    assert text[mention.start:mention.end] == "June 1"
    assert mention.year is None and mention.resolve() is None
    assert mention.resolve(2025) == dt.date(2025, 6, 1)


def test_the_weekday_span_is_the_printed_weekday() -> None:
    text = "The vote is on Wednesday, December 4."
    (mention,) = find_dates(text)
    assert text[mention.weekday_start:mention.weekday_end] == "Wednesday"


@pytest.mark.parametrize("text", ["May 2025", "2025-13-01", "June 45", "the council may 5 times", "in 2025"])
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_an_impossible_date_does_not_resolve() -> None:
    (mention,) = find_dates("February 30, 2025")
    assert mention.resolve() is None


def test_dates_are_found_in_order_inside_a_range() -> None:
    text = "From March 3, 2025 to 5 April 2025 and then May 12."
    assert [(m.month, m.day) for m in find_dates(text)] == [(3, 3), (4, 5), (5, 12)]
    assert [(m.month, m.day) for m in find_dates(text, 19)] == [(4, 5), (5, 12)]

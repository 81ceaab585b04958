"""Dates as news text prints them: kept for old imports; the reader lives in `app.facts.dates`."""

from app.facts.dates import MONTHS, WEEKDAYS, DateMention, find_dates

__all__ = ["MONTHS", "WEEKDAYS", "DateMention", "find_dates"]

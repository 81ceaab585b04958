"""Dates as news text prints them: "Sunday, June 1, 2025", "1 June 2025", "May 12", "2025-06-01"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WD = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)\.?,?\s+"
_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# "Sunday, June 1, 2025", "June 1, 2025", "June 1" (month-day order)
_MDY = re.compile(rf"\b(?:{_WD})?{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?")
# "Sunday 1 June 2025", "1 June 2025", "1 June" (day-month order)
_DMY = re.compile(rf"\b(?:{_WD}(?:the\s+)?)?{_DAY}\s+(?:of\s+)?{_MONTH}\b(?:,?\s+{_YEAR}\b)?")
# "2025-06-01", also as the date of a timestamp: "2025-06-01T10:15:00Z"
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:\b|(?=T\d))")


@dataclass(frozen=True)
class DateMention:
    """A date printed in the text, with the weekday printed beside it, if any."""

    start: int
    end: int
    month: int
    day: int
    year: int | None
    weekday: str | None  # as printed, normalised to the full English name
    weekday_start: int | None = None
    weekday_end: int | None = None

    def resolve(self, year: int | None = None) -> dt.date | None:
        """The calendar date, taking `year` when none is printed; None when impossible."""
        y = self.year or year
        if y is None:
            return None
        try:
            return dt.date(y, self.month, self.day)
        except ValueError:
            return None


def _weekday_name(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.lower().rstrip(".")
    for name in WEEKDAYS:
        if name.startswith(raw[:3]):
            return name.capitalize()
    return None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date mention in text[start:end], in order, without overlaps."""
    end = len(text) if end is None else end
    found: list[DateMention] = []
    for pattern in (_MDY, _DMY, _ISO):
        for m in pattern.finditer(text, start, end):
            month_raw = m.group("month")
            month = int(month_raw) if month_raw.isdigit() else MONTHS[month_raw.lower()]
            day = int(m.group("day"))
            if not 1 <= day <= 31 or not 1 <= month <= 12:
                continue
            year = int(m.group("year")) if m.group("year") else None
            wd_raw = m.groupdict().get("weekday")
            found.append(DateMention(
                m.start(), m.end(), month, day, year, _weekday_name(wd_raw),
                m.start("weekday") if wd_raw else None, m.end("weekday") if wd_raw else None,
            ))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept

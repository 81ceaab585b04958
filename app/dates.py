"""Dates and days as news text prints them, read once for every part of Copydesk.

This module imports nothing from `app`: it sits below the Document (which reads datelines with it) and is the
fact layer's date reader too (`app.facts.dates` re-exports it), so the layers stay free of import cycles.

- `find_dates(text, start=0, end=None) -> list[DateMention]`: calendar dates as printed: "Sunday, June 1, 2025",
  "1 June 2025", "May 12" (partial: no year), "2025-06-01", with the weekday printed beside them.
- `read_days(text, start=0, end=None) -> list[DayMention]`: every reference to a day: a printed date, a weekday
  alone ("on Monday", "Monday's vote"), a day relative to the dateline ("yesterday", "last night", "tomorrow's
  budget", "earlier today"), and a weekday said to be the day of writing ("earlier on Friday", "later on
  Friday"). `DayMention.resolve(dateline, tense)` gives the calendar date it names, or None when it cannot
  be known.

Offsets are code points into the `text` given. The words and their meanings are standard English news usage
(AP and Reuters style: a weekday alone names a day within a week of the dateline; "last night" is the evening
before the dateline). Nothing here raises on any input.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from app.caseless import caseless, lowered

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
    # _MDY and _DMY need a month's name (each holds one of _DAY_HINT_MONTHS), _ISO four digits and a dash
    months = _DAY_HINT_MONTHS.search(text, start, end) is not None
    for pattern in (_MDY, _DMY, _ISO):
        if not (months if pattern is not _ISO else _DAY_HINT_ISO.search(text, start, end)):
            continue
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


# -- days relative to the dateline ------------------------------------------------------------------------------
DayKind = Literal["date", "weekday", "relative"]
Tense = Literal["past", "future"]
_WEEKDAY_NAMES = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_RELATIVE_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                   "yesterday": -1, "last night": -1, "tomorrow": 1, "tomorrow night": 1,
                   "the day before yesterday": -2, "the day after tomorrow": 2, "overnight": 0}
_RELATIVE_RE = caseless(
    r"\b(?P<rel>the day (?:before yesterday|after tomorrow)|(?:yesterday|tomorrow)(?:\s+(?:morning|afternoon|"
    r"evening|night))?|today|tonight|this (?:morning|afternoon|evening)|last night)(?P<poss>[’']s)?\b")
# every match of _RELATIVE_RE holds one of these ('the day before yesterday', 'tonight', 'last night', …)
_RELATIVE_NEEDS = ("yesterday", "tomorrow", "today", "this", "night")
_SAME_DAY_RE = re.compile(
    rf"\b(?P<rel>earlier|later)\s+(?:on\s+|in\s+the\s+day\s+on\s+)?(?:(?P<wd>{_WEEKDAY_NAMES})|(?P<today>today|"
    rf"this\s+(?:morning|afternoon|evening)))\b(?!\s+(?:last|next)\b)")
_WEEKDAY_RE = re.compile(
    rf"\b(?:(?P<which>last|next|this|on|from|by|until|since)\s+)?(?P<wd>{_WEEKDAY_NAMES})(?P<poss>[’']s)?"
    rf"(?:\s+(?P<part>morning|afternoon|evening|night))?\b(?!,?\s+(?:\d|the\s+\d|"
    rf"January|February|March|April|May|June|July|August|September|October|November|December))")
_FUTURE_RE = caseless(r"\b(?:will|won[’']t|shall|is\s+(?:due|set|scheduled|expected|to)|are\s+(?:due|set|"
                        r"scheduled|expected|to)|ahead\s+of|upcoming|next|plans?\s+to|is\s+going\s+to|"
                        r"are\s+going\s+to|would\s+be\s+held)\b")
_PAST_RE = caseless(r"\b(?:was|were|had|did|said|told|took|met|held|won|lost|went|came|died|[a-z]{3,}ed)\b")


# what every day mention holds somewhere: `(?i:day|night|tomorrow|tonight|morning|evening|afternoon)|Jan|Feb|…|Dec|
# \d{4}-\d\d`, asked as three searches that `re` runs from their first characters (`_day_hint`)
_DAY_HINT_WORDS = caseless(r"day|night|tomorrow|tonight|morning|evening|afternoon")
_DAY_HINT_MONTHS = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_DAY_HINT_ISO = re.compile(r"\d\d\d\d-\d\d")


def _day_hint(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` holds something a day mention needs (see `_DAY_HINT_WORDS`)."""
    return bool(_DAY_HINT_WORDS.search(text, start, end) or _DAY_HINT_MONTHS.search(text, start, end)
                or _DAY_HINT_ISO.search(text, start, end))


@dataclass(frozen=True)
class DayMention:
    """One reference to a day: a printed date, a weekday alone, or a day relative to the dateline.

    `weekday` is 0 for Monday .. 6 for Sunday (a weekday named alone or printed beside a date); `offset` is the
    number of days from the dateline that a relative word means ("yesterday" -1, "tomorrow" +1, "tonight" 0);
    `same_day` is True when the words say the day is the day of writing ("earlier on Friday", "later today");
    `which` is "last", "next", "this" or None for a weekday; `date` is the printed date, when there is one.
    `start`/`end` are code-point offsets into the text read.
    """

    start: int
    end: int
    text: str
    kind: DayKind
    weekday: int | None = None
    offset: int | None = None
    same_day: bool = False
    which: str | None = None
    date: DateMention | None = None

    def resolve(self, dateline: dt.date | None, tense: Tense | None = None) -> dt.date | None:
        """The calendar date meant, seen from `dateline`; None when it cannot be known.

        A relative word counts from the dateline; a weekday alone is the nearest such day before the dateline
        in a past-tense sentence, after it in a future one, the dateline itself when that is the same weekday;
        a printed date without a year takes the year that puts it nearest the dateline.
        """
        if self.kind == "date" and self.date is not None:
            if self.date.year is not None or dateline is None:
                return self.date.resolve()
            return nearest_year(self.date.month, self.date.day, dateline)
        if dateline is None:
            return None
        if self.kind == "relative" and self.offset is not None:
            return dateline + dt.timedelta(days=self.offset)
        if self.weekday is None:
            return None
        diff = (self.weekday - dateline.weekday()) % 7
        if self.same_day or diff == 0 and self.which in {None, "on", "this"}:
            return dateline + dt.timedelta(days=diff) if self.same_day else dateline
        if self.which == "last" or (self.which not in {"next", "this"} and tense == "past"):
            return dateline - dt.timedelta(days=(7 - diff) % 7 or 7)
        if self.which == "next" or tense == "future" or self.which == "this":
            return dateline + dt.timedelta(days=diff or 7)
        return None


def nearest_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The date with that month and day closest to `anchor` (a date printed without a year)."""
    best = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs(d - anchor) < abs(best - anchor):
            best = d
    return best


def _wd_index(name: str) -> int:
    return WEEKDAYS.index(name.lower())


def read_days(text: str, start: int = 0, end: int | None = None) -> list[DayMention]:
    """Every day referred to in `text[start:end]`, in order, without overlaps (a printed date wins)."""
    end = len(text) if end is None else min(end, len(text))
    found: list[DayMention] = []
    if not _day_hint(text, start, end):
        return found
    for d in find_dates(text, start, end):
        wd = _wd_index(d.weekday) if d.weekday else None
        found.append(DayMention(d.weekday_start if d.weekday_start is not None else d.start, d.end,
                                text[d.weekday_start if d.weekday_start is not None else d.start:d.end], "date",
                                weekday=wd, date=d))
    # each pattern below is searched only where the window holds a word every match of it holds
    same_day = text.find("earlier", start, end) != -1 or text.find("later", start, end) != -1
    for m in _SAME_DAY_RE.finditer(text, start, end) if same_day else ():
        if m.group("wd"):
            found.append(DayMention(m.start(), m.end(), m.group(0), "weekday", weekday=_wd_index(m.group("wd")),
                                    same_day=True))
        else:
            found.append(DayMention(m.start(), m.end(), m.group(0), "relative", offset=0, same_day=True))
    low = lowered(text)  # as _RELATIVE_RE is searched (None: not exact, search everywhere)
    relative = low is None or any(low.find(w, start, end) != -1 for w in _RELATIVE_NEEDS)
    for m in _RELATIVE_RE.finditer(text, start, end) if relative else ():
        rel = re.sub(r"\s+", " ", m.group("rel").lower())
        offset = _RELATIVE_WORDS.get(rel, _RELATIVE_WORDS.get(rel.split()[0], None))
        found.append(DayMention(m.start(), m.end(), m.group(0), "relative", offset=offset))
    for m in _WEEKDAY_RE.finditer(text, start, end) if text.find("day", start, end) != -1 else ():
        which = (m.group("which") or "").lower() or None
        if which in {"from", "by", "until", "since"}:
            which = None
        found.append(DayMention(m.start("wd") if which in {None, "on"} else m.start(), m.end(),
                                text[m.start("wd") if which in {None, "on"} else m.start():m.end()], "weekday",
                                weekday=_wd_index(m.group("wd")), which=which))
    rank = {"date": 0, "weekday": 1, "relative": 1}
    found.sort(key=lambda d: (d.start, rank[d.kind] if not d.same_day else -1, -(d.end - d.start)))
    kept: list[DayMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        # `found` is sorted by start and `kept` never overlaps, so only the last kept mention can overlap (linear)
        if any(k.start <= mention.start < k.end or mention.start <= k.start < mention.end for k in kept[-1:]):
            continue
        kept.append(mention)
    return kept


@functools.lru_cache(maxsize=64)  # called once per date with its sentence: a long sentence is searched once
def tense_of(text: str) -> Tense | None:
    """'future' when the words look ahead ("will", "is due to", "ahead of"), 'past' for a past-tense clause,
    None when neither shows."""
    if _FUTURE_RE.search(text):
        return "future"
    if _PAST_RE.search(text):
        return "past"
    return None


# -- the day of writing ---------------------------------------------------------------------------------------
# How long after the latest date an undated article mentions it may have been written. News reports events of the
# last days or months; three years beyond the end of the latest year mentioned is a generous bound (feature and
# anniversary pieces look back, but they still mention a recent year).
REFERENCE_WINDOW_YEARS = 3


@dataclass(frozen=True)
class Reference:
    """When the article was written, as far as it can be known: `earliest` .. `latest` (inclusive).

    `source` is "dateline" (the printed dateline or the request's `published_at`: one day) or "latest-date" (no
    dateline: the article was written on or after the latest past date its body mentions, and at most
    `REFERENCE_WINDOW_YEARS` after the end of that year). `start`/`end` point at the mention it came from
    (code points), None for a dateline given with the request.
    """

    earliest: dt.date
    latest: dt.date
    source: Literal["dateline", "latest-date"]
    start: int | None = None
    end: int | None = None
    text: str | None = None

    def describe(self) -> str:
        """'the dateline (June 1, 2025)' or 'the latest date the article mentions (“August 2014”)'."""
        if self.source == "dateline":
            return f"the dateline ({self.earliest:%B %-d, %Y})"
        return f"the latest date the article mentions (“{self.text}”, taken as recent)"

    def years_since(self, low: dt.date, high: dt.date) -> tuple[float, float]:
        """The least and most years between a stretch `low`..`high` and the day of writing."""
        return (self.earliest - high).days / 365.25, (self.latest - low).days / 365.25


def reference_of(dateline: dt.date | None, past_dates: list[tuple[dt.date, int, int, int]], text: str = ""
                 ) -> Reference | None:
    """The day of writing: the dateline when there is one, else from `past_dates`, the dates the body mentions
    that are already past, as (earliest day meant, year of its end, start, end) with offsets into `text`; None
    when neither is known."""
    if dateline is not None:
        return Reference(dateline, dateline, "dateline")
    if not past_dates:
        return None
    day, _, start, end = max(past_dates, key=lambda d: (d[0], d[1]))
    last_year = max(d[1] for d in past_dates)
    latest = dt.date(min(last_year + REFERENCE_WINDOW_YEARS, 9999), 12, 31)
    return Reference(day, latest, "latest-date", start, end, text[start:end] or None)


__all__ = ["MONTHS", "WEEKDAYS", "REFERENCE_WINDOW_YEARS", "DateMention", "DayMention", "Reference", "find_dates",
           "read_days", "reference_of", "tense_of"]

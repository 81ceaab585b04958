"""A weekday printed beside a date that falls on another day.

Catches: "on Friday, March 3, 2025" (3 March 2025 was a Monday); with no year printed,
the dateline's year (the nearest such date) is taken: "Wednesday, December 4" in a 2025 article.
Must not flag: "Tuesday, March 4, 2025", or a date whose year cannot be known.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.caseless import caseless, word_start
from app.checks.base import Finding
from app.checks.dateline import next_on_or_after
from app.dates import DateMention, find_dates
from app.document import Document
from app.facts.dates import nearest_year

_WEEKDAY = re.compile(word_start(r"Mon|Tue|Wed|Thu|Fri|Sat|Sun"))  # `\b(?:Mon|Tue|…|Sun)`, opening on literals


_FUTURE = caseless(r"\b(?:will|scheduled|set\s+for|is\s+due|are\s+due|next|planned|upcoming|expected|"
                     r"begins?\s+on|starts?\s+on|to\s+be\s+held)\b")


_WD_NAMES = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_BEFORE_PAREN = re.compile(rf"\b{_WD_NAMES}\s*\(\s*$")
_WD_AFTER = re.compile(rf"^,?\s+(?:which\s+(?:was|is|will\s+be)\s+)?a\s+{_WD_NAMES}\b")


def _weekday_around(text: str, mention: DateMention, start: int, end: int) -> DateMention:
    """A weekday printed around a date rather than before it: 'Friday (March 14)', 'March 14, a Friday'."""
    before = _WD_BEFORE_PAREN.search(text, max(start, mention.start - 14), mention.start)
    if before and text[mention.end:mention.end + 1] == ")":
        return replace(mention, weekday=before.group("wd"), weekday_start=before.start("wd"),
                       weekday_end=before.end("wd"))
    after = _WD_AFTER.match(text[mention.end:min(end, mention.end + 30)])
    if after:
        return replace(mention, weekday=after.group("wd"), weekday_start=mention.end + after.start("wd"),
                       weekday_end=mention.end + after.end("wd"))
    return mention


def check_weekday(document: Document) -> list[Finding]:
    """Every 'Weekday, Month Day[, Year]' whose weekday is wrong for its date."""
    findings: list[Finding] = []
    anchor = document.dateline.date if document.dateline else None
    seen: set[int] = set()
    for sentence in document.sentences:
        if not _WEEKDAY.search(sentence.text):
            continue
        for mention in find_dates(document.text, sentence.start, sentence.end):
            if mention.weekday is None:
                mention = _weekday_around(document.text, mention, sentence.start, sentence.end)
            if mention.weekday is None or mention.weekday_start is None or mention.weekday_end is None \
                    or mention.start in seen:
                continue
            seen.add(mention.start)
            if mention.year is not None:
                date = mention.resolve()
                basis = "its printed year"
            elif anchor is not None:
                ahead = _FUTURE.search(document.text[sentence.start:mention.start])
                date = next_on_or_after(mention.month, mention.day, anchor) if ahead \
                    else nearest_year(mention.month, mention.day, anchor)
                basis = f"the dateline's year ({anchor.year})" if date and date.year == anchor.year \
                    else "the year nearest the dateline"
            else:
                continue
            if date is None or date.strftime("%A") == mention.weekday:
                continue
            wd = document.span(mention.weekday_start, mention.weekday_end)
            day_start = mention.weekday_end
            while day_start < mention.end and not document.text[day_start].isalnum():
                day_start += 1
            day = document.span(day_start, mention.end) if mention.weekday_start < mention.start \
                else document.span(mention.start, mention.end)  # "March 14, a Friday": the weekday follows
            # with the year taken from the dateline, the dateline is part of the evidence
            b = (day, document.dateline.span) if mention.year is None and document.dateline \
                and document.dateline.span else (day,)
            findings.append(Finding(
                check="weekday", type="temporal", a=(wd,), b=b,
                explanation=(f"{date:%B %-d, %Y} ({basis}) was a {date:%A}, not a {mention.weekday}. "
                             f"Correct the weekday or the date."),
                confidence=0.9 if mention.year is not None else 0.75,
            ))
    return findings

"""The dateline against relative dates printed with a calendar date.

Catches: "a ceasefire starting tomorrow, May 12" in an article dated Sunday, June 1, 2025.
Must not flag: "the vote tomorrow, March 5" in an article dated Tuesday, March 4, 2025.
"""

from __future__ import annotations

import datetime as dt
import re

from app.caseless import caseless, word_start
from app.checks.base import Finding
from app.dates import find_dates
from app.document import Document
from app.facts.dates import nearest_year

_RELATIVE = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
             "tomorrow": 1, "yesterday": -1, "tomorrow morning": 1, "tomorrow evening": 1,
             "yesterday morning": -1, "yesterday evening": -1, "yesterday afternoon": -1,
             "tomorrow afternoon": 1, "last night": -1, "tomorrow night": 1}
_PATTERN = caseless(r"(" + word_start("|".join(sorted(map(re.escape, _RELATIVE), key=len, reverse=True))) +
                    r")\s*[,(–—-]?\s*(?:on\s+)?")  # `\b(today|…)…`, opening on literals (app.caseless.word_start)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def next_on_or_after(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The first date with that month and day on or after `anchor` (a date ahead, printed without a year)."""
    for year in (anchor.year, anchor.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d >= anchor:
            return d
    return None


def check_dateline(document: Document) -> list[Finding]:
    """A relative day ('tomorrow, May 12') whose printed date is not dateline ± that day."""
    dateline = document.dateline
    if dateline is None:
        return []
    findings: list[Finding] = []
    for sentence in document.body:
        for m in _PATTERN.finditer(document.text, sentence.start, sentence.end):
            mentions = find_dates(document.text, m.end(), min(sentence.end, m.end() + 40))
            if not mentions or mentions[0].start != m.end():
                continue
            mention = mentions[0]
            printed = mention.resolve() or nearest_year(mention.month, mention.day, dateline.date)
            if printed is None:
                continue
            offset = _RELATIVE[m.group(1).lower()]
            try:
                expected = dateline.date + dt.timedelta(days=offset)
            except OverflowError:  # a dateline of 9999-12-31 has no tomorrow
                continue
            if printed == expected:
                continue
            word = m.group(1).lower()
            a = dateline.span or document.span(sentence.start, sentence.end)
            b = document.span(m.start(), mention.end)
            findings.append(Finding(
                check="dateline", type="temporal", a=(a,), b=(b,),
                explanation=(f"The article is dated {dateline.date:%A, %B %-d, %Y}, so “{word}” is "
                             f"{expected:%A, %B %-d}, but the text gives {printed:%B %-d}. "
                             f"Check the dateline or the date ({_days(abs((printed - expected).days))} apart)."),
                confidence=0.9,
            ))
    return findings

"""The dateline: the publication date printed near the top of the article, or given with the request.

Three places are read, in order: a short line among the first eight that is essentially a full
date ("Published: 10:15 BST, 3 May 2025"; a furniture line still gives the date), a date at the
very start of a text without line breaks, and a wire dateline opening the first paragraph
("LONDON, June 1 (Reuters) -"). Dates are read by `app.dates.find_dates`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from app.dates import DateMention, find_dates
from app.document.layout import Line
from app.furniture import furniture_rule
from app.models import Span

_WIRE = re.compile(r"[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,30})?,\s*")
_WIRE_TAIL = re.compile(r"\s*(?:\([^)\n]{1,40}\))?\s*[-–—]")
_DATELINE_NOISE = re.compile(
    r"(?i)\b(updated|published|posted|last updated|first published|dateline|date|on|at)\b|"
    r"\d{1,2}[:.]\d{2}(\s*(a\.m\.|p\.m\.|am|pm))?|\b(a\.m\.|p\.m\.|am|pm)|\b(?-i:[A-Z]{1,4}T|GMT|UTC)\b")


def dateline_candidate(text: str, lines: list[Line], raw: list[str]) -> tuple[Line | None, DateMention | None]:
    """The first short line near the top that is essentially a full date, and that date's mention.

    A furniture line ("Published: 10:15 BST, 3 May 2025") still gives the date but stays furniture.
    Failing that, a wire dateline opening the first paragraph: "LONDON, June 1 (Reuters) -".
    """
    for line in lines[:8]:
        line_text = raw[line.index]
        if len(line_text) > 80:
            continue
        for mention in find_dates(text, line.start, line.end):
            if mention.year is None:
                continue
            rest = line_text[:mention.start - line.start] + " " + line_text[mention.end - line.start:]
            rest = _DATELINE_NOISE.sub(" ", rest).strip(" ,.-–—|:·•")
            if len(rest.split()) <= 4:
                return (None if line.kind == "furniture" else line), mention
    if lines and lines[0].end - lines[0].start > 80:
        # a text without line breaks: a date at its very start, after nothing or furniture only
        first = lines[0]
        for mention in find_dates(text, first.start, min(first.end, first.start + 80)):
            before = text[first.start:mention.start]
            after = text[mention.end:mention.end + 3]
            if mention.year is not None and (not before.strip() or furniture_rule(before)) \
                    and not re.match(r",\s*[a-z]", after):
                return None, mention
            break
    for line in lines[:10]:
        if line.kind == "furniture":
            continue
        m = _WIRE.match(text, line.start, line.end)
        if m is None:
            continue
        mentions = find_dates(text, m.end(), min(line.end, m.end() + 40))
        if mentions and mentions[0].start == m.end() and _WIRE_TAIL.match(text, mentions[0].end, line.end):
            return None, mentions[0]
    return None, None


@dataclass(frozen=True)
class Dateline:
    """The publication date, where it came from and the weekday printed beside it."""

    date: dt.date
    weekday: str | None
    span: Span | None
    source: Literal["text", "request"]


def resolve_dateline(mention: DateMention | None, published_at: dt.date | None
                     ) -> tuple[dt.date, str | None, DateMention | None, Literal["text", "request"]] | None:
    """(date, weekday printed, the mention to point at or None, source), or None when the year is unknown.

    A request's `published_at` wins; the printed mention is pointed at only when it says the same date.
    """
    if published_at is not None:
        printed = mention.resolve(published_at.year) if mention else None
        same = mention is not None and printed == published_at
        return published_at, (mention.weekday if same and mention else None), (mention if same else None), "request"
    printed = mention.resolve() if mention else None
    if mention and printed:
        return printed, mention.weekday, mention, "text"
    return None  # a wire dateline without a year, and no published_at: the year is unknown

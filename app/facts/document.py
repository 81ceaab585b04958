"""The mentions of one Document, read once and shared by every rule: `facts_of(document) -> DocumentFacts`.

Each list is per body sentence (index = position in `document.body`), offsets are code points into
`document.text`. Reading is lazy: a rule that needs only ages does not pay for numbers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from app.caseless import caseless
from app.document import Document, Sentence
from app.facts.ages import AgeMention, read_ages
from app.facts.dates import MONTHS, DayMention, Reference, read_days, reference_of, tense_of
from app.facts.numbers import NumberMention, read_numbers
from app.facts.people import PeopleRegistry, people

# `\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?\s+[A-Z][\w’'-]+|\b[A-Z][a-z][\w’'-]*(?:\s+(?:de|…|la)?\s*[A-Z][\w’'-]+)+`
# written to open on the capital both alternatives open on (`re` then looks only at capitals): `\b` before it is
# `(?<!\w\w)` after it, and the honorific's first letter is looked back at
_NAME_RUN = re.compile(r"[A-Z](?<!\w\w)(?:(?:(?<=M)(?:r|rs|s|iss)|(?<=D)(?:r|ame)|(?<=P)rof|(?<=S)ir)\.?\s+[A-Z][\w’'-]+"
                       r"|[a-z][\w’'-]*(?:\s+(?:de|van|von|der|da|di|al|bin|le|la)?\s*[A-Z][\w’'-]+)+)")
_NOT_NAME_START = {"The", "In", "On", "At", "By", "A", "An", "And", "But", "He", "She", "It", "They", "We",
                   "This", "That", "If", "When", "While", "After", "Before", "His", "Her", "Their", "Its", "Our",
                   "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
                   "February", "March", "April", "May", "June", "July", "August", "September", "October",
                   "November", "December", "Earlier", "Later", "Last", "Next", "Olympic", "British", "American",
                   "Police", "Officers", "Speaking", "Asked", "According", "Despite", "Although", "As", "For",
                   "With", "From", "Under", "Over", "During", "Since", "Until", "Both", "All", "Some", "Many"}
# abbreviated ranks and titles (AP Stylebook, "military titles" and "titles"): never a surname
_RANKS = {"Spc", "Sgt", "Lt", "Col", "Gen", "Capt", "Cpl", "Pte", "Pvt", "Det", "Insp", "Supt", "Rev", "Gov", "Sen",
          "Rep", "St", "Maj", "Adm", "Cmdr", "Brig", "Cllr", "Hon", "Jr", "Sr"}
_ORG_TAIL = {"University", "College", "Hospital", "Council", "Party", "Ministry", "Department", "Police", "Court",
             "Church", "Club", "Union", "Office", "Agency", "Centre", "Center", "Street", "Road", "Park", "School",
             "Institute", "Association", "Committee", "Commission", "Airport", "Station", "House", "Times",
             "News", "Post", "Group", "Bank", "League", "Cup", "City", "United", "County", "Kingdom", "States",
             "Republic", "Island", "Islands", "Service", "Services", "Government", "Trust", "Foundation"}


# words that put the year that follows in the future or make it a target, not a date already past
_AHEAD = caseless(r"\b(?:will|would|could|should|shall|may|might|plans?|planned|aims?|aimed|targets?|expected|"
                    r"forecasts?|projected|due|until|till|deadline|scheduled|from\s+now|next)\b[^.;]*$")
# `\b[A-Z]…`, opening on the capital. (First written `[\w’'-]*?`, lazy: the shortest run after which `(?:[’']s)?\b`
# holds, which is always the capital's whole `\w` run, since \b fails inside it and holds at its end. `\w*` takes
# that run at once instead of trying the rest of the pattern after each character; same matches.)
_CAPITALISED = re.compile(r"([A-Z](?<!\w\w)\w*)(?:[’']s)?\b")


@dataclass(frozen=True)
class Name:
    """A person's name as printed in a sentence: `first` may be None ("Mr Ortiz", "Ortiz")."""

    start: int
    end: int
    first: str | None
    surname: str


@dataclass
class DocumentFacts:
    """Mentions of one document, per body sentence."""

    document: Document
    _cache: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def body(self) -> list[Sentence]:
        return self.document.body

    def _per_sentence(self, key: str, reader: Callable[[str, int, int], Any]) -> list[Any]:
        if key not in self._cache:
            text = self.document.text
            self._cache[key] = [reader(text, s.start, s.end) for s in self.document.body]
        return self._cache[key]

    @property
    def numbers(self) -> list[list[NumberMention]]:
        """`read_numbers` of every body sentence (read in one pass over the body, then split by sentence; a
        mention that crosses a sentence boundary is dropped)."""
        if "numbers" not in self._cache:
            body = self.document.body
            out: list[list[NumberMention]] = [[] for _ in body]
            if body:
                starts = [s.start for s in body]
                for n in read_numbers(self.document.text, body[0].start, body[-1].end):
                    i = bisect.bisect_right(starts, n.start) - 1
                    if i >= 0 and n.end <= body[i].end:
                        out[i].append(n)
            self._cache["numbers"] = out
        return self._cache["numbers"]

    @property
    def days(self) -> list[list[DayMention]]:
        """`read_days` of every body sentence."""
        return self._per_sentence("days", read_days)

    @property
    def ages(self) -> list[list[AgeMention]]:
        """`read_ages` of every body sentence."""
        return self._per_sentence("ages", read_ages)

    @cached_property
    def people(self) -> PeopleRegistry:
        """The people registry of the whole text (`app.facts.people.people`), built once per document and shared
        with attribution (`people_of`)."""
        return people(self.document.text)

    @cached_property
    def reference(self) -> Reference | None:
        """When the article was written (`app.facts.dates.Reference`): the dateline, or else on or after the latest
        year the body mentions ("was approved in August 2014", "by the late 2000s it had fallen", "the London 2012
        festival"). A year in a sentence or clause that looks ahead ("will", "is due to", "would", "plans",
        "until", "target") is not a date already past, nor is the start of an open range ("2010-present")."""
        dateline = self.document.dateline.date if self.document.dateline is not None else None
        if dateline is not None:
            return reference_of(dateline, [])
        text = self.document.text
        past: list[tuple[dt.date, int, int, int]] = []
        for s, numbers in zip(self.body, self.numbers):
            years = [n for n in numbers if n.kind == "year" and 1000 <= n.low <= 2999]
            if not years or tense_of(s.text) == "future":
                continue
            for n in years:
                before = text[max(s.start, n.start - 60):n.start]
                if _AHEAD.search(before) or re.match(r"\s*(?:-|–|to)\s*(?:\d|present|now|date)", text[n.end:n.end + 12]):
                    continue
                month = re.search(r"\b([A-Z][a-z]+)\.?\s+(?:of\s+)?$", text[max(s.start, n.start - 12):n.start])
                m = MONTHS.get(month.group(1).lower()) if month else None
                past.append((dt.date(int(n.low), m or 1, 1), int(n.high), n.start, n.end))
        return reference_of(None, past, text)

    @cached_property
    def names(self) -> list[list[Name]]:
        """Person-like names of every body sentence (two or more capitalised words, or an honorific and one)."""
        out = []
        text = self.document.text
        for s in self.document.body:
            found = []
            for m in _NAME_RUN.finditer(text, s.start, s.end):
                tokens = [t[:-2] if t.endswith(("’s", "'s")) else t for t in m.group(0).split()]  # no "’s" at the end
                while tokens and tokens[0] in _NOT_NAME_START:
                    tokens.pop(0)
                if not tokens or tokens[-1] in _ORG_TAIL or tokens[-1].isupper() or tokens[-1] in _RANKS:
                    continue
                honorific = tokens[0].rstrip(".") in {"Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Dame"}
                if len(tokens) < 2:
                    continue
                first = None if honorific else tokens[-2]
                found.append(Name(m.start(), m.end(), first, tokens[-1]))
            out.append(found)
        surnames = {n.surname for names in out for n in names if n.first}
        if surnames:  # a bare surname of someone named in full ("Ortiz, the firm's chief executive")
            for s, found in zip(self.document.body, out):
                taken = [(n.start, n.end) for n in found]
                for m in _CAPITALISED.finditer(text, s.start, s.end):
                    word = m.group(1)
                    if word in surnames and not any(a <= m.start() < b for a, b in taken):
                        found.append(Name(m.start(), m.end(), None, word))
                found.sort(key=lambda n: n.start)
        return out

    @cached_property
    def first_names(self) -> dict[str, set[str]]:
        """Surname -> the first names the article prints with it."""
        out: dict[str, set[str]] = {}
        for names in self.names:
            for n in names:
                out.setdefault(n.surname, set())
                if n.first:
                    out[n.surname].add(n.first)
        return out


def facts_of(document: Document) -> DocumentFacts:
    """The (cached) facts of a document."""
    cached = document.__dict__.get("_copydesk_facts")
    if cached is None:
        cached = DocumentFacts(document)
        document.__dict__["_copydesk_facts"] = cached
    return cached


def people_of(document: Document) -> PeopleRegistry:
    """The (cached) people registry of a document: every reader of one document shares one registry."""
    return facts_of(document).people


__all__ = ["DocumentFacts", "Name", "facts_of", "people_of"]

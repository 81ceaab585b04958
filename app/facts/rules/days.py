"""Days against the dateline, and one event given two dates.

`rule_same_day`: words that make a weekday the day of writing ("earlier on Friday", "later on Friday") in an
article dated another weekday. Catches "ousted ... earlier on Friday" under a Thursday dateline. Must not flag
"earlier on Thursday" under a Thursday dateline, "on Friday" alone, or any article without a dateline.

`rule_event_dates`: the same event (the verb or noun the date belongs to, by lemma: "met on 3 April" and "the
meeting in Grozny on 5 April" are both "meet") given two different calendar days, in sentences that share
another content word. Must not flag reporting verbs ("said on Monday"), a repeated event ("met again on 5
April", "a second meeting"), a date range, or two events of one kind that the text keeps apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.caseless import caseless, word_start
from app.document import Document, Sentence
from app.facts.dates import DayMention, Reference, nearest_year, tense_of
from app.facts.document import facts_of
from app.facts.finding import Finding
from app.facts.lemmas import lemma
from app.models import Span

_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def rule_same_day(document: Document) -> list[Finding]:
    """'earlier on Friday' in an article dated Thursday."""
    dateline = document.dateline
    if dateline is None or dateline.span is None:
        return []
    facts = facts_of(document)
    findings: list[Finding] = []
    for _s, days in zip(facts.body, facts.days):
        for d in days:
            if not d.same_day or d.weekday is None or d.weekday == dateline.date.weekday():
                continue
            findings.append(Finding(
                check="same-day", type="temporal", a=(dateline.span,), b=(document.span(d.start, d.end),),
                explanation=(f"The article is dated {dateline.date:%A, %B %-d, %Y}, but “{d.text}” says the day of "
                             f"writing is a {_WEEKDAY_NAMES[d.weekday]}. Check the day or the dateline."),
                confidence=0.75,
            ))
            break
    return findings


# verbs that say an event is over (plain English; past forms only): "the meeting, which ended on Wednesday"
_ENDED = re.compile(r"\b(?:ended|finished|concluded|closed|adjourned|wrapped\s+up|broke\s+up|drew\s+to\s+a\s+close|"
                    r"came\s+to\s+an\s+end|(?:was|were)\s+over)\b(?P<gap>[^,;:.!?()\"“”]{0,45}?)\bon\s+$")
_NOT_DONE = caseless(r"\b(?:will|would|should|could|might|may|must|shall|due|expected|set|scheduled|hoped?|"
                       r"planned|likely|if|unless)\b")
_WEEK_BACK = caseless(r",?\s+(?:last\s+week|of\s+last\s+week|a\s+week\s+(?:ago|earlier|before)|"
                        r"the\s+(?:previous|prior)\s+week|before\s+last|week)\b")


def rule_ended_ahead(document: Document) -> list[Finding]:
    """An event said to be over ("the meeting, which ended shortly before 11pm on Wednesday") on a bare weekday that
    is the day after the dateline or the one after that, in an article whose first dated event is more recent
    than the week before (the lead "voted on Monday night" under a Tuesday dateline).

    Read forward, the weekday has not come yet, so nothing can have ended on it; read back, it is five or six days
    before the dateline, which puts the end of the event before the events the article leads with, and a weekday
    named alone in a dated story is the coming one when it is the next day (AP and Reuters style name days within
    the week around the dateline). Catches "ended ... on Wednesday" / "finished on Thursday" under a Tuesday
    dateline. Must not flag: a weekday three or more days after the dateline (read back, it is within the past
    few days), "last Wednesday" or "on Wednesday last week", a looking-ahead clause ("will end on Wednesday",
    "is due to be finished on Wednesday"), an event that is not said to be over ("arrested on Wednesday"), an
    article without a dateline, or one whose first dated event is itself that far back."""
    dateline = document.dateline
    if dateline is None:
        return []
    anchor = dateline.date
    text = document.text
    for s, d, lead in _after_lead(document, anchor):
        if d.kind != "weekday" or d.weekday is None or d.same_day or d.which not in {None, "on"}:
            continue
        ahead = (d.weekday - anchor.weekday()) % 7
        if ahead not in {1, 2} or _WEEK_BACK.match(text, d.end, min(s.end, d.end + 30)):
            continue
        m = _ENDED.search(text, max(s.start, d.start - 90), d.start)
        if m is None or _NOT_DONE.search(text, max(s.start, m.start() - 30), d.start):
            continue
        back = anchor - dt.timedelta(days=7 - ahead)
        if not back < lead[1] <= anchor:
            continue
        coming = anchor + dt.timedelta(days=ahead)
        said = "tomorrow" if ahead == 1 else "the day after tomorrow"
        return [Finding(
            check="ended-ahead", type="temporal", a=_lead_spans(document, lead[0]),
            b=(document.span(m.start(), d.end),),
            explanation=(f"The article is dated {anchor:%A, %B %-d, %Y}, so {_WEEKDAY_NAMES[d.weekday]} is "
                         f"{said} ({coming:%B %-d}) and nothing can have ended on it yet; read as the "
                         f"{_WEEKDAY_NAMES[d.weekday]} before ({back:%B %-d}), it is earlier than "
                         f"“{lead[0].text}” ({lead[1]:%A, %B %-d}), which the article leads with. Check the day."),
            confidence=0.6,
        )]
    return []


def _after_lead(document: Document, anchor: dt.date) -> Iterator[tuple[Sentence, DayMention, tuple[DayMention, dt.date]]]:
    """Each day mention after the article's lead, with its body sentence and the lead: (sentence, mention, (lead
    mention, the date it resolves to against `anchor`)). The lead is the first mention in the body that resolves;
    the mentions before it and the lead itself are not yielded. Shared by the rules that weigh a day against the
    event an article leads with (ended-ahead, happened-ahead)."""
    facts = facts_of(document)
    lead: tuple[DayMention, dt.date] | None = None
    for s, days in zip(facts.body, facts.days):
        for d in days:
            if lead is None:
                when = d.resolve(anchor, tense_of(s.text))
                if when is not None:
                    lead = (d, when)
                continue
            yield s, d, lead


def _lead_spans(document: Document, lead: DayMention) -> tuple[Span, ...]:
    """Side a of a finding against the lead: the printed dateline's span, when it has one, and the lead mention's."""
    dateline = document.dateline
    return (*((dateline.span,) if dateline is not None and dateline.span else ()), document.span(lead.start, lead.end))


_REPORTING = {"say", "tell", "announce", "report", "confirm", "state", "add", "write", "publish", "claim",
              "reveal", "issue", "release", "post", "tweet", "speak", "explain", "comment", "respond", "ask",
              "update", "describe", "insist", "warn", "quote", "note", "show", "see", "be", "have", "do", "get",
              "make", "come", "go", "take", "give", "begin", "start", "continue", "end", "expect", "hold", "day",
              "week", "month", "year", "date", "time", "deadline", "until", "since", "by", "before", "after",
              "effect", "force", "place", "part", "office", "power", "action", "step", "use", "way"}
_REPEAT = caseless(r"\b(?:again|another|second|third|fourth|next|previous|earlier|later|last|latest|first|"
                     r"each|every|weekly|monthly|annual|follow-up|further|new|original|rescheduled|postponed|"
                     r"delayed|moved|brought\s+forward|put\s+back|until|between|from|through)\b")
_YEAR_WORD = re.compile(rf"(?:{word_start(r'1[5-9]|20')})\d\d\b")  # `\b(?:1[5-9]|20)\d\d\b`, opening on literals
_PREP_BEFORE = re.compile(r"(?P<words>(?:[\w’'-]+\s+){1,6}?)(?:on|dated|of)\s+$|(?P<poss>)$")
_STOP = set("""the a an of to in on at by for with from and or its their his her this that these those was were
is are be been has have had will would who which what when where said says also but not no as it they he she we
after before than about into over under said told after two three four five six seven eight nine ten one""".split())
_CAP_WORD = re.compile(r"^[A-Z]")


# (compiled once here; each was written inline at its use, where re looked it up in its cache per call)
_ON_BEFORE = re.compile(r"(?:^|\s)(?:on|dated)\s+$")
_WORD_RE = re.compile(r"[A-Za-z][\w’'-]*")
_RANGE_AFTER = re.compile(r"\s*(?:-|–|to|and)\s*\d")


def _event_word(text: str, start: int, s_start: int) -> tuple[str, int] | None:
    """The verb or noun a date belongs to: the last content word before 'on <date>', skipping a place
    ('meeting in Grozny on 5 April') -> (lemma, offset)."""
    head = text[max(s_start, start - 80):start]
    m = _ON_BEFORE.search(head)
    if not m:
        return None
    words = list(_WORD_RE.finditer(head[:m.start() + 1]))
    i = len(words) - 1
    while i >= 0 and i >= len(words) - 4:
        w = words[i].group(0)
        if _CAP_WORD.match(w) or w.lower() in {"in", "at", "of", "the", "a", "an", "held", "to", "be", "was",
                                                "were", "is", "are"}:
            i -= 1
            continue
        lem = lemma(w)
        if lem in _REPORTING or w.lower() in _STOP:
            return None
        return lem, max(s_start, start - 80) + words[i].start()
    return None


def _content(text: str) -> set[str]:
    words = (re.sub(r"[’']s?$", "", w.lower()) for w in re.findall(r"[A-Za-z][\w’'-]{3,}", text))
    return {w for w in words if w not in _STOP}


def _possessive_event(text: str, d: DayMention, end: int) -> tuple[str, int] | None:
    """'tomorrow's budget statement', 'Monday's vote': the noun the possessive day qualifies."""
    if not re.search(r"[’']s$", d.text):
        return None
    words = list(re.finditer(r"[A-Za-z][\w’'-]*", text[d.end:min(end, d.end + 40)]))[:3]
    head = None
    for w in words:
        word = w.group(0)
        if word.lower() in _STOP or word[0].isupper():
            break
        head = w
        if word.lower().endswith("s") or lemma(word) != word.lower():
            break
    if head is None:
        return None
    lem = lemma(head.group(0))
    return (None if lem in _REPORTING else (lem, d.end + head.start()))


def rule_event_dates(document: Document) -> list[Finding]:
    """One event (by lemma) on two different days, in sentences that share another content word.

    Printed dates are compared as dates; a weekday or a day relative to the dateline ("last night's attack",
    "the attack on Monday night") is compared by its weekday, which needs no guess at the tense."""
    facts = facts_of(document)
    anchor = document.dateline.date if document.dateline else None
    text = document.text
    events: list[tuple[str, object, DayMention, int, set[str]]] = []
    for i, (s, days) in enumerate(zip(facts.body, facts.days)):
        rest = s.text
        for d in days:
            rest = rest.replace(d.text, " ")
        if _REPEAT.search(rest):
            continue
        for d in days:
            if d.kind == "date" and d.date is not None:
                if _RANGE_AFTER.match(text[d.end:d.end + 6]):
                    continue  # a range of days
                value: object = d.resolve(anchor, tense_of(s.text)) or _Partial(d.date.month, d.date.day)
            elif d.kind == "relative" and d.offset is not None and anchor is not None:
                value = (anchor + dt.timedelta(days=d.offset)).weekday()
            elif d.kind == "weekday" and d.weekday is not None and (anchor is not None or d.same_day):
                value = d.weekday
            else:
                continue
            event = _possessive_event(text, d, s.end) or _event_word(text, d.start, s.start)
            if event is None:
                continue
            events.append((event[0], value, d, i, _content(rest) - {event[0]}))
    findings: list[Finding] = []
    seen: set[str] = set()
    for k, (ev, value, d, i, words) in enumerate(events):
        for ev2, value2, d2, i2, words2 in events[k + 1:]:
            if ev2 != ev or i2 == i or ev in seen:
                continue
            if isinstance(value, int) or isinstance(value2, int):
                wd = value if isinstance(value, int) else _weekday(value)
                wd2 = value2 if isinstance(value2, int) else _weekday(value2)
                if wd is None or wd2 is None or wd == wd2:
                    continue
                said = (_WEEKDAY_NAMES[wd], _WEEKDAY_NAMES[wd2])
            else:
                assert isinstance(value, (dt.date, _Partial)) and isinstance(value2, (dt.date, _Partial))
                if (value.month, value.day) == (value2.month, value2.day) and \
                        (isinstance(value, _Partial) or isinstance(value2, _Partial) or value == value2):
                    continue
                said = (f"{value:%B %-d}", f"{value2:%B %-d}")
            shared = {w for w in (words & words2) - {ev} if lemma(w) != ev and w not in _MONTHS}
            if not shared:
                continue
            seen.add(ev)
            findings.append(Finding(
                check="event-dates", type="temporal", a=(document.span(d.start, d.end),),
                b=(document.span(d2.start, d2.end),),
                explanation=(f"The same event (“{ev}”) falls on {said[0]} here and on {said[1]} there. "
                             f"One of the days is wrong."),
                confidence=0.6,
            ))
    return findings


def _weekday(value: object) -> int | None:
    return value.weekday() if isinstance(value, dt.date) else None


@dataclass(frozen=True)
class _Partial:
    """A day and month whose year cannot be known (no year printed, no dateline)."""

    month: int
    day: int

    def __format__(self, spec: str) -> str:
        return dt.date(2000, self.month, self.day).__format__(spec)

    def __sub__(self, other: _Partial | dt.date) -> dt.timedelta:
        return dt.date(2000, self.month, self.day) - dt.date(2000, other.month, other.day)

    def __rsub__(self, other: dt.date) -> dt.timedelta:
        return dt.date(2000, other.month, other.day) - dt.date(2000, self.month, self.day)


_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


# -- the one upcoming day, said two ways ------------------------------------------------------------------------
def rule_upcoming_day(document: Document) -> list[Finding]:
    """An article that looks ahead to exactly two days, one named ("is due to present his plans on Wednesday") and
    one relative to the dateline ("ahead of tomorrow's budget statement"), that are different days, in sentences
    about the same person (the people registry): one upcoming event dated two ways. Catches "tomorrow" under a
    Monday dateline against "on Wednesday". Must not flag: an article without a dateline, one that looks ahead to
    a third day (several events), two sentences about different people, two ways of saying the same day."""
    dateline = document.dateline
    if dateline is None:
        return []
    anchor = dateline.date
    facts = facts_of(document)
    ahead: list[tuple[DayMention, dt.date, int]] = []
    for i, (s, days) in enumerate(zip(facts.body, facts.days)):
        if not days:
            continue
        tense = tense_of(s.text)
        for d in days:
            when = d.resolve(anchor, tense)
            if when is not None and when > anchor:
                ahead.append((d, when, i))
    if len(ahead) != 2:
        return []
    (d1, w1, i1), (d2, w2, i2) = ahead
    kinds = {d1.kind, d2.kind}
    if w1 == w2 or i1 == i2 or "relative" not in kinds or kinds == {"relative"}:
        return []
    registry = facts.people
    people1 = {m.person for m in registry.mentions_in(facts.body[i1].start, facts.body[i1].end)}
    people2 = {m.person for m in registry.mentions_in(facts.body[i2].start, facts.body[i2].end)}
    if not people1 & people2:
        return []
    rel, named = (d1, d2) if d1.kind == "relative" else (d2, d1)
    w_rel, w_named = (w1, w2) if d1.kind == "relative" else (w2, w1)
    return [Finding(
        check="upcoming-day", type="temporal", a=(document.span(named.start, named.end),),
        b=(document.span(rel.start, rel.end),),
        explanation=(f"The article looks ahead to one day for the same person, but “{named.text}” is {w_named:%A, %B %-d} "
                     f"and “{rel.text}” is {w_rel:%A, %B %-d} (the dateline is {anchor:%A, %B %-d, %Y}). One of the "
                     f"days is wrong."),
        confidence=0.55,
    )]


# -- one-time events given two years ------------------------------------------------------------------------------
# Events that happen once to a thing or a person (founding, birth, death, opening, first appearance): the same
# one given two years is a contradiction. Plain English verbs, lemmatised.
ONCE = {"found", "establish", "bear", "die", "open", "build", "launch", "create", "form", "inaugurate",
        "incorporate", "invent", "discover", "debut", "publish", "release", "premiere", "construct", "complete",
        "foundation", "birth", "death", "opening"}
_IN_YEAR = re.compile(r"\b(?P<verb>[a-z]+)\s+(?:in|since)\s+(?:(?:January|February|March|April|May|June|"
                      r"July|August|September|October|November|December)\s+)?(?P<year>(?:1[5-9]|20)\d\d)\b(?!\s*[-–]\d)")
_SUBJECT = re.compile(r"(?:(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)|(?:the|its|their)\s+(?P<noun>[a-z]+))"
                      r"(?:[’']s)?(?:,[^,]{0,60},)?,?\s+(?:(?:was|were|is|had\s+been|has\s+been|first)\s+)?$")


_AGO = re.compile(r"\b(?P<verb>[a-z]+)\s+(?:(?:some|about|around|nearly|almost|more\s+than|over|roughly)\s+)?"
                  r"(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                  r"thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred)\s+(?P<unit>years?|decades?|centur(?:y|ies))"
                  r"\s+ago\b")
_UNIT_YEARS = {"year": 1.0, "decade": 10.0, "centur": 100.0}


def _ago_years(m: re.Match[str], ref: Reference) -> tuple[float, float] | None:
    """The years an "N years ago" can name, counted back from the day of writing (wide: a round figure)."""
    from app.facts.numbers import words_value

    raw = m.group("n").lower()
    n = 1.0 if raw in {"a", "an"} else (float(raw) if raw.isdigit() else words_value(raw))
    if n is None:
        return None
    unit = next(v for k, v in _UNIT_YEARS.items() if m.group("unit").lower().startswith(k))
    years = n * unit
    lo_span, hi_span = (years * 0.8, years * 1.2) if years >= 10 else (years - 1.0, years + 1.0)
    return ref.earliest.year - hi_span, ref.latest.year + 1 - lo_span


def rule_event_years(document: Document) -> list[Finding]:
    """One thing founded, born, opened or launched in two different years ('The club, founded in 1902' / 'the
    club was founded in 1905'), or in a year and "N years ago" that cannot meet ('opened in 1985' / 'opened four
    decades ago', counted back from `DocumentFacts.reference`). The subject (the name or noun just before the
    verb) must be the same; a thing re-opened, re-founded or rebuilt is another event."""
    facts = facts_of(document)
    text = document.text
    ref = None
    items: list[tuple[str, str, float, float, re.Match[str], int]] = []
    for i, s in enumerate(facts.body):
        has_year = _YEAR_WORD.search(s.text)
        has_ago = " ago" in s.text
        if not has_year and not has_ago:
            continue
        found = list(_IN_YEAR.finditer(text, s.start, s.end)) if has_year else []
        if has_ago:
            found += list(_AGO.finditer(text, s.start, s.end))
        for m in found:
            verb = m.group("verb")
            lem = lemma(verb)
            if lem not in ONCE and verb not in ONCE:
                continue
            if re.search(r"\bre-?(?:open|found|launch|buil|establish|form|releas|publish)|again|relaunch|new",
                         text[max(s.start, m.start() - 30):m.end()], re.IGNORECASE):
                continue
            sub = _SUBJECT.search(text[max(s.start, m.start() - 90):m.start()])
            if not sub:
                continue
            subject = sub.group("name") or sub.group("noun")
            if subject in {"He", "She", "It", "They", "The", "In", "On", "This"}:
                continue
            if m.re is _AGO:
                ref = facts.reference if ref is None else ref
                span = _ago_years(m, ref) if ref is not None else None
                if span is None:
                    continue
                items.append((lem, subject, span[0], span[1], m, i))
            else:
                year = int(m.group("year"))
                items.append((lem, subject, float(year), year + 1.0, m, i))
    findings: list[Finding] = []
    for k, (lem, subject, lo, hi, m, i) in enumerate(items):
        for lem2, subject2, lo2, hi2, m2, j in items[k + 1:]:
            if lem2 != lem or j == i or (lo < hi2 and lo2 < hi):
                continue
            if subject2 != subject and not (subject.split()[-1] == subject2.split()[-1]):
                continue
            ago = m.re is _AGO or m2.re is _AGO
            if ago and min(abs(lo - hi2), abs(lo2 - hi)) < 2:
                continue  # an "ago" is a round figure: only a gap of years counts
            if ago and ref is not None and ref.start is not None and \
                    any(x.start() <= ref.start < x.end() for x in (m, m2)):
                continue  # the year compared is the latest date printed: nothing says how long ago that was
            back = f", counting back from {ref.describe()}" if ago and ref is not None else ""
            findings.append(Finding(
                check="event-years", type="temporal", a=(document.span(m.start(), m.end()),),
                b=(document.span(m2.start(), m2.end()),),
                explanation=(f"{subject} is given as “{m.group(0)}” here and “{m2.group(0)}” there{back}. "
                             f"It can only have happened once."),
                confidence=0.65 if not ago else 0.55,
            ))
            return findings
    return findings


# verbs that say an event has happened (past forms only), right before 'on <date>' in their clause
_HAPPENED = caseless(r"\b(?:began|begun|started|opened|ended|finished|concluded|closed|died|took\s+place|happened|"
                     r"occurred|(?:was|were)\s+(?:held|killed|arrested|signed|founded|launched))\b"
                     r"(?P<gap>[^,;:.!?()\"“”]{0,45}?)\bon\s+$")


# a sentence that opens with 'Had' is an inverted conditional ('Had work started on March 20, it would be …')
_INVERTED_IF = re.compile(r"\s*[“\"‘']?Had\s")


def rule_happened_ahead(document: Document) -> list[Finding]:
    """An event said to have happened ('Work began on Friday, March 13') on a printed date two days or more after
    the publication date (the request's `published_at` or the printed dateline), in an article whose first dated
    event is on or before that date (side a: the dateline, when printed, and that first event).

    Nothing can have happened on a day that had not come when the article was published. A date printed without a
    year is read in the year its printed weekday fixes (the publication date's, or the next when that is less than
    a year ahead: a weekday that fits no such year is the weekday check's to report), else in
    the nearest year and flagged only when that is at most two weeks ahead (further on, read a year back, it may
    be meant). Must not flag: a looking-ahead clause ('is due to begin on', 'will open on'), an inverted
    conditional ('Had work started on …, it would …'), a date within a day of
    the publication date (time zones), an article without a publication date, or one that leads with a later
    date."""
    dateline = document.dateline
    if dateline is None:
        return []
    anchor = dateline.date
    text = document.text
    for s, d, lead in _after_lead(document, anchor):
        if d.kind != "date" or d.date is None or lead[1] > anchor:
            continue
        printed = d.date
        if printed.year is not None:
            when = printed.resolve()
        elif printed.weekday is not None:
            # within a year ahead: a weekday that fits only a later year is wrong (the weekday check's)
            when = next((c for c in (printed.resolve(anchor.year), printed.resolve(anchor.year + 1))
                         if c is not None and c.strftime("%A") == printed.weekday
                         and (c - anchor).days < 365), None)
        else:
            when = nearest_year(printed.month, printed.day, anchor)
            if when is not None and (when - anchor).days > 14:
                continue
        if when is None or (when - anchor).days < 2:
            continue
        m = _HAPPENED.search(text, max(s.start, d.start - 90), d.start)
        if m is None or _NOT_DONE.search(text, max(s.start, m.start() - 30), d.start) \
                or _INVERTED_IF.match(text, s.start, m.start()):
            continue
        return [Finding(
            check="happened-ahead", type="temporal",
            a=_lead_spans(document, lead[0]),
            b=(document.span(m.start(), d.end),),
            explanation=(f"The article is dated {anchor:%A, %B %-d, %Y} and leads with “{lead[0].text}” "
                         f"({lead[1]:%A, %B %-d}), but says “{text[m.start():d.end]}”: {when:%A, %B %-d, %Y} "
                         f"is {(when - anchor).days} days after the publication date, so it cannot have "
                         f"happened yet. Check the date or the publication date."),
            confidence=0.6,
        )]
    return []

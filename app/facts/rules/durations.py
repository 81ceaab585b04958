"""A duration against its start year and the day of writing (the dateline or, without one, the latest date the
article mentions: `DocumentFacts.reference`).

"has led the council since 2019" / "has led it for the past eight years" (dated 2025: six years, not eight);
"the first new treatment for a decade" / "the first new treatment since topotecan was approved in 2012"
(dated 2015: three years). The two are tied by the verb of a present perfect ("has led" / "has led": one
lemma) or by "the first NOUN" (one noun lemma), in sentences that share a content word or follow each other.
Must not flag: a hedge that admits the figure ("nearly eight years" for seven and a half), a year after the
day of writing, two different subjects (no shared word, not adjacent).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from app.caseless import word_start
from app.document import Document
from app.facts.dates import Reference
from app.facts.document import facts_of
from app.facts.durations import DurationMention, read_durations, read_starts, read_stretches
from app.facts.finding import Finding
from app.facts.groups import getAllLemmas
from app.facts.lemmas import lemma, noun_lemma

_PERFECT = re.compile(r"\b(?:has|have|had)\s+(?:(?:been|also|now|long|only|not)\s+)*(?P<v>[a-z]+)\b[^.;]*$")
_FIRST = re.compile(r"\bthe\s+first\s+(?:(?:[a-z-]+\s+){0,3})(?P<n>[a-z]+)\b[^,;]*$")
_STOP = set("the a an of to in on at by for with from and or its their his her this that these those was were "
            "is are be been has have had will would who which what when said says also but not as it they he she "
            "we since first years year decade".split())


def _key(text: str, d: DurationMention, floor: int) -> str | None:
    head = text[max(floor, d.start - 120):d.start]
    m = _FIRST.search(head)
    if m:
        return "first " + noun_lemma(m.group("n"))
    m = _PERFECT.search(head)
    if m and m.group("v") not in _STOP:
        return lemma(m.group("v"))
    return None


_NAME = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?P<a>[A-Z][\w’'-]+)|(?P<b>[A-Z][a-z]+\s+[A-Z][\w’'-]+)")


def _subject(text: str, d: DurationMention, floor: int) -> str | None:
    """The surname of the last person named before the mention in its sentence."""
    names = list(_NAME.finditer(text, floor, d.start))
    if not names:
        return None
    m = names[-1]
    return (m.group("a") or m.group("b")).split()[-1]


def _elapsed(year: int, month: int | None, ref: Reference) -> tuple[float, float]:
    """The least and most years from a start (a year, or a month of a year) to the day of writing."""
    low = dt.date(year, month or 1, 1)
    high = low + dt.timedelta(days=31) if month else dt.date(year, 12, 31)
    return ref.years_since(low, high)


def _stated(d: DurationMention) -> tuple[float, float]:
    n = d.low
    if d.bound == "max":
        return n - 1.5, n
    if d.bound == "min":
        return n, float("inf")
    if d.bound == "approx" or n >= 10:
        return n * 0.8, n * 1.2
    return n - 0.5, n + 0.99


def _content(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][\w’'-]{3,}", text) if w.lower() not in _STOP}


def rule_durations(document: Document) -> list[Finding]:
    """'since 2019' against 'for the past eight years' for one subject, under the dateline."""
    facts = facts_of(document)
    ref = facts.reference
    if ref is None:
        return []
    text = document.text
    since: list[Any] = []
    spans: list[Any] = []
    for i, s in enumerate(facts.body):
        if not _SINCE_FOR_IN.search(s.text):
            continue
        for d in read_durations(text, s.start, s.end):
            key = _key(text, d, s.start)
            if key is None:
                continue
            (since if d.kind == "since" else spans if d.kind == "for" and d.text.lower().startswith("for") else [])\
                .append((key, d, i))
    findings: list[Finding] = []
    for key, d, i in spans:
        own = [x for x in since if x[2] == i]
        for key2, st, j in own or since:
            if key2 != key or st.year is None or st.year > ref.latest.year:
                continue
            if ref.start is not None and ref.end is not None and st.start <= ref.start < st.end:
                continue  # the start year is the latest date printed: nothing says how long ago it was
            who, who2 = _subject(text, d, facts.body[i].start), _subject(text, st, facts.body[j].start)
            if who and who2 and who != who2:
                continue  # "Mr Tully has served since 2017" / "Ms Mendes has served for 12 years"
            near = abs(i - j) <= 1 or bool((_content(facts.body[i].text) & _content(facts.body[j].text)) - {key})
            if not near:
                continue
            lo, hi = _elapsed(st.year, st.month, ref)
            slo, shi = _stated(d)
            if slo <= hi + 0.05 and lo - 0.05 <= shi:
                continue
            findings.append(Finding(
                check="durations", type="temporal", a=(document.span(st.start, st.end),),
                b=(document.span(d.start, d.end),),
                explanation=(f"From {st.year} to {ref.describe()} is {max(lo, 0):.1f} to "
                             f"{hi:.1f} years, which does not fit “{d.text}”."),
                confidence=0.7,
            ))
            break
    return findings


# -- how long an event has lasted, against its start -------------------------------------------------------------
# nouns that name one kind of event or body (plain English near-synonyms); "history", "existence" and "life" are
# the life of whatever was founded ("*")
_EVENT_SYNONYMS = {"conflict": "war", "fighting": "war", "invasion": "war", "walkout": "strike",
                   "dispute": "strike", "firm": "company", "business": "company", "history": "*",
                   "existence": "*", "life": "*"}
_ORGANISATIONS = {"company", "club", "school", "library", "museum", "band", "charity", "party", "newspaper", "*"}


def _event_noun(noun: str | None) -> str | None:
    if not noun:
        return None
    noun = noun.lower()
    if len(noun) > 4 and noun.endswith("s") and not noun.endswith("ss"):
        noun = noun[:-1]
    return _EVENT_SYNONYMS.get(noun, noun)


def rule_elapsed(document: Document) -> list[Finding]:
    """'two years of war' when 'the war began in February 2022' and the article is dated June 2025; 'its 20-year
    history' for a company 'founded in 2010', in 2024; 'now in its third year' for a dispute begun in January 2024,
    in March 2025. The event is tied by its noun (or a near-synonym); exactly one start must fit. The day of
    writing is `DocumentFacts.reference`. Must not flag a hedged stretch ("nearly two years of war"), a stretch
    that fits ("the 14-month dispute"), a start after the day of writing."""
    facts = facts_of(document)
    ref = facts.reference
    if ref is None:
        return []
    text = document.text
    starts = [st for s in facts.body for st in read_starts(text, s.start, s.end)]
    if not starts:
        return []
    findings: list[Finding] = []
    for s in facts.body:
        for d in read_stretches(text, s.start, s.end):
            if d.hedged:
                continue
            noun = _event_noun(d.noun)
            matches = [st for st in starts if (sn := _event_noun(st.noun)) and noun and
                       (sn == noun or noun == "*" or (sn == "*" and noun in _ORGANISATIONS))]
            if len(matches) != 1:
                continue
            st = matches[0]
            if st.start <= d.start < st.end or st.year > ref.latest.year:
                continue
            if ref.start is not None and st.start <= ref.start < st.end:
                continue  # the start is the latest date printed: nothing says how long ago it was
            lo, hi = _elapsed(st.year, st.month, ref)
            if not (d.high < lo - 0.05 or d.low > hi + 0.05):
                continue
            since = f"{_MONTHS[st.month - 1]} {st.year}" if st.month else str(st.year)
            findings.append(Finding(
                check="elapsed", type="numeric", a=(document.span(st.start, st.end),),
                b=(document.span(d.start, d.end),),
                explanation=(f"From {since} to {ref.describe()} is {_span_words(lo, hi)}, which does not fit "
                             f"“{d.text}”."),
                confidence=0.75,
            ))
    return findings


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def _span_words(lo: float, hi: float) -> str:
    lo, hi = max(lo, 0.0), max(hi, 0.0)
    if hi < 2:
        return f"about {round(lo * 12)} to {round(hi * 12)} months"
    return f"between {lo:.1f} and {hi:.1f} years"


# -- one sanction, two lengths -----------------------------------------------------------------------------------
# Sanctions with a length (sports discipline and court reporting): the verbs and nouns that take "for N years"
# or "an N-year ..."; plain English, no source beyond the dictionary.
SANCTIONS = {"ban", "suspend", "suspension", "defer", "jail", "imprison", "sentence", "bar", "exclude", "expel",
             "disqualify", "prohibit", "postpone", "probation", "prison"}
_SANCTION_FOR = re.compile(r"\b(?P<verb>[a-z]+)\s+(?:for\s+(?:a\s+(?:probationary\s+)?period\s+of\s+)?|to\s+)"
                           r"(?P<dur>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\s+"
                           r"(?P<unit>years?|months?|weeks?|days?)\b")
_SANCTION_ADJ = re.compile(r"\b(?:an?|the|his|her|their|its)\s+(?P<dur>one|two|three|four|five|six|seven|eight|nine|"
                           r"ten|eleven|twelve|\d+)-(?P<unit>year|month|week|day|match|game)\s+(?P<verb>[a-z]+)\b")
_SINCE_FOR_IN = re.compile(word_start(r"since\b|for\b|in\b"))  # `\bsince\b|\bfor\b|\bin\b`, opening on literals
_SANCTION_HINT = re.compile(r"(?:years?|months?|weeks?|days?|year|month|week|day|match|game)\b")
_UNIT_DAYS = {"year": 365.0, "month": 30.4, "week": 7.0, "day": 1.0}


def _nouns_before(text: str, start: int, floor: int) -> list[str]:
    words = re.findall(r"[A-Za-z][\w’'-]*", text[max(floor, start - 90):start])
    out = []
    for w in reversed(words):
        if w[0].isupper():
            out.append(re.sub(r"[’']s$", "", w))
        elif w.lower() not in _STOP and len(w) > 2 and "NOUN" in getAllLemmas(w.lower()):
            out.append(noun_lemma(w))
    return out


def rule_sanctions(document: Document) -> list[Finding]:
    """One thing banned, suspended or sentenced for two different lengths ('suspended for a year' / 'deferred for
    a probationary period of two years', both of 'the match')."""
    from app.facts.numbers import words_value

    facts = facts_of(document)
    text = document.text
    items = []
    for i, s in enumerate(facts.body):
        if not _SANCTION_HINT.search(s.text):
            continue
        for pattern in (_SANCTION_FOR, _SANCTION_ADJ):
            for m in pattern.finditer(text, s.start, s.end):
                verb = lemma(m.group("verb"))
                if verb not in SANCTIONS and noun_lemma(m.group("verb")) not in SANCTIONS:
                    continue
                raw = m.group("dur").lower()
                n = 1.0 if raw in {"a", "an"} else (float(raw) if raw.isdigit() else words_value(raw))
                unit = m.group("unit").lower().rstrip("s")
                if n is None or unit not in _UNIT_DAYS:
                    continue
                nouns = _nouns_before(text, m.start(), s.start)
                after = re.match(r"\s+(?:for|of|on|against)\s+(?:Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+)?(?P<n>[A-Z][\w’'-]+)",
                                 text[m.end():min(s.end, m.end() + 40)])
                if after:
                    nouns.insert(0, re.sub(r"[’']s$", "", after.group("n")))
                if not nouns:
                    continue
                items.append((n * _UNIT_DAYS[unit], nouns, m, i))
    findings: list[Finding] = []
    for k, (days, nouns, m, i) in enumerate(items):
        for days2, nouns2, m2, j in items[k + 1:]:
            if j == i or abs(days - days2) <= 0.1 * max(days, days2):
                continue
            if not (nouns[0] in nouns2 or nouns2[0] in nouns):
                continue
            findings.append(Finding(
                check="sanctions", type="temporal", a=(document.span(m.start(), m.end()),),
                b=(document.span(m2.start(), m2.end()),),
                explanation=(f"The same {nouns[0] if nouns[0] in nouns2 else nouns2[0]} is given “{m.group(0)}” here "
                             f"and “{m2.group(0)}” there. Check which length is right."),
                confidence=0.6,
            ))
            return findings
    return findings

"""Numbers, dates and weekdays as a copy editor reads them, and whether two of them agree.

"nearly 30 percent" agrees with "29.6 percent"; "about 40 percent" does not. "four out of five"
is 80 percent, "a third" about 33 percent, "$12m" is 12 million dollars, "fell from 40 percent to
30 percent" is a fall of 10 percentage points (and of 25 percent), "176 votes to 171" is a margin
of five votes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Literal

from app.dates import find_dates
from app.facts import NumberMention, read_numbers
from app.facts.numbers import CURRENCY_WORDS, UNIT_WORDS
from app.verify.lexicon import APPROX_WORDS, CHANGE_WORDS, FRACTIONS, MULTIPLIERS, STOPWORDS, WORD_NUMBERS
from app.verify.text import content_stems, root, stem

Kind = Literal["count", "percent", "pp", "money", "year", "date", "month", "weekday", "duration", "ordinal",
               "tally", "factor", "clock", "relyear"]
Verdict = Literal["match", "conflict", "incompatible"]

_WORDNUM = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_FRACTION = "|".join(sorted((re.escape(w) for w in FRACTIONS), key=len, reverse=True))
_APPROX = "|".join(sorted((re.escape(w) for w in APPROX_WORDS), key=len, reverse=True))
_MULT = r"(?:\s?(?P<mult>million|billion|trillion|thousand|bn|mn|m|k)\b)?"
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_QTY = re.compile(
    rf"(?:(?P<approx>\b(?:{_APPROX}))\s+)?"
    rf"(?:(?P<cur>[$€£])\s?{_NUM}{_MULT}"
    rf"|(?P<frac>\b(?:{_FRACTION}))\b(?:\s+(?:an?|of))?"
    rf"|(?P<outof>\b(?:{_WORDNUM}|\d+))\s+(?:out\s+of|in|of\s+(?:the|its|their|his|her|our))(?:\s+every)?\s+"
    rf"(?P<outof2>(?:{_WORDNUM}|\d+))\b"
    rf"|\b{_NUM.replace('num', 'num2')}(?P<ord>st|nd|rd|th)?{_MULT.replace('mult', 'mult2')}"
    rf"|\b(?P<word>(?:{_WORDNUM}))(?:[- ](?P<word2>one|two|three|four|five|six|seven|eight|nine))?\b"
    rf"{_MULT.replace('mult', 'mult3')})",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"^\s?(?:%|percent\b|per\s?cent\b)", re.IGNORECASE)
_POINTS = re.compile(r"^[\s-]?(?:percentage[\s-]+points?|points?)\b", re.IGNORECASE)  # "a 12-point lead" too
_CURRENCY_WORD = re.compile(r"^\s?(?:(?:million|billion)\s+)?(dollars?|euros?|pounds?|yen|francs?|kronor)\b",
                            re.IGNORECASE)
_DURATION = {"second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "hr": 3600, "day": 86400,
             "week": 604800}
_DURATION_WORD = re.compile(r"^[\s-]?(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\b", re.IGNORECASE)
_CENTS = re.compile(r"^\s?(?:cents?|pence|p)\b", re.IGNORECASE)
_AGE = re.compile(r"^[\s-]?years?[\s-]old\b", re.IGNORECASE)
_TALLY = re.compile(r"(?<![\d,.])\b(\d{1,3})\s?[-–]\s?(\d{1,3})\b(?![-–]\d)"
                    r"|(?<![\d,.])\b(\d{1,3}(?:,\d{3})*) votes? to (\d{1,3}(?:,\d{3})*)\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d\d))?\s?(?P<ap>[ap])\.?m\b\.?|\b(?P<h2>\d{1,2}):(?P<m2>\d\d)\b",
                    re.IGNORECASE)
_LAP = re.compile(r"(?<![\d:.])(?P<a>\d{1,2}):(?P<b>\d\d)(?::(?P<s>\d\d)(?P<f>\.\d+)?|(?P<g>\.\d+))(?![\d:])")
_HOURS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
# A time of day said without "pm": an hour after "at", "until", "till" ("closes at five", "open until
# eight every weekday"), when a verb of opening, closing, starting or ending stands just before it or
# what follows cannot be a noun the hour counts ("at five on weekdays", "at seven o'clock").
_HOUR_WORD = re.compile(
    r"\b(?:at|until|till|til)\s+(?P<h>" + "|".join(_HOURS) + r"|1[0-2]|[1-9])(?P<oc>\s+o['’]clock)?"
    r"(?=(?P<after>\s*(?:[,.;:)]|$)|\s+(?:on|every|each|daily|nightly|tonight|today|tomorrow|weekdays?|"
    r"weekends?|in\s+the\s+(?:morning|afternoon|evening)|at\s+night|and|or|o['’]clock)\b))?",
    re.IGNORECASE)
_TIME_VERB = re.compile(r"\b(?:open|close|shut|start|begin|began|begun|finish|end|kick(?:ed|s)?\s+off|arrive|leave|"
                        r"left|depart|meet|met|resume|stop|wake|woke)\w*\b[^.;,]{0,20}$", re.IGNORECASE)
# Spans of time said without a number ("for several years", "a few days"): how long, as a range of the
# unit (several: 3 to 9, a few: 2 to 5, many: 5 and more; Collins usage notes). They bear out and are
# borne out only by durations.
_VAGUE_SPAN = re.compile(r"\b(?P<q>several|a\s+few|a\s+couple\s+of|many)\s+(?P<u>minutes|hours|days|weeks|months|years|"
                         r"decades)\b", re.IGNORECASE)
_VAGUE_RANGE = {"several": (3.0, 9.0), "a few": (2.0, 5.0), "a couple of": (2.0, 3.0), "many": (5.0, 1000.0)}
# ... and distances ("a few miles from the family home"): counted in the fact layer's unit (UNIT_WORDS)
_VAGUE_FAR = re.compile(r"\b(?P<q>several|a\s+few|a\s+couple\s+of|many)\s+(?P<u>miles|kilometres|kilometers|metres|"
                        r"meters|yards|feet)\b", re.IGNORECASE)
# A year said relative to the time of writing ("next year", "last year's"): compared with another such
# phrase, and never contradicted by a printed year (the dateline decides which year that is).
_REL_YEAR = re.compile(r"\b(?P<w>next|last|this|previous|coming)\s+year(?:['’]s)?\b", re.IGNORECASE)
_REL_VALUE = {"next": 1.0, "coming": 1.0, "last": -1.0, "previous": -1.0, "this": 0.0}
# A power of ten, or a run of digits too long for a float ("10^400"): a figure still, read as infinity
# when it overflows, and compared digit for digit.
_LONG_DIGITS = re.compile(r"\d{16}")
_HUGE = re.compile(r"(?<![\w.,])(?P<base>\d+(?:\.\d+)?)\s*(?:\^|\*\*)\s*(?P<exp>\d+)\b|(?<![\w.,])\d{16,}\b")
# A month named alone ("start in September"); "May" only after a word that makes it a month.
_MONTH = re.compile(r"(?:\b(?:in|by|since|until|till|from|of|last|next|this|early|late|mid|between|through|and|to)"
                    r"[\s-]+(?P<may>May)|\b(?P<month>January|February|March|April|June|July|August|September|"
                    r"October|November|December))\b(?!\s+\d{1,2}\b)")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")
_CHANGE = re.compile(r"\b(" + "|".join(CHANGE_WORDS) + r")\b", re.IGNORECASE)
_MOST = re.compile(r"\b(?P<q>most|the majority|a majority|the minority|a minority)\s+of\b", re.IGNORECASE)
_SKIP_HEAD = {"more", "additional", "new", "extra", "other", "percent", "per", "cent", "of"}
_BOUNDARY = re.compile(r"[,;:()“”\".!?]\s|\band\b|\bbut\b|\bwhile\b|\bwhich\b|\bwho\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A number, date or weekday in a text, with its unit, its hedge and the words around it."""

    value: float
    kind: Kind
    start: int
    end: int
    text: str
    unit: str | None = None  # currency, or the noun the number counts ("900 people" -> person)
    approx: str = "exact"  # see lexicon.APPROX_WORDS
    precision: float = 1.0  # the rounding step of the figure as written ("2,300" -> 100)
    context: frozenset[str] = field(default_factory=frozenset)
    clause: int = 0  # which clause of its sentence it stands in (cut at commas, "and", "but"...)
    second: float | None = None  # the other side of a tally ("7-2")
    derived: bool = False  # computed from other figures, not printed
    high: float | None = None  # the top of a range ("between 80 and 90 percent": value 80, high 90)


def _precision(num: str) -> float:
    num = num.replace(",", "")
    if "." in num:
        return 10.0 ** -len(num.split(".")[1])
    stripped = num.rstrip("0")
    return 10.0 ** min(len(num) - len(stripped), 300) if stripped else 1.0  # 400 zeros overflow a float


def _word_value(word: str, word2: str | None) -> float:
    value = WORD_NUMBERS[word.lower()]
    if word2:
        value += WORD_NUMBERS[word2.lower()]
    return float(value)


def _head(text: str, end: int) -> str | None:
    """The noun a figure counts: the next word unless it is a function word."""
    for m in re.finditer(r"[^\W\d_]+", text[end:end + 40]):
        if re.search(r"[^\w\s-]", text[end:end + m.start()]):
            return None  # "rose to 23, health officials said": the figure counts nothing named
        word = m.group(0).lower()
        if word in _SKIP_HEAD:
            continue
        if word in STOPWORDS:
            return None
        return stem(word)
    return None


def _context(text: str, start: int, end: int) -> frozenset[str]:
    """Content stems of the clause a figure stands in (up to a comma, 'and', 'but'...)."""
    left = text[max(0, start - 80):start]
    cuts = list(_BOUNDARY.finditer(left))
    if cuts:
        left = left[cuts[-1].end():]
    right = text[end:end + 80]
    cut = _BOUNDARY.search(right)
    if cut:
        right = right[:cut.start()]
    return content_stems(left + " " + right)


def quantities(text: str) -> list[Quantity]:
    """Every figure in `text`: counts, percentages, money, durations, dates, weekdays, tallies."""
    found: list[Quantity] = []
    lower = text.lower()
    # cheap tests first: most sentences hold no time of day, vague span or power (bench: verify)
    hours = "at " in lower or "til " in lower or "till " in lower
    vague = "several " in lower or "few " in lower or "many " in lower or "couple of " in lower
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(q: Quantity) -> None:
        found.append(replace(q, context=_context(text, q.start, q.end)))
        taken.append((q.start, q.end))

    for d in find_dates(text):
        add(Quantity(d.month * 100 + d.day, "date", d.start, d.end, text[d.start:d.end]))
        if d.year:
            found.append(Quantity(d.year, "year", d.start, d.end, str(d.year), context=found[-1].context))
        if d.weekday:
            found.append(Quantity(_WEEKDAYS.index(d.weekday.lower()), "weekday", d.start, d.end, d.weekday,
                                  context=found[-1].context))
    for m in _MONTH.finditer(text):
        group = "may" if m.group("may") else "month"
        if free(m.start(group), m.end(group)):
            add(Quantity(_MONTHS.index(m.group(group)[:3].lower()) + 1, "month", m.start(group), m.end(group),
                         m.group(group)))
    for m in _WEEKDAY.finditer(text):
        if free(m.start(), m.end()):
            # "on Saturdays" is a habit, "on Saturday" one day: they are compared only with their own kind
            habit = "habitual" if m.group(0).endswith("s") else None
            add(Quantity(_WEEKDAYS.index(m.group(1).lower()), "weekday", m.start(), m.end(), m.group(0), unit=habit))
    for m in _LAP.finditer(text) if ":" in text else ():  # "2:21:05", "1:35.824": how long, not when, and never three figures
        if free(m.start(), m.end()):
            if m.group("s") is not None:
                sec = int(m.group("a")) * 3600 + int(m.group("b")) * 60 + float(m.group("s") + (m.group("f") or ""))
            else:
                sec = int(m.group("a")) * 60 + float(m.group("b") + m.group("g"))
            add(Quantity(sec, "duration", m.start(), m.end(), m.group(0), precision=0.001))
    for m in _CLOCK.finditer(text):
        if free(m.start(), m.end()):  # "2 p.m." is a time of day: no count of anything
            hour, minute = int(m.group("h") or m.group("h2")), int(m.group("m") or m.group("m2") or 0)
            ap = (m.group("ap") or "").lower()
            if hour > 24 or minute > 59 or ap and not 1 <= hour <= 12:
                taken.append((m.start(), m.end()))
                continue
            add(_clock(hour, minute, ap or None if m.group("ap") or hour > 12 or hour == 0 else None,
                       m.start(), m.end(), text))
    for m in _HOUR_WORD.finditer(text) if hours else ():
        if not free(m.start("h"), m.end("h")):
            continue
        if m.group("after") is None and m.group("oc") is None and not _TIME_VERB.search(text[max(0, m.start() - 40):m.start()]):
            continue  # "at five schools": the hour counts something
        word = m.group("h").lower()
        hour = _HOURS.index(word) + 1 if word in _HOURS else int(word)
        end = m.end("oc") if m.group("oc") else m.end("h")
        add(_clock(hour, 0, None, m.start("h"), end, text))
    for m in _VAGUE_SPAN.finditer(text) if vague else ():
        if free(m.start(), m.end()):
            lo, hi = _VAGUE_RANGE[re.sub(r"\s+", " ", m.group("q").lower())]
            unit = m.group("u").lower().rstrip("s")
            sec = _TIME_UNITS["h" if unit == "hour" else "min" if unit == "minute" else unit]
            add(Quantity(lo * sec, "duration", m.start(), m.end(), m.group(0), approx="approx", precision=0.0,
                         high=hi * sec))
    for m in _VAGUE_FAR.finditer(text) if vague else ():
        if free(m.start(), m.end()):
            lo, hi = _VAGUE_RANGE[re.sub(r"\s+", " ", m.group("q").lower())]
            add(Quantity(lo, "count", m.start(), m.end(), m.group(0), unit=UNIT_WORDS[m.group("u").lower()],
                         approx="approx", precision=0.0, high=hi))
    for m in _REL_YEAR.finditer(text) if "year" in lower else ():
        if free(m.start(), m.end()):
            add(Quantity(_REL_VALUE[m.group("w").lower()], "relyear", m.start(), m.end(), m.group(0)))
    for m in _HUGE.finditer(text) if "^" in text or "**" in text or _LONG_DIGITS.search(text) else ():
        if free(m.start(), m.end()):
            add(_with_unit(text, m.start(), m.end(), _huge(m), 1.0, "exact"))
    for m in _TALLY.finditer(text):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        after = text[m.end():m.end() + 12].lower()
        if not free(m.start(), m.end()) or re.match(r"^[\s-]*(year|day|month|week|minute)", after):
            continue  # "6-year-old", "60-day": a figure with a unit, not a tally
        add(Quantity(float(a.replace(",", "")), "tally", m.start(), m.end(), m.group(0),
                     second=float(b.replace(",", ""))))
    for n in read_numbers(text):
        core = re.search(r"\d|[^\W\d_]", n.text[len(n.hedge or ""):] if n.hedge else n.text)
        core_start = n.start + (len(n.hedge or "") if n.hedge and n.text.lower().startswith(n.hedge) else 0)
        core_start += core.start() if core else 0
        if not free(core_start, n.end):
            continue
        q = _from_mention(text, n)
        if q is not None:
            add(q)
    for m in _YEAR.finditer(text):
        if free(m.start(), m.end()):  # a year the number reader passed over ("4.9 million in 2019")
            add(Quantity(float(m.group(0)), "year", m.start(), m.end(), m.group(0)))
    for m in _CHANGE.finditer(text):
        add(Quantity(CHANGE_WORDS[m.group(1).lower()], "factor", m.start(), m.end(), m.group(0), precision=0.2))
    for m in _MOST.finditer(text):
        word = m.group("q").lower()
        below = "minority" in word
        add(Quantity(50.0, "percent", m.start(), m.end(), m.group(0),
                     approx="below_strict" if below else "above", precision=0.0))
    found.sort(key=lambda q: q.start)
    cuts = [m.start() for m in _BOUNDARY.finditer(text)]
    found = [replace(q, clause=sum(1 for c in cuts if c < q.start)) for q in found]
    return _share_context(found, text)


def _clock(hour: int, minute: int, ap: str | None, start: int, end: int, text: str) -> Quantity:
    """A time of day: minutes after midnight when "am"/"pm" or a 24-hour hour says which half of the day
    (unit "24h"), else minutes after twelve (unit "12h"), so "five" agrees with "5pm" and "5am"."""
    if ap == "p" and hour < 12:
        hour += 12
    elif ap == "a" and hour == 12:
        hour = 0
    if ap is None and hour <= 12:
        return Quantity(float(hour % 12 * 60 + minute), "clock", start, end, text[start:end], unit="12h")
    return Quantity(float(hour * 60 + minute), "clock", start, end, text[start:end], unit="24h")


def _huge(m: re.Match[str]) -> float:
    """The value of a power ("10^400") or a long digit run; infinity when it overflows a float."""
    try:
        if m.group("base"):
            return float(m.group("base")) ** int(m.group("exp"))
        return float(m.group(0))
    except OverflowError:
        return math.inf


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# hedges of the fact layer (app.facts.numbers.HEDGES) in this module's terms, where lexicon.APPROX_WORDS lacks them
_YEAR = re.compile(r"(?<![\d,.£$€])\b(?:1[89]\d\d|20\d\d)\b(?!\d|[,.]\d)")
_BOUNDS = {"approx": "approx", "vague": "approx", "min": "at_least", "max": "at_most"}
_TIME_UNITS = {"s": 1, "min": 60, "h": 3600, "day": 86400, "week": 604800, "month": 2_629_800,
               "year": 31_557_600, "decade": 315_576_000, "century": 3_155_760_000}


def _from_mention(text: str, n: NumberMention) -> Quantity | None:
    """A figure read by the fact layer (app.facts.read_numbers) as this module's Quantity."""
    approx = "exact" if n.bound == "exact" else APPROX_WORDS.get((n.hedge or "").lower(), _BOUNDS.get(n.bound, "approx"))
    high = n.high if n.high != n.low else None
    digits = re.search(r"\d[\d,.\u00a0\u2009\u202f ]*\d|\d", n.text)
    if n.words or digits is None:
        step = 10.0 if n.value >= 20 and n.value % 10 == 0 and n.scale == 1 else 1.0
    else:
        step = _precision(re.sub(r"[\u00a0\u2009\u202f ]", "", digits.group(0).rstrip(".,")))
    prec = step * n.scale
    after = text[n.end:n.end + 40]
    if n.kind == "score":
        return Quantity(n.value, "tally", n.start, n.end, n.text, second=n.second)
    if n.kind == "year":
        return Quantity(n.value, "year", n.start, n.end, n.text, approx=approx, high=high)
    if n.kind == "ordinal":
        head = _head(text, n.end)
        if n.words:
            return None  # "the first to climb", "the second phase": words the judge compares as words
        return Quantity(n.value, "ordinal", n.start, n.end, n.text, unit=head, approx=approx)
    if n.kind == "share":
        if (unit := re.match(r"\s*(?:an?\s+)?(hour|day|minute|week)\b", after, re.IGNORECASE)):
            seconds = _DURATION[unit.group(1).lower()] * n.value
            return Quantity(seconds, "duration", n.start, n.end + unit.end(), text[n.start:n.end + unit.end()],
                            approx=approx, precision=0.0)
        return Quantity(100 * n.value, "percent", n.start, n.end, n.text,
                        approx="approx" if approx == "exact" else approx, precision=0.0,
                        high=100 * n.high if high is not None else None)
    if n.kind == "percent":
        kind: Kind = "pp" if n.unit == "pp" else "percent"
        return Quantity(n.value, kind, n.start, n.end, n.text, approx=approx, precision=prec, high=high)
    if n.kind == "money":
        return Quantity(n.value, "money", n.start, n.end, n.text, unit=n.currency or n.unit, approx=approx,
                        precision=prec, high=high)
    if n.words and n.value == 1 and re.match(r"\s+of\b", after):
        return None  # "one of the judges" counts nobody
    if n.text.lower() == "once" and re.match(r"\s+(?:its|the|his|her|their|it|he|she|they|we|you|i|this|that|a|an)\b",
                                             after, re.IGNORECASE):
        return None  # "once its underspend is included": a conjunction, not a count of times
    if n.unit == "year" and (_AGE.match(after) or re.match(r"[\s-]?years?[\s-]old\b", text[n.end - 0:n.end + 12])
                             or re.search(r"-years?-old", n.text + text[n.end:n.end + 10])):
        return Quantity(n.value, "count", n.start, n.end, n.text, unit="age", approx=approx, precision=prec, high=high)
    if n.unit in _TIME_UNITS:
        sec = _TIME_UNITS[n.unit]
        return Quantity(n.value * sec, "duration", n.start, n.end, n.text, approx=approx, precision=prec * sec,
                        high=high * sec if high is not None else None)
    if n.unit is not None:
        return Quantity(n.value, "count", n.start, n.end, n.text, unit=n.unit, approx=approx, precision=prec,
                        high=high)
    q = _with_unit(text, n.start, n.end, n.value, prec, approx)
    return replace(q, high=high) if high is not None and q.kind == "count" else q


def _read(text: str, m: re.Match[str], start: int, approx: str) -> Quantity | None:
    end = m.end()
    if m.group("cur"):
        mult = MULTIPLIERS.get((m.group("mult") or "").lower(), 1.0)
        num = m.group("num")
        return Quantity(float(num.replace(",", "")) * mult, "money", start, end, text[start:end],
                        unit=m.group("cur"), approx=approx, precision=_precision(num) * mult)
    if m.group("frac"):
        if (unit := re.match(r"\s*(?:an?\s+)?(hour|day|minute|week)\b", text[end:end + 12], re.IGNORECASE)):
            seconds = _DURATION[unit.group(1).lower()] * FRACTIONS[m.group("frac").lower()] / 100
            return Quantity(seconds, "duration", start, end + unit.end(), text[start:end + unit.end()],
                            approx=approx, precision=0.0)
        return Quantity(FRACTIONS[m.group("frac").lower()], "percent", start, end, text[start:end],
                        approx="approx" if approx == "exact" else approx, precision=0.0)
    if m.group("outof"):
        a, b = (_word_value(x, None) if not x.isdigit() else float(x) for x in (m.group("outof"), m.group("outof2")))
        if not b or a >= b or " of " in m.group(0).lower() and a == 1:
            return None  # "one of the three judges" picks one out; it states no share
        return Quantity(100.0 * a / b, "percent", start, end, text[start:end], approx=approx, precision=0.0)
    if m.group("num2"):
        num = m.group("num2")
        value = float(num.replace(",", ""))
        if m.group("ord"):
            return Quantity(value, "ordinal", start, end, text[start:end], unit=_head(text, end), approx=approx)
        mult = MULTIPLIERS.get((m.group("mult2") or "").lower(), 1.0)
        prec = _precision(num) * mult
        value *= mult
        if "." not in num and "," not in num and 1900 <= value <= 2100 and mult == 1.0:
            return Quantity(value, "year", start, end, text[start:end], approx=approx)
    else:
        value = _word_value(m.group("word"), m.group("word2"))
        if m.group("word").lower() == "one" and re.match(r"\s+of\b", text[end:end + 4]):
            return None  # "one of the judges" counts nobody
        mult = MULTIPLIERS.get((m.group("mult3") or "").lower(), 1.0)
        prec = (10.0 if value >= 20 and value % 10 == 0 and not m.group("word2") else 1.0) * mult
        value *= mult
    return _with_unit(text, start, end, value, prec, approx)


def _with_unit(text: str, start: int, end: int, value: float, prec: float, approx: str) -> Quantity:
    rest = text[end:end + 40]
    if (p := _PERCENT.match(rest)):
        return Quantity(value, "percent", start, end + p.end(), text[start:end + p.end()], approx=approx,
                        precision=prec)
    if (p := _POINTS.match(rest)):
        return Quantity(value, "pp", start, end + p.end(), text[start:end + p.end()], approx=approx, precision=prec)
    if (p := _CENTS.match(rest)):
        return Quantity(value / 100, "money", start, end + p.end(), text[start:end + p.end()], unit="$",
                        approx=approx, precision=prec / 100)
    if (p := _CURRENCY_WORD.match(rest)):
        return Quantity(value, "money", start, end + p.end(), text[start:end + p.end()],
                        unit=CURRENCY_WORDS.get(p.group(1).lower(), (root(p.group(1))[:3],))[0], approx=approx,
                        precision=prec)
    if (p := _AGE.match(rest)):
        return Quantity(value, "count", start, end + p.end(), text[start:end + p.end()], unit="age",
                        approx=approx, precision=prec)
    if (p := _DURATION_WORD.match(rest)):
        unit = root(p.group(1))
        seconds = next(v for k, v in _DURATION.items() if unit.startswith(k[:3]))
        return Quantity(value * seconds, "duration", start, end + p.end(), text[start:end + p.end()],
                        approx=approx, precision=prec * seconds)
    count_unit: str | None
    if value < 120 and re.search(r"[A-Z][\w’']+,\s$", text[max(0, start - 30):start]) \
            and re.match(r"^[,.;]", rest):
        count_unit = "age"  # "Ruth Ann Greene, 81," gives an age
    else:
        count_unit = _head(text, end)
    return Quantity(value, "count", start, end, text[start:end], unit=count_unit, approx=approx, precision=prec)


def derived(found: list[Quantity], text: str) -> list[Quantity]:
    """Figures a reader works out from those printed: tally margins, changes 'from X to Y'."""
    out: list[Quantity] = []
    for q in found:
        if q.kind == "tally" and q.second is not None:
            hi, lo = max(q.value, q.second), min(q.value, q.second)
            said = re.search(r"[^\W\d_]{3,}", q.text)  # "6,412 votes to 5,108" counts votes
            unit = stem(said.group(0)) if said else _head(text, q.end)
            for v in (hi - lo, hi + lo, hi, lo):
                out.append(replace(q, value=v, kind="count", unit=unit, second=None, derived=True, precision=1.0))
    for a, b, old, new in changes(found, text):
        diff = abs(new.value - old.value)
        change = Quantity(diff, "pp" if a.kind == "percent" else a.kind, start=a.start, end=b.end,
                          text=text[a.start:b.end], unit=a.unit, approx="exact",
                          precision=min(a.precision, b.precision), context=a.context | b.context, derived=True)
        out.append(change)
        if old.value:  # the same words read as a relative change (no unit)
            out.append(replace(change, value=100 * diff / old.value, kind="percent", unit=None, precision=0.5))
            out.append(replace(change, value=new.value / old.value, kind="factor", unit=None, precision=0.05))
    return out


def changes(found: list[Quantity], text: str) -> list[tuple[Quantity, Quantity, Quantity, Quantity]]:
    """Pairs of figures that state a change: (first printed, second printed, before, after)."""
    pairs = []
    found = [q for q in found if q.kind != "relyear"]  # "6.2 million last year, up from 4.9 million"
    for a, b in zip(found, found[1:]):
        if a.kind != b.kind or a.kind not in {"count", "percent", "money", "duration"}:
            continue
        between = text[a.end:b.start]
        from_to = re.search(r"\bfrom\s*$", text[max(0, a.start - 12):a.start], re.IGNORECASE) \
            and re.fullmatch(r"\s*(?:[^\s\d]+\s+){0,4}?to\s*", between, re.IGNORECASE)
        # "41 percent, up from 33 percent": the earlier figure comes second
        now_from = re.fullmatch(r"\W*(?:up|down|rising|falling|compared\s+with|against)?\s*from\s*", between,
                                re.IGNORECASE) \
            or re.fullmatch(r"(?:\s+[^\W\d_]+){0,4},?\s+(?:up|down|rising|falling|compared\s+with)\s+from\s*",
                            between, re.IGNORECASE)
        if from_to:
            pairs.append((a, b, a, b))
        elif now_from:
            pairs.append((a, b, b, a))
    return pairs


def _share_context(found: list[Quantity], text: str) -> list[Quantity]:
    """Both figures of a change stand in one clause ("$4.50, up from $4.00")."""
    merged = {id(q): q for q in found}
    for a, b, _, _ in changes(found, text):
        both = a.context | b.context
        merged[id(a)], merged[id(b)] = replace(a, context=both), replace(b, context=both)
    return [merged[id(q)] for q in found]


def compatible(q: Quantity, e: Quantity) -> bool:
    """Whether two figures measure the same kind of thing (so that they can disagree)."""
    if q.kind == "relyear" and e.kind in {"year", "date", "month"}:
        return True  # "next year" against "2018": the same kind, never a clash (see agrees)
    if q.kind != e.kind:
        return False
    if q.kind == "money":
        return q.unit is None or e.unit is None or q.unit == e.unit
    if q.kind == "weekday":
        return q.unit == e.unit
    if q.kind in {"count", "ordinal"}:
        # "27-year-old" (an age) and "17 goals" count different things; a bare figure ("rose to 23")
        # is compared only with another bare one or one counting a word of its own clause
        if q.unit == e.unit:
            return True
        return (q.unit is None or e.unit is None) and "age" not in {q.unit, e.unit}
    return True


def agrees(q: Quantity, e: Quantity) -> bool:
    """Whether the source figure `e` bears out the statement's figure `q`, hedges and rounding included."""
    if q.kind == "tally":
        return {q.value, q.second} == {e.value, e.second}
    x, v = q.value, e.value
    if not (math.isfinite(x) and math.isfinite(v)):
        return _digits(q.text) == _digits(e.text)  # figures past a float's range: digit for digit
    if q.kind == "relyear":
        return e.kind != "relyear" or x == v
    if q.kind == "clock":
        return x == v if q.unit == e.unit else x % 720 == v % 720
    if q.high is not None or e.high is not None:
        return _ranges_agree(q, e)
    if q.kind in {"date", "month", "weekday", "year", "ordinal"}:
        return x == v
    rounding = q.precision / 2
    near = abs(v - x) <= max(rounding, 1e-9 * abs(x))
    hedge = q.approx
    if near and (hedge not in {"above", "below_strict"} or e.approx == hedge):
        return True
    if hedge == e.approx and hedge != "exact":
        # the same hedge on both ("up to £180" / "up to £810"): the figures themselves must agree
        return abs(v - x) <= max(rounding, 0.06 * abs(x) if hedge == "approx" else 1e-9 * abs(x))
    if hedge == "exact":
        bound = {"above": x > v, "just_above": x > v, "at_least": x >= v, "below_strict": x < v, "at_most": x <= v,
                 "below": x <= v}
        if e.approx in bound:
            return bound[e.approx]  # the source gives a bound ("more than half"); a figure inside it agrees
        return e.approx != "exact" and abs(v - x) <= 0.05 * abs(x)
    if hedge == "approx":
        return abs(v - x) <= max(rounding, (0.12 if q.precision == 0 else 0.06) * abs(x))
    if hedge == "below":
        return x - max(rounding, 0.1 * abs(x)) <= v <= x * 1.005
    if hedge == "just_above":
        return x < v <= x + max(rounding, 0.15 * abs(x))
    if hedge == "above":
        return v > x
    if hedge == "below_strict":
        return v < x
    if hedge == "at_least":
        return v >= x
    if hedge == "at_most":
        return v <= x
    return near


def _ranges_agree(q: Quantity, e: Quantity) -> bool:
    """A range against a figure or a range: "between 80 and 90 percent" holds 85 percent; "five to six
    feet" holds "six feet"; two ranges agree when the statement's holds the source's."""
    ql, qh = q.value, q.high if q.high is not None else q.value
    el, eh = e.value, e.high if e.high is not None else e.value
    slack = max(q.precision, e.precision) / 2 if q.kind not in {"year"} else 0.0
    if q.high is None and q.approx in {"above", "at_least", "just_above"}:
        return el > ql if q.approx == "above" else el >= ql  # "more than 50" against "60 to 70"
    if q.high is None and q.approx in {"below_strict", "at_most", "below"}:
        return eh <= ql
    return ql - slack <= el and eh <= qh + slack


def compare(q: Quantity, e: Quantity) -> Verdict:
    """match, conflict, or incompatible (the two figures measure different things)."""
    if not compatible(q, e):
        return "incompatible"
    return "match" if agrees(q, e) else "conflict"


def describe(q: Quantity) -> str:
    """A figure as an editor would quote it back."""
    return " ".join(q.text.split())

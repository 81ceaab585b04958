"""Numbers as news text writes them, read once for every part of Copydesk.

`read_numbers(text, start=0, end=None) -> list[NumberMention]` finds every number in `text[start:end]`:

- digits with `,` grouping ("20,000"), space, no-break space or thin-space grouping ("816 000", "816 000"),
  decimals ("12.4"), ordinals ("21st");
- words: "three", "twenty-five", "a hundred", "two thousand", "a dozen", "a couple of", "once", "twice";
  vague plurals ("dozens", "hundreds", "thousands") as open ranges;
- fractions and shares: "half", "a third", "two-thirds", "a quarter of", "one in five", "1 in 4",
  "four out of five" (kind "share", value in 0..1);
- percentages ("40%", "40 per cent", "40 percent") and percentage points (unit "pp");
- ranges: "five to six", "5-6", "between 80 and 90 per cent", "two or three" (low < high; "from A to B"
  is a change, not a range, so it gives two mentions);
- hedges before or after: "about", "at least", "more than", "up to", "nearly", "an estimated", "or so",
  "30-odd", "30-plus" (see HEDGES for the bound each one gives);
- money with currency and scale: "£48m", "$1.2 billion", "12.4 million euros", "US$5bn", "50p";
- scales without money: "1.2 million people", "3bn";
- scores and tallies: "2-1", "24-10", "a goalless draw" (kind "score", `second` holds the other side);
- years and decades: "2019" (kind "year"), "the 1980s", "the late 1980s" (a year range).

Offsets are code points into the `text` given (Python `str` indices). Nothing here raises on any input.
Values are floats; a figure of more than 15 digits also keeps its printed digits in `exact` (a Decimal), and one
past the float range (1.8e308, "10^400" written out) reads as the largest float with `exact` holding the
figure, so the rules still see it (compare with `exactly_apart`, print with `fmt_figure`).
The lexicons (number words, currencies, hedges) are standard English usage as in the AP and Guardian style
guides; no list is keyed to any article.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Literal

from app.caseless import caseless, lowered, word_start

FLOAT_MAX = sys.float_info.max
Kind = Literal["number", "ordinal", "share", "percent", "money", "score", "year"]
Bound = Literal["exact", "approx", "min", "max", "vague"]

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALE_WORDS = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                 "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                 "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
                 "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100}
# denominators of shares: "a third", "two-thirds", "three quarters"
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
# vague plurals: the least and most they can mean
VAGUE = {"dozens": (24.0, 144.0), "scores": (40.0, 200.0), "hundreds": (200.0, 999.0),
         "thousands": (2000.0, 999_999.0), "millions": (2e6, 999e6), "billions": (2e9, 999e9),
         "tens of thousands": (20_000.0, 99_999.0), "hundreds of thousands": (200_000.0, 999_999.0)}
# the bound each hedge puts on the figure it stands before (or after, for the postposed ones)
HEDGES: dict[str, Bound] = {
    "about": "approx", "around": "approx", "approximately": "approx", "roughly": "approx", "some": "approx",
    "an estimated": "approx", "estimated": "approx", "close to": "approx", "circa": "approx", "c.": "approx",
    "or so": "approx", "odd": "approx", "nearly": "max", "almost": "max", "up to": "max", "at most": "max",
    "fewer than": "max", "less than": "max", "under": "max", "below": "max", "no more than": "max",
    "as many as": "max", "as much as": "max", "just under": "max", "not quite": "max", "more than": "min",
    "over": "min", "at least": "min", "upwards of": "min", "in excess of": "min", "above": "min",
    "just over": "min", "well over": "min", "no fewer than": "min", "no less than": "min", "or more": "min",
    "plus": "min", "+": "min", "or fewer": "max", "or less": "max", "the best part of": "max",
}
# currencies: symbol or prefix -> ISO code; words after the number -> (code, factor)
CURRENCY_SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY", "us$": "USD", "a$": "AUD", "au$": "AUD",
                    "c$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "₹": "INR", "rs": "INR",
                    "rs.": "INR", "usd": "USD", "eur": "EUR", "gbp": "GBP", "chf": "CHF", "₽": "RUB", "₩": "KRW"}
CURRENCY_WORDS = {"dollar": ("USD", 1.0), "dollars": ("USD", 1.0), "euro": ("EUR", 1.0), "euros": ("EUR", 1.0),
                  "pound": ("GBP", 1.0), "pounds": ("GBP", 1.0), "sterling": ("GBP", 1.0), "pence": ("GBP", 0.01),
                  "p": ("GBP", 0.01), "cent": ("USD", 0.01), "cents": ("USD", 0.01), "yen": ("JPY", 1.0),
                  "yuan": ("CNY", 1.0), "renminbi": ("CNY", 1.0), "rupee": ("INR", 1.0), "rupees": ("INR", 1.0),
                  "franc": ("CHF", 1.0), "francs": ("CHF", 1.0), "rouble": ("RUB", 1.0), "roubles": ("RUB", 1.0),
                  "ruble": ("RUB", 1.0), "rubles": ("RUB", 1.0), "rand": ("ZAR", 1.0), "pesos": ("MXN", 1.0),
                  "kronor": ("SEK", 1.0), "kroner": ("NOK", 1.0), "krona": ("SEK", 1.0), "lira": ("TRY", 1.0),
                  "dirhams": ("AED", 1.0), "riyals": ("SAR", 1.0), "naira": ("NGN", 1.0), "shekels": ("ILS", 1.0)}
SCALE_SUFFIXES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6,
                  "mln": 1e6, "tn": 1e12, "trn": 1e12, "m": 1e6, "k": 1e3}
# units written after a number (SI and the imperial units British and American news use)
UNIT_WORDS = {
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "miles": "mile",
    "mile": "mile", "metres": "m", "meters": "m", "metre": "m", "meter": "m", "cm": "cm", "mm": "mm",
    "feet": "ft", "foot": "ft", "ft": "ft", "inches": "in", "inch": "in", "yards": "yd", "yard": "yd",
    "kg": "kg", "kilos": "kg", "kilograms": "kg", "kilogrammes": "kg", "g": "g", "grams": "g", "tonnes": "t",
    "tons": "t", "tonne": "t", "ton": "t", "lb": "lb", "lbs": "lb", "pounds weight": "lb", "stone": "st",
    "mph": "mph", "km/h": "km/h", "kph": "km/h", "acres": "acre", "hectares": "ha", "ha": "ha",
    "sq km": "km2", "square kilometres": "km2", "square kilometers": "km2", "square miles": "mi2",
    "sq miles": "mi2", "litres": "l", "liters": "l", "gallons": "gal", "barrels": "bbl", "mw": "MW",
    "gw": "GW", "kw": "kW", "degrees": "deg", "c": "degC", "f": "degF",
    "seconds": "s", "second": "s", "minutes": "min", "minute": "min", "hours": "h", "hour": "h", "days": "day",
    "day": "day", "weeks": "week", "week": "week", "months": "month", "month": "month", "years": "year",
    "year": "year", "decades": "decade", "decade": "decade", "centuries": "century", "times": "times",
}
SCORE_CUES = caseless(
    r"\b(?:won|win|wins|winning|lost|lose|loses|losing|beat|beats|beaten|draw|drew|drawn|defeat|defeats|"
    r"defeated|victory|victories|win|lead|led|leads|trail|trailed|trailing|score|scored|scoreline|thrashing|"
    r"thrashed|triumph|rout|routed|goals?|tries|try|points?|margin|final\s+score|half-time|full-time|made\s+it|"
    r"record|vote|votes|voted)\b")

_SEP = "[ \u00a0\u2009\u202f]"
_DIGITS = (rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!,?\d)"          # 20,000  1,234.5
           rf"|\d{{1,3}}(?:{_SEP}\d{{3}})+(?![\d,.]?\d)"            # 816 000 (space, nbsp, thin space)
           rf"|\d+(?:\.\d+)?|\.\d+")
_WORD = "|".join(sorted([*UNITS, *TENS, *SCALE_WORDS, "dozen"], key=len, reverse=True))
_WORD_RUN = rf"(?:(?:{_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*)"
_ORD_WORD = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
_DEN = "|".join(sorted(DENOMINATORS, key=len, reverse=True))
_VAGUE = "|".join(sorted((v.replace(" ", r"\s+") for v in VAGUE), key=len, reverse=True))
_ATTACHED = r"bn|mn|mln|tn|trn|m|k|kg|km|g|mm|cm|p|pc|mph|ft|lbs?|ha|mw|gw|kw|c|f"
_SYMBOL = r"(?:US\$|AU?\$|C\$|NZ\$|HK\$|S\$|R\$|[£$€¥₹₽₩]|\b(?:USD|EUR|GBP|CHF|Rs\.?)\s?)"

_ATOM = re.compile(
    rf"(?P<share>\b(?:(?P<snum>{_WORD_RUN}|an?|\d+)[\s-]+(?P<sden>{_DEN})\b(?!-(?:placed|seeded|largest|"
    rf"biggest|best))"                                                         # a third, two-thirds
    rf"|(?P<inum>{_WORD_RUN}|\d+)\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<iden>{_WORD_RUN}|\d+)\b"  # one in five
    rf"|(?P<half>half)\b(?!-(?:time|hour|century|brother|sister|back|way|term|price|marathon))))"
    rf"|(?P<vague>\b(?:{_VAGUE})\b)(?=\s+of\b)"                                # dozens of, hundreds of
    rf"|(?P<cur>{_SYMBOL})?(?P<digits>(?<![\w.,])(?:{_DIGITS}))(?:(?P<ordsuf>st|nd|rd|th)|(?P<sfx>s))?"
    rf"(?=(?:{_ATTACHED})\b|[^\w]|$)"                                          # 21st, 1980s, 5bn, 20kg
    rf"|(?P<words>\b(?:a\s+|one\s+)?(?:{_WORD_RUN})\b)"
    rf"|(?P<ordw>\b(?:{_ORD_WORD})\b)"
    rf"|(?P<times>\b(?:once|twice|thrice)\b)"
    rf"|(?P<couple>\ba\s+(?:couple|pair)\s+of\b)",
    re.IGNORECASE,
)
# where a number can start: a digit, a currency sign or code, or a word of the number vocabulary
_VOCAB = frozenset([*UNITS, *TENS, *SCALE_WORDS, *ORDINAL_WORDS, "dozen", "half", "once", "twice", "thrice",
                    *(v.split()[0] for v in VAGUE)])
_A_NEXT = (r"couple|pair|third|quarter|half|fifth|sixth|seventh|eighth|tenth|hundred|thousand|million|billion|"
           r"dozen")
# where a number can start (searched in the lower-cased text): a digit, a currency sign, or a word that is a
# number word, a currency code, or "a"/"an" before one ("a third", "a dozen")
_CANDIDATE = re.compile(r"(?<![\w.,])\d|[£$€¥₹₽₩]|\b[a-z]+\b\$?")
_CURRENCY_WORDS_BEFORE = frozenset({"usd", "eur", "gbp", "chf", "rs"})
_A_NEXT_RE = re.compile(rf"\s+(?:{_A_NEXT})\b")
# the words a number may open on (a candidate word outside them opens none)
_MAY_OPEN = _VOCAB | _CURRENCY_WORDS_BEFORE | {"a", "an"}
_AFTER_SCALE = caseless(r"\s?(?P<scale>thousand|million|billion|trillion|bn|mn|mln|tn|trn|m|k)\b")
_AFTER_PERCENT = caseless(r"\s?(?:%|per\s?cent\b|percent\b|pc\b)")
_AFTER_POINTS = caseless(r"\s?(?:percentage|per\s?cent(?:age)?)\s+points?\b")
_AFTER_CURRENCY = re.compile(r"\s?(?P<cw>[A-Za-z]+)\b")
_AFTER_UNIT = re.compile(r"[\s-]?(?P<unit>sq\s+km|sq\s+miles|square\s+(?:kilomet(?:re|er)s|miles)|km/h|"
                         r"[A-Za-z]+)\b")
_AFTER_HEDGE = caseless(r"(?:\s+or\s+so\b|-odd\b|-plus\b|\+|\s+or\s+(?:more|fewer|less)\b)")
_HEDGE_BEFORE = caseless(
    r"\b(?P<h>" + "|".join(sorted((re.escape(h) for h in HEDGES if h not in {"or so", "odd", "plus", "+", "or more",
                                                                               "or fewer", "or less"}),
                                  key=len, reverse=True)) + r")\s+(?:the\s+|an?\s+)?$")
_DECADE_QUAL = caseless(r"\b(?P<q>early|mid|late)[\s-]+$")
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")
_RANGE_JOIN = caseless(r"\s*(?:-|–|—|to|or)\s*")
# (\b after the first letter, app.caseless.word_start: re searches from g, s and n only; same matches)
_GOALLESS = caseless("(?:" + word_start(r"goalless|scoreless|nil-nil|nil\s+all") + r")\b")


@dataclass(frozen=True)
class NumberMention:
    """One number as printed, with what it counts and how sure the text is of it.

    `value` is the figure in its own kind (a count, a percentage 0..100, a share 0..1, an amount of money in
    whole units of `currency`, a year); for a range it is the low end and `high` the high end. `low`/`high`
    are the bounds the printed words allow before any hedge ("between 80 and 90" -> 80, 90); `bound` says
    which way a hedge opens them ("more than 30" -> "min"). `unit` is "percent", "pp" (percentage points),
    a currency code for money, a short unit ("km", "year", "times") or None for a bare count. `scale` is the
    multiplier already applied ("£48m" -> 1e6). `second` is the other side of a score ("2-1" -> 1).
    `words` is True when the number was written in words. `start`/`end` are code-point offsets of the whole
    mention, hedge and currency included.
    """

    start: int
    end: int
    text: str
    kind: Kind
    value: float
    low: float
    high: float
    bound: Bound = "exact"
    hedge: str | None = None
    unit: str | None = None
    currency: str | None = None
    scale: float = 1.0
    second: float | None = None
    words: bool = False
    exact: Decimal | None = None

    @property
    def figure(self) -> Decimal:
        """The printed figure exactly (`value` is a float: past 15 significant digits it is rounded, and past
        1.8e308 it stops at the largest float); `exact` holds the digits in those cases."""
        return self.exact if self.exact is not None else Decimal(repr(self.value))

    @property
    def is_range(self) -> bool:
        """True for "five to six", "between 80 and 90", "dozens"."""
        return self.high != self.low

    def interval(self, slack: float = 0.1) -> tuple[float, float]:
        """The least and most the mention allows: hedges open it (`slack` is the share an "about" allows)."""
        lo, hi = self.low, self.high
        if self.bound == "approx":
            return lo * (1 - slack), hi * (1 + slack)
        if self.bound == "min":
            return lo, float("inf")
        if self.bound == "max":
            return 0.0, hi
        return lo, hi


def words_value(raw: str) -> float | None:
    """The value of a number written in words: 'twenty-five' -> 25, 'a hundred and ten' -> 110,
    'two thousand' -> 2000, 'a dozen' -> 12; None when the words are not one number."""
    tokens = [t for t in re.split(r"[\s-]+", raw.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    if tokens[0] in {"a", "an", "one"} and len(tokens) > 1 and tokens[1] in {*SCALE_WORDS, "dozen"}:
        tokens[0] = "one"
    total, current, seen = 0.0, 0.0, False
    last_small: str | None = None
    for t in tokens:
        if t in UNITS or t in TENS:
            v = UNITS.get(t, TENS.get(t, 0))
            if last_small == "unit" or (last_small == "ten" and t in TENS):
                return None  # "five six", "twenty thirty": two numbers, not one
            if last_small == "ten" and t in UNITS and UNITS[t] >= 10:
                return None
            current += v
            last_small = "unit" if t in UNITS else "ten"
            seen = True
        elif t == "dozen":
            current = (current or 1) * 12
            last_small = None
            seen = True
        elif t == "hundred":
            current = (current or 1) * 100
            last_small = None
            seen = True
        elif t in SCALE_WORDS:
            total += (current or 1) * SCALE_WORDS[t]
            current = 0
            last_small = None
            seen = True
        else:
            return None
    return total + current if seen else None


# (compiled once here; each was written inline at its use, where re looked it up in its cache per call)
_DIGIT_GROUPING = re.compile(r"[,\s\u00a0\u2009\u202f]")
_SPACES = re.compile(r"\s+")
_SCALE_WORD = re.compile(r"\b(?:hundred|thousand|million|billion|dozen)\b", re.IGNORECASE)
_NO_BEFORE = re.compile(r"\bno\s+$", re.IGNORECASE)


def digits_value(raw: str) -> float | None:
    """The value of digits as printed: '20,000' -> 20000, '816 000' -> 816000, '12.4' -> 12.4."""
    try:
        return float(_DIGIT_GROUPING.sub("", raw))
    except ValueError:
        return None


def _hedge_before(text: str, start: int, floor: int) -> tuple[str | None, int]:
    m = _HEDGE_BEFORE.search(text, max(floor, start - 24), start)
    if not m:
        return None, start
    return m.group("h").lower(), m.start()


def _mention(text: str, m: re.Match[str], floor: int, ceil: int) -> NumberMention | None:
    """One atom with its context: hedge, currency, scale, percent, unit."""
    start, end = m.start(), m.end()
    kind: Kind = "number"
    exact: Decimal | None = None
    unit = currency = None
    scale = 1.0
    words = False
    second = None
    if m.group("share"):
        if m.group("half"):
            value = 0.5
        elif m.group("sden"):
            num = m.group("snum").lower()
            n = 1.0 if num in {"a", "an"} else (digits_value(num) if num[0].isdigit() else words_value(num))
            den = DENOMINATORS[m.group("sden").lower()]
            if n is None or (n > 1 and not m.group("sden").lower().endswith(("s", "halves"))) or n >= den:
                if m.group("sden").lower() in ORDINAL_WORDS and num in {"a", "an"}:
                    return None
                return None
            value = n / den
        else:
            a, b = m.group("inum"), m.group("iden")
            n = digits_value(a) if a[0].isdigit() else words_value(a)
            d = digits_value(b) if b[0].isdigit() else words_value(b)
            if not n or not d or n >= d:
                return None
            value = n / d
        kind, words = "share", True
        lo = hi = value
    elif m.group("vague"):
        lo, hi = VAGUE[_SPACES.sub(" ", m.group("vague").lower())]
        value, words = lo, True
        return NumberMention(start, end, text[start:end], "number", value, lo, hi, "vague", m.group("vague").lower(),
                             words=True)
    elif m.group("times"):
        value = {"once": 1.0, "twice": 2.0, "thrice": 3.0}[m.group("times").lower()]
        return NumberMention(start, end, text[start:end], "number", value, value, value, unit="times", words=True)
    elif m.group("couple"):
        return NumberMention(start, end, text[start:end], "number", 2.0, 2.0, 2.0, "approx", "a couple of", words=True)
    elif m.group("ordw"):
        value = float(ORDINAL_WORDS[m.group("ordw").lower()])
        return NumberMention(start, end, text[start:end], "ordinal", value, value, value, words=True)
    elif m.group("words"):
        raw = m.group("words")
        if raw.lower().startswith(("a ", "an ")) and not _SCALE_WORD.search(raw):
            return None
        if _NO_BEFORE.search(text[max(floor, start - 4):start]) and raw.lower() == "one":
            return None  # "no one"
        parsed = words_value(raw)
        if parsed is None:
            return None
        lo = hi = value = parsed
        words = True
    else:
        raw = m.group("digits")
        parsed = digits_value(raw)
        if parsed is None:
            return None
        value = min(parsed, FLOAT_MAX)
        if len(raw) > 15:  # more digits than a float keeps: hold the printed figure exactly as well
            exact = Decimal(re.sub(r"[^\d.]", "", raw))
        if re.search(r"\s", raw) and _MONTH_BEFORE.search(text, max(floor, start - 12), start):
            return None  # "May 1 500 people": a date and a count, not 1,500
        if m.group("ordsuf"):
            return NumberMention(start, end, text[start:end], "ordinal", value, value, value)
        if m.group("sfx"):  # "the 1980s", "the late 1990s", "his 40s"
            lo, hi = value, value + 9
            q = _DECADE_QUAL.search(text, max(floor, start - 8), start)
            if q:
                start = q.start()
                lo, hi = {"early": (value, value + 3), "mid": (value + 3, value + 6),
                          "late": (value + 6, value + 9)}[q.group("q").lower()]
            k: Kind = "year" if value >= 1000 else "number"
            return NumberMention(start, end, text[start:end], k, lo, lo, hi, unit=None if k == "year" else "age")
        if m.group("cur"):
            currency = CURRENCY_SYMBOLS.get(m.group("cur").strip().lower())
        lo = hi = value
    # context after the number
    pos = end
    sm = _AFTER_SCALE.match(text, pos, ceil)
    if sm and (sm.group("scale").lower() not in {"m", "k"} or currency):
        scale = SCALE_SUFFIXES[sm.group("scale").lower()]
        pos = sm.end()
    if kind == "share":
        pass
    elif points := _AFTER_POINTS.match(text, pos, ceil):
        kind, unit = "percent", "pp"
        pos = points.end()
    elif percent := _AFTER_PERCENT.match(text, pos, ceil):
        kind, unit = "percent", "percent"
        pos = percent.end()
    else:
        cw = _AFTER_CURRENCY.match(text, pos, ceil)
        if cw and cw.group("cw").lower() in CURRENCY_WORDS and not currency \
                and (cw.group("cw").lower() != "p" or not words):
            currency, factor = CURRENCY_WORDS[cw.group("cw").lower()]
            scale *= factor
            pos = cw.end()
        elif not currency:
            um = _AFTER_UNIT.match(text, pos, ceil)
            if um:
                u = _SPACES.sub(" ", um.group("unit").lower())
                if u in UNIT_WORDS and not (u in {"c", "f", "g", "m"} and text[pos:um.start("unit")] == " "
                                            and u != "m"):
                    unit = UNIT_WORDS[u]
    if currency:
        kind, unit = "money", currency
    value, lo, hi = (min(x * scale, FLOAT_MAX) for x in (value, lo, hi))
    if exact is not None and scale != 1.0:
        with localcontext() as ctx:  # exactly: the default context keeps 28 digits
            ctx.prec = len(exact.as_tuple().digits) + 24
            exact *= Decimal(int(scale)) if scale == int(scale) else Decimal(repr(scale))
    if kind == "number" and scale == 1.0 and not words and unit is None and 1000 <= value <= 2100 \
            and m.group("digits") and m.group("digits").isdigit() and value == int(value):
        kind = "year"
    bound: Bound = "exact"
    hedge, hstart = _hedge_before(text, start if not m.group("cur") else m.start(), floor)
    if hedge:
        bound = HEDGES[hedge]
        start = hstart
    after = _AFTER_HEDGE.match(text, end, ceil)
    if after and kind != "year":
        h = after.group(0).strip().lower().lstrip("-")
        hedge, bound = h, HEDGES[h]
        pos = max(pos, after.end())
    return NumberMention(start, max(end, pos), text[start:max(end, pos)], kind, value, lo, hi, bound, hedge, unit,
                         currency, scale, second, words, exact)


def _join_ranges(text: str, found: list[NumberMention], floor: int) -> list[NumberMention]:
    """'five to six', '5-6', 'between 80 and 90 per cent', '2-1' (a score), 'two or three'."""
    out: list[NumberMention] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and (a.kind in {"number", "percent", "money", "year"} and b.kind == a.kind
                              or a.kind == "number" and b.kind in {"percent", "money"}
                              or a.kind == "year" and b.kind == "number"):
            gap = text[a.end:b.start]
            between = re.search(r"\bbetween\s+$", text[max(floor, a.start - 9):a.start], re.IGNORECASE)
            dash = re.fullmatch(r"\s?[-–—]\s?", gap)
            joined = None
            if between and re.fullmatch(r"\s+and\s+", gap):
                joined = "range"
            elif dash and not a.words and not b.words and a.kind == "number" and b.kind == "number" \
                    and a.value == int(a.value) and b.value == int(b.value) and a.unit is None:
                context = text[max(floor, a.start - 40):min(len(text), b.end + 30)]
                if SCORE_CUES.search(context) and a.value < 1000 and b.value < 1000:
                    joined = "score"
                elif a.value < b.value:
                    joined = "range"
                elif a.value < 1000 and b.value < 1000 and b.unit is None:
                    joined = "score"
            elif a.kind == "year" and b.kind in {"number", "year"} and dash:
                joined = "range"  # 2012-13, 1985-86: a season or a fiscal year
            elif re.fullmatch(r"\s*(?:to|or)\s*", gap, re.IGNORECASE) and a.value < b.value \
                    and not re.search(r"\bfrom\s+(?:about\s+|around\s+)?$", text[max(floor, a.start - 20):a.start],
                                      re.IGNORECASE) and a.unit in {None, b.unit}:
                joined = "range"
            if joined == "score":
                out.append(NumberMention(a.start, b.end, text[a.start:b.end], "score", a.value, a.value, a.value,
                                         second=b.value))
                i += 2
                continue
            if joined == "range":
                high = b.high
                if a.kind == "year" and b.value < 100:  # 2012-13
                    high = a.value - a.value % 100 + b.value
                    if high < a.value:
                        high += 100
                kind = b.kind if a.kind == "number" else a.kind
                scale = b.scale if a.scale == 1.0 and b.scale != 1.0 else a.scale
                low = a.low * (scale if a.scale == 1.0 and scale != 1.0 else 1.0)
                start = a.start
                if between:
                    start = between.start() + max(floor, a.start - 9)
                out.append(NumberMention(start, b.end, text[start:b.end], kind, low, low, high,
                                         a.bound if a.bound != "exact" else b.bound, a.hedge or b.hedge,
                                         b.unit or a.unit, b.currency or a.currency, scale, None, a.words and b.words))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def read_numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberMention]:
    """Every number mention in `text[start:end]`, in text order, without overlaps; offsets index `text`.

    Scores written as words ("a goalless draw") are read as a 0-0 score. Years are kind "year"
    (4 digits, 1000-2100, no grouping, no unit). Never raises.
    """
    end = len(text) if end is None else min(end, len(text))
    found: list[NumberMention] = []
    last = start
    segment = text[start:end]
    lower = segment.lower()
    if len(lower) != len(segment):  # a few characters change length when lower-cased: keep the offsets true
        lower = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in segment)
    for c in _CANDIDATE.finditer(lower):
        word = c.group(0)
        if word[0].isalpha() and word not in _MAY_OPEN and not word.endswith("$"):
            continue  # an ordinary word (most candidates): asked first, in as few steps as can tell it
        pos = start + c.start()
        if pos < last:
            continue
        if word[0].isalpha() and not word.endswith("$") and word not in _VOCAB and \
                word not in _CURRENCY_WORDS_BEFORE and not (word in {"a", "an"} and _A_NEXT_RE.match(lower, c.end())):
            continue
        m = _ATOM.match(text, pos, end)
        if m is None or not any(m.group(g) for g in ("share", "vague", "digits", "words", "ordw", "times", "couple")):
            continue
        mention = _mention(text, m, start, end)
        if mention is None and m.group("share"):
            continue  # "million in 2019" is no share: the year after it is still read
        last = m.end()
        if mention is None:
            continue
        if found and mention.start < found[-1].end:
            continue
        found.append(mention)
    low = lowered(text)  # (every goalless match holds one of these words; None: search as written)
    for g in (_GOALLESS.finditer(text, start, end) if low is None or "goalless" in low or "scoreless" in low
              or "nil" in low else ()):
        found.append(NumberMention(g.start(), g.end(), g.group(0), "score", 0.0, 0.0, 0.0, second=0.0, words=True))
    found.sort(key=lambda n: n.start)
    return _join_ranges(text, found, start)


def fmt(v: float) -> str:
    """A number as an editor writes it: 20000 -> '20,000', 12.5 -> '12.5', 1e30 -> '1,000,…,000' (the float's
    shortest decimal form, so a large figure never gains digits the article did not have)."""
    if not math.isfinite(v):
        return str(v)
    exact = Decimal(repr(v))
    if exact == exact.to_integral_value():
        return f"{int(exact):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def fmt_figure(n: NumberMention) -> str:
    """The figure of a mention as an editor writes it, from its exact digits where a float would round them
    ('1,000,000,000,000,000,000,001'); past 30 digits, the first and last groups and the count of digits
    ('10,000,000,…,000 (401 digits)')."""
    if n.exact is None:
        return fmt(n.value)
    grouped = format(n.exact, ",f")
    digits = n.exact.adjusted() + 1
    if digits > 30 and "." not in grouped:
        groups = grouped.split(",")
        return f"{','.join(groups[:3])},…,{groups[-1]} ({digits} digits)"
    return grouped


def exactly_apart(a: NumberMention, b: NumberMention) -> bool:
    """True when two exact, unhedged figures differ in digits a float cannot tell apart ('10…01' / '10…00', or
    two figures past 1.8e308)."""
    if a.exact is None and b.exact is None or a.is_range or b.is_range or a.bound != "exact" or b.bound != "exact":
        return False
    return a.figure != b.figure


def fmt_money(v: float, currency: str | None = None) -> str:
    """An amount as a headline writes it: (11000000, 'GBP') -> '£11 million'."""
    symbol = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥"}.get(currency or "", "")
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= scale:
            return f"{symbol}{v / scale:g} {word}"
    return f"{symbol}{fmt(v)}"


__all__ = ["NumberMention", "read_numbers", "words_value", "digits_value", "fmt", "fmt_figure", "fmt_money",
           "exactly_apart", "FLOAT_MAX", "HEDGES",
           "CURRENCY_SYMBOLS", "CURRENCY_WORDS", "UNIT_WORDS"]

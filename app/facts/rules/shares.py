"""A share of one group given two incompatible values: a fraction against a percentage, or two of either.

Reads shares ("one in five", "a third", "half") and percentages through `app.facts.numbers`, with the noun
phrase each one quantifies ("of Chinese restaurants", "one in five Chinese restaurants"), and compares the
shares of the same noun phrase (two or more words, lemmatised) after allowing for rounding (a word fraction is
read as +-4 points) and for hedges ("about" widens by a tenth, "more than" opens upwards).
Catches: "One in five Chinese restaurants" / "around 40 per cent of Chinese restaurants".
Must not flag: "a third of voters" / "35 per cent of voters" (rounding); a change ("up from 20 per cent");
figures of different years; shares of a one-word group ("half of people", "40% of people": different
questions of a survey, often); percentage points.
"""

from __future__ import annotations

import difflib
import re

from app.caseless import caseless
from app.document import Document
from app.facts.document import facts_of
from app.facts.finding import Finding
from app.facts.groups import getAllLemmas
from app.facts.lemmas import noun_lemma
from app.facts.numbers import NumberMention

_NP = re.compile(r"\s*(?:of\s+)?(?:(?:the|its|their|his|her|our|all|these|those)\s+)?"
                 r"(?P<np>(?:(?!(?:are|is|was|were|have|has|had|will|would|could|can|may|said|say|says|who|which|"
                 r"that|in|on|at|for|from|with|by|and|or|but|to|as|than|believed|thought|said|being)\b)"
                 r"[A-Za-z][\w’'-]*\s*){1,3})")
_CHANGE = caseless(r"\b(?:rose|risen|rise|rising|fell|fallen|fall|falling|increased?|decreased?|grew|grown|"
                     r"dropped|drop|climbed|up\s+from|down\s+from|compared\s+with|compared\s+to|from\s+\S+\s+(?:\S+\s+)?to|"
                     r"last\s+year|a\s+year\s+earlier|previously|previous|initially|at\s+first|now|was\s+once|"
                     r"used\s+to|doubled|halved|tripled)\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
SHARE_ONE_WORD = False  # a one-word group ("of residents") is too often two places or two questions
_GENERIC = {"people", "person", "them", "those", "us", "all", "cases", "time", "total", "population", "respondents",
            "adults", "voters", "members", "staff", "world", "country", "uk", "year", "week", "month"}


def parallel(a: str, b: str) -> bool:
    """Two sentences written to one pattern with other figures (a list of like items, a table in prose): the
    same words once the numbers are masked. Their figures describe different items, never one item twice."""
    mask = re.compile(r"[\d.,]+|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|half|third|quarter)\b|[*†‡]")
    wa = mask.sub("#", a.lower()).split()
    wb = mask.sub("#", b.lower()).split()
    if not wa or not wb:
        return False
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= 0.8


def _share_interval(n: NumberMention) -> tuple[float, float] | None:
    if n.kind == "share":
        lo, hi = n.low - 0.04, n.high + 0.04
    elif n.kind == "percent" and n.unit == "percent":
        lo, hi = (n.low - 0.5) / 100, (n.high + 0.5) / 100
    else:
        return None
    if n.bound == "approx":
        lo, hi = lo * 0.9 - 0.01, hi * 1.1 + 0.01
    elif n.bound == "min":
        hi = 1.0
    elif n.bound == "max":
        lo = 0.0
    elif n.bound == "vague":
        return None
    return lo, hi


def _group(text: str, n: NumberMention, end: int, one_word: bool = SHARE_ONE_WORD) -> tuple[str, ...] | None:
    m = _NP.match(text, n.end, end)
    if not m:
        return None
    words = []
    for w in m.group("np").split():
        if re.search(r"\d", w):
            continue
        readings = getAllLemmas(w.lower())
        if readings and "NOUN" not in readings and "ADJ" not in readings and not w[0].isupper():
            break  # "of teachers backed the strike": the verb ends the group
        words.append(w)
    if not words:
        return None
    if n.kind == "percent" and not re.match(r"\s*of\b", text[n.end:n.end + 4]):
        return None  # "40 per cent growth": not a share of a group
    if (len(words) < 2 and not one_word) or words[-1].lower() in _GENERIC:
        return None
    return tuple(noun_lemma(w) for w in words)


def rule_shares_one_word(document: Document) -> list[Finding]:
    """`rule_shares` with one-word groups too ("a quarter of teachers" / "40 per cent of teachers"). Off by default
    (`COPYDESK_EXTRA_CHECKS=shares-one-word`): on real clean articles a one-word group was two cities' residents."""
    return rule_shares(document, one_word=True)


def rule_shares(document: Document, one_word: bool = SHARE_ONE_WORD) -> list[Finding]:
    """Two shares of one group that cannot both hold."""
    facts = facts_of(document)
    text = document.text
    items = []
    for i, (s, numbers) in enumerate(zip(facts.body, facts.numbers)):
        if len({y for y in _YEAR.findall(s.text)}) > 1:
            continue
        for n in numbers:
            if _CHANGE.search(text, max(s.start, n.start - 60), min(s.end, n.end + 60)):
                continue
            interval = _share_interval(n)
            if interval is None:
                continue
            group = _group(text, n, s.end, one_word)
            if group is None:
                continue
            items.append((group, interval, n, i, set(_YEAR.findall(s.text))))
    findings: list[Finding] = []
    done: set[tuple[str, ...]] = set()
    for k, (g, (lo, hi), n, i, years) in enumerate(items):
        for g2, (lo2, hi2), n2, i2, years2 in items[k + 1:]:
            if g2 != g or i2 == i or g in done or (years and years2 and years != years2):
                continue
            if parallel(facts.body[i].text, facts.body[i2].text):
                continue  # "Porto received 55.6 per cent of the fee." / "Porto received 80 per cent of the fee."
            if lo <= hi2 and lo2 <= hi:
                continue
            done.add(g)
            findings.append(Finding(
                check="shares", type="numeric", a=(document.span(n.start, n.end),),
                b=(document.span(n2.start, n2.end),),
                explanation=(f"“{n.text}” is about {_pct(n)} of {' '.join(g)}, but “{n2.text}” is {_pct(n2)} of the "
                             f"same group. Both cannot be right."),
                confidence=0.7,
            ))
    return findings


def _pct(n: NumberMention) -> str:
    v = n.value * 100 if n.kind == "share" else n.value
    return f"{v:.0f}%"


# -- one holder, two shares ---------------------------------------------------------------------------------------
_VERBS_BY = (r"provided|paid|funded|financed|owned|held|shouldered|contributed|met|covered|borne|put\s+up|"
             r"controlled|supplied|raised")
_VERBS_ING = (r"shouldering|providing|paying|owning|holding|contributing|funding|financing|covering|bearing|"
              r"putting\s+up|owns?|holds?|provides?|pays?|funds?|finances?|covers?|controls?|controlling|takes?|"
              r"taking|supplies|supplying")
_HOLDER = r"(?P<holder>(?:[A-Za-z][\w’'-]*\s+){0,2}[A-Za-z][\w’'-]*)"
_BY_AFTER = re.compile(rf"^[^.;]{{0,60}}?\b(?:is|are|was|were|will\s+be|has\s+been|have\s+been)\s+(?:being\s+)?"
                       rf"(?:{_VERBS_BY})\s+by\s+{_HOLDER}")
_HOLDER_BEFORE = re.compile(rf"{_HOLDER}\s+(?:(?:is|are|was|were|will\s+be)\s+)?(?:{_VERBS_ING})\s+"
                            rf"(?:(?:a|an|the|about|around|roughly|some|nearly|almost|just\s+over|just\s+under|"
                            rf"more\s+than|less\s+than)\s+)?$")


def _holder_key(raw: str) -> tuple[str, ...] | None:
    words = [w for w in raw.split() if w.lower() not in {"the", "a", "an", "its", "their", "his", "her", "despite",
                                                          "with", "and", "by", "of", "while", "as"}]
    if not words or (len(words) < 2 and not words[0][0].isupper()):
        return None
    return tuple(noun_lemma(w) for w in words)


def rule_holder_shares(document: Document) -> list[Finding]:
    """One holder given two shares of one cost ('One third of the cost is being provided by Chinese investors' /
    'Chinese investors shouldering about 60% of the bill'): a holder of two or more words, or a name."""
    facts = facts_of(document)
    text = document.text
    items = []
    for i, (s, numbers) in enumerate(zip(facts.body, facts.numbers)):
        for n in numbers:
            interval = _share_interval(n)
            if interval is None or _CHANGE.search(text, max(s.start, n.start - 60), min(s.end, n.end + 60)):
                continue
            m = _BY_AFTER.match(text[n.end:s.end])
            holder = None
            if m:
                holder = _holder_key(m.group("holder"))
            else:
                b = _HOLDER_BEFORE.search(text[max(s.start, n.start - 80):n.start])
                if b:
                    holder = _holder_key(b.group("holder"))
            if holder:
                items.append((holder, interval, n, i))
    findings: list[Finding] = []
    for k, (h, (lo, hi), n, i) in enumerate(items):
        for h2, (lo2, hi2), n2, j in items[k + 1:]:
            if h2 != h or j == i or (lo <= hi2 and lo2 <= hi):
                continue
            findings.append(Finding(
                check="holder-shares", type="numeric", a=(document.span(n.start, n.end),),
                b=(document.span(n2.start, n2.end),),
                explanation=(f"{' '.join(h).capitalize()} hold{'s' if len(h) == 1 else ''} {_pct(n)} here and "
                             f"{_pct(n2)} there. Both cannot be right."),
                confidence=0.6,
            ))
            return findings
    return findings

"""Ages and birth years as news writes them, each tied to the person it belongs to when the text says who.

`read_ages(text, start=0, end=None) -> list[AgeMention]` reads:

- an apposition after a name: "Dana Ortiz, 41,", "Ortiz (41)", "Ortiz, aged 41", "Ortiz, the 41-year-old";
- an age before a name: "the 38-year-old Ortiz", "two-year-old Daniel", "41-year-old Mr Ortiz";
- a descriptive reference: "the 38-year-old executive", "her 20-year-old soldier boyfriend" (`role` holds the
  head noun, `name` is None: the age rule, `app.facts.rules.ages`, ties it to the one person the article gives
  that role, if one);
- a bare reference that opens a sentence: "The 24-year-old, who ..." (`bare` is True; the age rule takes the
  person the previous sentence names, when it names exactly one);
- a parent's child: "Daniel's mother ... her three-year-old" (the child named before "'s mother");
- "aged 10", "at just 47" after a name; "born in 1977" (kind "born", `age` is None, `born` the year).

Ages at another time ("was six when ...", "at the age of ...", "then 12") are not read: they are not the
person's age at the dateline. Offsets are code points into the text given. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.caseless import caseless
from app.facts.numbers import words_value

_CAP = r"[A-Z][\w’'-]+"
# one to four capitalised words: `(?:_CAP\s+){0,3}_CAP` written as `_CAP(?:\s+_CAP){0,3}` (the same words, tried in
# the same order), so that a pattern opening on a name is searched from capitals only
_NAME = rf"(?P<name>{_CAP}(?:\s+{_CAP}){{0,3}})"
_AGE_NUM = r"(?P<age>\d{1,3}|[a-z]+(?:-[a-z]+)?)"
_STOP = ("who|which|that|was|were|is|are|has|have|had|and|or|but|of|to|in|on|at|for|from|by|as|with|said|says|"
         "will|would|could|can|may|might|should|told|after|before|when|while|into|onto|over|under|since|"
         "during|than|then|also|later|allegedly|reportedly|died|went|who's")
_HONORIFIC = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?\s+)"
_YEAR_OLD = rf"{_AGE_NUM}-year-old"

_AFTER_NAME = re.compile(rf"{_NAME}(?:[’']s)?,\s+(?:(?:who\s+is\s+(?:now\s+)?|aged\s+(?:just\s+|only\s+)?|now\s+)?)"
                         rf"(?P<age>\d{{1,3}})(?=\s*[,.;)]|\s+and\b)")
_PAREN = re.compile(rf"{_NAME}\s+\((?:aged\s+)?(?P<age>\d{{1,3}})\)")
_NAME_THE_AGE = re.compile(rf"{_NAME},\s+(?:a|an|the)\s+{_YEAR_OLD}\b")
_AGE_BEFORE_NAME = re.compile(rf"\b{_YEAR_OLD}\s+(?:[a-z]+\s+){{0,3}}?{_HONORIFIC}?(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})")
_DESCRIPTIVE = re.compile(
    rf"\b(?P<det>[Tt]he|[Hh]er|[Hh]is|[Tt]heir|[Aa]n?)\s+(?P<age>\d{{1,3}}|[a-z]+(?:-[a-z]+)?)-year-old"
    rf"(?P<rest>(?:[’']s\b)?(?:\s+(?!(?:{_STOP})\b)[a-z][\w-]*){{0,3}})")
_BORN = re.compile(r"\b[Bb]orn\s+(?:in\s+)?(?:(?:January|February|March|April|May|June|July|August|September|"
                   r"October|November|December)\s+(?:\d{1,2},?\s+)?)?(?P<year>(?:19|20)\d\d)\b")
_ANOTHER_TIME = caseless(r"\b(?:when|at\s+the\s+time|then|at\s+the\s+age\s+of|back\s+in|had\s+been|used\s+to|"
                           r"years?\s+ago|as\s+an?|until|before|after)\b")
_PARENT = re.compile(rf"(?P<name>{_CAP})[’']s\s+(?:mother|father|mum|dad|mom|parents?|grandmother|grandfather)\b")
_NOT_PERSON = {"The", "In", "On", "At", "By", "A", "An", "And", "But", "He", "She", "It", "They", "We", "This",
               "That", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
               "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
               "December", "Police", "Officers", "His", "Her", "Their", "Its", "Mr", "Mrs", "Ms", "Dr", "Miss"}
# what every age mention holds: `\d|-year-old|[Bb]orn\b`, as two searches that open on a class or on literals
_HINT_DIGIT = re.compile(r"\d")
_HINT = re.compile(r"-year-old|Born\b|born\b")
_FUNCTION_WORDS = {"and", "said", "says", "told", "by", "with", "to", "as", "for", "from", "of", "that", "when",
                   "where", "while", "but", "or", "after", "before", "on", "at", "in", "like", "than", "including"}
_CHILD_WORDS = {"son", "daughter", "child", "boy", "girl", "baby", "toddler", "grandson", "granddaughter"}


@dataclass(frozen=True)
class AgeMention:
    """An age (or a birth year) with the words that say whose it is.

    `name` is the person's name as printed ("Dana Ortiz", "Ortiz", "Daniel") when the text names them at the
    age; `role` the head noun of a descriptive reference ("executive", "boyfriend"); `bare` marks "The
    24-year-old," opening a sentence; `kind` is "age" or "born". `start`/`end` are code points.
    """

    start: int
    end: int
    text: str
    kind: str
    age: int | None
    born: int | None = None
    name: str | None = None
    role: str | None = None
    bare: bool = False
    words: tuple[str, ...] = ()  # the words after "-year-old" ("soldier", "boyfriend"): the head is one of them


def _age_value(raw: str) -> int | None:
    if raw.isdigit():
        v = int(raw)
    else:
        w = words_value(raw)
        if w is None:
            return None
        v = int(w)
    return v if 0 < v < 120 else None


def _clean_name(name: str) -> str | None:
    tokens = [t[:-2] if t.endswith(("’s", "'s")) else t for t in name.split()]  # no "’s" at the end
    while tokens and tokens[0] in _NOT_PERSON:
        tokens.pop(0)
    return " ".join(tokens) if tokens else None


def read_ages(text: str, start: int = 0, end: int | None = None) -> list[AgeMention]:
    """Every age and birth year in `text[start:end]`, in order, without overlaps; offsets index `text`."""
    end = len(text) if end is None else min(end, len(text))
    out: list[AgeMention] = []
    if not (_HINT_DIGIT.search(text, start, end) or _HINT.search(text, start, end)):
        return out

    def clause_is_now(at: int) -> bool:
        head = text[max(start, at - 60):at]
        tail = text[at:min(end, at + 30)]
        return not _ANOTHER_TIME.search(head.split(",")[-1]) and not re.match(r"[^.]{0,12}\bwhen\b", tail)

    # a pattern is searched only where the window holds what every match of it holds: '-year-old', '(' or 'orn'
    year_old = text.find("-year-old", start, end) != -1
    for pattern in (_AFTER_NAME, _PAREN, _NAME_THE_AGE):
        if pattern is _PAREN and text.find("(", start, end) == -1 or pattern is _NAME_THE_AGE and not year_old:
            continue
        for m in pattern.finditer(text, start, end):
            age = _age_value(m.group("age"))
            name = _clean_name(m.group("name"))
            if age is None or name is None or not name[0].isupper():
                continue
            before = re.search(r"([A-Za-z]+)\s+$", text[max(start, m.start() - 20):m.start()])
            if " " not in name and before and before.group(1).islower() and before.group(1) not in _FUNCTION_WORDS:
                continue  # "his father, nick Smith, 50": a first name the text did not capitalise
            if pattern is _AFTER_NAME and re.match(r"\s*(?:[A-Z][\w’'-]+,\s+\d{1,3},\s*)", text[m.end() + 1:m.end() + 30]):
                pass  # a list of names and ages reads one by one
            out.append(AgeMention(m.start(), m.end(), text[m.start():m.end()], "age", age, name=name))
    for m in _AGE_BEFORE_NAME.finditer(text, start, end) if year_old else ():
        age = _age_value(m.group("age"))
        name = _clean_name(m.group("name"))
        if age is None or name is None:
            continue
        between = text[m.end("age"):m.start("name")]
        if re.search(rf"\b(?:{_STOP})\b", between) or re.match(r"[’']s\b", text[m.end("name"):m.end("name") + 2]):
            continue  # "the 20-year-old from Leeds", "the 28-year-old says Mr Ray's"
        if re.search(r"\b(?:[Aa]n?)\s+$", text[max(start, m.start() - 4):m.start()]):
            continue  # "a seven-year-old Ms Kunis": the person at another time; "a 14-year-old Pennsylvania girl"
        out.append(AgeMention(m.start(), m.end(), text[m.start():m.end()], "age", age, name=name))
    for m in _DESCRIPTIVE.finditer(text, start, end) if year_old else ():
        if any(a.start <= m.start("age") < a.end for a in out):
            continue
        age = _age_value(m.group("age"))
        if age is None or not clause_is_now(m.start()):
            continue
        det = m.group("det").lower()
        words = m.group("rest").split()
        if m.group("rest").startswith(("’s", "'s")):
            words = []
        role = words[-1].lower() if words else None
        bare = role is None
        name = None
        if det in {"her", "his", "their"} and (role is None or role in _CHILD_WORDS):
            sentence_start = max(text.rfind(". ", start, m.start()) + 1, start)
            parent = list(_PARENT.finditer(text, sentence_start, m.start()))
            if len(parent) == 1:
                name = parent[0].group("name")
                bare = False
            elif role is None:
                continue
        elif det in {"a", "an"}:
            continue  # "a 41-year-old man": someone new, not someone named before
        elif bare and not re.search(r"(?:^|[.!?\"”]\s+)$", text[max(start, m.start() - 3):m.start()]) \
                and m.start() != start:
            continue  # "The 24-year-old" is read as someone named before only where it opens a sentence
        end_at = m.end() if words else m.end("age") + len("-year-old")
        out.append(AgeMention(m.start(), end_at, text[m.start():end_at], "age", age, name=name, role=role,
                              bare=bare, words=tuple(w.lower() for w in words)))
    for m in _BORN.finditer(text, start, end) if text.find("orn", start, end) != -1 else ():
        out.append(AgeMention(m.start(), m.end(), m.group(0), "born", None, born=int(m.group("year"))))
    out.sort(key=lambda a: (a.start, -(a.end - a.start)))
    kept: list[AgeMention] = []
    for a in out:
        if kept and a.start < kept[-1].end:
            continue
        kept.append(a)
    return kept


__all__ = ["AgeMention", "read_ages"]

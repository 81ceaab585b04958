"""Counted groups and enumerations: what a number counts, and lists of named things.

`read_counts(text, numbers, start, end) -> list[CountMention]`: a count (a `NumberMention` of kind "number",
not a year, a unit or money) with the noun it counts ("14 homes", "four victims", "five Commonwealth nations")
and the kind of event it belongs to, by lemma ("three people died", "killing 12 people", "the four victims",
"a death toll of 30", "14 homes destroyed", "destroyed 14 homes", "14 destroyed homes").

`read_enumerations(text, start, end) -> list[Enumeration]`: lists of capitalised names ("Britain, Australia,
New Zealand and South Africa") with the word that introduces them ("including", a dash, a colon).

Event kinds (`EVENTS`) follow the impact fields of disaster and crime reporting (the EM-DAT database's deaths,
injured, missing, affected/evacuated, and housing destroyed/damaged; police reports' arrests); the lemmas are
plain English. Offsets are code points into the text given. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.facts.lemmas import lemma, noun_lemma
from app.facts.numbers import NumberMention

EVENTS = {
    "die": "deaths", "kill": "deaths", "dead": "deaths", "death": "deaths", "fatality": "deaths",
    "murder": "deaths", "slay": "deaths", "behead": "deaths", "execute": "deaths", "drown": "deaths",
    "perish": "deaths", "massacre": "deaths", "body": "deaths",
    "injure": "injured", "wound": "injured", "hurt": "injured", "injury": "injured",
    "arrest": "arrested", "detain": "arrested",
    "destroy": "destroyed", "raze": "destroyed", "flatten": "destroyed", "demolish": "destroyed",
    "damage": "damaged", "evacuate": "evacuated", "rescue": "rescued", "missing": "missing",
    "displace": "displaced", "hospitalise": "hospitalised", "hospitalize": "hospitalised",
}
# counted nouns that name one kind of thing (plain English near-synonyms, the nouns of the older quantities check):
# two counts of one event are comparable when their nouns share a class
NOUN_CLASSES = {"home": "home", "house": "home", "dwelling": "home", "property": "home", "flat": "home",
                "building": "building", "structure": "building",
                "spectator": "attendance", "fan": "attendance", "supporter": "attendance", "crowd": "attendance",
                "attendance": "attendance", "vehicle": "vehicle", "car": "vehicle", "worker": "worker",
                "employee": "worker", "staff": "worker"}
# nouns that count people without saying which people: comparable with each other
GENERIC_PEOPLE = {"people", "person", "victim", "dead", "death", "fatality", "body", "life", "casualty"}
_AUX = r"(?:(?:were|was|have\s+been|had\s+been|has\s+been|are|is|being|been|got)\s+)?"
_WORD = r"[A-Za-z][\w’'-]*"
_STOPS = {"the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "but", "with", "by", "from", "as",
          "were", "was", "is", "are", "have", "has", "had", "been", "be", "who", "which", "that", "more", "than",
          "other", "others", "said", "say", "says", "will", "would", "could", "also", "after", "before", "when",
          "their", "his", "her", "its", "our", "my", "your", "them", "they", "he", "she", "it", "we", "there",
          "into", "about", "over", "under", "while", "where", "since", "until", "each", "per", "so", "out", "up"}
_PLURALS = {"people", "police", "staff", "crew", "cattle", "personnel", "children", "men", "women", "feet", "teeth",
            "mice", "sheep", "fish", "deer", "aircraft"}
_COUNTRY_NOUNS = {"country", "nation", "state"}
_ENUM = re.compile(
    r"(?<![\w’'-])(?P<items>(?:[A-Z][\w’'-]*+(?:\s+(?:of\s+|and\s+(?=[A-Z][\w’'-]*\s+[A-Z]))?[A-Z][\w’'-]*+){0,3},\s+){1,12}"
    r"(?:[A-Z][\w’'-]*+(?:\s+(?:of\s+)?[A-Z][\w’'-]*+){0,3},?\s+)?(?:and|or)\s+[A-Z][\w’'-]*+(?:\s+(?:of\s+)?"
    r"[A-Z][\w’'-]*+){0,3})")


@dataclass(frozen=True)
class CountMention:
    """A count of something: `value` (low end; `high` for ranges and hedges), the counted noun's lemma, the
    event kind it belongs to (a key of `EVENTS`' values, or None), and `partial` when the words say the count
    covers only part of the group ("including 12 children", "among them")."""

    number: NumberMention
    noun: str
    event: str | None
    start: int
    end: int
    partial: bool = False


@dataclass(frozen=True)
class Enumeration:
    """A list of capitalised names ("Britain, Australia, New Zealand and South Africa"); `intro` is the word or
    mark before it ("including", "-", ":", "from", "") and `partial` is True after "including", "such as"."""

    items: tuple[str, ...]
    start: int
    end: int
    intro: str
    partial: bool


def getAllLemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's readings of a word ({'NOUN': ('nation',)}), cached."""
    return _readings(word)


_readings_cache: dict[str, dict[str, tuple[str, ...]]] = {}


def _readings(word: str) -> dict[str, tuple[str, ...]]:
    found = _readings_cache.get(word)
    if found is None:
        from lemminflect import getAllLemmas as lookup

        found = dict(lookup(word))
        if len(_readings_cache) < 50_000:
            _readings_cache[word] = found
    return found


def _event_of(words: list[str]) -> str | None:
    for w in words:
        e = EVENTS.get(lemma(w)) or EVENTS.get(noun_lemma(w)) or EVENTS.get(w.lower())
        if e:
            return e
    return None


# (compiled once here; each was written inline at its use, where re looked it up in its cache per call)
_WORD_RE = re.compile(_WORD)
_TOLL_BEFORE = re.compile(r"\bdeath\s+toll\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
_CROWD_BEFORE = re.compile(r"\b(?P<noun>crowd|attendance)\s+(?:of|was|was\s+put\s+at|stood\s+at)\s+$", re.IGNORECASE)
_CLAUSE_MARK = re.compile(r"[,.;:)]")
_FOLLOW = re.compile(rf"\s+{_AUX}(?:(?:shot|stabbed|burned|burnt)\s+)?(?P<v>{_WORD})")
_PARTIAL_BEFORE = re.compile(r"\b(?:including|among\s+them|among|of\s+whom|of\s+them)\s*$")


def read_counts(text: str, numbers: list[NumberMention], start: int = 0, end: int | None = None
                ) -> list[CountMention]:
    """The counts among `numbers` (read from text[start:end]) with their nouns and events."""
    end = len(text) if end is None else end
    out: list[CountMention] = []
    for n in numbers:
        if n.kind != "number" or n.unit is not None or n.scale != 1.0 or not (start <= n.start < end):
            continue
        after = list(_WORD_RE.finditer(text[n.end:min(end, n.end + 60)]))[:4]
        words = [m.group(0) for m in after]
        noun_i = None
        toll = _TOLL_BEFORE.search(text[max(start, n.start - 40):n.start])
        crowd = _CROWD_BEFORE.search(text[max(start, n.start - 30):n.start])
        if crowd and not toll:  # "a crowd of 20,000", "the attendance was 7,158"
            out.append(CountMention(n, crowd.group("noun").lower(), "attendance",
                                    max(start, n.start - 30) + crowd.start(), n.end, False))
            continue
        for i, w in enumerate(words):
            if w.lower() in _STOPS or (i and w[0].isupper() and words[i - 1][0].islower()):
                break
            readings = getAllLemmas(w.lower())
            if i and readings and "NOUN" not in readings and "ADJ" not in readings and w[0].islower():
                break  # "people died": the verb ends the noun phrase
            noun_i = i
            if _CLAUSE_MARK.search(text[n.end + after[i].end():n.end + after[i].end() + 1]):
                break
            if w.lower() in _PLURALS or (n.value == 1 and "NOUN" in readings) or \
                    ("NOUN" in readings and readings["NOUN"][0] != w.lower()):
                break  # the first plural noun is the head ("five Commonwealth nations")
        if toll:
            noun_i, words, after = None, [], []
        if noun_i is None and not toll:
            continue
        if toll or noun_i is None:
            out.append(CountMention(n, "death", "deaths", n.start, n.end, False))
            continue
        noun = noun_lemma(words[noun_i])
        if noun in {"year", "month", "week", "day", "hour", "minute", "time", "per", "percent", "cent"}:
            continue
        before = [m.group(0) for m in _WORD_RE.finditer(text[max(start, n.start - 40):n.start])][-3:]
        tail = text[n.end + after[noun_i].end():min(end, n.end + after[noun_i].end() + 40)]
        follow = _FOLLOW.match(tail)
        event = _event_of(words[:noun_i + 1]) or _event_of(before[-2:]) or \
            (_event_of([follow.group("v")]) if follow else None)
        if noun in GENERIC_PEOPLE and event is None and noun != "people":
            event = "deaths" if noun in {"dead", "death", "fatality", "body"} else None
        partial = bool(_PARTIAL_BEFORE.search(text[max(start, n.start - 20):n.start]))
        out.append(CountMention(n, noun, event, n.start, n.end + after[noun_i].end(), partial))
    return out


_LIST_HINT = re.compile(r",\s+[A-Z][^,]*\b(?:and|or)\s+[A-Z]")  # what every enumeration holds


def read_enumerations(text: str, start: int = 0, end: int | None = None) -> list[Enumeration]:
    """Lists of two or more capitalised names joined by commas and a final 'and'/'or'."""
    end = len(text) if end is None else end
    out: list[Enumeration] = []
    if not _LIST_HINT.search(text[start:end]):
        return out
    for m in _ENUM.finditer(text, start, end):
        raw = m.group("items")
        items = [i.strip() for i in re.split(r",\s*|\s+(?:and|or)\s+(?=[A-Z])", raw) if i.strip()]
        items = [re.sub(r"^(?:and|or)\s+", "", i) for i in items]
        if len(items) < 2:
            continue
        head = text[max(start, m.start() - 20):m.start()]
        intro_m = re.search(r"(including|such\s+as|like|from|-|–|—|:|are|were|was|is)\s*$", head)
        intro = intro_m.group(1) if intro_m else ""
        out.append(Enumeration(tuple(items), m.start(), m.end(), intro,
                               intro in {"including", "like"} or intro.startswith("such")))
    return out


__all__ = ["CountMention", "Enumeration", "EVENTS", "GENERIC_PEOPLE", "read_counts", "read_enumerations"]

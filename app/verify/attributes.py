"""Figures that say who someone is, not what happened: an age set off after a name ("Pat Ingles, 69, from
Edinburgh lost her husband ...") and a figure inside a hyphenated description that stands for the person ("the
27-year-old", "the mother-of-six").

A summary often joins such a description, given by the article where the person first appears, to a fact the
article tells sentences later; the passage that tells the fact need not repeat it. `said_elsewhere` finds where
the source gives the same description of the same person. A changed figure is still caught: "Pat Ingles, 71,"
finds no "Pat Ingles, 71," (nor "Ingles, 71,") in a source that says "Pat Ingles, 69,".
"""

from __future__ import annotations

import re

from app.verify.quantities import Quantity, agrees, compatible
from app.verify.retrieve import IndexedSentence, Query, SourceIndex
from app.verify.text import bare, stem

# "Name, 69," / "Name, aged 69,": the age set off after a name
_SET_OFF = re.compile(r",\s*(?:aged\s+)?$")
# "mother-of-six", "father-of-two": a family count standing for a person
_EPITHET = re.compile(r"[^\W\d_]+-of-[^\W\d_]+", re.IGNORECASE)


def _named_before(text: str, start: int, query: Query) -> str | None:
    """The name a figure at `start` is set off after ("Ingles" in "Pat Ingles, 69,"), or None."""
    head = text[:start]
    m = _SET_OFF.search(head)
    if m is None:
        return None
    before = [t for t in query.toks if t.end <= m.start()]
    if not before or before[-1].end != m.start() or not before[-1].capital:
        return None
    return bare(before[-1].text) if bare(before[-1].text) in query.names else None


def _age_after(s: IndexedSentence, name: str, q: Quantity) -> Quantity | None:
    """The age `s` sets off right after `name` ("Ingles, 69,"), when it agrees with `q`."""
    for t in s.toks:
        if bare(t.text) != name:
            continue
        for e in s.figures:
            if e.start > t.end and not e.derived and _SET_OFF.search(s.sentence.text[t.end:e.start]) \
                    and not s.sentence.text[t.end:e.start].strip(", \t").replace("aged", "").strip() \
                    and compatible(q, e) and agrees(q, e):
                return e
    return None


def said_elsewhere(q: Quantity, query: Query, idx: SourceIndex) -> tuple[IndexedSentence, Quantity | None] | None:
    """(the source sentence, its figure or None for a description matched word for word) where the source
    describes the same person with statement figure `q`; None when `q` is not such a description or the
    source gives it nowhere."""
    text = query.text
    name = _named_before(text, q.start, query) if q.unit == "age" else None
    if name is not None:
        for s in idx.sentences:
            e = _age_after(s, name, q)
            if e is not None:
                return s, e
        return None
    # "the 27-year-old": an age standing for the person, given by the source as someone's age
    if q.unit == "age" and re.match(r"\s*-?\s*years?-old\b", text[q.end:q.end + 12], re.IGNORECASE) \
            and re.search(r"\bthe\s+$", text[:q.start], re.IGNORECASE):
        for s in idx.sentences:
            e = next((e for e in s.figures if e.unit == "age" and not e.derived and compatible(q, e)
                      and agrees(q, e)), None)
            if e is not None:
                return s, e
        return None
    # "the mother-of-six": the description itself, word for word
    m = next((m for m in _EPITHET.finditer(text) if m.start() <= q.start < m.end()), None)
    if m is not None:
        said = m.group(0).lower()
        for s in idx.sentences:
            if said in s.sentence.text.lower():
                return s, None
    return None


def age_of_another(q: Quantity, found: Quantity, query: Query, window: list[IndexedSentence]) -> str | None:
    """The name the passage sets its age `found` off after ("Reddy" in "Tom Reddy, 58,"), when statement
    figure `q` is an age set off after another name ("Ines Marlow, 58,"); None otherwise."""
    if q.unit != "age" or found.unit != "age" or found.derived:
        return None
    name = _named_before(query.text, q.start, query)
    if name is None:
        return None
    for s in window:
        if not any(e is found for e in s.figures):
            continue
        m = _SET_OFF.search(s.sentence.text[:found.start])
        before = [t for t in s.toks if m is not None and t.end <= m.start()]
        if before and m is not None and before[-1].end == m.start() and before[-1].capital \
                and bare(before[-1].text) not in query.names:
            return before[-1].text
    return None


# ", a watchdog has said." / ", according to a new report.": who the statement says says it
_SAID_BY = re.compile(r"(?:,\s*(?:a|an|the)?\s*(?P<a>(?:[^\W\d_]+[\s'’-]+){0,3}?[^\W\d_]+)\s+(?:has\s+|have\s+|had\s+)?"
                      r"(?:said|says|found|finds|confirmed|suggested|suggests|warned|warns|heard|announced|reported|"
                      r"claimed|claims)|\baccording\s+to\s+(?:a|an|the)?\s*(?P<b>(?:[^\W\d_]+[\s'’-]+){0,3}?"
                      r"[^\W\d_]+))\s*[.!]?\s*$", re.IGNORECASE)


def unsourced(query: Query, idx: SourceIndex) -> str | None:
    """The word for who says it ("watchdog" in "..., a watchdog has said."), when the statement ends by naming
    who says it and the source never uses that word (nor one WordNet relates to it); None otherwise."""
    m = _SAID_BY.search(query.text)
    if m is None:
        return None
    who = (m.group("a") or m.group("b") or "").split()[-1]
    return None if stem(who.lower()) in idx.stems or bare(who) in idx.lowers else who


_QUOTED = re.compile(r"[\"“]\s*([^\"“”]{2,200}?)\s*[\"”]")
_GAP = 3  # words a quotation may leave out, all told ("strong indications of life [beyond Earth] within a decade")


def _said_in(words: list[str], sentence: list[str]) -> bool:
    """Whether `words` stand in `sentence` in order, with at most _GAP words left out between them."""
    for start in (i for i, w in enumerate(sentence) if w == words[0]):
        pos, skipped = start, 0
        for w in words[1:]:
            nxt = next((j for j in range(pos + 1, min(len(sentence), pos + 2 + _GAP - skipped)) if sentence[j] == w),
                       None)
            if nxt is None:
                break
            skipped += nxt - pos - 1
            pos = nxt
        else:
            return True
    return False


def misquoted(statement: str, sentences: list[str]) -> str | None:
    """A phrase the statement puts in quotation marks ("serious problems") that no source sentence says word for
    word (case, spacing and punctuation aside; a few words left out allowed); None when every quoted phrase is
    the source's."""
    plain: list[list[str]] | None = None
    for m in _QUOTED.finditer(statement):
        said = re.findall(r"[^\W_]+", m.group(1).lower().replace("’", "'"))
        if not said:
            continue
        if plain is None:
            plain = [re.findall(r"[^\W_]+", t.lower().replace("’", "'")) for t in sentences]
        if not any(_said_in(said, words) for words in plain):
            return m.group(1).strip()
    return None

"""Sentence ends inside one paragraph: offsets only (the Document slices the text).

A rule-based splitter for news English: a sentence ends at . ! ? or an ellipsis (with any closing
quotes and brackets) before white space and a capital, digit or opening mark, unless the full stop
belongs to an abbreviation (titles, numbered abbreviations, initials, dotted abbreviations, AP
state abbreviations), the dots are a spaced ellipsis of three (MLA style: words left out; four
dots end a sentence) or "[...]", or the mark closes a quoted exclamation or question followed by a
name and a reporting verb (`app.reporting_verbs`). "a.m."/"p.m." end a sentence before a
capitalised word that is not a time zone or weekday, unless the sentence is only an opening time
phrase ("At 5 a.m. Mr. Smith went"). A paragraph that begins with a list marker ("1.", "2.)",
"a)", "• 9.") is split before each next number or letter, and a marker is never a sentence.
Pieces without a letter join a neighbour (`sentence_spans`). The abbreviation lists are AP
Stylebook abbreviations as printed in news copy; the cases are those of pySBD's English Golden
Rules (measured by `python -m bench.sentences`: 48 of 48).
"""

from __future__ import annotations

import re

from app.caseless import caseless
from app.document.chars import WS_NL
from app.reporting_verbs import is_reporting_verb

# Titles stand before a name: a sentence never ends with "Mr." (only when capitalised, as printed).
_TITLES = {
    "mr", "mrs", "ms", "mx", "messrs", "dr", "prof", "gen", "sen", "sens", "rep", "reps", "gov", "lt", "col",
    "sgt", "capt", "cmdr", "cmdt", "adm", "maj", "cpl", "pvt", "rev", "hon", "pres", "supt", "insp", "det",
    "fr", "sra", "srta", "mme", "mlle", "atty", "amb", "gens", "brig", "lieut", "ald", "cllr", "rt",
}
# Abbreviations that take a number after them: "No. 10", "Vol. 3"; before anything else a plain word.
_NUMBERED = {"no", "nos", "vol", "vols", "pp", "p", "fig", "figs", "art", "ch", "sec", "para", "op", "nr", "pt",
             "ex", "ed", "ref"}
# Lowercase abbreviations inside a sentence.
_INNER = {"vs", "v", "al", "cf", "approx", "incl", "viz", "ca", "resp", "e.g", "i.e", "eg", "ie", "esp", "est"}
# Units end sentences as often as not ("a wait of 20 min. The bus came"): split before a usual opener.
_UNITS = {"min", "mins", "max", "avg", "lb", "lbs", "oz", "km", "yr", "yrs", "mo", "mos", "hr", "hrs", "sq", "ft"}
# Capitalised abbreviations that may also end a sentence: split after them only before a usual opener.
_MAY_END = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "inc", "ltd", "co", "corp", "plc", "llc", "bros", "jr", "sr", "st", "ave", "rd", "blvd", "ft", "mt", "univ",
    "assn", "dept", "etc", "gov't",
}
# US state abbreviations count only where AP style prints them: "Springfield, Ill." or "(D-Mass.)".
_STATES = {
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md",
    "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt",
    "wis", "wyo", "wash", "n.h", "n.j", "n.m", "n.y", "n.c", "n.d", "s.c", "s.d", "r.i", "w.va",
}
_OPENERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "in", "on",
    "at", "but", "and", "so", "yet", "his", "her", "its", "their", "our", "there", "after", "before", "when",
    "while", "as", "if", "some", "many", "most", "officials", "police", "mr", "mrs", "ms", "dr", "however",
    "meanwhile", "last", "next", "earlier", "later", "also", "both", "each", "no", "it’s", "it's", "what",
    "why", "how", "who", "where", "for", "with", "by", "from", "one", "two", "three", "several", "all", "only",
    "still", "then", "now", "today", "yesterday", "tomorrow", "since", "during", "despite", "although", "though",
    "my", "your", "me", "us",
}
# A quoted exclamation or question followed by its speaker and a reporting verb: "“Stop!” Smith said."
_SPEAKER_THEN_VERB = re.compile(r"((?:[A-Z][\w'’.-]*\s+){1,4})([a-z]+)\b")
# Inline list markers: "1.", "2.)", "3)", "a.", "b)", after an optional bullet ("• 9.", "⁃10.").
_MARKER = re.compile(r"(?:[•⁃▪◦‣·*-]\s*)?(?:(\d{1,2})(?:\.\)|[.)])|([a-z])[.)])(?=\s)")
# A spaced ellipsis ". . ." (MLA style), its first dot possibly a full stop: "compounds. . . . The"
_SPACED_ELLIPSIS = re.compile(r"\.(?:[ \u00a0]\.){2,}")
_LETTER = re.compile(r"[^\W\d_]")
_NUMBER_ONLY = re.compile(r"(?:[•⁃▪◦‣·*-]\s*)?\d{1,3}(?:\.\)|[.)])")
# Time abbreviations: a capitalised word after them starts a sentence unless it belongs to the time.
_TIME = {"a.m", "p.m"}
_TIME_NEXT = {"et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "pt", "pst", "pdt", "gmt", "utc", "bst", "cet",
              "cest", "eastern", "central", "pacific", "mountain", "local", "monday", "tuesday", "wednesday",
              "thursday", "friday", "saturday", "sunday", "today", "tomorrow", "yesterday"}
# A sentence does not end after an opening time phrase alone: "At 5 a.m. Mr. Smith went to the bank."
_TIME_PHRASE = caseless(r"(?i)(?:at|by|from|until|till|after|before|around|about|since|on|to)\s+[\d:.]+\s*$")
_TERMINAL = re.compile(r"(?:\.\.\.|[.!?…]+)[\"'”’»)\]]*(?=\s)")
_CLOSERS = "\"'”’»)]"
_OPENING_PUNCT = "“\"‘'([¿¡—–-«"
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_WORD_AFTER = re.compile(r"[\w’']+")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]|ph\.d|m\.d|b\.a|m\.a|b\.sc|m\.sc|d\.phil|ll\.b")


def sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets where sentences end inside the paragraph text[start:end] (the last one is `end`)."""
    markers = _list_markers(text, start, end)
    inside: set[int] = set()  # full stops that belong to a list marker or a spaced ellipsis
    ends: list[int] = [m_start for m_start, _ in markers[1:]]  # a new list item starts a sentence
    for m_start, m_end in markers:
        inside.update(range(m_start, m_end))
    for run in _SPACED_ELLIPSIS.finditer(text, start, end):
        inside.update(range(run.start(), run.end()))
        cut = _ellipsis_end(text, start, run.start(), run.end(), end)
        if cut is not None:
            ends.append(cut)
    sent_start = start
    for m in _TERMINAL.finditer(text, start, end):
        if m.start() in inside:
            continue
        cut = m.end()
        j = cut
        while j < end and text[j].isspace():
            j += 1
        if j >= end:
            break
        nxt = text[j]
        if nxt.islower():
            continue  # "“Is it over?” asked the judge", "He said... nothing"
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENING_PUNCT or not nxt.isalnum()):
            continue
        if m.group().startswith("...") and m.start() > start and text[m.start() - 1] == "[":
            continue  # "[...]" marks words left out of a quotation
        if text[cut - 1] in _CLOSERS and text[m.start()] in "!?" and _speaker_follows(text, j, end):
            continue  # "“Stop!” Smith said.", "“Finally!” Priya Nandakumar exclaimed"
        if m.group().rstrip(_CLOSERS) == "." \
                and not _ends_after_full_stop(text, sent_start, m.start(), j, end):
            continue
        ends.append(cut)
        sent_start = cut
    ends.append(end)
    return sorted(set(ends))


def _list_markers(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The list markers of a paragraph that is a list: one at its start, then each next number or letter.

    "1. The first item 2. The second item" gives the spans of "1." and "2."; a paragraph that does
    not begin with a marker has none.
    """
    first = _MARKER.match(text, start, end)
    if first is None:
        return []
    found = [(first.start(), first.end())]
    digit = first.group(1) is not None
    expect = int(first.group(1)) + 1 if digit else ord(first.group(2)) + 1
    for m in _MARKER.finditer(text, first.end(), end):
        if not text[m.start() - 1].isspace():
            continue
        value = m.group(1) if digit else m.group(2)
        if value is None or (int(value) if digit else ord(value)) != expect:
            continue
        found.append((m.start(), m.end()))
        expect += 1
    return found


def _ellipsis_end(text: str, start: int, first: int, last: int, end: int) -> int | None:
    """Where a sentence ends at a spaced ellipsis (text[first:last]), if it does.

    Four dots end a sentence before a capital: after the full stop when it is attached to the word
    ("compounds. . . . The practice"), after the dots when they stand apart ("a period . . . . Next").
    Three dots are words left out, inside a sentence. After the ellipsis, closing quotes stay with it.
    """
    dots = text.count(".", first, last)
    j = last
    while j < end and text[j] in _CLOSERS:
        j += 1
    after = j
    while j < end and text[j].isspace():
        j += 1
    if dots < 4 or j >= end or not (text[j].isupper() or text[j] in _OPENING_PUNCT):
        return None
    attached = first > start and not text[first - 1].isspace()
    return first + 1 if attached else after


def _speaker_follows(text: str, at: int, end: int) -> bool:
    """Whether a name and a reporting verb (`app.reporting_verbs`) follow at `at`: "Priya Nandakumar exclaimed"."""
    m = _SPEAKER_THEN_VERB.match(text, at, min(end, at + 80))
    return m is not None and is_reporting_verb(m.group(2))


def _ends_after_full_stop(text: str, start: int, dot: int, nxt: int, end: int) -> bool:
    """Whether the full stop at `dot` ends the sentence, judged by the word before it and the one after."""
    if dot + 1 < len(text) and text[dot + 1] == ".":
        return True  # an ellipsis
    w = _TOKEN_BEFORE.search(text, max(start, dot - 30), dot)
    raw = (w.group(1) if w else "").lstrip("“\"‘'([«—–-")
    if raw in {"N°", "Nº", "n°", "nº"} and text[nxt].isdigit():
        return False  # "N°. 1026"
    if not raw or not raw[-1].isalpha():
        return True  # "7.5 percent." or "(a record)." end sentences
    low = raw.lower()
    nxt_word_m = _WORD_AFTER.match(text, nxt, min(end, nxt + 30))
    nxt_word = nxt_word_m.group(0).lower() if nxt_word_m else ""
    opener = nxt_word in _OPENERS
    if len(raw) == 1:
        if raw == "I":  # the pronoun after a lowercase word ("you and I. Did"), an initial after a name
            before = _TOKEN_BEFORE.search(text, max(start, dot - 31), max(start, dot - 2))
            if before is not None and before.group(1)[:1].islower():
                return True
        # an initial ("John F. Kennedy"), or "plan B. The rest"
        return raw.isupper() and opener and nxt_word not in {"a"}
    if low in _TIME:
        # "at 6 p.m. Martin left" ends; "5 p.m. Eastern" and "At 5 a.m. Mr. Smith went" do not
        return nxt_word not in _TIME_NEXT and not _TIME_PHRASE.fullmatch(text, start, dot - len(raw))
    if _DOTTED.fullmatch(low) or (low in _STATES and "." in low):
        if low in {"e.g", "i.e"}:
            return False
        return opener  # "the U.S. The next day" ends; "U.S. President Donald Trump" does not
    capital = raw[0].isupper()
    if low in _TITLES and capital:
        return False
    if low in _NUMBERED and (text[nxt].isdigit() or text[nxt] == "#"):
        return False
    if low in _INNER:
        return False
    if (low in _MAY_END and (capital or low == "etc")) or low in _UNITS:
        return opener
    if low in _STATES and capital:
        preceding = text[max(start, dot - len(raw) - 2):dot - len(raw)]
        if preceding.endswith((", ", "-", "(")):
            return opener
    return True



def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the paragraph text[start:end], surrounding white space left out."""
    spans: list[tuple[int, int]] = []
    s = start
    for e in sentence_ends(text, start, end):
        while s < e and text[s] in WS_NL:
            s += 1
        t = e
        while t > s and text[t - 1] in WS_NL:
            t -= 1
        if t > s:
            spans.append((s, t))
        s = e
    # a piece without a letter ("…", "”", "$1,599).") is not a sentence: it joins the one before; a list
    # number ("6.") joins the one after, whose number it is (the one before, at the end of the paragraph)
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for k, (s, t) in enumerate(spans):
        if _LETTER.search(text, s, t) is None:
            if merged and not (k + 1 < len(spans) and _NUMBER_ONLY.fullmatch(text, s, t)):
                merged[-1] = (merged[-1][0], t)
                pending = None  # what was held back is inside the sentence before now
            elif pending is None:
                pending = s
            continue
        merged.append((pending if pending is not None else s, t))
        pending = None
    if pending is not None:  # held back to the end of the paragraph
        if merged:
            merged[-1] = (merged[-1][0], spans[-1][1])
        else:
            merged.append((pending, spans[-1][1]))  # no letter in the whole paragraph: one piece
    return merged

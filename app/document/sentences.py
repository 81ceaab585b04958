"""Sentence ends inside one paragraph: offsets only (the Document slices the text).

A rule-based splitter for news English: a sentence ends at . ! ? or an ellipsis (with any closing
quotes and brackets) before white space and a capital, digit or opening mark, unless the full stop
belongs to an abbreviation (titles, numbered abbreviations, initials, dotted abbreviations, AP
state abbreviations) or the mark closes a quoted exclamation followed by its speech verb.
The abbreviation lists are AP Stylebook abbreviations as printed in news copy.
"""

from __future__ import annotations

import re

from app.document.chars import WS_NL

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
}
_SPEECH = re.compile(
    r"(?:[A-Z][\w'’.-]*\s+){1,3}(?:said|says|asked|asks|shouted|told|added|wrote|replied|cried|yelled|"
    r"recalled|explained|insisted|noted|tweeted|posted|declared|continued|answered|warned|argued|urged)\b")
_TERMINAL = re.compile(r"(?:\.\.\.|[.!?…]+)[\"'”’»)\]]*(?=\s)")
_CLOSERS = "\"'”’»)]"
_OPENING_PUNCT = "“\"‘'([¿¡—–-«"
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_WORD_AFTER = re.compile(r"[\w’']+")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]|ph\.d|m\.d|b\.a|m\.a|b\.sc|m\.sc|d\.phil|ll\.b")


def sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets where sentences end inside text[start:end] (the last one is `end`)."""
    ends: list[int] = []
    for m in _TERMINAL.finditer(text, start, end):
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
        if text[cut - 1] in _CLOSERS and text[m.start()] in "!?" and _SPEECH.match(text, j, min(end, j + 60)):
            continue  # "“Stop!” Smith said."
        if m.group().rstrip(_CLOSERS) == "." and not _ends_after_full_stop(text, start, m.start(), j, end):
            continue
        ends.append(cut)
    ends.append(end)
    return ends


def _ends_after_full_stop(text: str, start: int, dot: int, nxt: int, end: int) -> bool:
    """Whether the full stop at `dot` ends the sentence, judged by the word before it and the one after."""
    if dot + 1 < len(text) and text[dot + 1] == ".":
        return True  # an ellipsis
    w = _TOKEN_BEFORE.search(text, max(start, dot - 30), dot)
    raw = (w.group(1) if w else "").lstrip("“\"‘'([«—–-")
    if not raw or not raw[-1].isalpha():
        return True  # "7.5 percent." or "(a record)." end sentences
    low = raw.lower()
    nxt_word_m = _WORD_AFTER.match(text, nxt, min(end, nxt + 30))
    nxt_word = nxt_word_m.group(0).lower() if nxt_word_m else ""
    opener = nxt_word in _OPENERS
    if len(raw) == 1:
        # an initial ("John F. Kennedy"), or "plan B. The rest"
        return raw.isupper() and opener and nxt_word not in {"a"}
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
        before = text[max(start, dot - len(raw) - 2):dot - len(raw)]
        if before.endswith((", ", "-", "(")):
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
    return spans

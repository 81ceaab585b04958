"""The Document: the one module that knows the article's text.

Plain text is kept exactly as sent, so offsets index into it (Python `str`
indices: code points, `\\r\\n` two characters); HTML is reduced to its article
text first and offsets index into that. Page furniture is marked and kept out
of every sentence; headings and the dateline are kept apart from body
sentences. Every later step refers to sentences by id and to text by `Span`;
quotes come back to spans through `Document.align`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from rapidfuzz import fuzz

from app.dates import DateMention, find_dates
from app.furniture import furniture_lines, furniture_rule
from app.htmltext import extract_article
from app.models import Span

Kind = Literal["body", "heading", "dateline"]

# -- sentence ends ---------------------------------------------------------------------------------
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

# -- lines, headings, lists --------------------------------------------------------------------------
_SENTENCE_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_PROSE_FINAL = re.compile(r"[.!?…;:,][\"'”’»)\]]*$")
_FUNCTION_WORDS = {"the", "a", "an", "of", "to", "and", "in", "on", "for", "with", "that", "by", "at", "from",
                   "or", "but", "as", "is", "was", "are", "were", "be", "his", "her", "its", "their", "than"}
_BULLET = re.compile(r"^\s*(?:[-*•–—▪●◦‣·]|\d{1,2}[.)]|[a-z][.)])\s+")
_WS = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f" \
      "\u3000\ufeff\x0b\x0c\x85\u2028\u2029"
_WS_NL = _WS + "\r\n"
_LINE = re.compile(r"[^\r\n]+")
_HEADING_MAX_WORDS = 20
_HEADING_MAX_CHARS = 150
_WRAP_MIN, _WRAP_MAX = 40, 120  # hard-wrapped text is wrapped at 60-100 columns; longer lines are paragraphs
_WIRE = re.compile(r"[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,30})?,\s*")
_WIRE_TAIL = re.compile(r"\s*(?:\([^)\n]{1,40}\))?\s*[-–—]")
_DATELINE_NOISE = re.compile(
    r"(?i)\b(updated|published|posted|last updated|first published|dateline|date|on|at)\b|"
    r"\d{1,2}[:.]\d{2}(\s*(a\.m\.|p\.m\.|am|pm))?|\b(a\.m\.|p\.m\.|am|pm)|\b(?-i:[A-Z]{1,4}T|GMT|UTC)\b")


@dataclass(frozen=True)
class Sentence:
    """A sentence, heading or dateline of the article, with its id and offsets."""

    id: int
    start: int
    end: int
    text: str
    kind: Kind
    paragraph: int


@dataclass(frozen=True)
class Dateline:
    """The publication date, where it came from and the weekday printed beside it."""

    date: dt.date
    weekday: str | None
    span: Span | None
    source: Literal["text", "request"]


@dataclass(frozen=True)
class Alignment:
    """Where a quote sits in the article, and how sure the match is."""

    span: Span
    method: Literal["exact", "normalised", "fuzzy"]
    score: float


@dataclass
class _Line:
    start: int  # content offsets, surrounding white space trimmed
    end: int
    width: int  # the line as printed, indentation included (for hard-wrap detection)
    blank_before: bool
    index: int = 0  # position among all lines, furniture included
    kind: str = "body"  # body | list | heading | furniture | dateline


def _lines(text: str) -> list[_Line]:
    """Non-blank lines with content offsets (surrounding white space trimmed)."""
    lines: list[_Line] = []
    prev_end = 0
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s] in _WS:
            s += 1
        while e > s and text[e - 1] in _WS:
            e -= 1
        if s == e:
            continue
        gap = text[prev_end:m.start()]
        breaks = gap.count("\n") + gap.count("\r") - gap.count("\r\n")
        lines.append(_Line(s, e, e - m.start(), blank_before=not lines or breaks >= 2, index=len(lines)))
        prev_end = m.end()
    return lines


def _heading_shape(line: str) -> bool:
    """A short line without final punctuation: 'A Ceasefire as the First Condition'."""
    if len(line) > _HEADING_MAX_CHARS or _PROSE_FINAL.search(line) or _BULLET.match(line):
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "“\"‘'«"):
        return False
    words = line.split()
    if len(words) > _HEADING_MAX_WORDS or words[-1].lower().strip("”’\"'") in _FUNCTION_WORDS:
        return False
    if len(words) > 12:  # a long heading is a headline in Title Case, not a sentence missing its full stop
        content = [w for w in words if w.lower() not in _FUNCTION_WORDS and w[:1].isalpha()]
        return bool(content) and sum(w[0].isupper() for w in content) >= 0.6 * len(content)
    return True


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
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


class Document:
    """An article ready for the engines: text, sentences, furniture, headings, dateline."""

    def __init__(self, text: str, *, is_html: bool = False, title: str | None = None,
                 published_at: dt.date | None = None) -> None:
        self.text = text
        self.is_html = is_html
        self.title = title
        self.published_at = published_at
        self.sentences: list[Sentence] = []
        self.furniture: list[Span] = []
        self.paragraphs: list[Span] = []
        self._dateline_mention: DateMention | None = None
        self._segment()
        self.dateline = self._find_dateline(published_at)

    @classmethod
    def from_html(cls, html: str, *, title: str | None = None,
                  published_at: dt.date | None = None) -> Document:
        """A Document of the article text extracted from an HTML page or fragment."""
        article = extract_article(html)
        return cls(article.text, is_html=True, title=title or article.title, published_at=published_at)

    # -- segmentation -------------------------------------------------------
    def _segment(self) -> None:
        text = self.text
        lines = _lines(text)
        raw = [text[ln.start:ln.end] for ln in lines]
        rules = furniture_lines(raw, [ln.blank_before for ln in lines])
        for line, rule in zip(lines, rules):
            if rule is not None:
                line.kind = "furniture"
                self.furniture.append(self.span(line.start, line.end))
        dateline_line = self._dateline_candidate(lines, raw)
        content = [ln for ln in lines if ln.kind != "furniture"]
        if dateline_line is not None:
            dateline_line.kind = "dateline"
        self._classify(content, raw)
        self._paragraphs(content, raw)

    def _classify(self, content: list[_Line], raw: list[str]) -> None:
        """Give each content line its kind (heading, list item, body) and say whether it continues the line above."""
        def adjacent(i: int) -> bool:  # line i follows line i-1 with no blank line or furniture between
            return i > 0 and not content[i].blank_before and content[i - 1].index == content[i].index - 1

        text_of = [raw[ln.index] for ln in content]
        width = _wrap_width(content, text_of, adjacent)
        wrapped = [False] * len(content)
        for i in range(len(content) - 1):
            if width is not None and adjacent(i + 1):
                first = text_of[i + 1].split(maxsplit=1)[0]
                # a wrapped line had no room for the next line's first word
                wrapped[i] = content[i].width + 1 + len(first) > width
        shape = [_heading_shape(t) for t in text_of]
        self._continues = continues = [False] * len(content)
        self._alone = [False] * len(content)  # filled in order: whether a line above is a heading matters
        bulleted = [False] * len(content)  # the list item this line belongs to began with a bullet
        for i, line in enumerate(content):
            if line.kind == "dateline":
                continue
            t = text_of[i]
            prev = content[i - 1] if i else None
            adj = adjacent(i)
            self._alone[i] = self._stands_alone(content, text_of, i, adj)
            bullet = bool(_BULLET.match(t))
            # a short heading-shaped line after a finished sentence is not carried over, however full that line
            carried = i > 0 and wrapped[i - 1] \
                and not (shape[i] and not wrapped[i] and _SENTENCE_FINAL.search(text_of[i - 1]))
            if prev is not None and adj and prev.kind in {"body", "list"} and carried and not bullet:
                line.kind, continues[i], bulleted[i] = prev.kind, True, bulleted[i - 1]
            elif bullet:
                line.kind, bulleted[i] = "list", True
            elif prev is not None and adj and prev.kind == "list":
                if not bulleted[i - 1]:
                    line.kind = "list"  # each line of a list without bullets is an item
                elif t[0].islower():
                    line.kind, continues[i], bulleted[i] = "list", True, True
            elif prev is not None and text_of[i - 1].endswith(":") and prev.kind != "heading":
                line.kind = "list"  # "Stallholders will be offered:" and what follows
            elif prev is not None and adj and prev.kind == "body" and t[0].islower():
                continues[i] = True  # a sentence carried over a line break
            elif shape[i] and not wrapped[i] and self._alone[i]:
                nxt = i + 1 if i + 1 < len(content) and adjacent(i + 1) else None
                if nxt is not None and text_of[nxt][:1].islower():
                    pass
                elif nxt is not None and shape[nxt] and not wrapped[nxt] and content[nxt].kind != "dateline":
                    line.kind = "list"  # short lines one under another: a list, not headings
                else:
                    line.kind = "heading"
            if line.kind == "body" and not continues[i] and prev is not None and adj and prev.kind == "body":
                # the first version's rule for text without hard wraps: a line break inside a sentence
                continues[i] = not _PROSE_FINAL.search(text_of[i - 1])

    @staticmethod
    def _stands_alone(content: list[_Line], text_of: list[str], i: int, adj: bool) -> bool:
        """A heading has a blank line, a heading or a finished sentence above it."""
        line = content[i]
        if line.blank_before or i == 0 or not adj:
            return True
        return content[i - 1].kind in {"heading", "dateline"} or bool(_SENTENCE_FINAL.search(text_of[i - 1]))

    def _paragraphs(self, content: list[_Line], raw: list[str]) -> None:
        """Group lines into paragraphs and paragraphs into sentences."""
        para: list[_Line] = []
        first = 0
        for i, line in enumerate(content):
            if para and self._continues[i]:
                para.append(line)
                continue
            if para:
                self._flush(para, first, content, raw, i)
                para = []
            if line.kind in {"body", "list"}:
                para, first = [line], i
            else:
                self._add(line.start, line.end, line.kind, len(self.paragraphs))  # type: ignore[arg-type]
                self.paragraphs.append(self.span(line.start, line.end))
        if para:
            self._flush(para, first, content, raw, len(content))

    def _flush(self, para: list[_Line], first: int, content: list[_Line], raw: list[str], after: int) -> None:
        """Add a paragraph; a headline hard-wrapped over two or three lines becomes one heading."""
        if 1 < len(para) <= 3 and para[0].kind == "body" and self._alone[first] \
                and _heading_shape(" ".join(raw[ln.index] for ln in para)) \
                and (after >= len(content) or not raw[content[after].index][:1].islower()):
            self._add(para[0].start, para[-1].end, "heading", len(self.paragraphs))
            self.paragraphs.append(self.span(para[0].start, para[-1].end))
            return
        self._add_paragraph(para[0].start, para[-1].end)

    def _add_paragraph(self, start: int, end: int) -> None:
        index = len(self.paragraphs)
        self.paragraphs.append(self.span(start, end))
        text = self.text
        s = start
        for e in _sentence_ends(text, start, end):
            while s < e and text[s] in _WS_NL:
                s += 1
            t = e
            while t > s and text[t - 1] in _WS_NL:
                t -= 1
            if t > s:
                self._add(s, t, "body", index)
            s = e

    def _add(self, start: int, end: int, kind: Kind, paragraph: int) -> None:
        self.sentences.append(Sentence(len(self.sentences), start, end, self.text[start:end], kind, paragraph))

    # -- dateline -----------------------------------------------------------
    def _dateline_candidate(self, lines: list[_Line], raw: list[str]) -> _Line | None:
        """The first short line near the top that is essentially a full date (its mention is kept).

        A furniture line ("Published: 10:15 BST, 3 May 2025") still gives the date but stays furniture.
        Failing that, a wire dateline opening the first paragraph: "LONDON, June 1 (Reuters) -".
        """
        for line in lines[:8]:
            text = raw[line.index]
            if len(text) > 80:
                continue
            for mention in find_dates(self.text, line.start, line.end):
                if mention.year is None:
                    continue
                rest = text[:mention.start - line.start] + " " + text[mention.end - line.start:]
                rest = _DATELINE_NOISE.sub(" ", rest).strip(" ,.-–—|:·•")
                if len(rest.split()) <= 4:
                    self._dateline_mention = mention
                    return None if line.kind == "furniture" else line
        if lines and lines[0].end - lines[0].start > 80:
            # a text without line breaks: a date at its very start, after nothing or furniture only
            first = lines[0]
            for mention in find_dates(self.text, first.start, min(first.end, first.start + 80)):
                before = self.text[first.start:mention.start]
                after = self.text[mention.end:mention.end + 3]
                if mention.year is not None and (not before.strip() or furniture_rule(before)) \
                        and not re.match(r",\s*[a-z]", after):
                    self._dateline_mention = mention
                    return None
                break
        for line in lines[:10]:
            if line.kind == "furniture":
                continue
            m = _WIRE.match(self.text, line.start, line.end)
            if m is None:
                continue
            mentions = find_dates(self.text, m.end(), min(line.end, m.end() + 40))
            if mentions and mentions[0].start == m.end() and _WIRE_TAIL.match(self.text, mentions[0].end, line.end):
                self._dateline_mention = mentions[0]
                return None
        return None

    def _find_dateline(self, published_at: dt.date | None) -> Dateline | None:
        mention = self._dateline_mention
        if published_at is not None:
            printed = mention.resolve(published_at.year) if mention else None
            same = mention is not None and printed == published_at
            return Dateline(published_at, mention.weekday if same and mention else None,
                            self.span(mention.start, mention.end) if same and mention else None, "request")
        printed = mention.resolve() if mention else None
        if mention and printed:
            return Dateline(printed, mention.weekday, self.span(mention.start, mention.end), "text")
        return None  # a wire dateline without a year, and no published_at: the year is unknown

    # -- access -------------------------------------------------------------
    def span(self, start: int, end: int) -> Span:
        """The Span of text[start:end]; the one place article text is sliced."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        return Span(start=start, end=end, text=self.text[start:end])

    @cached_property
    def sha256(self) -> str:
        """Hex digest of the text offsets refer to."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def body(self) -> list[Sentence]:
        """Body sentences: no headings, no dateline, no furniture."""
        return [s for s in self.sentences if s.kind == "body"]

    @cached_property
    def headings(self) -> list[Sentence]:
        """Headings, kept apart from the body."""
        return [s for s in self.sentences if s.kind == "heading"]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains `offset`, if any."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def is_furniture(self, start: int, end: int) -> bool:
        """True when text[start:end] overlaps a furniture line."""
        return any(f.start < end and start < f.end for f in self.furniture)

    # -- quote alignment ------------------------------------------------------
    @cached_property
    def _normalised(self) -> tuple[str, list[int]]:
        return _normalise(self.text)

    def align(self, quote: str, near: int | Sentence | None = None, threshold: float = 90.0) -> Alignment | None:
        """Where `quote` sits: exact, then normalised (quotes, dashes, white space, case), then fuzzy.

        With several occurrences, the one nearest `near` (an offset or a sentence) wins, and
        occurrences in furniture lose to those outside it. None when nothing aligns.
        """
        quote = quote.strip()
        if not quote:
            return None
        hits = _all_occurrences(self.text, quote)
        if hits:
            s = self._best(hits, len(quote), near)
            return Alignment(self.span(s, s + len(quote)), "exact", 100.0)
        norm_text, index = self._normalised
        norm_quote = _normalise(quote)[0].strip()
        if norm_quote:
            hits = _all_occurrences(norm_text, norm_quote)
            if hits:
                spans = {index[h]: index[h + len(norm_quote) - 1] + 1 for h in hits}
                s = self._best(list(spans), 0, near, spans)
                return Alignment(self.span(s, spans[s]), "normalised", 100.0)
        if len(norm_quote) < 12:
            return None  # too short to tell a near miss from chance
        return self._fuzzy(norm_quote, near, threshold)

    def _best(self, starts: list[int], length: int, near: int | Sentence | None,
              ends: dict[int, int] | None = None) -> int:
        """The start among `starts` outside furniture if any, then nearest `near`, then first."""
        def end_of(s: int) -> int:
            return ends[s] if ends is not None else s + length

        outside = [s for s in starts if not self.is_furniture(s, end_of(s))] or starts
        if near is None:
            return outside[0]
        return min(outside, key=lambda s: self._distance(s, near, end_of(s)))

    @staticmethod
    def _distance(start: int, near: int | Sentence | None, end: int | None = None) -> int:
        """Characters between text[start:end] and `near` (0 when they overlap; 0 for every start without `near`)."""
        if near is None:
            return 0
        lo, hi = (near.start, near.end) if isinstance(near, Sentence) else (near, near)
        return max(0, lo - (start if end is None else end), start - hi)

    def _fuzzy(self, norm_quote: str, near: int | Sentence | None, threshold: float) -> Alignment | None:
        """The best partial match of the normalised quote, scanned in overlapping windows (linear in the text)."""
        norm_text, index = self._normalised
        candidates: list[tuple[float, int, int]] = []
        for lo, hi in _fuzzy_regions(norm_quote, norm_text, threshold, lambda pos: self._distance(index[pos], near)):
            window = norm_text[lo:hi]
            if len(window) < len(norm_quote):
                # a text shorter than the quote: the whole of it must read like the whole quote
                score = fuzz.ratio(norm_quote, window, score_cutoff=threshold)
                if score and window:
                    candidates.append((score, lo, lo + len(window)))
                continue
            res = fuzz.partial_ratio_alignment(norm_quote, window, score_cutoff=threshold)
            if res is not None and res.dest_end > res.dest_start:
                candidates.append((res.score, lo + res.dest_start, lo + res.dest_end))
        if not candidates:
            return None
        top = max(c[0] for c in candidates)
        spans = {index[s]: index[e - 1] + 1 for score, s, e in candidates if score >= top - 1e-9}
        start = self._best(list(spans), 0, near, spans)
        end = spans[start]
        text = self.text
        start, end = _snap(text, start, end, norm_quote)
        return Alignment(self.span(start, end), "fuzzy", round(top, 1))


_SNAP_MAX = 20


def _snap(text: str, start: int, end: int, norm_quote: str) -> tuple[int, int]:
    """A fuzzy match's bounds moved to whole words: out to take a cut word, or in to leave it, whichever
    reads more like the quote; then the punctuation and space the quote does not have are left out."""
    def outward_start(i: int) -> int:
        for _ in range(_SNAP_MAX):  # a text without spaces is not swallowed whole
            if 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum():
                i -= 1
        return i

    def inward_start(i: int) -> int:
        while i < end and text[i].isalnum() and i > 0 and text[i - 1].isalnum():
            i += 1
        return i

    def outward_end(i: int) -> int:
        for _ in range(_SNAP_MAX):
            if 0 < i < len(text) and text[i].isalnum() and text[i - 1].isalnum():
                i += 1
        return i

    def inward_end(i: int) -> int:
        while i > start and i < len(text) and text[i].isalnum() and text[i - 1].isalnum():
            i -= 1
        return i

    options = {(s, e) for s in (outward_start(start), inward_start(start))
               for e in (outward_end(end), inward_end(end)) if s < e}
    if options:
        start, end = max(options, key=lambda se: (fuzz.ratio(norm_quote, _normalise(text[se[0]:se[1]])[0]),
                                                  se[1] - se[0]))
    lead_alnum, tail_alnum = norm_quote[0].isalnum(), norm_quote[-1].isalnum()
    while start < end and (text[start] in _WS_NL or (lead_alnum and not text[start].isalnum())):
        start += 1
    while end > start and (text[end - 1] in _WS_NL or (tail_alnum and not text[end - 1].isalnum())):
        end -= 1
    return start, end
_SHORT_QUOTE = 64  # rapidfuzz scores a quote this short in one bit-parallel pass per window


def _fuzzy_regions(quote: str, text: str, threshold: float,
                   distance: Callable[[int], int]) -> list[tuple[int, int]]:
    """Windows of the text worth a partial match of `quote`, each holding any match up to 1.5x its length.

    A short quote is tried in every window. A long one is first scored cheaply against windows of
    its own length (Indel ratio), and only the regions around the best of those (the nearest
    first, by `distance`, among equals) are searched.
    """
    q = len(quote)
    step = max(q, 32)
    size = 2 * q + step
    if q <= _SHORT_QUOTE:
        return [(pos, pos + size) for pos in range(0, max(1, len(text) - size + step), step)]
    coarse_step = max(8, q // 8)
    scored: list[tuple[float, int]] = []
    cutoff = max(0.0, threshold - 25)
    for pos in range(0, max(1, len(text) - q + coarse_step), coarse_step):
        score = fuzz.ratio(quote, text[pos:pos + q], score_cutoff=cutoff)
        if score:
            scored.append((score, pos))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    # the copies of a repeated passage score alike: of those, the nearest; then the two best of all
    close = sorted((c for c in scored if c[0] >= best - 3), key=lambda c: (distance(c[1]), c[1]))[:6]
    top = sorted(scored, key=lambda c: (-c[0], c[1]))[:2]
    regions: list[tuple[int, int]] = []
    for _, pos in close + top:
        lo, hi = max(0, pos - q // 2 - coarse_step), min(len(text), pos + q + q // 2 + coarse_step)
        if not any(lo >= a and hi <= b for a, b in regions):
            regions.append((lo, hi))
    return regions


def _wrap_width(content: list[_Line], text_of: list[str], adjacent: Callable[[int], bool]) -> int | None:
    """The column the text is hard-wrapped at, or None when line breaks are the writer's own.

    Evidence is a line followed directly by one that starts in lowercase: a sentence carried over.
    """
    widths = [content[i].width for i in range(len(content) - 1)
              if adjacent(i + 1) and text_of[i + 1][:1].islower() and not _SENTENCE_FINAL.search(text_of[i])]
    if len(widths) < 3 or not _WRAP_MIN <= max(widths) <= _WRAP_MAX:
        return None
    return max(widths)


_CHAR_MAP = str.maketrans({
    "‘": "'", "’": "'", "‛": "'", "′": "'", "`": "'", "´": "'", "‚": "'", "“": '"', "”": '"', "„": '"',
    "‟": '"', "″": '"', "«": '"', "»": '"', "‹": "'", "›": "'", "–": "-", "—": "-", "―": "-", "‐": "-",
    "‑": "-", "‒": "-", "−": "-", "\t": " ", "\n": " ", "\r": " ", "\x0b": " ", "\x0c": " ", "\x85": " ",
    "\u00a0": " ", "\u1680": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ",
    "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u2028": " ",
    "\u2029": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ",
})
# runs of spaces collapse to one; zero-width characters and soft hyphens vanish; an ellipsis is three dots
_NORM_RUN = re.compile(r" [ \u00ad\u200b\u200c\u200d\u2060\ufeff]+|[\u00ad\u200b\u200c\u200d\u2060\ufeff]+ ?|…")


def _normalise(text: str) -> tuple[str, list[int]]:
    """Text with quotes, dashes, white space and case folded, and each char's index in the original."""
    folded = text.translate(_CHAR_MAP)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a character whose lowercase is longer ("İ") keeps its case
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    pieces: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _NORM_RUN.finditer(lowered):
        s, e = m.span()
        pieces.append(lowered[pos:s])
        index.extend(range(pos, s))
        run = m.group()
        if run == "…":
            pieces.append("...")
            index.extend((s, s, s))
        elif " " in run:
            pieces.append(" ")
            index.append(s if run[0] == " " else e - 1)
        pos = e
    pieces.append(lowered[pos:])
    index.extend(range(pos, len(lowered)))
    return "".join(pieces), index


def _all_occurrences(haystack: str, needle: str) -> list[int]:
    hits, i = [], haystack.find(needle)
    while i != -1:
        hits.append(i)
        i = haystack.find(needle, i + 1)
    return hits

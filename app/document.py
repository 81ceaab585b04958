"""The Document: the one module that knows the article's text.

Plain text is kept exactly as sent, so offsets index into it; HTML is reduced
to its article text first and offsets index into that. Page furniture is
marked and kept out of every sentence; headings and the dateline are kept
apart from body sentences. Every later step refers to sentences by id and to
text by `Span`; quotes come back to spans through `Document.align`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from rapidfuzz import fuzz

from app.dates import DateMention, find_dates
from app.furniture import furniture_rule
from app.htmltext import extract_text
from app.models import Span

Kind = Literal["body", "heading", "dateline"]

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "mx", "dr", "st", "sr", "jr", "prof", "gen", "sen", "rep", "gov", "lt", "col",
    "sgt", "capt", "cmdr", "adm", "maj", "cpl", "pvt", "rev", "hon", "pres", "supt", "insp", "det",
    "no", "nos", "vol", "pp", "fig", "approx", "est", "dept", "univ", "assn", "bros", "ft", "mt", "ave",
    "blvd", "rd", "vs", "v", "etc", "al", "cf", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
    "inc", "ltd", "co", "corp", "plc", "llc", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u",
    "d.c", "u.s.a", "ph.d", "m.d", "b.a", "m.a", "op", "ed", "gov't", "ariz", "calif", "colo", "conn",
    "fla", "ga", "ill", "ind", "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "neb",
    "nev", "okla", "ore", "pa", "tenn", "tex", "va", "wash", "wis", "wyo",
}
# Abbreviations that often end a sentence too: split after them when a usual sentence opener follows.
_MAY_END = {"etc", "inc", "ltd", "co", "corp", "plc", "llc", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u",
            "d.c", "u.s.a", "jr", "sr", "no"}
_OPENERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those",
    "in", "on", "at", "but", "and", "so", "yet", "his", "her", "its", "their", "our", "there", "after",
    "before", "when", "while", "as", "if", "some", "many", "most", "officials", "police", "mr", "mrs", "ms",
    "dr", "however", "meanwhile", "last", "next", "earlier", "later", "also", "both", "each", "no",
}
_TERMINAL = re.compile(r"(?:[.!?…]+|\.\.\.)[\"'”’»)\]]*(?=\s)")
_FINAL_PUNCT = tuple(".!?;:,\"”’'…)]")
_FUNCTION_WORDS = {"the", "a", "an", "of", "to", "and", "in", "on", "for", "with", "that", "by", "at",
                   "from", "or", "but", "as", "is", "was", "are", "were", "be", "his", "her", "its", "their"}
_BULLET = re.compile(r"^\s*(?:[-*•–—▪●]|\d{1,2}[.)])\s+")
_WS = " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"


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
    start: int
    end: int
    blank_before: bool
    kind: str = "body"  # body | heading | furniture | dateline


def _lines(text: str) -> list[_Line]:
    """Non-blank lines with content offsets (surrounding white space trimmed)."""
    lines: list[_Line] = []
    prev_end = 0
    for m in re.finditer(r"[^\r\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s] in _WS:
            s += 1
        while e > s and text[e - 1] in _WS:
            e -= 1
        if s == e:
            continue
        gap = text[prev_end:m.start()]
        breaks = gap.count("\n") + gap.count("\r") - gap.count("\r\n")
        lines.append(_Line(s, e, blank_before=not lines or breaks >= 2))
        prev_end = m.end()
    return lines


def _looks_like_heading(line: str, prev: str | None, prev_kind: str | None, next_line: str | None,
                        blank_before: bool) -> bool:
    """A short line without final punctuation, standing alone: 'A Ceasefire as the First Condition'."""
    words = line.split()
    if not words or len(words) > 14 or len(line) > 110 or line.endswith(_FINAL_PUNCT):
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "“\"‘'"):
        return False
    if words[-1].lower() in _FUNCTION_WORDS:
        return False
    stands_alone = blank_before or prev is None or prev_kind in {"heading", "furniture", "dateline"} \
        or prev.endswith(_FINAL_PUNCT)
    if not stands_alone:
        return False
    return next_line is None or not next_line[:1].islower()


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
            continue
        if not (nxt.isupper() or nxt.isdigit() or nxt in "“\"‘'([¿¡—–-" or not nxt.isalnum()):
            continue
        punct = text[m.start()]
        if punct == ".":
            w = re.search(r"(\S+)$", text[max(start, m.start() - 30):m.start() + 1])
            token = (w.group(1) if w else "").lstrip("“\"‘'([").rstrip(".").lower()
            if len(token) == 1 and token.isalpha():
                continue  # an initial: "John F. Kennedy"
            if token in _ABBREV:
                nxt_word = re.match(r"[\w’']+", text[j:j + 20])
                if token not in _MAY_END or not nxt_word or nxt_word.group(0).lower() not in _OPENERS:
                    continue
        ends.append(cut)
    ends.append(end)
    return ends


class Document:
    """An article ready for the engines: text, sentences, furniture, headings, dateline."""

    def __init__(self, text: str, *, is_html: bool = False, title: str | None = None,
                 published_at: dt.date | None = None) -> None:
        self.text = text
        self.is_html = is_html
        self.title = title
        self.sentences: list[Sentence] = []
        self.furniture: list[Span] = []
        self.paragraphs: list[Span] = []
        self._segment()
        self.dateline = self._find_dateline(published_at)

    @classmethod
    def from_html(cls, html: str, *, title: str | None = None,
                  published_at: dt.date | None = None) -> Document:
        """A Document of the article text extracted from an HTML page or fragment."""
        text, page_title = extract_text(html)
        return cls(text, is_html=True, title=title or page_title, published_at=published_at)

    # -- segmentation -------------------------------------------------------
    def _segment(self) -> None:
        text = self.text
        lines = _lines(text)
        for line in lines:
            if furniture_rule(text[line.start:line.end]):
                line.kind = "furniture"
                self.furniture.append(self.span(line.start, line.end))
        self._dateline_line = self._dateline_candidate(lines)
        content = [ln for ln in lines if ln.kind != "furniture"]
        for i, line in enumerate(content):
            if line is self._dateline_line:
                line.kind = "dateline"
                continue
            prev = content[i - 1] if i else None
            nxt = content[i + 1] if i + 1 < len(content) else None
            if _looks_like_heading(text[line.start:line.end],
                                   text[prev.start:prev.end] if prev else None, prev.kind if prev else None,
                                   text[nxt.start:nxt.end] if nxt else None, line.blank_before):
                line.kind = "heading"
        # paragraphs: runs of body lines joined across hard wraps
        para_start: _Line | None = None
        para_end: _Line | None = None
        for line in content:
            joins = (para_end is not None and line.kind == "body" and not line.blank_before
                     and not text[para_end.start:para_end.end].endswith(_FINAL_PUNCT)
                     and not _BULLET.match(text[line.start:line.end]))
            if joins:
                para_end = line
                continue
            if para_start is not None and para_end is not None:
                self._add_paragraph(para_start.start, para_end.end)
                para_start = para_end = None
            if line.kind == "body":
                para_start = para_end = line
            else:
                self._add(line.start, line.end, line.kind, len(self.paragraphs))
                self.paragraphs.append(self.span(line.start, line.end))
        if para_start is not None and para_end is not None:
            self._add_paragraph(para_start.start, para_end.end)

    def _add_paragraph(self, start: int, end: int) -> None:
        index = len(self.paragraphs)
        self.paragraphs.append(self.span(start, end))
        s = start
        for e in _sentence_ends(self.text, start, end):
            while s < e and self.text[s] in _WS + "\r\n":
                s += 1
            t = e
            while t > s and self.text[t - 1] in _WS + "\r\n":
                t -= 1
            if t > s:
                self._add(s, t, "body", index)
            s = e

    def _add(self, start: int, end: int, kind: Kind, paragraph: int) -> None:
        self.sentences.append(Sentence(len(self.sentences), start, end, self.text[start:end], kind, paragraph))

    # -- dateline -----------------------------------------------------------
    def _dateline_candidate(self, lines: list[_Line]) -> _Line | None:
        """The first short line near the top that is essentially a full date."""
        self._dateline_mention: DateMention | None = None
        for line in lines[:8]:
            raw = self.text[line.start:line.end]
            if len(raw) > 60:
                continue
            for mention in find_dates(self.text, line.start, line.end):
                if mention.year is None:
                    continue
                rest = (raw[:mention.start - line.start] + raw[mention.end - line.start:]).strip(" ,.-–—|:")
                rest = re.sub(r"(?i)^(updated|published|posted|last updated|dateline)\b", "", rest).strip(" ,.:")
                if len(rest.split()) <= 4:
                    self._dateline_mention = mention
                    return None if line.kind == "furniture" else line
        return None

    def _find_dateline(self, published_at: dt.date | None) -> Dateline | None:
        mention = self._dateline_mention
        printed = mention.resolve() if mention else None
        if published_at is not None:
            return Dateline(published_at, mention.weekday if mention and printed == published_at else None,
                            self.span(mention.start, mention.end) if mention and printed == published_at else None,
                            "request")
        if mention and printed:
            return Dateline(printed, mention.weekday, self.span(mention.start, mention.end), "text")
        return None

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

    def align(self, quote: str, near: int | None = None, threshold: float = 90.0) -> Alignment | None:
        """Where `quote` sits: exact, then normalised (quotes, dashes, white space, case), then fuzzy.

        With several occurrences, the one nearest offset `near` wins. None when nothing aligns.
        """
        quote = quote.strip()
        if not quote:
            return None
        hits = _all_occurrences(self.text, quote)
        if hits:
            s = _nearest(hits, near)
            return Alignment(self.span(s, s + len(quote)), "exact", 100.0)
        norm_text, index = self._normalised
        norm_quote, _ = _normalise(quote)
        norm_quote = norm_quote.strip()
        if norm_quote:
            hits = _all_occurrences(norm_text, norm_quote)
            if hits:
                s = _nearest(hits, near)
                return Alignment(self.span(index[s], index[s + len(norm_quote) - 1] + 1), "normalised", 100.0)
        if len(norm_quote) < 12:
            return None
        return self._fuzzy(norm_quote, near, threshold)

    def _fuzzy(self, norm_quote: str, near: int | None, threshold: float) -> Alignment | None:
        norm_text, index = self._normalised
        best: tuple[float, int, int] | None = None
        # windows of up to three consecutive sentences, so a quote across a boundary still aligns
        starts = [s.start for s in self.sentences]
        ends = [s.end for s in self.sentences]
        norm_pos = _inverse(index, len(self.text))
        for i in range(len(self.sentences)):
            for width in (1, 2, 3):
                j = i + width - 1
                if j >= len(self.sentences):
                    break
                a, b = norm_pos[starts[i]], norm_pos[ends[j]]
                window = norm_text[a:b]
                if len(window) + 10 < len(norm_quote) * 0.8:
                    continue
                res = fuzz.partial_ratio_alignment(norm_quote, window, score_cutoff=threshold)
                if res is None:
                    continue
                s, e = a + res.dest_start, a + res.dest_end
                key = (res.score, -abs(index[s] - near) if near is not None else 0)
                if best is None or key > (best[0], -abs(best[1] - near) if near is not None else 0):
                    best = (res.score, index[s], index[e - 1] + 1)
                if width > 1 and res.score >= 99.5:
                    break
        if best is None:
            return None
        start, end = best[1], best[2]
        while start > 0 and self.text[start - 1].isalnum() and self.text[start].isalnum():
            start -= 1  # snap to whole words
        while end < len(self.text) and self.text[end].isalnum() and self.text[end - 1].isalnum():
            end += 1
        return Alignment(self.span(start, end), "fuzzy", round(best[0], 1))


_CHAR_MAP = str.maketrans({
    "‘": "'", "’": "'", "‛": "'", "′": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "″": '"',
    "«": '"', "»": '"', "–": "-", "—": "-", "―": "-", "‐": "-", "‑": "-", "−": "-",
})


def _normalise(text: str) -> tuple[str, list[int]]:
    """Text with quotes, dashes, white space and case folded, and each char's index in the original."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace() or ch in "\u200b\ufeff":
            if not space and out:
                out.append(" ")
                index.append(i)
            space = True
            continue
        space = False
        if ch == "…":
            out.extend("...")
            index.extend((i, i, i))
            continue
        low = ch.translate(_CHAR_MAP).lower()
        if len(low) != 1:
            low = ch
        out.append(low)
        index.append(i)
    return "".join(out), index


def _inverse(index: list[int], length: int) -> list[int]:
    """For each original offset (0..length), the first normalised position at or after it."""
    inv = [len(index)] * (length + 1)
    for pos in range(len(index) - 1, -1, -1):
        inv[index[pos]] = pos
    for i in range(length - 1, -1, -1):
        if inv[i] == len(index) and inv[i + 1] != len(index):
            inv[i] = inv[i + 1]
        elif inv[i] > inv[i + 1]:
            inv[i] = inv[i + 1]
    return inv


def _all_occurrences(haystack: str, needle: str) -> list[int]:
    hits, i = [], haystack.find(needle)
    while i != -1:
        hits.append(i)
        i = haystack.find(needle, i + 1)
    return hits


def _nearest(hits: list[int], near: int | None) -> int:
    return hits[0] if near is None else min(hits, key=lambda h: abs(h - near))


"""Quote alignment: where a quoted string sits in the text, as offsets (code points).

Exact first, then normalised (quotes, dashes, white space, zero-width characters and case folded,
an ellipsis read as three dots), then fuzzy (rapidfuzz's partial ratio in overlapping windows,
linear in the text). Among several places the one outside furniture wins, then the one nearest
`near`. The Document turns the offsets into Spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from rapidfuzz import fuzz

from app.document.chars import WS_NL
from app.models import Span

Method = Literal["exact", "normalised", "fuzzy"]
Near = tuple[int, int] | None  # the (start, end) a quote should sit nearest to, or None


@dataclass(frozen=True)
class Alignment:
    """Where a quote sits in the article, and how sure the match is."""

    span: Span
    method: Method
    score: float


class Aligner:
    """Finds quotes in one text; `is_furniture(start, end)` says whether a place overlaps furniture."""

    def __init__(self, text: str, is_furniture: Callable[[int, int], bool]) -> None:
        self.text = text
        self.is_furniture = is_furniture

    @cached_property
    def _normalised(self) -> tuple[str, list[int]]:
        """The normalised text and its index, made on the first quote that is not found exactly (a few ms for a
        long article: a model that copies its quotes never needs them)."""
        return normalise(self.text)

    @property
    def norm_text(self) -> str:
        """The text normalised (`normalise`)."""
        return self._normalised[0]

    @property
    def index(self) -> list[int]:
        """Each normalised character's offset in the text."""
        return self._normalised[1]

    def locate(self, quote: str, near: Near = None, threshold: float = 90.0) -> tuple[int, int, Method, float] | None:
        """(start, end, method, score 0-100) of `quote` in the text, or None when nothing aligns."""
        quote = quote.strip()
        if not quote:
            return None
        hits = _all_occurrences(self.text, quote)
        if hits:
            s = self._best(hits, len(quote), near)
            return s, s + len(quote), "exact", 100.0
        norm_text, index = self.norm_text, self.index
        norm_quote = normalise(quote)[0].strip()
        if norm_quote:
            hits = _all_occurrences(norm_text, norm_quote)
            if hits:
                spans = {index[h]: index[h + len(norm_quote) - 1] + 1 for h in hits}
                s = self._best(list(spans), 0, near, spans)
                return s, spans[s], "normalised", 100.0
        if len(norm_quote) < 12:
            return None  # too short to tell a near miss from chance
        return self._fuzzy(norm_quote, near, threshold)

    def _best(self, starts: list[int], length: int, near: Near, ends: dict[int, int] | None = None) -> int:
        """The start among `starts` outside furniture if any, then nearest `near`, then first."""
        def end_of(s: int) -> int:
            return ends[s] if ends is not None else s + length

        outside = [s for s in starts if not self.is_furniture(s, end_of(s))] or starts
        if near is None:
            return outside[0]
        return min(outside, key=lambda s: _distance(s, near, end_of(s)))

    def _fuzzy(self, norm_quote: str, near: Near, threshold: float) -> tuple[int, int, Method, float] | None:
        """The best partial match of the normalised quote, scanned in overlapping windows (linear in the text)."""
        norm_text, index = self.norm_text, self.index
        candidates: list[tuple[float, int, int]] = []
        for lo, hi in _fuzzy_regions(norm_quote, norm_text, threshold, lambda pos: _distance(index[pos], near)):
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
        start, end = _snap(self.text, start, spans[start], norm_quote)
        return start, end, "fuzzy", round(top, 1)


def _distance(start: int, near: Near, end: int | None = None) -> int:
    """Characters between text[start:end] and `near` (0 when they overlap; 0 for every start without `near`)."""
    if near is None:
        return 0
    lo, hi = near
    return max(0, lo - (start if end is None else end), start - hi)


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
        start, end = max(options, key=lambda se: (fuzz.ratio(norm_quote, normalise(text[se[0]:se[1]])[0]),
                                                  se[1] - se[0]))
    lead_alnum, tail_alnum = norm_quote[0].isalnum(), norm_quote[-1].isalnum()
    while start < end and (text[start] in WS_NL or (lead_alnum and not text[start].isalnum())):
        start += 1
    while end > start and (text[end - 1] in WS_NL or (tail_alnum and not text[end - 1].isalnum())):
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


def normalise(text: str) -> tuple[str, list[int]]:
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

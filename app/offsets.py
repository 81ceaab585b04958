"""Offset units of a response: Python code points (the default) or UTF-16 code units (JavaScript's indices).

Every offset Copydesk computes is a code point index (a Python `str` index). A client that asks for
`offset_unit: "utf16"` gets the same response with each `start`/`end` counted in UTF-16 code units instead,
so that `text.slice(start, end)` in JavaScript (or `String.substring` in Java, C#'s `Substring`) gives the
span's text. The two differ only after a character outside the Basic Multilingual Plane (an emoji, some
CJK ideographs, mathematical letters): each of those is one code point but two UTF-16 units.

Source of the rule: Unicode 15, section 3.9 (UTF-16 encodes U+10000..U+10FFFF as a surrogate pair).
"""

from __future__ import annotations

from bisect import bisect_left
from app.models import AnalyzeResponse, Span, VerifyResponse


class Utf16Index:
    """Code point index -> UTF-16 index of one text: `index(i) == len(text[:i].encode('utf-16-le')) // 2`.

    O(n) to build (one scan for astral characters), O(log k) per offset with k astral characters.
    """

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []

    @property
    def needed(self) -> bool:
        """True when the text holds a character outside the BMP, so the two units differ somewhere."""
        return bool(self._astral)

    def index(self, codepoint: int) -> int:
        """The UTF-16 index of code point index `codepoint` (offsets past the end count as in range)."""
        if not self._astral:
            return codepoint
        return codepoint + bisect_left(self._astral, codepoint)

    def span(self, span: Span) -> Span:
        """The same span with UTF-16 offsets (its text is unchanged)."""
        return span.model_copy(update={"start": self.index(span.start), "end": self.index(span.end)})


def analyze_to_utf16(response: AnalyzeResponse, text: str) -> AnalyzeResponse:
    """A copy of an /v1/analyze response with every span's offsets in UTF-16 units of `text` (the text the
    offsets refer to: the request's `text`, or `document.text` for HTML input)."""
    ix = Utf16Index(text)
    if not ix.needed:
        return response
    out = response.model_copy(deep=True)
    out.document.furniture = [ix.span(s) for s in out.document.furniture]
    out.document.headings = [ix.span(s) for s in out.document.headings]
    if out.summary is not None:
        for point in out.summary.key_points:
            point.spans = [ix.span(s) for s in point.spans]
        for warning in out.summary.warnings:  # summary warnings (editors' decisions, issue 17)
            warning.spans = [ix.span(s) for s in warning.spans]
    for claim in out.claims or []:
        claim.span = ix.span(claim.span)
    for contradiction in out.contradictions or []:
        for side in (contradiction.a, contradiction.b):
            side.spans = [ix.span(s) for s in side.spans]
    return out


def verify_to_utf16(response: VerifyResponse, texts: dict[str, str]) -> VerifyResponse:
    """A copy of a /v1/verify response with each evidence's offsets in UTF-16 units of its source's text
    (`texts` maps a source id to the text its offsets refer to)."""
    indexes = {sid: Utf16Index(t) for sid, t in texts.items()}
    if not any(ix.needed for ix in indexes.values()):
        return response
    out = response.model_copy(deep=True)
    for result in out.results:
        for ev in result.evidence:
            ix = indexes.get(ev.source_id)
            if ix is not None:
                ev.start, ev.end = ix.index(ev.start), ix.index(ev.end)
    return out

"""Offset units of a response: Python code points (the default) or UTF-16 code units (JavaScript's indices).

Every offset Copydesk computes is a code point index (a Python `str` index). A client that asks for
`offset_unit: "utf16"` gets the same response with each `start`/`end` counted in UTF-16 code units instead,
so that `text.slice(start, end)` in JavaScript (or `String.substring` in Java, C#'s `Substring`) gives the
span's text. The two differ only after a character outside the Basic Multilingual Plane (an emoji, some
CJK ideographs, mathematical letters): each of those is one code point but two UTF-16 units.

Source of the rule: Unicode 15, section 3.9 (UTF-16 encodes U+10000..U+10FFFF as a surrogate pair).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from app.models import AnalyzeResponse, ContradictionSide, Evidence, Span, SummaryWarning, VerifyResponse, VerifyResult

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # one character class: linear time


class Utf16Index:
    """Code point index -> UTF-16 index of one text: `index(i) == len(text[:i].encode('utf-16-le')) // 2`.

    O(n) to build (one regex scan for astral characters), O(log k) per offset with k astral characters.
    """

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []

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
    offsets refer to: the request's `text`, or `document.text` for HTML input). The original is untouched."""
    ix = Utf16Index(text)
    warned = response.summary.warnings if response.summary is not None else []
    if not ix.needed and not any(Utf16Index(w.text).needed for w in warned if w.positions):
        return response  # (a position may index a key point with an astral character in an article with none)

    def spans(items: list[Span]) -> list[Span]:
        return [ix.span(s) for s in items]

    def side(s: ContradictionSide) -> ContradictionSide:
        return s.model_copy(update={"spans": spans(s.spans)})

    update: dict[str, object] = {"document": response.document.model_copy(update={
        "furniture": spans(response.document.furniture), "headings": spans(response.document.headings)})}
    lines: dict[str, str] = {}  # a summary warning's meta.warnings line -> the same in UTF-16 units

    def warning(w: SummaryWarning) -> SummaryWarning:
        # the positions its rationale (and so its message, which ends with it) writes: of the article, or of
        # the key point for one in the key point (VerifyResult.positions)
        own = Utf16Index(w.text)
        rationale, _ = _positions_to_utf16(w.rationale, w.positions, lambda sid: own if sid is None else ix)
        message = w.message
        if rationale != w.rationale and message.endswith(w.rationale):
            message = message[:len(message) - len(w.rationale)] + rationale
            lines[w.message] = message
        return w.model_copy(update={"spans": spans(w.spans), "rationale": rationale, "message": message})

    if response.summary is not None:
        update["summary"] = response.summary.model_copy(update={
            "key_points": [k.model_copy(update={"spans": spans(k.spans)}) for k in response.summary.key_points],
            # summary warnings (editors' decisions, issue 17)
            "warnings": [warning(w) for w in response.summary.warnings]})
    if lines:
        update["meta"] = response.meta.model_copy(update={"warnings": [lines.get(w, w) for w in response.meta.warnings]})
    if response.claims is not None:
        update["claims"] = [c.model_copy(update={"span": ix.span(c.span)}) for c in response.claims]
    if response.contradictions is not None:
        update["contradictions"] = [x.model_copy(update={"a": side(x.a), "b": side(x.b)})
                                    for x in response.contradictions]
    return response.model_copy(update=update)


Positions = list[tuple[int, int, str | None]]
"""Where a rationale writes positions ("57–70"): (start, end) in code points of the rationale, and the id of the
text the written numbers index (a source's id; None: the statement's or the key point's). `VerifyResult.positions`."""


class PositionedText:
    """A text written piece by piece that keeps where the positions written into it stand.

    `add(text)` appends plain text; `add_position(written, text_id)` appends a written position ("57–70") and
    records where it stands; `add_positioned(text, positions)` appends a text that already holds positions (a
    rationale and its `Positions`), shifted to where that text now starts. `value()` is the text and its
    `Positions`, all in code points of the text.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._positions: Positions = []
        self._at = 0  # the length written so far, in code points

    def add(self, text: str) -> None:
        """Append plain text."""
        self._parts.append(text)
        self._at += len(text)

    def add_position(self, written: str, text_id: str | None) -> None:
        """Append `written`, a position in the text `text_id` names, and record where it stands."""
        self._positions.append((self._at, self._at + len(written), text_id))
        self.add(written)

    def add_positioned(self, text: str, positions: Positions) -> None:
        """Append `text`, whose own positions (relative to its start) are recorded where they now stand."""
        self._positions += [(self._at + start, self._at + end, text_id) for start, end, text_id in positions]
        self.add(text)

    def value(self) -> tuple[str, Positions]:
        """The text written so far and its positions."""
        return "".join(self._parts), list(self._positions)


def _positions_to_utf16(rationale: str, positions: Positions,
                        index_of: Callable[[str | None], Utf16Index | None]) -> tuple[str, Positions]:
    """`rationale` with each position it writes ("57–70" at (start, end), of the text `index_of(id)` indexes)
    in UTF-16 units, and where they now stand."""
    out = PositionedText()
    done = 0
    for start, end, sid in positions:
        ix = index_of(sid)
        written = rationale[start:end]
        a, _, b = written.partition("–")
        if ix is not None and a.isdigit() and b.isdigit():
            written = f"{ix.index(int(a))}–{ix.index(int(b))}"
        out.add(rationale[done:start])
        out.add_position(written, sid)
        done = end
    out.add(rationale[done:])
    return out.value()


def verify_to_utf16(response: VerifyResponse, texts: dict[str, str]) -> VerifyResponse:
    """A copy of a /v1/verify response with each evidence's offsets in UTF-16 units of its source's text
    (`texts` maps a source id to the text its offsets refer to), and each position its rationale writes
    ("characters 57–70", `VerifyResult.positions`) in UTF-16 units of the text it indexes (a source's, or the
    statement's). The original is untouched."""
    indexes = {sid: Utf16Index(t) for sid, t in texts.items()}
    if not any(ix.needed for ix in indexes.values()) \
            and not any(sid is None for r in response.results for _, _, sid in r.positions):
        return response

    def rewritten(r: VerifyResult) -> VerifyResult:
        if not r.positions:
            return r
        own = Utf16Index(r.statement)
        return r.with_rationale(*_positions_to_utf16(
            r.rationale, r.positions, lambda sid: own if sid is None else indexes.get(sid)))

    def moved(ev: Evidence) -> Evidence:
        ix = indexes.get(ev.source_id)
        if ix is None:
            return ev
        return ev.model_copy(update={"start": ix.index(ev.start), "end": ix.index(ev.end)})

    return response.model_copy(update={"results": [
        rewritten(r).model_copy(update={"evidence": [moved(e) for e in r.evidence]}) for r in response.results]})

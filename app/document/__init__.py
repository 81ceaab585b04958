"""The Document: the one module that knows the article's text, and the one place it is sliced.

Plain text is kept exactly as sent, so offsets index into it (Python `str` indices: code points,
`\\r\\n` two characters); HTML is reduced to its article text first and offsets index into that.
Page furniture is marked and kept out of every sentence; headings and the dateline are kept apart
from body sentences. Every later step refers to sentences by id and to text by `Span`; quotes come
back to spans through `Document.align`.

The work is done in submodules that deal in offsets only: `app.htmltext` (HTML extraction),
`app.document.layout` (lines, furniture, headings, paragraphs), `app.document.sentences`
(sentence ends), `app.document.dateline` and `app.document.align` (quote alignment).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from app.dates import DateMention
from app.document.align import Aligner, Alignment
from app.document.dateline import Dateline, dateline_candidate, resolve_dateline
from app.document.layout import blocks_of, lines_of, mark_furniture
from app.document.sentences import sentence_spans
from app.htmltext import extract_article
from app.models import Span

__all__ = ["Alignment", "Dateline", "Document", "Kind", "Sentence"]

_LETTER = re.compile(r"[^\W\d_]")

Kind = Literal["body", "heading", "dateline"]


@dataclass(frozen=True)
class Sentence:
    """A sentence, heading or dateline of the article, with its id and offsets."""

    id: int
    start: int
    end: int
    text: str
    kind: Kind
    paragraph: int


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
        self.furniture.sort(key=lambda f: f.start)
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
        lines = lines_of(text)
        raw = [text[ln.start:ln.end] for ln in lines]
        self.furniture = [self.span(ln.start, ln.end) for ln in mark_furniture(lines, raw)]
        dateline_line, self._dateline_mention = dateline_candidate(text, lines, raw)
        if dateline_line is not None:
            dateline_line.kind = "dateline"
        for block in blocks_of(lines, raw):
            if block.kind != "dateline" and _LETTER.search(text, block.start, block.end) is None:
                # a paragraph without a letter ("___", "$139.00", "02-751-1500") is not prose: furniture
                self.furniture.append(self.span(block.start, block.end))
                continue
            paragraph = len(self.paragraphs)
            self.paragraphs.append(self.span(block.start, block.end))
            if block.kind == "body":
                for start, end in sentence_spans(text, block.start, block.end):
                    self._add(start, end, "body", paragraph)
            else:
                self._add(block.start, block.end, block.kind, paragraph)

    def _add(self, start: int, end: int, kind: Kind, paragraph: int) -> None:
        self.sentences.append(Sentence(len(self.sentences), start, end, self.text[start:end], kind, paragraph))

    def _find_dateline(self, published_at: dt.date | None) -> Dateline | None:
        found = resolve_dateline(self._dateline_mention, published_at)
        if found is None:
            return None
        date, weekday, mention, source = found
        return Dateline(date, weekday, self.span(mention.start, mention.end) if mention else None, source)

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
    def _aligner(self) -> Aligner:
        return Aligner(self.text, self.is_furniture)

    def align(self, quote: str, near: int | Sentence | None = None, threshold: float = 90.0) -> Alignment | None:
        """Where `quote` sits: exact, then normalised (quotes, dashes, white space, case), then fuzzy.

        With several occurrences, the one nearest `near` (an offset or a sentence) wins, and
        occurrences in furniture lose to those outside it. None when nothing aligns.
        """
        where = None if near is None else (near.start, near.end) if isinstance(near, Sentence) else (near, near)
        found = self._aligner.locate(quote, where, threshold)
        if found is None:
            return None
        start, end, method, score = found
        return Alignment(self.span(start, end), method, score)

"""Finding the source sentences a statement rests on: lexical overlap weighted by rarity,
with extra weight for shared names and figures.

`retrieve` is the one entry point; both engines use it (the llm engine to choose the passages
it shows the model). Only body sentences are searched: headings, the dateline and page
furniture never count as evidence.
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from dataclasses import dataclass, field
from functools import cached_property

from app.document import Document, Sentence
from app.document.source import SourceDocument
from app.verify.lexicon import DIMENSION_WORDS, LIGHT_WORDS
from app.verify.quantities import Quantity, agrees, compatible, derived, quantities
from app.verify.text import Token, bare, name_tokens, related, stem, tokens

_LIGHT = frozenset(stem(w) for w in LIGHT_WORDS)


@dataclass
class IndexedSentence:
    """A body sentence with what the verifier reads from it, computed once."""

    sentence: Sentence
    toks: list[Token]
    stems: frozenset[str]
    lowers: frozenset[str]
    figures: list[Quantity]  # printed and derived


@dataclass
class SourceIndex:
    """The body sentences of one source and the rarity of each stem among them."""

    sentences: list[IndexedSentence] = field(default_factory=list)
    df: dict[str, int] = field(default_factory=dict)
    _weights: dict[str, float] = field(default_factory=dict)
    normalized: list[str] | None = None  # each sentence as verbatim matching reads it (judge._norm)
    subjects: set[str] | None = None  # the names the source is about (judge._subjects)

    @cached_property
    def vocabulary_lower(self) -> set[str]:
        """Every word the source uses in lower case (to tell a name from a capitalised word)."""
        return {t.lower for s in self.sentences for t in s.toks if not t.capital}

    @cached_property
    def names(self) -> set[str]:
        """Words the source capitalises in mid-sentence: its names."""
        return {bare(t.text) for s in self.sentences for t in s.toks if t.capital and not t.initial}

    @cached_property
    def lowers(self) -> set[str]:
        """Every word of the source, lower-cased."""
        return {w for s in self.sentences for w in s.lowers}

    @cached_property
    def stems(self) -> set[str]:
        """Every stem of the source."""
        return {w for s in self.sentences for w in s.stems}

    def idf(self, stem: str) -> float:
        """Rarity of a stem in this source; a stem it never uses is rarest of all."""
        n = len(self.sentences)
        return math.log((n + 1) / (self.df.get(stem, 0) + 0.5))

    def weight(self, stem: str) -> float:
        """What a statement word counts for: its rarity, less for a word that adds little ('new')."""
        found = self._weights.get(stem)
        if found is None:
            found = self._weights[stem] = self.idf(stem) * (0.3 if stem in _LIGHT else 1.0)
        return found


_INDEXES: weakref.WeakKeyDictionary[Document, SourceIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()  # verification runs in worker threads


def index(document: Document) -> SourceIndex:
    """The (cached) index of a document's body sentences."""
    with _LOCK:
        found = _INDEXES.get(document)
    if found is None:
        found = SourceIndex()  # no reference back to the document: the weak cache must let it go
        for sentence in document.body:
            toks = tokens(sentence.text)
            figures = quantities(sentence.text)
            found.sentences.append(IndexedSentence(
                sentence, toks, related(frozenset(t.stem for t in toks if t.content)),
                frozenset(bare(t.text) for t in toks), figures + derived(figures, sentence.text)))
        for s in found.sentences:
            for stem in s.stems:
                found.df[stem] = found.df.get(stem, 0) + 1
        with _LOCK:
            _INDEXES[document] = found
    return found


@dataclass(frozen=True)
class Query:
    """A statement as the retriever and the judge read it."""

    text: str
    toks: list[Token]
    stems: frozenset[str]
    names: frozenset[str]
    figures: list[Quantity]

    @classmethod
    def parse(cls, statement: str, source: SourceIndex | None = None) -> Query:
        """Tokens, stems, names and figures of a statement (names judged by the source's usage)."""
        toks = tokens(statement)
        names = name_tokens(toks, source.vocabulary_lower if source else None, source.names if source else None)
        figures = quantities(statement)
        # "2,800 meters long": the adjective restates the figure, which is compared on its own
        restated = {stem(m.group(1)) for q in figures
                    for m in [re.match(r"[\s-]*(?:[^\W\d_]+[\s-]+)?([^\W\d_]+)", statement[q.end:q.end + 30])] if m
                    and m.group(1).lower() in DIMENSION_WORDS}
        # the hedge of a figure ("above 90 percent") is compared with the figure, not as a word
        inside = {t.stem for t in toks for q in figures if q.start <= t.start and t.end <= q.end and t.content}
        stems = frozenset(t.stem for t in toks if t.content) - restated - inside
        return cls(statement, toks, stems, frozenset(bare(t.text) for t in names), figures)


def coverage(query: Query, idx: SourceIndex, stems: set[str] | frozenset[str]) -> float:
    """The share of the statement's content (weighted by rarity) that `stems` contain."""
    shared = query.stems & stems
    if not shared:
        return 0.0
    return math.fsum(idx.weight(s) for s in shared) / math.fsum(idx.weight(s) for s in query.stems)


def score(query: Query, idx: SourceIndex, s: IndexedSentence) -> float:
    """How well one sentence matches the statement: coverage, plus agreeing figures."""
    value = coverage(query, idx, s.stems)
    if query.figures:
        hits = sum(1 for q in query.figures if any(compatible(q, e) and agrees(q, e) for e in s.figures))
        value += 0.15 * hits / len(query.figures)
    if query.names:
        value += 0.1 * len(query.names & s.lowers) / len(query.names)
    return value


def retrieve(statement: str, sources: list[SourceDocument], k: int = 5) -> list[tuple[SourceDocument, Sentence, float]]:
    """The k body sentences, over all sources, that best match `statement`, best first.

    Sentences that share nothing with the statement are left out, so fewer than k may come back.
    Each item is (source, sentence, score); the sentence's `start`/`end` index its source's
    `document.text`, so `document.text[s.start:s.end] == s.text`. Scores are comparable within
    one call (about 0 for nothing shared, above 1 for a sentence that says it all).
    """
    ranked: list[tuple[float, int, int, SourceDocument, Sentence]] = []
    for n, source in enumerate(sources):
        idx = index(source.document)
        query = Query.parse(statement, idx)
        for s in idx.sentences:
            value = score(query, idx, s)
            if value > 0:
                ranked.append((value, -n, -s.sentence.id, source, s.sentence))
    ranked.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
    return [(r[3], r[4], round(r[0], 4)) for r in ranked[:k]]

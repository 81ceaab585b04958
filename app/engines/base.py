"""The Engine protocol: Document in, Analysis out. The core knows nothing of any provider."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from app.document import Document
from app.document.source import SourceDocument  # re-exported: it lives beside the Document
from app.models import Claim, Contradiction, EngineName, Summary, Usage, VerifyResult

__all__ = ["AnalyzeOptions", "Analysis", "Engine", "SourceDocument", "Verification"]


@dataclass(frozen=True)
class AnalyzeOptions:
    """What the client asked for."""

    parts: frozenset[str] = frozenset({"summary", "claims", "contradictions"})
    summary_words: int = 120


@dataclass
class Analysis:
    """An engine's answer, before the service wraps it into the public response."""

    summary: Summary | None = None
    claims: list[Claim] | None = None
    contradictions: list[Contradiction] | None = None
    model: str | None = None
    prompt_version: str | None = None
    usage: Usage = field(default_factory=Usage)
    degraded: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass
class Verification:
    """An engine's verdicts on a list of statements."""

    results: list[VerifyResult]
    model: str | None = None
    prompt_version: str | None = None
    usage: Usage = field(default_factory=Usage)
    degraded: bool = False
    warnings: list[str] = field(default_factory=list)


class Engine(Protocol):
    """One way of analysing an article: `offline` or `llm`."""

    name: EngineName

    async def analyze(self, document: Document, options: AnalyzeOptions) -> Analysis:
        """Summary, claims and contradictions of one article."""
        ...

    async def verify(self, statements: list[str], sources: list[SourceDocument]) -> Verification:
        """A verdict on each statement against the sources."""
        ...

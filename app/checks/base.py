"""What a deterministic check returns: two sides of a contradiction, with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import ContradictionType, Span


@dataclass(frozen=True)
class Finding:
    """A contradiction found by a check: side `a` against side `b`."""

    check: str
    type: ContradictionType
    a: tuple[Span, ...]
    b: tuple[Span, ...]
    explanation: str
    confidence: float

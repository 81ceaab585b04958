"""What a rule (or a check) returns: two sides of a contradiction, with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import ContradictionType, Span


@dataclass(frozen=True)
class Finding:
    """A contradiction found by a rule: side `a` against side `b` (code-point spans), an explanation that shows
    the arithmetic, and a confidence in 0..1."""

    check: str
    type: ContradictionType
    a: tuple[Span, ...]
    b: tuple[Span, ...]
    explanation: str
    confidence: float

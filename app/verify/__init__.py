"""Verification of statements against sources.

`verify_offline` gives the offline engine's verdicts; `retrieve` finds the body sentences a
statement rests on and is shared with the llm engine. The package reads, in order:
`text` (words, stems, names) -> `quantities` (figures, dates, hedges) -> `polarity`
(negation, antonyms) -> `retrieve` (passages) -> `judge` (the verdict).
"""

from __future__ import annotations

from app.document.source import SourceDocument
from app.models import VerifyResult
from app.verify.judge import judge
from app.verify.retrieve import retrieve

__all__ = ["retrieve", "verify_offline"]


def verify_offline(statements: list[str], sources: list[SourceDocument]) -> list[VerifyResult]:
    """A verdict on each statement: supported, contradicted or not_found, with evidence spans."""
    return [judge(statement, sources) for statement in statements]

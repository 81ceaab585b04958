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
from app.verify.restore import restore
from app.verify.retrieve import retrieve

__all__ = ["retrieve", "verify_offline"]


def verify_offline(statements: list[str], sources: list[SourceDocument]) -> list[VerifyResult]:
    """A verdict on each statement: supported, contradicted or not_found, with evidence spans.

    A statement in tokenised spacing or without capitals is read as the source would write it
    (`restore`); its result still quotes the statement as given."""
    return [_judge(statement, sources) for statement in statements]


def _judge(statement: str, sources: list[SourceDocument]) -> VerifyResult:
    text = restore(statement, sources)
    result = judge(text, sources)
    return result if text == statement else result.model_copy(update={"statement": statement})

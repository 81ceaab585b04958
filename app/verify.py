"""Offline verification of statements against sources."""

from __future__ import annotations

from app.engines.base import SourceDocument
from app.models import Evidence, VerifyResult


def verify_offline(statements: list[str], sources: list[SourceDocument]) -> list[VerifyResult]:
    """Interim verifier: a statement is supported when a source states it word for word."""
    results = []
    for statement in statements:
        for source in sources:
            hit = source.document.align(statement, threshold=100.0)
            if hit and hit.method != "fuzzy":
                results.append(VerifyResult(
                    statement=statement, label="supported", confidence=0.9,
                    evidence=[Evidence(source_id=source.id, start=hit.span.start, end=hit.span.end,
                                       text=hit.span.text)],
                    rationale=f"source {source.id!r} states it word for word"))
                break
        else:
            results.append(VerifyResult(statement=statement, label="not_found", confidence=0.3, evidence=[],
                                        rationale="no source states this word for word"))
    return results

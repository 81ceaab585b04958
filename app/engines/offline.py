"""The offline engine: deterministic, no model, no network. The embedded default."""

from __future__ import annotations

from app.checks import Finding, run_checks
from app.cpu import run_cpu
from app.document import Document
from app.engines.base import Analysis, AnalyzeOptions, SourceDocument, Verification
from app.engines.claims import extract_claims
from app.engines.summary import summarise
from app.models import Claim, Contradiction, ContradictionSide, EngineName, Span


class OfflineEngine:
    """Extractive summary, rule-based claims and speakers, deterministic checks."""

    name: EngineName = "offline"

    async def analyze(self, document: Document, options: AnalyzeOptions) -> Analysis:
        """Milliseconds of CPU for a news article, about a second for 200,000 characters: off the event loop,
        so a long article does not stall the other requests of the process."""
        return await run_cpu(self.analyze_sync, document, options)

    def analyze_sync(self, document: Document, options: AnalyzeOptions) -> Analysis:
        """Summary, claims and contradictions without leaving the process."""
        analysis = Analysis()
        claims = extract_claims(document)
        if "summary" in options.parts:
            analysis.summary = summarise(document, options.summary_words)
        if "claims" in options.parts:
            analysis.claims = claims
        if "contradictions" in options.parts:
            analysis.contradictions = findings_to_contradictions(run_checks(document), claims)
        return analysis

    async def verify(self, statements: list[str], sources: list[SourceDocument]) -> Verification:
        """Verdicts from lexical retrieval and comparison of numbers, dates, names and negation."""
        from app.verify import verify_offline

        # CPU-bound (seconds for 100 statements against a very long source): off the event loop
        return Verification(results=await run_cpu(verify_offline, statements, sources))


def _claim_ids(spans: tuple[Span, ...], claims: list[Claim]) -> list[str]:
    return [c.id for c in claims if any(c.span.start < s.end and s.start < c.span.end for s in spans)]


def findings_to_contradictions(findings: list[Finding], claims: list[Claim],
                               start: int = 1) -> list[Contradiction]:
    """Public contradictions from check findings, linked to the claims they touch."""
    return [
        Contradiction(
            id=f"x{i}",
            type=f.type,
            a=ContradictionSide(spans=list(f.a), claim_ids=_claim_ids(f.a, claims)),
            b=ContradictionSide(spans=list(f.b), claim_ids=_claim_ids(f.b, claims)),
            explanation=f.explanation,
            confidence=f.confidence,
            found_by=f"check:{f.check}",
        )
        for i, f in enumerate(findings, start=start)
    ]

"""What editors' decisions do to an analysis: dismissed findings left out, accepted ones marked,
corrections applied (a corrected speaker is shown, with the engine's value kept in `decision.original`)."""

from __future__ import annotations

from typing import Any, get_args

from app.models import (
    AnalyzeResponse,
    Claim,
    ClaimType,
    Contradiction,
    ContradictionType,
    Decision,
    DecisionMark,
    DecisionsApplied,
    SummaryWarning,
)

# What a decision applies to: a finding with a fingerprint and a decision mark.
Finding = Claim | Contradiction | SummaryWarning

# the fields a correction may change, per kind of finding, and the values they accept (None: any text)
_CORRECTABLE: dict[str, dict[str, tuple[str, ...] | None]] = {
    "claim": {"speaker": None, "type": get_args(ClaimType), "text": None},
    "contradiction": {"type": get_args(ContradictionType), "explanation": None},
    "summary_warning": {},
}


def _mark(item: Finding, kind: str, decision: Decision) -> None:
    original: dict[str, Any] = {}
    if decision.decision == "corrected":
        for field, value in (decision.correction or {}).items():
            allowed = _CORRECTABLE[kind].get(field, ())
            if field not in _CORRECTABLE[kind] or (allowed is not None and value not in allowed):
                continue  # a correction that does not fit this kind of finding is kept, not applied
            if field == "text" and not value:
                continue
            original[field] = getattr(item, field)
            setattr(item, field, value)
    item.decision = DecisionMark(decision="corrected" if decision.decision == "corrected" else "accepted",
                                 decided_at=decision.decided_at, note=decision.note,
                                 original=original if decision.decision == "corrected" else None)


def apply(response: AnalyzeResponse, article_key: str, decisions: dict[str, Decision]) -> DecisionsApplied:
    """Apply the decisions (by fingerprint) to a fingerprinted response in place; return the counts."""
    applied = DecisionsApplied(article_key=article_key)

    def keep(item: Finding, kind: str) -> bool:
        decision = decisions.get(item.fingerprint or "")
        if decision is None:
            return True
        if decision.decision == "dismissed":
            applied.dismissed += 1
            applied.dismissed_fingerprints.append(decision.fingerprint)
            return False
        _mark(item, kind, decision)
        if decision.decision == "corrected":
            applied.corrected += 1
        else:
            applied.accepted += 1
        return True

    if response.claims is not None:
        response.claims = [c for c in response.claims if keep(c, "claim")]
    if response.contradictions is not None:
        response.contradictions = [c for c in response.contradictions if keep(c, "contradiction")]
    if response.summary is not None and response.summary.warnings:
        kept = [w for w in response.summary.warnings if keep(w, "summary_warning")]
        gone = {w.message for w in response.summary.warnings} - {w.message for w in kept}
        response.summary.warnings = kept
        response.meta.warnings = [w for w in response.meta.warnings if w not in gone]
    applied.dismissed_fingerprints = sorted(set(applied.dismissed_fingerprints))
    response.meta.decisions = applied
    return applied

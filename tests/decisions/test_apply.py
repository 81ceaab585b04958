"""Applying decisions to an answer: summary warnings and contradictions too, and corrections that do not fit."""

from __future__ import annotations

import datetime as dt

from app.decisions import fingerprint
from app.decisions.apply import apply
from app.models import (
    AnalyzeResponse,
    Contradiction,
    ContradictionSide,
    Decision,
    DocumentInfo,
    KeyPoint,
    Meta,
    Span,
    Summary,
    SummaryWarning,
)

T = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)


def _response() -> AnalyzeResponse:
    point = KeyPoint(text="Talks will be held in Geneva.", sentence_ids=[0])
    message = "summary key point 1 is not supported by the article (contradicted): Geneva"
    warning = SummaryWarning(key_point=0, text=point.text, label="contradicted", rationale="Geneva", message=message)
    x = Contradiction(id="x1", type="numeric", explanation="40 or 50?", confidence=0.9, found_by="check:numbers",
                      a=ContradictionSide(spans=[Span(start=0, end=14, text="40 people died")]),
                      b=ContradictionSide(spans=[Span(start=50, end=64, text="50 people died")]))
    response = AnalyzeResponse(document=DocumentInfo(sha256="0", sentences=1), claims=[], contradictions=[x],
                               summary=Summary(text=point.text, key_points=[point], warnings=[warning]),
                               meta=Meta(engine="offline", warnings=["other warning", message]))
    return fingerprint.stamp(response)


def _decision(fp: str, decision: str, correction: dict | None = None) -> Decision:
    return Decision(article_key="s", fingerprint=fp, decision=decision, correction=correction, decided_by="shared",
                    decided_at=T, created_at=T, revision=1)


def test_a_dismissed_summary_warning_leaves_the_summary_and_the_meta_warnings():
    response = _response()
    fp = response.summary.warnings[0].fingerprint
    applied = apply(response, "s", {fp: _decision(fp, "dismissed")})
    assert response.summary.warnings == [] and response.meta.warnings == ["other warning"]
    assert applied.dismissed == 1 and applied.dismissed_fingerprints == [fp] and response.meta.decisions == applied


def test_a_contradiction_correction_applies_the_fields_that_fit_and_keeps_the_originals():
    response = _response()
    fp = response.contradictions[0].fingerprint
    apply(response, "s", {fp: _decision(fp, "corrected", {"type": "temporal", "explanation": "dates, not counts",
                                                          "speaker": "ignored: contradictions have none"})})
    x = response.contradictions[0]
    assert (x.type, x.explanation) == ("temporal", "dates, not counts")
    assert x.decision.original == {"type": "numeric", "explanation": "40 or 50?"}


def test_a_correction_to_a_type_that_does_not_exist_is_not_applied():
    response = _response()
    fp = response.contradictions[0].fingerprint
    apply(response, "s", {fp: _decision(fp, "corrected", {"type": "imaginary"})})
    x = response.contradictions[0]
    assert x.type == "numeric" and x.decision.decision == "corrected" and x.decision.original == {}

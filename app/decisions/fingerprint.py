"""Stable fingerprints of findings: what a finding says plus the normalised text of its spans.

A fingerprint never uses offsets, ids or anything engine-specific (confidence, explanation, found_by),
so it survives edits elsewhere in the article (offsets shift, ids renumber) and a re-analysis with the
other engine (which words its explanations differently). What goes in, per kind:

- claim: the normalised text of the claim's span (the article's own words, not the engine's rewording);
- contradiction: the normalised texts of the two sides' spans, the sides in sorted order (a/b swapped
  is the same finding); the contradiction's type is left out because the two engines may type the same
  pair differently;
- summary warning: the normalised text of the unsupported key point.

Normalisation: Unicode NFKC, case-folded, reduced to its word characters (`\\w+`) joined by single spaces,
so typography (curly quotes, dashes, non-breaking spaces, line breaks) does not count. The format is
`f1-` and 24 hex digits of a SHA-256 (96 bits); `f1` versions the recipe. `app.models.FINGERPRINT_PATTERN`
states that shape, and POST /v1/decisions refuses any other (a 422).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.models import AnalyzeResponse, Claim, Contradiction, Span, SummaryWarning

VERSION = "f1"
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """The words of `text`, NFKC and case-folded, joined by single spaces."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def span_hash(text: str) -> str:
    """The hex SHA-256 (first 16 digits) of a span's normalised text: what is stored instead of the text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def _spans_key(spans: list[Span]) -> str:
    return "\x1e".join(sorted(normalise(s.text) for s in spans))


def of_claim(claim: Claim) -> str:
    """A claim's fingerprint (its span's words)."""
    return f"{VERSION}-{_digest(['claim', normalise(claim.span.text)])[:24]}"


def of_contradiction(contradiction: Contradiction) -> str:
    """A contradiction's fingerprint (both sides' span words, in sorted order)."""
    sides = sorted([_spans_key(contradiction.a.spans), _spans_key(contradiction.b.spans)])
    return f"{VERSION}-{_digest(['contradiction', *sides])[:24]}"


def of_summary_warning(warning: SummaryWarning) -> str:
    """A summary warning's fingerprint (the unsupported key point's words)."""
    return f"{VERSION}-{_digest(['summary_warning', normalise(warning.text)])[:24]}"


@dataclass(frozen=True)
class FindingRecord:
    """What is remembered of a finding: no text, only its fingerprint, kind, check and span hashes."""

    fingerprint: str
    kind: str
    found_by: str
    span_hashes: tuple[str, ...]


def stamp(response: AnalyzeResponse) -> AnalyzeResponse:
    """Set `fingerprint` on every claim, contradiction and summary warning of the response (in place)."""
    for claim in response.claims or []:
        claim.fingerprint = of_claim(claim)
    for contradiction in response.contradictions or []:
        contradiction.fingerprint = of_contradiction(contradiction)
    if response.summary is not None:
        for warning in response.summary.warnings:
            warning.fingerprint = of_summary_warning(warning)
    return response


def records(response: AnalyzeResponse) -> list[FindingRecord]:
    """The FindingRecord of every fingerprinted finding of a response (one per fingerprint)."""
    out: dict[str, FindingRecord] = {}
    engine = response.meta.engine
    for claim in response.claims or []:
        fp = claim.fingerprint or of_claim(claim)
        out.setdefault(fp, FindingRecord(fp, "claim", f"engine:{engine}", (span_hash(claim.span.text),)))
    for c in response.contradictions or []:
        fp = c.fingerprint or of_contradiction(c)
        hashes = tuple(span_hash(s.text) for s in [*c.a.spans, *c.b.spans])
        out.setdefault(fp, FindingRecord(fp, "contradiction", c.found_by, hashes))
    if response.summary is not None:
        for w in response.summary.warnings:
            fp = w.fingerprint or of_summary_warning(w)
            out.setdefault(fp, FindingRecord(fp, "summary_warning", "check:summary",
                                             tuple(span_hash(s.text) for s in w.spans)))
    return list(out.values())

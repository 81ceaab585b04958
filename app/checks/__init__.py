"""Deterministic consistency checks that every engine runs. Each is a pure `(Document) -> list[Finding]`.

Most are the fact layer's rules (`app.facts.rules.RULES`) over mentions read once per document: ages and birth
years ("age-twice"), elapsed time ("elapsed"), counted quantities ("counts"), totals and their parts ("totals",
"count-parts", "votes", "percent") among them. The few left here
(dateline, weekday, roles, alternatives, status) are regular expressions that read their values through
`app.facts.numbers`."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from app.checks.alternatives import check_alternatives
from app.checks.base import Finding
from app.checks.dateline import check_dateline
from app.checks.roles import check_roles
from app.checks.status import check_status
from app.checks.weekday import check_weekday
from app.document import Document
from app.facts.rules import OPTIONAL_RULES, RULES
from app.models import Span

Check = Callable[[Document], list[Finding]]

CHECKS: dict[str, Check] = {
    "dateline": check_dateline,
    "weekday": check_weekday,
    "roles": check_roles,
    "alternatives": check_alternatives,
    "status": check_status,
    **RULES,
}


def enabled_checks() -> dict[str, Check]:
    """The checks on by default, plus the optional rules named in `COPYDESK_EXTRA_CHECKS` (comma-separated; an
    unknown name is ignored). Optional rules are those that did not hold their precision on real clean articles."""
    extra = [n.strip() for n in os.environ.get("COPYDESK_EXTRA_CHECKS", "").split(",") if n.strip()]
    return {**CHECKS, **{n: OPTIONAL_RULES[n] for n in extra if n in OPTIONAL_RULES}}


def run_checks(document: Document) -> list[Finding]:
    """The findings of every check, without duplicates, in article order."""
    findings: list[Finding] = []
    for check in enabled_checks().values():
        findings.extend(check(document))
    findings = [f for f in findings if not any(document.is_furniture(s.start, s.end) for s in (*f.a, *f.b))]
    return sorted(dedupe(findings), key=lambda f: min(s.start for s in (*f.a, *f.b)))


def _overlaps(xs: Sequence[Span], ys: Sequence[Span]) -> bool:
    return any(x.start < y.end and y.start < x.end for x in xs for y in ys)


def same_finding(a_side: Sequence[Span], b_side: Sequence[Span], other_a: Sequence[Span],
                 other_b: Sequence[Span]) -> bool:
    """True when two contradictions point at the same two passages, in either order."""
    return (_overlaps(a_side, other_a) and _overlaps(b_side, other_b)) or \
        (_overlaps(a_side, other_b) and _overlaps(b_side, other_a))


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop a finding whose two sides overlap those of one already kept (either order); the surer one stays."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: -f.confidence):
        if not any(same_finding(f.a, f.b, k.a, k.b) for k in kept):
            kept.append(f)
    return kept


__all__ = ["Finding", "Check", "CHECKS", "run_checks", "dedupe", "same_finding"]

"""Deterministic consistency checks that every engine runs. Each is a pure `(Document) -> list[Finding]`."""

from __future__ import annotations

from collections.abc import Callable

from app.checks.base import Finding
from app.document import Document

Check = Callable[[Document], list[Finding]]


def all_checks() -> dict[str, Check]:
    """Every check by name, in the order they run."""
    return {}


def run_checks(document: Document) -> list[Finding]:
    """The findings of every check, without duplicates."""
    findings: list[Finding] = []
    for check in all_checks().values():
        findings.extend(check(document))
    return dedupe(findings)


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop a finding whose two sides overlap those of one already kept (either order)."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: -f.confidence):
        if not any(_same(f, k) for k in kept):
            kept.append(f)
    return kept


def _overlaps(xs, ys) -> bool:
    return any(x.start < y.end and y.start < x.end for x in xs for y in ys)


def _same(f: Finding, g: Finding) -> bool:
    return (_overlaps(f.a, g.a) and _overlaps(f.b, g.b)) or (_overlaps(f.a, g.b) and _overlaps(f.b, g.a))


__all__ = ["Finding", "Check", "all_checks", "run_checks", "dedupe"]

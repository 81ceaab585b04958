"""Each check is tested on the cases in tests/data/checks/<check>.yaml: what it must catch and must not flag."""

from __future__ import annotations

from pathlib import Path

from app.checks.base import Finding
from app.document import Document
from tests.yamlfile import read_yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "checks"


def cases(check: str) -> list[dict]:
    """The cases of one check, for parametrize."""
    return read_yaml(DATA / f"{check}.yaml")


def assert_findings(check, case: dict) -> list[Finding]:
    """Run `check` on the case's text and compare with its expected (a, b) quotes, in either order."""
    doc = Document(case["text"])
    findings = check(doc)
    for f in findings:
        for span in (*f.a, *f.b):
            assert doc.text[span.start:span.end] == span.text
        assert f.explanation and 0 < f.confidence <= 1
    got = [([s.text for s in f.a], [s.text for s in f.b]) for f in findings]
    assert len(findings) == len(case["expect"]), f"{case['name']}: got {got}"
    for a, b in case["expect"]:
        assert any(_hits(f.a, a, doc) and _hits(f.b, b, doc) or _hits(f.a, b, doc) and _hits(f.b, a, doc)
                   for f in findings), f"{case['name']}: expected {a!r} vs {b!r}, got {got}"
    return findings


def _hits(spans, quote: str, doc: Document) -> bool:
    start = doc.text.index(quote)
    return any(s.start < start + len(quote) and start < s.end for s in spans)

"""The totals rules (app/facts/rules/totals.py: totals, votes, percent, count-parts) on tests/data/checks/totals.yaml."""

from __future__ import annotations

import pytest

from app.checks import run_checks
from app.facts.rules.totals import rule_count_parts, rule_percent_change, rule_totals, rule_votes
from tests.checks.conftest import assert_findings, cases


def _all(doc):
    return rule_totals(doc) + rule_votes(doc) + rule_percent_change(doc) + rule_count_parts(doc)


@pytest.mark.parametrize("case", cases("totals"), ids=lambda c: c["name"])
def test_totals(case):
    assert_findings(_all, case)


def test_totals_explanation_names_both_amounts():
    from app.document import Document

    case = cases("totals")[0]
    [finding] = rule_totals(Document(case["text"]))
    assert "$11 million" in finding.explanation and "$12 million" in finding.explanation
    assert [f.check for f in run_checks(Document(case["text"]))] == ["totals"]

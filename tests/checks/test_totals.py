"""check_totals, check_votes and check_percent_change on tests/data/checks/totals.yaml."""

from __future__ import annotations

import pytest

from app.checks import run_checks
from app.checks.totals import check_count_parts, check_percent_change, check_totals, check_votes
from tests.checks.conftest import assert_findings, cases


def _all(doc):
    return check_totals(doc) + check_votes(doc) + check_percent_change(doc) + check_count_parts(doc)


@pytest.mark.parametrize("case", cases("totals"), ids=lambda c: c["name"])
def test_totals(case):
    assert_findings(_all, case)


def test_totals_explanation_names_both_amounts():
    from app.document import Document

    case = cases("totals")[0]
    [finding] = check_totals(Document(case["text"]))
    assert "$11 million" in finding.explanation and "$12 million" in finding.explanation
    assert [f.check for f in run_checks(Document(case["text"]))] == ["totals"]

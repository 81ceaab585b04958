"""rule_counts and rule_enumeration on tests/data/checks/counts.yaml and enumeration.yaml."""

from __future__ import annotations

import pytest

from app.facts.rules.counts import rule_counts, rule_enumeration
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("counts"), ids=lambda c: c["name"])
def test_counts(case):
    assert_findings(rule_counts, case)


@pytest.mark.parametrize("case", cases("enumeration"), ids=lambda c: c["name"])
def test_enumeration(case):
    assert_findings(rule_enumeration, case)


from app.facts.rules.counts import rule_parts  # noqa: E402


@pytest.mark.parametrize("case", cases("parts"), ids=lambda c: c["name"])
def test_parts(case):
    assert_findings(rule_parts, case)


from app.facts.rules.counts import rule_breakdown  # noqa: E402


@pytest.mark.parametrize("case", cases("breakdown"), ids=lambda c: c["name"])
def test_breakdown(case):
    assert_findings(rule_breakdown, case)


from app.facts.rules.counts import rule_split  # noqa: E402


@pytest.mark.parametrize("case", cases("split"), ids=lambda c: c["name"])
def test_split(case):
    assert_findings(rule_split, case)

"""rule_ages (age-twice: two ages, or an age against a birth year) on tests/data/checks/age-twice.yaml: what it
must catch and what it must not flag."""

from __future__ import annotations

import pytest

from app.facts.rules.ages import rule_ages
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("age-twice"), ids=lambda c: c["name"])
def test_age_twice(case):
    assert_findings(rule_ages, case)

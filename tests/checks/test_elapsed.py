"""rule_elapsed (check "elapsed", app/facts/rules/durations.py) on tests/data/checks/elapsed.yaml: what it must catch and what it must not flag."""

from __future__ import annotations

import pytest

from app.facts.rules.durations import rule_elapsed
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("elapsed"), ids=lambda c: c["name"])
def test_elapsed(case):
    assert_findings(rule_elapsed, case)

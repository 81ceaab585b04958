"""rule_money on tests/data/checks/money.yaml."""

from __future__ import annotations

import pytest

from app.facts.rules.money import rule_money
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("money"), ids=lambda c: c["name"])
def test_money(case):
    assert_findings(rule_money, case)

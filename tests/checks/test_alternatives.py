"""check_alternatives on tests/data/checks/alternatives.yaml: what it must catch and what it must not flag."""

from __future__ import annotations

import pytest

from app.checks.alternatives import check_alternatives
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("alternatives"), ids=lambda c: c["name"])
def test_alternatives(case):
    assert_findings(check_alternatives, case)

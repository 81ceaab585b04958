"""check_ages on tests/data/checks/ages.yaml: what it must catch and what it must not flag."""

from __future__ import annotations

import pytest

from app.checks.ages import check_ages
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("ages"), ids=lambda c: c["name"])
def test_ages(case):
    assert_findings(check_ages, case)

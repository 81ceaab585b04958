"""check_weekday on tests/data/checks/weekday.yaml: what it must catch and what it must not flag."""

from __future__ import annotations

import pytest

from app.checks.weekday import check_weekday
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("weekday"), ids=lambda c: c["name"])
def test_weekday(case):
    assert_findings(check_weekday, case)

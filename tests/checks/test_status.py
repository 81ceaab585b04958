"""check_status on tests/data/checks/status.yaml: what it must catch and what it must not flag."""

from __future__ import annotations

import pytest

from app.checks.status import check_status
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("status"), ids=lambda c: c["name"])
def test_status(case):
    assert_findings(check_status, case)

"""check_dateline on tests/data/checks/dateline.yaml: what it must catch and what it must not flag."""

from __future__ import annotations

import pytest

from app.checks.dateline import check_dateline
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("dateline"), ids=lambda c: c["name"])
def test_dateline(case):
    assert_findings(check_dateline, case)

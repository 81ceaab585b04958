"""check_quantities on tests/data/checks/quantities.yaml: what it must catch and what it must not flag."""

from __future__ import annotations

import pytest

from app.checks.quantities import check_quantities
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("quantities"), ids=lambda c: c["name"])
def test_quantities(case):
    assert_findings(check_quantities, case)

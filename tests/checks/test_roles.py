"""check_roles on tests/data/checks/roles.yaml: what it must catch and what it must not flag."""

from __future__ import annotations

import pytest

from app.checks.roles import check_roles
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("roles"), ids=lambda c: c["name"])
def test_roles(case):
    assert_findings(check_roles, case)

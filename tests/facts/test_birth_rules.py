"""Births implied by ages at dated events, pregnancies and birth years (rule age-at-event), on
tests/data/checks/age-at-event.yaml: the forms read and the ones that must not be flagged."""

from __future__ import annotations

import pytest

from app.facts.rules.births import rule_age_at_event
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("age-at-event"), ids=lambda c: c["name"])
def test_age_at_event(case):
    assert_findings(rule_age_at_event, case)

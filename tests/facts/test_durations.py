"""Durations (app.facts.durations) and the durations rule on tests/data/checks/durations.yaml."""

from __future__ import annotations

import pytest

from app.facts.durations import read_durations
from app.facts.rules.durations import rule_durations
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize(("text", "kind", "low", "high", "bound", "year"), [
    ("for the past eight years", "for", 8, 8, "exact", None),
    ("for a decade", "for", 10, 10, "exact", None),
    ("for nearly 12 years", "for", 12, 12, "max", None),
    ("for six months", "for", 0.5, 0.5, "exact", None),
    ("four decades ago", "ago", 40, 40, "exact", None),
    ("since 2019", "since", 0, 0, "exact", 2019),
    ("since the drug was approved in 2012", "since", 0, 0, "exact", 2012),
    ("now in its third year", "nth", 2, 3, "exact", None),
])
def test_durations_read(text, kind, low, high, bound, year):
    (d,) = read_durations(text)
    assert (d.kind, d.low, d.high, d.bound, d.year) == (kind, pytest.approx(low), pytest.approx(high), bound, year)


@pytest.mark.parametrize("text", ["a 12-year-old boy", "aged 12 years old", "several years ago", "since Monday"])
def test_not_durations(text):
    assert read_durations(text) == []


@pytest.mark.parametrize("case", cases("durations"), ids=lambda c: c["name"])
def test_durations_rule(case):
    assert_findings(rule_durations, case)


from app.facts.rules.durations import rule_sanctions  # noqa: E402


@pytest.mark.parametrize("case", cases("sanctions"), ids=lambda c: c["name"])
def test_sanctions(case):
    assert_findings(rule_sanctions, case)


from app.facts.rules.times import rule_dated_twice  # noqa: E402


@pytest.mark.parametrize("case", cases("dated-twice"), ids=lambda c: c["name"])
def test_dated_twice(case):
    assert_findings(rule_dated_twice, case)

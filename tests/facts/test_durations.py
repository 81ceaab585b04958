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


from app.facts.durations import read_starts, read_stretches  # noqa: E402


@pytest.mark.parametrize(("text", "noun", "year", "month"), [
    ("The war began in February 2022 when troops crossed.", "war", 2022, 2),
    ("The company was founded in 2010 in Ohio.", "company", 2010, None),
    ("The library, which the council built, opened in 2022.", "library", 2022, None),
    ("Founded in 1902, it is the oldest club.", "*", 1902, None),
])
def test_starts_read(text, noun, year, month):
    (st,) = read_starts(text)
    assert (st.noun, st.year, st.month) == (noun, year, month)


@pytest.mark.parametrize("text", ["The war began last year.", "Talks began on Monday.", "He was born in 1961."])
def test_not_starts(text):
    assert read_starts(text) == []


@pytest.mark.parametrize(("text", "noun", "low", "high", "hedged"), [
    ("two years of war", "war", 1.5, 2.5, False),
    ("its 20-year history", "history", 19.5, 20.5, False),
    ("the 14-month dispute", "dispute", 14 / 12 - 1 / 12, 14 / 12 + 1 / 12, False),
    ("a dispute now in its third year", "dispute", 2.0, 3.0, False),
    ("after nearly two years of war", "war", 1.5, 2.5, True),
])
def test_stretches_read(text, noun, low, high, hedged):
    (d,) = read_stretches(text)
    assert (d.noun, d.low, d.high, d.hedged) == (noun, pytest.approx(low), pytest.approx(high), hedged)


@pytest.mark.parametrize("text", ["a 20-year-old company", "two years ago", "for the past two years", "in 2019"])
def test_not_stretches(text):
    assert read_stretches(text) == []

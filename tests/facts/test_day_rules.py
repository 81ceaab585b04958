"""The day rules (same-day, event-dates) and the share rule on tests/data/checks/*.yaml."""

from __future__ import annotations

import pytest

from app.facts.rules.days import rule_event_dates, rule_same_day
from app.facts.rules.shares import rule_holder_shares, rule_shares
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("same-day"), ids=lambda c: c["name"])
def test_same_day(case):
    assert_findings(rule_same_day, case)


@pytest.mark.parametrize("case", cases("event-dates"), ids=lambda c: c["name"])
def test_event_dates(case):
    assert_findings(rule_event_dates, case)


@pytest.mark.parametrize("case", cases("shares"), ids=lambda c: c["name"])
def test_shares(case):
    both = lambda doc: rule_shares(doc) + rule_holder_shares(doc)  # noqa: E731
    assert_findings(both, case)


def test_an_optional_rule_runs_only_when_named(monkeypatch):
    from app.checks import run_checks
    from app.document import Document

    doc = Document("A quarter of teachers backed the strike. Later, 60 per cent of teachers voted against it.")
    monkeypatch.delenv("COPYDESK_EXTRA_CHECKS", raising=False)
    assert not [f for f in run_checks(doc) if f.check == "shares"]
    monkeypatch.setenv("COPYDESK_EXTRA_CHECKS", "shares-one-word")
    assert [f for f in run_checks(doc) if f.check == "shares"]


from app.facts.rules.days import rule_event_years  # noqa: E402


@pytest.mark.parametrize("case", cases("event-years"), ids=lambda c: c["name"])
def test_event_years(case):
    assert_findings(rule_event_years, case)


from app.facts.rules.days import rule_upcoming_day  # noqa: E402


@pytest.mark.parametrize("case", cases("upcoming-day"), ids=lambda c: c["name"])
def test_upcoming_day(case):
    assert_findings(rule_upcoming_day, case)


from app.facts.rules.days import rule_ended_ahead  # noqa: E402


@pytest.mark.parametrize("case", cases("ended-ahead"), ids=lambda c: c["name"])
def test_ended_ahead(case):
    assert_findings(rule_ended_ahead, case)


from app.facts.rules.days import rule_happened_ahead  # noqa: E402


@pytest.mark.parametrize("case", cases("happened-ahead"), ids=lambda c: c["name"])
def test_happened_ahead(case):
    assert_findings(rule_happened_ahead, case)


def test_an_event_dated_after_published_at_is_a_contradiction_through_the_api(client):
    body = {"text": "The council voted on Monday to build a barrier. Work began on Friday, March 13.",
            "published_at": "2026-03-10", "engine": "offline", "include": ["contradictions"]}
    found = client.post("/v1/analyze", json=body).json()["contradictions"]
    assert [c["found_by"] for c in found] == ["check:happened-ahead"]
    assert found[0]["b"]["spans"][0]["text"] == "began on Friday, March 13"
    body["published_at"] = "2026-03-14"
    assert client.post("/v1/analyze", json=body).json()["contradictions"] == []

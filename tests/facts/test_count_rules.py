"""rule_counts and rule_enumeration on tests/data/checks/counts.yaml and enumeration.yaml."""

from __future__ import annotations

import pytest

from app.document import Document
from app.facts.rules.counts import rule_counts, rule_enumeration
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize("case", cases("counts"), ids=lambda c: c["name"])
def test_counts(case):
    assert_findings(rule_counts, case)


@pytest.mark.parametrize("case", cases("enumeration"), ids=lambda c: c["name"])
def test_enumeration(case):
    assert_findings(rule_enumeration, case)


from app.facts.rules.counts import rule_parts  # noqa: E402


@pytest.mark.parametrize("case", cases("parts"), ids=lambda c: c["name"])
def test_parts(case):
    assert_findings(rule_parts, case)


from app.facts.rules.counts import rule_breakdown  # noqa: E402


@pytest.mark.parametrize("case", cases("breakdown"), ids=lambda c: c["name"])
def test_breakdown(case):
    assert_findings(rule_breakdown, case)


from app.facts.rules.counts import rule_split  # noqa: E402


@pytest.mark.parametrize("case", cases("split"), ids=lambda c: c["name"])
def test_split(case):
    assert_findings(rule_split, case)


def test_split_explanation_names_the_count_as_written():
    # the noun as the article writes it ("homes"), not its lemma ("the 640 home they split")
    [finding] = rule_split(Document("The storm destroyed 640 homes: 410 in Ashby and 180 in Dunmore."))
    assert "not the 640 homes they split" in finding.explanation


from app.facts.rules.members import rule_members  # noqa: E402


@pytest.mark.parametrize("case", cases("members"), ids=lambda c: c["name"])
def test_members(case):
    assert_findings(rule_members, case)

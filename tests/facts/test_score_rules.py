"""Results and individual scores: the readers (app.facts.scores) and the rules on tests/data/checks/*.yaml."""

from __future__ import annotations

import pytest

from app.facts.rules.scores import rule_person_scores, rule_results
from app.facts.scores import read_person_scores, read_results
from tests.checks.conftest import assert_findings, cases


@pytest.mark.parametrize(("text", "opponents", "score"), [
    ("Wednesday's goalless draw with Dunmore", ["Dunmore"], (0, 0)),
    ("successive 1-1 draws against Ashby and Dunmore.", ["Ashby", "Dunmore"], (1, 1)),
    ("a 1-2 defeat to Ashby Town", ["Ashby Town"], (2, 1)),
    ("they beat Ashby 3-0", ["Ashby"], (3, 0)),
])
def test_results_read(text, opponents, score):
    found = read_results(text)
    assert [r.opponent for r in found] == opponents and {r.score for r in found} == {score}


@pytest.mark.parametrize(("text", "name", "value"), [
    ("Tom Hale made 68 but", "Tom Hale", 68), ("Hale holed out for 58 at long-off", "Hale", 58),
    ("Reed scored 23 points", "Reed", 23), ("Hale was out for 12", "Hale", 12),
])
def test_person_scores_read(text, name, value):
    (p,) = read_person_scores(text)
    assert (p.name, p.value) == (name, value)


@pytest.mark.parametrize("text", ["Hale made 40 per cent of the calls", "Hale scored 3-1 wins", "Hale made 12 years ago"])
def test_not_person_scores(text):
    assert read_person_scores(text) == []


@pytest.mark.parametrize("case", cases("results"), ids=lambda c: c["name"])
def test_results(case):
    assert_findings(rule_results, case)


@pytest.mark.parametrize("case", cases("person-scores"), ids=lambda c: c["name"])
def test_person_scores(case):
    assert_findings(rule_person_scores, case)


from app.facts.rules.team_scores import rule_team_ordinal  # noqa: E402


@pytest.mark.parametrize("case", cases("team-ordinal"), ids=lambda c: c["name"])
def test_team_ordinal(case):
    assert_findings(rule_team_ordinal, case)

"""The offline verifier scored on labelled statements: the project's fixtures and a held-out set.

`python -m app.evals.verify_bench [folder] --show wrong` prints the same figures with the misses.
"""

from __future__ import annotations

from collections import Counter

import pytest

from app.document.source import SourceDocument
from app.evals.fixtures import load_fixture
from app.evals.verify_bench import balanced_accuracy, document_of, score_folder
from app.verify import verify_offline
from tests.conftest import DATA, ROOT

FIXTURES = ROOT / "evals" / "fixtures"
HELD_OUT = DATA / "verify"


@pytest.fixture(scope="module")
def fixtures():
    return score_folder(FIXTURES)


def test_fixture_statements_reach_the_target(fixtures):
    assert len(fixtures) >= 60
    assert balanced_accuracy(fixtures) >= 0.80


def test_supported_is_rarely_said_of_a_false_statement(fixtures):
    said = [s for s in fixtures if s.predicted == "supported"]
    assert sum(s.gold == "supported" for s in said) / len(said) >= 0.8


def test_the_three_labels_mostly_land_where_they_belong(fixtures):
    confusion = Counter((s.gold, s.predicted) for s in fixtures)
    for gold in ("supported", "contradicted", "not_found"):
        row = {p: confusion[(gold, p)] for p in ("supported", "contradicted", "not_found")}
        assert max(row, key=row.get) == gold, (gold, row)


def test_held_out_statements():
    scored = score_folder(HELD_OUT)
    assert len(scored) >= 20
    assert balanced_accuracy(scored) >= 0.80


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_sentence_of_an_article_is_supported_by_it(path):
    """A verbatim sentence is the summary that never invents: it must never be flagged."""
    fixture = load_fixture(path)
    document = document_of(fixture)
    sentences = [s.text for s in document.body]
    results = verify_offline(sentences, [SourceDocument(fixture.id, document)])
    flagged = [(r.statement, r.rationale) for r in results if r.label != "supported"]
    assert not flagged

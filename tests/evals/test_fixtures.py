"""The fixture loader: strict about quotes, lenient about keys it does not know."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.evals.fixtures import FixtureError, load_fixture, load_fixtures, visible_text

DATA = Path(__file__).resolve().parent / "data"


def test_loads_plain_html_and_inline_fixtures():
    fixtures = {f.id: f for f in load_fixtures(DATA / "mini")}
    assert sorted(fixtures) == ["bakery-award", "museum-roof", "northport-ferry"]
    ferry, museum, bakery = fixtures["northport-ferry"], fixtures["museum-roof"], fixtures["bakery-award"]
    assert not ferry.is_html and museum.is_html and not bakery.is_html
    assert ferry.text == (DATA / "mini" / "northport-ferry.txt").read_bytes().decode("utf-8")
    assert [c.speaker for c in ferry.claims] == ["the harbour authority", None, "Ines Costa", "Tom Reyes"]
    assert ferry.contradictions[0].a == ("The ferry first sailed in 1998",)
    assert ferry.tolerated == ["twice a day in winter"] and ferry.knowledge_errors == ["paid for by the state"]
    assert [s.label for s in ferry.statements] == ["supported", "contradicted", "not_found"]
    assert ferry.key_points[1].must == (("212",),)
    assert ferry.max_words == 60


def test_clean_control_is_an_empty_contradictions_list_not_a_missing_one():
    fixtures = {f.id: f for f in load_fixtures(DATA / "mini")}
    assert fixtures["bakery-award"].is_clean_control
    assert not fixtures["northport-ferry"].is_clean_control


def test_unknown_keys_are_kept_not_rejected():
    bakery = load_fixture(DATA / "mini" / "bakery-award.yaml")
    assert bakery.raw["reviewer"] == "a key the format does not know"
    assert bakery.raw["statements"][0]["edit"] == "none"


def test_missing_quote_is_rejected_and_named():
    with pytest.raises(FixtureError) as err:
        load_fixtures(DATA / "invalid-missing")
    assert err.value.problems == ["gone.yaml: claims C2: quote not found: 'voted to reopen the pool'"]


def test_ambiguous_quote_is_rejected_and_named():
    with pytest.raises(FixtureError) as err:
        load_fixtures(DATA / "invalid-ambiguous")
    (problem,) = err.value.problems
    assert problem.startswith("twice.yaml: contradictions X1.a: quote occurs 2 times")


def test_html_quote_must_be_in_the_visible_text_not_a_script(tmp_path):
    shutil.copy(DATA / "mini" / "museum-roof.html", tmp_path)
    (tmp_path / "page.yaml").write_text(
        "id: page\ntext_file: museum-roof.html\nclaims:\n  - {id: C1, quote: 'Museum opened in 1900'}\n",
        encoding="utf-8")
    with pytest.raises(FixtureError, match="quote not found: 'Museum opened in 1900'"):
        load_fixtures(tmp_path)


def test_visible_text_decodes_entities_and_drops_scripts():
    text = visible_text((DATA / "mini" / "museum-roof.html").read_text(encoding="utf-8"))
    assert "from May 1 so that" in text and "“Every winter" in text and "João Lima" in text
    assert "tracking" not in text


def test_duplicate_ids_and_missing_text_are_reported_together(tmp_path):
    shutil.copy(DATA / "mini" / "bakery-award.yaml", tmp_path / "a.yaml")
    shutil.copy(DATA / "mini" / "bakery-award.yaml", tmp_path / "b.yaml")
    (tmp_path / "c.yaml").write_text("id: c\ntext_file: nowhere.txt\n", encoding="utf-8")
    with pytest.raises(FixtureError) as err:
        load_fixtures(tmp_path)
    assert err.value.problems == ["b.yaml: id 'bakery-award' already used by a.yaml",
                                  "c.yaml: text_file nowhere.txt not found"]


def test_the_projects_fixtures_are_valid():
    fixtures = load_fixtures(Path(__file__).resolve().parents[2] / "evals" / "fixtures")
    assert len({f.id for f in fixtures}) == len(fixtures) >= 18

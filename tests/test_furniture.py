"""Furniture rules on collected furniture, on news lines that must stay, and on blocks of promoted headlines."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.furniture import MAX_FURNITURE_CHARS, furniture_lines, furniture_rule

ROOT = Path(__file__).resolve().parent.parent
FURNITURE = ROOT / "evals" / "furniture"


DATA = Path(__file__).resolve().parent / "data" / "document"


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("line", _lines(FURNITURE / "lines.txt") + _lines(DATA / "furniture-more.txt"))
def test_collected_furniture_is_furniture(line: str) -> None:
    assert furniture_rule(line) is not None


@pytest.mark.parametrize("line", _lines(FURNITURE / "not_furniture.txt") + _lines(DATA / "not-furniture-more.txt"))
def test_news_lines_are_not_furniture(line: str) -> None:
    assert furniture_rule(line) is None


def test_furniture_is_judged_as_a_whole_line_with_its_white_space() -> None:
    assert furniture_rule("  Share \u00a0") == "ui"
    assert furniture_rule("Share this article with your friends, the minister urged on Monday.") is None
    assert furniture_rule("") is None


def test_a_long_line_is_never_furniture() -> None:
    line = "We use cookies, the minister said, " + "and the policy was accepted " * 20
    assert len(line) > MAX_FURNITURE_CHARS
    assert furniture_rule(line) is None


def test_headlines_under_a_related_block_are_furniture() -> None:
    lines = ["Investigators have not determined what caused the fire.", "Related Stories",
             "Record Power Demand Strains Grid in Three States",
             "Reservoir Levels Fall Below Half for First Time Since 2021", "Photo: AP/Mark Ellison"]
    blank = [False, True, False, False, True]
    assert furniture_lines(lines, blank) == [None, "ui", "promo-block", "promo-block", "photo-credit"]


def test_the_block_ends_at_prose_and_at_a_blank_line() -> None:
    lines = ["Most Read", "Bakery Wins National Prize", "Storm Warning for Weekend",
             "What Happens to the Traders", "Stallholders will be offered space on the promenade."]
    blank = [True, False, False, True, False]
    assert furniture_lines(lines, blank) == ["ui", "promo-block", "promo-block", None, None]


def test_a_section_heading_after_a_block_header_is_not_taken() -> None:
    # the heading sits directly above its paragraph, which a promoted headline never does
    lines = ["Read more", "A Ceasefire as the First Condition",
             "In a televised address, President Putin announced talks."]
    assert furniture_lines(lines, [True, True, False]) == ["ui", None, None]

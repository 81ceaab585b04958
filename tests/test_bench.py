"""The benchmark's inputs: articles of a given length made from the bundled article."""

from __future__ import annotations

import re

import pytest

from bench.offline import article_of, percentile
from tests.conftest import ROOT


@pytest.mark.parametrize("words", [250, 1000, 4000])
def test_articles_have_exactly_the_words_asked_for(words: int) -> None:
    assert len(article_of(words).split()) == words


def test_articles_repeat_the_bundled_paragraphs_in_order() -> None:
    source = (ROOT / "examples" / "istanbul-talks.txt").read_bytes().decode("utf-8")
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", source) if p.strip()]
    made = article_of(2 * len(source.split())).rstrip("\n").split("\n\n")
    assert made[: len(paragraphs)] == paragraphs
    assert made[len(paragraphs): 2 * len(paragraphs)] == paragraphs


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([3.0], 95) == 3.0


def test_the_verify_bench_builds_50_statements_from_a_5000_word_source():
    from bench.offline import article_of
    from bench.verify import statements

    text = article_of(5000)
    said = statements(text)
    assert len(said) == 50
    assert sum(s not in text for s in said) >= 15  # edited ones, not only the article's own sentences

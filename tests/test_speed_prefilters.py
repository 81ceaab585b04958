"""Searches skipped or rewritten for speed answer as before: `figures` given the text's `Words` (which skips the
number-word search when no number word is among them) reads the same figures as without; the goalless-score
pattern, now opening on its first letters, finds what it found as first written. Generated texts as in
tests/test_word_start.py (the patterns' own words, their neighbours, capitals, digits, punctuation and the odd
code points İ ı ſ)."""

from __future__ import annotations

import re

import pytest

from app.caseless import caseless
from app.engines import features
from app.facts import numbers
from app.lexicon import Words
from tests.test_word_start import _same_matches, _texts, _words_of


def _number_texts() -> list[str]:
    words = _words_of(features._NUMBER_WORDS) + ["ones", "tent", "often", "someone", "-", "-fold", "per", "cent",
                                                 "percentages", "twenty-five", "one-third", "a", "the", "1", "12.5"]
    return _texts(words, 4000, seed=11)


def test_figures_given_the_texts_words_are_the_figures_without() -> None:
    texts = _number_texts()
    assert [t for t in texts if features.figures(t, Words(t)) != features.figures(t)] == []
    skipped = [t for t in texts if not features._NUMBER_WORD_LEXICON.found(Words(t))]
    assert len(skipped) > 200  # the generated texts reach the skip, and it takes nothing away:
    assert [t for t in skipped if list(features._FIGURE_WORD.finditer(t))] == []


def test_the_memo_keeps_the_same_figures_whether_or_not_words_are_given() -> None:
    memo = features.SentenceMemo()
    for t in _number_texts()[:500]:
        assert memo.figures(t, Words(t)) == features.figures(t)
        assert memo.figures(t) == features.figures(t)


def test_figures_refuse_the_words_of_another_text() -> None:
    with pytest.raises(ValueError):
        features.figures("three people", Words("four people"))


def test_goalless_as_first_written() -> None:
    old = caseless(r"\b(?:goalless|scoreless|nil-nil|nil\s+all)\b")
    texts = _texts(["goalless", "scoreless", "nil-nil", "nil all", "nil  all", "nil", "all", "nils", "agoalless"],
                   3000, seed=12)
    _same_matches(old, numbers._GOALLESS, texts)
    assert re.search(r"\\b", numbers._GOALLESS.pattern[:4]) is None  # it opens on its first letters

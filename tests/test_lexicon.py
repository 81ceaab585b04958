"""app.lexicon: a closed word list answered from a text's words says what its case-insensitive pattern says."""

from __future__ import annotations

import random

import pytest

from app.engines import checkworthy, features
from app.lexicon import Lexicon, Words

LEXICONS = {
    "stat": checkworthy._STAT, "time": checkworthy._TIME, "record": checkworthy._RECORD,
    "according": checkworthy._ACCORDING, "modal": checkworthy._MODAL, "evaluative": checkworthy._EVALUATIVE,
    "past forms": checkworthy._PAST_WORDS, "not past": checkworthy._NOT_PAST,
    "comparison": features._COMPARISON, "than": features._THAN,
    "made up": Lexicon(r"co-sponsored|out of touch|hope[sd]?|it['’]s|a|per ?cent", extra=r"%|\b20\d\d\b"),
}
# around a word: what may make it a whole word or part of a longer one
NEIGHBOURS = ["", " ", "  ", "\n", "-", "'", "’", "s", "ed", "_", "1", "é", ".", ",", "“", "%", "$"]
ODD = ["İ", "ı", "ſ", "\u212a", "ß", "Σ"]  # İ ı ſ: the texts app.caseless searches as written


def _texts(lexicon: Lexicon, rng: random.Random) -> list[str]:
    strings = sorted(lexicon.words) + ["in office", "out of touch", "has been", "per cent", "last year", "2019"]
    texts = []
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 4)):
            s = rng.choice(strings)
            s = s.upper() if rng.random() < 0.2 else s.title() if rng.random() < 0.2 else s
            parts.append(rng.choice(NEIGHBOURS) + s + rng.choice(NEIGHBOURS))
        if rng.random() < 0.1:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(ODD))
        texts.append(rng.choice(["", " "]).join(parts))
    return texts


@pytest.mark.parametrize("name", sorted(LEXICONS))
def test_found_says_what_the_pattern_says(name: str) -> None:
    lexicon = LEXICONS[name]
    for text in _texts(lexicon, random.Random(name)):
        assert lexicon.found(Words(text)) == (lexicon.pattern.search(text) is not None), (name, text)


def test_the_word_list_is_expanded_from_the_alternation() -> None:
    lexicon = Lexicon(r"hope[sd]?|disgrace(?:ful)?|out of touch")
    assert lexicon.words == {"hope", "hopes", "hoped", "disgrace", "disgraceful"}
    assert lexicon.found(Words("An OUT  of touch plan")) is False  # two spaces: not the phrase
    assert lexicon.found(Words("Out of touch, he said.")) is True


@pytest.mark.parametrize("alternation", [r"\w+ed", r"years?|\d+", r"a|", r"(?i:Said)", r"[a-z]est", r"Said|told"])
def test_an_alternation_that_is_no_closed_list_of_words_is_refused(alternation: str) -> None:
    with pytest.raises(ValueError):
        Lexicon(alternation)


def test_past_and_comparison_say_what_their_patterns_say() -> None:
    rng = random.Random(5)
    pieces = ["has been", "have been", "needed", "Tested", "bed", "red", "based", "said", "t3sted", "ed", "fooed",
              "biggest", "Interest", "best", "est", "than", "ever", "in history", "more", "İ", "ſ", "x"]
    for _ in range(5000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        words = Words(text)
        expected = any(not checkworthy._NOT_PAST.pattern.fullmatch(m.group(0))
                       for m in checkworthy._PAST.finditer(text))
        assert checkworthy._past(text, words) == expected, text
        comparative = features._COMPARISON.pattern.search(text) or features._SUPERLATIVE.search(text)
        assert bool(features.comparison(text)) == bool(comparative), text

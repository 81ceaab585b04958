"""Searches skipped or rewritten for speed answer as before: `figures` given the text's `Words` (which skips the
number-word search when no number word is among them) reads the same figures as without; the goalless-score
pattern, now opening on its first letters, finds what it found as first written. Generated texts as in
tests/test_word_start.py (the patterns' own words, their neighbours, capitals, digits, punctuation and the odd
code points İ ı ſ)."""

from __future__ import annotations

import random
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


def _read_numbers_as_first_written(text: str, start: int = 0, end: int | None = None) -> list[numbers.NumberMention]:
    """`read_numbers` before its candidate loop asked for ordinary words first and its goalless search was skipped
    where no goalless word is (a copy, kept as the reference)."""
    N = numbers
    end = len(text) if end is None else min(end, len(text))
    found: list[numbers.NumberMention] = []
    last = start
    segment = text[start:end]
    lower = segment.lower()
    if len(lower) != len(segment):
        lower = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in segment)
    for c in N._CANDIDATE.finditer(lower):
        pos = start + c.start()
        if pos < last:
            continue
        word = c.group(0)
        if word[0].isalpha() and not word.endswith("$") and word not in N._VOCAB and \
                word not in N._CURRENCY_WORDS_BEFORE and not (word in {"a", "an"} and N._A_NEXT_RE.match(lower, c.end())):
            continue
        m = N._ATOM.match(text, pos, end)
        if m is None or not any(m.group(g) for g in ("share", "vague", "digits", "words", "ordw", "times", "couple")):
            continue
        mention = N._mention(text, m, start, end)
        if mention is None and m.group("share"):
            continue
        last = m.end()
        if mention is None:
            continue
        if found and mention.start < found[-1].end:
            continue
        found.append(mention)
    for g in N._GOALLESS.finditer(text, start, end):
        found.append(N.NumberMention(g.start(), g.end(), g.group(0), "score", 0.0, 0.0, 0.0, second=0.0, words=True))
    found.sort(key=lambda n: n.start)
    return N._join_ranges(text, found, start)


def test_read_numbers_as_first_written() -> None:
    words = [*sorted(numbers._VOCAB), *sorted(numbers._CURRENCY_WORDS_BEFORE), "a", "an", "a third", "a dozen", "an hundred", "usd",
             "goalless", "scoreless", "nil-nil", "nil all", "ſcoreless", "NIL", "İ", "12", "1,200", "3.5", "£4m",
             "$", "€12bn", "per cent", "%", "people", "from", "to", "and", "between", "about", "at least", "-", "–",
             "score", "draw", "won", "US$", "rs"]
    texts = _texts(words, 4000, seed=13)
    texts += [" ".join(texts[i:i + 6]) for i in range(0, 1200, 6)]
    rnd = random.Random(14)
    for t in texts:
        assert numbers.read_numbers(t) == _read_numbers_as_first_written(t), t
        a = rnd.randint(0, len(t))
        b = rnd.randint(a, len(t))
        assert numbers.read_numbers(t, a, b) == _read_numbers_as_first_written(t, a, b), (t, a, b)


def _quote_balance_as_first_written(text: str) -> int:
    """`features.quote_balance` before it skipped a pair of marks that the text does not print (a copy)."""
    balance = text.count("“") - text.count("”") + text.count("«") - text.count("»")
    for opener, closer in (("‘", "’"), ("'", "'"), ('"', '"')):
        pending = extra_close = loose = 0
        for i in features._marks(text, opener, closer):
            ch = text[i]
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if ch == opener and (opener != closer or (
                    (before.isspace() or before in "([—–-") and (after.isalnum() or after in "¡¿$£€.…"))):
                pending += 1
                if opener == "'" and before == " " and i > 1 and text[i - 2] == "s":
                    loose += 1
            elif ch == closer and not after.isalnum() and (before.isalnum() or before in ".,!?…%)]"):
                if before == "s" and closer in "'’" and not pending:
                    continue
                if pending:
                    pending -= 1
                else:
                    extra_close += 1
            elif opener == closer == '"' and before.isspace() and after.isspace():
                pending += 1
        if pending and loose:
            pending = max(0, pending - loose)
        balance += pending - extra_close
    return balance


def test_quote_balance_as_first_written() -> None:
    texts = _texts(["fans", "don’t", "don't", "s", "it", "said", "‘", "’", "'", '"', "“", "”", "«", "»", "(", "—"],
                   4000, seed=15)
    assert [t for t in texts if features.quote_balance(t) != _quote_balance_as_first_written(t)] == []


def test_first_person_from_the_words_as_from_the_search() -> None:
    from app.engines import checkworthy

    words = ["i", "we", "let", "me", "in", "my", "view", "opinion", "think", "'m", "’re", " am", " are", "'ll", "won't",
             "proud", "going to", "a ", "not", "it", "wee", "lettuce", "mine", "ii"]
    rnd = random.Random(17)
    texts = _texts(words, 2000, seed=17) + [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 6)))
                                            for _ in range(3000)]
    got = [(t, checkworthy._first_person(t, Words(t))) for t in texts]
    assert [t for t, g in got if g != bool(checkworthy._FIRST_PERSON.search(t))] == []
    assert sum(g for _, g in got) > 100  # the texts reach the pattern's matches, not only the skip

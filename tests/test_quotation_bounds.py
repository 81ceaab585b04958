"""The quotation model's sentence bounds: found once per text by bisection, the same as a scan from the position."""

from __future__ import annotations

import random
import re

from app.facts.people import PeopleRegistry
from app.quotations import QuoteModel, _abbreviation, paragraph_spans


def quote_stop(t: str, i: int) -> bool:
    """A closing mark after a stop, before a capital: the sentence ended inside the quotation ('“Go.” Ek')."""
    return t[i] in "”\"" and i > 0 and t[i - 1] in ".!?" and not _abbreviation(t, i - 1) \
        and re.match(r"[ \u00a0]+[A-Z“\"]", t[i + 1:i + 5]) is not None


def scan_start(f: str, pos: int, floor: int, t: str) -> int:
    i = pos - 1
    while i > floor:
        if f[i] in ".!?" and i + 1 < len(f) and f[i + 1] in " \u00a0\n" and not _abbreviation(f, i):
            return i + 1
        if quote_stop(t, i):
            return i + 1
        if f[i] == "\n":
            return i + 1
        i -= 1
    return floor


def scan_end(f: str, pos: int, ceil: int, t: str) -> int:
    i = pos
    while i < ceil:
        if f[i] in ".!?" and (i + 1 >= ceil or f[i + 1] in " \u00a0\n") and not _abbreviation(f, i):
            return i + 1
        if quote_stop(t, i):
            return i + 1
        if f[i] == "\n":
            return i
        i += 1
    return ceil


def test_bounds_agree_with_a_scan_on_random_texts():
    rng = random.Random(7)
    pieces = ["Mr. Ek said", " yes", ".", "!", "?", " ", "\n", "\u00a0", "U.S.", "a", "“Go.”", " p.m.", "B."]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        model = QuoteModel(text, paragraph_spans(text), PeopleRegistry.__new__(PeopleRegistry))
        f = model.frame
        for _ in range(20):
            a, b = sorted(rng.randint(0, len(f)) for _ in range(2))
            pos = rng.randint(a, b)
            assert model.sentence_start(pos, a) == scan_start(f, pos, a, text), (text, pos, a)
            assert model.sentence_end(pos, b) == scan_end(f, pos, b, text), (text, pos, b)

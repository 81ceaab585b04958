"""The verifier's crude stems and its WordNet table (app.verify.text) against their plain definitions.

root() tries only the suffixes that end in the word's last letter and _related() stems each WordNet word once;
both must give what the plain definitions give (every suffix in order, first match wins; a link from each word
that stems well to each of its related words that stems well, and both ways between a form and its lemma).
"""

from __future__ import annotations

import pytest

import app.verify.wordnet as wordnet
from app.verify import text
from app.verify.text import _SUFFIXES, _SUFFIXES_BY_LAST, _related, _stems_well, stem


def _first_suffix(word: str) -> tuple[str, str] | None:
    return next(((s, r) for s, r in _SUFFIXES if word.endswith(s) and len(word) - len(s) >= 3), None)


def _first_suffix_by_last(word: str) -> tuple[str, str] | None:
    return next(((s, r) for s, r, n in _SUFFIXES_BY_LAST.get(word[-1], ()) if word.endswith(s) and len(word) - n >= 3),
                None)


@pytest.fixture(scope="module")
def some_words() -> list[str]:
    related, _, forms = wordnet.lexicon()
    words = sorted(set(related).union(*related.values()) | set(forms))
    return words[::40]


def test_the_suffixes_by_last_letter_are_the_suffixes_in_their_order():
    regrouped = [(s, r) for group in _SUFFIXES_BY_LAST.values() for s, r, _ in group]
    assert sorted(regrouped) == sorted(_SUFFIXES)
    for last, group in _SUFFIXES_BY_LAST.items():
        assert [(s, r) for s, r, _ in group] == [(s, r) for s, r in _SUFFIXES if s[-1] == last]
        assert all(n == len(s) for s, _, n in group)


def test_root_takes_the_first_suffix_that_fits(some_words):
    tails = [s for s, _ in _SUFFIXES]
    # each WordNet word sampled, and each with every suffix put on it
    for word in some_words + [w + t for w in some_words[::10] for t in tails]:
        assert _first_suffix_by_last(word) == _first_suffix(word), word
    assert text.root("negotiations") == "negotia"
    assert text.root("rejection") == text.root("rejected")


def _plain_related(related: dict[str, frozenset[str]], forms: dict[str, str]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for word, others in related.items():
        a = stem(word)
        if not _stems_well(word, a):
            continue
        for other in others:
            b = stem(other)
            if a != b and _stems_well(other, b):
                out.setdefault(a, set()).add(b)
    for form, lemma in forms.items():
        a, b = stem(form), stem(lemma)
        if a != b:
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


def test_the_related_table_is_its_plain_definition(monkeypatch):
    related, opposite, forms = wordnet.lexicon()
    part = {w: others for i, (w, others) in enumerate(sorted(related.items())) if i % 20 == 0}
    part_forms = {f: lemma for i, (f, lemma) in enumerate(sorted(forms.items())) if i % 5 == 0}
    monkeypatch.setattr(wordnet, "lexicon", lambda: (part, opposite, part_forms))
    table = _related.__wrapped__()
    assert table == _plain_related(part, part_forms)
    assert sum(map(len, table.values())) > 1000  # the sample links enough words to mean something

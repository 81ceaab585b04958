"""The per-document memo of sentence answers (app.engines.features.memo_of): the same answers as asked afresh,
kept on its own Document, never seen from another."""

from __future__ import annotations

import pickle

from app.document import Document
from app.engines.checkworthy import features
from app.engines.claims import extract_claims
from app.engines.features import SentenceMemo, figures, memo_of
from app.engines.summary import ineligible, summarise

ARTICLE = ("The council spent £4.2 million on the bridge, officials said on Monday. "
           "It reopened after three years of work. "
           "Councillors voted 7-2 for the scheme after a three-hour meeting.\n\n"
           "One resident said she was pleased. Creme Egg: 26.5g sugar; 177 calories.")


def test_each_document_has_its_own_memo():
    a, b = Document(ARTICLE), Document(ARTICLE)
    assert memo_of(a) is memo_of(a)
    assert memo_of(a) is not memo_of(b)


def test_a_memo_answers_as_figures_does():
    memo = SentenceMemo()
    for text in ["Three people died and 40% of homes were lost.", "One thing I've noted.", "No figure here.",
                 "£4.2m and two-thirds of a dozen"]:
        assert memo.figures(text) == figures(text)
        assert memo.figures(text) == figures(text)  # a second time, from the memo


def test_what_one_document_read_is_not_seen_from_another():
    a = Document(ARTICLE)
    extract_claims(a)
    summarise(a, 60)
    read = set(memo_of(a)._figures)
    assert read, "the steps read figures through the document's memo"
    b = Document("A different story with 12 figures in it, told on Tuesday.")
    assert not set(memo_of(b)._figures) & read
    summarise(b, 60)
    assert set(memo_of(a)._figures) == read  # b's work did not reach a's memo


def test_answers_with_the_memo_are_those_without():
    doc = Document(ARTICLE)
    memo = memo_of(doc)
    for s in doc.body:
        assert features(s.text, memo=memo) == features(s.text)
        for leaning_ok in (False, True):
            assert ineligible(s, max_words=60, one_block=False, leaning_ok=leaning_ok, memo=memo) == \
                ineligible(s, max_words=60, one_block=False, leaning_ok=leaning_ok)
    fresh = Document(ARTICLE)
    assert summarise(doc, 60) == summarise(fresh, 60)
    assert extract_claims(doc) == extract_claims(Document(ARTICLE))


def test_a_document_with_its_memo_still_pickles():
    doc = Document(ARTICLE)
    summarise(doc, 60)
    again = pickle.loads(pickle.dumps(doc))
    assert again.text == doc.text

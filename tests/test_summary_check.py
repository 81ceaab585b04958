"""The summary self-check: extractive key points pass without the verifier; the verifier cache lets documents go."""

from __future__ import annotations

import asyncio
import gc

from app.document import Document
from app.document.source import SourceDocument
from app.models import KeyPoint
from app.service import _check_summary
from app.verify import verify_offline
from app.verify.retrieve import _INDEXES


def test_verbatim_key_point_needs_no_verifier(article):
    doc = Document(article)
    sentence = doc.body[0]
    point = KeyPoint(text=" ".join(sentence.text.split()), sentence_ids=[sentence.id],
                     spans=[doc.span(sentence.start, sentence.end)])
    assert asyncio.run(_check_summary([point], doc)) == []


def test_a_key_point_that_changes_its_span_is_still_checked(article):
    doc = Document(article)
    sentence = doc.body[0]
    changed = sentence.text.replace("Istanbul", "Geneva")
    point = KeyPoint(text=changed, sentence_ids=[sentence.id], spans=[doc.span(sentence.start, sentence.end)])
    warnings = asyncio.run(_check_summary([point], doc))
    assert len(warnings) == 1 and "key point 1" in warnings[0].message and warnings[0].key_point == 0


def test_verifier_cache_does_not_keep_documents_alive(short_story):
    gc.collect()
    before = len(_INDEXES)
    for _ in range(3):
        doc = Document(short_story)
        verify_offline(["Ferry fares will rise by 12 percent."], [SourceDocument("a", doc)])
        del doc
    gc.collect()
    assert len(_INDEXES) == before


def test_a_paraphrase_is_checked_against_the_sentences_it_cites(article):
    doc = Document(article)
    sentence = next(s for s in doc.body if "Istanbul this Thursday" in s.text)
    faithful = KeyPoint(text="Putin called for direct negotiations with Ukraine in Istanbul this Thursday.",
                        sentence_ids=[sentence.id])
    invented = KeyPoint(text="Putin called for direct negotiations with Ukraine in Geneva this Thursday.",
                        sentence_ids=[sentence.id])
    warnings = asyncio.run(_check_summary([faithful, invented], doc))
    assert len(warnings) == 1 and warnings[0].message.startswith("summary key point 2")
    assert (warnings[0].key_point, warnings[0].text, warnings[0].label) == (1, invented.text, "contradicted")


def test_a_point_citing_the_wrong_sentence_falls_back_to_the_whole_article(article):
    doc = Document(article)
    unrelated = next(s for s in doc.body if "Olena Koval" in s.text)
    point = KeyPoint(text="Putin called for direct negotiations with Ukraine in Istanbul this Thursday.",
                     sentence_ids=[unrelated.id])
    assert asyncio.run(_check_summary([point], doc)) == []

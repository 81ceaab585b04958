"""The offline engine on the bundled article and the project's fixtures."""

from __future__ import annotations

import asyncio

import pytest

from app.document import Document
from app.engines.base import AnalyzeOptions
from app.engines.offline import OfflineEngine
from tests.conftest import ROOT
from tests.yamlfile import read_yaml

FIXTURES = ROOT / "evals" / "fixtures"


def _load(name: str) -> tuple[dict, Document]:
    spec = read_yaml(FIXTURES / f"{name}.yaml")
    raw = (FIXTURES / spec["text_file"]).read_bytes().decode("utf-8")
    doc = Document.from_html(raw) if spec["text_file"].endswith(".html") else Document(raw)
    return spec, doc


def _analyze(doc: Document, words: int = 120):
    return asyncio.run(OfflineEngine().analyze(doc, AnalyzeOptions(summary_words=words)))


def test_bundled_article_contradictions_found(article):
    doc = Document(article)
    result = _analyze(doc)
    pairs = [({s.text for s in x.a.spans}, {s.text for s in x.b.spans}) for x in result.contradictions]
    assert any("Sunday, June 1, 2025" in a and any("tomorrow, May 12" in t for t in b) for a, b in pairs)
    assert any(any("February 2022" in t for t in a) and any("two years of war" in t for t in b) for a, b in pairs)
    for x in result.contradictions:
        assert x.explanation and x.found_by.startswith("check:")
        for span in x.a.spans + x.b.spans:
            assert article[span.start:span.end] == span.text


@pytest.mark.parametrize("quote,speaker", [
    ("“We are proposing that Kyiv resume direct negotiations", "Vladimir Putin"),
    ("He specified that Ukraine expects", "Volodymyr Zelenskiy"),
    ("said Olena Koval", "Olena Koval"),
    ("“We have laid out our offer on the table,” she said.", "Maria Zakharova"),
    ("Russian Defense Minister Sergei Shoigu, speaking at a military conference", "Sergei Shoigu"),
    ("Ukraine reported that Russia had launched a drone attack", "Ukraine"),
    ("described as “a positive sign”", "Volodymyr Zelenskiy"),
])
def test_speakers_on_the_bundled_article(article, quote, speaker):
    result = _analyze(Document(article))
    start = article.index(quote)
    hits = [c for c in result.claims if c.span.start <= start < c.span.end]
    assert hits, f"no claim covers {quote!r}"
    assert hits[0].speaker == speaker


def test_claims_are_grounded_and_never_headings_or_furniture(article):
    doc = Document(article)
    result = _analyze(doc)
    heading_spans = [(h.start, h.end) for h in doc.headings]
    for c in result.claims:
        assert article[c.span.start:c.span.end] == c.span.text
        assert c.span.end - c.span.start <= 600
        assert not doc.is_furniture(c.span.start, c.span.end)
        assert not any(s < c.span.end and c.span.start < e for s, e in heading_spans)
        assert doc.sentences[c.sentence_id].kind == "body"


def test_summary_within_limit_and_only_body(article):
    doc = Document(article)
    for words in (40, 120, 200):
        summary = _analyze(doc, words).summary
        assert 0 < len(summary.text.split()) <= words
        for point in summary.key_points:
            for sid in point.sentence_ids:
                assert doc.sentences[sid].kind == "body"
    text = _analyze(doc).summary.text
    assert "India" not in text and "READ MORE" not in text and "June 1, 2025" not in text


def test_summary_leads_with_the_lead(article):
    summary = _analyze(Document(article)).summary
    assert summary.text.startswith("President Vladimir Putin on Sunday called for direct")


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.yaml")))
def test_no_false_alarm_on_clean_controls(name):
    spec, doc = _load(name)
    if spec.get("contradictions") != []:
        pytest.skip("not a clean control")
    assert _analyze(doc).contradictions == []


def test_contradiction_links_claims(article):
    result = _analyze(Document(article))
    claim_ids = {c.id for c in result.claims}
    linked = [i for x in result.contradictions for i in x.a.claim_ids + x.b.claim_ids]
    assert linked and set(linked) <= claim_ids


def test_summary_drops_a_list_label_but_keeps_the_span_exact():
    text = ("Monday, March 3, 2025\n\nThe council met on Monday to set the budget for next year, officials said.\n"
            "Security Guarantees: Russia seeks to bar Ukraine from joining NATO, citing its cities.\n")
    doc = Document(text)
    summary = _analyze(doc, 400).summary
    labelled = [p for p in summary.key_points if "NATO" in p.text]
    assert labelled and labelled[0].text.startswith("Russia seeks")
    span = labelled[0].spans[0]
    assert text[span.start:span.end] == span.text and span.text.startswith("Russia seeks")

"""Fingerprints: from what a finding says and its spans' normalised words, never offsets or ids."""

from __future__ import annotations

import asyncio

from app import service
from app.decisions import fingerprint
from app.models import AnalyzeRequest, Claim, Contradiction, ContradictionSide, Span
from app.settings import Settings


def _claim(text: str, start: int = 0, *, cid: str = "c1", speaker: str | None = None, rewording: str = "x") -> Claim:
    return Claim(id=cid, text=rewording, span=Span(start=start, end=start + len(text), text=text), sentence_id=0,
                 speaker=speaker, type="event", checkworthy=0.5)


def _contradiction(a: str, b: str, *, type_: str = "numeric", found_by: str = "check:numbers") -> Contradiction:
    return Contradiction(id="x1", type=type_, a=ContradictionSide(spans=[Span(start=0, end=len(a), text=a)]),
                         b=ContradictionSide(spans=[Span(start=100, end=100 + len(b), text=b)]),
                         explanation="e", confidence=0.9, found_by=found_by)


def test_normalise_ignores_typography_and_case():
    assert fingerprint.normalise("“Forty”  people\u00a0died — Monday.") == fingerprint.normalise('"forty" People died - monday')


def test_a_claim_keeps_its_fingerprint_when_offsets_ids_speaker_or_wording_change():
    one = _claim("Forty people died on Monday.", 10, cid="c1", speaker="Mr. Putin", rewording="Forty died.")
    other = _claim("Forty people died on Monday.", 900, cid="c7", speaker=None, rewording="40 people died Monday.")
    assert fingerprint.of_claim(one) == fingerprint.of_claim(other)
    assert fingerprint.of_claim(one) != fingerprint.of_claim(_claim("Fifty people died on Monday."))
    assert fingerprint.of_claim(one).startswith("f1-") and len(fingerprint.of_claim(one)) == 27


def test_a_contradiction_is_the_same_with_its_sides_swapped_or_another_type_or_check():
    ab = _contradiction("40 people died", "50 people died")
    ba = _contradiction("50 people died", "40 people died", type_="factual", found_by="llm")
    assert fingerprint.of_contradiction(ab) == fingerprint.of_contradiction(ba)
    assert fingerprint.of_contradiction(ab) != fingerprint.of_contradiction(_contradiction("40 people died",
                                                                                          "60 people died"))


def test_kinds_never_share_a_fingerprint():
    text = "Forty people died on Monday."
    claim = _claim(text)
    contradiction = _contradiction(text, text)
    assert fingerprint.of_claim(claim) != fingerprint.of_contradiction(contradiction)


def _analyze(text: str):
    settings = Settings(_env_file=None, llm_base_url=None, llm_api_key=None)
    return asyncio.run(service.analyze(AnalyzeRequest(text=text, engine="offline"), settings))


def test_every_finding_of_an_analysis_has_a_fingerprint_that_survives_an_inserted_paragraph(article):
    before = _analyze(article)
    assert before.claims and all(c.fingerprint for c in before.claims)
    assert all(c.fingerprint for c in before.contradictions or [])
    edited = article.replace("\n\n", "\n\nThe city council met on Tuesday to discuss parking fees downtown.\n\n", 1)
    after = _analyze(edited)
    kept = {c.fingerprint for c in after.claims} | {c.fingerprint for c in after.contradictions or []}
    old = [c.fingerprint for c in before.claims] + [c.fingerprint for c in before.contradictions or []]
    # offsets of everything after the insertion moved; the fingerprints did not
    assert sum(fp in kept for fp in old) / len(old) >= 0.95
    moved = [c for c in before.claims if c.span.start > article.index("\n\n")]
    assert moved and any(a.span.start != b.span.start for a in after.claims for b in moved
                         if a.fingerprint == b.fingerprint)


def test_records_keep_no_text_only_hashes(article):
    response = _analyze(article)
    records = fingerprint.records(response)
    assert {r.kind for r in records} >= {"claim"}
    for record in records:
        for value in record.span_hashes:
            assert len(value) == 16 and int(value, 16) >= 0


def test_the_schemas_example_fingerprint_has_the_shape_the_recipe_makes(article):
    import re

    from app.models import FINGERPRINT_PATTERN, DecisionRequest

    made = _analyze(article).claims[0].fingerprint
    shape = re.compile(FINGERPRINT_PATTERN)
    assert made is not None and shape.fullmatch(made)
    schema = DecisionRequest.model_json_schema()
    assert shape.fullmatch(schema["examples"][0]["fingerprint"]), schema["examples"]
    assert schema["properties"]["fingerprint"]["pattern"] == FINGERPRINT_PATTERN  # what a plugin can check

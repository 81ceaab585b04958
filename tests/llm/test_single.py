"""COPYDESK_LLM_CALLS=single (the default): the summary, the claims and the contradictions in one call that sees the
whole numbered article; the deterministic checks beside it."""

from __future__ import annotations

import httpx
import pytest

from app.engines.llm.schemas import SummaryClaimsContradictionsAnswer
from app.settings import Settings
from bench.fake_llm import Asked, Payload
from tests.llm.conftest import MODES
from tests.llm.test_analyze import grounded

TASK = "summary_claims_contradictions"


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


def test_single_is_the_default():
    assert Settings(_env_file=None).llm_calls == "single"


def test_one_call_gives_the_summary_the_claims_and_the_contradictions(serve, short_article, mode):
    client, fake = serve(mode, llm_calls="single")
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert [a.task for a in fake.asked] == [TASK]
    grounded(short_article, body)
    assert body["summary"]["text"] and body["summary"]["key_points"]
    assert [c["id"] for c in body["claims"]] == ["c1", "c2", "c3", "c4"]
    assert body["contradictions"] is not None
    assert not body["meta"]["degraded"]
    sent, answered = fake.usage()
    assert body["meta"]["usage"] == {"input_tokens": sent, "output_tokens": answered, "calls": 1, "retries": 0,
                                     "reasks": 0}
    asked = fake.of(TASK)[0]
    text = asked.text
    # the whole article (every sentence, the dateline included), then each task once, in order
    assert all(f"\n{i}\t" in text for i in range(0, 6))
    assert text.index("<<<END ARTICLE") < text.index("Task: summarise") < text.index("Task: list the check-worthy") \
        < text.index("Task: find where")
    assert "<<<BEGIN CLAIMS" not in text
    assert body["meta"]["prompt_version"] == "claims.v2+contradictions.v3+summary.v2"


def test_the_models_contradiction_is_grounded_merged_and_linked_to_the_claims_it_overlaps(serve, short_article):
    mode = "tools"  # grounding and merging do not depend on the wire format
    def clash(payload: Payload, asked: Asked) -> Payload:
        return {**payload, "contradictions": [{
            "type": "numeric",
            "a": {"sentence_id": 2, "quote": "raise fares by 12 percent"},  # overlaps the claim's quote
            "b": {"sentence_id": 3, "quote": "$4.50, up from $4.00"},
            "explanation": "A rise from $4.00 to $4.50 is 12.5 percent, not 12.",
            "confidence": 0.6}]}

    client, fake = serve(mode, llm_calls="single")
    fake.overrides[TASK] = clash
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    grounded(short_article, body)
    found = [x for x in body["contradictions"] if "llm" in x["found_by"].split(" + ")]
    assert len(found) == 1
    x = found[0]
    claim_of = {c["sentence_id"]: c["id"] for c in body["claims"]}
    assert x["a"]["spans"][0]["text"] == "raise fares by 12 percent" and x["a"]["claim_ids"] == [claim_of[2]]
    assert x["b"]["claim_ids"] == [claim_of[3]]
    assert [c["id"] for c in body["contradictions"]] == [f"x{i}" for i in range(1, len(body["contradictions"]) + 1)]


def test_a_contradiction_side_may_cite_the_dateline(serve, short_article):
    def against_the_dateline(payload: Payload, asked: Asked) -> Payload:
        return {**payload, "contradictions": [{
            "type": "temporal", "a": {"sentence_id": 0, "quote": "Tuesday, April 8, 2025"},
            "b": {"sentence_id": 2, "quote": "on May 1"}, "explanation": "x", "confidence": 0.4}]}

    client, fake = serve("tools", llm_calls="single")
    fake.overrides[TASK] = against_the_dateline
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert len(fake.of(TASK)) == 1  # grounded at once: no re-ask
    assert any(x["a"]["spans"][0]["text"] == "Tuesday, April 8, 2025" for x in body["contradictions"])


def test_an_ungrounded_contradiction_side_re_asks_the_one_call(serve, short_article, mode):
    def invented_first(payload: Payload, asked: Asked) -> Payload:
        side = {"sentence_id": 3, "quote": "a ticket costs nine dollars"}
        clash = {"type": "numeric", "a": {"sentence_id": 2, "quote": "12 percent"}, "b": side,
                 "explanation": "x", "confidence": 0.5}
        return {**payload, "contradictions": [clash] if asked.attempt == 1 else []}

    client, fake = serve(mode, llm_calls="single")
    fake.overrides[TASK] = invented_first
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    first, second = fake.of(TASK)
    assert "a ticket costs nine dollars" in second.text[len(first.text):]
    assert not body["meta"]["degraded"] and body["meta"]["usage"]["reasks"] == 1


def test_a_failing_single_call_degrades_the_summary_and_the_claims_and_asks_for_the_contradictions(
        serve, short_article):
    client, fake = serve("tools", llm_calls="single")
    fake.overrides[TASK] = lambda p, a: httpx.Response(503, json={"error": {"message": "down"}})
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert [a.task for a in fake.asked] == [TASK] * 3 + ["contradictions"]  # a first attempt, 2 retries, then
    warnings = body["meta"]["warnings"]
    assert body["meta"]["degraded"]
    for part in ("summary", "claims"):
        assert any(w.startswith(f"{part}: the endpoint answered HTTP 503") for w in warnings), part
    assert not any(w.startswith("contradictions:") for w in warnings)
    assert body["summary"]["text"] and body["claims"]  # the offline engine's
    # the contradiction call saw the offline claims, listed by id after the article
    assert all(f"\n{c['id']}\t{c['sentence_id']}" in fake.of("contradictions")[0].text for c in body["claims"])
    grounded(short_article, body)


def test_when_every_call_fails_the_answer_is_a_502_with_a_retry_hint(serve, short_article):
    client, fake = serve("tools", llm_calls="single")
    for task in (TASK, "contradictions"):
        fake.overrides[task] = lambda p, a: httpx.Response(503, json={"error": {"message": "down"}})
    r = client.post("/v1/analyze", json={"text": short_article})
    assert r.status_code == 502 and r.headers["content-type"] == "application/problem+json"
    assert int(r.headers["retry-after"]) >= 1


@pytest.mark.parametrize(("include", "tasks"), [
    (["summary", "claims"], ["summary_claims"]),
    (["claims", "contradictions"], ["claims", "contradictions"]),
    (["summary"], ["summary"]),
])
def test_without_all_three_parts_the_calls_asked_are_the_parts_wanted(serve, short_article, include, tasks):
    client, fake = serve("tools", llm_calls="single")
    client.post("/v1/analyze", json={"text": short_article, "include": include})
    assert [a.task for a in fake.asked] == tasks


def test_a_long_article_asks_for_claims_by_part(serve, short_article):
    client, fake = serve("tools", llm_calls="single", llm_chunk_tokens=30)
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert not fake.of(TASK) and len(fake.of("claims")) > 1 and fake.of("contradictions")
    assert [c["id"] for c in body["claims"]] == ["c1", "c2", "c3", "c4"]


def test_the_single_schema_is_lean():
    text = str(SummaryClaimsContradictionsAnswer.model_json_schema())
    assert "description" not in text and "claim_ids" not in text  # claims get their ids after the answer

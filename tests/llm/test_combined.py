"""COPYDESK_LLM_CALLS=combined: one call for the summary and the claims, then the contradictions over the article
and the claim list; the lean prompt (schemas without titles or descriptions, the json modes' schema after the data).
"""

from __future__ import annotations

import json

import httpx
import pytest

from app.document import Document
from app.engines.llm import claims_block
from app.engines.llm.client import schema_last
from app.engines.llm.schemas import ClaimsAnswer, ContradictionsAnswer, SummaryClaimsAnswer
from app.models import Claim, Span
from bench.fake_llm import Asked, Payload
from tests.llm.conftest import MODES
from tests.llm.test_analyze import grounded


@pytest.mark.parametrize("mode", MODES)  # where the schema goes in the prompt depends on the mode
def test_one_call_gives_the_summary_and_the_claims(serve, short_article, mode):
    client, fake = serve(mode, llm_calls="combined")
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    assert [a.task for a in fake.asked] == ["summary_claims", "contradictions"]
    grounded(short_article, body)
    assert body["summary"]["text"] and body["summary"]["key_points"]
    assert [c["id"] for c in body["claims"]] == ["c1", "c2", "c3", "c4"]
    assert not body["meta"]["degraded"] and body["meta"]["prompt_version"] == "claims.v2+contradictions.v3+summary.v2"
    sent, answered = fake.usage()
    assert body["meta"]["usage"] == {"input_tokens": sent, "output_tokens": answered, "calls": 2, "retries": 0,
                                     "reasks": 0}
    both = fake.of("summary_claims")[0]
    user = both.messages[-1]["content"] if mode != "md_json" else both.text
    # the data first, then each task once, then (json modes) the schema; the system message holds no schema
    assert user.index("<<<END ARTICLE") < user.index("Task: summarise") < user.index("Task: list the check-worthy")
    assert "json_schema" not in both.messages[0]["content"] and "properties" not in both.messages[0]["content"]
    if mode in ("json", "md_json"):
        assert user.index("Task: list the check-worthy") < user.index('"properties"')


def test_one_ungrounded_claim_re_asks_the_combined_call(serve, short_article):
    # our grounding of a parsed answer, in one mode (instructor's re-ask per mode: tests/llm/test_analyze.py)
    mode = "tools"
    def ungrounded_first(payload: Payload, asked: Asked) -> Payload:
        if asked.attempt == 1:
            return {**payload, "claims": [{**payload["claims"][0], "quote": "words the article never wrote"}]}
        return payload

    client, fake = serve(mode, llm_calls="combined")
    fake.overrides["summary_claims"] = ungrounded_first
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    first, second = fake.of("summary_claims")
    assert "not in sentence" in second.text[len(first.text):] or "nor anywhere" in second.text[len(first.text):]
    assert len(body["claims"]) == 4 and body["summary"]["text"] and not body["meta"]["degraded"]
    assert body["meta"]["usage"]["reasks"] == 1


def test_a_failing_combined_call_degrades_both_parts(serve, short_article):
    client, fake = serve("tools", llm_calls="combined")
    fake.overrides["summary_claims"] = lambda p, a: httpx.Response(503, json={"error": {"message": "down"}})
    body = client.post("/v1/analyze", json={"text": short_article}).json()
    warnings = body["meta"]["warnings"]
    assert body["meta"]["degraded"]
    assert any(w.startswith("summary: the endpoint answered HTTP 503") for w in warnings)
    assert any(w.startswith("claims: the endpoint answered HTTP 503") for w in warnings)
    assert body["summary"]["text"] and body["claims"]  # the offline engine's
    grounded(short_article, body)


def test_only_claims_asked_is_one_claims_call(serve, short_article):
    client, fake = serve("tools", llm_calls="combined")
    client.post("/v1/analyze", json={"text": short_article, "include": ["claims"]})
    assert [a.task for a in fake.asked] == ["claims"]


def test_schemas_are_lean_but_still_enforced():
    for model in (SummaryClaimsAnswer, ClaimsAnswer, ContradictionsAnswer):
        text = json.dumps(model.model_json_schema())
        assert "$ref" not in text and "description" not in text and '"title"' not in text.replace(
            f'"title": "{model.__name__}"', "")
        assert model.model_json_schema()["title"] == model.__name__  # tools mode names the tool after it
    claim = ClaimsAnswer.model_json_schema()["properties"]["claims"]["items"]["properties"]
    assert claim["speaker"] == {"type": ["string", "null"]}
    assert claim["type"] == {"enum": ["event", "quote", "statistic", "prediction", "opinion"]}
    from app.engines.llm.schemas import ClaimAnswer
    with pytest.raises(ValueError):
        ClaimAnswer.model_validate({"sentence_id": 1, "quote": "q", "text": "t", "type": "event", "checkworthy": 1.5})


def test_both_contradiction_answers_send_the_same_fields_in_the_same_order_with_their_own_sides():
    """ContradictionAnswer and ArticleContradictionAnswer share their fields (schemas.Contradiction): the schema the
    model sees keeps the order type, a, b, explanation, confidence, and only the split call's sides carry claim ids."""
    from app.engines.llm.schemas import SummaryClaimsContradictionsAnswer

    split = ContradictionsAnswer.model_json_schema()["properties"]["contradictions"]["items"]
    single = SummaryClaimsContradictionsAnswer.model_json_schema()["properties"]["contradictions"]["items"]
    for item in (split, single):
        assert list(item["properties"]) == ["type", "a", "b", "explanation", "confidence"]
        assert item["required"] == list(item["properties"])
    assert list(split["properties"]["a"]["properties"]) == ["sentence_id", "quote", "claim_ids"]
    assert list(single["properties"]["a"]["properties"]) == ["sentence_id", "quote"]
    assert split["properties"]["a"] == split["properties"]["b"] and single["properties"]["a"] == single["properties"]["b"]


def test_the_claim_list_names_each_claim_by_id_and_sentence_and_sends_only_rewritten_text():
    doc = Document("Ferries run at night. The mayor said fares rise by 12 percent.")
    first, second = doc.sentences[0], doc.sentences[1]
    copied = Claim(id="c1", text=first.text, span=Span(start=first.start, end=first.end, text=first.text),
                   sentence_id=first.id, type="event", checkworthy=0.5)
    rewritten = Claim(id="c2", text="The mayor of Dover said ferry fares rise by 12 percent in May.",
                      span=Span(start=second.start, end=second.end, text=second.text), sentence_id=second.id,
                      speaker="the mayor", type="statistic", checkworthy=0.9)
    block = claims_block(doc, [copied, rewritten])
    assert "Ferries run at night" not in block  # the article block before it holds the sentence
    assert f"\nc1\t{first.id}\n" in block
    assert f"\nc2\t{second.id} (the mayor): The mayor of Dover said" in block


@pytest.mark.parametrize("mode", MODES)  # where the schema goes (before or after the data) depends on the mode
def test_the_contradiction_call_sees_the_whole_article_as_the_first_call_does(serve, short_article, mode):
    client, fake = serve(mode, llm_calls="combined")
    client.post("/v1/analyze", json={"text": short_article})
    both, contradictions = fake.of("summary_claims")[0], fake.of("contradictions")[0]
    # the same system message and article block, in the same place: a prefix the endpoint can cache
    assert both.messages[0] == contradictions.messages[0]
    block = both.text[both.text.index("<<<BEGIN ARTICLE"): both.text.index("<<<END ARTICLE")]
    assert block in contradictions.text and all(f"\n{i}\t" in block for i in range(0, 6))
    if mode != "md_json":
        first, second = both.messages[1]["content"], contradictions.messages[1]["content"]
        assert second.startswith(first[: first.index("Task:")].rstrip())


def test_schema_last_moves_the_json_schema_after_the_data():
    messages = [{"role": "system", "content": "RULES\n\nAs a genius expert, your task is to understand the content "
                                              "and provide {schema}"},
                {"role": "user", "content": "DATA\n\nTask: do it"}]
    moved = schema_last({"messages": messages, "model": "m"})["messages"]
    assert moved[0]["content"] == "RULES"
    assert moved[1]["content"].startswith("DATA\n\nTask: do it\n\nAs a genius expert") and moved[1]["content"].endswith("{schema}")
    assert messages[0]["content"].startswith("RULES\n\nAs a genius")  # the caller's list is left alone
    plain = {"messages": [{"role": "system", "content": "RULES"}, {"role": "user", "content": "DATA"}]}
    assert schema_last(plain) is plain

"""/v1/verify with the llm engine: batched, grounded, re-asked, degraded per batch."""

from __future__ import annotations

import httpx
import pytest

from bench.fake_llm import Asked, Payload, payload
from tests.llm.conftest import MODES

STATEMENTS = [
    "Ferry fares will rise by 12 percent on May 1.",
    "A single adult ticket will cost $4.50.",
    "Two new electric ferries enter service in September.",
    "The ferry company was founded in 1901.",
    "Commuter groups said the rise would hit 18,000 people.",
]


def request(article: str, statements: list[str] = STATEMENTS) -> dict:
    return {"statements": statements, "sources": [{"id": "article", "text": article}], "engine": "llm"}


def grounded(article: str, body: dict) -> None:
    for result in body["results"]:
        for ev in result["evidence"]:
            assert ev["source_id"] == "article" and article[ev["start"]:ev["end"]] == ev["text"]


@pytest.mark.parametrize("mode", MODES)
def test_verdicts_with_grounded_evidence(serve, short_article, mode):
    client, fake = serve(mode)
    r = client.post("/v1/verify", json=request(short_article, STATEMENTS[:2]))
    assert r.status_code == 200, r.text
    body = r.json()
    assert [x["statement"] for x in body["results"]] == STATEMENTS[:2]
    assert all(x["label"] == "supported" and x["evidence"] for x in body["results"])
    grounded(short_article, body)
    assert body["meta"]["engine"] == "llm" and body["meta"]["usage"]["calls"] == 1
    assert not body["meta"]["degraded"]
    shown = fake.asked[0].messages[-1]["content"]
    assert shown.index("<<<END STATEMENTS") < shown.index("Task:")


def test_statements_are_batched_and_answered_in_order(serve, short_article):
    client, fake = serve("tools", llm_verify_batch=2)
    body = client.post("/v1/verify", json=request(short_article)).json()
    assert len(fake.of("verify")) == 3
    assert [x["statement"] for x in body["results"]] == STATEMENTS
    assert body["meta"]["usage"]["calls"] == 3 and body["meta"]["usage"]["input_tokens"] == fake.usage()[0]


def test_ungrounded_evidence_is_re_asked_then_replaced_by_the_offline_verdict(serve, short_article):
    def invent(payload: Payload, asked: Asked) -> Payload:
        payload["verdicts"][0]["evidence"][0]["quote"] = "fares will be free for pensioners"
        return payload

    client, fake = serve("tools")
    fake.overrides["verify"] = invent
    body = client.post("/v1/verify", json=request(short_article, STATEMENTS[:2])).json()
    first, second = fake.of("verify")
    assert "fares will be free for pensioners" in second.text[len(first.text):]
    grounded(short_article, body)
    assert all("free for pensioners" not in e["text"] for x in body["results"] for e in x["evidence"])
    assert any("statement 1" in w for w in body["meta"]["warnings"])
    assert body["meta"]["usage"]["reasks"] == 1


def test_a_missing_verdict_is_asked_for_again(serve, short_article):
    client, fake = serve("tools")
    fake.overrides["verify"] = lambda p, a: {"verdicts": p["verdicts"][:1]} if a.attempt == 1 else p
    body = client.post("/v1/verify", json=request(short_article, STATEMENTS[:2])).json()
    assert "give a verdict for statements [2]" in fake.of("verify")[1].text
    assert not body["meta"]["degraded"] and len(body["results"]) == 2


def test_a_failed_batch_falls_back_to_offline_verdicts(serve, short_article):
    client, fake = serve("tools", llm_verify_batch=3)
    fake.overrides["verify"] = lambda p, a: httpx.Response(503) if "4. " in a.text else p
    body = client.post("/v1/verify", json=request(short_article)).json()
    assert body["meta"]["degraded"]
    assert any(w.startswith("verify: statements 4–5") for w in body["meta"]["warnings"])
    assert len(body["results"]) == 5
    grounded(short_article, body)


def test_no_batch_at_all_is_a_502(serve, short_article):
    client, fake = serve("tools")
    fake.overrides["verify"] = lambda p, a: httpx.Response(500)
    r = client.post("/v1/verify", json=request(short_article))
    assert r.status_code == 502 and r.headers["retry-after"]


def test_repeated_warnings_are_listed_once_in_order(serve, short_article):
    # every verdict the model gives cites text the article does not hold: the re-asks and the drops repeat
    # the same words; a plugin shows meta.warnings as they come, so each distinct warning stands once
    client, fake = serve("tools")
    fake.overrides["verify"] = lambda p, a: payload(a.body, ungrounded=True)
    body = client.post("/v1/verify", json=request(short_article, STATEMENTS[:1])).json()
    warnings = body["meta"]["warnings"]
    assert any("statement 1" in w for w in warnings)
    assert len(warnings) == len(set(warnings))
    assert len(body["meta"]["warning_codes"]) == len(warnings)


def test_meta_keeps_each_warning_once_in_the_order_first_met():
    from app.models import Meta
    assert Meta(engine="offline", warnings=["b", "a", "b", "c", "a"]).warnings == ["b", "a", "c"]

"""The summary self-check: /v1/analyze verifies its own key points against the article.

An extractive summary must pass clean; a key point with a number the article does not give
must come back as a warning in meta.warnings. The LLM is the fake endpoint (bench/fake_llm.py).
"""

from __future__ import annotations

import asyncio

from fastapi.testclient import TestClient

from app import service
from app.api import create_app
from app.models import AnalyzeRequest
from bench.fake_llm import Asked, FakeLLM, Payload
from tests.llm.conftest import llm_settings, read


def summary_warnings(meta: dict) -> list[str]:
    return [w for w in meta["warnings"] if w.startswith("summary key point")]


def test_the_offline_summary_of_the_bundled_article_passes_its_own_check(article, settings):
    response = asyncio.run(service.analyze(AnalyzeRequest(text=article, engine="offline"), settings))
    assert response.summary is not None and response.summary.key_points
    assert not summary_warnings(response.meta.model_dump())


def _llm_summary(points: list[str]):
    def answer(payload: Payload, asked: Asked) -> Payload:
        return {"summary": " ".join(points), "key_points": [{"text": p, "sentence_ids": [3]} for p in points]}
    return answer


def _analyze(points: list[str]) -> dict:
    article = read("short-article.txt")
    fake = FakeLLM()
    fake.overrides["summary"] = _llm_summary(points)
    with fake.serving():
        client = TestClient(create_app(llm_settings("tools")), raise_server_exceptions=False)
        r = client.post("/v1/analyze", json={"text": article, "include": ["summary"]})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_key_point_with_an_invented_number_is_a_warning():
    body = _analyze(["The harbour ferry operator will raise fares by 12 percent on May 1.",
                     "A single adult ticket will cost $5.50."])
    warnings = summary_warnings(body["meta"])
    assert len(warnings) == 1
    assert "key point 2" in warnings[0] and "$5.50" in warnings[0]


def test_a_faithful_paraphrase_passes():
    body = _analyze(["Harbour ferry fares will rise 12 percent on May 1, chief executive Dana Reyes said.",
                     "A single adult ticket will go up from $4.00 to $4.50."])
    assert not summary_warnings(body["meta"])


def test_the_check_can_be_turned_off():
    article = read("short-article.txt")
    fake = FakeLLM()
    fake.overrides["summary"] = _llm_summary(["A single adult ticket will cost $5.50."])
    with fake.serving():
        client = TestClient(create_app(llm_settings("tools")), raise_server_exceptions=False)
        body = client.post("/v1/analyze", json={"text": article, "include": ["summary"],
                                               "verify_summary": False}).json()
    assert not summary_warnings(body["meta"])

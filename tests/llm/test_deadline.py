"""The request deadline holds when every LLM call hangs: a 504 at the deadline, no offline work thrown away."""

from __future__ import annotations

import asyncio

import httpx
import respx
from fastapi.testclient import TestClient

from app.api import create_app
from app.engines import llm
from bench.fake_llm import BASE_URL
from tests.llm.conftest import llm_settings


async def _hang(request: httpx.Request) -> httpx.Response:
    await asyncio.sleep(3600)
    raise AssertionError("unreachable")


def test_when_every_call_hangs_the_answer_is_a_504_without_offline_fallbacks(monkeypatch, short_article):
    def never(*args, **kwargs):
        raise AssertionError("an offline fallback was computed for an answer that is a 504")

    monkeypatch.setattr(llm, "summarise", never)
    monkeypatch.setattr(llm, "extract_claims", never)
    with respx.mock(assert_all_called=False) as router:
        router.post(f"{BASE_URL}/chat/completions").mock(side_effect=_hang)
        client = TestClient(create_app(llm_settings("tools", request_deadline_s=1.0, llm_timeout_s=600)),
                            raise_server_exceptions=False)
        r = client.post("/v1/analyze", json={"text": short_article})
    assert r.status_code == 504 and r.headers["content-type"] == "application/problem+json"
    assert int(r.headers["retry-after"]) >= 1

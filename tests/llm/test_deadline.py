"""The request deadline holds when every LLM call hangs: a 504 at the deadline, no offline work thrown away."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import respx
from fastapi.testclient import TestClient

from app.api import create_app
from app.engines.llm import analyze as llm
from app.settings import Settings
from bench.fake_llm import BASE_URL
from tests.llm.conftest import llm_settings


def _warm() -> None:
    from app import cpu

    pool = cpu.pool()
    if pool is not None:
        pool.prestart()


async def _hang(request: httpx.Request) -> httpx.Response:
    await asyncio.sleep(3600)
    raise AssertionError("unreachable")


def test_when_every_call_hangs_the_answer_is_a_504_without_offline_fallbacks(monkeypatch, short_article):
    def never(*args, **kwargs):
        raise AssertionError("an offline fallback was computed for an answer that is a 504")

    monkeypatch.setattr(llm, "summarise", never)
    monkeypatch.setattr(llm, "extract_claims", never)
    app = create_app(llm_settings("tools", request_deadline_s=0.5, llm_timeout_s=600))
    _warm()  # the deadline counts the wait for a CPU worker: start them first, as `copydesk serve` does
    with respx.mock(assert_all_called=False) as router:
        router.post(f"{BASE_URL}/chat/completions").mock(side_effect=_hang)
        client = TestClient(app, raise_server_exceptions=False)
        r = client.post("/v1/analyze", json={"text": short_article})
    assert r.status_code == 504 and r.headers["content-type"] == "application/problem+json"
    assert int(r.headers["retry-after"]) >= 1


def _points(payload, asked):
    # key points in the model's words (not the article's), so the summary check has work to do
    return {"summary": "Fares rise.", "key_points": [{"text": "Ferry fares will go up soon.", "sentence_ids": [3]}]}


def _analyze_with_cpu_work_that_never_ends(monkeypatch, target, name: str) -> dict:
    from app import cpu
    from bench.fake_llm import FakeLLM
    from tests.cpu_jobs import _spin_on

    app = create_app(llm_settings("tools", request_deadline_s=2.0, cpu_workers=2))  # a process pool: killable
    try:
        pool = cpu.pool()
        assert pool is not None
        _warm()  # warm workers: the deadline is for the job under test, not for starting a process
        monkeypatch.setattr(target, name, _spin_on)  # run in a CPU worker, where it spins for 600 s
        fake = FakeLLM()
        fake.overrides["summary"] = _points
        killed = pool.killed
        with fake.serving():
            r = TestClient(app, raise_server_exceptions=False).post("/v1/analyze", json={"text": short_text()})
        assert r.status_code == 200, r.text
        assert pool.killed > killed  # the spinning job was stopped, not left to run for nobody
        return r.json()["meta"]
    finally:
        cpu.configure(Settings(_env_file=None).cpu_workers, Settings(_env_file=None).cpu_budget_s)


def short_text() -> str:
    from tests.llm.conftest import read

    return read("short-article.txt")


@pytest.mark.processes
def test_a_summary_check_that_cannot_finish_by_the_deadline_is_skipped_and_said(monkeypatch):
    from app import service

    meta = _analyze_with_cpu_work_that_never_ends(monkeypatch, service, "_verify_points")
    assert meta["degraded"] is True
    assert "summary_unchecked" in meta["warning_codes"]
    assert not any(w.startswith("summary key point") for w in meta["warnings"])


@pytest.mark.processes
def test_checks_that_cannot_finish_by_the_deadline_are_left_out_and_said(monkeypatch):
    meta = _analyze_with_cpu_work_that_never_ends(monkeypatch, llm, "run_checks")
    assert meta["degraded"] is True
    assert "checks_unfinished" in meta["warning_codes"]
    assert len(meta["warning_codes"]) == len(meta["warnings"])

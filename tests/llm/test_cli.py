"""`copydesk analyze` picks the llm engine from the environment, like the service."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.settings import get_settings
from bench.fake_llm import BASE_URL, FakeLLM
from tests.llm.conftest import DATA


@pytest.fixture
def llm_env(monkeypatch, fake_llm: FakeLLM):
    monkeypatch.setenv("COPYDESK_LLM_BASE_URL", BASE_URL)
    monkeypatch.setenv("COPYDESK_LLM_MODEL", "env-model")
    monkeypatch.delenv("COPYDESK_LLM_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    get_settings.cache_clear()
    yield fake_llm
    get_settings.cache_clear()


@pytest.mark.parametrize("engine_args", [[], ["--engine", "llm"]])
def test_analyze_uses_the_llm_engine_when_configured(llm_env, capsys, engine_args):
    path = DATA / "short-article.txt"
    assert main(["analyze", str(path), "--format", "json", *engine_args]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["meta"]["engine"] == "llm" and body["meta"]["model"] == "env-model"
    assert [a.task for a in llm_env.asked] == ["summary_claims_contradictions"]  # the default: one call for all
    text = path.read_bytes().decode("utf-8")
    assert all(text[c["span"]["start"]:c["span"]["end"]] == c["span"]["text"] for c in body["claims"])

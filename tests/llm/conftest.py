"""Fixtures of the llm engine tests: settings with tiny waits, the fake endpoint (bench/fake_llm.py), the articles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api import create_app
from app.settings import Settings
from bench.fake_llm import BASE_URL, FakeLLM

DATA = Path(__file__).resolve().parent / "data"
MODES = ["tools", "json_schema", "json", "md_json"]


def llm_settings(mode: str = "tools", **overrides: Any) -> Settings:
    """Settings for a fake endpoint, with waits small enough for a fast suite."""
    values: dict[str, Any] = dict(
        _env_file=None, llm_base_url=BASE_URL, llm_api_key="sk-test", llm_model="test-model", llm_mode=mode,
        llm_timeout_s=2.0, llm_max_retries=2, llm_max_reasks=1, llm_backoff_s=0.001, llm_backoff_max_s=0.01,
        llm_calls="split",  # per-part behaviour; tests/llm/test_combined.py covers one call for both
        request_deadline_s=10.0, api_keys=None, api_keys_file=None,
        rate_limit_per_minute=0,  # the shared apps below serve many tests from one client address
    )
    values.update(overrides)
    return Settings(**values)


def read(name: str) -> str:
    """A test article exactly as on disk."""
    return (DATA / name).read_bytes().decode("utf-8")


@pytest.fixture
def short_article() -> str:
    """A six-sentence news story."""
    return read("short-article.txt")


@pytest.fixture
def braces_article() -> str:
    """An article about templates: it holds {{ }}, {% %} and an injected instruction."""
    return read("braces-article.txt")


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    """The fake endpoint, serving the llm engine's clients for BASE_URL while the test runs."""
    with FakeLLM().serving(BASE_URL) as fake:
        yield fake


_APPS: dict[str, FastAPI] = {}


def shared_app(settings: Settings) -> FastAPI:
    """One app per distinct settings for the whole run. Safe to share: the engine's clients are per event loop and
    per transport, so each test's fake endpoint is the one asked (app/engines/llm/client.py shared_client)."""
    key = settings.model_dump_json()
    if key not in _APPS:
        _APPS[key] = create_app(settings)
    return _APPS[key]


@pytest.fixture
def serve(fake_llm: FakeLLM) -> Callable[..., tuple[TestClient, FakeLLM]]:
    """serve(mode, **settings) -> an API client whose LLM is the fake endpoint, and that fake."""

    def make(mode: str = "tools", **overrides: Any) -> tuple[TestClient, FakeLLM]:
        return TestClient(shared_app(llm_settings(mode, **overrides)), raise_server_exceptions=False), fake_llm

    return make

"""Shared test fixtures: the bundled article and an API client with fresh settings."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.settings import Settings

# The decisions database of every app the tests make: a SQLite file in a temporary folder, never ./data,
# never a server the environment points at (tests/decisions/ makes its own PostgreSQL).
os.environ["COPYDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="copydesk-test-data-")
atexit.register(shutil.rmtree, os.environ["COPYDESK_DATA_DIR"], ignore_errors=True)
os.environ.pop("COPYDESK_DATABASE_URL", None)
# The unit suite analyses on the CPU thread, not in worker processes (starting and warming a worker costs seconds
# a test); `make test-processes` sets COPYDESK_CPU_WORKERS=2, and tests/test_cpu.py makes its own pools.
os.environ.setdefault("COPYDESK_CPU_WORKERS", "0")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every Hypothesis test (`@given`, Schemathesis' too) is a property test: `make test-property` runs them."""
    for item in items:
        test = getattr(item, "obj", None)
        if getattr(test, "is_hypothesis_test", False) or getattr(getattr(test, "hypothesis", None), "inner_test", None):
            item.add_marker(pytest.mark.property)


@pytest.fixture
def article() -> str:
    """The bundled article exactly as on disk."""
    return (ROOT / "examples" / "istanbul-talks.txt").read_bytes().decode("utf-8")


@pytest.fixture
def settings() -> Settings:
    """Offline settings, not read from the environment."""
    return Settings(_env_file=None, llm_base_url=None, llm_api_key=None)


@pytest.fixture
def client(settings: Settings) -> TestClient:
    """A client of an app with the offline settings."""
    return TestClient(create_app(settings))

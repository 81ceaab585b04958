"""Shared test fixtures: the bundled article and an API client with fresh settings."""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # imported where used: pytest-xdist's controller process loads this file but runs no test
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from app.settings import Settings

# The decisions database of every app the tests make: a SQLite file in a temporary folder, never ./data,
# never a server the environment points at (tests/decisions/ makes its own PostgreSQL).
# The collector is off from here until the tests are collected (pytest_collection_finish): the start-up only builds.
gc.disable()
os.environ["COPYDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="copydesk-test-data-")
atexit.register(shutil.rmtree, os.environ["COPYDESK_DATA_DIR"], ignore_errors=True)
os.environ.pop("COPYDESK_DATABASE_URL", None)
# The unit suite analyses on the CPU thread, not in worker processes (starting and warming a worker costs seconds
# a test); `make test-processes` sets COPYDESK_CPU_WORKERS=2, and tests/test_cpu.py makes its own pools.
os.environ.setdefault("COPYDESK_CPU_WORKERS", "0")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


# Modules (paths under tests/) whose every test carries one mark, left uncollected when the run's mark expression
# (`-m`, pyproject's addopts for the unit suite) would deselect that mark anyway: importing them costs and gives
# nothing (Schemathesis builds its cases from the app's OpenAPI schema while collecting: about 4 s of CPU; the
# cluster tests import Ray where the extra is installed: about 0.5 s a process). A test in one of them without
# the mark is a usage error (pytest_collection_modifyitems), so nothing can hide there from the unit suite.
PROPERTY_MODULES = {"test_schemathesis.py", "test_properties.py"}
MARKED_MODULES = {
    **dict.fromkeys(PROPERTY_MODULES, "property"),  # the mark is added below, to every @given test
    "test_batch_cluster.py": "cluster",
    "test_cpu.py": "processes",
    "test_determinism.py": "processes",
    "test_wheel.py": "processes",
    "browser/test_desk.py": "browser",
    "integration/test_llama_cpp.py": "integration",
}
TESTS = Path(__file__).resolve().parent


def _module_mark(path: Path) -> str | None:
    try:
        return MARKED_MODULES.get(path.resolve().relative_to(TESTS).as_posix())
    except ValueError:  # outside tests/
        return None


@pytest.hookimpl(trylast=True)  # after pytest-cov has started coverage (in an xdist worker, at session start)
def pytest_sessionstart(session: pytest.Session) -> None:
    """In a process that runs tests, load now what the first request would otherwise load inside its deadline
    (COPYDESK_REQUEST_DEADLINE_S; 10 s in tests/llm): the llm engine's modules (instructor, openai: about 1.5 s of
    imports) and the readers' data (app.warmup, as `copydesk serve` does before it listens: lemma tables, WordNet
    links, about 2 s). On a loaded machine, or with two pytest-xdist workers loading at once, either could pass
    the deadline (a 504). pytest-xdist's controller runs no test and skips both."""
    config = session.config
    if getattr(config.option, "dist", "no") != "no" and not hasattr(config, "workerinput"):
        gc.enable()  # the controller collects no tests (see pytest_collection_finish)
        return
    importlib.import_module("app.engines.llm")
    importlib.import_module("app.warmup")


def pytest_collection_finish(session: pytest.Session) -> None:
    """The start-up's heap (modules, lemma tables, WordNet links, the collected tests: most of what the process
    will hold) lives for the whole run: it is moved out of the collector's reach, and the collector, off since
    this file was imported, comes back on. Each full collection during the run (and pytest's own at its end) no
    longer walks it again, and the start-up no longer collects over and over a heap that only grows: in each
    xdist worker the collector had taken about as much time as the tests' slowest module. Objects made by the
    tests are collected as before (tests/test_summary_check.py counts on it)."""
    gc.freeze()
    gc.enable()


@pytest.hookimpl(trylast=True)  # after pytest's own last collections (unraisable exceptions) and every report
def pytest_unconfigure(config: pytest.Config) -> None:
    """Freeze the heap once the run is over: the interpreter's collection at exit then has nothing to walk (a
    process that ran its share of the suite took 1.8-2 s to exit, 0.15-0.3 s frozen; each xdist worker's exit is
    waited for)."""
    gc.freeze()


def _selects(config: pytest.Config, mark: str) -> bool:
    """Whether the run's `-m` expression selects a test that carries `mark` and no other."""
    markexpr = config.getoption("markexpr", "") or ""
    if not markexpr:
        return True
    try:
        from _pytest.mark.expression import Expression  # pytest's own reader of -m (private; fall back when moved)
    except ImportError:  # pragma: no cover - a pytest without it: collect, and let -m deselect
        return True
    return bool(Expression.compile(markexpr).evaluate(lambda name, **_: name == mark))


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Skip importing a module of MARKED_MODULES in a run that deselects its mark (the unit suite)."""
    mark = _module_mark(collection_path)
    if mark is not None and not _selects(config, mark):
        return True
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every Hypothesis test (`@given`, Schemathesis' too) is a property test: `make test-property` runs them."""
    for item in items:
        test = getattr(item, "obj", None)
        if getattr(test, "is_hypothesis_test", False) or getattr(getattr(test, "hypothesis", None), "inner_test", None):
            item.add_marker(pytest.mark.property)
    strays = [item.nodeid for item in items
              if (mark := _module_mark(item.path)) is not None and item.get_closest_marker(mark) is None]
    if strays:  # such a test would never run in the unit suite, which does not collect these modules
        raise pytest.UsageError(f"a test without its module's mark (tests/conftest.py MARKED_MODULES): "
                                f"{', '.join(strays)}")


@pytest.fixture
def article() -> str:
    """The bundled article exactly as on disk."""
    return (ROOT / "examples" / "istanbul-talks.txt").read_bytes().decode("utf-8")


@pytest.fixture
def short_story() -> str:
    """A six-sentence news story (tests/llm/data/short-article.txt), for tests of a gate or a route's contract,
    where the bundled 1,600-word article would add only analysis time."""
    return (DATA.parent / "llm" / "data" / "short-article.txt").read_bytes().decode("utf-8")


@pytest.fixture
def settings() -> Settings:
    """Offline settings, not read from the environment."""
    from app.settings import Settings

    return Settings(_env_file=None, llm_base_url=None, llm_api_key=None)


@pytest.fixture(scope="session")
def offline_app() -> FastAPI:
    """One app with the offline settings for the whole run, its rate limit off (the run's hundreds of requests come
    from one client address). A test that needs other settings or patches the app makes its own."""
    from app.api import create_app
    from app.settings import Settings

    return create_app(Settings(_env_file=None, llm_base_url=None, llm_api_key=None, rate_limit_per_minute=0))


@pytest.fixture
def client(offline_app: FastAPI) -> TestClient:
    """A client of the shared app with the offline settings."""
    from fastapi.testclient import TestClient

    return TestClient(offline_app)

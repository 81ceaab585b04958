"""The installed package is complete: a wheel installed elsewhere runs the llm engine from another directory.

Issue 19: the Docker image ran `/v1/analyze` with the llm engine from a directory without `prompts/` and got a
500 on every request while /readyz said ready. The prompts now ship inside the package (app/prompt_files).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes  # builds and installs a wheel with pip, then runs it in a new interpreter

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import sys
import app
assert app.__file__.startswith(sys.argv[1]), app.__file__
from fastapi.testclient import TestClient
from app.api import create_app
from bench.fake_llm import FakeLLM
from tests.llm.conftest import llm_settings
# the first request of a fresh interpreter starts and warms the CPU workers: on a loaded CI machine that can take
# longer than the llm tests' 10 s deadline, and this test is about the package's files, not about deadlines
settings = llm_settings("tools").model_copy(update={"request_deadline_s": 240.0, "llm_timeout_s": 60.0})
with FakeLLM().serving():
    r = TestClient(create_app(settings)).post(
        "/v1/analyze", json={"text": "Talks began on Monday in Istanbul, officials said. Both sides attended."})
assert r.status_code == 200, r.text
meta = r.json()["meta"]
assert meta["engine"] == "llm" and meta["prompt_version"] and not meta["degraded"], meta
print("ok")
"""


def test_a_wheel_installed_elsewhere_runs_the_llm_engine_from_another_directory(tmp_path):
    dist, target, elsewhere, source = (tmp_path / name for name in ("dist", "site", "elsewhere", "source"))
    elsewhere.mkdir()
    source.mkdir()  # what the Dockerfile copies before `pip install .`: the build must need nothing else
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "app", source / "app", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(dist.glob("copydesk-*.whl"))
    assert any(n.startswith("app/prompt_files/") and n.endswith(".md") for n in zipfile.ZipFile(wheel).namelist())
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")}
    # the installed wheel first, then the repo (for the fake LLM of bench/fake_llm.py); CPU workers inherit PYTHONPATH
    env["PYTHONPATH"] = os.pathsep.join([str(target), str(ROOT)])
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(target), str(ROOT)], cwd=elsewhere, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]

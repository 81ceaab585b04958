"""`copydesk eval --engine llm --jobs N` against the fake OpenAI-compatible endpoint (bench/fake_llm.py)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from app.evals import harness
from bench.fake_llm import FakeLLM
from tests.llm.conftest import llm_settings

DATA = Path(__file__).resolve().parent / "data"


def test_llm_eval_records_model_prompt_and_tokens(tmp_path):
    fixtures, out = tmp_path / "mini", tmp_path / "out"
    shutil.copytree(DATA / "mini", fixtures)
    fake = FakeLLM()
    progress = io.StringIO()
    with fake.serving():
        report = harness.evaluate(fixtures, "llm", out, settings=llm_settings(), jobs=3, progress=progress)
    assert progress.getvalue().count("/3] ") == 3
    assert report["engine"] == "llm" and report["model"] == "test-model" and report["prompt_version"]
    run = report["totals"]["run"]
    assert run["ok"] == 3 and run["errors"] == 0 and run["verify_errors"] == 0
    # every token the endpoint reported, analyze and verify together, reaches the report
    used_in = used_out = 0
    for fid in ("northport-ferry", "museum-roof", "bakery-award"):
        for name in (f"{fid}.json", f"{fid}.verify.json"):
            usage = json.loads((out / "responses" / name).read_text(encoding="utf-8"))["meta"]["usage"]
            used_in, used_out = used_in + usage["input_tokens"], used_out + usage["output_tokens"]
    assert run["input_tokens"] == used_in > 0 and run["output_tokens"] == used_out > 0
    assert run["input_tokens_per_article"] == round(used_in / 3, 4)
    assert len(fake.of("claims")) == 3 and len(fake.of("verify")) >= 3  # each fixture analysed and verified
    assert report["totals"]["verify"]["statements"] == 7
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "model `test-model`" in md

"""`copydesk batch --engine llm --batch-api` against the fake server's Files and Batches endpoints."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path
from typing import Any

import pytest

from app.batch import BatchConfig, run_batch
from app.batch.openai_batch import BatchState, run_batch_api
from app.batch.rows import read_rows
from app.cli import main
from app.settings import Settings
from bench.fake_openai import FaultPlan, running

ARTICLES = [
    "Sunday, June 1, 2025\n\nThe council approved a budget of $4.2 million on Friday. The mayor said it was fair.",
    "The ferry operator will raise fares by 12 percent on May 1. A single ticket will cost $4.50.",
    "Dana Reyes, 54, leads the company. Commuter groups said the rise would hit the poorest riders.",
    "The bridge opened in 1998 after four years of work. It carries 40,000 vehicles a day.",
]


def settings_for(fake: Any, **kw: Any) -> Settings:
    return Settings(_env_file=None, llm_base_url=fake.base_url, llm_api_key="sk-test", llm_model="fake-model",
                    llm_backoff_s=0.001, llm_backoff_max_s=0.01, api_keys=None, api_keys_file=None, **kw)


def config(tmp_path: Path, name: str = "out.jsonl", **kw: Any) -> BatchConfig:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n" for i, t in enumerate(ARTICLES)))
    return BatchConfig(input=src, output=tmp_path / name, engine="llm", progress="off", batch_poll_s=0.01, **kw)


def lines(path: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(raw)
        row["meta"].pop("duration_ms")
        out[row["id"]] = row
    return out


def grounded(row: dict[str, Any], text: str) -> bool:
    spans = [c["span"] for c in row["claims"]]
    spans += [s for k in row["summary"]["key_points"] for s in k["spans"]]
    return all(text[s["start"]:s["end"]] == s["text"] for s in spans)


@pytest.mark.parametrize(("calls", "rounds"), [("single", 1), ("combined", 2)])
def test_batch_api_lines_are_the_online_lines(tmp_path, calls, rounds):
    with running() as fake:
        online = run_batch(config(tmp_path, "online.jsonl", concurrency=4), settings_for(fake, llm_calls=calls))
        assert fake.stats()["batches"] == 0
        fake.reset()
        summary = run_batch(config(tmp_path, batch_api=True), settings_for(fake, llm_calls=calls))
        batches = dict(fake.batches)
    assert online.done == summary.done == len(ARTICLES) and summary.batches == rounds
    # single: one batch of each article's one call; combined: each article's summary-and-claims call, then a
    # second batch of each article's contradiction call
    assert [b["request_counts"]["total"] for b in batches.values()] == [len(ARTICLES)] * rounds
    assert all(b["completion_window"] == "24h" and b["endpoint"] == "/v1/chat/completions" for b in batches.values())
    assert lines(tmp_path / "online.jsonl") == lines(tmp_path / "out.jsonl")
    state = BatchState(tmp_path / "out.jsonl")
    assert not state.state_path.exists() and not state.answers_path.exists()  # removed once every row is written
    assert summary.cost is None and f"Batch API: {rounds} batch" in "\n".join(summary.lines())


@pytest.mark.parametrize(("calls", "sizes"), [("combined", [4, 4, 1]), ("single", [4, 1])])
def test_answers_that_fail_grounding_are_re_asked_in_the_next_batch(tmp_path, calls, sizes):
    # the first request of the first batch cites sentence 9999 with a made-up quote
    with running(faults=FaultPlan(script=("ungrounded",))) as fake:
        run_batch(config(tmp_path, batch_api=True), settings_for(fake, llm_calls=calls))
        batches = list(fake.batches.values())
    out = lines(tmp_path / "out.jsonl")
    reasked = [row for row in out.values() if row["meta"]["usage"]["reasks"]]
    assert len(reasked) == 1 and not reasked[0]["meta"]["degraded"]
    # combined: the re-ask rides in the second batch with the other articles' contradiction calls, and its own
    # contradiction call needs a third; single: the re-ask is the second batch alone
    assert [b["request_counts"]["total"] for b in batches] == sizes
    for row in out.values():
        assert grounded(row, ARTICLES[int(row["id"][1:])])


def test_an_expired_batch_sends_its_unanswered_requests_again(tmp_path):
    with running(batch_outcomes=("expired",)) as fake:
        summary = run_batch(config(tmp_path, batch_api=True), settings_for(fake))
        batches = list(fake.batches.values())
    assert summary.done == len(ARTICLES)
    assert batches[0]["status"] == "expired" and batches[0]["request_counts"]["failed"] == 2
    out = lines(tmp_path / "out.jsonl")
    assert sum(row["meta"]["usage"]["retries"] for row in out.values()) == 2
    assert not any(row["meta"]["degraded"] for row in out.values())


def test_a_failed_batch_stops_the_run_and_the_same_command_resumes(tmp_path, monkeypatch, capsys):
    with running(batch_outcomes=("failed",)) as fake:
        for key, value in {"COPYDESK_LLM_BASE_URL": fake.base_url, "COPYDESK_LLM_API_KEY": "sk-test",
                           "COPYDESK_LLM_BACKOFF_S": "0.001", "COPYDESK_LLM_MODEL": "fake-model"}.items():
            monkeypatch.setenv(key, value)
        from app.settings import get_settings

        get_settings.cache_clear()
        cfg = config(tmp_path, batch_api=True)
        argv = ["batch", str(cfg.input), "--out", str(cfg.output), "--engine", "llm", "--batch-api",
                "--batch-poll", "0.01", "--progress", "off"]
        assert main(argv) == 2
        assert "batch_1 failed: the fake rejects this batch" in capsys.readouterr().err
        assert BatchState(cfg.output).state_path.exists()
        assert main(argv) == 0
        get_settings.cache_clear()
    assert len(lines(cfg.output)) == len(ARTICLES)


def _in_progress(state_path: Path) -> bool:
    """Whether the saved batch state (written whole, by a rename) holds a batch in progress."""
    if not state_path.exists():
        return False
    return any(b["status"] == "in_progress" for b in json.loads(state_path.read_text())["batches"])


def test_a_restart_resumes_the_batch_by_its_id(tmp_path):
    cfg = config(tmp_path, batch_api=True)
    with running(batch_polls=10**6) as fake:  # the first batch never ends while the first run lives
        settings = settings_for(fake, llm_calls="combined")  # two rounds: the second follows the resumed first

        async def first_run() -> bool:
            """The first run, stopped (as a killed process would be) once its batch is recorded as sent and in
            progress; whether it was still running then."""
            rows = read_rows(cfg.input, None)
            run = asyncio.create_task(run_batch_api(rows, lambda line: None, settings=settings, output=cfg.output,
                                                    include=None, engine="llm", poll_s=0.01))
            while not run.done() and not _in_progress(BatchState(cfg.output).state_path):
                await asyncio.sleep(0.01)
            running_still = not run.done()
            run.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await run
            return running_still

        assert asyncio.run(asyncio.wait_for(first_run(), 30))
        state = json.loads(BatchState(cfg.output).state_path.read_text())
        assert [b["id"] for b in state["batches"]] == ["batch_1"] and state["batches"][0]["status"] == "in_progress"
        fake.batch_polls = 0  # now it ends on the next poll
        summary = run_batch(cfg, settings)
        batches = list(fake.batches)
    assert summary.done == len(ARTICLES)
    assert batches == ["batch_1", "batch_2"]  # batch_1 polled again by its id, not sent anew
    assert summary.batches == 1

"""`copydesk batch`: rows in, one JSON line per row out; bad rows reported per row; resumable; versioned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.batch import BatchConfig, InputError, OutputError, VersionMismatch, run_batch
from app.batch.output import scan
from app.cli import main
from app.settings import Settings

SHORT = "Sunday, June 1, 2025\n\nThe council approved a budget of $4.2 million on Friday. The mayor said it was fair."


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def config(tmp_path: Path, rows: list[object], **kw) -> BatchConfig:
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    return BatchConfig(input=src, output=tmp_path / "out.jsonl", jobs=1, progress="off", **kw)


def test_each_row_gives_the_analyze_body_plus_its_id(tmp_path, settings, client, article):
    cfg = config(tmp_path, [{"id": "one", "text": article}, {"id": 2, "text": SHORT, "title": "Budget"}])
    summary = run_batch(cfg, settings)
    assert (summary.done, sum(summary.failed.values())) == (2, 0)
    out = {row["id"]: row for row in lines(cfg.output)}
    assert set(out) == {"one", "2"}
    api = client.post("/v1/analyze", json={"text": article}).json()
    row = out["one"]
    for part in ("document", "summary", "claims", "contradictions"):
        assert row[part] == api[part]
    assert row["meta"]["ruleset_version"] == api["meta"]["ruleset_version"]
    assert row["meta"]["ruleset_version"].startswith("rules-")


def test_bad_rows_are_reported_one_by_one_and_the_rest_processed(tmp_path, settings):
    rows = ['{"id": "broken", ', {"text": "no id here"}, {"id": "empty"}, {"id": "both", "text": "a", "html": "<p>b"},
            {"id": "huge", "text": "word " * 50_000}, {"id": "ok", "text": SHORT}, {"id": "ok", "text": SHORT},
            {"id": "extra", "text": SHORT, "colour": "red"}, [1, 2]]
    cfg = config(tmp_path, rows)
    summary = run_batch(cfg, settings.model_copy(update={"max_article_chars": 100_000}))
    out = lines(cfg.output)
    assert len(out) == len(rows)
    by_line = {row.get("line"): row for row in out if "problem" in row}
    assert by_line[1]["problem"]["type"] == "malformed-row" and "column" in by_line[1]["problem"]["detail"]
    assert by_line[2]["problem"]["type"] == "missing-id"
    assert by_line[3]["problem"]["type"] == "validation-error"
    assert by_line[4]["problem"]["type"] == "validation-error"
    assert by_line[5]["problem"] == {**by_line[5]["problem"], "type": "article-too-large", "status": 413}
    assert by_line[7]["problem"]["type"] == "duplicate-id"
    assert "colour" in by_line[8]["problem"]["detail"]
    assert by_line[9]["problem"]["type"] == "malformed-row"
    assert summary.done == 1 and sum(summary.failed.values()) == 8
    assert all("versions" in row for row in out if "problem" in row)


def test_a_row_with_an_over_long_number_is_a_malformed_row_and_the_rest_run(tmp_path, settings):
    long_number = '{"id": "a", "text": "Hello there. He said so.", "summary_words": 1' + "0" * 5000 + "}"
    cfg = config(tmp_path, [long_number, '{"id": "b", "text": "unterminated', {"id": "ok", "text": SHORT}])
    summary = run_batch(cfg, settings)
    by_line = {row.get("line"): row for row in lines(cfg.output) if "problem" in row}
    assert by_line[1]["problem"]["type"] == "malformed-row" and "digits" in by_line[1]["problem"]["detail"]
    assert by_line[2]["problem"]["detail"].startswith("line 2 is not JSON: Invalid control character at column")
    assert summary.done == 1


def test_statements_on_a_row_are_verified_against_its_article(tmp_path, settings):
    cfg = config(tmp_path, [{"id": "v", "text": SHORT, "statements": ["The council approved a $4.2 million budget."]}])
    run_batch(cfg, settings)
    (row,) = lines(cfg.output)
    assert [r["label"] for r in row["verify"]["results"]] == ["supported"]


def test_a_crash_leaves_a_partial_line_that_the_next_run_cuts_and_resumes(tmp_path, settings):
    rows = [{"id": f"r{i}", "text": SHORT} for i in range(6)]
    cfg = config(tmp_path, rows, limit=3)
    run_batch(cfg, settings)
    with open(cfg.output, "ab") as handle:
        handle.write(b'{"id": "r3", "docum')  # killed mid-write
    state = scan(cfg.output)
    assert state.truncated_bytes == len(b'{"id": "r3", "docum') and state.done == {"r0", "r1", "r2"}
    summary = run_batch(BatchConfig(**{**cfg.__dict__, "limit": None}), settings)
    assert summary.skipped == 3 and summary.done == 3
    ids = [row["id"] for row in lines(cfg.output)]
    assert sorted(ids) == [f"r{i}" for i in range(6)]  # each once, no partial line


def test_ctrl_c_keeps_whole_lines_and_a_rerun_finishes_the_job(tmp_path, settings):
    rows = [{"id": f"r{i}", "text": SHORT} for i in range(5)]
    cfg = config(tmp_path, rows)

    from app.batch.runner import expected_versions
    from app.batch.work import RowWorker

    def interrupted(rows_iter, emit, *_):
        worker = RowWorker(settings)
        for n, row in enumerate(rows_iter):
            if n == 2:
                raise KeyboardInterrupt
            emit(worker([row])[0])

    assert expected_versions("offline", settings)["ruleset_version"].startswith("rules-")

    summary = run_batch(cfg, settings, runner=interrupted)
    assert summary.interrupted and summary.done == 2
    assert [row["id"] for row in lines(cfg.output)] == ["r0", "r1"]
    summary = run_batch(cfg, settings)
    assert summary.skipped == 2 and summary.done == 3 and not summary.interrupted
    assert sorted(row["id"] for row in lines(cfg.output)) == [f"r{i}" for i in range(5)]


def test_rows_failed_upstream_are_tried_again_on_resume_but_bad_rows_are_not(tmp_path, settings):
    cfg = config(tmp_path, [{"id": "a", "text": SHORT}, {"id": "b", "text": SHORT}, {"id": "c"}])
    versions = {"engine": "offline", "model": None, "prompt_hash": None, "ruleset_version": None}
    run_batch(cfg, settings)
    first = lines(cfg.output)
    versions["ruleset_version"] = first[0].get("meta", first[0].get("versions"))["ruleset_version"]
    kept = [row for row in first if row["id"] != "b"]
    kept.append({"id": "b", "line": 2, "problem": {"type": "upstream-timeout", "status": 504}, "versions": versions})
    write_jsonl(cfg.output, kept)
    summary = run_batch(cfg, settings)
    assert summary.done == 1 and summary.skipped == 2  # b again; a done, c a bad row already reported
    assert [row["id"] for row in lines(cfg.output)][-1] == "b" and "problem" not in lines(cfg.output)[-1]


def test_an_output_of_other_versions_is_refused_unless_forced(tmp_path, settings):
    cfg = config(tmp_path, [{"id": "a", "text": SHORT}])
    write_jsonl(cfg.output, [{"id": "old", "meta": {"engine": "offline", "model": None, "prompt_hash": None,
                                                    "ruleset_version": "rules-000000000000"}}])
    with pytest.raises(VersionMismatch, match="ruleset_version"):
        run_batch(cfg, settings)
    assert [row["id"] for row in lines(cfg.output)] == ["old"]  # untouched
    run_batch(BatchConfig(**{**cfg.__dict__, "force": True}), settings)
    assert [row["id"] for row in lines(cfg.output)] == ["a"]


def test_an_output_that_is_not_a_batch_output_is_not_overwritten(tmp_path, settings):
    cfg = config(tmp_path, [{"id": "a", "text": SHORT}])
    cfg.output.write_text("precious notes\n", encoding="utf-8")
    with pytest.raises(OutputError, match="not JSON"):
        run_batch(cfg, settings)
    assert cfg.output.read_text(encoding="utf-8") == "precious notes\n"


def test_csv_rows_with_multi_line_articles_and_statements(tmp_path, settings):
    import csv

    src = tmp_path / "in.csv"
    with open(src, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "statements", "summary_words"])
        writer.writerow(["c1", SHORT, "The council approved a budget.\nThe mayor resigned.", "40"])
        writer.writerow(["c2", "", "", ""])
    out = tmp_path / "out.jsonl"
    run_batch(BatchConfig(input=src, output=out, jobs=1, progress="off"), settings)
    rows = {row["id"]: row for row in lines(out)}
    assert rows["c1"]["document"]["sentences"] >= 2 and len(rows["c1"]["verify"]["results"]) == 2
    assert rows["c2"]["problem"]["type"] == "validation-error"


@pytest.mark.parametrize("name", ["in.jsonl", "in.csv", "in.jsonl.gz"])
def test_an_input_saved_with_a_byte_order_mark_reads_its_first_row(tmp_path, settings, name):
    # spreadsheets' "CSV UTF-8" and Windows editors open the file with U+FEFF: it is no part of the first field
    import gzip

    first = {"id": "r1", "text": SHORT}
    text = (f"id,text\nr1,\"{SHORT}\"\nr2,The mayor said so.\n" if name == "in.csv"
            else json.dumps(first) + "\n" + json.dumps({"id": "r2", "text": "The mayor said so."}) + "\n")
    data = ("\ufeff" + text).encode("utf-8")
    src = tmp_path / name
    src.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    out = tmp_path / "out.jsonl"
    run_batch(BatchConfig(input=src, output=out, jobs=1, progress="off"), settings)
    rows = {row.get("id"): row for row in lines(out)}
    assert set(rows) == {"r1", "r2"} and not any("problem" in row for row in rows.values())
    assert rows["r1"]["document"]["sentences"] >= 2


def test_a_line_encoded_by_a_worker_is_written_as_the_driver_would_write_it_and_counted(tmp_path, settings):
    from app.batch.output import encode_line
    from app.batch.rows import Row
    from app.batch.work import Encoded, RowWorker, encode

    cfg = config(tmp_path, [{"id": "a", "text": SHORT}, {"id": "b"}])
    (line,) = RowWorker(settings)([Row(1, "a", {"text": SHORT})])
    line["meta"]["usage"].update(input_tokens=7, output_tokens=3, calls=2)
    encoded = encode(line)
    assert isinstance(encoded, Encoded) and (encoded.input_tokens, encoded.output_tokens, encoded.calls) == (7, 3, 2)
    bad = {"id": "b", "line": 2, "problem": {"type": "validation-error", "status": 422}}
    assert encode(bad) is bad  # the driver adds the run's versions to a problem

    def runner(rows_iter, emit, *_):
        emit(encoded)
        emit(bad)

    summary = run_batch(cfg, settings, runner=runner)
    written = cfg.output.read_bytes().splitlines(keepends=True)
    assert written[0] == encode_line(line)
    assert (summary.done, summary.input_tokens, summary.output_tokens, summary.calls) == (1, 7, 3, 2)
    assert summary.failed == {"validation-error": 1} and "versions" in json.loads(written[1])


@pytest.mark.processes
def test_worker_processes_give_the_same_lines_as_one_process(tmp_path, settings, article):
    rows = [{"id": f"r{i}", "text": article if i % 2 else SHORT} for i in range(20)]
    one = config(tmp_path, rows)
    run_batch(one, settings)
    two = BatchConfig(**{**one.__dict__, "output": tmp_path / "two.jsonl", "jobs": 2})
    run_batch(two, settings)

    def strip(row: dict) -> dict:
        row["meta"].pop("duration_ms")
        return row

    assert sorted(map(json.dumps, map(strip, lines(one.output)))) == \
        sorted(map(json.dumps, map(strip, lines(two.output))))


def test_input_errors_stop_before_any_work(tmp_path, settings):
    with pytest.raises(InputError, match="directory"):
        run_batch(BatchConfig(input=tmp_path, output=tmp_path / "o.jsonl", progress="off"), settings)
    with pytest.raises(InputError, match="no such file"):
        run_batch(BatchConfig(input=tmp_path / "nope.jsonl", output=tmp_path / "o.jsonl", progress="off"), settings)
    (tmp_path / "rows.txt").write_text("{}\n", encoding="utf-8")
    with pytest.raises(InputError, match="--input-format"):
        run_batch(BatchConfig(input=tmp_path / "rows.txt", output=tmp_path / "o.jsonl", progress="off"), settings)


def test_cli_batch_prints_a_summary_and_resumes(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("COPYDESK_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": SHORT}, "not json"])
    out = tmp_path / "out.jsonl"
    summary_json = tmp_path / "summary.json"
    assert main(["batch", str(src), "--out", str(out), "--jobs", "1", "--progress", "lines",
                 "--summary-json", str(summary_json)]) == 0
    err = capsys.readouterr().err
    assert "1 analysed, 1 failed" in err and "malformed-row: 1" in err
    assert json.loads(summary_json.read_text())["failed"] == {"malformed-row": 1}
    assert main(["batch", str(src), "--out", str(out), "--jobs", "1", "--progress", "off"]) == 0
    assert "2 already in the output" in capsys.readouterr().err
    assert main(["batch", str(tmp_path), "--out", str(out)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert main(["batch", str(src)]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["batch", str(src), "--out", str(out), "--engine", "llm"]) == 2
    assert "not configured" in capsys.readouterr().err


def test_llm_batch_counts_tokens_and_prices_them(tmp_path):
    from bench.fake_llm import FakeLLM
    from tests.llm.conftest import llm_settings

    fake = FakeLLM()
    settings = llm_settings("tools", llm_price_input_per_mtok=0.15, llm_price_output_per_mtok=0.6)
    cfg = config(tmp_path, [{"id": f"l{i}", "text": SHORT} for i in range(3)], engine="llm", concurrency=2)
    with fake.serving():
        summary = run_batch(cfg, settings)
    out = lines(cfg.output)
    assert summary.done == 3 and summary.input_tokens == fake.usage()[0] > 0 and summary.calls == len(fake.asked) >= 3
    assert summary.cost == pytest.approx((summary.input_tokens * 0.15 + summary.output_tokens * 0.6) / 1e6)
    assert {row["meta"]["engine"] for row in out} == {"llm"}
    assert all(row["meta"]["prompt_hash"] and row["meta"]["model"] == "test-model" for row in out)


def test_a_problem_line_of_an_llm_batch_names_the_prompt_version_of_the_analyses(tmp_path):
    """A problem line carries the versions of the run, the prompt version included, so a failed row can be told
    apart by the prompts it would have been asked with (here: the same as the analysed rows)."""
    from bench.fake_llm import FakeLLM
    from tests.llm.conftest import llm_settings

    cfg = config(tmp_path, [{"id": "ok", "text": SHORT}, {"id": "empty"}], engine="llm", concurrency=2)
    with FakeLLM().serving():
        run_batch(cfg, llm_settings("tools", llm_calls="single"))
    good, bad = sorted(lines(cfg.output), key=lambda row: "problem" in row)
    assert "problem" in bad and good["meta"]["prompt_version"]
    assert bad["versions"]["prompt_version"] == good["meta"]["prompt_version"]
    assert bad["versions"]["prompt_hash"] == good["meta"]["prompt_hash"]


@pytest.fixture
def settings_factory():
    return Settings


@pytest.mark.parametrize("change", [{"llm_calls": "split"}, {"llm_mode": "json_schema"}, {"llm_chunk_tokens": 100}])
def test_an_llm_batch_resumed_under_other_call_settings_refuses_to_mix(tmp_path, change):
    """COPYDESK_LLM_CALLS (one combined call or two), the mode and the chunk size change what the model is asked:
    they are part of the prompt hash each line names, so a resume under another value refuses (and --force
    starts the output afresh)."""
    from bench.fake_llm import FakeLLM
    from tests.llm.conftest import llm_settings

    first = llm_settings("tools", llm_calls="combined")
    cfg = config(tmp_path, [{"id": f"l{i}", "text": SHORT} for i in range(2)], engine="llm", concurrency=2)
    with FakeLLM().serving():
        assert run_batch(cfg, first).done == 2
        other = llm_settings("tools", **{"llm_calls": "combined", **change})
        grown = write_jsonl(cfg.input, [{"id": f"l{i}", "text": SHORT} for i in range(3)])
        assert grown == cfg.input
        with pytest.raises(VersionMismatch, match="prompt_hash"):
            run_batch(cfg, other)
        assert sorted(row["id"] for row in lines(cfg.output)) == ["l0", "l1"]  # untouched
        assert run_batch(cfg, first).done == 1  # the same settings resume: only the new row
        run_batch(BatchConfig(**{**cfg.__dict__, "force": True}), other)
    out = lines(cfg.output)
    assert len(out) == 3 and len({row["meta"]["prompt_hash"] for row in out}) == 1


def test_jobs_default_to_the_cores_this_process_may_use(monkeypatch):
    """`--jobs` defaults to the CPU affinity (a container's or taskset's limit), not the machine's core count."""
    import os

    from app.batch.runner import usable_cores

    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {2, 5}, raising=False)
    assert usable_cores() == 2


@pytest.mark.processes
def test_ctrl_c_on_worker_processes_stops_cleanly_and_resumes(tmp_path, article):
    """Ctrl-C reaches the whole process group: the parent stops with exit 130 and its one line, the workers
    print no traceback, and the same command resumes without doing a row twice."""
    import os
    import signal
    import subprocess
    import sys
    import time

    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": article} for i in range(200)])
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "app.cli", "batch", str(src), "--out", str(out), "--jobs", "2"]
    env = {**os.environ, "COPYDESK_LLM_BASE_URL": "", "OPENAI_API_KEY": ""}
    # a shell starts a background job (`bash .ci/run &`, nohup) with SIGINT ignored, and Python keeps an inherited
    # SIG_IGN: the child gets the default disposition that a terminal's Ctrl-C meets
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size == 0):
        time.sleep(0.2)  # polling for the condition (the first line written), not standing in for it
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "never retrieved" not in err, err
    assert "interrupted" in err
    done = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(done) < 200
    rerun = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids, key=int) == [str(i) for i in range(200)]


def test_a_cluster_runs_start_up_and_shut_down_are_reported_apart_and_inside_its_time():
    from app.batch.runner import BatchSummary

    summary = BatchSummary(done=200, seconds=9.1, startup_seconds=4.5, shutdown_seconds=1.4)
    assert summary.as_dict()["shutdown_seconds"] == 1.4 and summary.as_dict()["startup_seconds"] == 4.5
    assert "  cluster start-up 4.5 s and shut-down 1.4 s (included in the time above)" in summary.lines()
    assert not any("cluster" in line for line in BatchSummary(done=1, seconds=1.0).lines())

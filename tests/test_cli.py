"""The command line: JSON is exactly the API body; bad input is one line and a non-zero exit."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from unittest import mock

import pytest

from app import cli
from app.settings import get_settings
from tests.conftest import ROOT

EXAMPLE = str(ROOT / "examples" / "istanbul-talks.txt")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str, stdin: str | None = None) -> Result:
    """`copydesk ARGS` in this process, with no COPYDESK_/OPENAI_ setting from the environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("COPYDESK_", "OPENAI_"))}
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8", newline="")
    with mock.patch.dict(os.environ, clean, clear=True), mock.patch.object(sys, "stdin", fake_stdin), \
            redirect_stdout(out), redirect_stderr(err):
        get_settings.cache_clear()
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's usage errors (exit 2) and --help (exit 0)
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            get_settings.cache_clear()
    return Result(code, out.getvalue(), err.getvalue())


@pytest.mark.processes
def test_the_console_entry_point_runs_as_a_process():
    r = subprocess.run([sys.executable, "-m", "app.cli", "analyze", EXAMPLE], capture_output=True, cwd=ROOT,
                       text=True, encoding="utf-8", env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0 and "SUMMARY" in r.stdout, r.stderr


def test_analyze_json_is_the_api_body(client, article):
    r = run("analyze", EXAMPLE, "--format", "json", "--engine", "offline")
    assert r.returncode == 0, r.stderr
    cli = json.loads(r.stdout)
    api = client.post("/v1/analyze", json={"text": article, "engine": "offline"}).json()
    for body in (cli, api):
        body["meta"].pop("duration_ms")
    assert cli == api


def test_offset_unit_on_the_command_line_gives_the_api_body_in_that_unit(client, tmp_path):
    text = "\U0001F30A Flood update \U0001F30A\n\nThe council voted on Monday to build a \u00a314.2 million barrier, " \
           "Harriet Okonjo said.\n"
    path = tmp_path / "emoji.txt"
    path.write_text(text, encoding="utf-8")
    r = run("analyze", str(path), "--format", "json", "--offset-unit", "utf16")
    assert r.returncode == 0, r.stderr
    cli = json.loads(r.stdout)
    api = client.post("/v1/analyze", json={"text": text, "offset_unit": "utf16"}).json()
    for body in (cli, api):
        body["meta"].pop("duration_ms")
    assert cli == api and cli["claims"]
    units = text.encode("utf-16-le")
    span = cli["claims"][0]["span"]
    assert units[2 * span["start"]:2 * span["end"]].decode("utf-16-le") == span["text"]
    r = run("verify", "--source", f"a={path}", "--statement", "The council voted to build a \u00a314.2 million barrier.",
            "--format", "json", "--offset-unit", "utf16")
    evidence = json.loads(r.stdout)["results"][0]["evidence"][0]
    assert units[2 * evidence["start"]:2 * evidence["end"]].decode("utf-16-le") == evidence["text"]


def test_analyze_text_report(article):
    r = run("analyze", EXAMPLE)
    assert r.returncode == 0
    assert "SUMMARY" in r.stdout and "CLAIMS" in r.stdout and "CONTRADICTIONS" in r.stdout
    assert "Vladimir Putin" in r.stdout


def test_stdin_keeps_crlf_offsets():
    text = "Tuesday, March 4, 2025\r\n\r\nThe council voted 7 to 4 on Tuesday, Mayor Ana Ruiz said.\r\n"
    r = run("analyze", "-", "--format", "json", stdin=text)
    body = json.loads(r.stdout)
    for c in body["claims"]:
        assert text[c["span"]["start"]:c["span"]["end"]] == c["span"]["text"]


def test_missing_file_is_one_line_error():
    r = run("analyze", "does-not-exist.txt")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_not_utf8_is_one_line_error(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    r = run("analyze", str(p))
    assert r.returncode == 2 and "not UTF-8" in r.stderr and "Traceback" not in r.stderr


def test_a_byte_order_mark_is_dropped_so_offsets_index_the_text_an_editor_shows(tmp_path):
    story = "The mayor said the bridge cost $4 million. “We will build it by 2027,” she said.\n"
    plain, marked = tmp_path / "plain.txt", tmp_path / "marked.txt"
    plain.write_bytes(story.encode("utf-8"))
    marked.write_bytes(b"\xef\xbb\xbf" + story.encode("utf-8"))  # Notepad's "UTF-8 with BOM"
    bodies = []
    for args, stdin in (([str(plain)], None), ([str(marked)], None), (["-"], "\ufeff" + story)):
        r = run("analyze", *args, "--format", "json", "--engine", "offline", stdin=stdin)
        assert r.returncode == 0, r.stderr
        body = json.loads(r.stdout)
        for claim in body["claims"]:
            assert story[claim["span"]["start"]:claim["span"]["end"]] == claim["span"]["text"]
        body["meta"].pop("duration_ms")
        bodies.append(body)
    assert bodies[0]["claims"] and bodies[1] == bodies[0] == bodies[2]


def test_bytes_that_are_not_utf8_on_standard_input_are_one_line_error():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("COPYDESK_", "OPENAI_"))}
    err = io.StringIO()
    latin1 = io.TextIOWrapper(io.BytesIO("Caf\xe9 owners said prices rose.".encode("latin-1")), encoding="utf-8")
    with mock.patch.dict(os.environ, clean, clear=True), mock.patch.object(sys, "stdin", latin1), \
            redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["analyze", "-"])
    assert code == 2 and "standard input is not UTF-8 text (byte 3)" in err.getvalue()


def test_analyze_takes_the_apis_title_and_published_at(tmp_path, client):
    story = "The council voted on Monday to build a barrier. Work began on Friday, March 13.\n"
    p = tmp_path / "story.txt"
    p.write_text(story, encoding="utf-8")
    r = run("analyze", str(p), "--format", "json", "--engine", "offline", "--title", "Barrier vote",
            "--published-at", "2026-03-10")
    assert r.returncode == 0, r.stderr
    cli_body = json.loads(r.stdout)
    api_body = client.post("/v1/analyze", json={"text": story, "engine": "offline", "title": "Barrier vote",
                                                "published_at": "2026-03-10"}).json()
    for body in (cli_body, api_body):
        body["meta"].pop("duration_ms")
        body["meta"].pop("request_id", None)
    assert cli_body == api_body
    assert [c["found_by"] for c in cli_body["contradictions"]] == ["check:happened-ahead"]  # read from that day
    bad = run("analyze", str(p), "--published-at", "2026-02-30")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "published_at" in bad.stderr


def test_empty_file_is_one_line_error(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("   \n")
    r = run("analyze", str(p))
    assert r.returncode == 2 and "text" in r.stderr and "Traceback" not in r.stderr


def test_llm_unconfigured_is_one_line_error():
    r = run("analyze", EXAMPLE, "--engine", "llm")
    assert r.returncode == 2 and "not configured" in r.stderr and "Traceback" not in r.stderr


def test_verify_json(tmp_path):
    r = run("verify", "--source", f"article={EXAMPLE}", "--statement", "Mr. Putin said.", "--format", "json")
    assert r.returncode == 0, r.stderr
    body = json.loads(r.stdout)
    assert body["results"][0]["statement"] == "Mr. Putin said."


def test_schemas_command_writes_files(tmp_path):
    r = run("schemas", "--out", str(tmp_path))
    assert r.returncode == 0
    assert (tmp_path / "analyze-response.schema.json").exists()


def test_unwritable_output_is_one_line_error(tmp_path):
    # `--out` under a plain file cannot be created: one line naming the path, exit 2, no traceback
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    r = run("schemas", "--out", str(blocker / "schemas"))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith("copydesk: error: ") and str(blocker) in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("named", [False, True])
def test_a_source_path_with_an_equals_sign_is_read_whole(tmp_path, named):
    source = tmp_path / "story=4711.txt"
    source.write_text("The harbour board said the slipway cost $2 million.", encoding="utf-8")
    spec = f"board={source}" if named else str(source)
    r = run("verify", "--source", spec, "--statement", "The slipway cost $2 million.", "--format", "json")
    assert r.returncode == 0, r.stderr
    evidence = json.loads(r.stdout)["results"][0]["evidence"]
    assert evidence and evidence[0]["source_id"] == ("board" if named else "story=4711")


def test_source_without_a_file_after_the_id_is_named():
    r = run("verify", "--source", "article=", "--statement", "Putin spoke.")
    assert r.returncode == 2
    assert "--source article=" in r.stderr and "directory" not in r.stderr


def test_port_out_of_range_is_a_usage_error():
    r = run("serve", "--port", "99999")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "0 to 65535" in r.stderr


@pytest.mark.parametrize("args", [("batch", "IN", "--limit", "-1"), ("batch", "IN", "--jobs", "-3"),
                                  ("batch", "IN", "--concurrency", "-1"), ("eval", "--jobs", "0"),
                                  ("eval", "--max-errors", "-1")])
def test_a_count_below_its_least_is_a_usage_error(tmp_path, args):
    rows = tmp_path / "in.jsonl"
    rows.write_text('{"id": "a", "text": "The mayor said the bridge cost $4 million."}\n', encoding="utf-8")
    argv = [str(rows) if a == "IN" else a for a in args]
    r = run(*argv, "--out", str(tmp_path / "out.jsonl"))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and args[-2] in r.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_a_bad_setting_is_named_by_its_environment_variable(monkeypatch, capsys):
    monkeypatch.setenv("COPYDESK_RATE_LIMIT_PER_MINUTE", "sixty")
    get_settings.cache_clear()
    try:
        code = cli.main(["analyze", EXAMPLE])
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert code == 2
    assert "COPYDESK_RATE_LIMIT_PER_MINUTE" in err and "invalid input" not in err
    assert err.count("\n") == 1

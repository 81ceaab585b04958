"""The command line: JSON is exactly the API body; bad input is one line and a non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

EXAMPLE = str(ROOT / "examples" / "istanbul-talks.txt")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], input=stdin, capture_output=True, cwd=ROOT,
                          text=True, encoding="utf-8", env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})


def test_analyze_json_is_the_api_body(client, article):
    r = run("analyze", EXAMPLE, "--format", "json", "--engine", "offline")
    assert r.returncode == 0, r.stderr
    cli = json.loads(r.stdout)
    api = client.post("/v1/analyze", json={"text": article, "engine": "offline"}).json()
    for body in (cli, api):
        body["meta"].pop("duration_ms")
    assert cli == api


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


def test_source_without_a_file_after_the_id_is_named():
    r = run("verify", "--source", "article=", "--statement", "Putin spoke.")
    assert r.returncode == 2
    assert "--source article=" in r.stderr and "directory" not in r.stderr


def test_port_out_of_range_is_a_usage_error():
    r = run("serve", "--port", "99999")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "0 to 65535" in r.stderr

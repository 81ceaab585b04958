"""`copydesk eval` end to end, offline, on fixture folders copied into a temporary directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app import cli
from app.evals import harness, scoring
from app.evals.fixtures import Statement, load_fixtures
from app.models import AnalyzeResponse
from app.settings import get_settings

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def offline_settings(monkeypatch):
    """The CLI reads settings from the environment: make sure no LLM is configured there."""
    for name in ("COPYDESK_LLM_BASE_URL", "COPYDESK_LLM_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def copy(folder: str, tmp_path: Path) -> Path:
    target = tmp_path / folder
    shutil.copytree(DATA / folder, target)
    return target


def run_eval(fixtures: Path, out: Path, *extra: str) -> int:
    return cli.main(["eval", "--fixtures", str(fixtures), "--engine", "offline", "--out", str(out), *extra])


def without_run(report: dict) -> list[dict]:
    return [{k: v for k, v in f.items() if k != "run"} for f in report["per_fixture"]]


def test_eval_writes_report_and_responses(tmp_path, capsys):
    fixtures, out = copy("mini", tmp_path), tmp_path / "out"
    assert run_eval(fixtures, out) == 0
    captured = capsys.readouterr()
    assert captured.err.count("/3] ") == 3  # a progress line per fixture
    assert captured.out.startswith("Contradictions: precision")

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["engine"] == "offline" and report["fixtures"] == 3
    assert {"model", "prompt_version"} <= report.keys()
    assert set(report["totals"]) == {"contradictions", "claims", "summary", "knowledge_errors", "verify", "run"}
    assert report["totals"]["knowledge_errors"] is None
    assert report["totals"]["run"] == {**report["totals"]["run"], "ok": 3, "errors": 0, "schema_valid": 3}
    assert report["totals"]["verify"]["statements"] == 7
    assert sum(sum(row.values()) for row in report["totals"]["verify"]["confusion"].values()) == 7
    assert report["totals"]["contradictions"]["clean_controls"] == 1
    by_id = {f["id"]: f for f in report["per_fixture"]}
    assert by_id["museum-roof"]["html"] and by_id["museum-roof"]["lost_quotes"] == []
    assert by_id["bakery-award"]["clean_control"]

    # the saved responses are the API bodies, and re-scoring them gives the report's figures
    loaded = {f.id: f for f in load_fixtures(fixtures)}
    for fid, fixture in loaded.items():
        body = json.loads((out / "responses" / f"{fid}.json").read_text(encoding="utf-8"))
        AnalyzeResponse.model_validate(body)
        verdicts = [r["label"] for r in
                    json.loads((out / "responses" / f"{fid}.verify.json").read_text(encoding="utf-8"))["results"]]
        rescored = scoring.score_fixture(fixture, body, verdicts, harness.summary_words(fixture))
        assert rescored.as_dict() == {k: v for k, v in by_id[fid].items() if k != "run"}
    assert json.loads((out / "responses" / "museum-roof.json").read_text(encoding="utf-8"))["document"]["text"]

    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.index("## Totals") < md.index("## Per fixture") < md.index("## Missed contradictions") \
        < md.index("## False contradictions")
    for fid in loaded:
        assert f"| {fid} |" in md


def test_jobs_run_fixtures_concurrently_with_the_same_figures(tmp_path):
    fixtures = copy("mini", tmp_path)
    assert run_eval(fixtures, tmp_path / "one") == 0
    assert run_eval(fixtures, tmp_path / "three", "--jobs", "3") == 0
    one = json.loads((tmp_path / "one" / "report.json").read_text(encoding="utf-8"))
    three = json.loads((tmp_path / "three" / "report.json").read_text(encoding="utf-8"))
    assert without_run(one) == without_run(three)


def test_gates_fail_the_command_and_say_which(tmp_path, capsys):
    fixtures = copy("mini", tmp_path)
    assert run_eval(fixtures, tmp_path / "out", "--min-claim-recall", "0.5", "--max-false-alarm-rate", "1") == 0
    capsys.readouterr()
    assert run_eval(fixtures, tmp_path / "out", "--min-claim-recall", "1.01", "--min-key-point-coverage", "0") == 1
    err = capsys.readouterr().err
    assert "gate failed: claims.recall = 1 is below 1.01 (--min-claim-recall)" in err
    assert "key_point_coverage" not in err
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["gates"]["failed"] == ["claims.recall = 1 is below 1.01 (--min-claim-recall)"]


def test_a_failing_fixture_is_recorded_and_the_run_goes_on(tmp_path, capsys):
    fixtures, out = copy("broken-page", tmp_path), tmp_path / "out"
    assert run_eval(fixtures, out, "--max-errors", "0") == 1
    captured = capsys.readouterr()
    assert "ERROR InvalidInput: the HTML holds no article text" in captured.err
    assert "gate failed: run.errors = 1 is above 0 (--max-errors)" in captured.err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["run"]["ok"] == 1 and report["totals"]["run"]["errors"] == 1
    assert not (out / "responses" / "empty-page.json").exists()
    assert (out / "responses" / "bakery-award.json").exists()
    assert "InvalidInput" in (out / "responses" / "empty-page.error.txt").read_text(encoding="utf-8")


def test_baseline_prints_the_change_in_every_figure(tmp_path, capsys):
    fixtures = copy("mini", tmp_path)
    assert run_eval(fixtures, tmp_path / "old") == 0
    old = json.loads((tmp_path / "old" / "report.json").read_text(encoding="utf-8"))
    recall = old["totals"]["claims"]["recall"]
    old["totals"]["claims"]["recall"] = recall - 0.25  # as if the old prompt had found fewer claims
    (tmp_path / "old" / "report.json").write_text(json.dumps(old), encoding="utf-8")
    capsys.readouterr()
    assert run_eval(fixtures, tmp_path / "new", "--baseline", str(tmp_path / "old" / "report.json")) == 0
    out = capsys.readouterr().out
    assert "Change from" in out
    lines = {line.split()[0]: line for line in out.splitlines()[1:] if line.startswith("  ")}
    assert lines["claims.recall"].endswith("(+0.2500)")
    assert lines["contradictions.fn"].endswith("(=)")
    new = json.loads((tmp_path / "new" / "report.json").read_text(encoding="utf-8"))
    changed = [row for row in new["baseline"]["changes"] if row["delta"] and not row["figure"].startswith("run.")]
    assert changed == [{"figure": "claims.recall", "old": recall - 0.25, "new": recall, "delta": 0.25}]
    assert "## Change from" in (tmp_path / "new" / "report.md").read_text(encoding="utf-8")


def test_bad_fixtures_and_bad_baseline_are_one_line_errors(tmp_path, capsys):
    assert run_eval(copy("invalid-missing", tmp_path), tmp_path / "out") == 2
    assert "gone.yaml: claims C2: quote not found" in capsys.readouterr().err
    (tmp_path / "junk.json").write_text("[]", encoding="utf-8")
    assert run_eval(copy("mini", tmp_path), tmp_path / "out", "--baseline", str(tmp_path / "junk.json")) == 2
    assert "not an eval report.json" in capsys.readouterr().err


def test_llm_engine_without_an_endpoint_fails_once_before_any_fixture(tmp_path, capsys):
    code = cli.main(["eval", "--fixtures", str(copy("mini", tmp_path)), "--engine", "llm",
                     "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "engine 'llm' is not configured" in err and "/3]" not in err


@pytest.mark.parametrize(("max_words", "sent"), [(None, 120), (10, 20), (150, 150), (1000, 400)])
def test_summary_words_is_the_fixtures_limit_clamped(max_words, sent):
    fixture = load_fixtures(DATA / "mini")[0]
    fixture.max_words = max_words
    assert harness.summary_words(fixture) == sent


def test_rescore_gives_the_run_figures_from_saved_responses(tmp_path, capsys):
    fixtures, out = copy("mini", tmp_path), tmp_path / "out"
    assert run_eval(fixtures, out) == 0
    first = json.loads((out / "report.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    assert cli.main(["eval", "--fixtures", str(fixtures), "--rescore", str(out)]) == 0
    again = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert again["rescored"] and again["engine"] == "offline"
    assert again["per_fixture"] == first["per_fixture"] and again["totals"] == first["totals"]
    assert capsys.readouterr().out.startswith("Contradictions: precision")

    # a saved answer that lost its claims scores lower, with no engine call; a gate sees it
    body = json.loads((out / "responses" / "northport-ferry.json").read_text(encoding="utf-8"))
    body["claims"] = []
    (out / "responses" / "northport-ferry.json").write_text(json.dumps(body), encoding="utf-8")
    assert cli.main(["eval", "--fixtures", str(fixtures), "--rescore", str(out), "--min-claim-recall", "0.99"]) == 1
    assert "gate failed: claims.recall" in capsys.readouterr().err


def test_rescore_counts_a_missing_or_unreadable_saved_response_as_a_failed_call(tmp_path, capsys):
    fixtures, out = copy("mini", tmp_path), tmp_path / "out"
    assert run_eval(fixtures, out) == 0
    ids = sorted(p.name.removesuffix(".json") for p in (out / "responses").glob("*.json")
                 if not p.name.endswith(".verify.json"))
    assert len(ids) >= 3
    (out / "responses" / f"{ids[0]}.json").unlink()                                   # lost
    (out / "responses" / f"{ids[1]}.json").write_text('{"claims": [', encoding="utf-8")  # cut short
    (out / "responses" / f"{ids[2]}.json").write_text("[1, 2]", encoding="utf-8")        # not a response
    capsys.readouterr()
    assert cli.main(["eval", "--fixtures", str(fixtures), "--rescore", str(out), "--max-errors", "0"]) == 1
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    runs = {f["id"]: f["run"] for f in report["per_fixture"]}
    for fid in ids[:3]:
        assert runs[fid]["error"] and not runs[fid]["schema_valid"]
    assert all(runs[fid]["error"] is None for fid in ids[3:])
    assert report["totals"]["run"]["errors"] == 3
    assert "Traceback" not in capsys.readouterr().err


def test_rescore_of_a_folder_without_responses_is_a_one_line_error(tmp_path, capsys):
    assert cli.main(["eval", "--fixtures", str(copy("mini", tmp_path)), "--rescore", str(tmp_path / "none")]) == 2
    assert "nothing to re-score" in capsys.readouterr().err


@pytest.mark.parametrize("n_statements", [0, 3])
def test_saved_verdicts_pad_a_missing_verify_answer(n_statements):
    fixture = load_fixtures(DATA / "mini")[0]
    fixture.statements = [Statement("x", "supported")] * n_statements
    verdicts = harness.saved_verdicts(fixture, {"batches": [{"results": [{"label": "supported"}]}]})
    assert verdicts == (None if n_statements == 0 else ["supported", None, None])
    assert harness.saved_verdicts(fixture, None) == (None if n_statements == 0 else [None] * 3)

"""`copydesk db`, `copydesk decisions export|report` and the acceptance report in `copydesk eval`."""

from __future__ import annotations

import json

import pytest

from app import cli
from app.decisions.report import acceptance, for_eval
from app.evals.report import render_markdown
from app.models import Decision
from app.settings import Settings, get_settings
from tests.decisions.test_api import analyze, api, decide


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """COPYDESK_DATA_DIR in a fresh folder, for the CLI's own settings."""
    monkeypatch.setenv("COPYDESK_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_db_upgrade_creates_the_sqlite_file_and_reports_its_revision(data_dir, capsys):
    assert cli.main(["db", "current"]) == 0
    assert "revision none" in capsys.readouterr().out
    assert cli.main(["db", "upgrade"]) == 0
    assert "revision 0001" in capsys.readouterr().out
    assert (data_dir / "copydesk.sqlite3").is_file()


@pytest.mark.parametrize(("url", "args"), [
    ("postgresql+psycopg://editor:hunter2secret@127.0.0.1:1/copydesk", ["db", "upgrade"]),  # nothing listens
    ("postgresql+psycopg://editor:hunter2secret@127.0.0.1:1/copydesk", ["db", "current"]),
    ("not a database url", ["db", "current"]),
    (None, ["db", "upgrade", "--revision", "no-such-revision"]),
])
def test_db_commands_that_cannot_be_done_are_one_line_errors(data_dir, monkeypatch, capsys, url, args):
    if url is not None:
        monkeypatch.setenv("COPYDESK_DATABASE_URL", url)
        get_settings.cache_clear()
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("copydesk: error: ") and err.count("\n") == 1
    assert "Traceback" not in err and "hunter2secret" not in err


def test_decisions_export_and_report_from_the_cli(data_dir, article, capsys):
    url = f"sqlite:///{data_dir / 'copydesk.sqlite3'}"
    with api(url) as client:
        response = analyze(client, article)
        claims = response["claims"]
        decide(client, claims[0]["fingerprint"], "dismissed")
        decide(client, claims[1]["fingerprint"], "accepted")
        decide(client, claims[2]["fingerprint"], "corrected", correction={"speaker": "Jane Doe"})
    capsys.readouterr()
    assert cli.main(["decisions", "export"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["decision"] for r in rows) == ["accepted", "corrected", "dismissed"]
    assert cli.main(["decisions", "export", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("article_key,fingerprint,decision")
    assert cli.main(["decisions", "report", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    claim_row = next(r for r in report["by_kind"] if r["name"] == "claim")
    assert claim_row["decided"] == 3 and claim_row["dismissed"] == 1
    assert claim_row["acceptance"] == pytest.approx(2 / 3, abs=1e-4)
    assert cli.main(["decisions", "export", "--format", "text"]) == 2
    # copydesk eval's report gets the same table when decisions exist
    evaluated = for_eval(Settings(_env_file=None, data_dir=str(data_dir)))
    assert evaluated == report
    assert "## Editors' decisions" in render_markdown(_minimal_report(evaluated))


def test_eval_has_no_decisions_section_and_creates_no_database_when_there_is_none(tmp_path):
    assert for_eval(Settings(_env_file=None, data_dir=str(tmp_path / "absent"))) is None
    assert not (tmp_path / "absent").exists()


def test_acceptance_counts_each_check_of_a_merged_finding_and_puts_the_most_dismissed_first():
    import datetime as dt

    t = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)

    def d(decision: str, found_by: str) -> Decision:
        return Decision(article_key="s", fingerprint=f"f1-{decision}{found_by}", decision=decision,
                        kind="contradiction", found_by=found_by, decided_by="shared", decided_at=t, created_at=t,
                        revision=1)

    report = acceptance([d("dismissed", "check:numbers + check:totals"), d("dismissed", "check:totals"),
                         d("accepted", "check:numbers"), d("corrected", "llm")])
    names = [r["name"] for r in report["by_check"]]
    assert names[0] == "check:totals" and set(names) == {"check:numbers", "check:totals", "llm"}
    numbers = next(r for r in report["by_check"] if r["name"] == "check:numbers")
    assert (numbers["decided"], numbers["acceptance"]) == (2, 0.5)


def _minimal_report(decisions: dict) -> dict:
    zero = {"tp": 0, "fp": 0, "fn": 0, "precision": None, "recall": None, "f1": None, "false_alarm_rate": None,
            "clean_controls": 0}
    totals = {"contradictions": zero,
              "claims": {"recall": None, "hit": 0, "gold": 0, "speaker_accuracy": None, "speakers_judged": 0,
                         "leaked": 0, "ungrounded": 0},
              "summary": {"key_point_coverage": None, "covered": 0, "key_points": 0, "leaks": 0, "over_length": 0,
                          "invented_numbers": 0},
              "knowledge_errors": None,
              "verify": {"balanced_accuracy": None, "statements": 0, "correct": 0, "confusion": {}},
              "run": {"ok": 0, "errors": 0, "schema_valid": 0, "degraded": 0, "seconds_per_article_median": None,
                      "input_tokens": 0, "output_tokens": 0}}
    return {"engine": "offline", "fixtures": 0, "per_fixture": [], "totals": totals, "decisions": decisions}

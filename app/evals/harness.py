"""`copydesk eval`: run an engine over a fixture folder, score it, write OUT/, compare, gate.

The harness does the I/O; `app.evals.scoring` does the judging. Every fixture goes
through `app.service.analyze` and `app.service.verify`, the same core calls the API
makes, so an eval measures what clients get.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import traceback
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from app import service
from app.engines import get_engine
from app.evals.fixtures import Fixture, load_fixtures
from app.evals.report import render_markdown, totals_lines
from app.evals.scoring import FixtureScore, score_fixture, totals
from app.models import AnalyzeRequest, AnalyzeResponse, VerifyRequest
from app.settings import Settings

DEFAULT_SUMMARY_WORDS = 120
VERIFY_BATCH = 100  # the API's cap on statements per request

# gate option (argparse dest) -> (figure in totals, "min" or "max")
GATES: dict[str, tuple[str, str]] = {
    "min_precision": ("contradictions.precision", "min"),
    "min_recall": ("contradictions.recall", "min"),
    "min_f1": ("contradictions.f1", "min"),
    "max_false_alarm_rate": ("contradictions.false_alarm_rate", "max"),
    "min_claim_recall": ("claims.recall", "min"),
    "min_speaker_accuracy": ("claims.speaker_accuracy", "min"),
    "min_key_point_coverage": ("summary.key_point_coverage", "min"),
    "min_verify_balanced_accuracy": ("verify.balanced_accuracy", "min"),
    "max_errors": ("run.errors", "max"),
}


@dataclass
class FixtureRun:
    """What one fixture produced: the raw responses and how the run went."""

    fixture: Fixture
    response: dict[str, Any] | None = None
    verify: dict[str, Any] | None = None
    verdicts: list[str | None] | None = None
    run: dict[str, Any] = field(default_factory=dict)
    trace: str | None = None


def summary_words(fixture: Fixture) -> int:
    """The fixture's word limit as the request's `summary_words`, clamped to the API's 20..400."""
    return min(400, max(20, fixture.max_words)) if fixture.max_words is not None else DEFAULT_SUMMARY_WORDS


def _body(fixture: Fixture) -> dict[str, str]:
    return {"html": fixture.text} if fixture.is_html else {"text": fixture.text}


async def run_fixture(fixture: Fixture, engine: str | None, settings: Settings) -> FixtureRun:
    """Analyse one fixture and verify its statements; a failure is recorded, not raised."""
    result = FixtureRun(fixture)
    run: dict[str, Any] = {"error": None, "verify_error": None, "seconds": None, "verify_seconds": None,
                           "schema_valid": False, "degraded": False, "warnings": [],
                           "input_tokens": 0, "output_tokens": 0, "calls": 0}
    result.run = run
    started = time.perf_counter()
    try:
        request = AnalyzeRequest.model_validate({**_body(fixture), "summary_words": summary_words(fixture),
                                                 "engine": engine})
        response = await service.analyze(request, settings)
    except Exception as exc:  # noqa: BLE001 - one failing article is a figure of the run, not the end of it
        run["error"] = _error_line(exc)
        result.trace = traceback.format_exc()
    else:
        run["seconds"] = round(time.perf_counter() - started, 4)
        result.response = response.model_dump(mode="json")
        run["schema_valid"] = _schema_valid(result.response)
        meta = response.meta
        run.update(degraded=meta.degraded, warnings=list(meta.warnings), model=meta.model,
                   prompt_version=meta.prompt_version, input_tokens=meta.usage.input_tokens,
                   output_tokens=meta.usage.output_tokens, calls=meta.usage.calls)
    if fixture.statements:
        await _verify(result, engine, settings)
    return result


async def _verify(result: FixtureRun, engine: str | None, settings: Settings) -> None:
    """Each statement against the fixture's text as the one source, in batches the API accepts."""
    fixture, run = result.fixture, result.run
    statements = [s.text for s in fixture.statements]
    verdicts: list[str | None] = []
    responses = []
    started = time.perf_counter()
    for i in range(0, len(statements), VERIFY_BATCH):
        batch = statements[i:i + VERIFY_BATCH]
        try:
            request = VerifyRequest(statements=batch, sources=[{"id": "article", **_body(fixture)}], engine=engine)
            response = await service.verify(request, settings)
        except Exception as exc:  # noqa: BLE001 - scored as wrong verdicts and reported
            run["verify_error"] = _error_line(exc)
            result.trace = (result.trace or "") + traceback.format_exc()
            verdicts += [None] * len(batch)
            continue
        labels: list[str | None] = [r.label for r in response.results[:len(batch)]]
        verdicts += labels + [None] * (len(batch) - len(labels))
        responses.append(response.model_dump(mode="json"))
        run["input_tokens"] += response.meta.usage.input_tokens
        run["output_tokens"] += response.meta.usage.output_tokens
        run["calls"] += response.meta.usage.calls
    run["verify_seconds"] = round(time.perf_counter() - started, 4)
    result.verdicts = verdicts
    result.verify = (responses[0] if len(responses) == 1 else {"batches": responses}) if responses else None


def _error_line(exc: BaseException) -> str:
    lines = str(exc).splitlines()
    detail = getattr(exc, "detail", None) or (lines[0] if lines else "")
    return f"{type(exc).__name__}: {detail}"[:300]


def _schema_valid(response: dict[str, Any]) -> bool:
    """The response as JSON validates against the public AnalyzeResponse model."""
    try:
        AnalyzeResponse.model_validate_json(json.dumps(response))
    except ValidationError:
        return False
    return True


async def run_all(fixtures: list[Fixture], engine: str | None, settings: Settings, jobs: int = 1,
                  progress: TextIO | None = None) -> list[tuple[FixtureRun, FixtureScore]]:
    """Every fixture, `jobs` at a time, scored as it finishes; a progress line each when `progress` is set."""
    gate = asyncio.Semaphore(max(1, jobs))
    done = 0

    async def one(fixture: Fixture) -> tuple[FixtureRun, FixtureScore]:
        nonlocal done
        async with gate:
            result = await run_fixture(fixture, engine, settings)
        score = score_fixture(fixture, result.response, result.verdicts, summary_words(fixture))
        done += 1
        if progress is not None:
            print(_progress_line(done, len(fixtures), result, score), file=progress, flush=True)
        return result, score

    return list(await asyncio.gather(*(one(f) for f in fixtures)))


def _progress_line(done: int, total: int, result: FixtureRun, score: FixtureScore) -> str:
    run = result.run
    width = len(str(total))
    head = f"[{done:>{width}}/{total}] {result.fixture.id:<24}"
    if run["error"]:
        return f"{head} ERROR {run['error']}"
    x, c, s, verify = score.contradictions, score.claims, score.summary, score.verify
    line = (f"{head} {run['seconds']:.2f}s  contradictions {x.tp}/{x.gold} fp {x.fp}  "
            f"claims {c.hit}/{c.gold}  key points {s.covered}/{s.key_points}")
    if verify:
        line += f"  verify {verify.correct}/{verify.statements}"
    return line + ("  (degraded)" if run["degraded"] else "")


def build_report(engine: str, fixtures_dir: str, results: list[tuple[FixtureRun, FixtureScore]]) -> dict[str, Any]:
    """report.json: the run's identity, the totals and every figure per fixture."""
    runs = [r.run for r, _ in results]
    models = Counter(r.get("model") for r in runs if r.get("model"))
    prompts = Counter(r.get("prompt_version") for r in runs if r.get("prompt_version"))
    per_fixture = []
    for result, score in results:
        per_fixture.append({**score.as_dict(), "run": result.run})
    return {
        "engine": engine,
        "model": models.most_common(1)[0][0] if models else None,
        "prompt_version": prompts.most_common(1)[0][0] if prompts else None,
        "fixtures": len(results),
        "fixtures_dir": fixtures_dir,
        "created_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "totals": totals([s for _, s in results], runs),
        "per_fixture": per_fixture,
    }


def write_outputs(out: Path, report: dict[str, Any], results: list[tuple[FixtureRun, FixtureScore]]) -> None:
    """OUT/report.json, OUT/report.md and OUT/responses/<id>.json (plus <id>.verify.json, <id>.error.txt)."""
    responses = out / "responses"
    responses.mkdir(parents=True, exist_ok=True)
    for result, _ in results:
        fid = result.fixture.id
        for suffix, payload in ((".json", result.response), (".verify.json", result.verify)):
            path = responses / f"{fid}{suffix}"
            if payload is not None:
                path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            elif path.exists():
                path.unlink()  # a stale answer from an earlier run would be re-scored as this one's
        error_path = responses / f"{fid}.error.txt"
        if result.trace:
            error_path.write_text(result.trace, encoding="utf-8")
        elif error_path.exists():
            error_path.unlink()
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(render_markdown(report), encoding="utf-8")


# -- baseline and gates -----------------------------------------------------------------------------

def flatten(figures: Any, prefix: str = "") -> dict[str, float | None]:
    """Numeric leaves of a nested mapping as dotted names ('contradictions.f1')."""
    out: dict[str, float | None] = {}
    if isinstance(figures, dict):
        for key, value in figures.items():
            out.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(figures, bool):
        out[prefix[:-1]] = float(figures)
    elif isinstance(figures, (int, float)) or figures is None:
        out[prefix[:-1]] = figures
    return out


def compare(baseline: dict[str, Any], report: dict[str, Any]) -> list[dict[str, Any]]:
    """The change of every total figure, and of each fixture's headline figures, from a baseline report."""
    rows = []
    old, new = flatten(baseline.get("totals", {})), flatten(report["totals"])
    for name in list(dict.fromkeys([*new, *old])):
        rows.append(_change(name, old.get(name), new.get(name)))
    old_fx = {f["id"]: f for f in baseline.get("per_fixture", [])}
    for fixture in report["per_fixture"]:
        before = old_fx.get(fixture["id"])
        if before is None:
            continue
        for family, key in (("contradictions", "tp"), ("contradictions", "fp"), ("claims", "recall"),
                            ("claims", "speaker_accuracy"), ("summary", "coverage"), ("verify", "correct")):
            a = (before.get(family) or {}).get(key)
            b = (fixture.get(family) or {}).get(key)
            if a != b:
                rows.append(_change(f"{fixture['id']}: {family}.{key}", a, b))
    return rows


def _change(name: str, old: float | None, new: float | None) -> dict[str, Any]:
    delta = round(new - old, 4) if old is not None and new is not None else None
    return {"figure": name, "old": old, "new": new, "delta": delta}


def format_change(row: dict[str, Any]) -> str:
    """One line of the baseline comparison."""
    def fmt(v: float | None) -> str:
        return "–" if v is None else (f"{v:g}" if isinstance(v, int) or float(v).is_integer() else f"{v:.4f}")

    delta = row["delta"]
    sign = "" if delta is None else (f"  ({'+' if delta > 0 else ''}{fmt(delta)})" if delta else "  (=)")
    return f"{row['figure']:<48} {fmt(row['old']):>9} -> {fmt(row['new']):<9}{sign}"


def check_gates(report: dict[str, Any], limits: Mapping[str, float | None]) -> list[str]:
    """A line for each gate the totals fall short of; an undefined figure fails its gate."""
    figures = flatten(report["totals"])
    failed = []
    for option, limit in limits.items():
        if limit is None:
            continue
        name, kind = GATES[option]
        value = figures.get(name)
        flag = "--" + option.replace("_", "-")
        if value is None:
            failed.append(f"{name} is undefined ({flag} {limit:g})")
        elif (kind == "min" and value < limit) or (kind == "max" and value > limit):
            failed.append(f"{name} = {value:g} is {'below' if kind == 'min' else 'above'} {limit:g} ({flag})")
    return failed


def _compare_and_gate(report: dict[str, Any], baseline: dict[str, Any] | None,
                      limits: dict[str, float | None] | None, baseline_path: str | None) -> None:
    if baseline is not None:
        report["baseline"] = {"path": baseline_path, "changes": compare(baseline, report)}
    kept = {k: v for k, v in (limits or {}).items() if v is not None}
    report["gates"] = {"limits": kept, "failed": check_gates(report, kept)}


# -- the command ------------------------------------------------------------------------------------

def evaluate(fixtures_dir: Path, engine: str, out: Path, *, settings: Settings, jobs: int = 1,
             progress: TextIO | None = None, baseline: dict[str, Any] | None = None,
             limits: dict[str, float | None] | None = None, baseline_path: str | None = None) -> dict[str, Any]:
    """Load, run, score, compare with a baseline, check the gates and write OUT/; returns the report."""
    fixtures = load_fixtures(fixtures_dir)
    get_engine(engine, settings)  # an unavailable engine fails here, once, not once per fixture
    results = asyncio.run(run_all(fixtures, engine, settings, jobs=jobs, progress=progress))
    report = build_report(engine, str(fixtures_dir), results)
    _compare_and_gate(report, baseline, limits, baseline_path)
    from app.decisions.report import for_eval

    decided = for_eval(settings)  # editors' acceptance rates, when the decisions database has any
    if decided is not None:
        report["decisions"] = decided
    write_outputs(out, report, results)
    return report


def load_baseline(path: Path) -> dict[str, Any]:
    """An earlier report.json; ValueError (one line) when it cannot be read or is not an eval report."""
    try:
        baseline = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read baseline {path}: {exc}") from None
    if not isinstance(baseline, dict) or not isinstance(baseline.get("totals"), dict):
        raise ValueError(f"{path} is not an eval report.json (no totals)")
    return baseline


def _saved_answer(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """A saved response body (a JSON object) and None, or None and why it cannot be scored."""
    if not path.is_file():
        return None, "no saved response"
    try:
        body = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"saved response {path.name} is not JSON ({exc})"
    if not isinstance(body, dict):
        return None, f"saved response {path.name} is not a JSON object"
    return body, None


def saved_verdicts(fixture: Fixture, verify: Any) -> list[str | None] | None:
    """The verdicts of a saved `<id>.verify.json` (one response or `{"batches": [...]}`), padded with None.

    A fixture with statements but no saved verify answer had every batch fail: all its verdicts are None.
    """
    if not fixture.statements:
        return None
    bodies = verify.get("batches", [verify]) if isinstance(verify, dict) else []
    labels: list[str | None] = [r.get("label") if isinstance(r, dict) else None
                                for body in (bodies if isinstance(bodies, list) else []) if isinstance(body, dict)
                                for r in body.get("results") or []]
    labels = labels[:len(fixture.statements)]
    return labels + [None] * (len(fixture.statements) - len(labels))


def rescore(fixtures_dir: Path, out: Path, *, baseline: dict[str, Any] | None = None,
            limits: dict[str, float | None] | None = None, baseline_path: str | None = None) -> dict[str, Any]:
    """Score the responses an earlier run saved in OUT/responses/ again, with no engine call; rewrites OUT/report.*.

    The run figures (seconds, tokens, errors) come from OUT/report.json when it is there; a fixture
    whose saved response is missing, is not JSON or is not a JSON object scores as a failed call whatever
    that report says (a saved verify answer that cannot be read counts as no answer). Raises
    FileNotFoundError when OUT/responses/ is missing.
    """
    responses = out / "responses"
    if not responses.is_dir():
        raise FileNotFoundError(f"{responses} does not exist: nothing to re-score")
    old = _saved_answer(out / "report.json")[0] or {}
    per_fixture = old.get("per_fixture")
    old_runs = {f.get("id"): f["run"] for f in (per_fixture if isinstance(per_fixture, list) else [])
                if isinstance(f, dict) and isinstance(f.get("run"), dict)}
    results = []
    for fixture in load_fixtures(fixtures_dir):
        response, unreadable = _saved_answer(responses / f"{fixture.id}.json")
        verify, _ = _saved_answer(responses / f"{fixture.id}.verify.json")
        run = FixtureRun(fixture, response=response, verify=verify, verdicts=saved_verdicts(fixture, verify))
        run.run = dict(old_runs.get(fixture.id) or {"error": None})
        if unreadable is not None:
            run.run["error"] = unreadable
        run.run["schema_valid"] = response is not None and _schema_valid(response)
        results.append((run, score_fixture(fixture, response, run.verdicts, summary_words(fixture))))
    report = build_report(str(old.get("engine") or "unknown"), str(fixtures_dir), results)
    report["rescored"] = True
    _compare_and_gate(report, baseline, limits, baseline_path)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(render_markdown(report), encoding="utf-8")
    return report


def result_lines(report: dict[str, Any], out: Path) -> list[str]:
    """What `copydesk eval` prints on stdout after a run: totals, the baseline changes, decisions, files."""
    lines = totals_lines(report)
    if report.get("baseline") is not None:
        lines += ["", f"Change from {report['baseline']['path']}:"]
        lines += ["  " + format_change(row) for row in report["baseline"]["changes"]]
    if report.get("decisions"):
        from app.decisions.report import lines as decision_lines

        lines += [""] + (decision_lines(report["decisions"]) if "error" not in report["decisions"]
                         else [f"Editors' decisions: {report['decisions']['error']}"])
    lines += ["", f"wrote {out / 'report.json'}, {out / 'report.md'} and {out / 'responses'}/"]
    return lines

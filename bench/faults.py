"""Fault injection: the service under uvicorn against a fake LLM endpoint that fails 30% of calls.

`python -m bench.faults` (or `make faults`) starts bench.fake_openai in a subprocess, failing a
seeded 30% of chat completions with 429 + Retry-After, 500, a hung connection, a dropped connection
or a 200 whose body is not JSON; starts the app under uvicorn (bench.serve) pointed at it; and sends
500 analyses from 20 concurrent clients, three times over. Everything is on loopback.

It then holds the service to its promises and exits 1 if any fails:

- every answer is a schema-valid analysis (every span equal to the text it points at; `degraded`
  with warnings where a part fell back) or an application/problem+json error of a documented
  status (502, 504; 503 with Retry-After when the CPU work cannot finish in time): no 500, no
  dropped connection, no other shape;
- no request outlives COPYDESK_REQUEST_DEADLINE_S (plus a small slack for the offline fallback
  and the HTTP round trip), measured at the client;
- the server's resident memory (from its own /metrics) does not grow materially across the runs.

The figures (statuses, degraded answers, latency percentiles, faults injected, the service's own
retry and call counters, RSS per run) are printed as one JSON object at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

from app.models import AnalyzeResponse, Problem
from bench.fake_openai import FaultPlan, spawn
from bench.offline import percentile
from bench.serve import serving

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "evals" / "fixtures"
KINDS = ("429", "500", "hang", "drop", "invalid_json")
DOCUMENTED_ERRORS = {502, 503, 504}  # 503: the CPU work could not be done within the deadline
PROBLEM = "application/problem+json"


@dataclass
class Outcome:
    """What the client saw of one request."""

    seconds: float
    status: int | None  # None: no HTTP answer at all (a dropped or timed-out connection)
    verdict: str  # "ok", "degraded", "problem", or what was wrong with it
    degraded_parts: int = 0
    server_s: float | None = None  # meta.duration_ms of a 200, in seconds: the service's own time


@dataclass
class RunFigures:
    """One run of `requests` requests."""

    outcomes: list[Outcome] = field(default_factory=list)
    wall_s: float = 0.0
    rss_bytes: float = 0.0
    counters: dict[str, float] = field(default_factory=dict)
    fake_calls: int = 0
    peak_llm_concurrency: int = 0
    faults: dict[str, int] = field(default_factory=dict)


def bodies() -> list[dict[str, Any]]:
    """One request body per fixture article (plain text and HTML), sent in turn."""
    out: list[dict[str, Any]] = []
    for path in sorted(FIXTURES.glob("*.txt")) + sorted(FIXTURES.glob("*.html")):
        text = path.read_bytes().decode("utf-8")
        out.append({"html": text} if path.suffix == ".html" else {"text": text})
    if not out:
        out.append({"text": (ROOT / "examples" / "istanbul-talks.txt").read_bytes().decode("utf-8")})
    return out


def judge(body: dict[str, Any], response: httpx.Response) -> tuple[str, int]:
    """The verdict on one answer: ok / degraded / problem, or the reason it breaks the contract."""
    ctype = response.headers.get("content-type", "")
    if response.status_code == 200:
        try:
            analysis = AnalyzeResponse.model_validate_json(response.content)
        except ValidationError as exc:
            return f"200 not an analysis: {exc.error_count()} errors", 0
        text = analysis.document.text if analysis.document.text is not None else body.get("text", "")
        spans = [c.span for c in analysis.claims or []]
        spans += [s for x in analysis.contradictions or [] for side in (x.a, x.b) for s in side.spans]
        if any(text[s.start:s.end] != s.text for s in spans):
            return "200 with a span that is not the text it points at", 0
        if analysis.meta.degraded and not analysis.meta.warnings:
            return "degraded without a warning", 0
        return ("degraded", len(analysis.meta.warnings)) if analysis.meta.degraded else ("ok", 0)
    if not ctype.startswith(PROBLEM):
        return f"{response.status_code} not problem+json ({ctype or 'no content type'})", 0
    try:
        problem = Problem.model_validate_json(response.content)
    except ValidationError:
        return f"{response.status_code} problem that does not fit the Problem schema", 0
    if problem.status != response.status_code:
        return f"{response.status_code} problem whose status says {problem.status}", 0
    if response.status_code not in DOCUMENTED_ERRORS:
        return f"undocumented status {response.status_code}", 0
    if response.status_code == 503 and not response.headers.get("retry-after", "").isdigit():
        return "503 without Retry-After", 0
    return "problem", 0


async def drive(url: str, requests: int, clients: int, client_timeout_s: float) -> RunFigures:
    """`requests` analyses from `clients` concurrent clients; every outcome judged."""
    figures = RunFigures()
    payloads = bodies()
    queue = list(range(requests))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(http: httpx.AsyncClient) -> None:
        while queue:
            body = payloads[queue.pop() % len(payloads)]
            started = time.perf_counter()
            try:
                response = await http.post("/v1/analyze", json=body)
                verdict, parts = judge(body, response)
                status: int | None = response.status_code
                server_s = _server_seconds(response)
            except httpx.HTTPError as exc:
                verdict, parts, status, server_s = f"no answer: {type(exc).__name__}", 0, None, None
            figures.outcomes.append(Outcome(time.perf_counter() - started, status, verdict, parts, server_s))

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=client_timeout_s) as http:
        began = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        figures.wall_s = time.perf_counter() - began
        scraped = (await http.get("/metrics")).text
    figures.rss_bytes = _metric(scraped, "process_resident_memory_bytes")
    figures.counters = _counters(scraped)
    return figures


def _server_seconds(response: httpx.Response) -> float | None:
    if response.status_code != 200:
        return None
    try:
        return float(response.json()["meta"]["duration_ms"]) / 1000
    except (ValueError, KeyError, TypeError):
        return None


def peak_overlap(intervals: list[tuple[float, float]]) -> int:
    """The most calls the endpoint had open at once (an unfinished call counts as open to the end)."""
    edges = sorted([(start, 1) for start, _ in intervals] + [(end, -1) for _, end in intervals if end])
    peak = open_now = 0
    for _, step in edges:
        open_now += step
        peak = max(peak, open_now)
    return peak


def _metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def _counters(text: str) -> dict[str, float]:
    """The service's own LLM and answer counters, summed per sample name and labels."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith(("copydesk_llm_calls_total", "copydesk_llm_retries_total", "copydesk_llm_reasks_total",
                            "copydesk_llm_tokens_total", "copydesk_degraded_answers_total")):
            key, value = line.rsplit(" ", 1)
            out[key] = float(value)
    return out


def summarise(run: RunFigures, deadline_s: float, slack_s: float = 0.0) -> dict[str, Any]:
    """The figures of one run, as printed: `over_deadline` counts answers after `deadline_s` (the deadline and
    its slack), `over_deadline_without_slack` those after `deadline_s - slack_s`; `server_max_s` is the longest
    `meta.duration_ms` of a 200 (the service's own time, without the HTTP round trip and the server's queue)."""
    latencies = [o.seconds for o in run.outcomes]
    verdicts = Counter(o.verdict for o in run.outcomes)
    return {
        "requests": len(run.outcomes),
        "wall_s": round(run.wall_s, 1),
        "statuses": dict(Counter(str(o.status) for o in run.outcomes)),
        "verdicts": dict(verdicts),
        "degraded_answers": verdicts.get("degraded", 0),
        "p50_s": round(percentile(latencies, 50), 2),
        "p95_s": round(percentile(latencies, 95), 2),
        "max_s": round(max(latencies), 2),
        "over_deadline": sum(1 for s in latencies if s > deadline_s),
        "over_deadline_without_slack": sum(1 for s in latencies if s > deadline_s - slack_s),
        "server_max_s": round(max((o.server_s for o in run.outcomes if o.server_s is not None), default=0.0), 2),
        "rss_mib": round(run.rss_bytes / 2**20, 1),
    }


def _delta(after: dict[str, float], before: dict[str, float]) -> dict[str, float]:
    return {k: v - before.get(k, 0.0) for k, v in sorted(after.items()) if v - before.get(k, 0.0)}


def main(argv: list[str] | None = None) -> int:
    """Run the fault injection; print the figures; exit 1 if any promise broke."""
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3, help="repeated runs, for the memory check")
    parser.add_argument("--fault-rate", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--delay", type=float, default=0.05, help="the fake endpoint's answer time, seconds")
    parser.add_argument("--deadline", type=float, default=8.0, help="COPYDESK_REQUEST_DEADLINE_S")
    parser.add_argument("--llm-timeout", type=float, default=2.0, help="COPYDESK_LLM_TIMEOUT_S (a hang costs this)")
    parser.add_argument("--llm-concurrency", type=int, default=16, help="COPYDESK_LLM_CONCURRENCY")
    parser.add_argument("--slack", type=float, default=1.5,
                        help="seconds past the deadline allowed for the offline fallback and the round trip")
    parser.add_argument("--max-rss-growth-mib", type=float, default=24.0,
                        help="most the server's RSS may grow from the first run to the last")
    parser.add_argument("--out", default=None, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    plan = FaultPlan(rate=args.fault_rate, kinds=KINDS, seed=args.seed, retry_after_s=1.0, hang_s=60.0)
    env = {
        "COPYDESK_LLM_API_KEY": "fake-key",
        "COPYDESK_LLM_MODEL": "fake-model",
        "COPYDESK_REQUEST_DEADLINE_S": str(args.deadline),
        "COPYDESK_LLM_TIMEOUT_S": str(args.llm_timeout),
        "COPYDESK_LLM_CONCURRENCY": str(args.llm_concurrency),
        "COPYDESK_LOG_LEVEL": "WARNING",
    }
    limit = args.deadline + args.slack
    runs: list[RunFigures] = []
    with spawn(delay_s=args.delay, faults=plan) as fake:
        with serving({**env, "COPYDESK_LLM_BASE_URL": fake.base_url}) as served:
            url = served.url
            for index in range(args.runs):
                fake.reset()
                run = asyncio.run(drive(url, args.requests, args.clients, client_timeout_s=limit + 30))
                stats = fake.stats()
                run.fake_calls, run.faults = stats["calls"], stats["faults"]
                run.peak_llm_concurrency = peak_overlap([(c["started"], c["ended"]) for c in stats["log"]])
                runs.append(run)
                print(f"run {index + 1}: " + json.dumps(summarise(run, limit, args.slack)), file=sys.stderr, flush=True)

    failures: list[str] = []
    report: dict[str, Any] = {
        "command": "python -m bench.faults " + " ".join(argv if argv is not None else sys.argv[1:]),
        "setup": {"requests": args.requests, "clients": args.clients, "runs": args.runs,
                  "fault_rate": args.fault_rate, "fault_kinds": list(KINDS), "seed": args.seed,
                  "fake_delay_s": args.delay, "deadline_s": args.deadline, "llm_timeout_s": args.llm_timeout,
                  "llm_concurrency": args.llm_concurrency,
                  "limit_s": limit},
        "runs": [],
    }
    previous: dict[str, float] = {}
    for index, run in enumerate(runs, start=1):
        figures = summarise(run, limit, args.slack)
        figures["llm_calls_seen_by_fake"] = run.fake_calls
        figures["faults_injected"] = run.faults
        figures["peak_concurrent_llm_calls"] = run.peak_llm_concurrency
        figures["service_counters"] = _delta(run.counters, previous)
        previous = run.counters
        report["runs"].append(figures)
        broken = {v: n for v, n in figures["verdicts"].items() if v not in ("ok", "degraded", "problem")}
        if broken:
            failures.append(f"run {index}: answers that break the contract: {broken}")
        if run.peak_llm_concurrency > args.llm_concurrency:
            failures.append(f"run {index}: {run.peak_llm_concurrency} LLM calls at once, over the cap of "
                            f"{args.llm_concurrency}")
        if figures["over_deadline"]:
            failures.append(f"run {index}: {figures['over_deadline']} requests outlived {limit:g} s "
                            f"(max {figures['max_s']} s)")
    if len(runs) > 1:
        growth = (runs[-1].rss_bytes - runs[0].rss_bytes) / 2**20
        report["rss_growth_mib_first_to_last"] = round(growth, 1)
        if growth > args.max_rss_growth_mib:
            failures.append(f"RSS grew {growth:.1f} MiB from run 1 to run {len(runs)}")
    report["failures"] = failures
    print(json.dumps(report, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

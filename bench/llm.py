"""LLM engine figures against the fake OpenAI server: critical path, concurrency, calls and tokens.

The app runs under uvicorn (one worker) in a subprocess with COPYDESK_LLM_BASE_URL pointing at a
fake server (another subprocess) that answers every call after a fixed delay d. The engine asks
for the summary and the claims at once, then for the contradictions over the claims, so for an
article under one chunk the calls that must run one after another are two: critical path = 2·d.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

from bench.fake_answers import count_tokens
from bench.fake_openai import SpawnedFake, spawn
from bench.offline import ARTICLE, percentile
from bench.serve import Served, serving

# claims, then contradictions over the claims; the summary runs beside the claims
CHAIN = 2


async def _analyze(http: httpx.AsyncClient, text: str) -> tuple[float, dict[str, Any]]:
    started = time.monotonic()  # the fake server logs time.monotonic() too: one clock across processes
    response = await http.post("/v1/analyze", json={"text": text, "engine": "llm"})
    wall = time.monotonic() - started
    if response.status_code != 200:
        raise RuntimeError(f"/v1/analyze answered {response.status_code}: {response.text[:300]}")
    return wall, response.json()


async def _rounds(app: Served, fake: SpawnedFake, text: str, singles: int, concurrent: int) -> dict[str, Any]:
    """`singles` analyses one at a time, then `concurrent` at once; what the client, the app and the fake saw."""
    limits = httpx.Limits(max_connections=max(concurrent, 1), max_keepalive_connections=max(concurrent, 1))
    out: dict[str, Any] = {"single": [], "degraded": 0}
    async with httpx.AsyncClient(base_url=app.url, timeout=120, limits=limits) as http:
        await _analyze(http, text)  # warm-up: imports, the shared client, the first connections
        app.start_profile()
        for _ in range(singles):
            fake.reset()
            began = time.monotonic()
            wall, body = await _analyze(http, text)
            seen = fake.stats()
            out["single"].append({"began": began, "wall_s": wall, "calls": seen["calls"],
                                  "prompt_tokens": seen["prompt_tokens"],
                                  "schema_tokens": seen["schema_tokens"], "depth": seen["depth"],
                                  "log": seen["log"], "meta": body["meta"]})
            out["degraded"] += bool(body["meta"]["degraded"])
        if concurrent:
            fake.reset()
            cpu = app.cpu_s()
            began = time.perf_counter()
            results = await asyncio.gather(*(_analyze(http, text) for _ in range(concurrent)))
            out["concurrent_wall_s"] = time.perf_counter() - began
            out["cpu_s_per_request"] = (app.cpu_s() - cpu) / concurrent
            out["concurrent_latencies"] = [w for w, _ in results]
            out["degraded"] += sum(bool(b["meta"]["degraded"]) for _, b in results)
    return out


def _run(fake: SpawnedFake, text: str, env: dict[str, str], singles: int, concurrent: int,
         profile: Path | None = None) -> dict[str, Any]:
    with serving({"COPYDESK_LLM_BASE_URL": fake.base_url, "COPYDESK_LLM_API_KEY": "sk-bench", **env},
                 profile=profile) as app:
        return asyncio.run(_rounds(app, fake, text, singles, concurrent))


def _tokens_by_call(single: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Median input tokens of each kind of call (by the tool it was asked to fill), and of its schema."""
    kinds: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for analysis in single:
        for call in analysis["log"]:
            kinds[call["tool"] or call["mode"]].append((call["prompt_tokens"], call["schema_tokens"]))
    return {kind: {"input_tokens": statistics.median(p for p, _ in seen),
                   "schema_tokens": statistics.median(s for _, s in seen)} for kind, seen in kinds.items()}


def _overhead(single: list[dict[str, Any]]) -> dict[str, float]:
    """Median ms of an analysis spent outside the LLM calls: before the first, between the waves, after the last."""
    before, between, after = [], [], []
    for analysis in single:
        calls = sorted(analysis["log"], key=lambda c: c["started"])
        if len(calls) < 2:
            continue
        first_wave = [c for c in calls if c["started"] < min(c["ended"] for c in calls)]
        later = [c for c in calls if c not in first_wave]
        before.append(calls[0]["started"] - analysis["began"])
        if later:
            between.append(min(c["started"] for c in later) - max(c["ended"] for c in first_wave))
        after.append(analysis["began"] + analysis["wall_s"] - max(c["ended"] for c in calls))
    return {name: round(statistics.median(values) * 1000, 1) for name, values in
            (("before_first_call", before), ("between_calls", between), ("after_last_call", after)) if values}


def llm_figures(*, delay_s: float = 0.2, concurrent: int = 50, singles: int = 7, mode: str = "tools",
                profile: bool = False) -> dict[str, Any]:
    """The `llm.*` part of bench.json (and, with `profile`, where the app's own time goes)."""
    text = ARTICLE.read_bytes().decode("utf-8")
    critical = CHAIN * delay_s
    # The per-process cap on LLM calls (COPYDESK_LLM_CONCURRENCY, default 16) protects a real endpoint;
    # the headline figure lifts it to the most calls `concurrent` requests can have in flight, so what
    # it measures is the service's own overhead. The figure at the default cap is reported beside it.
    lifted = {"COPYDESK_LLM_MODE": mode, "COPYDESK_LLM_CONCURRENCY": str(2 * concurrent)}
    profiles: dict[str, Any] = {}
    with spawn(delay_s=delay_s) as fake:
        run = _run(fake, text, lifted, singles, concurrent)
        capped = _run(fake, text, {"COPYDESK_LLM_MODE": mode}, 0, concurrent)
        if profile:
            from bench.profiling import summarise

            with tempfile.TemporaryDirectory() as tmp:
                for name, (n_single, n_concurrent) in {"single": (singles, 0), "concurrent": (0, concurrent)}.items():
                    dump = Path(tmp) / f"{name}.prof"
                    _run(fake, text, lifted, n_single, n_concurrent, profile=dump)
                    profiles[name] = summarise(dump, n=8)
    single = run["single"]
    walls = [s["wall_s"] for s in single]
    prompt = statistics.median(s["prompt_tokens"] for s in single)
    cpu = run["cpu_s_per_request"]
    out: dict[str, Any] = {
        "mode": mode, "delay_ms": round(delay_s * 1000), "critical_path_ms": round(critical * 1000),
        "analyze_wall_ms": round(statistics.median(walls) * 1000, 1),
        "critical_path_ratio": round(statistics.median(walls) / critical, 3),
        "observed_depth": statistics.median(s["depth"] for s in single),
        "overhead_ms": _overhead(single),
        "concurrent_requests": concurrent,
        "concurrent_wall_ms": round(run["concurrent_wall_s"] * 1000, 1),
        "concurrent_p99_ms": round(percentile(run["concurrent_latencies"], 99) * 1000, 1),
        "throughput_per_s": round(concurrent / run["concurrent_wall_s"], 2),
        "concurrency_efficiency": round(critical / run["concurrent_wall_s"], 3),
        "concurrency_efficiency_default_cap": round(critical / capped["concurrent_wall_s"], 3),
        # CPU the app spends per analysis. One worker runs Python on one core at a time, so N analyses
        # take at least N times this: the efficiency an idle machine could reach at best.
        "server_cpu_ms_per_request": round(cpu * 1000, 1),
        "efficiency_ceiling_one_core": round(min(1.0, critical / (concurrent * cpu)), 3) if cpu else None,
        "calls_per_article": statistics.median(s["calls"] for s in single),
        "article_tokens": count_tokens(text),
        "input_tokens_per_article": prompt,
        "input_token_multiple": round(prompt / count_tokens(text), 2),
        "schema_tokens_per_article": statistics.median(s["schema_tokens"] for s in single),
        "input_tokens_by_call": _tokens_by_call(single),
        "meta_input_tokens": statistics.median(s["meta"]["usage"]["input_tokens"] for s in single),
        "degraded_responses": run["degraded"] + capped["degraded"],
    }
    if profiles:
        out["profile"] = profiles
    return out

"""LLM engine figures against the fake OpenAI server: critical path, concurrency, calls and tokens.

The app runs under uvicorn (one worker) in a subprocess with COPYDESK_LLM_BASE_URL pointing at a
fake server (another subprocess) that answers every call after a fixed delay d. By default
(COPYDESK_LLM_CALLS=single) the engine asks for the summary, the claims and the contradictions in one
call: critical path = d. With `combined` (summary and claims in one call) or `split` (two concurrent
calls) it then asks for the contradictions over the article and its claims: two calls in a row, 2·d.

Tokens are the fake's count (words and punctuation marks: close to BPE for prose, about 1.7 times
BPE for JSON schemas). Billed input with prompt caching: OpenAI bills the longest prefix of a
request that an earlier request already sent (at least 1024 tokens, then in steps of 128; tools and
schemas come first) at a discount; `cached_input_tokens` counts that prefix only where the earlier
request had finished before this one started (two calls started together both miss), and
`cacheable_input_tokens` where it was merely sent earlier (the most caching could save).
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

from bench.fake_llm import cached_tokens, count_tokens
from bench.fake_openai import SpawnedFake, spawn
from bench.offline import ARTICLE, percentile
from bench.serve import Served, serving

#: calls that run one after another for an article under one chunk, by COPYDESK_LLM_CALLS: one call for
#: everything, or the summary and the claims (one call or two side by side) and then the contradictions
CHAIN = {"single": 1, "combined": 2, "split": 2}
#: the price of a cached input token relative to an uncached one (gpt-4o and gpt-4o-mini: half)
CACHED_PRICE = 0.5


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
            log = sorted(seen["log"], key=lambda c: c["started"])
            cached = sum(cached_tokens(c["prefix"], [e["prefix"] for e in log if e["ended"] <= c["started"]])
                         for c in log)
            cacheable = sum(cached_tokens(c["prefix"], [e["prefix"] for e in log[:i]]) for i, c in enumerate(log))
            out["single"].append({"began": began, "wall_s": wall, "calls": seen["calls"],
                                  "prompt_tokens": seen["prompt_tokens"], "cached": cached, "cacheable": cacheable,
                                  "schema_tokens": seen["schema_tokens"], "depth": seen["depth"],
                                  "log": seen["log"], "meta": body["meta"]})
            out["degraded"] += bool(body["meta"]["degraded"])
        if concurrent:
            fake.reset()
            cpu, workers = app.cpu_s(), app.workers_cpu_s()
            began = time.perf_counter()
            results = await asyncio.gather(*(_analyze(http, text) for _ in range(concurrent)))
            out["concurrent_wall_s"] = time.perf_counter() - began
            out["cpu_s_per_request"] = (app.cpu_s() - cpu) / concurrent
            out["workers_cpu_s_per_request"] = (app.workers_cpu_s() - workers) / concurrent
            out["concurrent_latencies"] = [w for w, _ in results]
            out["degraded"] += sum(bool(b["meta"]["degraded"]) for _, b in results)
    return out


def _run(fake: SpawnedFake, text: str, env: dict[str, str], singles: int, concurrent: int,
         profile: Path | None = None) -> dict[str, Any]:
    with serving({"COPYDESK_LLM_BASE_URL": fake.base_url, "COPYDESK_LLM_API_KEY": "sk-bench", **env},
                 profile=profile) as app:
        return asyncio.run(_rounds(app, fake, text, singles, concurrent))


def _tokens_by_call(single: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Median input tokens of each kind of call (by the tool it was asked to fill), of its schema, and of each
    part of its prompt (`schema`, `system`, the fenced `ARTICLE` or `CLAIMS`, `task`)."""
    kinds: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for analysis in single:
        for call in analysis["log"]:
            kinds[call["tool"] or call["mode"]].append(call)
    out: dict[str, dict[str, Any]] = {}
    for kind, seen in kinds.items():
        parts = sorted({p for c in seen for p in c["sections"]})
        out[kind] = {"input_tokens": statistics.median(c["prompt_tokens"] for c in seen),
                     "schema_tokens": statistics.median(c["schema_tokens"] for c in seen),
                     "sections": {p: statistics.median(c["sections"].get(p, 0) for c in seen) for p in parts}}
    return out


def _billing(single: list[dict[str, Any]], article_tokens: int) -> dict[str, Any]:
    """Input tokens per article billed without and with prompt caching (cached tokens at CACHED_PRICE)."""
    prompt = statistics.median(s["prompt_tokens"] for s in single)
    cached = statistics.median(s["cached"] for s in single)
    cacheable = statistics.median(s["cacheable"] for s in single)
    return {"billed_input_tokens": prompt, "cached_input_tokens": cached, "cacheable_input_tokens": cacheable,
            "cached_price": CACHED_PRICE,
            "billed_input_tokens_with_caching": prompt - (1 - CACHED_PRICE) * cached,
            "billed_input_multiple_with_caching": round((prompt - (1 - CACHED_PRICE) * cached) / article_tokens, 2),
            "billed_input_multiple_cache_bound": round((prompt - (1 - CACHED_PRICE) * cacheable) / article_tokens, 2)}


def _overhead(single: list[dict[str, Any]]) -> dict[str, float]:
    """Median ms of an analysis spent outside the LLM calls: before the first, between the waves, after the last."""
    before, between, after = [], [], []
    for analysis in single:
        calls = sorted(analysis["log"], key=lambda c: c["started"])
        if not calls:
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
                profile: bool = False, calls: str = "single", other: bool = True) -> dict[str, Any]:
    """The `llm.*` part of bench.json (and, with `profile`, where the app's own time goes).

    `calls` is COPYDESK_LLM_CALLS; with `other`, the other settings' single-article figures (tokens, billing,
    wall time, each against its own critical path) go under `llm.single`, `llm.combined` or `llm.split`.
    """
    text = ARTICLE.read_bytes().decode("utf-8")
    critical = CHAIN[calls] * delay_s
    # The per-process cap on LLM calls (COPYDESK_LLM_CONCURRENCY, default 16) protects a real endpoint;
    # the headline figure lifts it to the most calls `concurrent` requests can have in flight, so what
    # it measures is the service's own overhead. The figure at the default cap is reported beside it.
    lifted = {"COPYDESK_LLM_MODE": mode, "COPYDESK_LLM_CONCURRENCY": str(2 * concurrent), "COPYDESK_LLM_CALLS": calls}
    profiles: dict[str, Any] = {}
    with spawn(delay_s=delay_s) as fake:
        run = _run(fake, text, lifted, singles, concurrent)
        capped = _run(fake, text, {"COPYDESK_LLM_MODE": mode, "COPYDESK_LLM_CALLS": calls}, 0, concurrent)
        alternatives = {}
        if other:
            for flip in CHAIN:
                if flip != calls:
                    alternatives[flip] = _run(fake, text, {**lifted, "COPYDESK_LLM_CALLS": flip}, singles, 0)
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
        "mode": mode, "calls": calls, "delay_ms": round(delay_s * 1000), "critical_path_ms": round(critical * 1000),
        "analyze_wall_ms": round(statistics.median(walls) * 1000, 1),
        "critical_path_ratio": round(statistics.median(walls) / critical, 3),
        "observed_depth": statistics.median(s["depth"] for s in single),
        "overhead_ms": _overhead(single),
        # how much longer than d the fake took per call (its own CPU beyond the delay: ~0 unless it is starved)
        "call_overrun_ms": round(statistics.median(c["ended"] - c["started"] - delay_s for s in single
                                                   for c in s["log"]) * 1000, 1),
        "concurrent_requests": concurrent,
        "concurrent_wall_ms": round(run["concurrent_wall_s"] * 1000, 1),
        "concurrent_p99_ms": round(percentile(run["concurrent_latencies"], 99) * 1000, 1),
        "throughput_per_s": round(concurrent / run["concurrent_wall_s"], 2),
        "concurrency_efficiency": round(critical / run["concurrent_wall_s"], 3),
        "concurrency_efficiency_default_cap": round(critical / capped["concurrent_wall_s"], 3),
        # CPU the app spends per analysis. One worker runs Python on one core at a time, so N analyses
        # take at least N times this: the efficiency an idle machine could reach at best.
        "server_cpu_ms_per_request": round(cpu * 1000, 1),
        # CPU in the app's worker processes (app.cpu: the Document, the deterministic checks, the summary
        # check), which run beside the serving process on the other cores; and the sum: the cost per analysis
        "workers_cpu_ms_per_request": round(run["workers_cpu_s_per_request"] * 1000, 1),
        "total_cpu_ms_per_request": round((cpu + run["workers_cpu_s_per_request"]) * 1000, 1),
        "efficiency_ceiling_one_core": round(min(1.0, critical / (concurrent * cpu)), 3) if cpu else None,
        "calls_per_article": statistics.median(s["calls"] for s in single),
        "article_tokens": count_tokens(text),
        "input_tokens_per_article": prompt,
        "input_token_multiple": round(prompt / count_tokens(text), 2),
        "schema_tokens_per_article": statistics.median(s["schema_tokens"] for s in single),
        "input_tokens_by_call": _tokens_by_call(single),
        **_billing(single, count_tokens(text)),
        "meta_input_tokens": statistics.median(s["meta"]["usage"]["input_tokens"] for s in single),
        "degraded_responses": run["degraded"] + capped["degraded"],
    }
    for flip, alt in alternatives.items():
        alt_single = alt["single"]
        alt_prompt = statistics.median(s["prompt_tokens"] for s in alt_single)
        out[flip] = {"analyze_wall_ms": round(statistics.median(s["wall_s"] for s in alt_single) * 1000, 1),
                     "critical_path_ratio": round(statistics.median(s["wall_s"] for s in alt_single)
                                                  / (CHAIN[flip] * delay_s), 3),
                     "calls_per_article": statistics.median(s["calls"] for s in alt_single),
                     "input_tokens_per_article": alt_prompt,
                     "input_token_multiple": round(alt_prompt / count_tokens(text), 2),
                     "input_tokens_by_call": _tokens_by_call(alt_single),
                     **_billing(alt_single, count_tokens(text)),
                     "degraded_responses": alt["degraded"]}
    if profiles:
        out["profile"] = profiles
    return out

"""Load on the HTTP API: N concurrent clients on loopback, latency of each request, throughput.

`offline_figures()` is the `http.*` part of bench.json: the service with the offline engine under
uvicorn (one worker), 32 concurrent clients, the 1,000-word article.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.offline import article_of, percentile
from bench.serve import serving


@dataclass
class LoadResult:
    """What a load run saw from the client side."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    wall_s: float = 0.0

    @property
    def ok(self) -> int:
        """Requests answered 200."""
        return self.statuses.get(200, 0)


async def drive(url: str, body: dict[str, Any], *, clients: int, requests: int, max_s: float = 600.0,
                path: str = "/v1/analyze", timeout_s: float = 120.0) -> LoadResult:
    """Send up to `requests` POSTs from `clients` concurrent clients (one shared connection pool).

    No new request starts after `max_s` seconds; the ones in flight are waited for.
    """
    result = LoadResult()
    left = requests
    stop_at = time.perf_counter() + max_s
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal left
        while left > 0 and time.perf_counter() < stop_at:
            left -= 1
            started = time.perf_counter()
            try:
                response = await http.post(path, json=body)
                result.statuses[response.status_code] = result.statuses.get(response.status_code, 0) + 1
            except httpx.HTTPError:
                result.errors += 1
            result.latencies.append(time.perf_counter() - started)

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout_s) as http:
        began = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        result.wall_s = time.perf_counter() - began
    return result


def offline_figures(*, clients: int = 32, requests: int = 400, max_s: float = 20.0, words: int = 1000,
                    profile: bool = False) -> dict[str, Any]:
    """rps, p50 and p99 of the offline service under `clients` concurrent clients, and its CPU per request."""
    body = {"text": article_of(words), "engine": "offline"}
    with serving({}) as app:
        asyncio.run(drive(app.url, body, clients=clients, requests=clients))  # warm-up
        cpu, workers = app.cpu_s(), app.workers_cpu_s()
        run = asyncio.run(drive(app.url, body, clients=clients, requests=requests, max_s=max_s))
        cpu, workers = app.cpu_s() - cpu, app.workers_cpu_s() - workers
    sent = len(run.latencies)
    out: dict[str, Any] = {
        "offline_rps": round(run.ok / run.wall_s, 1),
        "offline_p50_ms": round(statistics.median(run.latencies) * 1000, 1),
        "offline_p99_ms": round(percentile(run.latencies, 99) * 1000, 1),
        "offline_server_cpu_ms_per_request": round(cpu / max(sent, 1) * 1000, 1),
        # the analysis itself runs in the app's CPU worker processes (app.cpu): their CPU, and the sum
        "offline_workers_cpu_ms_per_request": round(workers / max(sent, 1) * 1000, 1),
        "offline_total_cpu_ms_per_request": round((cpu + workers) / max(sent, 1) * 1000, 1),
        "offline_requests": sent, "offline_clients": clients, "offline_words": words,
        "offline_non_200": sent - run.ok,
    }
    if profile:
        from bench.profiling import summarise

        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "server.prof"
            with serving({}, profile=dump) as app:
                asyncio.run(drive(app.url, body, clients=clients, requests=clients))  # warm-up
                app.start_profile()
                asyncio.run(drive(app.url, body, clients=clients, requests=clients * 3))
            out["profile"] = summarise(dump, n=8)
    return out

"""POST /v1/decisions latency on the default SQLite database, through the served app (loopback HTTP).

    .venv/bin/python -m bench.decisions [--requests 400]

One article is analysed with an `article_key` (so its findings are known), then decisions are posted one
after another as an editor's clicks would be: half on the article's real fingerprints (accept, dismiss,
correct, changes of mind), half on fingerprints the server never saw, a tenth with an Idempotency-Key.
Then the same mix from 8 concurrent clients; then the app in process (ASGI, no sockets) and the database
call alone, which say how much of the HTTP figure is this code and how much the machine's load. The database is a fresh SQLite file in a temporary
COPYDESK_DATA_DIR (WAL, synchronous=NORMAL: see app/decisions/db.py). Issue 17's target: p95 < 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from typing import Any

import httpx

from bench.offline import ROOT, percentile
from bench.serve import serving


def _bodies(fingerprints: list[str], n: int) -> list[tuple[dict[str, Any], dict[str, str]]]:
    out = []
    choices = ("accepted", "dismissed", "corrected")
    for i in range(n):
        fp = fingerprints[i % len(fingerprints)] if i % 2 == 0 else f"f1-{i:024x}"
        decision = choices[(i // 2) % 3]
        body: dict[str, Any] = {"article_key": "bench-story", "fingerprint": fp, "decision": decision,
                                "note": f"bench note {i}"}
        if decision == "corrected":
            body["correction"] = {"speaker": f"Speaker {i % 7}"}
        headers = {"Idempotency-Key": f"bench-{i}"} if i % 10 == 0 else {}
        out.append((body, headers))
    return out


async def _concurrent(url: str, jobs: list[tuple[dict[str, Any], dict[str, str]]], clients: int) -> list[float]:
    latencies: list[float] = []
    queue = list(jobs)

    async def client(http: httpx.AsyncClient) -> None:
        while queue:
            body, headers = queue.pop()
            began = time.perf_counter()
            r = await http.post("/v1/decisions", json=body, headers=headers)
            latencies.append(time.perf_counter() - began)
            if r.status_code not in (200, 201):
                raise RuntimeError(f"POST /v1/decisions answered {r.status_code}: {r.text[:300]}")

    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return latencies


def _figures(latencies: list[float]) -> dict[str, float]:
    ms = [x * 1000 for x in latencies]
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2), "requests": len(ms)}


def store_latencies(requests: int) -> list[float]:
    """The database's share: Store.decide in this process (no HTTP), the same mix, a fresh SQLite file."""
    from app.decisions.fingerprint import FindingRecord
    from app.decisions.store import Store
    from app.models import DecisionRequest

    with tempfile.TemporaryDirectory(prefix="copydesk-bench-store-") as data:
        store = Store(f"sqlite:///{data}/copydesk.sqlite3")
        fps = [f"f1-{i + 0xabc000:024x}" for i in range(40)]
        store.remember_analysis("shared", "bench-story", [FindingRecord(fp, "claim", "engine:offline", ("0" * 16,))
                                                          for fp in fps])
        jobs = [(DecisionRequest(**body), headers.get("Idempotency-Key")) for body, headers in _bodies(fps, requests)]
        for request, key in jobs[:20]:
            store.decide("shared", request, key)
        latencies = []
        for request, key in jobs:
            began = time.perf_counter()
            store.decide("shared", request, key)
            latencies.append(time.perf_counter() - began)
        store.dispose()
    return latencies


def asgi_latencies(requests: int) -> list[float]:
    """The whole app in this process (middleware, key and rate guards, validation, database), without sockets
    or a second process: POST /v1/decisions through httpx's ASGI transport, one after another."""
    from app.api import create_app
    from app.settings import Settings

    article = (ROOT / "examples" / "istanbul-talks.txt").read_bytes().decode("utf-8")
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-asgi-") as data:
        app = create_app(Settings(_env_file=None, llm_base_url=None, llm_api_key=None, rate_limit_per_minute=0,
                                  data_dir=data, database_url=None, log_level="WARNING"))

        async def run() -> list[float]:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                r = await http.post("/v1/analyze", json={"text": article, "engine": "offline",
                                                         "article_key": "bench-story"})
                fps = [c["fingerprint"] for c in r.json()["claims"]]
                for body, headers in _bodies(fps, 20):
                    await http.post("/v1/decisions", json=body, headers=headers)
                out = []
                for body, headers in _bodies(fps, requests):
                    began = time.perf_counter()
                    r = await http.post("/v1/decisions", json=body, headers=headers)
                    out.append(time.perf_counter() - began)
                    if r.status_code not in (200, 201):
                        raise RuntimeError(f"POST /v1/decisions answered {r.status_code}: {r.text[:300]}")
                return out

        try:
            return asyncio.run(run())
        finally:
            app.state.decisions.dispose()


def decisions_figures(requests: int = 400, clients: int = 8) -> dict[str, Any]:
    """p50/p95/p99 of POST /v1/decisions, one client after another and `clients` at once."""
    article = (ROOT / "examples" / "istanbul-talks.txt").read_bytes().decode("utf-8")
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-data-") as data, \
            serving({"COPYDESK_DATA_DIR": data, "COPYDESK_DATABASE_URL": ""}) as app:
        with httpx.Client(base_url=app.url, timeout=60) as http:
            r = http.post("/v1/analyze", json={"text": article, "engine": "offline", "article_key": "bench-story"})
            r.raise_for_status()
            fps = [c["fingerprint"] for c in r.json()["claims"]]
            for body, headers in _bodies(fps, 20):  # warm-up: the pool, the statement caches
                http.post("/v1/decisions", json=body, headers=headers)
            sequential = []
            cpu = app.cpu_s()
            for body, headers in _bodies(fps, requests):
                began = time.perf_counter()
                r = http.post("/v1/decisions", json=body, headers=headers)
                sequential.append(time.perf_counter() - began)
                if r.status_code not in (200, 201):
                    raise RuntimeError(f"POST /v1/decisions answered {r.status_code}: {r.text[:300]}")
            cpu_ms = (app.cpu_s() - cpu) / requests * 1000
            floor = []  # the same loop on GET /healthz: what the HTTP stack and the machine's load cost alone
            for _ in range(min(requests, 200)):
                began = time.perf_counter()
                http.get("/healthz")
                floor.append(time.perf_counter() - began)
        concurrent = asyncio.run(_concurrent(app.url, _bodies(fps, requests)[::-1], clients))
        size_kb = sum(f.stat().st_size for f in os.scandir(data) if f.is_file()) / 1024
    seq, con, base = _figures(sequential), _figures(concurrent), _figures(floor)
    store = _figures(store_latencies(requests))
    asgi = _figures(asgi_latencies(requests))
    return {"post_p50_ms": seq["p50_ms"], "post_p95_ms": seq["p95_ms"], "post_p99_ms": seq["p99_ms"],
            "post_requests": seq["requests"], "healthz_p50_ms": base["p50_ms"], "healthz_p95_ms": base["p95_ms"], "post_p95_ms_8_clients": con["p95_ms"],
            "post_p50_ms_8_clients": con["p50_ms"], "post_server_cpu_ms": round(cpu_ms, 2),
            "store_p50_ms": store["p50_ms"], "store_p95_ms": store["p95_ms"],
            "asgi_p50_ms": asgi["p50_ms"], "asgi_p95_ms": asgi["p95_ms"], "database": "sqlite (WAL, synchronous=NORMAL)",
            "database_kb": round(size_kb, 1)}


def main(argv: list[str] | None = None) -> int:
    """Measure and print as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.decisions")
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args(argv)
    before = os.getloadavg()
    result = decisions_figures(args.requests)
    result["loadavg"] = [round(x, 2) for x in before]
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

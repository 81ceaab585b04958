"""The CPU worker pool (app.cpu): jobs run in killable processes, several at once, within a time budget."""

from __future__ import annotations

import asyncio
import os
import time

import pytest
from fastapi.testclient import TestClient

from app import cpu
from app.api import create_app
from app.settings import Settings
from tests.cpu_jobs import _fail, _spin, _spin_marked, _wait_for_company

pytestmark = pytest.mark.processes  # every test here starts worker processes


def test_two_jobs_run_at_once_in_two_processes(tmp_path):
    pool = cpu.ProcessPool(2, budget_s=60)

    async def both() -> list[bool]:
        return await asyncio.gather(pool.run(_wait_for_company, str(tmp_path), "a", 30),
                                    pool.run(_wait_for_company, str(tmp_path), "b", 30))

    try:
        assert asyncio.run(both()) == [True, True]
        pids = {p.read_text() for p in tmp_path.iterdir()}
        assert len(pids) == 2 and str(os.getpid()) not in pids
    finally:
        pool.close()


def test_a_job_over_its_budget_is_stopped_and_the_pool_serves_the_next():
    pool = cpu.ProcessPool(1, budget_s=3)

    async def scenario() -> str:
        await pool.run(_spin, 0)  # the worker has imported this module
        with pytest.raises(cpu.Overloaded) as refused:
            await pool.run(_spin, 600)
        assert refused.value.status == 503 and int(refused.value.headers["Retry-After"]) >= 1
        return await pool.run(_spin, 0)

    try:
        assert asyncio.run(scenario()) == "done"
        assert pool.killed == 1
    finally:
        pool.close()


def test_an_abandoned_job_is_stopped():
    pool = cpu.ProcessPool(1, budget_s=600)

    async def scenario() -> str:
        job = asyncio.ensure_future(pool.run(_spin, 600))
        await asyncio.sleep(0.5)
        job.cancel()  # the client went away
        with pytest.raises(asyncio.CancelledError):
            await job
        return await pool.run(_spin, 0)  # the only worker is free again: not spinning for 600 s

    try:
        assert asyncio.run(scenario()) == "done"
        assert pool.killed == 1
    finally:
        pool.close()


def test_a_jobs_exception_reaches_the_caller():
    pool = cpu.ProcessPool(1, budget_s=60)
    try:
        with pytest.raises(ValueError, match="bad input"):
            asyncio.run(pool.run(_fail))
        assert pool.killed == 0
    finally:
        pool.close()


def test_an_analysis_over_the_budget_is_a_503_problem_with_retry_after(article):
    settings = Settings(_env_file=None, llm_base_url=None, llm_api_key=None, rate_limit_per_minute=0,
                        cpu_budget_s=0.001)
    try:
        r = TestClient(create_app(settings)).post("/v1/analyze", json={"text": article * 50})
        assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"].endswith("/overloaded") and int(r.headers["retry-after"]) >= 1
    finally:
        cpu.configure(Settings(_env_file=None).cpu_workers, Settings(_env_file=None).cpu_budget_s)


def test_a_request_whose_client_disconnects_stops_its_cpu_job(tmp_path):
    import socket

    from app.cpu import run_cpu
    from tests.serving import serving

    settings = Settings(_env_file=None, llm_base_url=None, llm_api_key=None, rate_limit_per_minute=0,
                        cpu_workers=1, cpu_budget_s=600)
    app = create_app(settings)

    @app.post("/v1/spin")
    async def spin() -> dict:
        return {"done": await run_cpu(_spin_marked, str(tmp_path / "running"), 600)}

    try:
        pool = cpu.pool()
        with serving(app) as port:
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(b"POST /v1/spin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 2\r\n\r\n{}")
            deadline = time.monotonic() + 60
            while not (tmp_path / "running").exists() and time.monotonic() < deadline:  # the job runs
                time.sleep(0.05)
            sock.close()  # the client gives up
            while pool.killed == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert pool.killed == 1  # the worker spinning for 600 s was stopped
    finally:
        cpu.configure(Settings(_env_file=None).cpu_workers, Settings(_env_file=None).cpu_budget_s)

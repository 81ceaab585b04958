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
                        cpu_workers=2, cpu_budget_s=0.001)  # a budget holds only in worker processes
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


def test_the_wait_for_a_busy_worker_ends_at_the_request_deadline():
    # One worker, busy for 600 s; a request with a 1 s deadline must not wait for it (nor for the 600 s budget).
    pool = cpu.ProcessPool(1, budget_s=600)

    async def scenario() -> cpu.Overloaded:
        await pool.run(_spin, 0)  # started and warm
        busy = asyncio.ensure_future(pool.run(_spin, 600))
        await asyncio.sleep(0.2)
        try:
            async with asyncio.timeout(60):  # a hang fails the test instead of holding it
                with cpu.request_deadline(1.0), pytest.raises(cpu.Overloaded) as refused:
                    await pool.run(_spin, 0)
        finally:
            busy.cancel()
            with pytest.raises(asyncio.CancelledError):
                await busy
        return refused.value

    try:
        refused = asyncio.run(scenario())
        assert refused.status == 503 and int(refused.headers["Retry-After"]) >= 1
        assert "request deadline of 1 s" in refused.detail and "waiting for a CPU worker" in refused.detail
        assert pool.killed == 1  # only the busy job, stopped by its cancellation; the refused one never ran
    finally:
        pool.close()


def test_a_job_is_stopped_at_the_request_deadline_not_at_the_budget():
    pool = cpu.ProcessPool(1, budget_s=600)

    async def scenario() -> str:
        await pool.run(_spin, 0)
        async with asyncio.timeout(60):
            with cpu.request_deadline(1.0), pytest.raises(cpu.Overloaded, match="request deadline"):
                await pool.run(_spin, 600)
            with cpu.request_deadline(30.0):  # a later request is served by the replaced worker
                return await pool.run(_spin, 0)

    try:
        assert asyncio.run(scenario()) == "done"
        assert pool.killed == 1
    finally:
        pool.close()


def test_an_inner_deadline_cannot_outlast_the_request():
    with cpu.request_deadline(5.0) as outer:
        with cpu.request_deadline(50.0) as inner:
            assert inner == outer and 0 < (cpu.time_left() or 0) <= 5.0
        with cpu.request_deadline(1.0) as sooner:
            assert sooner.at < outer.at and (cpu.time_left() or 0) <= 1.0
    assert cpu.time_left() is None


def test_an_app_with_an_llm_loads_the_llm_engine_before_its_first_request():
    # ~2 s of imports (openai, instructor) on the event loop held every request of the first wave
    import subprocess
    import sys

    code = ("import sys\nfrom app.api import create_app\nfrom app.settings import Settings\n"
            "create_app(Settings(_env_file=None, llm_base_url='http://127.0.0.1:9/v1', llm_api_key='k', "
            "cpu_workers=0))\nprint('app.engines.llm' in sys.modules, 'instructor' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert out.stdout.split() == ["True", "True"], out.stderr[-2000:]

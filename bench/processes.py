"""Stopping the helper processes the benchmarks start (the fake endpoint, the app under uvicorn)."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen, wait_s: float) -> None:
    """Ask the process to end (SIGTERM), and kill it if it has not within `wait_s` seconds."""
    process.terminate()
    try:
        process.wait(wait_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

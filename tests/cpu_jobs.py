"""Jobs for tests/test_cpu.py, in a module of the standard library only, so a fresh worker imports it fast."""

from __future__ import annotations

import os
import time
from pathlib import Path


def _wait_for_company(folder: str, me: str, wait_s: float) -> bool:
    """A job that says whether another job ran at the same time (each leaves a file, then looks for two)."""
    Path(folder, me).write_text(str(os.getpid()))
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if len(list(Path(folder).iterdir())) >= 2:
            return True
        time.sleep(0.01)
    return False


def _spin(seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pass
    return "done"


def _fail() -> None:
    raise ValueError("bad input")


def _spin_marked(marker: str, seconds: float) -> str:
    """Leave `marker` (the job is running), then spin."""
    Path(marker).write_text(str(os.getpid()))
    return _spin(seconds)


def _spin_on(*_args: object) -> list[object]:
    """Any job's stand-in that never finishes in a test's time (600 s)."""
    _spin(600)
    return []

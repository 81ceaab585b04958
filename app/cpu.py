"""CPU-bound work off the event loop, one piece at a time.

Offline analysis, segmentation and verification are pure Python: run on the event loop they stall
every other request (a 200,000-character article takes about a second); run on many threads at
once they fight over the GIL and cost more CPU each. One worker thread per process keeps the loop
free and the work serial.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_pool: Executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copydesk-cpu")


async def run_cpu(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run `fn(*args, **kwargs)` on the process's CPU worker and wait for it without blocking the loop."""
    return await asyncio.get_running_loop().run_in_executor(_pool, functools.partial(fn, *args, **kwargs))


def use_executor(executor: Executor) -> Executor:
    """Run CPU work on `executor` from now on (a profiler's, in the benchmarks); returns the one it replaces."""
    global _pool
    previous, _pool = _pool, executor
    return previous

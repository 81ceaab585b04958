"""CPU-bound work off the event loop, in worker processes that can be stopped.

Offline analysis, segmentation and verification are pure Python: run on the event loop they stall every
other request. A thread cannot be stopped, so a job that runs over its time, or whose client has gone,
would hold the worker to the end (a 65 s HTML tree made the next small request wait 27 s). Here each job
runs in one of COPYDESK_CPU_WORKERS worker processes (several jobs at once, each with a whole core and no
GIL shared with the server), with a time budget of COPYDESK_CPU_BUDGET_S:

- a job over its budget is stopped (its worker is killed and replaced) and the caller gets `Overloaded`
  (503 with Retry-After);
- a job whose caller is cancelled (the client disconnected, the server is shutting down) is stopped the same
  way, so abandoned work does not hold a worker;
- waiting for a free worker is limited by the same budget (then 503 too);
- inside `request_deadline(s)` (app.service sets COPYDESK_REQUEST_DEADLINE_S around each request), the wait for
  a worker and the job together also end at the request's deadline: a request that cannot get its CPU work
  done in time answers 503 with Retry-After at the deadline, not after it.

Arguments and results cross to the worker by pickle. COPYDESK_CPU_WORKERS=0 runs jobs on one thread of
this process instead (no budget can be enforced there: for debugging and profiling).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import multiprocessing
import multiprocessing.connection
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, NamedTuple, ParamSpec, TypeVar

from app.errors import CopydeskError

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger("copydesk.cpu")


class Overloaded(CopydeskError):
    """A CPU job ran over its time budget or past the request's deadline (or waited too long for a worker):
    try again later."""

    status, type, title = 503, "overloaded", "Over the time budget"


class Deadline(NamedTuple):
    """When the current request must be answered: `at` on the time.monotonic() clock, `total_s` its length."""

    at: float
    total_s: float


_deadline: ContextVar[Deadline | None] = ContextVar("copydesk_request_deadline", default=None)


def answer_margin(seconds: float) -> float:
    """The part of a request deadline of `seconds` kept for writing the answer after the work (a twentieth, at
    most 0.5 s): work, and the wait for it, ends this much before the deadline."""
    return min(0.5, 0.05 * seconds)


@contextlib.contextmanager
def request_deadline(seconds: float) -> Iterator[Deadline]:
    """Within this block (and the tasks it starts), work must be done `seconds` from now, less the margin for the
    answer (`answer_margin`); an enclosing deadline that ends sooner is kept."""
    deadline = Deadline(time.monotonic() + seconds - answer_margin(seconds), seconds)
    current = _deadline.get()
    if current is not None and current.at <= deadline.at:
        deadline = current
    token = _deadline.set(deadline)
    try:
        yield deadline
    finally:
        _deadline.reset(token)


def time_left() -> float | None:
    """Seconds left before the current request's deadline (negative once past it); None outside a request."""
    deadline = _deadline.get()
    return None if deadline is None else deadline.at - time.monotonic()


def _serve(conn: multiprocessing.connection.Connection) -> None:
    """A worker process: run each (fn, args, kwargs) it is sent, answer ("ok", result) or ("error", exc)."""
    while True:
        try:
            fn, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
            answer = ("error", exc)
        try:
            conn.send(answer)
        except Exception as exc:  # noqa: BLE001 - an answer that cannot be pickled
            conn.send(("error", RuntimeError(f"unpicklable answer: {type(exc).__name__}")))


class _Worker:
    def __init__(self, context: Any) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True, name="copydesk-cpu")
        self.process.start()
        child.close()

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(1)
        except (OSError, ValueError):
            pass
        self.conn.close()


class ProcessPool:
    """`size` worker processes, started lazily; a job is stopped by killing its worker."""

    def __init__(self, size: int, budget_s: float) -> None:
        self.size = size
        self.budget_s = budget_s
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["app.service", "app.engines.offline", "app.verify", "app.warmup"])
        self._idle: list[_Worker] = []
        self._started = 0
        self._free: asyncio.Condition | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.killed = 0  # jobs stopped for their budget or their caller (for tests and metrics)

    def _condition(self) -> asyncio.Condition:
        loop = asyncio.get_running_loop()
        if self._free is None or self._loop is not loop:  # a new event loop (tests start many): start afresh
            self._free, self._loop = asyncio.Condition(), loop
        return self._free

    async def _take(self, deadline: float) -> _Worker:
        """An idle worker, or a new one while fewer than `size` are started; TimeoutError at `deadline`.
        The lock is not held while a worker starts (seconds, on a cold fork server): others may give back
        theirs meanwhile."""
        free = self._condition()
        async with free:
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.process.is_alive():
                        return worker
                    worker.kill()
                    self._started -= 1
                if self._started < self.size:
                    self._started += 1
                    starting = asyncio.ensure_future(asyncio.to_thread(_Worker, self._context))
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                await asyncio.wait_for(free.wait(), left)
        try:
            return await asyncio.wait_for(asyncio.shield(starting), max(0.0, deadline - time.monotonic()))
        except BaseException:
            # out of time, or cancelled: the worker being started joins the idle ones (or, if it failed to
            # start, frees its place) when it is ready
            starting.add_done_callback(self._adopt)
            raise

    def _adopt(self, starting: asyncio.Future[_Worker]) -> None:
        worker = None if starting.cancelled() or starting.exception() is not None else starting.result()
        if self._loop is not None and not self._loop.is_closed():
            self._loop.create_task(self._give_back(worker))
        elif worker is not None:
            worker.kill()

    async def _give_back(self, worker: _Worker | None) -> None:
        free = self._condition()
        async with free:
            if worker is None:
                self._started -= 1
            else:
                self._idle.append(worker)
            # all waiters re-check: a waiter woken alone may be timing out, and would take the wake-up with it
            free.notify_all()

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)` in a worker within the budget (and the request's deadline, if any);
        `Overloaded` when over either."""
        request = _deadline.get()
        limit = time.monotonic() + self.budget_s
        if request is not None and request.at < limit:
            limit = request.at
        try:
            worker = await self._take(limit)
        except TimeoutError:
            raise self._over(request if request is not None and limit == request.at else None,
                             "waiting for a CPU worker") from None
        deadline = time.monotonic() + self.budget_s  # the job's own time, from when a worker has it
        if request is not None and request.at < deadline:
            deadline = request.at
        if time.monotonic() >= deadline:  # no time left for the job: do not start it
            await self._give_back(worker)
            raise self._over(request, "waiting for a CPU worker")
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()
        try:
            worker.conn.send((fn, args, kwargs))
            loop.add_reader(fd, lambda: None if done.done() else done.set_result(None))
            try:
                await asyncio.wait_for(done, max(0.0, deadline - time.monotonic()))
            finally:
                loop.remove_reader(fd)
            status, value = worker.conn.recv()
        except BaseException as exc:
            # over budget, cancelled, or the worker died: stop the work where it is
            worker.kill()
            self.killed += 1
            await asyncio.shield(self._give_back(None))
            if isinstance(exc, TimeoutError):
                by_request = request if request is not None and deadline == request.at else None
                log.warning("CPU job %s stopped at its %s", getattr(fn, "__name__", "?"),
                            "request's deadline" if by_request else f"budget of {self.budget_s:g} s")
                raise self._over(by_request, "the analysis") from None
            if isinstance(exc, (EOFError, OSError)):
                raise RuntimeError("a CPU worker died") from None
            raise
        await self._give_back(worker)
        if status == "error":
            raise value
        result: T = value
        return result

    def _over(self, request: Deadline | None, what: str) -> Overloaded:
        """The 503 for `what` that ran out of time: at `request`'s deadline when given, else over the budget."""
        if request is not None:
            retry = max(1, math.ceil(request.total_s / 4))
            return Overloaded(f"{what} could not finish within the request deadline of {request.total_s:g} s; "
                              f"retry in {retry} s", headers={"Retry-After": str(retry)})
        return _overloaded(self.budget_s, what)

    def prestart(self) -> None:
        """Start every worker now (blocking), so the first requests do not wait for the fork server and the
        warm-up (app.warmup): `copydesk serve` calls it before it listens."""
        while self._started < self.size:
            self._idle.append(_Worker(self._context))
            self._started += 1

    def close(self) -> None:
        """Stop every idle worker (busy ones are stopped by their callers)."""
        for worker in self._idle:
            worker.kill()
        self._idle.clear()
        self._started = 0


def _overloaded(budget_s: float, what: str) -> Overloaded:
    retry = max(1, math.ceil(budget_s / 4))
    return Overloaded(f"{what} ran over the CPU time budget of {budget_s:g} s; retry in {retry} s",
                      headers={"Retry-After": str(retry)})


_pool: ProcessPool | None = None
_executor: Executor | None = None  # the CPU thread, when no pool is configured
_override: Executor | None = None  # set by use_executor (the benchmarks' profiler): wins over the pool


def configure(workers: int, budget_s: float) -> None:
    """Use `workers` processes with a budget of `budget_s` seconds a job (0 workers: one thread, no budget)."""
    global _pool, _executor
    if _pool is not None and (_pool.size, _pool.budget_s) == (workers, budget_s):
        return
    if _pool is not None:
        _pool.close()
    _pool = ProcessPool(workers, budget_s) if workers > 0 else None


def pool() -> ProcessPool | None:
    """The process pool in use (None when jobs run on a thread)."""
    return _pool


async def run_cpu(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run `fn(*args, **kwargs)` off the event loop: in a worker process when configured (the default of the
    settings), else on this process's CPU thread. `fn` and its arguments must pickle for a process."""
    if _pool is not None and _override is None:
        return await _pool.run(fn, *args, **kwargs)
    executor = _override or _executor or _default_executor()
    return await asyncio.get_running_loop().run_in_executor(executor, functools.partial(fn, *args, **kwargs))


def _default_executor() -> Executor:
    global _executor
    _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copydesk-cpu")
    return _executor


def use_executor(executor: Executor | None) -> Executor | None:
    """Run CPU work on `executor` from now on, in this process (a profiler's, in the benchmarks); returns the
    one it replaces. None goes back to the configured pool."""
    global _override
    previous, _override = _override, executor
    return previous


def default_workers() -> int:
    """Two workers, or one on a one-core machine."""
    return 2 if (os.cpu_count() or 1) > 1 else 1

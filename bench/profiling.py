"""What dominates a figure: the top functions of a cProfile run, as plain data for bench.json."""

from __future__ import annotations

import cProfile
import pstats
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

_ROOT = str(Path(__file__).resolve().parent.parent) + "/"


def _where(key: tuple[str, int, str]) -> str:
    """`app/document/sentences.py:132(sentence_ends)`, `pydantic/main.py:…`, `{built-in method …}`."""
    path, line, func = key
    if path == "~":
        return func
    path = path.removeprefix(_ROOT)
    for marker in ("site-packages/", f"python{sys.version_info.major}.{sys.version_info.minor}/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{path}:{line}({func})"


def _idle(where: str) -> bool:
    """The event loop waiting for sockets: time the process had nothing to do, not a cost."""
    return where.startswith("<method 'poll' of 'select.") or where.startswith("<method 'select' of 'select.")


def _load(stats: pstats.Stats | cProfile.Profile | str | Path) -> pstats.Stats:
    if isinstance(stats, (str, Path)):
        return pstats.Stats(str(stats))
    if isinstance(stats, cProfile.Profile):
        return pstats.Stats(stats)
    return stats


def _idle_s(stats: pstats.Stats) -> float:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    return sum(v[2] for k, v in raw.items() if _idle(_where(k)))


def top_functions(stats: pstats.Stats | cProfile.Profile | str | Path, n: int = 8, *, by: str = "tottime",
                  prefix: str | None = None) -> list[dict[str, Any]]:
    """The `n` functions with the most self (`tottime`) or cumulative (`cumtime`) time.

    `prefix` keeps only functions whose location starts with it (e.g. "app/"). `share` is the
    fraction of the profile's busy time (its total less the event loop's idle waiting).
    """
    stats = _load(stats)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = max(getattr(stats, "total_tt", 0.0) - _idle_s(stats), 1e-9)
    rows = []
    for key, (_, calls, tottime, cumtime, _) in raw.items():
        where = _where(key)
        if (prefix and not where.startswith(prefix)) or _idle(where):
            continue
        rows.append({"function": where, "calls": calls, "self_ms": round(tottime * 1000, 1),
                     "cum_ms": round(cumtime * 1000, 1), "share": round((tottime if by == "tottime" else cumtime)
                                                                        / total, 3)})
    rows.sort(key=lambda r: r["self_ms" if by == "tottime" else "cum_ms"], reverse=True)
    return rows[:n]


def summarise(stats: pstats.Stats | cProfile.Profile | str | Path, n: int = 6) -> dict[str, Any]:
    """Self-time leaders anywhere (idle waiting left out), and cumulative-time leaders in our own code (app/)."""
    stats = _load(stats)
    return {"total_s": round(getattr(stats, "total_tt", 0.0), 3), "idle_s": round(_idle_s(stats), 3),
            "self": top_functions(stats, n, by="tottime"),
            "app_cumulative": top_functions(stats, n, by="cumtime", prefix="app/")}


class ProfiledThreads(ThreadPoolExecutor):
    """The loop's default executor with every job under a per-thread profiler, so `to_thread` work is seen."""

    def __init__(self) -> None:
        super().__init__(thread_name_prefix="bench-profiled")
        self.profiles: list[cProfile.Profile] = []
        self.active = threading.Event()
        self._local = threading.local()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:  # type: ignore[override]
        return super().submit(self._profiled, fn, *args, **kwargs)

    def _profiled(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self.active.is_set():
            return fn(*args, **kwargs)
        profiler = getattr(self._local, "profiler", None)
        if profiler is None:
            profiler = self._local.profiler = cProfile.Profile()
            self.profiles.append(profiler)
        profiler.enable()
        try:
            return fn(*args, **kwargs)
        finally:
            profiler.disable()


def merged(main: cProfile.Profile, threads: ProfiledThreads) -> pstats.Stats:
    """One profile of the main thread and every worker thread."""
    stats = pstats.Stats(main)
    for worker in threads.profiles:
        stats.add(worker)
    return stats

"""`copydesk batch --ray [ADDRESS]`: the same batch on a Ray cluster (or a local Ray instance).

Needs the `cluster` extra (`pip install 'copydesk[cluster]'`, or `make install-cluster`). The driver (the
machine that runs `copydesk batch`) reads the input, skips rows already done, reports bad rows and writes
the output exactly as the local run does; only the analyses run on the cluster, in long-lived Ray actors
(one CPU each, one per cluster CPU unless `workers` says otherwise), fed chunks of rows with two chunks
in flight per actor so no actor waits on the driver. Every worker node needs copydesk installed in the
same version (the ruleset version in each line shows it) and, for the llm engine, the COPYDESK_LLM_*
settings in its environment (passed here through Ray's `runtime_env`).

Why Ray core actors and not Ray Data's `map_batches`: a Ray Data pipeline starts its actor pool per
dataset, and the driver must keep the resume, duplicate and bad-row bookkeeping of the local run, so the
rows stream from the driver in any case; long-lived actors fed by the driver do the same work with one
start-up.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from app.batch.rows import Row
from app.batch.runner import CHUNK_ROWS, LLM_CHUNK_ROWS, BatchConfig, BatchSummary, _chunks, run_batch, usable_cores
from app.batch.work import Line
from app.settings import Settings


class ClusterUnavailable(Exception):
    """Ray is not installed, or the cluster cannot be reached."""


def _analyzer_class() -> Any:
    import ray

    @ray.remote(num_cpus=1)
    class Analyzer:
        """One worker process on the cluster: a RowWorker with its CPU work inline."""

        def __init__(self, include: list[str] | None, engine: str) -> None:
            import app.warmup  # noqa: F401 - the data loaded on first use, loaded now: part of the start-up
            from app.batch.work import init_worker

            init_worker(include, engine)

        def ready(self) -> bool:
            return True

        def work(self, rows: list[Row]) -> list[Line]:
            from app.batch.work import work_chunk

            return work_chunk(rows)

    return Analyzer


def run_batch_ray(config: BatchConfig, settings: Settings, *, address: str | None = None,
                  workers: int | None = None) -> BatchSummary:
    """run_batch with the analyses on Ray: `address` None starts a local instance (with `workers` CPUs),
    else connects (`auto`, `ray://host:10001`). Raises ClusterUnavailable when Ray is missing or unreachable;
    the summary's `startup_seconds` is the time to start (or reach) Ray and its actors, `shutdown_seconds` the time
    `ray.shutdown()` took at the end (both inside `seconds`)."""
    try:
        import ray
    except ImportError:
        raise ClusterUnavailable("--ray needs the cluster extra: pip install 'copydesk[cluster]'") from None
    summary_box: dict[str, float] = {}

    def runner(rows: Iterator[Row], emit: Callable[[Line], None], config: BatchConfig,
               _settings: Settings, engine: str) -> None:
        started = time.perf_counter()
        env = {k: v for k, v in os.environ.items() if k.startswith(("COPYDESK_", "OPENAI_"))}
        init: dict[str, Any] = dict(include_dashboard=False, log_to_driver=False, configure_logging=False,
                                    runtime_env={"env_vars": env} if env else None)
        if address is None:
            init["num_cpus"] = workers or usable_cores()
        try:
            ray.init(address=address, **init)
        except Exception as exc:  # noqa: BLE001 - Ray raises several kinds for an unreachable cluster
            raise ClusterUnavailable(f"cannot start or reach Ray at {address or 'a local instance'}: {exc}") from None
        try:
            count = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
            analyzer = _analyzer_class()
            actors = [analyzer.remote(config.include, engine) for _ in range(count)]
            ray.get([a.ready.remote() for a in actors])
            summary_box["startup"] = time.perf_counter() - started
            idle = deque(actors * 2)
            inflight: dict[Any, Any] = {}

            def collect(block: bool) -> None:
                done, _ = ray.wait(list(inflight), num_returns=1, timeout=None if block else 0)
                for ref in done:
                    idle.append(inflight.pop(ref))
                    for line in ray.get(ref):
                        emit(line)

            for chunk in _chunks(rows, LLM_CHUNK_ROWS if engine == "llm" else CHUNK_ROWS):
                while not idle:
                    collect(block=True)
                actor = idle.popleft()
                inflight[actor.work.remote(chunk)] = actor
            while inflight:
                collect(block=True)
        finally:
            stopping = time.perf_counter()
            ray.shutdown()
            summary_box["shutdown"] = time.perf_counter() - stopping

    summary = run_batch(config, settings, runner=runner)
    summary.startup_seconds = summary_box.get("startup", 0.0)
    summary.shutdown_seconds = summary_box.get("shutdown", 0.0)
    return summary

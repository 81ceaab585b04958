"""`copydesk batch` on one machine: a process pool for the offline engine, bounded async calls for the llm engine.

    run_batch(BatchConfig(input=Path("articles.jsonl"), output=Path("out.jsonl")), settings) -> BatchSummary

Rows stream from the input to the workers and back to the output in bounded windows, so memory does not
grow with the archive. Results are written as they finish (not in input order; each line has its `id`).
"""

from __future__ import annotations

import asyncio
import collections
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from app.batch.output import OutputState, OutputWriter, check_versions, scan
from app.batch.rows import Row, check_input, input_format, problem, read_rows
from app.batch.work import Encoded, Line, RowWorker, analyze_row, init_pool_worker, work_chunk
from app.engines import default_engine, get_engine
from app.settings import Settings
from app.versions import llm_prompt_hash, llm_prompt_version, ruleset_version

log = logging.getLogger("copydesk.batch")

#: rows per task sent to a worker process: large enough that inter-process traffic is a small share (under
#: 1 ms of the driver's CPU a chunk), small enough that at the end of a run a worker does not wait long for
#: the other's last chunk (half a chunk on average: ~80 ms of 1,000-word articles)
CHUNK_ROWS = 4
#: rows per task for the llm engine on a cluster actor: they are analysed at once, so this many articles wait
#: on the model together per actor
LLM_CHUNK_ROWS = 8


@dataclass
class BatchConfig:
    """One batch run. `jobs` None means one worker process per core (offline); `limit` caps input rows read."""

    input: Path
    output: Path
    input_format: str | None = None
    engine: str | None = None
    include: list[str] | None = None
    jobs: int | None = None
    concurrency: int | None = None
    limit: int | None = None
    force: bool = False
    progress: str = "auto"  # auto | bar | lines | off
    batch_api: bool = False  # llm: through the OpenAI Batch API (app/batch/openai_batch.py)
    batch_poll_s: float = 10.0  # the Batch API: first wait between polls (doubling to 10 min)
    batch_rows: int = 2000  # the Batch API: rows whose requests share batches


@dataclass
class BatchSummary:
    """What a run did."""

    done: int = 0
    failed: collections.Counter[str] = field(default_factory=collections.Counter)
    skipped: int = 0
    seconds: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    calls: int = 0
    truncated_bytes: int = 0
    interrupted: bool = False
    engine: str = "offline"
    startup_seconds: float = 0.0
    shutdown_seconds: float = 0.0  # a cluster run's time to stop Ray, inside `seconds`
    cost: float | None = None
    batches: int | None = None  # Batch API batches created in this run

    @property
    def written(self) -> int:
        """Lines written in this run (analyses and problems)."""
        return self.done + sum(self.failed.values())

    @property
    def rate(self) -> float:
        """Rows written per second of wall time."""
        return self.written / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The summary as JSON-able data (`copydesk batch --summary-json`)."""
        return {"engine": self.engine, "done": self.done, "failed": dict(self.failed), "skipped": self.skipped,
                "seconds": round(self.seconds, 3), "rows_per_s": round(self.rate, 2),
                "input_tokens": self.input_tokens, "output_tokens": self.output_tokens, "calls": self.calls,
                "estimated_cost": self.cost, "interrupted": self.interrupted, "batches": self.batches,
                "startup_seconds": round(self.startup_seconds, 3),
                "shutdown_seconds": round(self.shutdown_seconds, 3)}

    def lines(self) -> list[str]:
        """The summary for a person."""
        out = [f"{self.written} rows written in {self.seconds:.1f} s ({self.rate:.1f}/s): {self.done} analysed, "
               f"{sum(self.failed.values())} failed, {self.skipped} already in the output"]
        for kind, count in sorted(self.failed.items()):
            out.append(f"  failed: {kind}: {count}")
        if self.engine == "llm":
            cost = f"${self.cost:.4f}" if self.cost is not None else (
                "unknown (set COPYDESK_LLM_PRICE_INPUT_PER_MTOK and COPYDESK_LLM_PRICE_OUTPUT_PER_MTOK)")
            out.append(f"  tokens: {self.input_tokens:,} in, {self.output_tokens:,} out in {self.calls} calls; "
                       f"estimated cost {cost}")
        if self.batches is not None:
            out.append(f"  Batch API: {self.batches} batches created in this run (cost at the Batch API's half price)")
        if self.startup_seconds or self.shutdown_seconds:
            out.append(f"  cluster start-up {self.startup_seconds:.1f} s and shut-down {self.shutdown_seconds:.1f} s "
                       "(included in the time above)")
        if self.truncated_bytes:
            out.append(f"  cut a partial last line ({self.truncated_bytes} bytes) left by an earlier run")
        if self.interrupted:
            out.append("  interrupted: run the same command again to resume")
        return out


def expected_versions(engine: str, settings: Settings) -> dict[str, Any]:
    """The versions every line of this run will name (see app.batch.output); a problem line carries them as
    `versions`, with the `prompt_version` an analysis with every part would name (the llm engine; else None)."""
    return {"engine": engine, "model": settings.llm_model if engine == "llm" else None,
            "prompt_version": llm_prompt_version(settings) if engine == "llm" else None,
            "prompt_hash": llm_prompt_hash(settings) if engine == "llm" else None,
            "ruleset_version": ruleset_version()}


def count_rows(path: Path, fmt: str | None) -> int | None:
    """The number of rows for the progress bar's ETA: lines of a plain JSONL file, else None (unknown)."""
    try:
        if str(path) == "-" or input_format(path, fmt) != "jsonl" or path.suffix == ".gz":
            return None
        with open(path, "rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return None


def _pending_rows(config: BatchConfig, state: OutputState, summary: BatchSummary) -> Iterator[Row]:
    """Input rows still to do: skips those done, turns duplicates into problems, stops at the limit."""
    seen: set[str] = set()
    rows: Iterable[Row] = read_rows(config.input, config.input_format)
    if config.limit is not None:
        rows = islice(rows, config.limit)
    for row in rows:
        if (row.id is None or row.id in seen) and row.line in state.done_lines:
            summary.skipped += 1
            continue
        if row.id is not None:
            row_id: str = row.id
            if row_id in seen:
                row = Row(row.line, row.id, problem=problem(
                    "duplicate-id", f"line {row.line}: id {row.id!r} was already given earlier in the input"))
                yield row
                continue
            seen.add(row_id)
            if row_id in state.done:
                summary.skipped += 1
                continue
        yield row


class _Progress:
    """A rich progress bar on a terminal, a plain line every few seconds otherwise, or nothing."""

    def __init__(self, mode: str, total: int | None, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "bar" if self.stream.isatty() else "lines"
        self.mode, self.total, self.count = mode, total, 0
        self.started = self.last = time.monotonic()
        self._bar = None
        if mode == "bar":
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(TextColumn("batch"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}/s"), TimeElapsedColumn(), TimeRemainingColumn(),
                                 transient=False)
            self._bar.start()
            self._task = self._bar.add_task("batch", total=total, rate="0.0")

    def advance(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        rate = self.count / max(now - self.started, 1e-9)
        if self._bar is not None:
            self._bar.update(self._task, advance=n, rate=f"{rate:.1f}")
        elif self.mode == "lines" and now - self.last >= 5.0:
            self.last = now
            eta = f", ETA {(self.total - self.count) / rate:.0f} s" if self.total and rate > 0 else ""
            of = f"/{self.total}" if self.total else ""
            print(f"batch: {self.count}{of} rows, {rate:.1f}/s{eta}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def run_batch(config: BatchConfig, settings: Settings, *, progress_stream: TextIO | None = None,
              runner: Callable[..., None] | None = None) -> BatchSummary:
    """Run the batch; returns its summary. Raises InputError / OutputError (incl. VersionMismatch) /
    EngineUnavailable before any work when the input, the output or the engine cannot be used.
    KeyboardInterrupt stops it cleanly: the lines written so far stay, and the summary says `interrupted`."""
    check_input(config.input, config.input_format)
    engine = config.engine or default_engine(settings)
    get_engine(engine, settings)  # EngineUnavailable now, not once per row
    if config.batch_api and engine != "llm":
        from app.batch.rows import InputError

        raise InputError("--batch-api sends the llm engine's calls through the OpenAI Batch API: use --engine llm")
    versions = expected_versions(engine, settings)
    if config.output.is_dir():
        from app.batch.output import OutputError

        raise OutputError(f"{config.output} is a directory; --out takes a file")
    state = OutputState() if config.force else scan(config.output)
    if not config.force:
        check_versions(state, versions, config.output)
    summary = BatchSummary(engine=engine, truncated_bytes=state.truncated_bytes)
    rows = _pending_rows(config, state, summary)
    total = count_rows(config.input, config.input_format)
    if total is not None and config.limit is not None:
        total = min(total, config.limit)
    writer = OutputWriter(config.output, fresh=config.force)
    started = time.perf_counter()
    jobs = config.jobs or usable_cores()
    # the local pool starts before the progress bar's thread: its workers are forked from this process
    pool = _start_pool(jobs, config, engine) if runner is None and engine != "llm" and jobs > 1 else None
    progress = _Progress(config.progress, total, progress_stream)
    progress.advance(0)

    def emit(line: Line) -> None:
        if isinstance(line, Encoded):  # an analysis encoded by a pool worker
            summary.done += 1
            summary.input_tokens += line.input_tokens
            summary.output_tokens += line.output_tokens
            summary.calls += line.calls
            writer.write_encoded(line.data)
            progress.advance()
            return
        if "problem" in line:
            line.setdefault("versions", versions)
            summary.failed[str(line["problem"].get("type", "internal"))] += 1
        else:
            summary.done += 1
            usage = line.get("meta", {}).get("usage", {})
            summary.input_tokens += int(usage.get("input_tokens", 0))
            summary.output_tokens += int(usage.get("output_tokens", 0))
            summary.calls += int(usage.get("calls", 0))
        writer.write(line)
        progress.advance()

    try:
        if runner is not None:
            runner(rows, emit, config, settings, engine)
        elif engine == "llm" and config.batch_api:
            from app.batch.openai_batch import run_batch_api

            collector = asyncio.run(run_batch_api(
                rows, emit, settings=settings, output=config.output, include=config.include, engine=engine,
                group=config.batch_rows, poll_s=config.batch_poll_s))
            summary.batches = collector.batches_created
        elif engine == "llm":
            asyncio.run(_run_async(rows, emit, config, settings, engine))
        elif pool is not None:
            _run_pool(pool, rows, emit, jobs)
        else:
            _run_inline(rows, emit, config, settings, engine)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        writer.close()
        progress.close()
        summary.seconds = time.perf_counter() - started
    if engine == "llm" and settings.llm_price_input_per_mtok is not None \
            and settings.llm_price_output_per_mtok is not None:
        summary.cost = (summary.input_tokens * settings.llm_price_input_per_mtok
                        + summary.output_tokens * settings.llm_price_output_per_mtok) / 1e6
        if config.batch_api:
            summary.cost /= 2  # OpenAI bills the Batch API at half the price
    return summary


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity: a container's or `taskset`'s limit), else the
    machine's count: `--jobs`' default."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _fork_context() -> Any:
    """How pool workers start: forked from this process on Linux, so they start in milliseconds with its
    imports (and, when this process has analysed before, the data the engine loads on first use), not in the
    seconds a spawned interpreter needs to import everything again (on a 200-row run that cost `--jobs 2` a
    good part of its speed-up). Forking is safe here because the pool starts before the batch starts any thread
    of its own (the progress bar's); elsewhere (macOS, Windows: fork is unsafe or missing) workers are spawned."""
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_pool(jobs: int, config: BatchConfig, engine: str) -> ProcessPoolExecutor:
    """`jobs` worker processes for the offline rows, started now (a first task makes the pool start them all)."""
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=init_pool_worker, initargs=(config.include, engine),
                               mp_context=_fork_context())
    pool.submit(int).result()  # starts every worker now, from this thread, before any other thread exists
    return pool


def _run_inline(rows: Iterator[Row], emit: Callable[[Line], None], config: BatchConfig, settings: Settings,
                engine: str) -> None:
    """Offline rows in this process (`--jobs 1`)."""
    worker = RowWorker(settings, config.include, engine)
    for chunk in _chunks(rows, CHUNK_ROWS):
        for line in worker(chunk):
            emit(line)


def _run_pool(pool: ProcessPoolExecutor, rows: Iterator[Row], emit: Callable[[Line], None], jobs: int) -> None:
    """Offline rows on the pool's `jobs` processes, at most 4 chunks in flight per job; lines are written as
    their chunks finish."""
    pending: set[Future[list[Line]]] = set()
    try:
        for chunk in _chunks(rows, CHUNK_ROWS):
            pending.add(pool.submit(work_chunk, chunk))
            if len(pending) >= jobs * 4:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    for line in future.result():
                        emit(line)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                for line in future.result():
                    emit(line)
    except BaseException:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        raise


async def _run_async(rows: Iterator[Row], emit: Callable[[Line], None], config: BatchConfig,
                     settings: Settings, engine: str) -> None:
    """llm rows with at most `concurrency` analyses in flight (each makes its own concurrent calls)."""
    limit = config.concurrency or max(1, settings.llm_concurrency // 2)
    pending: set[asyncio.Task[dict[str, Any]]] = set()
    try:
        for row in rows:
            pending.add(asyncio.create_task(analyze_row(row, settings, config.include, engine)))
            if len(pending) >= limit:
                finished, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in finished:
                    emit(task.result())
        while pending:
            finished, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in finished:
                emit(task.result())
    finally:
        for task in pending:
            task.cancel()

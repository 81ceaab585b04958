"""`copydesk batch` figures: scaling over worker processes and on Ray, the llm batch against the fake server,
and memory over a long run.

    .venv/bin/python -m bench.batch [--rows 200] [--rss-rows 100000] [--no-ray] [--no-llm]

- `batch.offline_rate.jobs1` / `.jobs2`: rows per second of `copydesk batch` (1,000-word articles), and
  `batch.jobs2_speedup` (target >= 1.8 on 2 idle cores);
- `batch.service_rate_one_core`: `service.analyze` called in a loop on one core, and
  `batch.jobs1_vs_service` (target >= 0.9: no per-row overhead that matters);
- `batch.ray_rate.workers2` (the steady rate: Ray's start-up and shut-down, fixed costs of a run whatever its
  size, reported apart as `batch.ray_startup_s` and `batch.ray_shutdown_s`) and
  `batch.ray_vs_jobs2` (target >= 0.8);
- `batch.llm_wall_ratio`: wall time / (rows x critical path / concurrency) against the fake OpenAI server
  at d = 1 s (target <= 1.2);
- `batch.rss_mb.after_1000` / `.at_end` over `--rss-rows` short rows (target: flat).
Every figure is measured while the machine does whatever else it is doing: the load average is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.offline import article_of


def _rows(path: Path, n: int, text: str) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps({"id": f"r{i}", "text": text}) + "\n")
    return path


def _run(src: Path, out: Path, **config: Any) -> Any:
    from app.batch import BatchConfig, run_batch
    from app.settings import Settings

    settings = Settings(_env_file=None, llm_base_url=None, llm_api_key=None)
    return run_batch(BatchConfig(input=src, output=out, progress="off", force=True, **config), settings)


def service_rate(text: str, n: int) -> float:
    """Rows per second of service.analyze in a loop (one process, the service's own CPU thread)."""
    from app import service
    from app.models import AnalyzeRequest
    from app.settings import Settings

    settings = Settings(_env_file=None, llm_base_url=None, llm_api_key=None)

    async def loop() -> float:
        await service.analyze(AnalyzeRequest(text=text), settings)
        started = time.perf_counter()
        for _ in range(n):
            await service.analyze(AnalyzeRequest(text=text), settings)
        return n / (time.perf_counter() - started)

    return asyncio.run(loop())


def offline_figures(rows: int, ray: bool) -> dict[str, Any]:
    text = article_of(1000)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = _rows(Path(tmp) / "in.jsonl", rows, text)
        out["batch.service_rate_one_core"] = round(service_rate(text, max(rows // 4, 20)), 2)
        for jobs in (1, 2):
            summary = _run(src, Path(tmp) / f"out{jobs}.jsonl", jobs=jobs)
            out[f"batch.offline_rate.jobs{jobs}"] = round(summary.rate, 2)
        out["batch.jobs2_speedup"] = round(out["batch.offline_rate.jobs2"] / out["batch.offline_rate.jobs1"], 3)
        out["batch.jobs1_vs_service"] = round(out["batch.offline_rate.jobs1"] / out["batch.service_rate_one_core"], 3)
        if ray:
            try:
                from app.batch import BatchConfig
                from app.batch.cluster import run_batch_ray
                from app.settings import Settings

                summary = run_batch_ray(BatchConfig(input=src, output=Path(tmp) / "ray.jsonl", progress="off",
                                                    force=True), Settings(_env_file=None), workers=2)
                rate = summary.written / max(summary.seconds - summary.startup_seconds - summary.shutdown_seconds, 1e-9)
                out["batch.ray_startup_s"] = round(summary.startup_seconds, 2)
                out["batch.ray_shutdown_s"] = round(summary.shutdown_seconds, 2)
                out["batch.ray_rate.workers2"] = round(rate, 2)
                out["batch.ray_vs_jobs2"] = round(rate / out["batch.offline_rate.jobs2"], 3)
            except Exception as exc:  # noqa: BLE001 - Ray missing: say so, keep the other figures
                out["batch.ray_error"] = f"{type(exc).__name__}: {exc}"[:200]
    return out


def llm_figures(rows: int, delay_s: float = 1.0, concurrency: int = 8) -> dict[str, Any]:
    """The llm batch against the fake server: each article's critical path is its calls in a row (bench.llm.CHAIN
    under the default COPYDESK_LLM_CALLS) of d seconds each."""
    from app.batch import BatchConfig, run_batch
    from app.settings import Settings
    from bench.fake_openai import spawn

    text = article_of(600)
    with spawn(delay_s=delay_s) as fake, tempfile.TemporaryDirectory() as tmp:
        src = _rows(Path(tmp) / "in.jsonl", rows, text)
        settings = Settings(_env_file=None, llm_base_url=fake.base_url, llm_api_key="sk-bench", llm_model="fake",
                            llm_concurrency=64)
        summary = run_batch(BatchConfig(input=src, output=Path(tmp) / "out.jsonl", engine="llm",
                                        concurrency=concurrency, progress="off", force=True), settings)
    from bench.llm import CHAIN

    ideal = rows * CHAIN[settings.llm_calls] * delay_s / concurrency
    return {"batch.llm_rows": rows, "batch.llm_wall_s": round(summary.seconds, 2),
            "batch.llm_wall_ratio": round(summary.seconds / ideal, 3),
            "batch.llm_failed": sum(summary.failed.values())}


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return round(total / 1024, 1)


def _tree(root: int) -> list[int]:
    """`root` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree += frontier
    return tree


def rss_figures(rows: int, jobs: int = 2) -> dict[str, Any]:
    """RSS of the batch (driver and its workers) after 1,000 rows and at the end of `rows` short rows."""
    text = "Monday, March 3, 2025\n\nThe council approved 12 new homes on Monday, the mayor said."
    samples: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        src = _rows(Path(tmp) / "in.jsonl", rows, text)
        out = Path(tmp) / "out.jsonl"
        stop = threading.Event()

        def watch() -> None:
            done, offset = 0, 0
            while not stop.wait(0.5):
                pids = _tree(os.getpid())
                try:  # the lines written since the last look (reading the whole output each time grew with it)
                    with open(out, "rb") as handle:
                        handle.seek(offset)
                        chunk = handle.read()
                    done += chunk.count(b"\n")
                    offset += len(chunk)
                except OSError:
                    pass
                samples.append((done, _rss_mb(pids)))

        thread = threading.Thread(target=watch, daemon=True)
        thread.start()
        _run(src, out, jobs=jobs)
        stop.set()
        thread.join()
    after = [(done, rss) for done, rss in samples if done >= 1000]
    # the RSS at each tenth of the run (the first sample past it), to show the curve, not only its ends
    marks = {f"{m}": next((rss for done, rss in after if done >= m), None)
             for m in sorted({1000, *(rows * k // 10 for k in range(1, 11))}) if m >= 1000}
    return {"batch.rss_rows": rows, "batch.rss_mb.after_1000": after[0][1] if after else None,
            "batch.rss_mb.at_end": after[-1][1] if after else None,
            "batch.rss_mb.max_after_1000": max(r for _, r in after) if after else None,
            "batch.rss_mb.by_rows": marks}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.batch")
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--rss-rows", type=int, default=100_000)
    parser.add_argument("--llm-rows", type=int, default=48)
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--no-llm", action="store_true")
    parser.add_argument("--no-rss", action="store_true")
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"loadavg_before": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count()}
    figures.update(offline_figures(args.rows, ray=not args.no_ray))
    if not args.no_llm:
        figures.update(llm_figures(args.llm_rows))
    if not args.no_rss:
        figures.update(rss_figures(args.rss_rows))
    figures["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

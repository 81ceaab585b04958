"""Offline engine figures: latency by article length on one core, throughput, peak RSS; CLI peak RSS.

`python -m bench.offline` pins itself to one core, times `service.analyze` (Document, offline
engine, response model: what the API and CLI run) on articles made of the bundled article's
paragraphs, and prints one JSON object. bench/run.py runs it as a subprocess so the pinning and
the RSS belong to it alone.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "istanbul-talks.txt"
SIZES = (250, 1000, 4000, 16000)
# (at least runs, at most seconds) per size: enough runs for a stable median, and for p95 at 1,000.
_BUDGET = {250: (50, 3.0), 1000: (100, 6.0), 4000: (15, 6.0), 16000: (5, 10.0)}
_WORD = re.compile(r"\S+")


def article_of(words: int, source: str | None = None) -> str:
    """An article of exactly `words` words: the bundled article's paragraphs in order, repeated, cut at a word."""
    source = source if source is not None else ARTICLE.read_bytes().decode("utf-8")
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", source) if p.strip()]
    out: list[str] = []
    left = words
    while left > 0:
        for paragraph in paragraphs:
            found = list(_WORD.finditer(paragraph))
            if len(found) >= left:
                out.append(paragraph[: found[left - 1].end()])
                left = 0
                break
            out.append(paragraph)
            left -= len(found)
    return "\n\n".join(out) + "\n"


def pin_one_core() -> set[int]:
    """Pin this process to the first core it may use; the affinity afterwards."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return set(os.sched_getaffinity(0))
    return set()


class Analyser:
    """service.analyze with the offline engine, on one event loop, as the CLI runs it."""

    def __init__(self) -> None:
        from app.settings import Settings

        self.settings = Settings(_env_file=None, llm_base_url=None, llm_api_key=None)  # type: ignore[call-arg]
        self.loop = asyncio.new_event_loop()
        self.cpu = 0.0

    def __call__(self, text: str, verify_summary: bool = True) -> float:
        """Seconds to analyse `text` once (with or without the summary's self-check); CPU seconds in `self.cpu`."""
        from app import service
        from app.models import AnalyzeRequest

        started, cpu = time.perf_counter(), time.process_time()
        request = AnalyzeRequest(text=text, engine="offline", verify_summary=verify_summary)
        self.loop.run_until_complete(service.analyze(request, self.settings))
        self.cpu = time.process_time() - cpu
        return time.perf_counter() - started


def current_rss_kb() -> float:
    """This process's resident memory now (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def measure(profile: bool = False) -> dict[str, Any]:
    """The offline figures (and, with `profile`, what dominates them)."""
    affinity = pin_one_core()
    analyse = Analyser()
    texts = {n: article_of(n) for n in SIZES}
    for n in SIZES:  # warm-up: imports, compiled patterns, caches of the first call
        for _ in range(3):
            analyse(texts[n])
    latency: dict[str, float] = {}
    cpu_ms: dict[str, float] = {}  # CPU time, which a busy machine does not stretch as it does wall time
    runs: dict[str, int] = {}
    p95: dict[str, float] = {}
    per_s: dict[str, float] = {}
    retained_kb = 0.0
    for n in SIZES:
        least, seconds = _BUDGET[n]
        samples: list[float] = []
        cpu: list[float] = []
        rss_before = current_rss_kb()
        began = time.perf_counter()
        while len(samples) < least or (time.perf_counter() - began < seconds and len(samples) < 1000):
            samples.append(analyse(texts[n]))
            cpu.append(analyse.cpu)
            if len(samples) >= least and time.perf_counter() - began > seconds:
                break
        if n == 1000:
            retained_kb = (current_rss_kb() - rss_before) / len(samples)
        latency[str(n)] = round(statistics.median(samples) * 1000, 2)
        cpu_ms[str(n)] = round(statistics.median(cpu) * 1000, 2)
        p95[str(n)] = round(percentile(samples, 95) * 1000, 2)
        per_s[str(n)] = round(len(samples) / sum(samples), 1)
        runs[str(n)] = len(samples)
    # the summary's self-check (the offline verifier run over the key points) apart from the rest
    unchecked = [analyse(texts[1000], verify_summary=False) for _ in range(_BUDGET[1000][0] // 2)]
    out: dict[str, Any] = {
        "latency_ms": latency, "cpu_ms": cpu_ms, "p95_ms": p95, "articles_per_s": per_s, "runs": runs,
        "latency_ms_without_summary_check": {"1000": round(statistics.median(unchecked) * 1000, 2)},
        # memory an analysis leaves behind (current RSS growth over the 1,000-word runs): ~0 unless something leaks
        "retained_kb_per_article_1000": round(retained_kb, 1),
        "growth_16x": round(latency["16000"] / latency["1000"], 2),
        "cpu_growth_16x": round(cpu_ms["16000"] / cpu_ms["1000"], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "affinity": sorted(affinity), "cpu_count": os.cpu_count(),
    }
    if profile:
        from app.cpu import use_executor
        from bench.profiling import ProfiledThreads, merged, summarise

        out["profile"] = {}
        for n, repeat in ((1000, 30), (16000, 3)):
            threads = ProfiledThreads()  # the summary's self-check runs in asyncio.to_thread
            analyse.loop.set_default_executor(threads)
            use_executor(threads)  # and the app's own CPU worker
            threads.active.set()
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(repeat):
                analyse(texts[n])
            profiler.disable()
            out["profile"][str(n)] = summarise(merged(profiler, threads))
    return out


def cli_peak_rss_mb() -> float:
    """Peak RSS of `copydesk analyze examples/istanbul-talks.txt --format json`, offline, in MB."""
    env = {k: v for k, v in os.environ.items() if k not in {"COPYDESK_LLM_BASE_URL", "OPENAI_API_KEY",
                                                            "COPYDESK_LLM_API_KEY"}}
    command = [str(Path(sys.executable).parent / "copydesk"), "analyze", str(ARTICLE.relative_to(ROOT)),
               "--format", "json"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}")
    return round(usage.ru_maxrss / 1024, 1)


def main(argv: list[str] | None = None) -> int:
    """Print the offline figures as one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m bench.offline")
    parser.add_argument("--profile", action="store_true", help="add the top functions of a cProfile run")
    args = parser.parse_args(argv)
    print(json.dumps(measure(profile=args.profile)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

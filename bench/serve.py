"""The Copydesk app under uvicorn (one worker) in a subprocess, for the HTTP and LLM benchmarks.

`python -m bench.serve [--profile PATH]` binds a free loopback port, prints `{"url": ...}` and
serves with the settings of its environment until SIGTERM, as `copydesk serve` does (its uvicorn options,
CPU workers started first, TCP_NODELAY on every connection). With `--profile`, SIGUSR1 (sent after
the warm-up) starts cProfile in the serving thread and the worker threads (`asyncio.to_thread`);
their profiles are dumped together to PATH on exit. uvicorn's own access log is off (the app
keeps its own logging) so the figure is the app's, not the terminal's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.processes import stop
from bench.profiling import ProfiledThreads, merged

ROOT = Path(__file__).resolve().parent.parent
# The bench drives thousands of requests from one address; the per-client limit would turn them into 429s.
BENCH_ENV = {"COPYDESK_RATE_LIMIT_PER_MINUTE": "0"}
_LLM_ENV = ("COPYDESK_LLM_BASE_URL", "COPYDESK_LLM_API_KEY", "OPENAI_API_KEY", "COPYDESK_API_KEYS",
            "COPYDESK_API_KEYS_FILE")


def main(argv: list[str] | None = None) -> int:
    """Serve the app on a free port until terminated."""
    parser = argparse.ArgumentParser(prog="python -m bench.serve")
    parser.add_argument("--profile", default=None, help="write a cProfile dump of the serving process here")
    args = parser.parse_args(argv)

    import uvicorn

    from app import cpu
    from app.api import create_app
    from app.server import uvicorn_options
    from app.settings import get_settings

    sock = listening_socket()
    port = sock.getsockname()[1]
    settings = get_settings()
    app = create_app(settings)
    workers = cpu.pool()
    if workers is not None:
        workers.prestart()  # as `copydesk serve` does: the CPU workers start before the first request
    config = uvicorn.Config(app, workers=1, log_level="warning", access_log=False, backlog=1024,
                            **uvicorn_options(settings))
    server = uvicorn.Server(config)
    print(json.dumps({"url": f"http://127.0.0.1:{port}"}), flush=True)
    # uvicorn re-raises the SIGTERM it caught once it has shut down; with the default handler that
    # would end the process before the profile is written, so the re-raised signal is ignored.
    signal.signal(signal.SIGTERM, lambda *_: None)
    profiler = cProfile.Profile() if args.profile else None
    threads = ProfiledThreads() if args.profile else None

    async def serve() -> None:
        if threads is not None:
            asyncio.get_running_loop().set_default_executor(threads)
            from app.cpu import use_executor

            use_executor(threads)  # the app's own CPU worker too
        await server.serve(sockets=[sock])

    if profiler and threads:
        def start(*_: object) -> None:  # SIGUSR1: the warm-up is over, profile from here on
            threads.active.set()
            profiler.enable()

        signal.signal(signal.SIGUSR1, start)
    with asyncio.Runner(loop_factory=config.get_loop_factory()) as runner:
        runner.run(serve())
    if profiler and threads:
        profiler.disable()
        merged(profiler, threads).dump_stats(args.profile)
    return 0


def listening_socket() -> socket.socket:
    """A TCP socket bound to a free loopback port, for uvicorn's `sockets=`.

    Made with proto IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY only on connections accepted from a
    socket whose proto says TCP. Without it a response's body waited for the ACK of its headers (Nagle), which
    the client delays by up to 40 ms; `copydesk serve` (uvicorn binds host and port itself) never had that wait.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@dataclass
class Served:
    """A running app: its URL and its process."""

    url: str
    pid: int
    profiled: bool = False

    def start_profile(self) -> None:
        """Start the profiler of an app served with `profile` (after a warm-up); nothing otherwise."""
        if self.profiled:
            os.kill(self.pid, signal.SIGUSR1)

    def cpu_s(self) -> float:
        """CPU seconds (user + system, all threads) the app process has used so far (Linux; else 0)."""
        return _cpu_of(self.pid)

    def workers_cpu_s(self) -> float:
        """CPU seconds the app's child processes (its CPU workers, app.cpu, and their fork server) have used so
        far, the live ones read from /proc and the ended ones through the parent's counters (Linux; else 0)."""
        stats = _proc_stats()
        tree, grew = {self.pid}, True
        while grew:
            grew = False
            for pid, (parent, _) in stats.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        own = stats.get(self.pid, (0, 0.0))[1]
        return sum(stats[p][1] for p in tree if p in stats) - own + _cpu_of(self.pid, children=True)


def _cpu_of(pid: int, children: bool = False) -> float:
    """utime + stime of `pid` (or cutime + cstime: its waited-for children), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    first = 13 if children else 11
    return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")


def _proc_stats() -> dict[int, tuple[int, float]]:
    """Every process's (parent pid, own CPU seconds)."""
    out: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    return out


@contextlib.contextmanager
def serving(env: dict[str, str], profile: str | Path | None = None) -> Iterator[Served]:
    """The app, served by a subprocess with `env` over a clean environment; stopped on exit."""
    clean = {k: v for k, v in os.environ.items() if k not in _LLM_ENV}
    argv = [sys.executable, "-m", "bench.serve"] + (["--profile", str(profile)] if profile else [])
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(argv, cwd=ROOT, env={**clean, **BENCH_ENV, **env, "PYTHONPATH": str(ROOT)},
                                   stdout=subprocess.PIPE, stderr=log, text=True)
        try:
            line = process.stdout.readline() if process.stdout else ""
            if not line:
                log.seek(0)
                raise RuntimeError(f"the app did not start: {log.read()[-2000:]}")
            url = json.loads(line)["url"]
            _wait_ready(url)
            yield Served(url, process.pid, profiled=profile is not None)
        finally:
            stop(process, 30)


def _wait_ready(url: str, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the app at {url} did not become healthy in {timeout_s:.0f} s")
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())

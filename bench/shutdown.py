"""SIGTERM with requests in flight: how long `copydesk serve` takes to exit, and what each client got.

    .venv/bin/python -m bench.shutdown [--requests 4] [--after 1.0] [--out shutdown.json]

Two cases, each on a fresh `copydesk serve` (the console script of this checkout, offline settings unless
named) on a free loopback port, with its default COPYDESK_SHUTDOWN_TIMEOUT_S (10 s) unless --shutdown-timeout:

- `cpu`: `--requests` concurrent analyses of a long article (the bundled one repeated to ~150,000 characters,
  seconds of CPU each, in the CPU workers), SIGTERM `--after` seconds after they were sent;
- `llm`: `--requests` concurrent analyses with the llm engine against bench.fake_openai whose every call hangs
  (COPYDESK_LLM_TIMEOUT_S 60, COPYDESK_REQUEST_DEADLINE_S 60), SIGTERM `--after` seconds after they were sent.

For each: the seconds from SIGTERM to the process's exit, its exit code, and per request the status it got (or
the error: no answer) and when, counted from SIGTERM. "Graceful" means every request in flight either finished
or got an answer, and the process exited within the shutdown timeout plus a little (the CPU workers' stop).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench.fake_openai import FaultPlan, spawn

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "istanbul-talks.txt"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _long_article(chars: int) -> str:
    text = ARTICLE.read_bytes().decode("utf-8")
    return ("\n\n".join([text] * (chars // len(text) + 1)))[:chars]


def run_case(name: str, body: dict[str, Any], env: dict[str, str], requests: int, after_s: float) -> dict[str, Any]:
    """Start the server, send `requests` copies of `body` at once, SIGTERM it `after_s` later; the figures."""
    port = _free_port()
    exe = str(Path(sys.executable).with_name("copydesk"))
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("COPYDESK_", "OPENAI_"))}
    with tempfile.TemporaryDirectory() as data:
        full_env = {**clean, "COPYDESK_RATE_LIMIT_PER_MINUTE": "0", "COPYDESK_LOG_LEVEL": "WARNING",
                    "COPYDESK_DATA_DIR": data, **env}
        process = subprocess.Popen([exe, "serve", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT,
                                   env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(url, process)
            outcomes: list[dict[str, Any]] = []
            signalled = [0.0]

            def one() -> None:
                try:
                    r = httpx.post(f"{url}/v1/analyze", json=body, timeout=120)
                    outcome: dict[str, Any] = {"status": r.status_code,
                                               "content_type": r.headers.get("content-type"),
                                               "retry_after": r.headers.get("retry-after")}
                    if r.status_code >= 400:
                        outcome["body"] = r.text[:200]
                except httpx.HTTPError as exc:
                    outcome = {"status": None, "error": type(exc).__name__}
                outcome["at_s"] = round(time.monotonic() - signalled[0], 2) if signalled[0] else None
                outcomes.append(outcome)

            threads = [threading.Thread(target=one) for _ in range(requests)]
            for thread in threads:
                thread.start()
            time.sleep(after_s)
            signalled[0] = time.monotonic()
            process.send_signal(signal.SIGTERM)
            try:
                code = process.wait(120)
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait()
            exit_s = time.monotonic() - signalled[0]
            for thread in threads:
                thread.join(130)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    answered = sum(1 for o in outcomes if o["status"] is not None)
    return {"case": name, "requests": requests, "sigterm_after_s": after_s, "exit_s": round(exit_s, 2),
            "exit_code": code, "answered": answered, "outcomes": sorted(outcomes, key=lambda o: o["at_s"] or 0)}


def _wait_ready(url: str, process: subprocess.Popen, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"copydesk serve exited: {(process.stderr.read() if process.stderr else '')[-2000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("copydesk serve did not become ready")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.shutdown", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4)
    parser.add_argument("--after", type=float, default=1.0, help="seconds from sending to SIGTERM")
    parser.add_argument("--chars", type=int, default=150_000, help="length of the long article (cpu case)")
    parser.add_argument("--shutdown-timeout", type=float, default=None, help="COPYDESK_SHUTDOWN_TIMEOUT_S")
    parser.add_argument("--cases", default="cpu,llm")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    extra = {"COPYDESK_SHUTDOWN_TIMEOUT_S": str(args.shutdown_timeout)} if args.shutdown_timeout else {}
    results = []
    if "cpu" in args.cases:
        results.append(run_case("cpu", {"text": _long_article(args.chars), "engine": "offline"},
                                {"COPYDESK_REQUEST_DEADLINE_S": "120", **extra}, args.requests, args.after))
    if "llm" in args.cases:
        with spawn(faults=FaultPlan(rate=1.0, kinds=("hang",), hang_s=600.0)) as fake:
            env = {"COPYDESK_LLM_BASE_URL": fake.base_url, "COPYDESK_LLM_API_KEY": "fake-key",
                   "COPYDESK_LLM_MODEL": "fake-model", "COPYDESK_LLM_TIMEOUT_S": "60",
                   "COPYDESK_REQUEST_DEADLINE_S": "60", **extra}
            results.append(run_case("llm", {"text": ARTICLE.read_bytes().decode("utf-8"), "engine": "llm"},
                                    env, args.requests, args.after))
    report = {"load_average": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(), "results": results}
    print(json.dumps(report, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The worst inputs found by hand (issue 19), timed through the public endpoints: `make bench-worst`.

    .venv/bin/python -m bench.worst [--sizes 2000,20000,200000] [--check] [--out worst.json]

Each row is one kind of input that once took super-linear time (a regular expression that backtracks, an
HTML tree walked recursively), built to a given number of characters and sent to /v1/analyze or /v1/verify
in-process (the offline engine). The table gives the CPU seconds of the request (this process and the CPU
workers, from /proc; the wall time at the largest size beside it) at each size and the time per character at the
largest size over the smallest ("flat" is about 1; a quadratic reader gives about size ratio). `--check`
exits 1 when a row takes 2 s or more at 20,000 characters or its time per character grows more than 5x from
the smallest size to the largest (the margin covers a loaded machine; a super-linear reader is far over it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

LIMIT_S = 2.0
FLAT = 5.0
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds() -> float:
    """CPU time of this process and of the CPU workers (app.cpu), from /proc: what a request cost, whatever
    else the machine runs (on a shared machine the wall time is mostly waiting for a core)."""
    from app import cpu

    pids = [os.getpid()] + [w.process.pid for w in getattr(cpu.pool(), "_idle", [])]
    total = 0.0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat", encoding="ascii").read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / _TICK
        except (OSError, IndexError, ValueError):
            return float("nan")
    return total


def _fill(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


# name -> (endpoint, builder of a body of about n characters)
CASES: dict[str, tuple[str, Callable[[int], dict[str, Any]]]] = {
    "digits": ("analyze", lambda n: {"text": _fill("1", n)}),
    "comma-separated numbers": ("analyze", lambda n: {"text": _fill("123,", n)}),
    "comma-grouped figure": ("analyze", lambda n: {"text": "1" + _fill(",000", n - 1)}),
    "dotted decimals": ("analyze", lambda n: {"text": _fill("1.", n)}),
    "numbers and spaces": ("analyze", lambda n: {"text": _fill("12 ", n)}),
    "Title Case names before said": ("analyze", lambda n: {"text": _fill("John Smith ", n - 6) + " said."}),
    "capitalised token": ("analyze", lambda n: {"text": "A" + _fill("b", n - 1)}),
    "CamelCase token": ("analyze", lambda n: {"text": _fill("Ab", n)}),
    "capitals": ("analyze", lambda n: {"text": _fill("A", n)}),
    "quotes unbalanced": ("analyze", lambda n: {"text": _fill("“a ", n)}),
    "dates run together": ("analyze", lambda n: {"text": _fill("June 1, 2025 ", n)}),
    "hyphens and dashes": ("analyze", lambda n: {"text": _fill("a-", n)}),
    "white space": ("analyze", lambda n: {"text": "a" + _fill(" \n", n - 2) + "b"}),
    "nested divs (HTML)": ("analyze", lambda n: {"html": "<div>" * (n // 5) + "text"}),
    "many attributes (HTML)": ("analyze", lambda n: {"html": "<p " + _fill('a="1" ', n) + ">text said Bob.</p>"}),
    "verify: digits statement": ("verify", lambda n: {"statements": [_fill("1", min(n, 5000))],
                                                      "sources": [{"id": "s", "text": _fill("1", n)}]}),
    "verify: names statement": ("verify", lambda n: {"statements": [_fill("John Smith ", min(n, 5000))],
                                                     "sources": [{"id": "s", "text": _fill("John Smith ", n)}]}),
    "verify: dotted decimals": ("verify", lambda n: {"statements": [_fill("1.", min(n, 5000))],
                                                     "sources": [{"id": "s", "text": _fill("1.", n)}]}),
}


def measure(sizes: list[int], only: str | None = None) -> dict[str, dict[str, Any]]:
    """{case: {"seconds": {size: s}, "status": {size: code}, "growth": per-char ratio}} through the endpoints."""
    from fastapi.testclient import TestClient

    from app.api import create_app
    from app.settings import Settings

    client = TestClient(create_app(Settings(_env_file=None, llm_base_url=None, llm_api_key=None,
                                            rate_limit_per_minute=0, max_body_bytes=4_000_000,
                                            cpu_budget_s=120, request_deadline_s=120)), raise_server_exceptions=False)
    # one request first: the CPU workers start (and warm up) before anything is timed
    client.post("/v1/analyze", json={"text": "Talks began on June 1, 2025, officials said.", "engine": "offline"})
    out: dict[str, dict[str, Any]] = {}
    for name, (endpoint, build) in CASES.items():
        if only and only not in name:
            continue
        row: dict[str, Any] = {"endpoint": endpoint, "seconds": {}, "wall_seconds": {}, "status": {}}
        for size in sizes:
            body = {**build(size), "engine": "offline"}
            started, cpu_before = time.perf_counter(), _cpu_seconds()
            r = client.post(f"/v1/{endpoint}", json=body)
            wall, cpu_s = time.perf_counter() - started, _cpu_seconds() - cpu_before
            row["wall_seconds"][size] = round(wall, 3)
            row["seconds"][size] = round(cpu_s if cpu_s == cpu_s else wall, 3)  # CPU time; wall time without /proc
            row["status"][size] = r.status_code
        small, large = min(sizes), max(sizes)
        per_char = [row["seconds"][s] / s for s in (small, large)]
        row["growth"] = round(per_char[1] / per_char[0], 2) if per_char[0] > 0 else None
        out[name] = row
    return out


def table(rows: dict[str, dict[str, Any]], sizes: list[int]) -> str:
    """The rows as a fixed-width table."""
    head = (f"{'worst case (CPU s)':34} {'endpoint':8} " + " ".join(f"{s:>9,}" for s in sizes)
            + "  per-char growth  wall s at largest  status")
    lines = [head, "-" * len(head)]
    for name, row in rows.items():
        secs = " ".join(f"{row['seconds'][s]:>8.3f}s" for s in sizes)
        statuses = ",".join(sorted({str(v) for v in row["status"].values()}))
        wall = row["wall_seconds"][max(sizes)]
        lines.append(f"{name:34} {row['endpoint']:8} {secs}  {row['growth']!s:>16}  {wall:>17.3f}  {statuses}")
    return "\n".join(lines)


def failures(rows: dict[str, dict[str, Any]]) -> list[str]:
    """What breaks the limits: 2 s at 20,000 characters, per-char growth over FLAT, any 5xx."""
    bad = []
    for name, row in rows.items():
        if row["seconds"].get(20_000, 0) >= LIMIT_S:
            bad.append(f"{name}: {row['seconds'][20_000]} s at 20,000 characters")
        if row["growth"] is not None and row["growth"] > FLAT and max(row["seconds"].values()) > 0.5:
            bad.append(f"{name}: time per character grew {row['growth']}x")
        if any(code >= 500 for code in row["status"].values()):
            bad.append(f"{name}: answered {row['status']}")
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,200000")
    parser.add_argument("--only", default=None, help="only the cases whose name contains this")
    parser.add_argument("--check", action="store_true", help="exit 1 when a row breaks the limits")
    parser.add_argument("--out", default=None, help="write the rows as JSON here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = measure(sizes, args.only)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(table(rows, sizes))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=2)
    bad = failures(rows)
    for line in bad:
        print(f"OVER THE LIMIT: {line}", file=sys.stderr)
    return 1 if bad and args.check else 0


if __name__ == "__main__":
    sys.exit(main())

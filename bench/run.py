"""`make bench`: speed and cost of both engines in one run, as a table and as bench.json.

    .venv/bin/python -m bench.run [--out bench.json] [--only offline,http,llm] [--no-profile]

Parts: `offline` (the engine on one core, by article length; the CLI's peak RSS), `http` (the
offline service under 32 concurrent clients), `llm` (the llm engine against bench/fake_openai.py),
`decisions` (POST /v1/decisions on the default SQLite database, one client and 8 at once),
`document` (the Document's own timing on one core: segmentation per 1,000 words, HTML extraction
per page; bench/document.py), `verify`
(bench/verify.py: 50 statements against a 5,000-word source on one core).
Every figure is printed with the cores it ran on. With profiles (the default), each part is run
once more under cProfile, apart from the timed runs, and its top functions go into bench.json
under `profile` and under the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.offline import ROOT, cli_peak_rss_mb

PARTS = ("offline", "http", "llm", "decisions", "batch", "document", "verify")
# (key, unit, target, True when lower is better); targets from issues 4 and 8
ROWS: list[tuple[str, str, float | None, bool]] = [
    ("document.segment_ms_per_1000_words", "ms", None, True),
    ("document.extraction_ms_per_page", "ms", None, True),
    ("offline.latency_ms.250", "ms", None, True),
    ("offline.latency_ms.1000", "ms", 50, True),
    ("offline.latency_ms.4000", "ms", None, True),
    ("offline.latency_ms.16000", "ms", None, True),
    ("offline.cpu_ms.1000", "ms", None, True),
    ("offline.latency_ms_without_summary_check.1000", "ms", None, True),
    ("offline.p95_ms.1000", "ms", None, True),
    ("offline.articles_per_s.1000", "/s", None, False),
    ("offline.cpu_ms.16000", "ms", None, True),
    ("offline.growth_16x", "x", 20, True),
    ("offline.cpu_growth_16x", "x", 20, True),
    ("offline.peak_rss_mb", "MB", None, True),
    ("offline.retained_kb_per_article_1000", "kB", None, True),
    ("cli.peak_rss_mb", "MB", 200, True),
    ("http.offline_rps", "/s", None, False),
    ("http.offline_p50_ms", "ms", None, True),
    ("http.offline_p99_ms", "ms", None, True),
    ("http.offline_server_cpu_ms_per_request", "ms", None, True),
    ("http.offline_workers_cpu_ms_per_request", "ms", None, True),
    ("llm.critical_path_ratio", "x", 1.10, True),
    ("llm.analyze_wall_ms", "ms", None, True),
    ("llm.overhead_ms.before_first_call", "ms", None, True),
    ("llm.overhead_ms.between_calls", "ms", None, True),
    ("llm.overhead_ms.after_last_call", "ms", None, True),
    ("llm.concurrency_efficiency", "", 0.80, False),
    ("llm.concurrency_efficiency_default_cap", "", None, False),
    ("llm.throughput_per_s", "/s", None, False),
    ("llm.server_cpu_ms_per_request", "ms", 30, True),
    ("llm.workers_cpu_ms_per_request", "ms", None, True),
    ("llm.total_cpu_ms_per_request", "ms", None, True),
    ("llm.efficiency_ceiling_one_core", "", None, False),
    ("llm.calls_per_article", "", None, True),
    ("llm.input_token_multiple", "x", 2.5, True),
    # issue 18, part 3: input tokens per prompt section, billed with and without prompt caching
    ("llm.input_tokens_by_call.SummaryClaimsContradictionsAnswer.sections.ARTICLE", "tok", None, True),
    ("llm.input_tokens_by_call.SummaryClaimsContradictionsAnswer.sections.system", "tok", None, True),
    ("llm.input_tokens_by_call.SummaryClaimsContradictionsAnswer.sections.task", "tok", None, True),
    ("llm.input_tokens_by_call.SummaryClaimsContradictionsAnswer.sections.schema", "tok", None, True),
    ("llm.billed_input_tokens", "tok", None, True),
    ("llm.billed_input_tokens_with_caching", "tok", None, True),
    ("llm.billed_input_multiple_cache_bound", "x", None, True),
    ("llm.combined.input_token_multiple", "x", None, True),
    ("llm.combined.billed_input_multiple_with_caching", "x", None, True),
    ("llm.combined.billed_input_multiple_cache_bound", "x", None, True),
    ("llm.combined.critical_path_ratio", "x", None, True),
    ("llm.combined.input_tokens_by_call.SummaryClaimsAnswer.sections.ARTICLE", "tok", None, True),
    ("llm.combined.input_tokens_by_call.SummaryClaimsAnswer.sections.schema", "tok", None, True),
    ("llm.combined.input_tokens_by_call.ContradictionsAnswer.sections.ARTICLE", "tok", None, True),
    ("llm.combined.input_tokens_by_call.ContradictionsAnswer.sections.CLAIMS", "tok", None, True),
    ("llm.combined.input_tokens_by_call.ContradictionsAnswer.sections.schema", "tok", None, True),
    ("llm.split.input_token_multiple", "x", None, True),
    ("llm.split.billed_input_multiple_with_caching", "x", None, True),
    ("llm.split.billed_input_multiple_cache_bound", "x", None, True),
    ("llm.split.critical_path_ratio", "x", None, True),
    ("decisions.post_p50_ms", "ms", None, True),
    ("decisions.post_p95_ms", "ms", 20, True),  # issue 17
    ("decisions.post_p99_ms", "ms", None, True),
    ("decisions.post_p95_ms_8_clients", "ms", None, True),
    ("decisions.healthz_p95_ms", "ms", None, True),
    ("decisions.post_server_cpu_ms", "ms", None, True),
    ("decisions.asgi_p95_ms", "ms", None, True),
    ("decisions.store_p95_ms", "ms", None, True),
    # issue 18: copydesk batch (ratios measured in one run; Ray's start-up apart)
    ("batch.offline_rate.jobs1", "/s", None, False),
    ("batch.offline_rate.jobs2", "/s", None, False),
    ("batch.jobs2_speedup", "x", 1.8, False),
    ("batch.service_rate_one_core", "/s", None, False),
    ("batch.jobs1_vs_service", "x", 0.9, False),
    ("batch.ray_startup_s", "s", None, True),
    ("batch.ray_shutdown_s", "s", None, True),
    ("batch.ray_rate.workers2", "/s", None, False),
    ("batch.ray_vs_jobs2", "x", 0.8, False),
    ("batch.llm_wall_ratio", "x", 1.2, True),
    ("batch.rss_mb.after_1000", "MB", None, True),
    ("batch.rss_mb.at_end", "MB", None, True),
    # issue 14: /v1/verify's offline work, 50 statements against a 5,000-word source, one core
    ("verify.ms_50_statements_5000_words", "ms", 300, True),
    ("verify.cpu_ms_50_statements_5000_words", "ms", 300, True),
    ("verify.p95_ms", "ms", None, True),
]


def machine() -> dict[str, Any]:
    """The cores, the load and the code the figures were measured on."""
    affinity = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = "unknown", False
    return {"cpu_count": os.cpu_count(), "affinity": affinity, "loadavg": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "platform": platform.platform(), "commit": commit,
            "dirty": dirty}


def run_offline(profile: bool) -> dict[str, Any]:
    """The offline figures, from a subprocess pinned to one core."""
    argv = [sys.executable, "-m", "bench.offline"] + (["--profile"] if profile else [])
    done = subprocess.run(argv, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise RuntimeError(f"bench.offline failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(parts: tuple[str, ...], profile: bool) -> dict[str, Any]:
    """Every figure of the chosen parts, as bench.json holds them."""
    report: dict[str, Any] = {"machine": machine()}
    cores = {"cpu_count": os.cpu_count(), "affinity": report["machine"]["affinity"]}
    profiles: dict[str, Any] = {}
    if "offline" in parts:
        offline = run_offline(profile)
        for size, summary in offline.pop("profile", {}).items():
            profiles[f"offline_{size}_words"] = summary
        offline["cores"] = {"cpu_count": offline.pop("cpu_count"), "affinity": offline.pop("affinity")}
        report["offline"] = offline
        report["cli"] = {"peak_rss_mb": cli_peak_rss_mb(), "cores": cores,
                         "command": "copydesk analyze examples/istanbul-talks.txt --format json"}
    if "http" in parts:
        from bench.http_load import offline_figures

        http = offline_figures(profile=profile)
        if "profile" in http:
            profiles["http_offline"] = http.pop("profile")
        report["http"] = {**http, "cores": cores}
    if "llm" in parts:
        from bench.llm import llm_figures

        llm = llm_figures(profile=profile)
        for name, summary in llm.pop("profile", {}).items():
            profiles[f"llm_{name}"] = summary
        report["llm"] = {**llm, "cores": cores}
    if "decisions" in parts:
        from bench.decisions import decisions_figures

        report["decisions"] = {**decisions_figures(), "cores": cores}
    if "batch" in parts:
        from bench.batch import llm_figures as batch_llm
        from bench.batch import offline_figures as batch_offline
        from bench.batch import rss_figures

        flat = {**batch_offline(200, ray=True), **batch_llm(48), **rss_figures(20_000)}
        batch: dict[str, Any] = {"cores": cores}
        for key, value in flat.items():
            node = batch
            *path, last = key.removeprefix("batch.").split(".")
            for part in path:
                node = node.setdefault(part, {})
            node[last] = value
        report["batch"] = batch
    if "document" in parts:
        done = subprocess.run([sys.executable, "-m", "bench.document"], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        if done.returncode != 0:
            raise RuntimeError(f"bench.document failed:\n{done.stderr[-3000:]}")
        document = json.loads(done.stdout.strip().splitlines()[-1])
        document["cores"] = {"cpu_count": document.pop("cpu_count"), "affinity": document.pop("affinity")}
        report["document"] = document
    if "verify" in parts:
        done = subprocess.run([sys.executable, "-m", "bench.verify"], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"bench.verify failed:\n{done.stderr[-3000:]}")
        verify = json.loads(done.stdout.strip().splitlines()[-1])
        verify["cores"] = {"cpu_count": os.cpu_count(), "affinity": verify.pop("affinity")}
        report["verify"] = verify
    report["machine"]["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    if profiles:
        report["profile"] = profiles
    return report


def _get(report: dict[str, Any], key: str) -> Any:
    node: Any = report
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def table(report: dict[str, Any]) -> str:
    """The figures for a person: value, target, and the cores each ran on."""
    m = report["machine"]
    lines = [f"Copydesk benchmarks at {m['commit']}{' (uncommitted changes)' if m['dirty'] else ''}: "
             f"{m['cpu_count']} cores, load average {m['loadavg'][0]} before and "
             f"{m['loadavg_after'][0]} after, Python {m['python']}",
             "", f"{'figure':46} {'value':>10}  {'target':>9}  {'':4}  cores"]
    for key, unit, target, lower in ROWS:
        value = _get(report, key)
        if value is None:
            continue
        section = report[key.split(".")[0]]["cores"]
        cores = f"{len(section['affinity'])} of {section['cpu_count']}"
        verdict = ""
        if target is not None:
            verdict = "ok" if (value <= target if lower else value >= target) else "MISS"
        goal = "" if target is None else f"{'<=' if lower else '>='} {target:g}"
        lines.append(f"{key:46} {value:>10g}{unit:3} {goal:>9}  {verdict:4}  {cores}")
    for name, summary in report.get("profile", {}).items():
        busy = round(summary["total_s"] - summary.get("idle_s", 0.0), 2)
        lines += ["", f"what dominates {name} (cProfile, {busy} s busy; self time):"]
        lines += [f"  {row['share'] * 100:5.1f}%  {row['function']}" for row in summary["self"][:5]]
        inner = [r for r in summary["app_cumulative"] if r["cum_ms"] < 0.9 * summary["app_cumulative"][0]["cum_ms"]]
        if inner:
            lines.append("  our code, cumulative: " + "; ".join(
                f"{r['function'].split('/')[-1]} {r['share'] * 100:.0f}%" for r in inner[:4]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="Copydesk benchmarks")
    parser.add_argument("--out", default=str(ROOT / "bench.json"))
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile runs")
    args = parser.parse_args(argv)
    parts = tuple(p for p in args.only.split(",") if p)
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}; use {', '.join(PARTS)}")
    report = measure(parts, profile=not args.no_profile)
    print(table(report))
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Prometheus metrics of one process, and small functions the engines call to count their work.

Every metric lives in this module's own registry (not prometheus_client's global one), so that
creating many apps in one process (the tests do) never registers a metric twice. The functions
below are the whole surface the LLM engine needs: each is one line to call and never raises.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.process_collector import ProcessCollector

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = CONTENT_TYPE_LATEST
# Resident memory, CPU and open files of the process: what a memory-growth alert watches.
ProcessCollector(registry=REGISTRY)

# Buckets span a millisecond offline answer to a minute-long LLM request with retries.
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0)

HTTP_REQUESTS = Counter("copydesk_http_requests_total", "HTTP requests answered, by route and status.",
                        ["method", "route", "status"], registry=REGISTRY)
HTTP_LATENCY = Histogram("copydesk_http_request_duration_seconds", "Time to answer an HTTP request.",
                         ["method", "route"], buckets=_LATENCY_BUCKETS, registry=REGISTRY)
HTTP_IN_PROGRESS = Gauge("copydesk_http_requests_in_progress", "HTTP requests being answered now.",
                         registry=REGISTRY)
ANSWERS = Counter("copydesk_answers_total", "Analyses and verifications answered, by engine.",
                  ["route", "engine"], registry=REGISTRY)
DEGRADED = Counter("copydesk_degraded_answers_total",
                   "Answers that carry offline findings in place of a failed LLM part.",
                   ["route", "engine"], registry=REGISTRY)
AUTH_FAILURES = Counter("copydesk_auth_failures_total", "Requests refused for a missing or wrong API key.",
                        ["reason"], registry=REGISTRY)
ABANDONED = Counter("copydesk_abandoned_requests_total",
                    "Requests whose client disconnected before the answer: their work was stopped.",
                    registry=REGISTRY)
RATE_LIMITED = Counter("copydesk_rate_limited_total", "Requests refused by the per-client rate limit.",
                       registry=REGISTRY)

LLM_CALLS = Counter("copydesk_llm_calls_total", "Calls to the LLM endpoint, by task and outcome.",
                    ["task", "outcome"], registry=REGISTRY)
LLM_CALL_LATENCY = Histogram("copydesk_llm_call_duration_seconds", "Time of one LLM call (one attempt).",
                             ["task"], buckets=_LATENCY_BUCKETS, registry=REGISTRY)
LLM_RETRIES = Counter("copydesk_llm_retries_total", "Retries of a transient LLM fault, by reason.",
                      ["reason"], registry=REGISTRY)
LLM_REASKS = Counter("copydesk_llm_reasks_total", "Re-asks after an answer failed validation or grounding.",
                     ["task"], registry=REGISTRY)
LLM_TOKENS = Counter("copydesk_llm_tokens_total", "Tokens sent to and received from the LLM endpoint.",
                     ["direction"], registry=REGISTRY)
LLM_IN_FLIGHT = Gauge("copydesk_llm_calls_in_flight", "LLM calls holding a concurrency slot now.",
                      registry=REGISTRY)
LLM_QUEUE_WAIT = Histogram("copydesk_llm_queue_wait_seconds",
                           "Time an LLM call waited for a concurrency slot.",
                           buckets=_LATENCY_BUCKETS, registry=REGISTRY)


def llm_call(task: str, outcome: str, seconds: float | None = None) -> None:
    """Count one LLM call attempt: `outcome` is e.g. ok, rate_limited, server_error, timeout, invalid."""
    LLM_CALLS.labels(task=task, outcome=outcome).inc()
    if seconds is not None:
        LLM_CALL_LATENCY.labels(task=task).observe(max(seconds, 0.0))


def outcome_of(exc: BaseException | None) -> str:
    """A short label for how an LLM attempt failed (duck-typed, so this module needs no SDK)."""
    if exc is None:
        return "ok"
    status = getattr(exc, "status_code", None)
    name = type(exc).__name__
    if status == 429:
        return "rate_limited"
    if isinstance(status, int) and status >= 500:
        return "server_error"
    if isinstance(status, int):
        return f"http_{status}"
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return "timeout"
    if "Connection" in name:
        return "connection_error"
    if name == "CancelledError":
        return "cancelled"  # the request deadline or the client went away
    return "invalid_response" if "Validation" in name or "JSON" in name or "Decode" in name else "error"


@contextlib.contextmanager
def llm_attempt(task: str) -> Iterator[None]:
    """Around one HTTP attempt to the endpoint: in-flight gauge, outcome counter and latency."""
    started = time.perf_counter()
    LLM_IN_FLIGHT.inc()
    try:
        yield
    except BaseException as exc:
        llm_call(task, outcome_of(exc), time.perf_counter() - started)
        raise
    else:
        llm_call(task, "ok", time.perf_counter() - started)
    finally:
        LLM_IN_FLIGHT.dec()


def llm_retry(reason: str) -> None:
    """Count one retry of a transient fault (429, 5xx, timeout, dropped connection)."""
    LLM_RETRIES.labels(reason=reason).inc()


def llm_reask(task: str) -> None:
    """Count one re-ask after the model's answer failed validation or grounding."""
    LLM_REASKS.labels(task=task).inc()


def llm_tokens(input_tokens: int, output_tokens: int) -> None:
    """Add the token usage of one LLM call."""
    if input_tokens > 0:
        LLM_TOKENS.labels(direction="input").inc(input_tokens)
    if output_tokens > 0:
        LLM_TOKENS.labels(direction="output").inc(output_tokens)


def llm_slot_wait(seconds: float) -> None:
    """Record how long a call queued for the per-process LLM concurrency cap."""
    LLM_QUEUE_WAIT.observe(max(seconds, 0.0))


def exposition() -> bytes:
    """The registry in Prometheus' text format, for GET /metrics."""
    return generate_latest(REGISTRY)


def sample(name: str, labels: dict[str, str] | None = None) -> float:
    """The current value of one sample (0.0 when absent): for tests and the fault-injection report."""
    value = REGISTRY.get_sample_value(name, labels or {})
    return value if value is not None else 0.0

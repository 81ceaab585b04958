"""Structured JSON logs and per-request metrics, with a request id that ties them together.

`RequestContext` is the outermost ASGI middleware: it takes the client's X-Request-ID (or makes
one), returns it on every response, puts it in `request.state.request_id` (so problem bodies
carry it) and in a context variable (so every log line of the request carries it), and, when the
answer is out, writes one access log line and counts the request in app.metrics.

What is logged is chosen field by field: method, route, status, duration, client id, engine,
model, token usage and whether the answer was degraded. Never a body, never a query string,
never an exception's message (a validation message can quote the input).
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import json
import logging
import re
import sys
import time
import traceback
import uuid
from collections.abc import Callable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import metrics

REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("copydesk_request_id", default=None)
_VALID_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
# The attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName",
                                                                       "color_message"}  # uvicorn's ANSI twin
access_log = logging.getLogger("copydesk.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and the record's extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and key != "request_id":
                entry[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            # The type and the frames, not the message: messages can quote article text.
            entry["exc_type"] = record.exc_info[0].__name__
            entry["stack"] = "".join(traceback.format_tb(record.exc_info[2]))[-4000:]
        return json.dumps(entry, default=str, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (pytest swaps it between tests)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _stamp_request_id(factory: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        request_id = REQUEST_ID.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        return record

    make.copydesk = True  # type: ignore[attr-defined]
    return make


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for Copydesk's loggers and uvicorn's; idempotent."""
    # Stamp the id when a record is made, not when it is written: handlers may format later.
    if not getattr(logging.getLogRecordFactory(), "copydesk", False):
        logging.setLogRecordFactory(_stamp_request_id(logging.getLogRecordFactory()))
    for name in ("copydesk", "uvicorn"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
            handler = _StderrHandler()
            handler.setFormatter(JsonFormatter())
            logger.addHandler(handler)
        logger.setLevel(level.upper())
    # uvicorn's access log would duplicate ours, and its format is not JSON.
    logging.getLogger("uvicorn.access").disabled = True


def _request_id(scope: Scope) -> str:
    for key, value in scope.get("headers", ()):
        if key == b"x-request-id":
            candidate: str = value.decode("latin-1")
            # A client's id is echoed only when it is short and plain: it goes into logs and headers.
            if _VALID_ID.fullmatch(candidate):
                return candidate
    return uuid.uuid4().hex


def route_of(scope: Scope) -> str:
    """The route template of a request (`/v1/analyze`), never the raw path, so labels stay few."""
    route = scope.get("route")
    if route is None and scope.get("app") is not None:
        # Answered before routing (413, 415 from BodyLimit): find the route it was meant for.
        for candidate in getattr(getattr(scope["app"], "router", None), "routes", ()):
            match, _ = candidate.matches(scope)
            if match is not Match.NONE:
                route = candidate
                break
    return getattr(route, "path", None) or "unmatched"


# The methods a metric label may name; any other (a client can send a 4,000-character method) is counted as OTHER,
# so the number of label sets stays bounded whatever clients send.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
PROBLEM_TYPE_BASE = "https://copydesk.dev/problems/"
log = logging.getLogger("copydesk.api")


def method_label(scope: Scope) -> str:
    """The request method as a metric label: one of KNOWN_METHODS or OTHER."""
    method = scope.get("method", "")
    return method if method in KNOWN_METHODS else "OTHER"


def internal_error_body(scope: Scope, request_id: str) -> bytes:
    """The problem+json body of a 500, built from nothing that can fail (no request parsing)."""
    path = scope.get("path")
    return json.dumps({
        "type": PROBLEM_TYPE_BASE + "internal", "title": "Internal error", "status": 500,
        "detail": "an internal error occurred; it has been logged",
        "instance": path if isinstance(path, str) else None, "request_id": request_id,
    }).encode("utf-8", "replace")


def shutdown_body(scope: Scope, request_id: str) -> bytes:
    """The problem+json body of a 503 for a request still running when the server stopped it (SIGTERM, then
    COPYDESK_SHUTDOWN_TIMEOUT_S): nothing of it was kept, so it can be sent again (to another replica)."""
    path = scope.get("path")
    return json.dumps({
        "type": PROBLEM_TYPE_BASE + "shutting-down", "title": "Server shutting down", "status": 503,
        "detail": "the server is shutting down and stopped this request before it finished; send it again",
        "instance": path if isinstance(path, str) else None, "request_id": request_id,
    }).encode("utf-8", "replace")


class RequestContext:
    """ASGI middleware: request id, one access log line and the HTTP metrics of each request.

    It is the outermost layer of the app (outside Starlette's error middleware, see app.api.CopydeskApp), and
    the last resort: an exception that reaches it is logged (type and frames, never its message) and, if no
    answer has started, answered with a problem+json 500 that carries this request's id. Each request gets a
    fresh `scope["state"]`, so nothing set while answering one request is seen by the next on the connection.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        state = scope["state"] = dict(scope.get("state") or {})  # a fresh dict: never shared with another request
        state["request_id"] = request_id
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500  # what the client gets if the app raises before answering
        started_response = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                started_response = True
                status = message["status"]
                headers = MutableHeaders(scope=message)
                if "x-request-id" not in headers:
                    headers.append("X-Request-ID", request_id)
            await send(message)

        metrics.HTTP_IN_PROGRESS.inc()
        try:
            await self.app(scope, receive, send_with_id)
        except asyncio.CancelledError:
            # The server cancels what still runs when its shutdown timeout is over: answer 503 problem+json with
            # Retry-After (not uvicorn's plain-text 500), then let the cancellation go on.
            if not started_response:
                status = 503
                body = shutdown_body(scope, request_id)
                try:
                    await send({"type": "http.response.start", "status": 503, "headers": [
                        (b"content-type", b"application/problem+json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"retry-after", b"1"), (b"connection", b"close"),
                        (b"x-request-id", request_id.encode())]})
                    await send({"type": "http.response.body", "body": body})
                except Exception:  # noqa: BLE001 - the client is gone; nothing left to tell it
                    pass
            raise
        except Exception as exc:  # noqa: BLE001 - the last resort: log it, answer it if nobody has, never let it reach the server
            try:  # the request id comes from the context variable, set above
                log.error("internal error on %s: %s", route_of(scope), type(exc).__name__, exc_info=True)
            except Exception:  # noqa: BLE001 - a failing log must not stop the answer
                pass
            if not started_response:
                status = 500
                body = internal_error_body(scope, request_id)
                try:
                    await send({"type": "http.response.start", "status": 500, "headers": [
                        (b"content-type", b"application/problem+json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"x-request-id", request_id.encode())]})
                    await send({"type": "http.response.body", "body": body})
                except Exception:  # noqa: BLE001 - the client is gone; nothing left to tell it
                    pass
        finally:
            metrics.HTTP_IN_PROGRESS.dec()
            seconds = time.perf_counter() - started
            self._record(scope, state, status, seconds)
            REQUEST_ID.reset(token)

    @staticmethod
    def _record(scope: Scope, state: dict[str, Any], status: int, seconds: float) -> None:
        route, method = route_of(scope), method_label(scope)
        metrics.HTTP_REQUESTS.labels(method=method, route=route, status=str(status)).inc()
        metrics.HTTP_LATENCY.labels(method=method, route=route).observe(seconds)
        fields: dict[str, Any] = {"method": method, "route": route, "status": status,
                                  "duration_ms": round(seconds * 1000, 2)}
        if state.get("client_id"):
            fields["client"] = state["client_id"]
        meta = state.get("meta")
        if meta is not None:
            # The response's Meta (set by the route): engine and usage, never content.
            metrics.ANSWERS.labels(route=route, engine=meta.engine).inc()
            if meta.degraded:
                metrics.DEGRADED.labels(route=route, engine=meta.engine).inc()
            fields.update(engine=meta.engine, model=meta.model, degraded=meta.degraded,
                          warnings=len(meta.warnings), input_tokens=meta.usage.input_tokens,
                          output_tokens=meta.usage.output_tokens, llm_calls=meta.usage.calls,
                          retries=meta.usage.retries, reasks=meta.usage.reasks)
        level = logging.WARNING if status >= 500 else logging.INFO
        access_log.log(level, "request", extra=fields)

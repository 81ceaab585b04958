"""The HTTP API: thin routes over app.service, errors as problem+json in one place."""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import importlib.util
import json
import logging
import re
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import __version__, cpu, metrics, service
from app.auth import KeyRing, announce, gate_refusal, load_keys, require_key
from app.decisions import routes as decisions
from app.engines import get_engine
from app.errors import CopydeskError, json_fault
from app.models import AnalyzeRequest, AnalyzeResponse, Problem, VerifyRequest, VerifyResponse
from app.observability import RequestContext, configure_logging, internal_error_body
from app.ratelimit import TokenBuckets, rate_limit
from app.settings import Settings, get_settings
from app.web import mount_page

log = logging.getLogger("copydesk.api")
# Swagger UI 5 (OpenAPI 3.1) from a package, so /docs works with no internet
SWAGGER_ASSETS = Path(importlib.util.find_spec("fastapi_offline").origin).parent / "static"  # type: ignore[arg-type,union-attr]
PROBLEM = "application/problem+json"
TYPE_BASE = "https://copydesk.dev/problems/"
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# Every error is application/problem+json (RFC 9457) with the Problem schema; nothing else is declared for them.
_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"description": desc, "content": {PROBLEM: {"schema": _PROBLEM_REF}}}
    for code, desc in [(400, "Malformed JSON (not UTF-8, or a syntax error: line and column given)"),
                       (401, "Missing or wrong API key"), (408, "The body did not arrive in time"),
                       (413, "Too large"), (415, "Not JSON"), (422, "Invalid request"),
                       (429, "Too many requests"), (500, "Internal error"), (502, "LLM endpoint failed"),
                       (503, "Over the time budget or too busy: retry after Retry-After seconds"),
                       (504, "LLM endpoint timed out")]
}
_PROBE_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"description": desc, "content": {PROBLEM: {"schema": _PROBLEM_REF}}}
    for code, desc in [(405, "Method not allowed (probes answer GET and HEAD)"), (500, "Internal error")]
}


class CopydeskApp(FastAPI):
    """FastAPI with RequestContext outside everything, Starlette's error middleware included, so that the
    request id, the access line and the last-resort 500 cover every answer."""

    def build_middleware_stack(self) -> ASGIApp:
        return RequestContext(super().build_middleware_stack())

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            schema = super().openapi()
            # FastAPI adds the models it saw; Problem is referenced by hand above, so make sure it is there
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.setdefault("Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}"))
            for name, sub in Problem.model_json_schema(ref_template="#/components/schemas/{model}").get(
                    "$defs", {}).items():
                components.setdefault(name, sub)
            components["Problem"].pop("$defs", None)
            if not self.state.settings.llm_configured:
                # without an LLM endpoint, only the offline engine is accepted: say so (the schemas/ files,
                # written from the models, list both engines)
                for name in ("AnalyzeRequest", "VerifyRequest"):
                    engine = components.get(name, {}).get("properties", {}).get("engine", {})
                    for option in engine.get("anyOf", []):
                        if "enum" in option:
                            option["enum"] = ["offline"]
            self.openapi_schema = schema
        return self.openapi_schema


def problem(status: int, type_: str, title: str, detail: str, *, errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None, request: Request | None = None) -> JSONResponse:
    """An RFC 9457 problem response."""
    body = Problem(type=TYPE_BASE + type_, title=title, status=status, detail=detail,
                   instance=request.url.path if request else None,
                   request_id=getattr(request.state, "request_id", None) if request else None,
                   errors=errors).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


class BodyLimit:
    """ASGI middleware in front of every /v1 POST: the key (401), the media type (415), the size (413), the read
    time (408) and the encoding and syntax of the JSON (400 with line and column), all answered as problem+json
    before the router sees the request.

    The body is read here, whole (it is bounded by `max_bytes`), within `read_timeout_s` from the first byte
    asked for: a client that sends less than its Content-Length, or trickles it, gets a 408 instead of holding
    a worker. Then it is replayed to the app unchanged, and the request's deadline (COPYDESK_REQUEST_DEADLINE_S,
    app.cpu.request_deadline) starts: the CPU work and the LLM calls of the request count from here.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, keys: KeyRing | None = None,
                 read_timeout_s: float = 30.0, limit_concurrency: int = 0, deadline_s: float = 60.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.keys = keys or KeyRing()
        self.read_timeout_s = read_timeout_s
        self.limit_concurrency = limit_concurrency  # 0: no limit
        self.deadline_s = deadline_s  # COPYDESK_REQUEST_DEADLINE_S, counted from when the body is in
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not scope.get("path", "").startswith("/v1/") \
                or not _has_route(scope):
            await self.app(scope, receive, send)  # the router answers (a 404 or 405 problem)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = gate_refusal(self.keys, headers)
        if refusal:  # before a byte of the body is read: an unknown client cannot make us parse 2 MB
            metrics.AUTH_FAILURES.labels(reason=refusal).inc()
            await _send_problem(scope, send, 401, "unauthorized", "Missing or wrong API key",
                                "send an API key in the X-API-Key header or as Authorization: Bearer <key>"
                                if refusal == "missing" else "the API key is not valid",
                                headers=[(b"www-authenticate", b'Bearer realm="copydesk"')])
            return
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json" and not ctype.endswith("+json"):
            await _send_problem(scope, send, 415, "unsupported-media-type", "Unsupported media type",
                                f"send the body as application/json, not {ctype}" if ctype else
                                "send the body as application/json: the request has no Content-Type header")
            return
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):  # a compressed body would otherwise be read as bytes that are not UTF-8
            await _send_problem(scope, send, 415, "unsupported-media-type", "Unsupported media type",
                                f"Content-Encoding {encoding} is not supported: send the JSON uncompressed (identity)",
                                headers=[(b"accept-encoding", b"identity")])
            return
        length = headers.get("content-length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            await _send_problem(scope, send, 413, "body-too-large", "Request body too large",
                                f"the body has {int(length):,} bytes; the limit is {self.max_bytes:,}")
            return
        chunks: list[bytes] = []
        seen = 0
        try:
            async with asyncio.timeout(self.read_timeout_s):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return  # the client left: nobody to answer
                    seen += len(message.get("body", b""))
                    if seen > self.max_bytes:
                        await _send_problem(scope, send, 413, "body-too-large", "Request body too large",
                                            f"the body is over the limit of {self.max_bytes:,} bytes")
                        return
                    chunks.append(message.get("body", b""))
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await _send_problem(scope, send, 408, "request-timeout", "Request body too slow",
                                f"the body did not arrive within {self.read_timeout_s:g} s",
                                headers=[(b"connection", b"close")])
            return
        # A UTF-8 byte order mark before the JSON is dropped, as Python's utf-8-sig does (RFC 8259 section 8.1 lets
        # a parser ignore it): Windows tools and some HTTP clients send one; it is no part of any string in the body.
        body = b"".join(chunks).removeprefix(codecs.BOM_UTF8)
        bad = json_problem(body)
        if bad is not None:
            detail, error = bad
            await _send_problem(scope, send, 400, "malformed-json", "Malformed JSON", detail, errors=[error])
            return
        if self.limit_concurrency and self.in_flight >= self.limit_concurrency:
            await _send_problem(scope, send, 503, "overloaded", "Too busy",
                                f"{self.in_flight} requests are being answered; the limit is {self.limit_concurrency}",
                                headers=[(b"retry-after", b"1")])
            return
        replayed = False
        gone = asyncio.Event()

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            await gone.wait()  # after the body: the disconnect, when the watcher below sees it
            return {"type": "http.disconnect"}

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        self.in_flight += 1
        with cpu.request_deadline(self.deadline_s):  # from here, not from when the route starts (app.cpu)
            answer = asyncio.ensure_future(self.app(scope, replay, send))
        watcher = asyncio.ensure_future(watch())
        try:
            await asyncio.wait({answer, watcher}, return_when=asyncio.FIRST_COMPLETED)
            if answer.done():
                await answer  # its exception, if any, goes on to the error layers
                return
            # The client left before its answer: stop the work (a CPU job's worker is killed, LLM calls are
            # cancelled) instead of finishing it for nobody.
            metrics.ABANDONED.inc()
            answer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await answer
        finally:
            if not answer.done():  # this request itself was cancelled (server shutdown)
                answer.cancel()
            watcher.cancel()
            self.in_flight -= 1


def methods_of(app: Any, path: str) -> set[str]:
    """The methods the app's OpenAPI schema declares for `path` (templates such as `/x/{id}` matched).

    Read from the routes the schema is made of (FastAPI's `get_openapi`: every `APIRoute` that is
    `include_in_schema`, under its `path_format`, routers included), not from `app.openapi()`: building the whole
    schema cost ~0.1 s of CPU on each app's first POST. tests/test_api.py checks the two agree."""
    table = getattr(app, "_copydesk_methods", None)
    if table is None:
        paths: dict[str, set[str]] = {}
        for route in iter_route_contexts(app.routes):
            if isinstance(route.original_route, APIRoute) and route.include_in_schema and route.path_format:
                paths.setdefault(route.path_format, set()).update(m.upper() for m in route.methods or ())
        table = [(re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(p)) + "$"), methods)
                 for p, methods in paths.items() if methods]
        app._copydesk_methods = table
    return {m for pattern, methods in table if pattern.match(path) for m in methods}


def _has_route(scope: Scope) -> bool:
    """True when the app declares this method on this path (so the body is worth reading); otherwise the router
    answers 404 or 405."""
    app = scope.get("app")
    if app is None or not hasattr(app, "openapi"):
        return True  # not in an app we can ask: gate every /v1 POST
    return scope["method"] in methods_of(app, scope.get("path", ""))


def json_problem(body: bytes) -> tuple[str, dict[str, Any]] | None:
    """None for a body that is UTF-8 JSON; else the problem detail and its error item (with line and column,
    1-based, of the first fault; for bytes that are not UTF-8, the byte offset)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (f"the body is not UTF-8: byte {exc.start} is 0x{body[exc.start]:02x}",
                {"loc": ["body"], "msg": "not UTF-8", "type": "json_invalid", "offset": exc.start})
    return json_fault(text)


async def _send_problem(scope: Scope, send: Send, status: int, type_: str, title: str, detail: str,
                        headers: list[tuple[bytes, bytes]] | None = None,
                        errors: list[dict[str, Any]] | None = None) -> None:
    content: dict[str, Any] = {"type": TYPE_BASE + type_, "title": title, "status": status, "detail": detail,
                               "instance": scope.get("path"),
                               "request_id": scope.get("state", {}).get("request_id")}
    if errors:
        content["errors"] = errors
    body = json.dumps(content).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


MAX_PROBLEM_ERRORS = 20
"""A 422 names at most this many bad fields in `errors` (and in `detail`, which counts the rest)."""


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [p for p in err.get("loc", ()) if isinstance(p, (str, int))]
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        out.append({"loc": loc, "msg": msg, "type": str(err.get("type", "value_error"))})
    return out


def create_app(settings: Settings | None = None) -> FastAPI:
    """The FastAPI application with the given (or the environment's) settings."""
    settings = settings or get_settings()
    # No 307 to the path without its trailing slash (a client that does not follow it with the same method and
    # body is stuck): a 404 problem that names the path instead (see _http below).
    app = CopydeskApp(title="Copydesk", version=__version__, docs_url=None, redoc_url=None, redirect_slashes=False,
                  description="A newsroom copy desk as a service: summary, claims with speakers, internal "
                              "contradictions and verification, every item pinned to character offsets.")
    app.state.settings = settings
    configure_logging(settings.log_level)
    cpu.configure(settings.cpu_workers, settings.cpu_budget_s)
    if settings.llm_configured:
        # the llm engine's modules (openai, instructor: ~2 s to import) load now, not on the event loop during
        # the first requests, where every request that arrived meanwhile waited for them
        get_engine("llm", settings)
    keys = load_keys(settings)
    announce(keys)
    buckets = TokenBuckets(settings.rate_limit_per_minute) if settings.rate_limit_per_minute > 0 else None
    # Key first, then the limit, so a client is counted under its key; /healthz, /readyz stay open.
    guards = [Depends(require_key(keys)), Depends(rate_limit(buckets))]
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, keys=keys,
                       read_timeout_s=settings.body_read_timeout_s, limit_concurrency=settings.limit_concurrency,
                       deadline_s=settings.request_deadline_s)
    # RequestContext wraps the whole stack (CopydeskApp.build_middleware_stack), so it sees BodyLimit's answers
    app.mount("/static/swagger", StaticFiles(directory=SWAGGER_ASSETS), name="swagger")
    mount_page(app)  # the editor's review page at / (app/web.py)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        if any(e["type"] == "json_invalid" for e in errors):  # BodyLimit answers these first; kept as a net
            return problem(400, "malformed-json", "Malformed JSON", "the body is not valid JSON", request=request)
        shown = errors[:MAX_PROBLEM_ERRORS]  # a body with thousands of bad fields must not get a bigger answer
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in shown)
        if len(errors) > len(shown):
            detail += f"; and {len(errors) - len(shown):,} more"
        return problem(422, "validation-error", "Invalid request", detail,
                       errors=shown, request=request)

    @app.exception_handler(CopydeskError)
    async def _known(request: Request, exc: CopydeskError) -> JSONResponse:
        return problem(exc.status, exc.type, exc.title, exc.detail, errors=exc.errors, headers=exc.headers,
                       request=request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # every method of the path, not only those of the first route that matched
            allowed = methods_of(app, request.url.path) | {
                m for r in app.router.routes if isinstance(r, APIRoute) and r.matches(request.scope)[0] is not Match.NONE
                for m in (r.methods or ())}
            if allowed:
                headers["Allow"] = ", ".join(sorted(allowed))
        detail = str(exc.detail)
        if exc.status_code == 404:
            detail = _not_found(app, request.url.path)
        return problem(exc.status_code, f"http-{exc.status_code}", str(exc.detail), detail,
                       request=request, headers=headers or None)

    @app.exception_handler(Exception)
    async def _crash(request: Request, _exc: Exception) -> Response:
        # Starlette's error middleware calls this, then re-raises to RequestContext, which logs the error once.
        # Built from nothing that can fail: the request id RequestContext put in this request's own state.
        rid = str(request.scope.get("state", {}).get("request_id") or "")
        return Response(internal_error_body(request.scope, rid), status_code=500, media_type=PROBLEM)

    @app.post("/v1/analyze", response_model=AnalyzeResponse, responses=_ERROR_RESPONSES, tags=["copydesk"],
              dependencies=guards)
    async def analyze(body: AnalyzeRequest, request: Request) -> AnalyzeResponse:
        """Summary, claims with speakers and internal contradictions of one article."""
        response = await service.analyze(body, settings)
        if body.article_key:  # editors' decisions on this story (app/decisions)
            response = await decisions.apply_decisions(request, response, body.article_key)
        request.state.meta = response.meta  # for the access log and metrics: engine, usage, degraded
        return response

    decisions.install(app, settings, guards)  # /v1/decisions (app/decisions/routes.py)

    @app.post("/v1/verify", response_model=VerifyResponse, responses=_ERROR_RESPONSES, tags=["copydesk"],
              dependencies=guards)
    async def verify(body: VerifyRequest, request: Request) -> VerifyResponse:
        """Check statements against one or more sources."""
        response = await service.verify(body, settings)
        request.state.meta = response.meta
        return response

    @app.get("/metrics", include_in_schema=False)
    async def metrics_text() -> Response:
        """Prometheus metrics of this process."""
        return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)

    @app.head("/healthz", tags=["ops"], responses=_PROBE_RESPONSES, operation_id="healthz_head")
    @app.get("/healthz", tags=["ops"], responses=_PROBE_RESPONSES, operation_id="healthz")
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    ready_cache: dict[str, Any] = {"at": 0.0, "ok": True, "detail": ""}

    @app.head("/readyz", tags=["ops"], responses=_PROBE_RESPONSES, operation_id="readyz_head")
    @app.get("/readyz", tags=["ops"], responses=_PROBE_RESPONSES, operation_id="readyz")
    async def readyz() -> JSONResponse:
        """Readiness: with an LLM configured, its endpoint answers within 2 s (cached briefly)."""
        if not settings.llm_configured:
            return JSONResponse({"status": "ready", "engine": "offline"})
        now = time.monotonic()
        if now - ready_cache["at"] > 10:
            ok, detail = await _probe_llm(settings)
            ready_cache.update(at=now, ok=ok, detail=detail)
        if ready_cache["ok"]:
            return JSONResponse({"status": "ready", "engine": "llm"})
        return JSONResponse({"status": "not ready", "engine": "llm", "detail": ready_cache["detail"]},
                            status_code=503)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title="Copydesk API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon.png",
        )

    return app


def _not_found(app: Any, path: str) -> str:
    """The detail of a 404: the path that exists when this one differs from it only by a trailing slash."""
    other = path.rstrip("/") if path.endswith("/") and path != "/" else path + "/"
    if methods_of(app, other):
        return f"no route {path}; the path is {other}"
    return f"no route {path}"


async def _probe_llm(settings: Settings) -> tuple[bool, str]:
    base = (settings.llm_base_url or "https://api.openai.com/v1").rstrip("/")
    headers = {"Authorization": f"Bearer {settings.llm_api_key}"} if settings.llm_api_key else {}
    try:
        async with httpx.AsyncClient(timeout=2.0) as client:
            r = await client.get(f"{base}/models", headers=headers)
        if r.status_code < 500:
            return True, ""
        return False, f"LLM endpoint answered {r.status_code}"
    except httpx.HTTPError as exc:
        return False, f"LLM endpoint unreachable: {type(exc).__name__}"

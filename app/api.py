"""The HTTP API: thin routes over app.service, errors as problem+json in one place."""

from __future__ import annotations

import importlib.util
import json
import logging
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import __version__, metrics, service
from app.auth import KeyRing, announce, gate_refusal, load_keys, require_key
from app.decisions import routes as decisions
from app.errors import CopydeskError
from app.models import AnalyzeRequest, AnalyzeResponse, Problem, VerifyRequest, VerifyResponse
from app.observability import RequestContext, configure_logging
from app.ratelimit import TokenBuckets, rate_limit
from app.settings import Settings, get_settings
from app.web import mount_page

log = logging.getLogger("copydesk.api")
# Swagger UI 5 (OpenAPI 3.1) from a package, so /docs works with no internet
SWAGGER_ASSETS = Path(importlib.util.find_spec("fastapi_offline").origin).parent / "static"  # type: ignore[arg-type,union-attr]
PROBLEM = "application/problem+json"
TYPE_BASE = "https://copydesk.dev/problems/"
_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {PROBLEM: {}}, "description": desc}
    for code, desc in [(400, "Malformed JSON"), (401, "Missing or wrong API key"), (413, "Too large"),
                       (415, "Not JSON"), (422, "Invalid request"), (429, "Too many requests"),
                       (500, "Internal error"), (502, "LLM endpoint failed"), (504, "LLM endpoint timed out")]
}


def problem(status: int, type_: str, title: str, detail: str, *, errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None, request: Request | None = None) -> JSONResponse:
    """An RFC 9457 problem response."""
    body = Problem(type=TYPE_BASE + type_, title=title, status=status, detail=detail,
                   instance=request.url.path if request else None,
                   request_id=getattr(request.state, "request_id", None) if request else None,
                   errors=errors).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


class BodyLimit:
    """ASGI middleware: 415 for a body that is not JSON, 413 for one over the byte limit, before it is read."""

    def __init__(self, app: ASGIApp, max_bytes: int, keys: KeyRing | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.keys = keys or KeyRing()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = gate_refusal(self.keys, headers) if scope.get("path", "").startswith("/v1/") else None
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
                                f"send the body as application/json, not {ctype or 'no content type'}")
            return
        length = headers.get("content-length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            await _send_problem(scope, send, 413, "body-too-large", "Request body too large",
                                f"the body has {int(length):,} bytes; the limit is {self.max_bytes:,}")
            return
        seen = 0
        rejected = False

        async def limited() -> Message:
            nonlocal seen, rejected
            if rejected:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    rejected = True
                    await _send_problem(scope, send, 413, "body-too-large", "Request body too large",
                                        f"the body is over the limit of {self.max_bytes:,} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not rejected:  # once the 413 is out, the app's own answer is dropped
                await send(message)

        try:
            await self.app(scope, limited, guarded_send)
        except Exception:
            if not rejected:
                raise


async def _send_problem(scope: Scope, send: Send, status: int, type_: str, title: str, detail: str,
                        headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"type": TYPE_BASE + type_, "title": title, "status": status, "detail": detail,
                       "instance": scope.get("path"),
                       "request_id": scope.get("state", {}).get("request_id")}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


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
    app = FastAPI(title="Copydesk", version=__version__, docs_url=None, redoc_url=None,
                  description="A newsroom copy desk as a service: summary, claims with speakers, internal "
                              "contradictions and verification, every item pinned to character offsets.")
    app.state.settings = settings
    configure_logging(settings.log_level)
    keys = load_keys(settings)
    announce(keys)
    buckets = TokenBuckets(settings.rate_limit_per_minute) if settings.rate_limit_per_minute > 0 else None
    # Key first, then the limit, so a client is counted under its key; /healthz, /readyz stay open.
    guards = [Depends(require_key(keys)), Depends(rate_limit(buckets))]
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, keys=keys)
    app.add_middleware(RequestContext)  # added last, so it is outside BodyLimit and sees its 413s
    app.mount("/static/swagger", StaticFiles(directory=SWAGGER_ASSETS), name="swagger")
    mount_page(app)  # the editor's review page at / (app/web.py)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        if any(e["type"] == "json_invalid" for e in errors):
            return problem(400, "malformed-json", "Malformed JSON", "the body is not valid JSON", request=request)
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in errors)
        return problem(422, "validation-error", "Invalid request", detail,
                       errors=errors, request=request)

    @app.exception_handler(CopydeskError)
    async def _known(request: Request, exc: CopydeskError) -> JSONResponse:
        return problem(exc.status, exc.type, exc.title, exc.detail, errors=exc.errors, headers=exc.headers,
                       request=request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, f"http-{exc.status_code}", str(exc.detail), str(exc.detail),
                       request=request, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        # This runs, and its answer goes out, outside RequestContext (Starlette's outermost layer calls it),
        # so it names the request id itself.
        rid = getattr(request.state, "request_id", None)
        log.error("internal error on %s: %s", request.url.path, type(exc).__name__, extra={"request_id": rid})
        return problem(500, "internal", "Internal error", "an internal error occurred; it has been logged",
                       request=request, headers={"X-Request-ID": rid} if rid else None)

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

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    ready_cache: dict[str, Any] = {"at": 0.0, "ok": True, "detail": ""}

    @app.get("/readyz", tags=["ops"])
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

"""The editor's review page: static files from the package, served at `/` under a strict CSP.

The page (app/static/page/) is a client of the public API only. It needs no build step and nothing from
outside the server: its script, style sheet and markup are files of this package.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_DIR = Path(__file__).parent / "static" / "page"

# No inline script or style, nothing from another origin, fetch to this server only. Swagger UI at /docs
# needs an inline script and is not covered by this policy.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",
}


class _PageHeaders:
    """ASGI wrapper: the page's security headers on every static file it serves."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.lower().encode(), v.encode()) for k, v in PAGE_HEADERS.items()]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def mount_page(app: FastAPI) -> None:
    """Serve the page at `/` and its files under `/static/page/`."""
    app.mount("/static/page", _PageHeaders(StaticFiles(directory=PAGE_DIR)), name="page")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(PAGE_DIR / "index.html", media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

"""How `copydesk serve` runs uvicorn: forwarded headers, slow clients, shutdown.

- Forwarded headers (`X-Forwarded-For`, `X-Forwarded-Proto`) are trusted only from the addresses in
  COPYDESK_TRUSTED_PROXIES (comma-separated IPs or CIDRs; default none). Uvicorn's own default trusts
  127.0.0.1, which let any local client pick its rate-limit identity with a new X-Forwarded-For each time.
- A connection must finish its request line and headers within COPYDESK_HEADER_TIMEOUT_S of its first byte
  (or of the end of the previous answer); otherwise it is closed. Uvicorn has no such timeout, so 1,000
  clients sending a header byte at a time held 1,000 connections. The body has its own timeout
  (COPYDESK_BODY_READ_TIMEOUT_S, answered 408 by app.api.BodyLimit).
- On SIGTERM, requests still running after COPYDESK_SHUTDOWN_TIMEOUT_S are cancelled (their CPU work is in
  killable worker processes, see app.cpu), so the process exits within that time.
- Context variables are reset for each request (uvicorn's `reset_contextvars`), so nothing of one request
  leaks into the next on a keep-alive connection.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from app.settings import Settings


class HeaderTimeoutH11(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers take longer than `header_timeout_s`."""

    header_timeout_s: float = 10.0
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if self.cycle is None or self.cycle.response_complete:  # still waiting for a request's headers
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # the headers are in: the body has its own timeout in the app

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection gets the same time for its headers

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def trusted_proxies(settings: Settings) -> list[str]:
    """The addresses whose forwarded headers are believed (empty: none)."""
    return [p.strip() for p in (settings.trusted_proxies or "").split(",") if p.strip()]


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for uvicorn.run / uvicorn.Config that apply the settings above."""
    proxies = trusted_proxies(settings)
    protocol = type("HeaderTimeoutH11", (HeaderTimeoutH11,), {"header_timeout_s": settings.header_timeout_s})
    return {
        "http": protocol,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or "",
        "timeout_graceful_shutdown": max(1, round(settings.shutdown_timeout_s)),
        "timeout_keep_alive": 5,
        "reset_contextvars": True,
    }

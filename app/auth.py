"""API keys: who may call /v1, read from COPYDESK_API_KEYS and COPYDESK_API_KEYS_FILE.

A key is configured either as itself or as the hex sha256 digest of itself; only digests are
kept in memory, and a presented key is hashed and compared with every digest in constant time.
No key, presented or configured, is ever logged or echoed: a client is named in logs and in the
rate limiter by a short prefix of its key's digest.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from app import metrics
from app.errors import CopydeskError
from app.settings import Settings

log = logging.getLogger("copydesk.auth")

_DIGEST = re.compile(r"[0-9a-fA-F]{64}")

# auto_error=False: a missing key is ours to answer (401 problem+json), not FastAPI's (403 JSON).
# These two declare the security schemes in OpenAPI, which gives /docs its Authorize button.
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKey",
                              description="an API key from COPYDESK_API_KEYS")
bearer = HTTPBearer(auto_error=False, scheme_name="Bearer",
                    description="the same API key, sent as `Authorization: Bearer <key>`")


class ConfigurationError(CopydeskError):
    """A setting that cannot be used: the service refuses to start (the CLI prints one line, exit status 2)."""

    status, type, title = 500, "internal", "Configuration error"


class Unauthorized(CopydeskError):
    """No API key, or one that is not configured."""

    status, type, title = 401, "unauthorized", "Missing or wrong API key"


@dataclass(frozen=True)
class KeyRing:
    """The sha256 digests of the configured keys; empty means the API is open."""

    digests: tuple[bytes, ...] = ()
    entries: int = 0  # how many keys or digests were configured (a 64-hex entry gives two digests)

    @property
    def open(self) -> bool:
        """True when no key is configured and every client is let in."""
        return not self.digests

    def identify(self, presented: str) -> str | None:
        """The client id (`key:<digest prefix>`) of a configured key, or None.

        `presented` is a header value as the server decoded it (latin-1, byte for byte): its bytes are what the
        client sent, so a key written in UTF-8 (configured as UTF-8 text) matches when sent as UTF-8.
        """
        digest = hashlib.sha256(_raw(presented)).digest()
        found: bytes | None = None
        # Compare against every digest, without stopping early, so timing says nothing about which matched.
        for known in self.digests:
            if hmac.compare_digest(digest, known):
                found = known
        return f"key:{found.hex()[:12]}" if found is not None else None


def _entries(text: str, separator: str) -> list[str]:
    items = (part.strip() for part in text.split(separator))
    return [item for item in items if item and not item.startswith("#")]


def _raw(presented: str) -> bytes:
    try:
        return presented.encode("latin-1")  # undoes the server's latin-1 decoding of the header
    except UnicodeEncodeError:  # not from a header (a direct call with text): its UTF-8 bytes
        return presented.encode("utf-8")


def _digests(entry: str) -> list[bytes]:
    """The digests an entry admits: its own sha256, and for 64 hex digits the digest it spells as well.

    So an entry made with `openssl rand -hex 32` works as a key, and an entry that is the sha256 digest of a
    key keeps working; a presented key matches either (both compared in constant time).
    """
    own = hashlib.sha256(entry.encode("utf-8")).digest()
    return [bytes.fromhex(entry), own] if _DIGEST.fullmatch(entry) else [own]


def load_keys(settings: Settings) -> KeyRing:
    """The key ring of the settings: comma-separated keys plus a file of one key or digest per line."""
    entries: list[str] = []
    if settings.api_keys:
        entries += _entries(settings.api_keys, ",")
    if settings.api_keys_file:
        # A missing file is a deployment error: fail at start-up rather than run open by accident.
        try:
            entries += _entries(Path(settings.api_keys_file).read_text(encoding="utf-8"), "\n")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            raise ConfigurationError(f"COPYDESK_API_KEYS_FILE {settings.api_keys_file}: {reason}") from None
    return KeyRing(tuple(dict.fromkeys(d for e in entries for d in _digests(e))), len(dict.fromkeys(entries)))


def announce(keys: KeyRing) -> None:
    """The start-up log line that says whether the API is open."""
    if keys.open:
        log.warning("API is open: no keys configured (set COPYDESK_API_KEYS or COPYDESK_API_KEYS_FILE)")
    else:
        log.info("API keys required: %d configured", keys.entries or len(keys.digests))


def presented_key(headers: dict[str, str]) -> str | None:
    """The key a client sent, from X-API-Key or Authorization: Bearer (header names lower-cased)."""
    if headers.get("x-api-key"):
        return headers["x-api-key"]
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def gate_refusal(keys: KeyRing, headers: dict[str, str]) -> str | None:
    """Why a request must be refused before its body is read ('missing' or 'wrong'), or None to let it on."""
    if keys.open:
        return None
    presented = presented_key(headers)
    if not presented:
        return "missing"
    return None if keys.identify(presented) else "wrong"


def _client_ip(request: Request) -> str:
    return f"ip:{request.client.host}" if request.client else "ip:unknown"


def require_key(keys: KeyRing) -> Callable[..., Awaitable[str]]:
    """A dependency that lets a request in with a configured key (or anyone when open).

    It sets `request.state.client_id`, which the rate limiter and the access log use.
    """

    async def dependency(request: Request,
                         api_key: str | None = Security(api_key_header),
                         credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> str:
        if keys.open:
            client = _client_ip(request)
        else:
            presented = api_key or (credentials.credentials if credentials else None)
            if not presented:
                _refuse(request, "missing", "send an API key in the X-API-Key header or as "
                                            "Authorization: Bearer <key>")
            identified = keys.identify(presented or "")
            if identified is None:
                _refuse(request, "wrong", "the API key is not valid")
            client = identified or ""
        request.state.client_id = client
        return client

    return dependency


def _refuse(request: Request, reason: str, detail: str) -> None:
    metrics.AUTH_FAILURES.labels(reason=reason).inc()
    log.info("refused: %s API key", reason, extra={"client": _client_ip(request)})
    raise Unauthorized(detail, headers={"WWW-Authenticate": 'Bearer realm="copydesk"'})

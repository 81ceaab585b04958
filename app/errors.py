"""One exception hierarchy for the core; the API maps it to problem+json in one place."""

from __future__ import annotations

from typing import Any


class CopydeskError(Exception):
    """Base of every error Copydesk raises on purpose."""

    status: int = 500
    type: str = "internal"
    title: str = "Internal error"

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


class InvalidInput(CopydeskError):
    """The request is well-formed JSON but not a valid request."""

    status, type, title = 422, "validation-error", "Invalid request"


class ArticleTooLarge(CopydeskError):
    """The article is longer than the configured limit."""

    status, type, title = 413, "article-too-large", "Article too large"


class EngineUnavailable(CopydeskError):
    """An unknown engine, or `llm` with no LLM configured."""

    status, type, title = 422, "engine-unavailable", "Engine not available"


class UpstreamError(CopydeskError):
    """The LLM endpoint failed after retries and nothing could be had."""

    status, type, title = 502, "upstream-error", "LLM endpoint failed"


class UpstreamTimeout(CopydeskError):
    """The request deadline passed before the LLM answered."""

    status, type, title = 504, "upstream-timeout", "LLM endpoint timed out"

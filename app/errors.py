"""One exception hierarchy for the core; the API maps it to problem+json in one place."""

from __future__ import annotations

import json
import sys
from typing import Any


def json_fault(text: str) -> tuple[str, dict[str, Any]] | None:
    """Parse `text` as JSON; None when it parses, else (detail, error item) in the wording every Copydesk answer
    uses for a JSON fault: the API's 400 `malformed-json` problem and `copydesk batch`'s `malformed-row` line.

    The detail is "line L, column C: MESSAGE" (1-based, from `json.JSONDecodeError`), "the JSON is nested too
    deeply" (RecursionError), or "a number … has more than N digits" (the ValueError Python raises for an
    integer past `sys.get_int_max_str_digits()`). The error item has `loc`, `msg`, `type` ("json_invalid") and,
    where known, `line` and `column`. Raises nothing.
    """
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        msg = exc.msg.removesuffix(" at")  # json's "Invalid control character at" expects the position after it
        if msg.startswith("Unexpected UTF-8 BOM"):  # json's advice ("decode using utf-8-sig") is for Python
            msg = "the body starts with a byte order mark (U+FEFF): send the JSON without it"
        return (f"line {exc.lineno}, column {exc.colno}: {msg}",
                {"loc": ["body"], "msg": msg, "type": "json_invalid", "line": exc.lineno, "column": exc.colno})
    except RecursionError:
        return ("the JSON is nested too deeply", {"loc": ["body"], "msg": "nested too deeply", "type": "json_invalid"})
    except ValueError:  # after JSONDecodeError, its subclass: an integer past sys.get_int_max_str_digits()
        return (f"a number has more than {sys.get_int_max_str_digits()} digits",
                {"loc": ["body"], "msg": "number too long", "type": "json_invalid"})
    return None


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

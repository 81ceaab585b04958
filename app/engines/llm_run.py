"""What one llm request gathers across its calls, shared by analysis (llm.py) and verification (llm_verify.py)."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from app.engines.llm_client import LLMCallError
from app.errors import UpstreamError, UpstreamTimeout
from app.models import Usage

T = TypeVar("T")


@dataclass
class Run:
    """What one request gathers across its calls: usage, warnings, failures, prompt labels."""

    deadline: float
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)
    failures: list[LLMCallError] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)
    answered: int = 0

    async def attempt(self, call: Callable[[], Awaitable[T]]) -> T | LLMCallError:
        """The part's result, or the reason it failed (the request deadline included)."""
        try:
            if asyncio.get_running_loop().time() >= self.deadline:
                raise TimeoutError  # no time left to start another call
            async with asyncio.timeout_at(self.deadline):
                result = await call()
        except LLMCallError as exc:
            error = exc
        except TimeoutError:
            error = LLMCallError("the request deadline passed before the endpoint answered", timeout=True)
        else:
            self.answered += 1
            return result
        self.failures.append(error)
        return error

    def degrade(self, part: str, error: LLMCallError, fallback: str) -> None:
        """Record that `part` fell back to the offline engine."""
        self.warnings.append(f"{part}: {error.reason}; {fallback}")

    def raise_if_nothing(self) -> None:
        """502 or 504, with a Retry-After hint, when every call failed."""
        if self.answered or not self.failures:
            return
        hint = max((f.retry_after for f in self.failures if f.retry_after is not None), default=None)
        reasons = "; ".join(dict.fromkeys(f.reason for f in self.failures))
        if all(f.timeout for f in self.failures):
            raise UpstreamTimeout(f"the LLM endpoint did not answer in time: {reasons}",
                                  headers={"Retry-After": str(math.ceil(hint or 10))})
        raise UpstreamError(f"the LLM endpoint failed: {reasons}",
                            headers={"Retry-After": str(math.ceil(hint or 5))})

"""The part of the llm engine that analysis (`analyze.py`) and verification (`verify.py`) share.

- `Run`: what one request gathers across its calls (usage, warnings, failures, prompt labels) and its deadline;
- `deadline(settings)`: the loop time by which a request's calls must be done;
- `messages(prompts, task, data, **values)`: the chat messages of one call and its prompt labels;
- `ask(run, settings, prompts, task, data, model, context, **values)`: one grounded call on the process's shared
  client (`client.py`), its usage, dropped-item warnings and drop counts gathered in the run.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from app.cpu import time_left
from app.engines.llm.client import LLMCallError, shared_client
from app.errors import UpstreamError, UpstreamTimeout
from app.models import Usage
from app.prompts import load, render
from app.settings import Settings

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)  # an answer model


@dataclass
class Run:
    """What one request gathers across its calls: usage, warnings, failures, prompt labels, and how many items
    were dropped as ungrounded from each list of the answers (`dropped["claims"]`: summed over the calls that
    answered; schemas.settle counts them)."""

    deadline: float
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
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


def deadline(settings: Settings) -> float:
    """The loop time by which the model's calls must be done for a request started now.

    Inside a request (app.cpu.request_deadline, set by app.service) the time already spent (parsing, a
    wait for a CPU worker) counts. A tenth of the request deadline (at most 2 s) is kept back for what follows the
    calls: the offline fallback of a failed part, the summary check and the response, so the whole answer
    still arrives within COPYDESK_REQUEST_DEADLINE_S on a busy process.
    """
    total = settings.request_deadline_s
    left = time_left()  # inside a request (app.service), its deadline runs from when it arrived
    if left is None or left > total:
        left = total
    return asyncio.get_running_loop().time() + left - min(2.0, 0.1 * total)


def messages(prompts: Path, task: str, data: str, **values: object) -> tuple[list[dict[str, str]], set[str]]:
    """The chat messages of one call and its prompt labels. `task` may join tasks with `+`
    (`summary+claims`): their texts follow the data one after the other, each said once."""
    first, *more = task.split("+")
    out, label = render(first, data, directory=prompts, **values)
    labels = {label}
    for name in more:
        prompt = load(name, prompts)
        out[-1]["content"] += "\n\n" + prompt.text
        labels.add(prompt.label)
    return out, labels


async def ask(run: Run, settings: Settings, prompts: Path, task: str, data: str, model: type[M], context: object,
              **values: object) -> M:
    """One grounded call: render the prompt, ask on the shared client, count usage, keep the warnings of dropped
    items (prefixed with the task) and their counts (`Run.dropped`). Raises LLMCallError when the call fails after
    its retries and re-asks."""
    said, labels = messages(prompts, task, data, **values)
    run.labels.update(labels)
    answer, call = await shared_client(settings).ask(model, said, usage=run.usage, deadline=run.deadline,
                                                     context=context)
    run.warnings.extend(f"{task}: {w}" for w in call.warnings)
    run.dropped.update(call.dropped)
    return answer

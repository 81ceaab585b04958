"""The one door to an OpenAI-compatible endpoint.

Three layers, each with one job:
- the `openai` SDK sends one request (its own retries are off: `max_retries=0`);
- `_complete` retries transient faults (429, 5xx, timeouts, dropped connections)
  with backoff that honours `Retry-After` — the only retry layer;
- instructor re-asks when an answer fails validation (`max_retries` = re-asks).

Every HTTP attempt, retry and re-ask is counted into the request's `Usage`.
Validators reach what they need (the Document, known ids, whether this is the
last attempt) through `current_call()`: instructor's own `context=` would run
the messages through Jinja and mangle an article that holds `{{ }}`.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import functools
import json
import logging
import random
import re
import time
import weakref
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from openai.types.chat import ChatCompletion
from pydantic import BaseModel
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception

from app import metrics
from app.models import Usage
from app.settings import Settings

log = logging.getLogger("copydesk.llm")
# Loggers that would write article text: instructor logs each failed attempt with its validation
# error, which quotes the model's answer; openai's debug log holds the request body. Ours say what
# failed without it.
logging.getLogger("instructor").setLevel(logging.CRITICAL)
logging.getLogger("openai").setLevel(logging.WARNING)
T = TypeVar("T", bound=BaseModel)

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
# Retry-After beyond this is not waited for within one request.
_MAX_RETRY_AFTER_S = 120.0
# How instructor's json and md_json modes start the schema they append to the system message.
_SCHEMA_NOTE = "As a genius expert, your task is to understand the content"


class LLMCallError(Exception):
    """One LLM call failed for good: after retries, re-asks, or at the request deadline."""

    def __init__(self, reason: str, *, timeout: bool = False, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.timeout = timeout
        self.retry_after = retry_after


@dataclass
class Call:
    """The state of one instructor call, visible to the answer models' validators."""

    usage: Usage
    max_reasks: int
    deadline: float
    context: Any = None
    answers: int = 0
    warnings: list[str] = field(default_factory=list)
    # items dropped on the last attempt, per list of the answer ("claims", "key_points", ...): schemas.settle
    dropped: Counter[str] = field(default_factory=Counter)
    task: str = "llm"  # the metrics label: summary, claims, contradictions, ...

    @property
    def final(self) -> bool:
        """True on the last attempt: items that still fail are dropped with a warning, not re-asked."""
        return self.answers > self.max_reasks


_CURRENT: ContextVar[Call] = ContextVar("copydesk_llm_call")


def current_call() -> Call:
    """The call whose answer is being validated."""
    return _CURRENT.get()


def retry_after_s(exc: BaseException | None) -> float | None:
    """Seconds the endpoint asked us to wait (`retry-after-ms`, `Retry-After` seconds or HTTP date)."""
    response = getattr(exc, "response", None)
    if not isinstance(response, httpx.Response):
        return None
    headers = response.headers
    try:
        if "retry-after-ms" in headers:
            return max(0.0, float(headers["retry-after-ms"]) / 1000)
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def is_transient(exc: BaseException) -> bool:
    """429, 408, 5xx, timeouts and dropped connections are worth another try."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def _describe(exc: BaseException) -> str:
    if isinstance(exc, openai.APITimeoutError):
        return "the endpoint timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "the connection to the endpoint failed"
    if isinstance(exc, openai.APIStatusError):
        return f"the endpoint answered HTTP {exc.status_code}"
    if isinstance(exc, IncompleteOutputException):
        return "the answer was cut off at the output token limit"
    return f"the call failed ({type(exc).__name__})"


class LLMClient:
    """A shared AsyncOpenAI client, the retry layer, the concurrency cap and instructor on top."""

    def __init__(self, settings: Settings, http_transport: httpx.AsyncBaseTransport | None = None) -> None:
        """`http_transport`: what carries the HTTP requests (the network when None; tests give the fake
        endpoint's httpx.MockTransport)."""
        self.settings = settings
        timeout = httpx.Timeout(settings.llm_timeout_s, connect=min(10.0, settings.llm_timeout_s))
        self.openai = openai.AsyncOpenAI(
            base_url=settings.llm_base_url,
            # local servers (llama.cpp, Ollama, vLLM) accept any key; the SDK insists on one
            api_key=settings.llm_api_key or "not-needed",
            max_retries=0,
            timeout=timeout,
            http_client=None if http_transport is None else httpx.AsyncClient(transport=http_transport,
                                                                                timeout=timeout),
        )
        self.semaphore = asyncio.Semaphore(max(1, settings.llm_concurrency))
        # Where a request goes instead of the endpoint's chat completions (the Batch API's collector:
        # app/batch/openai_batch.py); the retry layer, usage counting and re-asks stay the same.
        self.transport: Callable[[dict[str, Any]], Awaitable[Any]] | None = None
        self._create = instructor.patch(create=self._complete, mode=MODES[settings.llm_mode])

    # -- the retry layer ----------------------------------------------------
    def _wait_s(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = retry_after_s(exc)
        if hinted is not None:
            return min(hinted, _MAX_RETRY_AFTER_S)
        backoff = self.settings.llm_backoff_s * 2.0 ** (state.attempt_number - 1)
        return min(self.settings.llm_backoff_max_s, backoff) * random.uniform(0.5, 1.0)

    def _stop(self, state: RetryCallState) -> bool:
        if state.attempt_number > self.settings.llm_max_retries:
            return True
        # no point sleeping past the request deadline: fail now and let the part degrade
        left = current_call().deadline - asyncio.get_running_loop().time()
        return self._wait_s(state) >= left

    async def _complete(self, **kwargs: Any) -> Any:
        """One chat completion, retried on transient faults; usage counted per attempt."""
        call = current_call()
        kwargs = schema_last(kwargs)
        retrying = AsyncRetrying(stop=self._stop, wait=self._wait_s, retry=retry_if_exception(is_transient),
                                 reraise=True, before_sleep=_count_retry)
        async for attempt in retrying:
            with attempt:
                if attempt.retry_state.attempt_number > 1:
                    call.usage.retries += 1
                call.usage.calls += 1
                if self.transport is not None:  # a batch holds many requests: no per-process cap
                    completion = await self.transport(kwargs)
                else:
                    completion = await self._send(call, kwargs, attempt.retry_state.attempt_number)
        _mend_json(completion)
        call.answers += 1
        if call.answers > 1:
            call.usage.reasks += 1
            metrics.llm_reask(call.task)
        usage = getattr(completion, "usage", None)
        if usage is not None:
            call.usage.input_tokens += usage.prompt_tokens or 0
            call.usage.output_tokens += usage.completion_tokens or 0
            metrics.llm_tokens(usage.prompt_tokens or 0, usage.completion_tokens or 0)
        return completion

    async def _send(self, call: Call, kwargs: dict[str, Any], attempt: int) -> Any:
        """One HTTP attempt, within the process's cap on calls in flight."""
        queued = time.perf_counter()
        async with self.semaphore:
            metrics.llm_slot_wait(time.perf_counter() - queued)
            with metrics.llm_attempt(call.task):
                try:
                    # the SDK's `create` would first walk the whole request (messages, tools) to transform
                    # typed-dict fields we never use: 4 ms of CPU a call; `post` sends the same body
                    return await self.openai.post("/chat/completions", cast_to=ChatCompletion, body=kwargs)
                except openai.APIError as exc:
                    log.warning("LLM attempt %d failed: %s", attempt, _describe(exc))
                    raise

    # -- one structured call -------------------------------------------------
    async def ask(self, response_model: type[T], messages: list[dict[str, str]], *, usage: Usage,
                  deadline: float, context: Any = None) -> tuple[T, Call]:
        """The validated answer and its call, which holds the warnings for items dropped on the last attempt
        (`Call.warnings`) and how many were dropped from each list of the answer (`Call.dropped`).

        Raises LLMCallError when the call fails for good.
        """
        call = Call(usage=usage, max_reasks=self.settings.llm_max_reasks, deadline=deadline, context=context,
                    task=response_model.__name__.removesuffix("Answer").lower())
        token = _CURRENT.set(call)
        try:
            answer = await self._create(
                response_model=prepared(response_model),
                messages=messages,
                max_retries=self.settings.llm_max_reasks,
                model=self.settings.llm_model,
                temperature=self.settings.llm_temperature,
                max_tokens=self.settings.llm_max_output_tokens,
            )
        except InstructorRetryException as exc:
            cause = exc.__cause__ or exc
            if not isinstance(cause, openai.APIError):  # a schema or parse failure on the last attempt
                raise LLMCallError(f"the answer did not fit the schema after {self.settings.llm_max_reasks} "
                                   "re-asks") from None
            raise LLMCallError(_describe(cause), timeout=isinstance(cause, openai.APITimeoutError),
                               retry_after=retry_after_s(cause)) from None
        except IncompleteOutputException as exc:
            raise LLMCallError(_describe(exc)) from None
        except openai.APIError as exc:  # raised outside instructor's loop in some versions
            raise LLMCallError(_describe(exc), timeout=isinstance(exc, openai.APITimeoutError),
                               retry_after=retry_after_s(exc)) from None
        finally:
            _CURRENT.reset(token)
        return answer, call


@functools.cache
def prepared(response_model: type[T]) -> type[T]:
    """instructor's wrapped class for `response_model`, made once (instructor would build a new class, and its
    schema, on every call: 7 ms of CPU each)."""
    try:
        from instructor.v2.core.response_model import prepare_response_model
    except ImportError:  # pragma: no cover - another instructor layout: let it wrap per call
        return response_model
    return prepare_response_model(response_model) or response_model


def _check_async_validators_once() -> None:
    """instructor checks every response model for async validators on every call, several times (walking each
    class's members: about 3 ms of CPU a call); a class does not change, so check each class once."""
    try:
        from instructor.v2.core import patch as instructor_patch
        from instructor.v2.validation import async_validators
    except ImportError:  # pragma: no cover - another instructor layout: leave it as it is
        return
    original = async_validators.reject_async_validators
    if getattr(original, "copydesk_once", False):
        return
    checked: weakref.WeakSet[type] = weakref.WeakSet()

    def reject_async_validators(response_model: Any) -> None:
        if isinstance(response_model, type) and response_model in checked:
            return
        original(response_model)
        if isinstance(response_model, type):
            checked.add(response_model)

    reject_async_validators.copydesk_once = True  # type: ignore[attr-defined]
    async_validators.reject_async_validators = reject_async_validators
    if getattr(instructor_patch, "reject_async_validators", None) is original:
        setattr(instructor_patch, "reject_async_validators", reject_async_validators)  # noqa: B010 (not exported)


_check_async_validators_once()


def schema_last(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The request with the schema instructor's json/md_json modes append to the system message moved to the end
    of the first user message (after the data and the task), so that the system rules and the fenced article
    stay a prefix shared by every call about the article. Other requests are returned as they are."""
    messages = kwargs.get("messages")
    if not messages or messages[0].get("role") != "system" or not isinstance(messages[0].get("content"), str):
        return kwargs
    system = messages[0]["content"]
    at = system.find(_SCHEMA_NOTE)
    user = next((i for i, m in enumerate(messages) if m.get("role") == "user" and isinstance(m.get("content"), str)),
                None)
    if at < 0 or user is None:
        return kwargs
    moved = [dict(m) for m in messages]
    moved[0]["content"] = system[:at].rstrip()
    moved[user]["content"] = moved[user]["content"].rstrip() + "\n\n" + system[at:].strip()
    return {**kwargs, "messages": moved}


_FENCED_JSON = re.compile(r"(```(?:json)?[ \t]*\n)(.*?)(\n?```)", re.S)  # md_json's answer: one fenced block


def lenient_json(text: str) -> str:
    """`text` unchanged when it is strict JSON or no JSON at all; JSON with raw control characters (a newline, a tab)
    inside its strings, which small local models write and strict parsers reject, re-written as strict JSON (also
    inside a ```json fence)."""
    fenced = _FENCED_JSON.search(text)
    if fenced and not text.lstrip().startswith(("{", "[")):
        return text[:fenced.start(2)] + lenient_json(fenced.group(2)) + text[fenced.end(2):]
    try:
        json.loads(text)
    except ValueError:
        try:
            return json.dumps(json.loads(text, strict=False), ensure_ascii=False)
        except ValueError:
            return text
    return text


def _mend_json(completion: Any) -> None:
    """The answer's tool-call arguments and content read leniently (`lenient_json`), in place."""
    for choice in getattr(completion, "choices", None) or []:
        message: Any = getattr(choice, "message", None)
        for tool_call in getattr(message, "tool_calls", None) or []:
            function: Any = getattr(tool_call, "function", None)
            if isinstance(getattr(function, "arguments", None), str):
                function.arguments = lenient_json(function.arguments)
        if isinstance(getattr(message, "content", None), str):
            message.content = lenient_json(message.content)


def _count_retry(state: RetryCallState) -> None:
    """tenacity's before_sleep: a transient fault is about to be retried."""
    metrics.llm_retry(metrics.outcome_of(state.outcome.exception() if state.outcome else None))


# One client per settings per event loop: the connection pool and the semaphore belong to a loop,
# and a process serving requests runs one loop, so requests share both.
_CLIENTS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, LLMClient]] = weakref.WeakKeyDictionary()
# Transports that carry the requests to a base URL instead of the network (`use_transport`).
_TRANSPORTS: dict[str, httpx.AsyncBaseTransport] = {}


@contextlib.contextmanager
def use_transport(base_url: str, transport: httpx.AsyncBaseTransport) -> Iterator[None]:
    """While the block runs, the shared clients for `base_url` send their requests through `transport`
    (the fake endpoint's httpx.MockTransport in tests: bench/fake_llm.py)."""
    previous = _TRANSPORTS.get(base_url)
    _TRANSPORTS[base_url] = transport
    try:
        yield
    finally:
        if previous is None:
            _TRANSPORTS.pop(base_url, None)
        else:
            _TRANSPORTS[base_url] = previous


def shared_client(settings: Settings) -> LLMClient:
    """The process's client for these settings on the running loop."""
    loop = asyncio.get_running_loop()
    per_loop = _CLIENTS.setdefault(loop, {})
    transport = _TRANSPORTS.get(settings.llm_base_url or "")
    key = f"{settings.model_dump_json()} {id(transport) if transport is not None else ''}"
    client = per_loop.get(key)
    if client is None:
        client = per_loop[key] = LLMClient(settings, transport)
    return client

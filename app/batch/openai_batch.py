"""`copydesk batch --engine llm --batch-api`: the llm engine's calls through the OpenAI Batch API.

Half the price on OpenAI, answered within a 24-hour window. The analyses are the online ones, line for
line: each row runs `analyze_row` exactly as `copydesk batch --engine llm` does (the same messages,
tools, grounding, re-asks, fallbacks, checks and output line), but the LLM client's transport, instead
of sending a chat completion, hands the request to a `BatchCollector`. When every analysis in flight is
waiting on the model, the collector writes the waiting requests as one JSONL file, uploads it
(`POST /v1/files`, purpose `batch`), creates a batch (`POST /v1/batches`, endpoint
`/v1/chat/completions`, window 24h), polls it with backoff (`GET /v1/batches/{id}`), downloads the
output and error files (`GET /v1/files/{id}/content`) and answers each request. So the summary and
claims calls of every row form the first batch; the re-asks of answers that failed grounding or the
schema, and the contradiction calls, form the next; and so on until every row is written.

Resume: the requests are deterministic (the same article and the same earlier answers give the same
request), so each is keyed by the digest of its body. `OUT.batch-state.json` records every batch
created (its id and the keys it holds) and `OUT.batch-answers.jsonl` every answer downloaded. After a
restart, a request whose answer is on disk is answered from it, one in a batch still running is
answered when that batch (polled by its id) completes, and only the rest go into a new batch. Both
files are removed once the run has written every row.

Failures: a request the batch could not answer (expired with the window, or an error line) is a
transient fault for the client's retry layer, so it goes into the next batch (up to
COPYDESK_LLM_MAX_RETRIES times, then its part degrades as online); a batch that fails as a whole (its
input rejected) stops the run with `BatchAPIError`, naming the batch and the reason.
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import io
import json
import logging
import os
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Final

import httpx
import openai
from openai.types.chat import ChatCompletion

from app.batch.rows import Row
from app.settings import Settings

log = logging.getLogger("copydesk.batch")

#: the Batch API's endpoint and completion window
ENDPOINT: Final = "/v1/chat/completions"
WINDOW: Final = "24h"
#: batch states after which nothing more happens
FINAL = {"completed", "failed", "expired", "cancelled"}
#: how long a request may wait on the Batch API (beyond the 24-hour window, for retries)
BATCH_DEADLINE_S = 7 * 24 * 3600.0

_ANALYSIS: contextvars.ContextVar[int] = contextvars.ContextVar("copydesk_batch_analysis")


class BatchAPIError(Exception):
    """A batch failed as a whole (its input was rejected): the run stops; the state file is kept."""


def _key(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def _status_error(status: int, message: str) -> openai.APIStatusError:
    """What the retry layer sees for a request the batch did not answer (5xx and 429 are retried)."""
    request = httpx.Request("POST", "https://batch.invalid" + ENDPOINT)
    response = httpx.Response(status, request=request, json={"error": {"message": message}})
    return openai.APIStatusError(message, response=response, body={"error": {"message": message}})


@dataclass
class BatchState:
    """What a run has created and received, on disk beside the output (see the module docstring)."""

    output: Path
    batches: list[dict[str, Any]] = field(default_factory=list)  # {"id", "status", "keys": [...]}
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> chat.completion body

    @property
    def state_path(self) -> Path:
        """`OUT.batch-state.json`."""
        return self.output.with_name(self.output.name + ".batch-state.json")

    @property
    def answers_path(self) -> Path:
        """`OUT.batch-answers.jsonl`."""
        return self.output.with_name(self.output.name + ".batch-answers.jsonl")

    @classmethod
    def load(cls, output: Path) -> BatchState:
        """The state of an earlier run on this output, or an empty one. A partial answers line is skipped."""
        state = cls(output)
        if state.state_path.exists():
            state.batches = json.loads(state.state_path.read_text(encoding="utf-8")).get("batches", [])
        if state.answers_path.exists():
            with open(state.answers_path, encoding="utf-8") as handle:
                for line in handle:
                    try:
                        item = json.loads(line)
                    except ValueError:
                        continue  # a line cut by a crash: that answer is fetched again
                    state.answers[item["key"]] = item["response"]
        return state

    def save(self) -> None:
        """Write the batches list atomically."""
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        tmp.write_text(json.dumps({"endpoint": ENDPOINT, "batches": self.batches}, indent=1) + "\n",
                       encoding="utf-8")
        os.replace(tmp, self.state_path)

    def keep(self, answers: dict[str, dict[str, Any]]) -> None:
        """Append downloaded answers (flushed), so a restart does not download them again."""
        if not answers:
            return
        with open(self.answers_path, "a", encoding="utf-8") as handle:
            for key, response in answers.items():
                handle.write(json.dumps({"key": key, "response": response}, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.answers.update(answers)

    def remove(self) -> None:
        """Forget the run (every row is written)."""
        for path in (self.state_path, self.answers_path):
            path.unlink(missing_ok=True)


class BatchCollector:
    """Collects the chat completions of the analyses in flight and sends them as Batch API batches.

    `complete(kwargs)` is the LLM client's transport; `track(coro)` runs one analysis so the collector
    knows when every analysis is waiting on it. `poll_s` is the first wait between polls (doubling to
    `poll_max_s`).
    """

    def __init__(self, sdk: openai.AsyncOpenAI, state: BatchState, *, poll_s: float = 10.0,
                 poll_max_s: float = 600.0) -> None:
        self.sdk = sdk
        self.state = state
        self.poll_s, self.poll_max_s = poll_s, poll_max_s
        self.live: set[int] = set()
        self.blocked: dict[int, int] = {}  # analysis -> requests it waits on
        self.queue: dict[str, dict[str, Any]] = {}  # key -> body, not yet sent
        self.waiters: dict[str, list[asyncio.Future[dict[str, Any]]]] = {}
        self.in_flight: dict[str, asyncio.Task[None]] = {}  # batch id -> its poller
        self.failure: BaseException | None = None
        self.batches_created = 0
        self._next = 0
        self._flush: asyncio.TimerHandle | None = None

    # -- the analyses ---------------------------------------------------------
    async def track(self, coro: Awaitable[Any]) -> Any:
        """Run one analysis, counted as live until it ends."""
        self._next += 1
        ident = self._next
        token = _ANALYSIS.set(ident)
        self.live.add(ident)
        try:
            return await coro
        finally:
            self.live.discard(ident)
            self.blocked.pop(ident, None)
            _ANALYSIS.reset(token)
            self._schedule()

    async def complete(self, kwargs: dict[str, Any]) -> ChatCompletion:
        """The transport: the answer to one chat completion request, through a batch."""
        if self.failure is not None:
            raise self.failure
        body = {k: v for k, v in kwargs.items() if v is not None and not isinstance(v, openai.NotGiven)}
        key = _key(body)
        answer = self.state.answers.get(key)
        if answer is None:
            future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
            self.waiters.setdefault(key, []).append(future)
            if not self._sent(key):
                self.queue[key] = body
            ident = _ANALYSIS.get(0)
            self.blocked[ident] = self.blocked.get(ident, 0) + 1
            self._schedule()
            try:
                answer = await future
            finally:
                left = self.blocked.get(ident, 1) - 1
                if left > 0:
                    self.blocked[ident] = left
                else:
                    self.blocked.pop(ident, None)
        if "error" in answer:
            error = answer["error"]
            raise _status_error(int(error.get("status", 500)), str(error.get("message", "batch request failed")))
        return ChatCompletion.model_validate(answer)

    def _sent(self, key: str) -> bool:
        return any(key in b["keys"] for b in self.state.batches if b["id"] in self.in_flight)

    def _schedule(self) -> None:
        """Check for a batch to send once the analyses that are running have reached their next wait."""
        if self._flush is None:
            self._flush = asyncio.get_running_loop().call_later(0.02, self._check)

    def _check(self) -> None:
        self._flush = None
        if not self.queue or self.failure is not None:
            return
        if any(ident not in self.blocked for ident in self.live):
            return  # an analysis is still working toward its next request
        bodies, self.queue = self.queue, {}
        task = asyncio.create_task(self._send(bodies))
        task.add_done_callback(_log_crash)

    # -- batches ----------------------------------------------------------------
    async def resume(self) -> None:
        """Poll the batches an earlier run left unfinished (their answers wait for the requests that need them)."""
        for batch in self.state.batches:
            if batch.get("status") not in FINAL and batch["id"] not in self.in_flight:
                self.in_flight[batch["id"]] = asyncio.create_task(self._follow(batch))
                log.info("resuming batch", extra={"batch_id": batch["id"]})

    async def _send(self, bodies: dict[str, dict[str, Any]]) -> None:
        lines = []
        for n, (key, body) in enumerate(bodies.items()):
            lines.append(json.dumps({"custom_id": f"{n}-{key}", "method": "POST", "url": ENDPOINT, "body": body},
                                    ensure_ascii=False))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        try:
            uploaded = await self.sdk.files.create(file=("requests.jsonl", io.BytesIO(data)), purpose="batch")
            batch = await self.sdk.batches.create(input_file_id=uploaded.id, endpoint=ENDPOINT,
                                                  completion_window=WINDOW,
                                                  metadata={"tool": "copydesk batch --batch-api"})
        except openai.APIError as exc:  # the batch could not even be created: every request fails for now
            self._answer({k: {"error": {"status": getattr(exc, "status_code", None) or 503,
                                        "message": f"the batch could not be created: {exc}"}} for k in bodies})
            return
        self.batches_created += 1
        record = {"id": batch.id, "status": batch.status, "keys": list(bodies)}
        self.state.batches.append(record)
        self.state.save()
        log.info("batch created", extra={"batch_id": batch.id, "requests": len(bodies)})
        self.in_flight[batch.id] = asyncio.current_task()  # type: ignore[assignment]
        await self._follow(record)

    async def _follow(self, record: dict[str, Any]) -> None:
        """Poll one batch until it ends; answer its requests from its output and error files."""
        wait = self.poll_s
        try:
            while True:
                batch = await self.sdk.batches.retrieve(record["id"])
                if batch.status != record.get("status"):
                    record["status"] = batch.status
                    self.state.save()
                if batch.status in FINAL:
                    break
                await asyncio.sleep(wait)
                wait = min(self.poll_max_s, wait * 2)
            answers: dict[str, dict[str, Any]] = {}
            errors: dict[str, dict[str, Any]] = {}
            for file_id in (batch.output_file_id, batch.error_file_id):
                if file_id:
                    content = await self.sdk.files.content(file_id)
                    self._read(content.text, answers, errors)
            self.state.keep(answers)
            missing = [k for k in record["keys"] if k not in answers and k not in errors]
            if batch.status == "failed":
                reasons = "; ".join(e.message or e.code or "" for e in (batch.errors.data if batch.errors and
                                                                         batch.errors.data else [])) or "no reason"
                self.failure = BatchAPIError(f"batch {record['id']} failed: {reasons}")
            why = {"expired": "the batch expired before this request was answered",
                   "cancelled": "the batch was cancelled"}.get(batch.status, "the batch returned no answer")
            for key in missing:
                errors[key] = {"error": {"status": 503, "message": why}}
        except openai.APIError as exc:
            answers, errors = {}, {k: {"error": {"status": 503, "message": f"polling the batch failed: {exc}"}}
                                   for k in record["keys"]}
        finally:
            self.in_flight.pop(record["id"], None)
        if self.failure is not None:
            self._fail_all()
            return
        self._answer({**errors, **answers})

    @staticmethod
    def _read(text: str, answers: dict[str, dict[str, Any]], errors: dict[str, dict[str, Any]]) -> None:
        for line in text.splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            key = str(item.get("custom_id", "")).split("-", 1)[-1]
            response = item.get("response") or {}
            status = int(response.get("status_code") or 0)
            if status == 200 and isinstance(response.get("body"), dict):
                answers[key] = response["body"]
            else:
                error = item.get("error") or (response.get("body") or {}).get("error") or {}
                errors[key] = {"error": {"status": status or 503,
                                         "message": str(error.get("message") or error.get("code") or
                                                        "the batch could not answer this request")}}

    def _answer(self, results: dict[str, dict[str, Any]]) -> None:
        for key, result in results.items():
            for future in self.waiters.pop(key, []):
                if not future.done():
                    future.set_result(result)

    def _fail_all(self) -> None:
        assert self.failure is not None
        for futures in self.waiters.values():
            for future in futures:
                if not future.done():
                    future.set_exception(self.failure)
        self.waiters.clear()
        self.queue.clear()


def _log_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("batch sender failed", extra={"error": type(task.exception()).__name__})


def batch_settings(settings: Settings) -> Settings:
    """Settings for analyses that wait on the Batch API: a deadline of days, not seconds."""
    return settings.model_copy(update={"request_deadline_s": BATCH_DEADLINE_S})


async def run_batch_api(rows: Iterator[Row], emit: Callable[[dict[str, Any]], None], *, settings: Settings,
                        output: Path, include: list[str] | None, engine: str, group: int = 2000,
                        poll_s: float = 10.0, poll_max_s: float = 600.0) -> BatchCollector:
    """Analyse `rows` with the llm engine through the Batch API, `group` rows at a time; `emit` each line.

    Raises BatchAPIError when a batch fails as a whole.
    """
    from app.batch.work import analyze_row
    from app.engines.llm.client import shared_client

    settings = batch_settings(settings)
    client = shared_client(settings)
    state = BatchState.load(output)
    collector = BatchCollector(client.openai, state, poll_s=poll_s, poll_max_s=poll_max_s)
    client.transport = collector.complete
    try:
        await collector.resume()
        while chunk := list(islice(rows, group)):
            tasks = [asyncio.create_task(collector.track(analyze_row(r, settings, include, engine))) for r in chunk]
            try:
                for finished in asyncio.as_completed(tasks):
                    line = await finished
                    if collector.failure is not None:
                        raise collector.failure
                    emit(line)
            finally:
                for task in tasks:
                    task.cancel()
        if collector.failure is not None:
            raise collector.failure
        for task in list(collector.in_flight.values()):  # batches nobody waits for any more
            task.cancel()
        state.remove()
    finally:
        client.transport = None
    return collector

"""The fake OpenAI-compatible endpoint on loopback, for benchmarks and tests over real sockets. No model.

Every `POST /v1/chat/completions` is answered after a fixed delay by `bench.fake_llm.answer`, the one
fake endpoint's pure function (its docstring says what it answers, in which mode, and how `usage`
counts tokens); this module adds the socket, the delay, the faults and the Files and Batch APIs.

Interface
---------
In-process, in a running event loop::

    fake = FakeOpenAI(delay_s=0.2, faults=FaultPlan(rate=0.3, seed=1), items=3)  # items: length of open lists
    await fake.start()            # binds 127.0.0.1 on a free port (or host=, port=)
    fake.base_url                 # "http://127.0.0.1:<port>/v1"
    fake.stats()                  # {"calls", "prompt_tokens", "schema_tokens", "completion_tokens",
                                  #  "faults", "modes", "depth", "log"}: depth is the longest chain
                                  #  of calls that ran one after another; log has one CallRecord each
    fake.reset()                  # forget the calls seen so far
    await fake.close()

In a background thread (for sync tests): ``with running(delay_s=0.0) as fake: ...``.
As a subprocess (for benchmarks, so it does not share the GIL): ``with spawn(delay_s=0.2) as fake:``
gives an object with `base_url`, `stats()` and `reset()` (over HTTP: `GET /_stats`, `POST /_reset`).
From a shell: ``python -m bench.fake_openai --delay 0.2 --fault-rate 0.3 --faults 429,500,hang --seed 1``
prints one JSON line ``{"base_url": ...}`` and serves until killed.

Faults (`FaultPlan`): each call draws, from a `random.Random(seed)` in arrival order, whether it
fails (probability `rate`) and how (uniformly from `kinds`); `script` fixes the first calls' faults
(None = answer normally) before the rate applies. Kinds:

- `429`: status 429 at once, `Retry-After: <retry_after_s>`, an OpenAI error body;
- `500`: status 500 at once, an OpenAI error body;
- `hang`: no answer until the client gives up (or `hang_s` passes), to exercise timeouts;
- `drop`: after the delay, the connection is closed without an answer;
- `invalid_json`: after the delay, status 200 with a body that is not JSON;
- `bad_answer`: a well-formed completion whose content does not satisfy the schema;
- `ungrounded`: a completion that satisfies the schema but cites sentence 9999 and a made-up quote.

Also `GET /v1/models`. The server speaks HTTP/1.1 with keep-alive, Content-Length or chunked bodies.

The Files and Batch APIs, enough for `copydesk batch --batch-api`: `POST /v1/files` (multipart, any
purpose), `GET /v1/files/{id}` and `/v1/files/{id}/content`, `POST /v1/batches` (endpoint
`/v1/chat/completions`), `GET /v1/batches/{id}`, `POST /v1/batches/{id}/cancel`. A batch is
`in_progress` for its first `batch_polls` retrievals, then ends: each request line is answered as a
chat completion would be (faults drawn per line, as above) into the output file, or into the error
file. `batch_outcomes` scripts how the first batches end (None = completed): `failed` (input rejected,
no files), `expired` (the first half of its lines answered, the rest `batch_expired` errors).
`fake.batches` holds every batch object; `stats()["batches"]` counts them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.fake_llm import answer, prefix_marks, prompt_tokens, schema_tokens, sections, shape
from bench.processes import stop

FAULT_KINDS = ("429", "500", "hang", "drop", "invalid_json", "bad_answer", "ungrounded")
_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests",
            500: "Internal Server Error"}


@dataclass(frozen=True)
class FaultPlan:
    """Which calls fail and how: a seeded draw per call, after an optional fixed script."""

    rate: float = 0.0
    kinds: tuple[str, ...] = ("429", "500", "hang", "drop", "invalid_json")
    seed: int = 0
    script: tuple[str | None, ...] = ()
    retry_after_s: float = 1.0
    hang_s: float = 3600.0

    def __post_init__(self) -> None:
        unknown = [k for k in (*self.kinds, *self.script) if k is not None and k not in FAULT_KINDS]
        if unknown:
            raise ValueError(f"unknown fault kinds {unknown}; use {', '.join(FAULT_KINDS)}")


@dataclass
class CallRecord:
    """One chat completion the server saw (times are time.monotonic(), comparable across processes)."""

    index: int
    started: float
    ended: float = 0.0
    mode: str = ""
    tool: str | None = None
    prompt_tokens: int = 0
    schema_tokens: int = 0
    completion_tokens: int = 0
    fault: str | None = None
    sections: dict[str, int] = field(default_factory=dict)  # input tokens by prompt part (fake_llm.sections)
    prefix: list[str] = field(default_factory=list)  # cacheable-prefix digests (fake_llm.prefix_marks)


class FakeOpenAI:
    """The server. Start it inside a running event loop; see the module docstring."""

    def __init__(self, *, delay_s: float = 0.0, faults: FaultPlan | None = None, host: str = "127.0.0.1",
                 port: int = 0, items: int = 3, batch_polls: int = 1,
                 batch_outcomes: tuple[str | None, ...] = ()) -> None:
        self.delay_s = delay_s
        self.batch_polls = batch_polls
        self.batch_outcomes = batch_outcomes
        self.files: dict[str, tuple[str, bytes]] = {}  # id -> (purpose, content)
        self.batches: dict[str, dict[str, Any]] = {}
        self._polls: Counter[str] = Counter()
        self.faults = faults or FaultPlan()
        self.host, self.port = host, port
        self.items = items
        self.calls: list[CallRecord] = []
        self._rng = random.Random(self.faults.seed)
        self._drawn = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def base_url(self) -> str:
        """The OpenAI base URL to configure a client with."""
        return f"http://{self.host}:{self.port}/v1"

    async def start(self) -> None:
        """Listen on the host and port (port 0: a free one)."""
        self._server = await asyncio.start_server(self._connection, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        """Stop listening and drop open connections."""
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    def reset(self) -> None:
        """Forget the calls seen so far (the fault draw goes on where it was)."""
        self.calls = []

    def stats(self) -> dict[str, Any]:
        """Counts, token sums, faults, modes, the deepest chain of back-to-back calls, and the call log."""
        calls = list(self.calls)
        done = [c for c in calls if c.ended]
        return {
            "calls": len(calls),
            "prompt_tokens": sum(c.prompt_tokens for c in calls),
            "schema_tokens": sum(c.schema_tokens for c in calls),
            "completion_tokens": sum(c.completion_tokens for c in calls),
            "faults": dict(Counter(c.fault for c in calls if c.fault)),
            "modes": dict(Counter(c.mode for c in calls if c.mode)),
            "depth": chain_depth([(c.started, c.ended) for c in done]),
            "batches": len(self.batches),
            "log": [asdict(c) for c in calls],
        }

    def _draw(self) -> str | None:
        index = self._drawn
        self._drawn += 1
        if index < len(self.faults.script):
            return self.faults.script[index]
        if self.faults.rate and self._rng.random() < self.faults.rate:
            return self._rng.choice(self.faults.kinds)
        return None

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            while True:
                request = await _read_request(reader)
                if request is None or not await self._respond(request, reader, writer):
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError, ValueError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    async def _respond(self, request: tuple[str, str, bytes], reader: asyncio.StreamReader,
                       writer: asyncio.StreamWriter) -> bool:
        """Answer one request; False when the connection must end."""
        method, path, body = request
        path = path.split("?", 1)[0].rstrip("/")
        if method == "GET" and path == "/_stats":
            return await _send(writer, 200, self.stats())
        if method == "POST" and path == "/_reset":
            self.reset()
            return await _send(writer, 200, {"reset": True})
        if method == "GET" and path.endswith("/models"):
            return await _send(writer, 200, {"object": "list", "data": [
                {"id": "fake-model", "object": "model", "created": 0, "owned_by": "copydesk-bench"}]})
        if "/files" in path or "/batches" in path:
            return await self._batch_api(method, path, body, writer)
        if method != "POST" or not path.endswith("/chat/completions"):
            return await _send(writer, 404, _error("not_found", f"no route {method} {path}"))
        return await self._completion(body, reader, writer)

    # -- Files and Batches ---------------------------------------------------------
    async def _batch_api(self, method: str, path: str, body: bytes, writer: asyncio.StreamWriter) -> bool:
        parts = path.split("/")
        tail = parts[parts.index("files") + 1:] if "files" in parts else parts[parts.index("batches") + 1:]
        if "files" in parts:
            if method == "POST" and not tail:
                fields = _multipart(body)
                file_id = f"file-{len(self.files) + 1}"
                self.files[file_id] = (fields.get("purpose", b"").decode(), fields.get("file", b""))
                return await _send(writer, 200, self._file(file_id))
            if method == "GET" and tail and tail[0] in self.files:
                if len(tail) == 2 and tail[1] == "content":
                    return await _send_raw(writer, 200, self.files[tail[0]][1])
                return await _send(writer, 200, self._file(tail[0]))
        else:
            if method == "POST" and not tail:
                return await _send(writer, 200, self._create_batch(json.loads(body)))
            if tail and tail[0] in self.batches:
                batch = self.batches[tail[0]]
                if method == "POST" and tail[1:] == ["cancel"]:
                    batch["status"] = "cancelled"
                    return await _send(writer, 200, _public(batch))
                if method == "GET" and len(tail) == 1:
                    self._polls[batch["id"]] += 1
                    if batch["status"] == "in_progress" and self._polls[batch["id"]] > self.batch_polls:
                        await self._finish(batch)
                    return await _send(writer, 200, _public(batch))
        return await _send(writer, 404, _error("not_found", f"no route {method} {path}"))

    def _file(self, file_id: str) -> dict[str, Any]:
        purpose, content = self.files[file_id]
        return {"id": file_id, "object": "file", "bytes": len(content), "created_at": int(time.time()),
                "filename": f"{file_id}.jsonl", "purpose": purpose or "batch", "status": "processed"}

    def _create_batch(self, request: dict[str, Any]) -> dict[str, Any]:
        if request.get("input_file_id") not in self.files:
            return _error("invalid_request_error", "no such input file")
        batch_id = f"batch_{len(self.batches) + 1}"
        index = len(self.batches)
        outcome = self.batch_outcomes[index] if index < len(self.batch_outcomes) else None
        self.batches[batch_id] = {
            "id": batch_id, "object": "batch", "endpoint": request.get("endpoint"), "errors": None,
            "input_file_id": request["input_file_id"], "completion_window": request.get("completion_window"),
            "status": "in_progress", "output_file_id": None, "error_file_id": None, "created_at": int(time.time()),
            "request_counts": {"total": 0, "completed": 0, "failed": 0}, "metadata": request.get("metadata"),
            "_outcome": outcome}
        return _public(self.batches[batch_id])

    async def _finish(self, batch: dict[str, Any]) -> None:
        """Answer a batch's lines as chat completions would be answered, and end it as scripted."""
        outcome = batch.pop("_outcome", None)
        lines = [json.loads(line) for line in self.files[batch["input_file_id"]][1].decode().splitlines() if line]
        if outcome == "failed":
            batch.update(status="failed", errors={"object": "list", "data": [
                {"code": "invalid_request", "message": "the fake rejects this batch", "param": None, "line": 1}]})
            return
        out, err = [], []
        for n, line in enumerate(lines):
            record = CallRecord(index=len(self.calls), started=time.monotonic())
            self.calls.append(record)
            payload = line["body"]
            record.prompt_tokens = prompt_tokens(payload)
            record.schema_tokens = schema_tokens(payload)
            record.ended = time.monotonic()
            if outcome == "expired" and n >= len(lines) // 2:
                err.append({"id": f"batch_req_{n}", "custom_id": line["custom_id"], "response": None,
                            "error": {"code": "batch_expired", "message": "This request could not be executed "
                                      "before the completion window expired."}})
                continue
            record.fault = fault = self._draw()
            if fault in ("429", "500", "hang", "drop", "invalid_json"):
                status = 429 if fault == "429" else 500
                err.append({"id": f"batch_req_{n}", "custom_id": line["custom_id"],
                            "response": {"status_code": status, "request_id": f"req_{n}",
                                         "body": _error("server_error", f"fake fault {fault}")}, "error": None})
                continue
            answer = self._answer(payload, record, fault)
            out.append({"id": f"batch_req_{n}", "custom_id": line["custom_id"],
                        "response": {"status_code": 200, "request_id": f"req_{n}", "body": answer}, "error": None})
        for kind, rows in (("output_file_id", out), ("error_file_id", err)):
            if rows:
                file_id = f"file-{len(self.files) + 1}"
                self.files[file_id] = ("batch_output", "".join(json.dumps(r) + "\n" for r in rows).encode())
                batch[kind] = file_id
        batch.update(status="expired" if outcome == "expired" else "completed",
                     request_counts={"total": len(lines), "completed": len(out), "failed": len(err)})

    async def _completion(self, body: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        record = CallRecord(index=len(self.calls), started=time.monotonic())
        self.calls.append(record)
        try:
            payload = json.loads(body)
        except json.JSONDecodeError:
            record.ended = time.monotonic()
            return await _send(writer, 400, _error("invalid_request_error", "the body is not JSON"))
        record.prompt_tokens = prompt_tokens(payload)
        record.schema_tokens = schema_tokens(payload)
        record.sections = sections(payload)
        record.prefix = prefix_marks(payload)
        record.fault = fault = self._draw()
        if fault == "429":
            record.ended = time.monotonic()
            return await _send(writer, 429, _error("rate_limit_exceeded", "slow down"),
                               {"Retry-After": f"{self.faults.retry_after_s:g}"})
        if fault == "500":
            record.ended = time.monotonic()
            return await _send(writer, 500, _error("server_error", "the fake server failed"))
        if fault == "hang":
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(reader.read(1), self.faults.hang_s)  # b"" once the client hangs up
            record.ended = time.monotonic()
            return False
        # the answer is made while the "model" works (within its delay): the fake's own CPU is then not counted in the
        # client's time between calls (bench.llm's overhead figures)
        answered = self._answer(payload, record, fault) if fault not in {"drop", "invalid_json"} else None
        # d after the request came in, not d after the answer was made: the fake's own CPU (5-10 ms for a
        # 67-claim answer, more on a loaded machine) is neither the app's overhead nor the model's time
        await asyncio.sleep(max(0.0, record.started + self.delay_s - time.monotonic()))
        record.ended = time.monotonic()
        if fault == "invalid_json":
            return await _send_raw(writer, 200, b'{"id": "chatcmpl-broken", "choices": [{"message": ')
        if fault == "drop" or answered is None:
            writer.transport.abort()
            return False
        return await _send(writer, 200, answered)

    def _answer(self, payload: dict[str, Any], record: CallRecord, fault: str | None) -> dict[str, Any]:
        """bench.fake_llm.answer for one call, noted in its record."""
        body = answer(payload, index=record.index, items=self.items, bad=fault == "bad_answer",
                      ungrounded=fault == "ungrounded")
        found = shape(payload)
        record.mode, record.tool = found.mode, found.tool
        record.completion_tokens = body["usage"]["completion_tokens"]
        return body


def _public(batch: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in batch.items() if not k.startswith("_")}


def _multipart(body: bytes) -> dict[str, bytes]:
    """The fields of a multipart/form-data body (the boundary is its first line)."""
    boundary = body.split(b"\r\n", 1)[0]
    fields: dict[str, bytes] = {}
    for part in body.split(boundary)[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.partition(b"\r\n\r\n")
        name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode() if b'name="' in head else ""
        fields[name] = content.removesuffix(b"\r\n")
    return fields


def chain_depth(intervals: list[tuple[float, float]]) -> int:
    """The longest chain of calls in which each started after the one before it ended."""
    ordered = sorted(intervals)
    depth: list[int] = []
    for j, (start, _) in enumerate(ordered):
        depth.append(1 + max((depth[i] for i in range(j) if ordered[i][1] <= start), default=0))
    return max(depth, default=0)


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": code, "param": None, "code": code}}


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, bytes] | None:
    """(method, path, body) of the next request on the connection, or None at its end."""
    line = await reader.readline()
    if not line.strip():
        return None
    method, path, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
        key, _, value = header.decode("latin-1").partition(":")
        headers[key.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while size := int((await reader.readline()).split(b";")[0], 16):
            chunks.append(await reader.readexactly(size))
            await reader.readline()
        await reader.readline()
        return method, path, b"".join(chunks)
    return method, path, await reader.readexactly(int(headers.get("content-length", "0")))


async def _send(writer: asyncio.StreamWriter, status: int, body: dict[str, Any],
                headers: dict[str, str] | None = None) -> bool:
    return await _send_raw(writer, status, json.dumps(body).encode(), headers)


async def _send_raw(writer: asyncio.StreamWriter, status: int, body: bytes,
                    headers: dict[str, str] | None = None) -> bool:
    head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}", "Content-Type: application/json",
            f"Content-Length: {len(body)}", "Connection: keep-alive",
            *(f"{k}: {v}" for k, v in (headers or {}).items())]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()
    return True


@contextlib.contextmanager
def running(**options: Any) -> Iterator[FakeOpenAI]:
    """A FakeOpenAI serving from a background thread with its own event loop (for sync code)."""
    loop = asyncio.new_event_loop()
    fake = FakeOpenAI(**options)
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(fake.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, name="fake-openai", daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(fake.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


class SpawnedFake:
    """A FakeOpenAI in a subprocess, seen through its URL."""

    def __init__(self, process: subprocess.Popen[str], base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    def stats(self) -> dict[str, Any]:
        """The server's stats (see FakeOpenAI.stats)."""
        with urllib.request.urlopen(self.base_url.removesuffix("/v1") + "/_stats", timeout=10) as r:
            return json.loads(r.read())

    def reset(self) -> None:
        """Forget the calls seen so far."""
        request = urllib.request.Request(self.base_url.removesuffix("/v1") + "/_reset", data=b"{}",
                                         method="POST", headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10).close()


@contextlib.contextmanager
def spawn(*, delay_s: float = 0.0, faults: FaultPlan | None = None, items: int = 3) -> Iterator[SpawnedFake]:
    """A FakeOpenAI in a subprocess on a free loopback port; killed on exit."""
    faults = faults or FaultPlan()
    argv = [sys.executable, "-m", "bench.fake_openai", "--delay", str(delay_s), "--items", str(items),
            "--fault-rate", str(faults.rate), "--faults", ",".join(faults.kinds), "--seed", str(faults.seed),
            "--retry-after", str(faults.retry_after_s), "--hang", str(faults.hang_s)]
    if faults.script:
        argv += ["--script", ",".join(k or "ok" for k in faults.script)]
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    process = subprocess.Popen(argv, cwd=root, env=env, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline() if process.stdout else ""
        if not line:
            raise RuntimeError("the fake OpenAI server did not start")
        yield SpawnedFake(process, json.loads(line)["base_url"])
    finally:
        stop(process, 10)


def main(argv: list[str] | None = None) -> int:
    """Serve until killed; the first line on stdout is `{"base_url": ...}`."""
    parser = argparse.ArgumentParser(prog="python -m bench.fake_openai", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--items", type=int, default=3, help="items in each array the schema leaves open")
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--faults", default="429,500,hang,drop,invalid_json", help="comma-separated kinds")
    parser.add_argument("--script", default="", help="faults of the first calls, comma-separated ('ok' = none)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--retry-after", type=float, default=1.0)
    parser.add_argument("--hang", type=float, default=3600.0, help="longest a hung call waits")
    args = parser.parse_args(argv)
    script = tuple(None if k in {"ok", ""} else k for k in args.script.split(",")) if args.script else ()
    faults = FaultPlan(rate=args.fault_rate, kinds=tuple(k for k in args.faults.split(",") if k), seed=args.seed,
                       script=script, retry_after_s=args.retry_after, hang_s=args.hang)

    async def serve() -> None:
        fake = FakeOpenAI(delay_s=args.delay, faults=faults, host=args.host, port=args.port, items=args.items)
        await fake.start()
        print(json.dumps({"base_url": fake.base_url}), flush=True)
        await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())
    return 0


if __name__ == "__main__":
    sys.exit(main())

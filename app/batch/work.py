"""One row in, one output line out: the `/v1/analyze` body plus `id`, or a problem for that row.

`analyze_row` (async) is what every runner calls: the local process pool through `RowWorker`, the
llm engine's bounded async loop directly, and the cluster's actors. A row's failure never escapes as
an exception: it becomes `{"id": ..., "line": ..., "problem": {...}}` with the same `type`, `title`
and `status` the API would have answered with.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any, NamedTuple, TypeVar

from pydantic import ValidationError

from app import service
from app.batch.output import encode_line
from app.batch.rows import Row, problem
from app.errors import CopydeskError
from app.models import AnalyzeRequest, VerifyRequest
from app.settings import Settings

T = TypeVar("T")
log = logging.getLogger("copydesk.batch")


class Encoded(NamedTuple):
    """An analysis's output line encoded where it was made (`app.batch.output.encode_line`), with what the run's
    summary counts from it: a worker sends these bytes back instead of the nested dict, so the driver neither
    unpickles nor re-encodes a line (tens of kB for a long article), it only writes it."""

    data: bytes
    input_tokens: int
    output_tokens: int
    calls: int


#: what a runner hands the driver for one row: the line as a dict (a problem: the driver adds the run's
#: versions), or an analysis already encoded
Line = dict[str, Any] | Encoded


def encode(line: dict[str, Any]) -> Line:
    """An analysis's line as `Encoded`; a problem line stays a dict (the driver completes it)."""
    if "problem" in line:
        return line
    usage = line.get("meta", {}).get("usage") or {}
    return Encoded(encode_line(line), int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0)),
                   int(usage.get("calls", 0)))


def _validation_problem(exc: ValidationError) -> dict[str, Any]:
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")).removeprefix("Value error, "),
               "type": str(e.get("type", ""))} for e in exc.errors()]
    first = errors[0] if errors else {"loc": [], "msg": "invalid"}
    where = ".".join(first["loc"]) or "row"
    return problem("validation-error", f"{where}: {first['msg']}", errors=errors)


def _error_problem(exc: CopydeskError) -> dict[str, Any]:
    return problem(exc.type, exc.detail, status=exc.status, title=exc.title, errors=exc.errors)


async def analyze_row(row: Row, settings: Settings, include: list[str] | None = None,
                      engine: str | None = None) -> dict[str, Any]:
    """The output line of `row` as a dict: `{"id", **analysis}` (plus `verify` when the row has statements),
    or `{"id", "line", "problem"}`. `include` and `engine` are the batch's defaults; a row's own fields win."""
    if row.problem is not None:
        return {"id": row.id, "line": row.line, "problem": row.problem}
    fields = dict(row.fields)
    statements = fields.pop("statements", None)
    fields.setdefault("include", include)
    fields.setdefault("engine", engine)
    try:
        request = AnalyzeRequest(**fields)
        verify_request = None
        if statements is not None:
            body = {"text": request.text} if request.text is not None else {"html": request.html}
            verify_request = VerifyRequest(statements=statements, sources=[{"id": "article", **body}],
                                           engine=request.engine)
            if len(verify_request.statements) > settings.max_statements:
                return {"id": row.id, "line": row.line, "problem": problem(
                    "validation-error", f"statements: {len(statements)} statements; the limit is "
                    f"{settings.max_statements}")}
        response = await service.analyze(request, settings)
        out: dict[str, Any] = {"id": row.id, **response.model_dump(mode="json")}
        if verify_request is not None:
            verified = await service.verify(verify_request, settings)
            out["verify"] = verified.model_dump(mode="json")
        return out
    except ValidationError as exc:
        return {"id": row.id, "line": row.line, "problem": _validation_problem(exc)}
    except CopydeskError as exc:
        return {"id": row.id, "line": row.line, "problem": _error_problem(exc)}
    except Exception as exc:  # noqa: BLE001 - one row's bug must not end an archive run
        log.error("row failed", extra={"row_id": row.id, "error": type(exc).__name__})
        return {"id": row.id, "line": row.line, "problem": problem(
            "internal", f"the row could not be analysed ({type(exc).__name__})", status=500,
            title="Internal error")}


class RowWorker:
    """Analyses rows synchronously in one process (a pool worker or a cluster actor) on its own event loop."""

    def __init__(self, settings: Settings | None = None, include: list[str] | None = None,
                 engine: str | None = None) -> None:
        from app.settings import get_settings

        self.settings = settings or get_settings()
        self.include = include
        self.engine = engine
        self.loop = asyncio.new_event_loop()

    def __call__(self, rows: list[Row]) -> list[dict[str, Any]]:
        """The output lines of `rows`, in their order."""
        async def chunk() -> list[dict[str, Any]]:  # concurrent: llm rows wait on the endpoint together
            return list(await asyncio.gather(*(analyze_row(r, self.settings, self.include, self.engine)
                                               for r in rows)))

        return self.loop.run_until_complete(chunk())


_worker: RowWorker | None = None


class InlineExecutor(Executor):
    """Runs each submitted call at once in the calling thread: in a worker process that does nothing but
    analyse rows, the hop to the service's CPU thread would be pure overhead."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiter, as a pool would
            future.set_exception(exc)
        return future


def init_worker(include: list[str] | None, engine: str | None) -> None:
    """Process-pool initializer: one RowWorker per process, CPU work inline."""
    global _worker
    from app.cpu import use_executor

    use_executor(InlineExecutor())
    _worker = RowWorker(include=include, engine=engine)


def init_pool_worker(include: list[str] | None, engine: str | None) -> None:
    """`init_worker` for a local process pool: the worker ignores SIGINT, so Ctrl-C (sent to the whole process
    group) interrupts only the parent, which cancels the chunks not started and keeps what was written; a worker
    interrupted mid-chunk would print its event loop's traceback instead."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_worker(include, engine)


def work_chunk(rows: list[Row]) -> list[Line]:
    """Process-pool (and cluster actor) task: a chunk of rows through this process's RowWorker, each line
    encoded here (`encode`), in the rows' order."""
    assert _worker is not None, "init_worker was not called"
    return [encode(line) for line in _worker(rows)]

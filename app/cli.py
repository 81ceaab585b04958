"""The `copydesk` command: a thin shell over app.service, like the API."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from app import service
from app.errors import CopydeskError
from app.models import AnalyzeRequest, VerifyRequest
from app.settings import get_settings

R = TypeVar("R", bound=BaseModel)


class CLIError(Exception):
    """A mistake on the command line: printed as one line, exit status 2."""


def read_article(path: str) -> str:
    """The file (or stdin for '-') as UTF-8 with no newline translation and without a leading byte order mark.

    A UTF-8 file that opens with a byte order mark (U+FEFF, which Notepad and spreadsheets write) is read as
    Python's utf-8-sig reads it: the mark is dropped, so offsets (code points) index the text an editor or a
    browser's TextDecoder shows, not one code point more. Only the first is dropped; one anywhere else is text.
    Raises CLIError for a directory, a missing file, or bytes that are not UTF-8 (the byte offset in the file).
    """
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if p.is_dir():
            raise CLIError(f"{path} is a directory, not a file")
        if not p.is_file():
            raise CLIError(f"no such file: {path}")
        data = p.read_bytes()
    try:
        return data.decode("utf-8").removeprefix("\ufeff")  # utf-8-sig, with the byte offsets of the whole file
    except UnicodeDecodeError as exc:
        raise CLIError(f"{'standard input' if path == '-' else path} is not UTF-8 text (byte {exc.start})") from None


def _port(value: str) -> int:
    """A TCP port, 0 to 65535; anything else is argparse's usage error (exit status 2), not a traceback."""
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port (0 to 65535)")
    return port


def _at_least(least: int) -> Callable[[str], int]:
    """An argparse type: a whole number >= `least`; anything else is a usage error (exit status 2), not a traceback."""
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = least - 1
        if number < least:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least {least}")
        return number

    return parse


def _validation_line(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "input"
    msg = str(err.get("msg", "")).removeprefix("Value error, ")
    if exc.title == "Settings":  # read from the environment: name the variable the user set
        name = where.upper() if where.upper().startswith(("COPYDESK_", "OPENAI_")) else f"COPYDESK_{where.upper()}"
        return f"invalid setting {name}: {msg}"
    return f"invalid input: {where}: {msg}"


def cmd_analyze(args: argparse.Namespace) -> int:
    text = read_article(args.path)
    as_html = args.html or args.path.lower().endswith((".html", ".htm"))
    request = AnalyzeRequest.model_validate({("html" if as_html else "text"): text, "engine": args.engine,
                                             "summary_words": args.summary_words, "include": args.include,
                                             "offset_unit": args.offset_unit, "title": args.title,
                                             "published_at": args.published_at})
    response = asyncio.run(service.analyze(request, get_settings()))
    from app.report import analysis_text

    return _emit(response, args.format, analysis_text)


def cmd_verify(args: argparse.Namespace) -> int:
    statements = list(args.statement or [])
    if args.statements:
        statements += [line.strip() for line in read_article(args.statements).splitlines() if line.strip()]
    if not statements:
        raise CLIError("give at least one --statement or a --statements file")
    sources = []
    for i, spec in enumerate(args.source):
        # ID=PATH splits at the first '=' (a path may hold one: 'story=4711.txt'); a spec that is itself a file is
        # a path, named by its stem
        named = "=" in spec and not Path(spec).is_file()
        sid, _, path = spec.partition("=") if named else (Path(spec).stem or f"source{i + 1}", "", spec)
        if not path:
            raise CLIError(f"--source {spec}: no file after '='")
        body = read_article(path)
        kind = "html" if path.lower().endswith((".html", ".htm")) else "text"
        sources.append({"id": sid, kind: body})
    request = VerifyRequest(statements=statements, sources=sources, engine=args.engine, offset_unit=args.offset_unit)
    response = asyncio.run(service.verify(request, get_settings()))
    from app.report import verify_text

    return _emit(response, args.format, verify_text)


def _emit(response: R, fmt: str, as_text: Callable[[R], str]) -> int:
    """Print exactly the API body (json) or the report for a person (text)."""
    print(response.model_dump_json(indent=2) if fmt == "json" else as_text(response))
    sys.stdout.flush()  # a closed pipe raises BrokenPipeError here, inside main's handler
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    # create_app sets up JSON logs (uvicorn's included) and writes its own access line per request.
    from app import cpu
    from app.api import create_app
    from app.server import uvicorn_options

    settings = get_settings()
    app = create_app(settings)
    workers = cpu.pool()
    if workers is not None:
        workers.prestart()  # the CPU workers start (and warm up) before the first request
    app.state.decisions.prepare()  # the decisions database, created and migrated at start (app/decisions)
    uvicorn.run(app, host=args.host, port=args.port, log_config=None, access_log=False,
                **uvicorn_options(settings))
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    from app.schemas import write_schemas

    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """`copydesk eval`: 0 when every gate passes, 1 when one falls short, 2 for bad input (CLIError)."""
    from app.evals import harness

    baseline = None
    if args.baseline:
        try:
            baseline = harness.load_baseline(Path(args.baseline))
        except ValueError as exc:
            raise CLIError(str(exc)) from None
    if args.jobs < 1:
        raise CLIError("--jobs must be at least 1")
    limits = {option: getattr(args, option, None) for option in harness.GATES}
    if args.rescore is not None:
        out = Path(args.rescore)
        try:
            report = harness.rescore(Path(args.fixtures), out, baseline=baseline, limits=limits,
                                     baseline_path=args.baseline)
        except FileNotFoundError as exc:
            raise CLIError(str(exc)) from None
    else:
        out = Path(args.out)
        report = harness.evaluate(Path(args.fixtures), args.engine, out, settings=get_settings(), jobs=args.jobs,
                                  progress=sys.stderr, baseline=baseline, limits=limits,
                                  baseline_path=args.baseline)
    print("\n".join(harness.result_lines(report, out)))
    for line in report["gates"]["failed"]:
        print(f"gate failed: {line}", file=sys.stderr)
    return 1 if report["gates"]["failed"] else 0


def cmd_batch(args: argparse.Namespace) -> int:
    from app.batch import BatchConfig, InputError, OutputError, run_batch

    if args.out is None:
        raise CLIError("give --out FILE: the JSON lines output (resumed when it exists)")
    config = BatchConfig(input=Path(args.input), output=Path(args.out), input_format=args.input_format,
                         engine=args.engine, include=args.include, jobs=args.jobs, concurrency=args.concurrency,
                         limit=args.limit, force=args.force, progress=args.progress, batch_api=args.batch_api,
                         batch_poll_s=args.batch_poll)
    if args.jobs is not None and args.jobs < 1:
        raise CLIError("--jobs must be at least 1")
    try:
        if args.ray is not None:
            from app.batch.cluster import run_batch_ray

            summary = run_batch_ray(config, get_settings(), address=args.ray or None, workers=args.jobs)
        else:
            summary = run_batch(config, get_settings())
    except (InputError, OutputError) as exc:
        raise CLIError(str(exc)) from None
    except Exception as exc:
        from app.batch.cluster import ClusterUnavailable
        from app.batch.openai_batch import BatchAPIError

        if isinstance(exc, BatchAPIError):
            raise CLIError(f"{exc} (rows answered so far are written; fix the cause and run the same command to "
                           "resume)") from None
        if isinstance(exc, ClusterUnavailable):
            raise CLIError(str(exc)) from None
        raise
    for line in summary.lines():
        print(line, file=sys.stderr)
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps(summary.as_dict(), indent=2) + "\n", encoding="utf-8")
    return 130 if summary.interrupted else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="copydesk", description="A newsroom copy desk: analyse and verify articles.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyze", help="summary, claims and contradictions of one article")
    p.add_argument("path", help="article file (.html is sent as HTML), or - for stdin")
    p.add_argument("--engine", choices=["offline", "llm"], default=None)
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--html", action="store_true", help="treat the input as HTML whatever its name")
    p.add_argument("--summary-words", type=int, default=120)
    p.add_argument("--include", nargs="+", choices=["summary", "claims", "contradictions"], default=None)
    p.add_argument("--offset-unit", choices=["codepoint", "utf16"], default="codepoint",
                   help="offsets in code points (Python) or UTF-16 code units (JavaScript); as the API's offset_unit")
    p.add_argument("--title", default=None, help="the headline, when the file holds only the body; as the API's title")
    p.add_argument("--published-at", default=None, metavar="DATE",
                   help="publication date (YYYY-MM-DD or an ISO 8601 date-time); as the API's published_at: the day "
                        "the dateline checks read the article from")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("verify", help="check statements against sources")
    p.add_argument("--source", action="append", required=True, metavar="[ID=]PATH",
                   help="a source file (repeatable); .html is read as HTML")
    p.add_argument("--statement", action="append", help="a statement to check (repeatable)")
    p.add_argument("--statements", metavar="PATH", help="a file with one statement per line")
    p.add_argument("--engine", choices=["offline", "llm"], default=None)
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--offset-unit", choices=["codepoint", "utf16"], default="codepoint",
                   help="evidence offsets in code points or UTF-16 code units; as the API's offset_unit")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("batch", help="analyse an archive: JSONL/CSV/Parquet rows in, JSON lines out, resumable")
    p.add_argument("input", help="rows with id and text or html (optional title, published_at, statements); - for "
                                 "JSONL on stdin")
    p.add_argument("--out", help="output JSON lines; an existing file is resumed (rows done are skipped)")
    p.add_argument("--input-format", choices=["jsonl", "csv", "parquet"], default=None,
                   help="default: from the input's suffix")
    p.add_argument("--engine", choices=["offline", "llm"], default=None)
    p.add_argument("--include", nargs="+", choices=["summary", "claims", "contradictions"], default=None)
    p.add_argument("--jobs", type=_at_least(1), default=None, help="offline worker processes (default: the cores)")
    p.add_argument("--concurrency", type=_at_least(1), default=None, help="llm: articles in flight (default: half of "
                                                                 "COPYDESK_LLM_CONCURRENCY)")
    p.add_argument("--limit", type=_at_least(0), default=None, help="read at most this many input rows")
    p.add_argument("--force", action="store_true", help="start the output anew instead of resuming it")
    p.add_argument("--progress", choices=["auto", "bar", "lines", "off"], default="auto")
    p.add_argument("--summary-json", metavar="PATH", help="also write the run's summary as JSON")
    p.add_argument("--batch-api", action="store_true", help="llm: send the calls through the OpenAI Batch API "
                                                            "(half price, within 24 h); resumable by batch id")
    p.add_argument("--batch-poll", type=float, default=10.0, metavar="S",
                   help="--batch-api: seconds before the first poll of a batch (doubling to 10 min)")
    p.add_argument("--ray", nargs="?", const="", default=None, metavar="ADDRESS",
                   help="run on Ray (a local instance, or the cluster at ADDRESS); needs the cluster extra")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("serve", help="start the HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("schemas", help="write the JSON Schemas of the public models")
    p.add_argument("--out", default="schemas")
    p.set_defaults(func=cmd_schemas)

    p = sub.add_parser("eval", help="score an engine on a folder of fixtures")
    p.add_argument("--fixtures", default="evals/fixtures")
    p.add_argument("--engine", choices=["offline", "llm"], default="offline")
    p.add_argument("--out", default="eval-out")
    p.add_argument("--jobs", type=_at_least(1), default=1)
    p.add_argument("--baseline", default=None, help="an earlier report.json to compare against")
    p.add_argument("--rescore", metavar="OUT", default=None,
                   help="score the responses saved in OUT/responses again (no engine call) and rewrite OUT/report.*")
    for gate in ("precision", "recall", "f1", "claim-recall", "speaker-accuracy", "key-point-coverage",
                 "verify-balanced-accuracy"):
        p.add_argument(f"--min-{gate}", type=float, default=None)
    p.add_argument("--max-false-alarm-rate", type=float, default=None)
    p.add_argument("--max-errors", type=_at_least(0), default=None, help="fail when more fixtures than this error out")
    p.set_defaults(func=cmd_eval)

    from app.decisions.cli import add_parsers

    add_parsers(sub)  # db upgrade|current, decisions export|report
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.func
    try:
        return command(args)
    except CLIError as exc:
        print(f"copydesk: error: {exc}", file=sys.stderr)
    except ValidationError as exc:
        print(f"copydesk: error: {_validation_line(exc)}", file=sys.stderr)
    except CopydeskError as exc:
        print(f"copydesk: error: {exc.detail}", file=sys.stderr)
    except UnicodeDecodeError:
        print("copydesk: error: the input is not UTF-8 text", file=sys.stderr)
    except KeyboardInterrupt:
        print("copydesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head -1`): stop quietly, as CLIs do. Point stdout at /dev/null so the
        # interpreter's own flush at exit cannot raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command killed by a closed pipe
    except OSError as exc:
        # A path the command cannot read or write (`--out` under a file, a folder it may not create):
        # one line, like any other bad input, not a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"copydesk: error: {where}{exc.strerror or exc}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

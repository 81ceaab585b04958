"""The batch's output file: one JSON line per input row, appended, resumable.

- A run appends whole lines, each written and flushed at once, so a crash or Ctrl-C leaves at most one
  partial last line; the next run cuts that partial line off before appending.
- Resuming: ids already in the output are skipped (and so are input lines already reported as
  unreadable, without an id, or a duplicate id, by their line number), except those whose row is a problem with status
  500 or more (an upstream failure, worth another try): those run again and their new line is appended
  after the old one (a reader keeps the last line of an id).
- Versions: every line names the engine, model, prompt hash and ruleset version (`meta` of an analysis,
  `versions` of a problem). A run whose versions differ from those in an existing output refuses to
  append (`VersionMismatch`) unless told to start the output anew (`force`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

VERSION_KEYS = ("engine", "model", "prompt_hash", "ruleset_version")


class OutputError(Exception):
    """The output cannot be used as asked (a directory, versions differ, not our format)."""


class VersionMismatch(OutputError):
    """The output was written by another engine, model, prompt or ruleset."""


@dataclass
class OutputState:
    """What an existing output already holds."""

    done: set[str] = field(default_factory=set)
    retry: set[str] = field(default_factory=set)
    done_lines: set[int] = field(default_factory=set)  # input lines reported without an id of their own
    versions: dict[str, Any] | None = None
    lines: int = 0
    truncated_bytes: int = 0


def row_versions(row: dict[str, Any]) -> dict[str, Any] | None:
    """The versions a written line names, or None for a line that names none (a row problem before any work)."""
    meta = row.get("meta") if isinstance(row.get("meta"), dict) else row.get("versions")
    if not isinstance(meta, dict):
        return None
    return {k: meta.get(k) for k in VERSION_KEYS}


def scan(path: Path) -> OutputState:
    """Read an existing output: its ids, its versions, and cut a partial last line (left by a crash)."""
    state = OutputState()
    if not path.exists():
        return state
    if path.is_dir():
        raise OutputError(f"{path} is a directory; --out takes a file")
    size = path.stat().st_size
    with open(path, "rb") as handle:
        good_end = 0
        for raw in handle:
            if not raw.endswith(b"\n"):
                break  # a partial last line
            try:
                row = json.loads(raw)
            except ValueError:
                raise OutputError(f"{path}: line {state.lines + 1} is not JSON; not a copydesk batch output "
                                  f"(use --force to overwrite it)") from None
            good_end += len(raw)
            state.lines += 1
            row_id = row.get("id") if isinstance(row, dict) else None
            if not isinstance(row, dict):
                raise OutputError(f"{path}: line {state.lines} is not a JSON object; not a copydesk batch output")
            versions = row_versions(row)
            if versions is not None and state.versions is None:
                state.versions = versions
            problem = row.get("problem")
            if row_id is None or (isinstance(problem, dict) and problem.get("type") == "duplicate-id"):
                if isinstance(row.get("line"), int):
                    state.done_lines.add(row["line"])
                continue
            if isinstance(problem, dict) and int(problem.get("status", 500)) >= 500:
                state.retry.add(row_id)
                state.done.discard(row_id)
            else:
                state.done.add(row_id)
                state.retry.discard(row_id)
    if good_end < size:
        with open(path, "r+b") as handle:
            handle.truncate(good_end)
        state.truncated_bytes = size - good_end
    return state


def check_versions(state: OutputState, expected: dict[str, Any], path: Path) -> None:
    """Raise VersionMismatch when the output was written under other versions than `expected`."""
    if state.versions is None:
        return
    differ = [k for k in VERSION_KEYS if state.versions.get(k) != expected.get(k)]
    if differ:
        said = ", ".join(f"{k} {state.versions.get(k)!r} there, {expected.get(k)!r} now" for k in differ)
        raise VersionMismatch(f"{path} was written with other versions ({said}); give a new --out, or --force "
                              f"to start it anew")


def encode_line(row: dict[str, Any]) -> bytes:
    """One output line as written: compact JSON, UTF-8 (not ASCII-escaped), ending in a newline. Pool workers
    encode their rows' lines themselves (app.batch.work), so the driver only writes bytes."""
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


class OutputWriter:
    """Appends whole JSON lines to the output and flushes each one."""

    def __init__(self, path: Path, *, fresh: bool) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle: IO[bytes] = open(path, "wb" if fresh else "ab")

    def write(self, row: dict[str, Any]) -> None:
        """One line, written in one call and flushed."""
        self.write_encoded(encode_line(row))

    def write_encoded(self, data: bytes) -> None:
        """One line already encoded by `encode_line`, written in one call and flushed."""
        self._handle.write(data)
        self._handle.flush()

    def close(self) -> None:
        """Flush to disk and close."""
        if not self._handle.closed:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()

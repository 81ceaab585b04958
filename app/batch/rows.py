"""Reading a batch's input: one article per row from JSONL, CSV or Parquet.

A row is `{"id": "...", "text": "..."}` or `{"id": "...", "html": "..."}` with optional `title`,
`published_at`, `summary_words`, `include` and `statements` (a list of strings, or one string per
line in CSV). Rows are read lazily, one at a time, so an archive of any size streams through in
constant memory.

A line that cannot be read is not an exception: it becomes a `Row` whose `problem` says why, and the
batch writes that problem to the output and goes on.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from app.errors import json_fault

#: the fields a row may carry besides `id`; anything else is reported, not silently dropped
ROW_FIELDS = frozenset({"text", "html", "title", "published_at", "summary_words", "include", "statements",
                        "engine"})


@dataclass
class Row:
    """One input row. `line` is 1-based (the CSV header is line 1); `problem` is set for an unreadable row."""

    line: int
    id: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    problem: dict[str, Any] | None = None


class InputError(Exception):
    """The input as a whole cannot be read (missing file, unknown format): the batch does not start."""


def input_format(path: Path, declared: str | None = None) -> str:
    """`jsonl`, `csv` or `parquet`, from `declared` or the file's suffix (`.jsonl`, `.json`, `.ndjson`,
    `.csv`, `.parquet`; a trailing `.gz` is allowed for JSONL and CSV). Raises InputError otherwise."""
    if declared:
        return declared
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in (".jsonl", ".json", ".ndjson"):
        return "jsonl"
    if last in (".csv",):
        return "csv"
    if last in (".parquet", ".pq"):
        return "parquet"
    raise InputError(f"{path}: cannot tell the format from the name; give --input-format jsonl|csv|parquet")


def check_input(path: Path, fmt: str | None = None) -> str:
    """The input's format, or InputError when it is a directory, missing, or of an unknown format."""
    if str(path) == "-":
        return "jsonl"
    if path.is_dir():
        raise InputError(f"{path} is a directory, not an input file")
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    return input_format(path, fmt)


def read_rows(path: Path, fmt: str | None = None) -> Iterator[Row]:
    """The rows of `path` (or standard input for `-`, read as JSONL), one at a time.

    Raises InputError when the file is missing or its format unknown; a bad row is yielded with its problem.
    """
    if str(path) == "-":
        yield from _jsonl_rows(sys.stdin)
        return
    kind = check_input(path, fmt)
    if kind == "parquet":
        yield from _parquet_rows(path)
        return
    opener = _open_gz if path.suffix.lower() == ".gz" else _open_text
    with opener(path) as handle:
        yield from (_jsonl_rows(handle) if kind == "jsonl" else _csv_rows(handle))


# utf-8-sig: UTF-8 that drops a leading byte order mark (U+FEFF), which spreadsheets' "CSV UTF-8" and Windows
# editors write; read as UTF-8 it would open the first row's JSON or the CSV header's first name ('\ufeffid')
def _open_text(path: Path) -> TextIO:
    return open(path, encoding="utf-8-sig", errors="strict", newline="")


def _open_gz(path: Path) -> TextIO:
    import gzip

    return gzip.open(path, "rt", encoding="utf-8-sig", newline="")


def _jsonl_rows(handle: TextIO) -> Iterator[Row]:
    line_no = 0
    while True:
        line_no += 1
        try:
            line = handle.readline()
        except UnicodeDecodeError as exc:
            yield Row(line_no, None, problem=problem("malformed-row", f"line {line_no} is not UTF-8 ({exc.reason})"))
            continue
        if not line:
            return
        if line_no == 1:
            line = line.removeprefix("\ufeff")  # standard input may still carry the byte order mark
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):  # JSONDecodeError, a number past the digit limit, deep nesting
            detail, error = json_fault(line) or ("not JSON", {"msg": "not JSON"})
            # the API's wording (app.errors.json_fault), with the row's line in place of the body's
            reason = f"{error['msg']} at column {error['column']}" if "column" in error else detail
            yield Row(line_no, None, problem=problem("malformed-row", f"line {line_no} is not JSON: {reason}"))
            continue
        yield _row(line_no, data)


def _csv_rows(handle: TextIO) -> Iterator[Row]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # an article is one (large) field
    reader = csv.DictReader(handle)
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            yield Row(reader.line_num, None, problem=problem("malformed-row", f"line {reader.line_num}: {exc}"))
            continue
        data: dict[str, Any] = {k: v for k, v in record.items() if k is not None and v not in (None, "")}
        if None in record:
            yield Row(reader.line_num, _str_id(data.get("id")), problem=problem(
                "malformed-row", f"line {reader.line_num} has more fields than the header"))
            continue
        if isinstance(data.get("statements"), str):
            data["statements"] = [s.strip() for s in data["statements"].splitlines() if s.strip()]
        if isinstance(data.get("include"), str):
            data["include"] = [p.strip() for p in data["include"].replace(";", ",").split(",") if p.strip()]
        if isinstance(data.get("summary_words"), str) and data["summary_words"].strip().isdigit():
            data["summary_words"] = int(data["summary_words"])
        yield _row(reader.line_num, data)


def _parquet_rows(path: Path) -> Iterator[Row]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading Parquet needs pyarrow (pip install 'copydesk[cluster]')") from None
    line_no = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=256):
        for record in batch.to_pylist():
            line_no += 1
            yield _row(line_no, {k: v for k, v in record.items() if v is not None})


def _str_id(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        text = str(value).strip()
        return text or None
    return None


def _row(line_no: int, data: Any) -> Row:
    if not isinstance(data, dict):
        return Row(line_no, None, problem=problem("malformed-row", f"line {line_no} is not a JSON object"))
    row_id = _str_id(data.get("id"))
    if row_id is None:
        return Row(line_no, None, problem=problem("missing-id", f"line {line_no} has no 'id' (a string or integer)"))
    unknown = sorted(set(data) - ROW_FIELDS - {"id"})
    fields = {k: v for k, v in data.items() if k in ROW_FIELDS}
    if unknown:
        return Row(line_no, row_id, fields, problem=problem(
            "validation-error", f"unknown field(s) {', '.join(unknown)}; a row may carry id, "
            f"{', '.join(sorted(ROW_FIELDS))}"))
    return Row(line_no, row_id, fields)


def problem(kind: str, detail: str, status: int = 422, title: str | None = None,
            errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A problem object for one row, shaped like the API's problem+json (`type`, `title`, `status`, `detail`)."""
    out: dict[str, Any] = {"type": kind, "title": title or _TITLES.get(kind, kind.replace("-", " ").capitalize()),
                           "status": status, "detail": detail}
    if errors:
        out["errors"] = errors
    return out


_TITLES = {
    "malformed-row": "Malformed row",
    "missing-id": "Row without an id",
    "duplicate-id": "Duplicate id",
    "validation-error": "Invalid row",
}

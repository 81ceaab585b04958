"""`copydesk db ...` (migrations) and `copydesk decisions ...` (export, acceptance report)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.errors import InvalidInput
from app.settings import get_settings


def _store() -> Any:
    from app.decisions.store import Store

    return Store.from_settings(get_settings())


def cmd_db(args: argparse.Namespace) -> int:
    """Migrate (upgrade), or print the database's revision (current).

    A URL that does not parse, a database that cannot be reached and an unknown --revision raise
    InvalidInput (`copydesk: error: ...`, exit 2), naming the URL without its password."""
    from alembic.util import CommandError
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from app.decisions import db

    settings = get_settings()
    url = db.database_url(settings)
    try:
        engine = db.make_engine(url)
    except ArgumentError:
        raise InvalidInput(f"COPYDESK_DATABASE_URL is not a database URL ({db.redacted(url)})") from None
    try:
        if args.action == "upgrade":
            db.upgrade(engine, args.revision)
        print(f"{db.redacted(url)}: revision {db.current_revision(engine) or 'none'}")
    except CommandError as exc:  # Alembic's own: an unknown --revision, say
        raise InvalidInput(f"{db.redacted(url)}: {exc}") from None
    except (SQLAlchemyError, OSError) as exc:  # unreachable, refused, no such file: one line, never the password
        cause = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__]
        raise InvalidInput(f"the decisions database {db.redacted(url)} cannot be used: {cause[0]}") from None
    finally:
        engine.dispose()
    return 0


def cmd_decisions(args: argparse.Namespace) -> int:
    """Export every decision (all tenants, or one), or print the acceptance report."""
    from app.decisions import report
    from app.decisions.routes import export_text

    fmt = args.format or ("jsonl" if args.action == "export" else "text")
    if fmt not in (("jsonl", "csv") if args.action == "export" else ("text", "json")):
        raise InvalidInput(f"decisions {args.action} has no --format {fmt}")  # copydesk: error: ..., exit 2
    store = _store()
    try:
        decisions = store.export(args.tenant)
    finally:
        store.dispose()
    if args.action == "report":
        result = report.acceptance(decisions)
        print(json.dumps(result, indent=2) if fmt == "json" else "\n".join(report.lines(result)))
        return 0
    text = export_text(decisions, "csv" if fmt == "csv" else "jsonl")
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {len(decisions)} decisions to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def add_parsers(sub: Any) -> None:
    """The `db` and `decisions` subcommands."""
    p = sub.add_parser("db", help="the decisions database: migrate it (upgrade) or show its revision (current)")
    p.add_argument("action", choices=["upgrade", "current"])
    p.add_argument("--revision", default="head", help="the Alembic revision to upgrade to (default head)")
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("decisions", help="editors' decisions: export them, or report acceptance rates")
    p.add_argument("action", choices=["export", "report"])
    p.add_argument("--format", choices=["jsonl", "csv", "text", "json"], default=None,
                   help="export: jsonl (default) or csv; report: text (default) or json")
    p.add_argument("--out", default=None, help="export: write to this file instead of stdout")
    p.add_argument("--tenant", default=None, help="only this tenant ('shared', or key:<digest prefix>)")
    p.set_defaults(func=cmd_decisions)

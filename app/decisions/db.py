"""The decisions database: tables (SQLAlchemy 2 Core), engines and Alembic migrations.

Where: `COPYDESK_DATABASE_URL` when set (e.g. `postgresql+psycopg://user:pw@host/copydesk`), else a
SQLite file `copydesk.sqlite3` under `COPYDESK_DATA_DIR` (default `./data`, created when needed).
SQLite runs in WAL mode with `synchronous=NORMAL` (a commit survives a crash of the process; the last
commits may be lost on power loss) and every transaction takes the write lock up front (`BEGIN
IMMEDIATE`), so two writers wait for each other (busy timeout 5 s) instead of failing.

No article text is stored: only article keys (the CMS's ids), fingerprints, kinds, check names, span
hashes, and what the editors wrote (decision, correction, note).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    text,
)

from app.settings import Settings

SQLITE_FILE = "copydesk.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_ADVISORY_LOCK = 0x436F70794465736B  # "CopyDesk": one migrating replica at a time on PostgreSQL

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s",
})

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("article_key", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("analyzed_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("tenant", "article_key"),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("found_by", String(200), nullable=False),
    Column("span_hashes", JSON, nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    UniqueConstraint("article_id", "fingerprint"),
)

decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("decision", String(12), nullable=False),
    Column("correction", JSON, nullable=True),
    Column("note", Text, nullable=True),
    Column("kind", String(20), nullable=True),
    Column("found_by", String(200), nullable=True),
    Column("span_hashes", JSON, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("decided_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("revision", Integer, nullable=False),
    UniqueConstraint("article_id", "fingerprint"),
)

idempotency_keys = Table(
    "idempotency_keys", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("key", String(200), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("decision_id", Integer, ForeignKey("decisions.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("tenant", "key"),
)


def now() -> dt.datetime:
    """The clock, in UTC, to the millisecond."""
    moment = dt.datetime.now(dt.UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def utc(value: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC datetime (SQLite gives naive ones back)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def database_url(settings: Settings) -> str:
    """The configured URL, or the SQLite file under the data directory."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{Path(settings.data_dir).expanduser().resolve() / SQLITE_FILE}"


def redacted(url: str) -> str:
    """The URL without its password, for logs and messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is named by its scheme only
        return url.split(":", 1)[0] + ":…"


def make_engine(url: str) -> Engine:
    """An engine for the URL: SQLite (its directory created) or a server database with short timeouts."""
    if url.startswith("sqlite"):
        from sqlalchemy.engine import make_url

        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 5, "check_same_thread": False})
        _sqlite_pragmas(engine)
        return engine
    connect_args: dict[str, Any] = {}
    if url.startswith("postgresql"):
        connect_args = {"connect_timeout": 3, "options": "-c statement_timeout=5000"}
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, pool_timeout=3,
                         connect_args=connect_args)


def _sqlite_pragmas(engine: Engine) -> None:
    # SQLAlchemy's recipe for SQLite transactions it controls (pysqlite's own are disabled), with the
    # write lock taken at BEGIN so that a read-then-write transaction never deadlocks another writer.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=5000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


_migrate_lock = threading.Lock()


def alembic_config(url: str) -> Any:
    """The Alembic Config of the package's migrations for a database URL."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to `revision` (on PostgreSQL under an advisory lock: replicas take turns)."""
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with _migrate_lock, engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The database's Alembic revision, or None before the first migration."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()

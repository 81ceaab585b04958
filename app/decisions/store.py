"""Recording and reading decisions, per tenant, through SQLAlchemy (sync; the API calls it in a thread).

A tenant is the API key's client id (`key:<digest prefix>`, see app.auth) or, when no key is configured,
the one shared tenant `shared`. Every query is scoped to the tenant: one newsroom never reads, nor
learns of, another's articles or decisions.

Semantics:
- an article is known to a tenant once it was analysed with `article_key` under that tenant's key;
  a decision for an article the tenant has not analysed is ArticleNotFound (404): the same answer
  whether or not another tenant has an article of that key;
- one row per (article, fingerprint): the latest decision wins, its `revision` counts changes of mind;
  posting the same decision again changes nothing (idempotent without a header too);
- an Idempotency-Key is remembered per tenant: the same key with the same body answers the stored
  decision, with another body IdempotencyKeyReused (422, as the IETF Idempotency-Key draft says);
- a fingerprint never analysed here is stored all the same (it may come from another engine version),
  with the kind and check the client gave, if any.

A database that cannot be reached raises DatabaseUnavailable (503, `Retry-After`); for RETRY_AFTER_S
seconds after such a failure calls fail at once rather than wait on connect timeouts again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import JSON, Connection, DateTime, Engine, bindparam, select, text
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from app.decisions import db
from app.decisions.fingerprint import FindingRecord
from app.errors import CopydeskError
from app.models import Decision, DecisionRequest
from app.settings import Settings

R = TypeVar("R")

log = logging.getLogger("copydesk.decisions")
RETRY_AFTER_S = 5
SHARED_TENANT = "shared"


class DatabaseUnavailable(CopydeskError):
    """The decisions database cannot be reached (or migrated)."""

    status, type, title = 503, "database-unavailable", "Decisions database unavailable"


class ArticleNotFound(CopydeskError):
    """No article of that key was analysed under this API key."""

    status, type, title = 404, "article-not-found", "Article not found"


class IdempotencyKeyReused(CopydeskError):
    """An Idempotency-Key sent again with a different request."""

    status, type, title = 422, "idempotency-key-reused", "Idempotency key reused"


def tenant_of(client_id: str | None) -> str:
    """The tenant of a client id: the key's id, or the shared tenant when the API is open."""
    return client_id if client_id and client_id.startswith("key:") else SHARED_TENANT


def _hash(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _insert(connection: Connection, table: Any) -> Any:
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


class Store:
    """The decisions database of one process: an engine made, and migrated, on first use."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._ready = False
        self._down_until = 0.0
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        """The store of COPYDESK_DATABASE_URL, or of the SQLite file under COPYDESK_DATA_DIR."""
        return cls(db.database_url(settings))

    @property
    def engine(self) -> Engine:
        """The engine, migrated to the latest revision (once per process)."""
        with self._lock:
            if self._engine is None:
                self._engine = db.make_engine(self.url)
            if not self._ready:
                db.upgrade(self._engine)
                self._ready = True
            return self._engine

    def prepare(self) -> bool:
        """Create and migrate the database now (at server start); a failure is logged, not raised: the
        analysis answers without decisions until the database is back."""
        try:
            self._run(lambda _connection: None)
        except DatabaseUnavailable:
            return False
        log.info("decisions database ready: %s", db.redacted(self.url))
        return True

    def dispose(self) -> None:
        """Close the pool (tests, shutdown)."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine, self._ready = None, False

    def _run(self, work: Callable[..., R], *args: Any) -> R:
        """work(connection, *args) in one transaction; an unreachable database becomes DatabaseUnavailable."""
        wait = self._down_until - time.monotonic()
        if wait > 0:
            raise DatabaseUnavailable("the decisions database did not answer; try again shortly",
                                      headers={"Retry-After": str(max(1, round(wait)))})
        try:
            with self.engine.begin() as connection:
                return work(connection, *args)
        except CopydeskError:
            raise
        except IntegrityError:
            raise
        except (OperationalError, InterfaceError, PoolTimeout, OSError) as exc:
            self._down_until = time.monotonic() + RETRY_AFTER_S
            log.warning("decisions database unavailable (%s): %s", db.redacted(self.url), type(exc).__name__)
            raise DatabaseUnavailable("the decisions database did not answer; try again shortly",
                                      headers={"Retry-After": str(RETRY_AFTER_S)}) from None

    # -- analysis ---------------------------------------------------------------------------------

    def remember_analysis(self, tenant: str, article_key: str,
                          findings: Iterable[FindingRecord]) -> dict[str, Decision]:
        """Register the article and its findings (no text); return its decisions by fingerprint."""
        return self._run(self._remember, tenant, article_key, list(findings))

    @staticmethod
    def _remember(connection: Connection, tenant: str, article_key: str,
                  records: list[FindingRecord]) -> dict[str, Decision]:
        moment = db.now()
        stmt = _insert(connection, db.articles).values(tenant=tenant, article_key=article_key, created_at=moment,
                                                       analyzed_at=moment)
        stmt = stmt.on_conflict_do_update(index_elements=["tenant", "article_key"], set_={"analyzed_at": moment})
        connection.execute(stmt)
        article_id = _article_id(connection, tenant, article_key)
        if records:
            insert = _insert(connection, db.findings)
            upsert = insert.on_conflict_do_update(
                index_elements=["article_id", "fingerprint"],
                set_={"kind": insert.excluded.kind, "found_by": insert.excluded.found_by,
                      "span_hashes": insert.excluded.span_hashes, "last_seen": insert.excluded.last_seen})
            connection.execute(upsert, [
                {"article_id": article_id, "fingerprint": r.fingerprint, "kind": r.kind, "found_by": r.found_by,
                 "span_hashes": list(r.span_hashes), "first_seen": moment, "last_seen": moment} for r in records])
        rows = connection.execute(_decision_query().where(db.decisions.c.article_id == article_id)).all()
        return {row.fingerprint: _decision(row) for row in rows}

    # -- decisions --------------------------------------------------------------------------------

    def decide(self, tenant: str, request: DecisionRequest,
               idempotency_key: str | None = None) -> tuple[Decision, bool, bool]:
        """Record one decision: (the stored decision, created a new row, replayed an Idempotency-Key)."""
        return self._run(self._decide, tenant, request, idempotency_key)

    @staticmethod
    def _decide(connection: Connection, tenant: str, request: DecisionRequest,
                idempotency_key: str | None) -> tuple[Decision, bool, bool]:
        article_id = _article_id(connection, tenant, request.article_key)
        if article_id is None:
            raise ArticleNotFound(f"no article {request.article_key!r} was analysed with this API key; analyse it "
                                  "with article_key first")
        correction = request.correction.model_dump(exclude_unset=True) if request.correction else None
        content = {"decision": request.decision, "correction": correction, "note": request.note}
        request_hash = _hash({**content, "article_key": request.article_key, "fingerprint": request.fingerprint,
                              "kind": request.kind, "found_by": request.found_by})
        if idempotency_key is not None:
            seen = connection.execute(_KEY_QUERY, {"tenant": tenant, "key": idempotency_key}).first()
            if seen is not None:
                if seen.request_hash != request_hash:
                    raise IdempotencyKeyReused("this Idempotency-Key was used with another request; send a new key "
                                               "for a new decision")
                row = connection.execute(select(*_ROW).where(db.decisions.c.id == seen.decision_id)).one()
                return _decision(row, request.article_key), False, True
        finding = connection.execute(_FINDING_QUERY, {"article_id": article_id,
                                                      "fingerprint": request.fingerprint}).first()
        moment = db.now()
        params = {"article_id": article_id, "fingerprint": request.fingerprint, "decision": request.decision,
                  "correction": correction, "note": request.note,
                  "kind": finding.kind if finding else request.kind,
                  "found_by": finding.found_by if finding else request.found_by,
                  "span_hashes": list(finding.span_hashes) if finding else [], "content_hash": _hash(content),
                  "decided_by": tenant, "created_at": moment, "decided_at": moment, "revision": 1}
        changed = connection.execute(_statements(connection).upsert, params).first()
        if changed is not None:
            row, created = changed, changed.revision == 1
        else:  # the same decision again: one row, unchanged
            row = connection.execute(_SAME_QUERY, {"article_id": article_id,
                                                   "fingerprint": request.fingerprint}).one()
            created = False
        if idempotency_key is not None:
            connection.execute(_statements(connection).remember_key, {
                "tenant": tenant, "key": idempotency_key, "request_hash": request_hash, "decision_id": row.id,
                "created_at": moment})
        return _decision(row, request.article_key), created, False

    def for_article(self, tenant: str, article_key: str) -> list[Decision]:
        """The article's decisions, oldest first; ArticleNotFound when the tenant has no such article."""
        return self._run(self._for_article, tenant, article_key)

    @staticmethod
    def _for_article(connection: Connection, tenant: str, article_key: str) -> list[Decision]:
        article_id = _article_id(connection, tenant, article_key)
        if article_id is None:
            raise ArticleNotFound(f"no article {article_key!r} was analysed with this API key")
        rows = connection.execute(_decision_query().where(db.decisions.c.article_id == article_id)
                                  .order_by(db.decisions.c.created_at, db.decisions.c.id)).all()
        return [_decision(row) for row in rows]

    def export(self, tenant: str | None) -> list[Decision]:
        """Every decision of a tenant (None: of every tenant, for the operator's CLI), by article then age."""
        return self._run(self._export, tenant)

    @staticmethod
    def _export(connection: Connection, tenant: str | None) -> list[Decision]:
        query = _decision_query()
        if tenant is not None:
            query = query.where(db.articles.c.tenant == tenant)
        rows = connection.execute(query.order_by(db.articles.c.article_key, db.decisions.c.created_at,
                                                 db.decisions.c.id)).all()
        return [_decision(row) for row in rows]


_ARTICLE_QUERY = select(db.articles.c.id).where(db.articles.c.tenant == bindparam("tenant"),
                                                db.articles.c.article_key == bindparam("article_key"))
_KEY_QUERY = select(db.idempotency_keys.c.request_hash, db.idempotency_keys.c.decision_id).where(
    db.idempotency_keys.c.tenant == bindparam("tenant"), db.idempotency_keys.c.key == bindparam("key"))
_FINDING_QUERY = select(db.findings.c.kind, db.findings.c.found_by, db.findings.c.span_hashes).where(
    db.findings.c.article_id == bindparam("article_id"), db.findings.c.fingerprint == bindparam("fingerprint"))
_ROW = (db.decisions.c.id, db.decisions.c.fingerprint, db.decisions.c.decision, db.decisions.c.correction,
        db.decisions.c.note, db.decisions.c.kind, db.decisions.c.found_by, db.decisions.c.span_hashes,
        db.decisions.c.decided_by, db.decisions.c.decided_at, db.decisions.c.created_at, db.decisions.c.revision)
_SAME_QUERY = select(*_ROW).where(db.decisions.c.article_id == bindparam("article_id"),
                                  db.decisions.c.fingerprint == bindparam("fingerprint"))


@dataclass(frozen=True)
class _Statements:
    upsert: Any
    remember_key: Any


_COLUMNS = ("article_id", "fingerprint", "decision", "correction", "note", "kind", "found_by", "span_hashes",
            "content_hash", "decided_by", "created_at", "decided_at", "revision")


@lru_cache(maxsize=1)
def _statements_of(_dialect: str) -> _Statements:
    """The write statements, as SQL that SQLite (3.35+) and PostgreSQL both speak. Written out because
    SQLAlchemy does not cache the compiled form of its INSERT ... ON CONFLICT constructs: built per request,
    they cost ~8 ms of compiling each; as text they compile once."""
    typed = [bindparam("correction", type_=JSON), bindparam("span_hashes", type_=JSON),
             bindparam("created_at", type_=DateTime(timezone=True)),
             bindparam("decided_at", type_=DateTime(timezone=True))]
    updated = ", ".join(f"{c} = excluded.{c}" for c in ("decision", "correction", "note", "content_hash",
                                                        "decided_by", "decided_at"))
    upsert = text(
        f"INSERT INTO decisions ({', '.join(_COLUMNS)}) VALUES ({', '.join(':' + c for c in _COLUMNS)}) "
        f"ON CONFLICT (article_id, fingerprint) DO UPDATE SET {updated}, "
        "kind = COALESCE(excluded.kind, decisions.kind), found_by = COALESCE(excluded.found_by, decisions.found_by), "
        "revision = decisions.revision + 1 WHERE decisions.content_hash <> excluded.content_hash "
        f"RETURNING {', '.join(c.name for c in _ROW)}"
    ).bindparams(*typed).columns(*_ROW)
    remember_key = text(
        "INSERT INTO idempotency_keys (tenant, key, request_hash, decision_id, created_at) "
        "VALUES (:tenant, :key, :request_hash, :decision_id, :created_at) ON CONFLICT (tenant, key) DO NOTHING"
    ).bindparams(bindparam("created_at", type_=DateTime(timezone=True)))
    return _Statements(upsert, remember_key)


def _statements(connection: Connection) -> _Statements:
    return _statements_of(connection.dialect.name)


def _article_id(connection: Connection, tenant: str, article_key: str) -> int | None:
    return connection.execute(_ARTICLE_QUERY, {"tenant": tenant, "article_key": article_key}).scalar_one_or_none()


def _decision_query() -> Any:
    d, a = db.decisions, db.articles
    return select(a.c.article_key, d.c.fingerprint, d.c.decision, d.c.correction, d.c.note, d.c.kind, d.c.found_by,
                  d.c.span_hashes, d.c.decided_by, d.c.decided_at, d.c.created_at, d.c.revision).join(
        a, a.c.id == d.c.article_id)


def _decision(row: Any, article_key: str | None = None) -> Decision:
    return Decision(article_key=article_key if article_key is not None else row.article_key, fingerprint=row.fingerprint, decision=row.decision,
                    correction=row.correction, note=row.note, kind=row.kind, found_by=row.found_by,
                    span_hashes=list(row.span_hashes or []), decided_by=row.decided_by,
                    decided_at=db.utc(row.decided_at), created_at=db.utc(row.created_at), revision=row.revision)

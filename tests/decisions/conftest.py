"""Fixtures of the decisions tests: a database URL per backend (SQLite always, PostgreSQL when installed)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from tests.decisions.postgres import PostgresServer, binaries, reap_orphans

_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test session (skipped, or failed under COPYDESK_REQUIRE_POSTGRES=1, when
    it cannot be had)."""
    required = os.environ.get("COPYDESK_REQUIRE_POSTGRES") == "1"
    bindir = binaries()
    if bindir is None:
        message = ("PostgreSQL is not installed: `make postgres` installs Debian's postgresql package "
                   "(`make test-postgres` runs these tests with it)")
        if required:
            pytest.fail(message)
        pytest.skip(message)
    reap_orphans(bindir)  # servers left by runs that were killed before their teardown
    server = PostgresServer(bindir)
    try:
        server.start()
    except (RuntimeError, OSError) as exc:
        server.stop()
        if required:
            pytest.fail(f"PostgreSQL could not be started: {exc}")
        pytest.skip(f"PostgreSQL could not be started: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """An empty database of each backend: a SQLite file in tmp_path, or a new database on the test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'decisions.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database(f"copydesk_test_{os.getpid()}_{next(_names)}")

"""A real PostgreSQL server for the tests: initdb into a temporary folder, started on a free loopback port.

Debian's `postgresql` package provides the binaries (`make postgres` installs it when missing); they are
looked up on PATH, then in /usr/lib/postgresql/<version>/bin. PostgreSQL refuses to run as root, so
under root the server runs as the `postgres` user (or `nobody`). Nothing here mocks a database.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """The folder with initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


PREFIX = "copydesk-pg-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_orphans(bindir: Path) -> list[str]:
    """Stop and remove the servers of test runs that died without their teardown (killed, say): each server's
    folder names the test process that owns it; one whose owner is gone is stopped (`pg_ctl -m immediate`)."""
    reaped = []
    for root in Path("/tmp" if os.geteuid() == 0 else tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            owner = int((root / "owner.pid").read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        if (root / "data" / "postmaster.pid").exists():
            command = [str(bindir / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "-w", "stop"]
            if os.geteuid() == 0:
                command = ["runuser", "-u", root.owner(), "--", *command]
            subprocess.run(command, capture_output=True, timeout=60, check=False)
        shutil.rmtree(root, ignore_errors=True)
        reaped.append(str(root))
    return reaped


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One throwaway cluster: `start()`, `url(database)`, `create_database(name)`, `stop()`."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        # under root the server runs as another user, who must reach the folder: /tmp, never a private TMPDIR
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX, dir="/tmp" if os.geteuid() == 0 else None))
        (self.root / "owner.pid").write_text(str(os.getpid()))  # see reap_orphans
        self.data = self.root / "data"
        self.port = _free_port()
        self.user: str | None = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    entry = pwd.getpwnam(name)
                except KeyError:
                    continue
                self.user = name
                os.chown(self.root, entry.pw_uid, entry.pw_gid)
                break

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> None:
        """initdb (trust auth, loopback only) and start; raises RuntimeError with the server's words."""
        done = self._run("initdb", "-D", str(self.data), "-U", "copydesk", "--auth=trust", "-E", "UTF8",
                         "--no-sync", "--locale=C")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-500:]}")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
        done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options,
                         "-w", "-t", "60", "start")
        if done.returncode:
            log = (self.root / "server.log").read_text(errors="replace")[-800:] if (self.root / "server.log").exists() \
                else ""
            raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()[-300:]} {log}")

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL of a database on this server (psycopg 3)."""
        return f"postgresql+psycopg://copydesk@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """CREATE DATABASE name; its URL."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=copydesk dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def restart(self) -> None:
        """Stop and start the server (the data stays)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options,
                         "-w", "-t", "60", "start")
        if done.returncode:
            raise RuntimeError(f"pg_ctl restart failed: {done.stderr.strip()[-300:]}")

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

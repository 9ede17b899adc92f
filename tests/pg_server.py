"""A real PostgreSQL server for the tests: started once per run in a temporary folder, stopped at its end.

No mock of the engine: the tests of the shared library (issue 20) talk to the same
``postgres`` binary a team's IT runs. ``scripts/test.sh`` installs Debian's
``postgresql`` package; this module finds its programs (``pg_config --bindir``, else
``/usr/lib/postgresql/<newest>/bin``), makes a throwaway cluster with ``initdb`` in a
temporary folder, and starts it listening on a Unix socket in that folder and on a
free loopback port (for the tests that need TCP, such as password sign-in).

The cluster is built for tests, not for keeping: ``fsync=off`` and no full-page
writes (a crash loses nothing a test needs), small buffers. Each test that asks gets a
database of its own (``PostgresServer.new_database``), so tests never see each other's
rows.

PostgreSQL refuses to run as root. When the tests run as root (CI's containers), the
cluster belongs to the ``postgres`` user the Debian package creates, and its programs are
run as that user with ``runuser``.

Where no server can be started, ``available()`` says why: a test then skips, unless
``DRAFTER_REQUIRE_POSTGRES=1`` (set by ``scripts/test.sh``) turns that into a failure, so
CI can never pass by skipping the shared-library tests.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

#: The superuser the tests connect as (it creates each test's database and the roles tests need).
SUPERUSER = "drafter_admin"
#: Its password, for connections over TCP (which use SCRAM); the socket trusts local users.
SUPERUSER_PASSWORD = "test-only-admin-password"


def _bindir() -> Path | None:
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10)
            candidate = Path(out.stdout.strip())
            if (candidate / "initdb").exists():
                return candidate
        except (OSError, subprocess.SubprocessError):
            pass
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        versions = sorted((p for p in root.iterdir() if (p / "bin" / "initdb").exists()), key=lambda p: p.name)
        if versions:
            return versions[-1] / "bin"
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user() -> list[str]:
    """The prefix that runs a program as the cluster's owner (``runuser -u postgres --`` when root)."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class PostgresServer:
    bindir: Path
    folder: Path
    port: int
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    # -- URLs ------------------------------------------------------------------------------

    def url(self, database: str = "postgres", *, user: str = SUPERUSER, password: str | None = None,
            tcp: bool = False) -> str:
        """A SQLAlchemy URL (``postgresql+psycopg://``) for ``database`` on this server.

        Built with ``URL.create`` so that no part of it is pasted into a string.
        """
        from sqlalchemy import URL

        if tcp:
            return URL.create("postgresql+psycopg", username=user, password=password, host="127.0.0.1",
                              port=self.port, database=database).render_as_string(hide_password=False)
        return URL.create("postgresql+psycopg", username=user, password=password, database=database,
                          query={"host": str(self.socket_dir), "port": str(self.port)}
                          ).render_as_string(hide_password=False)

    def connect_admin(self, database: str = "postgres"):  # type: ignore[no-untyped-def]
        """A psycopg connection as the superuser, in autocommit (for CREATE DATABASE, roles)."""
        import psycopg

        return psycopg.connect(host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname=database,
                               autocommit=True)

    def new_database(self, prefix: str = "t") -> str:
        """Create an empty database for one test and return its name."""
        from psycopg import sql

        name = f"{prefix}_{os.getpid()}_{next(self._counter)}"
        with self.connect_admin() as con:
            con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        from psycopg import sql

        with self.connect_admin() as con:
            con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    # -- life ------------------------------------------------------------------------------

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*_as_server_user(), *args], capture_output=True, text=True, timeout=120,
                              check=False)

    def start(self) -> None:
        self.socket_dir.mkdir()
        pwfile = self.folder / "pw"
        pwfile.write_text(SUPERUSER_PASSWORD + "\n", encoding="utf-8")
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        init = self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                         f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256",
                         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
        self._start_cluster()

    def _start_cluster(self) -> None:
        options = " ".join([
            f"-p {self.port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={self.socket_dir}",
            "-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off",
            "-c shared_buffers=32MB", "-c max_connections=200", "-c log_min_messages=warning",
        ])
        started = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                            "-o", options, "-w", "-t", "60", "start")
        if started.returncode != 0:
            log = (self.folder / "log").read_text(errors="replace") if (self.folder / "log").exists() else ""
            raise RuntimeError(f"the PostgreSQL server did not start: {started.stderr.strip()}\n{log[-2000:]}")

    def pause(self) -> None:
        """Stop the server, keeping its databases (``resume`` starts it again): the server "goes away"."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start a paused server again, on the same socket and port, with the same databases."""
        self._start_cluster()

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def why_unavailable() -> str | None:
    """None when a server can be started here, else the reason it cannot."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is not installed"
    bindir = _bindir()
    if bindir is None:
        return "PostgreSQL's server programs are not installed (Debian: apt-get install postgresql)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root and runuser is missing"
    return None


#: The file in a server's folder naming the process that started it (``stop_orphans``).
OWNER = "owner"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_orphans(bindir: Path) -> list[Path]:
    """Stop the servers of test runs that were killed before they could stop them; their folders go.

    ``pg_ctl`` starts a server on its own, so a run killed outright (a hang guard's
    kill, a timeout, Ctrl+C twice) left it running, and its folder behind: twenty of them
    once, on a machine whose helpers' runs had been killed. A folder whose owner process
    is gone is one of those; a folder without an owner yet is a server starting now.
    """
    stopped = []
    for folder in sorted(Path(tempfile.gettempdir()).glob("drafter-pg-*")):
        try:
            owner = int((folder / OWNER).read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        server = PostgresServer(bindir=bindir, folder=folder, port=0)
        if (server.data / "postmaster.pid").exists():
            server._run(str(bindir / "pg_ctl"), "-D", str(server.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)
        stopped.append(folder)
    return stopped


def start_server() -> PostgresServer:
    bindir = _bindir()
    assert bindir is not None
    stop_orphans(bindir)
    folder = Path(tempfile.mkdtemp(prefix="drafter-pg-"))
    (folder / OWNER).write_text(str(os.getpid()))
    server = PostgresServer(bindir=bindir, folder=folder, port=_free_port())
    try:
        server.start()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server

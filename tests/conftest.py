"""Test set-up shared by every test.

Qt is told to draw offscreen before anything imports it, and every test gets its
own data folder: nothing here may touch the real user data folder.
"""

from __future__ import annotations

import itertools
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if os.environ.get("DRAFTER_TEST_WITHOUT_QT"):
    # scripts/test.sh runs the core's tests once like this: Qt cannot be imported at all, as on
    # a machine without PySide6, so anything in the core that reaches for it fails loudly.
    import importlib.abc

    class _WithoutQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
            if name.partition(".")[0] in {"PySide6", "shiboken6"}:
                raise ModuleNotFoundError(f"No module named {name!r} (Qt is blocked in this run)", name=name)
            return None

    sys.meta_path.insert(0, _WithoutQt())

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Property tests judge behaviour, never speed: no per-example deadline on a loaded machine.
settings.register_profile("drafter", deadline=None)
settings.load_profile("drafter")

#: How long one test may run before it counts as hung (and the whole run ends with every stack).
HANG_LIMIT_SECONDS = 300

#: The folder of the test aid that holds a reading process at one file (see the ``held_file`` fixture).
HELD = Path(__file__).resolve().parent / "held"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder for this test, also set as DRAFTER_DATA_DIR."""
    folder = tmp_path / "drafter-data"
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(folder))
    # Nor a team's real server: a test that wants one names the test server itself.
    monkeypatch.delenv("DRAFTER_DATABASE", raising=False)
    # Belt and braces: if anything still asks platformdirs, it gets a folder of this test.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return folder


@pytest.fixture(autouse=True)
def test_keyring(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], str]:
    """A fresh in-memory keyring for this test, and keyring's null backend for programs it starts.

    Returns the keyring's entries, (service, user) -> password, for tests that look at them.
    """
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    entries: dict[tuple[str, str], str] = {}

    class InMemory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if entries.pop((service, username), None) is None:
                raise PasswordDeleteError("no such password")

    keyring.set_keyring(InMemory())
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    return entries


#: A copy of the run's stderr taken before any test captures it, for the hang guard's stacks
#: (``pytest_runtest_protocol``).
_REAL_STDERR: int | None = None


def pytest_configure(config: pytest.Config) -> None:
    # When conftest modules are imported, pytest's capture already holds file descriptor 2; by
    # now it has given it back until the first test.
    global _REAL_STDERR
    if _REAL_STDERR is None:
        try:
            _REAL_STDERR = os.dup(2)
        except OSError:
            _REAL_STDERR = None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """The hang guard: a test stuck for minutes ends the run with every thread's stack; slowness is no failure.

    Around the whole of each test, set-up and tear-down included: a dialog left modal by a
    test (its answer not patched) would otherwise hold the whole run until CI's limit. A
    guard in a fixture was cancelled when the fixtures were torn down, before pytest-qt
    closes the test's windows, and a window that asked a question as it closed held a run
    for good.
    """
    import faulthandler

    # To the run's own stderr (see ``pytest_configure``): the test's captured stderr would be
    # thrown away with the process, and the stacks never seen.
    faulthandler.dump_traceback_later(HANG_LIMIT_SECONDS, exit=True, file=_REAL_STDERR or sys.stderr)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def held_file(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, str], Path]:
    """Make a file whose reading, in a reading process started afterwards, waits until its gate is written.

    ``gate = held_file(path, text)`` writes ``text`` to ``path`` and makes ``gate``, a
    named pipe; ``open(gate, "w")`` then lets the reading go on (see tests/held/).
    """
    if not hasattr(os, "mkfifo"):
        pytest.skip("a named pipe holds the reading at one file")

    def make(path: Path, text: str) -> Path:
        existing = os.environ.get("PYTHONPATH")
        monkeypatch.setenv("PYTHONPATH", str(HELD) + (os.pathsep + existing if existing else ""))
        monkeypatch.setenv("DRAFTER_TEST_GATES", "1")
        path.write_text(text, encoding="utf-8")
        gate = Path(f"{path}.gate")
        os.mkfifo(gate)
        return gate

    return make


@pytest.fixture
def store(data_dir: Path) -> Iterator[object]:
    """An opened store in the test's data folder, with the stored articles."""
    from drafter.core.store import Store

    opened = Store.open(data_dir)
    try:
        yield opened
    finally:
        opened.close()


def add_many(store, sources: int, *, untitled_every: int = 7, undated_every: int = 5) -> list[int]:  # type: ignore[no-untyped-def]
    """Add ``sources`` short sources, each with one snippet, in one bulk write; return the new source ids.

    For the tests of big lists: going through ``add_source`` one by one would take
    minutes. Every 3rd snippet is quoted by an answer of a response made here, so
    lists of unused snippets have something to leave out.
    """
    import sqlite3

    if getattr(store, "dialect", "sqlite") == "postgresql":
        return _add_many_on_server(store, sources, untitled_every=untitled_every, undated_every=undated_every)
    stamp = "2026-11-23T00:00:00+00:00"
    connection = sqlite3.connect(store.database_path)
    try:
        with connection:
            first = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM source").fetchone()[0]
            rows = []
            for n in range(sources):
                title = None if n % untitled_every == 0 else f"{'abcdefghij'[n % 10]}title {n:05d}"
                date = None if n % undated_every == 0 else f"20{10 + n % 15:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
                text = f"Body of source {n}. It says something quotable about policing number {n}."
                rows.append((first + n, title, f"Publisher {n % 13}", date, text, f"hash{n}", stamp, stamp))
            connection.executemany(
                "INSERT INTO source (id, type, title, publisher, authors, date, format, content_hash, text, "
                "created_at, updated_at) VALUES (?, 'article-newspaper', ?, ?, 'null', ?, 'text', ?, ?, ?, ?)",
                [(i, t, p, d, h, x, c, u) for i, t, p, d, x, h, c, u in rows],
            )
            connection.executemany(
                "INSERT INTO snippet (source_id, start, \"end\", text, note, created_at, updated_at) "
                "VALUES (?, 0, 14, ?, ?, ?, ?)",
                [(i, x[:14], f"note {i}", stamp, stamp) for i, _t, _p, _d, x, _h, _c, _u in rows],
            )
            response = connection.execute(
                "INSERT INTO response (consultation_title, introduction, citation_style, "
                "quotations_count_toward_limit, created_at, updated_at) VALUES ('Bulk', '', 'oscola', 1, ?, ?)",
                (stamp, stamp),
            ).lastrowid
            question = connection.execute(
                "INSERT INTO question (response_id, position, label, text, options, confidential) "
                "VALUES (?, 0, '1', 'Q?', '[]', 0)",
                (response,),
            ).lastrowid
            quoted = connection.execute(
                "SELECT id FROM snippet WHERE source_id >= ? ORDER BY id", (first,)
            ).fetchall()[::3]
            connection.executemany(
                "INSERT INTO answer_block (question_id, position, kind, text, snippet_id, created_at, updated_at) "
                "VALUES (?, ?, 'quotation', '', ?, ?, ?)",
                [(question, k, s, stamp, stamp) for k, (s,) in enumerate(quoted)],
            )
    finally:
        connection.close()
    return [first + n for n in range(sources)]


def _add_many_on_server(store, sources: int, *, untitled_every: int, undated_every: int) -> list[int]:  # type: ignore[no-untyped-def]
    """``add_many`` on a PostgreSQL library: the same rows, in one transaction through the store's engine."""
    from sqlalchemy import text

    stamp = "2026-11-23T00:00:00+00:00"
    with store.engine.begin() as connection:
        first = connection.execute(text("SELECT coalesce(max(id), 0) + 1 FROM source")).scalar_one()
        rows = []
        for n in range(sources):
            title = None if n % untitled_every == 0 else f"{'abcdefghij'[n % 10]}title {n:05d}"
            date = None if n % undated_every == 0 else f"20{10 + n % 15:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            body = f"Body of source {n}. It says something quotable about policing number {n}."
            rows.append({"i": first + n, "t": title, "p": f"Publisher {n % 13}", "d": date, "h": f"hash{n}",
                         "x": body, "s": stamp})
        connection.execute(text(
            "INSERT INTO source (id, type, title, publisher, authors, date, format, content_hash, text, "
            "created_at, updated_at) VALUES (:i, 'article-newspaper', :t, :p, 'null', :d, 'text', :h, :x, :s, :s)"
        ), rows)
        # Ids given by hand leave the sequence behind: the next source made by the app must not clash.
        connection.execute(text("SELECT setval(pg_get_serial_sequence('source', 'id'), (SELECT max(id) FROM source))"))
        connection.execute(text(
            'INSERT INTO snippet (source_id, start, "end", text, note, created_at, updated_at) '
            "VALUES (:i, 0, 14, :x, :n, :s, :s)"
        ), [{"i": r["i"], "x": r["x"][:14], "n": f"note {r['i']}", "s": stamp} for r in rows])
        response = connection.execute(text(
            "INSERT INTO response (consultation_title, introduction, citation_style, "
            "quotations_count_toward_limit, created_at, updated_at) VALUES ('Bulk', '', 'oscola', true, :s, :s) "
            "RETURNING id"
        ), {"s": stamp}).scalar_one()
        question = connection.execute(text(
            "INSERT INTO question (response_id, position, label, text, options, confidential) "
            "VALUES (:r, 0, '1', 'Q?', '[]', false) RETURNING id"
        ), {"r": response}).scalar_one()
        quoted = connection.execute(
            text("SELECT id FROM snippet WHERE source_id >= :f ORDER BY id"), {"f": first}
        ).scalars().all()[::3]
        if quoted:
            connection.execute(text(
                "INSERT INTO answer_block (question_id, position, kind, text, snippet_id, created_at, updated_at) "
                "VALUES (:q, :k, 'quotation', '', :sn, :s, :s)"
            ), [{"q": question, "k": k, "sn": sn, "s": stamp} for k, sn in enumerate(quoted)])
    return [first + n for n in range(sources)]


@pytest.fixture
def many():  # type: ignore[no-untyped-def]
    """``many(store, n)`` adds n sources with a snippet each (see ``add_many``)."""
    return add_many


@pytest.fixture
def run_alembic():  # type: ignore[no-untyped-def]
    """``run_alembic(store, "upgrade" | "downgrade", revision)``: one Alembic command on the store."""

    def run(store, action: str, target: str) -> None:  # type: ignore[no-untyped-def]
        from alembic import command
        from alembic.config import Config

        from drafter.core.store.migrate import migrations_dir

        config = Config()
        config.set_main_option("script_location", str(migrations_dir()))
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, target)

    return run


@pytest.fixture
def x_display() -> Iterator[str]:
    """A real X server (Xvfb) for this test, as a DISPLAY value; skips where there is none."""
    import shutil
    import subprocess

    xvfb = shutil.which("Xvfb")
    if xvfb is None or not sys.platform.startswith("linux"):
        pytest.skip("needs Xvfb (scripts/test.sh installs it on Debian/Ubuntu)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as reported:
            display = reported.readline().strip()
        assert display, "Xvfb did not report a display"
        yield f":{display}"
    finally:
        server.terminate()
        server.wait(timeout=30)


# -- A real PostgreSQL server (tests/pg_server.py) ---------------------------------------------

def _throwaway_pg_server() -> Iterator[object]:
    """Start a throwaway server, yield it, stop it; skip (or, where required, fail) without one."""
    import pg_server as pg

    reason = pg.why_unavailable()
    if reason is not None:
        if os.environ.get("DRAFTER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required for this run but {reason}")
        pytest.skip(reason)
    server = pg.start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """One throwaway PostgreSQL cluster for the whole run, started on first use and stopped at the end.

    Skips where no server can be started, unless DRAFTER_REQUIRE_POSTGRES=1 (scripts/test.sh
    sets it): then it fails, so CI never passes by skipping the shared-library tests.
    """
    yield from _throwaway_pg_server()


@pytest.fixture
def pg_url(pg_server: object) -> Iterator[str]:
    """The SQLAlchemy URL of a fresh, empty database on the test server, dropped after the test."""
    from pg_server import PostgresServer

    assert isinstance(pg_server, PostgresServer)
    name = pg_server.new_database()
    try:
        yield pg_server.url(name)
    finally:
        pg_server.drop_database(name)


# -- One test on both engines -------------------------------------------------------------------
#
# A test (or a module, with ``pytestmark = pytest.mark.usefixtures("library_engine")``) that
# asks for ``library_engine`` runs twice: ids ``[sqlite]`` (the data folder's library, as a
# user without a team server has) and ``[postgresql]`` (a shared library of its own on the
# test server, named by DRAFTER_DATABASE, so the command line and the window open it as
# ``drafter --database URL`` would). ``store`` in tests/core/conftest.py's ``engine_store``,
# the window of tests/ui/conftest.py and ``open_library`` below follow it.
#
# A test about the SQLite file itself (backups, its integrity check, the WAL journal, a
# damaged file) is marked ``@pytest.mark.sqlite_file`` and runs on SQLite only.

ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "library_engine" in metafunc.fixturenames:
        engines = ("sqlite",) if metafunc.definition.get_closest_marker("sqlite_file") else ENGINES
        metafunc.parametrize("library_engine", engines, indirect=True)


@pytest.fixture
def library_engine(request: pytest.FixtureRequest, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """"sqlite" or "postgresql": the engine of this test's library (see above)."""
    engine = str(request.param)
    if engine == "postgresql":
        monkeypatch.setenv("DRAFTER_DATABASE", request.getfixturevalue("server_library"))
    return engine


@pytest.fixture
def open_library(library_engine: str, data_dir: Path) -> Iterator[Callable[[], Any]]:
    """A function that opens this test's library on its engine (each store it opened is closed after)."""
    from drafter.core.store import Store

    opened: list[Any] = []

    def open_it() -> Any:
        url = os.environ.get("DRAFTER_DATABASE") if library_engine == "postgresql" else None
        store = Store.open_url(url, data_dir) if url else Store.open(data_dir)
        opened.append(store)
        return store

    yield open_it
    for store in opened:
        store.close()


@pytest.fixture(scope="session")
def pg_library_template(pg_server: Any, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The name of a database on the test server holding a migrated, seeded library (never opened by a test).

    Opening a fresh library runs every migration and seeds the stored articles, most of a
    second; a test's own library is a copy of this one (``CREATE DATABASE … TEMPLATE``).
    """
    from drafter.core.store import Store

    name = pg_server.new_database("library_template")
    store = Store.open_url(pg_server.url(name), tmp_path_factory.mktemp("template-data"))
    store.close()
    return str(name)


_library_numbers = itertools.count(1)


@pytest.fixture
def server_library(pg_server: Any, pg_library_template: str) -> Iterator[str]:
    """The URL of a fresh database on the test server that already holds a new library."""
    from psycopg import sql

    name = f"lib_{os.getpid()}_{next(_library_numbers)}"
    with pg_server.connect_admin() as con:
        con.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(pg_library_template)))
    try:
        yield str(pg_server.url(name))
    finally:
        pg_server.drop_database(name)


@pytest.fixture
def private_pg_server() -> Iterator[object]:
    """A throwaway server of this test's own, which the test may pause and resume (the server "goes away").

    Its own cluster (a few seconds to start), so stopping it never disturbs another test's
    database on the shared ``pg_server``.
    """
    yield from _throwaway_pg_server()


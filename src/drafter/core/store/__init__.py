"""The open database of one data folder, or a shared library on a PostgreSQL server.

``Store.open`` checks the folder, gives an existing database SQLite's quick
integrity check, opens it, migrates it, puts the bundled articles into a new
library and makes the day's backup copy (see ``backups``). Every change to the data runs through
``Store.transaction()``: one operation, one transaction.

``Store.open_url`` opens a team's shared library on a PostgreSQL server instead
(``drafter.core.store.postgres``): the same migrations create and upgrade it, and
``transaction``, ``reading`` and ``reader`` work the same. The data folder then still
holds this computer's caches and settings; the integrity check and the daily backup
copy are the file's, so a server library has neither (its backups are the server's:
docs/team-server.md).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.core.changes import ChangeListeners
from drafter.core.errors import DataFolderError
from drafter.core.paths import database_path
from drafter.core.store.backups import announce_backup_problem, backup_failure, daily_backup_if_due
from drafter.core.store.live import notify_commit
from drafter.core.store.problems import (
    DamagedDatabaseError,
    DatabaseIOError,
    LibraryBusyError,
    SaveFailedError,
    damaged_database_error,
    database_io_error,
    is_access_problem,
    is_busy,
    is_io_error,
)
from drafter.core.store.sqlite import (
    BUSY_TIMEOUT_MS,
    create_sqlite_engine,
    data_version,
    quick_check,
    read_only_uri,
)

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine
    from sqlmodel import Session

    from drafter.core.changes import Changes
    from drafter.core.store.postgres import PostgresReader

    #: What ``Store.reader`` gives: ``execute(sql, params)`` with ``?`` placeholders, on either engine.
    Reader = sqlite3.Connection | PostgresReader

__all__ = [
    "DamagedDatabaseError",
    "DatabaseIOError",
    "SaveFailedError",
    "Store",
    "damaged_database_error",
    "database_io_error",
    "ensure_writable_folder",
]


class _ReaderConnection(sqlite3.Connection):
    """A read connection whose disk I/O errors are reported in plain words (see ``database_io_error``)."""

    data_dir: Path

    def execute(self, sql: str, parameters: object = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)  # type: ignore[arg-type]
        except sqlite3.OperationalError as exc:
            if is_io_error(exc):
                raise database_io_error(self.data_dir) from exc
            raise


class Store:
    def __init__(self, data_dir: Path, engine: Engine | None = None, *, url: URL | None = None) -> None:
        self.data_dir = data_dir
        #: The server's URL for a shared library (``open_url``); None for the data folder's SQLite file.
        self.url = url
        self._engine = engine
        self._engine_lock = threading.Lock()
        self._closed = False
        self._warm_thread: int | None = None  # the thread importing the ORM, while it does
        self._warm_done = threading.Event()
        #: Called after each of this store's own commits (the window uses it to tell its
        #: own changes from another program's).
        self.after_commit: list[Callable[[], None]] = []
        #: Hear what each of this store's own commits changed (``drafter.core.changes``).
        self.listeners = ChangeListeners()
        #: The change-log numbers of this store's own transactions, so that a watcher of
        #: the change log can tell them from other programs' (``drafter.core.change_watch``).
        self.own_transactions: set[int] = set()
        self._local = threading.local()
        self._readers = threading.local()
        self._readers_lock = threading.Lock()
        self._all_readers: list[sqlite3.Connection | PostgresReader] = []
        self.migration_backup: str | None = None
        self._later = (False, False)  # (integrity check left for later, a daily backup is due)
        #: Set when today's backup copy could not be made (the library still opens).
        self.backup_problem: str | None = None

    @property
    def database_path(self) -> Path:
        return database_path(self.data_dir)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` for a data folder's library, ``"postgresql"`` for a shared one on a server."""
        return "sqlite" if self.url is None else "postgresql"

    @property
    def is_server(self) -> bool:
        return self.url is not None

    def child_location(self) -> str | None:
        """For a process the window starts on this library (an export job): the server's URL, password
        included, to be handed over on its stdin only; None for a data folder's library."""
        if self.url is None:
            return None
        return self.engine.url.render_as_string(hide_password=False)

    @property
    def location(self) -> str:
        """Where the library is, for people: the data folder, or the server and database (no password)."""
        if self.url is None:
            return str(self.data_dir)
        from drafter.core.store.postgres import describe

        return describe(self.url)

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine, made (and SQLAlchemy imported) on first use.

        Opening a library that is up to date needs no ORM at all (see ``open``), so
        the window shows the library before this half-second import; it then
        warms this up in a thread (``warm_up``) before the first change needs it.
        """
        if self._engine is None:
            self.wait_for_warm_up()
            with self._engine_lock:
                if self._engine is None:
                    if self.url is not None:
                        from drafter.core.store.postgres import create_postgres_engine

                        self._engine = create_postgres_engine(self.url)
                    else:
                        self._engine = create_sqlite_engine(self.database_path)
        return self._engine

    def warm_up(self, *then: Callable[[], object]) -> None:
        """Import the ORM and open the first connection ahead of their first use, then run ``then``.

        Runs in a worker thread while the window is already in use. Two threads
        importing one package can deadlock inside it (Python then hands one of them
        a half-initialised module), so every other thread waits for this to end
        before it uses the ORM (``engine``, ``transaction``, ``reading``) or what
        ``then`` imports (``wait_for_warm_up``). ``then`` is the caller's: the store
        knows nothing above it, so the modules that change data and the export are
        named by ``drafter.core.warmup``, which the window calls.
        """
        self._warm_thread = threading.get_ident()
        try:
            import sqlalchemy  # noqa: F401
            import sqlmodel  # noqa: F401
            from sqlalchemy.orm import configure_mappers

            import drafter.core.models  # noqa: F401  (every mapped class, for the mappings below)

            # The first edit of a session paid for these (about 7 ms of its 15): the ORM
            # works out its mappings on first use, and the pool opens its first connection.
            configure_mappers()
            engine = self.engine
            with self._engine_lock:  # not after close(): a connection would stay open on the file
                if not self._closed:
                    try:
                        with engine.connect():
                            pass
                    except Exception:  # the first edit meets it again and reports it
                        pass
            for step in then:
                step()
        finally:
            self._warm_done.set()

    def wait_for_warm_up(self) -> None:
        """Return once ``warm_up`` (if another thread runs it) has finished its imports."""
        if self._warm_thread is not None and self._warm_thread != threading.get_ident():
            self._warm_done.wait()


    #: With ``later=True``, a database bigger than this is checked after opening, not before:
    #: SQLite's quick check reads the whole file (0.7 s for a 50,000-source library).
    CHECK_FIRST_BYTES = 64 * 1024 * 1024

    @classmethod
    def open(cls, data_dir: Path, *, seed: bool = True, later: bool = False) -> Store:
        """Open the folder's database, creating and migrating it as needed.

        ``later=True`` (the window) leaves the day's backup, and the integrity
        check of a big database, to ``run_later_checks`` — called from a worker
        thread once the library is on screen. The command line checks first.
        """
        ensure_writable_folder(data_dir)
        path = database_path(data_dir)
        if path.exists() and not path.is_file():
            raise DataFolderError(f"Drafter expected its database file at {path}, but something else is there.")
        # A database made by this very call holds only the stored articles, which ship with
        # Drafter: nothing to protect yet, so the first daily copy waits for the next start.
        existed = path.is_file() and path.stat().st_size > 0
        check_later = later and existed and path.stat().st_size > cls.CHECK_FIRST_BYTES and _at_head(path)
        if not check_later:
            _check_integrity(data_dir, path)
        if existed and _at_head(path) and (not seed or _all_seeded(path)):
            # Up to date: nothing to create, migrate or seed, so no ORM (see ``engine``).
            store = cls(data_dir)
        else:
            store = cls._open_with_orm(data_dir, seed=seed)
        store._later = (check_later, existed)
        if existed and not later:
            store._daily_backup()
        return store

    @classmethod
    def open_library(cls, data_dir: Path, database: str | None = None, **options: bool) -> Store:
        """The library to work on: the shared one at ``database`` (a PostgreSQL URL) if given, else the data folder's.

        ``options`` are ``open``'s (``seed``, ``later``); a server's library takes ``seed`` only.
        """
        if database is not None:
            return cls.open_url(database, data_dir, seed=options.get("seed", True))
        return cls.open(data_dir, **options)

    @classmethod
    def attach(cls, data_dir: Path) -> Store:
        """Open the database a Drafter window already has open, for a process working beside it.

        No integrity check, migration, seeding or backup: the window did all of
        that when it opened the folder, and doing them twice would only cost
        time (a quick check reads the whole file). A database that is missing,
        unreadable or not at this version's schema is refused, so this process
        never works on a file the window would not recognise.
        """
        path = database_path(data_dir)
        if not path.is_file() or path.stat().st_size == 0:
            raise DataFolderError(f"There is no Drafter database in {data_dir}.")
        if not _at_head(path):
            raise DataFolderError(
                f"The Drafter database in {data_dir} is not at this version's schema.",
                hint="Open the folder in the Drafter window first: it upgrades the database.",
            )
        return cls(data_dir)

    @classmethod
    def open_url(cls, location: str | URL, data_dir: Path, *, seed: bool = True, password: str | None = None) -> Store:
        """Open the shared library at a PostgreSQL URL, creating and migrating its tables as needed.

        ``data_dir`` is this computer's data folder (caches, settings), made if missing.
        The password is ``password``, else the one in the URL, else the one the keyring
        keeps for this server and user (``credentials``), else libpq's own (PGPASSWORD,
        ~/.pgpass). One given here or in the URL is used for this connection, then offered
        to the keyring; the store keeps and shows the URL without it (``url``).
        Errors say in plain words whether the server could not be reached, refused the
        sign-in, or the role lacks a right — never with the password.
        """
        from sqlalchemy.exc import DBAPIError

        from drafter.core.store import credentials
        from drafter.core.store.migrate import upgrade_server
        from drafter.core.store.postgres import SignInError, create_postgres_engine, plain_error, server_url

        url = server_url(location)
        given = password if password is not None else url.password
        bare = credentials.without_password(url)
        secret = given if given is not None else credentials.find_password(bare)
        ensure_writable_folder(data_dir)
        engine = create_postgres_engine(bare.set(password=secret) if secret is not None else bare)
        store = cls(data_dir, engine, url=bare)
        try:
            upgrade_server(engine)
            if seed and not _all_seeded_on_server(engine):  # read first: seeding takes the writers' lock
                from drafter.core.seed import seed_stored_articles

                with store.transaction() as session:
                    seed_stored_articles(session)
        except DBAPIError as exc:
            engine.dispose()
            error = plain_error(exc, bare)
            if error is None:
                raise
            if isinstance(error, SignInError) and given is None and secret is not None:
                credentials.forget(bare)  # the kept password no longer works: give the new one next time
            raise error from exc
        except BaseException:
            engine.dispose()
            raise
        if given is not None:
            credentials.remember(bare, str(given))
        return store

    @classmethod
    def attach_url(cls, location: str | URL, data_dir: Path) -> Store:
        """``attach`` for a shared library: a process working beside a window that has it open.

        No migration and no seeding (the window did both); a library not at this
        version's schema is refused. The password is the URL's, else the keyring's.
        """
        from sqlalchemy.exc import DBAPIError

        from drafter.core.store import credentials
        from drafter.core.store.migrate import HEAD_REVISION, current_revision
        from drafter.core.store.postgres import create_postgres_engine, plain_error, server_url

        url = server_url(location)
        bare = credentials.without_password(url)
        secret = url.password if url.password is not None else credentials.find_password(bare)
        engine = create_postgres_engine(bare.set(password=secret) if secret is not None else bare)
        try:
            with engine.connect() as connection:
                revision = current_revision(connection)
        except DBAPIError as exc:
            engine.dispose()
            error = plain_error(exc, bare)
            if error is None:
                raise
            raise error from exc
        if revision != HEAD_REVISION:
            engine.dispose()
            raise DataFolderError(
                f"The shared library {credentials.describe(bare)} is not at this version's schema.",
                hint="Open it in the Drafter window first: it upgrades the library.",
            )
        return cls(data_dir, engine, url=bare)

    @classmethod
    def _open_with_orm(cls, data_dir: Path, *, seed: bool) -> Store:
        from sqlalchemy.exc import DatabaseError as SADatabaseError
        from sqlalchemy.exc import OperationalError

        from drafter.core.store.migrate import upgrade

        path = database_path(data_dir)
        engine = create_sqlite_engine(path)
        store = cls(data_dir, engine)
        try:
            store.migration_backup = upgrade(engine, path, data_dir)
            if seed:
                from drafter.core.seed import seed_stored_articles

                with store.transaction() as session:
                    seed_stored_articles(session)
        except (sqlite3.DatabaseError, SADatabaseError) as exc:
            engine.dispose()
            if is_io_error(exc):
                raise database_io_error(data_dir) from exc
            if isinstance(exc, OperationalError) and is_access_problem(exc):
                raise DataFolderError(
                    f"Drafter cannot write to its database in {data_dir}.",
                    hint="Check that the folder is not read-only and that the disk is not full.",
                ) from exc
            raise damaged_database_error(data_dir) from exc
        except Exception:
            engine.dispose()
            raise
        return store

    def run_later_checks(self) -> None:
        """What ``open(later=True)`` left: the integrity check (if it was left) and the day's backup.

        Safe from another thread: both use their own connections. Raises
        ``DamagedDatabaseError`` if the check fails; no backup is made of a damaged file.
        """
        check, existed = self._later
        self._later = (False, False)
        if self.is_server:
            return  # the server's library is neither a file to check nor one to copy
        if check:
            _check_integrity(self.data_dir, self.database_path)
        if existed:
            self._daily_backup()

    def _daily_backup(self) -> None:
        # A failed backup must not keep the user from their work: it is reported, not raised.
        try:
            daily_backup_if_due(self.data_dir)
        except (OSError, sqlite3.Error) as exc:
            self.backup_problem = backup_failure(self.data_dir, exc)
            announce_backup_problem(self.backup_problem)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the outermost block ends, rolled back if it raises.

        Re-entrant: a core function that opens a transaction inside another joins it, so
        an operation made of several steps (make a snippet, then quote it) commits once
        or not at all. The first statement takes SQLite's write lock (it numbers the
        transaction on ``change_clock``), so the unit never has to upgrade a read to a
        write half-way, and waits up to the busy timeout for another writer.

        After the commit, what the unit changed (read back from the change log that the
        triggers wrote) is in ``last_changes`` for this thread and is announced to
        ``listeners``. A disk that is full or a folder that became read-only is reported
        as ``SaveFailedError`` in plain words; nothing of the unit is written.
        """
        joined = getattr(self._local, "session", None)
        if joined is not None:
            yield joined
            return
        self.wait_for_warm_up()
        from sqlalchemy.exc import DBAPIError, OperationalError
        from sqlmodel import Session

        from drafter.core.changes import Changes

        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                txn = _begin_numbered(session)
                if txn is not None:
                    self.own_transactions.add(txn)  # before the commit: a watcher may look at once
                    notify_commit(session, txn)  # a server tells every watcher at the commit (store.live)
                self._local.session = session
                try:
                    yield session
                    session.flush()
                    rows = _logged_changes(session, txn)
                finally:
                    self._local.session = None
            changes = Changes.from_log(rows)
            self._local.last_changes = changes
            for hook in self.after_commit:
                hook()
            self.listeners.announce(changes)
        except DBAPIError as exc:
            if self.url is not None:
                from drafter.core.store.postgres import plain_error

                error = plain_error(exc, self.url)
                if error is None:
                    raise
                raise error from exc
            if not isinstance(exc, OperationalError):
                raise
            if is_busy(exc):
                raise LibraryBusyError(
                    "Another Drafter (the window, or a script) was writing to this library and did not "
                    f"finish within {BUSY_TIMEOUT_MS // 1000} seconds, so nothing was changed.",
                    hint="Try again in a moment.",
                ) from exc
            if is_io_error(exc):  # a removed journal, most often: "the disk is full" would mislead
                raise database_io_error(self.data_dir) from exc
            if is_access_problem(exc):
                raise SaveFailedError(
                    "Drafter could not save your latest change: the disk is full or the data "
                    f"folder {self.data_dir} can no longer be written.",
                    hint="Your text is kept in the window. Free some space or fix the folder; "
                    "Drafter keeps trying and saves as soon as it can.",
                ) from exc
            raise

    @property
    def last_changes(self) -> Changes:
        """What this thread's last committed transaction changed."""
        from drafter.core.changes import NO_CHANGES

        changes: Changes = getattr(self._local, "last_changes", NO_CHANGES)
        return changes

    def data_version(self) -> int:
        """A number that changes whenever another connection (the command line) commits.

        On a server: the newest change-log entry (it moves with this store's own commits too).
        """
        if self.url is not None:
            from sqlalchemy import text

            with self.engine.connect() as connection:
                return int(connection.execute(text("SELECT coalesce(max(id), 0) FROM change_log")).scalar() or 0)
        return data_version(self.engine)

    @property
    def in_transaction(self) -> bool:
        """Whether this thread is inside ``transaction()`` (its reads then see its own changes)."""
        return getattr(self._local, "session", None) is not None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        joined = getattr(self._local, "session", None)
        if joined is not None:  # inside a transaction: read what it has changed so far
            yield joined
            return
        self.wait_for_warm_up()
        from sqlalchemy.exc import DBAPIError, OperationalError
        from sqlmodel import Session

        try:
            with Session(self.engine) as session:
                yield session
        except DBAPIError as exc:
            if self.url is not None:
                from drafter.core.store.postgres import plain_error

                error = plain_error(exc, self.url)
                if error is None:
                    raise
                raise error from exc
            if isinstance(exc, OperationalError) and is_io_error(exc):
                raise database_io_error(self.data_dir) from exc
            raise

    def reader(self) -> Reader:
        """This thread's plain connection for reads, made on first use.

        The list pages, the reader and the start-up read through this instead of
        the ORM: those reads are hot (every scroll of a 50,000-row list), and it
        keeps SQLAlchemy's import off the start-up path. ``query_only`` makes any
        write through it an error, so every change still goes through ``transaction``.

        On a data folder it is an ``sqlite3`` connection; on a server, a
        ``postgres.PostgresReader`` with the same ``execute(sql, params)`` (``?`` placeholders).
        """
        joined = getattr(self._local, "session", None)
        if joined is not None:
            # Inside a transaction the reads go through its own connection, so a step of an
            # operation sees what the steps before it wrote (nothing is committed yet).
            joined.flush()
            raw = joined.connection().connection.dbapi_connection
            if self.url is not None:
                from drafter.core.store.postgres import PostgresReader

                return PostgresReader(raw, self.url, owned=False)
            assert isinstance(raw, sqlite3.Connection)
            return raw
        if self.url is not None:
            return self._server_reader()
        connection = getattr(self._readers, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.database_path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                factory=_ReaderConnection,
            )
            connection.data_dir = self.data_dir
            from drafter.core.store.sqlite import _on_connect

            _on_connect(connection, None)  # the same settings as the ORM's connections
            connection.execute("PRAGMA query_only=ON")
            self._readers.connection = connection
            with self._readers_lock:
                self._all_readers.append(connection)
        return connection

    def _server_reader(self) -> PostgresReader:
        reader = getattr(self._readers, "connection", None)
        if reader is None:
            from drafter.core.store.postgres import open_reader

            self.wait_for_warm_up()
            reader = open_reader(self.engine)
            self._readers.connection = reader
            with self._readers_lock:
                self._all_readers.append(reader)
        assert not isinstance(reader, sqlite3.Connection)
        return reader

    def close(self) -> None:
        with self._readers_lock:
            for connection in self._all_readers:
                connection.close()
            self._all_readers.clear()
        self._readers = threading.local()
        with self._engine_lock:
            self._closed = True
            if self._engine is not None:
                self._engine.dispose()


def _begin_numbered(session: Session) -> int | None:
    """Take the write lock and this transaction's number in one statement (migration 0006).

    None for a database older than that migration, which only the migrations themselves and
    their tests write to: nothing is logged then.
    """
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    try:
        numbered = session.execute(text("UPDATE change_clock SET txn = txn + 1 WHERE id = 1 RETURNING txn"))
        return int(numbered.scalar_one())
    except OperationalError as exc:
        if "no such table: change_clock" in str(exc.orig):
            return None
        raise


def _logged_changes(session: Session, txn: int | None) -> list[tuple[str, int, str]]:
    from sqlalchemy import text

    if txn is None:
        return []
    rows = session.execute(
        text("SELECT entity, row_id, action FROM change_log WHERE txn = :txn ORDER BY id"), {"txn": txn}
    )
    return [(str(e), int(r), str(a)) for e, r, a in rows]


def _check_integrity(data_dir: Path, path: Path) -> None:
    """SQLite's quick check (it reads the file once) before anything else touches it."""
    if not path.is_file() or path.stat().st_size == 0:
        return  # nothing yet: SQLite makes a new database
    try:
        result = quick_check(path)
    except sqlite3.OperationalError:
        return  # cannot open it (permissions, locks): opening it properly reports that plainly
    except sqlite3.DatabaseError:  # "file is not a database", "malformed"
        result = "damaged"
    if result != "ok":
        raise damaged_database_error(data_dir)


def _at_head(path: Path) -> bool:
    """The database is at this version's schema (nothing to migrate), read without the ORM."""
    from drafter.core.store.migrate import HEAD_REVISION

    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False  # check it now: a migration must never run on a damaged file
    return bool(row) and row[0] == HEAD_REVISION


def _all_seeded(path: Path) -> bool:
    """Every bundled article has been seeded once (read without the ORM)."""
    from drafter.core.seed import manifest_keys

    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            done = {row[0] for row in connection.execute("SELECT key FROM seeded_article")}
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return manifest_keys() <= done


def _all_seeded_on_server(engine: Engine) -> bool:
    """Every bundled article has been seeded once in a server's library (read without taking any lock)."""
    from sqlalchemy import text

    from drafter.core.seed import manifest_keys

    with engine.connect() as connection:
        done = {row[0] for row in connection.execute(text("SELECT key FROM seeded_article"))}
    return manifest_keys() <= done


def ensure_writable_folder(folder: Path) -> None:
    """Create the data folder if needed and prove we can write into it."""
    if folder.exists() and not folder.is_dir():
        raise DataFolderError(
            f"Drafter's data folder {folder} is a file, not a folder.",
            hint="Choose another folder with --data-dir.",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFolderError(
            f"Drafter cannot create its data folder {folder}: {exc.strerror or exc}.",
            hint="Choose another folder with --data-dir, or check the permissions of this one.",
        ) from exc
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise DataFolderError(
            f"Drafter cannot write to its data folder {folder}: {exc.strerror or exc}.",
            hint="Check that the folder is not read-only and that the disk is not full, "
            "or choose another folder with --data-dir.",
        ) from exc

"""Everything SQLite-specific about the connection, in one place.

When teams move to a shared PostgreSQL server, this module gets a sibling and
nothing else in the core changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SQLAlchemy is imported only when the ORM is first used (see Store.engine)
    from sqlalchemy import Connection, Engine

#: How long a writer waits for another process (the app, the command line) to finish.
BUSY_TIMEOUT_MS = 10_000


def create_sqlite_engine(path: Path) -> Engine:
    from sqlalchemy import URL, create_engine, event

    # URL.create, not "sqlite:///" + path: a URL string is parsed, and a folder named
    # "Team ? drafts" would make SQLAlchemy open (and create) "Team " instead.
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    return engine


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets the command line read while the app writes; FULL sync makes each
        # committed edit survive a power cut, not just a crash of the app.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """An SQLite URI that opens ``path`` read-only, whatever characters its folders' names hold.

    Pasted as it is after ``file:``, a path with ``#`` or ``?`` in a folder's name
    is cut short there (SQLite reads the rest as the URI's fragment or query);
    ``as_uri`` escapes them, and SQLite decodes the escapes.
    """
    return Path(path).resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def copy_database(source: Path, target: Path) -> None:
    """Copy a live database consistently with SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)  # a reader never sees a half-written backup


def quick_check(path: Path) -> str:
    """Run SQLite's quick integrity check; returns 'ok' or the first problem."""
    con = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        row = con.execute("PRAGMA quick_check").fetchone()
        return str(row[0]) if row else "no answer"
    finally:
        con.close()


@contextmanager
def foreign_keys_deferred(connection: Connection) -> Iterator[None]:
    """Turn foreign-key enforcement off for this connection while the block runs.

    SQLite ignores this PRAGMA inside a transaction, so it is issued (and
    committed) before the caller begins one, and switched back on afterwards.
    """
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def foreign_key_problems(connection: Connection) -> int:
    """How many rows point at records that do not exist."""
    return len(connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall())


def data_version(engine: Engine) -> int:
    """SQLite's ``PRAGMA data_version`` on one pooled connection.

    It changes when *another* connection commits, which is how the window
    notices edits made from the command line while it is open.
    """
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("PRAGMA data_version").scalar() or 0)

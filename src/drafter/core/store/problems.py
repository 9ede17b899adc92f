"""What can go wrong with the database, in plain words: a save that failed, a damaged file, a lost journal."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.core.errors import DatabaseDamagedError, DataFolderError, DrafterError
from drafter.core.paths import database_path
from drafter.core.store.backups import BackupInfo, describe_time, newest_good_backup

if TYPE_CHECKING:
    from sqlalchemy.exc import OperationalError


class SaveFailedError(DataFolderError):
    """A change could not be written (disk full, folder read-only); nothing was changed."""


def database_io_error(data_dir: Path) -> DatabaseIOError:
    """The plain words for SQLite's "disk I/O error", saying what most likely happened.

    Seen when the -wal file was removed while the window had the database open: the
    window's connections keep the removed journal (and its latest work, which they
    write into the database as they close), and every other program finds a journal
    that doesn't match the shared index. By then SQLite has made a new, empty -wal,
    so the removal can't be told from here: the message names it as the likely cause.
    """
    wal = Path(f"{database_path(data_dir)}-wal").name
    return DatabaseIOError(
        f"Drafter could not read or write its database in {data_dir}: the disk reported an error, most "
        f"often because its journal file ({wal}) was removed by another program (a clean-up tool, "
        "a sync service) while Drafter was open. Nothing was changed.",
        hint="Close the Drafter window and open it again: the window still holds your latest work and "
        "writes it into the database as it closes. Then try again. If this keeps happening with "
        "Drafter closed, check the disk.",
    )


def is_io_error(exc: BaseException) -> bool:
    original = getattr(exc, "orig", None) or exc
    return isinstance(original, sqlite3.OperationalError) and "disk i/o error" in str(original).lower()


class LibraryBusyError(DrafterError):
    """Another connection held the write lock for longer than the busy timeout; nothing was changed."""


def is_busy(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "database is locked" in text or "database is busy" in text


class DatabaseIOError(SaveFailedError):
    """SQLite reported a disk I/O error: most often, its -wal file was removed while Drafter was open.

    A ``SaveFailedError``: the window keeps the text and tries again, as for a full disk.
    """


class DamagedDatabaseError(DatabaseDamagedError):
    """The database is damaged; carries the newest backup that passes the integrity check."""

    def __init__(self, message: str, *, hint: str | None, database: Path, newest_backup: BackupInfo | None) -> None:
        super().__init__(message, hint=hint)
        self.database = database
        self.newest_backup = newest_backup


def damaged_database_error(data_dir: Path) -> DamagedDatabaseError:
    backup = newest_good_backup(data_dir)
    if backup is None:
        hint = ("The file has been left exactly as it was, and there is no backup of it. "
                "Start Drafter with a different data folder, or ask for help recovering the file.")
    else:
        hint = (f"The file has been left exactly as it was. The newest good backup is from "
                f"{describe_time(backup.created)}: “drafter backup restore {backup.id}” "
                "puts it back and keeps the damaged file aside.")
    return DamagedDatabaseError(
        f"The Drafter database in {data_dir} is damaged or is not a Drafter database, so it cannot be opened.",
        hint=hint, database=database_path(data_dir), newest_backup=backup,
    )


def is_access_problem(exc: OperationalError) -> bool:
    message = str(exc.orig).lower() if exc.orig else str(exc).lower()
    return any(s in message for s in ("readonly", "read-only", "unable to open", "disk is full", "disk i/o"))

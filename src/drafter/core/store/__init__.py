"""The open database of one data folder.

``Store.open`` checks the folder, opens the SQLite file, migrates it and puts
the bundled articles into a new library. Every change to the data runs through
``Store.transaction()``: one operation, one transaction.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from drafter.core.errors import DatabaseDamagedError, DataFolderError
from drafter.core.paths import database_path
from drafter.core.store.migrate import upgrade
from drafter.core.store.sqlite import create_sqlite_engine


class Store:
    def __init__(self, data_dir: Path, engine: Engine) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.migration_backup: str | None = None

    @property
    def database_path(self) -> Path:
        return database_path(self.data_dir)

    @classmethod
    def open(cls, data_dir: Path, *, seed: bool = True) -> Store:
        ensure_writable_folder(data_dir)
        path = database_path(data_dir)
        if path.exists() and not path.is_file():
            raise DataFolderError(f"Drafter expected its database file at {path}, but something else is there.")
        engine = create_sqlite_engine(path)
        store = cls(data_dir, engine)
        try:
            store.migration_backup = upgrade(engine, path, data_dir)
            if seed:
                from drafter.core.seed import seed_stored_articles

                seed_stored_articles(store)
        except (sqlite3.DatabaseError, SADatabaseError) as exc:
            engine.dispose()
            if isinstance(exc, OperationalError) and _is_access_problem(exc):
                raise DataFolderError(
                    f"Drafter cannot write to its database in {data_dir}.",
                    hint="Check that the folder is not read-only and that the disk is not full.",
                ) from exc
            raise DatabaseDamagedError(
                f"The Drafter database in {data_dir} is damaged or is not a Drafter database, "
                "so it cannot be opened.",
                hint="The file has been left exactly as it was. Restore a backup from the "
                "'backups' folder next to it, or start Drafter with a different data folder.",
            ) from exc
        except Exception:
            engine.dispose()
            raise
        return store

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _is_access_problem(exc: OperationalError) -> bool:
    message = str(exc.orig).lower() if exc.orig else str(exc).lower()
    return any(s in message for s in ("readonly", "read-only", "unable to open", "disk is full", "disk i/o"))


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

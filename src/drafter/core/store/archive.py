"""Leaving, or moving: the whole library and every response as one file.

The archive is a consistent copy of the database made with SQLite's online
backup API. SQLite is an open, documented, widely readable format (the Library
of Congress lists it for long-term preservation), so the file can be opened by
many tools besides Drafter: no user is locked in. Importing puts it into an
empty data folder, after checking it is a sound Drafter database that this
version can read. The file itself is never copied in: a new database is built by
Drafter's own migrations and only the file's checked rows go into it, so a
trigger or view someone added to the file is refused, not kept (see
``untrusted``). The usual migrations then bring it up to date.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from drafter.core.applock import app_lock_holder
from drafter.core.errors import DrafterError, RefusedError
from drafter.core.filekinds import check_write_target
from drafter.core.paths import database_path
from drafter.core.store.sqlite import copy_database, read_only_uri

#: The tables holding the user's own work; a data folder with rows in any is not empty.
USER_TABLES = ("snippet", "response", "question", "answer_block")


@dataclass(frozen=True)
class ArchiveSummary:
    path: Path
    sources: int
    snippets: int
    responses: int


def _read_only(path: Path) -> sqlite3.Connection:
    # immutable: reading an archive must not leave -wal/-shm files beside it.
    return sqlite3.connect(read_only_uri(path, immutable=True), uri=True)


def _counts(path: Path) -> tuple[int, int, int]:
    con = _read_only(path)
    try:
        return tuple(  # type: ignore[return-value]
            int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("source", "snippet", "response")
        )
    finally:
        con.close()


def export_archive(data_dir: Path, target: Path) -> ArchiveSummary:
    """Write the whole library to ``target`` (written aside, then renamed into place)."""
    source = database_path(data_dir)
    if not source.is_file():
        raise DrafterError("There is no library in this data folder to export yet.")
    target = Path(target)
    if not target.parent.is_dir():
        raise DrafterError(f"The folder {target.parent} does not exist, so the library was not exported.")
    check_write_target(target)  # a device, pipe, socket or folder is never replaced
    try:
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            partial = Path(tmp) / "library.partial"
            copy_database(source, partial)
            partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        raise DrafterError(
            f"The library could not be written to {target}: {getattr(exc, 'strerror', None) or exc}.",
            hint="Choose another folder, or check that the disk is not full.",
        ) from exc
    sources, snippets, responses = _counts(target)
    return ArchiveSummary(target, sources, snippets, responses)


def _has_user_work(path: Path) -> bool:
    # Not immutable: a -wal file left by a crash may hold work. Reading a WAL database
    # makes -wal/-shm files if there were none; those are removed again, so that a
    # refused import leaves the folder exactly as it was (no Drafter has it open).
    sides = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    made = [side for side in sides if not side.exists()]
    try:
        return _reads_user_work(path)
    finally:
        for side in made:
            side.unlink(missing_ok=True)


def _reads_user_work(path: Path) -> bool:
    con = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if any(
            table in tables and con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
            for table in USER_TABLES
        ):
            return True
        # Sources the user imported (the bundled articles don't count).
        return "source" in tables and bool(
            con.execute("SELECT 1 FROM source WHERE stored_article IS NULL LIMIT 1").fetchone()
        )
    finally:
        con.close()


def import_archive(data_dir: Path, archive: Path) -> ArchiveSummary:
    """Put an exported library into an empty data folder; refused if it holds any work."""
    archive = Path(archive)
    if not archive.is_file():
        raise DrafterError(f"There is no file at {archive}.")
    if app_lock_holder(data_dir) is not None:
        raise RefusedError("Drafter is open on this data folder; close it first, then import the library.")
    target = database_path(data_dir)
    if target.is_file() and _has_user_work(target):
        raise RefusedError(
            "This data folder already holds your own sources, snippets or responses, so the library "
            "was not imported over them.",
            hint="Import a whole library into a new, empty data folder (start Drafter with --data-dir).",
        )
    from drafter.core.store.untrusted import checked_copy

    created = not data_dir.exists()
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with checked_copy(archive, data_dir, what="library file") as copy:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)  # only the untouched starter library is replaced
            copy.replace(target)
    except BaseException:
        if created:
            _remove_if_empty(data_dir)
        raise
    sources, snippets, responses = _counts(target)
    return ArchiveSummary(target, sources, snippets, responses)


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty: it was not ours alone
        folder.rmdir()

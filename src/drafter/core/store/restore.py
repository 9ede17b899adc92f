"""Restoring a backup: the checked copy put in place of the database, which is set aside, never lost.

The backup is rebuilt from Drafter's own migrations with only its checked data
(``untrusted``), so a copy changed after it was made is refused whole.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from drafter.core.applock import app_lock_holder
from drafter.core.errors import RefusedError
from drafter.core.paths import database_path
from drafter.core.store.backups import _STAMP, BackupInfo, _now, _with_ok, check_backup, find_backup
from drafter.core.store.sqlite import quick_check
from drafter.core.store.untrusted import checked_copy


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    #: Where the database that was replaced now lies (None if there was none).
    set_aside: Path | None


def restore_backup(data_dir: Path, backup_id: str, *, now: datetime | None = None) -> RestoreResult:
    """Put a backup in place of the database, keeping the database it replaces.

    Refused while another Drafter window holds this data folder (its open
    connections would go on writing to the file set aside). The window restores
    through here itself after closing its own store: its own lock does not count.
    """
    info = find_backup(data_dir, backup_id)
    holder = app_lock_holder(data_dir)
    if holder is not None:
        raise RefusedError(
            "Drafter is open on this data folder, so the backup was not restored.",
            hint="Close the Drafter window first, or use File › Restore from Backup… in it.",
        )
    problem = check_backup(info.path)
    if problem != "ok":
        raise RefusedError(
            f"The backup “{info.id}” is damaged ({problem}), so it was not restored.",
            hint="Your database was not changed. Choose another backup from “drafter backup list”.",
        )
    # Built from Drafter's own migrations with only the backup's checked data (see
    # ``untrusted``): the folder could have been tampered with since the copy was made,
    # and a backup holding a trigger or view Drafter never makes is refused whole.
    tampered = ("Drafter never puts such things in its backups, so this copy was changed after it was made. "
                "Your database was not changed. Choose another backup from “drafter backup list”.")
    with checked_copy(info.path, database_path(data_dir).parent, what="backup", hint=tampered,
                      integrity_checked=True) as copy:
        aside = set_database_aside(data_dir, now=now)
        try:
            copy.replace(database_path(data_dir))
        except OSError as exc:
            if aside is not None:
                _put_back(aside, database_path(data_dir))  # no half-done restore: the database as it was
            raise RefusedError(
                f"Drafter could not copy the backup into its data folder: {exc.strerror or exc}.",
                hint="Your database was not changed. Check that the disk is not full.",
            ) from exc
    return RestoreResult(restored=_with_ok(info, True), set_aside=aside)


def set_database_aside(data_dir: Path, *, now: datetime | None = None) -> Path | None:
    """Rename the database (and its -wal/-shm files) to ``drafter.sqlite.replaced-<stamp>``.

    Renamed, never copied over or deleted: a damaged file may still hold work
    someone can recover. The -wal file goes with it under the matching name, so
    the pair still opens as one database — and is not replayed into the restored one.
    """
    path = database_path(data_dir)
    if not path.exists():
        return None
    _checkpoint(path)
    stamp = _now(now).strftime(_STAMP) + "Z"
    target = path.with_name(f"{path.name}.replaced-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.replaced-{stamp}-{n}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def _put_back(aside: Path, path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        moved = aside.with_name(aside.name + suffix)
        if moved.exists():
            os.replace(moved, path.with_name(path.name + suffix))


def _checkpoint(path: Path) -> None:
    """Fold the -wal file into a healthy database so the set-aside file is whole by itself.

    Only a database that passes the quick check: a checkpoint writes into the main
    file, and a damaged one is never written to (it goes aside with its -wal as it is).
    """
    try:
        if quick_check(path) != "ok":
            return
        con = sqlite3.connect(path, timeout=5)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
    except sqlite3.Error:
        pass  # damaged: it is set aside with its -wal file as it is

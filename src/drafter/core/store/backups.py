"""Automatic backups of the database and their rotation (restoring one: ``restore``).

Every copy is made with SQLite's online backup API (``copy_database``), so it is
consistent even while another program writes. Copies live in ``backups/`` under
the data folder, one file each, named by kind and UTC time:

* ``daily-20261123T091400Z.sqlite`` — the first start of each (UTC) day;
* ``before-migration-from-0001-20261123T091400Z.sqlite`` — before an upgrade of
  the database's format;
* ``before-bundle-import-20261123T091400Z.sqlite`` — before importing a
  response file.

Rotation (``plan_rotation``), run after every new copy:

* daily copies: the 7 newest are kept (7 days *of use*, so a fortnight away
  does not empty the folder), and also the first copy of each of the 4 newest
  calendar weeks (Monday–Sunday) that have one, which reaches about a month back;
* safety copies (before a migration, before an import): the 10 newest of each
  kind are kept, except that those older than 30 days go — but the newest copy
  of each kind is always kept, since it may be the only way back to the state
  before that upgrade or import. The 10 bounds the disk used by a busy week of
  imports; the 30 days, by the daily copies that cover the same ground by then.

Files in ``backups/`` that Drafter did not name are never touched.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from drafter.core.errors import NotFoundError
from drafter.core.paths import backups_dir, database_path
from drafter.core.store.sqlite import copy_database, read_only_uri

KIND_DAILY = "daily"
KIND_MIGRATION = "before-migration"
KIND_IMPORT = "before-import"

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_SAFETY = 10
SAFETY_MAX_AGE = timedelta(days=30)
#: A ``.partial`` copy older than this was left by a copy that crashed, not one under way.
PARTIAL_MAX_AGE = timedelta(hours=1)

_STAMP = "%Y%m%dT%H%M%S"
_NAME = re.compile(
    r"^(?P<prefix>daily|before-migration-from-.+?|before-bundle-import)"
    r"-(?P<stamp>\d{8}T\d{6})Z?(?:-(?P<n>\d+))?\.sqlite$"
)


@dataclass(frozen=True)
class BackupInfo:
    """One backup copy. ``ok`` is None when it was not checked."""

    id: str
    path: Path
    kind: str
    created: datetime
    size: int
    ok: bool | None = None
    sequence: int = 1  # two copies in the same second: -2, -3…

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "path": str(self.path), "kind": self.kind,
            "created": self.created.isoformat(), "size": self.size, "ok": self.ok,
        }


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def describe_time(moment: datetime) -> str:
    """'23 November 2026 at 09:14', in the computer's time zone (no %-d: Windows lacks it)."""
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _kind(prefix: str) -> str:
    if prefix == "daily":
        return KIND_DAILY
    if prefix.startswith("before-migration"):
        return KIND_MIGRATION
    return KIND_IMPORT


def parse_backup(path: Path) -> BackupInfo | None:
    """The backup a file in ``backups/`` is, or None if Drafter did not make it."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(
        id=path.name.removesuffix(".sqlite"), path=path, kind=_kind(match["prefix"]),
        created=created, size=size, sequence=int(match["n"] or 1),
    )


def _sort_key(info: BackupInfo) -> tuple[datetime, int, str]:
    return (info.created, info.sequence, info.id)


def list_backups(data_dir: Path, *, check: bool = True) -> list[BackupInfo]:
    """Every backup Drafter made in this data folder, newest first.

    With ``check``, each is given SQLite's quick check (cheap: it reads the file
    once); restoring runs the full integrity check.
    """
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    found = [info for p in folder.iterdir() if p.is_file() and (info := parse_backup(p)) is not None]
    if check:
        found = [_with_ok(info, check_backup(info.path, quick=True) == "ok") for info in found]
    return sorted(found, key=_sort_key, reverse=True)


def _with_ok(info: BackupInfo, ok: bool) -> BackupInfo:
    return replace(info, ok=ok)


def check_backup(path: Path, *, quick: bool = False) -> str:
    """'ok', or the first problem SQLite finds in a backup copy (never raises)."""
    # immutable=1: a backup is never written after it is made, so SQLite need not
    # lock it or create -wal/-shm files beside it just to read it.
    try:
        con = sqlite3.connect(read_only_uri(path, immutable=True), uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        row = con.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchone()
        if row is None or row[0] != "ok":
            return str(row[0]) if row else "no answer"
        # A file SQLite reads happily may still hold nothing of Drafter's.
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone() is None:
            return "it is not a Drafter database"
        return "ok"
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        con.close()


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest backup that passes the full integrity check."""
    for info in list_backups(data_dir, check=False):
        if check_backup(info.path) == "ok":
            return _with_ok(info, True)
    return None


def find_backup(data_dir: Path, backup_id: str) -> BackupInfo:
    wanted = backup_id.strip().removesuffix(".sqlite")
    for info in list_backups(data_dir, check=False):
        if info.id == wanted:
            return info
    raise NotFoundError(
        f"There is no backup called “{backup_id}”.",
        hint="“drafter backup list” shows the backups there are.",
    )


# --- making copies ----------------------------------------------------------------------------


def make_backup(
    data_dir: Path, kind: str, *, now: datetime | None = None, label: str = "", rotate: bool = True
) -> BackupInfo:
    """Copy the database into ``backups/`` now; raises OSError or sqlite3.Error if it can't.

    ``label`` is part of the name (the revision a migration starts from).
    """
    prefix = {KIND_DAILY: "daily", KIND_IMPORT: "before-bundle-import",
              KIND_MIGRATION: f"before-migration-from-{label or 'none'}"}[kind]
    when = _now(now)
    stamp = when.strftime(_STAMP) + "Z"
    folder = backups_dir(data_dir)
    # Two copies in one second must not overwrite each other, and a later one must sort
    # later: so the next number after every copy of that second, not the first free one
    # (rotation may have deleted -2 while -11 is still there).
    taken = [b.sequence for b in list_backups(data_dir, check=False)
             if b.path.name.startswith(f"{prefix}-{stamp}")]
    n = max(taken, default=0) + 1
    target = folder / (f"{prefix}-{stamp}.sqlite" if n == 1 else f"{prefix}-{stamp}-{n}.sqlite")
    copy_database(database_path(data_dir), target)
    info = parse_backup(target)
    assert info is not None, target
    if rotate:
        rotate_backups(data_dir, now=when, protect=info.id)
    return info


def daily_backup_due(data_dir: Path, *, now: datetime | None = None) -> bool:
    """True unless a daily copy was made today (UTC) — or is dated later, if the clock went back."""
    today = _now(now).date()
    return not any(
        b.kind == KIND_DAILY and b.created.date() >= today for b in list_backups(data_dir, check=False)
    )


def daily_backup_if_due(data_dir: Path, *, now: datetime | None = None) -> BackupInfo | None:
    """At start-up: the day's copy, if there is a database and none was made today."""
    if not database_path(data_dir).is_file() or not daily_backup_due(data_dir, now=now):
        return None
    return make_backup(data_dir, KIND_DAILY, now=now)


def backup_failure(data_dir: Path, exc: OSError | sqlite3.Error) -> str:
    """Why the day's backup copy could not be made, in plain words."""
    folder = backups_dir(data_dir)
    if folder.exists() and not folder.is_dir():
        return (f"Drafter could not make today's backup copy of its database: there is a file called "
                f"“{folder.name}” in {data_dir} where Drafter keeps its backup copies. Move or rename "
                "that file, and Drafter makes the copy the next time it starts.")
    reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
    return (f"Drafter could not make today's backup copy of its database: {reason.rstrip('.').lower()}. "
            "Check that the disk is not full and that the backups folder can be written to.")


_problem_listeners: list[Callable[[str], None]] = []


@contextmanager
def reporting_backup_problems(report: Callable[[str], None]) -> Iterator[None]:
    """While the block runs, a backup that fails is also handed to ``report`` (the command
    line prints it on stderr; the window shows ``Store.backup_problem`` in its status bar)."""
    _problem_listeners.append(report)
    try:
        yield
    finally:
        _problem_listeners.remove(report)


def announce_backup_problem(message: str) -> None:
    for report in list(_problem_listeners):
        report(message)


def last_backup_note(data_dir: Path) -> str:
    """When the newest backup copy was made, or that there is none (for the readiness check).

    Every copy is written aside and renamed into place whole (``copy_database``), so
    the newest one Drafter named is the last good one; its integrity is checked when
    it is restored, not here (that reads the whole file).
    """
    made = list_backups(data_dir, check=False)
    if not made:
        return ("No backup copy of the database has been made yet. Drafter makes one on the "
                "first start of each day; “drafter backup list” shows them.")
    return f"The last backup copy of the database was made on {describe_time(made[0].created)}."


# --- rotation ---------------------------------------------------------------------------------


def plan_rotation(backups: Iterable[BackupInfo], now: datetime) -> set[str]:
    """The ids of the backups to keep (see the module's docstring for the rules)."""
    now = _now(now)
    by_kind: dict[str, list[BackupInfo]] = {}
    for info in backups:
        by_kind.setdefault(info.kind, []).append(info)
    keep: set[str] = set()
    daily = sorted(by_kind.pop(KIND_DAILY, []), key=_sort_key, reverse=True)
    keep.update(b.id for b in daily[:KEEP_DAILY])
    first_of_week: dict[tuple[int, int], BackupInfo] = {}
    for b in reversed(daily):  # oldest first, so each week keeps its first copy
        first_of_week.setdefault(b.created.isocalendar()[:2], b)
    for week in sorted(first_of_week, reverse=True)[:KEEP_WEEKLY]:
        keep.add(first_of_week[week].id)
    for items in by_kind.values():
        items.sort(key=_sort_key, reverse=True)
        for place, b in enumerate(items[:KEEP_SAFETY]):
            if place == 0 or now - b.created <= SAFETY_MAX_AGE:
                keep.add(b.id)
    return keep


def rotate_backups(data_dir: Path, *, now: datetime | None = None, protect: str | None = None) -> list[Path]:
    """Delete the backups the rules no longer keep (never ``protect``); returns what was deleted."""
    when = _now(now)
    backups = list_backups(data_dir, check=False)
    keep = plan_rotation(backups, when) | ({protect} if protect else set())
    removed: list[Path] = []
    for info in backups:
        if info.id not in keep and _remove(info.path):
            removed.append(info.path)
    folder = backups_dir(data_dir)
    for partial in folder.glob("*.sqlite.partial"):
        try:
            age = when - datetime.fromtimestamp(partial.stat().st_mtime, UTC)
        except OSError:
            continue
        if age > PARTIAL_MAX_AGE and _remove(partial):
            removed.append(partial)
    return removed


def _remove(path: Path) -> bool:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # in use (Windows) or read-only: try again at the next rotation
        return False
    return True

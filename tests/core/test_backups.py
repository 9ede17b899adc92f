"""Automatic backups: made on schedule, rotated, listed, restored — and a damaged one refused."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from drafter.core.applock import lock_data_folder, lock_path
from drafter.core.errors import DatabaseDamagedError, NotFoundError, RefusedError
from drafter.core.paths import backups_dir, database_path
from drafter.core.responses.operations import create_response, list_responses
from drafter.core.responses.records import ResponseDetails
from drafter.core.store import DamagedDatabaseError, Store
from drafter.core.store.backups import (
    KIND_DAILY,
    KIND_IMPORT,
    KIND_MIGRATION,
    BackupInfo,
    check_backup,
    daily_backup_if_due,
    list_backups,
    make_backup,
    plan_rotation,
)
from drafter.core.store.restore import restore_backup

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday


def at(days: float, hours: float = 0) -> datetime:
    return MONDAY + timedelta(days=days, hours=hours)


def titles(data_dir: Path) -> list[str]:
    store = Store.open(data_dir, seed=False)
    try:
        return [r.consultation_title for r in list_responses(store)]
    finally:
        store.close()


def add_response(data_dir: Path, title: str) -> None:
    store = Store.open(data_dir, seed=False)
    try:
        create_response(store, ResponseDetails(consultation_title=title))
    finally:
        store.close()


def damage(path: Path) -> None:
    """Overwrite pages in the middle of a database, as a failing disk would; the header survives."""
    size = path.stat().st_size
    assert size >= 4 * 4096, "the database should have pages to damage"
    with path.open("r+b") as f:
        f.seek(4096 * 2)
        f.write(b"\xa5" * min(4096 * 4, size - 4096 * 2))


@pytest.fixture
def library(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library whose Store.open makes no daily copy on the real clock: these tests set the time."""
    import drafter.core.store as store_module

    monkeypatch.setattr(store_module, "daily_backup_if_due", lambda *a, **k: None)
    Store.open(data_dir, seed=False).close()
    return data_dir


# --- rotation ---------------------------------------------------------------------------------


def fake(kind: str, when: datetime, n: int = 1) -> BackupInfo:
    name = {KIND_DAILY: "daily", KIND_IMPORT: "before-bundle-import",
            KIND_MIGRATION: "before-migration-from-0001"}[kind]
    bid = f"{name}-{when:%Y%m%dT%H%M%S}Z" + (f"-{n}" if n > 1 else "")
    return BackupInfo(bid, Path(bid + ".sqlite"), kind, when, 1, None, n)


def kept_days(kind: str, days: list[float], now_day: float) -> list[float]:
    backups = [fake(kind, at(d)) for d in days]
    keep = plan_rotation(backups, at(now_day))
    return [d for d, b in zip(days, backups, strict=True) if b.id in keep]


@pytest.mark.parametrize(
    ("kind", "days", "now", "kept"),
    [
        # daily: fewer than 7 — all kept
        (KIND_DAILY, [0, 1, 2], 2, [0, 1, 2]),
        # daily, 10 days in a row from Monday 2 Nov: the 7 newest (days 3–9) and the first of each
        # week (Mon 2 Nov = day 0, Mon 9 Nov = day 7, already among the 7)
        (KIND_DAILY, list(range(10)), 9, [0, 3, 4, 5, 6, 7, 8, 9]),
        # daily over 8 weeks, one a day: 7 newest + the first of the 4 newest weeks
        (KIND_DAILY, list(range(56)), 55, [28, 35, 42, 49, 50, 51, 52, 53, 54, 55]),
        # daily, used only now and then: 7 days *of use*, however long ago
        (KIND_DAILY, [0, 20, 40, 60, 80, 100, 120, 140, 160], 160, [40, 60, 80, 100, 120, 140, 160]),
        # safety copies: the 10 newest, fewer if older than 30 days…
        (KIND_IMPORT, list(range(12)), 12, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
        (KIND_IMPORT, [0, 1, 40, 41], 45, [40, 41]),
        # …but the newest of each kind stays, however old
        (KIND_MIGRATION, [0, 1], 400, [1]),
        (KIND_IMPORT, [5], 400, [5]),
    ],
    ids=["few-daily", "ten-days", "eight-weeks", "sparse-use", "safety-ten", "safety-30-days",
         "newest-migration-stays", "lone-import-stays"],
)
def test_rotation(kind: str, days: list[float], now: float, kept: list[float]) -> None:
    assert kept_days(kind, days, now) == kept


def test_rotation_treats_each_kind_apart() -> None:
    backups = [fake(KIND_DAILY, at(d)) for d in range(8)] + [fake(KIND_IMPORT, at(0)), fake(KIND_MIGRATION, at(0))]
    keep = plan_rotation(backups, at(8))
    assert {b.kind for b in backups if b.id in keep} == {KIND_DAILY, KIND_IMPORT, KIND_MIGRATION}
    assert backups[0].id in keep  # day 0 is the first of its week


def test_rotation_on_disk_deletes_only_drafters_own_files(library: Path) -> None:
    folder = backups_dir(library)
    for day in range(12):
        make_backup(library, KIND_DAILY, now=at(day))
    (folder / "my-own-copy.sqlite").write_bytes(b"the user's")
    old_partial = folder / "daily-20200101T000000Z.sqlite.partial"
    old_partial.write_bytes(b"left by a crash")
    os.utime(old_partial, (0, 0))
    make_backup(library, KIND_DAILY, now=at(12))
    names = sorted(p.name for p in folder.iterdir())
    assert "my-own-copy.sqlite" in names
    assert old_partial.name not in names
    daily = [b for b in list_backups(library) if b.kind == KIND_DAILY]
    assert [b.created for b in daily] == [at(d) for d in range(12, 5, -1)] + [at(0)]


# --- schedule ---------------------------------------------------------------------------------


def test_daily_backup_once_a_day_on_an_injected_clock(library: Path) -> None:
    assert daily_backup_if_due(library, now=at(0)) is not None
    assert daily_backup_if_due(library, now=at(0, hours=10)) is None  # later the same day
    made = daily_backup_if_due(library, now=at(1))
    assert made is not None and made.created == at(1) and made.kind == KIND_DAILY
    assert daily_backup_if_due(library, now=at(0, hours=3)) is None  # the clock went back: not again
    assert [b.created for b in list_backups(library)] == [at(1), at(0)]


def test_store_open_makes_the_days_backup_from_the_second_start(data_dir: Path) -> None:
    Store.open(data_dir).close()
    # A brand-new library holds only the stored articles, which ship with Drafter.
    assert list_backups(data_dir) == []
    Store.open(data_dir).close()
    Store.open(data_dir).close()
    (made,) = list_backups(data_dir)
    assert (made.kind, made.ok) == (KIND_DAILY, True)


def test_a_failed_daily_backup_is_reported_but_the_library_opens(data_dir: Path) -> None:
    Store.open(data_dir).close()
    backups_dir(data_dir).write_text("a file where the backups folder should be")
    store = Store.open(data_dir)
    try:
        assert store.backup_problem is not None and "backup" in store.backup_problem
    finally:
        store.close()


def test_list_backups_reports_kind_size_and_health(library: Path) -> None:
    add_response(library, "Before the import")
    imp = make_backup(library, KIND_IMPORT, now=at(0))
    daily = make_backup(library, KIND_DAILY, now=at(1))
    damage(daily.path)
    listed = list_backups(library)
    assert [(b.id, b.kind, b.ok) for b in listed] == [(daily.id, KIND_DAILY, False), (imp.id, KIND_IMPORT, True)]
    assert all(b.size == b.path.stat().st_size > 0 for b in listed)


# --- restore ----------------------------------------------------------------------------------


def test_restore_round_trip_keeps_the_replaced_database_aside(library: Path) -> None:
    add_response(library, "Written before the backup")
    backup = make_backup(library, KIND_DAILY)
    add_response(library, "Written after the backup")

    result = restore_backup(library, backup.id)

    assert titles(library) == ["Written before the backup"]
    assert result.set_aside is not None and result.set_aside.name.startswith("drafter.sqlite.replaced-")
    assert result.set_aside.parent == library
    # The replaced database is whole by itself: its -wal was folded in before it was moved.
    con = sqlite3.connect(f"file:{result.set_aside}?mode=ro", uri=True)
    try:
        assert {r[0] for r in con.execute("SELECT consultation_title FROM response")} == {
            "Written before the backup", "Written after the backup"}
    finally:
        con.close()
    # Restoring never consumes the backup: it can be restored again.
    assert check_backup(backup.path) == "ok"


def test_a_damaged_backup_is_refused_and_nothing_changes(library: Path) -> None:
    add_response(library, "Current work")
    backup = make_backup(library, KIND_DAILY)
    damage(backup.path)
    before = database_path(library).read_bytes()
    with pytest.raises(RefusedError, match="is damaged") as refused:
        restore_backup(library, backup.id)
    assert "was not changed" in (refused.value.hint or "")
    assert database_path(library).read_bytes() == before
    assert not list(library.glob("*.replaced-*"))


def test_an_unknown_backup_is_refused(library: Path) -> None:
    with pytest.raises(NotFoundError, match="no backup called"):
        restore_backup(library, "daily-19990101T000000Z")


HOLDS_THE_LOCK = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from drafter.core.applock import lock_data_folder\n"
    "held = lock_data_folder(Path(sys.argv[1]))\n"
    "print('held', flush=True)\n"
    "time.sleep(30)\n"
)


def test_restore_is_refused_while_another_drafter_holds_the_folder(library: Path) -> None:
    backup = make_backup(library, KIND_DAILY)
    # Another Drafter, holding the folder's lock as a window does.
    other = subprocess.Popen([sys.executable, "-c", HOLDS_THE_LOCK, str(library)], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        before = database_path(library).read_bytes()
        with pytest.raises(RefusedError, match="Drafter is open"):
            restore_backup(library, backup.id)
        assert database_path(library).read_bytes() == before
    finally:
        other.kill()
        other.wait()
        assert other.stdout is not None
        other.stdout.close()
    # Its process gone, the lock is stale (as after a crash) and no longer stands in the way.
    assert restore_backup(library, backup.id).restored.id == backup.id


def test_this_processes_own_lock_does_not_block_a_restore(library: Path) -> None:
    backup = make_backup(library, KIND_DAILY)
    held = lock_data_folder(library)  # the window restoring after closing its store
    try:
        restore_backup(library, backup.id)
    finally:
        assert held is not None
        held.unlock()


# --- a damaged database at start-up -----------------------------------------------------------


def test_damaged_database_at_start_names_the_newest_good_backup(library: Path) -> None:
    add_response(library, "Saved in the backup")
    older = make_backup(library, KIND_DAILY, now=at(0))
    newest_damaged = make_backup(library, KIND_DAILY, now=at(1))
    damage(newest_damaged.path)
    for n in range(40):  # enough pages to damage without touching the header
        add_response(library, f"Later work {n} " + "x" * 400)
    path = database_path(library)
    damage(path)
    damaged_bytes = path.read_bytes()

    with pytest.raises(DamagedDatabaseError) as caught:
        Store.open(library)
    assert isinstance(caught.value, DatabaseDamagedError)
    assert "damaged" in caught.value.message
    assert caught.value.newest_backup is not None and caught.value.newest_backup.id == older.id
    assert older.id in (caught.value.hint or "")
    assert path.read_bytes() == damaged_bytes  # never written to

    result = restore_backup(library, caught.value.newest_backup.id)
    assert result.set_aside is not None and result.set_aside.read_bytes() == damaged_bytes
    assert titles(library) == ["Saved in the backup"]


def test_damaged_database_without_any_backup_says_so(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    database_path(data_dir).write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(DamagedDatabaseError) as caught:
        Store.open(data_dir)
    assert caught.value.newest_backup is None
    assert "no backup" in (caught.value.hint or "")


def test_a_restore_that_fails_halfway_puts_the_database_back(library: Path, monkeypatch) -> None:
    add_response(library, "Current work")
    backup = make_backup(library, KIND_DAILY)
    add_response(library, "More current work")
    real_replace = Path.replace

    def disk_full(self: Path, target: Path) -> Path:
        if self.name == "checked.sqlite":  # the checked copy, moved in once the database is set aside
            raise OSError(28, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", disk_full)
    with pytest.raises(RefusedError, match="could not copy the backup") as refused:
        restore_backup(library, backup.id)
    assert "was not changed" in (refused.value.hint or "")
    assert sorted(titles(library)) == ["Current work", "More current work"]
    assert not list(library.glob("*.replaced-*"))


def test_a_lock_whose_pid_now_runs_another_program_is_stale(library: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the program behind a pid is read from /proc")
    backup = make_backup(library, KIND_DAILY)
    other = subprocess.Popen(["sleep", "30"])  # alive, but not the program that wrote the lock
    try:
        lock_path(library).write_text(f"{other.pid}\ndrafter-gui\n{platform.node()}\n")
        restore_backup(library, backup.id)
    finally:
        other.kill()
        other.wait()


def test_many_copies_in_one_second_are_all_made_and_rotated_in_order(library: Path) -> None:
    made = [make_backup(library, KIND_IMPORT, now=at(0)) for _ in range(14)]
    assert [m.sequence for m in made] == list(range(1, 15))
    assert all(m.path.name.startswith("before-bundle-import-") for m in made)
    kept = [b.id for b in list_backups(library, check=False)]
    assert kept == [m.id for m in reversed(made[4:])]  # the 10 newest
    again = make_backup(library, KIND_IMPORT, now=at(0))
    assert again.sequence == 15 and again.path.is_file()

"""Start-up safety in the window: a damaged database, a second window on the same folder."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from drafter.core.applock import AlreadyOpenError, lock_data_folder, lock_path
from drafter.core.paths import database_path
from drafter.core.responses.operations import create_response, list_responses
from drafter.core.responses.records import ResponseDetails
from drafter.core.store import Store
from drafter.core.store.backups import KIND_DAILY, make_backup
from drafter.ui import application
from drafter.ui.application import make_application
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def damaged(data_dir: Path) -> bytes:
    """A library with one good backup, then more work, then a disk fault in the database."""
    store = Store.open(data_dir)
    try:
        create_response(store, ResponseDetails(consultation_title="In the backup"))
        make_backup(data_dir, KIND_DAILY)
        for n in range(30):
            create_response(store, ResponseDetails(consultation_title=f"Later {n} " + "x" * 400))
    finally:
        store.close()
    path = database_path(data_dir)
    with path.open("r+b") as f:
        f.seek(4096 * 3)
        f.write(b"\xa5" * 4096 * 8)
    return path.read_bytes()


def set_aside(data_dir: Path) -> list[Path]:
    """Databases set aside by a restore (not their -wal/-shm companions)."""
    return [p for p in data_dir.glob("drafter.sqlite.replaced-*") if not p.name.endswith(("-wal", "-shm"))]


def _answer(monkeypatch: pytest.MonkeyPatch, button_text: str, seen: list[str]) -> None:
    def fake_exec(box: QMessageBox) -> int:
        seen.append(box.text() + "\n" + box.informativeText())
        next(b for b in box.buttons() if b.text().startswith(button_text)).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)


@pytest.mark.sqlite_file  # a damaged data-folder file, restored from its backup
def test_damaged_database_offers_the_newest_backup_and_restores_it(
    qtbot, data_dir: Path, damaged: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    _answer(monkeypatch, "Restore the newest backup (from ", seen)
    make_application()
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    try:
        assert application.open_library(window, interactive=True) is True
        assert window.store is not None
        assert [r.consultation_title for r in list_responses(window.store)] == ["In the backup"]
    finally:
        window.close_library()
    assert "damaged" in seen[0] and "Nothing has been changed" in seen[0]
    (aside,) = set_aside(data_dir)
    assert aside.read_bytes() == damaged  # kept, never overwritten


@pytest.mark.sqlite_file  # a damaged data-folder file, left as it was
def test_damaged_database_and_quit_changes_nothing(
    qtbot, data_dir: Path, damaged: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    _answer(monkeypatch, "Quit", seen)
    make_application()
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    assert application.open_library(window, interactive=True) is False
    assert window.store is None
    assert database_path(data_dir).read_bytes() == damaged
    assert not list(data_dir.glob("drafter.sqlite.replaced-*"))


@pytest.mark.sqlite_file  # the data-folder lock
def test_a_second_window_on_the_same_folder_is_refused(qtbot, data_dir: Path) -> None:
    make_application()
    first = lock_data_folder(data_dir)
    assert first is not None
    try:
        with pytest.raises(AlreadyOpenError, match="already open on this data folder"):
            lock_data_folder(data_dir)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DRAFTER_DATA_DIR=str(data_dir))
        result = subprocess.run([sys.executable, "-m", "drafter", "--quit-after-load"],
                                check=False, capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 1
        assert "already open" in result.stderr and "Traceback" not in result.stderr
    finally:
        first.unlock()
    again = lock_data_folder(data_dir)  # released: the next start gets it
    assert again is not None
    again.unlock()


@pytest.mark.sqlite_file  # the data-folder lock, after a crash
def test_a_lock_left_by_a_crash_is_recovered(qtbot, data_dir: Path) -> None:
    make_application()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    data_dir.mkdir(parents=True)
    lock_path(data_dir).write_text(f"{gone.pid}\ndrafter\n{platform.node()}\n")
    lock = lock_data_folder(data_dir)
    assert lock is not None
    lock.unlock()


@pytest.mark.sqlite_file  # restores the data folder's file (a team library: the test below)
def test_file_restore_from_backup_puts_the_chosen_backup_back(qtbot, data_dir: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    from drafter.ui.restore_dialog import restore_from_backup

    make_application()
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.open_library()
    try:
        assert window.store is not None
        create_response(window.store, ResponseDetails(consultation_title="In the backup"))
        make_backup(data_dir, KIND_DAILY)
        create_response(window.store, ResponseDetails(consultation_title="After the backup"))
        offered: list[list[str]] = []
        monkeypatch.setattr(QInputDialog, "getItem",
                            lambda parent, title, label, items, *a: offered.append(list(items)) or (items[0], True))
        _answer(monkeypatch, "Restore", [])
        assert restore_from_backup(window) is True
        assert len(offered[0]) == 1 and "daily backup" in offered[0][0]
        assert [r.consultation_title for r in list_responses(window.store)] == ["In the backup"]
        assert window.undo_stack.count() == 0
    finally:
        window.close_library()
    assert len(set_aside(data_dir)) == 1


def test_file_restore_from_backup_on_a_team_library_points_to_the_servers_backups_and_changes_nothing(
        qtbot, data_dir: Path, server_library: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    from drafter.ui.restore_dialog import restore_from_backup

    local = Store.open(data_dir)  # the data folder's own library, with a backup: not the library on screen
    create_response(local, ResponseDetails(consultation_title="Local, in the backup"))
    make_backup(data_dir, KIND_DAILY)
    local.close()
    file_before = database_path(data_dir).read_bytes()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"asked: {box.text()}"))
    monkeypatch.setattr(QInputDialog, "getItem", lambda _parent, _title, _label, items, *_a: pytest.fail(
        f"offered the data folder's backups for a team library: {items}"))
    make_application()
    window = MainWindow(data_dir, database=server_library)
    qtbot.addWidget(window)
    window.open_library()
    try:
        assert window.store is not None and window.store.is_server
        create_response(window.store, ResponseDetails(consultation_title="On the server"))
        assert restore_from_backup(window) is False
        assert len(told) == 1 and "pg_dump" in told[0] and "server" in told[0]
        assert window.store is not None and window.store.is_server
        assert [r.consultation_title for r in list_responses(window.store)] == ["On the server"]
    finally:
        window.close_library()
    assert database_path(data_dir).read_bytes() == file_before and set_aside(data_dir) == []


def test_the_days_backup_is_made_after_the_library_is_on_screen(qtbot, data_dir: Path, library_engine: str) -> None:
    """On a team library there is none (the server's backups are pg_dump's, docs/team-server.md):
    the data folder's own library is not the one on screen, and the status bar claims nothing."""
    Store.open(data_dir).close()  # yesterday's library: there is something to protect
    before = set((data_dir / "backups").glob("*")) if (data_dir / "backups").exists() else set()
    make_application()
    window = MainWindow(data_dir, database=os.environ.get("DRAFTER_DATABASE") if library_engine == "postgresql"
                        else None)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.later_checks_finished, timeout=30_000):
            assert application.open_library(window, interactive=True) is True
        assert window.store is not None and window.store.is_server == (library_engine == "postgresql")
        after = set((data_dir / "backups").glob("*daily*"))
        if library_engine == "sqlite":
            assert after - before, "no daily backup was made"
        else:
            assert after - before == set(), "a team library's window copied the data folder's file"
            assert window.backup_status.isHidden() and "backup" not in window.statusBar().currentMessage()
    finally:
        window.close_library()


@pytest.mark.sqlite_file  # the file's integrity check, after opening
def _window_whose_check_is(check, qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A window (no library open yet) whose big-database check, run after opening, is ``check``;
    and the messages it shows, each answered by restoring the newest backup."""
    import drafter.core.store as store_module

    seen: list[str] = []
    _answer(monkeypatch, "Restore the newest backup (from ", seen)
    make_application()
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    monkeypatch.setattr(store_module, "_check_integrity", check)
    return window, seen


def test_a_big_database_found_damaged_after_opening_offers_the_backup(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import drafter.core.store as store_module

    store = Store.open(data_dir)
    create_response(store, ResponseDetails(consultation_title="In the backup"))
    make_backup(data_dir, KIND_DAILY)
    create_response(store, ResponseDetails(consultation_title="Later"))
    store.close()
    # Every database counts as big, so its check runs once the window is open; and that check
    # finds damage the first reads did not touch (the real check is tested in tests/core).
    monkeypatch.setattr(Store, "CHECK_FIRST_BYTES", 0)
    checked: list[str] = []

    def finds_damage(folder: Path, _path: Path) -> None:
        checked.append(threading.current_thread().name)
        if len(checked) == 1:  # the restored copy, checked next, is fine
            raise store_module.damaged_database_error(folder)

    window, seen = _window_whose_check_is(finds_damage, qtbot, data_dir, monkeypatch)
    try:
        assert application.open_library(window, interactive=True) is True
        assert window.library_panel.source_count() == 5 and not seen  # on screen first
        qtbot.waitUntil(lambda: len(checked) == 2, timeout=30_000)
        assert checked == ["drafter-later-checks"] * 2  # never on the window's thread
        assert "damaged" in seen[0]
        assert window.store is not None
        assert [r.consultation_title for r in list_responses(window.store)] == ["In the backup"]
    finally:
        window.close_library()
    assert len(set_aside(data_dir)) == 1


def test_damage_found_in_a_library_closed_meanwhile_leaves_the_open_one_alone(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The later checks of a library run in a thread; the window may have closed that library
    # and opened another (or the same folder again) before they end. What they find is about
    # the library they checked: before, a late "damaged" closed whichever library was open.
    import drafter.core.store as store_module

    Store.open(data_dir).close()
    monkeypatch.setattr(Store, "CHECK_FIRST_BYTES", 0)
    release = threading.Event()
    calls: list[int] = []

    def slow_then_damaged(folder: Path, _path: Path) -> None:
        calls.append(1)
        if len(calls) == 1:
            release.wait(30)
            raise store_module.damaged_database_error(folder)

    window, seen = _window_whose_check_is(slow_then_damaged, qtbot, data_dir, monkeypatch)
    try:
        assert application.open_library(window, interactive=True) is True
        qtbot.waitUntil(lambda: len(calls) == 1, timeout=30_000)  # the first library's check is running
        first = window.store
        window.close_library()
        with qtbot.waitSignal(window.later_checks_finished, timeout=30_000):
            assert application.open_library(window, interactive=True) is True
        assert window.store is not None and window.store is not first and len(calls) == 2
        release.set()  # the first library's check now finds damage
        qtbot.wait(500)
        assert not seen  # nothing offered
        assert window.store is not None and window.library_panel.source_count() == 5
        assert not set_aside(data_dir)
    finally:
        release.set()
        window.close_library()

"""Start the window: paint first, then open the library.

The window's frame (title, menus, status bar) is shown before its panels are
built and before the database is opened or anything slow is imported, so the
user sees Drafter at once; the panels and the library follow in the event
loop's next turn, in one go. ``--quit-after-load`` prints both moments in
milliseconds.

Before the window, the data folder's lock is taken: a second window on the same
folder is told and exits. When the library is opened, a damaged database is
reported plainly with the newest good backup offered (``damaged_database``).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from drafter import APP_NAME, __version__
from drafter.core.errors import DrafterError
from drafter.core.paths import resolve_data_dir, resolve_database
from drafter.ui.after_paint import after_next_paint

if TYPE_CHECKING:
    from drafter.core.applock import DataFolderLock

if TYPE_CHECKING:
    from drafter.ui.main_window import MainWindow


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("drafter")
    from drafter.ui.accessibility import use_readable_palette

    # The desktop's palette (light or dark), with disabled text and placeholders made readable (WCAG AA).
    use_readable_palette(app)
    from drafter.ui.icons import app_icon

    icon: QIcon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    return app


def run_app(args: argparse.Namespace, *, started: float) -> int:
    app = make_application()
    from drafter.ui.main_window import MainWindow

    data_dir = resolve_data_dir(args.data_dir)
    # --database (the full parser) or DRAFTER_DATABASE: a team library on a server, for this run.
    database = resolve_database(getattr(args, "database", None))
    # Its frame: the panels are built after the first paint.
    window = MainWindow(data_dir, build=False, database=database)
    times: dict[str, float] = {}
    status = {"code": 0}
    held: list[DataFolderLock] = []  # the data folder's lock, once taken

    def take_the_lock() -> bool:
        """The data folder's lock, before the library is opened (filelock's import waits until after the paint)."""
        from drafter.core.applock import AlreadyOpenError, lock_data_folder

        try:
            lock = lock_data_folder(data_dir)
        except AlreadyOpenError as exc:
            status["code"] = 1
            if args.quit_after_load:
                print(f"drafter: {exc}", file=sys.stderr)
            else:
                show_error(window, "Drafter is already open", exc)
            app.quit()
            return False
        if lock is not None:
            held.append(lock)
        return True

    def load() -> None:
        if not take_the_lock():
            return
        try:
            opened = open_library(window, interactive=not args.quit_after_load)
        except Exception as exc:
            status["code"] = 1
            if not isinstance(exc, DrafterError):
                from drafter.core.errorlog import write_report

                if args.quit_after_load:  # run from a terminal or a script: the details there too
                    import traceback

                    traceback.print_exc()
                written = write_report(exc, data_dir, context="opening the library")
                where = f"The details are in {written.path}." if written else "The details could not be written."
                exc = DrafterError(
                    f"Drafter could not open its library because of an unexpected error ({type(exc).__name__}).",
                    hint=f"{where} Please report the problem.",
                )
            if args.quit_after_load:
                print(f"drafter: {exc}", file=sys.stderr)
            else:
                show_error(window, "Drafter cannot open its library", exc)
            app.quit()
            return
        if not opened:  # a damaged database, and the user chose Quit: they have been told
            status["code"] = 1
            app.quit()
            return
        times["library"] = (time.perf_counter() - started) * 1000
        if args.quit_after_load:
            print(f"first paint: {times['paint']:.0f} ms")
            print(f"library loaded: {times['library']:.0f} ms ({window.source_count()} sources)")
            QTimer.singleShot(0, app.quit)

    def painted() -> None:
        times["paint"] = (time.perf_counter() - started) * 1000
        from drafter.ui.problem_report import install_problem_hooks

        # From here on an unexpected error is shown in a dialog and written to the problem log,
        # never only printed to a terminal the user may not have. (Installed just after the first
        # paint: the dialog's module brings Qt's namespace, 15 ms the window's frame need not wait for.)
        hooks = install_problem_hooks(data_dir, lambda: window if window.isVisible() else None)
        # A read from a team library whose server went away: the window's banner, not a problem report.
        hooks.reporter.unreachable.connect(lambda message: window.team.read_failed(message) if window.built else None)
        QTimer.singleShot(0, load)

    after_next_paint(window, painted)
    window.show()
    code = app.exec()
    window.close_library()
    for lock in held:
        lock.unlock()
    return status["code"] or code


def open_library(window: MainWindow, *, interactive: bool) -> bool:
    """Open the window's library; on a damaged database, offer the newest backup first.

    False if the database is damaged and the user chose to quit (or the restore failed,
    which was shown to them).
    """
    from drafter.core.store import DamagedDatabaseError

    try:
        window.open_library()
    except DamagedDatabaseError as exc:
        from drafter.ui.damaged_database import offer_restore

        if not interactive:
            raise
        if not offer_restore(window, exc):
            return False
        window.open_library()  # the restored copy; if that fails too, the caller says so
    # The day's backup is made once the library is on screen; if it fails, the window says so.
    return True


def show_error(parent: QWidget | None, title: str, exc: DrafterError) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(exc.message)
    if exc.hint:
        box.setInformativeText(exc.hint)
    box.exec()

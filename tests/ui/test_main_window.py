"""The main window as a user meets it: the library, the reader, the remembered layout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from drafter.ui.application import make_application
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _titles(win: MainWindow) -> list[str]:
    model = win.library_panel.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_window_lists_the_five_stored_articles(window: MainWindow) -> None:
    titles = _titles(window)
    assert len(titles) == 5
    assert "Rights fears as Met ramps up tech use" in titles
    assert "Untitled source" in titles
    assert "5 sources" in window.library_panel.heading.text()


def test_selecting_a_source_shows_its_text_and_facts(window: MainWindow, qtbot) -> None:
    row = _titles(window).index("Rights fears as Met ramps up tech use")
    window.library_panel.select_row(row)
    text = window.reader.text.toPlainText()
    assert text.startswith("THE Met Police yesterday (Thursday) unveiled a plan")
    assert "By Tom Foot" not in text
    facts = window.reader.facts.text()
    assert "Tom Foot" in facts and "West End Extra" in facts and "1 August 2025" in facts
    assert "Access date unknown" in facts  # not in the checked facts: said, not invented


def test_unknown_facts_are_shown_as_unknown(window: MainWindow) -> None:
    window.library_panel.select_row(_titles(window).index("Untitled source"))
    facts = window.reader.facts.text()
    assert "Untitled source" in facts and "LBC" in facts and "Chay Quinn" in facts


def test_markup_in_facts_is_shown_as_text(window: MainWindow) -> None:
    from drafter.core.records import SourceRecord
    from drafter.ui.reader import facts_html

    record = SourceRecord(
        id=1, type="webpage", title="<img src='http://example.com/x.png'>", publisher="<b>P</b>",
        authors=None, date=None, url=None, accessed=None, standfirst=None, original_filename=None,
        format="html", content_hash="", text="", fact_basis={}, stored_article=None, created_at="", updated_at="",
    )
    html = facts_html(record)
    assert "<img" not in html and "&lt;img" in html


def test_library_sorts_by_title_and_date(window: MainWindow) -> None:
    view = window.library_panel.view
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    titles = _titles(window)
    assert titles[0].startswith("Met Police to double") and titles[-1] == "Untitled source"
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    titles = _titles(window)
    assert titles[0].startswith("Rights fears") and titles[-1] == "Untitled source"
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        view.sortByColumn(2, order)
        dates = [window.library_panel.model.index(r, 2).data() for r in range(5)]
        assert dates[-1] == "Unknown"
        assert dates[0] == ("4 December 2025" if order == Qt.SortOrder.DescendingOrder else "31 July 2025")


def test_geometry_is_remembered_in_the_data_folder(qtbot, data_dir: Path) -> None:
    make_application()
    first = MainWindow(data_dir)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 520)
    size = (first.width(), first.height())
    first.close()
    assert (data_dir / "window.ini").is_file()
    second = MainWindow(data_dir)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == size != (1280, 800)


def test_menus_have_the_standard_entries(window: MainWindow) -> None:
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["File", "Edit", "View", "Response", "Help"]
    help_items = [a.text().replace("&", "") for a in menus["Help"].actions()]
    assert "About Drafter" in help_items and "Report a Problem…" in help_items
    quit_action = next(a for a in menus["File"].actions() if a.text() == "&Quit")
    assert not quit_action.shortcut().isEmpty()


def test_about_box_names_version_and_licences(window: MainWindow, data_dir: Path) -> None:
    from drafter import __version__
    from drafter.ui.about import about_html

    html = about_html(data_dir)
    assert __version__ in html and "Lesser General Public License" in html
    assert "SQLAlchemy" in html and "python-docx" in html and "MIT" in html


def _start(*argv: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DRAFTER_DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, "-m", "drafter", *argv], capture_output=True, text=True, env=env, timeout=180, check=False
    )


def _script(script: str, data_dir: Path, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a Python of its own (offscreen Qt), with the data folder as its argument."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", script, str(data_dir)], check=check, capture_output=True,
                          text=True, env=env, timeout=120)


def test_quit_after_load_prints_start_up_times(data_dir: Path, library_engine: str) -> None:
    result = _start("--quit-after-load", data_dir=data_dir)  # on a team library: DRAFTER_DATABASE, inherited
    assert result.returncode == 0, result.stderr
    # The library it opened: the data folder's file, or the server's (which leaves no file here).
    assert (data_dir / "drafter.sqlite").is_file() == (library_engine == "sqlite")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("first paint: ") and lines[0].endswith(" ms")
    assert lines[1].startswith("library loaded: ") and "(5 sources)" in lines[1]
    paint = float(lines[0].split()[2])
    loaded = float(lines[1].split()[2])
    assert 0 < paint <= loaded


def test_start_up_on_a_damaged_database_says_so(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "drafter.sqlite").write_bytes(b"garbage" * 1000)
    result = _start("--quit-after-load", data_dir=data_dir)
    assert result.returncode == 1
    assert "damaged" in result.stderr and "Traceback" not in result.stderr


def test_start_up_error_is_shown_in_a_dialog(qtbot, data_dir: Path, monkeypatch) -> None:
    from drafter.core.errors import DataFolderError
    from drafter.ui import application

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())) or 0)
    make_application()
    application.show_error(None, "Drafter cannot open its library", DataFolderError("It is read-only."))
    assert shown == [("Drafter cannot open its library", "It is read-only.")]


def test_an_up_to_date_library_opens_without_importing_the_orm(data_dir: Path) -> None:
    """SQLAlchemy takes half a second to import: the library must be on screen first."""
    from drafter.core.store import Store

    Store.open(data_dir).close()  # made and migrated already, as on every start but the first
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from drafter.ui.application import make_application\n"
        "from drafter.ui.main_window import MainWindow\n"
        "app = make_application()\n"
        "window = MainWindow(Path(sys.argv[1]))\n"
        "window._run_later_checks = lambda store: None  # the thread that imports it on purpose\n"
        "window.open_library()\n"
        "window.show()\n"
        "app.processEvents()\n"
        "assert window.source_count() == 5 and window.reader.current_id is not None\n"
        "print('sqlalchemy' in sys.modules, 'sqlmodel' in sys.modules)\n"
        "window.close_library()\n"
    )
    result = _script(script, data_dir)
    assert result.stdout.split() == ["False", "False"]


@pytest.mark.usefixtures("library_engine")
def test_the_frame_comes_before_the_panels_and_keeps_its_menus(data_dir: Path) -> None:
    """The first frame needs none of the panels' code; building them fills the same menus."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from drafter.core.paths import resolve_database\n"
        "from drafter.ui.application import make_application\n"
        "from drafter.ui.main_window import MainWindow\n"
        "app = make_application()\n"
        "window = MainWindow(Path(sys.argv[1]), build=False, database=resolve_database())\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('drafter.ui.') and m.endswith(('_panel', 'reader')))\n"
        "before = [a.text() for a in window.menuBar().actions()]\n"
        "empty = [len(m.actions()) for m in window.menus.values()]\n"
        "status = window.statusBar().findChildren(type(window.status_label))[0].text()\n"
        "window.open_library()\n"
        "after = [a.text() for a in window.menuBar().actions()]\n"
        "filled = [len(m.actions()) for m in window.menus.values()]\n"
        "print(json.dumps([loaded, before, after, empty, min(filled), status, window.source_count()]))\n"
        "window.close_library()\n"
    )
    result = _script(script, data_dir)
    import json

    loaded, before, after, empty, least, status, sources = json.loads(result.stdout)
    assert loaded == []
    assert before == after == ["&File", "&Edit", "&View", "&Response", "&Help"]
    assert empty == [0, 0, 0, 0, 0] and least > 0
    assert status == "Opening the library…"
    assert sources == 5


@pytest.mark.usefixtures("library_engine")  # run_app opens the team library DRAFTER_DATABASE names, if set
def test_the_window_is_painted_before_its_panels_are_built(data_dir: Path) -> None:
    """``run_app`` shows the frame, and builds the panels and opens the library after its first paint."""
    script = (
        "import sys\n"
        "from types import SimpleNamespace\n"
        "from drafter.ui import application\n"
        "from drafter.ui.main_window import MainWindow\n"
        "events = []\n"
        "build = MainWindow.build\n"
        "def watched_build(self):\n"
        "    events.append('build')\n"
        "    build(self)\n"
        "MainWindow.build = watched_build\n"
        "after = application.after_next_paint\n"
        "def watched_paint(window, on_painted):\n"
        "    after(window, lambda: (events.append('painted'), on_painted()))\n"
        "application.after_next_paint = watched_paint\n"
        "code = application.run_app(SimpleNamespace(data_dir=sys.argv[1], quit_after_load=True), started=0)\n"
        "print(code, events[:2])\n"
    )
    result = _script(script, data_dir)
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "0 ['painted', 'build']"
    assert any(line.startswith("library loaded:") and "(5 sources)" in line for line in lines)


def test_closing_the_frame_before_the_panels_exist_saves_its_place(qtbot, data_dir: Path) -> None:
    window = MainWindow(data_dir, build=False)
    qtbot.addWidget(window)
    window.resize(700, 500)
    window.show()
    window.close()
    again = MainWindow(data_dir)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)


def test_the_orm_is_warmed_up_off_the_windows_thread(window: MainWindow, qtbot) -> None:
    import threading

    from drafter.core.store import Store

    threads: list[str] = []
    original = Store.warm_up

    def watched(self: Store, *then) -> None:
        threads.append(threading.current_thread().name)
        original(self, *then)

    Store.warm_up = watched  # type: ignore[method-assign]
    try:
        window.close_library()
        window.open_library()
        # Not the end of the checks: the fixture's own opening may end its checks just now, and
        # its signal came before this opening's warm-up had started (seen once on a server).
        qtbot.waitUntil(lambda: bool(threads), timeout=30_000)
    finally:
        Store.warm_up = original  # type: ignore[method-assign]
    assert set(threads) == {"drafter-later-checks"}
    assert window.store is not None and window.store._engine is not None


def test_what_lives_as_long_as_the_window_is_left_out_of_garbage_collection(
    window: MainWindow, qtbot, monkeypatch
) -> None:
    """A full collection walked every module and class, 48 ms on the window's thread; frozen, they are not."""
    import gc

    from drafter.ui import main_window

    calls: list[bool] = []
    real = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (calls.append("sqlalchemy.orm" in sys.modules), real()))
    monkeypatch.setattr(main_window, "_FROZEN", False)  # as in a fresh process
    for _ in range(2):
        window.close_library()
        with qtbot.waitSignal(window.later_checks_finished, timeout=30_000):
            window.open_library()
    assert calls == [True]  # once a process, after the start-up imports
    assert gc.get_freeze_count() > 10_000


@pytest.mark.usefixtures("library_engine")
def test_the_start_up_thread_waits_for_the_library_to_be_painted(qtbot, data_dir: Path) -> None:
    """While a thread runs Python, each call Qt makes into Python waits its turn: paint first."""
    from PySide6.QtCore import QEvent, QObject

    from drafter.core.paths import resolve_database

    make_application()
    window = MainWindow(data_dir, database=resolve_database())  # DRAFTER_DATABASE: the test's team library
    qtbot.addWidget(window)
    events: list[str] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                events.append("paint")
            return False

    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    paints = Paints(window)
    window.installEventFilter(paints)
    original = window._run_later_checks
    window._run_later_checks = lambda store: (events.append("thread"), original(store))  # type: ignore[method-assign]
    with qtbot.waitSignal(window.later_checks_finished, timeout=30_000):
        window.open_library()
        assert events == []  # nothing started yet: the lists have not been painted
    assert events.index("paint") < events.index("thread") and events.count("thread") == 1
    qtbot.wait(1100)  # the fallback for a window that is never painted must not start it again
    assert events.count("thread") == 1
    window.close_library()


def test_an_unexpected_error_while_opening_ends_the_start_instead_of_hanging(data_dir: Path) -> None:
    script = (
        "import sys\n"
        "import drafter.ui.main_window as main_window\n"
        "def broken(self):\n"
        "    raise RuntimeError('boom')\n"
        "main_window.MainWindow.open_library = broken\n"
        "from drafter.app import main\n"
        "raise SystemExit(main(['--quit-after-load', '--data-dir', sys.argv[1]]))\n"
    )
    result = _script(script, data_dir, check=False)
    assert result.returncode == 1
    assert "unexpected error (RuntimeError)" in result.stderr and "boom" in result.stderr


def test_a_backup_that_could_not_be_made_is_said_in_the_status_bar(window: MainWindow, qtbot,
                                                                   library_engine: str) -> None:
    import threading

    # The fixture opened the library before showing the window, so its later checks (the day's
    # backup, into backups/) began at once in a thread: let them end, and their "finished" arrive,
    # or that would be taken for the end of this test's own checks, and race with the rmtree.
    qtbot.waitUntil(lambda: all(t.name != "drafter-later-checks" for t in threading.enumerate()), timeout=30_000)
    qtbot.wait(50)
    window.close_library()
    backups = window.data_dir / "backups"
    if backups.is_dir():
        shutil.rmtree(backups)
    backups.write_text("not a folder")
    with qtbot.waitSignal(window.later_checks_finished, timeout=30_000):
        window.open_library()
    if library_engine == "postgresql":
        # A team library is backed up on its server (pg_dump, docs/team-server.md): the window
        # makes no copy of it, so it neither warns about the data folder nor touches it.
        assert window.store is not None and window.store.is_server
        assert not window.backup_status.isVisible() and window.backup_status.text() == ""
        assert "backup" not in window.statusBar().currentMessage().lower()
        assert backups.read_text() == "not a folder"
        return
    assert window.backup_status.isVisible()
    assert "could not make today's backup copy" in window.backup_status.text()
    assert "a file called “backups”" in window.backup_status.text()
    backups.unlink()  # moved away: the next start makes the copy, and the warning goes
    window.close_library()
    with qtbot.waitSignal(window.later_checks_finished, timeout=30_000):
        window.open_library()
    assert not window.backup_status.isVisible() and backups.is_dir()

"""The main window's layout and what it remembers: its panels, the splitter, the status bar.

``build_panels`` makes every panel and puts them in place (library, snippets and
search tabs on the left, the reader in the middle, the answers and overview on
the right); ``restore_geometry`` and ``save_state`` keep the window's size, the
splitters' proportions and the open response in ``window.ini`` in the data
folder. They are written when they change (``keep_state_saved``: at most
``STATE_SAVE_DELAY_MS`` later), not only at a clean quit, so a crash keeps them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QTabWidget

if TYPE_CHECKING:
    from pathlib import Path

    from drafter.ui.main_window import MainWindow


def window_settings(data_dir: Path) -> QSettings:
    return QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)


def restore_geometry(window: MainWindow) -> None:
    geometry = window.settings.value("geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(1280, 800)


#: The window's state is written this long after it last changed (a resize is many events).
STATE_SAVE_DELAY_MS = 500


def save_state(window: MainWindow) -> None:
    """The window's size and place, and (once built) how the splitters share it and the open response."""
    window.settings.setValue("geometry", window.saveGeometry())
    if window.built:
        window.settings.setValue("splitter", window.splitter.saveState())
        window.settings.setValue("answersSplitter", window.response_panel.split.saveState())
        document = window.response_panel.document
        if document is not None:
            window.settings.setValue("response", document.id)
    window.settings.sync()


def keep_state_saved(window: MainWindow) -> QTimer:
    """Save the window's state a moment after it changes: a resize, a splitter moved, a response chosen.

    Returns the timer; ``MainWindow`` starts it on its own resize and move events.
    """
    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.setInterval(STATE_SAVE_DELAY_MS)
    timer.timeout.connect(lambda: save_state(window))
    window.splitter.splitterMoved.connect(lambda *_: timer.start())
    window.response_panel.split.splitterMoved.connect(lambda *_: timer.start())
    shown: list[int | None] = [None]

    def response_shown() -> None:  # emitted after every save of typing too: only another response counts
        document = window.response_panel.document
        if document is not None and document.id != shown[0]:
            shown[0] = document.id
            timer.start()

    window.response_panel.response_changed.connect(response_shown)
    return timer


def build_panels(window: MainWindow) -> None:
    """Make the panels and the status bar's permanent labels, and lay them out."""
    from PySide6.QtCore import Qt  # not with this module: its first import costs 15 ms before the first frame

    from drafter.ui.library_panel import LibraryPanel
    from drafter.ui.overview_panel import OverviewPanel
    from drafter.ui.reader import ReaderPanel
    from drafter.ui.response_panel import ResponsePanel
    from drafter.ui.search_panel import SearchPanel
    from drafter.ui.snippets_panel import SnippetsPanel

    window.library_panel = LibraryPanel(window)
    window.library_panel.set_store(lambda: window.store)
    window.snippets_panel = SnippetsPanel(window)
    window.snippets_panel.set_store(lambda: window.store)
    window.left_tabs = QTabWidget(window)
    window.left_tabs.setObjectName("leftTabs")
    window.left_tabs.addTab(window.library_panel, "Library")
    window.left_tabs.addTab(window.snippets_panel, "Snippets")
    window.search_panel = SearchPanel(window)
    window.left_tabs.addTab(window.search_panel, "Search")
    window.reader = ReaderPanel(window)
    window.response_panel = ResponsePanel(lambda: window.store, window.operations, window)
    window.overview = OverviewPanel(window)
    window.right_tabs = QTabWidget(window)
    window.right_tabs.setObjectName("rightTabs")
    window.right_tabs.addTab(window.response_panel, "Answers")
    window.right_tabs.addTab(window.overview, "Overview")
    splitter = window.splitter = QSplitter(Qt.Orientation.Horizontal, window)
    splitter.setObjectName("mainSplitter")
    for panel in (window.left_tabs, window.reader, window.right_tabs):
        panel.setMinimumWidth(220)
        splitter.addWidget(panel)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 5)
    splitter.setStretchFactor(2, 3)
    splitter.setChildrenCollapsible(False)
    splitter.setSizes([480, 480, 520])  # the library wide enough for its titles
    window.setCentralWidget(splitter)
    splitter_state = window.settings.value("splitter")
    if splitter_state is not None:
        splitter.restoreState(splitter_state)
    answers_state = window.settings.value("answersSplitter")
    if answers_state is not None:
        window.response_panel.split.restoreState(answers_state)
    wanted = window.settings.value("response")
    if wanted is not None and str(wanted).isdigit():
        window.response_panel.wanted_response = int(wanted)
    window.save_problem = QLabel(window)
    window.save_problem.setObjectName("saveProblem")
    window.save_problem.setStyleSheet("color: white; background: #b00020; padding: 2px 8px; font-weight: bold")
    window.save_problem.setWordWrap(True)
    window.save_problem.hide()
    window.statusBar().addPermanentWidget(window.save_problem, 2)
    _make_room_for_buttons_in_the_status_bar(window)
    window.backup_status = QLabel(window)
    window.backup_status.setObjectName("backupStatus")
    window.backup_status.setAccessibleName("Backup problem")
    window.backup_status.setWordWrap(True)
    window.backup_status.hide()
    window.statusBar().addPermanentWidget(window.backup_status, 1)


def _make_room_for_buttons_in_the_status_bar(window: MainWindow) -> None:
    """The status bar is as tall as a button (the export's Cancel) from the start.

    A status bar that grows when a button appears in it lays the whole window
    out again (15–20 ms, measured: the longest pause of a first export) and
    moves everything above it by a few pixels.
    """
    bar = window.statusBar()
    own_margins = bar.sizeHint().height() - window.status_label.sizeHint().height()
    button = QPushButton("Cancel").sizeHint().height()
    bar.setMinimumHeight(max(bar.sizeHint().height(), button + max(own_margins, 0)))


def show_save_problem(window: MainWindow, message: str) -> None:
    from drafter.ui.accessibility import announce

    window.save_problem.setText(message)
    window.save_problem.show()
    announce(window, message, urgent=True)


def show_saved_again(window: MainWindow) -> None:
    from drafter.ui.accessibility import announce

    if window.save_problem.isVisible():
        announce(window, "Saved: everything you typed is on disk again.")
    window.save_problem.hide()


def show_backup_problem(window: MainWindow, problem: str | None) -> None:
    # A permanent part of the status bar, not a passing message: any widget's status tip
    # (a hover, a focus change) wipes a message, and a failed backup must stay said.
    window.backup_status.setText(f"⚠ {problem}" if problem else "")
    window.backup_status.setAccessibleDescription(problem or "")
    window.backup_status.setVisible(bool(problem))

"""The main window's layout and what it remembers: its panels, the splitter, the status bar.

``build_panels`` makes every panel and puts them in place (library, snippets and
search tabs on the left, the reader in the middle, the answers and overview on
the right); ``restore_geometry`` and ``save_state`` keep the window's size and
the splitter's proportions in ``window.ini`` in the data folder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
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


def save_state(window: MainWindow) -> None:
    """The window's size and place, and (once built) how the splitter shares its width."""
    window.settings.setValue("geometry", window.saveGeometry())
    if window.built:
        window.settings.setValue("splitter", window.splitter.saveState())
    window.settings.sync()


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
    splitter.setSizes([400, 520, 560])
    window.setCentralWidget(splitter)
    splitter_state = window.settings.value("splitter")
    if splitter_state is not None:
        splitter.restoreState(splitter_state)
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
    window.save_problem.setText(message)
    window.save_problem.show()


def show_backup_problem(window: MainWindow, problem: str | None) -> None:
    # A permanent part of the status bar, not a passing message: any widget's status tip
    # (a hover, a focus change) wipes a message, and a failed backup must stay said.
    window.backup_status.setText(f"⚠ {problem}" if problem else "")
    window.backup_status.setAccessibleDescription(problem or "")
    window.backup_status.setVisible(bool(problem))

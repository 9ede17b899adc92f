"""Drafter's main window: library on the left, reader in the middle, response on the right.

The window only arranges panels and routes signals; every read or change of
data goes through the core (``drafter.core.library`` …).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from drafter.core.errors import DrafterError
from drafter.ui.library_panel import LibraryPanel

if TYPE_CHECKING:
    from drafter.core.store import Store
from drafter.ui.reader import ReaderPanel
from drafter.ui.response_panel import ResponsePanel

ISSUES_HINT = (
    "<p>To report a problem, write down what you did, what you expected and what "
    "happened instead, and send it to the people who support Drafter in your "
    "organisation or open an issue in the project's issue tracker.</p>"
    "<p>Please include the version below. Never attach your database unless you "
    "are happy to share everything in it.</p>"
)


class MainWindow(QMainWindow):
    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.store: Store | None = None
        self.setWindowTitle("Drafter")
        self.setObjectName("mainWindow")
        self.library_panel = LibraryPanel(self)
        self.reader = ReaderPanel(self)
        self.response_panel = ResponsePanel(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for panel in (self.library_panel, self.reader, self.response_panel):
            panel.setMinimumWidth(220)
            self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([440, 620, 320])
        self.setCentralWidget(self.splitter)
        self._status = QLabel("Opening the library…", self)
        self.statusBar().addWidget(self._status, 1)
        self._build_menus()
        self.library_panel.source_selected.connect(self.show_source)
        self._settings = QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)
        self._restore_geometry()

    # --- library -------------------------------------------------------------------------

    def open_library(self) -> None:
        """Open (and if needed create and migrate) the data folder's database."""
        # Imported here, after the first paint: SQLAlchemy takes longer to import than Qt.
        from drafter.core.store import Store

        self.store = Store.open(self.data_dir)
        self.refresh_library()
        self.library_panel.select_row(0)

    def close_library(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def refresh_library(self) -> None:
        assert self.store is not None
        from drafter.core import library

        sources = library.list_sources(self.store)
        self.library_panel.set_sources(sources)
        self._status.setText(
            f"{len(sources)} source{'s' if len(sources) != 1 else ''} in the library · "
            f"data folder: {self.data_dir}"
        )

    def source_count(self) -> int:
        return self.library_panel.model.rowCount()

    def show_source(self, source_id: int) -> None:
        if self.store is None:
            return
        from drafter.core import library

        try:
            self.reader.show_source(library.get_source(self.store, source_id))
        except DrafterError as exc:
            self.statusBar().showMessage(exc.message, 8000)

    # --- menus ---------------------------------------------------------------------------

    def _action(  # type: ignore[no-untyped-def]
        self, text: str, slot, shortcut: QKeySequence.StandardKey | None = None, fallback: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            keys = QKeySequence.keyBindings(shortcut)
            # Some platforms (and desktop-less sessions) define no key for a standard
            # action such as Quit; then use the key most users expect.
            if keys:
                action.setShortcuts(keys)
            elif fallback:
                action.setShortcut(QKeySequence(fallback))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        open_folder = self._action("Open &Data Folder", self._open_data_folder)
        file_menu.addAction(open_folder)
        file_menu.addSeparator()
        quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, "Ctrl+Q")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self._action("&Copy", self.reader.text.copy, QKeySequence.StandardKey.Copy, "Ctrl+C"))
        edit_menu.addAction(
            self._action(
                "Select &All", self.reader.text.selectAll, QKeySequence.StandardKey.SelectAll, "Ctrl+A"
            )
        )

        view_menu = bar.addMenu("&View")
        for name, panel in (("&Library", self.library_panel), ("&Response", self.response_panel)):
            toggle = QAction(f"Show {name}", self, checkable=True, checked=True)
            toggle.toggled.connect(panel.setVisible)
            view_menu.addAction(toggle)

        help_menu = bar.addMenu("&Help")
        about = self._action("&About Drafter", self._show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)
        about_qt = self._action("About &Qt", QApplication.aboutQt)
        about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        help_menu.addAction(about_qt)
        help_menu.addAction(self._action("&Report a Problem…", self._report_problem))

    def _show_about(self) -> None:
        from drafter.ui.about import show_about

        show_about(self, self.data_dir)

    def _report_problem(self) -> None:
        from drafter import __version__

        QMessageBox.information(
            self, "Report a problem", f"{ISSUES_HINT}<p>Drafter {__version__}<br>Data folder: {self.data_dir}</p>"
        )

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))

    # --- window state --------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self._settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        splitter = self._settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self._settings.setValue("geometry", self.saveGeometry())
        self._settings.setValue("splitter", self.splitter.saveState())
        self._settings.sync()
        super().closeEvent(event)



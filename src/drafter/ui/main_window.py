"""Drafter's main window: library on the left, reader in the middle, response on the right.

The window opens and closes the library and routes signals; it holds no workflow.
Its parts, each in a module of its own:

- ``window_layout``     the panels, the splitter and the status bar; size and place kept;
- ``library_views``     the lists redrawn from change notices;
- ``library_actions``   showing sources and snippets, facts, making, deleting and quoting snippets;
- ``search_controller`` searching in the background;
- ``library_files``     importing documents and response files, the whole library, backups;
- ``response_panel`` and ``answer_actions``: the answers and what the user does to them.

Every change to the data is a core operation run by ``OperationRunner`` (undoable,
announced with ``did_execute``); each part redraws from that notice.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

# Only what the window's first frame needs is imported with this module: the
# panels (and Qt's ``Qt`` namespace, whose first import costs 15 ms) come in
# ``build``, after that frame is on screen.
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from drafter.core.errors import DrafterError
from drafter.core.warmup import warm_up
from drafter.ui.window_layout import keep_state_saved, restore_geometry, save_state, window_settings

#: Whether the start-up thread has frozen the long-lived objects out of garbage collection.
_FROZEN = False

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QMoveEvent, QResizeEvent, QUndoStack
    from PySide6.QtWidgets import QSplitter, QTabWidget

    from drafter.core.store import Store
    from drafter.ui.export_controller import ExportController
    from drafter.ui.import_controller import ImportController
    from drafter.ui.library_actions import LibraryActions
    from drafter.ui.library_files import LibraryFiles
    from drafter.ui.library_panel import LibraryPanel
    from drafter.ui.library_views import LibraryViews
    from drafter.ui.operations import OperationRunner
    from drafter.ui.overview_panel import OverviewPanel
    from drafter.ui.reader import ReaderPanel
    from drafter.ui.response_panel import ResponsePanel
    from drafter.ui.search_controller import SearchController
    from drafter.ui.search_panel import SearchPanel
    from drafter.ui.snippets_panel import SnippetsPanel
    from drafter.ui.team_library import TeamLibrary


ISSUES_HINT = (
    "<p>To report a problem, write down what you did, what you expected and what "
    "happened instead, and send it to the people who support Drafter in your "
    "organisation or open an issue in the project's issue tracker.</p>"
    "<p>Please include the version below. Never attach your database unless you "
    "are happy to share everything in it.</p>"
)


class MainWindow(QMainWindow):
    #: Emitted when the results of the newest search are on screen.
    search_finished = Signal()
    #: Emitted (from the checking thread) with the error, or None, when the later checks end.
    _later_checks_ended = Signal(object)
    #: Emitted once the window has dealt with the later checks' outcome.
    later_checks_finished = Signal()

    # Made by ``build`` (``window_layout.build_panels``).
    undo_stack: QUndoStack
    operations: OperationRunner
    library_panel: LibraryPanel
    snippets_panel: SnippetsPanel
    search_panel: SearchPanel
    reader: ReaderPanel
    response_panel: ResponsePanel
    overview: OverviewPanel
    left_tabs: QTabWidget
    right_tabs: QTabWidget
    splitter: QSplitter
    save_problem: QLabel
    backup_status: QLabel
    library_views: LibraryViews
    library_actions: LibraryActions
    library_files: LibraryFiles
    search_controller: SearchController
    team: TeamLibrary
    library_status: QLabel

    def __init__(self, data_dir: Path, *, build: bool = True, database: str | None = None) -> None:
        """The window; with ``build=False`` only its frame (menus, status bar), for a first paint at once.

        ``run_app`` shows the frame, and builds the panels (``build``) and opens the
        library in the event loop's next turn, so the first frame is painted before
        the panels' modules are even imported and the user sees the whole window
        a moment later, with the library in it. Everything else builds at once.
        """
        super().__init__()
        self.data_dir = data_dir
        #: ``drafter --database URL``: the shared library to open for this run, before any remembered one.
        self.database = database
        self.store: Store | None = None
        self.built = False
        self._later_started: Store | None = None  # the store whose later checks were started
        self._importer: ImportController | None = None
        self._exporter: ExportController | None = None
        self._state_timer: QTimer | None = None  # saves the window's size and splitters when they change
        self.setWindowTitle("Drafter")
        self.setObjectName("mainWindow")
        self.status_label = QLabel("Opening the library…", self)
        self.statusBar().addWidget(self.status_label, 1)
        from drafter.ui.menus import add_menu_titles

        self.menus = add_menu_titles(self)  # empty until ``build``; there from the first frame so nothing moves
        self.setCentralWidget(QWidget(self))  # the panels' place, until they are built
        self.settings = window_settings(data_dir)
        restore_geometry(self)
        if build:
            self.build()

    def build(self) -> None:
        """Make the panels, the menus' commands and their wiring (once)."""
        if self.built:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QUndoStack

        from drafter.ui.library_actions import LibraryActions
        from drafter.ui.library_files import LibraryFiles
        from drafter.ui.library_views import LibraryViews
        from drafter.ui.menus import build_menus
        from drafter.ui.operations import OperationRunner
        from drafter.ui.search_controller import SearchController
        from drafter.ui.team_library import TeamLibrary
        from drafter.ui.window_layout import build_panels, show_save_problem, show_saved_again

        self.undo_stack = QUndoStack(self)
        self.operations = OperationRunner(lambda: self.store, self.undo_stack, self)
        build_panels(self)
        self.library_status = QLabel("", self)  # which library is open: local, or a team's on a server
        self.library_status.setObjectName("libraryStatus")
        self.statusBar().addPermanentWidget(self.library_status)
        self.team = TeamLibrary(self)  # the response panel hears each notice first, then the lists (``library_views``)
        self.library_views = LibraryViews(self)
        self.library_actions = actions = LibraryActions(self)
        self.library_files = LibraryFiles(self)
        self.search_controller = SearchController(self)
        kept = build_menus(self)
        self.make_snippet_action, self.quote_action = kept.make_snippet, kept.quote_snippet
        self.library_panel.source_selected.connect(actions.show_source)
        self.snippets_panel.snippet_activated.connect(actions.snippet_chosen)
        self.snippets_panel.delete_requested.connect(actions.delete_snippet)
        self.snippets_panel.model.edit_requested.connect(actions.edit_snippet)
        self.reader.make_snippet_requested.connect(actions.make_snippet)
        self.reader.snippet_clicked.connect(actions.snippet_clicked_in_reader)
        self.overview.question_chosen.connect(actions.go_to_question)
        self.overview.snippet_chosen.connect(actions.show_snippet)
        self.response_panel.model.selection_dropped.connect(actions.quote_selection)
        self.response_panel.answer_actions.save_failed.connect(lambda message: show_save_problem(self, message))
        self.response_panel.answer_actions.save_resumed.connect(lambda: show_saved_again(self))
        self.response_panel.answer_actions.save_failed.connect(self.team.save_failed)
        self.response_panel.answer_actions.save_resumed.connect(self.team.save_resumed)
        self.operations.reachability_changed.connect(self.team.watcher_reachable)
        self.operations.read_only = lambda: self.team.unreachable
        self._later_checks_ended.connect(self._later_checks_done, Qt.ConnectionType.QueuedConnection)
        self.setAcceptDrops(True)
        self.built = True
        self._state_timer = keep_state_saved(self)

    # The import and export controllers are made when first used: nothing of
    # theirs is needed to show the library, and their modules cost 13 ms at start.

    @property
    def importer(self) -> ImportController:
        if self._importer is None:
            from drafter.ui.import_controller import ImportController

            self._importer = ImportController(self, lambda: self.store, self.operations)
            self._importer.finished.connect(self.library_files.imported)
        return self._importer

    @property
    def exporter(self) -> ExportController:
        if self._exporter is None:
            from drafter.ui.export_controller import ExportController

            self._exporter = ExportController(self, lambda: self.store, lambda: self.response_panel.document,
                                              flush=lambda: self.response_panel.editor.flush(),
                                              run_op=lambda op: self.operations.run(op, self._exporter))
            self._exporter.go_to.connect(self.library_actions.go_to_check_item)
        return self._exporter

    # --- the library -----------------------------------------------------------------------

    def open_library(self) -> None:
        """Open (and if needed create and migrate) the library, and show it.

        The data folder's database, or the team library the window was connected to last
        (File › Connect to Team Library…); if that one cannot be opened now, the local
        library is, and the status bar says why.
        """
        self.build()
        # Imported here, after the first paint: SQLAlchemy takes longer to import than Qt.
        from drafter.core.changes import LIBRARY_REPLACED

        login = self.team.location_for_start()
        failed: DrafterError | None = None
        try:
            if self.database is not None:  # drafter --database URL: that library, for this run
                store, login = self.team.open_given(self.database)
            else:
                store = self.team.open_store(login)
        except DrafterError as exc:
            if login is None and self.database is None:
                raise
            store, failed = self.team.open_store(None), exc
        self.store = store
        self.team.opened(None if failed else login)
        if failed is not None:
            self.team.start_failed(login.describe() if login is not None else self._given_place(), failed)
        self.operations.announce(LIBRARY_REPLACED, self)  # every panel reads the library anew
        self.library_panel.select_first_titled()
        self.operations.watch(store)
        if not self.isVisible():
            self._run_later_checks(store)
            return
        # Not before the library has been painted: while a thread runs Python, every call
        # Qt makes into Python (each model's data(), each override) waits for its turn,
        # and the first paint of the lists took 200 ms longer that way. A window that is
        # never painted (started minimised) still gets its backup, a second later.
        from drafter.ui.after_paint import after_next_paint

        def start() -> None:
            if self.store is store and self._later_started is not store:
                self._later_started = store
                self._run_later_checks(store)

        # And one turn later still: the window has more layout and painting queued right
        # after that first paint, and a thread started at once made it wait (the longest
        # stall after start-up: 84–220 ms that way, 33–42 ms a turn later; 4 launches each).
        after_next_paint(self, lambda: QTimer.singleShot(0, self, start))
        QTimer.singleShot(1000, self, start)

    def _run_later_checks(self, store: Store) -> None:
        """The day's backup (and a big database's integrity check) while the user starts work.

        A thread of its own: SQLite lets go of Python's lock while it reads and copies,
        so the window stays responsive however big the file.
        """

        def work() -> None:
            try:
                warm_up(store)  # the ORM, imported here before the first change needs it
                # Everything alive now (modules, classes, the ORM's metadata: about 100,000
                # objects) lives as long as the window. Python's full garbage collection walked
                # them all, 48 ms at a time on the window's thread, wherever it happened to
                # fall (a page of a list, a keystroke); frozen, they are never walked again.
                # Once a process: a later freeze would also keep, for good, any garbage of a
                # library closed in between (a restore); what is made later is collected as usual.
                import gc

                global _FROZEN
                if not _FROZEN:
                    gc.freeze()
                    _FROZEN = True
                store.run_later_checks()
            except DrafterError as exc:
                tell(exc)
            else:
                tell(None)

        def tell(outcome: DrafterError | None) -> None:
            # The window may have been closed and deleted while the checks ran: then no one is told.
            with contextlib.suppress(RuntimeError):
                self._later_checks_ended.emit((store, outcome))

        threading.Thread(target=work, name="drafter-later-checks", daemon=True).start()

    def _given_place(self) -> str:
        """The server and database ``--database`` names, for messages (never its password)."""
        from drafter.core.store.postgres import ServerLibraryError, describe, server_url

        try:
            return describe(server_url(self.database or ""))
        except ServerLibraryError:
            return "given with --database"

    def _later_checks_done(self, ended: object) -> None:
        from drafter.core.store import DamagedDatabaseError
        from drafter.ui.window_layout import show_backup_problem

        checked: object = ended[0]  # type: ignore[index]
        error: object = ended[1]  # type: ignore[index]
        if checked is not self.store:
            # The checks of a library closed since (a restore, a team library opened meanwhile):
            # what they found says nothing of the one open now, which has checks of its own.
            return

        if isinstance(error, DamagedDatabaseError):
            from drafter.ui.damaged_database import offer_restore

            self.close_library()
            if offer_restore(self, error):
                self.open_library()
            else:
                self.close()
        elif isinstance(error, DrafterError):
            self.statusBar().showMessage(error.message)
        show_backup_problem(self, self.store.backup_problem if self.store is not None else None)
        self.later_checks_finished.emit()

    def close_library(self) -> None:
        self.operations.stop_watching()
        self.search_controller.stop()
        self.snippets_panel.wait()
        if self.store is not None:
            self.store.close()
            self.store = None

    # --- what other modules and scripts ask of the window ------------------------------------

    def source_count(self) -> int:
        return self.library_panel.source_count()

    def refresh_library(self) -> None:
        self.library_views.refresh_library()

    def refresh_snippets(self) -> None:
        self.library_views.refresh_snippets()

    def show_source(self, source_id: int) -> None:
        self.library_actions.show_source(source_id)

    def _show_about(self) -> None:
        from drafter.ui.about import show_about

        show_about(self, self.data_dir)

    def _report_problem(self) -> None:
        from drafter import __version__

        QMessageBox.information(
            self, "Report a problem", f"{ISSUES_HINT}<p>Drafter {__version__}<br>Data folder: {self.data_dir}</p>"
        )

    def _open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))

    # --- Qt's events -----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.library_files.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.library_files.drop(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._state_timer is not None:
            self._state_timer.start()

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        if self._state_timer is not None:
            self._state_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.built:  # closed in the instant before the panels were made: nothing typed yet
            save_state(self)
            super().closeEvent(event)
            return
        self.response_panel.editor.flush()  # never lose the last words typed
        if self.response_panel.has_unsaved_text():
            answer = QMessageBox.warning(
                self, "Your latest text is not saved",
                ("Drafter could not save your latest text: the team library's server cannot be reached. "
                 "If you close now, that text is lost. Wait until the server is back (Drafter saves it "
                 "then), or copy the text somewhere safe first.") if self.team.unreachable else
                ("Drafter could not save your latest text (the disk is full or the folder can't be "
                 "written). If you close now, that text is lost. Free some space and wait a moment, "
                 "or copy the text somewhere safe first."),
                QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        if self._exporter is not None:
            self._exporter.shutdown()  # an export still running is cancelled: it never outlives the window
        if self._importer is not None:
            self._importer.shutdown()
        save_state(self)
        super().closeEvent(event)

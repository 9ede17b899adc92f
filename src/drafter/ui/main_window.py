"""Drafter's main window: library on the left, reader in the middle, response on the right.

The window only arranges panels and routes signals; every read or change of
data goes through the core (``drafter.core.library`` …).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Only what the window's first frame needs is imported with this module: the
# panels (and Qt's ``Qt`` namespace, whose first import costs 15 ms) come in
# ``build``, after that frame is on screen.
from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox, QWidget

from drafter.core.errors import DrafterError
from drafter.core.operations import library as lib_ops
from drafter.core.warmup import warm_up

#: Whether the start-up thread has frozen the long-lived objects out of garbage collection.
_FROZEN = False

if TYPE_CHECKING:

    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from drafter.core.changes import Changes
    from drafter.core.checks import CheckItem
    from drafter.core.search import SearchResults
    from drafter.core.store import Store
    from drafter.ui.export_controller import ExportController
    from drafter.ui.import_controller import FileResult, ImportController


ISSUES_HINT = (
    "<p>To report a problem, write down what you did, what you expected and what "
    "happened instead, and send it to the people who support Drafter in your "
    "organisation or open an issue in the project's issue tracker.</p>"
    "<p>Please include the version below. Never attach your database unless you "
    "are happy to share everything in it.</p>"
)


#: Marks the overview's list of unused snippets as needing a fresh read.
_STALE = object()


class MainWindow(QMainWindow):
    #: Emitted when the results of the newest search are on screen.
    search_finished = Signal()
    #: Emitted (from the checking thread) with the error, or None, when the later checks end.
    _later_checks_ended = Signal(object)
    #: Emitted once the window has dealt with the later checks' outcome.
    later_checks_finished = Signal()

    def __init__(self, data_dir: Path, *, build: bool = True) -> None:
        """The window; with ``build=False`` only its frame (menus, status bar), for a first paint at once.

        ``run_app`` shows the frame, and builds the panels (``build``) and opens the
        library in the event loop's next turn, so the first frame is painted before
        the panels' modules are even imported and the user sees the whole window
        a moment later, with the library in it. Everything else builds at once.
        """
        super().__init__()
        self.data_dir = data_dir
        self.store: Store | None = None
        self.built = False
        self._later_started: Store | None = None  # the store whose later checks were started
        self._importer: ImportController | None = None
        self._exporter: ExportController | None = None
        self.setWindowTitle("Drafter")
        self.setObjectName("mainWindow")
        self._status = QLabel("Opening the library…", self)
        self.statusBar().addWidget(self._status, 1)
        from drafter.ui.menus import add_menu_titles

        self.menus = add_menu_titles(self)  # empty until ``build``; there from the first frame so nothing moves
        self.setCentralWidget(QWidget(self))  # the panels' place, until they are built
        self._settings = QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)
        geometry = self._settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        if build:
            self.build()

    def build(self) -> None:
        """Make the panels, the menus' commands and their wiring (once)."""
        if self.built:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QUndoStack
        from PySide6.QtWidgets import QSplitter, QTabWidget

        from drafter.ui.events import DataEvents
        from drafter.ui.library_panel import LibraryPanel
        from drafter.ui.menus import build_menus
        from drafter.ui.operations import OperationRunner
        from drafter.ui.overview_panel import OverviewPanel
        from drafter.ui.reader import ReaderPanel
        from drafter.ui.response_panel import ResponsePanel
        from drafter.ui.search_panel import SearchPanel
        from drafter.ui.search_worker import SearchRunner
        from drafter.ui.snippets_panel import SnippetsPanel

        self.events = DataEvents(self)
        self.undo_stack = QUndoStack(self)
        self.operations = OperationRunner(lambda: self.store, self.undo_stack, self)
        self.operations.did_execute.connect(self._announce)
        self.library_panel = LibraryPanel(self)
        self.library_panel.set_store(lambda: self.store)
        self.snippets_panel = SnippetsPanel(self)
        self.snippets_panel.set_store(lambda: self.store)
        self.left_tabs = QTabWidget(self)
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.addTab(self.library_panel, "Library")
        self.left_tabs.addTab(self.snippets_panel, "Snippets")
        self.search_panel = SearchPanel(self)
        self.left_tabs.addTab(self.search_panel, "Search")
        self.reader = ReaderPanel(self)
        self.response_panel = ResponsePanel(lambda: self.store, self.operations, self)
        self.overview = OverviewPanel(self)
        self.right_tabs = QTabWidget(self)
        self.right_tabs.setObjectName("rightTabs")
        self.right_tabs.addTab(self.response_panel, "Answers")
        self.right_tabs.addTab(self.overview, "Overview")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for panel in (self.left_tabs, self.reader, self.right_tabs):
            panel.setMinimumWidth(220)
            self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([400, 520, 560])
        self.setCentralWidget(self.splitter)
        splitter_state = self._settings.value("splitter")
        if splitter_state is not None:
            self.splitter.restoreState(splitter_state)
        self.save_problem = QLabel(self)
        self.save_problem.setObjectName("saveProblem")
        self.save_problem.setStyleSheet("color: white; background: #b00020; padding: 2px 8px; font-weight: bold")
        self.save_problem.setWordWrap(True)
        self.save_problem.hide()
        self.statusBar().addPermanentWidget(self.save_problem, 2)
        self._make_room_for_buttons_in_the_status_bar()
        kept = build_menus(self)
        self.make_snippet_action, self.quote_action = kept.make_snippet, kept.quote_snippet
        self.library_panel.source_selected.connect(self.show_source)
        self.snippets_panel.snippet_activated.connect(self.show_snippet)
        self.snippets_panel.delete_requested.connect(self.delete_snippet)
        self.snippets_panel.model.edit_requested.connect(self.edit_snippet)
        self.reader.make_snippet_requested.connect(self.make_snippet)
        self.searcher = SearchRunner(self)
        self.searcher.results_ready.connect(self._show_results)
        self.searcher.failed.connect(self._search_failed)
        self.search_panel.search_requested.connect(self.run_search)
        self.search_panel.hit_activated.connect(self._search_hit_activated)
        self.reader.snippet_clicked.connect(self._snippet_clicked_in_reader)
        self.events.sources_changed.connect(self.refresh_library)
        self.events.snippets_changed.connect(self.refresh_snippets)
        # Quoting a snippet changes its "used" count in the snippets list.
        self.response_panel.response_changed.connect(self._response_changed)
        self._quoted: object = _STALE
        self._overview_stale = False
        self.right_tabs.currentChanged.connect(self._right_tab_shown)
        self.overview.question_chosen.connect(self._overview_question)
        self.response_panel.model.selection_dropped.connect(self.quote_selection)
        self.response_panel.save_failed.connect(self._show_save_problem)
        self.response_panel.save_resumed.connect(self.save_problem.hide)
        self._later_checks_ended.connect(self._later_checks_done, Qt.ConnectionType.QueuedConnection)
        self.backup_status = QLabel(self)
        self.backup_status.setObjectName("backupStatus")
        self.backup_status.setAccessibleName("Backup problem")
        self.backup_status.setWordWrap(True)
        self.backup_status.hide()
        self.statusBar().addPermanentWidget(self.backup_status, 1)
        self.overview.snippet_chosen.connect(self.show_snippet)
        self.setAcceptDrops(True)
        self.built = True

    # The import and export controllers are made when first used: nothing of
    # theirs is needed to show the library, and their modules cost 13 ms at start.

    @property
    def importer(self) -> ImportController:
        if self._importer is None:
            from drafter.ui.import_controller import ImportController

            self._importer = ImportController(self, lambda: self.store)
            self._importer.finished.connect(self._imported)
        return self._importer

    def _make_room_for_buttons_in_the_status_bar(self) -> None:
        """The status bar is as tall as a button (the export's Cancel) from the start.

        A status bar that grows when a button appears in it lays the whole window
        out again (15–20 ms, measured: the longest pause of a first export) and
        moves everything above it by a few pixels.
        """
        from PySide6.QtWidgets import QPushButton

        bar = self.statusBar()
        own_margins = bar.sizeHint().height() - self._status.sizeHint().height()
        button = QPushButton("Cancel").sizeHint().height()
        bar.setMinimumHeight(max(bar.sizeHint().height(), button + max(own_margins, 0)))

    @property
    def exporter(self) -> ExportController:
        if self._exporter is None:
            from drafter.ui.export_controller import ExportController

            self._exporter = ExportController(self, lambda: self.store, lambda: self.response_panel.document,
                                              flush=lambda: self.response_panel.editor.flush())
            self._exporter.go_to.connect(self.go_to_check_item)
        return self._exporter

    # --- library -------------------------------------------------------------------------

    def open_library(self) -> None:
        """Open (and if needed create and migrate) the data folder's database."""
        self.build()
        # Imported here, after the first paint: SQLAlchemy takes longer to import than Qt.
        from drafter.core.store import Store

        self.store = Store.open(self.data_dir, later=True)
        self.refresh_library()
        from PySide6.QtCore import QSignalBlocker

        with QSignalBlocker(self.response_panel):  # the overview is drawn once, just below
            self.response_panel.refresh_list()
        self.refresh_snippets()
        self.library_panel.select_row(0)
        self.operations.watch(self.store)
        store = self.store
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
                self._later_checks_ended.emit(exc)
            else:
                self._later_checks_ended.emit(None)

        threading.Thread(target=work, name="drafter-later-checks", daemon=True).start()

    def _later_checks_done(self, error: object) -> None:
        from drafter.core.store import DamagedDatabaseError

        if isinstance(error, DamagedDatabaseError):
            from drafter.ui.damaged_database import offer_restore

            self.close_library()
            if offer_restore(self, error):
                self.open_library()
            else:
                self.close()
        elif isinstance(error, DrafterError):
            self.statusBar().showMessage(error.message)
        problem = self.store.backup_problem if self.store is not None else None
        # A permanent part of the status bar, not a passing message: any widget's status tip
        # (a hover, a focus change) wipes a message, and a failed backup must stay said.
        self.backup_status.setText(f"⚠ {problem}" if problem else "")
        self.backup_status.setAccessibleDescription(problem or "")
        self.backup_status.setVisible(bool(problem))
        self.later_checks_finished.emit()

    def close_library(self) -> None:
        self.operations.stop_watching()
        self.searcher.cancel()  # a slow search stops at once instead of being waited for
        self.searcher.wait()
        self.snippets_panel.wait()
        if self.store is not None:
            self.store.close()
            self.store = None

    def refresh_library(self) -> None:
        """Read the library list again; the open source's facts are shown as they are now."""
        if self.store is None:  # none open (closed for a restore, or reopening it failed): nothing to list
            return
        self.library_panel.refresh()
        count = self.library_panel.source_count()
        self._status.setText(
            f"{count:,} source{'s' if count != 1 else ''} in the library · data folder: {self.data_dir}"
        )
        self._reshow_if_changed()

    def _reshow_if_changed(self) -> None:
        current = self.reader.current_id
        if current is None or self.store is None:
            return
        from drafter.core import listing

        if listing.source_stamp(self.store, current) != self.reader.current_stamp:
            self.reader.current_id = None
            self.show_source(current)

    def refresh_snippets(self) -> None:
        if self.store is None:
            return
        from drafter.core import listing

        self.snippets_panel.refresh()
        self.search_panel.set_tags(listing.all_tags(self.store))
        total = self.snippets_panel.total
        self.left_tabs.setTabText(1, f"Snippets ({total:,})" if total else "Snippets")
        self._refresh_reader_snippets()
        self._quoted = _STALE  # the lists were read again: so must the overview's be
        self._response_changed()

    def _response_changed(self) -> None:
        """After every edit of the response (each autosave too): redraw only what it changed."""
        document = self.response_panel.document
        if self.right_tabs.currentWidget() is self.overview:
            self.overview.show_questions(document)
        else:  # drawn when the tab is next shown: typing must not rebuild a table nobody sees
            self._overview_stale = True
        quoted = None
        if document is not None:
            quoted = (document.id, sorted(b.snippet_id for q in document.questions for b in q.blocks if b.snippet_id))
        if quoted == self._quoted:
            return  # typing: no snippet's use changed, so the lists stay as they are
        self._quoted = quoted
        if self.snippets_panel.query().column == "used":
            self.snippets_panel.refresh()
        else:
            self.snippets_panel.reload_rows()
        self.overview.show_unused(self.store)

    def _right_tab_shown(self, _index: int) -> None:
        if self.right_tabs.currentWidget() is self.overview and self._overview_stale:
            self._overview_stale = False
            self.overview.show_questions(self.response_panel.document)

    def _refresh_reader_snippets(self) -> None:
        if self.store is None or self.reader.current_id is None:
            self.reader.set_snippets([])
            return
        from drafter.core.listing import snippets_of_source

        self.reader.set_snippets(snippets_of_source(self.store, self.reader.current_id))

    def _show_save_problem(self, message: str) -> None:
        self.save_problem.setText(message)
        self.save_problem.show()

    def _announce(self, changes: Changes, initiator: object) -> None:
        """One notice per change, whoever made it: the library and snippet lists redraw if it names them.

        (The response panel hears the same notice and redraws its own rows.)
        """
        if self.store is None:
            return
        if changes.library_replaced or changes.sources:
            self.events.sources_changed.emit()
        if changes.library_replaced or changes.snippets or changes.blocks.created or changes.blocks.deleted:
            self.events.snippets_changed.emit()  # a quotation added or removed changes a snippet's use

    def source_count(self) -> int:
        return self.library_panel.source_count()

    def show_source(self, source_id: int) -> None:
        if self.store is None:
            return
        from drafter.core.listing import snippets_of_source, source_record, source_stamp

        if self.reader.current_id == source_id:
            return
        try:
            stamp = source_stamp(self.store, source_id)
            self.reader.show_source(source_record(self.store, source_id), stamp)
            self.reader.set_snippets(snippets_of_source(self.store, source_id))
        except DrafterError as exc:
            self.statusBar().showMessage(exc.message, 8000)

    # --- search --------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.left_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.query.setFocus()
        self.search_panel.query.selectAll()

    def run_search(self) -> None:
        """Search in the background; the newest query's results arrive in ``_show_results``."""
        if self.store is None:
            return
        from drafter.core.search import SearchCancel, search

        panel = self.search_panel
        store = self.store
        query = panel.query.text()
        source_id = self.reader.current_id if panel.this_source.isChecked() else None
        tag, used = panel.tag.currentData(), panel.used.currentData()
        cancel = SearchCancel()  # the next query stops this one if it is still running
        self.searcher.submit(lambda: search(store, query, source_id=source_id, tag=tag, used=used, cancel=cancel),
                             cancel=cancel.cancel)

    def _show_results(self, results: SearchResults) -> None:
        self.search_panel.show_results(results)
        self._highlight_matches()
        self.search_finished.emit()

    def _search_failed(self, error: Exception) -> None:
        message = error.message if isinstance(error, DrafterError) else "The search could not be run."
        self.search_panel.status.setText(message)
        self.search_finished.emit()

    def _highlight_matches(self) -> None:
        from drafter.core.search import match_spans

        query = self.search_panel.query.text()
        if self.store is None or self.reader.current_id is None:
            return
        spans = match_spans(self.store, self.reader.current_id, query) if query.strip() else []
        self.reader.set_search_spans(spans)

    def _search_hit_activated(self, kind: str, hit_id: int, source_id: int) -> None:
        if kind == "snippet":
            self.show_snippet(hit_id)
        else:
            self.show_source(source_id)
        self._highlight_matches()

    # --- citation facts ------------------------------------------------------------------

    def edit_facts(self) -> None:
        from drafter.core import library
        from drafter.core.sources import SourceFacts
        from drafter.ui.facts_dialog import FactsDialog

        if self.store is None or self.reader.current_id is None:
            self.statusBar().showMessage("Open a source first.", 5000)
            return
        record = library.get_source(self.store, self.reader.current_id)
        before = SourceFacts.of(record)
        dialog = FactsDialog(before, heading="Citation facts", parent=self)
        dialog.ok.setText("Save")
        if not dialog.exec():
            return
        after = dialog.facts()
        if after == before.cleaned():
            return
        self.operations.run(lib_ops.update_source_facts(record.id, after), self, refused_title="Facts not saved")

    # --- snippets ------------------------------------------------------------------------

    def make_snippet(self) -> None:
        selected = self.reader.selected_range()
        if self.store is None or selected is None or self.reader.current_id is None:
            self.statusBar().showMessage("Select a passage in the reader first.", 5000)
            return
        start, end, text = selected
        made = self.operations.run(lib_ops.create_snippet(self.reader.current_id, start, end, expected_text=text),
                                   self, refused_title="Snippet not made")
        if made is None:
            return
        snippet = made.value
        self.snippets_panel.select_snippet(snippet.id, emit=False)
        self.reader.select_snippet(snippet.id)
        self.statusBar().showMessage("Snippet made. Edit its note and tags in the Snippets tab.", 5000)

    def show_snippet(self, snippet_id: int) -> None:
        if self.store is None:
            return
        from drafter.core.snippets import get_snippet

        snippet = get_snippet(self.store, snippet_id)
        self.show_source(snippet.source_id)
        self.reader.select_snippet(snippet_id)

    def _snippet_clicked_in_reader(self, snippet_id: int) -> None:
        self.snippets_panel.select_snippet(snippet_id, emit=False)

    def edit_snippet(self, snippet_id: int, note: object, tags: object) -> None:
        self.operations.run(lib_ops.update_snippet(
            snippet_id, note=note if isinstance(note, str) else None, tags=tags if isinstance(tags, tuple) else None,
        ), self)

    def delete_snippet(self, snippet_id: int | None = None) -> None:
        from drafter.core.snippets import get_snippet

        snippet_id = snippet_id if snippet_id is not None else self.snippets_panel.current_snippet_id()
        if self.store is None or snippet_id is None:
            return
        snippet = get_snippet(self.store, snippet_id)
        if snippet.used_in:
            answer = QMessageBox.question(
                self,
                "Delete a snippet that is quoted?",
                f"This snippet is quoted {snippet.used_in} time(s) in your responses. Deleting it "
                "removes those quotations from the answers too.",
                QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self.operations.run(lib_ops.delete_snippet(snippet_id, even_if_used=True), self)

    # --- importing -----------------------------------------------------------------------

    def import_files(self) -> None:
        if self.store is not None:
            self.store.wait_for_warm_up()  # it imports the importers too: never two threads at once
        from drafter.core.importers import supported_extensions

        patterns = " ".join(f"*{ext}" for ext in supported_extensions())
        names, _ = QFileDialog.getOpenFileNames(
            self, "Import into the library", "", f"Documents ({patterns});;All files (*)"
        )
        if names:
            self.importer.import_paths([Path(n) for n in names])

    def import_clipboard(self) -> None:
        text = QApplication.clipboard().text()
        if not text.strip():
            QMessageBox.information(self, "Nothing to paste", "The clipboard holds no text to add as a source.")
            return
        self.importer.import_pasted(text)

    def _imported(self, results: list[FileResult]) -> None:
        self.events.sources_changed.emit()
        added = [r for r in results if r.outcome == "added"]
        if added and added[-1].source_id is not None:
            self.reader.current_id = None
            self.show_source(added[-1].source_id)
        if len(added) >= self.TIDY_AFTER:
            self._tidy_search_index()

    #: A batch of at least this many new sources leaves the search index worth merging.
    TIDY_AFTER = 20

    def _tidy_search_index(self) -> None:
        """Merge the search index after a big import, in a thread, a small step at a time."""

        store = self.store
        if store is None:
            return

        def work() -> None:
            from drafter.core.search import tidy_index

            try:
                tidy_index(store)
            except Exception:  # an optimisation only: the library closed, or is busy
                return

        threading.Thread(target=work, name="drafter-tidy-index", daemon=True).start()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.importer.import_paths(paths)

    # --- menus ---------------------------------------------------------------------------

    def export_bundle(self, path: Path | None = None) -> Path | None:
        """Save the open response with its snippets and sources as one file for a colleague."""
        from drafter.core.bundle import export_bundle

        document = self.response_panel.document
        if self.store is None or document is None:
            QMessageBox.information(self, "No response open", "Open or start a response first.")
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Export response file", "Response.drafter",
                                                  "Drafter response file (*.drafter)")
            if not name:
                return None
            path = Path(name)
        try:
            summary = export_bundle(self.store, document.id, path)
        except DrafterError as exc:
            QMessageBox.warning(self, "Not exported", str(exc))
            return None
        self.statusBar().showMessage(
            f"Saved {summary.path.name}: {summary.questions} questions, {summary.snippets} snippets.", 8000
        )
        return summary.path

    def import_bundle(self, path: Path | None = None) -> int | None:
        from drafter.core.bundle import import_bundle

        if self.store is None:
            return None
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Import response file", "",
                                                  "Drafter response file (*.drafter);;All files (*)")
            if not name:
                return None
            path = Path(name)
        try:
            result = import_bundle(self.store, path)
        except DrafterError as exc:
            QMessageBox.warning(self, "Not imported", str(exc))
            return None
        self.events.sources_changed.emit()
        self.refresh_snippets()
        self.response_panel.refresh_list(select_id=result.response_id)
        self.statusBar().showMessage("Response file imported.", 8000)
        return result.response_id

    def export_library(self, path: Path | None = None) -> Path | None:
        from drafter.core.store.archive import export_archive

        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Export the whole library", "Drafter library.sqlite",
                                                  "Drafter library (*.sqlite)")
            if not name:
                return None
            path = Path(name)
        try:
            summary = export_archive(self.data_dir, path)
        except DrafterError as exc:
            QMessageBox.warning(self, "Not exported", str(exc))
            return None
        self.statusBar().showMessage(
            f"Exported {summary.sources} sources, {summary.snippets} snippets and {summary.responses} responses.",
            8000,
        )
        return summary.path

    def import_library(self, path: Path | None = None) -> bool:
        from drafter.core.store.archive import import_archive

        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Import a whole library", "",
                                                  "Drafter library (*.sqlite);;All files (*)")
            if not name:
                return False
            path = Path(name)
        self.response_panel.editor.flush()
        self.close_library()
        self.undo_stack.clear()
        try:
            import_archive(self.data_dir, path)
        except DrafterError as exc:
            QMessageBox.warning(self, "Not imported", str(exc))
            return False
        finally:
            self.reader.show_empty()
            self.open_library()
        self._tidy_search_index()
        return True

    def restore_from_backup(self) -> None:
        from drafter.ui.restore_dialog import restore_from_backup

        restore_from_backup(self)

    def go_to_check_item(self, item: CheckItem) -> None:
        """Take the user to the place a readiness finding is about."""
        if item.block_id is not None:
            self.right_tabs.setCurrentWidget(self.response_panel)
            self.response_panel.select_block(item.block_id)
        elif item.question_id is not None:
            self._overview_question(item.question_id)
        if item.snippet_id is not None:
            self.left_tabs.setCurrentWidget(self.snippets_panel)
            self.show_snippet(item.snippet_id)
        elif item.source_id is not None:
            self.show_source(item.source_id)
        if item.kind == "more_unused_snippets":
            self.right_tabs.setCurrentWidget(self.overview)

    def _overview_question(self, question_id: int) -> None:
        self.right_tabs.setCurrentWidget(self.response_panel)
        index = self.response_panel.model.index_of_question(question_id)
        self.response_panel.tree.setCurrentIndex(index)
        self.response_panel.tree.setFocus()

    def quote_selection(self, selection: dict[str, Any], question_id: int, position: int) -> None:
        """A passage dragged from the reader onto an answer: make it a snippet and quote it, one operation."""
        try:
            op = lib_ops.quote_selection(int(selection["source_id"]), int(selection["start"]), int(selection["end"]),
                                         question_id, position=position, expected_text=str(selection["text"]))
        except (KeyError, ValueError):
            QMessageBox.warning(self, "Not quoted", "The dragged selection was not understood.")
            return
        quoted = self.operations.run(op, self, refused_title="Not quoted")
        if quoted is not None:
            self.response_panel.select_block(quoted.value.id)

    def quote_current_snippet(self) -> None:
        """Quote the snippet chosen in the Snippets tab (or made from the reader's selection)."""
        snippet_id = self.snippets_panel.current_snippet_id()
        if self.reader.selected_range() is not None and self.left_tabs.currentWidget() is not self.snippets_panel:
            self.make_snippet()
            snippet_id = self.snippets_panel.current_snippet_id()
        if snippet_id is None:
            self.statusBar().showMessage("Choose a snippet (or select a passage) to quote.", 5000)
            return
        self.response_panel.quote_snippet(snippet_id)

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

    # --- window state --------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.built:  # closed in the instant before the panels were made: nothing typed yet
            self._settings.setValue("geometry", self.saveGeometry())
            self._settings.sync()
            super().closeEvent(event)
            return
        self.response_panel.editor.flush()  # never lose the last words typed
        if self.response_panel.has_unsaved_text():
            answer = QMessageBox.warning(
                self, "Your latest text is not saved",
                "Drafter could not save your latest text (the disk is full or the folder can't be "
                "written). If you close now, that text is lost. Free some space and wait a moment, "
                "or copy the text somewhere safe first.",
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
        self._settings.setValue("geometry", self.saveGeometry())
        self._settings.setValue("splitter", self.splitter.saveState())
        self._settings.sync()
        super().closeEvent(event)



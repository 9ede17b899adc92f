"""The library's files: importing documents, response files, and the whole library; backups.

Importing documents and a response file adds to the library and is one undo step
each ("Import Files", "Import Response File"), announced like any operation.
Restoring a backup or importing a whole library replaces the library: the window
closes it, clears the undo history (its steps name rows of the library being
replaced) and opens the new one, which announces ``LIBRARY_REPLACED``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from drafter.core.errors import DrafterError
from drafter.core.wording import counted

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from drafter.ui.import_controller import FileResult
    from drafter.ui.main_window import MainWindow


class LibraryFiles(QObject):
    #: A batch of at least this many new sources leaves the search index worth merging.
    TIDY_AFTER = 20

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def _say(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)

    # --- documents -------------------------------------------------------------------------

    def import_files(self) -> None:
        store = self.window.store
        if store is not None:
            store.wait_for_warm_up()  # it imports the importers too: never two threads at once
        from drafter.core.importers import supported_extensions

        patterns = " ".join(f"*{ext}" for ext in supported_extensions())
        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Import into the library", "", f"Documents ({patterns});;All files (*)"
        )
        if names:
            self.window.importer.import_paths([Path(n) for n in names])

    def import_clipboard(self) -> None:
        text = QApplication.clipboard().text()
        if not text.strip():
            QMessageBox.information(self.window, "Nothing to paste",
                                    "The clipboard holds no text to add as a source.")
            return
        self.window.importer.import_pasted(text)

    def imported(self, results: list[FileResult]) -> None:
        """An import ended (the lists have redrawn from its notice): show the newest source it added."""
        added = [r for r in results if r.outcome == "added"]
        if added and added[-1].source_id is not None:
            self.window.reader.current_id = None
            self.window.library_actions.show_source(added[-1].source_id)
        if len(added) >= self.TIDY_AFTER:
            self.tidy_search_index()

    def tidy_search_index(self) -> None:
        """Merge the search index after a big import, in a thread, a small step at a time."""
        store = self.window.store
        if store is None:
            return

        def work() -> None:
            from drafter.core.search import tidy_index

            try:
                tidy_index(store)
            except Exception:  # an optimisation only: the library closed, or is busy
                return

        threading.Thread(target=work, name="drafter-tidy-index", daemon=True).start()

    def drag_enter(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def drop(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.window.importer.import_paths(paths)

    # --- response files --------------------------------------------------------------------

    def export_bundle(self, path: Path | None = None) -> Path | None:
        """Save the open response with its snippets and sources as one file for a colleague."""
        from drafter.core.bundle import export_bundle

        store, document = self.window.store, self.window.response_panel.document
        if store is None or document is None:
            QMessageBox.information(self.window, "No response open", "Open or start a response first.")
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self.window, "Export response file", "Response.drafter",
                                                  "Drafter response file (*.drafter)")
            if not name:
                return None
            path = Path(name)
        try:
            summary = export_bundle(store, document.id, path)
        except DrafterError as exc:
            QMessageBox.warning(self.window, "Not exported", str(exc))
            return None
        self._say(f"Saved {summary.path.name}: {counted(summary.questions, 'question')}, "
                  f"{counted(summary.snippets, 'snippet')}.")
        return summary.path

    def import_bundle(self, path: Path | None = None) -> int | None:
        """Add a colleague's response file as a new response: one undo step that removes what it added."""
        from drafter.core.bundle import import_bundle
        from drafter.core.bundle.undo import IMPORT_RESPONSE_FILE, undo_import

        store = self.window.store
        if store is None:
            return None
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.window, "Import response file", "",
                                                  "Drafter response file (*.drafter);;All files (*)")
            if not name:
                return None
            path = Path(name)
        try:
            result = import_bundle(store, path)
        except DrafterError as exc:
            QMessageBox.warning(self.window, "Not imported", str(exc))
            return None
        self.window.operations.record(IMPORT_RESPONSE_FILE, undo_import(result), store.last_changes, self)
        self.window.response_panel.refresh_list(select_id=result.response_id)
        self._say("Response file imported.")
        return result.response_id

    # --- the whole library -----------------------------------------------------------------

    def _refused_on_server(self, title: str, what: str, instead: str) -> bool:
        """True (said in a box) when the window's library is a team's on a server: ``what`` is about the
        data folder's library file, and would act on that file behind the window's back."""
        return refused_on_server(self.window, title, what, instead)

    def export_library(self, path: Path | None = None) -> Path | None:
        from drafter.core.store.archive import export_archive

        if self._refused_on_server("Export Whole Library", "Exporting the whole library copies",
                                   "Whoever looks after the server copies the team library with pg_dump "
                                   "(see “Backing up” in Drafter's guide to a team server)."):
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self.window, "Export the whole library", "Drafter library.sqlite",
                                                  "Drafter library (*.sqlite)")
            if not name:
                return None
            path = Path(name)
        try:
            summary = export_archive(self.window.data_dir, path)
        except DrafterError as exc:
            QMessageBox.warning(self.window, "Not exported", str(exc))
            return None
        self._say(f"Exported {counted(summary.sources, 'source')}, {counted(summary.snippets, 'snippet')} "
                  f"and {counted(summary.responses, 'response')}.")
        return summary.path

    def import_library(self, path: Path | None = None) -> bool:
        from drafter.core.store.archive import import_archive

        window = self.window
        if self._refused_on_server("Import Whole Library", "Importing a whole library puts it in place of",
                                   "To work on it, choose File › Connect to Team Library… › Use Local Library "
                                   "and import it there."):
            return False
        if path is None:
            name, _ = QFileDialog.getOpenFileName(window, "Import a whole library", "",
                                                  "Drafter library (*.sqlite);;All files (*)")
            if not name:
                return False
            path = Path(name)
        window.response_panel.editor.flush()
        window.close_library()
        window.undo_stack.clear()
        try:
            import_archive(window.data_dir, path)
        except DrafterError as exc:
            QMessageBox.warning(window, "Not imported", str(exc))
            return False
        finally:
            window.reader.show_empty()
            window.open_library()  # announces the library replaced: every panel reads it anew
        self.tidy_search_index()
        return True

    def restore_from_backup(self) -> None:
        from drafter.ui.restore_dialog import restore_from_backup

        # On a team library it says why it does not apply (restore_dialog).
        restore_from_backup(self.window)


def refused_on_server(window: MainWindow, title: str, what: str, instead: str) -> bool:
    """True (said in a box) when ``window`` shows a team library on a server: ``what`` is about the data
    folder's library file, and would act on that file behind the window's back."""
    store = window.store
    if store is None or not store.is_server:
        return False
    QMessageBox.information(window, title,
                            f"{what} a data folder's library file; it does not apply to the team library "
                            f"{store.location} on a server.\n\n{instead}")
    return True

"""The import workflow as the user sees it: progress, checking facts, a summary.

Each file is stored in a worker thread by a core operation of its own
(``operations.library.add_imported``); when the batch ends, their inverses become
one undo step ("Import Files") and what they changed one notice, through the
window's ``OperationRunner.record``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QWidget

from drafter.core.wording import counted
from drafter.ui.import_flow import FileReader
from drafter.ui.search_worker import SearchRunner

if TYPE_CHECKING:
    from drafter.core.changes import Changes
    from drafter.core.importers import ImportedDocument
    from drafter.core.operations import Op, OpResult
    from drafter.core.records import SourceSummary
    from drafter.core.sources import SourceFacts
    from drafter.core.store import Store
    from drafter.ui.operations import OperationRunner
    from drafter.ui.status_progress import StatusProgress

#: A file's name as given, what was read from it (None: nothing), and why not.
_Read = tuple[str, "ImportedDocument | None", str]


@dataclass
class FileResult:
    name: str
    outcome: str  # added, skipped, duplicate, failed, cancelled
    detail: str = ""
    source_id: int | None = None


class ImportController(QObject):
    """Runs one import at a time for the window; emits ``finished`` with every file's result."""

    finished = Signal(list)

    def __init__(self, window: QMainWindow, store_getter: Callable[[], Store | None],
                 runner: OperationRunner | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._store_getter = store_getter
        self._runner = runner
        self._step_name = IMPORT_FILES
        self._stored: list[OpResult[Any]] = []  # each stored file's operation result, for the one undo step
        self._documents: list[_Read] = []
        self.running = False
        self.show_summary = True
        #: The basis of the facts the last review gave, when they came from a reference file, not the file.
        self.reviewed_basis: dict[str, str] | None = None
        self._status: StatusProgress | None = None
        self._closing = False

    @property
    def store(self) -> Store | None:
        """The open library; None while none is (closed for a restore, or reopening it failed)."""
        return self._store_getter()

    def shutdown(self) -> None:
        """The window is closing: stop reading files, and store nothing of what was read."""
        self._closing = True
        reader = getattr(self, "_reader", None)
        if reader is not None and reader.running:
            reader.stop()

    def _wait_for_start_up_imports(self) -> None:
        """The start-up thread imports the importers (the export uses them): not two threads at once."""
        store = self._store_getter()
        if store is not None:
            store.wait_for_warm_up()

    # --- files ---------------------------------------------------------------------------

    def import_paths(self, paths: list[Path]) -> None:
        if self.running or not paths:
            return
        self._wait_for_start_up_imports()
        self.running = True
        self._step_name = IMPORT_FILES
        self._documents = []
        self._reader = FileReader(paths, self)
        # Queued explicitly: these run on the UI thread whatever Qt infers from the callables.
        queued = Qt.ConnectionType.QueuedConnection
        self._reader.progress.connect(self._on_progress, queued)
        self._reader.read.connect(self._on_document, queued)
        self._reader.finished.connect(self._on_read, queued)
        self._reader.start()
        # Progress in the status bar, not a dialog (see ``StatusProgress``); a turn later,
        # so laying it out does not add to this turn.
        QTimer.singleShot(0, self, lambda: self._show_progress(len(paths)) if self._reading else None)

    def _show_progress(self, total: int) -> None:
        if self._status is None:
            from drafter.ui.status_progress import StatusProgress

            self._status = StatusProgress(self._window, "import",
                                          "Stop reading files; those already read are still added")
            self._status.cancel_clicked.connect(lambda: self._reader.cancel())
        self._status.start("Reading files…", total)

    @property
    def _reading(self) -> bool:
        return self.running and self._reader.running

    def _on_document(self, path: str, document: object, error: str) -> None:
        if self._closing:
            return
        self._documents.append((path, document, error))  # type: ignore[arg-type]

    def _on_progress(self, done: int, total: int, name: str) -> None:
        if self._closing:
            return
        if self._status is not None:
            self._status.advance(done, total, f"Reading {name} ({done + 1} of {total})…" if name else None)

    def _on_read(self, cancelled: bool) -> None:
        if self._closing:  # the window closed while the files were read: no questions, nothing stored
            self.running = False
            return
        if self._status is not None:
            self._status.label.setText("Adding to the library…")
            self._status.cancel.setEnabled(False)  # what was read is added; each file is one step
        tail: list[FileResult] = []
        if cancelled:
            read = {Path(p).name for p, _, _ in self._documents}
            tail = [FileResult(n, "cancelled", "The import was cancelled before this file was read.")
                    for n in self._pending_names(read)]
        self._run_storing(self._documents, tail)

    def _run_storing(self, documents: list[_Read], tail: list[FileResult]) -> None:
        """Store the documents; every database step runs in a worker thread.

        ``_store_documents`` is a coroutine: it yields each piece of database work
        (looking for duplicates, adding a source with its search index) as a
        function, gets the result back, and asks the user on this thread in between.
        Storing one source takes SQLite tens of milliseconds; done here, that was
        a stall of the window for every file of a batch.
        """
        results: list[FileResult] = []
        self._stored = []
        steps = self._store_documents(documents, results)
        runner = SearchRunner(self)  # "newest wins" is moot here: one job at a time

        def advance(value: object = None, error: BaseException | None = None) -> None:
            try:
                work = steps.throw(error) if error is not None else steps.send(value)
            except StopIteration:
                runner.wait()
                runner.deleteLater()
                self._finish(results + tail)
                return
            runner.submit(work)

        runner.results_ready.connect(lambda value: advance(value))
        runner.failed.connect(lambda error: advance(error=error))
        advance()

    def _pending_names(self, read: set[str]) -> list[str]:
        return [p.name for p in self._reader.paths if p.name not in read]

    # --- pasted text ---------------------------------------------------------------------

    def import_pasted(self, text: str) -> None:
        self._wait_for_start_up_imports()
        from drafter.core.importers import ImportRefused, import_text

        try:
            document = import_text(text)
        except ImportRefused as exc:
            self._finish([FileResult("Pasted text", "failed", str(exc))])
            return
        self.running = True
        self._step_name = IMPORT_PASTED
        self._run_storing([("Pasted text", document, "")], [])

    # --- checking facts and storing ------------------------------------------------------

    def _store_documents(
        self, documents: list[_Read], results: list[FileResult]
    ) -> Generator[Callable[[], object], Any, None]:
        """Check and store each document, appending to ``results``.

        Yields each piece of database work as a function; the result (or the
        exception it raised) comes back through ``send`` (or ``throw``): of the
        type that function returns, which the generator's type can't say.
        """
        from drafter.core.errors import DrafterError
        from drafter.core.sources import DuplicateSourceError, facts_from_guess, find_duplicates

        add_all = False
        readable_left = sum(1 for d in documents if d[1] is not None)
        store = self.store
        if store is None:  # the library was closed while the files were read, and not reopened
            results += [FileResult(Path(p).name, "failed", "No library was open.") for p, _, _ in documents]
            return
        for position, (path, document, error) in enumerate(documents):
            name = Path(path).name
            if document is None:
                results.append(FileResult(name, "failed", error))
                continue
            readable_left -= 1
            facts = facts_from_guess(document.facts)
            allow_duplicate = False
            self.reviewed_basis = None
            duplicates = yield partial(find_duplicates, store, document.text)
            if not add_all or duplicates:
                code, facts, allow_duplicate = self.review(document, facts, duplicates, readable_left)
                if code == QDialog.DialogCode.Rejected:
                    results += [
                        FileResult(Path(p).name, "skipped", "You cancelled the import.")
                        for p, _, _ in documents[position:]
                    ]
                    break
                if code == _SKIP:
                    results.append(FileResult(name, "skipped", "You chose Skip This File."))
                    continue
                add_all = add_all or code == _ADD_ALL
            # Where the facts came from, when not the file: a reference the user read in while reviewing.
            basis = self.reviewed_basis
            try:
                stored = yield partial(_store_one, store, document, facts, allow_duplicate, basis)
            except DuplicateSourceError as exc:
                results.append(FileResult(name, "duplicate", exc.message))
            except DrafterError as exc:
                results.append(FileResult(name, "failed", exc.message))
            else:
                self._stored.append(stored)
                note = "; ".join(document.warnings)
                results.append(FileResult(name, "added", note, stored.value[0].id))

    def review(self, document: ImportedDocument, facts: SourceFacts, duplicates: list[SourceSummary],
               remaining: int) -> tuple[int, SourceFacts, bool]:
        """Show the facts dialog; returns (dialog code, facts, keep duplicate).

        When the user read the facts in from a reference file, ``reviewed_basis`` says so.
        """
        from drafter.ui.facts_dialog import FactsDialog

        name = document.original_filename or "pasted text"
        dialog = FactsDialog(
            facts,
            basis=document.facts.basis,
            heading=f"Add {name} to the library",
            preview=document.text,
            duplicates=duplicates,
            remaining=remaining,
            parent=self._window,
        )
        code = dialog.exec()
        if code == QDialog.DialogCode.Rejected:
            return code, facts, False
        if dialog.read_from is not None:
            self.reviewed_basis = {
                "all": f"taken from the reference in {dialog.read_from}, which you gave, and checked by you"}
        return code, dialog.facts(), dialog.allow_duplicate()

    def _finish(self, results: list[FileResult]) -> None:
        self.running = False
        if self._status is not None:
            self._status.finish()
        self._record_stored()
        self.finished.emit(results)
        if self.show_summary and results:
            show_summary(self._window, results)


    def _record_stored(self) -> None:
        """The batch's files as one undo step, and one notice of every source they added."""
        stored, self._stored = self._stored, []
        if not stored or self._runner is None:
            return
        from drafter.core.operations import sequence

        inverses: list[Op[Any]] = [result.inverse for result in stored if result.inverse is not None]
        changes: Changes = stored[0].changes
        for result in stored[1:]:
            changes = changes.merged(result.changes)
        undo = sequence(self._step_name, *inverses) if inverses else None
        self._runner.record(self._step_name, undo, changes, self)


def _store_one(store: Store, document: ImportedDocument, facts: SourceFacts,
               allow_duplicate: bool, basis: dict[str, str] | None = None) -> OpResult[Any]:
    """Store one file as a core operation (run in the worker thread): its result keeps its undo."""
    from drafter.core.operations import library as lib_ops

    return lib_ops.add_imported([(document, facts)], allow_duplicates=allow_duplicate,
                                fact_basis=basis).run(store)


IMPORT_FILES = "Import Files"
IMPORT_PASTED = "New Source from Clipboard"
_SKIP = 2
_ADD_ALL = 3

_OUTCOME_WORDS = {
    "added": "Added",
    "skipped": "Not added",
    "duplicate": "Already in the library",
    "failed": "Could not import",
    "cancelled": "Not read",
}


def summary_html(results: list[FileResult]) -> str:
    """The import's outcome, a row a file: its name, what became of it, and why (never the outcome twice)."""
    added = sum(1 for r in results if r.outcome == "added")
    rows = "".join(
        f"<tr><td>{escape(r.name)}</td><td><b>{_OUTCOME_WORDS[r.outcome]}</b></td>"
        f"<td>{escape(r.detail)}</td></tr>"
        for r in results
    )
    return (
        f"<p>{added:,} of {counted(len(results), 'file')} added to the library.</p>"
        f"<table cellspacing='6'>{rows}</table>"
    )


def show_summary(parent: QWidget, results: list[FileResult]) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle("Import finished")
    failed = any(r.outcome in ("failed", "duplicate") for r in results)
    box.setIcon(QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information)
    box.setText(summary_html(results))
    box.exec()

"""The import workflow as the user sees it: progress, checking facts, a summary.

The files are read by a pool of reading processes (``FileReader``) and stored as
they come, in order: a few at a time (``BATCH`` files, one transaction each once the
user has chosen "Add all as read") by a core operation
(``operations.library.add_imported``) in a worker thread. The window holds only
the files it is storing or asking about: it asks the reader for more as it
stores, and keeps of each stored file only its outcome, the inverse that undoes
it and what it changed. When the import ends those inverses become one undo step
("Import Files") and what they changed one notice, through the window's
``OperationRunner.record``.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
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
        # Of each stored file, only what the one undo step and the one notice need: never its text.
        self._inverses: list[Op[Any]] = []
        self._changes: Changes | None = None
        self._incoming: deque[_Read] = deque()  # read, not yet stored: at most 2 × ``BATCH``
        self._read_over = True
        self._read_cancelled = False
        self._owed = 0  # files taken from ``_incoming`` that the reader has not been asked to replace
        self._reader: FileReader | None = None
        self._resume: Callable[[], None] | None = None  # set while storing waits for files
        self.reader_count = 1
        self.running = False
        self.show_summary = True
        #: The basis of the facts the last review gave, when they came from a reference file, not the file.
        self.reviewed_basis: dict[str, str] | None = None
        self._status: StatusProgress | None = None
        self._progress: tuple[int, int, str] | None = None  # the newest, shown at most PROGRESS_MS apart
        self._progress_due = False
        self._progress_shown = 0.0
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
        self._wait_for_start_up_imports()  # which import the reading job's module, too
        from drafter.core.jobs.read import reader_count

        self.running = True
        self._step_name = IMPORT_FILES
        self._incoming.clear()
        self._read_over, self._read_cancelled, self._owed = False, False, 0
        self._progress = None
        self.reader_count = min(reader_count(), len(paths))
        self._reader = FileReader(paths, self, readers=self.reader_count, credit=2 * BATCH)
        # Queued explicitly: these run on the UI thread whatever Qt infers from the callables.
        queued = Qt.ConnectionType.QueuedConnection
        self._reader.progress.connect(self._on_progress, queued)
        self._reader.read.connect(self._on_document, queued)
        self._reader.finished.connect(self._on_read, queued)
        self._reader.start()
        self._run_storing(len(paths))
        # Progress in the status bar, not a dialog (see ``StatusProgress``); a turn later,
        # so laying it out does not add to this turn.
        QTimer.singleShot(0, self, lambda: self._show_progress(len(paths)) if self.running else None)

    def _show_progress(self, total: int) -> None:
        if self._status is None:
            from drafter.ui.status_progress import StatusProgress

            self._status = StatusProgress(self._window, "import",
                                          "Stop importing; the files already added stay in the library")
            self._status.cancel_clicked.connect(self.cancel_import)
        self._status.start("Reading files…", total)

    @Slot()
    def cancel_import(self) -> None:
        """Stop reading; the files stored so far stay, each whole (the one being stored is finished)."""
        if self._reader is not None:
            self._reader.cancel()

    def _on_document(self, path: str, document: object, error: str) -> None:
        if self._closing or self._read_over:  # the import is over (the user ended it at a file's facts)
            return
        self._incoming.append((path, document, error))  # type: ignore[arg-type]
        self._wake()

    def _on_progress(self, done: int, total: int, name: str) -> None:
        """The status bar shows the newest progress, at most ``PROGRESS_MS`` apart.

        A file can take a millisecond to read: shown file by file, the label's new
        text laid out and painted the status bar a few hundred times a second, as
        much of the window's time as storing the files.
        """
        if self._closing:
            return
        self._progress = (done, total, name)
        if self._progress_due:
            return
        self._progress_due = True
        wait = PROGRESS_MS - (time.monotonic() - self._progress_shown) * 1000
        if wait <= 0:
            self._show_newest_progress()
        else:
            QTimer.singleShot(int(wait) + 1, self, self._show_newest_progress)

    def _show_newest_progress(self) -> None:
        self._progress_due = False
        self._progress_shown = time.monotonic()
        if self._closing or self._progress is None or self._status is None:
            return
        done, total, name = self._progress
        self._status.advance(done, total, f"Reading {name} ({done + 1} of {total})…" if name else None)

    def _on_read(self, cancelled: bool) -> None:
        if self._read_over:
            return
        self._read_over = True
        self._read_cancelled = cancelled
        if self._closing:  # the window closed while the files were read: no questions, nothing stored
            self.running = False
            return
        self._wake()

    def _wake(self) -> None:
        resume, self._resume = self._resume, None
        if resume is not None:
            resume()

    def _run_storing(self, total: int, documents: list[_Read] | None = None) -> None:
        """Store the files as they are read; every database step runs in a worker thread.

        ``_store_documents`` is a coroutine: it yields each piece of database work
        (looking for duplicates, adding sources with their search index) as a
        function, gets the result back, and asks the user on this thread in between;
        it yields ``_WAIT`` when it has stored every file read so far. Storing one
        source takes SQLite tens of milliseconds; done here, that was a stall of the
        window for every file of a batch.
        """
        results: list[FileResult] = []
        self._inverses, self._changes = [], None
        if documents is not None:  # all there is (pasted text)
            self._incoming.extend(documents)
            self._read_over, self._read_cancelled = True, False
        steps = self._store_documents(total, results)
        runner = SearchRunner(self)  # "newest wins" is moot here: one job at a time

        def advance(value: object = None, error: BaseException | None = None) -> None:
            try:
                work = steps.throw(error) if error is not None else steps.send(value)
            except StopIteration:
                runner.wait()
                runner.deleteLater()
                self._finish(results)
                return
            if not callable(work):  # _WAIT: every file that came is stored
                self._resume = advance
                return
            runner.submit(work)

        runner.results_ready.connect(lambda value: advance(value))
        runner.failed.connect(lambda error: advance(error=error))
        advance()

    def _next_read(self) -> _Read | None:
        """The next file read, handed over to the caller (``_ask_for_more`` replaces it once it is stored)."""
        if not self._incoming:
            return None
        self._owed += 1
        return self._incoming.popleft()

    def _ask_for_more(self) -> None:
        """The files taken so far are stored and let go: the reader may send as many more."""
        owed, self._owed = self._owed, 0
        if owed and self._reader is not None and not self._read_over and not self._closing:
            self._reader.more(owed)

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
        self._reader = None
        self._run_storing(1, [("Pasted text", document, "")])

    # --- checking facts and storing ------------------------------------------------------

    def _store_documents(self, total: int, results: list[FileResult]) -> Generator[object, Any, None]:
        """Check and store each file as it comes, in order, appending to ``results``.

        Yields each piece of database work as a function, or ``_WAIT`` for more
        files; the result (or the exception it raised) comes back through ``send``
        (or ``throw``): of the type that function returns, which the generator's
        type can't say. Once the user has chosen "Add all as read", the files that
        came are stored together (up to ``BATCH``, one transaction), each file
        whole or not at all; a file whose text is already in the library is still
        shown to the user first.
        """
        from drafter.core.errors import DrafterError
        from drafter.core.sources import DuplicateSourceError, facts_from_guess, find_duplicates

        add_all = False
        handled = 0
        store = self.store
        while True:
            self._ask_for_more()
            if not self._incoming:
                if self._read_over:
                    break
                yield _WAIT
                continue
            if store is None:  # the library was closed while the files were read, and not reopened
                path, _, _ = self._next_read()  # type: ignore[misc]
                handled += 1
                results.append(FileResult(Path(path).name, "failed", "No library was open."))
                continue
            if add_all:
                if len(self._incoming) < BATCH and not self._read_over:
                    yield _WAIT  # a whole batch for one transaction: the commit is most of a small file's cost
                    continue
                together = [read for read in list(self._incoming)[:BATCH] if read[1] is not None]
                if len(together) > 1:
                    # One trip to the worker thread: which lead files are new, and those stored.
                    clean, stored = yield partial(_store_new, store, [d for _, d, _ in together if d is not None])
                    if clean > 1:
                        batch = [self._next_read() for _ in range(self._position_of(together[clean - 1]) + 1)]
                        handled += len(batch)
                        yield from self._store_batch(store, batch, results, stored)  # type: ignore[arg-type]
                        batch = together = stored = None  # type: ignore[assignment]  # let go before the next
                        continue
            path, document, error = self._next_read()  # type: ignore[misc]
            handled += 1
            name = Path(path).name
            if document is None:
                results.append(FileResult(name, "failed", error))
                continue
            facts = facts_from_guess(document.facts)
            allow_duplicate = False
            self.reviewed_basis = None
            duplicates = yield partial(find_duplicates, store, document.text)
            if not add_all or duplicates:
                code, facts, allow_duplicate = self.review(document, facts, duplicates, total - handled)
                if code == QDialog.DialogCode.Rejected:
                    results.append(FileResult(name, "skipped", "You cancelled the import."))
                    results += self._drop_the_rest("You cancelled the import.")
                    break
                if code == _SKIP:
                    results.append(FileResult(name, "skipped", "You chose Skip This File."))
                    continue
                add_all = add_all or code == _ADD_ALL
            # Where the facts came from, when not the file: a reference the user read in while reviewing.
            basis = self.reviewed_basis
            try:
                stored = yield partial(_store_one, store, [(document, facts)], allow_duplicate, basis)
            except DuplicateSourceError as exc:
                results.append(FileResult(name, "duplicate", exc.message))
            except DrafterError as exc:
                results.append(FileResult(name, "failed", exc.message))
            else:
                self._keep(stored)
                note = "; ".join(document.warnings)
                results.append(FileResult(name, "added", note, stored.value[0].id))
            document = stored = None  # released before the next file is held
        if self._read_cancelled:
            results += self._drop_the_rest("The import was cancelled before this file was read.", outcome="cancelled")

    def _position_of(self, read: _Read) -> int:
        return next(i for i, other in enumerate(self._incoming) if other is read)

    def _store_batch(self, store: Store, batch: list[_Read], results: list[FileResult],
                     stored: OpResult[Any] | None) -> Generator[object, Any, None]:
        """The outcome of files the user has agreed to add as read, none of which was in the library.

        ``stored``: their readable files stored together by ``_store_new``; None when that was
        refused (another program added one of these texts meanwhile): then each is stored on its own.
        """
        from drafter.core.errors import DrafterError
        from drafter.core.sources import facts_from_guess

        outcomes = iter(stored.value if stored is not None else ())
        if stored is not None:
            self._keep(stored)
        for path, document, error in batch:
            name = Path(path).name
            if document is None:
                results.append(FileResult(name, "failed", error))
            elif stored is not None:
                results.append(FileResult(name, "added", "; ".join(document.warnings), next(outcomes).id))
            else:
                try:
                    one = yield partial(_store_one, store, [(document, facts_from_guess(document.facts))], False)
                except DrafterError as exc:
                    kind = "duplicate" if type(exc).__name__ == "DuplicateSourceError" else "failed"
                    results.append(FileResult(name, kind, exc.message))
                else:
                    self._keep(one)
                    results.append(FileResult(name, "added", "; ".join(document.warnings), one.value[0].id))

    def _keep(self, stored: OpResult[Any]) -> None:
        """What the one undo step and the one notice need of a stored batch; its records are let go."""
        if stored.inverse is not None:
            self._inverses.append(stored.inverse)
        self._changes = stored.changes if self._changes is None else self._changes.merged(stored.changes)

    def _drop_the_rest(self, detail: str, outcome: str = "skipped") -> list[FileResult]:
        """Every file not stored yet, as not added: what came, and what was never read."""
        reader = self._reader
        dropped = [FileResult(Path(path).name, outcome, detail) for path, _, _ in self._incoming]
        self._incoming.clear()
        if reader is not None:
            dropped += [FileResult(path.name, outcome, detail) for path in reader.unreported()]
            if not self._read_over:
                self._read_over = True
                reader.stop()  # reading changes nothing: ended at once
        return dropped

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
        inverses, changes = self._inverses, self._changes
        self._inverses, self._changes = [], None
        if changes is None or self._runner is None:
            return
        from drafter.core.operations import sequence

        undo = sequence(self._step_name, *inverses) if inverses else None
        self._runner.record(self._step_name, undo, changes, self)


def _store_one(store: Store, documents: list[tuple[ImportedDocument, SourceFacts]],
               allow_duplicate: bool, basis: dict[str, str] | None = None) -> OpResult[Any]:
    """Store files as one core operation, one transaction (run in the worker thread): its result keeps its undo.

    ``basis``: where the facts came from when the user read them in from a reference file, not the file.
    """
    from drafter.core.operations import library as lib_ops

    return lib_ops.add_imported(documents, allow_duplicates=allow_duplicate, fact_basis=basis).run(store)


def _store_new(store: Store, documents: list[ImportedDocument]) -> tuple[int, OpResult[Any] | None]:
    """How many of ``documents``, from the first, are new (in neither the library nor among them),
    and, when more than one, those stored as one operation with their guessed facts (run in the worker
    thread). None for the result when storing them was refused; then nothing of them was stored."""
    from drafter.core.errors import DrafterError
    from drafter.core.sources import facts_from_guess, leading_new_texts

    clean = leading_new_texts(store, [document.text for document in documents])
    if clean <= 1:
        return clean, None
    try:
        return clean, _store_one(store, [(d, facts_from_guess(d.facts)) for d in documents[:clean]], False)
    except DrafterError:
        return clean, None


#: The status bar's progress changes at most this often (milliseconds).
PROGRESS_MS = 100
#: Files stored together in one transaction once the user has said "Add all as read"; the
#: window holds at most twice as many (a batch being stored, the next one coming in).
BATCH = 16
#: What ``_store_documents`` yields when it has stored every file that came so far.
_WAIT = object()
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

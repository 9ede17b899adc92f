"""Importing files: read off the UI thread with progress and Cancel, then check facts.

Reading and parsing (the slow part: PDFs, web pages) runs in a worker thread and
never touches the database. Storing each confirmed source is one quick core
operation on the UI thread. At the end a summary lists every file's result.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot


class ReadWorker(QObject):
    """Reads files one by one with the core's importers; cancellable between files."""

    progress = Signal(int, int, str)  # done, total, current file name
    read = Signal(str, object, str)  # path, ImportedDocument or None, error message
    finished = Signal(bool)  # True when cancelled

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self._paths = paths
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        from drafter.core.importers import ImportRefused, import_file

        total = len(self._paths)
        for done, path in enumerate(self._paths):
            if self._cancel.is_set():
                self.finished.emit(True)
                return
            self.progress.emit(done, total, path.name)
            try:
                document = import_file(path)
            except ImportRefused as exc:
                self.read.emit(str(path), None, str(exc))
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
                self.read.emit(str(path), None, f"Drafter could not read this file ({type(exc).__name__}).")
            else:
                self.read.emit(str(path), document, "")
        self.progress.emit(total, total, "")
        self.finished.emit(False)


def start_reading(paths: list[Path], parent: QObject) -> tuple[QThread, ReadWorker]:
    thread = QThread(parent)
    worker = ReadWorker(paths)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit)
    thread.finished.connect(worker.deleteLater)
    return thread, worker

"""Reading the files of an import, in processes of their own, with progress and Cancel.

Reading and parsing (the slow part: PDFs, web pages, and the first import of
trafilatura, pypdf and python-docx, a fifth of a second of Python) runs in a
child process (``drafter.core.jobs.read``) and its pool of reading processes,
one a processor, and never touches the database: a thread doing it held the
window up 50–65 ms at a time (see ``drafter.core.jobs``). The files come back in
order, only as many as the import controller has asked for (``more``): it
stores them as they come.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from drafter.core.errors import DrafterError


class FileReader(QObject):
    """Reads ``paths`` with the core's importers in a child; cancellable between files."""

    progress = Signal(int, int, str)  # done, total, current file name
    read = Signal(str, object, str)  # path, ImportedDocument or None, error message
    finished = Signal(bool)  # True when cancelled

    def __init__(self, paths: list[Path], parent: QObject, *, readers: int = 0, credit: int | None = None) -> None:
        """``readers``: reading processes (0: the child reads itself); ``credit``: files sent before ``more``."""
        super().__init__(parent)
        from drafter.core.jobs import read as read_job
        from drafter.ui.job_process import JobProcess

        self.paths = paths
        self._reported: set[str] = set()
        self._job = JobProcess(
            self, read_job.job_command(), read_job.encode_job(paths, readers=readers, credit=credit),
            final={"finished", "failed"},
            crashed="Drafter stopped reading the files unexpectedly.",
            not_started="Drafter could not start reading the files.")
        self._job.event_received.connect(self._on_event)
        self._job.ended.connect(self._on_ended)

    def start(self) -> None:
        self._job.start()

    @property
    def running(self) -> bool:
        return self._job.running

    def cancel(self) -> None:
        self._job.cancel()

    def more(self, count: int) -> None:
        """The files sent so far are taken: send ``count`` more."""
        from drafter.core.jobs.read import MORE

        self._job.send_line(f"{MORE} {count}")

    def unreported(self) -> list[Path]:
        """The files not reported yet, in order."""
        return [path for path in self.paths if str(path) not in self._reported]

    def stop(self) -> None:
        """End the reading now: it has changed nothing, so nothing is lost.

        Cancelled first, so the job ends its reading processes (one may be stuck on a
        file that never ends); killed if it does not end within two seconds.
        """
        self._job.shutdown(2000)

    @property
    def pid(self) -> int | None:
        """The reading process's id, once it has said it started."""
        return self._job.pid

    def _on_event(self, event: dict[str, Any]) -> None:  # one decoded JSON event of the reading process
        kind = event["event"]
        if kind == "progress":
            self.progress.emit(int(event["done"]), int(event["total"]), str(event.get("name") or ""))
        elif kind == "read":
            from drafter.core.jobs.read import document_from_json

            path = str(event["path"])
            self._reported.add(path)
            data = event.get("document")
            try:
                document = document_from_json(data) if data is not None else None
            except (KeyError, TypeError, ValueError):
                document = None
                event = {**event, "error": "Drafter could not read this file (its reading came back garbled)."}
            self.read.emit(path, document, str(event.get("error") or ""))
        elif kind == "finished":
            self.finished.emit(bool(event.get("cancelled")))
        elif kind == "failed":
            self._fail_the_rest(event.get("message") or "Drafter could not read the files.")

    def _on_ended(self, problem: DrafterError | None) -> None:
        if problem is not None:
            self._fail_the_rest(str(problem))

    def _fail_the_rest(self, reason: str) -> None:
        """Every file not read yet is reported as not read, for this reason; then the end."""
        for path in self.paths:
            if str(path) not in self._reported:
                self._reported.add(str(path))
                self.read.emit(str(path), None, reason)
        self.finished.emit(False)

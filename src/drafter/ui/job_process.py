"""The window's side of a job run in a process of its own (``drafter.core.jobs``).

QProcess reports through the event loop, so no Python thread of the window's
process works while the job runs: the window keeps every turn.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal

from drafter.core.errors import DrafterError


class JobProcess(QObject):
    """One job: its events as they come (``event_received``), then ``ended``.

    ``ended`` carries None once the child has sent one of ``final`` events, and
    a ``DrafterError`` (``crashed`` or ``not_started``, with the detail as its
    hint) when it ended without one or never started.
    """

    event_received = Signal(dict)  # every event but "started"
    ended = Signal(object)

    def __init__(self, parent: QObject, command: list[str], job: bytes, *, final: set[str],
                 crashed: str, not_started: str) -> None:
        super().__init__(parent)
        from drafter.core.jobs import EventReader, job_environment

        self.pid: int | None = None  # the child's own, from its "started" event
        self._job, self._final, self._crashed, self._not_started = job, final, crashed, not_started
        self._events = EventReader()
        self._finished = False
        self._over = False
        self._process = QProcess(self)
        self._process.setProgram(command[0])
        self._process.setArguments(command[1:])
        environment = QProcessEnvironment()
        for key, value in job_environment(os.environ).items():
            environment.insert(key, value)
        self._process.setProcessEnvironment(environment)
        self._process.readyReadStandardOutput.connect(self._read)
        self._process.finished.connect(self._process_ended)
        self._process.errorOccurred.connect(self._process_error)

    def start(self) -> None:
        self._process.start()
        self._process.write(self._job)  # the input stays open: its end would cancel the job

    @property
    def running(self) -> bool:
        return not self._over

    def cancel(self) -> None:
        if not self._over and self._process.state() != QProcess.ProcessState.NotRunning:
            from drafter.core.jobs import CANCEL

            self._process.write(f"{CANCEL}\n".encode())

    def send_line(self, line: str) -> None:
        """A line of the job's own protocol to the child (ignored once it has ended)."""
        if not self._over and self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.write(f"{line}\n".encode())

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Cancel, wait for the end (reported as it comes), and kill a child that does not stop."""
        if self._over:
            return
        self.cancel()
        if not self._process.waitForFinished(timeout_ms):
            self._process.kill()
            self._process.waitForFinished(2000)

    def kill(self) -> None:
        """End the child at once (for a job that changes nothing, such as reading files)."""
        if not self._over:
            self._process.kill()
            self._process.waitForFinished(2000)

    def _read(self) -> None:
        for event in self._events.feed(bytes(self._process.readAllStandardOutput().data())):
            if event["event"] == "started":
                self.pid = event.get("pid")
                continue
            if self._finished:
                continue
            self._finished = event["event"] in self._final
            self.event_received.emit(event)

    def _process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self._over:
            self._end(DrafterError(self._not_started, hint=self._process.errorString()))

    def _process_ended(self, *_: Any) -> None:
        self._read()
        if self._finished:
            self._end(None)
            return
        detail = bytes(self._process.readAllStandardError().data()).decode("utf-8", "replace").strip()
        self._end(DrafterError(self._crashed, hint=detail.splitlines()[-1] if detail else None))

    def _end(self, problem: DrafterError | None) -> None:
        if self._over:
            return
        self._over = True
        self.ended.emit(problem)
        self.deleteLater()

"""Unexpected errors in the window: a plain sentence, a report to copy, and the details in the problem log.

``install_problem_hooks`` replaces ``sys.excepthook`` (which PySide6 calls for an
exception raised in a slot or an overridden Qt method) and ``threading.excepthook``
(a worker thread's). Each unexpected error is written to the rotating problem log
in the data folder (``drafter.core.errorlog``) and shown in ``ProblemDialog``:
what happened in one sentence, where the log is, and a "Copy report" button with
the version, the platform and the traceback. The window stays open: one bug in
one gesture should not take the whole window (and the user's place) with it.

An error raised in a thread is shown on the window's thread; while one dialog is
open, further errors are logged but not shown again, so a fault that repeats
(in painting, say) can't stack dialogs on top of each other.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from drafter.core.errorlog import ErrorReport

PLAIN_SENTENCE = (
    "Drafter met a problem it did not expect, and what you just did may not have been finished. "
    "Everything saved before it is safe, and you can go on working."
)


class ProblemDialog(QDialog):
    """The plain sentence, where the details were written, and the report to copy."""

    def __init__(self, report_text: str, written: ErrorReport | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Drafter met a problem")
        self.setObjectName("problemDialog")
        self.report_text = report_text
        layout = QVBoxLayout(self)
        sentence = QLabel(PLAIN_SENTENCE, self)
        sentence.setWordWrap(True)
        layout.addWidget(sentence)
        if written is None:
            where = "Drafter could not write the details to its problem log. Copy the report to keep them."
        else:
            where = f"The details are in the problem log: {written.path}"
            if written.fallback:
                where += " (the data folder could not be written, so a temporary folder was used)."
        self.log_label = QLabel(where, self)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.log_label)
        layout.addWidget(QLabel("Please send the report to whoever supports Drafter for you.", self))
        details = QPlainTextEdit(report_text, self)
        details.setReadOnly(True)
        details.setAccessibleName("Problem report")
        details.setMinimumSize(560, 180)
        layout.addWidget(details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("Copy report", self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QApplication.clipboard().setText(self.report_text)
        self.copy_button.setText("Copied")


class ProblemReporter(QObject):
    """Writes each unexpected error to the log and shows it, on the window's thread."""

    #: (report text, ErrorReport or None), from whichever thread the error happened in.
    _arrived = Signal(str, object)
    #: Emitted after an error was logged and (unless one was open already) shown.
    reported = Signal(str)
    #: A team library's server could not be reached while the window read from it: not a fault
    #: of Drafter's, so no report; the window's banner says it (``TeamLibrary.read_failed``).
    unreachable = Signal(str)

    def __init__(self, data_dir: Path | None, parent_getter: Callable[[], QWidget | None] = lambda: None) -> None:
        super().__init__()
        self.data_dir = data_dir
        self._parent = parent_getter
        self._showing = False
        self._arrived.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report(self, error: BaseException, *, context: str = "the window") -> None:
        """Log ``error`` and have it shown; safe to call from any thread, never raises."""
        from drafter.core.errorlog import describe, write_report

        try:
            text = describe(error, context=context)
            written = write_report(error, self.data_dir, context=context)
            self._arrived.emit(text, written)
        except Exception:  # reporting a problem must never become a second one
            sys.__excepthook__(type(error), error, error.__traceback__)

    def _show(self, text: str, written: object) -> None:
        if self._showing:  # one dialog at a time: a repeating fault is in the log, not in ten dialogs
            self.reported.emit(text)
            return
        self._showing = True
        try:
            from drafter.core.errorlog import ErrorReport

            dialog = ProblemDialog(text, written if isinstance(written, ErrorReport) else None, self._parent())
            dialog.exec()
        finally:
            self._showing = False
        self.reported.emit(text)


class ProblemHooks:
    """The installed hooks, and the ones they replaced (``uninstall`` puts those back)."""

    def __init__(self, reporter: ProblemReporter) -> None:
        self.reporter = reporter
        self._previous = (sys.excepthook, threading.excepthook)

    def excepthook(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            self._previous[0](kind, error, trace)
            return
        from drafter.core.store.postgres import ServerUnreachableError

        if isinstance(error, ServerUnreachableError):
            self.reporter.unreachable.emit(error.message)
            return
        self.reporter.report(error.with_traceback(trace))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            self._previous[1](args)
            return
        name = args.thread.name if args.thread is not None else "a background task"
        self.reporter.report(args.exc_value, context=f"the window's background work ({name})")

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous


def install_problem_hooks(data_dir: Path | None,
                          parent_getter: Callable[[], QWidget | None] = lambda: None) -> ProblemHooks:
    """Report every unexpected error of this process in a dialog and the data folder's problem log."""
    hooks = ProblemHooks(ProblemReporter(data_dir, parent_getter))
    hooks.install()
    return hooks

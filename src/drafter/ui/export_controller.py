"""Checking and exporting the open response, as the user sees it.

File › Export opens one dialog (``export_dialog.ExportDialog``): the format, the
style, the options and the file, as this response was last exported, with the
readiness check's findings in it (a quotation that no longer matches its source
blocks the export; anything else is listed and the user may go ahead). The
choices are kept with the response (``remember_export_settings``, no undo step:
remembering is not an edit) and the folder also in the window's settings, for
the next response. The file is then written by a process of its own
(``drafter.core.jobs.export``), with progress and Cancel, while the window stays
free; once written, the user can open it or its folder.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from drafter.core.errors import DrafterError
from drafter.core.wording import counted
from drafter.ui.accessibility import announce, main_action, name
from drafter.ui.empty_hint import EmptyHint

if TYPE_CHECKING:
    from drafter.core.checks import CheckItem, Readiness
    from drafter.core.export.options import ExportOptions
    from drafter.core.operations.base import Op
    from drafter.core.responses.records import ResponseDocument
    from drafter.core.store import Store
    from drafter.ui.job_process import JobProcess
    from drafter.ui.status_progress import StatusProgress


#: The window's setting (window.ini) holding the folder of the latest export.
LAST_FOLDER_KEY = "export/last_folder"


class ReadinessDialog(QDialog):
    """The check's findings; double-click one to go to the place to fix it.

    An item naming a source without an accessed date offers "I checked this page on"
    a day the user picks (for that source or every one listed); an item naming a
    citation with no author, title or publisher offers "Cite as it is". Each is a
    core operation, undoable, which ``confirmed`` hands to the controller.
    """

    item_chosen = Signal(object)
    confirmed = Signal(object)  # an Op recording what the user confirmed

    def __init__(self, readiness: Readiness, *, exporting: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ready to submit?")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        if readiness.blocking:
            headline = "<b>This response can't be exported yet.</b> Fix the items marked ✖ first."
        elif readiness.items:
            headline = f"<b>{counted(len(readiness.items), 'thing')} to look at</b> before you submit."
        else:
            headline = "<b>Nothing to fix.</b> Every question is answered and every quotation matches its source."
        label = QLabel(headline, self)
        label.setObjectName("readinessHeadline")
        label.setWordWrap(True)
        layout.addWidget(label)
        #: The check's result in words: a screen reader reads it (the dialog's first text) as the dialog
        #: opens, so it is not announced as well (Orca said it three times then).
        plain = QTextDocumentFragment.fromHtml(headline).toPlainText()
        self.headline = plain.replace(" marked ✖", " that must be fixed")
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        # Named only: a screen reader reads the dialog's headline as it opens.
        name(self.list, "Things to look at")
        for item in readiness.blockers + readiness.warnings:
            blocking = item in readiness.blockers
            entry = QListWidgetItem(("✖ " if blocking else "⚠ ") + item.message)
            entry.setData(Qt.ItemDataRole.UserRole, item)
            # The marks are not read out as "heavy multiplication x": say what they mean.
            entry.setData(Qt.ItemDataRole.AccessibleTextRole,
                          ("Must be fixed: " if blocking else "To look at: ") + item.message)
            self.list.addItem(entry)
        self.list.itemActivated.connect(self._chosen)  # a double-click, or Enter
        self.empty_hint = EmptyHint(self.list, "Nothing to report. " + (
            "Choose Export below when you are ready." if exporting and not readiness.blocking
            else "When you are ready, choose File › Export… (Ctrl+E)."))
        layout.addWidget(self.list, 1)
        layout.addWidget(QLabel("Double-click an item, or press Enter on it, to go to it.", self))
        self._unchecked = [i.source_id for i in readiness.items if "accessed" in i.facts and i.source_id is not None]
        confirm = QHBoxLayout()
        self.checked_on = QDateEdit(QDate.currentDate(), self)
        self.checked_on.setCalendarPopup(True)
        self.checked_on.setMaximumDate(QDate.currentDate())
        self.checked_on.setDisplayFormat("d MMMM yyyy")
        self.checked_on.setAccessibleName("The day you checked the page")
        self.checked_one = QPushButton("I Checked This Page On", self)
        self.checked_all = QPushButton(f"I Checked All {len(self._unchecked)} Pages On", self)
        self.as_is = QPushButton("Cite As It Is", self)
        self.checked_one.clicked.connect(lambda: self._confirm_accessed(self._selected_source()))
        self.checked_all.clicked.connect(lambda: self._confirm_accessed(None))
        self.as_is.clicked.connect(self._confirm_as_is)
        for widget in (self.checked_one, self.checked_on, self.checked_all, self.as_is):
            confirm.addWidget(widget)
        confirm.addStretch(1)
        layout.addLayout(confirm)
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        self._enable()
        if readiness.backup:
            backup = QLabel(readiness.backup, self)
            backup.setWordWrap(True)
            layout.addWidget(backup)
        buttons = QDialogButtonBox(self)
        if exporting and not readiness.blocking:
            main_action(buttons.addButton("&Export Anyway" if readiness.items else "&Export",
                                          QDialogButtonBox.ButtonRole.AcceptRole))
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            main_action(buttons.addButton(QDialogButtonBox.StandardButton.Close), "&Close")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _selected(self) -> CheckItem | None:
        entry = self.list.currentItem()
        return entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None

    def _selected_source(self) -> list[int]:
        item = self._selected()
        return [item.source_id] if item is not None and item.source_id is not None else []

    def _enable(self) -> None:
        item = self._selected()
        self.checked_one.setEnabled(item is not None and "accessed" in item.facts)
        self.checked_all.setEnabled(bool(self._unchecked))
        self.checked_on.setEnabled(bool(self._unchecked))
        self.as_is.setEnabled(item is not None and item.kind == "citation_empty")

    def _confirm_accessed(self, source_ids: list[int] | None) -> None:
        from drafter.core.operations.library import confirm_accessed

        ids = self._unchecked if source_ids is None else source_ids
        if ids:
            self.confirmed.emit(confirm_accessed(ids, self.checked_on.date().toPython()))  # type: ignore[arg-type]
            self.reject()

    def _confirm_as_is(self) -> None:
        from drafter.core.operations.library import confirm_bare_citation

        if ids := self._selected_source():
            self.confirmed.emit(confirm_bare_citation(ids))
            self.reject()

    def _chosen(self, entry: QListWidgetItem) -> None:
        self.item_chosen.emit(entry.data(Qt.ItemDataRole.UserRole))
        self.reject()


class ExportController(QObject):
    finished = Signal(object)  # ExportResult or DrafterError
    go_to = Signal(object)  # a CheckItem the user wants to fix

    def __init__(self, window: QMainWindow, store_getter: Callable[[], Store | None],
                 response_getter: Callable[[], ResponseDocument | None],
                 flush: Callable[[], None] = lambda: None,
                 run_op: Callable[[Op[Any]], object] | None = None) -> None:
        super().__init__(window)
        self._run_op = run_op  # the window's OperationRunner.run: what the user confirms is undoable
        self._window, self._store, self._response = window, store_getter, response_getter
        self._flush = flush  # saves what the editor holds that its timer has not saved yet
        self.ask = True  # tests turn the dialogs off
        self.worker_pid: int | None = None  # the process that ran the latest export
        self._job: JobProcess | None = None
        self._closing = False
        self._status: StatusProgress | None = None
        #: Shows the Export dialog and returns whether the user pressed Export (tests replace it).
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.exported_box: QMessageBox | None = None  # the latest "Exported" message, with Open and Show

    def _ready(self, exporting: bool, style: str | None = None) -> bool:
        """Check the response, judging its citations in ``style`` (the one being exported, else its own)."""
        self._flush()  # the words typed last are in the check and the export, not left to the autosave's timer
        store = self._store()
        if store is None:  # no library open (closed for a restore, or reopening it failed): nothing to check
            return False
        store.wait_for_warm_up()  # it imports the checks and the export: never two threads at once
        from drafter.core.checks import check_response

        document = self._response()
        if document is None:
            QMessageBox.information(self._window, "No response open", "Open or start a response first.")
            return False
        while True:
            try:
                readiness = check_response(store, document.id, style=style)
            except DrafterError as exc:
                QMessageBox.warning(self._window, "Check failed", exc.message)
                return False
            if not self.ask:
                return not readiness.blocking
            if exporting and not readiness.items:
                return True
            dialog = ReadinessDialog(readiness, exporting=exporting, parent=self._window)
            dialog.item_chosen.connect(self.go_to)
            wanted: list[Op[Any]] = []
            dialog.confirmed.connect(wanted.append)
            accepted = bool(dialog.exec())
            if not wanted or self._run_op is None:
                return accepted and exporting and not readiness.blocking
            self._run_op(wanted[0])  # then check again, showing what is left

    def check(self) -> None:
        self._ready(exporting=False)

    def export(self, format: str = "docx", path: Path | None = None, options: ExportOptions | None = None) -> None:
        """Without ``path``: the Export dialog, then the export. With it (scripts, tests): check and export."""
        if self.running:
            if self.ask:
                QMessageBox.information(self._window, "An export is being written",
                                        "Wait for it to finish, or cancel it in the status bar, then export again.")
            return
        document = self._response()
        if document is None:
            self._ready(exporting=True)  # says there is no response open
            return
        if path is None:
            chosen = self._choose(document)
            store = self._store()
            if chosen is not None and store is not None:
                self._run(store, document.id, *chosen)
            return
        # The check judges the citations in the style being exported, chosen just now.
        if not self._ready(exporting=True, style=options.style if options is not None else None):
            return
        store = self._store()
        if store is not None:  # None: the library was closed while the dialogs were open
            from drafter.core.export.options import ExportOptions

            self._run(store, document.id, path, format, options or ExportOptions())

    def _choose(self, document: ResponseDocument) -> tuple[Path, str, ExportOptions] | None:
        """The Export dialog, opened as the response was last exported; its choices, remembered, or None."""
        self._flush()  # the words typed last are in the check and the export
        store = self._store()
        if store is None:
            return None
        store.wait_for_warm_up()
        from drafter.core.checks import check_response
        from drafter.core.responses import export_settings
        from drafter.ui.export_dialog import ExportDialog

        try:
            settings = export_settings(store, document.id)
        except DrafterError as exc:
            QMessageBox.warning(self._window, "Export", exc.message)
            return None
        dialog = ExportDialog(document, settings, self._folder(settings),
                              lambda style: check_response(store, document.id, style=style), parent=self._window)
        dialog.item_chosen.connect(self.go_to)
        if not self.exec_dialog(dialog) or dialog.blocked_because() is not None:
            return None
        path = dialog.target()
        if self.ask and path.exists() and QMessageBox.question(
                self._window, "Replace the file?",
                f"“{path.name}” already exists in {path.parent}. Replace it with this export?") \
                != QMessageBox.StandardButton.Yes:
            return None
        self._remember(store, document.id, dialog.settings(), path.parent)
        return path, dialog.format_name, dialog.options()

    def _folder(self, settings: dict[str, object]) -> Path:
        """Where this response was last exported, else where the last export went, else Documents."""
        from PySide6.QtCore import QStandardPaths

        last = self._window_settings().value(LAST_FOLDER_KEY) if self._window_settings() is not None else None
        for candidate in (settings.get("folder"), last,
                          QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation),
                          str(Path.home())):
            if isinstance(candidate, str) and candidate and Path(candidate).is_dir():
                return Path(candidate)
        return Path.cwd()  # no home folder at all (a bare service account): the dialog lets them choose

    def _window_settings(self) -> Any:
        return getattr(self._window, "settings", None)

    def _remember(self, store: Store, response_id: int, settings: dict[str, object], folder: Path) -> None:
        """Keep the choices with the response, and the folder for every response's next export."""
        from drafter.core.operations.responses import remember_export_settings

        # Not remembered (the library busy, say): the export itself still goes ahead.
        with contextlib.suppress(DrafterError):
            remember_export_settings(response_id, settings).run(store)
        window_settings = self._window_settings()
        if window_settings is not None:
            window_settings.setValue(LAST_FOLDER_KEY, str(folder))

    def _run(self, store: Store, response_id: int, path: Path, format: str, options: ExportOptions) -> None:
        """Export in a process of its own (``drafter.core.jobs.export``), reading its events as they come.

        A child process, not a thread: a thread running the export would share
        Python's lock with this window and stall it (see ``drafter.core.jobs``).
        """
        store.wait_for_warm_up()  # export_job imports the checks, which the start-up thread may be importing
        from drafter.core.jobs import export as export_job
        from drafter.ui.job_process import JobProcess

        self._outcome: object | None = None
        self.worker_pid = None
        self._job = JobProcess(
            self, export_job.job_command(), export_job.encode_job(store.data_dir, response_id, path, format,
                                                            options.arguments(), store.child_location()),
            final={"finished", "failed"},
            crashed="The export stopped unexpectedly. The old file is unchanged.",
            not_started="Drafter could not start its export. The old file is unchanged.")
        self._job.event_received.connect(self._on_event)
        self._job.ended.connect(self._on_ended)
        self._job.start()
        # The status bar's progress a turn later: its first appearance lays out new widgets,
        # which should not add to the readiness check's time in this one.
        QTimer.singleShot(0, self, lambda: self._show_progress(path) if self.running else None)

    @property
    def running(self) -> bool:
        return self._job is not None and self._job.running

    def cancel(self) -> None:
        """Ask the export to stop; it removes what it had begun and reports ``ExportCancelled``."""
        if self._job is not None:
            self._job.cancel()

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Stop a running export before the window closes: cancel it, and kill it if it does not stop.

        Cancelled, it removes its unfinished file itself (it stops at its next step,
        within a second); only a child that does not stop is killed.
        """
        if self._job is not None:
            self._closing = True  # its end is reported without a dialog
            self._job.shutdown(timeout_ms)

    def _on_event(self, event: dict[str, Any]) -> None:  # one decoded JSON event of the export process
        if event["event"] == "progress":
            self._on_progress(int(event["done"]), int(event["total"]))
        elif event["event"] in ("finished", "failed"):
            from drafter.core.jobs.export import result_from

            self._outcome = result_from(event)

    def _on_ended(self, problem: DrafterError | None) -> None:
        job, self._job = self._job, None
        self.worker_pid = job.pid if job is not None else None
        self._on_finished(problem if problem is not None else self._outcome)

    def _show_progress(self, path: Path) -> None:
        """Progress and Cancel in the status bar (``StatusProgress``): the user may go on
        working, and the export writes the response as it was when it started."""
        if self._status is None:
            from drafter.ui.status_progress import StatusProgress

            self._status = StatusProgress(
                self._window, "export",
                "Stop the export; no file is written and an older file keeps its contents")
            self._status.cancel_clicked.connect(self.cancel)
        self._status.start(f"Exporting {path.name}…")

    def _on_progress(self, done: int, total: int) -> None:
        if self._status is not None:
            self._status.advance(done, total)

    def _on_finished(self, result: object) -> None:
        if self._status is not None:
            self._status.finish()
        if self._closing:
            pass
        elif getattr(result, "cancelled", False):  # a JobError the user asked for
            self._window.statusBar().showMessage("Export cancelled. No file was written.", 8000)
            announce(self._window, "Export cancelled. No file was written.")
        elif isinstance(result, DrafterError):
            announce(self._window, f"Not exported: {result}", urgent=True)
        else:
            path = result.path  # type: ignore[attr-defined]
            announce(self._window, f"Exported: saved as {path.name}")
            self._window.statusBar().showMessage(f"Exported: saved as {path.name} in {path.parent}", 8000)
        if self._closing or getattr(result, "cancelled", False):
            pass
        elif self.ask:
            if isinstance(result, DrafterError):
                QMessageBox.warning(self._window, "Not exported", str(result))
            else:
                from drafter.ui.export_dialog import ExportedBox

                self.exported_box = ExportedBox(result.path, self._window)  # type: ignore[attr-defined]
                self.exported_box.open()  # window-modal, without holding up this signal
        self.finished.emit(result)

    def copy_answer(self, question_id: int | None) -> str | None:
        self._flush()
        store = self._store()
        if store is None:  # no library open: no answer to copy
            return None
        store.wait_for_warm_up()
        from drafter.core.export import answer_text

        document = self._response()
        if document is None or question_id is None:
            QMessageBox.information(self._window, "Choose a question", "Select the question whose answer to copy.")
            return None
        try:
            answer = answer_text(store, document.id, question_id)
        except DrafterError as exc:
            QMessageBox.warning(self._window, "Not copied", exc.message)
            return None
        QApplication.clipboard().setText(answer.text)
        if self.ask:
            box = QMessageBox.warning if answer.over_limit else QMessageBox.information
            box(self._window, "Answer copied", answer.message)
        return answer.message

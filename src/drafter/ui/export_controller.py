"""Checking and exporting the open response, as the user sees it.

The readiness check comes first (a quotation that no longer matches its source
blocks the export; anything else is a warning the user confirms), then the file
is written off the UI thread with progress and Cancel.
"""

from __future__ import annotations

import threading
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from drafter.core.errors import DrafterError

if TYPE_CHECKING:
    from drafter.core.checks import Readiness


class ReadinessDialog(QDialog):
    """The check's findings; double-click one to go to the place to fix it."""

    item_chosen = Signal(object)

    def __init__(self, readiness: Readiness, *, exporting: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ready to submit?")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        if readiness.blocking:
            headline = ("<b>This response can't be exported yet.</b> A quotation no longer matches "
                        "its source; fix the items marked ✖ first.")
        elif readiness.items:
            headline = f"<b>{len(readiness.items)} thing(s) to look at</b> before you submit."
        else:
            headline = "<b>Nothing to fix.</b> Every question is answered and every quotation matches its source."
        label = QLabel(headline, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        for item in readiness.blockers + readiness.warnings:
            entry = QListWidgetItem(("✖ " if item in readiness.blockers else "⚠ ") + item.message)
            entry.setData(Qt.ItemDataRole.UserRole, item)
            self.list.addItem(entry)
        self.list.itemDoubleClicked.connect(self._chosen)
        layout.addWidget(self.list, 1)
        layout.addWidget(QLabel("Double-click an item to go to it.", self))
        buttons = QDialogButtonBox(self)
        if exporting and not readiness.blocking:
            buttons.addButton("Export Anyway" if readiness.items else "Export",
                              QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _chosen(self, entry: QListWidgetItem) -> None:
        self.item_chosen.emit(entry.data(Qt.ItemDataRole.UserRole))
        self.reject()


class ExportOptionsDialog(QDialog):
    def __init__(self, style: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export to Word")
        form = QFormLayout(self)
        self.style = QLineEdit(style, self)
        self.style.setToolTip("Any CSL style by name or id, e.g. oscola, harvard-cite-them-right, apa")
        self.numbered = QCheckBox("Number the paragraphs (1., 2., …)", self)
        self.bibliography = QCheckBox("End with a list of sources", self)
        self.template = QLineEdit(self)
        self.template.setPlaceholderText("Your organisation's .docx (optional)")
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.template, 1)
        row.addWidget(browse)
        form.addRow("Citation style", self.style)
        form.addRow("", self.numbered)
        form.addRow("", self.bibliography)
        form.addRow("Reference template", row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Reference template", "", "Word (*.docx *.dotx)")
        if name:
            self.template.setText(name)


class _ExportWorker(QObject):
    progress = Signal(int, int)
    finished = Signal(object)  # ExportResult or DrafterError

    def __init__(self, work) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self._work = work
        self.cancel_requested = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(lambda done, total: self.progress.emit(done, total), self.cancel_requested.is_set)
        except DrafterError as exc:
            result = exc
        except Exception as exc:  # noqa: BLE001 - reported to the user, never a silent failure
            result = DrafterError(f"The export failed unexpectedly ({type(exc).__name__}). The old file is unchanged.")
        self.finished.emit(result)


class ExportController(QObject):
    finished = Signal(object)  # ExportResult or DrafterError
    go_to = Signal(object)  # a CheckItem the user wants to fix

    def __init__(self, window: QWidget, store_getter, response_getter) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self._window, self._store, self._response = window, store_getter, response_getter
        self.ask = True  # tests turn the dialogs off

    def _ready(self, exporting: bool) -> bool:
        store = self._store()
        if store is not None:
            store.wait_for_warm_up()  # it imports the checks and the export: never two threads at once
        from drafter.core.checks import check_response

        document = self._response()
        if document is None:
            QMessageBox.information(self._window, "No response open", "Open or start a response first.")
            return False
        try:
            readiness = check_response(self._store(), document.id)
        except DrafterError as exc:
            QMessageBox.warning(self._window, "Check failed", exc.message)
            return False
        if not self.ask:
            return not readiness.blocking
        if exporting and not readiness.items:
            return True
        dialog = ReadinessDialog(readiness, exporting=exporting, parent=self._window)
        dialog.item_chosen.connect(self.go_to)
        return bool(dialog.exec()) and exporting and not readiness.blocking

    def check(self) -> None:
        self._ready(exporting=False)

    def export(self, format: str = "docx", path: Path | None = None, **options: object) -> None:
        document = self._response()
        if not self._ready(exporting=True) or document is None:
            return
        if path is None:
            suffix = {"docx": "Word document (*.docx)", "txt": "Text (*.txt)", "md": "Markdown (*.md)"}[format]
            name, _ = QFileDialog.getSaveFileName(self._window, "Export", f"Response.{format}", suffix)
            if not name:
                return
            path = Path(name)
            if format == "docx":
                dialog = ExportOptionsDialog(document.details.citation_style, self._window)
                if not dialog.exec():
                    return
                options = {"style": dialog.style.text().strip() or None, "numbered": dialog.numbered.isChecked(),
                           "bibliography": dialog.bibliography.isChecked(),
                           "template": dialog.template.text().strip() or None}
        self._run(document.id, path, format, options)

    def _run(self, response_id: int, path: Path, format: str, options: dict) -> None:  # type: ignore[type-arg]
        store = self._store()

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            # Imported here, in the worker, if the start-up thread has not imported it already
            # (it loads python-docx: a tenth of a second the window's thread must not wait).
            store.wait_for_warm_up()
            from drafter.core.export import export_response

            return export_response(store, response_id, path, format=format, progress=progress,
                                   cancelled=cancelled, **options)

        self._progress = QProgressDialog("Exporting…", "Cancel", 0, 100, self._window)
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(400)
        self._thread = QThread(self)
        self._worker = _ExportWorker(work)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        queued = Qt.ConnectionType.QueuedConnection
        self._worker.progress.connect(self._on_progress, queued)
        self._worker.finished.connect(self._on_finished, queued)
        self._progress.canceled.connect(self._worker.cancel_requested.set)
        self._thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        self._progress.setMaximum(max(total, 1))
        self._progress.setValue(done)

    def _on_finished(self, result: object) -> None:
        self._thread.quit()
        self._thread.wait()
        self._progress.reset()
        if self.ask:
            if isinstance(result, DrafterError):
                QMessageBox.warning(self._window, "Not exported", str(result))
            else:
                QMessageBox.information(self._window, "Exported",
                                        f"Saved as <b>{escape(result.path.name)}</b> in {escape(str(result.path.parent))}.")  # type: ignore[attr-defined]
        self.finished.emit(result)

    def copy_answer(self, question_id: int | None) -> str | None:
        store = self._store()
        if store is not None:
            store.wait_for_warm_up()
        from drafter.core.export import answer_text

        document = self._response()
        if document is None or question_id is None:
            QMessageBox.information(self._window, "Choose a question", "Select the question whose answer to copy.")
            return None
        try:
            answer = answer_text(self._store(), document.id, question_id)
        except DrafterError as exc:
            QMessageBox.warning(self._window, "Not copied", exc.message)
            return None
        QApplication.clipboard().setText(answer.text)
        if self.ask:
            box = QMessageBox.warning if answer.over_limit else QMessageBox.information
            box(self._window, "Answer copied", answer.message)
        return answer.message

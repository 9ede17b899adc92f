"""An unexpected error in the window: a dialog with a plain sentence and a report, and the problem log."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from drafter.core.errorlog import log_path
from drafter.ui import problem_report
from drafter.ui.main_window import MainWindow
from drafter.ui.problem_report import PLAIN_SENTENCE, ProblemDialog, install_problem_hooks

pytestmark = pytest.mark.gui


@pytest.fixture
def shown(monkeypatch) -> list[ProblemDialog]:
    """The dialogs that would have been shown (not shown: a modal dialog would wait for a click)."""
    dialogs: list[ProblemDialog] = []

    def exec_(dialog: ProblemDialog) -> int:
        dialogs.append(dialog)
        return 0

    monkeypatch.setattr(ProblemDialog, "exec", exec_)
    return dialogs


@pytest.mark.qt_no_exception_capture  # pytest-qt's own hook would catch the error first
def test_an_error_raised_in_a_slot_is_shown_and_logged(window: MainWindow, qtbot, data_dir: Path,
                                                       shown: list[ProblemDialog]) -> None:
    hooks = install_problem_hooks(data_dir, lambda: window)
    try:
        def broken_slot() -> None:
            raise RuntimeError("a bug in a click handler")

        with qtbot.waitSignal(hooks.reporter.reported, timeout=5000):
            QTimer.singleShot(0, broken_slot)
    finally:
        hooks.uninstall()
    [dialog] = shown
    texts = [label.text() for label in dialog.findChildren(type(dialog.log_label))]
    assert PLAIN_SENTENCE in texts
    assert str(log_path(data_dir)) in dialog.log_label.text()
    logged = log_path(data_dir).read_text(encoding="utf-8")
    assert "RuntimeError: a bug in a click handler" in logged and "broken_slot" in logged
    dialog.copy_report()
    copied = QApplication.clipboard().text()
    assert "Drafter" in copied and "Python" in copied and "RuntimeError: a bug in a click handler" in copied
    assert window.isVisible()  # the window stays: the user goes on working


def test_an_error_in_a_thread_is_shown_on_the_windows_thread(qtbot, data_dir: Path,
                                                             shown: list[ProblemDialog]) -> None:
    hooks = install_problem_hooks(data_dir)
    try:
        def work() -> None:
            raise ValueError("a bug in a worker")

        with qtbot.waitSignal(hooks.reporter.reported, timeout=5000):
            thread = threading.Thread(target=work, name="drafter-test-worker")
            thread.start()
            thread.join()
    finally:
        hooks.uninstall()
    assert len(shown) == 1
    assert "ValueError: a bug in a worker" in shown[0].report_text
    assert "drafter-test-worker" in log_path(data_dir).read_text(encoding="utf-8")


def test_a_repeating_error_opens_one_dialog_at_a_time(qtbot, data_dir: Path, monkeypatch) -> None:
    reporter = problem_report.ProblemReporter(data_dir)
    opened: list[str] = []

    def exec_(dialog: ProblemDialog) -> int:
        opened.append(dialog.report_text)
        reporter.report(RuntimeError("again, while the first is open"))
        qtbot.wait(50)  # the second arrives while this dialog is open
        return 0

    monkeypatch.setattr(ProblemDialog, "exec", exec_)
    with qtbot.waitSignals([reporter.reported, reporter.reported], timeout=5000):
        reporter.report(RuntimeError("first"))
    assert len(opened) == 1
    assert log_path(data_dir).read_text(encoding="utf-8").count("RuntimeError") == 2

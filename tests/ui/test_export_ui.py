"""Exporting from the window: check first, write in a process of its own, copy one answer."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from core.engine_sql import run_sql  # tests/core/engine_sql.py: plain SQL on either engine
from drafter.core.errors import DrafterError
from drafter.core.jobs.export import JobError
from drafter.core.questions import parse_questions
from drafter.core.responses import add_block, create_response, replace_questions, set_chosen_option
from drafter.core.responses.records import ResponseDetails
from drafter.core.snippets import snippet_from_quote
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def window(opened_window: MainWindow):
    win = opened_window
    store = win.store
    response = create_response(store, ResponseDetails(consultation_title="FRT consultation",
                                                      organisation="Rights Watch", may_publish=True))
    response = replace_questions(store, response.id, parse_questions(
        "1. Do you agree?\nAgree / Disagree\n2. Why?").questions)
    set_chosen_option(store, response.questions[0].id, "Disagree")
    snippet = snippet_from_quote(store, 4, "scaling up")
    add_block(store, response.questions[0].id, kind="quotation", snippet_id=snippet.id, text="The Met speaks of")
    add_block(store, response.questions[1].id, text="Because there is no law.")
    win.response_panel.refresh_list(select_id=response.id)
    win.show()
    return win


def test_export_to_word_runs_in_a_process_of_its_own_with_real_footnotes(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    target = tmp_path / "response.docx"
    with qtbot.waitSignal(window.exporter.finished, timeout=60000) as done:
        window.exporter.export("docx", path=target)
    result = done.args[0]
    assert not isinstance(result, DrafterError), result
    assert result.path == target
    assert {item.kind for item in result.warnings} >= {"source_facts"}  # what the check found, carried back
    pid = window.exporter.worker_pid
    assert pid is not None and pid != os.getpid()  # not a thread of the window's process
    assert not window.exporter.running
    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "FRT consultation" in text and "Disagree" in text and "‘scaling up’" in text
    assert document.core_properties.author == "Rights Watch"
    assert "footnoteReference" in document.element.xml


def test_cancelling_an_export_writes_nothing_and_keeps_the_old_file(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "kept.docx"
    target.write_bytes(b"the old file")
    with qtbot.waitSignal(window.exporter.finished, timeout=60000) as done:
        window.exporter.export("docx", path=target)
        window.exporter.cancel()
    result = done.args[0]
    assert isinstance(result, JobError) and result.cancelled, result
    assert target.read_bytes() == b"the old file"
    assert [p.name for p in folder.iterdir()] == ["kept.docx"]  # no temporary file left


@pytest.mark.parametrize("command, message", [
    ([sys.executable, "-c", "import sys; sys.stderr.write('boom\\n'); sys.exit(3)"], "stopped unexpectedly"),
    (["/nonexistent/drafter-export"], "could not start"),
])
def test_an_export_process_that_dies_or_never_starts_is_reported(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch, command: list[str], message: str
) -> None:
    from drafter.core.jobs import export as export_job

    monkeypatch.setattr(export_job, "job_command", lambda: command)
    target = tmp_path / "never.docx"
    with qtbot.waitSignal(window.exporter.finished, timeout=60000) as done:
        window.exporter.export("docx", path=target)
    result = done.args[0]
    assert isinstance(result, DrafterError) and message in result.message, result
    assert not target.exists()
    assert not window.exporter.running


def test_closing_the_window_stops_a_running_export(window: MainWindow, qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "unfinished.docx"
    window.exporter.export("docx", path=target)
    assert window.exporter.running
    window.close()
    assert not window.exporter.running
    assert list(folder.iterdir()) == []  # neither the file nor a temporary one


def test_a_quotation_that_no_longer_matches_blocks_the_export(window: MainWindow, qtbot, tmp_path: Path) -> None:
    run_sql(window.store, "UPDATE snippet SET text = 'scaling down'")  # behind the app's back
    target = tmp_path / "never.docx"
    window.exporter.export("docx", path=target)
    assert not target.exists()


def test_copy_answer_to_clipboard_states_its_count(window: MainWindow) -> None:
    second = window.response_panel.document.questions[1]
    message = window.exporter.copy_answer(second.id)
    assert QApplication.clipboard().text().startswith("Because there is no law.")
    assert message is not None and "5 words" in message


def test_copy_answer_from_the_menu_begins_with_the_chosen_option(window: MainWindow) -> None:
    panel = window.response_panel
    panel.tree.setCurrentIndex(panel.model.index(0, 0))  # question 1, answered "Disagree"
    action = next(a for a in window.menus["&Response"].actions() if a.text() == "&Copy Answer to Clipboard")
    action.trigger()
    copied = QApplication.clipboard().text()
    assert copied.startswith("Answer: Disagree\n\nThe Met speaks of ‘scaling up’")


def test_with_no_library_open_checking_copying_and_exporting_do_nothing(window: MainWindow, tmp_path: Path) -> None:
    question_id = window.response_panel.document.questions[0].id
    window.close_library()  # the response stays on screen, as after a restore whose library could not be reopened
    window.exporter.check()
    assert window.exporter.copy_answer(question_id) is None
    window.exporter.export("txt", path=tmp_path / "response.txt")
    assert not window.exporter.running and not (tmp_path / "response.txt").exists()


def test_checking_copying_and_exporting_wait_for_the_start_up_imports(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The start-up thread imports the checks and the export; two threads importing them at once can deadlock."""
    store = window.store
    order: list[str] = []

    def pretend_warm_up_is_running() -> None:
        store._warm_thread = -1  # a thread that is not this one
        store._warm_done.clear()

    def finish_it() -> None:
        order.append("warm-up done")
        store._warm_done.set()

    pretend_warm_up_is_running()
    threading.Timer(0.2, finish_it).start()
    window.exporter.copy_answer(window.response_panel.document.questions[1].id)
    order.append("copied")

    pretend_warm_up_is_running()
    threading.Timer(0.2, finish_it).start()
    window.exporter.check()
    order.append("checked")

    finished: list[object] = []
    window.exporter.finished.connect(finished.append)
    monkeypatch.setattr(type(window.exporter), "_ready", lambda self, exporting, style=None: True)  # checked just above
    pretend_warm_up_is_running()
    threading.Timer(0.2, finish_it).start()
    window.exporter.export("docx", path=tmp_path / "waited.docx")
    order.append("export started")
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    assert order == ["warm-up done", "copied", "warm-up done", "checked", "warm-up done", "export started"]
    assert (tmp_path / "waited.docx").is_file()


def _type_new_paragraph(window: MainWindow, text: str) -> None:
    panel = window.response_panel
    question = panel.document.questions[1]
    index = panel.model.index_of_question(question.id)
    panel.tree.setCurrentIndex(index)
    panel.answer_actions.add_paragraph()
    panel.editor.text.setPlainText(text)  # the autosave's timer has not fired yet


def test_the_words_typed_last_are_in_the_export(window: MainWindow, qtbot, tmp_path: Path) -> None:
    _type_new_paragraph(window, "Typed a moment before Export.")
    target = tmp_path / "latest.docx"
    with qtbot.waitSignal(window.exporter.finished, timeout=60000):
        window.exporter.export("docx", path=target)
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Typed a moment before Export." in text


def test_the_answer_copied_has_the_words_typed_last(window: MainWindow) -> None:
    _type_new_paragraph(window, "And one more sentence.")
    window.exporter.copy_answer(window.response_panel.document.questions[1].id)
    assert "And one more sentence." in QApplication.clipboard().text()


def test_progress_is_in_the_status_bar_and_no_dialog_opens(window: MainWindow, qtbot, tmp_path: Path) -> None:
    """A dialog's first appearance was the longest pause of an export; the window stays usable instead."""
    from PySide6.QtWidgets import QPushButton

    from drafter.ui.status_progress import StatusProgress

    def visible_windows() -> set[object]:
        return {w for w in QApplication.topLevelWidgets() if w.isVisible()}

    before = visible_windows()
    height = window.statusBar().height()
    seen: list[set[object]] = []
    timer = QTimer()
    timer.timeout.connect(lambda: seen.append(visible_windows()))
    timer.start(10)
    with qtbot.waitSignal(window.exporter.finished, timeout=60000):
        window.exporter.export("docx", path=tmp_path / "quiet.docx")
        qtbot.waitUntil(lambda: window.statusBar().findChild(StatusProgress, "exportProgress") is not None)
        bar = window.statusBar().findChild(StatusProgress, "exportProgress")
        qtbot.waitUntil(bar.isVisible)
        assert bar.label.text() == "Exporting quiet.docx…"
        qtbot.wait(20)
        assert window.statusBar().height() == height  # it had room for them: nothing above moves
        assert window.statusBar().findChild(QPushButton, "cancelExport").isVisible()
    timer.stop()
    assert seen and all(windows == before for windows in seen)
    assert not bar.isVisible()  # gone once the file is written


def test_cancel_in_the_status_bar_stops_the_export(window: MainWindow, qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QPushButton

    folder = tmp_path / "out"
    folder.mkdir()
    with qtbot.waitSignal(window.exporter.finished, timeout=60000) as done:
        window.exporter.export("docx", path=folder / "stopped.docx")
        qtbot.waitUntil(lambda: window.statusBar().findChild(QPushButton, "cancelExport") is not None)
        window.statusBar().findChild(QPushButton, "cancelExport").click()
    assert isinstance(done.args[0], JobError) and done.args[0].cancelled
    assert list(folder.iterdir()) == []
    assert "Export cancelled" in window.statusBar().currentMessage()


def test_a_second_export_while_one_runs_is_refused(window: MainWindow, qtbot, tmp_path: Path) -> None:
    finished: list[object] = []
    window.exporter.finished.connect(finished.append)
    window.exporter.export("docx", path=tmp_path / "first.docx")
    first_job = window.exporter._job
    window.exporter.export("docx", path=tmp_path / "second.docx")
    assert window.exporter._job is first_job  # the running export was not replaced
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    qtbot.wait(200)
    assert len(finished) == 1 and finished[0].path == tmp_path / "first.docx"
    assert not (tmp_path / "second.docx").exists()


def test_the_readiness_dialog_confirms_the_day_a_page_was_checked_undoably(window: MainWindow, qtbot) -> None:
    from PySide6.QtCore import QDate, Qt

    from drafter.core.checks import check_response
    from drafter.core.library import get_source
    from drafter.ui.export_controller import ReadinessDialog

    store, response_id = window.store, window.response_panel.document.id
    dialog = ReadinessDialog(check_response(store, response_id), exporting=True, parent=window)
    qtbot.addWidget(dialog)
    items = [dialog.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.list.count())]
    row = next(i for i, item in enumerate(items) if "accessed" in item.facts)
    assert not dialog.checked_one.isEnabled()  # nothing chosen yet
    dialog.list.setCurrentRow(row)
    assert dialog.checked_one.isEnabled() and not dialog.as_is.isEnabled()
    assert dialog.checked_one.accessibleName() or dialog.checked_one.text()
    dialog.checked_on.setDate(QDate(2026, 2, 3))
    with qtbot.waitSignal(dialog.confirmed) as sent:
        dialog.checked_one.click()
    window.operations.run(sent.args[0])
    assert get_source(store, 4).accessed == "2026-02-03"
    assert not any("accessed" in i.facts for i in check_response(store, response_id).items)
    window.undo_stack.undo()  # Edit › Undo takes it back
    assert get_source(store, 4).accessed is None


def test_confirming_all_pages_from_the_check_then_shows_what_is_left(window: MainWindow, qtbot) -> None:
    from drafter.core.checks import check_response
    from drafter.core.library import get_source
    from drafter.ui.export_controller import ReadinessDialog

    shown: list[int] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ReadinessDialog):
            QTimer.singleShot(20, answer)
            return
        shown.append(dialog.list.count())
        if dialog.checked_all.isEnabled():
            dialog.checked_all.click()  # closes it; the controller checks again
            QTimer.singleShot(20, answer)
        else:
            dialog.reject()

    window.exporter.ask = True
    QTimer.singleShot(20, answer)
    window.exporter.check()
    assert len(shown) == 2 and shown[1] == shown[0] - 1  # the accessed-date item is gone from the second
    assert get_source(window.store, 4).fact_basis["accessed"].startswith("confirmed by the user on ")
    assert not any("accessed" in i.facts for i in check_response(window.store, window.response_panel.document.id).items)

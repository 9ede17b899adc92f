"""Drafting a response in the window: questions, answers, drag and drop, undo, autosave."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QMimeData

from core.engine_sql import run_sql  # tests/core/engine_sql.py: plain SQL on either engine
from drafter.core.questions import parse_questions
from drafter.core.responses import create_response, get_response, replace_questions
from drafter.core.responses.records import ResponseDetails
from drafter.core.snippets import snippet_from_quote
from drafter.ui.main_window import MainWindow
from drafter.ui.response_model import BLOCK_MIME, SNIPPET_MIME

pytestmark = pytest.mark.gui

QUESTIONS = """1. Do you agree that the framework should cover live facial recognition?
Agree / Neither agree nor disagree / Disagree / Don't know
Please explain your answer. (Maximum 10 words)
2. Who should authorise deployments?"""


@pytest.fixture
def window(opened_window: MainWindow):
    win = opened_window
    store = win.store
    details = ResponseDetails(consultation_title="FRT consultation", organisation="Rights Watch")
    response = create_response(store, details)
    replace_questions(store, response.id, parse_questions(QUESTIONS).questions)
    win.response_panel.refresh_list(select_id=response.id)
    win.show()
    return win


def _doc(win: MainWindow):
    return get_response(win.store, win.response_panel.document.id)


def _select_question(win: MainWindow, row: int) -> None:
    panel = win.response_panel
    panel.tree.setCurrentIndex(panel.model.index(row, 0))


def test_questions_show_with_options_and_limits(window: MainWindow) -> None:
    panel = window.response_panel
    assert panel.model.rowCount() == 2
    first = panel.model.index(0, 0).data()
    state = panel.model.index(0, 1).data()
    assert first.startswith("1. Do you agree") and state == "no option · 0 of 10 words"
    _select_question(window, 0)
    options = [panel.editor.option.itemText(i) for i in range(panel.editor.option.count())]
    assert options == ["— no option chosen —", "Agree", "Neither agree nor disagree", "Disagree", "Don't know"]
    assert "0 of 10 words" in panel.editor.question_count.text()
    assert panel.editor.count() == 3  # QStackedWidget.count(): nothing chosen, a question, a block


def test_choosing_an_option_is_saved_and_undoable(window: MainWindow) -> None:
    _select_question(window, 0)
    window.response_panel.editor.option.setCurrentIndex(3)  # Disagree
    assert _doc(window).questions[0].chosen_option == "Disagree"
    window.undo_stack.undo()
    assert _doc(window).questions[0].chosen_option is None
    window.undo_stack.redo()
    assert _doc(window).questions[0].chosen_option == "Disagree"


def test_typing_is_on_disk_within_a_second_and_counts_live(window: MainWindow, qtbot) -> None:
    panel = window.response_panel
    _select_question(window, 0)
    panel.answer_actions.add_paragraph()
    panel.editor.text.setPlainText("We oppose this because there is no law governing it at all today.")
    block_id = panel.editor.current_block_id()

    def saved() -> None:  # committed: read on a connection of its own (the file, or the server)
        [(text,)] = run_sql(window.store, "SELECT text FROM answer_block WHERE id=?", (block_id,))
        assert text.startswith("We oppose this")

    qtbot.waitUntil(saved, timeout=1000)
    assert "13 of 10 words" in panel.editor.block_count.text()
    assert "Over the limit" in panel.editor.block_count.text()


def test_closing_the_window_right_after_typing_loses_nothing(window: MainWindow,
                                                            open_library: Callable[[], Any]) -> None:
    panel = window.response_panel
    _select_question(window, 1)
    panel.answer_actions.add_paragraph()
    panel.editor.text.setPlainText("The last words typed before closing.")
    window.close()  # before the save timer fires
    texts = [r[0] for r in run_sql(open_library(), "SELECT text FROM answer_block")]
    assert texts == ["The last words typed before closing."]


def test_typing_undo_is_one_step_per_burst(window: MainWindow) -> None:
    panel = window.response_panel
    _select_question(window, 0)
    panel.answer_actions.add_paragraph()
    block_id = panel.editor.current_block_id()
    for text in ("One", "One two", "One two three"):
        panel.editor.text.setPlainText(text)
        panel.editor.flush()
    assert _doc(window).questions[0].blocks[0].text == "One two three"
    window.undo_stack.undo()
    assert _doc(window).questions[0].blocks[0].text == ""
    assert panel.editor.current_block_id() == block_id and panel.editor.text.toPlainText() == ""
    window.undo_stack.undo()  # and the paragraph itself
    assert _doc(window).questions[0].blocks == ()


def _mime(kind: str, value: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(kind, QByteArray(str(value).encode()))
    return mime


def test_dropping_a_snippet_on_a_question_quotes_it(window: MainWindow) -> None:
    snippet = snippet_from_quote(window.store, 4, "scaling up")
    window.refresh_snippets()
    model = window.response_panel.model
    dragged = window.snippets_panel.model.mimeData([window.snippets_panel.model.index(0, 0)])
    assert dragged.hasFormat(SNIPPET_MIME)
    assert model.dropMimeData(dragged, None, -1, 0, model.index(1, 0))
    [block] = _doc(window).questions[1].blocks
    assert (block.kind, block.snippet_id) == ("quotation", snippet.id)
    assert window.snippets_panel.model.index(0, 4).data() == "1×"  # now shown as used
    window.undo_stack.undo()
    assert _doc(window).questions[1].blocks == ()


def test_blocks_move_by_drag_and_by_keyboard(window: MainWindow) -> None:
    panel = window.response_panel
    first = _doc(window).questions[0]
    for text in ("A", "B", "C"):
        panel.answer_actions.add_paragraph(first.id)
        panel.editor.text.setPlainText(text)
        panel.editor.flush()

    def texts(q: int) -> list[str]:
        return [b.text for b in _doc(window).questions[q].blocks]

    assert texts(0) == ["A", "B", "C"]
    a_id = _doc(window).questions[0].blocks[0].id
    model = panel.model
    dragged = model.mimeData([model.index_of_block(a_id)])
    assert dragged.hasFormat(BLOCK_MIME)
    model.dropMimeData(dragged, None, 3, 0, model.index(0, 0))  # to the end
    assert texts(0) == ["B", "C", "A"]
    panel.select_block(a_id)
    panel.answer_actions.move_current(-1)  # Alt+Up
    assert texts(0) == ["B", "A", "C"]
    model.dropMimeData(model.mimeData([model.index_of_block(a_id)]), None, 0, 0, model.index(1, 0))
    assert (texts(0), texts(1)) == (["B", "C"], ["A"])
    window.undo_stack.undo()
    assert texts(0) == ["B", "A", "C"]
    window.undo_stack.undo()
    assert texts(0) == ["B", "C", "A"]
    window.undo_stack.redo()
    window.undo_stack.redo()
    assert (texts(0), texts(1)) == (["B", "C"], ["A"])


def test_confidential_and_remove_are_undoable(window: MainWindow) -> None:
    panel = window.response_panel
    _select_question(window, 1)
    panel.editor.confidential.setChecked(True)
    assert _doc(window).questions[1].confidential
    assert "confidential" in panel.model.index(1, 1).data()
    panel.answer_actions.add_paragraph()
    panel.answer_actions.remove_block()
    assert _doc(window).questions[1].blocks == ()
    window.undo_stack.undo()
    assert len(_doc(window).questions[1].blocks) == 1
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert not _doc(window).questions[1].confidential


def test_pasting_questions_shows_the_parse_before_replacing(window: MainWindow, qtbot) -> None:
    from drafter.ui.response_dialogs import QuestionsDialog

    dialog = QuestionsDialog("Q1. First question?\nYes / No\nQ2. Second question?")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 2).text() == "Yes / No"
    assert dialog.replace.isEnabled()
    dialog.source.setPlainText("no questions in here")
    dialog.read()
    assert not dialog.replace.isEnabled() and "No questions were found" in dialog.notes.text()


def test_with_no_library_open_the_answer_actions_change_nothing(window: MainWindow) -> None:
    panel = window.response_panel
    _select_question(window, 0)
    panel.answer_actions.add_paragraph()
    question_id = panel.current_question_id()
    window.close_library()  # as while a backup is restored, or when reopening it failed
    history = window.undo_stack.count()
    panel.answer_actions.add_paragraph(question_id)
    panel.answer_actions.quote_snippet(1, question_id)
    panel.answer_actions.choose_option(question_id, "Agree")
    panel.answer_actions.set_confidential(question_id, True)
    panel.answer_actions.move_current(1)
    panel.answer_actions.remove_block()
    panel.answer_actions.move_question(1)
    panel.answer_actions.delete_question()
    panel.answer_actions.duplicate_response()
    panel.answer_actions.new_response()  # no dialog: there is nowhere to keep a response
    panel.answer_actions.add_question()
    assert window.undo_stack.count() == history


def test_the_citation_style_fields_leave_qt_style_alone(qtbot) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QStyle

    from drafter.core.checks import Readiness
    from drafter.core.responses.records import ResponseDocument
    from drafter.ui.export_dialog import ExportDialog
    from drafter.ui.response_dialogs import DetailsDialog

    details = DetailsDialog(ResponseDetails(consultation_title="FRT consultation", citation_style="apa"))
    document = ResponseDocument(1, ResponseDetails(consultation_title="FRT consultation"))
    options = ExportDialog(document, {}, Path.cwd(), lambda style: Readiness(1, ()))
    for dialog in (details, options):
        qtbot.addWidget(dialog)
        assert isinstance(dialog.style(), QStyle)  # QWidget.style(), not the line edit
    assert details.details().citation_style == "apa"
    assert options.style_id == "oscola"


def test_the_preview_warns_of_a_question_far_longer_than_the_others(window: MainWindow, qtbot) -> None:
    from drafter.ui.response_dialogs import QuestionsDialog

    dialog = QuestionsDialog("1. Short?\n2. Short too?\n3. " + "and more words " * 200 + "?\n4. Short?")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 4
    assert "Warning: Question 3 is much longer than the others" in dialog.notes.text()
    assert dialog.replace.isEnabled()  # the user decides; the warning makes sure they can


def test_overview_shows_each_question_and_unused_snippets(window: MainWindow) -> None:
    snippet_from_quote(window.store, 4, "scaling up")
    snippet_from_quote(window.store, 4, "bobbies on the beat")
    window.refresh_snippets()
    model = window.response_panel.model
    used = window.snippets_panel.model.mimeData([window.snippets_panel.model.index(0, 0)])
    model.dropMimeData(used, None, -1, 0, model.index(0, 0))
    overview = window.overview
    window.right_tabs.setCurrentWidget(overview)  # drawn when it is shown
    assert overview.table.rowCount() == 2
    assert [overview.table.item(0, c).text() for c in range(5)] == ["1", "answered", "—", "1", "2 / 10"]
    assert overview.table.item(0, 5).text() == "no option chosen"
    assert overview.table.item(1, 1).text() == "not answered"
    unused = overview.unused.model()
    assert unused.rowCount() == 1 and "scaling up" not in unused.index(0, 0).data()
    assert "1 of 2 questions answered" in overview.summary.text()
    overview.question_chosen.emit(_doc(window).questions[1].id)
    assert window.response_panel.current_question_id() == _doc(window).questions[1].id


def test_questions_are_edited_moved_and_deleted_with_undo(window: MainWindow, monkeypatch) -> None:
    from drafter.ui.response_dialogs import QuestionDialog

    panel = window.response_panel
    _select_question(window, 0)
    panel.editor.option.setCurrentIndex(1)  # Agree

    def drop_options(dialog: QuestionDialog) -> int:
        dialog.options.setPlainText("")
        return 1

    monkeypatch.setattr(QuestionDialog, "exec", drop_options)
    panel.answer_actions.edit_question()
    assert _doc(window).questions[0].chosen_option is None
    window.undo_stack.undo()
    assert _doc(window).questions[0].chosen_option == "Agree"  # the choice comes back with its options
    _select_question(window, 1)

    def edit(dialog: QuestionDialog) -> int:
        dialog.words.setText("150")
        dialog.options.setPlainText("Yes\nNo")
        return 1

    monkeypatch.setattr(QuestionDialog, "exec", edit)
    panel.answer_actions.edit_question()
    second = _doc(window).questions[1]
    assert (second.word_limit, second.options) == (150, ("Yes", "No"))
    panel.answer_actions.move_question(-1)
    assert [q.label for q in _doc(window).questions] == ["2", "1"]
    panel.answer_actions.delete_question()
    assert [q.label for q in _doc(window).questions] == ["1"]
    for _ in range(3):
        window.undo_stack.undo()
    labels = [(q.label, q.word_limit) for q in _doc(window).questions]
    assert labels == [("1", 10), ("2", None)]


def test_response_file_round_trip_from_the_window(window: MainWindow, qtbot, tmp_path: Path) -> None:
    panel = window.response_panel
    _select_question(window, 0)
    panel.answer_actions.add_paragraph()
    panel.editor.text.setPlainText("Carried to a colleague.")
    panel.editor.flush()
    path = window.library_files.export_bundle(tmp_path / "for-colleague.drafter")
    assert path is not None and path.is_file()
    other = MainWindow(tmp_path / "colleague")
    qtbot.addWidget(other)
    other.open_library()
    try:
        response_id = other.library_files.import_bundle(path)
        assert response_id is not None
        assert other.response_panel.document.id == response_id
        texts = [b.text for q in other.response_panel.document.questions for b in q.blocks]
        assert texts == ["Carried to a colleague."]
        # One undo step takes away exactly what the file added, and redo puts it back.
        from drafter.core.library import list_sources
        from drafter.core.responses import list_responses

        assert other.undo_stack.undoText() == "Import Response File"
        everything = ({r.id for r in list_responses(other.store)}, {s.id for s in list_sources(other.store)})
        other.undo_stack.undo()
        assert list_responses(other.store) == [] and other.response_panel.document is None
        assert len(list_sources(other.store)) == 5  # the stored articles, which the file reused
        other.undo_stack.redo()
        assert ({r.id for r in list_responses(other.store)}, {s.id for s in list_sources(other.store)}) == everything
        assert other.response_panel.document is not None and other.response_panel.document.id == response_id
    finally:
        other.close_library()
    broken = tmp_path / "broken.drafter"
    broken.write_bytes(b"not a zip")
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    original = QMessageBox.warning
    QMessageBox.warning = lambda *a, **k: shown.append(a[2])  # type: ignore[assignment]
    try:
        assert window.library_files.import_bundle(broken) is None
    finally:
        QMessageBox.warning = original  # type: ignore[assignment]
    assert shown and "Traceback" not in shown[0]


def test_an_undo_the_core_refuses_is_reported_not_raised(window: MainWindow) -> None:
    from drafter.core.snippets import delete_snippet

    reported: list[str] = []
    window.operations.report = lambda _title, message: reported.append(message)
    snippet = snippet_from_quote(window.store, 4, "scaling up")
    window.refresh_snippets()
    model = window.response_panel.model
    model.dropMimeData(window.snippets_panel.model.mimeData([window.snippets_panel.model.index(0, 0)]),
                       None, -1, 0, model.index(0, 0))
    window.response_panel.select_block(_doc(window).questions[0].blocks[0].id)
    window.response_panel.answer_actions.remove_block()
    delete_snippet(window.store, snippet.id)  # e.g. from the command line, meanwhile
    window.undo_stack.undo()  # would put back a quotation of a snippet that is gone
    assert reported and "can't be undone" in reported[0]
    assert _doc(window).questions[0].blocks == ()


def test_a_passage_dragged_from_the_reader_becomes_a_quotation(window: MainWindow) -> None:
    from PySide6.QtGui import QTextCursor

    from drafter.ui.response_model import SELECTION_MIME

    window.show_source(4)
    text = window.reader.text.toPlainText()
    start = text.index("1,000 arrests")
    cursor = QTextCursor(window.reader.text.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len("1,000 arrests"), QTextCursor.MoveMode.KeepAnchor)
    window.reader.text.setTextCursor(cursor)
    dragged = window.reader.text.createMimeDataFromSelection()
    assert dragged.hasFormat(SELECTION_MIME) and dragged.text() == "1,000 arrests"
    model = window.response_panel.model
    assert model.dropMimeData(dragged, None, -1, 0, model.index(1, 0))
    [block] = _doc(window).questions[1].blocks
    assert block.is_quotation and block.snippet.text == "1,000 arrests"
    window.undo_stack.undo()  # one step takes back the quotation and the snippet
    assert _doc(window).questions[1].blocks == ()
    from drafter.core.snippets import list_snippets

    assert list_snippets(window.store) == []


def test_an_autosave_updates_its_rows_in_place(window: MainWindow) -> None:
    from drafter.core.responses import add_block

    panel = window.response_panel
    question = panel.document.questions[0]
    block = add_block(window.store, question.id, text="Old words")
    panel.reload()
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    rows_before = window.overview.table.rowCount()
    panel.answer_actions.save_text(block.id, "Three new words")
    index = panel.model.index_of_block(block.id)
    assert not resets  # the tree keeps its rows, selection and scroll position
    assert index.data() == "Three new words"
    assert "3 of 10 words" in panel.model.index(0, 1).data()
    assert _doc(window).questions[0].blocks[0].text == "Three new words"  # and it is saved
    assert panel.document.questions == _doc(window).questions
    assert window.overview.table.rowCount() == rows_before  # hidden overview: redrawn when shown
    window.right_tabs.setCurrentWidget(window.overview)
    assert window.overview.table.item(0, 4).text() == "3 / 10"


def test_a_cp1252_questions_file_reads_the_same_in_the_window_and_on_the_command_line(
        window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    import io

    from drafter.cli import build_parser, run
    from drafter.ui import response_dialogs

    path = tmp_path / "questions.txt"
    path.write_bytes("1. Do you agree? Please explain why – in full.\nAgree / Disagree / Don’t know\n".encode("cp1252"))
    shown: list[str] = []

    def accept(dialog) -> int:  # type: ignore[no-untyped-def]
        shown.append(dialog.notes.text())
        return 1

    monkeypatch.setattr(response_dialogs.QuestionsDialog, "exec", accept)
    panel = window.response_panel
    panel.answer_actions.questions_from_file(path)
    # The response has two questions already: the file's question is added after them.
    in_window = [(q.label, q.text, q.prompt, q.options) for q in _doc(window).questions[2:]]
    assert in_window == [("1", "Do you agree?", "Please explain why – in full.", ("Agree", "Disagree", "Don’t know"))]
    assert "guessed its encoding" in shown[0]

    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["--data-dir", str(tmp_path / "cli"), "responses", "new", "--title", "T",
                                      "--questions", str(path), "--json"])
    assert run(args, out=out, err=err) == 0, err.getvalue()
    import json

    created = json.loads(out.getvalue())["questions"]
    on_the_command_line = [(q["label"], q["text"], q["prompt"], tuple(q["options"])) for q in created]
    assert on_the_command_line == in_window

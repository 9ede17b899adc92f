"""Shorten Quotation in the window: leave words out, bracket your own, set a pinpoint; one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from drafter.core.responses import add_block, add_question, create_response, get_response
from drafter.core.responses.records import ResponseDetails
from drafter.core.snippets import snippet_from_quote
from drafter.ui.main_window import MainWindow
from drafter.ui.shorten_dialog import ShortenDialog

pytestmark = pytest.mark.gui

SNIPPET = ("Met commissioner Mark Rowley defended the move, saying the technology is used "
           "responsibly and only deployed to look for serious offenders.")


@pytest.fixture
def window(opened_window: MainWindow) -> MainWindow:
    win = opened_window
    snippet = snippet_from_quote(win.store, 1, SNIPPET)
    response = create_response(win.store, ResponseDetails("FRT consultation"))
    question = add_question(win.store, response.id, label="1", text="Do you agree?")
    add_block(win.store, question.id, kind="quotation", snippet_id=snippet.id)
    win.response_panel.refresh_list(select_id=response.id)
    win.show()
    return win


def _block(win: MainWindow):
    return get_response(win.store, win.response_panel.document.id).questions[0].blocks[0]


def _select(dialog: ShortenDialog, words: str) -> None:
    text = dialog.editor.toPlainText()
    start = text.index(words)
    cursor = dialog.editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    dialog.editor.setTextCursor(cursor)


def _ok(dialog: ShortenDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_leaving_out_selected_words_puts_an_ellipsis_and_checks_it(qtbot, window: MainWindow) -> None:
    dialog = ShortenDialog(_block(window))
    qtbot.addWidget(dialog)
    assert not dialog.leave_out.isEnabled()  # nothing selected: it says why
    assert "Select the words" in dialog.leave_out.toolTip()
    _select(dialog, "and only deployed ")
    assert dialog.leave_out.isEnabled()
    dialog.leave_out_selection()
    assert "used responsibly … to look for" in dialog.editor.toPlainText()
    assert _ok(dialog).isEnabled() and dialog.status.text().startswith("✓")
    assert dialog.form() == ("Met commissioner Mark Rowley defended the move, saying the technology is used "
                             "responsibly … to look for serious offenders.")


def test_an_unmarked_cut_or_a_bad_pinpoint_cannot_be_saved(qtbot, window: MainWindow) -> None:
    dialog = ShortenDialog(_block(window))
    qtbot.addWidget(dialog)
    _select(dialog, "and only deployed ")
    dialog.editor.textCursor().removeSelectedText()  # words gone without a mark
    assert not _ok(dialog).isEnabled()
    assert "without an ellipsis" in dialog.status.text()
    dialog.editor.setPlainText(SNIPPET)
    assert _ok(dialog).isEnabled() and dialog.form() is None
    dialog.pinpoint_edit.setText("chapter nine")
    assert not _ok(dialog).isEnabled() and "can't be used in a citation" in dialog.status.text()


def test_brackets_replace_the_selection_with_the_users_words(qtbot, window: MainWindow, monkeypatch) -> None:
    from drafter.ui import shorten_dialog

    dialog = ShortenDialog(_block(window))
    qtbot.addWidget(dialog)
    _select(dialog, "the technology")
    monkeypatch.setattr(shorten_dialog.QInputDialog, "getText", lambda *a, **k: ("the Met's cameras", True))
    dialog.bracket_selection()
    assert "saying [the Met's cameras] is used" in dialog.editor.toPlainText()
    assert _ok(dialog).isEnabled()


def test_the_menu_command_saves_form_and_pinpoint_as_one_undo_step(window: MainWindow, monkeypatch) -> None:
    panel = window.response_panel
    panel.select_block(_block(window).id)

    def accept(dialog: ShortenDialog) -> int:
        _select(dialog, "and only deployed ")
        dialog.leave_out_selection()
        dialog.pinpoint_edit.setText("para 9")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ShortenDialog, "exec", accept)
    [action] = [a for a in window.findChildren(type(window.menuBar().actions()[0]))
                if a.text() == "S&horten Quotation…"]
    action.trigger()
    block = _block(window)
    assert block.shortened is not None and "responsibly … to look" in block.shortened
    assert block.pinpoint == "para 9"
    assert "(shortened)" in panel.model.index(0, 0, panel.model.index(0, 0)).data()
    window.undo_stack.undo()
    assert (_block(window).shortened, _block(window).pinpoint) == (None, None)


def test_shorten_with_no_quotation_chosen_says_what_to_do(window: MainWindow, monkeypatch) -> None:
    from drafter.ui import answer_actions

    told: list[str] = []
    monkeypatch.setattr(answer_actions.QMessageBox, "information", lambda _p, title, text: told.append(text))
    window.response_panel.tree.setCurrentIndex(window.response_panel.model.index(0, 0))  # the question
    window.response_panel.answer_actions.shorten_quotation()
    assert told and "Select a quotation" in told[0]

"""Working together in the window: a conflict shown side by side and resolved, status, presence, assignment.

The window works as Alex; a second ``Store`` on the same library is Sam, a colleague
saving from another Drafter.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton

from drafter.core import teamwork
from drafter.core.identity import set_person
from drafter.core.operations import responses as ops
from drafter.core.questions import parse_questions
from drafter.core.responses import create_response, get_response, replace_questions
from drafter.core.responses.records import ResponseDetails
from drafter.core.store import Store
from drafter.core.teamwork import BlockNow, ConflictRecord
from drafter.ui.conflict_dialog import ConflictDialog
from drafter.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def window(opened_window: MainWindow) -> MainWindow:
    set_person(opened_window.store, "Alex")
    response = create_response(opened_window.store, ResponseDetails(consultation_title="T"))
    replace_questions(opened_window.store, response.id, parse_questions("1. Why?\n2. How?").questions)
    opened_window.response_panel.refresh_list(select_id=response.id)
    opened_window.show()
    return opened_window


@pytest.fixture
def sam(data_dir: Path, tmp_path: Path, library_engine: str) -> Iterator[Store]:
    """Sam's Drafter on the window's library: the same data folder's file, or the same team library
    from another computer (a data folder of its own)."""
    url = os.environ.get("DRAFTER_DATABASE") if library_engine == "postgresql" else None
    colleague = Store.open_url(url, tmp_path / "sam", seed=False) if url else Store.open(data_dir, seed=False)
    set_person(colleague, "Sam")
    try:
        yield colleague
    finally:
        colleague.close()


def _paragraph(window: MainWindow, text: str) -> int:
    panel = window.response_panel
    panel.tree.setCurrentIndex(panel.model.index(0, 0))
    panel.answer_actions.add_paragraph()
    block_id = panel.editor.current_block_id()
    assert block_id is not None
    panel.editor.text.setPlainText(text)
    panel.editor.flush()
    return block_id


def _answering(window: MainWindow, choose: Callable[[ConflictDialog], None]) -> list[ConflictDialog]:
    shown: list[ConflictDialog] = []

    def ask(dialog: ConflictDialog) -> None:
        shown.append(dialog)
        choose(dialog)

    window.response_panel.answer_actions.ask = ask  # type: ignore[method-assign]
    return shown


def _text(store: Store, window: MainWindow, block_id: int) -> str:
    document = get_response(store, window.response_panel.document.id)
    return next(b.text for q in document.questions for b in q.blocks if b.id == block_id)


def test_typing_over_a_colleagues_save_shows_both_texts_and_keeping_mine_puts_mine_in(
        window: MainWindow, sam: Store, qtbot) -> None:
    block_id = _paragraph(window, "Our first words.")
    ops.update_block_text(block_id, "Sam's words.", base_version=2).run(sam)  # saved first, elsewhere
    shown = _answering(window, lambda d: qtbot.mouseClick(d.keep_mine, Qt.MouseButton.LeftButton))
    panel = window.response_panel
    panel.editor.text.setPlainText("Alex's words.")  # typed on what the window showed
    panel.editor.flush()
    qtbot.waitUntil(lambda: bool(shown))
    dialog = shown[0]
    assert (dialog.mine.toPlainText(), dialog.theirs.toPlainText()) == ("Alex's words.", "Sam's words.")
    assert "Sam changed it" in dialog.intro.text()
    qtbot.waitUntil(lambda: _text(sam, window, block_id) == "Alex's words.")
    assert teamwork.list_conflicts(sam) == []
    qtbot.waitUntil(lambda: panel.editor.text.toPlainText() == "Alex's words.")
    assert not panel.conflicts.isVisible()


def test_deciding_later_keeps_the_conflict_and_shows_it_in_the_panel(window: MainWindow, sam: Store, qtbot) -> None:
    block_id = _paragraph(window, "Our first words.")
    ops.update_block_text(block_id, "Sam's words.", base_version=2).run(sam)
    shown = _answering(window, lambda d: qtbot.mouseClick(d.later, Qt.MouseButton.LeftButton))
    panel = window.response_panel
    panel.editor.text.setPlainText("Alex's words.")
    panel.editor.flush()
    qtbot.waitUntil(lambda: bool(shown))
    # Nothing overwritten, nothing lost: Sam's text in the paragraph (and the editor), Alex's in the conflict.
    qtbot.waitUntil(lambda: panel.editor.text.toPlainText() == "Sam's words.")
    assert _text(sam, window, block_id) == "Sam's words."
    [kept] = teamwork.list_conflicts(sam)
    assert kept.my_text == "Alex's words."
    assert panel.conflicts.isVisible() and panel.conflicts.text() == "Conflicts (1)…"
    assert panel.conflicts.accessibleName() == "1 conflict to resolve"
    # Later, from the button: merged this time.
    def merge(dialog: ConflictDialog) -> None:
        dialog.start_merge()
        assert not dialog.merge_editor.isHidden() and not dialog.save_merged.isHidden()
        assert dialog.merge_editor.toPlainText() == "Sam's words.\n\nAlex's words."
        dialog.merge_editor.setPlainText("Sam's and Alex's words.")
        qtbot.mouseClick(dialog.save_merged, Qt.MouseButton.LeftButton)

    _answering(window, merge)
    qtbot.mouseClick(panel.conflicts, Qt.MouseButton.LeftButton)
    assert _text(sam, window, block_id) == "Sam's and Alex's words."
    assert not panel.conflicts.isVisible()


def test_undo_after_a_colleagues_change_becomes_a_conflict_not_an_overwrite(
        window: MainWindow, sam: Store, qtbot) -> None:
    block_id = _paragraph(window, "Our words here.")
    ops.update_block_text(block_id, "Sam's later words.", base_version=2).run(sam)
    window.operations.poll_outside()
    refused: list[str] = []
    window.operations.report = lambda _title, message: refused.append(message)
    shown = _answering(window, lambda d: qtbot.mouseClick(d.keep_theirs, Qt.MouseButton.LeftButton))
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(shown))
    assert refused == []
    assert (shown[0].mine.toPlainText(), shown[0].theirs.toPlainText()) == ("", "Sam's later words.")
    assert _text(sam, window, block_id) == "Sam's later words."
    assert teamwork.list_conflicts(sam) == []  # closed, keeping Sam's


def test_the_editor_says_who_the_answer_is_assigned_to_who_edited_it_last_and_who_is_in_it(
        window: MainWindow, sam: Store, qtbot) -> None:
    block_id = _paragraph(window, "Our words.")
    panel = window.response_panel
    ops.update_block_text(block_id, "Sam's words.", base_version=2).run(sam)
    ops.assign_answer(panel.document.questions[0].id, "Sam").run(sam)
    teamwork.beat(sam, panel.document.id, panel.document.questions[0].id)
    window.operations.poll_outside()
    panel._beat()  # what the presence clock does every few seconds
    status = panel.editor.block_status
    qtbot.waitUntil(lambda: "Sam is in this answer" in status.text())
    assert status.text().startswith("Assigned to Sam · Last edited by Sam, today at ")
    assert status.isVisible() and status.accessibleName()


def test_assign_answer_from_the_menu(window: MainWindow, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    panel = window.response_panel
    panel.tree.setCurrentIndex(panel.model.index(1, 0))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  Kim  ", True))
    panel.answer_actions.assign_answer()
    assert panel.document.questions[1].assigned_to == "Kim"
    assert panel.editor.question_status.text().startswith("Assigned to Kim")
    window.undo_stack.undo()
    assert panel.document.questions[1].assigned_to is None


def _conflict(their_text: str = "Theirs.") -> ConflictRecord:
    return ConflictRecord(7, 3, 2, 1, 4, 5, their_text, "Sam", "Mine.", "Alex", "2026-12-06T10:00:00+00:00")


def test_the_conflict_dialog_is_usable_by_keyboard_with_every_control_named(qtbot) -> None:
    dialog = ConflictDialog(_conflict(), BlockNow("Theirs now.", 6, "Sam", "2026-12-06T11:00:00+00:00"),
                            me="Alex", question_label="4")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.seen_version == 6  # what is shown as theirs is the paragraph now
    assert dialog.theirs.toPlainText() == "Theirs now." and dialog.mine.isReadOnly()
    for widget in [*dialog.findChildren(QPushButton), *dialog.findChildren(QPlainTextEdit)]:
        assert widget.accessibleName(), widget
    # Mnemonics for every choice; Alt+T keeps theirs.
    assert [b.text() for b in (dialog.keep_mine, dialog.keep_theirs, dialog.merge, dialog.later)] == [
        "Keep &Mine", "Keep &Theirs", "M&erge…", "Decide &Later"]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog and QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is dialog.keep_mine  # the first choice has the focus
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.choice is not None)  # a button's Alt+letter clicks it a moment later
    assert dialog.choice == "theirs" and dialog.merged_text is None


def test_a_removed_paragraph_can_only_be_closed(qtbot) -> None:
    dialog = ConflictDialog(_conflict(), None, me="Alex")
    qtbot.addWidget(dialog)
    assert not dialog.keep_mine.isEnabled() and not dialog.merge.isEnabled() and dialog.keep_theirs.isEnabled()
    assert dialog.mine.toPlainText() == "Mine."  # still there to copy

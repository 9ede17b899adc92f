"""The answers tree follows each change by changing only the rows that changed.

After every edit the panel reads the response again and hands it to
``ResponseTreeModel.update_document``, which removes and inserts the block rows
that moved instead of resetting the model: the tree keeps what the user
collapsed and where they had scrolled, and lays out no more than it must. These
tests check that the result is always what a freshly filled model shows, that
Qt's own model checker finds every signal consistent, and what the user sees.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from drafter.core.listing import source_record
from drafter.core.responses import (
    add_block,
    add_question,
    create_response,
    delete_block,
    get_response,
    move_block,
    update_block_text,
    update_question,
    update_response,
)
from drafter.core.responses.records import ResponseDetails
from drafter.core.snippets import create_snippet
from drafter.core.store import Store
from drafter.ui.main_window import MainWindow
from drafter.ui.response_model import ResponseTreeModel

pytestmark = pytest.mark.gui

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
         Qt.ItemDataRole.FontRole)


def dump(model: ResponseTreeModel) -> list[Any]:
    """Everything the tree can show, row by row."""
    def row(index: QModelIndex) -> list[Any]:
        cells = []
        for column in (0, 1):
            cell = index.siblingAtColumn(column)
            cells.append([_plain(model.data(cell, role)) for role in ROLES])
        return cells

    out = []
    for q in range(model.rowCount()):
        question = model.index(q, 0)
        out.append(("question", row(question), model.flags(question)))
        for b in range(model.rowCount(question)):
            block = model.index(b, 0, question)
            out.append(("block", row(block), model.flags(block)))
    return out


def _plain(value: Any) -> Any:
    if hasattr(value, "name") and hasattr(value, "rgb"):  # QColor
        return value.name()
    if hasattr(value, "bold"):  # QFont
        return value.bold()
    return value


def keyed(model: ResponseTreeModel) -> dict[tuple[str, int], Any]:
    """What each row shows, by question or block id."""
    out: dict[tuple[str, int], Any] = {}
    for q in range(model.rowCount()):
        question = model.index(q, 0)
        out[_key(model, question)] = dump_row(model, question)
        for b in range(model.rowCount(question)):
            block = model.index(b, 0, question)
            out[_key(model, block)] = dump_row(model, block)
    return out


def dump_row(model: ResponseTreeModel, index: QModelIndex) -> list[Any]:
    return [_plain(model.data(index.siblingAtColumn(c), role)) for c in (0, 1) for role in ROLES]


def _key(model: ResponseTreeModel, index: QModelIndex) -> tuple[str, int]:
    block = model.block_at(index)
    if block is not None:
        return ("block", block.id)
    question = model.question_at(index)
    assert question is not None
    return ("question", question.id)


class Announced:
    """The rows the model said changed or were inserted, resolved when it said so."""

    def __init__(self, model: ResponseTreeModel) -> None:
        self.keys: set[tuple[str, int]] = set()
        model.dataChanged.connect(lambda top, bottom, roles=(): self._range(model, top, bottom.row()))
        model.rowsInserted.connect(
            lambda parent, first, last: self._range(model, model.index(first, 0, parent), last))

    def _range(self, model: ResponseTreeModel, top: QModelIndex, last: int) -> None:
        for row in range(top.row(), last + 1):
            self.keys.add(_key(model, top.siblingAtRow(row)))


def _checked(qtmodeltester: Any, store: Store, response_id: int) -> ResponseTreeModel:
    """A model showing the response, watched by Qt's model checker (QAbstractItemModelTester,
    through pytest-qt, which turns its complaints into failures) until the test ends."""
    model = ResponseTreeModel()
    model.set_document(get_response(store, response_id))
    qtmodeltester.check(model, force_py=False)
    return model


def _build(store: Store, questions: int = 5) -> tuple[int, list[int]]:
    response = create_response(store, ResponseDetails(consultation_title="Big response"))
    text = source_record(store, 1).text
    snippets = [create_snippet(store, 1, start, start + 40).id for start in range(0, 400, 50)]
    ids = []
    for n in range(questions):
        question = add_question(store, response.id, label=str(n + 1), text=f"Question {n + 1}?")
        ids.append(question.id)
        for k in range(n % 3 + 1):
            add_block(store, question.id, text=f"Paragraph {k} of {n + 1}")
            add_block(store, question.id, kind="quotation", snippet_id=snippets[(n + k) % len(snippets)])
    assert text  # the seeded article has text to quote
    return response.id, snippets


def test_every_change_leaves_the_tree_as_a_fresh_read_shows_it(qtbot, qtmodeltester, opened_window: MainWindow) -> None:
    store = opened_window.store
    response_id, snippets = _build(store)
    model = _checked(qtmodeltester, store, response_id)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    announced = Announced(model)
    rng = random.Random(20260212)
    changes = 0
    for _ in range(80):
        document = get_response(store, response_id)
        questions = document.questions
        blocks = [b for q in questions for b in q.blocks]
        kind = rng.choice(["move", "move", "add", "delete", "text", "question", "limit"])
        if kind == "move" and blocks:
            block = rng.choice(blocks)
            target = rng.choice(questions)
            move_block(store, block.id, target.id, rng.randrange(len(target.blocks) + 1))
        elif kind == "add":
            target = rng.choice(questions)
            if rng.random() < 0.5:
                add_block(store, target.id, kind="quotation", snippet_id=rng.choice(snippets),
                          position=rng.randrange(len(target.blocks) + 1))
            else:
                add_block(store, target.id, text="New words", position=rng.randrange(len(target.blocks) + 1))
        elif kind == "delete" and blocks:
            delete_block(store, rng.choice(blocks).id)
        elif kind == "text" and blocks:
            update_block_text(store, rng.choice(blocks).id, " ".join(["word"] * rng.randrange(1, 30)))
        elif kind == "question":
            update_question(store, rng.choice(questions).id, text=f"Changed {rng.random()}", word_limit=5)
        elif kind == "limit":
            update_response(store, response_id,
                            quotations_count_toward_limit=not document.details.quotations_count_toward_limit)
        after = get_response(store, response_id)
        shown = keyed(model)
        announced.keys.clear()
        changed = model.update_document(after)
        now = keyed(model)
        # Every row that shows something new was announced (or inserted), so the view repaints it.
        assert {k for k, v in now.items() if shown.get(k) != v} <= announced.keys, kind
        assert changed is not None  # the questions stayed: never a reset
        changes += bool(changed)
        fresh = ResponseTreeModel()
        fresh.set_document(after)
        assert dump(model) == dump(fresh), kind
    assert not resets and changes > 40


def test_questions_added_or_reordered_reset_the_model(qtbot, qtmodeltester, opened_window: MainWindow) -> None:
    store = opened_window.store
    response_id, _ = _build(store, questions=3)
    model = _checked(qtmodeltester, store, response_id)
    add_question(store, response_id, label="4", text="Another?")
    assert model.update_document(get_response(store, response_id)) is None
    assert model.rowCount() == 4


def test_one_block_moved_is_one_row_moved_and_more_are_the_rows_between(
    qtbot, qtmodeltester, opened_window: MainWindow
) -> None:
    store = opened_window.store
    response_id, _ = _build(store, questions=3)
    model = _checked(qtmodeltester, store, response_id)
    first, third = get_response(store, response_id).questions[0::2]  # two and six blocks
    said: list[tuple[Any, ...]] = []
    model.rowsRemoved.connect(lambda parent, start, end: said.append(("removed", parent.row(), start, end)))
    model.rowsInserted.connect(lambda parent, start, end: said.append(("inserted", parent.row(), start, end)))
    model.rowsMoved.connect(lambda parent, start, end, to, row: said.append(
        ("moved", parent.row(), start, to.row(), row)))
    move_block(store, third.blocks[1].id, third.id, 3)  # [a b c d e f] -> [a c d b e f]
    assert model.update_document(get_response(store, response_id)) == [2]
    assert said == [("moved", 2, 1, 2, 4)]  # Qt counts the destination before the row leaves
    said.clear()
    move_block(store, third.blocks[5].id, first.id, 0)  # to another question
    assert model.update_document(get_response(store, response_id)) == [0, 2]
    assert said == [("moved", 2, 5, 0, 0)]
    said.clear()
    now = get_response(store, response_id).questions[2].blocks  # [a c d b e]
    move_block(store, now[1].id, third.id, 3)  # [a d b c e]
    move_block(store, now[4].id, third.id, 0)  # [e a d b c]: two moves in one update
    assert model.update_document(get_response(store, response_id)) == [2]
    assert said == [("removed", 2, 0, 4), ("inserted", 2, 0, 4)]
    assert [b.id for b in model.document.questions[2].blocks] == [
        now[4].id, now[0].id, now[2].id, now[3].id, now[1].id]
    said.clear()
    assert model.update_document(get_response(store, response_id)) == []  # nothing changed: nothing said
    assert said == []


def test_an_edit_keeps_collapsed_questions_collapsed_and_opens_the_one_it_fills(
        qtbot, opened_window: MainWindow) -> None:
    store = opened_window.store
    response_id, snippets = _build(store, questions=3)
    empty = add_question(store, response_id, label="4", text="Nothing yet?")
    panel = opened_window.response_panel
    panel.refresh_list(select_id=response_id)
    opened_window.show()
    tree, model = panel.tree, panel.model
    first, second = model.index(0, 0), model.index(1, 0)
    tree.collapse(second)
    block = panel.document.questions[0].blocks[0]
    panel.answer_actions.move_block_to(block.id, panel.document.questions[0].id, 2)
    assert tree.isExpanded(model.index(0, 0)) and not tree.isExpanded(model.index(1, 0))
    assert [b.id for b in panel.document.questions[0].blocks][1] == block.id
    panel.answer_actions.quote_snippet(snippets[0], empty.id)  # the first block of an empty answer is shown
    fourth = model.index_of_question(empty.id)
    assert model.rowCount(fourth) == 1 and tree.isExpanded(fourth)
    assert not tree.isExpanded(model.index(1, 0))
    assert tree.currentIndex() == model.index(0, 0, fourth)
    tree.collapse(first)  # a block moved out of a collapsed question: it stays collapsed
    panel.answer_actions.move_block_to(panel.document.questions[0].blocks[0].id, panel.document.questions[2].id, 0)
    assert not tree.isExpanded(model.index(0, 0))


def test_a_move_to_the_end_of_a_long_answer_list_measures_no_rows(qtbot, opened_window: MainWindow,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # 300 blocks: with rows of their own heights the tree measured every row above the one it
    # scrolled to (16 calls into the model a row); every row is now as tall as the first.
    panel, questions = _long_answers(opened_window)
    qtbot.wait(50)
    asked: list[int] = []
    real = ResponseTreeModel.block_at  # each call of data() starts with it

    def block_at(model: ResponseTreeModel, index: QModelIndex) -> Any:
        asked.append(index.row())
        return real(model, index)

    monkeypatch.setattr(ResponseTreeModel, "block_at", block_at)
    block = panel.document.questions[0].blocks[0]
    panel.answer_actions.move_block_to(block.id, questions[-1].id, 10)
    qtbot.wait(50)  # laid out and painted
    assert panel.tree.currentIndex() == panel.model.index_of_block(block.id)
    assert 0 < len(asked) < 16 * 60  # the rows on screen at most, not the 320 rows above


def _long_answers(opened_window: MainWindow) -> tuple[Any, list[Any]]:
    store = opened_window.store
    response_id, snippets = _build(store, questions=1)
    questions = [add_question(store, response_id, label=str(n), text=f"Question {n}?") for n in range(2, 32)]
    for question in questions:
        for k in range(10):
            add_block(store, question.id, kind="quotation", snippet_id=snippets[k % len(snippets)])
    panel = opened_window.response_panel
    panel.refresh_list(select_id=response_id)
    opened_window.show()
    return panel, questions


def _on_screen(panel: Any, block_id: int) -> bool:
    index = panel.model.index_of_block(block_id)
    return panel.tree.viewport().rect().contains(panel.tree.visualRect(index))


def test_the_block_moved_stays_in_sight(qtbot, opened_window: MainWindow) -> None:
    panel, questions = _long_answers(opened_window)
    block = panel.document.questions[0].blocks[0]
    panel.select_block(block.id)  # current before the move, so the row moves with it
    qtbot.wait(20)
    panel.answer_actions.move_block_to(block.id, questions[-1].id, 10)
    qtbot.wait(20)
    assert panel.tree.currentIndex() == panel.model.index_of_block(block.id) and _on_screen(panel, block.id)
    panel.runner.undo_stack.undo()  # back to the top
    qtbot.wait(20)
    assert _on_screen(panel, block.id) and panel.model.question_at(panel.tree.currentIndex()).label == "1"
    panel.runner.undo_stack.redo()
    qtbot.wait(20)
    assert _on_screen(panel, block.id)
    for _ in range(25):  # Alt+Up, from the end of the last answer towards the top
        panel.answer_actions.move_current(-1)
    qtbot.wait(20)
    assert _on_screen(panel, block.id) and panel.tree.currentIndex() == panel.model.index_of_block(block.id)


def test_words_typed_just_before_a_keyboard_move_are_kept(qtbot, opened_window: MainWindow) -> None:
    panel, _ = _long_answers(opened_window)
    block = panel.document.questions[0].blocks[0]  # a paragraph
    panel.select_block(block.id)
    panel.editor.text.setPlainText("Typed a moment ago, not saved yet.")  # saved 400 ms after the last key
    panel.answer_actions.move_current(1)  # Alt+Down at once; the focus stays in the editor, so nothing saved on leaving
    assert panel.editor.text.toPlainText() == "Typed a moment ago, not saved yet."
    moved = next(b for b in get_response(opened_window.store, panel.document.id).questions[0].blocks
                 if b.id == block.id)
    assert moved.text == "Typed a moment ago, not saved yet." and moved.position == 1

"""The response being drafted: pick a response, build each answer, all undoable.

The panel turns the user's gestures into core operations (``drafter.core.operations``),
run by the window's ``OperationRunner`` (undoable, announced); it redraws from the
change notices, its own and others', and skips the echo of its own typing.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Final, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from drafter.core import operations
from drafter.core.errors import DrafterError
from drafter.core.operations import responses as ops
from drafter.ui.answer_editor import AnswerEditor
from drafter.ui.response_model import ResponseTreeModel

if TYPE_CHECKING:
    from drafter.core.changes import Changes
    from drafter.core.questions import ParsedQuestionSet
    from drafter.core.responses.counting import AnswerCount
    from drafter.core.responses.records import QuestionRecord, ResponseDocument
    from drafter.core.store import Store
    from drafter.ui.operations import OperationRunner


class _NotDone(Enum):
    """A type of its own for ``FAILED``, so that it can't be mistaken for an operation's result."""

    FAILED = "failed"


#: What ``_run`` returns when the core refused an operation.
FAILED: Final = _NotDone.FAILED

_Result = TypeVar("_Result")

#: The initiator of autosaves: their notices are not redrawn (the panel showed the text already).
_TYPING: Final = object()


class ResponsePanel(QWidget):
    response_changed = Signal()
    #: Saving typed text failed (disk full, folder read-only): the message to keep showing.
    save_failed = Signal(str)
    #: Everything typed is on disk again.
    save_resumed = Signal()

    #: How often to try again to save text that could not be saved.
    RETRY_MS = 3000

    def __init__(self, store_getter: Callable[[], Store | None], runner: OperationRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store_getter = store_getter
        self.runner = runner
        runner.did_execute.connect(self._on_changes)
        self.document: ResponseDocument | None = None
        self._unsaved: dict[int, str] = {}  # block id -> text that could not be saved yet
        from PySide6.QtCore import QTimer

        self._retry = QTimer(self)
        self._retry.setInterval(self.RETRY_MS)
        self._retry.timeout.connect(self._retry_unsaved)
        heading = QLabel("Response", self)
        heading.setObjectName("panelHeading")
        heading.setStyleSheet("font-weight: bold; padding: 2px 0 4px 0")
        self.chooser = QComboBox(self)
        self.chooser.setObjectName("responseChooser")
        self.chooser.currentIndexChanged.connect(self._chosen)
        new = QPushButton("New…", self)
        new.clicked.connect(self.new_response)
        self.more = QToolButton(self)
        self.more.setText("Response ▾")
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self)
        self.menu.addAction("Details…", self.edit_details)
        self.menu.addAction("Paste Questions…", self.paste_questions)
        self.menu.addAction("Questions from File…", self.questions_from_file)
        self.menu.addAction("Add Question…", self.add_question)
        self.menu.addAction("Edit Question…", self.edit_question)
        self.menu.addAction("Delete Question", self.delete_question)
        self.menu.addSeparator()
        self.menu.addAction("Duplicate Response", self.duplicate_response)
        self.menu.addAction("Delete Response…", self.delete_response)
        self.more.setMenu(self.menu)
        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        top.addWidget(new)
        top.addWidget(self.more)
        self.model = ResponseTreeModel(self)
        self.model.block_dropped.connect(self.move_block_to)
        self.model.snippet_dropped.connect(self.quote_snippet)
        self.tree = QTreeView(self)
        self.tree.setObjectName("answerTree")
        self.tree.setModel(self.model)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)
        # The count column is fitted when a response is shown and widened when a new count
        # needs it (``_fit_count``), not kept "resize to contents": that measured the rows on
        # screen again at every autosave (about 500 calls into the model, 3–4 ms), and,
        # measured over every row as Qt does by default, 1,700.
        self.tree.header().setSectionResizeMode(1, self.tree.header().ResizeMode.Interactive)
        # One line a row, cut short with '…' (the editor shows the whole text). Every row is as
        # tall as the first, so the tree never measures its rows: scrolling to a block at the
        # end of a 500-quotation answer measured all 600 rows above it (10,000 calls into the
        # model, about 100 ms) after every move.
        self.tree.setWordWrap(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(14)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.editor = AnswerEditor(self)
        self.editor.text_edited.connect(self.save_text)
        self.editor.option_chosen.connect(self.choose_option)
        self.editor.confidential_changed.connect(self.set_confidential)
        self.editor.add_paragraph_requested.connect(self.add_paragraph)
        self.editor.remove_requested.connect(self.remove_block)
        self.editor.move_requested.connect(self.move_current)
        self.empty = QLabel(
            "<p><b>No response yet.</b></p><p>Choose <b>New…</b> to start your answer to a consultation. "
            "Then paste its questions, and build each answer from your own paragraphs and the "
            "snippets you drag here from the Snippets tab.</p>", self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.tree)
        split.addWidget(self.editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.split = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(self.empty, 1)
        layout.addWidget(split, 1)
        self._show_empty(True)

    @property
    def store(self) -> Store | None:
        """The open library; None while none is (closed for a restore or an import, or reopening it failed).

        Every action that changes a response then does nothing.
        """
        return self._store_getter()

    # --- loading -------------------------------------------------------------------------

    def refresh_list(self, select_id: int | None = None) -> None:
        if self.store is None:
            return
        from drafter.core.responses import list_responses

        current = select_id if select_id is not None else (self.document.id if self.document else None)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for summary in list_responses(self.store):
            self.chooser.addItem(summary.consultation_title, summary.id)
        index = self.chooser.findData(current) if current is not None else 0
        self.chooser.setCurrentIndex(max(0, index) if self.chooser.count() else -1)
        self.chooser.blockSignals(False)
        self._chosen()

    def _chosen(self) -> None:
        response_id = self.chooser.currentData()
        self.open_response(int(response_id) if response_id is not None else None)

    def _show_empty(self, empty: bool) -> None:
        self.empty.setVisible(empty)
        self.split.setVisible(not empty)
        self.more.setEnabled(not empty)

    def open_response(self, response_id: int | None) -> None:
        self.editor.flush()
        if response_id is None or self.store is None:
            self.document = None
            self.model.set_document(None)
            self.editor.show_nothing()
            self._show_empty(True)
            self.response_changed.emit()
            return
        from drafter.core.responses import get_response

        self.document = get_response(self.store, response_id)
        self.model.set_document(self.document)
        self.tree.expandAll()
        self._fit_count_column()
        self._show_empty(False)
        self.editor.show_nothing()
        self.response_changed.emit()

    def reload(self) -> None:
        """Re-read the open response and keep the user's place (called after every change)."""
        if self.document is None or self.store is None:
            return
        from drafter.core.responses import get_response

        block_id = self.editor.current_block_id()
        current = self.tree.currentIndex()
        question = self.model.question_at(current)
        previous = self.document
        place = (current.parent().row(), current.row()) if current.isValid() else None
        self.document = get_response(self.store, self.document.id)
        changed = self.model.update_document(self.document)
        if changed is None:
            self.tree.expandAll()
            self._fit_count_column()
        for row in changed or ():
            index = self.model.index(row, 0)
            # A question that gained a block is opened to show it; others keep the user's choice
            # (though scrolling to the current block, after it moved, opens the question it is in).
            had = {b.id for b in previous.questions[row].blocks}
            if any(b.id not in had for b in self.document.questions[row].blocks):
                self.tree.expand(index)
            self._fit_count(index)
        index = self.model.index_of_block(block_id) if block_id is not None else QModelIndex()
        if not index.isValid() and question is not None:
            index = self.model.index_of_question(question.id)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if (index.parent().row(), index.row()) != place:  # it moved (undo, redo): follow it
                self.tree.scrollTo(index)
        self._current_changed(self.tree.currentIndex())
        self.response_changed.emit()

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        """Redraw what a change notice names, if it touches the responses at all."""
        from drafter.ui.operations import OUTSIDE

        if initiator is _TYPING or self.store is None:
            return  # the panel's own typing: shown already (``_refresh_quietly``)
        if changes.library_replaced or changes.responses.created or changes.responses.deleted:
            self.refresh_list()
            return
        if self.document is None:
            return
        shown_questions = {q.id for q in self.document.questions}
        shown_blocks = {b.id for q in self.document.questions for b in q.blocks}
        touches = (
            self.document.id in changes.responses.updated
            or changes.questions.ids & shown_questions or changes.questions.created
            or changes.blocks.ids & shown_blocks or changes.blocks.created
            or changes.snippets.updated and any(b.snippet_id in changes.snippets.updated
                                                for q in self.document.questions for b in q.blocks)
        )
        if self.document.id in changes.responses.updated:
            self._refresh_titles()
        if touches:
            if initiator == OUTSIDE and self.has_unsaved_text():
                return  # typing that is not on disk yet: the next notice after it is saved redraws
            self.reload()

    def _refresh_titles(self) -> None:
        """The chooser's titles, read again without reopening the response (a rename)."""
        if self.store is None:
            return
        from drafter.core.responses import list_responses

        titles = {s.id: s.consultation_title for s in list_responses(self.store)}
        for i in range(self.chooser.count()):
            title = titles.get(self.chooser.itemData(i))
            if title is not None and title != self.chooser.itemText(i):
                self.chooser.setItemText(i, title)

    def _count(self, question: QuestionRecord) -> AnswerCount:
        from drafter.core.responses import count_answer

        assert self.document is not None
        return count_answer(question, include_quotations=self.document.details.quotations_count_toward_limit)

    def _current_changed(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        question = self.model.question_at(index)
        block = self.model.block_at(index)
        if question is None:
            self.editor.show_nothing()
        elif block is None:
            self.editor.show_question(question, self._count(question))
        else:
            self.editor.show_block(block, question, self._count(question))

    def select_block(self, block_id: int) -> None:
        index = self.model.index_of_block(block_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            # The block may be current already and have moved with its row: show it all the same.
            self.tree.scrollTo(index)

    def current_question_id(self) -> int | None:
        question = self.model.question_at(self.tree.currentIndex())
        return question.id if question else None

    # --- operations ----------------------------------------------------------------------

    def _run(self, op: operations.Op[_Result]) -> _Result | _NotDone:
        """Run a core operation through the window's runner; on refusal (the user is told) return FAILED.

        What was typed and not yet saved is saved first: a keyboard move (Alt+Up/Down)
        leaves the focus in the editor, and showing the block again after the move
        would otherwise put back the text last saved.
        """
        self.editor.flush()
        result = self.runner.run(op, self)
        return FAILED if result is None else result.value

    def save_text(self, block_id: int, text: str) -> None:
        from drafter.core.store import SaveFailedError

        if self.document is None or self.store is None:
            return
        old = next((b.text for q in self.document.questions for b in q.blocks if b.id == block_id), None)
        if old is None:  # the block is gone (removed, its question deleted): nothing left to save
            if self._unsaved.pop(block_id, None) is not None and not self._unsaved:
                self._retry.stop()
                self.save_resumed.emit()
            return
        refusal: list[DrafterError] = []
        if old == text and block_id not in self._unsaved:
            return  # nothing new to save (the editor's text is the saved one)
        self.runner.run(ops.update_block_text(block_id, text), _TYPING, on_refused=refusal.append)
        if refusal:
            if isinstance(refusal[0], SaveFailedError):
                # Keep the text (it stays in the editor too) and keep trying; say so until it works.
                self._unsaved[block_id] = text
                self._retry.start()
                self.save_failed.emit(refusal[0].message)
            else:
                QMessageBox.warning(self, "Not saved", refusal[0].message)
            return
        if self._unsaved.pop(block_id, None) is not None and not self._unsaved:
            self._retry.stop()
            self.save_resumed.emit()
        self._refresh_quietly(block_id, text)

    def _retry_unsaved(self) -> None:
        for block_id, text in list(self._unsaved.items()):
            self.save_text(block_id, text)

    def has_unsaved_text(self) -> bool:
        return bool(self._unsaved)

    def _refresh_quietly(self, block_id: int, text: str) -> None:
        """After typing: update that block's row, its answer's count and the editor's, nothing else.

        The saved text is exactly what the editor holds, so the open response is
        updated in memory rather than read back from the database.
        """
        assert self.document is not None
        document = self.model.replace_block_text(block_id, text)
        if document is None:  # not in the open response after all: read it again
            self.reload()
            return
        self.document = document
        self._fit_count(self.model.index_of_block(block_id))
        if self.editor.current_block_id() == block_id:
            index = self.model.index_of_block(block_id)
            question = self.model.question_at(index)
            block = self.model.block_at(index)
            if question is not None and block is not None:
                self.editor.show_block(block, question, self._count(question))
        self.response_changed.emit()

    def _fit_count_column(self) -> None:
        """The count column as wide as the widest question's count (counts are on question rows).

        Measured from the model, not from the rows on screen: when a response is
        shown the view has not laid its rows out yet, so it would see none.
        """
        widths = [self.tree.header().sectionSizeHint(1)]
        widths += [self.tree.sizeHintForIndex(self.model.index(row, 1)).width()
                   for row in range(self.model.rowCount())]
        self.tree.setColumnWidth(1, max(widths))

    def _fit_count(self, block: QModelIndex) -> None:
        """Widen the count column if the count of ``block``'s question no longer fits (two cells measured)."""
        question = block.parent() if block.parent().isValid() else block
        for index in (question.siblingAtColumn(1), block.siblingAtColumn(1)):
            needed = self.tree.sizeHintForIndex(index).width() if index.isValid() else 0
            if needed > self.tree.columnWidth(1):
                self.tree.setColumnWidth(1, needed)

    def choose_option(self, question_id: int, option: str | None) -> None:
        if self.store is None or self.document is None:  # no library open: nothing to change
            return
        self._run(ops.set_chosen_option(question_id, option))

    def set_confidential(self, question_id: int, on: bool) -> None:
        if self.store is None:
            return
        self._run(ops.update_question(question_id, confidential=on))

    def add_paragraph(self, question_id: int | None = None) -> None:
        question_id = question_id or self.current_question_id()
        if question_id is None or self.store is None:
            return
        block = self._run(ops.add_block(question_id, kind="paragraph"))
        if block is not FAILED:
            self.select_block(block.id)
            self.editor.text.setFocus()

    def quote_snippet(self, snippet_id: int, question_id: int | None = None, position: int | None = None) -> None:
        if self.store is None:
            return
        question_id = question_id or self.current_question_id()
        if question_id is None:
            QMessageBox.information(self, "Choose a question", "Select the question to quote this snippet under.")
            return
        block = self._run(ops.add_block(question_id, kind="quotation", snippet_id=snippet_id, position=position))
        if block is not FAILED:
            self.select_block(block.id)

    def remove_block(self) -> None:
        block_id = self.editor.current_block_id()
        if block_id is None or self.store is None:
            return
        self._run(ops.delete_block(block_id))

    def _place(self, block_id: int) -> tuple[int, int]:
        assert self.document is not None
        for question in self.document.questions:
            for block in question.blocks:
                if block.id == block_id:
                    return question.id, block.position
        raise KeyError(block_id)

    def move_block_to(self, block_id: int, question_id: int, row: int) -> None:
        """Move a block to ``row`` of a question (``row`` counts rows as shown, block included)."""
        if self.store is None:
            return
        before = self._place(block_id)
        position = row - 1 if before[0] == question_id and row > before[1] else row
        if (question_id, position) == before:
            return
        if self._run(ops.move_block(block_id, question_id, position)) is not FAILED:
            self.select_block(block_id)

    def move_current(self, step: int) -> None:
        """Alt+Up/Down: one place up or down, across question boundaries at the ends."""
        block_id = self.editor.current_block_id()
        if block_id is None or self.document is None:
            return
        question_id, position = self._place(block_id)
        questions = self.document.questions
        q_index = next(i for i, q in enumerate(questions) if q.id == question_id)
        count = len(questions[q_index].blocks)
        target = position + step
        if 0 <= target < count:
            self.move_block_to(block_id, question_id, target + (1 if step > 0 else 0))
        elif target < 0 and q_index > 0:
            above = questions[q_index - 1]
            self.move_block_to(block_id, above.id, len(above.blocks))
        elif target >= count and q_index + 1 < len(questions):
            self.move_block_to(block_id, questions[q_index + 1].id, 0)

    def move_to_question(self) -> None:
        block_id = self.editor.current_block_id()
        if block_id is None or self.document is None:
            return
        labels = [f"{q.label}. {q.text[:80]}" for q in self.document.questions]
        choice, ok = QInputDialog.getItem(self, "Move to question", "Move this block to:", labels, 0, False)
        if ok:
            question = self.document.questions[labels.index(choice)]
            self.move_block_to(block_id, question.id, len(question.blocks))

    # --- responses and questions ----------------------------------------------------------

    def new_response(self) -> None:
        from drafter.core.responses import list_presets
        from drafter.core.responses.records import ResponseDetails
        from drafter.ui.response_dialogs import DetailsDialog

        if self.store is None:  # no library open to keep it in
            return
        dialog = DetailsDialog(ResponseDetails(consultation_title=""), presets=list_presets(), parent=self)
        if not dialog.exec() or self.store is None:
            return
        document = self._run(ops.create_response(dialog.details()))
        if document is not FAILED:
            self.refresh_list(select_id=document.id)
            if not document.questions:
                self.paste_questions()

    def edit_details(self) -> None:
        from dataclasses import asdict

        from drafter.ui.response_dialogs import DetailsDialog

        document = self.document
        if document is None or self.store is None:
            return
        dialog = DetailsDialog(document.details, parent=self)
        if dialog.exec() and self.store is not None:
            old, new = asdict(document.details), asdict(dialog.details())
            changed = {k: v for k, v in new.items() if old[k] != v}
            if changed:
                self._run(ops.update_response(document.id, **changed))

    def questions_from_file(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from drafter.core.questions import parse_questions, questions_from_docx

        if self.document is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "Questions from a file", "", "Word or text (*.docx *.txt *.md)")
        if not name:
            return
        path = Path(name)
        try:
            data = path.read_bytes()
            parsed = questions_from_docx(data) if path.suffix.lower() == ".docx" else None
            text = "" if parsed is not None else data.decode("utf-8", errors="replace")
            if parsed is None:
                parsed = parse_questions(text)
        except OSError as exc:
            QMessageBox.warning(self, "Questions not read", f"Drafter could not read {path.name}: {exc.strerror}.")
            return
        except DrafterError as exc:
            QMessageBox.warning(self, "Questions not read", exc.message)
            return
        self.paste_questions(text, parsed=parsed)

    def paste_questions(self, text: str = "", parsed: ParsedQuestionSet | None = None) -> None:
        from drafter.ui.response_dialogs import QuestionsDialog

        document = self.document
        if document is None or self.store is None:
            return
        dialog = QuestionsDialog(text, parent=self)
        if parsed is not None:
            dialog.show_parsed(parsed)
        if dialog.exec() and dialog.parsed is not None and self.store is not None:
            self._run(ops.replace_questions(document.id, dialog.parsed.questions))

    def add_question(self) -> None:
        document = self.document
        if document is None or self.store is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, "Add a question", "The question's text:")
        if not ok or not text.strip() or self.store is None:
            return
        self._run(ops.add_question(document.id, label=str(len(document.questions) + 1), text=text))

    def edit_question(self) -> None:
        from drafter.ui.response_dialogs import QuestionDialog

        question_id = self.current_question_id()
        if question_id is None or self.document is None or self.store is None:
            return
        question = self.document.question(question_id)
        dialog = QuestionDialog(question, self)
        if not dialog.exec() or self.store is None:
            return
        new = dialog.changes()
        old = {"label": question.label, "text": question.text, "options": list(question.options),
               "prompt": question.prompt, "word_limit": question.word_limit, "char_limit": question.char_limit}
        changed = {k: v for k, v in new.items() if old[k] != v}
        if changed:
            self._run(ops.update_question(question_id, **changed))

    def delete_question(self) -> None:
        question_id = self.current_question_id()
        if question_id is None or self.store is None:
            return
        self._run(ops.delete_question(question_id))

    def move_question(self, step: int) -> None:
        question_id = self.current_question_id()
        if question_id is None or self.document is None or self.store is None:
            return
        before = self.document.question(question_id).position
        after = max(0, min(before + step, len(self.document.questions) - 1))
        if after != before and self._run(ops.move_question(question_id, after)) is not FAILED:
            self.tree.setCurrentIndex(self.model.index_of_question(question_id))

    def duplicate_response(self) -> None:
        if self.document is not None and self.store is not None:
            copy = self._run(ops.duplicate_response(self.document.id))
            if copy is not FAILED:
                self.refresh_list(select_id=copy.id)

    def delete_response(self) -> None:
        if self.document is None or self.store is None:
            return
        answer = QMessageBox.question(
            self, "Delete this response?",
            f"Delete your response to '{self.document.details.consultation_title}' with all its answers? "
            "Your sources and snippets stay in the library.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard and self.document is not None and self.store is not None:
            self._run(ops.delete_response(self.document.id))  # undoable: Edit › Undo brings it back

"""The response being drafted: the chooser, the tree of questions and blocks, and the answer editor.

The panel shows the open response and redraws from the change notices, its own and
others' (``_on_changes``), skipping the echo of its own typing. What the user's
gestures do (add, move, quote, remove, edit questions, save typing) is in
``AnswerActions`` (``self.answer_actions``): core operations run through the window's
``OperationRunner``, undoable and announced.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from drafter.core.dates import local_today
from drafter.ui.accessibility import name
from drafter.ui.answer_actions import TYPING, AnswerActions
from drafter.ui.answer_editor import AnswerEditor
from drafter.ui.empty_hint import EmptyHint
from drafter.ui.response_model import ResponseTreeModel

if TYPE_CHECKING:
    from drafter.core.changes import Changes
    from drafter.core.responses.counting import AnswerCount
    from drafter.core.responses.records import QuestionRecord, ResponseDocument
    from drafter.core.store import Store
    from drafter.ui.operations import OperationRunner


class _AnswerTree(QTreeView):
    """The answers tree: text typed on a row goes into that answer, never nowhere.

    On a block's row, printable keys are handed to the editor below (the paragraph,
    or a quotation's lead-in), which takes the focus; on a question's row they start
    a new paragraph. Shortcuts (Ctrl, Alt) and navigation keys stay the tree's.
    """

    #: A printable key pressed on a row; the panel sends it where the text belongs.
    text_typed = Signal(QKeyEvent)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        other = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        text = event.text()
        if text and text.isprintable() and not other and self.currentIndex().isValid():
            self.text_typed.emit(event)
            event.accept()
            return
        super().keyPressEvent(event)


class ResponsePanel(QWidget):
    response_changed = Signal()

    #: How often one's presence is renewed (``drafter.core.teamwork.PRESENCE_BEAT_S``; stale after 30 s).
    PRESENCE_BEAT_MS = 10_000

    NO_QUESTIONS = ("No questions yet. Choose Response › Paste Questions… and paste them from the "
                    "consultation document, or Response › Add Question… to type one.")

    def __init__(self, store_getter: Callable[[], Store | None], runner: OperationRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store_getter = store_getter
        self.runner = runner
        runner.did_execute.connect(self._on_changes)
        self.document: ResponseDocument | None = None
        #: The response to open when none is open yet (the one open when the window last saved its state).
        self.wanted_response: int | None = None
        self.answer_actions = actions = AnswerActions(self, runner)
        heading = QLabel("Response", self)
        heading.setObjectName("panelHeading")
        heading.setStyleSheet("font-weight: bold; padding: 2px 0 4px 0")
        self.chooser = QComboBox(self)
        self.chooser.setObjectName("responseChooser")
        name(self.chooser, "Response", "The response shown below; Ctrl+Shift+N starts a new one")
        self.chooser.currentIndexChanged.connect(self._chosen)
        new = QPushButton("&New…", self)
        name(new, "New response…")
        new.clicked.connect(actions.new_response)
        self.more = QToolButton(self)
        self.more.setText("Response ▾")
        name(self.more, "Response menu", "Details, questions, duplicate or delete the response")
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The text says it opens a menu; the style's own small arrow, drawn over the text's
        # last letters, cut them off in a narrow window.
        self.more.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.menu = QMenu(self)
        self.menu.addAction("Details…", actions.edit_details)
        self.menu.addAction("Paste Questions…", lambda: actions.paste_questions())
        self.menu.addAction("Questions from File…", lambda: actions.questions_from_file())
        self.menu.addAction("Add Question…", actions.add_question)
        self.menu.addAction("Edit Question…", actions.edit_question)
        self.menu.addAction("Delete Question", actions.delete_question)
        self.menu.addAction("Assign Answer…", actions.assign_answer)
        self.menu.addAction("Conflicts…", lambda: actions.offer_conflicts())
        self.menu.addSeparator()
        self.menu.addAction("Duplicate Response", actions.duplicate_response)
        self.menu.addAction("Delete Response…", actions.delete_response)
        self.more.setMenu(self.menu)
        # Saves kept beside a colleague's text, waiting for a choice (hidden when there are none).
        self.conflicts = QPushButton(self)
        self.conflicts.setObjectName("openConflicts")
        self.conflicts.clicked.connect(lambda: actions.offer_conflicts())
        self.conflicts.hide()
        # Who is in which answer: renewed while a response is open, stale after half a minute.
        self._presence_clock = QTimer(self)
        self._presence_clock.setInterval(self.PRESENCE_BEAT_MS)
        self._presence_clock.timeout.connect(self._beat)
        self._presence_clock.start()
        # A move to another answer is said a moment later (not at every click through the tree).
        self._moved = QTimer(self)
        self._moved.setSingleShot(True)
        self._moved.setInterval(1000)
        self._moved.timeout.connect(self._beat)
        self._present_in: tuple[int, int | None] | None = None
        self._others: list[object] = []  # teamwork.PresenceRecord: who else is in the response, as last read
        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        top.addWidget(new)
        top.addWidget(self.more)
        # The deadline and the days left, under the response's name ("Closes 12 February 2026 —
        # 9 days left"); red from a week before it, like the readiness check's warning.
        self.deadline = QLabel("", self)
        self.deadline.setObjectName("responseDeadline")
        self.deadline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.deadline.setWordWrap(True)  # whole in a narrow window
        #: Today's local date; tests give another.
        self.today: Callable[[], date] = local_today
        self.response_changed.connect(self._show_deadline)
        # The days left change at midnight, with or without an edit: look again every quarter-hour.
        self._deadline_clock = QTimer(self)
        self._deadline_clock.setInterval(15 * 60 * 1000)
        self._deadline_clock.timeout.connect(self._show_deadline)
        self._deadline_clock.start()
        self.model = ResponseTreeModel(self)
        self.model.block_dropped.connect(actions.move_block_to)
        self.model.snippet_dropped.connect(actions.quote_snippet)
        self.tree = _AnswerTree(self)
        self.tree.setObjectName("answerTree")
        name(self.tree, "Answers", "Questions and the blocks of each answer. Ctrl+Return adds a paragraph, "
             "Alt+Up and Alt+Down move a block, typing or Tab goes to the editor below.")
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
        self.tree.text_typed.connect(self._type_into_answer)
        self.no_questions = EmptyHint(self.tree, self.NO_QUESTIONS)
        self.editor = AnswerEditor(self)
        self.editor.text_edited.connect(actions.save_text)
        self.editor.option_chosen.connect(actions.choose_option)
        self.editor.confidential_changed.connect(actions.set_confidential)
        self.editor.add_paragraph_requested.connect(actions.add_paragraph)
        self.editor.remove_requested.connect(actions.remove_block)
        self.editor.move_requested.connect(actions.move_current)
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
        # A row of its own: beside the chooser a narrow window cut it to "nflicts (1".
        layout.addWidget(self.conflicts, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.deadline)
        layout.addWidget(self.empty, 1)
        layout.addWidget(split, 1)
        self._show_empty(True)

    @property
    def store(self) -> Store | None:
        """The open library; None while none is (closed for a restore or an import, or reopening it failed).

        Every action that changes a response then does nothing.
        """
        return self._store_getter()

    def has_unsaved_text(self) -> bool:
        """Typed text that the disk refused is still waiting to be saved (``AnswerActions.save_text``)."""
        return self.answer_actions.has_unsaved_text()

    # --- loading -------------------------------------------------------------------------

    def refresh_list(self, select_id: int | None = None) -> None:
        if self.store is None:
            return
        from drafter.core.responses import list_responses

        current = select_id if select_id is not None else (self.document.id if self.document else self.wanted_response)
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

    def _show_deadline(self) -> None:
        from drafter.core.dates import DEADLINE_WARNING_DAYS, days_left, describe_deadline

        deadline = self.document.details.deadline if self.document is not None else None
        self.deadline.setVisible(self.document is not None)
        if not deadline:
            self.deadline.setText("No deadline given (Response › Response Details…)")
            self.deadline.setStyleSheet("color: palette(mid)")
            return
        today = self.today()
        try:
            left = days_left(deadline, today)
        except ValueError:  # not a full date (a response file from elsewhere): show it as it is
            self.deadline.setText(f"Closes {deadline}")
            self.deadline.setStyleSheet("")
            return
        self.deadline.setText(describe_deadline(deadline, today))
        urgent = left <= DEADLINE_WARNING_DAYS
        self.deadline.setStyleSheet("color: #b00020; font-weight: bold" if urgent else "")

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
        self.refresh_conflicts()
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

        if changes.conflicts and self.store is not None:
            self.refresh_conflicts()
            if changes.conflicts.created and initiator != OUTSIDE:
                # One's own save or undo was kept as a conflict: offer the choice now (after this notice).
                new = set(changes.conflicts.created)
                QTimer.singleShot(0, lambda: self.answer_actions.offer_conflicts(new))
        if initiator is TYPING or self.store is None:
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
            if initiator == OUTSIDE:
                if self.has_unsaved_text():
                    return  # typing the disk refused is kept: the notice after it is saved redraws
                # What was typed in the last second is saved first: the redraw would show the
                # text on disk, and the editor's newer text must not be put back by it.
                self.editor.flush()
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

    # --- working together ----------------------------------------------------------------

    def refresh_conflicts(self) -> None:
        """The "Conflicts (N)…" button: the open response's saves kept beside a colleague's text."""
        from drafter.core.teamwork import open_conflict_count

        count = 0
        if self.store is not None and self.document is not None:
            count = open_conflict_count(self.store, self.document.id)
        text = f"Conflicts ({count})…"
        self.conflicts.setText(text)
        name(self.conflicts, f"{count} conflict{'s' if count != 1 else ''} to resolve",
             "Two versions of a paragraph, yours and a colleague's: choose or merge them")
        self.conflicts.setVisible(count > 0)

    def _show_status(self, question: QuestionRecord | None) -> None:
        """The editor's "Assigned to … · Last edited by … · Sam is in this answer", from what is read already."""
        store = self.store
        if question is None or store is None or self.document is None:
            self.editor.set_status("")
            return
        place = (self.document.id, question.id)
        if place != self._present_in:
            self._present_in = place
            self._moved.start()
        from drafter.core.teamwork import status_of

        self.editor.set_status(status_of(question, self._others).describe(me=self._me))  # type: ignore[arg-type]

    @property
    def _me(self) -> str | None:
        """One's own name, once known (the first presence beat looks it up; no query here)."""
        from drafter.core.identity import known_person

        return known_person(self.store) if self.store is not None else None

    def _beat(self) -> None:
        """Renew one's presence in the open response and read who else is in it (no undo step, no notice)."""
        from drafter.core import teamwork

        if self.store is None or self.document is None or self.runner.server_away:
            return  # (away: the watcher says when it is back; a try here could freeze the window)
        try:
            teamwork.beat(self.store, self.document.id, self.current_question_id())
            self._others = list(teamwork.present(self.store, self.document.id))
        except Exception as exc:  # presence is a courtesy: a busy or lost library is reported by the saves
            if self.store is not None and self.store.url is not None:
                from drafter.core.store.postgres import ServerUnreachableError, plain_error

                if isinstance(exc, ServerUnreachableError) or isinstance(plain_error(exc, self.store.url),
                                                                          ServerUnreachableError):
                    # The server is gone: the watcher counts it away (the banner) and says when it is
                    # back, so the next beat, save or read does not wait on the window's thread again.
                    self.runner.server_lost()
            return
        self._show_status(self.model.question_at(self.tree.currentIndex()))

    def _count(self, question: QuestionRecord) -> AnswerCount:
        from drafter.core.responses import count_answer

        assert self.document is not None
        return count_answer(question, include_quotations=self.document.details.quotations_count_toward_limit)

    def _current_changed(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        question = self.model.question_at(index)
        block = self.model.block_at(index)
        self._show_status(question)
        if question is None:
            self.editor.show_nothing()
        elif block is None:
            self.editor.show_question(question, self._count(question))
        else:
            self.editor.show_block(block, question, self._count(question))

    def _type_into_answer(self, event: QKeyEvent) -> None:
        """A key typed on the tree's current row: into that block's editor, or a new paragraph's."""
        from PySide6.QtGui import QTextCursor
        from PySide6.QtWidgets import QApplication

        index = self.tree.currentIndex()
        if self.model.block_at(index) is None:
            if self.model.question_at(index) is None:
                return
            self.answer_actions.add_paragraph()
            if self.model.block_at(self.tree.currentIndex()) is None:  # refused (and said so)
                return
        editor = self.editor.text
        editor.setFocus()
        editor.moveCursor(QTextCursor.MoveOperation.End)
        QApplication.sendEvent(editor, QKeyEvent(event.type(), event.key(), event.modifiers(), event.text(),
                                                 event.isAutoRepeat(), event.count()))

    def select_block(self, block_id: int) -> None:
        index = self.model.index_of_block(block_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            # The block may be current already and have moved with its row: show it all the same.
            self.tree.scrollTo(index)

    def current_question_id(self) -> int | None:
        question = self.model.question_at(self.tree.currentIndex())
        return question.id if question else None

    def insertion_place(self) -> tuple[int | None, int | None]:
        """Where something added to the answer goes: (question id, position).

        After the current block; at the end of the answer when a question's row is current.
        """
        question_id = self.current_question_id()
        block_id = self.editor.current_block_id()
        if question_id is None or block_id is None or self.document is None:
            return question_id, None
        blocks = self.document.question(question_id).blocks
        place = next((b.position for b in blocks if b.id == block_id), None)
        return question_id, None if place is None else place + 1

    def show_saved_text(self, block_id: int, text: str, version: int | None = None, *,
                        edited_by: str | None = None, edited_at: str | None = None) -> None:
        """After typing: update that block's row, its answer's count and the editor's, nothing else.

        The saved text is exactly what the editor holds, so the open response is
        updated in memory rather than read back from the database; who saved it and when
        (``edited_by``/``edited_at``, the save's own) update the "Last edited by" line.
        """
        assert self.document is not None
        document = self.model.replace_block_text(block_id, text, version, edited_by=edited_by, edited_at=edited_at)
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
        if edited_at is not None:
            self._show_status(self.model.question_at(self.tree.currentIndex()))
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

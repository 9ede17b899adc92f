"""The answer's gestures, turned into core operations: what the response panel's buttons, menus and drops do.

Each gesture reads what it needs from the panel (the open response, the current
question or block), asks the user where a dialog is due, and runs one operation
(``drafter.core.operations.responses``) through the window's ``OperationRunner``:
undoable and announced. The panel redraws from the notice; nothing here draws.
Typing is saved here too (``save_text``), kept and retried when the disk refuses it.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any, Final, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox

from drafter.core.errors import DrafterError
from drafter.core.operations import responses as ops

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from drafter.core import operations
    from drafter.core.questions import ParsedQuestionSet
    from drafter.core.responses.records import ResponseDocument
    from drafter.core.store import Store
    from drafter.ui.conflict_dialog import ConflictDialog
    from drafter.ui.operations import OperationRunner
    from drafter.ui.response_panel import ResponsePanel


class _NotDone(Enum):
    """A type of its own for ``FAILED``, so that it can't be mistaken for an operation's result."""

    FAILED = "failed"


#: What ``_run`` returns when the core refused an operation.
FAILED: Final = _NotDone.FAILED

_Result = TypeVar("_Result")

#: The initiator of autosaves: their notices are not redrawn (the panel showed the text already).
TYPING: Final = object()


class AnswerActions(QObject):
    #: Saving typed text failed (disk full, folder read-only): the message to keep showing.
    save_failed = Signal(str)
    #: Everything typed is on disk again.
    save_resumed = Signal()

    #: How often to try again to save text that could not be saved.
    RETRY_MS = 3000

    def __init__(self, panel: ResponsePanel, runner: OperationRunner) -> None:
        super().__init__(panel)
        self.panel = panel
        self.runner = runner
        self._unsaved: dict[int, str] = {}  # block id -> text that could not be saved yet
        self._retry = QTimer(self)
        self._retry.setInterval(self.RETRY_MS)
        self._retry.timeout.connect(self._retry_unsaved)
        # The team library's server is back: save what was kept at once, not at the next retry.
        runner.reachability_changed.connect(lambda back: self._retry_unsaved() if back else None)

    @property
    def store(self) -> Store | None:
        return self.panel.store

    @property
    def document(self) -> ResponseDocument | None:
        return self.panel.document

    def _run(self, op: operations.Op[_Result]) -> _Result | _NotDone:
        """Run a core operation through the window's runner; on refusal (the user is told) return FAILED.

        What was typed and not yet saved is saved first: a keyboard move (Alt+Up/Down)
        leaves the focus in the editor, and showing the block again after the move
        would otherwise put back the text last saved.
        """
        self.panel.editor.flush()
        result = self.runner.run(op, self.panel)
        return FAILED if result is None else result.value

    # --- typing ----------------------------------------------------------------------------

    def save_text(self, block_id: int, text: str) -> None:
        from drafter.core.store import SaveFailedError
        from drafter.core.store.postgres import ServerUnreachableError

        document = self.document
        if document is None or self.store is None:
            return
        shown = next((b for q in document.questions for b in q.blocks if b.id == block_id), None)
        old = shown.text if shown is not None else None
        if shown is None:  # the block is gone (removed, its question deleted): nothing left to save
            if self._unsaved.pop(block_id, None) is not None and not self._unsaved:
                self._retry.stop()
                self.save_resumed.emit()
            return
        refusal: list[DrafterError] = []
        if old == text and block_id not in self._unsaved:
            return  # nothing new to save (the editor's text is the saved one)
        if self.runner.server_away:
            # The team library's server is away (the watcher reconnects in the background): keep
            # the text and save it when it is back, without trying here and freezing the window.
            self._unsaved[block_id] = text
            self._retry.start()
            return
        # Saved on the version the editor's text was typed on: if a colleague saved this
        # paragraph since, the core keeps this text as a conflict instead of overwriting theirs.
        assert shown is not None
        result = self.runner.run(ops.update_block_text(block_id, text, base_version=shown.version), TYPING,
                                 on_refused=refusal.append)
        if refusal:
            if isinstance(refusal[0], SaveFailedError | ServerUnreachableError):
                # Keep the text (it stays in the editor too) and keep trying; say so until it works.
                self._unsaved[block_id] = text
                self._retry.start()
                if isinstance(refusal[0], ServerUnreachableError):
                    # The server is gone: the watcher counts it away until it has reconnected in the
                    # background, and nothing more is tried from the window's thread meanwhile.
                    self.runner.server_lost()
                self.save_failed.emit(refusal[0].message)
            else:
                QMessageBox.warning(self.panel, "Not saved", refusal[0].message)
            return
        if self._unsaved.pop(block_id, None) is not None and not self._unsaved:
            self._retry.stop()
            self.save_resumed.emit()
        from drafter.core.teamwork import TextSaved

        outcome = result.value if result is not None else None
        if isinstance(outcome, TextSaved):
            self.panel.show_saved_text(block_id, text, outcome.version, edited_by=outcome.edited_by,
                                       edited_at=outcome.edited_at)
        elif outcome is not None:
            # Kept as a conflict (its notice offers the choice): the editor shows the paragraph as
            # it is now, so that the next save is typed on the colleague's version, not on the old one.
            self.panel.show_saved_text(block_id, outcome.their_text, outcome.their_version)

    def _retry_unsaved(self) -> None:
        for block_id, text in list(self._unsaved.items()):
            self.save_text(block_id, text)

    def has_unsaved_text(self) -> bool:
        return bool(self._unsaved)

    # --- working together -------------------------------------------------------------------

    def ask(self, dialog: ConflictDialog) -> None:
        """Show a conflict dialog and wait for the choice (tests answer it instead)."""
        dialog.exec()

    def offer_conflicts(self, conflict_ids: Iterable[int] | None = None) -> None:
        """Show the conflicts named (or every open one of the open response), one dialog each, and resolve them."""
        from drafter.core import teamwork
        from drafter.core.identity import person
        from drafter.ui.conflict_dialog import ConflictDialog

        store, document = self.store, self.document
        if store is None or document is None:
            return
        self.panel.editor.flush()
        wanted = None if conflict_ids is None else set(conflict_ids)
        for conflict in teamwork.list_conflicts(store, response_id=document.id):
            if wanted is not None and conflict.id not in wanted:
                continue
            label = next((q.label for q in document.questions if q.id == conflict.question_id), None)
            dialog = ConflictDialog(conflict, teamwork.block_now(store, conflict.block_id), me=person(store),
                                    question_label=label, parent=self.panel)
            self.ask(dialog)
            if dialog.choice is not None:
                self._run(ops.resolve_conflict(conflict.id, dialog.choice, text=dialog.merged_text,
                                               seen_version=dialog.seen_version))
            if self.store is None:
                return
        self.panel.refresh_conflicts()

    def assign_answer(self) -> None:
        """Assign the current question's answer to a colleague by name (empty: to nobody)."""
        question_id = self.panel.current_question_id()
        if self.document is None or question_id is None:
            QMessageBox.information(self.panel, "Assign Answer", "Choose a question first.")
            return
        question = self.document.question(question_id)
        name, ok = QInputDialog.getText(
            self.panel, "Assign Answer",
            f"Assign the answer to question {question.label} to (a colleague's name; empty for nobody):",
            text=question.assigned_to or "")
        if ok:
            self._run(ops.assign_answer(question_id, name.strip() or None))

    # --- blocks ----------------------------------------------------------------------------

    def choose_option(self, question_id: int, option: str | None) -> None:
        if self.store is None or self.document is None:  # no library open: nothing to change
            return
        self._run(ops.set_chosen_option(question_id, option))

    def set_confidential(self, question_id: int, on: bool) -> None:
        if self.store is None:
            return
        self._run(ops.update_question(question_id, confidential=on))

    def add_paragraph(self, question_id: int | None = None) -> None:
        question_id = question_id or self.panel.current_question_id()
        if question_id is None or self.store is None:
            return
        block = self._run(ops.add_block(question_id, kind="paragraph"))
        if block is not FAILED:
            self.panel.select_block(block.id)
            self.panel.editor.text.setFocus()

    def quote_snippet(self, snippet_id: int, question_id: int | None = None, position: int | None = None) -> None:
        if self.store is None:
            return
        question_id = question_id or self.panel.current_question_id()
        if question_id is None:
            QMessageBox.information(self.panel, "Choose a question",
                                    "Select the question to quote this snippet under.")
            return
        block = self._run(ops.add_block(question_id, kind="quotation", snippet_id=snippet_id, position=position))
        if block is not FAILED:
            self.panel.select_block(block.id)
            self._say_place(block.id, "Quoted")

    def shorten_quotation(self) -> None:
        """Open Shorten Quotation for the quotation being edited; save what the user confirms as one step."""
        from drafter.core.operations.base import sequence
        from drafter.ui.shorten_dialog import ShortenDialog

        block_id = self.panel.editor.current_block_id()
        document = self.document
        block = next((b for q in document.questions for b in q.blocks if b.id == block_id), None) if document else None
        if block is None or not block.is_quotation or block.snippet is None:
            QMessageBox.information(self.panel, "Choose a quotation",
                                    "Select a quotation in the answer first, then shorten it.")
            return
        dialog = ShortenDialog(block, self.panel)
        if dialog.exec() != ShortenDialog.DialogCode.Accepted:
            return
        steps: list[operations.Op[Any]] = []
        if dialog.form() != block.shortened:
            steps.append(ops.shorten_quotation(block.id, dialog.form()))
        if dialog.pinpoint() != block.pinpoint:
            steps.append(ops.set_pinpoint(block.id, dialog.pinpoint()))
        if steps:
            op: operations.Op[Any] = steps[0] if len(steps) == 1 else sequence("Shorten Quotation", *steps)
            self._run(op)

    def remove_block(self) -> None:
        block_id = self.panel.editor.current_block_id()
        if block_id is None or self.store is None:
            return
        self._run(ops.delete_block(block_id))

    def toggle_recommendation(self) -> None:
        """Mark the selected paragraph as a recommendation, or take the mark off (one undo step)."""
        block_id = self.panel.editor.current_block_id()
        if block_id is None or self.store is None or self.document is None:
            QMessageBox.information(self.panel, "Choose a paragraph",
                                    "Select the paragraph of your answer that makes the recommendation.")
            return
        block = next((b for q in self.document.questions for b in q.blocks if b.id == block_id), None)
        if block is None:
            return
        self._run(ops.set_recommendation(block_id, not block.recommendation))  # a quotation is refused, saying why

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
            self.panel.select_block(block_id)
            self._say_place(block_id, "Moved")

    def _say_place(self, block_id: int, done: str) -> None:
        """Tell a screen reader where the block now is: the focus stays where it was, so nothing else would."""
        from drafter.ui.accessibility import announce

        document = self.document
        if document is None:
            return
        for question in document.questions:
            for number, block in enumerate(question.blocks, start=1):
                if block.id == block_id:
                    count = len(question.blocks)
                    announce(self.panel, f"{done}: block {number} of {count} in question {question.label}.")
                    return

    def move_current(self, step: int) -> None:
        """Alt+Up/Down: one place up or down, across question boundaries at the ends."""
        block_id = self.panel.editor.current_block_id()
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
        block_id = self.panel.editor.current_block_id()
        if block_id is None or self.document is None:
            return
        labels = [f"{q.label}. {q.text[:80]}" for q in self.document.questions]
        choice, ok = QInputDialog.getItem(self.panel, "Move to question", "Move this block to:", labels, 0, False)
        if ok:
            question = self.document.questions[labels.index(choice)]
            self.move_block_to(block_id, question.id, len(question.blocks))

    # --- responses and questions -----------------------------------------------------------

    def new_response(self) -> None:
        from drafter.core.responses import list_presets
        from drafter.core.responses.records import ResponseDetails
        from drafter.ui.response_dialogs import DetailsDialog

        if self.store is None:  # no library open to keep it in
            return
        dialog = DetailsDialog(ResponseDetails(consultation_title=""), presets=list_presets(), parent=self.panel)
        if not dialog.exec() or self.store is None:
            return
        document = self._run(ops.create_response(dialog.details()))
        if document is not FAILED:
            self.panel.refresh_list(select_id=document.id)
            if not document.questions:
                self.paste_questions()

    def edit_details(self) -> None:
        from dataclasses import asdict

        from drafter.ui.response_dialogs import DetailsDialog

        document = self.document
        if document is None or self.store is None:
            return
        dialog = DetailsDialog(document.details, parent=self.panel)
        if dialog.exec() and self.store is not None:
            old, new = asdict(document.details), asdict(dialog.details())
            changed = {k: v for k, v in new.items() if old[k] != v}
            if changed:
                self._run(ops.update_response(document.id, **changed))

    def questions_from_file(self, path: Path | None = None) -> None:
        """Read a .txt or .docx of questions (the core's one reader), then review them as pasted ones."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from drafter.core.questions.files import QUESTION_FILE_FILTER, read_questions_file

        if self.document is None:
            return
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.panel, "Questions from a file", "", QUESTION_FILE_FILTER)
            if not name:
                return
            path = Path(name)
        try:
            read = read_questions_file(path)
        except DrafterError as exc:
            QMessageBox.warning(self.panel, "Questions not read", exc.message)
            return
        self.paste_questions(read.text, parsed=read.parsed)

    def paste_questions(self, text: str = "", parsed: ParsedQuestionSet | None = None) -> None:
        from drafter.ui.response_dialogs import QuestionsDialog

        document = self.document
        if document is None or self.store is None:
            return
        dialog = QuestionsDialog(text, parent=self.panel, existing=document)
        if parsed is not None:
            dialog.show_parsed(parsed)
        if not dialog.exec() or dialog.parsed is None or self.store is None:
            return
        if dialog.mode == "append":  # after the questions there, every answer untouched; one undo step
            added = self._run(ops.append_questions(document.id, dialog.parsed.questions))
            if added is not FAILED and added:
                self.panel.tree.setCurrentIndex(self.panel.model.index_of_question(added[0].id))
        else:
            self._run(ops.replace_questions(document.id, dialog.parsed.questions))

    def add_question(self) -> None:
        document = self.document
        if document is None or self.store is None:
            return
        from drafter.ui.accessibility import ask_multi_line_text

        text, ok = ask_multi_line_text(self.panel, "Add a question", "The question's text:")
        if not ok or not text.strip() or self.store is None:
            return
        from drafter.core.responses.numbering import next_label

        added = self._run(ops.add_question(document.id, label=next_label(document), text=text))
        if added is not FAILED:
            self.panel.tree.setCurrentIndex(self.panel.model.index_of_question(added.id))

    def edit_question(self) -> None:
        from drafter.ui.response_dialogs import QuestionDialog

        question_id = self.panel.current_question_id()
        if question_id is None or self.document is None or self.store is None:
            return
        question = self.document.question(question_id)
        dialog = QuestionDialog(question, self.panel)
        if not dialog.exec() or self.store is None:
            return
        new = dialog.changes()
        old = {"label": question.label, "text": question.text, "options": list(question.options),
               "prompt": question.prompt, "word_limit": question.word_limit, "char_limit": question.char_limit}
        changed = {k: v for k, v in new.items() if old[k] != v}
        if changed:
            self._run(ops.update_question(question_id, **changed))

    def delete_question(self) -> None:
        """Delete the current question; one with an answer only after asking (Edit › Undo brings both back)."""
        from drafter.core.responses.numbering import has_answer

        question_id = self.panel.current_question_id()
        if question_id is None or self.store is None or self.document is None:
            return
        question = self.document.question(question_id)
        if has_answer(question):
            name = f"question {question.label}" if question.label else "this question"
            answer = QMessageBox.question(
                self.panel, "Delete a question that has an answer?",
                f"Delete {name} and its answer? Edit › Undo brings both back.",
                QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard or self.store is None:
                return
        self._run(ops.delete_question(question_id))

    def move_question(self, step: int) -> None:
        question_id = self.panel.current_question_id()
        if question_id is None or self.document is None or self.store is None:
            return
        before = self.document.question(question_id).position
        after = max(0, min(before + step, len(self.document.questions) - 1))
        if after != before and self._run(ops.move_question(question_id, after)) is not FAILED:
            self.panel.tree.setCurrentIndex(self.panel.model.index_of_question(question_id))

    def duplicate_response(self) -> None:
        if self.document is not None and self.store is not None:
            copy = self._run(ops.duplicate_response(self.document.id))
            if copy is not FAILED:
                self.panel.refresh_list(select_id=copy.id)

    def delete_response(self) -> None:
        document = self.document
        if document is None or self.store is None:
            return
        answer = QMessageBox.question(
            self.panel, "Delete this response?",
            f"Delete your response to '{document.details.consultation_title}' with all its answers? "
            "Your sources and snippets stay in the library.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard and self.document is not None and self.store is not None:
            self._run(ops.delete_response(self.document.id))  # undoable: Edit › Undo brings it back

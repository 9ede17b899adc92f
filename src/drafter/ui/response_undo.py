"""Undo commands for responses: thin wrappers over the core's operations.

As with snippets, each operation runs once before its command is pushed (so a
refusal reaches the user and nothing is pushed); later redo/undo re-run core
operations. Typing in a paragraph merges into one command per block, so Ctrl+Z
undoes a burst of typing, not one letter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from drafter.core import responses as ops
from drafter.core.responses.records import BlockRecord, QuestionRecord
from drafter.ui.undo_base import DoneCommand

if TYPE_CHECKING:
    from drafter.core.questions import ParsedQuestion
    from drafter.core.store import Store

_TEXT_EDIT_ID = 4100

#: Called after each change a command makes (the panel reloads the open response).
Notify = Callable[[], None]


#: Response commands are DoneCommands whose notify reloads the open response.
ResponseCommand = DoneCommand


class AddBlock(ResponseCommand):
    def __init__(self, store: Store, notify: Notify, block: BlockRecord) -> None:
        super().__init__("Add Quotation" if block.is_quotation else "Add Paragraph", notify)
        self.store, self.block = store, block

    def apply(self) -> None:
        ops.restore_block(self.store, self.block)

    def revert(self) -> None:
        ops.delete_block(self.store, self.block.id)


class DeleteBlock(AddBlock):
    def __init__(self, store: Store, notify: Notify, snapshot: BlockRecord) -> None:
        super().__init__(store, notify, snapshot)
        self.setText("Remove from Answer")

    def apply(self) -> None:
        ops.delete_block(self.store, self.block.id)

    def revert(self) -> None:
        ops.restore_block(self.store, self.block)


class MoveBlock(ResponseCommand):
    def __init__(self, store: Store, notify: Notify, block_id: int, before: tuple[int, int],
                 after: tuple[int, int]) -> None:
        super().__init__("Move Block", notify)
        self.store, self.block_id, self.before, self.after = store, block_id, before, after

    def apply(self) -> None:
        ops.move_block(self.store, self.block_id, *self.after)

    def revert(self) -> None:
        ops.move_block(self.store, self.block_id, *self.before)


class EditBlockText(ResponseCommand):
    def __init__(self, store: Store, notify: Notify, block_id: int, old: str, new: str) -> None:
        super().__init__("Typing", notify)
        self.store, self.block_id, self.old, self.new = store, block_id, old, new

    def id(self) -> int:
        return _TEXT_EDIT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditBlockText) or other.block_id != self.block_id:
            return False
        self.new = other.new
        return True

    def apply(self) -> None:
        ops.update_block_text(self.store, self.block_id, self.new)

    def revert(self) -> None:
        ops.update_block_text(self.store, self.block_id, self.old)


class SetOption(ResponseCommand):
    def __init__(self, store: Store, notify: Notify, question_id: int, old: str | None, new: str | None) -> None:
        super().__init__("Choose Option", notify)
        self.store, self.question_id, self.old, self.new = store, question_id, old, new

    def apply(self) -> None:
        ops.set_chosen_option(self.store, self.question_id, self.new)

    def revert(self) -> None:
        ops.set_chosen_option(self.store, self.question_id, self.old)


class UpdateQuestion(ResponseCommand):
    def __init__(self, store: Store, notify: Notify, question_id: int,
                 old: dict[str, object], new: dict[str, object],
                 chosen_before: str | None = None) -> None:
        super().__init__("Edit Question", notify)
        self.store, self.question_id, self.old, self.new = store, question_id, old, new
        # Changing the options can clear the chosen one; undo must bring it back.
        self.chosen_before = chosen_before

    def apply(self) -> None:
        ops.update_question(self.store, self.question_id, **self.new)

    def revert(self) -> None:
        question = ops.update_question(self.store, self.question_id, **self.old)
        if self.chosen_before is not None and question.chosen_option != self.chosen_before:
            ops.set_chosen_option(self.store, self.question_id, self.chosen_before)


class AddQuestion(ResponseCommand):
    def __init__(self, store: Store, notify: Notify, snapshot: QuestionRecord) -> None:
        super().__init__("Add Question", notify)
        self.store, self.snapshot = store, snapshot

    def apply(self) -> None:
        ops.restore_question(self.store, self.snapshot)

    def revert(self) -> None:
        ops.delete_question(self.store, self.snapshot.id)


class DeleteQuestion(AddQuestion):
    def __init__(self, store: Store, notify: Notify, snapshot: QuestionRecord) -> None:
        super().__init__(store, notify, snapshot)
        self.setText("Delete Question")

    def apply(self) -> None:
        ops.delete_question(self.store, self.snapshot.id)

    def revert(self) -> None:
        ops.restore_question(self.store, self.snapshot)


class MoveQuestion(ResponseCommand):
    def __init__(self, store: Store, notify: Notify, question_id: int, before: int, after: int) -> None:
        super().__init__("Move Question", notify)
        self.store, self.question_id, self.before, self.after = store, question_id, before, after

    def apply(self) -> None:
        ops.move_question(self.store, self.question_id, self.after)

    def revert(self) -> None:
        ops.move_question(self.store, self.question_id, self.before)


class ReplaceQuestions(ResponseCommand):
    def __init__(self, store: Store, notify: Notify, response_id: int, old: tuple[QuestionRecord, ...],
                 parsed: Sequence[ParsedQuestion]) -> None:
        super().__init__("Replace Questions", notify)
        self.store, self.response_id, self.old, self.parsed = store, response_id, old, parsed

    def apply(self) -> None:
        ops.replace_questions(self.store, self.response_id, self.parsed)

    def revert(self) -> None:
        # The old questions had no answers (replacing is refused otherwise), so this is exact.
        for question in ops.get_response(self.store, self.response_id).questions:
            ops.delete_question(self.store, question.id)
        for snapshot in self.old:
            ops.restore_question(self.store, snapshot)


class UpdateDetails(ResponseCommand):
    def __init__(self, store: Store, notify: Notify, response_id: int,
                 old: dict[str, object], new: dict[str, object]) -> None:
        super().__init__("Edit Response Details", notify)
        self.store, self.response_id, self.old, self.new = store, response_id, old, new

    def apply(self) -> None:
        ops.update_response(self.store, self.response_id, **self.new)

    def revert(self) -> None:
        ops.update_response(self.store, self.response_id, **self.old)

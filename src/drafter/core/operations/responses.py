"""Operations on responses, questions and answer blocks, each with its inverse.

Each function returns an ``Op``; nothing happens until it is run. The bodies call
the core's functions (``drafter.core.responses``), which join the operation's one
transaction, and read what they need for the inverse before they change anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from drafter.core import responses as core
from drafter.core.operations.base import Op, sequence

if TYPE_CHECKING:
    from drafter.core.questions import ParsedQuestion
    from drafter.core.responses.records import BlockRecord, QuestionRecord, ResponseDetails, ResponseDocument
    from drafter.core.store import Store
    from drafter.core.teamwork import ConflictRecord, SaveOutcome

_QUESTION_FIELDS = ("label", "text", "section", "options", "prompt", "word_limit", "char_limit", "confidential")


# --- responses ----------------------------------------------------------------------------


def create_response(details: ResponseDetails) -> Op[ResponseDocument]:
    def body(store: Store) -> tuple[ResponseDocument, Op[Any]]:
        document = core.create_response(store, details)
        return document, delete_response(document.id)

    return Op("New Response", body)


def delete_response(response_id: int) -> Op[None]:
    def body(store: Store) -> tuple[None, Op[Any]]:
        from dataclasses import replace

        snapshot = core.get_response(store, response_id)
        # How it was last exported comes back with it too.
        snapshot = replace(snapshot, extra={**snapshot.extra,
                                            "export_settings": core.export_settings(store, response_id) or None})
        core.delete_response(store, response_id)
        return None, restore_response(snapshot)

    return Op("Delete Response", body)


def restore_response(snapshot: ResponseDocument) -> Op[ResponseDocument]:
    def body(store: Store) -> tuple[ResponseDocument, Op[Any]]:
        from drafter.core.responses.restore import restore_response as restore

        return restore(store, snapshot), delete_response(snapshot.id)

    return Op("Restore Response", body)


def new_response_from_preset(key: str, **details: object) -> Op[ResponseDocument]:
    """A new response with a bundled preset's checked details (``drafter.core.responses.presets``)."""

    def body(store: Store) -> tuple[ResponseDocument, Op[Any]]:
        from drafter.core.responses.presets import new_response_from_preset as from_preset

        document = from_preset(store, key, **details)
        return document, delete_response(document.id)

    return Op("New Response", body)


def duplicate_response(response_id: int, *, title: str | None = None) -> Op[ResponseDocument]:
    def body(store: Store) -> tuple[ResponseDocument, Op[Any]]:
        document = core.duplicate_response(store, response_id, title=title)
        return document, delete_response(document.id)

    return Op("Duplicate Response", body)


def update_response(response_id: int, **changes: object) -> Op[ResponseDocument]:
    def body(store: Store) -> tuple[ResponseDocument, Op[Any]]:
        before = core.get_response(store, response_id).details
        document = core.update_response(store, response_id, **changes)
        return document, update_response(response_id, **{name: getattr(before, name) for name in changes})

    return Op("Edit Response Details", body)


# --- questions ----------------------------------------------------------------------------


def replace_questions(response_id: int, parsed: Sequence[ParsedQuestion]) -> Op[ResponseDocument]:
    """Use a freshly read list of questions (refused once any question has an answer)."""

    def body(store: Store) -> tuple[ResponseDocument, Op[Any]]:
        before = core.get_response(store, response_id).questions
        document = core.replace_questions(store, response_id, parsed)
        return document, restore_questions(response_id, before)

    return Op("Replace Questions", body)


def restore_questions(response_id: int, snapshots: Sequence[QuestionRecord]) -> Op[ResponseDocument]:
    """Put a response's questions back as they were (the inverse of replacing them)."""

    def body(store: Store) -> tuple[ResponseDocument, Op[Any]]:
        current = core.get_response(store, response_id).questions
        for question in current:
            core.delete_question(store, question.id)
        for snapshot in snapshots:
            core.restore_question(store, snapshot)
        return core.get_response(store, response_id), restore_questions(response_id, current)

    return Op("Restore Questions", body)


def append_questions(response_id: int, parsed: Sequence[ParsedQuestion]) -> Op[list[QuestionRecord]]:
    """More questions after the last one (answers or not); a number already there is kept, not merged.

    Undo takes away exactly the questions added (with anything answered in them since,
    which a redo brings back).
    """

    def body(store: Store) -> tuple[list[QuestionRecord], Op[Any]]:
        from drafter.core.responses.appending import append_questions as append

        added = append(store, response_id, parsed)
        return added, sequence("Add Questions", *(delete_question(q.id) for q in reversed(added)))

    return Op("Add Questions", body)


def add_question(response_id: int, *, label: str, text: str, position: int | None = None,
                 options: Sequence[str] = (), prompt: str | None = None, section: str | None = None,
                 word_limit: int | None = None, char_limit: int | None = None) -> Op[QuestionRecord]:
    def body(store: Store) -> tuple[QuestionRecord, Op[Any]]:
        question = core.add_question(store, response_id, label=label, text=text, position=position,
                                     options=options, prompt=prompt, section=section,
                                     word_limit=word_limit, char_limit=char_limit)
        return question, delete_question(question.id)

    return Op("Add Question", body)


def update_question(question_id: int, **changes: object) -> Op[QuestionRecord]:
    """Edit a question; undo also brings back a chosen option that the edit of its options cleared."""

    def body(store: Store) -> tuple[QuestionRecord, Op[Any]]:
        before = _question(store, question_id)
        question = core.update_question(store, question_id, **changes)
        old = {name: getattr(before, name) for name in changes if name in _QUESTION_FIELDS}
        if isinstance(old.get("options"), tuple):
            old["options"] = list(old["options"])
        return question, _restore_question_fields(question_id, old, before.chosen_option)

    return Op("Edit Question", body)


def _restore_question_fields(question_id: int, fields: dict[str, object], chosen: str | None) -> Op[QuestionRecord]:
    def body(store: Store) -> tuple[QuestionRecord, Op[Any]]:
        before = _question(store, question_id)
        question = core.update_question(store, question_id, **fields)
        if question.chosen_option != chosen:
            question = core.set_chosen_option(store, question_id, chosen)
        redo = {name: getattr(before, name) for name in fields}
        if isinstance(redo.get("options"), tuple):
            redo["options"] = list(redo["options"])
        return question, _restore_question_fields(question_id, redo, before.chosen_option)

    return Op("Edit Question", body)


def set_chosen_option(question_id: int, option: str | None) -> Op[QuestionRecord]:
    def body(store: Store) -> tuple[QuestionRecord, Op[Any]]:
        before = _question(store, question_id).chosen_option
        return core.set_chosen_option(store, question_id, option), set_chosen_option(question_id, before)

    return Op("Choose Option", body)


def move_question(question_id: int, position: int) -> Op[None]:
    def body(store: Store) -> tuple[None, Op[Any]]:
        before = _question(store, question_id).position
        core.move_question(store, question_id, position)
        return None, move_question(question_id, before)

    return Op("Move Question", body)


def delete_question(question_id: int) -> Op[QuestionRecord]:
    def body(store: Store) -> tuple[QuestionRecord, Op[Any]]:
        snapshot = core.delete_question(store, question_id)
        return snapshot, restore_question(snapshot)

    return Op("Delete Question", body)


def restore_question(snapshot: QuestionRecord) -> Op[None]:
    def body(store: Store) -> tuple[None, Op[Any]]:
        core.restore_question(store, snapshot)
        return None, delete_question(snapshot.id)

    return Op("Restore Question", body)


# --- blocks -------------------------------------------------------------------------------


def add_block(question_id: int, *, kind: str = "paragraph", text: str = "", snippet_id: int | None = None,
              position: int | None = None) -> Op[BlockRecord]:
    name = "Add Quotation" if kind == "quotation" else "Add Paragraph"

    def body(store: Store) -> tuple[BlockRecord, Op[Any]]:
        block = core.add_block(store, question_id, kind=kind, text=text, snippet_id=snippet_id, position=position)
        return block, delete_block(block.id)

    return Op(name, body)


@dataclass(frozen=True)
class _Expecting:
    """What an undo of typing expects to find: the text the typing left, at the version it left."""

    text: str
    version: int | None


def update_block_text(block_id: int, text: str, *, base_version: int | None = None,
                      expected: str | None = None) -> Op[SaveOutcome]:
    """Save typing typed on ``base_version``; consecutive saves of one block merge into one undo step ("Typing").

    If the block has moved past ``base_version`` (a colleague, another window or a
    script saved first), nothing is overwritten: the text is kept as a conflict
    (``drafter.core.teamwork``), which is the operation's value, and there is nothing
    to undo. The undo of typing is typing too, on the version the typing left: an undo
    that finds the block changed by someone since becomes a conflict in the same way,
    so Undo only ever undoes your own change. Without a version, ``expected`` (the text
    the block must hold) refuses such an undo instead.
    """

    def body(store: Store) -> tuple[SaveOutcome, Op[Any] | None]:
        from drafter.core.teamwork import TextSaved, save_block_text

        outcome = save_block_text(store, block_id, text, base_version=base_version, expected=expected)
        if not isinstance(outcome, TextSaved):
            return outcome, None  # kept as a conflict: nothing changed in the block, nothing to undo
        return outcome, update_block_text(block_id, outcome.before, base_version=outcome.version, expected=text)

    def absorb(later: Op[Any]) -> Op[Any]:
        # One undo step for a burst of typing: back to the text before its first save, on
        # the version its last save left (anything newer is someone else's).
        seen = later.detail if isinstance(later.detail, _Expecting) else _Expecting(text, None)
        return update_block_text(block_id, text, base_version=seen.version, expected=seen.text)

    detail = _Expecting(expected, base_version) if expected is not None else None
    return Op("Typing", body, merge_key=("block-text", block_id), detail=detail,
              absorb=absorb if expected is not None else None)


def resolve_conflict(conflict_id: int, choice: str, *, text: str | None = None,
                     seen_version: int | None = None) -> Op[ConflictRecord]:
    """Close a conflict keeping my text ('mine'), the block's ('theirs'), or a merged ``text``.

    Its undo opens the conflict again and gives the block back the text it had, if it
    changed it (as typing: a colleague's change since makes that a conflict, not an overwrite).
    """
    name = {"mine": "Keep My Text", "theirs": "Keep Their Text"}.get(choice, "Merge Texts")

    def body(store: Store) -> tuple[ConflictRecord, Op[Any]]:
        from drafter.core.teamwork import resolve_conflict as resolve

        done = resolve(store, conflict_id, choice, text=text, seen_version=seen_version)
        return done.conflict, _reopen_conflict(conflict_id, choice, text, done.conflict.block_id,
                                                done.before, done.version, name)

    return Op(name, body)


def _reopen_conflict(conflict_id: int, choice: str, text: str | None, block_id: int, before: str | None,
                     version: int | None, name: str) -> Op[ConflictRecord]:
    def body(store: Store) -> tuple[ConflictRecord, Op[Any]]:
        from drafter.core.teamwork import TextSaved, reopen_conflict, save_block_text

        seen: int | None = None
        if before is not None:
            outcome = save_block_text(store, block_id, before, base_version=version)
            if isinstance(outcome, TextSaved):
                seen = outcome.version
        conflict = reopen_conflict(store, conflict_id)
        return conflict, resolve_conflict(conflict_id, choice, text=text,
                                          seen_version=seen if seen is not None else conflict.their_version)

    return Op(name, body)


def assign_answer(question_id: int, assignee: str | None) -> Op[str | None]:
    """Assign a question's answer to a colleague by name, or (None) to nobody; undo gives it back."""

    def body(store: Store) -> tuple[str | None, Op[Any]]:
        from drafter.core.teamwork import assign_answer as assign

        before = assign(store, question_id, assignee)
        return before, assign_answer(question_id, before)

    return Op("Assign Answer" if assignee is not None else "Unassign Answer", body)


def move_block(block_id: int, question_id: int, position: int) -> Op[tuple[int, int]]:
    def body(store: Store) -> tuple[tuple[int, int], Op[Any]]:
        before = _block(store, block_id)
        placed = core.move_block(store, block_id, question_id, position)
        return placed, move_block(block_id, before.question_id, before.position)

    return Op("Move Block", body)


def delete_block(block_id: int) -> Op[BlockRecord]:
    def body(store: Store) -> tuple[BlockRecord, Op[Any]]:
        snapshot = core.delete_block(store, block_id)
        return snapshot, restore_block(snapshot)

    return Op("Remove from Answer", body)


def restore_block(snapshot: BlockRecord) -> Op[None]:
    def body(store: Store) -> tuple[None, Op[Any]]:
        core.restore_block(store, snapshot)
        return None, delete_block(snapshot.id)

    return Op("Restore Block", body)


def set_recommendation(block_id: int, recommendation: bool = True) -> Op[BlockRecord]:
    """Mark a paragraph as a recommendation, or no longer one; undo gives back what it was."""

    def body(store: Store) -> tuple[BlockRecord, Op[Any]]:
        before = _block(store, block_id).recommendation
        return core.set_recommendation(store, block_id, recommendation), set_recommendation(block_id, before)

    return Op("Mark as Recommendation" if recommendation else "Unmark Recommendation", body)


def remember_export_settings(response_id: int, settings: dict[str, object] | None) -> Op[None]:
    """Keep the choices of an export with the response, for its next export.

    The window runs it without an undo step (it is no edit of the response); the
    inverse is there for the operations' contract and for scripts.
    """

    def body(store: Store) -> tuple[None, Op[Any]]:
        before = core.export_settings(store, response_id) or None
        core.set_export_settings(store, response_id, settings)
        return None, remember_export_settings(response_id, before)

    return Op("Remember Export Settings", body)


# --- quotations ---------------------------------------------------------------------------


def shorten_quotation(block_id: int, form: str | None, *, name: str | None = None) -> Op[str | None]:
    """Print a quotation shortened (``form`` with … and [brackets]), or whole again with None."""
    name = name or ("Shorten Quotation" if form is not None else "Quote Whole Snippet")

    def body(store: Store) -> tuple[str | None, Op[Any]]:
        from drafter.core.responses.quotations import set_shortened

        before = _block(store, block_id).shortened
        return set_shortened(store, block_id, form), shorten_quotation(block_id, before, name=name)

    return Op(name, body)


def set_pinpoint(block_id: int, pinpoint: str | None) -> Op[str | None]:
    """Cite a quotation at the user's own pinpoint, or at the derived one again with None."""

    def body(store: Store) -> tuple[str | None, Op[Any]]:
        from drafter.core.responses.quotations import set_pinpoint as set_it

        before = _block(store, block_id).pinpoint
        return set_it(store, block_id, pinpoint), set_pinpoint(block_id, before)

    return Op("Set Pinpoint", body)


# --- reading what an inverse needs ---------------------------------------------------------


def _question(store: Store, question_id: int) -> QuestionRecord:
    from drafter.core.errors import NotFoundError
    from drafter.core.models import Question

    with store.reading() as session:
        row = session.get(Question, question_id)
        if row is None:
            raise NotFoundError(f"There is no question with id {question_id}.")
        response_id = row.response_id
    return core.get_response(store, response_id).question(question_id)


def _block(store: Store, block_id: int) -> BlockRecord:
    from drafter.core.errors import NotFoundError
    from drafter.core.models import AnswerBlock

    with store.reading() as session:
        row = session.get(AnswerBlock, block_id)
        if row is None:
            raise NotFoundError(f"There is no answer block with id {block_id}.")
        from drafter.core.responses.records import BlockRecord

        return BlockRecord(row.id, row.question_id, row.position, row.kind, row.text,  # type: ignore[arg-type]
                           row.snippet_id, recommendation=row.recommendation, shortened=row.shortened,
                           pinpoint=row.pinpoint, version=row.version, edited_by=row.edited_by,
                           edited_at=row.edited_at)


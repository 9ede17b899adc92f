"""Responses to consultations: details, questions, and the blocks of each answer.

Every change is one named function here, run in one transaction, returning the
new state (or a snapshot that undo can restore). The Qt layer only wraps these.
"""

from __future__ import annotations

from drafter.core.responses.counting import AnswerCount, count_answer, count_words
from drafter.core.responses.operations import (
    add_block,
    add_question,
    create_response,
    delete_block,
    delete_question,
    delete_response,
    duplicate_response,
    get_response,
    list_responses,
    move_block,
    move_question,
    replace_questions,
    restore_block,
    restore_question,
    set_chosen_option,
    update_block_text,
    update_question,
    update_response,
)
from drafter.core.responses.presets import Preset, list_presets, new_response_from_preset
from drafter.core.responses.records import (
    BlockRecord,
    QuestionRecord,
    ResponseDetails,
    ResponseDocument,
    ResponseSummary,
)

__all__ = [
    "AnswerCount",
    "BlockRecord",
    "Preset",
    "QuestionRecord",
    "ResponseDetails",
    "ResponseDocument",
    "ResponseSummary",
    "add_block",
    "add_question",
    "count_answer",
    "count_words",
    "create_response",
    "delete_block",
    "delete_question",
    "delete_response",
    "duplicate_response",
    "get_response",
    "list_presets",
    "list_responses",
    "move_block",
    "move_question",
    "new_response_from_preset",
    "replace_questions",
    "restore_block",
    "restore_question",
    "set_chosen_option",
    "update_block_text",
    "update_question",
    "update_response",
]

"""Responses to consultations: details, questions, and the blocks of each answer.

Every change is one named function here, run in one transaction, returning the
new state (or a snapshot that undo can restore). The Qt layer only wraps these.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # type checkers see the real names; at run time they load lazily
    from drafter.core.responses.counting import AnswerCount, count_answer, count_words
    from drafter.core.responses.operations import (
        add_block,
        add_question,
        create_response,
        delete_block,
        delete_question,
        delete_response,
        duplicate_response,
        export_settings,
        move_block,
        move_question,
        replace_questions,
        restore_block,
        restore_question,
        set_chosen_option,
        set_export_settings,
        set_recommendation,
        update_block_text,
        update_question,
        update_response,
    )
    from drafter.core.responses.presets import Preset, list_presets, new_response_from_preset
    from drafter.core.responses.reading import get_response, list_responses
    from drafter.core.responses.records import (
        BlockRecord,
        QuestionRecord,
        ResponseDetails,
        ResponseDocument,
        ResponseSummary,
    )

# Names are loaded on first use: the window imports the light records and
# counting modules at start-up without pulling in the database layer.
_LOCATIONS = {
    "AnswerCount": "drafter.core.responses.counting",
    "BlockRecord": "drafter.core.responses.records",
    "Preset": "drafter.core.responses.presets",
    "QuestionRecord": "drafter.core.responses.records",
    "ResponseDetails": "drafter.core.responses.records",
    "ResponseDocument": "drafter.core.responses.records",
    "ResponseSummary": "drafter.core.responses.records",
    "add_block": "drafter.core.responses.operations",
    "add_question": "drafter.core.responses.operations",
    "count_answer": "drafter.core.responses.counting",
    "count_words": "drafter.core.responses.counting",
    "create_response": "drafter.core.responses.operations",
    "delete_block": "drafter.core.responses.operations",
    "delete_question": "drafter.core.responses.operations",
    "delete_response": "drafter.core.responses.operations",
    "duplicate_response": "drafter.core.responses.operations",
    "export_settings": "drafter.core.responses.operations",
    "get_response": "drafter.core.responses.reading",
    "list_presets": "drafter.core.responses.presets",
    "list_responses": "drafter.core.responses.reading",
    "move_block": "drafter.core.responses.operations",
    "move_question": "drafter.core.responses.operations",
    "new_response_from_preset": "drafter.core.responses.presets",
    "replace_questions": "drafter.core.responses.operations",
    "restore_block": "drafter.core.responses.operations",
    "restore_question": "drafter.core.responses.operations",
    "set_chosen_option": "drafter.core.responses.operations",
    "set_export_settings": "drafter.core.responses.operations",
    "set_recommendation": "drafter.core.responses.operations",
    "update_block_text": "drafter.core.responses.operations",
    "update_question": "drafter.core.responses.operations",
    "update_response": "drafter.core.responses.operations",
}


def __getattr__(name: str) -> Any:
    module = _LOCATIONS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


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
    "export_settings",
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
    "set_export_settings",
    "set_recommendation",
    "update_block_text",
    "update_question",
    "update_response",
]

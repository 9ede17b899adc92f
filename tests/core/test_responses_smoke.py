"""A response built end to end through the core operations (details in test_responses.py)."""

from __future__ import annotations

import pytest

from drafter.core.questions import parse_questions
from drafter.core.responses import (
    add_block,
    count_answer,
    get_response,
    move_block,
    new_response_from_preset,
    replace_questions,
    set_chosen_option,
)
from drafter.core.snippets import snippet_from_quote


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

QUESTIONS = """1. Do you agree that the framework should cover live facial recognition?
Agree / Neither agree nor disagree / Disagree / Don't know
Please explain your answer.
2. Which organisations should it apply to?"""


def test_preset_questions_answer_and_move(store) -> None:
    response = new_response_from_preset(store, "homeoffice-frt-2025", organisation="Rights Watch")
    assert response.details.consulting_body == "Home Office"
    assert response.details.deadline == "2026-02-12"
    assert response.questions == ()  # a preset never supplies question wording
    response = replace_questions(store, response.id, parse_questions(QUESTIONS).questions)
    first, second = response.questions
    assert first.options == ("Agree", "Neither agree nor disagree", "Disagree", "Don't know")
    set_chosen_option(store, first.id, "disagree")
    paragraph = add_block(store, first.id, text="We oppose live facial recognition without a law.")
    snippet = snippet_from_quote(store, 4, "scaling up")
    add_block(store, first.id, kind="quotation", snippet_id=snippet.id, position=0)
    move_block(store, paragraph.id, second.id, 0)
    first, second = get_response(store, response.id).questions
    assert first.chosen_option == "Disagree"
    assert [(b.kind, b.snippet.text if b.snippet else b.text) for b in first.blocks] == [("quotation", "scaling up")]
    assert [b.text for b in second.blocks] == ["We oppose live facial recognition without a law."]
    assert count_answer(second, include_quotations=True).words == 8


def test_ids_are_never_reused_so_undo_can_restore(store) -> None:
    from drafter.core.responses import add_block, delete_block, restore_block

    response = new_response_from_preset(store, "homeoffice-frt-2025")
    response = replace_questions(store, response.id, parse_questions(QUESTIONS).questions)
    question = response.questions[0]
    newest = add_block(store, question.id, text="Deleted, then undone.")
    snapshot = delete_block(store, newest.id)
    later = add_block(store, question.id, text="Added in between.")
    assert later.id != newest.id  # without AUTOINCREMENT SQLite would hand out the same id
    restore_block(store, snapshot)
    assert [b.text for b in get_response(store, response.id).questions[0].blocks] == [
        "Deleted, then undone.", "Added in between."]

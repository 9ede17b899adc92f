"""Questions change after answers exist: more are appended, numbers already there are named, nothing is lost."""

from __future__ import annotations

import pytest

from drafter.core.errors import DrafterError
from drafter.core.operations import responses as ops
from drafter.core.questions import ParsedQuestion, parse_questions
from drafter.core.responses import ResponseDetails, add_block, add_question, create_response, get_response
from drafter.core.responses.numbering import label_key, labels_in_use


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


@pytest.fixture
def answered(store):  # type: ignore[no-untyped-def]
    response = create_response(store, ResponseDetails("Biometrics framework"))
    q1 = add_question(store, response.id, label="1", text="Do you agree?", options=["Agree", "Disagree"])
    q2 = add_question(store, response.id, label="2", text="Why?")
    add_block(store, q1.id, text="We agree, with reservations.")
    add_block(store, q2.id, text="Because of oversight.")
    return response.id


def _answers(store, response_id: int) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    return [(q.label, [b.text for b in q.blocks]) for q in get_response(store, response_id).questions]


def test_pasted_questions_are_appended_after_answered_ones(store, answered) -> None:  # type: ignore[no-untyped-def]
    pasted = parse_questions("3. Who should oversee it?\nYes / No\n4. Anything else?").questions
    done = ops.append_questions(answered, pasted).run(store)
    assert [q.label for q in done.value] == ["3", "4"]
    assert _answers(store, answered) == [("1", ["We agree, with reservations."]), ("2", ["Because of oversight."]),
                                         ("3", []), ("4", [])]
    assert get_response(store, answered).questions[2].options == ("Yes", "No")
    assert done.inverse is not None and done.inverse.name == "Add Questions"
    done.inverse.run(store)
    assert [q.label for q in get_response(store, answered).questions] == ["1", "2"]


def test_an_answer_given_to_an_appended_question_comes_back_with_redo(store, answered) -> None:  # type: ignore[no-untyped-def]
    done = ops.append_questions(answered, [ParsedQuestion("3", "Who should oversee it?")]).run(store)
    add_block(store, done.value[0].id, text="An independent commissioner.")
    assert done.inverse is not None
    undone = done.inverse.run(store)
    assert undone.inverse is not None
    undone.inverse.run(store)
    assert _answers(store, answered)[-1] == ("3", ["An independent commissioner."])


@pytest.mark.parametrize(
    ("pasted", "in_use"),
    [
        (["3", "4"], []),
        (["2", "3"], ["2"]),
        (["Q1", "2", "1"], ["Q1", "2"]),  # each said once, as pasted
        (["1a"], []),
    ],
)
def test_numbers_already_in_the_response_are_named(store, answered, pasted, in_use) -> None:  # type: ignore[no-untyped-def]
    questions = [ParsedQuestion(label, f"Question {label}?") for label in pasted]
    assert labels_in_use(get_response(store, answered), questions) == in_use


@pytest.mark.parametrize(("label", "key"), [("Q5(a)", "5a"), ("question 5a:", "5a"), ("5A.", "5a"), ("12", "12")])
def test_labels_compare_as_printed_numbers(label: str, key: str) -> None:
    assert label_key(label) == key


def test_a_question_with_the_same_number_is_added_not_merged(store, answered) -> None:  # type: ignore[no-untyped-def]
    ops.append_questions(answered, [ParsedQuestion("2", "Why, again?")]).run(store)
    questions = get_response(store, answered).questions
    assert [(q.label, q.text) for q in questions][1:] == [("2", "Why?"), ("2", "Why, again?")]
    assert [b.text for b in questions[1].blocks] == ["Because of oversight."]


@pytest.mark.parametrize("pasted", [[], [ParsedQuestion("3", "   ")]])
def test_nothing_to_append_is_refused_and_changes_nothing(store, answered, pasted) -> None:  # type: ignore[no-untyped-def]
    before = _answers(store, answered)
    with pytest.raises(DrafterError):
        ops.append_questions(answered, pasted).run(store)
    assert _answers(store, answered) == before


def test_deleting_an_answered_question_is_undone_with_its_answer(store, answered) -> None:  # type: ignore[no-untyped-def]
    question = get_response(store, answered).questions[0]
    done = ops.delete_question(question.id).run(store)
    assert [q.label for q in get_response(store, answered).questions] == ["2"]
    assert done.inverse is not None
    done.inverse.run(store)
    assert _answers(store, answered)[0] == ("1", ["We agree, with reservations."])

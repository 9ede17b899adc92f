"""Every operation on responses, questions and answer blocks, table by table.

Two rules are checked throughout: positions stay contiguous (0, 1, 2 …) after
every operation, and an operation that is refused changes nothing at all (the
whole response document, timestamps included, reads back the same).
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import col, select

from drafter.core.errors import NotFoundError, RefusedError
from drafter.core.library import list_sources
from drafter.core.models import AnswerBlock, Question
from drafter.core.questions import parse_questions
from drafter.core.records import SnippetRecord
from drafter.core.responses import (
    AnswerCount,
    BlockRecord,
    QuestionRecord,
    ResponseDetails,
    ResponseDocument,
    add_block,
    add_question,
    count_answer,
    count_words,
    create_response,
    delete_block,
    delete_question,
    delete_response,
    duplicate_response,
    get_response,
    list_presets,
    list_responses,
    move_block,
    move_question,
    new_response_from_preset,
    replace_questions,
    restore_block,
    restore_question,
    set_chosen_option,
    update_block_text,
    update_question,
    update_response,
)
from drafter.core.responses.operations import InvalidResponseError
from drafter.core.snippets import delete_snippet, get_snippet, snippet_from_quote


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

SCALE = ("Agree", "Neither agree nor disagree", "Disagree", "Don't know")

QUESTIONS = """Consultation questions
1. Do you agree that the framework should cover live facial recognition?
Agree / Neither agree nor disagree / Disagree / Don't know
Please explain your answer.
2. Which organisations should the framework apply to?
3. Should an independent body oversee police use of these technologies?
Yes / No
"""

FOOT_TITLE = "Rights fears as Met ramps up tech use"


# --- helpers ------------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock that ticks on every reading, so updated_at orders edits made within one second.

    Its times sort after any real one: rows the database stamps itself (created_at) keep the real clock.
    """
    ticks = itertools.count()

    def now() -> str:
        return f"9999-01-01T00:00:00.{next(ticks):06d}+00:00"

    monkeypatch.setattr("drafter.core.responses.operations.utc_now", now)


def foot(store) -> int:
    return next(s.id for s in list_sources(store) if s.title == FOOT_TITLE)


def snippet(store, quote: str) -> int:
    return snippet_from_quote(store, foot(store), quote).id


def new_response(store, title: str = "Facial recognition framework", questions: str = QUESTIONS) -> ResponseDocument:
    response = create_response(store, ResponseDetails(consultation_title=title, organisation="Rights Watch"))
    return replace_questions(store, response.id, parse_questions(questions).questions)


def assert_contiguous(store, response_id: int) -> ResponseDocument:
    """Positions of questions, and of blocks in each question, are exactly 0..n-1 in reading order."""
    document = get_response(store, response_id)
    assert [q.position for q in document.questions] == list(range(len(document.questions)))
    for question in document.questions:
        assert [b.position for b in question.blocks] == list(range(len(question.blocks)))
        assert all(b.question_id == question.id for b in question.blocks)
    return document


def labels(store, response_id: int) -> list[str]:
    return [q.label for q in assert_contiguous(store, response_id).questions]


def texts(store, response_id: int, question_index: int) -> list[str]:
    return [b.text for b in assert_contiguous(store, response_id).questions[question_index].blocks]


def answered(store) -> ResponseDocument:
    """A response whose first question has three paragraphs and a quotation, and a chosen option."""
    response = new_response(store)
    first = response.questions[0].id
    for text in ("one", "two", "three"):
        add_block(store, first, text=text)
    add_block(store, first, kind="quotation", snippet_id=snippet(store, "scaling up"), text="The Met promised a")
    set_chosen_option(store, first, "Disagree")
    return assert_contiguous(store, response.id)


def unchanged(store, before: ResponseDocument) -> None:
    assert get_response(store, before.id) == before


def content(document: ResponseDocument, *, ids: bool = True) -> list[object]:
    """Questions and blocks without the quoted snippets' usage counts, which other responses change."""
    return [
        ((q.id,) if ids else ()) + (
            q.position, q.label, q.text, q.section, q.options, q.prompt, q.chosen_option, q.word_limit,
            q.char_limit, q.confidential,
            [((b.id,) if ids else ()) + (b.position, b.kind, b.text, b.snippet_id) for b in q.blocks],
        )
        for q in document.questions
    ]


# --- response details ---------------------------------------------------------------------


def test_create_cleans_the_details_and_fills_defaults(store) -> None:
    response = create_response(store, ResponseDetails(
        consultation_title="  Legal framework\nfor  facial recognition ", deadline=" 2026-02-12 ",
        consulting_body="  Home Office ", submit_to="", organisation="   ", contact=None, citation_style=" ",
    ))
    assert response.details == ResponseDetails(
        consultation_title="Legal framework for facial recognition", consulting_body="Home Office",
        deadline="2026-02-12", submit_to=None, organisation=None, contact=None, may_publish=None,
        introduction="", citation_style="oscola", quotations_count_toward_limit=True,
    )
    assert response.questions == ()
    assert response.created_at and response.updated_at


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consultation_title": ""}, "needs the consultation's title"),
        ({"consultation_title": " \n\t "}, "needs the consultation's title"),
        ({"deadline": "12/02/2026"}, "must be a full date"),
        ({"deadline": "2026-02"}, "must be a full date"),  # a month is not a deadline
        ({"deadline": "2026"}, "must be a full date"),
        ({"deadline": "2026-02-30"}, "must be a full date"),
        ({"deadline": "12 February 2026"}, "must be a full date"),
        ({"deadline": "tomorrow"}, "must be a full date"),
    ],
)
def test_create_refuses_bad_details_and_stores_nothing(store, changes, message) -> None:
    with pytest.raises(InvalidResponseError, match=message):
        create_response(store, replace(ResponseDetails("A title"), **changes))
    assert list_responses(store) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"consultation_title": " New  title "}, {"consultation_title": "New title"}),
        ({"deadline": "2026-02-12"}, {"deadline": "2026-02-12"}),
        ({"deadline": "  "}, {"deadline": None}),  # clearing the deadline is allowed
        ({"may_publish": False, "contact": " policy@example.org "},
         {"may_publish": False, "contact": "policy@example.org"}),
        ({"introduction": "We are a civil-liberties group.\n\nWe recommend a statute."},
         {"introduction": "We are a civil-liberties group.\n\nWe recommend a statute."}),
        ({"quotations_count_toward_limit": False}, {"quotations_count_toward_limit": False}),
        ({"citation_style": "apa"}, {"citation_style": "apa"}),
        ({}, {}),
    ],
)
def test_update_changes_only_the_named_details(store, changes, expected) -> None:
    response = new_response(store)
    updated = update_response(store, response.id, **changes)
    assert updated.details == replace(response.details, **expected)
    assert updated.questions == response.questions


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"consultation_title": ""}, InvalidResponseError, "needs the consultation's title"),
        ({"consultation_title": None}, InvalidResponseError, "needs the consultation's title"),
        ({"deadline": "31/12/2025"}, InvalidResponseError, "must be a full date"),
        ({"title": "Renamed"}, InvalidResponseError, "Unknown response detail.*title"),
        ({"colour": "red", "deadline": "2026-02-12"}, InvalidResponseError, "Unknown response detail.*colour"),
        ({"created_at": "2020-01-01"}, InvalidResponseError, "Unknown response detail.*created_at"),
    ],
)
def test_update_refuses_bad_values_and_changes_nothing(store, changes, error, message) -> None:
    before = answered(store)
    with pytest.raises(error, match=message):
        update_response(store, before.id, **changes)
    unchanged(store, before)


def test_update_of_a_missing_response_says_so(store) -> None:
    with pytest.raises(NotFoundError, match="no response with id 999"):
        update_response(store, 999, organisation="X")
    with pytest.raises(NotFoundError, match="no response with id 999"):
        get_response(store, 999)


def test_list_summarises_every_response_most_recently_changed_first(store, clock) -> None:
    assert list_responses(store) == []
    first = new_response(store, "First consultation")
    second = create_response(store, ResponseDetails("Second consultation", deadline="2026-03-01"))
    update_response(store, second.id)  # touched: now the latest
    summaries = list_responses(store)
    assert [(s.id, s.consultation_title, s.questions, s.deadline, s.organisation) for s in summaries] == [
        (second.id, "Second consultation", 0, "2026-03-01", None),
        (first.id, "First consultation", 3, None, "Rights Watch"),
    ]
    add_block(store, first.questions[1].id, text="Every police force.")  # an edit to an answer counts too
    assert [s.id for s in list_responses(store)] == [first.id, second.id]


def test_duplicate_is_a_deep_copy(store) -> None:
    original = answered(store)
    update_question(store, original.questions[2].id, confidential=True, word_limit=250)
    original = get_response(store, original.id)
    copy = duplicate_response(store, original.id)
    assert copy.id != original.id
    assert copy.details == replace(original.details, consultation_title=f"{original.details.consultation_title} (copy)")

    assert content(copy, ids=False) == content(original, ids=False)
    assert not {q.id for q in copy.questions} & {q.id for q in original.questions}
    copy_blocks = {b.id for q in copy.questions for b in q.blocks}
    assert copy_blocks and not copy_blocks & {b.id for q in original.questions for b in q.blocks}
    assert_contiguous(store, copy.id)


def test_duplicate_and_original_are_independent_afterwards(store) -> None:
    original = answered(store)
    copy = duplicate_response(store, original.id, title="A similar consultation")
    assert copy.details.consultation_title == "A similar consultation"
    # Edit the copy every way there is; the original must not move.
    first = copy.questions[0]
    update_block_text(store, first.blocks[0].id, "changed in the copy")
    move_block(store, first.blocks[1].id, copy.questions[1].id, 0)
    delete_block(store, first.blocks[2].id)
    set_chosen_option(store, first.id, "Agree")
    update_question(store, first.id, text="Reworded")
    delete_question(store, copy.questions[2].id)
    update_response(store, copy.id, organisation="Another group")
    after = get_response(store, original.id)
    assert (after.details, after.updated_at, content(after)) == (original.details, original.updated_at,
                                                                 content(original))
    # And the other way round.
    copy = get_response(store, copy.id)
    delete_response(store, original.id)
    after = get_response(store, copy.id)
    assert (after.details, after.updated_at, content(after)) == (copy.details, copy.updated_at, content(copy))


@pytest.mark.parametrize("title", ["", "   "])
def test_duplicate_with_a_blank_title_is_refused(store, title) -> None:
    original = answered(store)
    with pytest.raises(InvalidResponseError, match="needs the consultation's title"):
        duplicate_response(store, original.id, title=title)
    assert [s.id for s in list_responses(store)] == [original.id]


def test_delete_removes_questions_and_blocks_but_keeps_snippets(store) -> None:
    doomed = answered(store)
    quoted = [b.snippet_id for q in doomed.questions for b in q.blocks if b.snippet_id]
    kept = new_response(store, "Kept")
    add_block(store, kept.questions[0].id, kind="quotation", snippet_id=quoted[0])
    kept = get_response(store, kept.id)
    delete_response(store, doomed.id)
    with pytest.raises(NotFoundError):
        get_response(store, doomed.id)
    with store.reading() as session:
        questions = session.exec(select(Question.id).where(Question.response_id == doomed.id)).all()
        blocks = session.exec(
            select(AnswerBlock.id).where(col(AnswerBlock.question_id).in_([q.id for q in doomed.questions]))
        ).all()
    assert (questions, blocks) == ([], [])
    for snippet_id in quoted:
        assert get_snippet(store, snippet_id).used_in == 1  # still quoted by the other response
    assert content(get_response(store, kept.id)) == content(kept)
    delete_response(store, kept.id)
    assert [get_snippet(store, s).used_in for s in quoted] == [0]
    assert list_responses(store) == []
    with pytest.raises(NotFoundError):
        delete_response(store, kept.id)


def test_preset_fills_the_details_and_never_the_questions(store) -> None:
    preset = next(p for p in list_presets() if p.key == "homeoffice-frt-2025")
    assert (preset.body, preset.opened, preset.deadline, preset.questions) == (
        "Home Office", "2025-12-04", "2026-02-12", 17)
    response = new_response_from_preset(store, "homeoffice-frt-2025", organisation="Rights Watch")
    assert response.details.consultation_title == preset.title
    assert response.details.organisation == "Rights Watch"
    assert response.questions == ()
    with pytest.raises(NotFoundError, match="homeoffice-frt-2025"):  # the message lists the presets there are
        new_response_from_preset(store, "no-such-consultation")


# --- questions ----------------------------------------------------------------------------


def test_replace_stores_the_parsed_questions_in_order(store) -> None:
    response = new_response(store)
    assert [(q.label, q.options, q.prompt) for q in response.questions] == [
        ("1", SCALE, "Please explain your answer."),
        ("2", (), None),
        ("3", ("Yes", "No"), None),
    ]
    assert_contiguous(store, response.id)
    again = replace_questions(store, response.id, parse_questions("Q1 Why?\nQ2 How?").questions)
    assert labels(store, again.id) == ["1", "2"]
    assert replace_questions(store, response.id, []).questions == ()


@pytest.mark.parametrize("answer", ["paragraph", "quotation", "empty paragraph", "chosen option"])
def test_replace_is_refused_when_answers_exist_and_nothing_changes(store, answer) -> None:
    response = new_response(store)
    second = response.questions[1].id
    if answer == "paragraph":
        add_block(store, second, text="Every force.")
    elif answer == "quotation":
        add_block(store, second, kind="quotation", snippet_id=snippet(store, "scaling up"))
    elif answer == "empty paragraph":
        add_block(store, second)
    else:
        set_chosen_option(store, response.questions[0].id, "agree")
    before = get_response(store, response.id)
    with pytest.raises(RefusedError, match="1 question.* already have answers"):
        replace_questions(store, response.id, parse_questions("1. A different question?").questions)
    unchanged(store, before)


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (None, ["1", "2", "3", "new"]),
        (0, ["new", "1", "2", "3"]),
        (1, ["1", "new", "2", "3"]),
        (3, ["1", "2", "3", "new"]),
        (99, ["1", "2", "3", "new"]),  # past the end: at the end
        (-4, ["new", "1", "2", "3"]),  # before the start: first
    ],
)
def test_add_question_at_a_position(store, position, expected) -> None:
    response = new_response(store)
    added = add_question(store, response.id, label=" new ", text=" Anything else? ", position=position,
                         options=[" Yes ", "", "No"], word_limit=300)
    assert (added.label, added.text, added.options, added.word_limit) == ("new", "Anything else?", ("Yes", "No"), 300)
    assert labels(store, response.id) == expected
    assert added.position == expected.index("new")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": ""}, "needs its text"),
        ({"text": "  \n "}, "needs its text"),
        ({"word_limit": 0}, "word limit must be a whole number above zero"),
        ({"word_limit": -5}, "word limit"),
        ({"char_limit": 0}, "character limit"),
        ({"char_limit": 2.5}, "character limit"),
        ({"word_limit": True}, "word limit"),
    ],
)
def test_add_question_refuses_bad_values(store, kwargs, message) -> None:
    before = new_response(store)
    with pytest.raises(InvalidResponseError, match=message):
        add_question(store, before.id, **{"label": "4", "text": "Why?", **kwargs})
    unchanged(store, before)
    with pytest.raises(NotFoundError):
        add_question(store, 999, label="1", text="Why?")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"text": " Reworded? "}, {"text": "Reworded?"}),
        ({"label": " 1a "}, {"label": "1a"}),
        ({"section": "Oversight", "prompt": "Give reasons."}, {"section": "Oversight", "prompt": "Give reasons."}),
        ({"word_limit": 500, "char_limit": 3000}, {"word_limit": 500, "char_limit": 3000}),
        ({"word_limit": None}, {"word_limit": None}),
        ({"confidential": True}, {"confidential": True}),
        # options: the choice stays while its option stays, even respelt, and goes when it goes
        ({"options": ["Agree", "Disagree"]}, {"options": ("Agree", "Disagree"), "chosen_option": "Disagree"}),
        ({"options": ["AGREE", " DISAGREE ", ""]}, {"options": ("AGREE", "DISAGREE"), "chosen_option": "DISAGREE"}),
        ({"options": ["Agree", "Don't know"]}, {"options": ("Agree", "Don't know"), "chosen_option": None}),
        ({"options": []}, {"options": (), "chosen_option": None}),
    ],
)
def test_update_question(store, changes, expected) -> None:
    response = answered(store)
    before = response.questions[0]
    assert before.chosen_option == "Disagree"
    after = update_question(store, before.id, **changes)
    assert after == replace(before, **expected)
    assert_contiguous(store, response.id)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"text": ""}, InvalidResponseError, "needs its text"),
        ({"word_limit": 0}, InvalidResponseError, "word limit"),
        ({"char_limit": "lots"}, InvalidResponseError, "character limit"),
        ({"options": "Agree / Disagree"}, InvalidResponseError, "must be a list"),
        ({"chosen_option": "Agree"}, InvalidResponseError, "Unknown question field.*chosen_option"),
        ({"position": 0}, InvalidResponseError, "Unknown question field.*position"),
        ({"response_id": 2}, InvalidResponseError, "Unknown question field.*response_id"),
    ],
)
def test_update_question_refuses_bad_values_and_changes_nothing(store, changes, error, message) -> None:
    before = answered(store)
    with pytest.raises(error, match=message):
        update_question(store, before.questions[0].id, **changes)
    unchanged(store, before)
    with pytest.raises(NotFoundError, match="no question with id 999"):
        update_question(store, 999, text="Why?")


@pytest.mark.parametrize(
    ("given", "chosen"),
    [
        ("Disagree", "Disagree"),
        ("disagree", "Disagree"),
        ("  NEITHER agree nor DISAGREE ", "Neither agree nor disagree"),
        ("don't know", "Don't know"),
        (None, None),
    ],
)
def test_set_chosen_option_matches_case_insensitively(store, given, chosen) -> None:
    response = new_response(store)
    first = response.questions[0].id
    set_chosen_option(store, first, "Agree")
    assert set_chosen_option(store, first, given).chosen_option == chosen
    assert get_response(store, response.id).questions[0].chosen_option == chosen


@pytest.mark.parametrize("given", ["Strongly agree", "Yes", "", "Agree / Disagree", "Agreed"])
def test_unknown_option_is_refused_with_the_options_listed(store, given) -> None:
    response = new_response(store)
    set_chosen_option(store, response.questions[0].id, "agree")
    before = get_response(store, response.id)
    with pytest.raises(InvalidResponseError) as caught:
        set_chosen_option(store, response.questions[0].id, given)
    assert str(caught.value) == (
        f"'{given}' is not an option of question 1. "
        "Its options are: Agree / Neither agree nor disagree / Disagree / Don't know."
    )
    unchanged(store, before)


def test_a_question_without_options_says_so(store) -> None:
    response = new_response(store)
    with pytest.raises(InvalidResponseError, match="Question 2 has no options"):
        set_chosen_option(store, response.questions[1].id, "Yes")
    assert set_chosen_option(store, response.questions[1].id, None).chosen_option is None
    with pytest.raises(NotFoundError):
        set_chosen_option(store, 999, "Yes")


@pytest.mark.parametrize(
    ("moved", "position", "expected"),
    [
        (0, 0, ["1", "2", "3", "4"]),
        (0, 1, ["2", "1", "3", "4"]),
        (0, 3, ["2", "3", "4", "1"]),
        (0, 99, ["2", "3", "4", "1"]),
        (3, 0, ["4", "1", "2", "3"]),
        (3, -1, ["4", "1", "2", "3"]),
        (1, 2, ["1", "3", "2", "4"]),
        (2, 1, ["1", "3", "2", "4"]),
    ],
)
def test_move_question(store, moved, position, expected) -> None:
    response = new_response(store, questions="1. A?\n2. B?\n3. C?\n4. D?")
    move_question(store, response.questions[moved].id, position)
    assert labels(store, response.id) == expected


def test_moving_questions_keeps_their_answers(store) -> None:
    response = answered(store)
    move_question(store, response.questions[0].id, 2)
    moved = assert_contiguous(store, response.id).questions[2]
    assert moved.id == response.questions[0].id
    assert moved.blocks == response.questions[0].blocks
    with pytest.raises(NotFoundError):
        move_question(store, 999, 0)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_delete_and_restore_question_round_trip(store, index) -> None:
    response = answered(store)
    add_block(store, response.questions[1].id, text="An answer to question 2.")
    before = assert_contiguous(store, response.id)
    snapshot = delete_question(store, before.questions[index].id)
    assert snapshot == before.questions[index]  # the snapshot holds its blocks
    after = assert_contiguous(store, response.id)
    assert [q.id for q in after.questions] == [q.id for i, q in enumerate(before.questions) if i != index]
    with store.reading() as session:
        assert session.exec(select(AnswerBlock).where(AnswerBlock.question_id == snapshot.id)).all() == []
    restore_question(store, snapshot)
    assert assert_contiguous(store, response.id).questions == before.questions


def test_question_restore_is_refused_when_it_cannot_be_done(store) -> None:
    response = answered(store)
    quoted = response.questions[0].blocks[3].snippet_id
    snapshot = delete_question(store, response.questions[0].id)
    restore_question(store, snapshot)
    before = get_response(store, response.id)
    with pytest.raises(RefusedError, match="already been put back"):
        restore_question(store, snapshot)
    unchanged(store, before)
    # The snippet it quotes was deleted meanwhile: undo says so rather than failing in the database.
    snapshot = delete_question(store, response.questions[0].id)
    delete_snippet(store, quoted)
    before = get_response(store, response.id)
    with pytest.raises(RefusedError, match="snippet that has since been deleted"):
        restore_question(store, snapshot)
    unchanged(store, before)
    delete_response(store, response.id)
    with pytest.raises(NotFoundError):
        restore_question(store, snapshot)


# --- blocks -------------------------------------------------------------------------------


def test_add_paragraph_and_quotation(store) -> None:
    response = new_response(store)
    question = response.questions[0].id
    quoted = snippet(store, "scaling up")
    paragraph = add_block(store, question, text="We oppose this.")
    quotation = add_block(store, question, kind="quotation", snippet_id=quoted, text="The Met promised a")
    assert (paragraph.kind, paragraph.text, paragraph.snippet_id, paragraph.snippet, paragraph.is_quotation) == (
        "paragraph", "We oppose this.", None, None, False)
    assert (quotation.kind, quotation.text, quotation.snippet_id, quotation.is_quotation) == (
        "quotation", "The Met promised a", quoted, True)
    assert quotation.snippet is not None
    assert (quotation.snippet.text, quotation.snippet.source_title) == ("scaling up", FOOT_TITLE)
    assert quotation.snippet.used_in == 1
    assert [b.id for b in assert_contiguous(store, response.id).questions[0].blocks] == [paragraph.id, quotation.id]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"kind": "quotation"}, InvalidResponseError, "needs the snippet it quotes"),
        ({"kind": "quotation", "text": "lead-in only"}, InvalidResponseError, "needs the snippet"),
        ({"kind": "paragraph", "snippet_id": "KNOWN"}, InvalidResponseError, "can't quote a snippet"),
        ({"kind": "quotation", "snippet_id": 9999}, NotFoundError, "no snippet with id 9999"),
        ({"kind": "footnote", "text": "x"}, InvalidResponseError, "'footnote' is not a kind"),
        ({"kind": "Paragraph", "text": "x"}, InvalidResponseError, "not a kind"),
        ({"kind": "", "text": "x"}, InvalidResponseError, "not a kind"),
    ],
)
def test_add_block_refuses_bad_blocks_and_changes_nothing(store, kwargs, error, message) -> None:
    known = snippet(store, "scaling up")
    before = answered(store)
    if kwargs.get("snippet_id") == "KNOWN":
        kwargs = {**kwargs, "snippet_id": known}
    with pytest.raises(error, match=message):
        add_block(store, before.questions[0].id, **kwargs)
    unchanged(store, before)


def test_add_block_to_a_missing_question(store) -> None:
    with pytest.raises(NotFoundError, match="no question with id 999"):
        add_block(store, 999, text="x")


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (None, ["one", "two", "three", "new"]),
        (0, ["new", "one", "two", "three"]),
        (1, ["one", "new", "two", "three"]),
        (2, ["one", "two", "new", "three"]),
        (3, ["one", "two", "three", "new"]),
        (50, ["one", "two", "three", "new"]),
        (-2, ["new", "one", "two", "three"]),
    ],
)
def test_add_block_at_a_position(store, position, expected) -> None:
    response = new_response(store)
    question = response.questions[1].id
    for text in ("one", "two", "three"):
        add_block(store, question, text=text)
    added = add_block(store, question, text="new", position=position)
    assert texts(store, response.id, 1) == expected
    assert added.position == expected.index("new")
    assert added == get_response(store, response.id).questions[1].blocks[added.position]


def test_add_block_returns_the_quotation_as_a_fresh_read_gives_it(store) -> None:
    response = answered(store)  # quotes the snippet once already
    quoted = response.questions[0].blocks[3]
    added = add_block(store, response.questions[2].id, kind="quotation", snippet_id=quoted.snippet_id)
    again = get_response(store, response.id).questions[2].blocks[0]
    assert added == again and added.snippet is not None and added.snippet.used_in == 2


def test_update_block_text(store, clock) -> None:
    response = answered(store)
    block = response.questions[0].blocks[1]
    update_block_text(store, block.id, "two, reworded\nwith a second line")
    after = get_response(store, response.id)
    assert after.questions[0].blocks[1] == replace(block, text="two, reworded\nwith a second line")
    assert after.updated_at > response.updated_at
    # Saving the same text again (a pause in typing with no change) writes nothing.
    update_block_text(store, block.id, "two, reworded\nwith a second line")
    unchanged(store, after)
    quotation = response.questions[0].blocks[3]
    update_block_text(store, quotation.id, "As the Met put it,")
    assert get_response(store, response.id).questions[0].blocks[3] == replace(quotation, text="As the Met put it,")
    with pytest.raises(NotFoundError, match="no answer block with id 999"):
        update_block_text(store, 999, "x")


@pytest.mark.parametrize(
    ("moved", "position", "expected"),
    [
        (0, 0, ["one", "two", "three", "The Met promised a"]),
        (0, 1, ["two", "one", "three", "The Met promised a"]),
        (0, 3, ["two", "three", "The Met promised a", "one"]),
        (0, 10, ["two", "three", "The Met promised a", "one"]),
        (3, 0, ["The Met promised a", "one", "two", "three"]),
        (3, -3, ["The Met promised a", "one", "two", "three"]),
        (1, 2, ["one", "three", "two", "The Met promised a"]),
        (2, 1, ["one", "three", "two", "The Met promised a"]),
    ],
)
def test_move_block_within_a_question(store, moved, position, expected) -> None:
    response = answered(store)
    block = response.questions[0].blocks[moved]
    placed = move_block(store, block.id, response.questions[0].id, position)
    assert texts(store, response.id, 0) == expected
    after = get_response(store, response.id).questions[0].blocks
    assert placed == (response.questions[0].id, next(b.position for b in after if b.id == block.id))


@pytest.mark.parametrize(
    ("moved", "position", "source_after", "target_after"),
    [
        (0, 0, ["two", "three", "The Met promised a"], ["one", "x", "y"]),
        (1, 1, ["one", "three", "The Met promised a"], ["x", "two", "y"]),
        (3, 2, ["one", "two", "three"], ["x", "y", "The Met promised a"]),
        (3, 99, ["one", "two", "three"], ["x", "y", "The Met promised a"]),
        (2, -1, ["one", "two", "The Met promised a"], ["three", "x", "y"]),
    ],
)
def test_move_block_between_questions(store, moved, position, source_after, target_after) -> None:
    response = answered(store)
    for text in ("x", "y"):
        add_block(store, response.questions[2].id, text=text)
    block = response.questions[0].blocks[moved]
    placed = move_block(store, block.id, response.questions[2].id, position)
    assert texts(store, response.id, 0) == source_after
    assert texts(store, response.id, 2) == target_after
    target = get_response(store, response.id).questions[2]
    assert placed[0] == target.id and target.blocks[placed[1]].id == block.id
    arrived = next(b for b in get_response(store, response.id).questions[2].blocks if b.id == block.id)
    assert (arrived.kind, arrived.snippet_id, arrived.question_id) == (block.kind, block.snippet_id,
                                                                       response.questions[2].id)


def test_move_block_into_an_empty_question(store) -> None:
    response = answered(store)
    block = response.questions[0].blocks[0]
    move_block(store, block.id, response.questions[1].id, 5)
    assert texts(store, response.id, 1) == ["one"]
    assert texts(store, response.id, 0) == ["two", "three", "The Met promised a"]


def test_move_block_to_another_response_is_refused(store) -> None:
    response = answered(store)
    other = new_response(store, "Another consultation")
    before, before_other = get_response(store, response.id), get_response(store, other.id)
    with pytest.raises(RefusedError, match="same response"):
        move_block(store, response.questions[0].blocks[0].id, other.questions[0].id, 0)
    unchanged(store, before)
    unchanged(store, before_other)
    with pytest.raises(NotFoundError, match="no answer block"):
        move_block(store, 999, response.questions[0].id, 0)
    with pytest.raises(NotFoundError, match="no question"):
        move_block(store, response.questions[0].blocks[0].id, 999, 0)
    unchanged(store, before)


@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_delete_and_restore_block_round_trip(store, index) -> None:
    response = answered(store)
    before = response.questions[0].blocks
    snapshot = delete_block(store, before[index].id)
    assert (snapshot.id, snapshot.position, snapshot.kind, snapshot.text, snapshot.snippet_id) == (
        before[index].id, index, before[index].kind, before[index].text, before[index].snippet_id)
    assert [b.id for b in assert_contiguous(store, response.id).questions[0].blocks] == [
        b.id for i, b in enumerate(before) if i != index]
    restore_block(store, snapshot)
    assert assert_contiguous(store, response.id).questions[0].blocks == before


def test_deleting_a_quotation_keeps_its_snippet(store) -> None:
    response = answered(store)
    quotation = response.questions[0].blocks[3]
    delete_block(store, quotation.id)
    assert get_snippet(store, quotation.snippet_id).used_in == 0  # type: ignore[arg-type]


def test_block_restore_is_refused_when_it_cannot_be_done(store) -> None:
    response = answered(store)
    quotation = response.questions[0].blocks[3]
    snapshot = delete_block(store, quotation.id)
    restore_block(store, snapshot)
    before = get_response(store, response.id)
    with pytest.raises(RefusedError, match="already been put back"):
        restore_block(store, snapshot)
    unchanged(store, before)
    snapshot = delete_block(store, quotation.id)
    delete_snippet(store, quotation.snippet_id)  # type: ignore[arg-type]
    before = get_response(store, response.id)
    with pytest.raises(RefusedError, match="snippet that has since been deleted"):
        restore_block(store, snapshot)
    unchanged(store, before)
    with pytest.raises(NotFoundError, match="no answer block"):
        delete_block(store, 999)
    paragraph = delete_block(store, response.questions[0].blocks[0].id)
    delete_question(store, response.questions[0].id)
    with pytest.raises(NotFoundError, match="no question"):
        restore_block(store, paragraph)


def test_restore_refuses_cleanly_when_a_newer_block_took_the_id(store) -> None:
    # SQLite hands the highest deleted id out again (the tables have no AUTOINCREMENT), so a
    # block added after a delete may hold the deleted block's id; undo must then refuse in words.
    response = answered(store)
    last = response.questions[0].blocks[-1]
    snapshot = delete_block(store, last.id)
    newer = add_block(store, response.questions[1].id, text="added after the delete")
    before = get_response(store, response.id)
    if newer.id == last.id:
        with pytest.raises(RefusedError, match="a later edit is in the way"):
            restore_block(store, snapshot)
        unchanged(store, before)
    else:  # ids are never reused: undo simply works
        restore_block(store, snapshot)
        assert assert_contiguous(store, response.id).questions[0].blocks[-1] == last


def test_restore_after_other_edits_clamps_to_the_end(store) -> None:
    response = answered(store)
    blocks = response.questions[0].blocks
    snapshot = delete_block(store, blocks[3].id)  # was last, at position 3
    delete_block(store, blocks[0].id)
    restore_block(store, snapshot)
    assert texts(store, response.id, 0) == ["two", "three", "The Met promised a"]


# --- counting -----------------------------------------------------------------------------


def _snippet_record(text: str) -> SnippetRecord:
    return SnippetRecord(id=1, source_id=4, source_title=FOOT_TITLE, start=0, end=len(text), text=text,
                         page_label=None, note="", tags=(), used_in=1, created_at="")


def _question(*blocks: tuple[str, str, str | None], word_limit: int | None = None,
              char_limit: int | None = None) -> QuestionRecord:
    return QuestionRecord(
        id=1, response_id=1, position=0, label="1", text="Why?", word_limit=word_limit, char_limit=char_limit,
        blocks=tuple(
            BlockRecord(id=i, question_id=1, position=i, kind=kind, text=text,
                        snippet_id=1 if quoted is not None else None,
                        snippet=_snippet_record(quoted) if quoted is not None else None)
            for i, (kind, text, quoted) in enumerate(blocks)
        ),
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("one", 1),
        ("one two  three", 3),
        ("line one\nline two", 4),
        ("£260m shortfall — 1,400 officers", 5),  # a dash between spaces is a word, as Word counts it
        ("well-known non-statutory", 2),
        ("don't", 1),
    ],
)
def test_count_words(text, words) -> None:
    assert count_words(text) == words


PARA = ("paragraph", "We oppose this.", None)  # 3 words, 15 characters
QUOTE = ("quotation", "", "scaling up")  # 2 quoted words, 10 characters
QUOTE_WITH_LEAD = ("quotation", "The Met promised a", "scaling up")  # 4 + 2 words, 18 + 10 characters
EMPTY = ("paragraph", "  ", None)


@pytest.mark.parametrize(
    ("blocks", "include", "words", "characters"),
    [
        ((), True, 0, 0),
        ((EMPTY,), True, 0, 0),  # an empty paragraph adds nothing, not even a separator
        ((PARA,), True, 3, 15),
        ((PARA,), False, 3, 15),
        ((QUOTE,), True, 2, 10),
        ((QUOTE,), False, 0, 0),
        ((QUOTE_WITH_LEAD,), True, 6, 18 + 2 + 10),  # lead-in and quotation apart by a blank line
        ((QUOTE_WITH_LEAD,), False, 4, 18),  # the lead-in is the user's own words: it always counts
        ((PARA, QUOTE), True, 5, 15 + 2 + 10),
        ((PARA, QUOTE), False, 3, 15),
        ((PARA, EMPTY, PARA), True, 6, 15 + 2 + 15),
        ((PARA, QUOTE_WITH_LEAD, PARA), False, 10, 15 + 2 + 18 + 2 + 15),
    ],
)
def test_count_answer(blocks, include, words, characters) -> None:
    count = count_answer(_question(*blocks), include_quotations=include)
    assert (count.words, count.characters) == (words, characters)


@pytest.mark.parametrize(
    ("count", "over", "described"),
    [
        (AnswerCount(0, 0, None, None), False, "0 words"),
        (AnswerCount(1, 3, None, None), False, "1 word"),
        (AnswerCount(7, 40, None, None), False, "7 words"),
        (AnswerCount(250, 1400, 250, None), False, "250 of 250 words"),
        (AnswerCount(251, 1400, 250, None), True, "251 of 250 words"),
        (AnswerCount(10, 500, None, 500), False, "10 words, 500 of 500 characters"),
        (AnswerCount(10, 501, None, 500), True, "10 words, 501 of 500 characters"),
        (AnswerCount(90, 501, 100, 500), True, "90 of 100 words, 501 of 500 characters"),
        (AnswerCount(101, 400, 100, 500), True, "101 of 100 words, 400 of 500 characters"),
        (AnswerCount(1, 5, 1, 5), False, "1 of 1 word, 5 of 5 characters"),
    ],
)
def test_limits_and_description(count, over, described) -> None:
    assert count.over_limit is over
    assert count.describe() == described


def test_counting_a_stored_answer_follows_the_response_setting(store) -> None:
    response = answered(store)
    update_question(store, response.questions[0].id, word_limit=8, char_limit=60)
    response = get_response(store, response.id)
    question = response.questions[0]
    counted = count_answer(question, include_quotations=response.details.quotations_count_toward_limit)
    # "one", "two", "three", "The Met promised a" + "scaling up"
    assert (counted.words, counted.characters, counted.over_limit) == (9, 3 + 3 + 5 + 18 + 10 + 4 * 2, True)
    response = update_response(store, response.id, quotations_count_toward_limit=False)
    counted = count_answer(question, include_quotations=response.details.quotations_count_toward_limit)
    assert (counted.words, counted.over_limit, counted.describe()) == (7, False, "7 of 8 words, 35 of 60 characters")


# --- random sequences of edits ------------------------------------------------------------


class BlockEdits(RuleBasedStateMachine):
    """Random adds, moves, deletes and undos of blocks and questions against a plain model.

    The model is the expected order of block ids under each question id. Deletes
    push their snapshot on an undo stack and ``undo`` restores the latest, as the
    window's undo does, so a restored block always finds its question.
    """

    blocks = Bundle("blocks")

    def __init__(self, store, snippets: list[int]) -> None:
        super().__init__()
        self.store = store
        self.snippets = snippets
        response = create_response(store, ResponseDetails("Random edits"))
        self.response_id = response.id
        self.order: dict[int, list[int]] = {}  # question id -> block ids in order
        self.questions: list[int] = []
        for label in ("1", "2", "3"):
            question = add_question(store, response.id, label=label, text=f"Question {label}?")
            self.order[question.id] = []
            self.questions.append(question.id)
        self.kinds: dict[int, tuple[str, str, int | None]] = {}  # block id -> (kind, text, snippet id)
        self.undo: list[tuple[str, object]] = []
        self.counter = itertools.count()

    def _where(self, block_id: int) -> int:
        return next(q for q, ids in self.order.items() if block_id in ids)

    @rule(target=blocks, question=st.integers(0, 2), position=st.none() | st.integers(-2, 8),
          quote=st.none() | st.integers(0, 1))
    def add(self, question: int, position: int | None, quote: int | None) -> int:
        question_id = self.questions[question % len(self.questions)]
        text = f"block {next(self.counter)}"
        if quote is None:
            block = add_block(self.store, question_id, text=text, position=position)
        else:
            block = add_block(self.store, question_id, kind="quotation", text=text,
                              snippet_id=self.snippets[quote], position=position)
        ids = self.order[question_id]
        ids.insert(len(ids) if position is None else max(0, min(position, len(ids))), block.id)
        self.kinds[block.id] = (block.kind, block.text, block.snippet_id)
        return block.id

    @rule(block=blocks, question=st.integers(0, 2), position=st.integers(-2, 8))
    def move(self, block: int, question: int, position: int) -> None:
        if block not in self.kinds:  # deleted (perhaps with its question) and not yet restored
            with pytest.raises(NotFoundError):
                move_block(self.store, block, self.questions[0], position)
            return
        target = self.questions[question % len(self.questions)]
        move_block(self.store, block, target, position)
        self.order[self._where(block)].remove(block)
        ids = self.order[target]
        ids.insert(max(0, min(position, len(ids))), block)

    @rule(block=consumes(blocks))
    def delete(self, block: int) -> None:
        if block not in self.kinds:
            return
        snapshot = delete_block(self.store, block)
        self.order[self._where(block)].remove(block)
        del self.kinds[block]
        self.undo.append(("block", snapshot))

    @precondition(lambda self: len(self.questions) > 1)
    @rule(question=st.integers(0, 2))
    def delete_a_question(self, question: int) -> None:
        question_id = self.questions.pop(question % len(self.questions))
        snapshot = delete_question(self.store, question_id)
        for block_id in self.order.pop(question_id):
            del self.kinds[block_id]
        self.undo.append(("question", snapshot))

    @rule(question=st.integers(0, 2), position=st.integers(-1, 4))
    def move_a_question(self, question: int, position: int) -> None:
        question_id = self.questions.pop(question % len(self.questions))
        self.questions.insert(max(0, min(position, len(self.questions))), question_id)
        move_question(self.store, question_id, position)

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_last_delete(self) -> None:
        kind, snapshot = self.undo.pop()
        ids = [snapshot.id] if isinstance(snapshot, BlockRecord) else [b.id for b in snapshot.blocks]  # type: ignore[attr-defined]
        if any(i in self.kinds for i in ids):
            # SQLite gave the deleted id to a block added since: undo refuses and changes nothing.
            with pytest.raises(RefusedError, match="a later edit is in the way"):
                if isinstance(snapshot, BlockRecord):
                    restore_block(self.store, snapshot)
                else:
                    restore_question(self.store, snapshot)  # type: ignore[arg-type]
            # Older undos may depend on this one (a block of a question still deleted), so the
            # model's undo stops here, as any undo stack has to once an undo fails.
            self.undo.clear()
            return
        if kind == "block":
            assert isinstance(snapshot, BlockRecord)
            restore_block(self.store, snapshot)
            ids = self.order[snapshot.question_id]
            ids.insert(min(snapshot.position, len(ids)), snapshot.id)
            self.kinds[snapshot.id] = (snapshot.kind, snapshot.text, snapshot.snippet_id)
        else:
            assert isinstance(snapshot, QuestionRecord)
            restore_question(self.store, snapshot)
            self.questions.insert(min(snapshot.position, len(self.questions)), snapshot.id)
            self.order[snapshot.id] = [b.id for b in snapshot.blocks]
            for b in snapshot.blocks:
                self.kinds[b.id] = (b.kind, b.text, b.snippet_id)

    @invariant()
    def matches_the_model(self) -> None:
        document = assert_contiguous(self.store, self.response_id)
        assert [q.id for q in document.questions] == self.questions
        assert {q.id: [b.id for b in q.blocks] for q in document.questions} == self.order
        stored = sorted((b.id, b.kind, b.text, b.snippet_id) for q in document.questions for b in q.blocks)
        assert stored == sorted((i, *k) for i, k in self.kinds.items())


def test_random_edits_keep_positions_contiguous_and_blocks_intact(store) -> None:
    # One store for every run (opening one takes a quarter of a second); each run has its own response.
    snippets = [snippet(store, "scaling up"), snippet(store, "Notting Hill Carnival")]
    run_state_machine_as_test(
        lambda: BlockEdits(store, snippets),
        settings=settings(max_examples=25, stateful_step_count=25, deadline=None),
    )

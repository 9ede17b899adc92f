"""Properties that hold for any input: only QuestionParseError, and nothing made up."""

from __future__ import annotations

import contextlib
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.core.questions import (
    ParsedQuestionSet,
    QuestionParseError,
    parse_questions,
    questions_from_docx,
)

# Lines in the shapes consultations use, mixed with arbitrary text, so that the
# generated inputs often parse instead of all failing as 'no questions'.
CONSULTATION_LINES = st.sampled_from(
    [
        "1. Do you agree with the proposal?",
        "2) Which organisations should it cover?",
        "Q3 Should it cover live facial recognition",
        "Question 4: Who should authorise deployments?",
        "Question 5",
        "5a) Should searches be logged?",
        "5(b) Who should see the logs?",
        "(a) How should bias be tested?",
        "b. Police forces",
        "• Should it apply to private companies?",
        "- Yes",
        "* No",
        "☐ Agree",
        "□ Neither agree nor disagree",
        "[ ] Disagree",
        "○ Don’t know",
        "☐ Yes ☐ No",
        "Agree / Neither agree nor disagree / Disagree / Don't know",
        "Yes | No",
        "Strongly agree, Agree, Disagree",
        "Yes",
        "No",
        "Please explain your answer.",
        "If yes, please explain",
        "Please give reasons (max 250 words)",
        "(250 word limit)",
        "Maximum 500 characters",
        "Please tick one box",
        "Part 2: Oversight",
        "Section B – Safeguards",
        "BIAS AND DISCRIMINATION",
        "Scope of the Framework",
        "the wrapped end of a question?",
        "The government proposes a single body.",
        "The framework could include:",
        "Do you agree? Please explain.",
        "Should deployments be published? (Yes/No)",
        "3.",
        "Q7",
        "(a)",
        "a)",
        "•",
        "1) Yes",
        "2) No",
        "☐",
        "[ ]",
        "Part 3",
        "Annex A",
        "12",
        "Page 4 of 20",
        "(max 250 words)",
        "Other (please specify)",
        "",
        "   ",
        "\t",
    ]
)
LINE_ENDINGS = st.sampled_from(["\n", "\r\n", "\r", "\n\n"])


@st.composite
def consultation_like(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(CONSULTATION_LINES, st.text(max_size=30)), max_size=25))
    ending = draw(LINE_ENDINGS)
    return ending.join(parts)


ANY_TEXT = st.one_of(consultation_like(), st.text(max_size=300))


def _normal(text: str) -> str:
    return " ".join(text.split())


def _parse(text: str) -> ParsedQuestionSet | None:
    try:
        return parse_questions(text)
    except QuestionParseError as error:
        assert str(error).strip()  # a message the user can read
        return None


@settings(max_examples=300)
@given(ANY_TEXT)
def test_only_question_parse_error_is_raised(text: str) -> None:
    _parse(text)


@settings(max_examples=300)
@given(consultation_like())
def test_every_text_and_option_comes_from_the_input(text: str) -> None:
    result = _parse(text)
    if result is None:
        return
    source = _normal(text)
    for question in result.questions:
        assert question.text and question.text == question.text.strip()
        assert _normal(question.text) in source
        for option in question.options:
            assert _normal(option) in source
        if question.prompt is not None:
            assert question.prompt.strip()
    if result.title is not None:
        assert _normal(result.title) in source


@settings(max_examples=300)
@given(consultation_like())
def test_labels_are_unique_or_the_duplicate_is_reported(text: str) -> None:
    result = _parse(text)
    if result is None:
        return
    counts = Counter(question.label for question in result.questions)
    for label, count in counts.items():
        assert label
        if count > 1:
            assert any(f"numbered {label} (" in note for note in result.notes), result.notes


@settings(max_examples=100)
@given(st.binary(max_size=2000))
def test_docx_reader_only_raises_question_parse_error(data: bytes) -> None:
    with contextlib.suppress(QuestionParseError):
        questions_from_docx(data)

"""Bad input gets a plain message; everything the parser guessed is reported in notes."""

from __future__ import annotations

import os

import pytest

from drafter.core.questions import ParsedQuestion as Q
from drafter.core.questions import QuestionParseError, parse_questions

NO_QUESTIONS = "No questions were found."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "There is no text to read.", id="empty"),
        pytest.param(" \n\t\r\n  \u00a0\n", "There is no text to read.", id="whitespace"),
        pytest.param("1. Do you agree?\x00\x00\x01", "doesn't look like text", id="nul-bytes"),
        pytest.param(
            os.urandom(4000).decode("utf-8", errors="replace"),
            "doesn't look like text",
            id="binary-junk",
        ),
        pytest.param(
            "The government proposes a new framework.\nIt would cover the police.\n",
            NO_QUESTIONS,
            id="prose-without-questions",
        ),
        pytest.param(
            "Agree / Disagree\nPlease explain your answer.\n", NO_QUESTIONS, id="no-question"
        ),
        pytest.param("1.\n2.\n", NO_QUESTIONS, id="numbers-without-wording"),
        pytest.param("1. Q?\n" * 200_000, "too long", id="huge"),
    ],
)
def test_bad_input_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(QuestionParseError, match=message) as raised:
        parse_questions(text)
    assert "Traceback" not in str(raised.value)


def test_no_questions_message_says_what_to_paste() -> None:
    with pytest.raises(QuestionParseError) as raised:
        parse_questions("Some text without any numbered question in it")
    assert str(raised.value) == (
        "No questions were found.\nPaste the questions with their numbers, e.g. '1. Do you agree…'"
    )


def test_large_but_allowed_input_is_read() -> None:
    # Question numbers have at most three digits (a four-digit one is a year),
    # so a long paste is many sections of a few questions.
    section = "".join(f"{n}. Do you agree with proposal {n}?\nYes / No\n" for n in range(1, 18))
    text = "".join(f"Part {p}: Proposals\n{section}\n" for p in range(1, 1_201))
    assert 900_000 < len(text) < 1_000_000
    result = parse_questions(text)
    assert len(result.questions) == 17 * 1_200
    assert result.questions[-1] == Q(
        "17", "Do you agree with proposal 17?", ("Yes", "No"), section="Part 1200: Proposals"
    )
    assert sum("More than one question is numbered" in note for note in result.notes) == 17


def test_non_text_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        parse_questions(b"1. Do you agree?")  # type: ignore[arg-type]


NOTES: list[tuple[str, str, list[str]]] = [
    (
        "ignored line",
        "1. Do you agree?\nYes / No\nThis paragraph explains the proposal.\n",
        [
            (
                "Line 3 was not recognised as part of any question and was ignored: "
                "'This paragraph explains the proposal.'"
            )
        ],
    ),
    (
        "long ignored line is shortened",
        "1. Do you agree?\n\n" + "The government proposes " * 10 + "\n",
        [
            (
                "Line 3 was not recognised as part of any question and was ignored: "
                "'The government proposes The government proposes The governm…'"
            )
        ],
    ),
    (
        "duplicate numbers are kept and reported",
        (
            "1. Should it cover live use?\n2. Should it cover retrospective use?\n"
            "2. Should it cover operator-initiated use?\n"
        ),
        [
            (
                "More than one question is numbered 2 (Line 2 and Line 3). "
                "All of them were kept: check the numbering."
            )
        ],
    ),
    (
        "a gap in the numbering",
        "1. Should it cover live use?\n3. Should it cover retrospective use?\n",
        [
            (
                "Question 3 comes straight after question 1: check that no question is "
                "missing or misnumbered."
            )
        ],
    ),
    (
        "bulleted questions are numbered in order",
        "• Should it cover live use?\n• Should it cover retrospective use?\n",
        ["The questions had no numbers, so they were numbered 1 to 2 in the order they appear."],
    ),
    (
        "a number without wording",
        "1. Should it cover live use?\n2.\n\n3. Who should oversee it?\n",
        [
            "Line 2 has the question number 2 but no wording, so it was left out.",
            (
                "Question 3 comes straight after question 1: check that no question is "
                "missing or misnumbered."
            ),
        ],
    ),
    (
        "a heading with no question after it",
        "1. Should it cover live use?\n\nPart 2: Oversight\n",
        [
            (
                "Line 3 looks like a heading, but no question follows it, so it was ignored: "
                "'Part 2: Oversight'"
            )
        ],
    ),
    (
        "an instruction",
        "1. Which should it cover?\nSelect all that apply\n☐ Live\n☐ Retrospective\n",
        [
            (
                "Line 2 was read as an instruction on how to answer and left out: "
                "'Select all that apply'"
            )
        ],
    ),
    ("a clean paste has no notes", "Q1. Do you agree?\nAgree / Disagree\n", []),
]


@pytest.mark.parametrize(
    ("text", "notes"), [pytest.param(text, notes, id=name) for name, text, notes in NOTES]
)
def test_notes(text: str, notes: list[str]) -> None:
    assert list(parse_questions(text).notes) == notes


def test_duplicates_are_both_kept() -> None:
    result = parse_questions("2. First wording?\n2. Second wording?\n")
    assert [(q.label, q.text) for q in result.questions] == [
        ("2", "First wording?"),
        ("2", "Second wording?"),
    ]

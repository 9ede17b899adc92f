"""A realistic 17-question consultation in the style of the Home Office's 2025
biometrics consultation (wording written for this test), in three layouts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafter.core.questions import ParsedQuestion as Q
from drafter.core.questions import parse_questions

PASTE = (Path(__file__).parent / "data" / "ho_style_17_questions.txt").read_text(encoding="utf-8")

TITLE = (
    "Legal framework for law enforcement use of biometrics, facial recognition and similar "
    "technologies: consultation questions"
)
LIKERT = ("Agree", "Neither agree nor disagree", "Disagree", "Don’t know")
EXPLAIN = "Please explain your answer."
SCOPE = "Part 1: Scope of the framework"
ORGANISATIONS = "Part 2: Which organisations the framework applies to"
HARM = "Part 3: Seriousness of harm and safeguards"
AUTHORISATION = "Part 4: Authorisation"
BIAS = "Part 5: Bias and discrimination"
OVERSIGHT = "Part 6: Oversight"

EXPECTED = (
    Q(
        "1",
        "Do you agree that the new framework should cover live facial recognition, "
        "retrospective facial recognition and operator-initiated facial recognition?",
        LIKERT,
        EXPLAIN,
        SCOPE,
    ),
    Q(
        "2",
        "Do you agree that the framework should also cover other biometric technologies, "
        "such as voice or gait recognition?",
        LIKERT,
        EXPLAIN,
        SCOPE,
    ),
    Q(
        "3",
        "Do you agree that the framework should cover inferential technologies that claim "
        "to detect emotions or intentions?",
        LIKERT,
        EXPLAIN,
        SCOPE,
    ),
    Q(
        "4",
        "Should the framework cover object recognition technologies, such as number plate "
        "or weapon detection?",
        ("Yes", "No", "Don’t know"),
        "If yes, please explain which ones.",
        SCOPE,
    ),
    Q(
        "5",
        "Are there any other technologies the framework should cover?",
        section=SCOPE,
        word_limit=250,
    ),
    Q(
        "6",
        "Do you agree that the framework should apply to all police forces in England and Wales?",
        LIKERT,
        EXPLAIN,
        ORGANISATIONS,
    ),
    Q(
        "7",
        "Do you agree that it should also apply to other law enforcement bodies, such as "
        "the National Crime Agency?",
        LIKERT,
        EXPLAIN,
        ORGANISATIONS,
    ),
    Q(
        "8",
        "Which other organisations, if any, should the framework apply to?",
        section=ORGANISATIONS,
    ),
    Q(
        "9",
        "Do you agree that the seriousness of the harm being prevented should decide how "
        "and when these technologies may be used?",
        LIKERT,
        EXPLAIN,
        HARM,
    ),
    Q(
        "10",
        "Do you agree that extra safeguards should apply when police search other "
        "government databases, such as passport or immigration records?",
        LIKERT,
        EXPLAIN,
        HARM,
    ),
    Q(
        "11",
        "What safeguards should apply to those searches?",
        prompt="Please give reasons.",
        section=HARM,
        char_limit=2000,
    ),
    Q(
        "12",
        "Who should authorise a deployment of live facial recognition?",
        ("A senior police officer", "A judge", "An independent commissioner", "Don’t know"),
        EXPLAIN,
        AUTHORISATION,
    ),
    Q(
        "13",
        "Do you agree that authorisation should be recorded and published?",
        LIKERT,
        EXPLAIN,
        AUTHORISATION,
    ),
    Q(
        "14",
        "Do you agree that every system should be independently tested for bias across "
        "age, sex and ethnicity before use?",
        LIKERT,
        EXPLAIN,
        BIAS,
    ),
    Q(
        "15",
        "What else should be done to guard against bias and discrimination?",
        section=BIAS,
    ),
    Q(
        "16",
        "Do you agree that a single independent body should oversee law enforcement use "
        "of these technologies?",
        LIKERT,
        EXPLAIN,
        OVERSIGHT,
    ),
    Q(
        "17",
        "What powers should that oversight body have?",
        prompt="Please explain your answer, giving examples where you can.",
        section=OVERSIGHT,
        word_limit=500,
    ),
)


def _as_numbered_with_checkboxes(text: str) -> str:
    """The same questions as an online form copy: '1.' numbers, one '○' answer a line."""
    text = re.sub(r"^Question (\d+): ", r"\1. ", text, flags=re.MULTILINE)
    likert_line = " / ".join(LIKERT)
    return text.replace(likert_line, "\n".join(f"○ {option}" for option in LIKERT))


def _as_windows_q_labels(text: str) -> str:
    """The same again from a Word file on Windows: 'Q1.' labels, tabs, CRLF endings."""
    text = re.sub(r"^Question (\d+): ", "Q\\1.\\t", text, flags=re.MULTILINE)
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(PASTE, id="Question N labels"),
        pytest.param(_as_numbered_with_checkboxes(PASTE), id="numbered, checkbox answers"),
        pytest.param(_as_windows_q_labels(PASTE), id="Q labels, tabs, CRLF"),
    ],
)
def test_seventeen_question_consultation(text: str) -> None:
    result = parse_questions(text)
    assert result.title == TITLE
    assert len(result.questions) == 17
    for got, expected in zip(result.questions, EXPECTED, strict=True):
        assert got == expected
    # The introduction paragraph is the only line left over, and it is reported.
    assert result.notes == (
        (
            "Line 3 was not recognised as part of any question and was ignored: "
            "'This consultation closes on 12 February 2026. Answers to al…'"
        ),
    )

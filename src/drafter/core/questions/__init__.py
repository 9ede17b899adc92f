"""Reading a consultation's questions from pasted text or a Word file.

The result is shown to the user for review before anything is stored, so the
parser reports every guess it made in ``ParsedQuestionSet.notes`` and never
invents wording: each question's text and options are cut from the input.

Labels are the number as printed, without prefix or punctuation:
'1.', '1)', '1:', '(1)', 'Q1', 'Q1.', 'Q 1:', 'Question 1 –' -> '1';
'5a)', '5a.', '5(a)', '5 (a)', 'Q5(a)', 'Question 5a:' -> '5a'; '(a)', 'a)' or
'a.' under question 5 (or 5b) -> '5a'; letters lower-cased, leading zeros
dropped. Unnumbered bulleted questions and Word's automatic list numbers are
counted 1, 2, 3… and a note says so. A label printed twice is kept twice (never
renumbered or suffixed, since answers must match the consultation's numbers)
and a note names the lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drafter.core.questions.model import ParsedQuestion, ParsedQuestionSet, QuestionParseError
from drafter.core.questions.parse import parse_questions

if TYPE_CHECKING:
    from drafter.core.questions.from_docx import questions_from_docx


def __getattr__(name: str) -> Any:
    # The .docx reader imports python-docx (a tenth of a second): only when a Word file is read.
    if name == "questions_from_docx":
        from drafter.core.questions.from_docx import questions_from_docx

        return questions_from_docx
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "ParsedQuestion",
    "ParsedQuestionSet",
    "QuestionParseError",
    "parse_questions",
    "questions_from_docx",
]

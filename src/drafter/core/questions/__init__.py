"""Reading a consultation's questions from pasted text or a Word file.

The result is shown to the user for review before anything is stored, so the
parser reports every guess it made in ``ParsedQuestionSet.notes`` and never
invents wording: each question's text is cut from the input.

Labels are normalised to the number as printed without prefix or punctuation:
'1.', '1)', '(1)', 'Q1', 'Q 1:', 'Question 1 –' -> '1'; '5a)', '5a.', '5(a)',
'Q5(a)' -> '5a'; '(a)' or 'a.' under question 5 -> '5a'; letters lower-cased,
leading zeros dropped. A label printed twice stays twice, with a note.
"""

from __future__ import annotations

from drafter.core.questions.from_docx import questions_from_docx
from drafter.core.questions.model import ParsedQuestion, ParsedQuestionSet, QuestionParseError
from drafter.core.questions.parse import parse_questions

__all__ = [
    "ParsedQuestion",
    "ParsedQuestionSet",
    "QuestionParseError",
    "parse_questions",
    "questions_from_docx",
]

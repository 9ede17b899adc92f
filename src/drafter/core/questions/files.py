"""Reading a file of questions: one reader for the window and the command line.

A .docx is read with its paragraphs and Word's list numbers
(``questions_from_docx``); a text file is decoded as the importers decode text
(``drafter.core.importers.encoding``: a byte-order mark, strict UTF-8, then a
guess the reviewer is told about), so a file saved by an older Windows program
(cp1252) reads the same in both places instead of being garbled in one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from drafter.core.errors import DrafterError
from drafter.core.questions.model import ParsedQuestionSet
from drafter.core.questions.parse import parse_questions

#: The kinds of file questions are read from (.md is text too: the window has always offered it).
QUESTION_FILE_TYPES = (".txt", ".md", ".docx")
#: The file dialog's filter for them.
QUESTION_FILE_FILTER = "Word or text (*.docx *.txt *.md)"


class QuestionFileError(DrafterError):
    """The file of questions is missing, unreadable, of the wrong type, or holds no questions."""


@dataclass(frozen=True)
class QuestionsFile:
    """What a file of questions holds: the questions as read, and its text (empty for a Word file).

    The window shows the text for the user to correct before the questions are used.
    """

    parsed: ParsedQuestionSet
    text: str = ""


def read_questions_file(path: Path) -> QuestionsFile:
    """The questions of a .txt, .md or .docx file; every failure is a ``QuestionFileError`` naming the file."""
    suffix = path.suffix.lower()
    if suffix not in QUESTION_FILE_TYPES:
        raise QuestionFileError(
            f"Drafter reads questions from a .txt or .docx file, and {path.name} is not one.",
            hint="Copy the questions from the consultation document into a text file, or save it as .docx.",
        )
    from drafter.core.filekinds import open_regular

    try:
        with open_regular(path, QuestionFileError) as handle:  # never waits on a pipe
            data = handle.read()
    except FileNotFoundError:
        raise QuestionFileError(f"There is no file {path}.") from None
    except OSError as exc:
        raise QuestionFileError(f"The file {path} can't be read: {exc.strerror or exc}.") from exc
    try:
        if suffix == ".docx":
            from drafter.core.questions.from_docx import questions_from_docx

            return QuestionsFile(questions_from_docx(data))
        from drafter.core.importers.encoding import decode_bytes

        decoded = decode_bytes(data)
        parsed = parse_questions(decoded.text)
    except QuestionFileError:
        raise
    except DrafterError as exc:
        # The parser's messages don't know the file's name; the person reading them needs it.
        raise QuestionFileError(f"{path.name}: {exc.message}", hint=exc.hint) from exc
    # A guessed encoding deserves a note as much as the parser's own guesses do.
    return QuestionsFile(replace(parsed, notes=(*decoded.warnings, *parsed.notes)), decoded.text)

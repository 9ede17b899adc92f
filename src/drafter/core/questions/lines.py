"""Turning pasted text (or a Word file's paragraphs) into the lines the parser reads.

Both inputs end up as ``SourceLine``s so one parser serves both: a Word file
adds what its text alone does not carry (automatic list numbers, heading
styles), a paste carries only text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from drafter.core.questions.model import QuestionParseError

# Far more than any consultation's question list (the Home Office's 17 questions
# are ~5,000 characters); past this the user has pasted a whole document or a file.
MAX_INPUT_CHARS = 1_000_000

NO_QUESTIONS_HINT = "Paste the questions with their numbers, e.g. '1. Do you agree…'"

AutoKind = Literal["number", "letter", "bullet"]


@dataclass(frozen=True)
class SourceLine:
    """One non-blank line, stripped, with where it came from for notes."""

    text: str
    where: str
    # A blank line (or, in Word, a paragraph break) came before it: a new paragraph.
    blank_before: bool
    # Word's automatic list numbering, which is not part of the paragraph's text.
    auto_kind: AutoKind | None = None
    auto_label: str | None = None
    heading_style: bool = False
    title_style: bool = False


def check_text_size(length: int) -> None:
    if length > MAX_INPUT_CHARS:
        raise QuestionParseError(
            f"The text is too long to be a list of questions ({length:,} characters; "
            f"the most Drafter reads is {MAX_INPUT_CHARS:,}).",
            hint="Paste only the consultation's questions, not the whole document.",
        )


def _looks_binary(text: str) -> bool:
    # A real paste has no NULs and at most a stray control character; binary
    # data decoded as text is full of them (or of U+FFFD replacement characters).
    if "\x00" in text:
        return True
    junk = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\v\f")
    )
    return junk > max(3, len(text) // 100)


_SURROGATES = re.compile("[\ud800-\udfff]")


def split_text(text: str) -> list[SourceLine]:
    """Check pasted text and split it into non-blank lines.

    Raises ``QuestionParseError`` for empty, oversized or binary input.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_questions() needs a str, not {type(text).__name__}")
    check_text_size(len(text))
    # Lone surrogates (text decoded with 'surrogateescape', or broken UTF-16) are
    # not characters: they can't be stored or printed, so they go, as in the importers.
    text = _SURROGATES.sub("", text)
    if not text.strip():
        raise QuestionParseError("There is no text to read.", hint=NO_QUESTIONS_HINT)
    if _looks_binary(text):
        raise QuestionParseError(
            "This doesn't look like text: it may be part of a file in another format.",
            hint="Copy the questions from the consultation document and paste them as text.",
        )
    lines: list[SourceLine] = []
    blank_before = True
    # splitlines() also breaks on \r, \v, \f and U+2028, which Word and PDF
    # viewers put on the clipboard for soft line breaks.
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped:
            blank_before = True
            continue
        lines.append(SourceLine(stripped, f"Line {number}", blank_before))
        blank_before = False
    return lines


def normalise_spaces(text: str) -> str:
    """Collapse every run of whitespace (tabs, line breaks, NBSP) to one space."""
    return " ".join(text.split())


def excerpt(text: str, limit: int = 60) -> str:
    text = normalise_spaces(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

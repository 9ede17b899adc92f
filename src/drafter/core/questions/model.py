"""What the question parser hands back: plain, immutable values.

The review dialog shows a ``ParsedQuestionSet`` to the user before anything is
stored, so these carry the parse exactly as read plus human-readable notes about
everything the parser was unsure of; nothing here touches storage.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafter.core.errors import DrafterError


class QuestionParseError(DrafterError):
    """The text or file holds no questions the parser can read; the message says why."""


@dataclass(frozen=True)
class ParsedQuestion:
    """One consultation question as printed.

    ``label`` is the consultation's own number, normalised: no 'Q'/'Question'
    prefix, no punctuation, sub-question letters lower-cased and attached
    ('Q1' -> '1', '5(a)' -> '5a', '(b)' after question 5 -> '5b').
    ``text`` is the wording exactly as given, wrapped lines joined with single
    spaces. ``options`` are the closed answers in order; ``prompt`` is the
    follow-up request ('Please explain your answer.') when there is one.
    """

    label: str
    text: str
    options: tuple[str, ...] = ()
    prompt: str | None = None
    section: str | None = None
    word_limit: int | None = None
    char_limit: int | None = None


@dataclass(frozen=True)
class ParsedQuestionSet:
    """The questions read from one paste or file, in order.

    ``notes`` are remarks for the person reviewing the import: lines that were
    ignored, numbers that were worked out rather than read, duplicate or missing
    numbers. Duplicate labels are kept as printed (never renumbered or
    suffixed) and always reported in a note.

    ``warnings`` are what the reviewer must look at before accepting the import:
    a question far longer than the others, which may be several read as one.
    """

    title: str | None
    questions: tuple[ParsedQuestion, ...]
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

"""Counting an answer against its limit, the way consultation forms count.

Words are runs of non-space characters (what Word's count and most web forms
do); characters include spaces, as online forms count them.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafter.core.responses.records import QuestionRecord
from drafter.core.wording import counted


def count_words(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class AnswerCount:
    words: int
    characters: int
    word_limit: int | None
    char_limit: int | None

    @property
    def over_limit(self) -> bool:
        return (self.word_limit is not None and self.words > self.word_limit) or (
            self.char_limit is not None and self.characters > self.char_limit
        )

    def describe(self) -> str:
        parts = []
        if self.word_limit is not None:
            parts.append(f"{self.words:,} of {counted(self.word_limit, 'word')}")
        else:
            parts.append(counted(self.words, "word"))
        if self.char_limit is not None:
            parts.append(f"{self.characters:,} of {counted(self.char_limit, 'character')}")
        return ", ".join(parts)


def count_answer(question: QuestionRecord, *, include_quotations: bool) -> AnswerCount:
    """Words and characters of the answer as it would be submitted.

    Paragraphs are joined by blank lines; a quotation counts its lead-in and,
    when the consultation counts quotations, the quoted words themselves.
    """
    pieces: list[str] = []
    for block in question.blocks:
        if block.text.strip():
            pieces.append(block.text.strip())
        if block.is_quotation and include_quotations and block.snippet is not None:
            pieces.append(block.quoted_text or "")
    text = "\n\n".join(pieces)
    return AnswerCount(count_words(text), len(text), question.word_limit, question.char_limit)

"""Questions' printed numbers compared, continued and checked; plain functions of the records.

Apart from ``appending`` (which writes) so that the window's dialogs and the command line's
argument checks use them without loading the database layer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drafter.core.questions import ParsedQuestion
    from drafter.core.responses.records import QuestionRecord, ResponseDocument


def label_key(label: str) -> str:
    """A question's number reduced to compare: 'Q5(a)', 'question 5a:', '5A.' -> '5a'."""
    text = label.strip().casefold()
    text = re.sub(r"^(?:question|q)\s*(?=\d)", "", text)
    return re.sub(r"[\s().:\-–]", "", text)


def labels_in_use(document: ResponseDocument, parsed: Sequence[ParsedQuestion]) -> list[str]:
    """The pasted questions' numbers that the response already has, as pasted, each once, in order."""
    existing = {label_key(q.label) for q in document.questions if q.label.strip()}
    found: dict[str, str] = {}
    for question in parsed:
        key = label_key(question.label)
        if key and key in existing:
            found.setdefault(key, question.label)
    return list(found.values())


def next_label(document: ResponseDocument) -> str:
    """One more than the highest plain number there ('7' after '6a' and '6'): the numbering continues."""
    numbers = [int(q.label) for q in document.questions if q.label.strip().isdecimal() and len(q.label) < 10]
    return str(max(numbers, default=0) + 1)


def has_answer(question: QuestionRecord) -> bool:
    """The question has something of the user's in it: a chosen option, a quotation or words."""
    return bool(question.chosen_option) or any(b.is_quotation or b.text.strip() for b in question.blocks)

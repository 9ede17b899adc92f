"""More questions for a response that has some already: appended after them, never merged.

A consultation's questions are often pasted in parts (one chapter, then the next). The
pasted questions go after the last one there, in their order, with their printed
numbers. A pasted question whose number the response already has is added all the same
(the consultation may really print two question 3s), but ``numbering.labels_in_use`` names it so
that the window and the command line say so before anything is stored; nothing is ever
merged into, or replaces, a question that may have an answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from drafter.core.models import Question
from drafter.core.questions import ParsedQuestion
from drafter.core.responses.operations import InvalidResponseError, _questions, _response, _touch
from drafter.core.responses.reading import get_response
from drafter.core.responses.records import QuestionRecord
from drafter.core.store import Store


def append_questions(store: Store, response_id: int, parsed: Sequence[ParsedQuestion]) -> list[QuestionRecord]:
    """Add ``parsed`` after the response's last question, in order; returns the new questions."""
    if not parsed:
        raise InvalidResponseError("There are no questions to add.")
    for question in parsed:
        if not question.text.strip():
            raise InvalidResponseError(f"Question {question.label} has no text.")
    with store.transaction() as session:
        _response(session, response_id)
        start = len(_questions(session, response_id))
        rows = [
            Question(response_id=response_id, position=start + i, label=p.label.strip(), text=p.text.strip(),
                     section=p.section, options=[o.strip() for o in p.options if o.strip()], prompt=p.prompt,
                     word_limit=p.word_limit, char_limit=p.char_limit)
            for i, p in enumerate(parsed)
        ]
        session.add_all(rows)
        session.flush()
        ids = [row.id for row in rows]
        _touch(session, response_id)
    document = get_response(store, response_id)
    return [document.question(i) for i in ids if i is not None]

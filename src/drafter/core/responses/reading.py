"""Reading responses: the list of them and one whole response.

Plain ``sqlite3`` through ``Store.reader()``, like ``drafter.core.listing``: the
window reads the open response after every autosave and at start-up, before
SQLAlchemy has been imported. Each read comes back from SQLite in one step
(``store.onestep``). Every change still goes through the ORM in ``operations``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from drafter.core.errors import NotFoundError
from drafter.core.responses.records import (
    BlockRecord,
    QuestionRecord,
    ResponseDetails,
    ResponseDocument,
    ResponseSummary,
)
from drafter.core.store import onestep

if TYPE_CHECKING:
    from drafter.core.store import Store


def list_responses(store: Store) -> list[ResponseSummary]:
    """Every response, the one changed last first."""
    rows = onestep.rows(
        store.reader(),
        ("r.id", "r.consultation_title", "r.organisation", "r.deadline",
         "(SELECT count(*) FROM question q WHERE q.response_id = r.id)", "r.updated_at"),
        "FROM response r ORDER BY r.updated_at DESC, r.id DESC",
    )
    return [ResponseSummary(i, title, org, deadline, int(n), updated) for i, title, org, deadline, n, updated in rows]


def _flag(value: object) -> bool | None:
    return None if value is None else bool(value)


def quoted_pages(store: Store, response_id: int) -> tuple[str, list[tuple[int, str | None, str | None]]] | None:
    """The response's citation style and, in document order, each quotation's source id, page
    label and own pinpoint: all its citations need. None if there is no such response.

    Two steps of SQLite, where ``get_response`` reads every question, block and snippet.
    """
    connection = store.reader()
    style = onestep.values(connection, "citation_style", "FROM response WHERE id = ?", (response_id,))
    if not style:
        return None
    quoted = onestep.rows(
        connection,
        ("s.source_id", "s.page_label", "b.pinpoint"),
        "FROM answer_block b JOIN question q ON q.id = b.question_id JOIN snippet s ON s.id = b.snippet_id "
        "WHERE q.response_id = ? AND b.kind = 'quotation' ORDER BY q.position, b.question_id, b.position",
        (response_id,),
    )
    return style[0], [(source_id, label, pinpoint) for source_id, label, pinpoint in quoted]


def get_response(store: Store, response_id: int) -> ResponseDocument:
    """The whole response, with every question, block and quoted snippet."""
    from drafter.core.listing import snippet_records

    connection = store.reader()
    row = onestep.row(
        connection,
        ("consultation_title", "consulting_body", "deadline", "submit_to", "organisation", "contact", "may_publish",
         "introduction", "citation_style", "quotations_count_toward_limit", "created_at", "updated_at"),
        "FROM response WHERE id = ?",
        (response_id,),
    )
    if row is None:
        raise NotFoundError(f"There is no response with id {response_id}.")
    details = ResponseDetails(
        consultation_title=row[0], consulting_body=row[1], deadline=row[2], submit_to=row[3],
        organisation=row[4], contact=row[5], may_publish=_flag(row[6]), introduction=row[7],
        citation_style=row[8], quotations_count_toward_limit=bool(row[9]),
    )
    questions = onestep.rows(
        connection,
        ("id", "position", "label", "text", "section", "options", "prompt", "chosen_option", "word_limit",
         "char_limit", "confidential", "assigned_to"),
        "FROM question WHERE response_id = ? ORDER BY position",
        (response_id,),
    )
    blocks = onestep.rows(
        connection,
        ("b.id", "b.question_id", "b.position", "b.kind", "b.text", "b.snippet_id", "b.recommendation",
         "b.shortened", "b.pinpoint", "b.version", "b.edited_by", "b.edited_at"),
        "FROM answer_block b JOIN question q ON q.id = b.question_id WHERE q.response_id = ? "
        "ORDER BY b.question_id, b.position",
        (response_id,),
    )
    quoted = sorted({b[5] for b in blocks if b[5] is not None})
    snippets = {s.id: s for s in snippet_records(store, quoted)}
    by_question: dict[int, list[BlockRecord]] = {}
    for (block_id, question_id, position, kind, text, snippet_id, recommendation, shortened, pinpoint,
         version, edited_by, edited_at) in blocks:
        by_question.setdefault(question_id, []).append(
            BlockRecord(block_id, question_id, position, kind, text, snippet_id,
                        snippets.get(snippet_id) if snippet_id is not None else None, bool(recommendation),
                        shortened, pinpoint, version=int(version), edited_by=edited_by, edited_at=edited_at)
        )
    return ResponseDocument(
        id=response_id,
        details=details,
        questions=tuple(
            QuestionRecord(
                id=q[0], response_id=response_id, position=q[1], label=q[2], text=q[3], section=q[4],
                options=tuple(json.loads(q[5]) or ()), prompt=q[6], chosen_option=q[7], word_limit=q[8],
                char_limit=q[9], confidential=bool(q[10]), blocks=tuple(by_question.get(q[0], ())),
                assigned_to=q[11],
            )
            for q in questions
        ),
        created_at=row[10],
        updated_at=row[11],
    )

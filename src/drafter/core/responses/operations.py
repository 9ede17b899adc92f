"""Every change to a response, one transaction each.

Positions of questions within a response, and of blocks within a question, are
kept contiguous (0, 1, 2 …) by every operation, so order is never ambiguous.
Deleting returns a snapshot that ``restore_*`` puts back exactly (for undo).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields, replace

from sqlmodel import Session, col, func, select

from drafter.core.errors import DrafterError, NotFoundError, RefusedError
from drafter.core.models import AnswerBlock, Question, Response, Snippet, utc_now
from drafter.core.questions import ParsedQuestion

# Reading is plain SQL (``reading``); importable from here as before.
from drafter.core.responses.reading import get_response, list_responses  # noqa: F401 - list_responses re-exported
from drafter.core.responses.records import (
    BlockRecord,
    QuestionRecord,
    ResponseDetails,
    ResponseDocument,
)
from drafter.core.store import Store

BLOCK_KINDS = ("paragraph", "quotation")


class InvalidResponseError(DrafterError):
    """A value the user gave for a response or question can't be stored."""




def _details(row: Response) -> ResponseDetails:
    return ResponseDetails(**{f.name: getattr(row, f.name) for f in fields(ResponseDetails)})


# --- responses ----------------------------------------------------------------------------


def validate_details(details: ResponseDetails) -> ResponseDetails:
    from drafter.core.dates import PartialDate

    title = " ".join((details.consultation_title or "").split())
    if not title:
        raise InvalidResponseError("A response needs the consultation's title.")
    deadline = (details.deadline or "").strip() or None
    if deadline is not None:
        try:
            parsed = PartialDate.parse_iso(deadline)
        except ValueError:
            parsed = None
        if parsed is None or parsed.day is None:
            raise InvalidResponseError(f"The deadline '{deadline}' must be a full date such as 2026-02-12.")
    def clean(value: str | None) -> str | None:
        return (value or "").strip() or None
    return replace(
        details,
        consultation_title=title,
        deadline=deadline,
        consulting_body=clean(details.consulting_body),
        submit_to=clean(details.submit_to),
        organisation=clean(details.organisation),
        contact=clean(details.contact),
        citation_style=(details.citation_style or "oscola").strip() or "oscola",
    )


def create_response(store: Store, details: ResponseDetails) -> ResponseDocument:
    details = validate_details(details)
    with store.transaction() as session:
        row = Response(**{f.name: getattr(details, f.name) for f in fields(ResponseDetails)})
        session.add(row)
        session.flush()
        new_id = row.id
    assert new_id is not None
    return get_response(store, new_id)


def update_response(store: Store, response_id: int, **changes: object) -> ResponseDocument:
    """Change some of a response's details (names as in ``ResponseDetails``)."""
    unknown = set(changes) - {f.name for f in fields(ResponseDetails)}
    if unknown:
        raise InvalidResponseError(f"Unknown response detail(s): {', '.join(sorted(unknown))}.")
    with store.transaction() as session:
        row = _response(session, response_id)
        details = validate_details(replace(_details(row), **changes))  # type: ignore[arg-type]
        for f in fields(ResponseDetails):
            setattr(row, f.name, getattr(details, f.name))
        row.updated_at = utc_now()
        session.add(row)
    return get_response(store, response_id)


def delete_response(store: Store, response_id: int) -> None:
    with store.transaction() as session:
        row = _response(session, response_id)
        for question in session.exec(select(Question).where(Question.response_id == response_id)).all():
            for block in session.exec(select(AnswerBlock).where(AnswerBlock.question_id == question.id)).all():
                session.delete(block)
            session.delete(question)
        session.delete(row)


def duplicate_response(store: Store, response_id: int, *, title: str | None = None) -> ResponseDocument:
    """A copy of a response (details, questions, answers) to adapt for a similar consultation."""
    original = get_response(store, response_id)
    details = validate_details(replace(
        original.details,
        consultation_title=f"{original.details.consultation_title} (copy)" if title is None else title,
    ))
    with store.transaction() as session:
        row = Response(**{f.name: getattr(details, f.name) for f in fields(ResponseDetails)})
        session.add(row)
        session.flush()
        for question in original.questions:
            q = Question(
                response_id=row.id, position=question.position, label=question.label, text=question.text,  # type: ignore[arg-type]
                section=question.section, options=list(question.options), prompt=question.prompt,
                chosen_option=question.chosen_option, word_limit=question.word_limit,
                char_limit=question.char_limit, confidential=question.confidential,
            )
            session.add(q)
            session.flush()
            for block in question.blocks:
                session.add(AnswerBlock(question_id=q.id, position=block.position, kind=block.kind,  # type: ignore[arg-type]
                                        text=block.text, snippet_id=block.snippet_id,
                                        recommendation=block.recommendation,
                                        shortened=block.shortened, pinpoint=block.pinpoint))
        new_id = row.id
    assert new_id is not None
    return get_response(store, new_id)


# --- questions ----------------------------------------------------------------------------


def _response(session: Session, response_id: int) -> Response:
    row = session.get(Response, response_id)
    if row is None:
        raise NotFoundError(f"There is no response with id {response_id}.")
    return row


def _question(session: Session, question_id: int) -> Question:
    row = session.get(Question, question_id)
    if row is None:
        raise NotFoundError(f"There is no question with id {question_id}.")
    return row


def _touch(session: Session, response_id: int) -> None:
    row = session.get(Response, response_id)
    if row is not None:
        row.updated_at = utc_now()
        session.add(row)


def _questions(session: Session, response_id: int) -> list[Question]:
    return list(
        session.exec(
            select(Question).where(Question.response_id == response_id).order_by(col(Question.position))
        ).all()
    )


def _renumber(rows: Sequence[Question | AnswerBlock]) -> None:
    """Number ``rows`` 0, 1, 2 … in the order given, writing only the rows whose place changes.

    Positions are unique within an answer (and a response) by a unique index (migration
    0007), checked at every statement: the rows that move first go to places no row can
    hold (below zero), then to their own, with a flush after each pass.
    """
    from sqlalchemy.orm import object_session

    moving = [(i, row) for i, row in enumerate(rows) if row.position != i]
    if not moving:
        return
    session = object_session(moving[0][1])
    for i, row in moving:
        row.position = -1 - i
    if session is not None:
        session.flush()
    for i, row in moving:
        row.position = i
    if session is not None:
        session.flush()


def close_gaps(session: Session, question_ids: Iterable[int]) -> None:
    """Number the blocks of these answers 0, 1, 2 … again after blocks were removed from them."""
    for question_id in set(question_ids):
        _renumber(_blocks(session, question_id))


def _park(row: Question | AnswerBlock) -> None:
    """Move a row out of every answer's range of places before it changes answer (see ``_renumber``)."""
    from sqlalchemy.orm import object_session

    assert row.id is not None
    # Far below _renumber's -1, -2 …, and still a 32-bit integer (a PostgreSQL server's INTEGER).
    row.position = -(1 << 30) - row.id
    session = object_session(row)
    if session is not None:
        session.flush()


def replace_questions(store: Store, response_id: int, parsed: Sequence[ParsedQuestion]) -> ResponseDocument:
    """Replace all questions (after the user reviewed the parse). Refused if answers would be lost."""
    with store.transaction() as session:
        _response(session, response_id)
        existing = _questions(session, response_id)
        # A chosen option is part of the answer as much as the blocks are.
        answered = [q for q in existing if q.chosen_option or session.exec(
            select(func.count()).select_from(AnswerBlock).where(AnswerBlock.question_id == q.id)).one()]
        if answered:
            raise RefusedError(
                f"{len(answered)} question(s) already have answers, so the questions can't be replaced "
                "all at once. Edit, add or remove questions one by one instead."
            )
        for q in existing:
            session.delete(q)
        session.flush()
        for i, p in enumerate(parsed):
            session.add(Question(
                response_id=response_id, position=i, label=p.label, text=p.text, section=p.section,
                options=list(p.options), prompt=p.prompt, word_limit=p.word_limit, char_limit=p.char_limit,
            ))
        _touch(session, response_id)
    return get_response(store, response_id)


def add_question(
    store: Store, response_id: int, *, label: str, text: str, position: int | None = None,
    options: Sequence[str] = (), prompt: str | None = None, section: str | None = None,
    word_limit: int | None = None, char_limit: int | None = None,
) -> QuestionRecord:
    if not text.strip():
        raise InvalidResponseError("A question needs its text.")
    _check_limits(word_limit, char_limit)
    with store.transaction() as session:
        _response(session, response_id)
        rows = _questions(session, response_id)
        row = Question(response_id=response_id, position=len(rows), label=label.strip(), text=text.strip(),
                       options=[o.strip() for o in options if o.strip()], prompt=prompt, section=section,
                       word_limit=word_limit, char_limit=char_limit)
        session.add(row)
        session.flush()
        at = len(rows) if position is None else max(0, min(position, len(rows)))
        rows.insert(at, row)
        _renumber(rows)
        _touch(session, response_id)
        new_id = row.id
    assert new_id is not None
    return get_response(store, response_id).question(new_id)


def _check_limits(word_limit: int | None, char_limit: int | None) -> None:
    for name, value in (("word", word_limit), ("character", char_limit)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value <= 0):
            raise InvalidResponseError(f"A {name} limit must be a whole number above zero.")


_QUESTION_FIELDS = {"label", "text", "section", "options", "prompt", "word_limit", "char_limit", "confidential"}


def update_question(store: Store, question_id: int, **changes: object) -> QuestionRecord:
    unknown = set(changes) - _QUESTION_FIELDS
    if unknown:
        raise InvalidResponseError(f"Unknown question field(s): {', '.join(sorted(unknown))}.")
    if "text" in changes and not str(changes["text"]).strip():
        raise InvalidResponseError("A question needs its text.")
    _check_limits(changes.get("word_limit"), changes.get("char_limit"))  # type: ignore[arg-type]
    if isinstance(changes.get("options"), str):
        # A bare string would be stored letter by letter.
        raise InvalidResponseError("A question's options must be a list of options.")
    with store.transaction() as session:
        row = _question(session, question_id)
        for name, value in changes.items():
            if name in ("label", "text"):
                value = str(value).strip()
            elif name == "options":
                value = [str(o).strip() for o in value if str(o).strip()]  # type: ignore[attr-defined]
                # A choice survives a change of spelling ('agree' -> 'Agree') but not its option's removal.
                if row.chosen_option:
                    row.chosen_option = _match_option(value, row.chosen_option)
            setattr(row, name, value)
        session.add(row)
        _touch(session, row.response_id)
        response_id = row.response_id
    return get_response(store, response_id).question(question_id)


def set_chosen_option(store: Store, question_id: int, option: str | None) -> QuestionRecord:
    """Choose one of the question's options (matched case-insensitively), or clear the choice."""
    with store.transaction() as session:
        row = _question(session, question_id)
        if option is not None:
            if not row.options:
                raise InvalidResponseError(
                    f"Question {row.label} has no options to choose from; answer it in words instead."
                )
            match = _match_option(row.options, option)
            if match is None:
                raise InvalidResponseError(
                    f"'{option}' is not an option of question {row.label}. "
                    f"Its options are: {' / '.join(row.options)}."
                )
            option = match
        row.chosen_option = option
        session.add(row)
        _touch(session, row.response_id)
        response_id = row.response_id
    return get_response(store, response_id).question(question_id)


def _match_option(options: Sequence[str], option: str) -> str | None:
    """The option as the question spells it, matched ignoring case and surrounding spaces."""
    wanted = option.strip().casefold()
    return next((o for o in options if o.casefold() == wanted), None)


def move_question(store: Store, question_id: int, position: int) -> None:
    with store.transaction() as session:
        row = _question(session, question_id)
        rows = [q for q in _questions(session, row.response_id) if q.id != question_id]
        rows.insert(max(0, min(position, len(rows))), row)
        _renumber(rows)
        _touch(session, row.response_id)


def delete_question(store: Store, question_id: int) -> QuestionRecord:
    """Delete a question and its answer; returns the snapshot for undo."""
    with store.transaction() as session:
        row = _question(session, question_id)
        response_id = row.response_id
    snapshot = get_response(store, response_id).question(question_id)
    with store.transaction() as session:
        row = _question(session, question_id)
        for block in session.exec(select(AnswerBlock).where(AnswerBlock.question_id == question_id)).all():
            session.delete(block)
        session.delete(row)
        session.flush()
        _renumber(_questions(session, response_id))
        _touch(session, response_id)
    return snapshot


def _check_restorable(session: Session, model: type[Question | AnswerBlock], record_id: int,
                      blocks: Sequence[BlockRecord]) -> None:
    # Undo may run after other edits: refuse in words rather than fail on a database constraint.
    # The id can also be taken by a newer row: SQLite hands the highest deleted id out again.
    taken = session.get(model, record_id) is not None or any(
        session.get(AnswerBlock, block.id) is not None for block in blocks
    )
    if taken:
        raise RefusedError("This can't be undone: it has already been put back, or a later edit is in the way.")
    for block in blocks:
        if block.snippet_id is not None and session.get(Snippet, block.snippet_id) is None:
            raise RefusedError(
                "This can't be undone: it quotes a snippet that has since been deleted. "
                "Restore the snippet first."
            )


def restore_question(store: Store, snapshot: QuestionRecord) -> None:
    with store.transaction() as session:
        _response(session, snapshot.response_id)
        _check_restorable(session, Question, snapshot.id, snapshot.blocks)
        rows = _questions(session, snapshot.response_id)
        row = Question(
            id=snapshot.id, response_id=snapshot.response_id, position=len(rows), label=snapshot.label,
            text=snapshot.text, section=snapshot.section, options=list(snapshot.options), prompt=snapshot.prompt,
            chosen_option=snapshot.chosen_option, word_limit=snapshot.word_limit,
            char_limit=snapshot.char_limit, confidential=snapshot.confidential,
        )
        session.add(row)
        session.flush()
        rows.insert(min(snapshot.position, len(rows)), row)
        _renumber(rows)
        for block in snapshot.blocks:
            session.add(AnswerBlock(id=block.id, question_id=snapshot.id, position=block.position,
                                    kind=block.kind, text=block.text, snippet_id=block.snippet_id,
                                    recommendation=block.recommendation,
                                    shortened=block.shortened, pinpoint=block.pinpoint))
        _touch(session, snapshot.response_id)


# --- blocks -------------------------------------------------------------------------------


def _blocks(session: Session, question_id: int) -> list[AnswerBlock]:
    return list(
        session.exec(
            select(AnswerBlock).where(AnswerBlock.question_id == question_id).order_by(col(AnswerBlock.position))
        ).all()
    )


def add_block(
    store: Store, question_id: int, *, kind: str = "paragraph", text: str = "",
    snippet_id: int | None = None, position: int | None = None,
) -> BlockRecord:
    """Add a paragraph, or a quotation of a snippet, to an answer (at the end by default)."""
    if kind not in BLOCK_KINDS:
        raise InvalidResponseError(f"'{kind}' is not a kind of answer block.")
    if kind == "quotation" and snippet_id is None:
        raise InvalidResponseError("A quotation needs the snippet it quotes.")
    if kind == "paragraph" and snippet_id is not None:
        raise InvalidResponseError("A paragraph can't quote a snippet; add a quotation instead.")
    with store.transaction() as session:
        question = _question(session, question_id)
        if snippet_id is not None and session.get(Snippet, snippet_id) is None:
            raise NotFoundError(f"There is no snippet with id {snippet_id}.")
        rows = _blocks(session, question_id)
        row = AnswerBlock(question_id=question_id, position=len(rows), kind=kind, text=text, snippet_id=snippet_id)
        session.add(row)
        session.flush()
        rows.insert(len(rows) if position is None else max(0, min(position, len(rows))), row)
        _renumber(rows)
        _touch(session, question.response_id)
        block_id, placed = row.id, rows.index(row)
    # The snippet is read after the change, so its count of uses includes this quotation;
    # the rest of the response is not read (10 ms for a 500-quotation response).
    from drafter.core.listing import snippet_records

    snippet = snippet_records(store, [snippet_id])[0] if snippet_id is not None else None
    return BlockRecord(block_id, question_id, placed, kind, text, snippet_id, snippet)  # type: ignore[arg-type]


def update_block_text(store: Store, block_id: int, text: str) -> None:
    """Save the text of a paragraph (or a quotation's lead-in); called on every pause in typing."""
    with store.transaction() as session:
        row = session.get(AnswerBlock, block_id)
        if row is None:
            raise NotFoundError(f"There is no answer block with id {block_id}.")
        if row.text == text:
            return
        row.text = text
        row.updated_at = utc_now()
        session.add(row)
        question = session.get(Question, row.question_id)
        if question is not None:
            _touch(session, question.response_id)


def move_block(store: Store, block_id: int, question_id: int, position: int) -> tuple[int, int]:
    """Move a block within its answer or to another question of the same response.

    Returns where it ended up: (question id, position), the position held to the answer's length.
    """
    with store.transaction() as session:
        row = session.get(AnswerBlock, block_id)
        if row is None:
            raise NotFoundError(f"There is no answer block with id {block_id}.")
        source_q = _question(session, row.question_id)
        target_q = _question(session, question_id)
        if source_q.response_id != target_q.response_id:
            raise RefusedError("A block can only be moved between questions of the same response.")
        if source_q.id != target_q.id:
            _park(row)
            remaining = [b for b in _blocks(session, row.question_id) if b.id != block_id]
            _renumber(remaining)
            row.question_id = target_q.id  # type: ignore[assignment]
            session.add(row)
            session.flush()
        rows = [b for b in _blocks(session, question_id) if b.id != block_id]
        rows.insert(max(0, min(position, len(rows))), row)
        _renumber(rows)
        _touch(session, target_q.response_id)
        return target_q.id, rows.index(row)  # type: ignore[return-value]


def delete_block(store: Store, block_id: int) -> BlockRecord:
    """Remove a block from its answer; returns the snapshot for undo."""
    with store.transaction() as session:
        row = session.get(AnswerBlock, block_id)
        if row is None:
            raise NotFoundError(f"There is no answer block with id {block_id}.")
        snapshot = BlockRecord(row.id, row.question_id, row.position, row.kind, row.text,  # type: ignore[arg-type]
                               row.snippet_id, recommendation=row.recommendation, shortened=row.shortened,
                               pinpoint=row.pinpoint)
        question = _question(session, row.question_id)
        session.delete(row)
        session.flush()
        _renumber(_blocks(session, row.question_id))
        _touch(session, question.response_id)
    return snapshot


def restore_block(store: Store, snapshot: BlockRecord) -> None:
    with store.transaction() as session:
        question = _question(session, snapshot.question_id)
        _check_restorable(session, AnswerBlock, snapshot.id, (snapshot,))
        rows = _blocks(session, snapshot.question_id)
        row = AnswerBlock(id=snapshot.id, question_id=snapshot.question_id, position=len(rows), kind=snapshot.kind,
                          text=snapshot.text, snippet_id=snapshot.snippet_id,
                          recommendation=snapshot.recommendation, shortened=snapshot.shortened,
                          pinpoint=snapshot.pinpoint)
        session.add(row)
        session.flush()
        rows.insert(min(snapshot.position, len(rows)), row)
        _renumber(rows)
        _touch(session, question.response_id)


def set_recommendation(store: Store, block_id: int, recommendation: bool) -> BlockRecord:
    """Mark one of the user's own paragraphs as a recommendation (or no longer one).

    A quotation is refused: it is the evidence for a recommendation, in a source's
    words, and the summary gathers what the organisation itself asks for.
    """
    with store.transaction() as session:
        row = session.get(AnswerBlock, block_id)
        if row is None:
            raise NotFoundError(f"There is no answer block with id {block_id}.")
        if row.kind != "paragraph":
            raise RefusedError("Only a paragraph of your own can be a recommendation, not a quotation. "
                               "Write the recommendation in a paragraph and mark that.")
        if row.recommendation != recommendation:
            row.recommendation = recommendation
            row.updated_at = utc_now()
            session.add(row)
            question = _question(session, row.question_id)
            _touch(session, question.response_id)
        return BlockRecord(row.id, row.question_id, row.position, row.kind, row.text, row.snippet_id,  # type: ignore[arg-type]
                           recommendation=row.recommendation)


def export_settings(store: Store, response_id: int) -> dict[str, object]:
    """The choices of the response's last export (empty if it was never exported)."""
    with store.reading() as session:
        row = session.get(Response, response_id)
        if row is None:
            raise NotFoundError(f"There is no response with id {response_id}.")
        settings = row.export_settings
        # Anything but an object (a library edited by hand or by another program) is no choice at all.
        return {str(k): v for k, v in settings.items()} if isinstance(settings, dict) else {}


def set_export_settings(store: Store, response_id: int, settings: dict[str, object] | None) -> None:
    """Remember how the response was exported (plain JSON values); None forgets."""
    if settings is not None and not isinstance(settings, dict):
        raise InvalidResponseError("Export settings are named values (format, style …).")
    with store.transaction() as session:
        row = _response(session, response_id)
        row.export_settings = dict(settings) if settings is not None else None
        session.add(row)

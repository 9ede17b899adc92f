"""How a quotation is printed: shortened with omissions and alterations, and its own pinpoint.

The snippet stays the exact passage of the source; these change only what the
quotation prints (``BlockRecord.shortened``) and where its citation points
(``BlockRecord.pinpoint``). Both are checked when they are set, and the
shortened form again by the readiness check, against the snippet as it is then.
"""

from __future__ import annotations

from sqlmodel import Session

from drafter.core.errors import NotFoundError
from drafter.core.locators import parse_locator
from drafter.core.models import AnswerBlock, Question, Snippet, utc_now
from drafter.core.responses.operations import InvalidResponseError, _touch
from drafter.core.responses.records import BlockRecord
from drafter.core.shortening import normalise
from drafter.core.store import Store


def _quotation(session: Session, block_id: int) -> AnswerBlock:
    row = session.get(AnswerBlock, block_id)
    if row is None:
        raise NotFoundError(f"There is no answer block with id {block_id}.")
    if row.kind != "quotation" or row.snippet_id is None:
        raise InvalidResponseError("Only a quotation can be shortened or given a pinpoint; "
                                   f"block {block_id} is one of your own paragraphs.")
    return row


def _save(store: Store, session: Session, row: AnswerBlock) -> None:
    from drafter.core.responses.operations import stamp_block

    stamp_block(store, row)
    row.updated_at = utc_now()
    session.add(row)
    question = session.get(Question, row.question_id)
    if question is not None:
        _touch(session, question.response_id)


def set_shortened(store: Store, block_id: int, form: str | None) -> str | None:
    """Print the quotation as ``form`` (None or the whole snippet: unshortened); returns what was stored.

    Raises ShorteningError when ``form`` does not follow from the snippet's text.
    """
    with store.transaction() as session:
        row = _quotation(session, block_id)
        snippet = session.get(Snippet, row.snippet_id)
        if snippet is None:
            raise NotFoundError(f"The snippet quoted by block {block_id} is gone.")
        stored = None if form is None else normalise(form, snippet.text)
        if row.shortened != stored:
            row.shortened = stored
            _save(store, session, row)
        return stored


def set_pinpoint(store: Store, block_id: int, pinpoint: str | None) -> str | None:
    """Cite the quotation at ``pinpoint`` ('para 3', 's 64', 'p 12'; None: as derived); returns what was stored.

    Raises LocatorError for a pinpoint no citation can take.
    """
    text = " ".join((pinpoint or "").split()) or None
    parse_locator(text)
    with store.transaction() as session:
        row = _quotation(session, block_id)
        if row.pinpoint != text:
            row.pinpoint = text
            _save(store, session, row)
        return text


def get_block(store: Store, block_id: int) -> BlockRecord:
    """One answer block as the response shows it, with its quoted snippet."""
    from drafter.core.responses.reading import get_response

    with store.reading() as session:
        row = session.get(AnswerBlock, block_id)
        question = session.get(Question, row.question_id) if row is not None else None
        if question is None:
            raise NotFoundError(f"There is no answer block with id {block_id}.")
        response_id = question.response_id
    document = get_response(store, response_id)
    return next(b for q in document.questions for b in q.blocks if b.id == block_id)

"""Working together on one response: versions and conflicts, assignment, presence.

Several people (colleagues on a shared server, or two Drafters on one library) may
change one answer at once. Each answer block counts the changes to its content
(``answer_block.version``, migration 0013). A save of typed text says which version
it was typed on (``save_block_text``): if the block has moved on since — someone
else saved first — the save does not overwrite their text. It is kept, with theirs,
as a ``block_conflict`` and reported (the window shows both side by side; ``drafter
conflicts`` lists them). Nothing typed is ever lost to a conflict. Resolving one
(``resolve_conflict``: keep mine, keep theirs, or a merged text) is an operation
like any other, with an undo.

An answer (a question's answer in a response) can be assigned to a colleague
(``assign_answer``). Presence (``beat``, ``present``) is a heartbeat row per person
and response, written outside the operations: it is no change to the response, makes
no undo step and no change notice, and goes stale after ``PRESENCE_STALE_S``.

Everything here goes through the ORM (``Store.transaction``/``reading``/``engine``)
and plain SQLAlchemy statements, so it holds on SQLite and on PostgreSQL alike. Two
saves on one version can't both land: every writing transaction first takes the
change clock's row (``Store.transaction``), which orders them on both engines, and on
a server the block being saved is also locked for the transaction (``SELECT … FOR
UPDATE``), so the check and the write hold even for a writer that skipped the clock.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from drafter.core.errors import DrafterError, NotFoundError, RefusedError
from drafter.core.identity import clean_name, person

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlmodel import Session

    from drafter.core.models import AnswerBlock, BlockConflict
    from drafter.core.responses.records import QuestionRecord
    from drafter.core.store import Store

#: How a conflict was resolved.
RESOLUTIONS = ("mine", "theirs", "merged")
#: A presence not renewed for this long is gone (the window renews it every ``PRESENCE_BEAT_S``).
PRESENCE_STALE_S = 30.0
PRESENCE_BEAT_S = 10.0


class ConflictError(DrafterError):
    """A conflict can't be resolved as asked (unknown, already resolved, or its paragraph moved on)."""


@dataclass(frozen=True)
class ConflictRecord:
    """A save kept beside the text it would have overwritten."""

    id: int
    block_id: int
    question_id: int
    response_id: int
    base_version: int  # what the text was typed on
    their_version: int  # what the block held instead
    their_text: str
    their_author: str | None
    my_text: str
    author: str
    created_at: str
    resolution: str | None = None
    resolved_by: str | None = None
    resolved_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.resolution is None


@dataclass(frozen=True)
class TextSaved:
    """A save that landed (or found the same text there already)."""

    block_id: int
    version: int  # the block's version now: the next save is typed on this one
    before: str  # the text it replaced
    changed: bool
    #: Who changed the block last and when, after the save (the window's "Last edited by").
    edited_by: str | None = None
    edited_at: str | None = None


#: What a save of typed text ends as.
SaveOutcome = TextSaved | ConflictRecord


def _record(row: BlockConflict) -> ConflictRecord:
    assert row.id is not None
    return ConflictRecord(row.id, row.block_id, row.question_id, row.response_id, row.base_version,
                          row.their_version, row.their_text, row.their_author, row.my_text, row.author,
                          row.created_at, row.resolution, row.resolved_by, row.resolved_at)


def _locked_block(session: Session, block_id: int) -> AnswerBlock | None:
    from drafter.core.models import AnswerBlock

    # FOR UPDATE on a server (SQLite ignores it: the transaction holds the write lock from its start).
    return session.get(AnswerBlock, block_id, with_for_update=True)


# --- saving with a version -----------------------------------------------------------------


def save_block_text(store: Store, block_id: int, text: str, *, base_version: int | None,
                    expected: str | None = None) -> SaveOutcome:
    """Save a block's text typed on ``base_version``; a conflict (kept, returned) if it has moved since.

    ``base_version`` None saves whatever is there (a script that read nothing first);
    ``expected`` (without a version) refuses unless the block still holds that text.
    The same text found there already is no conflict: the save is simply not needed.
    """
    from drafter.core.responses import operations as core

    with store.transaction() as session:
        row = _locked_block(session, block_id)
        if row is None:
            raise NotFoundError(f"There is no answer block with id {block_id}.")
        before = row.text
        if row.text == text:
            return TextSaved(block_id, row.version, before, changed=False, edited_by=row.edited_by,
                             edited_at=row.edited_at)
        if base_version is not None and row.version != base_version:
            return _keep_conflict(store, session, row, base_version, text)
        if base_version is None and expected is not None and before != expected:
            raise RefusedError("The paragraph has been changed elsewhere since (by a script or another "
                               "window), so this typing can't be undone without losing that change.")
        # The one writer of a block's text (it joins this transaction and stamps the version).
        core.update_block_text(store, block_id, text)
        return TextSaved(block_id, row.version, before, changed=True, edited_by=row.edited_by,
                         edited_at=row.edited_at)


def _keep_conflict(store: Store, session: Session, row: AnswerBlock, base_version: int, text: str) -> ConflictRecord:
    from drafter.core.models import BlockConflict, Question, utc_now

    question = session.get(Question, row.question_id)
    assert question is not None and row.id is not None
    conflict = BlockConflict(block_id=row.id, question_id=row.question_id, response_id=question.response_id,
                             base_version=base_version, their_version=row.version, their_text=row.text,
                             their_author=row.edited_by, my_text=text, author=person(store), created_at=utc_now())
    session.add(conflict)
    session.flush()
    return _record(conflict)


# --- conflicts -----------------------------------------------------------------------------


def list_conflicts(store: Store, *, response_id: int | None = None, include_resolved: bool = False
                   ) -> list[ConflictRecord]:
    """Conflicts, oldest first: the open ones (and with ``include_resolved``, the rest)."""
    from sqlmodel import col, select

    from drafter.core.models import BlockConflict

    with store.reading() as session:
        query = select(BlockConflict).order_by(col(BlockConflict.id))
        if response_id is not None:
            query = query.where(BlockConflict.response_id == response_id)
        if not include_resolved:
            query = query.where(col(BlockConflict.resolution).is_(None))
        return [_record(row) for row in session.exec(query).all()]


def open_conflict_count(store: Store, response_id: int) -> int:
    """How many of the response's conflicts wait for a choice; read without the ORM (the window, on opening)."""
    from drafter.core.store import onestep

    found = onestep.values(store.reader(), "count(*)",
                           "FROM block_conflict WHERE response_id = ? AND resolution IS NULL", (response_id,))
    return int(found[0]) if found else 0


def get_conflict(store: Store, conflict_id: int) -> ConflictRecord:
    from drafter.core.models import BlockConflict

    with store.reading() as session:
        row = session.get(BlockConflict, conflict_id)
        if row is None:
            raise ConflictError(f"There is no conflict with id {conflict_id}.",
                                hint="'drafter conflicts' lists the open ones.")
        return _record(row)


@dataclass(frozen=True)
class BlockNow:
    """A conflicted block as it is now (it may have moved on again since the conflict)."""

    text: str
    version: int
    edited_by: str | None
    edited_at: str | None


def block_now(store: Store, block_id: int) -> BlockNow | None:
    """The block's text and version now; None if it has been removed since."""
    from drafter.core.models import AnswerBlock
    with store.reading() as session:
        row = session.get(AnswerBlock, block_id)
        return None if row is None else BlockNow(row.text, row.version, row.edited_by, row.edited_at)


@dataclass(frozen=True)
class Resolved:
    conflict: ConflictRecord
    #: The block's text before the resolution and its version after, if the resolution changed it.
    before: str | None
    version: int | None


def resolve_conflict(store: Store, conflict_id: int, choice: str, *, text: str | None = None,
                     seen_version: int | None = None) -> Resolved:
    """Keep my text ('mine'), the block's ('theirs'), or ``text`` ('merged'); the conflict is closed.

    ``seen_version`` is the version of the block the person deciding looked at (the
    conflict's own by default): if the block has moved on again since, the choice is
    refused, so that a text nobody has seen is never overwritten; look again and decide.
    """
    from drafter.core.models import BlockConflict, Question, utc_now
    from drafter.core.responses.operations import _touch, stamp_block

    if choice not in RESOLUTIONS:
        raise ConflictError(f"'{choice}' is no way to resolve a conflict: choose mine, theirs or merged.")
    if choice == "merged" and text is None:
        raise ConflictError("A merged resolution needs the merged text.")
    if choice != "merged" and text is not None:
        raise ConflictError("Only a merged resolution takes a text of its own.")
    with store.transaction() as session:
        row = session.get(BlockConflict, conflict_id, with_for_update=True)
        if row is None:
            raise ConflictError(f"There is no conflict with id {conflict_id}.",
                                hint="'drafter conflicts' lists the open ones.")
        if row.resolution is not None:
            raise ConflictError(f"Conflict {conflict_id} has already been resolved ({row.resolution}, "
                                f"by {row.resolved_by or 'someone'}); nothing was changed.")
        block = _locked_block(session, row.block_id)
        wanted = row.my_text if choice == "mine" else text
        before: str | None = None
        version: int | None = None
        if wanted is not None:
            if block is None:
                raise ConflictError(
                    f"The paragraph of conflict {conflict_id} has been removed since, so your text can't go "
                    "back into it. Copy it from the conflict ('drafter conflicts show "
                    f"{conflict_id}'), then close the conflict with 'theirs'.")
            seen = row.their_version if seen_version is None else seen_version
            if block.version != seen:
                raise ConflictError(
                    f"The paragraph has changed again since (now version {block.version}, by "
                    f"{block.edited_by or 'someone'}), so nothing was changed. Look at it again and choose.",
                    hint=f"'drafter conflicts show {conflict_id}' shows it as it is now.")
            if block.text != wanted:
                before = block.text
                block.text = wanted
                stamp_block(store, block)
                block.updated_at = utc_now()
                session.add(block)
                question = session.get(Question, block.question_id)
                if question is not None:
                    _touch(session, question.response_id)
                version = block.version
        row.resolution = choice
        row.resolved_by = person(store)
        row.resolved_at = utc_now()
        session.add(row)
        session.flush()
        return Resolved(_record(row), before, version)


def reopen_conflict(store: Store, conflict_id: int) -> ConflictRecord:
    """Open a resolved conflict again (the undo of resolving it)."""
    from drafter.core.models import BlockConflict
    with store.transaction() as session:
        row = session.get(BlockConflict, conflict_id, with_for_update=True)
        if row is None:
            raise ConflictError(f"There is no conflict with id {conflict_id}.")
        if row.resolution is None:
            raise ConflictError(f"Conflict {conflict_id} is open already.")
        row.resolution = row.resolved_by = row.resolved_at = None
        session.add(row)
        session.flush()
        return _record(row)


# --- assignment ----------------------------------------------------------------------------


def assign_answer(store: Store, question_id: int, assignee: str | None) -> str | None:
    """Assign the answer to ``question_id`` to a colleague by name (None: to nobody); returns who had it."""
    from drafter.core.models import Question
    from drafter.core.responses.operations import _touch

    name = None if assignee is None else clean_name(assignee)
    with store.transaction() as session:
        row = session.get(Question, question_id)
        if row is None:
            raise NotFoundError(f"There is no question with id {question_id}.")
        before = row.assigned_to
        if before != name:
            row.assigned_to = name
            session.add(row)
            _touch(session, row.response_id)
        return before


# --- who is where --------------------------------------------------------------------------


@dataclass(frozen=True)
class PresenceRecord:
    person: str
    response_id: int
    question_id: int | None
    seen_at: float


def beat(store: Store, response_id: int, question_id: int | None, *, now: float | None = None) -> None:
    """Say that this store's person is in this response (and answer) now: one small write, no undo, no notice."""
    from sqlalchemy import delete, insert

    from drafter.core.models import Presence

    who = person(store)
    with store.engine.begin() as connection:
        connection.execute(delete(Presence).where(Presence.person == who))  # type: ignore[arg-type]
        connection.execute(insert(Presence).values(person=who, response_id=response_id, question_id=question_id,
                                                   seen_at=round((time.time() if now is None else now) * 1000)))


def leave(store: Store) -> None:
    """This store's person is in no response any more (the window closed it, or closed)."""
    from sqlalchemy import delete

    from drafter.core.models import Presence

    who = person(store)
    with store.engine.begin() as connection:
        connection.execute(delete(Presence).where(Presence.person == who))  # type: ignore[arg-type]


def present(store: Store, response_id: int, *, now: float | None = None, others_only: bool = True
            ) -> list[PresenceRecord]:
    """Who is in this response now (beaten within ``PRESENCE_STALE_S``), by name; without oneself by default."""
    from sqlmodel import col, select

    from drafter.core.models import Presence

    since = (time.time() if now is None else now) - PRESENCE_STALE_S
    me = person(store)
    with store.reading() as session:
        rows = session.exec(select(Presence).where(Presence.response_id == response_id,
                                                   col(Presence.seen_at) >= round(since * 1000))
                            .order_by(col(Presence.person))).all()
        return [PresenceRecord(r.person, r.response_id, r.question_id, r.seen_at / 1000) for r in rows
                if not (others_only and r.person == me)]


# --- what the window says about an answer --------------------------------------------------


@dataclass(frozen=True)
class AnswerStatus:
    assigned_to: str | None
    last_edited_by: str | None
    last_edited_at: str | None
    present: tuple[str, ...]  # others in this answer now

    def describe(self, *, me: str | None = None, now: datetime | None = None) -> str:
        """"Assigned to Sam · Last edited by Alex, today at 14:02 · Kim is in this answer"."""
        parts = []
        if self.assigned_to:
            parts.append("Assigned to you" if self.assigned_to == me else f"Assigned to {self.assigned_to}")
        if self.last_edited_by and self.last_edited_at:
            who = "you" if self.last_edited_by == me else self.last_edited_by
            parts.append(f"Last edited by {who}, {when(self.last_edited_at, now=now)}")
        if self.present:
            names = ", ".join(self.present)
            parts.append(f"{names} {'is' if len(self.present) == 1 else 'are'} in this answer")
        return " · ".join(parts)


def status_of(question: QuestionRecord, present_now: Iterable[PresenceRecord] = ()) -> AnswerStatus:
    """The same as ``answer_status``, from a question already read (the window's open response): no query."""
    edited = [b for b in question.blocks if b.edited_at]
    last = max(edited, key=lambda b: (b.edited_at or "", b.version), default=None)
    here = tuple(p.person for p in present_now if p.question_id == question.id)
    return AnswerStatus(question.assigned_to, last.edited_by if last else None, last.edited_at if last else None,
                        here)


def answer_status(store: Store, question_id: int, *, now: float | None = None) -> AnswerStatus:
    """Who the answer is assigned to, who changed one of its blocks last (and when), who else is in it."""
    from sqlmodel import col, select

    from drafter.core.models import AnswerBlock, Question

    with store.reading() as session:
        question = session.get(Question, question_id)
        if question is None:
            raise NotFoundError(f"There is no question with id {question_id}.")
        last = session.exec(select(AnswerBlock).where(AnswerBlock.question_id == question_id,
                                                      col(AnswerBlock.edited_at).is_not(None))
                            .order_by(col(AnswerBlock.edited_at).desc(), col(AnswerBlock.version).desc())
                            .limit(1)).first()
        assigned, response_id = question.assigned_to, question.response_id
        by, at = (last.edited_by, last.edited_at) if last is not None else (None, None)
    here = tuple(p.person for p in present(store, response_id, now=now) if p.question_id == question_id)
    return AnswerStatus(assigned, by, at, here)


def when(stamp: str, *, now: datetime | None = None) -> str:
    """A UTC ISO stamp in the reader's local time: 'today at 14:02', or '3 December 2026 at 14:02'."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"today at {clock}"
    return f"{local.day} {local.strftime('%B %Y')} at {clock}"

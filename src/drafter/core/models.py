"""The tables of Drafter's database, in the words of the product.

``Source`` → ``Snippet`` (an exact span of a source's text) → ``AnswerBlock``
(a quotation of a snippet, or the user's own paragraph) → ``Question`` →
``Response``. The schema itself is created and changed only by the Alembic
migrations in ``drafter.core.migrations``; a test checks that these classes and
the migrated database agree.

Column types are portable (SQLite now, PostgreSQL for shared team servers
later): lists are JSON, dates that may be partial are ISO 8601 text, timestamps
are UTC ISO text. SQLite-only features (FTS5, PRAGMAs, the backup API) live in
``drafter.core.store`` and never here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Column, ForeignKey, Index, Integer, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Source(SQLModel, table=True):
    """An article or document in the library, with its citation facts and full text.

    Every citation fact may be unknown (NULL); nothing is ever filled in for the user.
    """

    # The library list reads pages in date order through this (migration 0004); the
    # title and publisher orders use two NOCASE indexes that the models can't
    # express (see ``store.migrate.EXPRESSION_INDEXES``).
    __table_args__ = (Index("ix_source_list_date", "date"),)

    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(default="article-newspaper")  # a CSL item type
    title: str | None = None
    # the outlet or body that published it: the CSL variable source_types.outlet_variable names for the type
    publisher: str | None = None
    # CSL-JSON name objects, a person {"family", "given"} or an organisation {"literal"}
    # (migration 0008; drafter.core.names). None: unknown; []: known to have none.
    authors: list[dict[str, str]] | None = Field(default=None, sa_column=Column(JSON))
    date: str | None = None  # ISO 8601, possibly partial: YYYY, YYYY-MM, YYYY-MM-DD
    url: str | None = None
    accessed: str | None = None  # ISO 8601 date the URL was accessed
    standfirst: str | None = None  # the sub-heading under the headline, kept out of the body
    # The type's other CSL variables by their CSL-JSON names ({"volume": "84", "DOI": …}), as
    # drafter.core.source_types allows for ``type`` (migration 0009). None or {}: none known.
    variables: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    original_filename: str | None = None  # a name only, never a path
    format: str = Field(default="text")  # text, markdown, html, docx, pdf, rtf, stored
    content_hash: str = Field(index=True)  # sha256 of text, to recognise the same text imported twice
    text: str  # the body exactly as quoted: snippet offsets index into it
    fact_basis: dict[str, str] | None = Field(default=None, sa_column=Column(JSON))
    stored_article: str | None = Field(default=None, unique=True)  # key of a bundled article
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)


class SourcePage(SQLModel, table=True):
    """A page of a paged source (PDF): a span of the text and its printed page label."""

    __tablename__ = "source_page"

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(
        sa_column=Column(Integer, ForeignKey("source.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    start: int
    end: int
    label: str


class SeededArticle(SQLModel, table=True):
    """Which bundled articles were put into this library, so a deleted one never returns."""

    __tablename__ = "seeded_article"

    key: str = Field(primary_key=True)
    seeded_at: str = Field(default_factory=utc_now)


class Snippet(SQLModel, table=True):
    """An exact passage of a source: ``source.text[start:end] == text`` always holds."""

    # AUTOINCREMENT: an id is never handed out twice, so undo can put a deleted
    # snippet back under its old id without colliding with a newer one.
    __table_args__ = (
        Index("ix_snippet_list_position", "source_id", "start", "end"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(
        sa_column=Column(Integer, ForeignKey("source.id", ondelete="RESTRICT"), nullable=False, index=True)
    )
    start: int
    end: int
    text: str
    page_label: str | None = None
    note: str = ""
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)


class SnippetTag(SQLModel, table=True):
    __tablename__ = "snippet_tag"
    __table_args__ = (UniqueConstraint("snippet_id", "tag"),)

    id: int | None = Field(default=None, primary_key=True)
    snippet_id: int = Field(
        sa_column=Column(Integer, ForeignKey("snippet.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    tag: str = Field(index=True)


class Response(SQLModel, table=True):
    """One organisation's answer to one consultation."""

    id: int | None = Field(default=None, primary_key=True)
    consultation_title: str
    consulting_body: str | None = None
    deadline: str | None = None  # ISO date
    submit_to: str | None = None  # where and how to submit
    organisation: str | None = None
    contact: str | None = None
    may_publish: bool | None = None  # None: not yet decided
    introduction: str = ""
    citation_style: str = "oscola"
    quotations_count_toward_limit: bool = True
    # The choices of its last export (``drafter.core.responses.export_settings``); None: never exported.
    export_settings: dict[str, object] | None = Field(default=None, sa_column=Column(JSON))
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)


class Question(SQLModel, table=True):
    """A numbered consultation question and the answer's closed choice."""

    # One place per question in a response (migration 0007); AUTOINCREMENT: see Snippet.
    __table_args__ = (
        Index("ux_question_position", "response_id", "position", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(
        sa_column=Column(Integer, ForeignKey("response.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    position: int
    label: str  # the number as the consultation prints it: "1", "5a"
    text: str
    section: str | None = None
    options: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    prompt: str | None = None  # "Please explain your answer"
    chosen_option: str | None = None
    word_limit: int | None = None
    char_limit: int | None = None
    confidential: bool = False
    # The colleague this answer is assigned to, by the name they work under (migration 0013).
    assigned_to: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class AnswerBlock(SQLModel, table=True):
    """One item of an answer, in order: the user's paragraph or a quotation of a snippet."""

    __tablename__ = "answer_block"
    # One place per block in an answer (migration 0007); AUTOINCREMENT: see Snippet.
    __table_args__ = (
        Index("ux_answer_block_position", "question_id", "position", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(
        sa_column=Column(Integer, ForeignKey("question.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    position: int
    kind: str  # "paragraph" or "quotation"
    text: str = ""  # the paragraph, or a quotation's lead-in / comment
    snippet_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("snippet.id", ondelete="RESTRICT"), nullable=True, index=True),
    )
    # One of the response's recommendations (a paragraph only), gathered by the export (migration 0010).
    recommendation: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    # A quotation as printed, with "…" for left-out words and [brackets] (drafter.core.shortening);
    # None quotes the whole snippet (migration 0011).
    shortened: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    pinpoint: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # the user's own, e.g. "para 3"
    # Counts changes to the content (not moves); a save names the version it was typed on, and
    # one whose version moved meanwhile becomes a conflict (migration 0013, drafter.core.teamwork).
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    edited_by: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # who changed it last
    edited_at: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # when (UTC ISO)
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)


class BlockConflict(SQLModel, table=True):
    """A save that found its block changed by someone else since: both texts, kept until resolved (0013).

    No foreign keys: the typed text outlives its block, answer and response.
    """

    __tablename__ = "block_conflict"
    __table_args__ = (Index("ix_block_conflict_response", "response_id"), {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    block_id: int
    question_id: int
    response_id: int
    base_version: int  # the version the text was typed on
    their_version: int  # the version found instead
    their_text: str = Field(sa_column=Column(Text, nullable=False))
    their_author: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    my_text: str = Field(sa_column=Column(Text, nullable=False))
    author: str = Field(sa_column=Column(Text, nullable=False))
    created_at: str = Field(default_factory=utc_now, sa_column=Column(Text, nullable=False))
    resolution: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # mine, theirs, merged
    resolved_by: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    resolved_at: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Presence(SQLModel, table=True):
    """Who is in which response (and answer) right now: a heartbeat row, stale after a while (0013)."""

    person: str = Field(sa_column=Column(Text, primary_key=True))
    response_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    question_id: int | None = None
    seen_at: int = Field(sa_column=Column(BigInteger, nullable=False))  # milliseconds since the epoch


class ChangeClock(SQLModel, table=True):
    """One row: the number of the newest writing transaction (migration 0006)."""

    __tablename__ = "change_clock"

    id: int | None = Field(default=None, primary_key=True)
    txn: int


class ChangeLog(SQLModel, table=True):
    """One changed record of one committed transaction, written by triggers (migration 0006)."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_txn", "txn"), {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    txn: int
    entity: str  # source, snippet, response, question, block
    row_id: int
    action: str  # created, updated, deleted

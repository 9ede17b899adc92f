"""Search on PostgreSQL: tsvector tables, GIN indexes and the triggers that keep them current.

On a PostgreSQL library this creates what ``drafter.core.store.pg_fts`` describes:
``source_fts`` and ``snippet_fts`` (a ``tsvector`` per source and per snippet, GIN
indexed), the word vocabulary for the long-prefix rule, the table of how SQLite's
tokeniser folds each character, the functions that split and fold words as it does,
and the triggers on ``source``, ``snippet`` and ``snippet_tag``; then it indexes the
rows already there. No extension is needed. On SQLite it does nothing: FTS5's index
came with migrations 0002 and 0005.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

from drafter.core.store import pg_fts

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    pg_fts.create_search_index(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    pg_fts.drop_search_index(op.get_bind())

"""Search on PostgreSQL: a very long text is indexed (each word past position 16,383 listed once).

Migration 0014's ``drafter_fts_vector`` listed every word of a field with its position.
Positions stop at 16,383, so in a text of a million words most entries were the same
word at that one position, and the list passed the 1 MB a ``tsvector``'s text may hold
before its duplicates were merged: such a text could not be stored in a shared library
at all ("string is too long for tsvector"). This replaces the search's functions with
the current ones, which list a word past that position once; the vectors already stored
are the same either way, so nothing is indexed again. On SQLite it does nothing.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

from drafter.core.store import pg_fts

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    pg_fts.replace_functions(op.get_bind())


def downgrade() -> None:
    # 0014's function differed only in failing on very long texts; the current one stays.
    return

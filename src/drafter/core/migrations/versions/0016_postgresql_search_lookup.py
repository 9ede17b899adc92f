"""Search on PostgreSQL: every query is asked of one index of words, prefixes and pairs of words.

Migration 0014's search asked the GIN index of each row's vector, and a second index of
a source's neighbouring words for phrases. A word still being typed ("sub") was asked
as a prefix, which PostgreSQL answers by joining the lists of every word it begins:
most of a search's time at 10,000 sources. This adds to ``source_fts`` and
``snippet_fts`` a column ``lookup`` that lists each row's words, their first 3, 4 and 5
letters, and its pairs of neighbouring words (``drafter.core.store.pg_fts``), fills it
from what is already indexed, and indexes it in place of the two; a row too varied for
it (``partial``) is found by its vector, through an index of such rows alone. On a
library of 50,000 sources this takes a few minutes, once. On SQLite it does nothing.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

from alembic import op

from drafter.core.store import pg_fts

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    pg_fts.add_lookup(op.get_bind())


def downgrade() -> None:
    # Downgrading from 0016 is not supported: the index would have to be built again by 0014's code.
    return

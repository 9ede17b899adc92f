"""Search: prefix indexes of 3, 4 and 5 letters on sources instead of 2 and 3.

Typed words under three letters are matched whole, so the 2-letter index was
never read, while a 4- or 5-letter word being typed ("tran", "under") had none
and merged the lists of every word it begins: hundreds of milliseconds on a
large library. FTS5 fixes a table's options when it is created, so the table
is rebuilt from ``source`` (the triggers stay) and its segments merged.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

from drafter.core.store import fts

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# This revision's own values: fts.SOURCE_PREFIXES may change in a later one.
PREFIXES = (3, 4, 5)
PREFIXES_BEFORE = (2, 3)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's
    fts.recreate_source_index(op.get_bind(), PREFIXES)
    fts.optimize(op.get_bind(), fts.SNIPPET_INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    fts.recreate_source_index(op.get_bind(), PREFIXES_BEFORE)

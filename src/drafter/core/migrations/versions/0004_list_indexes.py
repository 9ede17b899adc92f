"""Indexes that keep the library and snippets lists fast with tens of thousands of rows.

The lists read one page at a time in the order the user chose (``drafter.core.listing``).
Without these, every page read the whole ``source`` table, full texts included,
to sort it; with them, ordering reads only a small index. Titles and publishers
sort without regard to case (``NOCASE``), as the lists show them.

A PostgreSQL server gets the same indexes in its own terms (``SERVER_INDEXES``):
``lower()`` for NOCASE, and the "C" collation so that text sorts by its bytes, as
SQLite's does, whatever the server's own locale (``drafter.core.listing`` orders by
the same expressions).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_source_list_date": "source (date)",
    "ix_source_list_title": "source (title COLLATE NOCASE)",
    "ix_source_list_publisher": "source (publisher COLLATE NOCASE)",
    "ix_snippet_list_position": 'snippet (source_id, start, "end")',
}

SERVER_INDEXES = {
    "ix_source_list_date": 'source ((date COLLATE "C"))',
    "ix_source_list_title": 'source ((lower(title) COLLATE "C"))',
    "ix_source_list_publisher": 'source ((lower(publisher) COLLATE "C"))',
    "ix_snippet_list_position": 'snippet (source_id, start, "end")',
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    indexes = INDEXES if dialect == "sqlite" else SERVER_INDEXES if dialect == "postgresql" else {}
    for name, target in indexes.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")

"""Indexes that keep the library and snippets lists fast with tens of thousands of rows.

The lists read one page at a time in the order the user chose (``drafter.core.listing``).
Without these, every page read the whole ``source`` table, full texts included,
to sort it; with them, ordering reads only a small index. Titles and publishers
sort without regard to case (``NOCASE``), as the lists show them.

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


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # NOCASE is SQLite's; a server database gets its own list indexes
    for name, target in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")

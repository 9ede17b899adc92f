"""Full-text search index over sources and snippets (SQLite FTS5)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:00:00.000000
"""

from __future__ import annotations

from alembic import op

from drafter.core.store import fts

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # FTS5 is SQLite's; a PostgreSQL server will get its own index in its own migration.
    if op.get_bind().dialect.name != 'sqlite':
        return
    fts.create_search_index(op.get_bind())  # indexes the rows already there too


def downgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    fts.drop_search_index(op.get_bind())

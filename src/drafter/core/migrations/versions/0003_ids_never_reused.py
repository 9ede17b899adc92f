"""Ids of snippets, questions and answer blocks are never reused (AUTOINCREMENT).

Undo puts a deleted row back under its old id. Without AUTOINCREMENT, SQLite
gives the highest deleted id to the next new row, and the undo would then be
refused. SQLite can only add AUTOINCREMENT by rebuilding the table; foreign keys
are deferred during migrations and the search triggers are put back afterwards
(see migrate.py and env.py), so no row and no index entry is lost.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("snippet", "question", "answer_block")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # other databases never reuse sequence values
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": False}):
            pass

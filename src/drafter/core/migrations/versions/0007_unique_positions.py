"""Order is an invariant: one place per block in an answer, and per question in a response.

Before this, the next place was read and then written without holding anything, so
commands run at the same time could give two blocks one place, and the answer's
order was no longer defined. Libraries that already hold such places are repaired
first, keeping the order they were shown in (place, then id), and then unique
indexes make a clash an error at the statement that would cause it.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: table -> the column whose rows share the places
ORDERED = {"answer_block": "question_id", "question": "response_id"}


def renumber(table: str, parent: str) -> int:
    """Give every row of ``table`` the places 0, 1, 2 … within its parent, in the order shown; count changes."""
    bind = op.get_bind()
    rows = bind.execute(text(f"SELECT id, {parent}, position FROM {table} ORDER BY {parent}, position, id")).all()
    wanted: dict[int, int] = {}
    last_parent, place = None, 0
    for row_id, owner, position in rows:
        place = place + 1 if owner == last_parent else 0
        last_parent = owner
        if position != place:
            wanted[row_id] = place
    for row_id, place in wanted.items():
        bind.execute(text(f"UPDATE {table} SET position = :p WHERE id = :i"), {"p": place, "i": row_id})
    return len(wanted)


def upgrade() -> None:
    for table, parent in ORDERED.items():
        renumber(table, parent)
        op.create_index(f"ux_{table}_position", table, [parent, "position"], unique=True)


def downgrade() -> None:
    for table in ORDERED:
        op.drop_index(f"ux_{table}_position", table_name=table)

"""Working together: each answer block's version and last editor, conflicts kept, assignment, presence.

``answer_block.version`` counts the changes to a block's content (its text, and the
marks on it: a recommendation, a shortened quotation, a pinpoint); a move is not a
change of content. Every save of a block's text says which version it was typed on,
and a save whose version has moved meanwhile (a colleague saved first) is kept in
``block_conflict`` instead of overwriting the colleague's text (``drafter.core.teamwork``).
``edited_by`` and ``edited_at`` say who changed the block last and when.

``question.assigned_to`` names the colleague an answer is assigned to; ``presence``
holds a heartbeat row per person and response (who is in which answer right now).
Presence rows are not logged: a heartbeat is no change to the response.

Conflicts are announced like the other records (change-log triggers, as in 0006, in
each engine's own form), so every window hears of a new or resolved one. Existing blocks start at
version 1 with no known editor; nothing else changes.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ACTIONS = (("INSERT", "created", "NEW"), ("UPDATE", "updated", "NEW"), ("DELETE", "deleted", "OLD"))


def upgrade() -> None:
    # Plain ALTER TABLE (not batch mode), as in 0011: a rebuild would drop the triggers of 0006.
    op.add_column("answer_block", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("answer_block", sa.Column("edited_by", sa.Text(), nullable=True))
    op.add_column("answer_block", sa.Column("edited_at", sa.Text(), nullable=True))
    op.add_column("question", sa.Column("assigned_to", sa.Text(), nullable=True))
    # No foreign keys: a conflict keeps the typed text even after its block, answer or
    # response is deleted (nothing typed is ever lost); the ids say where it belonged.
    op.create_table(
        "block_conflict",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("block_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("their_version", sa.Integer(), nullable=False),
        sa.Column("their_text", sa.Text(), nullable=False),
        sa.Column("their_author", sa.Text(), nullable=True),
        sa.Column("my_text", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.Text(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_block_conflict_response", "block_conflict", ["response_id"])
    op.create_table(
        "presence",
        sa.Column("person", sa.Text(), primary_key=True),
        sa.Column("response_id", sa.Integer(), primary_key=True),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("seen_at", sa.BigInteger(), nullable=False),  # milliseconds since the epoch
    )
    if op.get_bind().dialect.name == "postgresql":
        # The function 0006 made for a server's change log (arguments: the entity, the id's column).
        for verb, _action, _row in ACTIONS:
            op.execute(f"CREATE TRIGGER change_log_block_conflict_{verb.lower()} AFTER {verb} ON block_conflict "
                       "FOR EACH ROW EXECUTE FUNCTION drafter_change_log('conflict', 'id')")
        return
    for verb, action, row in ACTIONS:
        op.execute(
            f"CREATE TRIGGER change_log_block_conflict_{verb.lower()} AFTER {verb} ON block_conflict BEGIN "
            "INSERT INTO change_log (txn, entity, row_id, action) "
            f"VALUES ((SELECT txn FROM change_clock WHERE id = 1), 'conflict', {row}.id, '{action}'); END"
        )


def downgrade() -> None:
    on = " ON block_conflict" if op.get_bind().dialect.name == "postgresql" else ""
    for verb, _action, _row in ACTIONS:
        op.execute(f"DROP TRIGGER IF EXISTS change_log_block_conflict_{verb.lower()}{on}")
    op.drop_table("presence")
    op.drop_index("ix_block_conflict_response", "block_conflict")
    op.drop_table("block_conflict")
    op.drop_column("question", "assigned_to")
    op.drop_column("answer_block", "edited_at")
    op.drop_column("answer_block", "edited_by")
    op.drop_column("answer_block", "version")

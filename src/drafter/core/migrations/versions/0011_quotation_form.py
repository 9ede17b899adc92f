"""A quotation can be shortened, and its pinpoint set by hand.

``answer_block.shortened`` holds the quotation as the user prints it, with "…"
where words are left out and square brackets around their own words (see
``drafter.core.shortening``); NULL quotes the whole snippet, as before.
``answer_block.pinpoint`` is the user's own pinpoint for the citation ("para 3",
"s 64", "12"); NULL lets Drafter derive it from where the snippet stands.
Both are new and empty, so the upgrade changes no existing answer.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE (not batch mode): recreating the table would drop the change-log
    # triggers (0006) and the unique places index (0007).
    op.add_column("answer_block", sa.Column("shortened", sa.Text(), nullable=True))
    op.add_column("answer_block", sa.Column("pinpoint", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("answer_block", "pinpoint")
    op.drop_column("answer_block", "shortened")

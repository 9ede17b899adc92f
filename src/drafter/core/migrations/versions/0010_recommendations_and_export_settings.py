"""Recommendations, and how each response was last exported.

``answer_block.recommendation``: the user marks a paragraph of their own as one
of the response's recommendations; the export gathers them into a numbered
"Summary of recommendations" after the introduction. Every existing paragraph
is not one (0).

``response.export_settings``: the choices of the response's last export (format,
citation style, template, numbered paragraphs, list of sources, the folder), as
JSON, so the Export dialog opens as the user left it for this response. NULL:
never exported. Kept with the response rather than in the computer's settings,
because they are choices about this document (a colleague's response in the
same library is exported its own way) and they go when the response goes.

Revision ID: 0010
Revises: 0009 (the coordinator chains it after 0009)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("answer_block", sa.Column("recommendation", sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    op.add_column("response", sa.Column("export_settings", sa.JSON(), nullable=True))


def downgrade() -> None:
    # SQLite drops a plain column in place (3.35+); a batch copy of the table would lose its triggers.
    op.execute("ALTER TABLE response DROP COLUMN export_settings")
    op.execute("ALTER TABLE answer_block DROP COLUMN recommendation")

"""Source types with their own fields: every CSL variable a type needs, beside the six facts.

A source already had a CSL type and six facts (title, authors, date, web address,
accessed date and the outlet in ``publisher``). A journal article also needs its
volume, issue, pages and DOI; a case its court and neutral citation; a report its
number and place of publication. They are kept in ``source.variables``, a JSON
object of CSL-JSON variables, checked against the table in
``drafter.core.source_types`` whenever facts are saved. Every existing source
starts with none: nothing is made up for it.

The existing types are all in the table and are kept as they are (the stored
articles' type, ``article-newspaper``, is the one checked against their publishers'
pages: resources/articles/sources.json). Two things are Drafter's reading, not the
user's, and the source's fact basis says so:

- a type the table does not offer (written by some other program) becomes
  ``document``, and the basis names the old type;
- a court case's ``publisher`` was cited as CSL's ``publisher`` before, and is now
  shown and cited as the law report series (``container-title``): the basis asks
  the user to check it.

Downgrade drops the column, and with it the extra variables: the copy of the
database made before this upgrade (``backups/``) still has everything as it was.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

from drafter.core.source_types import BY_NAME

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

UPGRADE_NOTE = "read by Drafter's upgrade (0009), not by you"


def upgrade() -> None:
    op.add_column("source", sa.Column("variables", sa.JSON(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(text("SELECT id, type, publisher, fact_basis FROM source"))
    for source_id, kind, publisher, raw_basis in rows.all():
        basis = _basis(raw_basis)
        new_kind = kind
        if kind not in BY_NAME:
            new_kind = "document"
            basis["source_type"] = f"the type was '{kind}', which Drafter does not offer: 'document' {UPGRADE_NOTE}"
        elif kind == "legal_case" and publisher:
            basis["publisher"] = (
                f"'{publisher}' was cited as the case's publisher before; it is now the law report series, "
                f"{UPGRADE_NOTE}: check it"
            )
        else:
            continue
        bind.execute(
            text("UPDATE source SET type = :t, fact_basis = :b WHERE id = :i"),
            {"t": new_kind, "b": json.dumps(basis, ensure_ascii=False), "i": source_id},
        )


def downgrade() -> None:
    # SQLite drops a column in place (3.35 and later); a batch copy of the table would lose its triggers.
    op.execute("ALTER TABLE source DROP COLUMN variables")


def _basis(raw: object) -> dict[str, str]:
    if isinstance(raw, dict):  # a server's driver reads JSON itself
        return dict(raw)
    if not isinstance(raw, str):
        return {}
    try:
        basis = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return basis if isinstance(basis, dict) else {}

"""Alembic environment: run against the connection Drafter hands over.

Drafter runs migrations itself at start-up (``drafter.core.store.migrate``); the
connection arrives in ``config.attributes['connection']``.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import drafter.core.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from drafter.core.store import fts, migrate

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by a mistaken `alembic` CLI call
    raise RuntimeError("Run migrations through drafter.core.store.migrate, not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds the table
    compare_type=True,
    # The search index (FTS5 tables and their shadow tables) is not in the models.
    include_name=migrate.include_name,
)
with context.begin_transaction():
    context.run_migrations()
    if connection.dialect.name == "sqlite":
        # A batch rebuild of source, snippet or snippet_tag drops the search
        # triggers with the old table; put them back and re-index.
        fts.restore_after_migration(connection)

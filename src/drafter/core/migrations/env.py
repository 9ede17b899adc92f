"""Alembic environment: run against the connection Drafter hands over.

Drafter runs migrations itself at start-up (``drafter.core.store.migrate``); the
connection arrives in ``config.attributes['connection']``.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import drafter.core.models  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by a mistaken `alembic` CLI call
    raise RuntimeError("Run migrations through drafter.core.store.migrate, not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

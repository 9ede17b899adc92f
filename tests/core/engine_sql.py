"""Plain SQL on a test's library, on either engine: for tests that read or change rows behind the app's back.

``run_sql(store, sql, params)`` runs one statement (``?`` placeholders) on a connection
of its own, commits, and returns the rows. On SQLite it opens the data folder's file; on
a PostgreSQL library, a psycopg connection to the same server (JSON comes back as text,
as SQLite gives it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from typing import Any


def run_sql(store: Any, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    if store.dialect == "sqlite":
        with closing(sqlite3.connect(store.database_path)) as connection, connection:
            return connection.execute(sql, params).fetchall()
    import psycopg
    from psycopg.types.string import TextLoader

    from drafter.core.store.postgres import connect_args, to_pyformat

    with psycopg.connect(**connect_args(store.engine)) as connection:
        for name in ("json", "jsonb"):
            connection.adapters.register_loader(name, TextLoader)
        cursor = connection.execute(to_pyformat(sql), tuple(params))  # type: ignore[arg-type]
        return list(cursor.fetchall()) if cursor.description else []

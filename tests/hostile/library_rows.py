"""Every row of every table of a test's library, on either engine: what a refused input must leave as it was.

Read on a connection of its own, behind the app's back: on SQLite the data folder's file,
opened read-only (FTS shadow tables included); on a server library, every table of its
schema, through psycopg.
"""

from __future__ import annotations

import sqlite3
from typing import Any

Rows = dict[str, list[tuple[object, ...]]]


def dump(store: Any) -> Rows:
    """Every table's rows in a stable order (by the first column)."""
    if store.dialect == "sqlite":
        connection = sqlite3.connect(f"file:{store.database_path}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            return {t: connection.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
        finally:
            connection.close()
    import psycopg
    from psycopg import sql

    from drafter.core.store.postgres import connect_args

    with psycopg.connect(**connect_args(store.engine)) as connection:
        tables = [r[0] for r in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]
        return {t: connection.execute(sql.SQL("SELECT * FROM {} ORDER BY 1").format(sql.Identifier(t))).fetchall()
                for t in tables}

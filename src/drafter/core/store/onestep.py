"""Reads that come back from SQLite in one step, for the window's thread.

Python 3.11's ``sqlite3`` lets go of Python's lock (the GIL) around every step
of a query and around every column it reads, and takes it back after. Alone,
that costs nothing. But while another thread is busy in Python (the ORM being
imported after start-up, an export being written, files being parsed for an
import), each taking-back waits for that thread's turn to end: up to the
interpreter's switch interval, 5 ms. A 200-row page of five columns took
330 ms that way instead of 0.2 ms, and the window froze while it drew the page
(``bench/README.md``, "GIL hand-offs").

So the window's reads ask SQLite for the whole result as a single JSON array,
built by ``json_group_array``: one step, one column, whatever the row count.
Under the same load that page takes about 16 ms, and it is no slower when the
machine is idle. Values come back as they are stored (text, integers, reals,
NULL as None); Drafter stores no BLOBs in the tables read this way.

Ordering: the rows are aggregated in the order the inner query yields them.
SQLite does not flatten a subquery with ORDER BY into an aggregate (rule 16 of
its query flattener), so the inner ORDER BY holds; the tests compare every list
order with the plain query's.

On a PostgreSQL server (``postgres.PostgresReader``) the rows travel over the network
in one answer anyway and psycopg reads them without stepping back into Python per
row, so the same functions run the plain query there.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drafter.core.store import Reader


def rows(connection: Reader, columns: Sequence[str], rest: str,
         params: Sequence[object] = (), *, distinct: bool = False) -> list[list[Any]]:
    """The rows of ``SELECT <columns> <rest>``, each a list, in one step of SQLite."""
    if not getattr(connection, "one_step", True):
        keyword = "DISTINCT " if distinct else ""
        return [list(r) for r in connection.execute(f"SELECT {keyword}{', '.join(columns)} {rest}", params)
                .fetchall()]
    inner = ", ".join(f"{expression} AS c{i}" for i, expression in enumerate(columns))
    outer = ", ".join(f"c{i}" for i in range(len(columns)))
    keyword = "DISTINCT " if distinct else ""
    (text,) = connection.execute(
        f"SELECT json_group_array(json_array({outer})) FROM (SELECT {keyword}{inner} {rest})", params
    ).fetchone()
    return json.loads(text)


def values(connection: Reader, expression: str, rest: str,
           params: Sequence[object] = ()) -> list[Any]:
    """One column of ``SELECT <expression> <rest>``, in one step of SQLite."""
    if not getattr(connection, "one_step", True):
        return [r[0] for r in connection.execute(f"SELECT {expression} {rest}", params).fetchall()]
    (text,) = connection.execute(
        f"SELECT json_group_array(c0) FROM (SELECT {expression} AS c0 {rest})", params
    ).fetchone()
    return json.loads(text)


def row(connection: Reader, columns: Sequence[str], rest: str,
        params: Sequence[object] = ()) -> list[Any] | None:
    """The first row of ``SELECT <columns> <rest>``, or None, in one step of SQLite."""
    found = rows(connection, columns, rest + " LIMIT 1", params)
    return found[0] if found else None

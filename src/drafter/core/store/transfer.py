"""Moving a whole library between two databases: a local SQLite file and a team's PostgreSQL server.

``copy_library(source, target)`` copies every table of the library (``SQLModel.metadata``'s
tables in dependency order, so each row's references are there before it) from one
engine to the other in ONE transaction on the target, keeping every id. Then, still
inside that transaction:

- the target's id counters are set past the highest id the source ever gave (PostgreSQL's
  sequences with ``setval``; SQLite's ``sqlite_sequence`` for its AUTOINCREMENT tables), so
  ids are never reused there either (migration 0003);
- the search index is rebuilt: SQLite's FTS5 tables are filled anew; on PostgreSQL the
  search tables are written by the server's own triggers as each copied row goes in;
- the copy is checked row for row: for each table the number of rows and a SHA-256 digest of
  its rows (read in primary-key order, every value in a canonical JSON form, so both engines'
  spellings of a boolean or a JSON column give the same digest) are compared between the
  source and the target. Any difference raises ``TransferMismatchError`` and the target's
  transaction is rolled back: the target is left exactly as it was.

The source is read in one read transaction (a consistent snapshot), and written nowhere.

Not copied: the change log and its clock (``change_log``, ``change_clock``), which describe
commits to one database, not the library; the target's own triggers log the copied rows as
created under one transaction number of its own, so a window watching the target hears of
them. ``alembic_version`` is not copied either: both sides must already be at the same
schema revision (``TransferError`` otherwise), which opening them with ``Store.open`` ensures.

The target must hold no rows, unless ``replace=True``: then its rows are deleted first (in
reverse dependency order), in the same transaction, so a failed check puts them all back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from drafter.core.errors import DrafterError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, Select, Table

#: Tables that describe one database's commits, not the library (see the module's docstring).
NOT_COPIED = frozenset({"change_log", "change_clock"})
#: Rows sent to the target per INSERT statement.
BATCH = 500


class TransferError(DrafterError):
    """The library could not be moved; the target was left as it was."""


class TransferMismatchError(TransferError):
    """The copy did not match the source row for row; the target's transaction was rolled back."""


@dataclass(frozen=True)
class TableCheck:
    """One table's row count and digest, on one side."""

    rows: int
    digest: str


@dataclass
class TransferSummary:
    """What was copied: rows per table (every one checked against the source)."""

    rows: dict[str, int] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return self.rows.get(table, 0)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def library_tables() -> list[Table]:
    """The tables a library is made of, each after the tables its rows refer to."""
    from sqlmodel import SQLModel

    import drafter.core.models  # noqa: F401  (every table is registered on the metadata)

    return [t for t in SQLModel.metadata.sorted_tables if t.name not in NOT_COPIED]


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at (None: not made by the migrations)."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def row_counts(connection: Connection, tables: Iterable[Table] | None = None) -> dict[str, int]:
    from sqlalchemy import func, select

    return {t.name: int(connection.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (tables if tables is not None else library_tables())}


def is_empty(connection: Connection) -> bool:
    """No row in any of the library's tables."""
    return not any(row_counts(connection).values())


def canonical_row(values: Sequence[Any]) -> bytes:
    """One row in a form both engines give alike: JSON with sorted keys, booleans as booleans."""
    return json.dumps(list(values), sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode("utf-8")


def _ordered(table: Table) -> Select[Any]:
    from sqlalchemy import select

    key = list(table.primary_key.columns) or list(table.columns)
    return select(*table.columns).order_by(*key)


def table_check(connection: Connection, table: Table) -> TableCheck:
    """The row count and digest of one table as ``connection`` sees it (its own uncommitted rows too)."""
    digest = hashlib.sha256()
    rows = 0
    for row in connection.execute(_ordered(table)):
        digest.update(canonical_row(tuple(row)))
        digest.update(b"\n")
        rows += 1
    return TableCheck(rows, digest.hexdigest())


def copy_library(source: Engine, target: Engine, *, replace: bool = False) -> TransferSummary:
    """Copy the library from ``source`` to ``target`` in one target transaction, checked row for row.

    Raises ``TransferError`` (schemas differ, the target holds a library and ``replace`` is
    False) or ``TransferMismatchError`` (the check failed); the target is then unchanged.
    """
    tables = library_tables()
    summary = TransferSummary()
    with source.connect() as reading, target.connect() as writing:
        _begin_snapshot(reading)
        ours = schema_revision(reading)
        with writing.begin():
            theirs = schema_revision(writing)
            if ours != theirs:
                raise TransferError(
                    f"The two libraries are at different versions of Drafter's schema ({ours or 'none'} and "
                    f"{theirs or 'none'}), so nothing was copied.",
                    hint="Open each of them once with this version of Drafter: it brings them up to date.",
                )
            _number_the_copy(writing)
            if not is_empty(writing):
                if not replace:
                    raise TransferError(
                        "The target library is not empty, so nothing was copied.",
                        hint="Copy into a new, empty library (or use --replace on a local one: "
                        "it is backed up first).",
                    )
                for table in reversed(tables):
                    writing.execute(table.delete())
            expected: dict[str, TableCheck] = {}
            for table in tables:
                expected[table.name] = _copy_table(reading, writing, table)
                summary.rows[table.name] = expected[table.name].rows
            for table in tables:
                _carry_id_counter(reading, writing, table)
            rebuild_search_index(writing)
            problems = []
            for table in tables:
                got = table_check(writing, table)
                want = expected[table.name]
                if got != want:
                    problems.append(f"{table.name}: {want.rows} rows in the source, {got.rows} in the copy"
                                    + ("" if got.rows != want.rows else " (their contents differ)"))
            if problems:
                raise TransferMismatchError(
                    "The copy did not match the library it was copied from, so it was undone and the "
                    "target is as it was: " + "; ".join(problems) + ".",
                    hint="Nothing was lost. Check that no one was changing the target while it was copied, "
                    "then try again.",
                )
        reading.rollback()
    return summary


def _begin_snapshot(connection: Connection) -> None:
    """Read the source as of one moment, whatever is committed to it meanwhile."""
    from sqlalchemy import text

    if connection.dialect.name == "postgresql":
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
    elif connection.dialect.name == "sqlite":
        # Python's sqlite3 begins no transaction for reads: begin one, and its first read fixes
        # the snapshot (WAL) that every later read of the copy sees.
        connection.exec_driver_sql("BEGIN")
        connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()


def _number_the_copy(connection: Connection) -> None:
    """Give the copy one change-log transaction number (the triggers log its rows under it).

    On a server the copy also sends the commit notice every watcher listens for
    (``store.live``), so Drafters already open on the target library show it.
    """
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("change_clock"):
        return
    txn = connection.execute(text("UPDATE change_clock SET txn = txn + 1 WHERE id = 1 RETURNING txn")).scalar()
    if txn is not None and connection.dialect.name == "postgresql":
        from drafter.core.store.live import CHANNEL

        connection.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": str(txn)})


def _copy_table(reading: Connection, writing: Connection, table: Table) -> TableCheck:
    """Copy one table's rows in batches; the count and digest of what was read from the source."""
    digest = hashlib.sha256()
    rows = 0
    batch: list[dict[str, Any]] = []
    names = [c.name for c in table.columns]
    for row in reading.execution_options(yield_per=BATCH).execute(_ordered(table)):
        values = tuple(row)
        digest.update(canonical_row(values))
        digest.update(b"\n")
        rows += 1
        batch.append(dict(zip(names, values, strict=True)))
        if len(batch) >= BATCH:
            writing.execute(table.insert(), batch)
            batch = []
    if batch:
        writing.execute(table.insert(), batch)
    return TableCheck(rows, digest.hexdigest())


def _integer_key(table: Table) -> str | None:
    from sqlalchemy import Integer

    key = list(table.primary_key.columns)
    if len(key) == 1 and isinstance(key[0].type, Integer):
        return key[0].name
    return None


def id_high_water(connection: Connection, table: Table) -> int:
    """The highest id this database has ever given in ``table`` (deleted rows' ids too, where it knows)."""
    from sqlalchemy import func, select, text

    column = _integer_key(table)
    if column is None:
        return 0
    highest = int(connection.execute(select(func.coalesce(func.max(table.c[column]), 0))).scalar_one())
    if connection.dialect.name == "sqlite":
        row = connection.execute(text("SELECT seq FROM sqlite_sequence WHERE name = :t"), {"t": table.name}).first() \
            if _has_sqlite_sequence(connection) else None
        return max(highest, int(row[0]) if row and row[0] is not None else 0)
    if connection.dialect.name == "postgresql":
        last = connection.execute(
            text("SELECT pg_sequence_last_value(CAST(pg_get_serial_sequence(:t, :c) AS regclass))"),
            {"t": table.name, "c": column},
        ).scalar() if _has_pg_sequence(connection, table.name, column) else None
        return max(highest, int(last or 0))
    return highest


def _has_sqlite_sequence(connection: Connection) -> bool:
    from sqlalchemy import text

    return connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")).first() is not None


def _has_pg_sequence(connection: Connection, table: str, column: str) -> bool:
    from sqlalchemy import text

    return connection.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                              {"t": table, "c": column}).scalar() is not None


def _carry_id_counter(reading: Connection, writing: Connection, table: Table) -> None:
    """Set the target's id counter past every id the source has given (or the target had)."""
    from sqlalchemy import text

    column = _integer_key(table)
    if column is None:
        return
    high = max(id_high_water(reading, table), id_high_water(writing, table))
    if writing.dialect.name == "postgresql":
        if not _has_pg_sequence(writing, table.name, column):
            return
        # is_called false with 1: the next id is 1 (an empty table that never had a row).
        writing.execute(
            text("SELECT setval(CAST(pg_get_serial_sequence(:t, :c) AS regclass), :v, :called)"),
            {"t": table.name, "c": column, "v": max(high, 1), "called": high > 0},
        )
    elif writing.dialect.name == "sqlite" and high > 0 and _has_sqlite_sequence(writing):
        writing.execute(text("UPDATE sqlite_sequence SET seq = :v WHERE name = :t AND seq < :v"),
                        {"v": high, "t": table.name})


def rebuild_search_index(connection: Connection) -> None:
    """Build the search index anew from the copied rows (inside the copy's transaction)."""
    if connection.dialect.name == "sqlite":
        from drafter.core.store.fts_schema import INDEXES, reindex

        for index in INDEXES:
            reindex(connection, index)
    # PostgreSQL: the search tables are written by triggers as each copied row goes in (the
    # PostgreSQL search migration); nothing is left to rebuild after the copy.

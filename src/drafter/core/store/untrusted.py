"""Taking in a database that Drafter did not just write: an imported library, a backup being restored.

An SQLite file carries code as well as data: a trigger runs on every write, a
view answers in place of a table, a virtual table hands its queries to a module.
Copying such a file into the data folder as it is would keep all of that, so
a library someone sent with ``AFTER INSERT ON answer_block BEGIN DELETE FROM
answer_block; END`` would empty every answer from then on.

So nothing of the file's schema is kept. ``checked_copy``:

1. runs SQLite's integrity check and reads the file's revision, which this
   version of Drafter must know;
2. builds a new, empty database with Drafter's own migrations up to that
   revision, and compares the file's ``sqlite_master`` with it (statements with
   their spacing normalised): a trigger, view, virtual table, table or index that
   the migrations did not make, one missing, or one made differently (a view in
   place of a table, a trigger of Drafter's name with another body), refuses
   the whole file. Statistics tables (``sqlite_stat1``…) that ``ANALYZE`` may
   have left are data for the query planner, not code: they are not copied;
3. copies the rows of every table, each value checked against the column it
   goes into (its type, whether it may be empty), then every link between
   records (foreign keys). The search index is not copied: Drafter's own
   triggers fill it again as the rows go in, so it always matches them.

The result is a new file beside the data folder's database; the caller puts it
in place. Nothing in the data folder changes while the file is checked, so a
refusal leaves the folder as it was.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from drafter.core.errors import RefusedError
from drafter.core.store.backups import BackupInfo, check_backup, list_backups
from drafter.core.store.sqlite import read_only_uri
from drafter.core.wording import counted

#: Tables SQLite itself keeps that are left out: statistics for the query planner.
_IGNORED_TABLES = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")

_KINDS = {"table": "a table", "index": "an index", "view": "a view", "trigger": "a trigger"}


class UntrustedDatabaseError(RefusedError):
    """The file is not a sound Drafter database, or holds more than Drafter puts in one."""


@dataclass(frozen=True)
class SchemaObject:
    type: str
    name: str
    table: str
    sql: str


def normalised_schema(connection: sqlite3.Connection) -> dict[tuple[str, str], SchemaObject]:
    """Every object of ``sqlite_master`` by (type, name), its statement's spacing normalised."""
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    found: dict[tuple[str, str], SchemaObject] = {}
    for kind, name, table, sql in rows:
        if kind == "table" and name in _IGNORED_TABLES:
            continue
        found[(str(kind), str(name))] = SchemaObject(str(kind), str(name), str(table), normalise_sql(str(sql or "")))
    return found


def normalise_sql(sql: str) -> str:
    """A CREATE statement with its spacing collapsed, and a table's clauses in a fixed order.

    Alembic's table rebuilds (migration 0003) write a table's foreign keys in an
    order that changes from one run to the next, so two databases made by the same
    migrations differ there; the order of a table's clauses means nothing to SQLite.
    """
    text = " ".join(sql.split())
    if not text.upper().startswith("CREATE TABLE") or "(" not in text or not text.endswith(")"):
        return text
    head, _, body = text.partition("(")
    parts = sorted(part.strip() for part in _top_level_parts(body[:-1]))
    return f"{head.strip()} ({', '.join(parts)})"


def _top_level_parts(body: str) -> list[str]:
    """``body`` split at the commas outside parentheses and quotes."""
    parts: list[str] = []
    depth = 0
    quote: str | None = None
    start = 0
    closing = {"'": "'", '"': '"', "`": "`", "[": "]"}
    for i, char in enumerate(body):
        if quote is not None:
            if char == quote:
                quote = None
        elif char in closing:
            quote = closing[char]
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return parts


def _describe(obj: SchemaObject) -> str:
    if obj.type == "table" and obj.sql.upper().startswith("CREATE VIRTUAL TABLE"):
        return f"a virtual table “{obj.name}”"
    return f"{_KINDS.get(obj.type, 'an object')} “{obj.name}”"


def schema_problems(
    found: dict[tuple[str, str], SchemaObject], expected: dict[tuple[str, str], SchemaObject]
) -> list[str]:
    """What differs from the schema Drafter's migrations make, in plain words (empty if nothing)."""
    problems: list[str] = []
    for key, obj in sorted(found.items()):
        mine = expected.get(key)
        if mine is None:
            problems.append(f"{_describe(obj)} that Drafter never makes")
        elif mine != obj:
            problems.append(f"{_describe(obj)} that is not made the way Drafter makes it")
    for key, obj in sorted(expected.items()):
        if key not in found:
            problems.append(f"no {_describe(obj)[_describe(obj).index(' ') + 1:]}, which Drafter needs")
    return problems


def _open_read_only(path: Path) -> sqlite3.Connection:
    # immutable: reading must leave no -wal/-shm beside the file; trusted_schema off: no
    # function named in the file's schema may do anything beyond computing a value.
    con = sqlite3.connect(read_only_uri(path, immutable=True), uri=True)
    con.execute("PRAGMA trusted_schema=OFF")
    return con


def file_revision(path: Path, *, what: str) -> str:
    """The Alembic revision a Drafter database is at; refused if it is none this version knows."""
    from drafter.core.store.migrate import known_revisions

    try:
        con = _open_read_only(path)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        row = None
    if row is None or not isinstance(row[0], str):
        raise UntrustedDatabaseError(
            f"This {what} is an SQLite database but not a Drafter library, so nothing was changed."
        )
    if row[0] not in known_revisions():
        raise UntrustedDatabaseError(
            f"This {what} was written by a newer version of Drafter, which this version cannot read.",
            hint="Install the newer Drafter, then open it there. Nothing was changed.",
        )
    return row[0]


def build_empty(path: Path, revision: str) -> None:
    """A new database at ``path`` made by Drafter's migrations up to ``revision``, with no rows."""
    from sqlalchemy import URL, create_engine

    from drafter.core.store.migrate import _run_alembic

    engine = create_engine(URL.create("sqlite", database=str(path)))
    try:
        _run_alembic(engine, revision)
    finally:
        engine.dispose()


# --- checking values --------------------------------------------------------------------------


def _value_problem(value: object, declared: str, not_null: bool) -> str | None:
    """Why ``value`` cannot go into a column declared ``declared`` (None if it can)."""
    if value is None:
        return "is empty but must not be" if not_null else None
    kind = declared.upper()
    if kind.startswith("INT"):
        ok = isinstance(value, int)
    elif kind.startswith("BOOL"):
        ok = value in (0, 1) and isinstance(value, int)
    elif kind.startswith(("FLOAT", "REAL", "NUMERIC", "DOUBLE")):
        ok = isinstance(value, int | float)
    elif kind.startswith("JSON"):
        ok = isinstance(value, str) and _is_json(value)
    else:  # VARCHAR, TEXT, DATETIME (ISO text)
        ok = isinstance(value, str)
    return None if ok else "holds a value of the wrong kind"


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


@dataclass(frozen=True)
class _Column:
    name: str
    declared: str
    not_null: bool


def _columns(con: sqlite3.Connection, table: str) -> list[_Column]:
    rows = con.execute(f'PRAGMA table_info("{table}")').fetchall()
    # An INTEGER PRIMARY KEY is the rowid: never NULL once stored, whatever table_info says.
    return [_Column(str(r[1]), str(r[2] or ""), bool(r[3]) or (bool(r[5]) and str(r[2]).upper() == "INTEGER"))
            for r in rows]


def _data_tables(expected: dict[tuple[str, str], SchemaObject]) -> list[str]:
    from drafter.core.store.fts import is_search_table

    return sorted(
        obj.name for obj in expected.values()
        if obj.type == "table" and not obj.name.startswith("sqlite_") and not is_search_table(obj.name)
        and obj.name not in NOT_COPIED
    )


#: Bookkeeping the new database keeps for itself: the migrations' revision, and the change
#: log (migration 0006) with its clock, which starts afresh (its triggers log the copied rows).
NOT_COPIED = frozenset({"alembic_version", "change_log", "change_clock"})


def _copy_rows(source: sqlite3.Connection, target: sqlite3.Connection, table: str, what: str) -> int:
    columns = _columns(target, table)
    names = ", ".join(f'"{c.name}"' for c in columns)
    insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in columns)})'
    count = 0
    for row in source.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid'):
        for column, value in zip(columns, row, strict=True):
            problem = _value_problem(value, column.declared, column.not_null)
            if problem is not None:
                raise UntrustedDatabaseError(
                    f"This {what} is damaged: in a record of “{table}”, “{column.name}” {problem}, "
                    "so nothing was changed."
                )
        target.execute(insert, row)
        count += 1
    return count


def _copy_sequences(source: sqlite3.Connection, target: sqlite3.Connection, tables: list[str]) -> None:
    """Keep ids never handed out twice: the highest id ever used, where it is above every row's."""
    try:
        rows = source.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
    except sqlite3.Error:
        return
    for name, seq in rows:
        if name in tables and isinstance(seq, int):
            target.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, name))


# --- the copy ---------------------------------------------------------------------------------


@contextmanager
def checked_copy(
    untrusted: Path, work_dir: Path, *, what: str = "library file", hint: str | None = None,
    integrity_checked: bool = False,
) -> Iterator[Path]:
    """A new database in ``work_dir`` holding only the checked data of ``untrusted``.

    Yields the path of the copy (a single file, no -wal); the caller moves it into
    place before the block ends, and whatever is left is removed when it ends.
    ``what`` names the file in messages ("library file", "backup"); ``hint`` replaces
    the advice given when its schema is refused. ``integrity_checked``: the caller has
    already run SQLite's integrity check on it (it reads the whole file).
    Raises ``UntrustedDatabaseError`` with a plain message if the file is refused.
    """
    problem = "ok" if integrity_checked else check_backup(untrusted)
    if problem != "ok":
        raise UntrustedDatabaseError(f"This {what} is not a sound Drafter library ({problem}), so nothing was changed.")
    revision = file_revision(untrusted, what=what)
    with tempfile.TemporaryDirectory(prefix=".checking-", dir=work_dir) as tmp:
        copy = Path(tmp) / "checked.sqlite"
        _build_or_refuse(copy, revision, what)
        source = _open_read_only(untrusted)
        target = sqlite3.connect(copy, isolation_level=None)
        try:
            expected = normalised_schema(target)  # what the migrations made, before any row goes in
            problems = schema_problems(normalised_schema(source), expected)
            if problems:
                listed = "; ".join(problems[:3]) + ("; …" if len(problems) > 3 else "")
                raise UntrustedDatabaseError(
                    f"This {what} holds more than a Drafter library, or other than one ({listed}). "
                    "Such things could change or delete your work later, so nothing was changed.",
                    hint=hint or "Use a library exported by Drafter itself (File › Export Whole Library…).",
                )
            _copy_data(source, target, expected, what)
        except sqlite3.Error as exc:
            if any(s in str(exc).lower() for s in ("disk is full", "disk i/o", "readonly", "unable to open")):
                raise RefusedError(
                    f"Drafter could not copy the {what} into its data folder: {exc}.",
                    hint="Nothing was changed. Check that the disk is not full and the folder can be written.",
                ) from exc
            raise UntrustedDatabaseError(
                f"This {what} could not be read ({exc}), so nothing was changed."
            ) from exc
        finally:
            source.close()
            target.close()
        yield copy


def _build_or_refuse(copy: Path, revision: str, what: str) -> None:
    from sqlalchemy.exc import DatabaseError

    try:
        build_empty(copy, revision)
    except (OSError, DatabaseError) as exc:
        raise RefusedError(
            f"Drafter could not make room for the {what} in its data folder: {getattr(exc, 'orig', None) or exc}.",
            hint="Nothing was changed. Check that the disk is not full and the folder can be written.",
        ) from exc


def _copy_data(
    source: sqlite3.Connection, target: sqlite3.Connection,
    expected: dict[tuple[str, str], SchemaObject], what: str,
) -> None:
    tables = _data_tables(expected)
    target.execute("PRAGMA foreign_keys=OFF")  # rows go in table by table; the links are checked at the end
    target.execute("BEGIN")
    try:
        for table in tables:
            _copy_rows(source, target, table, what)
        _copy_sequences(source, target, tables)
        broken = target.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise UntrustedDatabaseError(
                f"This {what} is damaged: {counted(len(broken), 'record')} "
                f"{'points' if len(broken) == 1 else 'point'} at records it does not hold "
                f"(the first in “{broken[0][0]}”), so nothing was changed."
            )
    except sqlite3.IntegrityError as exc:  # two records with one id, a tag given twice…
        target.execute("ROLLBACK")
        raise UntrustedDatabaseError(
            f"This {what} is damaged: two of its records clash ({exc}), so nothing was changed."
        ) from exc
    except BaseException:
        target.execute("ROLLBACK")
        raise
    target.execute("COMMIT")


def sound_backups(data_dir: Path) -> list[BackupInfo]:
    """``list_backups`` with ``ok`` meaning what restoring will find: a sound file holding only what
    Drafter's migrations make at its revision (a backup someone added a trigger to is not ok).

    Each revision's schema is built once per call, in a temporary folder (about a tenth of a
    second each; the backups of one data folder are nearly always of one or two revisions).
    """
    expected: dict[str, dict[tuple[str, str], SchemaObject] | None] = {}
    checked = []
    for info in list_backups(data_dir):
        ok = bool(info.ok)
        if ok:
            try:
                revision = file_revision(info.path, what="backup")
                if revision not in expected:
                    expected[revision] = _schema_of(revision, data_dir)
                schema = expected[revision]
                source = _open_read_only(info.path)
                try:
                    # A schema that could not be built here (a full disk) leaves the quick check's word.
                    ok = schema is None or not schema_problems(normalised_schema(source), schema)
                finally:
                    source.close()
            except (UntrustedDatabaseError, sqlite3.Error):
                ok = False
        checked.append(replace(info, ok=ok))
    return checked


def _schema_of(revision: str, data_dir: Path) -> dict[tuple[str, str], SchemaObject] | None:
    """The schema Drafter's migrations make at ``revision`` (None if they could not be run here)."""
    work = data_dir if data_dir.is_dir() else None
    with tempfile.TemporaryDirectory(prefix=".schema-", dir=work) as tmp:
        path = Path(tmp) / "empty.sqlite"
        from sqlalchemy.exc import DatabaseError

        try:
            build_empty(path, revision)
        except (OSError, DatabaseError):
            return None
        con = sqlite3.connect(path)
        try:
            return normalised_schema(con)
        finally:
            con.close()

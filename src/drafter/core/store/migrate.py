"""Bring a database up to the schema this version of Drafter needs.

Runs at every start. The common case (already up to date) is one cheap query and
never imports Alembic, so start-up stays fast. Before any migration touches an
existing database, a consistent copy is put aside in ``backups/``.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.core.errors import DatabaseTooNewError, DrafterError
from drafter.core.store.backups import KIND_MIGRATION, make_backup
from drafter.core.store.sqlite import foreign_key_problems, foreign_keys_deferred
from drafter.core.wording import counted

if TYPE_CHECKING:  # imported where used: reading HEAD_REVISION must not import SQLAlchemy
    from sqlalchemy import Connection, Engine

#: The newest revision in ``drafter/core/migrations/versions``; a test keeps the two equal.
HEAD_REVISION = "0016"


#: SQLite indexes on expressions (``title COLLATE NOCASE``, migration 0004). The models
#: can't declare them in a form schema comparison understands, so it leaves them out.
EXPRESSION_INDEXES = frozenset({"ix_source_list_title", "ix_source_list_publisher"})


def include_name(name: str | None, type_: str, parent_names: object = None) -> bool:
    """Alembic ``include_name`` hook: what schema comparison looks at (not the search index)."""
    from drafter.core.store import fts

    if type_ == "index" and name in EXPRESSION_INDEXES:
        return False
    return fts.include_name(name, type_, parent_names)


class MigrationError(DrafterError):
    """An upgrade of the database failed and was rolled back."""


def migrations_dir() -> Path:
    return Path(str(files("drafter.core.migrations")))


def current_revision(connection: Connection) -> str | None:
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrations_dir()))
    return {rev.revision for rev in script.walk_revisions()}


def upgrade(engine: Engine, database: Path, data_dir: Path, target: str = "head") -> str | None:
    """Migrate to ``target``; return the path of the pre-migration copy, if one was made."""
    from sqlalchemy import inspect

    with engine.connect() as connection:
        before = current_revision(connection)
        has_tables = bool(inspect(connection).get_table_names())
    if before == HEAD_REVISION and target == "head":
        return None
    if before is not None and before not in known_revisions():
        raise DatabaseTooNewError(
            "This data folder was last used by a newer version of Drafter, "
            "and this version cannot read it safely.",
            hint="Install the newer Drafter again, or start this one with a different data folder.",
        )
    backup: str | None = None
    if has_tables:
        backup = str(make_backup(data_dir, KIND_MIGRATION, label=before or "none").path)
    _run_alembic(engine, target)
    return backup


#: The advisory lock a server's migration holds, so two Drafters starting at once never both migrate.
MIGRATION_LOCK = 0x44524146  # "DRAF"


def upgrade_server(engine: Engine, target: str = "head") -> None:
    """Migrate a shared library on a PostgreSQL server to ``target``.

    No copy is put aside first: a server is backed up by its own tools
    (docs/team-server.md). The whole upgrade is one transaction holding an advisory
    lock, so a colleague's Drafter starting at the same moment waits, then finds the
    schema already done. A role without the right to change the schema (the
    colleagues' roles: docs/team-server.md, "Roles") can open a library that is up to
    date; upgrading it is its owner's job, and the message says so.
    """
    from sqlalchemy import text
    from sqlalchemy.exc import ProgrammingError

    with engine.connect() as connection:
        before = current_revision(connection)
    if before == HEAD_REVISION and target == "head":
        return
    if before is not None and before not in known_revisions():
        raise DatabaseTooNewError(
            "This shared library was last upgraded by a newer version of Drafter, "
            "and this version cannot use it safely.",
            hint="Install the newer Drafter, as your colleagues have.",
        )
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    try:
        with engine.connect() as connection, connection.begin():
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    except ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":
            raise
        raise MigrationError(
            "This shared library needs its tables created or upgraded for this version of Drafter, "
            "and your database role may not change them, so nothing was changed.",
            hint="Ask whoever runs the server to open it once with the owner role "
            "(docs/team-server.md, “Roles”).",
        ) from exc


def _run_alembic(engine: Engine, target: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    # Table rebuilds (Alembic's batch mode on SQLite) copy, drop and rename a
    # table; with foreign keys enforced that would cascade-delete or refuse
    # rows that point at it. They are checked once, after the whole upgrade.
    with engine.connect() as connection, foreign_keys_deferred(connection), connection.begin():
        config.attributes["connection"] = connection
        command.upgrade(config, target)
        broken = foreign_key_problems(connection)
        if broken:
            raise MigrationError(
                "Drafter could not upgrade its database: the upgrade would have left "
                f"{counted(broken, 'broken link')} between records, so nothing was changed.",
                hint="The copy made before the upgrade is in the 'backups' folder.",
            )

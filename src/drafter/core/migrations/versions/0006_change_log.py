"""Change log: every committed change to a source, snippet, response, question or answer block.

Triggers write one row per changed record, whoever writes (the window, the command
line, a second window, any other program), so a change notice can always name what
changed: the writing transaction reads its own rows back (``change_clock`` gives it a
number of its own), and other processes read the rows that are new since they last
looked (``drafter.core.change_watch``). Rows deleted by a foreign key's cascade are
logged too, as SQLite runs triggers for them.

On a PostgreSQL server the triggers are the same in its own language: one PL/pgSQL
function (``LOG_FUNCTION``) that every table's row triggers call with the entity's name
and the column that holds its id. PostgreSQL runs them for cascaded deletes too.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: The logged tables and the name each is announced under. Changes to a snippet's tags
#: are changes to the snippet, and to a source's pages changes to the source.
TABLES = {
    "source": ("source", "id"),
    "snippet": ("snippet", "id"),
    "response": ("response", "id"),
    "question": ("question", "id"),
    "answer_block": ("block", "id"),
    "snippet_tag": ("snippet", "snippet_id"),
    "source_page": ("source", "source_id"),
}
ACTIONS = (("INSERT", "created", "NEW"), ("UPDATE", "updated", "NEW"), ("DELETE", "deleted", "OLD"))


def trigger_name(table: str, verb: str) -> str:
    return f"change_log_{table}_{verb.lower()}"


#: PostgreSQL: the function every change-log trigger runs (arguments: the entity, the id's column).
LOG_FUNCTION = "drafter_change_log"

_PG_FUNCTION = f"""
CREATE FUNCTION {LOG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    changed jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := to_jsonb(OLD);
    ELSE
        changed := to_jsonb(NEW);
    END IF;
    INSERT INTO change_log (txn, entity, row_id, action)
    VALUES ((SELECT txn FROM change_clock WHERE id = 1), TG_ARGV[0], (changed ->> TG_ARGV[1])::integer,
            CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END);
    RETURN NULL;
END
$body$
"""


def upgrade() -> None:
    op.create_table(
        "change_clock",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("txn", sa.Integer(), nullable=False),
    )
    op.execute("INSERT INTO change_clock (id, txn) VALUES (1, 0)")
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("txn", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_change_log_txn", "change_log", ["txn"])
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
        return
    for table, (entity, key) in TABLES.items():
        for verb, action, row in ACTIONS:
            op.execute(
                f"CREATE TRIGGER {trigger_name(table, verb)} AFTER {verb} ON {table} BEGIN "
                "INSERT INTO change_log (txn, entity, row_id, action) "
                f"VALUES ((SELECT txn FROM change_clock WHERE id = 1), '{entity}', {row}.{key}, '{action}'); END"
            )


def _upgrade_postgresql() -> None:
    op.execute(_PG_FUNCTION)
    for table, (entity, key) in TABLES.items():
        for verb, _action, _row in ACTIONS:
            # Names and arguments are this module's constants, never a user's value.
            op.execute(
                f"CREATE TRIGGER {trigger_name(table, verb)} AFTER {verb} ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION {LOG_FUNCTION}('{entity}', '{key}')"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for verb, _action, _row in ACTIONS:
                op.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table, verb)} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {LOG_FUNCTION}()")
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for verb, _action, _row in ACTIONS:
                op.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table, verb)}")
    op.drop_index("ix_change_log_txn", "change_log")
    op.drop_table("change_log")
    op.drop_table("change_clock")

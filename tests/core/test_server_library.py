"""A shared library on a PostgreSQL server: one schema with SQLite, writers kept in order, roles, plain errors.

Everything here runs against the real throwaway server of tests/pg_server.py.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from drafter.core.errors import DrafterError
from drafter.core.store import Store
from drafter.core.store.migrate import HEAD_REVISION, MigrationError
from drafter.core.store.postgres import (
    PermissionDeniedError,
    ServerUnreachableError,
    SignInError,
    describe,
    server_url,
    to_pyformat,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "team-server.md"
_numbers = itertools.count(1)


def _unique(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{next(_numbers)}"


# --- one schema, two engines ------------------------------------------------------------------


def _schema(engine: Any) -> dict[str, Any]:
    """Tables, their columns (name, a broad type, nullable), keys, unique constraints and indexes' columns.

    The search index is each engine's own (FTS5 tables on SQLite; pg-search's on the server), so it is left
    out, as are expression indexes, whose SQL is each engine's (their names are compared).
    """
    from drafter.core.store.fts import include_name
    from drafter.core.store.migrate import EXPRESSION_INDEXES

    found: dict[str, Any] = {}
    with engine.connect() as connection:
        inspector = inspect(connection)
        for table in sorted(inspector.get_table_names()):
            if not include_name(table, "table", None):
                continue
            columns = tuple((c["name"], _broad(c["type"]), c["nullable"]) for c in inspector.get_columns(table))
            foreign = sorted((tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]),
                              (f.get("options") or {}).get("ondelete"))
                             for f in inspector.get_foreign_keys(table))
            unique = sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table))
            indexes = sorted((i["name"], () if i["name"] in EXPRESSION_INDEXES else tuple(i["column_names"]),
                              bool(i["unique"]))
                             for i in inspector.get_indexes(table)
                             if not i.get("duplicates_constraint"))  # a server's own index of a UNIQUE
            found[table] = {
                "columns": columns, "primary": tuple(inspector.get_pk_constraint(table)["constrained_columns"]),
                "foreign": foreign, "unique": unique, "indexes": indexes,
            }
    return found


def _broad(kind: Any) -> str:
    name = type(kind).__name__.upper()
    for broad in ("INT", "BOOL", "JSON"):
        if broad in name:
            return broad
    return "TEXT" if any(t in name for t in ("CHAR", "TEXT", "STRING")) else name


def test_migrations_make_the_same_tables_columns_keys_and_indexes_on_both_engines(
    data_dir: Path, server_library: str,
) -> None:
    local = Store.open(data_dir)
    shared = Store.open_url(server_library, data_dir)
    try:
        on_sqlite, on_server = _schema(local.engine), _schema(shared.engine)
    finally:
        local.close()
        shared.close()
    assert set(on_sqlite) == set(on_server)
    assert {"source", "snippet", "answer_block", "change_log", "change_clock"} <= set(on_server)
    for table in on_sqlite:
        assert on_sqlite[table] == on_server[table], table


def test_models_and_migrations_agree_on_the_server(pg_url: str, data_dir: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from drafter.core.store.migrate import include_name

    store = Store.open_url(pg_url, data_dir, seed=False)
    try:
        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": include_name})
            diffs = compare_metadata(context, SQLModel.metadata)
            version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    finally:
        store.close()
    assert diffs == []
    assert version == HEAD_REVISION


def test_a_new_library_on_the_server_holds_the_stored_articles_once(pg_url: str, data_dir: Path) -> None:
    from drafter.core.listing import count_sources

    first = Store.open_url(pg_url, data_dir)
    second = Store.open_url(pg_url, data_dir)  # a colleague opening it next: nothing migrated or seeded again
    try:
        assert count_sources(first) == count_sources(second) == 5
        assert not second.last_changes
    finally:
        first.close()
        second.close()


def test_two_drafters_opening_a_new_library_at_once_make_it_once(pg_url: str, data_dir: Path) -> None:
    from drafter.core.listing import count_sources

    opened: list[Store] = []
    failures: list[BaseException] = []

    def open_it() -> None:
        try:
            opened.append(Store.open_url(pg_url, data_dir))
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    try:
        assert not failures
        assert [count_sources(s) for s in opened] == [5, 5, 5]
    finally:
        for s in opened:
            s.close()


# --- several writers ---------------------------------------------------------------------------


def test_writers_on_several_connections_each_get_their_own_number_and_notice(
    server_library: str, data_dir: Path,
) -> None:
    """Four Drafters adding sources at once: every change numbered once, each notice names exactly its own."""
    from drafter.core.sources import SourceFacts, add_source

    stores = [Store.open_url(server_library, data_dir, seed=False) for _ in range(4)]
    results: dict[int, list[tuple[int, frozenset[int]]]] = {i: [] for i in range(4)}
    failures: list[BaseException] = []

    def write(i: int) -> None:
        try:
            for n in range(8):
                source = add_source(stores[i], f"Text {i} {n}, distinct.", SourceFacts(title=f"By {i}, {n}"))
                results[i].append((source.id, stores[i].last_changes.sources.created))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    try:
        assert not failures
        for i in range(4):
            assert [created for _id, created in results[i]] == [frozenset({sid}) for sid, _c in results[i]]
        numbers = [s.own_transactions for s in stores]
        assert sum(len(n) for n in numbers) == 32
        assert len(set().union(*numbers)) == 32  # no number given twice
        with stores[0].engine.connect() as connection:
            logged = connection.exec_driver_sql(
                "SELECT txn, count(*) FROM change_log WHERE entity = 'source' AND action = 'created' "
                "AND txn > 1 GROUP BY txn").all()
        assert {txn for txn, _n in logged} == set().union(*numbers)
        assert all(n == 1 for _txn, n in logged)
    finally:
        for s in stores:
            s.close()


def test_a_writer_held_up_past_the_lock_timeout_is_told_plainly_and_changes_nothing(
    server_library: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from drafter.core.listing import count_sources
    from drafter.core.sources import SourceFacts, add_source
    from drafter.core.store import postgres
    from drafter.core.store.problems import LibraryBusyError

    monkeypatch.setattr(postgres, "LOCK_TIMEOUT_MS", 300)
    holder = Store.open_url(server_library, data_dir, seed=False)
    waiter = Store.open_url(server_library, data_dir, seed=False)
    try:
        with holder.transaction(), pytest.raises(LibraryBusyError, match="nothing was changed"):
            add_source(waiter, "Some words of a source.", SourceFacts(title="Waiting"))
        assert count_sources(waiter) == 5
        add_source(waiter, "Some words of a source.", SourceFacts(title="Later"))  # free again
        assert count_sources(waiter) == 6
    finally:
        holder.close()
        waiter.close()


# --- the read connection -------------------------------------------------------------------------


@pytest.mark.parametrize(("sqlite", "psycopg"), [
    ("SELECT id FROM source WHERE id = ?", "SELECT id FROM source WHERE id = %s"),
    ("SELECT '?', \"a?\" FROM t WHERE x = ?", "SELECT '?', \"a?\" FROM t WHERE x = %s"),
    ("SELECT 1 WHERE a LIKE '%x%' AND b LIKE ?", "SELECT 1 WHERE a LIKE '%%x%%' AND b LIKE %s"),
    ("SELECT 'it''s ?' , ?", "SELECT 'it''s ?' , %s"),
])
def test_question_mark_placeholders_become_psycopgs_outside_quoted_text(sqlite: str, psycopg: str) -> None:
    assert to_pyformat(sqlite) == psycopg


def test_reads_bind_values_and_give_json_as_text(server_library: str, data_dir: Path) -> None:
    store = Store.open_url(server_library, data_dir, seed=False)
    try:
        reader = store.reader()
        hostile = "x'; DROP TABLE source; --"
        assert reader.execute("SELECT count(*) FROM source WHERE title = ?", (hostile,)).fetchone()[0] == 0
        (authors,) = reader.execute("SELECT authors FROM source WHERE id = ?", (4,)).fetchone()
        assert isinstance(authors, str) and authors.startswith("[")
        assert reader.execute("SELECT count(*) FROM source").fetchone()[0] == 5
    finally:
        store.close()


# --- roles (docs/team-server.md, "Roles") --------------------------------------------------------


def _doc_blocks() -> list[str]:
    section = DOC.read_text(encoding="utf-8").split("## Roles", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def _run_doc_sql(connection: Any, block: str, names: dict[str, Any]) -> None:
    """Run the doc's statements with its example names replaced by this test's (quoted by psycopg.sql)."""
    from psycopg import sql

    pattern = re.compile("|".join(re.escape(k) if k.startswith("'") else rf"\b{re.escape(k)}\b" for k in names))
    for statement in filter(None, (s.strip() for s in block.split(";\n"))):
        template = pattern.sub(lambda m: "{" + str(list(names).index(m.group(0))) + "}",
                               statement.rstrip(";").replace("{", "{{").replace("}", "}}"))
        connection.execute(sql.SQL(template).format(*names.values()))


@pytest.fixture
def team(pg_server: Any) -> Any:
    """The doc's roles and database, made by running the doc's own SQL, with names of this test."""
    from psycopg import sql

    database, owner, group, colleague = _unique("team"), _unique("owner"), _unique("group"), _unique("ana")
    passwords = {"owner": "owner-pass-1", "ana": "ana-pass-1"}
    blocks = _doc_blocks()
    assert len(blocks) >= 2, "docs/team-server.md lost its SQL"
    names: dict[str, Any] = {
        "drafter_owner": sql.Identifier(owner), "drafter_team": sql.Identifier(group),
        "team_library": sql.Identifier(database), "ana": sql.Identifier(colleague),
    }
    with pg_server.connect_admin() as admin:
        # The doc's example password is one for all; here each role gets its own.
        first = blocks[0].replace("drafter_owner LOGIN PASSWORD 'change-me'", "drafter_owner LOGIN PASSWORD 'owner'")
        _run_doc_sql(admin, first, {**names, "'owner'": sql.Literal(passwords["owner"]),
                                    "'change-me'": sql.Literal(passwords["ana"])})
    with pg_server.connect_admin(database) as admin:
        _run_doc_sql(admin, blocks[1], names)

    def url(role: str, password: str | None, **query: str) -> str:
        from sqlalchemy import URL

        return URL.create("postgresql+psycopg", username=role, password=password, host="127.0.0.1",
                          port=pg_server.port, database=database, query=query).render_as_string(hide_password=False)

    class Team:
        pass

    made = Team()
    made.database, made.owner, made.group, made.colleague, made.passwords, made.url = (  # type: ignore[attr-defined]
        database, owner, group, colleague, passwords, url)
    try:
        yield made
    finally:
        pg_server.drop_database(database)
        with pg_server.connect_admin() as admin:
            for role in (colleague, group, owner):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def test_a_colleagues_least_rights_role_does_everything_the_app_does_and_cannot_change_the_schema(
    team: Any, data_dir: Path, tmp_path: Path,
) -> None:
    import psycopg

    from drafter.core import responses as core
    from drafter.core.library import delete_source
    from drafter.core.listing import SnippetQuery, count_snippets, count_sources, snippet_ids
    from drafter.core.responses.records import ResponseDetails
    from drafter.core.snippets import create_snippet, delete_snippet, update_snippet
    from drafter.core.sources import SourceFacts, add_source

    # Before the owner has made the tables, a colleague's Drafter says whose job that is.
    with pytest.raises(MigrationError, match="may not change them"):
        Store.open_url(team.url(team.colleague, team.passwords["ana"]), data_dir / "early")
    owner = Store.open_url(team.url(team.owner, team.passwords["owner"]), data_dir / "owner")
    owner.close()

    store = Store.open_url(team.url(team.colleague, team.passwords["ana"]), data_dir)
    try:
        source = add_source(store, "A colleague's source, with words to quote.", SourceFacts(title="Shared"))
        snippet = create_snippet(store, source.id, 2, 20, note="n", tags=["t"])
        update_snippet(store, snippet.id, note="changed", tags=["u", "v"])
        response = core.create_response(store, ResponseDetails("Team response"))
        question = core.add_question(store, response.id, label="1", text="Why?")
        core.add_block(store, question.id, text="Because.")
        core.add_block(store, question.id, kind="quotation", snippet_id=snippet.id)
        assert len(core.get_response(store, response.id).questions[0].blocks) == 2
        assert count_sources(store) == 6 and count_snippets(store) == 1
        assert snippet_ids(store, SnippetQuery(text="COLLEAGUE")) == [snippet.id]
        core.delete_response(store, response.id)
        delete_snippet(store, snippet.id)
        delete_source(store, source.id)
        assert count_sources(store) == 5
    finally:
        store.close()

    with psycopg.connect(host="127.0.0.1", port=_port(team), dbname=team.database, user=team.colleague,
                         password=team.passwords["ana"], autocommit=True) as connection:
        for ddl in ("DROP TABLE answer_block", "ALTER TABLE source ADD COLUMN extra integer",
                    "CREATE TABLE mine (id integer)", "TRUNCATE change_log", "DROP FUNCTION drafter_change_log()"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(ddl)
        assert connection.execute("SELECT count(*) FROM source").fetchone()[0] == 5


def _port(team: Any) -> int:
    return int(server_url(team.url("x", None)).port or 0)


def test_a_role_without_a_right_gets_a_plain_message(team: Any, data_dir: Path, pg_server: Any) -> None:
    from psycopg import sql

    from drafter.core.sources import SourceFacts, add_source

    Store.open_url(team.url(team.owner, team.passwords["owner"]), data_dir).close()
    with pg_server.connect_admin(team.database) as admin:  # say the group was not given its rights on sources
        admin.execute(sql.SQL("REVOKE INSERT ON source FROM {}").format(
            sql.Identifier(team.group)))
    store = Store.open_url(team.url(team.colleague, team.passwords["ana"]), data_dir)
    try:
        with pytest.raises(PermissionDeniedError, match="may not do this") as caught:
            add_source(store, "Words of a source.", SourceFacts(title="Refused"))
        assert "Roles" in str(caught.value)
    finally:
        store.close()


# --- signing in, reaching the server, TLS ----------------------------------------------------------


def test_a_wrong_password_is_refused_plainly_and_never_shown(team: Any, data_dir: Path) -> None:
    wrong = "not-the-password-7431"
    with pytest.raises(SignInError) as caught:
        Store.open_url(team.url(team.colleague, wrong), data_dir)
    message = str(caught.value)
    assert "user name or the password is not right" in message
    assert team.colleague in message and wrong not in message
    assert wrong not in repr(caught.value.args)


def test_a_password_given_once_is_kept_by_the_keyring_not_in_the_url(
    team: Any, data_dir: Path, test_keyring: dict[tuple[str, str], str],
) -> None:
    from drafter.core.store.credentials import SERVICE

    Store.open_url(team.url(team.owner, team.passwords["owner"]), data_dir).close()
    test_keyring.clear()
    password = team.passwords["ana"]
    first = Store.open_url(team.url(team.colleague, password), data_dir)
    try:
        assert first.url is not None and first.url.password is None
        assert password not in first.location and password not in str(first.url)
    finally:
        first.close()
    assert list(test_keyring) == [(SERVICE, f"{team.colleague}@127.0.0.1:{_port(team)}")]
    assert list(test_keyring.values()) == [password]
    again = Store.open_url(team.url(team.colleague, None), data_dir)  # no password: the keyring's
    again.close()
    assert not any(password in p.read_text(errors="replace") for p in data_dir.rglob("*") if p.is_file())


def test_without_a_password_anywhere_the_sign_in_is_refused_plainly(team: Any, data_dir: Path) -> None:
    with pytest.raises(SignInError, match="password"):
        Store.open_url(team.url(team.colleague, None), data_dir)


def test_a_kept_password_the_server_refuses_is_forgotten(
    team: Any, data_dir: Path, test_keyring: dict[tuple[str, str], str],
) -> None:
    from drafter.core.store.credentials import SERVICE

    entry = (SERVICE, f"{team.colleague}@127.0.0.1:{_port(team)}")
    test_keyring[entry] = "an-old-password"
    with pytest.raises(SignInError):
        Store.open_url(team.url(team.colleague, None), data_dir)
    assert entry not in test_keyring


def test_a_server_that_is_not_running_is_named_plainly(data_dir: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ServerUnreachableError, match="could not reach") as caught:
        Store.open_url(f"postgresql://ana:secret-9@127.0.0.1:{port}/team", data_dir)
    assert f"ana@127.0.0.1:{port}/team" in str(caught.value) and "secret-9" not in str(caught.value)


def test_tls_asked_for_in_the_url_is_honoured(team: Any, data_dir: Path) -> None:
    """The test server offers no TLS: a URL requiring it must fail, not quietly connect in the clear."""
    with pytest.raises(ServerUnreachableError, match="secure") as caught:
        Store.open_url(team.url(team.colleague, team.passwords["ana"], sslmode="require"), data_dir)
    assert team.passwords["ana"] not in str(caught.value)
    store = Store.open_url(team.url(team.owner, team.passwords["owner"], sslmode="disable"), data_dir)
    store.close()


def test_a_database_that_is_not_there_is_named(pg_server: Any, data_dir: Path) -> None:
    with pytest.raises(DrafterError, match="no database"):
        Store.open_url(pg_server.url("no_such_library"), data_dir)


@pytest.mark.parametrize(("location", "said"), [
    ("mysql://ana@db/team", "PostgreSQL"),
    ("postgresql://ana@db", "does not name the database"),
    ("postgresql://ana@db:notaport/team", "not a PostgreSQL address"),
])
def test_a_location_that_is_not_a_postgresql_database_is_refused(location: str, said: str) -> None:
    with pytest.raises(DrafterError, match=said):
        server_url(location)


def test_the_description_of_a_server_never_holds_the_password() -> None:
    url = server_url("postgresql://ana:hunter2@db.example.org:5433/team?sslmode=verify-full")
    assert describe(url) == "ana@db.example.org:5433/team"


def test_an_id_beyond_the_servers_integers_is_a_plain_error(server_library: str, data_dir: Path) -> None:
    from drafter.core.library import get_source
    from drafter.core.snippets import update_snippet

    store = Store.open_url(server_library, data_dir, seed=False)
    try:
        with pytest.raises(DrafterError, match="no source with id 3000000000"):
            get_source(store, 3_000_000_000)
        with pytest.raises(DrafterError) as caught:
            update_snippet(store, 3_000_000_000, note="x")
        assert "Traceback" not in str(caught.value)
    finally:
        store.close()


def test_open_library_chooses_the_engine_by_the_location(server_library: str, data_dir: Path) -> None:
    local = Store.open_library(data_dir)
    shared = Store.open_library(data_dir, server_library)
    try:
        assert (local.dialect, local.is_server, shared.dialect, shared.is_server) == (
            "sqlite", False, "postgresql", True)
        assert local.location == str(data_dir) and shared.location.endswith(server_url(server_library).database)
    finally:
        local.close()
        shared.close()


def test_server_connection_settings(server_library: str, data_dir: Path) -> None:
    """Writers wait at most the lock timeout, at READ COMMITTED (see store/postgres.py); reads are read-only."""
    store = Store.open_url(server_library, data_dir, seed=False)
    try:
        with store.engine.connect() as connection:
            shown = {name: connection.exec_driver_sql(f"SHOW {name}").scalar()  # our own setting names
                     for name in ("lock_timeout", "transaction_isolation", "application_name")}
        assert shown == {"lock_timeout": "10s", "transaction_isolation": "read committed",
                         "application_name": "Drafter"}
        assert store.reader().execute("SHOW default_transaction_read_only").fetchone()[0] == "on"
    finally:
        store.close()


def test_a_library_whose_server_dropped_its_connections_carries_on(
    server_library: str, data_dir: Path, pg_server: Any,
) -> None:
    """A restart or a network blip ends every connection: the next read and the next change open new ones."""
    from drafter.core.listing import count_sources
    from drafter.core.sources import SourceFacts, add_source

    store = Store.open_url(server_library, data_dir, seed=False)
    try:
        assert count_sources(store) == 5
        add_source(store, "Words before the blip.", SourceFacts(title="Before"))
        name = server_url(server_library).database
        with pg_server.connect_admin() as admin:
            ended = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                  "WHERE datname = %s AND pid <> pg_backend_pid()", (name,)).fetchone()[0]
        assert ended >= 2  # the reader's and the pool's
        assert count_sources(store) == 6
        add_source(store, "Words after the blip.", SourceFacts(title="After"))
        assert count_sources(store) == 7
    finally:
        store.close()


def test_a_server_library_made_by_an_older_drafter_is_upgraded_with_its_rows(pg_url: str, data_dir: Path) -> None:
    """The data migrations read JSON columns, which a server's driver hands over already read (0008, 0009, 0012)."""
    from sqlalchemy import text

    from drafter.core.library import get_source
    from drafter.core.seed import seed_stored_articles
    from drafter.core.store.migrate import upgrade_server
    from drafter.core.store.postgres import create_postgres_engine

    engine = create_postgres_engine(server_url(pg_url))
    upgrade_server(engine, "0011")
    older = Store(data_dir, engine, url=server_url(pg_url))
    with older.transaction() as session:
        seed_stored_articles(session)
        # As an older Drafter seeded them: the radio stations' pages typed as newspaper articles.
        for key in ("002_8b559e0b24f3fe4a.txt", "004_1c2985f54badc2ec.txt"):
            session.execute(text("UPDATE source SET type = 'article-newspaper' WHERE stored_article = :k"), {"k": key})
    older.close()
    store = Store.open_url(pg_url, data_dir)
    try:
        radio = [get_source(store, i) for i in range(1, 6)]
        pages = [s for s in radio if s.stored_article in ("002_8b559e0b24f3fe4a.txt", "004_1c2985f54badc2ec.txt")]
        assert [s.type for s in pages] == ["webpage", "webpage"]
        assert all("0012" in s.fact_basis["source_type"] for s in pages)
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD_REVISION
    finally:
        store.close()


# --- very long texts -----------------------------------------------------------------------------


def test_a_text_of_a_million_words_is_stored_and_found_on_the_server(server_library: str, data_dir: Path) -> None:
    # Positions stop at 16,383: past it each word is indexed once (migration 0015); before, every
    # occurrence was listed and the search vector's text passed PostgreSQL's 1 MB limit.
    from drafter.core.search import search
    from drafter.core.sources import SourceFacts, add_source

    store = Store.open_url(server_library, data_dir)
    try:
        text = "cycle lanes consultation " * 333_334 + "zebracrossingword"
        record = add_source(store, text, SourceFacts(title="Very long"))
        assert {h.source_id for h in search(store, "zebracrossingword").sources} == {record.id}
        assert record.id in {h.source_id for h in search(store, "consultation").sources}
    finally:
        store.close()


def test_a_text_too_varied_for_the_servers_index_is_refused_plainly_and_changes_nothing(
    server_library: str, data_dir: Path,
) -> None:
    from drafter.core.listing import count_sources
    from drafter.core.sources import SourceFacts, add_source

    store = Store.open_url(server_library, data_dir)
    try:
        before = count_sources(store)
        # 150,000 different words of 9-10 letters: more than a tsvector's 1 MB.
        text = " ".join(f"w{n:09d}" for n in range(150_000))
        with pytest.raises(DrafterError, match="too many different words") as raised:
            add_source(store, text, SourceFacts(title="Too varied"))
        assert "Split the document" in (raised.value.hint or "")
        assert count_sources(store) == before
        add_source(store, "A short text afterwards.", SourceFacts(title="Fine"))  # the library still works
        assert count_sources(store) == before + 1
    finally:
        store.close()


def test_migration_0015_replaces_the_vector_function_of_a_library_made_at_0014(
    server_library: str, data_dir: Path, run_alembic: Any,
) -> None:
    from engine_sql import run_sql

    from drafter.core.sources import SourceFacts, add_source

    store = Store.open_url(server_library, data_dir)
    try:
        # A library as 0014 left it: the old function, which listed every word past 16,383.
        run_sql(store, "UPDATE alembic_version SET version_num = '0014'")
        old = run_sql(store, "SELECT pg_get_functiondef('drafter_fts_vector(text[], text[])'::regprocedure)")[0][0]
        run_sql(store, old.replace("SELECT DISTINCT w, at FROM found WHERE at = 16383",
                                   "SELECT w, at FROM found WHERE at = 16383"))
        with pytest.raises(DrafterError):
            add_source(store, "cycle lanes " * 600_000, SourceFacts(title="Before 0015"))
        run_alembic(store, "upgrade", "head")
        assert run_sql(store, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
        add_source(store, "cycle lanes " * 600_000, SourceFacts(title="After 0015"))
    finally:
        store.close()


# --- the lookup index (migration 0016) -----------------------------------------------------------


def test_a_text_too_varied_for_the_lookup_is_still_found_by_its_vector(server_library: str, data_dir: Path) -> None:
    # 50,000 different words fit in a vector (under 1 MB with their positions), but with their
    # prefixes and pairs not in ``lookup``: the row is kept ``partial`` and found through the
    # index of such rows' vectors, by a word, a prefix of any length and a phrase.
    import random

    from engine_sql import run_sql

    from drafter.core.library import delete_source
    from drafter.core.search import search
    from drafter.core.sources import SourceFacts, add_source

    rng = random.Random(16)
    varied = sorted({"".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8)) for _ in range(50_000)})
    text = "zebracrossing ahead " + " ".join(varied)  # a phrase within the first 16,383 words
    store = Store.open_url(server_library, data_dir)
    try:
        big = add_source(store, text, SourceFacts(title="Very varied"))
        small = add_source(store, "A zebracrossing ahead, and more zebras.", SourceFacts(title="Plain"))
        assert run_sql(store, "SELECT id, partial, length(lookup) > 0 FROM source_fts ORDER BY id")[-2:] == [
            (big.id, True, False), (small.id, False, True)]
        for query in ("zebracrossing", "zebr", "zebracross", '"zebracrossing ahead"', varied[123], varied[-1][:3]):
            assert big.id in {h.source_id for h in search(store, query).sources}, query
        assert {h.source_id for h in search(store, '"ahead zebracrossing"').sources} == set()
        assert {h.source_id for h in search(store, "zebras").sources} == {small.id}
        word = varied[4567]
        assert run_sql(store, "SELECT count(*) FROM source_fts_vocabulary WHERE word = ?", (word,)) == [(1,)]
        delete_source(store, big.id)  # its words leave the vocabulary, those the other has stay
        assert run_sql(store, "SELECT word FROM source_fts_vocabulary WHERE word IN (?, ?)",
                       (word, "zebracrossing")) == [("zebracrossing",)]
    finally:
        store.close()


def test_migration_0016_moves_a_0015_library_to_the_lookup_and_finds_the_same(
    server_library: str, data_dir: Path, run_alembic: Any,
) -> None:
    from engine_sql import run_sql

    from drafter.core.search import search
    from drafter.core.sources import SourceFacts, add_source

    queries = ("police", "camer", "facial recognition", '"live facial recognition"', "met", "lon", "sub")
    store = Store.open_url(server_library, data_dir)
    try:
        add_source(store, "Live facial recognition cameras in London, submitted by the Met.", SourceFacts(title="Vans"))
        words = " ".join(f"{n:x}q{n * 7919 % 99991:x}z" for n in range(60_000))
        varied = add_source(store, "Metropolitan policing " + words, SourceFacts(title="Varied"))  # kept partial
        found = {q: [h.id for h in search(store, q).hits] for q in queries}
        assert varied.id in found["met"]
        assert all(found.values())
        shape = _search_shape(store)
        # The library as 0015 left it: a GIN index of the vectors, and of a source's pairs of words.
        for index in ("source_fts", "snippet_fts"):
            run_sql(store, f"DROP INDEX {index}_lookup")
            run_sql(store, f"DROP INDEX {index}_head")
            run_sql(store, f"DROP INDEX {index}_partial")
            run_sql(store, f"ALTER TABLE {index} DROP COLUMN lookup, DROP COLUMN partial")
            run_sql(store, f"CREATE INDEX {index}_vector ON {index} USING gin (vector)")
        run_sql(store, "ALTER TABLE source_fts ADD COLUMN pairs tsvector")
        run_sql(store, "UPDATE source_fts SET pairs = array_to_tsvector(ARRAY(SELECT substr(p, 2) FROM"
                       " unnest(drafter_fts_pair_entries(drafter_fts_source_fields(id))) AS p))")
        run_sql(store, "ALTER TABLE source_fts ALTER COLUMN pairs SET NOT NULL")
        run_sql(store, "CREATE INDEX source_fts_pairs ON source_fts USING gin (pairs)")
        run_sql(store, "CREATE FUNCTION drafter_fts_pairs(fields text[]) RETURNS tsvector LANGUAGE sql"
                       " AS $$ SELECT ''::tsvector $$")
        run_sql(store, "UPDATE alembic_version SET version_num = '0015'")
        assert _search_shape(store) != shape
        run_alembic(store, "upgrade", "head")
        assert run_sql(store, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
        assert _search_shape(store) == shape
        assert run_sql(store, "SELECT count(*) FROM pg_proc WHERE proname = 'drafter_fts_pairs'") == [(0,)]
        assert {q: [h.id for h in search(store, q).hits] for q in queries} == found
        assert run_sql(store, "SELECT partial FROM source_fts WHERE id = ?", (varied.id,)) == [(True,)]
        again = add_source(store, "Facial recognition vans again.", SourceFacts(title="Later"))
        assert again.id in {h.source_id for h in search(store, "facial recog").sources}
    finally:
        store.close()


def _search_shape(store: Store) -> dict[str, object]:
    """The search tables' columns and indexes, as the server describes them."""
    from engine_sql import run_sql

    return {
        "columns": run_sql(store, "SELECT table_name, column_name, data_type, is_nullable, column_default"
                                  " FROM information_schema.columns WHERE table_schema = current_schema()"
                                  " AND table_name IN ('source_fts', 'snippet_fts') ORDER BY 1, 2"),
        "indexes": run_sql(store, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                                  " AND tablename IN ('source_fts', 'snippet_fts') ORDER BY 1"),
    }

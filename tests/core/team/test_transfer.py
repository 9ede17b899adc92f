"""Moving a library between databases (``drafter.core.store.transfer``): ids kept, checked row for row.

SQLite to SQLite, and to and from a real PostgreSQL server (the ``pg_url`` fixture).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def source_store(store, many):  # type: ignore[no-untyped-def]
    """The test's library: the stored articles, 40 more sources with snippets, a response quoting them."""
    many(store, 40)
    return store


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[object]:
    from drafter.core.store import Store

    opened = Store.open(tmp_path / "other", seed=False)
    try:
        yield opened
    finally:
        opened.close()


def checks(engine):  # type: ignore[no-untyped-def]
    from drafter.core.store.transfer import library_tables, table_check

    with engine.connect() as connection:
        return {t.name: table_check(connection, t) for t in library_tables()}


def counts(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from drafter.core.store.transfer import row_counts

    with engine.connect() as connection:
        return row_counts(connection)


def test_a_copy_keeps_every_row_and_id(source_store, empty_store) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.search import search
    from drafter.core.store.transfer import copy_library

    summary = copy_library(source_store.engine, empty_store.engine)

    assert checks(empty_store.engine) == checks(source_store.engine)
    assert summary.rows == counts(source_store.engine)
    assert summary.count("snippet") >= 40 and summary.count("answer_block") > 0
    # The search index was built from the copied rows: a word of a copied snippet is found.
    found = search(empty_store, "quotable")
    assert found.sources and {h.id for h in found.sources} <= {row[0] for row in _ids(empty_store.engine, "source")}


def _ids(engine, table: str) -> list[tuple[int]]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from drafter.core.store.transfer import library_tables

    chosen = next(t for t in library_tables() if t.name == table)
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(chosen.c.id).order_by(chosen.c.id))]


def test_ids_given_in_the_source_are_not_given_again_in_the_copy(source_store, empty_store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from drafter.core.store.transfer import copy_library

    with source_store.engine.begin() as connection:  # the newest snippet deleted: its id was given
        newest = connection.execute(text("SELECT max(id) FROM snippet")).scalar_one()
        connection.execute(text("DELETE FROM answer_block WHERE snippet_id = :s"), {"s": newest})
        connection.execute(text("DELETE FROM snippet WHERE id = :s"), {"s": newest})
    copy_library(source_store.engine, empty_store.engine)
    with empty_store.engine.begin() as connection:
        given = connection.execute(text(
            "INSERT INTO snippet (source_id, start, \"end\", text, note, created_at, updated_at) "
            "VALUES ((SELECT min(id) FROM source), 0, 1, 'x', '', '', '') RETURNING id")).scalar_one()
    assert given > newest


def test_a_library_is_not_copied_over_another(source_store, empty_store) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.sources import SourceFacts, add_source
    from drafter.core.store.transfer import TransferError, copy_library

    add_source(empty_store, "Mine.", SourceFacts(title="Already here"))
    before = checks(empty_store.engine)
    with pytest.raises(TransferError, match="not empty"):
        copy_library(source_store.engine, empty_store.engine)
    assert checks(empty_store.engine) == before


def test_replace_puts_the_source_in_place_of_the_target(source_store, empty_store) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.sources import SourceFacts, add_source
    from drafter.core.store.transfer import copy_library

    add_source(empty_store, "Mine.", SourceFacts(title="Already here"))
    copy_library(source_store.engine, empty_store.engine, replace=True)
    assert checks(empty_store.engine) == checks(source_store.engine)


def test_a_copy_that_does_not_match_is_undone(source_store, empty_store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from drafter.core.store.transfer import TransferMismatchError, copy_library

    # A target that alters what is written to it (here a trigger; in life a faulty server or tool).
    with empty_store.engine.begin() as connection:
        connection.execute(text("CREATE TRIGGER meddle AFTER INSERT ON snippet BEGIN "
                                "UPDATE snippet SET note = 'altered' WHERE id = NEW.id; END"))
    with pytest.raises(TransferMismatchError, match=r"snippet: \d+ rows in the source, \d+ in the copy "
                                                     r"\(their contents differ\)") as caught:
        copy_library(source_store.engine, empty_store.engine)
    assert "as it was" in caught.value.message
    assert not any(counts(empty_store.engine).values())


def test_libraries_at_different_schemas_are_refused(source_store, empty_store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from drafter.core.store.transfer import TransferError, copy_library

    with empty_store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    with pytest.raises(TransferError, match="different versions"):
        copy_library(source_store.engine, empty_store.engine)
    assert not any(counts(empty_store.engine).values())


# -- a real PostgreSQL server -------------------------------------------------------------------

def prepare_empty_schema(engine) -> None:  # type: ignore[no-untyped-def]
    """The library's tables from the models, stamped at this version's revision."""
    from sqlalchemy import text
    from sqlmodel import SQLModel

    import drafter.core.models  # noqa: F401
    from drafter.core.store.migrate import HEAD_REVISION

    SQLModel.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        connection.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": HEAD_REVISION})
        connection.execute(text("INSERT INTO change_clock (id, txn) VALUES (1, 0)"))


@pytest.fixture
def pg_library(pg_url: str) -> Iterator[object]:
    """An empty library on the test server, at this version's schema."""
    from sqlalchemy import create_engine

    engine = create_engine(pg_url)
    prepare_empty_schema(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def test_a_local_library_goes_to_the_server_and_back(source_store, pg_library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from drafter.core.store import Store
    from drafter.core.store.transfer import copy_library

    copy_library(source_store.engine, pg_library)
    assert checks(pg_library) == checks(source_store.engine)
    with pg_library.begin() as connection:  # the server's sequence continues after the copied ids
        newest = connection.execute(text("SELECT max(id) FROM source")).scalar_one()
        given = connection.execute(text(
            "INSERT INTO source (type, title, format, content_hash, text, created_at, updated_at) "
            "VALUES ('article-newspaper', 'New', 'text', 'h', 't', '', '') RETURNING id")).scalar_one()
        assert given == newest + 1
        connection.execute(text("DELETE FROM source WHERE id = :i"), {"i": given})

    back = Store.open(tmp_path / "back", seed=False)
    try:
        copy_library(pg_library, back.engine)
        assert checks(back.engine) == checks(source_store.engine)
    finally:
        back.close()


def test_a_server_library_is_not_copied_over(source_store, pg_library) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.store.transfer import TransferError, copy_library

    copy_library(source_store.engine, pg_library)
    before = checks(pg_library)
    with pytest.raises(TransferError, match="not empty"):
        copy_library(source_store.engine, pg_library)
    assert checks(pg_library) == before

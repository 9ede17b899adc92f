"""Reads in one step of SQLite: the same values as a plain query, and one row per statement."""

from __future__ import annotations

import sqlite3

import pytest

from drafter.core import listing
from drafter.core.listing import SnippetQuery
from drafter.core.responses import get_response, list_responses
from drafter.core.store import onestep


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


AWKWARD = [
    None, 0, -1, 2**62 + 1, 3.25, -0.5, "", "plain", "quote \" and 'single'", "back\\slash",
    "tab\tnew\nline", "nul\x00inside", "émoji 🙂 and ümlaut", "[1, 2]", "null", "x" * 1_000_000,
]


@pytest.fixture
def connection() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v, w TEXT)")
    db.executemany("INSERT INTO t (v, w) VALUES (?, ?)", [(v, f"w{i % 3}") for i, v in enumerate(AWKWARD)])
    return db


def test_every_kind_of_value_comes_back_as_stored(connection: sqlite3.Connection) -> None:
    plain = [list(r) for r in connection.execute("SELECT id, v, w FROM t ORDER BY id")]
    assert onestep.rows(connection, ("id", "v", "w"), "FROM t ORDER BY id") == plain
    assert [r[1] for r in plain] == AWKWARD  # the plain query itself is the reference
    assert onestep.values(connection, "v", "FROM t ORDER BY id") == AWKWARD


def test_orders_distinct_and_empty_results(connection: sqlite3.Connection) -> None:
    assert onestep.values(connection, "id", "FROM t ORDER BY w DESC, id DESC") == [
        r[0] for r in connection.execute("SELECT id FROM t ORDER BY w DESC, id DESC")
    ]
    assert sorted(onestep.values(connection, "DISTINCT w", "FROM t")) == ["w0", "w1", "w2"]
    assert onestep.rows(connection, ("id",), "FROM t WHERE id < 0") == []
    assert onestep.values(connection, "id", "FROM t WHERE id < 0") == []
    assert onestep.row(connection, ("id", "w"), "FROM t WHERE id = ?", (2,)) == [2, "w1"]
    assert onestep.row(connection, ("id",), "FROM t WHERE id = ?", (999,)) is None


def test_a_bad_query_is_an_error_and_changes_nothing(connection: sqlite3.Connection) -> None:
    before = connection.execute("SELECT count(*) FROM t").fetchone()[0]
    with pytest.raises(sqlite3.OperationalError):
        onestep.rows(connection, ("nope",), "FROM t")
    assert connection.execute("SELECT count(*) FROM t").fetchone()[0] == before


def test_every_list_order_matches_the_plain_query(store, many) -> None:  # type: ignore[no-untyped-def]
    many(store, 120)
    connection = store.reader()
    on_server = store.dialect == "postgresql"  # the server's orders (and there the plain query itself)
    source_orders = listing.SERVER_SOURCE_ORDERS if on_server else listing.SOURCE_ORDERS
    snippet_orders = listing.SERVER_SNIPPET_ORDERS if on_server else listing.SNIPPET_ORDERS
    for column, key in source_orders.items():
        for direction in ("ASC", "DESC"):
            rest = f"FROM source WHERE {column} IS NOT NULL ORDER BY {key} {direction}, id {direction}"
            assert onestep.values(connection, "id", rest) == [r[0] for r in connection.execute("SELECT id " + rest)]
    for column in snippet_orders:
        for descending in (False, True):
            query = SnippetQuery(column=column, descending=descending)
            order = snippet_orders[column].format(dir="DESC" if descending else "ASC")
            join = "JOIN source src ON src.id = s.source_id" if column == "title" else ""
            direction = "DESC" if descending else "ASC"
            plain = connection.execute(f"SELECT s.id FROM snippet s {join} ORDER BY {order}, s.id {direction}")
            assert listing.snippet_ids(store, query) == [r[0] for r in plain], (column, descending)


class _Counting:
    """A reader connection that counts statements and the rows SQLite stepped to for them."""

    def __init__(self, inner: sqlite3.Connection) -> None:
        self.inner, self.statements, self.rows = inner, 0, 0

    def execute(self, sql: str, params=()):  # type: ignore[no-untyped-def]
        self.statements += 1
        cursor = self.inner.execute(sql, params)
        found = cursor.fetchall()
        self.rows += len(found)
        return _Rows(found)


class _Rows(list):  # type: ignore[type-arg]
    def fetchone(self):  # type: ignore[no-untyped-def]
        return self[0] if self else None

    def fetchall(self):  # type: ignore[no-untyped-def]
        return list(self)


@pytest.mark.sqlite_file  # SQLite's stepping per row; a server sends the rows in one answer (onestep's notes)
def test_the_windows_reads_take_one_row_per_statement_whatever_the_page(store, many, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Python 3.11 hands the GIL back at every row and column; a busy worker makes each hand-back wait."""
    many(store, 300)
    counting = _Counting(store.reader())
    monkeypatch.setattr(type(store), "reader", lambda self: counting)
    ids = listing.source_ids(store, "title", descending=False)
    page = listing.source_summaries(store, ids[:200])
    snippets = listing.snippet_records(store, listing.snippet_ids(store)[:200])
    record = listing.source_record(store, ids[0])
    responses = list_responses(store)
    document = get_response(store, responses[0].id)
    assert len(page) == 200 and len(snippets) == 200 and record.text
    assert sum(len(q.blocks) for q in document.questions) > 10
    assert counting.rows == counting.statements

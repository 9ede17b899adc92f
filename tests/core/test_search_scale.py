"""Search on a large library: what makes it fast must not change what it finds.

bench/search_bench.py measures the times; these tests pin down the behaviour the
figures rest on: ranking in two passes gives FTS5's own order and excerpts, the
prefix indexes cover every prefix a typed word can be, merging the index
changes no result, and migration 0005 rebuilds the index of an existing library
without losing anything.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.core import search as core_search
from drafter.core.models import Snippet, SnippetTag, Source
from drafter.core.search import (
    MIN_PREFIX,
    Term,
    excerpts_by_rowid,
    index_segments,
    parse_query,
    search,
    source_parts,
    tidy_index,
)
from drafter.core.seed import content_hash
from drafter.core.store import Store, fts

# SQLite's FTS5 index, which lives in the library file (its segments, merges, integrity check and
# migration 0005). A server searches with its own index: tests/core/test_search_on_postgresql.py.
pytestmark = pytest.mark.sqlite_file


def add_source(store: Store, text: str, title: str) -> int:
    with store.transaction() as session:
        row = Source(title=title, text=text, content_hash=content_hash(text))
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def add_snippet(store: Store, source_id: int, quote: str, note: str, tag: str) -> None:
    with store.transaction() as session:
        source = session.get(Source, source_id)
        assert source is not None
        start = source.text.index(quote)
        row = Snippet(
            source_id=source_id, start=start, end=start + len(quote), text=quote, note=note
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        session.add(SnippetTag(snippet_id=row.id, tag=tag))


def assert_index_follows_tables(store: Store) -> None:
    """FTS5's own check of each index against its rows, and a row for every record."""
    with store.engine.begin() as connection:
        for table, records in ((fts.SOURCE_INDEX, "source"), (fts.SNIPPET_INDEX, "snippet")):
            connection.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES('integrity-check')")
            indexed = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            assert indexed == connection.exec_driver_sql(f"SELECT count(*) FROM {records}").scalar()


WORDS = [
    "police",
    "facial",
    "recognition",
    "deployment",
    "deployments",
    "deployed",
    "oversight",
    "regulation",
    "regulator",
    "transparency",
    "transport",
    "transfer",
    "transform",
    "under",
    "understand",
    "undertake",
    "interim",
    "interest",
    "internal",
    "council",
    "counter",
    "countermeasure",
    "count",
    "the",
    "to",
    "of",
    "and",
    "a",
    "camera",
    "cameras",
    "camden",
    "croydon",
    "budget",
    "shortfall",
    "café",
    "naïve",
    "résumé",
]

QUERIES = [
    "the",  # in every text: every row is ranked
    "to",
    "police",
    "deploy",  # a 6-letter prefix: no prefix index
    "tran",  # 4 letters: prefix index
    "trans",  # 5 letters: prefix index
    "und",  # 3 letters: prefix index
    "counterm",
    "facial recog",
    '"facial recognition"',
    '"live facial rec',
    "cafe naive",
    "regulation oversight",
    "absentword",
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


@pytest.fixture
def big(data_dir: Path) -> Iterator[Store]:
    """120 sources and 40 snippets, each added in its own transaction (many segments)."""
    store = Store.open(data_dir, seed=False)
    rng = random.Random(7)
    try:
        ids = [
            add_source(store, _text(rng, rng.randint(20, 120)), _text(rng, 5)) for _ in range(120)
        ]
        for sid in ids[:40]:
            with store.reading() as session:
                source = session.get(Source, sid)
                assert source is not None
                quote = source.text.split()[3]
            add_snippet(store, sid, quote, rng.choice(["", "key point"]), "t")
        yield store
    finally:
        store.close()


def _everything(store: Store) -> list[tuple[object, ...]]:
    """Every query's pages, in order, with ranks, excerpts and the 'more' flags."""
    out: list[tuple[object, ...]] = []
    for query in QUERIES:
        results = search(store, query, limit=10)
        out.append(
            (
                query,
                [(h.id, h.title, h.excerpt, round(h.rank, 9)) for h in results.sources],
                [(h.id, h.source_id, h.excerpt, round(h.rank, 9)) for h in results.snippets],
                results.more_sources,
                results.more_snippets,
            )
        )
    return out


def _reference(
    store: Store, index: str, column: int, weights: dict[str, float], match: str
) -> list[tuple[int, str, float]]:
    """FTS5 ranking and excerpts in one statement, as search did before: ORDER BY rank."""
    bm25 = "bm25(" + ", ".join(repr(w) for w in weights.values()) + ")"
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            f"SELECT rowid, snippet({index}, {column}, :open, :close, :ellipsis, :tokens), rank"
            f" FROM {index} WHERE {index} MATCH :match AND rank MATCH '{bm25}' ORDER BY rank",
            {**fts._EXCERPT_PARAMS, "match": match},
        ).all()
    # Equal scores come in no particular order there; search puts the lower rowid first.
    return sorted(
        ((int(i), str(e or ""), float(r)) for i, e, r in rows), key=lambda r: (r[2], r[0])
    )


@pytest.mark.parametrize("by_rowid", [True, False])
def test_two_passes_give_fts5s_own_ranking_and_excerpts(big: Store, by_rowid: bool) -> None:
    for query in QUERIES:
        match = fts.match_expression(parse_query(query))
        with big.engine.connect() as connection:
            sources, more_sources = fts.query_sources(
                connection, match, limit=10, by_rowid=by_rowid
            )
            snippets, more_snippets = fts.query_snippets(connection, match, limit=10)
        for rows, more, expected in (
            (
                sources,
                more_sources,
                _reference(big, fts.SOURCE_INDEX, 4, fts.SOURCE_WEIGHTS, match),
            ),
            (
                snippets,
                more_snippets,
                _reference(big, fts.SNIPPET_INDEX, 0, fts.SNIPPET_WEIGHTS, match),
            ),
        ):
            assert more == (len(expected) > 10), query
            assert [(r.id, r.excerpt) for r in rows] == [(i, e) for i, e, _ in expected[:10]], query
            assert [r.rank for r in rows] == pytest.approx([r for _, _, r in expected[:10]]), query


def test_excerpts_by_rowid_only_where_every_prefix_is_indexed() -> None:
    assert excerpts_by_rowid(parse_query("to the"))  # whole words
    assert excerpts_by_rowid(parse_query("und tran trans"))  # 3, 4 and 5 letters
    assert excerpts_by_rowid(parse_query("uk's"))  # ends in the whole word "s"
    assert not excerpts_by_rowid(parse_query("deploy"))  # 6 letters: no prefix index
    assert not excerpts_by_rowid(parse_query('"live facial recogn'))


def test_prefix_indexes_cover_every_short_prefix(store: Store) -> None:
    """A typed word of MIN_PREFIX to 5 letters reads one prefix index, never a merge."""
    assert set(range(MIN_PREFIX, 6)) <= set(fts.SOURCE_PREFIXES)
    assert min(fts.SOURCE_PREFIXES) == MIN_PREFIX  # shorter ones are never read
    with store.engine.connect() as connection:
        sql = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'source_fts'"
        ).scalar_one()
    assert sql == fts.source_table_sql(fts.SOURCE_PREFIXES)


@pytest.mark.parametrize(
    ("query", "prefix"),
    [
        ("uk's", False),  # the index sees "uk" and "s": "s*" would match most of a library
        ("a.b.c", False),
        ("£26", False),  # two letters
        ("£260", True),
        ("police,", True),  # ends in "police"
        ('"live f', False),  # a phrase being typed ends in one letter
        ('"live fac', True),
    ],
)
def test_only_a_last_word_of_three_letters_is_a_prefix(query: str, prefix: bool) -> None:
    (term,) = parse_query(query)
    assert term.prefix is prefix
    assert isinstance(term, Term)


def test_merging_the_index_changes_no_result(big: Store) -> None:
    before = _everything(big)
    assert index_segments(big)[fts.SOURCE_INDEX] > 1  # one small segment per commit, merged lazily
    assert tidy_index(big, max_steps=1) is False  # stopped after one step: more to do
    assert tidy_index(big) is True
    assert index_segments(big) == {fts.SOURCE_INDEX: 1, fts.SNIPPET_INDEX: 1}
    assert _everything(big) == before
    watcher = sqlite3.connect(big.database_path)  # data_version changes when others write
    try:
        version = watcher.execute("PRAGMA data_version").fetchone()
        assert tidy_index(big) is True  # nothing left to merge: no write at all
        assert watcher.execute("PRAGMA data_version").fetchone() == version
    finally:
        watcher.close()
    assert_index_follows_tables(big)
    # Writes after a merge go on being indexed.
    sid = add_source(big, "Wombats patrol Croydon.", "Wombats")
    assert [h.id for h in search(big, "wombat").sources] == [sid]


def test_readers_see_the_index_while_a_merge_step_runs(big: Store) -> None:
    """Each step is its own short transaction; a reader sees results throughout."""
    reader = sqlite3.connect(big.database_path)
    try:
        with big.engine.begin() as connection:
            assert fts.merge_step(connection, fts.SOURCE_INDEX, 50)
            # Meanwhile (WAL) another connection still reads the committed index.
            rows = reader.execute(
                "SELECT count(*) FROM source_fts WHERE source_fts MATCH 'police'"
            ).fetchone()
            assert rows[0] > 0
    finally:
        reader.close()


def _source_table_sql(store: Store) -> str:
    with store.engine.connect() as connection:
        return str(
            connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'source_fts'"
            ).scalar_one()
        )


def test_migration_0005_rebuilds_the_index_of_an_existing_library(big: Store, run_alembic) -> None:  # type: ignore[no-untyped-def]
    current = _everything(big)
    run_alembic(big, "downgrade", "0004")  # the index as revision 0004 had it
    assert "prefix = '2 3'" in _source_table_sql(big)
    assert _everything(big) == current  # the same results, only slower on a large library
    # Written as revision 0004's table has it (today's model has columns added since).
    text = "Written at revision 0004 about wombats."
    with sqlite3.connect(big.database_path) as connection:
        late = connection.execute(
            "INSERT INTO source (type, title, format, content_hash, text, created_at, updated_at) "
            "VALUES ('article-newspaper', 'Wombats', 'text', ?, ?, '', '')", (content_hash(text), text)).lastrowid
    connection.close()
    assert_index_follows_tables(big)

    run_alembic(big, "upgrade", "0005")
    assert _source_table_sql(big) == fts.source_table_sql((3, 4, 5))
    assert index_segments(big) == {fts.SOURCE_INDEX: 1, fts.SNIPPET_INDEX: 1}  # merged
    assert_index_follows_tables(big)
    run_alembic(big, "upgrade", "head")  # search reads sources as today's model has them
    assert [h.id for h in search(big, "wombat").sources] == [late]
    with big.transaction() as session:
        row = session.get(Source, late)
        assert row is not None
        session.delete(row)
    assert _everything(big) == current  # the triggers feed the new table too


# --- ranking a big library in parts, side by side ------------------------------------------


def _rank_in_parts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int] | None]:
    """From now on rank the test library as a big one: in parts of 25 ids on 4 processors.

    Returns the ``within`` of every call of ``fts.query_sources`` from then on.
    """
    monkeypatch.setattr(core_search, "PART_SOURCES", 25)
    monkeypatch.setattr(core_search, "PART_MATCHES", 1)
    monkeypatch.setattr(core_search, "_processors", lambda: 4)
    calls: list[tuple[int, int] | None] = []
    real = fts.query_sources

    def spy(connection, match, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs.get("within"))
        return real(connection, match, **kwargs)

    monkeypatch.setattr(fts, "query_sources", spy)
    return calls


def _pages(store: Store, limit: int) -> list[tuple[object, ...]]:
    return [
        (query, [(h.id, h.excerpt, h.rank) for h in results.sources], results.more_sources)
        for query in QUERIES
        for results in [search(store, query, limit=limit)]
    ]


LIMITS = (1, 3, 10, 200)


def test_ranking_in_parts_finds_the_same_pages(big: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every query, pages of 1 to 200: the same sources, excerpts, scores, order and 'more' as one pass."""
    everything, pages = _everything(big), {limit: _pages(big, limit) for limit in LIMITS}
    with big.engine.connect() as connection:
        first, last = fts.source_id_span(connection) or (0, 0)
    assert last - first + 1 == 120
    calls = _rank_in_parts(monkeypatch)
    assert _everything(big) == everything
    # 120 ids in parts of 25 at most, on 4 processors: 4 parts of 30.
    parts = {(first, first + 29), (first + 30, first + 59), (first + 60, first + 89), (first + 90, last)}
    assert set(calls) == parts | {None}  # None: a query that matches nothing
    assert {limit: _pages(big, limit) for limit in LIMITS} == pages


def test_one_source_few_matches_or_a_long_prefix_are_ranked_in_one_pass(
    big: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = search(big, "police").sources[0]
    few = search(big, "absentword")
    long_prefix = search(big, "deploy")
    assert len(long_prefix.sources) > 3
    calls = _rank_in_parts(monkeypatch)
    only = search(big, "police", source_id=expected.id)
    assert [h.id for h in only.sources] == [expected.id] and not only.more_sources
    assert calls == [None]
    assert search(big, "deploy") == long_prefix  # six letters: no prefix index, merged by each part
    assert calls == [None, None]
    calls.clear()
    monkeypatch.setattr(core_search, "PART_MATCHES", 10**6)  # "police" matches fewer
    assert search(big, "police").sources[0] == expected
    assert search(big, "absentword") == few
    assert calls == [None, None]


def test_a_part_that_fails_fails_the_search_once_every_part_has_stopped(
    big: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rank_in_parts(monkeypatch)
    spied = fts.query_sources
    running: list[tuple[int, int]] = []

    def failing(connection, match, **kwargs):  # type: ignore[no-untyped-def]
        within = kwargs["within"]
        running.append(within)
        try:
            if within == max(running):
                raise sqlite3.OperationalError("disk I/O error")
            return spied(connection, match, **kwargs)
        finally:
            running.remove(within)

    monkeypatch.setattr(fts, "query_sources", failing)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        search(big, "the")
    assert running == []  # no part left running on its own
    monkeypatch.setattr(fts, "query_sources", spied)
    assert len(search(big, "the", limit=5).sources) == 5


def test_a_cancel_stops_every_part(big: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    from drafter.core.search import SearchCancel, SearchCancelled

    _rank_in_parts(monkeypatch)
    spied = fts.query_sources
    started: list[tuple[int, int]] = []

    def endless(connection, match, **kwargs):  # type: ignore[no-untyped-def]
        started.append(kwargs["within"])
        connection.exec_driver_sql(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n").all()
        raise AssertionError("the endless query ended")

    monkeypatch.setattr(fts, "query_sources", endless)
    cancel = SearchCancel()
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(search(big, "the", cancel=cancel))
        except SearchCancelled as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    deadline = time.monotonic() + 10
    while len(started) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(started) == 4  # every part running at once
    while worker.is_alive() and time.monotonic() < deadline:
        cancel.cancel()
        time.sleep(0.01)
    worker.join(10)
    assert not worker.is_alive() and isinstance(outcome[0], SearchCancelled)
    monkeypatch.setattr(fts, "query_sources", spied)
    assert len(search(big, "the", limit=5).sources) == 5  # the pool's connections still work


@pytest.mark.parametrize(
    ("span", "processors", "count"),
    [
        ((1, 10_000), 8, 1),  # not more than a part's worth
        ((1, 10_001), 8, 2),
        ((1, 50_000), 2, 2),  # no more parts than processors
        ((1, 50_000), 1, 1),
        ((7, 30_006), 8, 3),
        ((1, 50_000), 16, 4),  # MAX_PARTS
        ((5, 5), 4, 1),
    ],
)
def test_parts_cover_the_ids_in_order_and_about_equally(span: tuple[int, int], processors: int, count: int) -> None:
    parts = source_parts(span, processors)
    assert len(parts) == count
    assert parts[0][0] == span[0] and parts[-1][1] == span[1]
    assert all(a[1] + 1 == b[0] for a, b in zip(parts, parts[1:], strict=False))
    lengths = {last - first + 1 for first, last in parts}
    assert max(lengths) - min(lengths) <= 1
    assert source_parts(None, processors) == []


def test_counting_matches_stops_where_asked(big: Store) -> None:
    with big.engine.connect() as connection:
        for match in ('"police"', '"und" *', '"absentword"'):
            exact = connection.exec_driver_sql(
                "SELECT count(*) FROM source_fts WHERE source_fts MATCH ?", (match,)).scalar_one()
            assert fts.sources_matching_at_least(connection, match, exact)
            assert not fts.sources_matching_at_least(connection, match, exact + 1)
            assert fts.sources_matching_at_least(connection, match, 0)

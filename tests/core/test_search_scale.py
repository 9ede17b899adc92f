"""Search on a large library: what makes it fast must not change what it finds.

bench/search_bench.py measures the times; these tests pin down the behaviour the
figures rest on: ranking in two passes gives FTS5's own order and excerpts, the
prefix indexes cover every prefix a typed word can be, merging the index
changes no result, and migration 0005 rebuilds the index of an existing library
without losing anything.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from drafter.core import search as core_search
from drafter.core.models import Snippet, SnippetTag, Source
from drafter.core.search import (
    MIN_PREFIX,
    Term,
    excerpts_by_rowid,
    index_segments,
    parse_query,
    search,
    tidy_index,
)
from drafter.core.seed import content_hash
from drafter.core.store import Store, fts

# SQLite's FTS5 index, which lives in the library file (its segments, merges, integrity check and
# migration 0005). A server searches with its own index: tests/core/test_search.py and
# test_search_engines.py run on both engines.
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


# --- a broad query: head matches ranked, the rest newest first ------------------------------


def _head_words(store: Store, source_id: int) -> list[str]:
    """The words of a source's head (title, publisher, authors, standfirst), folded: the test's own oracle."""
    with store.reading() as session:
        source = session.get(Source, source_id)
        assert source is not None
        head = " ".join(str(v) for v in (source.title, source.publisher, source.authors, source.standfirst) if v)
    return re.findall(r"[a-z0-9]+", head.casefold())


def _in_head(words: list[str], query: str) -> bool:
    """Whether every term of a query of plain words is in ``words`` (its last word as a prefix if long enough)."""
    terms = parse_query(query)
    return all(
        any(w == t.text or (t.prefix and w.startswith(t.text)) for w in words) for t in terms
    )


def _all_matches(store: Store, index: str, query: str) -> set[int]:
    match = fts.match_expression(parse_query(query))
    with store.engine.connect() as connection:
        return {int(i) for (i,) in connection.exec_driver_sql(
            f"SELECT rowid FROM {index} WHERE {index} MATCH ?", (match,))}


#: Plain-word queries the fixture matches in many sources, some in their titles.
BROAD_QUERIES = ["the", "to", "police", "und", "tran", "police facial", "deploy"]


@pytest.mark.parametrize("query", BROAD_QUERIES)
def test_a_broad_query_ranks_its_head_matches_then_lists_the_rest_newest_first(
    big: Store, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    everything = _all_matches(big, fts.SOURCE_INDEX, query)
    monkeypatch.setattr(core_search, "BROAD_MATCHES", 10)
    assert len(everything) > 10, query  # broad for this test
    with big.engine.connect() as connection:  # a long prefix ("deploy") is asked spelled out as its words
        asked, spelled = core_search._expanded(connection, parse_query(query))
    head_match = fts.head_expression(fts.spelled_expression(asked, spelled))
    bm25 = {i: r for i, _, r in _reference(big, fts.SOURCE_INDEX, 4, fts.SOURCE_WEIGHTS, head_match)}
    results = search(big, query, limit=len(everything))
    ids = [h.id for h in results.sources]
    assert sorted(ids) == sorted(everything) and not results.more_sources  # every match, once
    heads = [i for i in ids if _in_head(_head_words(big, i), query)]
    others = [i for i in ids if i not in heads]
    assert heads and others, query  # the fixture has both kinds for every query here
    assert ids == heads + others  # head matches first
    ranked = [h.rank for h in results.sources[: len(heads)]]
    assert ranked == pytest.approx([bm25[i] for i in heads])  # by bm25 of their head's matches
    assert ranked == sorted(ranked) and all(r < 0 for r in ranked)
    assert others == sorted(others, reverse=True)  # then newest first
    assert {h.rank for h in results.sources[len(heads):]} == {fts.UNRANKED}
    # A shorter page is the start of the same order, and says there is more.
    page = search(big, query, limit=len(heads) + 2)
    assert [h.id for h in page.sources] == ids[: len(heads) + 2] and page.more_sources
    exact = search(big, query, limit=len(everything) - 1)
    assert exact.more_sources and len(exact.sources) == len(everything) - 1


@pytest.mark.parametrize("query", ["deploy", "counterm", "deploy the", "police deployme", "deployments"])
def test_a_long_prefix_spelled_out_as_its_words_matches_the_same_sources(big: Store, query: str) -> None:
    terms = parse_query(query)
    with big.engine.connect() as connection:
        asked, spelled = core_search._expanded(connection, terms)
        assert asked == terms  # under the cap: asked as typed
        spelled_match = fts.spelled_expression(asked, spelled)
    long_prefixes = [i for i, t in enumerate(terms) if t.prefix and len(t.text) > 5]
    assert sorted(spelled) == long_prefixes
    if long_prefixes:
        assert spelled_match != fts.match_expression(terms)
        assert all(w.startswith(terms[i].text) for i in spelled for w in spelled[i])
    else:
        assert spelled_match == fts.match_expression(terms)
    with big.engine.connect() as connection:
        found = {int(i) for (i,) in connection.exec_driver_sql(
            f"SELECT rowid FROM {fts.SOURCE_INDEX} WHERE {fts.SOURCE_INDEX} MATCH ?", (spelled_match,))}
    assert found == _all_matches(big, fts.SOURCE_INDEX, query) and found


def test_a_long_prefix_of_many_words_is_not_spelled_out(big: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core_search, "BROAD_MATCHES", 5)
    spelled_results = search(big, "deploy", limit=200)
    with big.engine.connect() as connection:
        words = core_search._expanded(connection, parse_query("deploy"))[1][0]
    assert len(words) > 1
    monkeypatch.setattr(core_search, "SPELL_CAP", len(words) - 1)
    with big.engine.connect() as connection:
        assert core_search._expanded(connection, parse_query("deploy"))[1] == {}
    typed = search(big, "deploy", limit=200)
    assert sorted(h.id for h in typed.sources) == sorted(h.id for h in spelled_results.sources)
    assert [h.id for h in typed.sources if h.rank == 0] == [h.id for h in spelled_results.sources if h.rank == 0]


def test_spelled_expressions_quote_every_word() -> None:
    terms = parse_query('deploy "a b" x')
    assert fts.spelled_expression(terms, {0: ["deploy", 'de"ploys']}) == '("deploy" OR "de""ploys") AND "a b" AND "x"'


def test_a_broad_query_ranks_only_the_newest_head_matches_when_there_are_many(
    big: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core_search, "BROAD_MATCHES", 4)
    everything = _all_matches(big, fts.SOURCE_INDEX, "the")
    heads = sorted((i for i in everything if _in_head(_head_words(big, i), "the")), reverse=True)
    assert len(heads) > 4
    bm25 = {i: r for i, _, r in _reference(big, fts.SOURCE_INDEX, 4, fts.SOURCE_WEIGHTS,
                                           fts.head_expression('"the"'))}
    pool = heads[:4]  # the newest four
    page = search(big, "the", limit=3)
    assert [h.id for h in page.sources] == sorted(pool, key=lambda i: (bm25[i], i))[:3]
    assert page.more_sources
    # Asked for more than the pool, the pool grows to the page: still every match reachable.
    assert sorted(h.id for h in search(big, "the", limit=len(everything)).sources) == sorted(everything)


@pytest.mark.parametrize("query", QUERIES)
def test_a_narrow_query_keeps_bm25_order(big: Store, monkeypatch: pytest.MonkeyPatch, query: str) -> None:
    """A query matching no more than ``BROAD_MATCHES`` sources: every match ranked, as FTS5 ranks them."""
    matches = len(_all_matches(big, fts.SOURCE_INDEX, query))
    monkeypatch.setattr(core_search, "BROAD_MATCHES", max(matches, 1))
    expected = _reference(big, fts.SOURCE_INDEX, 4, fts.SOURCE_WEIGHTS,
                          fts.match_expression(parse_query(query)))
    results = search(big, query, limit=10)
    assert [(h.id, h.excerpt_text) for h in results.sources] == [
        (i, "".join(t for t, _ in fts.excerpt_pieces(e))) for i, e, _ in expected[:10]]
    assert [h.rank for h in results.sources] == pytest.approx([r for _, _, r in expected[:10]])
    assert results.more_sources == (matches > 10)
    # Snippets: all of the fixture's match fewer than the default threshold, ranked in one statement.
    monkeypatch.undo()
    snippets = _reference(big, fts.SNIPPET_INDEX, 0, fts.SNIPPET_WEIGHTS, fts.match_expression(parse_query(query)))
    results = search(big, query, limit=10)
    assert [(h.id, h.excerpt_text) for h in results.snippets] == [
        (i, "".join(t for t, _ in fts.excerpt_pieces(e))) for i, e, _ in snippets[:10]]
    assert [h.rank for h in results.snippets] == pytest.approx([r for _, _, r in snippets[:10]])
    assert results.more_snippets == (len(snippets) > 10)


def test_a_broad_query_of_snippets_ranks_note_and_tag_matches_then_the_rest_newest_first(
    big: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Half the fixture's 40 snippets have the note "key point", all the tag "t"; their texts are
    # single words of their sources.
    with big.reading() as session:
        notes = {s.id: s.note for s in session.exec(select(Snippet)).all()}
    monkeypatch.setattr(core_search, "BROAD_MATCHES", 3)
    for query, in_head in (("key", lambda i: "key" in notes[i]), ("t", lambda i: True)):
        everything = _all_matches(big, fts.SNIPPET_INDEX, query)
        assert len(everything) > 3
        results = search(big, query, limit=len(everything))
        ids = [h.id for h in results.snippets]
        assert sorted(ids) == sorted(everything) and not results.more_snippets
        heads = [i for i in ids if in_head(i)]
        assert ids[: len(heads)] == heads
        ranks = [h.rank for h in results.snippets]
        assert ranks[: len(heads)] == sorted(ranks[: len(heads)]) and all(r < 0 for r in ranks[: len(heads)])
        assert ids[len(heads):] == sorted(ids[len(heads):], reverse=True)
    # A snippet matching only in its text comes after those matching in the note, newest first.
    text_only = [i for i in _all_matches(big, fts.SNIPPET_INDEX, "the") if "the" not in notes[i]]
    if len(text_only) > 3:
        results = search(big, "the", limit=40)
        assert [h.id for h in results.snippets] == sorted(text_only, reverse=True)
    # Filters apply to a broad query as to any: only snippets tagged "t" and not quoted.
    filtered = search(big, "key", limit=40, tag="t", used=False)
    assert sorted(h.id for h in filtered.snippets) == sorted(i for i in notes if "key" in notes[i])
    assert not search(big, "key", limit=40, tag="absent").snippets


def test_one_source_is_ranked_as_a_narrow_query(big: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = search(big, "police").sources[0]
    monkeypatch.setattr(core_search, "BROAD_MATCHES", 1)
    only = search(big, "police", source_id=expected.id)
    assert [(h.id, h.rank) for h in only.sources] == [(expected.id, expected.rank)] and not only.more_sources

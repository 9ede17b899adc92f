"""tests/core/test_search.py's tests of behaviour, run again on a library on the PostgreSQL test server.

The tests are imported from there and collected here, where ``empty`` and ``store``
are stores on the server (``server_library``: a migrated, seeded library; ``empty``
has its stored articles taken out). Left out: the tests of FTS5's own tables,
triggers, migrations and cancelling (tests/core/test_search_engines.py covers the
server's index following every change, against SQLite).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_search import (  # noqa: F401  (collected here, with this module's fixtures)
    library,
    test_any_query_never_raises,
    test_empty_query_finds_nothing,
    test_every_prefix_finds_the_word_while_typing,
    test_filters,
    test_hits_carry_titles_and_highlighted_excerpts,
    test_hostile_queries_are_just_text,
    test_limit_applies_to_each_kind_and_says_there_is_more,
    test_match_spans_agree_with_the_text,
    test_match_spans_are_exact_string_offsets,
    test_match_spans_even_where_the_text_holds_the_markers,
    test_match_spans_of_a_missing_source,
    test_match_spans_of_a_title_only_match_are_empty,
    test_one_or_two_letters_match_whole_words_only,
    test_search_finds,
    test_stored_articles_are_searchable,
    test_title_match_ranks_above_body_match,
)

from drafter.core.store import Store


@pytest.fixture
def store(server_library: str, data_dir: Path) -> Iterator[Store]:
    opened = Store.open_url(server_library, data_dir)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def empty(store: Any) -> Store:
    with store.transaction() as session:
        session.connection().exec_driver_sql("DELETE FROM source")
    return store  # type: ignore[no-any-return]


def test_the_stores_here_are_on_postgresql(store: Store, empty: Store) -> None:
    assert store.engine.dialect.name == empty.engine.dialect.name == "postgresql"

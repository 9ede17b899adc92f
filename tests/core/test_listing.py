"""The lists read a page at a time: orders, filters and the records of a page."""

from __future__ import annotations

import sqlite3

import pytest

from drafter.core import listing
from drafter.core.listing import SnippetQuery
from drafter.core.names import Organisation, Person
from drafter.core.snippets import list_snippets, snippet_from_quote, update_snippet
from drafter.core.sources import SourceFacts, add_source, update_source_facts


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


def _rows(store, ids):  # type: ignore[no-untyped-def]
    return listing.source_summaries(store, ids)


def test_date_order_puts_unknown_dates_last_both_ways(store, many) -> None:  # type: ignore[no-untyped-def]
    many(store, 60)
    for descending in (True, False):
        rows = _rows(store, listing.source_ids(store, "date", descending=descending))
        dates = [r.date for r in rows]
        known = [d for d in dates if d is not None]
        assert dates[: len(known)] == known and all(d is None for d in dates[len(known):])
        assert known == sorted(known, reverse=descending)


def test_title_order_ignores_case_and_puts_untitled_last(store, many) -> None:  # type: ignore[no-untyped-def]
    many(store, 40)
    add_source(store, "lower case first letter", SourceFacts(title="aardvark report"))
    add_source(store, "upper case first letter", SourceFacts(title="Zebra crossings"))
    rows = _rows(store, listing.source_ids(store, "title", descending=False))
    titles = [r.title for r in rows]
    known = [t for t in titles if t is not None]
    assert titles[0] == "aardvark report" and known[-1] == "Zebra crossings"
    assert known == sorted(known, key=str.lower)
    assert all(t is None for t in titles[len(known):])
    backwards = [r.title for r in _rows(store, listing.source_ids(store, "title", descending=True))]
    assert backwards[0] == "Zebra crossings" and backwards[len(known):] == titles[len(known):][::-1]


def test_the_order_is_total_and_every_source_appears_once(store, many) -> None:  # type: ignore[no-untyped-def]
    added = many(store, 120)
    for column in listing.SOURCE_ORDERS:
        ids = listing.source_ids(store, column)
        assert len(ids) == len(set(ids)) == listing.count_sources(store) == len(added) + 5
        assert ids == listing.source_ids(store, column)  # ties broken the same way every time


def test_summaries_keep_the_order_asked_for_and_skip_gone_ids(store, many) -> None:  # type: ignore[no-untyped-def]
    ids = many(store, 2000)  # more ids than one statement may bind
    wanted = ids[::-1] + [10_000_000]
    rows = listing.source_summaries(store, wanted)
    assert [r.id for r in rows] == ids[::-1]


def test_summaries_never_read_the_full_text(store, many) -> None:  # type: ignore[no-untyped-def]
    many(store, 50)
    statements: list[str] = []
    store.reader().set_trace_callback(statements.append)
    try:
        ids = listing.source_ids(store, "title")
        listing.source_summaries(store, ids[:200])
    finally:
        store.reader().set_trace_callback(None)
    assert statements and not any("text" in s for s in statements)


def test_stored_authors_come_back_as_stored(store) -> None:  # type: ignore[no-untyped-def]
    two = add_source(
        store, "x y z", SourceFacts(title="Two", authors=(Person("One", "A"), Organisation("Home Office")))
    )
    none_known = add_source(store, "p q r", SourceFacts(title="Unknown"))
    nobody = add_source(store, "s t u", SourceFacts(title="Nobody", authors=()))
    by_id = {r.id: r for r in listing.source_summaries(store, [two.id, none_known.id, nobody.id])}
    assert by_id[two.id].authors == (Person("One", "A"), Organisation("Home Office"))
    assert by_id[none_known.id].authors is None and by_id[nobody.id].authors == ()


def test_stamp_changes_when_facts_change(store) -> None:  # type: ignore[no-untyped-def]
    source = add_source(store, "some words here", SourceFacts(title="Before"))
    stamp = listing.source_stamp(store, source.id)
    assert listing.source_stamp(store, source.id) == stamp
    update_source_facts(store, source.id, SourceFacts(title="After"))
    assert listing.source_stamp(store, source.id) != stamp
    assert listing.source_stamp(store, 10_000_000) is None


def test_the_reader_connection_cannot_write(store) -> None:  # type: ignore[no-untyped-def]
    refused: tuple[type[Exception], ...] = (sqlite3.OperationalError,)
    if store.dialect == "postgresql":
        import psycopg

        refused = (psycopg.errors.ReadOnlySqlTransaction,)
    with pytest.raises(refused):
        store.reader().execute("DELETE FROM source")
    assert listing.count_sources(store) == 5


# --- snippets ------------------------------------------------------------------------------


def test_snippet_filter_matches_every_word_anywhere(store) -> None:  # type: ignore[no-untyped-def]
    a = snippet_from_quote(store, 4, "scaling up", note="Budget")
    b = snippet_from_quote(store, 4, "bobbies on the beat", tags=["Policing"])
    assert listing.snippet_ids(store, SnippetQuery(text="SCALING")) == [a.id]
    assert listing.snippet_ids(store, SnippetQuery(text="policing")) == [b.id]  # a tag
    assert listing.snippet_ids(store, SnippetQuery(text="budget scaling")) == [a.id]  # the note and the text
    assert listing.snippet_ids(store, SnippetQuery(text="budget bobbies")) == []
    title = listing.snippet_records(store, [a.id])[0].source_title
    assert title and set(listing.snippet_ids(store, SnippetQuery(text=title.split()[0]))) == {a.id, b.id}
    assert listing.count_snippets(store, SnippetQuery(text="scaling")) == 1


def test_snippet_filter_takes_wildcards_literally(store) -> None:  # type: ignore[no-untyped-def]
    plain = snippet_from_quote(store, 4, "scaling up", note="50 percent")
    odd = snippet_from_quote(store, 4, "bobbies on the beat", note="50% of_all")
    assert listing.snippet_ids(store, SnippetQuery(text="50%")) == [odd.id]
    assert listing.snippet_ids(store, SnippetQuery(text="of_all")) == [odd.id]
    assert plain.id not in listing.snippet_ids(store, SnippetQuery(text="%"))
    assert listing.snippet_ids(store, SnippetQuery(text="\\")) == []


def test_unused_only_leaves_out_quoted_snippets(store, many) -> None:  # type: ignore[no-untyped-def]
    many(store, 30)  # every third snippet is quoted
    everything = listing.snippet_ids(store)
    unused = listing.snippet_ids(store, SnippetQuery(unused_only=True))
    records = listing.snippet_records(store, everything)
    assert unused == [r.id for r in records if r.used_in == 0]
    assert 0 < len(unused) < len(everything)


def test_the_unused_count_and_a_limited_list_agree_with_the_full_list(store, many) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.checks import UNUSED_LISTED, unused_snippets
    from drafter.core.responses import add_block, add_question, create_response
    from drafter.core.responses.records import ResponseDetails

    many(store, 90)
    query = SnippetQuery(unused_only=True)
    unused = listing.snippet_ids(store, query)
    # The same snippet quoted twice, in two responses, is one snippet less unused, not two.
    for title in ("First", "Second"):
        response = create_response(store, ResponseDetails(consultation_title=title))
        question = add_question(store, response.id, label="1", text="Why?")
        add_block(store, question.id, kind="quotation", snippet_id=unused[0])
    unused = listing.snippet_ids(store, query)
    assert listing.count_snippets(store, query) == len(unused)
    assert listing.snippet_ids(store, query, limit=7) == unused[:7]
    listed, more = unused_snippets(store)
    assert [s.id for s in listed] == unused[:UNUSED_LISTED] and more == len(unused) - UNUSED_LISTED


def test_snippet_orders(store, many) -> None:  # type: ignore[no-untyped-def]
    many(store, 30)
    snippet_from_quote(store, 4, "scaling up", tags=["zeta"])
    snippet_from_quote(store, 4, "bobbies on the beat", tags=["Alpha"])
    reading = listing.snippet_records(store, listing.snippet_ids(store))
    assert [(r.source_id, r.start) for r in reading] == sorted((r.source_id, r.start) for r in reading)
    used = listing.snippet_records(store, listing.snippet_ids(store, SnippetQuery(column="used", descending=True)))
    assert [r.used_in for r in used] == sorted((r.used_in for r in used), reverse=True)
    tagged = listing.snippet_records(store, listing.snippet_ids(store, SnippetQuery(column="tags")))
    first_tags = [r.tags[0] for r in tagged if r.tags]
    assert first_tags == ["Alpha", "zeta"] and not tagged[-1].tags  # untagged last
    newest = listing.snippet_ids(store, SnippetQuery(column="made", descending=True), limit=2)
    assert [r.text for r in listing.snippet_records(store, newest)] == ["bobbies on the beat", "scaling up"]
    for column in listing.SNIPPET_ORDERS:
        ids = listing.snippet_ids(store, SnippetQuery(column=column))
        assert sorted(ids) == sorted(reading_id.id for reading_id in reading)


def test_records_match_what_list_snippets_returns(store) -> None:  # type: ignore[no-untyped-def]
    a = snippet_from_quote(store, 4, "scaling up", note="n", tags=["b", "a"])
    update_snippet(store, a.id, tags=["second", "first"])
    [record] = listing.snippet_records(store, [a.id])
    assert record.tags == ("second", "first")  # the user's order, not the alphabet's
    assert list_snippets(store, source_id=4) == [record]
    assert listing.all_tags(store) == ["first", "second"]

"""Adding sources and editing their facts: duplicates asked about, bad facts refused."""

from __future__ import annotations

import pytest

from drafter.core.errors import RefusedError
from drafter.core.library import get_source, list_sources
from drafter.core.names import Organisation, Person
from drafter.core.snippets import snippet_from_quote
from drafter.core.sources import (
    DuplicateSourceError,
    InvalidFactError,
    SourceFacts,
    add_source,
    update_source_facts,
    update_source_text,
)


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


def test_add_source_keeps_text_and_unknowns(store) -> None:
    record = add_source(store, "Some exact text.", SourceFacts(title="  A  title "), original_filename="a.txt")
    assert record.text == "Some exact text."
    assert (record.title, record.publisher, record.authors, record.date) == ("A title", None, None, None)


def test_same_text_twice_is_recognised(store) -> None:
    first = add_source(store, "Identical words.", SourceFacts(title="One"))
    with pytest.raises(DuplicateSourceError) as caught:
        add_source(store, "Identical words.", SourceFacts(title="Two"))
    assert [s.id for s in caught.value.existing] == [first.id]
    assert len(list_sources(store)) == 6
    add_source(store, "Identical words.", SourceFacts(title="Two"), allow_duplicate=True)
    assert len(list_sources(store)) == 7


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (SourceFacts(date="1st August"), "not a date Drafter can read"),
        (SourceFacts(date="2025-02-30"), "not a date"),
        (SourceFacts(accessed="2026-01"), "must be a full date"),
        (SourceFacts(type="tweet"), "not a source type"),
    ],
)
def test_bad_facts_are_refused_and_nothing_changes(store, facts, message) -> None:
    with pytest.raises(InvalidFactError, match=message):
        add_source(store, "Text.", facts)
    assert len(list_sources(store)) == 5


def test_pages_outside_the_text_are_refused(store) -> None:
    with pytest.raises(RefusedError, match="page positions"):
        add_source(store, "short", SourceFacts(), pages=[(0, 99, "1")])
    assert len(list_sources(store)) == 5


def test_facts_edit_and_partial_dates(store) -> None:
    record = add_source(store, "Text here.", SourceFacts())
    updated = update_source_facts(store, record.id, SourceFacts(
        title="T", date="2025-08", authors=(Person(" Lee ", "Ann"), Organisation(" "), Organisation("Home  Office"))
    ))
    assert (updated.title, updated.date, updated.authors) == (
        "T", "2025-08", (Person("Lee", "Ann"), Organisation("Home Office"))
    )
    assert updated.fact_basis == {"all": "entered or confirmed by the user"}


def test_text_of_a_quoted_source_cannot_change(store) -> None:
    record = add_source(store, "The original words of the source.", SourceFacts(title="T"))
    snippet_from_quote(store, record.id, "original words")
    with pytest.raises(RefusedError, match="snippet"):
        update_source_text(store, record.id, "Different words.")
    assert get_source(store, record.id).text == "The original words of the source."


def test_text_of_an_unquoted_source_can_change(store) -> None:
    record = add_source(store, "Typo in teh text.", SourceFacts(title="T"))
    assert update_source_text(store, record.id, "Typo in the text.").text == "Typo in the text."

"""Snippets always hold the exact characters of their source, at their exact place."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.core.errors import NotFoundError, RefusedError
from drafter.core.library import get_source, list_sources
from drafter.core.models import AnswerBlock, Question, Response
from drafter.core.snippets import (
    AmbiguousQuoteError,
    QuoteNotFoundError,
    create_snippet,
    delete_snippet,
    find_occurrences,
    get_snippet,
    list_snippets,
    normalise_tags,
    restore_snippet,
    snippet_from_quote,
    update_snippet,
)
from drafter.core.sources import SourceFacts, add_source


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


def _foot(store) -> int:
    return next(s.id for s in list_sources(store) if s.title == "Rights fears as Met ramps up tech use")


def test_snippet_holds_the_exact_characters(store) -> None:
    source = get_source(store, _foot(store))
    start = source.text.index("“Any tech")
    end = source.text.index("in place.”") + len("in place.”")
    snippet = create_snippet(store, source.id, start, end, note="Liberty's call", tags=["oversight", "Liberty"])
    assert snippet.text == source.text[start:end]
    assert snippet.text.startswith("“Any tech which has the potential")
    assert (snippet.start, snippet.end, snippet.note) == (start, end, "Liberty's call")
    assert snippet.tags == ("oversight", "Liberty")
    assert snippet.page_label is None and snippet.used_in == 0


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(5, 5, "empty"), (10, 3, "empty"), (-1, 4, "outside"), (0, 10**7, "outside")],
)
def test_bad_offsets_are_refused_and_nothing_is_stored(store, start, end, message) -> None:
    with pytest.raises(RefusedError, match=message):
        create_snippet(store, _foot(store), start, end)
    assert list_snippets(store) == []


def test_whitespace_only_and_stale_selection_are_refused(store) -> None:
    source = get_source(store, _foot(store))
    newline = source.text.index("\n")
    with pytest.raises(RefusedError, match="only spaces"):
        create_snippet(store, source.id, newline, newline + 1)
    with pytest.raises(RefusedError, match="no longer matches"):
        create_snippet(store, source.id, 0, 3, expected_text="XYZ")
    with pytest.raises(NotFoundError):
        create_snippet(store, 9999, 0, 3)
    assert list_snippets(store) == []


def test_page_label_comes_from_the_source_pages(store) -> None:
    text = "First page words here.\n\nSecond page words here."
    source = add_source(store, text, SourceFacts(type="report", title="Paged"), format="pdf",
                        pages=[(0, 22, "iv"), (24, len(text), "v")])
    snippet = snippet_from_quote(store, source.id, "Second page")
    assert snippet.page_label == "v"


@pytest.mark.parametrize(
    ("text", "quote", "starts"),
    [
        ("a cat and a cat", "cat", [2, 12]),
        ("aaa", "aa", [0, 1]),  # overlapping places are distinct choices
        ("‘£260m’ shortfall", "£260m", [1]),
        ("nothing here", "absent", []),
        ("x", "", []),
    ],
)
def test_find_occurrences(text, quote, starts) -> None:
    assert [o.start for o in find_occurrences(text, quote)] == starts


def test_quote_must_match_exactly(store) -> None:
    with pytest.raises(QuoteNotFoundError, match="not in source"):
        snippet_from_quote(store, _foot(store), '"Any tech which has the potential')  # straight quote
    assert list_snippets(store) == []


def test_ambiguous_quote_lists_each_place_and_occurrence_chooses(store) -> None:
    source_id = _foot(store)
    with pytest.raises(AmbiguousQuoteError) as caught:
        snippet_from_quote(store, source_id, "West End")
    places = caught.value.places
    assert len(places) > 2 and "--occurrence" in caught.value.message
    chosen = snippet_from_quote(store, source_id, "West End", occurrence=2)
    assert chosen.start == places[1].start
    with pytest.raises(RefusedError, match="--occurrence must be 1 to"):
        snippet_from_quote(store, source_id, "West End", occurrence=99)


def test_note_and_tags_edit_in_place(store) -> None:
    snippet = snippet_from_quote(store, _foot(store), "scaling up")
    updated = update_snippet(store, snippet.id, note="Key phrase", tags=[" scale ", "Scale", "", "Met"])
    assert (updated.note, updated.tags, updated.text) == ("Key phrase", ("scale", "Met"), "scaling up")


def test_delete_refuses_a_used_snippet_until_told(store) -> None:
    snippet = snippet_from_quote(store, _foot(store), "scaling up")
    with store.transaction() as session:
        response = Response(consultation_title="Test")
        session.add(response)
        session.flush()
        question = Question(response_id=response.id, position=0, label="1", text="Q?")
        session.add(question)
        session.flush()
        session.add(AnswerBlock(question_id=question.id, position=0, kind="quotation", snippet_id=snippet.id))
    assert get_snippet(store, snippet.id).used_in == 1
    with pytest.raises(RefusedError, match="quoted 1 time"):
        delete_snippet(store, snippet.id)
    assert get_snippet(store, snippet.id).used_in == 1
    deleted = delete_snippet(store, snippet.id, even_if_used=True)
    assert list_snippets(store) == []
    restored = restore_snippet(store, deleted)
    assert (restored.id, restored.text, restored.tags) == (deleted.id, deleted.text, deleted.tags)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [(["a", "A", " a "], ("a",)), (["two  words", ""], ("two words",)), ([], ())],
)
def test_normalise_tags(raw, clean) -> None:
    assert normalise_tags(raw) == clean


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.data())
def test_any_valid_selection_round_trips_exactly(store, data) -> None:
    source = get_source(store, data.draw(st.sampled_from([s.id for s in list_sources(store)])))
    start = data.draw(st.integers(0, len(source.text) - 1))
    end = data.draw(st.integers(start + 1, min(len(source.text), start + 400)))
    if not source.text[start:end].strip():
        return
    snippet = create_snippet(store, source.id, start, end)
    assert get_source(store, source.id).text[snippet.start : snippet.end] == snippet.text
    delete_snippet(store, snippet.id)

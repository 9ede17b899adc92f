"""Storing an import's files in batches: the same rows and the same refusals as one by one."""

from __future__ import annotations

import pytest

from drafter.core.errors import RefusedError
from drafter.core.importers import GuessedFacts, ImportedDocument, PageSpan
from drafter.core.library import get_source, list_sources
from drafter.core.models import Source, SourcePage
from drafter.core.names import Organisation, Person, to_json
from drafter.core.seed import content_hash
from drafter.core.sources import (
    DuplicateSourceError,
    InvalidFactError,
    SourceFacts,
    add_imported_many,
    facts_from_guess,
    leading_new_texts,
    stored_hashes,
)


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


_COLUMNS = ("type", "title", "publisher", "authors", "date", "url", "accessed", "standfirst", "variables",
            "original_filename", "format", "content_hash", "text", "fact_basis", "stored_article")


def _document(n: int, **facts: object) -> ImportedDocument:
    return ImportedDocument(
        text=f"Body of document {n}. It says something only document {n} says.",
        format="pdf" if n % 2 else "html",
        original_filename=f"doc{n}.{'pdf' if n % 2 else 'html'}",
        pages=(PageSpan(0, 10, "i"), PageSpan(10, 20, "2")) if n % 2 else (),
        facts=GuessedFacts(**facts),  # type: ignore[arg-type]
    )


def _raw(store, source_id: int) -> tuple[object, ...]:
    # How each JSON value is stored: text, or SQL NULL, or on a server JSON's own null beside SQL NULL.
    kind = "json_typeof(({})::json)" if store.dialect == "postgresql" else "typeof({})"
    sql = (f"SELECT {', '.join(_COLUMNS)}, {kind.format('authors')}, {kind.format('variables')} "
           "FROM source WHERE id = ?")
    return tuple(store.reader().execute(sql, (source_id,)).fetchone())


def _pages(store, source_id: int) -> list[tuple[object, ...]]:
    sql = 'SELECT start, "end", label FROM source_page WHERE source_id = ? ORDER BY start'
    return store.reader().execute(sql, (source_id,)).fetchall()


def test_a_batch_writes_the_rows_the_model_writes(store) -> None:
    documents = [
        _document(1, title="A report", authors=(Person("Lee", "Ann"), Organisation("Council")), date="2025-03",
                  source_type="report", variables={"number": "7"}, basis={"title": "the PDF's title"}),
        _document(2),  # nothing known: every unknown stays unknown (NULL or JSON null, as the model writes)
        _document(3, url="https://example.org/a", standfirst="A standfirst"),
    ]
    records = add_imported_many(store, [(d, None) for d in documents])
    # The same documents written as the ORM model writes a row (how every source was stored before).
    with store.transaction() as session:
        model_ids = []
        for document in documents:
            facts = facts_from_guess(document.facts).cleaned()
            row = Source(type=facts.type, title=facts.title, publisher=facts.publisher, authors=to_json(facts.authors),
                         date=facts.date, url=facts.url, accessed=facts.accessed, standfirst=facts.standfirst,
                         variables=dict(facts.variables) or None, original_filename=document.original_filename,
                         format=document.format, content_hash=content_hash(document.text), text=document.text,
                         fact_basis={k: f"guessed from {v}" for k, v in document.facts.basis.items()})
            session.add(row)
            session.flush()
            assert row.id is not None
            for page in document.pages:
                session.add(SourcePage(source_id=row.id, start=page.start, end=page.end, label=page.label))
            model_ids.append(row.id)
    assert [r.id for r in records] == sorted(r.id for r in records)  # in order
    for record, model_id in zip(records, model_ids, strict=True):
        assert _raw(store, record.id) == _raw(store, model_id)
        assert _pages(store, record.id) == _pages(store, model_id)
        assert record == get_source(store, record.id)
    assert records[0].authors == (Person("Lee", "Ann"), Organisation("Council"))
    assert [p.label for p in records[0].pages] == ["i", "2"]
    assert records[0].fact_basis == {"title": "guessed from the PDF's title"}


def test_a_text_already_in_the_library_refuses_the_whole_batch(store) -> None:
    first = add_imported_many(store, [(_document(1), None)])[0]
    before = {s.id for s in list_sources(store)}
    with pytest.raises(DuplicateSourceError) as caught:
        add_imported_many(store, [(_document(2), None), (_document(1), None), (_document(3), None)])
    assert [s.id for s in caught.value.existing] == [first.id]
    assert {s.id for s in list_sources(store)} == before  # nothing of the batch stored


def test_a_text_twice_in_one_batch_is_refused_unless_allowed(store) -> None:
    before = len(list_sources(store))
    with pytest.raises(DuplicateSourceError):
        add_imported_many(store, [(_document(4), None), (_document(4), None)])
    assert len(list_sources(store)) == before
    both = add_imported_many(store, [(_document(4), None), (_document(4), None)], allow_duplicate=True)
    assert len({r.id for r in both}) == 2 and len(list_sources(store)) == before + 2


@pytest.mark.parametrize(("bad", "error", "message"), [
    (ImportedDocument(text="  \n", format="text", original_filename="blank.txt"), RefusedError, "no text"),
    (ImportedDocument(text="Short.", format="pdf", original_filename="p.pdf", pages=(PageSpan(0, 99, "1"),)),
     RefusedError, "page positions"),
])
def test_a_bad_document_refuses_the_whole_batch(store, bad: ImportedDocument, error: type, message: str) -> None:
    before = len(list_sources(store))
    with pytest.raises(error, match=message):
        add_imported_many(store, [(_document(5), None), (bad, None)])
    assert len(list_sources(store)) == before


def test_bad_facts_refuse_the_whole_batch(store) -> None:
    before = len(list_sources(store))
    with pytest.raises(InvalidFactError):
        add_imported_many(store, [(_document(6), None), (_document(7), SourceFacts(date="1st August"))])
    assert len(list_sources(store)) == before


def test_leading_new_texts_stops_at_the_first_repeat(store) -> None:
    add_imported_many(store, [(_document(8), None)])
    new = [_document(n).text for n in (9, 10)]
    assert leading_new_texts(store, new) == 2
    assert leading_new_texts(store, [*new, _document(8).text, _document(11).text]) == 2  # in the library
    assert leading_new_texts(store, [new[0], new[1], new[0]]) == 2  # repeated among them
    assert leading_new_texts(store, []) == 0


def test_stored_hashes_asks_in_parts_for_many(store) -> None:
    kept = add_imported_many(store, [(_document(12), None)])[0]
    many = [content_hash(f"never stored {n}") for n in range(1200)] + [kept.content_hash]
    assert stored_hashes(store, many) == {kept.content_hash}

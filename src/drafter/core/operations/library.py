"""Operations on the library: sources, their facts, snippets, and quoting a selection.

Like ``operations.responses``: each returns an ``Op`` whose inverse undoes it exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from drafter.core.operations.base import Op

if TYPE_CHECKING:
    from drafter.core.importers.document import ImportedDocument
    from drafter.core.records import SnippetRecord, SourceRecord
    from drafter.core.responses.records import BlockRecord
    from drafter.core.sources import SourceFacts
    from drafter.core.store import Store


# --- sources ------------------------------------------------------------------------------


def add_imported(documents: Sequence[tuple[ImportedDocument, SourceFacts | None]], *,
                 allow_duplicates: bool = False, fact_basis: dict[str, str] | None = None) -> Op[list[SourceRecord]]:
    """Store what the importers read, as one undoable step ("Import Files").

    ``fact_basis``: where the facts came from, when not from the documents (a reference manager's item).
    """

    def body(store: Store) -> tuple[list[SourceRecord], Op[Any] | None]:
        from drafter.core.sources import add_imported_many

        added = add_imported_many(store, documents, allow_duplicate=allow_duplicates, fact_basis=fact_basis)
        return added, delete_sources([record.id for record in added]) if added else None

    return Op("Import Files", body)


def delete_sources(source_ids: Sequence[int]) -> Op[list[SourceRecord]]:
    """Remove sources (refused while a snippet quotes one); undo puts them back with their ids."""

    def body(store: Store) -> tuple[list[SourceRecord], Op[Any]]:
        from drafter.core.library import delete_source, get_source

        snapshots = [get_source(store, source_id) for source_id in source_ids]
        for source_id in source_ids:
            delete_source(store, source_id)
        return snapshots, restore_sources(snapshots)

    return Op("Delete Source" if len(source_ids) == 1 else "Delete Sources", body)


def restore_sources(snapshots: Sequence[SourceRecord]) -> Op[list[SourceRecord]]:
    def body(store: Store) -> tuple[list[SourceRecord], Op[Any]]:
        from drafter.core.sources import restore_source

        restored = [restore_source(store, snapshot) for snapshot in snapshots]
        return restored, delete_sources([s.id for s in snapshots])

    return Op("Restore Sources", body)


def update_source_facts(source_id: int, facts: SourceFacts) -> Op[SourceRecord]:
    def body(store: Store) -> tuple[SourceRecord, Op[Any]]:
        from drafter.core.library import get_source
        from drafter.core.sources import SourceFacts

        before = get_source(store, source_id)
        return _set_facts(store, source_id, facts, None), _restore_facts(
            source_id, SourceFacts.of(before), dict(before.fact_basis))

    return Op("Edit Citation Facts", body)


def replace_source_facts(source_id: int, facts: SourceFacts, basis: dict[str, str]) -> Op[list[SourceRecord]]:
    """Replace a source's facts with ones read from elsewhere (a reference manager's item), saying
    where they came from in its fact basis: one undo step."""

    def change(store: Store) -> list[tuple[int, SourceFacts, dict[str, str]]]:
        from drafter.core.library import get_source

        get_source(store, source_id)  # a source that isn't there is refused before anything changes
        return [(source_id, facts.cleaned(), dict(basis))]

    return Op("Replace Citation Facts", _facts_and_basis(change))


def confirm_accessed(source_ids: Sequence[int], on: date, *, today: date | None = None) -> Op[list[SourceRecord]]:
    """The user checked these online sources' pages on ``on``: that is their accessed date, and
    their fact basis says the user confirmed it (one undo step for all of them)."""
    told = today or date.today()

    def change(store: Store) -> list[tuple[int, SourceFacts, dict[str, str]]]:
        from drafter.core.library import get_source
        from drafter.core.sources import confirmed_accessed

        return [(i, *confirmed_accessed(get_source(store, i), on, told)) for i in source_ids]

    return Op("Confirm Accessed Date" if len(source_ids) == 1 else "Confirm Accessed Dates",
              _facts_and_basis(change))


def confirm_bare_citation(source_ids: Sequence[int], *, today: date | None = None) -> Op[list[SourceRecord]]:
    """The user confirms these sources are to be cited with no author, title or publisher."""
    told = today or date.today()

    def change(store: Store) -> list[tuple[int, SourceFacts, dict[str, str]]]:
        from drafter.core.library import get_source
        from drafter.core.sources import confirmed_bare

        return [(i, *confirmed_bare(get_source(store, i), told)) for i in source_ids]

    return Op("Cite As It Is", _facts_and_basis(change))


_NewFacts = Callable[["Store"], list[tuple[int, "SourceFacts", dict[str, str]]]]


def _facts_and_basis(change: _NewFacts) -> Callable[[Store], tuple[list[SourceRecord], Op[Any]]]:
    """The body of an operation that sets several sources' facts and basis; its inverse sets the old ones."""

    def body(store: Store) -> tuple[list[SourceRecord], Op[Any]]:
        from drafter.core.library import get_source
        from drafter.core.sources import SourceFacts

        wanted = change(store)  # all worked out (or refused) before anything changes
        before = [get_source(store, i) for i, _, _ in wanted]
        done = [_set_facts(store, i, facts, basis) for i, facts, basis in wanted]
        old = [(b.id, SourceFacts.of(b), dict(b.fact_basis)) for b in before]
        return done, Op("Edit Citation Facts", _facts_and_basis(lambda _store: old))

    return body


def _restore_facts(source_id: int, facts: SourceFacts, basis: dict[str, str]) -> Op[SourceRecord]:
    def body(store: Store) -> tuple[SourceRecord, Op[Any]]:
        from drafter.core.library import get_source
        from drafter.core.sources import SourceFacts

        before = get_source(store, source_id)
        return _set_facts(store, source_id, facts, basis), _restore_facts(
            source_id, SourceFacts.of(before), dict(before.fact_basis))

    return Op("Edit Citation Facts", body)


def _set_facts(store: Store, source_id: int, facts: SourceFacts, basis: dict[str, str] | None) -> SourceRecord:
    from drafter.core.sources import update_source_facts as update

    return update(store, source_id, facts, fact_basis=basis)


# --- snippets -----------------------------------------------------------------------------


def create_snippet(source_id: int, start: int, end: int, *, note: str = "", tags: Iterable[str] = (),
                   expected_text: str | None = None) -> Op[SnippetRecord]:
    tags = tuple(tags)

    def body(store: Store) -> tuple[SnippetRecord, Op[Any]]:
        from drafter.core.snippets import create_snippet as create

        snippet = create(store, source_id, start, end, note=note, tags=tags, expected_text=expected_text)
        return snippet, delete_snippet(snippet.id)

    return Op("Make Snippet", body)


def snippet_from_quote(source_id: int, quote: str, *, occurrence: int | None = None, note: str = "",
                       tags: Iterable[str] = ()) -> Op[SnippetRecord]:
    """Make a snippet by quoting the source's words exactly (the command line's way of choosing them)."""
    tags = tuple(tags)

    def body(store: Store) -> tuple[SnippetRecord, Op[Any]]:
        from drafter.core.snippets import snippet_from_quote as from_quote

        snippet = from_quote(store, source_id, quote, occurrence=occurrence, note=note, tags=tags)
        return snippet, delete_snippet(snippet.id)

    return Op("Make Snippet", body)


def update_snippet(snippet_id: int, *, note: str | None = None,
                   tags: Iterable[str] | None = None) -> Op[SnippetRecord]:
    tags = tuple(tags) if tags is not None else None

    def body(store: Store) -> tuple[SnippetRecord, Op[Any]]:
        from drafter.core.snippets import get_snippet
        from drafter.core.snippets import update_snippet as update

        before = get_snippet(store, snippet_id)
        after = update(store, snippet_id, note=note, tags=tags)
        return after, update_snippet(snippet_id, note=before.note, tags=before.tags)

    return Op("Edit Snippet", body)


def delete_snippet(snippet_id: int, *, even_if_used: bool = False) -> Op[SnippetRecord]:
    """Delete a snippet (with its quotations, when ``even_if_used``); undo brings back both."""

    def body(store: Store) -> tuple[SnippetRecord, Op[Any]]:
        from drafter.core.snippets import delete_snippet as delete

        quotations = _quotations_of(store, snippet_id)
        snapshot = delete(store, snippet_id, even_if_used=even_if_used)
        return snapshot, restore_snippet(snapshot, quotations)

    return Op("Delete Snippet", body)


def restore_snippet(snapshot: SnippetRecord, quotations: Sequence[BlockRecord] = ()) -> Op[SnippetRecord]:
    def body(store: Store) -> tuple[SnippetRecord, Op[Any]]:
        from drafter.core.responses import restore_block
        from drafter.core.snippets import restore_snippet as restore

        snippet = restore(store, snapshot)
        for block in sorted(quotations, key=lambda b: (b.question_id, b.position)):
            restore_block(store, block)
        return snippet, delete_snippet(snapshot.id, even_if_used=bool(quotations))

    return Op("Restore Snippet", body)


def _quotations_of(store: Store, snippet_id: int) -> list[BlockRecord]:
    from sqlmodel import select

    from drafter.core.models import AnswerBlock
    from drafter.core.responses.records import BlockRecord

    with store.reading() as session:
        rows = session.exec(select(AnswerBlock).where(AnswerBlock.snippet_id == snippet_id)).all()
        return [BlockRecord(r.id, r.question_id, r.position, r.kind, r.text, r.snippet_id) for r in rows]  # type: ignore[arg-type]


# --- quoting ------------------------------------------------------------------------------


def quote_selection(source_id: int, start: int, end: int, question_id: int, *, position: int | None = None,
                    expected_text: str | None = None) -> Op[BlockRecord]:
    """Make a snippet of the selection and quote it at the end of an answer: one step, one transaction."""

    def body(store: Store) -> tuple[BlockRecord, Op[Any]]:
        from drafter.core.responses import add_block
        from drafter.core.snippets import create_snippet as create

        snippet = create(store, source_id, start, end, expected_text=expected_text)
        block = add_block(store, question_id, kind="quotation", snippet_id=snippet.id, position=position)
        return block, _unquote_selection(block.id, snippet.id)

    return Op("Quote Selection", body)


def _unquote_selection(block_id: int, snippet_id: int) -> Op[None]:
    def body(store: Store) -> tuple[None, Op[Any]]:
        from drafter.core.responses import delete_block
        from drafter.core.snippets import delete_snippet as delete

        block = delete_block(store, block_id)
        snippet = delete(store, snippet_id)
        return None, _requote_selection(snippet, block)

    return Op("Quote Selection", body)


def _requote_selection(snippet: SnippetRecord, block: BlockRecord) -> Op[None]:
    def body(store: Store) -> tuple[None, Op[Any]]:
        from drafter.core.responses import restore_block
        from drafter.core.snippets import restore_snippet as restore

        restore(store, snippet)
        restore_block(store, block)
        return None, _unquote_selection(block.id, snippet.id)

    return Op("Quote Selection", body)

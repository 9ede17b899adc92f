"""Snippets: exact passages of a source, with a note and tags.

The rule that makes quotations trustworthy: ``source.text[start:end] == snippet.text``
holds for every snippet, always. It is checked when a snippet is made, and a
source's text can't be changed while snippets point into it
(``drafter.core.sources.update_source_text`` refuses).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import select

from drafter.core.errors import DrafterError, NotFoundError, RefusedError
from drafter.core.models import AnswerBlock, Snippet, SnippetTag, Source, SourcePage, utc_now
from drafter.core.records import SnippetRecord, normalise_tags
from drafter.core.store import Store

#: Longest passage one snippet may hold (a few pages); longer is almost certainly a mis-selection.
MAX_SNIPPET_CHARS = 20_000


class QuoteNotFoundError(DrafterError):
    """The quoted words are not in the source."""


class AmbiguousQuoteError(DrafterError):
    """The quoted words occur more than once; the user must say which."""

    def __init__(self, message: str, places: list[Occurrence]) -> None:
        super().__init__(message)
        self.places = places


@dataclass(frozen=True)
class Occurrence:
    number: int  # 1-based, in reading order
    start: int
    end: int
    context: str  # a few words either side, for choosing


def find_occurrences(text: str, quote: str) -> list[Occurrence]:
    """Every place ``quote`` occurs exactly in ``text`` (overlapping ones included)."""
    places: list[Occurrence] = []
    start = text.find(quote) if quote else -1
    while start != -1:
        end = start + len(quote)
        before = text[max(0, start - 30) : start].replace("\n", " ")
        after = text[end : end + 30].replace("\n", " ")
        places.append(Occurrence(len(places) + 1, start, end, f"…{before}[{quote}]{after}…"))
        start = text.find(quote, start + 1)
    return places


def create_snippet(
    store: Store,
    source_id: int,
    start: int,
    end: int,
    *,
    note: str = "",
    tags: Iterable[str] = (),
    expected_text: str | None = None,
) -> SnippetRecord:
    """Make a snippet of ``source.text[start:end]`` in one transaction.

    ``expected_text`` (what the user saw selected) guards against offsets that no
    longer point at those characters.
    """
    with store.transaction() as session:
        source = session.get(Source, source_id)
        if source is None:
            raise NotFoundError(f"There is no source with id {source_id} in the library.")
        if not (0 <= start < end <= len(source.text)):
            raise RefusedError("The selection is empty or outside the source's text.")
        if end - start > MAX_SNIPPET_CHARS:
            raise RefusedError(
                f"The selection is {end - start:,} characters long; a snippet can hold at most "
                f"{MAX_SNIPPET_CHARS:,}. Select a shorter passage."
            )
        text = source.text[start:end]
        if not text.strip():
            raise RefusedError("The selection holds only spaces or line breaks.")
        if expected_text is not None and expected_text != text:
            raise RefusedError("The selection no longer matches the source's text; select it again.")
        page = session.exec(
            select(SourcePage.label).where(
                SourcePage.source_id == source_id, SourcePage.start <= start, SourcePage.end > start
            )
        ).first()
        row = Snippet(source_id=source_id, start=start, end=end, text=text, page_label=page, note=note)
        session.add(row)
        session.flush()
        assert row.id is not None
        for tag in normalise_tags(tags):
            session.add(SnippetTag(snippet_id=row.id, tag=tag))
        snippet_id = row.id
    return get_snippet(store, snippet_id)


def restore_snippet(store: Store, record: SnippetRecord) -> SnippetRecord:
    """Put back a deleted snippet with its original id (used by undo)."""
    with store.transaction() as session:
        source = session.get(Source, record.source_id)
        if source is None or source.text[record.start : record.end] != record.text:
            raise RefusedError("The snippet cannot be restored: its source has changed or is gone.")
        session.add(
            Snippet(
                id=record.id, source_id=record.source_id, start=record.start, end=record.end,
                text=record.text, page_label=record.page_label, note=record.note,
                created_at=record.created_at,
            )
        )
        session.flush()
        for tag in record.tags:
            session.add(SnippetTag(snippet_id=record.id, tag=tag))
    return get_snippet(store, record.id)


def snippet_from_quote(
    store: Store, source_id: int, quote: str, *, occurrence: int | None = None, note: str = "",
    tags: Iterable[str] = (),
) -> SnippetRecord:
    """Make a snippet by quoting the source's words exactly (the command line's way)."""
    from drafter.core.library import get_source

    if not quote.strip():
        raise RefusedError("The quotation is empty.")
    source = get_source(store, source_id)
    places = find_occurrences(source.text, quote)
    if not places:
        raise QuoteNotFoundError(
            f"These words are not in source {source_id} ('{source.display_title}'). "
            "A quotation must match the source exactly, including punctuation and curly quotes."
        )
    if occurrence is None:
        if len(places) > 1:
            listing = "\n".join(f"  {p.number}: {p.context}" for p in places)
            raise AmbiguousQuoteError(
                f"These words occur {len(places)} times in source {source_id}; "
                f"choose one with --occurrence N:\n{listing}",
                places,
            )
        chosen = places[0]
    else:
        if not 1 <= occurrence <= len(places):
            raise RefusedError(
                f"There {'is' if len(places) == 1 else 'are'} only {len(places)} "
                f"occurrence{'s' if len(places) != 1 else ''}; --occurrence must be 1 to {len(places)}."
            )
        chosen = places[occurrence - 1]
    return create_snippet(store, source_id, chosen.start, chosen.end, note=note, tags=tags, expected_text=quote)


def list_snippets(store: Store, *, source_id: int | None = None) -> list[SnippetRecord]:
    """Every snippet (of one source, if given) in reading order. Lists page through ``listing``."""
    from drafter.core import listing

    if source_id is not None:
        return listing.snippets_of_source(store, source_id)
    return listing.snippet_records(store, listing.snippet_ids(store))


def get_snippet(store: Store, snippet_id: int) -> SnippetRecord:
    from drafter.core import listing

    found = listing.snippet_records(store, [snippet_id])
    if not found:
        raise NotFoundError(f"There is no snippet with id {snippet_id}.")
    return found[0]


def update_snippet(
    store: Store, snippet_id: int, *, note: str | None = None, tags: Iterable[str] | None = None
) -> SnippetRecord:
    """Change a snippet's note and/or tags; its text and place never change."""
    with store.transaction() as session:
        row = session.get(Snippet, snippet_id)
        if row is None:
            raise NotFoundError(f"There is no snippet with id {snippet_id}.")
        if note is not None:
            row.note = note
        if tags is not None:
            for old in session.exec(select(SnippetTag).where(SnippetTag.snippet_id == snippet_id)).all():
                session.delete(old)
            session.flush()
            for tag in normalise_tags(tags):
                session.add(SnippetTag(snippet_id=snippet_id, tag=tag))
        row.updated_at = utc_now()
        session.add(row)
    return get_snippet(store, snippet_id)


def delete_snippet(store: Store, snippet_id: int, *, even_if_used: bool = False) -> SnippetRecord:
    """Delete a snippet; refused while a response quotes it unless ``even_if_used``.

    With ``even_if_used`` the quotations of it are removed from their answers too.
    Returns the deleted snippet so the caller can offer undo.
    """
    record = get_snippet(store, snippet_id)
    with store.transaction() as session:
        blocks = session.exec(select(AnswerBlock).where(AnswerBlock.snippet_id == snippet_id)).all()
        if blocks and not even_if_used:
            raise RefusedError(
                f"This snippet is quoted {len(blocks)} time{'s' if len(blocks) != 1 else ''} in your "
                "responses. Deleting it removes those quotations too."
            )
        for block in blocks:
            session.delete(block)
        if blocks:
            from drafter.core.responses.operations import close_gaps

            session.flush()
            close_gaps(session, [block.question_id for block in blocks])  # an answer's places stay 0, 1, 2 …
        for tag in session.exec(select(SnippetTag).where(SnippetTag.snippet_id == snippet_id)).all():
            session.delete(tag)
        row = session.get(Snippet, snippet_id)
        session.delete(row)
    return record


def all_tags(store: Store) -> list[str]:
    from drafter.core import listing

    return listing.all_tags(store)

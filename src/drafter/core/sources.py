"""Adding sources to the library and editing their citation facts.

An import is two steps: an importer reads the file (``drafter.core.importers``)
and guesses facts; the user checks them; then ``add_source`` stores text and
facts in one transaction. The same text imported twice is recognised by its
content hash and refused unless the user says to keep both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlmodel import col, func, select

from drafter.core.dates import PartialDate
from drafter.core.errors import DrafterError, NotFoundError, RefusedError
from drafter.core.importers.document import GuessedFacts, ImportedDocument
from drafter.core.library import get_source
from drafter.core.models import Snippet, Source, SourcePage, utc_now
from drafter.core.names import Name, clean_name, from_json, to_json
from drafter.core.records import SourceRecord, SourceSummary
from drafter.core.seed import content_hash
from drafter.core.source_types import BY_NAME, TYPE_NAMES, FieldProblem, clean_variables, outlet_variable
from drafter.core.store import Store
from drafter.core.wording import counted

#: CSL item types offered for sources (drafter.core.source_types); the first is the default for news.
SOURCE_TYPES = TYPE_NAMES


def _names(value: object) -> tuple[Name, ...] | None:
    """Names from a record (already Names) or a response file's model (CSL-JSON objects)."""
    if value is None:
        return None
    items = tuple(value) if isinstance(value, (list, tuple)) else (value,)
    if all(isinstance(item, Name) for item in items):
        return items
    return from_json([item.model_dump(exclude_none=True) if hasattr(item, "model_dump") else item for item in items])


class InvalidFactError(DrafterError):
    """A citation fact the user typed can't be stored as it is."""


class DuplicateSourceError(RefusedError):
    """The same text is already in the library."""

    def __init__(self, message: str, existing: list[SourceSummary]) -> None:
        super().__init__(message, hint="Import it again only if you really want two copies.")
        self.existing = existing


@dataclass(frozen=True)
class SourceFacts:
    """The citation facts a user can edit. None means unknown."""

    type: str = "article-newspaper"
    title: str | None = None
    publisher: str | None = None
    authors: tuple[Name, ...] | None = None  # None: unknown; (): known to have no named author
    date: str | None = None  # ISO 8601, possibly partial
    url: str | None = None
    accessed: str | None = None  # ISO 8601 full date
    standfirst: str | None = None
    # The type's other CSL variables by their CSL-JSON names; which ones a type holds is
    # drafter.core.source_types's table. Text, or a list of CSL-JSON names (editors).
    variables: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, source: Any) -> SourceFacts:
        """The facts of anything that carries them (a SourceRecord, a bundle's source)."""
        return cls(
            type=source.type,
            title=source.title,
            publisher=source.publisher,
            authors=_names(source.authors),
            date=source.date,
            url=source.url,
            accessed=source.accessed,
            standfirst=source.standfirst,
            # A response file's source gives its variables as CSL-JSON through csl_variables().
            variables=(source.csl_variables() if hasattr(source, "csl_variables")
                       else dict(getattr(source, "variables", None) or {})),
        )

    def cleaned(self) -> SourceFacts:
        """Trimmed, with blanks turned into unknowns; raises InvalidFactError for bad values."""

        def blank(value: str | None) -> str | None:
            value = " ".join(value.split()) if value else None
            return value or None

        authors = None
        if self.authors is not None:
            authors = tuple(a for a in (clean_name(x) for x in self.authors) if a)
        facts = replace(
            self,
            title=blank(self.title),
            publisher=blank(self.publisher),
            authors=authors,
            date=blank(self.date),
            url=(self.url or "").strip() or None,
            accessed=blank(self.accessed),
            standfirst=blank(self.standfirst),
        )
        try:
            facts = replace(facts, variables=clean_variables(facts.type, facts.variables))
        except FieldProblem as exc:
            raise InvalidFactError(str(exc)) from None
        if facts.publisher is not None and outlet_variable(facts.type) is None:
            raise InvalidFactError(f"A source of the type '{BY_NAME[facts.type].label}' has no publisher or outlet: "
                                   "leave it empty.")
        if facts.date is not None:
            try:
                PartialDate.parse_iso(facts.date)
            except ValueError:
                raise InvalidFactError(
                    f"The date '{facts.date}' is not a date Drafter can read. "
                    "Write it as 2025-08-01, or 2025-08 or 2025 when only part is known."
                ) from None
        if facts.accessed is not None:
            try:
                accessed = PartialDate.parse_iso(facts.accessed)
            except ValueError:
                accessed = None
            if accessed is None or accessed.day is None:
                raise InvalidFactError(
                    f"The accessed date '{facts.accessed}' must be a full date such as 2026-01-15."
                )
        return facts


def facts_from_guess(guess: GuessedFacts, default_type: str = "article-newspaper") -> SourceFacts:
    """Turn an importer's guesses into editable facts; nothing guessed stays unknown."""
    return SourceFacts(
        type=guess.source_type if guess.source_type in SOURCE_TYPES else default_type,
        title=guess.title,
        publisher=guess.publisher,
        authors=tuple(guess.authors) if guess.authors else None,
        date=guess.date,
        url=guess.url,
        standfirst=guess.standfirst,
        # What the document states of the guessed type's other facts (a DOI, a volume …).
        variables=dict(guess.variables) if guess.source_type in SOURCE_TYPES else {},
    )


def find_duplicates(store: Store, text: str) -> list[SourceSummary]:
    digest = content_hash(text)
    # sqlmodel's select() is typed for at most four columns; at run time it takes any number.
    query = select(  # type: ignore[call-overload, misc]
        Source.id, Source.title, Source.publisher, Source.date, Source.authors
    ).where(Source.content_hash == digest)
    with store.reading() as session:
        rows = session.exec(query).all()
    return [SourceSummary(i, t, p, d, from_json(a)) for i, t, p, d, a in rows]


def leading_new_texts(store: Store, texts: Sequence[str]) -> int:
    """How many of ``texts``, from the first, are neither in the library nor repeated among them.

    One query for all of them (through the plain reading connection): an import asks
    this of every batch of files before storing it without questions.
    """
    digests = [content_hash(text) for text in texts]
    stored = stored_hashes(store, digests)
    seen: set[str] = set()
    for count, digest in enumerate(digests):
        if digest in stored or digest in seen:
            return count
        seen.add(digest)
    return len(digests)


def stored_hashes(store: Store, digests: Sequence[str]) -> set[str]:
    """Which of ``digests`` (``content_hash`` values) some source's text in the library has.

    Through the ORM's pooled connections, not ``store.reader()``: an import asks this from
    a worker thread, where a plain connection of its own kept ~25 MB after the import.
    """
    wanted = sorted(set(digests))
    found: set[str] = set()
    with store.reading() as session:
        for start in range(0, len(wanted), 500):  # under any SQLite's limit on bound parameters
            query = select(Source.content_hash).where(col(Source.content_hash).in_(wanted[start:start + 500]))
            found.update(session.exec(query).all())
    return found


def add_source(
    store: Store,
    text: str,
    facts: SourceFacts,
    *,
    format: str = "text",
    original_filename: str | None = None,
    pages: Sequence[tuple[int, int, str]] = (),
    fact_basis: dict[str, str] | None = None,
    allow_duplicate: bool = False,
) -> SourceRecord:
    """Store a new source in one transaction; refuse an exact duplicate unless allowed."""
    new = _NewSource(text, facts, format, original_filename, tuple(pages), dict(fact_basis or {}))
    [record] = _add_sources(store, [new], allow_duplicate=allow_duplicate)
    return record


def add_imported(
    store: Store,
    document: ImportedDocument,
    facts: SourceFacts | None = None,
    *,
    allow_duplicate: bool = False,
    fact_basis: dict[str, str] | None = None,
) -> SourceRecord:
    """Store what an importer read, with the facts the user confirmed (or the guesses).

    ``fact_basis`` says where the facts came from when it was not the document.
    """
    [record] = add_imported_many(store, [(document, facts)], allow_duplicate=allow_duplicate, fact_basis=fact_basis)
    return record


def add_imported_many(
    store: Store,
    documents: Sequence[tuple[ImportedDocument, SourceFacts | None]],
    *,
    allow_duplicate: bool = False,
    fact_basis: dict[str, str] | None = None,
) -> list[SourceRecord]:
    """Store several imported documents in one transaction, in order.

    The same as ``add_imported`` for each in turn (the same checks, in the same
    order, the same error for the first that is refused, and then nothing is
    stored), but the library is asked once for all their texts and each row is
    written without the ORM's per-object work: a batch of an import's files costs
    about half as much.
    """
    new = [
        _NewSource(
            document.text,
            facts if facts is not None else facts_from_guess(document.facts),
            document.format,
            document.original_filename,
            tuple((p.start, p.end, p.label) for p in document.pages),
            dict(fact_basis) if fact_basis is not None else {
                k: f"guessed from {v}" for k, v in document.facts.basis.items()},
        )
        for document, facts in documents
    ]
    return _add_sources(store, new, allow_duplicate=allow_duplicate)


@dataclass(frozen=True)
class _NewSource:
    text: str
    facts: SourceFacts
    format: str
    original_filename: str | None
    pages: tuple[tuple[int, int, str], ...]
    fact_basis: dict[str, str]


def _add_sources(store: Store, sources: Sequence[_NewSource], *, allow_duplicate: bool) -> list[SourceRecord]:
    """Each source checked and stored in turn, all in one transaction (see ``add_imported_many``)."""
    from sqlalchemy import insert

    source_table = Source.__table__  # type: ignore[attr-defined]
    page_table = SourcePage.__table__  # type: ignore[attr-defined]
    ids: list[int] = []
    with store.transaction() as session:
        digests = [content_hash(new.text) for new in sources]
        stored = set() if allow_duplicate else stored_hashes(store, digests)
        for new, digest in zip(sources, digests, strict=True):
            if not new.text.strip():
                raise RefusedError("There is no text to store: the source is empty.")
            facts = new.facts.cleaned()
            if digest in stored:  # in the library, or an earlier one of these (stored by now)
                existing = find_duplicates(store, new.text)
                names = ", ".join(f"'{s.display_title}' (id {s.id})" for s in existing)
                raise DuplicateSourceError(f"This text is already in the library as {names}.", existing)
            for start, end, _label in new.pages:
                if not 0 <= start <= end <= len(new.text):
                    raise RefusedError("The document's page positions don't fit its text, so it was not stored.")
            now = utc_now()
            # One statement, its values bound separately: compiled once, not once a row.
            result = session.execute(insert(source_table), {
                "type": facts.type, "title": facts.title, "publisher": facts.publisher,
                "authors": to_json(facts.authors), "date": facts.date, "url": facts.url,
                "accessed": facts.accessed, "standfirst": facts.standfirst,
                "variables": dict(facts.variables) or None, "original_filename": new.original_filename,
                "format": new.format, "content_hash": digest, "text": new.text, "fact_basis": new.fact_basis,
                "stored_article": None, "created_at": now, "updated_at": now,
            })
            new_id = int(result.inserted_primary_key[0])  # type: ignore[attr-defined]  # a CursorResult
            if new.pages:
                session.execute(insert(page_table), [
                    {"source_id": new_id, "start": start, "end": end, "label": label}
                    for start, end, label in new.pages
                ])
            ids.append(new_id)
            if not allow_duplicate:
                stored.add(digest)
    return [get_source(store, new_id) for new_id in ids]


def update_source_facts(
    store: Store, source_id: int, facts: SourceFacts, *, fact_basis: dict[str, str] | None = None
) -> SourceRecord:
    """Replace a source's citation facts; the facts the user typed are no longer guesses.

    ``fact_basis`` (what each fact was taken from) is given only by undo, which puts back
    the basis the facts had before the user edited them.
    """
    facts = facts.cleaned()
    with store.transaction() as session:
        row = session.get(Source, source_id)
        if row is None:
            raise NotFoundError(f"There is no source with id {source_id} in the library.")
        row.type, row.title, row.publisher = facts.type, facts.title, facts.publisher
        row.authors = to_json(facts.authors)
        row.date, row.url, row.accessed, row.standfirst = facts.date, facts.url, facts.accessed, facts.standfirst
        row.variables = dict(facts.variables) or None
        row.fact_basis = dict(fact_basis) if fact_basis is not None else {"all": "entered or confirmed by the user"}
        row.updated_at = utc_now()
        session.add(row)
    return get_source(store, source_id)


#: The fact basis key of a source the user has confirmed to cite with no author, title or publisher.
BARE_CITATION = "bare_citation"


def confirmed_accessed(source: SourceRecord, on: date, today: date) -> tuple[SourceFacts, dict[str, str]]:
    """The facts and basis of an online source the user says they checked on ``on`` (told ``today``).

    The accessed date is what the user confirms, never a date Drafter picks.
    """
    name = f"“{source.title}”" if source.title else f"Source {source.id}"
    if not source.url:
        raise RefusedError(f"{name} has no web address, so there is no page to have checked.")
    if on > today:
        raise RefusedError(f"{on.isoformat()} is still to come: say the day you did check the page.")
    basis = {**source.fact_basis,
             "accessed": f"confirmed by the user on {today.isoformat()}: they checked the page on {on.isoformat()}"}
    return replace(SourceFacts.of(source), accessed=on.isoformat()), basis


def confirmed_bare(source: SourceRecord, today: date) -> tuple[SourceFacts, dict[str, str]]:
    """The facts and basis of a source the user has confirmed to cite with no author, title or publisher."""
    basis = {**source.fact_basis,
             BARE_CITATION: f"cited with no author, title or publisher: confirmed by the user on {today.isoformat()}"}
    return SourceFacts.of(source), basis


def update_source_text(store: Store, source_id: int, text: str) -> SourceRecord:
    """Replace a source's text — refused while any snippet points into it.

    Refusing (rather than re-anchoring) is deliberate: a snippet is evidence of
    what the source said, and silently moving it to similar words elsewhere
    would make a quotation say something the source did not.
    """
    if not text.strip():
        raise RefusedError("A source's text can't be empty.")
    with store.transaction() as session:
        row = session.get(Source, source_id)
        if row is None:
            raise NotFoundError(f"There is no source with id {source_id} in the library.")
        used = session.exec(select(func.count()).select_from(Snippet).where(Snippet.source_id == source_id)).one()
        if used:
            raise RefusedError(
                f"The text of '{row.title or 'this source'}' can't be changed: {counted(used, 'snippet')} "
                f"{'quotes' if used == 1 else 'quote'} it, "
                "and their quotations must keep matching it exactly. Delete those snippets first."
            )
        for page in session.exec(select(SourcePage).where(col(SourcePage.source_id) == source_id)).all():
            session.delete(page)
        row.text = text
        row.content_hash = content_hash(text)
        row.updated_at = utc_now()
        session.add(row)
    return get_source(store, source_id)


def restore_source(store: Store, record: SourceRecord) -> SourceRecord:
    """Put a deleted source back exactly, under its own id, with its pages (for undo)."""
    with store.transaction() as session:
        if session.get(Source, record.id) is not None:
            raise RefusedError("This can't be undone: the source is back already, or a newer one has its place.")
        session.add(Source(
            id=record.id, type=record.type, title=record.title, publisher=record.publisher,
            authors=to_json(record.authors), date=record.date,
            url=record.url, accessed=record.accessed, standfirst=record.standfirst,
            variables=dict(record.variables) or None,
            original_filename=record.original_filename, format=record.format, content_hash=record.content_hash,
            text=record.text, fact_basis=dict(record.fact_basis), stored_article=record.stored_article,
            created_at=record.created_at, updated_at=record.updated_at,
        ))
        session.flush()
        for page in record.pages:
            session.add(SourcePage(source_id=record.id, start=page.start, end=page.end, label=page.label))
    return get_source(store, record.id)

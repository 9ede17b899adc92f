"""Operations on the library of sources.

Widgets and the command line read and change sources only through these
functions; each runs in one transaction and hands back plain frozen records,
never live database rows.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from drafter.core.errors import NotFoundError, RefusedError
from drafter.core.models import Snippet, Source
from drafter.core.names import Name, from_json
from drafter.core.records import PageSpan, SourceRecord, SourceSummary
from drafter.core.store import Store
from drafter.core.wording import counted


def _authors(value: object) -> tuple[Name, ...] | None:
    return from_json(value)


def _record(row: Source, pages: tuple[PageSpan, ...] = ()) -> SourceRecord:
    assert row.id is not None
    return SourceRecord(
        id=row.id,
        type=row.type,
        title=row.title,
        publisher=row.publisher,
        authors=_authors(row.authors),
        date=row.date,
        url=row.url,
        accessed=row.accessed,
        standfirst=row.standfirst,
        original_filename=row.original_filename,
        format=row.format,
        content_hash=row.content_hash,
        text=row.text,
        fact_basis=dict(row.fact_basis or {}),
        stored_article=row.stored_article,
        created_at=row.created_at,
        updated_at=row.updated_at,
        pages=pages,
        variables=dict(row.variables or {}),
    )


def list_sources(store: Store) -> list[SourceSummary]:
    """Every source, newest first by date (unknown dates last), without full text."""
    # sqlmodel's select() is typed for at most four columns; at run time it takes any number.
    query = select(  # type: ignore[call-overload, misc]
        Source.id, Source.title, Source.publisher, Source.date, Source.authors
    ).order_by(
        col(Source.date).is_(None), col(Source.date).desc(), col(Source.id)
    )
    with store.reading() as session:
        return [
            SourceSummary(id=i, title=t, publisher=p, date=d, authors=_authors(a))
            for i, t, p, d, a in session.exec(query).all()
        ]


def count_sources(store: Store) -> int:
    with store.reading() as session:
        return int(session.exec(select(func.count()).select_from(Source)).one())


def get_source(store: Store, source_id: int) -> SourceRecord:
    """One source with its facts and full text (read without the ORM: see ``listing``)."""
    from drafter.core.listing import source_record

    return source_record(store, source_id)


def delete_source(store: Store, source_id: int) -> None:
    """Remove a source; refused while snippets quote it (they would lose their text)."""
    with store.transaction() as session:
        row = session.get(Source, source_id)
        if row is None:
            raise NotFoundError(f"There is no source with id {source_id} in the library.")
        used = session.exec(
            select(func.count()).select_from(Snippet).where(Snippet.source_id == source_id)
        ).one()
        if used:
            raise RefusedError(
                f"'{row.title or 'This source'}' is quoted by {counted(used, 'snippet')}, "
                "so it cannot be deleted. Delete those snippets first."
            )
        session.delete(row)


def list_source_facts(store: Store) -> list[SourceRecord]:
    """Every source with all its citation facts but an empty text (for listings and JSON)."""
    import sqlalchemy  # noqa: F401  (the package first: see Store.warm_up)
    from sqlalchemy.orm import defer

    query = (
        select(Source)
        .options(defer(Source.text))  # type: ignore[arg-type]
        .order_by(col(Source.date).is_(None), col(Source.date).desc(), col(Source.id))
    )
    with store.reading() as session:
        rows = session.exec(query).all()
        out = []
        for row in rows:
            row.__dict__["text"] = ""  # never load the body just to list facts
            out.append(_record(row))
        return out

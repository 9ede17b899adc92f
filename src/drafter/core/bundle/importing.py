"""Put a checked response file into the library: one transaction, after a backup copy.

Sources are matched by their text (content hash, then the text itself), so a
colleague's file that quotes the stored articles, or a source already
imported, reuses what is there instead of adding a second copy. The library's
own facts, note and tags win over the file's for anything reused: they may
have been corrected here since. A snippet is reused when the same source has
one at the same place (same start, end and so the same words).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import sqlalchemy  # noqa: F401  (the package first: see Store.warm_up)
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from drafter.core.bundle.read import NOTHING_CHANGED, BundleError, CheckedBundle, read_bundle
from drafter.core.bundle.schema import BundleModel, SnippetModel, SourceModel
from drafter.core.models import (
    AnswerBlock,
    Question,
    Response,
    Snippet,
    SnippetTag,
    Source,
    SourcePage,
)
from drafter.core.paths import backups_dir
from drafter.core.records import normalise_tags
from drafter.core.responses.records import ResponseDetails
from drafter.core.store import Store
from drafter.core.store.backups import KIND_IMPORT, make_backup

BACKUP_PREFIX = "before-bundle-import-"


@dataclass(frozen=True)
class BundleImportResult:
    """What an import added and what it found already in the library (database ids)."""

    response_id: int
    consultation_title: str
    questions: int
    blocks: int
    sources_added: tuple[int, ...]
    sources_reused: tuple[int, ...]
    snippets_added: tuple[int, ...]
    snippets_reused: tuple[int, ...]
    #: The copy of the database made first; None on a server's shared library (backed up by the server's tools).
    backup: Path | None

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["backup"] = str(self.backup) if self.backup is not None else None
        for name in ("sources_added", "sources_reused", "snippets_added", "snippets_reused"):
            data[name] = list(data[name])
        return data


def import_bundle(store: Store, path: str | os.PathLike[str]) -> BundleImportResult:
    """Import the response file at ``path`` as a new response; refuse it whole if anything is wrong."""
    checked = read_bundle(Path(path))  # every check runs before anything is written
    backup = backup_database(store) if not store.is_server else None
    try:
        return _store(store, checked, backup)
    except OperationalError as exc:  # locked by another program, disk full: rolled back
        raise BundleError(
            f"Drafter could not write the imported response to its database: {exc.orig or exc}.",
            hint=NOTHING_CHANGED,
        ) from None


def backup_database(store: Store) -> Path:
    """Copy the database into backups/ before the import, so it can be undone (``drafter backup restore``)."""
    folder = backups_dir(store.data_dir)
    try:
        target = make_backup(store.data_dir, KIND_IMPORT).path  # named BACKUP_PREFIX + UTC time
    except (OSError, sqlite3.Error) as exc:
        reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
        raise BundleError(
            f"Drafter could not make a backup copy of its database in “{folder}” before importing: "
            f"{reason.rstrip('.').lower()}.",
            hint="Check that the backups folder can be written to and the disk is not full. " + NOTHING_CHANGED,
        ) from None
    return target


def _store(store: Store, checked: CheckedBundle, backup: Path | None) -> BundleImportResult:
    bundle = checked.model
    with store.transaction() as session:
        sources, sources_added = _put_sources(session, bundle.sources)
        snippets, snippets_added = _put_snippets(session, bundle.snippets, sources)
        response_id = _put_response(session, checked.details, bundle, snippets)
    return BundleImportResult(
        response_id=response_id,
        consultation_title=checked.details.consultation_title,
        questions=len(bundle.response.questions),
        blocks=sum(len(q.blocks) for q in bundle.response.questions),
        sources_added=tuple(sorted(sources_added)),
        sources_reused=tuple(sorted(set(sources.values()) - sources_added)),
        snippets_added=tuple(sorted(snippets_added)),
        snippets_reused=tuple(sorted(set(snippets.values()) - snippets_added)),
        backup=backup,
    )


def _put_sources(session: Session, items: list[SourceModel]) -> tuple[dict[str, int], set[int]]:
    """Map each source ref to a library source, adding those not there yet."""
    ids: dict[str, int] = {}
    added: set[int] = set()
    for item in items:
        existing = session.exec(
            select(Source.id, Source.text).where(Source.content_hash == item.content_hash).order_by(col(Source.id))
        ).all()
        # The hash is only an index: the text itself decides, so a stale hash can't merge two texts.
        same = next((sid for sid, text in existing if text == item.text), None)
        if same is None:
            same = _add_source(session, item)
            added.add(same)
        ids[item.ref] = same
    return ids, added


def _add_source(session: Session, item: SourceModel) -> int:
    # Facts are stored exactly as the file holds them (they passed SourceFacts.cleaned's checks):
    # cleaning them again would change the stored articles' standfirsts and break the round trip.
    row = Source(
        type=item.type, title=item.title, publisher=item.publisher,
        authors=None if item.authors is None else [a.model_dump(exclude_none=True) for a in item.authors],
        variables=item.csl_variables() or None,
        date=item.date,
        url=item.url, accessed=item.accessed, standfirst=item.standfirst, format=item.format,
        original_filename=item.original_filename, content_hash=item.content_hash, text=item.text,
        fact_basis=dict(item.fact_basis) if item.fact_basis is not None else None,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    for page in item.pages:
        session.add(SourcePage(source_id=row.id, start=page.start, end=page.end, label=page.label))
    return row.id


def _put_snippets(
    session: Session, items: list[SnippetModel], sources: dict[str, int]
) -> tuple[dict[str, int], set[int]]:
    ids: dict[str, int] = {}
    added: set[int] = set()
    for item in items:
        source_id = sources[item.source]
        same = session.exec(
            select(Snippet.id)
            .where(Snippet.source_id == source_id, Snippet.start == item.start, Snippet.end == item.end,
                   Snippet.text == item.text)
            .order_by(col(Snippet.id))
        ).first()
        if same is None:
            row = Snippet(source_id=source_id, start=item.start, end=item.end, text=item.text,
                          page_label=item.page_label, note=item.note)
            session.add(row)
            session.flush()
            assert row.id is not None
            for tag in normalise_tags(item.tags):
                session.add(SnippetTag(snippet_id=row.id, tag=tag))
            same = row.id
            added.add(same)
        ids[item.ref] = same
    return ids, added


def _put_response(
    session: Session, details: ResponseDetails, bundle: BundleModel, snippets: dict[str, int]
) -> int:
    row = Response(**{f.name: getattr(details, f.name) for f in fields(ResponseDetails)})
    session.add(row)
    session.flush()
    assert row.id is not None
    for position, q in enumerate(bundle.response.questions):
        question = Question(
            response_id=row.id, position=position, label=q.label, text=q.text, section=q.section,
            options=list(q.options), prompt=q.prompt, chosen_option=q.chosen_option,
            word_limit=q.word_limit, char_limit=q.char_limit, confidential=q.confidential,
        )
        session.add(question)
        session.flush()
        assert question.id is not None
        for place, b in enumerate(q.blocks):
            session.add(AnswerBlock(
                question_id=question.id, position=place, kind=b.kind, text=b.text,
                snippet_id=snippets[b.snippet] if b.snippet is not None else None,
                recommendation=b.recommendation,
                shortened=b.shortened, pinpoint=b.pinpoint,
            ))
    return row.id

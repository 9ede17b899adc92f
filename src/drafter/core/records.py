"""Plain records the core hands to the window and the command line.

Frozen dataclasses, never live database rows. This module imports nothing heavy
(no SQLAlchemy), so the window can import it before the database is opened.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from drafter.core.dates import display_iso
from drafter.core.names import Name, to_json
from drafter.core.wording import UNTITLED


@dataclass(frozen=True)
class SourceSummary:
    """What a library list shows: no full text, so listing stays cheap."""

    id: int
    title: str | None
    publisher: str | None
    date: str | None
    authors: tuple[Name, ...] | None

    @property
    def display_title(self) -> str:
        return self.title or UNTITLED

    @property
    def display_date(self) -> str:
        return display_iso(self.date, unknown="Unknown")


@dataclass(frozen=True)
class PageSpan:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class SourceRecord:
    """A source with all its citation facts and its full text."""

    id: int
    type: str
    title: str | None
    publisher: str | None
    authors: tuple[Name, ...] | None  # None: unknown
    date: str | None
    url: str | None
    accessed: str | None
    standfirst: str | None
    original_filename: str | None
    format: str
    content_hash: str
    text: str
    fact_basis: dict[str, str]
    stored_article: str | None
    created_at: str
    updated_at: str
    pages: tuple[PageSpan, ...] = ()
    # The type's other CSL variables ({"volume": "84", "editor": [name objects]}; source_types).
    variables: Mapping[str, Any] = field(default_factory=dict)

    @property
    def display_title(self) -> str:
        return self.title or UNTITLED

    def facts(self) -> dict[str, object]:
        """Every citation fact, unknown ones as None (for JSON output)."""
        return {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "publisher": self.publisher,
            # CSL-JSON names: {"family", "given"} for a person, {"literal"} for an organisation.
            "authors": to_json(self.authors),
            "date": self.date,
            "url": self.url,
            "accessed": self.accessed,
            "standfirst": self.standfirst,
            # The type's other facts, by their CSL-JSON names (drafter.core.source_types).
            "variables": dict(self.variables),
            "original_filename": self.original_filename,
            "format": self.format,
            "content_hash": self.content_hash,
            "stored_article": self.stored_article,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True)
class SnippetRecord:
    id: int
    source_id: int
    source_title: str | None
    start: int
    end: int
    text: str
    page_label: str | None
    note: str
    tags: tuple[str, ...]
    used_in: int  # how many answer blocks quote it
    created_at: str

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "source_id": self.source_id,
            "source_title": self.source_title,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "page": self.page_label,
            "note": self.note,
            "tags": list(self.tags),
            "used_in": self.used_in,
            "created_at": self.created_at,
        }


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trim, drop empties and duplicates (case-insensitively), keep the user's order and spelling."""
    seen: set[str] = set()
    out = []
    for tag in tags:
        clean = " ".join(tag.split())
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            out.append(clean)
    return tuple(out)

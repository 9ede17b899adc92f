"""The values the citation engine takes and gives back.

Everything here is a frozen dataclass: a rendered citation is a fact about a
document at one moment, and the export code must not be able to change it by
accident after the one pandoc run that produced it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.core.errors import DrafterError
from drafter.core.names import Name


class CitationError(DrafterError):
    """A citation could not be rendered; the message is written for the user."""


@dataclass(frozen=True)
class CitationSource:
    """The checked citation facts of one source; ``None`` means unknown, never a guess.

    ``authors`` holds each name as a ``Person`` (family and given names) or an
    ``Organisation`` (one literal name, never split or turned into initials).
    ``publisher`` is the outlet: the CSL variable the type's entry in
    ``drafter.core.source_types`` names (``container-title`` for the newspaper,
    journal, website or law report series; ``publisher`` for the body that published it).
    ``date`` and ``accessed`` are ISO 8601, possibly partial: YYYY, YYYY-MM, YYYY-MM-DD.
    ``variables`` are the type's other CSL variables, by their CSL-JSON names, as stored.
    """

    id: str
    type: str
    title: str | None
    publisher: str | None
    authors: tuple[Name, ...]
    date: str | None
    url: str | None
    accessed: str | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Cite:
    """One citation of a source at one place in the document, with an optional pinpoint.

    ``locator`` is written as a person writes it: 'p 3', 'pp 3-4', 'para 12',
    '[12]' (a paragraph), 's 2', or a bare number (a page).
    """

    source_id: str
    locator: str | None = None


@dataclass(frozen=True)
class Run:
    """A stretch of text with one set of character formats, as Word wants it."""

    text: str
    italic: bool = False
    bold: bool = False
    small_caps: bool = False
    superscript: bool = False


@dataclass(frozen=True)
class StyleInfo:
    """One CSL style of the catalogue.

    ``path`` is the file the processor runs: for a dependent style (a journal's
    alias of a house style) that is its independent parent's file, named by
    ``parent``. ``locale`` is the language the style asks for, if it names one.
    """

    id: str
    title: str
    is_note_style: bool
    path: Path
    parent: str | None = None
    locale: str | None = None


@dataclass(frozen=True)
class RenderedCitations:
    """The result of one render: one entry in ``citations`` per ``Cite``, in order.

    For a note style each entry is the whole text of that citation's footnote;
    for an author-date style it is the in-text citation. ``bibliography`` is in
    the order the style sorts it, and empty unless it was asked for.
    """

    style: StyleInfo
    is_note_style: bool
    citations: tuple[tuple[Run, ...], ...]
    bibliography: tuple[tuple[Run, ...], ...]


def plain_text(runs: Iterable[Run]) -> str:
    """The runs' text without formatting, for plain-text export and for tests."""
    return "".join(run.text for run in runs)

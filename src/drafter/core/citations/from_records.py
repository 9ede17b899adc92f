"""A library source as the citation engine sees it: facts only, unknowns left unknown.

In the citations package, not the export one, because the readiness check uses
it too: importing anything from ``drafter.core.export`` loads the whole export
(python-docx included), a tenth of a second the window would wait for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from drafter.core.citations import CitationSource, Cite
from drafter.core.names import Name
from drafter.core.records import SnippetRecord


class CitationFacts(Protocol):
    """What a citation needs of a source: a ``SourceRecord``, or the export's lean read of it."""

    @property
    def id(self) -> int: ...
    @property
    def type(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def publisher(self) -> str | None: ...
    @property
    def authors(self) -> tuple[Name, ...] | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def accessed(self) -> str | None: ...
    @property
    def variables(self) -> Mapping[str, Any]: ...


def cite_id(source_id: int) -> str:
    """The source's identifier inside a citation run (CSL ids must not be bare numbers)."""
    return f"s{source_id}"


def citation_source(source: CitationFacts) -> CitationSource:
    return CitationSource(
        id=cite_id(source.id),
        type=source.type,
        title=source.title,
        publisher=source.publisher,
        # Unknown (None) and known to have none (()) cite alike: no author. The
        # readiness check is what tells the two apart for the user.
        authors=tuple(source.authors or ()),
        date=source.date,
        url=source.url,
        accessed=source.accessed,
        variables=dict(source.variables),
    )


def cite_for(snippet: SnippetRecord, override: str | None = None) -> Cite:
    """The citation of one quoted snippet, pinpointed to its printed page when it has one.

    A page label that isn't a number ('iv', 'A-3') is left out rather than
    refused: the formatter takes only numeric pinpoints, and a citation without
    a page is still a correct one. ``override`` is the user's own pinpoint for
    this quotation ('s 64(2)', 'para 91'), which wins; ``pinpoint.derive_pinpoint``
    works one out from where the snippet stands in its source.
    """
    return cite_at(snippet.source_id, snippet.page_label, override)


def cite_at(source_id: int, page_label: str | None, override: str | None = None) -> Cite:
    """``cite_for`` from the columns it needs."""
    if override is not None and override.strip():
        return Cite(cite_id(source_id), " ".join(override.split()))
    label = (page_label or "").strip()
    locator = f"p {label}" if label[:1].isdigit() and label.replace("-", "").isalnum() else None
    return Cite(cite_id(source_id), locator)

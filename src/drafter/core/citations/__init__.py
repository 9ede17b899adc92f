"""Citations: published CSL styles rendered by pandoc's citeproc, with no Qt.

``render_citations`` formats every citation of a document in one pandoc run and
gives back, per citation, the footnote text (note styles such as OSCOLA) or
the in-text citation (author-date styles such as Harvard or APA), plus the
bibliography, all as runs of formatted text ready for a Word document.
"""

from __future__ import annotations

from drafter.core.citations.csl_json import to_csl_json
from drafter.core.citations.model import (
    CitationError,
    CitationSource,
    Cite,
    RenderedCitations,
    Run,
    StyleInfo,
    plain_text,
)
from drafter.core.citations.render import render_citations
from drafter.core.citations.styles import DEFAULT_STYLE, find_style, list_styles

__all__ = [
    "DEFAULT_STYLE",
    "CitationError",
    "CitationSource",
    "Cite",
    "RenderedCitations",
    "Run",
    "StyleInfo",
    "find_style",
    "list_styles",
    "plain_text",
    "render_citations",
    "to_csl_json",
]

"""Citations: published CSL styles rendered by pandoc's citeproc, with no Qt.

``render_citations`` formats every citation of a document in one pandoc run and
gives back, per citation, the footnote text (note styles such as OSCOLA) or
the in-text citation (author-date styles such as Harvard or APA), plus the
bibliography, all as runs of formatted text ready for a Word document.
``start_render`` does the same in a background thread, so an export can lay
out its document while pandoc works, and a ``CitationCache`` keeps the result
so an unchanged document needs no pandoc run at all.
"""

from __future__ import annotations

from drafter.core.citations.cache import CitationCache
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
from drafter.core.citations.quotes import QuoteMarks, quote_marks, style_locale, swap_marks
from drafter.core.citations.render import (
    PendingCitations,
    render_citations,
    render_items,
    start_render,
    start_render_items,
)
from drafter.core.citations.styles import DEFAULT_STYLE, find_style, list_styles

__all__ = [
    "DEFAULT_STYLE",
    "CitationCache",
    "CitationError",
    "CitationSource",
    "Cite",
    "PendingCitations",
    "QuoteMarks",
    "RenderedCitations",
    "Run",
    "StyleInfo",
    "find_style",
    "list_styles",
    "plain_text",
    "quote_marks",
    "render_citations",
    "render_items",
    "start_render",
    "start_render_items",
    "style_locale",
    "swap_marks",
    "to_csl_json",
]

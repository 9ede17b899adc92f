"""Rendering every citation of a document in one run of pandoc's citeproc."""

from __future__ import annotations

import re
from collections.abc import Sequence

from drafter.core.citations.csl_json import to_csl_json
from drafter.core.citations.model import CitationError, CitationSource, Cite, RenderedCitations
from drafter.core.citations.pandoc_doc import build_document, locator_inlines
from drafter.core.citations.pandoc_read import rendered_bibliography, rendered_citations
from drafter.core.citations.pandoc_run import api_version, pandoc_path, run_pandoc_json
from drafter.core.citations.styles import DEFAULT_STYLE, find_style

# Our users write to UK bodies: a style that names no language of its own is
# rendered in British English, as CSL means such styles to follow the user's
# language. Cite Them Right needs this ('Accessed: 23 November 2026', single
# quotation marks); APA, American but also language-neutral in its file, then
# gets British quotation marks too unless the caller asks for 'en-US'.
FALLBACK_LOCALE = "en-GB"
_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def render_citations(
    sources: Sequence[CitationSource],
    cites: Sequence[Cite],
    style: str = DEFAULT_STYLE,
    *,
    with_bibliography: bool = False,
    locale: str | None = None,
) -> RenderedCitations:
    """Format ``cites``, in document order, in the named style.

    Citations are rendered together because their form depends on each other:
    the first citation of a source is in full, later ones short ('Foot (n 1)'),
    one right after the same source 'ibid', and author-date styles add 2025a/2025b
    to tell apart works of one author and year.

    ``locale`` (e.g. 'en-US') overrides the language of terms, dates and
    quotation marks; by default it is the style's own, else British English.
    """
    info = find_style(style)
    if locale is not None and not _LOCALE.match(locale):
        raise CitationError(
            f"{locale!r} is not a language code.", hint="Use a code such as 'en-GB' or 'en-US'."
        )
    by_id = _by_id(sources)
    for cite in cites:
        if cite.source_id not in by_id:
            raise CitationError(
                f"A quotation cites the source {cite.source_id!r}, which isn't in the library."
            )
        locator_inlines(cite.locator)  # refuse a bad pinpoint before starting pandoc
    if not cites:
        return RenderedCitations(info, info.is_note_style, (), ())
    # Only the cited sources go in: an uncited source with a broken fact must not stop an export.
    items = [
        to_csl_json(by_id[source_id]) for source_id in dict.fromkeys(c.source_id for c in cites)
    ]
    pandoc = pandoc_path()
    document = build_document(
        items,
        cites,
        note_style=info.is_note_style,
        locale=locale or info.locale or FALLBACK_LOCALE,
        with_bibliography=with_bibliography,
        api_version=api_version(pandoc),
    )
    answer = run_pandoc_json(pandoc, info.path, document)
    citations = rendered_citations(answer)
    if len(citations) != len(cites):
        raise CitationError("The citation formatter lost some citations; nothing was exported.")
    bibliography = rendered_bibliography(answer) if with_bibliography else []
    return RenderedCitations(info, info.is_note_style, tuple(citations), tuple(bibliography))


def _by_id(sources: Sequence[CitationSource]) -> dict[str, CitationSource]:
    by_id: dict[str, CitationSource] = {}
    for source in sources:
        if source.id in by_id:
            raise CitationError(f"Two sources share the identifier {source.id!r}.")
        by_id[source.id] = source
    return by_id

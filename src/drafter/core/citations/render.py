"""Rendering every citation of a document in one run of pandoc's citeproc.

``start_render`` checks the input at once, starts pandoc, leaves a background
thread to feed it and read its answer, and returns; the caller lays out its
document meanwhile and asks for the result when it needs the citations. ``render_citations`` is the same, waiting.
With a ``CitationCache`` the citations of an unchanged document come from disk
instead of from pandoc.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

from drafter.core.citations.cache import CitationCache
from drafter.core.citations.csl_json import to_csl_json
from drafter.core.citations.guide_rules import adapt_items
from drafter.core.citations.model import CitationError, CitationSource, Cite, RenderedCitations
from drafter.core.citations.pandoc_doc import build_document, locator_inlines
from drafter.core.citations.pandoc_read import rendered_bibliography, rendered_citations
from drafter.core.citations.pandoc_run import PandocRun, api_version, pandoc_path
from drafter.core.citations.quotes import style_locale
from drafter.core.citations.style_trim import style_to_run
from drafter.core.citations.styles import DEFAULT_STYLE, find_style

_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

_Render = Callable[[], RenderedCitations]


class PendingCitations:
    """Citations being rendered in a background thread (or already known)."""

    def __init__(self, rendered: RenderedCitations | None = None) -> None:
        self._rendered = rendered
        self._error: BaseException | None = None
        self._finished = threading.Event()
        self.thread: threading.Thread | None = None
        if rendered is not None:
            self._finished.set()

    @classmethod
    def running(cls, work: _Render) -> PendingCitations:
        pending = cls()
        pending.thread = threading.Thread(target=pending._run, args=(work,), name="drafter-citeproc",
                                          daemon=True)
        pending.thread.start()
        return pending

    def _run(self, work: _Render) -> None:
        try:
            self._rendered = work()
        except BaseException as exc:
            self._error = exc
        finally:
            self._finished.set()

    def done(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to ``timeout`` seconds (for ever with None); True once the result is there."""
        return self._finished.wait(timeout)

    def result(self) -> RenderedCitations:
        """The rendered citations, waiting for them; raises what the render raised (CitationError)."""
        self._finished.wait()
        if self._error is not None:
            raise self._error
        assert self._rendered is not None
        return self._rendered


def render_citations(
    sources: Sequence[CitationSource],
    cites: Sequence[Cite],
    style: str = DEFAULT_STYLE,
    *,
    with_bibliography: bool = False,
    locale: str | None = None,
    cache: CitationCache | None = None,
) -> RenderedCitations:
    """Format ``cites``, in document order, in the named style.

    Citations are rendered together because their form depends on each other:
    the first citation of a source is in full, later ones short ('Foot (n 1)'),
    one right after the same source 'ibid', and author-date styles add 2025a/2025b
    to tell apart works of one author and year.

    ``locale`` (e.g. 'en-US') overrides the language of terms, dates and
    quotation marks; by default it is the style's own (``quotes.style_locale``).
    """
    return start_render(
        sources, cites, style, with_bibliography=with_bibliography, locale=locale, cache=cache
    ).result()


def render_items(
    items: Sequence[dict[str, Any]],
    cites: Sequence[Cite],
    style: str = DEFAULT_STYLE,
    *,
    with_bibliography: bool = False,
    locale: str | None = None,
) -> RenderedCitations:
    """``render_citations`` for sources given as CSL-JSON items (see ``start_render_items``)."""
    return start_render_items(items, cites, style, with_bibliography=with_bibliography, locale=locale).result()


def start_render(
    sources: Sequence[CitationSource],
    cites: Sequence[Cite],
    style: str = DEFAULT_STYLE,
    *,
    with_bibliography: bool = False,
    locale: str | None = None,
    cache: CitationCache | None = None,
) -> PendingCitations:
    """``render_citations`` without the wait: bad input is refused here, before pandoc starts;
    pandoc's own failures are raised by ``result()``."""
    by_id = _by_id(sources)
    for cite in cites:
        if cite.source_id not in by_id:
            raise CitationError(
                f"A quotation cites the source {cite.source_id!r}, which isn't in the library."
            )
    # Only the cited sources go in: an uncited source with a broken fact must not stop an export.
    items = [
        to_csl_json(by_id[source_id]) for source_id in dict.fromkeys(c.source_id for c in cites)
    ]
    return start_render_items(items, cites, style, with_bibliography=with_bibliography,
                              locale=locale, cache=cache)


def start_render_items(
    items: Sequence[dict[str, Any]],
    cites: Sequence[Cite],
    style: str = DEFAULT_STYLE,
    *,
    with_bibliography: bool = False,
    locale: str | None = None,
    cache: CitationCache | None = None,
) -> PendingCitations:
    """``start_render`` for sources already given as CSL-JSON items (any CSL type and variables).

    Each item needs an ``id``; every cite must name one. The items are adapted to
    rules of the printed guide that a CSL file cannot express (``guide_rules``).
    """
    info = find_style(style)
    if locale is not None and not _LOCALE.match(locale):
        raise CitationError(
            f"{locale!r} is not a language code.", hint="Use a code such as 'en-GB' or 'en-US'."
        )
    known = {str(item.get("id")) for item in items}
    if len(known) != len(items):
        raise CitationError("Two sources share an identifier.")
    for cite in cites:
        if cite.source_id not in known:
            raise CitationError(
                f"A quotation cites the source {cite.source_id!r}, which isn't in the library."
            )
        locator_inlines(cite.locator)  # refuse a bad pinpoint before starting pandoc
    if not cites:
        return PendingCitations(RenderedCitations(info, info.is_note_style, (), ()))
    items = adapt_items(list(items), info)
    pandoc = pandoc_path()
    language = locale or style_locale(info)
    key = None
    if cache is not None:
        key = cache.key(style=info, locale=language, with_bibliography=with_bibliography,
                        items=items, cites=cites, pandoc=pandoc)
        kept = cache.get(key, info, len(cites)) if key is not None else None
        if kept is not None:
            return PendingCitations(kept)
    document = build_document(
        items,
        cites,
        note_style=info.is_note_style,
        locale=language,
        with_bibliography=with_bibliography,
        api_version=api_version(pandoc),
    )

    # pandoc starts here, in the caller's thread; the background thread feeds it and reads it.
    run = PandocRun(pandoc, style_to_run(info.path, with_bibliography=with_bibliography), document)

    def work() -> RenderedCitations:
        answer = run.answer()
        citations = rendered_citations(answer)
        if len(citations) != len(cites):
            raise CitationError(
                "The citation formatter lost some citations; nothing was exported."
            )
        bibliography = rendered_bibliography(answer) if with_bibliography else []
        rendered = RenderedCitations(
            info, info.is_note_style, tuple(citations), tuple(bibliography)
        )
        if cache is not None and key is not None:
            cache.put(key, rendered)
        return rendered

    return PendingCitations.running(work)


def _by_id(sources: Sequence[CitationSource]) -> dict[str, CitationSource]:
    by_id: dict[str, CitationSource] = {}
    for source in sources:
        if source.id in by_id:
            raise CitationError(f"Two sources share the identifier {source.id!r}.")
        by_id[source.id] = source
    return by_id


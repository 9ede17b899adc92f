"""What an export will say, worked out once for every format.

The plan holds the response's text cleaned of characters Word can't store, each
quotation decided inline or block, and every citation already rendered (in one
pandoc run, in document order, so 'ibid' and '(n 1)' are right). The writers
only lay it out. Nothing is planned while the readiness check has blockers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from drafter.core.checks import Readiness, check_document
from drafter.core.citations import Run, StyleInfo, find_style, render_citations
from drafter.core.errors import DrafterError
from drafter.core.export.sources import citation_source, cite_for
from drafter.core.records import SnippetRecord, SourceRecord
from drafter.core.responses import QuestionRecord, ResponseDetails, ResponseDocument
from drafter.core.store import Store

#: A quotation of this many words or more is set as an indented block: about three
#: lines of a printed page, OSCOLA's threshold for "long" quotations.
LONG_QUOTATION_WORDS = 40

CONFIDENTIAL_LABEL = "Confidential — not for publication"

# Characters XML 1.0 (and so Word) cannot hold: C0 controls other than tab and
# line feed, lone surrogates, and the two non-characters U+FFFE and U+FFFF.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class ExportRefused(DrafterError):
    """The readiness check found something that must be fixed before exporting."""

    def __init__(self, readiness: Readiness) -> None:
        lines = "\n".join(f"- {item.message}" for item in readiness.blockers)
        super().__init__(f"The response can't be exported until this is fixed:\n{lines}")
        self.readiness = readiness


def clean(text: str) -> str:
    """The text with Windows line ends made plain and characters Word can't store removed."""
    return _UNSTORABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def lines_of(text: str) -> list[str]:
    """The paragraphs of a text the user typed: one per non-blank line."""
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


@dataclass(frozen=True)
class Paragraph:
    text: str
    block_id: int | None = None


@dataclass(frozen=True)
class Quotation:
    """A quoted snippet with its lead-in and its citation, laid out inline or as a block."""

    block_id: int
    snippet_id: int
    source_id: int
    lead_in: str
    paragraphs: tuple[str, ...]  # the exact text; more than one only for a block
    long: bool
    citation: tuple[Run, ...]
    note: int | None  # the footnote's number, for note styles

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


Item = Paragraph | Quotation


@dataclass(frozen=True)
class PlannedQuestion:
    record: QuestionRecord
    label: str
    text: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ExportPlan:
    response_id: int
    details: ResponseDetails
    introduction: tuple[str, ...]
    style: StyleInfo
    questions: tuple[PlannedQuestion, ...]
    bibliography: tuple[tuple[Run, ...], ...]
    exported_on: date
    readiness: Readiness

    @property
    def is_note_style(self) -> bool:
        return self.style.is_note_style


def load(store: Store, response_id: int) -> tuple[ResponseDocument, dict[int, SourceRecord], list[SnippetRecord]]:
    """The response, every source it quotes, and the library's snippets (for the check)."""
    from drafter.core.library import get_source
    from drafter.core.responses import get_response
    from drafter.core.snippets import list_snippets

    document = get_response(store, response_id)
    ids = sorted({b.snippet.source_id for q in document.questions for b in q.blocks if b.snippet})
    return document, {i: get_source(store, i) for i in ids}, list_snippets(store)


def plan_export(
    store: Store, response_id: int, *, style: str | None = None, bibliography: bool = False,
    today: date | None = None,
) -> ExportPlan:
    """Check the response and plan its export; raises ExportRefused when something blocks."""
    document, sources, snippets = load(store, response_id)
    readiness = check_document(document, sources, snippets)
    if readiness.blocking:
        raise ExportRefused(readiness)
    return build_plan(document, sources, readiness, style=style, bibliography=bibliography, today=today)


def build_plan(
    document: ResponseDocument,
    sources: Mapping[int, SourceRecord],
    readiness: Readiness,
    *,
    style: str | None = None,
    bibliography: bool = False,
    today: date | None = None,
    only: Sequence[int] | None = None,
) -> ExportPlan:
    """The plan of ``document`` (or of the questions ``only`` names, cited on their own)."""
    info = find_style(style or document.details.citation_style)
    questions = [q for q in document.questions if only is None or q.id in only]
    quoted = [b for q in questions for b in q.blocks if b.is_quotation and b.snippet is not None]
    cited = {b.snippet.source_id: sources[b.snippet.source_id] for b in quoted}  # type: ignore[union-attr]
    rendered = render_citations(
        [citation_source(s) for s in cited.values()],
        [cite_for(b.snippet) for b in quoted],  # type: ignore[arg-type]
        info.id,
        # An author-date style always ends with its reference list; a note style only on request.
        with_bibliography=bibliography or not info.is_note_style,
    )
    citations = iter(rendered.citations)
    number = 0
    planned = []
    for question in questions:
        items: list[Item] = []
        for block in question.blocks:
            if not block.is_quotation:
                items += [Paragraph(line, block.id) for line in lines_of(block.text)]
                continue
            if block.snippet is None:
                continue  # the check blocks such an export; nothing to cite
            number += 1
            lead = lines_of(block.text)
            items += [Paragraph(line, block.id) for line in lead[:-1]]
            items.append(_quotation(block.id, block.snippet, lead[-1] if lead else "", next(citations),
                                    number if info.is_note_style else None))
        planned.append(PlannedQuestion(question, clean(question.label).strip(),
                                       " ".join(clean(question.text).split()), tuple(items)))
    return ExportPlan(
        response_id=document.id,
        details=document.details,
        introduction=tuple(lines_of(document.details.introduction or "")),
        style=info,
        questions=tuple(planned),
        bibliography=tuple(_clean_runs(entry) for entry in rendered.bibliography),
        exported_on=today or date.today(),
        readiness=readiness,
    )


def _quotation(block_id: int, snippet: SnippetRecord, lead_in: str, citation: tuple[Run, ...],
               note: int | None) -> Quotation:
    paragraphs = tuple(lines_of(snippet.text))
    # A passage that runs over a paragraph break in its source can only be shown
    # faithfully as a block, whatever its length.
    long = len(snippet.text.split()) >= LONG_QUOTATION_WORDS or len(paragraphs) > 1
    return Quotation(block_id, snippet.id, snippet.source_id, lead_in, paragraphs, long,
                     _clean_runs(citation), note)


def _clean_runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    from dataclasses import replace

    return tuple(replace(run, text=clean(run.text)) for run in runs if clean(run.text))


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def uk_date(day: date) -> str:
    """'4 February 2026', as UK documents write a date (never in the computer's own language)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"

"""What an export will say, worked out once for every format.

The plan holds the response's text cleaned of characters Word can't store, each
quotation decided inline or block, and every citation (rendered in one pandoc
run, in document order, so 'ibid' and '(n 1)' are right). The writers only lay
it out. Nothing is planned while the readiness check has blockers.

pandoc takes longer than everything else an export does, so it is started as
soon as the quoted sources are loaded, before the readiness check, and runs in
the background while the plan is made and the document laid out; a writer
waits for the citations only where it puts them in (``PlannedCitations``).
The rendered citations are kept in the data folder's cache, so exporting an
unchanged response again needs no pandoc run; any change renders afresh.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from drafter.core.checks import Readiness, check_document
from drafter.core.citations import (
    CitationCache,
    CitationSource,
    Cite,
    PendingCitations,
    QuoteMarks,
    Run,
    StyleInfo,
    find_style,
    quote_marks,
    start_render,
    swap_marks,
)
from drafter.core.citations.from_records import CitationFacts, citation_source, cite_at
from drafter.core.citations.pinpoint import derive_pinpoint
from drafter.core.citations.quotes import SINGLE, omission_mark
from drafter.core.errors import DrafterError
from drafter.core.export.measure import Measure, is_long_quotation
from drafter.core.records import SnippetRecord, SourceRecord
from drafter.core.responses import QuestionRecord, ResponseDetails, ResponseDocument
from drafter.core.responses.records import BlockRecord
from drafter.core.shortening import render as render_shortened
from drafter.core.store import Store

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
    recommendation: bool = False  # one line of a paragraph the user marked as a recommendation


class PlannedCitations:
    """A plan's citations: there already (from the cache), or still being rendered by pandoc.

    Asking for a citation or the bibliography waits for pandoc; ``wait`` does
    so explicitly, checking for a cancel while it waits.
    """

    def __init__(self, pending: PendingCitations) -> None:
        self._pending = pending
        self._citations: tuple[tuple[Run, ...], ...] | None = None
        self._bibliography: tuple[tuple[Run, ...], ...] = ()

    def wait(self, check: Callable[[], None] | None = None) -> None:
        """Wait for pandoc, calling ``check`` (which may raise to stop) about 20 times a second."""
        if self._citations is not None:
            return
        while check is not None and not self._pending.wait(0.05):
            check()
        rendered = self._pending.result()
        self._bibliography = tuple(_clean_runs(entry) for entry in rendered.bibliography)
        self._citations = tuple(_clean_runs(citation) for citation in rendered.citations)

    def citation(self, index: int) -> tuple[Run, ...]:
        self.wait()
        assert self._citations is not None
        return self._citations[index]

    @property
    def bibliography(self) -> tuple[tuple[Run, ...], ...]:
        self.wait()
        return self._bibliography


@dataclass(frozen=True)
class Quotation:
    """A quoted snippet with its lead-in and its citation, laid out inline or as a block.

    ``paragraphs`` are the snippet's text with any quotation marks in it set in the
    style's form: the inner form inside a run-in quotation, the outer form in a
    block, which has no marks of its own. ``quoted`` is a run-in quotation in the
    style's marks; in an author-date style the sentence's full stop follows the
    citation (APA 7 §8.26, Cite Them Right), so a final full stop of the quotation
    is moved out to ``after_citation``.
    """

    block_id: int
    snippet_id: int
    source_id: int
    lead_in: str
    paragraphs: tuple[str, ...]  # the exact text; more than one only for a block
    long: bool
    index: int  # its citation's place among the plan's citations (from 0)
    note: int | None  # the footnote's number, for note styles
    citations: PlannedCitations = field(repr=False, compare=False)
    marks: QuoteMarks = field(default=SINGLE)
    author_date: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)

    @property
    def quoted(self) -> str:
        """A run-in quotation in its marks (less a final full stop that follows an author-date citation)."""
        text = self.text
        if self.author_date and _ends_with_full_stop(text):
            text = text[:-1]
        return f"{self.marks.open}{text}{self.marks.close}"

    @property
    def after_citation(self) -> str:
        """What follows a run-in quotation's author-date citation: the sentence's full stop."""
        return "" if self.long or not self.author_date else "."

    @property
    def citation(self) -> tuple[Run, ...]:
        """The rendered citation (waiting for pandoc if it is still at work)."""
        return self.citations.citation(self.index)


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
    citations: PlannedCitations
    exported_on: date
    readiness: Readiness

    @property
    def is_note_style(self) -> bool:
        return self.style.is_note_style

    @property
    def bibliography(self) -> tuple[tuple[Run, ...], ...]:
        """The reference list, in the style's order (waiting for pandoc if it is still at work)."""
        return self.citations.bibliography


def load(store: Store, response_id: int) -> tuple[ResponseDocument, dict[int, SourceRecord], list[SnippetRecord]]:
    """The response, every source it quotes, and the first unused snippets (for the check).

    Only the first few unused snippets: the library may hold tens of thousands (see
    ``checks.unused_snippets``).
    """
    from drafter.core.checks import unused_snippets

    document, sources = _load_quoted(store, response_id)
    return document, sources, unused_snippets(store)[0]


def _load_quoted(store: Store, response_id: int) -> tuple[ResponseDocument, dict[int, SourceRecord]]:
    from drafter.core.listing import source_record
    from drafter.core.responses import get_response

    document = get_response(store, response_id)
    ids = sorted({b.snippet.source_id for q in document.questions for b in q.blocks if b.snippet})
    return document, {i: source_record(store, i) for i in ids}


def citation_cache(store: Store) -> CitationCache:
    """The cache of rendered citations in the store's data folder."""
    return CitationCache(store.data_dir / "cache" / "citations")


def plan_export(
    store: Store, response_id: int, *, style: str | None = None, bibliography: bool = False,
    today: date | None = None, locale: str | None = None, measure: Measure | None = None,
) -> ExportPlan:
    """Check the response and plan its export, citations rendered; raises ExportRefused when something blocks.

    ``locale`` (e.g. 'en-GB') is the language the user chose for the citations; by default the style's own.
    """
    plan = start_export(store, response_id, style=style, bibliography=bibliography, today=today, locale=locale,
                        measure=measure)
    plan.citations.wait()
    return plan


def start_export(
    store: Store, response_id: int, *, style: str | None = None, bibliography: bool = False,
    today: date | None = None, locale: str | None = None, measure: Measure | None = None,
) -> ExportPlan:
    """``plan_export`` with pandoc still at work in the background, started before the check.

    What the check would refuse is still refused first: a citation that can't be
    rendered (a broken fact, an unknown style) is reported only once the check passes.
    """
    cache = citation_cache(store)
    early = _early_citations(store, response_id, style, bibliography, cache, locale)
    document, sources = _load_quoted(store, response_id)
    started: PlannedCitations | None = None
    problem: DrafterError | None = None
    try:
        info = find_style(style or document.details.citation_style)
        request = _citation_request(document.questions, sources, info, bibliography, locale)
        # The early start is used only if the whole read asks for exactly the same
        # citations (the response could have changed between the two reads).
        started = early[1] if early is not None and early[0] == request else _start(request, cache)
    except DrafterError as exc:
        problem = exc
    from drafter.core.checks import unused_snippets

    snippets, more = unused_snippets(store)
    readiness = check_document(document, sources, snippets, more_unused=more, style=style)
    if readiness.blocking:
        raise ExportRefused(readiness)
    if problem is not None:
        raise problem
    return build_plan(document, sources, readiness, style=style, bibliography=bibliography, today=today,
                      citations=started, locale=locale, measure=measure)


def build_plan(
    document: ResponseDocument,
    sources: Mapping[int, SourceRecord],
    readiness: Readiness,
    *,
    style: str | None = None,
    bibliography: bool = False,
    today: date | None = None,
    only: Sequence[int] | None = None,
    cache: CitationCache | None = None,
    citations: PlannedCitations | None = None,
    locale: str | None = None,
    measure: Measure | None = None,
) -> ExportPlan:
    """The plan of ``document`` (or of the questions ``only`` names, cited on their own).

    Its citations are rendered in the background (or come from ``cache``);
    ``citations`` are ones already started for exactly these questions. ``measure``
    is the page's text width and body font, which decide whether an OSCOLA quotation
    is more than three lines (``measure.is_long_quotation``); by default the
    default Word template's.
    """
    info = find_style(style or document.details.citation_style)
    questions = [q for q in document.questions if only is None or q.id in only]
    if citations is None:
        citations = _start(_citation_request(questions, sources, info, bibliography, locale), cache)
    index = 0
    planned = []
    for question in questions:
        items: list[Item] = []
        for block in question.blocks:
            if not block.is_quotation:
                items += [Paragraph(line, block.id, block.recommendation) for line in lines_of(block.text)]
                continue
            if block.snippet is None:
                continue  # the check blocks such an export; nothing to cite
            lead = lines_of(block.text)
            items += [Paragraph(line, block.id) for line in lead[:-1]]
            items.append(_quotation(block.id, block.snippet, lead[-1] if lead else "", index,
                                    index + 1 if info.is_note_style else None, citations, info, locale,
                                    block.shortened, measure))
            index += 1
        planned.append(PlannedQuestion(question, clean(question.label).strip(),
                                       " ".join(clean(question.text).split()), tuple(items)))
    return ExportPlan(
        response_id=document.id,
        details=document.details,
        introduction=tuple(lines_of(document.details.introduction or "")),
        style=info,
        questions=tuple(planned),
        citations=citations,
        exported_on=today or date.today(),
        readiness=readiness,
    )


@dataclass(frozen=True)
class _CitationRequest:
    """Everything one pandoc run is given: the style, the cited sources' facts and the citations."""

    style: str
    with_bibliography: bool
    sources: tuple[CitationSource, ...]
    cites: tuple[Cite, ...]
    locale: str | None = None  # the user's choice; None: the style's own


def _citation_request(
    questions: Sequence[QuestionRecord], sources: Mapping[int, CitationFacts], info: StyleInfo,
    bibliography: bool, locale: str | None = None,
) -> _CitationRequest:
    """The citations of ``questions``' quotations, in document order, and the sources they cite.

    Each is pinpointed where its snippet stands, as the style asks (``derive_pinpoint``: a
    section of an Act, a judgment's or report's numbered paragraph, a page, an unpaged web
    page's paragraph in APA), unless the user gave the quotation a pinpoint of their own.
    """
    quoted = [(b.snippet.source_id, b.snippet.page_label, _pinpoint(b, sources.get(b.snippet.source_id), info))
              for q in questions for b in q.blocks if b.is_quotation and b.snippet is not None]
    return _request(info, bibliography, quoted, sources, locale)


def _pinpoint(block: BlockRecord, source: CitationFacts | None, info: StyleInfo) -> str | None:
    """The quotation's pinpoint: the user's own, else the one its place in the source gives (None: none)."""
    snippet = block.snippet
    text = getattr(source, "text", None)
    if snippet is None or source is None or not isinstance(text, str):
        return block.pinpoint  # the lean read (no text): the user's own, or the page as before
    return derive_pinpoint(text, source.type, snippet.start, snippet.end, info,
                           page=snippet.page_label, override=block.pinpoint)


def _request(info: StyleInfo, bibliography: bool, quoted: Sequence[tuple[int, str | None, str | None]],
             sources: Mapping[int, CitationFacts], locale: str | None = None) -> _CitationRequest:
    return _CitationRequest(
        info.id,
        # An author-date style always ends with its reference list; a note style only on request.
        bibliography or not info.is_note_style,
        tuple(citation_source(sources[i]) for i in dict.fromkeys(i for i, _, _ in quoted)),
        tuple(cite_at(i, label, pinpoint) for i, label, pinpoint in quoted),
        locale,
    )


def _start(request: _CitationRequest, cache: CitationCache | None) -> PlannedCitations:
    """Start rendering the request's citations (or take them from ``cache``)."""
    return PlannedCitations(start_render(list(request.sources), list(request.cites), request.style,
                                         with_bibliography=request.with_bibliography, locale=request.locale,
                                         cache=cache))


def _early_citations(
    store: Store, response_id: int, style: str | None, bibliography: bool, cache: CitationCache,
    locale: str | None = None,
) -> tuple[_CitationRequest, PlannedCitations] | None:
    """Start pandoc from a lean read of what the citations need, before the whole response is read.

    pandoc's run is the longest part of an export, and reading the whole response
    and its sources' text first (about 10 ms for 500 quotations, more with long
    sources) only delayed it. Anything amiss (no such response, an unknown style,
    a source gone, a pinpoint pandoc can't take) returns None: ``start_export``
    then starts from the whole read, which meets and reports the problem.
    """
    from drafter.core.listing import citation_facts
    from drafter.core.responses.reading import quoted_pages

    found = quoted_pages(store, response_id)
    if found is None:
        return None
    own_style, quoted = found
    facts = citation_facts(store, sorted({i for i, _, _ in quoted}))
    if len(facts) != len({i for i, _, _ in quoted}):
        return None
    try:
        request = _request(find_style(style or own_style), bibliography, quoted, facts, locale)
        return request, _start(request, cache)
    except DrafterError:
        return None


def _quotation(block_id: int, snippet: SnippetRecord, lead_in: str, index: int, note: int | None,
               citations: PlannedCitations, style: StyleInfo, locale: str | None = None,
               shortened: str | None = None, measure: Measure | None = None) -> Quotation:
    # A shortened quotation prints its omissions in the style's form (OSCOLA and Harvard "…",
    # APA ". . ."); the readiness check has already verified every piece against the snippet.
    text = snippet.text if shortened is None else render_shortened(shortened, omission_mark(style))
    paragraphs = tuple(lines_of(text))
    # Each guide's own threshold (OSCOLA: more than three lines at this page's measure;
    # APA: 40 words; Cite Them Right: more than two sentences); a passage over a
    # paragraph break is always a block.
    long = is_long_quotation(text, style, measure) if measure else is_long_quotation(text, style)
    marks = quote_marks(style, locale)
    within = marks if long else marks.inner()
    paragraphs = tuple(swap_marks(text, within) for text in paragraphs)
    return Quotation(block_id, snippet.id, snippet.source_id, lead_in, paragraphs, long, index, note,
                     citations, marks, not style.is_note_style)


def _ends_with_full_stop(text: str) -> bool:
    """True when ``text`` ends with one full stop (not an ellipsis)."""
    return text.endswith(".") and not text.endswith("..")


def _clean_runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    cleaned = []
    for run in runs:
        text = clean(run.text)
        if text:
            cleaned.append(run if text == run.text else replace(run, text=text))
    return tuple(cleaned)


@dataclass(frozen=True)
class Recommendation:
    """One entry of the summary of recommendations: the paragraph's words and where it is argued."""

    text: str
    question: str  # 'Question 5a', as its heading names it
    numbers: tuple[int, ...] = ()  # the numbers its lines have in the document, with numbered paragraphs

    @property
    def reference(self) -> str:
        """'paragraph 12', 'paragraphs 12–13', or the question when paragraphs are not numbered."""
        if not self.numbers:
            return self.question
        if len(self.numbers) == 1:
            return f"paragraph {self.numbers[0]}"
        return f"paragraphs {self.numbers[0]}–{self.numbers[-1]}"


def question_name(question: PlannedQuestion) -> str:
    """'Question 5a' for a numbered question, else its own label (or its words, shortened)."""
    label = question.label
    if label[:1].isdigit():
        return f"Question {label}"
    if label:
        return label
    words = question.text.split()
    return "the question “" + " ".join(words[:8]) + ("…”" if len(words) > 8 else "”")


def has_answer(question: PlannedQuestion) -> bool:
    """An answer the export shows: a question with nothing in it is left out (the check lists it)."""
    return bool(question.items) or question.record.chosen_option is not None


def numbered_items(plan: ExportPlan) -> list[tuple[Item | str, int]]:
    """Every paragraph that numbered paragraphs number, with its number, in document order.

    The writers number the same paragraphs (see ``docx_writer``): each line of the
    introduction, each of the user's paragraphs, each paragraph holding a run-in
    quotation and each lead-in of a block quotation, in the questions the export
    shows. Kept here, once, so the summary's references and the numbers printed agree.
    """
    numbered: list[tuple[Item | str, int]] = []
    for text in plan.introduction:
        numbered.append((text, len(numbered) + 1))
    for question in plan.questions:
        if not has_answer(question):
            continue
        for item in question.items:
            if isinstance(item, Paragraph) or not item.long or item.lead_in:
                numbered.append((item, len(numbered) + 1))
    return numbered


def recommendations(plan: ExportPlan, numbered: bool) -> tuple[Recommendation, ...]:
    """The paragraphs marked as recommendations, in the order of the document, each pointing where it is argued."""
    numbers: dict[int, list[int]] = {}
    if numbered:
        for item, number in numbered_items(plan):
            if isinstance(item, Paragraph) and item.recommendation and item.block_id is not None:
                numbers.setdefault(item.block_id, []).append(number)
    found: list[Recommendation] = []
    for question in plan.questions:
        lines: dict[int, list[str]] = {}
        for item in question.items:
            if isinstance(item, Paragraph) and item.recommendation and item.block_id is not None:
                lines.setdefault(item.block_id, []).append(item.text)
        for block_id, text in lines.items():
            found.append(Recommendation(" ".join(text), question_name(question), tuple(numbers.get(block_id, ()))))
    return tuple(found)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def uk_date(day: date) -> str:
    """'4 February 2026', as UK documents write a date (never in the computer's own language)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"

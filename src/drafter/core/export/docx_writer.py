"""The Word export: a planned response laid out with python-docx.

Layout, in the order NGO submissions use: the consultation's title; who is
responding, the date, the contact and whether the response may be published;
the introduction; then each answered question under a heading with its
number, its chosen option ('Answer: Disagree'), and its paragraphs and
quotations in order. A question with nothing in its answer is left out (the
readiness check lists it), since a bare heading reads as a mistake.

Quotations follow OSCOLA: a short one inline after its lead-in, in single
curly quotation marks; a long one (see ``LONG_QUOTATION_WORDS``) as an
indented 'Block Quotation' paragraph without marks, its lead-in the paragraph
before. Every quotation ends with its citation: a real footnote for a note
style, the in-text citation for an author-date style, which then ends the
document with its reference list.

The citations may still be with pandoc while the document is made: each
quotation's footnote mark (or the end of its paragraph, for an author-date
style) is made at once and the citation's text put in once pandoc answers.
With a note style and no list of sources the body never needs a citation, so
the whole package is written (styles, body, all of it compressed) while pandoc
works, and the export waits only when the footnotes part itself is written.

With ``numbered``, the user's own paragraphs are numbered 1., 2., … across the
whole document (the introduction, each answer paragraph, each paragraph holding
an inline quotation and each lead-in of a block quotation). Headings, the
opening details, the chosen option and block quotations are not: a block
quotation belongs to the numbered paragraph that introduces it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt
from docx.styles.style import BaseStyle
from lxml import etree

from drafter.core.citations import Run
from drafter.core.export.docx_parts import Footnotes, numbering, page_numbers, style
from drafter.core.export.docx_template import open_base, set_properties
from drafter.core.export.docx_xml import Body, line_break, run, runs
from drafter.core.export.output import Progress
from drafter.core.export.plan import (
    CONFIDENTIAL_LABEL,
    ExportPlan,
    Paragraph,
    PlannedQuestion,
    Quotation,
    clean,
    has_answer,
    lines_of,
    recommendations,
    uk_date,
)

#: The heading of the recommendations gathered after the introduction.
SUMMARY_HEADING = "Summary of recommendations"


@dataclass(frozen=True)
class WriteOptions:
    numbered: bool = False
    template: Path | None = None
    bibliography: bool = False  # a list of sources after the notes (note styles)


def publication_line(may_publish: bool | None) -> str | None:
    """What the opening says about publication; nothing while the user hasn't decided.

    Saying 'not decided' in a submitted document, or assuming either answer,
    would put words in the organisation's mouth; the readiness check warns instead.
    """
    if may_publish is None:
        return None
    return "This response may be published." if may_publish else "Please do not publish this response."


def question_heading(question: PlannedQuestion) -> str:
    label = question.label
    name = f"Question {label}" if label[:1].isdigit() else label
    return f"{name}: {question.text}" if name else question.text


def write_docx(plan: ExportPlan, out: BinaryIO, options: WriteOptions, progress: Progress) -> None:
    document = open_base(options.template)
    writer = _Writer(document, plan, options, progress)
    writer.opening()
    writer.summary(options.numbered)
    for question in plan.questions:
        writer.question(question)
        progress.step()
    if not plan.is_note_style or options.bibliography:  # the body itself shows citations
        writer.fill_citations()
        writer.sources(options.bibliography)
    writer.finish()
    document.save(out)  # fills the notes (waiting for pandoc if need be) as it reaches them
    writer.footnotes.raise_problem()  # a cancel or a pandoc failure met while saving


class _Writer:
    def __init__(self, document: Document, plan: ExportPlan, options: WriteOptions,
                 progress: Progress | None = None) -> None:
        self.document = document
        self.progress = progress
        self.plan = plan
        self.body = Body(document.element.body)
        # Made for every style: it also empties a template's own notes out of the package.
        self.footnotes = Footnotes(document)
        self.notes = self.footnotes if plan.is_note_style else None
        self.num_id = numbering(document) if options.numbered else None
        self.styles = _Styles(document)
        self._section: str | None = None
        # Where each citation goes once rendered: (paragraph or footnote paragraph, quotation).
        self._citing: list[tuple[etree._Element, Quotation]] | None = []

    # --- parts of the document ------------------------------------------------------------

    def opening(self) -> None:
        details, styles = self.plan.details, self.styles
        self.paragraph(clean(details.consultation_title), styles.title)
        if details.organisation:
            self.paragraph(f"Response from {clean(details.organisation)}", styles.subtitle)
        block = styles.details  # the title block, closed by one rule in the house style
        if details.consulting_body:
            self.labelled("Submitted to", [clean(details.consulting_body)], block)
        self.labelled("Date", [uk_date(self.plan.exported_on)], block)
        if details.contact and lines_of(details.contact):
            self.labelled("Contact", lines_of(details.contact), block)
        if (line := publication_line(details.may_publish)) is not None:
            self.labelled("Publication", [line], block)
        if self.plan.introduction:
            self.paragraph("Introduction", styles.heading1)
            for text in self.plan.introduction:
                self.paragraph(text, numbered=True)

    def summary(self, numbered: bool) -> None:
        """'Summary of recommendations': each marked paragraph in order, in a list of its own
        (numbered 1., 2. … apart from the paragraphs), ending with where it is argued."""
        gathered = recommendations(self.plan, numbered)
        if not gathered:
            return
        self.paragraph(SUMMARY_HEADING, self.styles.heading1)
        list_id = numbering(self.document)
        for recommendation in gathered:
            p = self.body.paragraph(self.styles.recommendation, list_id)
            run(p, f"{recommendation.text} ")
            run(p, f"({recommendation.reference})", italic=True)

    def question(self, question: PlannedQuestion) -> None:
        if not has_answer(question):
            return
        section = clean(question.record.section or "").strip() or None
        if section and section != self._section:
            self.paragraph(section, self.styles.heading1)
        self._section = section or self._section
        self.paragraph(question_heading(question), self.styles.heading2)
        if question.record.confidential:
            run(self.paragraph(), CONFIDENTIAL_LABEL, bold=True)
        if question.record.chosen_option:
            self.labelled("Answer", [clean(question.record.chosen_option)])
        for item in question.items:
            if isinstance(item, Paragraph) and item.recommendation:
                # In bold where it is argued too, as NGO submissions set their recommendations.
                run(self.paragraph(numbered=True), item.text, bold=True)
            elif isinstance(item, Paragraph):
                self.paragraph(item.text, numbered=True)
            else:
                self.quotation(item)

    def quotation(self, quotation: Quotation) -> None:
        if not quotation.long:
            p = self.paragraph(f"{quotation.lead_in} " if quotation.lead_in else "", numbered=True)
            run(p, quotation.quoted)
            self.cite(p, quotation)
            return
        if quotation.lead_in:
            self.paragraph(quotation.lead_in, numbered=True)
        for text in quotation.paragraphs:
            p = self.paragraph(text, self.styles.block_quotation)
        self.cite(p, quotation)

    def cite(self, p: etree._Element, quotation: Quotation) -> None:
        """Mark where the citation goes: a footnote mark and its empty note, or the paragraph's end.

        The citation is the last thing in its paragraph, so its text can follow later.
        """
        assert self._citing is not None, "citations are filled in after the body is laid out"
        if self.notes is not None:
            self._citing.append((self.notes.add(p), quotation))
        else:
            self._citing.append((p, quotation))

    def fill_citations(self) -> None:
        """Put each rendered citation in its footnote (or after its quotation, in an author-date
        style), once pandoc has answered; the user can cancel while it is at work."""
        if self._citing is None:
            return  # filled already
        self.plan.citations.wait(self.progress.check if self.progress is not None else None)
        for p, quotation in self._citing:
            citation: tuple[Run, ...] = quotation.citation
            if self.notes is None:
                run(p, " ")
            runs(p, citation)
            if self.notes is None and quotation.after_citation:
                run(p, quotation.after_citation)
        self._citing = None

    def sources(self, wanted: bool) -> None:
        if not (wanted or not self.plan.is_note_style):
            return
        entries = self.plan.bibliography
        if not entries:
            return
        self.paragraph("Bibliography" if self.plan.is_note_style else "References", self.styles.heading1)
        for entry in entries:
            runs(self.paragraph("", self.styles.bibliography), entry)

    def finish(self) -> None:
        """The parts that make a document whole; the notes are filled in as their part is written."""
        self.footnotes.attach(self.fill_citations)
        page_numbers(self.document)
        set_properties(self.document, clean(self.plan.details.consultation_title), self.plan.details.organisation)

    # --- helpers ---------------------------------------------------------------------------

    def paragraph(self, text: str = "", style_id: str | None = None, *, numbered: bool = False) -> etree._Element:
        p = self.body.paragraph(style_id, self.num_id if numbered else None)
        if text:
            run(p, text)
        return p

    def labelled(self, label: str, lines: Iterable[str], style_id: str | None = None) -> None:
        """'Label: value', a value of several lines kept in one paragraph with line breaks."""
        p = self.paragraph(style_id=style_id)
        run(p, f"{label}: ", bold=True)
        for index, line in enumerate(lines):
            if index:
                line_break(p)
            run(p, line)


class _Styles:
    """The styles the export uses: the template's own where it has them, else made here."""

    def __init__(self, document: Document) -> None:
        p = WD_STYLE_TYPE.PARAGRAPH
        # Style ids, looked up once: the template may call its styles anything in its own language.
        self.title = style(document, ("Title",), p, "Title", _sized(20, bold=True), builtin=True).style_id
        self.subtitle = style(document, ("Subtitle",), p, "Subtitle", _sized(13), builtin=True).style_id
        self.heading1 = style(document, ("Heading 1",), p, "heading 1", _sized(15, bold=True),
                              style_id="Heading1", builtin=True).style_id
        self.heading2 = style(document, ("Heading 2",), p, "heading 2", _sized(12, bold=True),
                              style_id="Heading2", builtin=True).style_id
        self.block_quotation = style(document, ("Block Quotation",), p, "Block Quotation", _indented).style_id
        self.bibliography = style(document, ("Bibliography",), p, "Bibliography", _hanging,
                                  builtin=True).style_id
        # A template without them gets plain ones (its Normal look), so its own design holds.
        self.details = style(document, ("Response Details",), p, "Response Details", _close).style_id
        self.recommendation = style(document, ("Recommendation",), p, "Recommendation").style_id


def _sized(points: int, *, bold: bool = False) -> Callable[[BaseStyle], None]:
    def setup(made: BaseStyle) -> None:
        made.font.size = Pt(points)  # type: ignore[attr-defined]
        made.font.bold = bold  # type: ignore[attr-defined]
        made.paragraph_format.space_before = Pt(12)  # type: ignore[attr-defined]
        made.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    return setup


def _close(made: BaseStyle) -> None:
    made.paragraph_format.space_after = Pt(0)  # type: ignore[attr-defined]


def _indented(made: BaseStyle) -> None:
    # Both margins in by 1 cm, as court and NGO documents set long quotations.
    made.paragraph_format.left_indent = Cm(1)  # type: ignore[attr-defined]
    made.paragraph_format.right_indent = Cm(1)  # type: ignore[attr-defined]


def _hanging(made: BaseStyle) -> None:
    made.paragraph_format.left_indent = Cm(1)  # type: ignore[attr-defined]
    made.paragraph_format.first_line_indent = Cm(-1)  # type: ignore[attr-defined]

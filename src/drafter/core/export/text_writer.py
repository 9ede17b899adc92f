"""Plain text and Markdown exports, and the text of one answer for an online form.

The order is the Word export's. Citations of a note style become numbered notes
'[1]' (Markdown footnotes '[^1]'), listed at the end of each answer: online
forms take one answer per box, so each answer carries its own notes. Note
numbers still run through the whole document, because the short forms refer
back by number ('Foot (n 1)'). Author-date citations stay in the text, and the
reference list ends the document. A long quotation is indented (Markdown: a
block quote) without quotation marks, as in the Word export.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import BinaryIO

from drafter.core.citations import Run
from drafter.core.export.docx_writer import (
    SUMMARY_HEADING,
    WriteOptions,
    has_answer,
    publication_line,
    question_heading,
)
from drafter.core.export.output import Progress
from drafter.core.export.plan import (
    CONFIDENTIAL_LABEL,
    ExportPlan,
    Paragraph,
    PlannedQuestion,
    clean,
    lines_of,
    recommendations,
    uk_date,
)

# An underscore inside a word (snake_case, a URL) never starts emphasis, so it stays bare.
_MD_ANYWHERE = re.compile(r"([\\`*\[\]<]|(?<!\w)_|_(?!\w))")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=|-])", re.MULTILINE)
_MD_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Text shown literally by Markdown: its own characters, never taken as formatting."""
    escaped = _MD_ANYWHERE.sub(r"\\\1", text)
    escaped = _MD_LINE_START.sub(r"\1\\\2", escaped)
    return _MD_LIST_NUMBER.sub(r"\1\\\2", escaped)


class _Flavour:
    """What differs between plain text and Markdown."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.text: Callable[[str], str] = md_escape if markdown else (lambda s: s)

    def runs(self, runs: tuple[Run, ...]) -> str:
        if not self.markdown:
            return "".join(r.text for r in runs)
        return "".join(f"*{md_escape(r.text)}*" if r.italic and r.text.strip() else md_escape(r.text)
                       for r in runs)

    def heading(self, text: str, level: int) -> str:
        if self.markdown:
            return f"{'#' * level} {md_escape(text)}"
        # Plain text underlines its headings, as e-mail and forms have no other way.
        return f"{text}\n{('=' if level == 1 else '-') * min(len(text), 72)}"

    def strong(self, text: str) -> str:
        return f"**{md_escape(text)}**" if self.markdown else text

    def mark(self, note: int) -> str:
        return f"[^{note}]" if self.markdown else f"[{note}]"

    def note(self, note: int, runs: tuple[Run, ...]) -> str:
        return f"[^{note}]: {self.runs(runs)}" if self.markdown else f"[{note}] {self.runs(runs)}"

    def block(self, text: str) -> str:
        return f"> {self.text(text)}" if self.markdown else f"    {text}"


def answer_lines(question: PlannedQuestion, plan: ExportPlan, flavour: _Flavour,
                 counter: list[int] | None = None) -> list[str]:
    """The paragraphs of one answer, then its notes; ``counter`` numbers paragraphs across answers."""
    paragraphs: list[str] = []
    notes: list[str] = []

    def numbered(text: str) -> str:
        if counter is None:
            return text
        counter[0] += 1
        return f"{counter[0]}. {text}"

    def cite(quotation_citation: tuple[Run, ...], note: int | None) -> str:
        if note is None:
            return f" {flavour.runs(quotation_citation)}"
        notes.append(flavour.note(note, quotation_citation))
        return flavour.mark(note) if flavour.markdown else f" {flavour.mark(note)}"

    for item in question.items:
        if isinstance(item, Paragraph):
            paragraphs.append(numbered(flavour.text(item.text)))
            continue
        citation = cite(item.citation, item.note)
        if not item.long:
            lead = f"{flavour.text(item.lead_in)} " if item.lead_in else ""
            quoted = flavour.text(item.quoted)
            paragraphs.append(numbered(f"{lead}{quoted}{citation}{item.after_citation}"))
            continue
        if item.lead_in:
            paragraphs.append(numbered(flavour.text(item.lead_in)))
        blocks = [flavour.block(text) for text in item.paragraphs]
        blocks[-1] += citation
        paragraphs.append(("\n>\n" if flavour.markdown else "\n\n").join(blocks))
    if notes:
        paragraphs.append(flavour.strong("Notes") + "\n" + "\n".join(notes) if not flavour.markdown
                          else "\n".join(notes))
    return paragraphs


def write_text(plan: ExportPlan, out: BinaryIO, options: WriteOptions, progress: Progress,
               *, markdown: bool = False) -> None:
    plan.citations.wait(progress.check)
    flavour = _Flavour(markdown)
    details = plan.details
    parts = [flavour.heading(clean(details.consultation_title), 1)]
    opening = []
    if details.organisation:
        opening.append(f"Response from {flavour.text(clean(details.organisation))}")
    if details.consulting_body:
        opening.append(f"{flavour.strong('Submitted to:')} {flavour.text(clean(details.consulting_body))}")
    opening.append(f"{flavour.strong('Date:')} {uk_date(plan.exported_on)}")
    if details.contact and lines_of(details.contact):
        joiner = "  \n" if markdown else "\n"
        contact = joiner.join(flavour.text(x) for x in lines_of(details.contact))
        opening.append(f"{flavour.strong('Contact:')} {contact}")
    if (line := publication_line(details.may_publish)) is not None:
        opening.append(f"{flavour.strong('Publication:')} {line}")
    parts.append(("\n\n" if markdown else "\n").join(opening))
    counter = [0] if options.numbered else None
    if plan.introduction:
        parts.append(flavour.heading("Introduction", 2))
        for text in plan.introduction:
            parts.append(_numbered(flavour.text(text), counter))
    gathered = recommendations(plan, options.numbered)
    if gathered:  # after the introduction, numbered apart from the paragraphs
        parts.append(flavour.heading(SUMMARY_HEADING, 2))
        parts += [f"{number}. {flavour.text(item.text)} ({item.reference})"
                  for number, item in enumerate(gathered, start=1)]
    section: str | None = None
    for question in plan.questions:
        progress.step()
        if not has_answer(question):
            continue
        current = clean(question.record.section or "").strip() or None
        if current and current != section:
            parts.append(flavour.heading(current, 2))
        section = current or section
        parts.append(flavour.heading(question_heading(question), 3 if markdown else 2))
        if question.record.confidential:
            parts.append(flavour.strong(CONFIDENTIAL_LABEL))
        if question.record.chosen_option:
            parts.append(f"{flavour.strong('Answer:')} {flavour.text(clean(question.record.chosen_option))}")
        parts += answer_lines(question, plan, flavour, counter)
    if plan.bibliography and (options.bibliography or not plan.is_note_style):
        parts.append(flavour.heading("Bibliography" if plan.is_note_style else "References", 2))
        parts += [flavour.runs(entry) for entry in plan.bibliography]
    out.write(("\n\n".join(parts) + "\n").encode("utf-8"))


def _numbered(text: str, counter: list[int] | None) -> str:
    if counter is None:
        return text
    counter[0] += 1
    return f"{counter[0]}. {text}"


def write_txt(plan: ExportPlan, out: BinaryIO, options: WriteOptions, progress: Progress) -> None:
    write_text(plan, out, options, progress, markdown=False)


def write_md(plan: ExportPlan, out: BinaryIO, options: WriteOptions, progress: Progress) -> None:
    write_text(plan, out, options, progress, markdown=True)

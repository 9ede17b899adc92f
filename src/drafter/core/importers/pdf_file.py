"""PDF documents, read with pypdf.

Each page's text is rebuilt into paragraphs (``pdf_text``) and recorded as a
``PageSpan`` labelled with the page's printed label, so a quotation can cite
'p iv' or 'p 12' as the reader sees it. Pages are joined with a blank line and
never across: a snippet's page is then simply the span that holds it.
"""

from __future__ import annotations

import io
import logging
import math
from typing import TYPE_CHECKING, Any

from drafter.core.importers.cleanup import clean_text, removed_warning
from drafter.core.importers.document import (
    GuessedFacts,
    ImportedDocument,
    ImportRefused,
    PageSpan,
    make_document,
)
from drafter.core.importers.guesses import (
    authors_basis,
    clean_title,
    document_date,
    guess_type,
    pdf_date,
    read_authors,
)
from drafter.core.importers.pdf_text import Line, Vocabulary, page_paragraphs
from drafter.core.importers.sniffing import is_pdf

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

log = logging.getLogger(__name__)

DAMAGED = "This PDF is damaged or incomplete, so Drafter can't read it."
_DAMAGED_HINT = "If you downloaded it, download it again; otherwise open it and save a new copy."
NO_TEXT = (
    "This PDF has no text layer (it is probably a scanned image), so there is no text to quote."
)
_NO_TEXT_HINT = (
    "Ask the publisher for a text version, or run it through a text-recognition (OCR) tool first."
)
PASSWORD = "This PDF is password-protected, so Drafter can't read its text."
_PASSWORD_HINT = (
    "Open it with its password and save or print it as a new PDF without one, then import that."
)


class PdfImporter:
    format = "pdf"
    extensions: tuple[str, ...] = (".pdf",)
    description = "a PDF"

    def sniff(self, head: bytes) -> bool:
        return is_pdf(head)

    def load(self, data: bytes, filename: str | None) -> ImportedDocument:
        # pypdf can rebuild a file whose end is missing, and would silently give
        # only some of the pages: a truncated download must be re-downloaded.
        if b"%%EOF" not in data[-2048:]:
            raise ImportRefused(DAMAGED, hint=_DAMAGED_HINT)
        reader = _open(data)
        page_lines, failed = _read_pages(reader)
        labels = _labels(reader, len(page_lines))
        vocabulary = Vocabulary.from_lines([line.text for lines in page_lines for line in lines])

        text, spans, removed, empty = "", [], 0, []
        for index, lines in enumerate(page_lines):
            cleaned = clean_text(page_paragraphs(lines, vocabulary))
            removed += cleaned.removed
            if not cleaned.text.strip():
                if index not in failed:
                    empty.append(labels[index])
                spans.append(PageSpan(len(text), len(text), labels[index]))
                continue
            if text:
                text += "\n\n"
            spans.append(PageSpan(len(text), len(text) + len(cleaned.text), labels[index]))
            text += cleaned.text

        if not text.strip():
            if failed:
                raise ImportRefused(DAMAGED, hint=_DAMAGED_HINT)
            raise ImportRefused(NO_TEXT, hint=_NO_TEXT_HINT)
        warnings = removed_warning(removed)
        if failed:
            unread = [labels[index] for index in failed]
            warnings.append(
                f"{_pages(unread)} could not be read and "
                f"{'was' if len(unread) == 1 else 'were'} left out."
            )
        if empty:
            one = len(empty) == 1
            warnings.append(
                f"{_pages(empty)} {'has' if one else 'have'} no text "
                f"({'it may be a scanned image' if one else 'they may be scanned images'} or blank), "
                f"so nothing on {'it' if one else 'them'} can be quoted."
            )
        return make_document(
            text,
            format=self.format,
            original_filename=filename,
            pages=tuple(spans),
            facts=_facts(reader, text),
            empty_message=NO_TEXT,
            warnings=warnings,
        )


def _pages(labels: list[str]) -> str:
    return f"Page {labels[0]}" if len(labels) == 1 else f"Pages {', '.join(labels)}"


def _open(data: bytes) -> PdfReader:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        # Many PDFs are encrypted only to restrict printing or copying and open
        # without a password; try the empty one before calling it protected.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ImportRefused(PASSWORD, hint=_PASSWORD_HINT)
        len(reader.pages)  # reads the page tree: a broken one fails here, not later
    except DependencyError:
        # pypdf needs the 'cryptography' package for AES; it is a declared dependency.
        raise ImportRefused(
            "This PDF is encrypted in a way Drafter can't open.",
            hint="Open it in a PDF reader and save or print it as a new PDF, then import that.",
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        raise ImportRefused(DAMAGED, hint=_DAMAGED_HINT) from None
    return reader


def _read_pages(reader: PdfReader) -> tuple[list[list[Line]], list[int]]:
    """Each page's lines; the indexes of pages that could not be read."""
    pages: list[list[Line]] = []
    failed: list[int] = []
    for index in range(len(reader.pages)):
        try:
            pages.append(_page_lines(reader.pages[index]))
        except RecursionError:
            raise
        except Exception as error:
            log.warning("Could not read page %d", index + 1, exc_info=error)
            pages.append([])
            failed.append(index)
    return pages, failed


def _page_lines(page: PageObject) -> list[Line]:
    """The page's text lines, with their height and font size when pypdf reports them."""
    pieces: list[tuple[str, float | None, float | None]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        y = height = None
        try:
            # The text's baseline height on the page: the text matrix times the page matrix.
            y = float(tm[4]) * float(cm[1]) + float(tm[5]) * float(cm[3]) + float(cm[5])
            height = abs(float(size) * float(tm[3]) * float(cm[3])) or None
            if not (math.isfinite(y) and (height is None or math.isfinite(height))):
                y = height = None
        except (TypeError, ValueError, IndexError):
            pass
        pieces.append((text, y, height))

    output = page.extract_text(visitor_text=visit)
    if "".join(piece[0] for piece in pieces) != output:
        # The positions don't add up to the text: use the text alone.
        return [Line(text) for text in output.split("\n")]
    lines: list[Line] = []
    text, y, size = "", None, None
    for piece, piece_y, piece_size in pieces:
        for number, part in enumerate(piece.split("\n")):
            if number:
                lines.append(Line(text, y, size))
                text, y, size = "", None, None
            if part.strip() and y is None:
                y, size = piece_y, piece_size
            text += part
    lines.append(Line(text, y, size))
    return lines


def _labels(reader: PdfReader, count: int) -> list[str]:
    """Printed page labels (/PageLabels), else 1-based page numbers."""
    try:
        labels = [str(label) for label in reader.page_labels]
    except Exception as error:
        log.info("Unreadable page labels", exc_info=error)
        labels = []
    if len(labels) != count or not all(label.strip() for label in labels):
        labels = [str(number) for number in range(1, count + 1)]
    return labels


def _plain(value: Any) -> str | None:
    """A metadata value as text (values may be indirect references)."""
    if hasattr(value, "get_object"):
        value = value.get_object()
    return str(value) if isinstance(value, str) else None


def _facts(reader: PdfReader, text: str) -> GuessedFacts:
    facts = GuessedFacts(source_type="document")
    facts.basis["source_type"] = "file format: PDF"
    guess_type(facts, text)  # a label, 'HC Deb', a DOI … in its leading lines says more
    try:
        info = reader.metadata
        if info is None:
            document_date(facts, text, None, "")
            return facts
        title, author = _plain(info.get("/Title")), _plain(info.get("/Author"))
        created = _plain(info.get("/CreationDate"))
    except Exception as error:
        log.info("Unreadable PDF metadata", exc_info=error)
        document_date(facts, text, None, "")
        return facts
    if clean := clean_title(title):
        facts.title = clean
        facts.basis["title"] = "the PDF's properties (Title)"
    if authors := read_authors(author):
        facts.authors = tuple(name for name, _ in authors)
        facts.basis["authors"] = authors_basis("the PDF's properties (Author)", authors)
    document_date(facts, text, pdf_date(created), "creation date (CreationDate in its properties)")
    return facts

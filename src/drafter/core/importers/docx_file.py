"""Word documents (.docx).

The package is checked for zip bombs, escaping entry names and XML entity
declarations (``docx_safety``) before python-docx parses it. The body is read in
document order: paragraphs (headings are plain lines), tables (a row per line,
cells separated by tabs) and content controls. Text inside tracked insertions
is kept and tracked deletions are left out, which is what the document reads
as when all changes are accepted; python-docx's own ``Paragraph.text`` would
skip inserted text, so runs are read here directly.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from drafter.core.importers.cleanup import clean_text, removed_warning
from drafter.core.importers.document import (
    GuessedFacts,
    ImportedDocument,
    ImportRefused,
    make_document,
)
from drafter.core.importers.docx_safety import DAMAGED, check_docx_archive
from drafter.core.importers.guesses import authors_basis, clean_title, document_date, guess_type, read_authors
from drafter.core.importers.sniffing import is_zip

if TYPE_CHECKING:
    from lxml.etree import _Element

log = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Runs under these are not part of the text as it reads now.
_SKIPPED_CONTAINERS = {f"{_W}del", f"{_W}moveFrom"}

_EMPTY = "This Word document has no text in it."


class DocxImporter:
    format = "docx"
    extensions: tuple[str, ...] = (".docx",)
    description = "a Word document"

    def sniff(self, head: bytes) -> bool:
        return is_zip(head)

    def load(self, data: bytes, filename: str | None) -> ImportedDocument:
        check_docx_archive(data)
        document = _open(data)
        body = document.element.body
        blocks = [block for block in _blocks(body) if block.strip()]
        cleaned = clean_text("\n\n".join(blocks))
        return make_document(
            cleaned.text,
            format=self.format,
            original_filename=filename,
            facts=_facts(document, body, cleaned.text),
            empty_message=_EMPTY,
            warnings=removed_warning(cleaned.removed),
        )


def _open(data: bytes) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as error:
        if "content type" in str(error):
            # e.g. a macro-enabled .docm or a template renamed to .docx
            raise ImportRefused(
                "This file is not an ordinary Word document (it may be a template or a "
                "document with macros).",
                hint="Open it in Word, save it as a Word Document (.docx) and import it again.",
            ) from None
        raise ImportRefused(DAMAGED) from None
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, XMLSyntaxError):
        raise ImportRefused(DAMAGED) from None
    except (AttributeError, TypeError, IndexError) as error:
        # python-docx assumes well-formed parts; a package with parts missing
        # their expected elements fails deep inside it.
        log.info("python-docx could not open the package", exc_info=error)
        raise ImportRefused(DAMAGED) from None


def _blocks(container: _Element) -> Iterator[str]:
    """Text blocks of a body (or content control) in document order."""
    for child in container:
        if child.tag == f"{_W}p":
            if not _is_caption(child):
                yield _paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            yield _table_text(child)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _is_caption(paragraph: _Element) -> bool:
    """A figure's or table's caption (Word's built-in Caption style): it describes a picture, not the argument."""
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return style is not None and style.get(f"{_W}val") == "Caption"


def _table_text(table: _Element) -> str:
    rows = []
    for row in table.iter(f"{_W}tr"):
        if row.getparent() is not table:
            continue  # a nested table's rows are read through its cell
        cells = []
        for cell in row.iter(f"{_W}tc"):
            if cell.getparent() is row:
                text = " ".join(
                    block.replace("\n", " ") for block in _blocks(cell) if block.strip()
                )
                cells.append(text.strip())
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)


def _paragraph_text(paragraph: _Element) -> str:
    parts = []
    for run in paragraph.iter(f"{_W}r"):
        if _belongs_to(run, paragraph):
            # python-docx's run element renders w:t, w:tab, w:br … as text.
            parts.append(str(getattr(run, "text", "") or ""))
    return "".join(parts)


def _belongs_to(run: _Element, paragraph: _Element) -> bool:
    """False for runs in tracked deletions or in a text box's own paragraphs."""
    node = run.getparent()
    while node is not None and node is not paragraph:
        if node.tag in _SKIPPED_CONTAINERS or node.tag == f"{_W}p":
            return False
        node = node.getparent()
    return True


def _facts(document: Any, body: _Element, text: str) -> GuessedFacts:
    facts = GuessedFacts(source_type="document")
    facts.basis["source_type"] = "file format: Word document"
    guess_type(facts, text)  # a label, 'HC Deb', a DOI … in its leading lines says more
    try:
        properties = document.core_properties
        title, author, created = properties.title, properties.author, properties.created
    except (ValueError, TypeError, AttributeError):
        title = author = created = None
    if clean := clean_title(title):
        facts.title = clean
        facts.basis["title"] = "the document's properties (Title)"
    else:
        first = next((p for p in body.iter(f"{_W}p") if _paragraph_text(p).strip()), None)
        if first is not None and getattr(first, "style", None) == "Title":
            facts.title = clean_title(_paragraph_text(first))
            if facts.title:
                facts.basis["title"] = "the document's first line, in Word's Title style"
    if authors := read_authors(author):
        facts.authors = tuple(name for name, _ in authors)
        facts.basis["authors"] = authors_basis("the document's properties (Author)", authors)
    made = f"{created.year:04d}-{created.month:02d}-{created.day:02d}" if hasattr(created, "year") else None
    document_date(facts, text, made, "created date (in its properties)")
    return facts

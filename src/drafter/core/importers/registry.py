"""The one place that knows which importer reads which file.

Each format lives in its own module behind the ``Importer`` interface; this
module maps file extensions and, for files without one, sniffed content to
them. Adding a format means writing one module and adding one line here.
"""

from __future__ import annotations

from typing import Protocol

from drafter.core.importers.document import ImportedDocument
from drafter.core.importers.docx_file import DocxImporter
from drafter.core.importers.html_page import HtmlImporter
from drafter.core.importers.pdf_file import PdfImporter
from drafter.core.importers.rtf_file import RtfImporter
from drafter.core.importers.sniffing import is_html, is_plain_text
from drafter.core.importers.text_file import MarkdownImporter, TextImporter


class Importer(Protocol):
    """Reads one file format into an ``ImportedDocument``."""

    #: The ``ImportedDocument.format`` it produces.
    format: str
    #: Lower-case extensions with the dot, the first being the usual one.
    extensions: tuple[str, ...]
    #: What to call such a file in a message: "a Word document".
    description: str

    def sniff(self, head: bytes) -> bool:
        """True when the file's first bytes could be this format."""
        ...

    def load(self, data: bytes, filename: str | None) -> ImportedDocument:
        """Read the whole file; raise ImportRefused with a plain reason when it can't."""
        ...


# In the order they are listed to the user.
_IMPORTERS: list[Importer] = [
    TextImporter(),
    MarkdownImporter(),
    HtmlImporter(),
    DocxImporter(),
    PdfImporter(),
    RtfImporter(),
]

_BY_EXTENSION: dict[str, Importer] = {
    extension: importer for importer in _IMPORTERS for extension in importer.extensions
}
_BY_FORMAT: dict[str, Importer] = {importer.format: importer for importer in _IMPORTERS}


def supported_extensions() -> tuple[str, ...]:
    """Every extension Drafter imports, lower case with the dot, e.g. ``('.txt', '.text', …)``."""
    return tuple(_BY_EXTENSION)


def supported_summary() -> str:
    """The supported kinds in words, for messages and file dialogs."""
    return (
        "text (.txt), Markdown (.md), web pages saved from a browser (.html, .htm), "
        "Word (.docx), PDF (.pdf) and RTF (.rtf)"
    )


def importer_for_extension(extension: str) -> Importer | None:
    return _BY_EXTENSION.get(extension.lower())


def importer_for_format(format: str) -> Importer | None:
    return _BY_FORMAT.get(format)


def importer_for_content(head: bytes) -> Importer | None:
    """The importer for a file whose name gives no extension, judged by its first bytes.

    The binary formats have unmistakable signatures, so they are tried first;
    text is HTML only when it says so, otherwise plain text.
    """
    for format in ("pdf", "docx", "rtf"):
        importer = _BY_FORMAT[format]
        if importer.sniff(head):
            return importer
    if is_html(head):
        return _BY_FORMAT["html"]
    if is_plain_text(head):
        return _BY_FORMAT["text"]
    return None

"""Import articles and documents into Drafter: text, Markdown, web pages, Word, PDF, RTF.

    from drafter.core.importers import import_file, import_text, ImportRefused

    doc = import_file(path)          # an ImportedDocument, or ImportRefused with a plain reason
    doc = import_text(clipboard_text)

Nothing here imports Qt or opens a network connection. One module per format,
behind the registry in ``registry.py``; the rules every import obeys (size,
emptiness, does the content match the name) live in ``api.py``.
"""

from __future__ import annotations

from drafter.core.importers.api import MAX_FILE_BYTES, import_file, import_text
from drafter.core.importers.document import (
    GuessedFacts,
    ImportedDocument,
    ImportRefused,
    PageSpan,
)
from drafter.core.importers.registry import Importer, supported_extensions, supported_summary

__all__ = [
    "MAX_FILE_BYTES",
    "GuessedFacts",
    "ImportRefused",
    "ImportedDocument",
    "Importer",
    "PageSpan",
    "import_file",
    "import_text",
    "supported_extensions",
    "supported_summary",
]

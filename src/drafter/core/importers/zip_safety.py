"""Check a .docx package before any XML parser sees it.

A .docx is a ZIP of XML files, and a hostile one can be built to hurt whoever
opens it: a few kilobytes that expand to gigabytes (a "zip bomb"), entry names
that climb out of a folder ('../evil') for any tool that unpacks it, or XML
that declares entities which expand exponentially ("billion laughs"). Word
never writes any of these, so refusing them costs real users nothing. The
sizes checked are the ones the ZIP declares; Python's zipfile stops at the
declared size and checks the CRC, so a ZIP lying about them fails to read.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import PurePosixPath

from drafter.core.importers.document import ImportRefused

#: Far above any real document (a 500-page report with images is ~50 MB unpacked).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: XML compresses ~10:1 and images barely; 100:1 for a big entry means a bomb.
MAX_RATIO = 100
#: Entries smaller than this may compress very well without being any danger.
RATIO_CHECK_FROM = 1024 * 1024
MAX_ENTRIES = 10_000

_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)

DAMAGED = "This .docx file is damaged or is not a Word document."
_BOMB = (
    "This .docx file is built to expand to an enormous size when opened, which no real "
    "Word document does, so Drafter did not open it."
)
_UNSAFE = (
    "This .docx file contains unsafe content that Word never writes, so Drafter did not open it."
)


def _unsafe_name(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    first = path.parts[0] if path.parts else ""
    return path.is_absolute() or ".." in path.parts or ":" in first


def check_docx_archive(data: bytes) -> None:
    """Raise ImportRefused unless ``data`` is a ZIP safe to hand to python-docx."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ImportRefused(DAMAGED, hint="It may not have finished downloading.") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise ImportRefused(_UNSAFE)
        total = 0
        for entry in entries:
            if _unsafe_name(entry.filename):
                raise ImportRefused(_UNSAFE)
            total += entry.file_size
            big = entry.file_size > RATIO_CHECK_FROM
            if big and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
                raise ImportRefused(_BOMB)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise ImportRefused(_BOMB)

        names = {entry.filename for entry in entries}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise ImportRefused(DAMAGED)
        for entry in entries:
            if entry.filename.lower().endswith((".xml", ".rels")):
                _check_xml_part(archive, entry)


def _check_xml_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    try:
        raw = archive.read(entry)
    except (
        zipfile.BadZipFile,
        ValueError,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        zlib.error,
    ):
        # Bad CRC, truncated data, an unsupported compression method, or encryption (RuntimeError).
        raise ImportRefused(DAMAGED, hint="It may not have finished downloading.") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A UTF-16 part would hide the declaration from a byte search.
        raw = raw.decode("utf-16", errors="ignore").encode("utf-8")
    if _DECLARATION.search(raw):
        raise ImportRefused(_UNSAFE)

"""Check a .docx package before any XML parser sees it.

A .docx is a ZIP of XML files, and a hostile one can be built to hurt whoever
opens it: a few kilobytes that expand to gigabytes (a "zip bomb"), entry names
that climb out of a folder ('../evil') for any tool that unpacks it, or XML
that declares entities which expand exponentially ("billion laughs"). Word
never writes any of these, so refusing them costs real users nothing. The zip
itself is checked by ``drafter.core.zipguard`` (the guard of response files
too) with a Word document's limits; the parts and XML declarations here.
Used by the importer, the questions reader and the export's Word templates.
"""

from __future__ import annotations

import re
import zipfile

from drafter.core.importers.document import ImportRefused
from drafter.core.zipguard import ESCAPING, TOO_MANY, UnsafeZip, ZipGuard

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


def check_docx_archive(data: bytes) -> None:
    """Raise ImportRefused unless ``data`` is a ZIP safe to hand to python-docx."""
    guard = ZipGuard(max_entries=MAX_ENTRIES, max_total_bytes=MAX_UNCOMPRESSED_BYTES, max_ratio=MAX_RATIO,
                     ratio_from_bytes=RATIO_CHECK_FROM)
    try:
        archive = guard.open(data)
    except UnsafeZip:
        raise ImportRefused(DAMAGED, hint="It may not have finished downloading.") from None
    with archive:
        entries = archive.infolist()
        try:
            guard.check(entries)
        except UnsafeZip as unsafe:
            raise ImportRefused(_UNSAFE if unsafe.kind in (TOO_MANY, ESCAPING) else _BOMB) from None

        names = {entry.filename for entry in entries}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise ImportRefused(DAMAGED)
        for entry in entries:
            if entry.filename.lower().endswith((".xml", ".rels")):
                _check_xml_part(archive, guard, entry)


def _check_xml_part(archive: zipfile.ZipFile, guard: ZipGuard, entry: zipfile.ZipInfo) -> None:
    try:
        raw = guard.read(archive, entry)
    except UnsafeZip:
        # Bad CRC, truncated data, an unsupported compression method, or encryption (RuntimeError).
        raise ImportRefused(DAMAGED, hint="It may not have finished downloading.") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A UTF-16 part would hide the declaration from a byte search.
        raw = raw.decode("utf-16", errors="ignore").encode("utf-8")
    if _DECLARATION.search(raw):
        raise ImportRefused(_UNSAFE)

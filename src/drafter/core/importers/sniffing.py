"""Tell what a file really is from its first bytes, whatever its name says.

People rename files, browsers save PDFs as ``.html``, e-mail clients mangle
extensions. Looking at the content first lets us say "this is a PNG image, not
a text file" instead of importing gibberish or failing with a parser's error.
Only well-known signatures are listed: the point is a helpful message, not a
complete file-type database.
"""

from __future__ import annotations

import codecs
import re

#: How many leading bytes the sniffers look at.
HEAD_SIZE = 8192

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_UTF_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# (signature at offset 0, what to call it in a message)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (such as a Word .docx file)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an older Microsoft Office file (such as a Word .doc file)",
    ),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a computer program"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an audio or video file"),
    (b"SQLite format 3\x00", "a database file"),
)

_RTF = re.compile(rb"^\s*\{\\rtf")


def _strip_bom(head: bytes) -> bytes:
    if head.startswith(codecs.BOM_UTF8):
        return head[len(codecs.BOM_UTF8) :]
    return head


def is_pdf(head: bytes) -> bool:
    # The PDF standard lets readers accept up to 1024 bytes of junk before the header.
    return b"%PDF-" in head[:1024]


def is_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def is_rtf(head: bytes) -> bool:
    return bool(_RTF.match(_strip_bom(head)))


def bom_encoding(head: bytes) -> str | None:
    """The Python codec named by a leading byte-order mark (the codec drops the mark)."""
    for bom, encoding in _UTF_BOMS:
        if head.startswith(bom):
            return encoding
    return None


def has_unicode_bom(head: bytes) -> bool:
    return bom_encoding(head) is not None


def describe_foreign(head: bytes) -> str | None:
    """Name the kind of file ``head`` starts, if it is a well-known non-plain-text kind."""
    if is_pdf(head):
        return "a PDF document"
    if is_rtf(head):
        return "an RTF document"
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image"
    if head[4:8] == b"ftyp":
        return "a video or audio file"
    if head.startswith(b"MZ") and b"\x00" in head[:64]:
        return "a Windows program"
    return None


def looks_binary(head: bytes) -> bool:
    """True when ``head`` cannot be text in any encoding we read.

    NUL bytes never occur in text files except in UTF-16/32, which we only
    accept with a byte-order mark or in the clear UTF-16 pattern (every other
    byte NUL, as in plain English text).
    """
    if has_unicode_bom(head):
        return False
    if b"\x00" not in head:
        return False
    return utf16_without_bom(head) is None


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``data`` plainly is BOM-less UTF-16 text, else None."""
    sample = data[:HEAD_SIZE]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    # In Latin-script UTF-16 almost every high byte is NUL and almost no low byte is.
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def is_plain_text(head: bytes) -> bool:
    """True when ``head`` could be a text file (of any encoding) and is no known other kind."""
    return not looks_binary(head) and describe_foreign(head) is None


_HTML_MARKER = re.compile(rb"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)


def is_html(head: bytes) -> bool:
    """Strict check used only for files without an extension: plain text that declares HTML."""
    if not is_plain_text(head):
        return False
    encoding = bom_encoding(head)
    if encoding in ("utf-16", "utf-32"):
        # Compare on the decoded characters: the marker's bytes are interleaved with NULs.
        ascii_head = head.decode(encoding, errors="ignore").encode("ascii", errors="ignore")
        return bool(_HTML_MARKER.search(ascii_head))
    return bool(_HTML_MARKER.search(head))

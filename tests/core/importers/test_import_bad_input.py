"""Every kind of bad input is refused with a plain message, never a traceback or a hang."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from drafter.core.importers import (
    ImportRefused,
    api,
    docx_safety,
    import_file,
    registry,
    supported_extensions,
)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80\x80\x80"))
        + chunk(b"IEND", b"")
    )


def _refusal(path: Path) -> str:
    with pytest.raises(ImportRefused) as refused:
        import_file(path)
    return str(refused.value)


@pytest.mark.parametrize("extension", supported_extensions())
def test_empty_file_is_refused(write_file, extension: str) -> None:
    assert _refusal(write_file(f"empty{extension}", b"")) == "This file is empty."


MISMATCHES = [
    (
        "photo.txt",
        _png(),
        "This file is named 'photo.txt', but it is a PNG image, not a text file.",
    ),
    ("photo.md", _png(), "but it is a PNG image, not a Markdown file."),
    ("photo.html", _png(), "but it is a PNG image, not a web page."),
    ("photo.pdf", _png(), "but it is a PNG image, not a PDF."),
    ("photo.docx", _png(), "but it is a PNG image, not a Word document."),
    ("photo.rtf", _png(), "but it is a PNG image, not an RTF document."),
    (
        "old.docx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "older Word document (.doc) or a password-protected",
    ),
    ("page.pdf", b"<html><body><p>Hello</p></body></html>", "but it is a web page, not a PDF."),
    ("notes.docx", b"Just some notes.", "but it is plain text, not a Word document."),
    (
        "report.txt",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        "but it is a PDF document, not a text file.",
    ),
    ("letter.txt", rb"{\rtf1\ansi Hello\par}", "but it is an RTF document, not a text file."),
    ("data.txt", b"abc\x00\x01\x02\x03" * 100, "'data.txt', but it does not contain a text file."),
]


@pytest.mark.parametrize(
    ("name", "data", "message"), MISMATCHES, ids=[row[0] for row in MISMATCHES]
)
def test_content_that_is_plainly_something_else_is_refused(
    write_file, name: str, data: bytes, message: str
) -> None:
    assert message in _refusal(write_file(name, data))


def test_renamed_file_gets_a_hint_to_rename_it(write_file) -> None:
    assert "Rename it to end in .pdf" in _refusal(write_file("report.txt", b"%PDF-1.7\n%%EOF"))


def test_unsupported_extension_is_refused_naming_the_supported_ones(write_file) -> None:
    message = _refusal(write_file("table.xlsx", b"PK\x03\x04"))

    assert message.startswith("Drafter can't import '.xlsx' files.")
    for extension in (".txt", ".md", ".html", ".docx", ".pdf", ".rtf"):
        assert extension in message


def test_oversized_file_is_refused_with_its_size(
    write_file, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "MAX_FILE_BYTES", 1024 * 1024)
    path = write_file("big.txt", b"word " * 300_000)  # 1.4 MB

    assert _refusal(path).startswith(
        "This file is too large to import (1.4 MB). Drafter imports files up to 1.0 MB."
    )


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    assert "could not be found" in _refusal(tmp_path / "gone.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert _refusal(folder) == "This is a folder, not a file."


# PDFs -----------------------------------------------------------------------------


def test_truncated_pdf_is_refused(samples: Path, write_file) -> None:
    data = (samples / "report.pdf").read_bytes()

    assert "damaged or incomplete" in _refusal(write_file("cut.pdf", data[: len(data) * 2 // 3]))


def test_pdf_with_garbage_after_its_header_is_refused(write_file) -> None:
    assert "damaged or incomplete" in _refusal(
        write_file("junk.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"%%EOF")
    )


def test_password_protected_pdf_is_refused(samples: Path) -> None:
    assert _refusal(samples / "password.pdf").startswith("This PDF is password-protected")


def test_image_only_pdf_is_refused(samples: Path) -> None:
    assert _refusal(samples / "scanned.pdf").startswith(
        "This PDF has no text layer (it is probably a scanned image), so there is no text to quote."
    )


# Word documents ---------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_zip_bomb_by_compression_ratio_is_refused(samples: Path, write_file, rezip) -> None:
    data = rezip(
        samples / "briefing.docx", extra={"word/media/padding.bin": bytes(5 * 1024 * 1024)}
    )

    assert "expand to an enormous size" in _refusal(write_file("bomb.docx", data))


def test_zip_bomb_by_total_size_is_refused(samples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_safety, "MAX_UNCOMPRESSED_BYTES", 10_000)

    assert "expand to an enormous size" in _refusal(samples / "briefing.docx")


@pytest.mark.parametrize(
    "declaration",
    [
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
        b'<!ENTITY xxe SYSTEM "file:///etc/passwd">',
        b"<!doctype w:document>",
    ],
    ids=["billion-laughs", "external-entity", "lower-case-doctype"],
)
def test_docx_with_xml_declarations_is_refused(
    samples: Path, write_file, rezip, declaration: bytes
) -> None:
    def inject(xml: bytes) -> bytes:
        end_of_prolog = xml.index(b"?>") + 2
        return xml[:end_of_prolog] + declaration + xml[end_of_prolog:]

    data = rezip(samples / "briefing.docx", {"word/document.xml": inject})

    assert "unsafe content" in _refusal(write_file("entities.docx", data))


def test_docx_with_utf16_doctype_is_refused(samples: Path, write_file, rezip) -> None:
    part = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode(
        "utf-16"
    )
    data = rezip(samples / "briefing.docx", extra={"customXml/item9.xml": part})

    assert "unsafe content" in _refusal(write_file("entities.docx", data))


@pytest.mark.parametrize(
    "name", ["../evil.xml", "word/../../evil", "/etc/evil", "C:/evil.txt", "..\\evil"]
)
def test_docx_with_escaping_entry_name_is_refused(
    samples: Path, write_file, rezip, name: str
) -> None:
    data = rezip(samples / "briefing.docx", extra={name: b"x"})

    assert "unsafe content" in _refusal(write_file("escape.docx", data))


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + bytes(200),  # a ZIP header and nothing after it
        _zip({"hello.txt": b"not a Word document"}),  # a ZIP without word/document.xml
        _zip(
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<not-closed"}
        ),  # broken XML
    ],
    ids=["corrupt-zip", "no-document-xml", "broken-xml"],
)
def test_damaged_docx_is_refused(write_file, data: bytes) -> None:
    assert _refusal(write_file("broken.docx", data)).startswith(
        "This .docx file is damaged or is not a Word document."
    )


def test_truncated_docx_is_refused(samples: Path, write_file) -> None:
    data = (samples / "briefing.docx").read_bytes()

    assert "damaged" in _refusal(write_file("cut.docx", data[: len(data) // 2]))


def test_docx_with_a_corrupted_part_is_refused(samples: Path, write_file) -> None:
    data = bytearray((samples / "briefing.docx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        entry = archive.getinfo("word/document.xml")
    # Flip bytes inside the compressed document part: its CRC check must fail.
    start = entry.header_offset + 30 + len(entry.filename) + 10
    data[start : start + 20] = bytes(20)

    assert "damaged" in _refusal(write_file("flipped.docx", bytes(data)))


# Huge inputs ------------------------------------------------------------------------


@pytest.mark.parametrize("extension", [".txt", ".md", ".html", ".rtf"])
def test_huge_single_line_works_or_is_refused_without_hanging(write_file, extension: str) -> None:
    line = b"evidence " * 600_000  # 5.4 MB on one line
    data = {
        ".html": b"<html><body><p>" + line + b"</p></body></html>",
        ".rtf": rb"{\rtf1\ansi " + line + b"}",
    }
    path = write_file(f"huge{extension}", data.get(extension, line))

    try:
        doc = import_file(path)
    except ImportRefused as refused:
        assert refused.message
    else:
        assert doc.text.startswith("evidence evidence")


# The boundary ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (RecursionError(), "nested far more deeply than in any ordinary web page."),
        (
            KeyError("/Root"),
            "Drafter could not read this file as a web page: it seems to be damaged",
        ),
        (MemoryError(), "too large for this computer's memory"),
    ],
    ids=["recursion", "library-error", "memory"],
)
def test_errors_escaping_an_importer_become_plain_refusals(
    samples: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, message: str
) -> None:
    def fail(data: bytes, filename: str | None) -> None:
        raise error

    monkeypatch.setattr(registry.importer_for_format("html"), "load", fail)

    assert message in _refusal(samples / "saved_article.html")

"""Small shared rules: metadata values that are not facts, and what 'cleaning' text does."""

from __future__ import annotations

import pytest

from drafter.core.importers.cleanup import clean_text
from drafter.core.importers.guesses import clean_authors, clean_title
from drafter.core.importers.sniffing import describe_foreign, looks_binary, utf16_without_bom
from drafter.core.names import Organisation, Person


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Facial   recognition\nreport ", "Facial recognition report"),
        ("Microsoft Word - Response final.docx", None),
        ("Microsoft Word - Response", None),
        ("consultation_response_v3.pdf", None),
        ("Untitled", None),
        ("Document1", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_title(value: str | None, expected: str | None) -> None:
    assert clean_title(value) == expected


@pytest.mark.parametrize(
    ("value", "split_and", "expected"),
    [
        ("Jane Reporter", False, (Person("Reporter", "Jane"),)),
        ("Jane Reporter; Tom Foot", False, (Person("Reporter", "Jane"), Person("Foot", "Tom"))),
        # "and" read as a connecting word: one body, unless the field is prose (split_and)
        ("Jane Reporter and Tom Foot", False, (Organisation("Jane Reporter and Tom Foot"),)),
        ("Jane Reporter and Tom Foot", True, (Person("Reporter", "Jane"), Person("Foot", "Tom"))),
        ("Jane Reporter & Tom Foot", True, (Person("Reporter", "Jane"), Person("Foot", "Tom"))),
        # An organisation named as author stays whole; a person is split at the last word.
        ("Home Office", False, (Organisation("Home Office"),)),
        ("Committee on Biometrics; Tom Foot", False, (Organisation("Committee on Biometrics"), Person("Foot", "Tom"))),
        ("Metropolitan Police Service", False, (Organisation("Metropolitan Police Service"),)),
        ("Liberty", False, (Organisation("Liberty"),)),
        ("Ursula von der Leyen", False, (Person("von der Leyen", "Ursula"),)),
        ("https://example.com/authors/jane", False, ()),
        ("Windows User", False, ()),
        ("Jane; Jane", False, (Organisation("Jane"),)),  # one word: nothing to split
        (None, False, ()),
    ],
)
def test_clean_authors(value: str | None, split_and: bool, expected: tuple[object, ...]) -> None:
    assert clean_authors(value, split_and=split_and) == expected


@pytest.mark.parametrize(
    ("raw", "expected", "removed"),
    [
        ("a\r\nb\rc", "a\nb\nc", 0),
        ("line\u2028separator\u2029paragraph\x85next", "line\nseparator\nparagraph\nnext", 0),
        ("bell\x07 escape\x1b nul\x00", "bell escape nul", 3),
        ("ends with spaces   \n\n", "ends with spaces", 0),
        ("  leading spaces stay", "  leading spaces stay", 0),
    ],
)
def test_clean_text(raw: str, expected: str, removed: int) -> None:
    cleaned = clean_text(raw)

    assert (cleaned.text, cleaned.removed) == (expected, removed)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n....", "a PNG image"),
        (b"\xff\xd8\xff\xe0", "a JPEG image"),
        (b"%PDF-1.7", "a PDF document"),
        (b"junk before %PDF-1.4", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive (such as a Word .docx file)"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "a WebP image"),
        (b"MZ\x90\x00\x03\x00", "a Windows program"),
        (b"MZ is a text that starts like a program", None),
        (b"Plain text", None),
    ],
)
def test_describe_foreign(head: bytes, expected: str | None) -> None:
    assert describe_foreign(head) == expected


@pytest.mark.parametrize(
    ("head", "binary"),
    [
        (b"plain text", False),
        ("UTF-16 with a mark".encode("utf-16"), False),
        ("UTF-16 without a mark".encode("utf-16-le"), False),
        ("UTF-16 big-endian".encode("utf-16-be"), False),
        (b"\x00\x01\x02binary\x00\x00\xff", True),
    ],
)
def test_looks_binary(head: bytes, binary: bool) -> None:
    assert looks_binary(head) is binary


def test_utf16_without_bom_needs_the_clear_pattern() -> None:
    assert utf16_without_bom("Hello there".encode("utf-16-le")) == "utf-16-le"
    assert utf16_without_bom(b"\x00\x01\x00\x02\x03\x00") is None

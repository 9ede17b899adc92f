"""A file's own dates are not publication dates: only a date the document states is offered.

The files are built here as their makers write them: a Word file whose created
date is its template's (years before the publication) and a PDF whose
CreationDate is the day it was exported, each with or without a date in its text.
"""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from drafter.core.importers import import_file
from drafter.core.importers.guesses import date_from_text

TEMPLATE_CREATED = datetime(2019, 3, 12, 10, 0)  # the organisation's Word template
EXPORTED = "D:20260107093000+00'00'"  # the day someone saved the PDF


def word_file(paragraphs: list[str], created: datetime | None = TEMPLATE_CREATED) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.author = "Policy Team"
    if created is not None:
        document.core_properties.created = created
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_file(lines: list[str], creation_date: str | None = EXPORTED) -> bytes:
    """A one-page PDF whose text is ``lines``, drawn in Helvetica, as a word processor exports it."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )

    def escaped(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    drawn = " ".join(f"({escaped(line)}) Tj T*" for line in lines)
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 11 Tf 14 TL 72 770 Td {drawn} ET".encode("cp1252"))
    page[NameObject("/Contents")] = writer._add_object(content)
    metadata = {"/Title": "Facial recognition briefing", "/Producer": "Microsoft Word"}
    if creation_date:
        metadata["/CreationDate"] = creation_date
    writer.add_metadata(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BODY = [
    "The Metropolitan Police plans to more than double its use of live facial recognition, to up to ten",
    "deployments a week. The Home Office consultation closes on 12 February 2026 and we will respond.",
]


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("briefing.docx", lambda lines: word_file(lines)),
        ("briefing.pdf", lambda lines: pdf_file(lines)),
    ],
)
@pytest.mark.parametrize(
    ("leading", "date", "basis"),
    [
        # The document's own publication line is used, and named as the basis.
        (["Briefing on live facial recognition", "Published 4 December 2025"], "2025-12-04",
         "the document's text: the line 'Published 4 December 2025'"),
        (["Briefing on live facial recognition", "Date: 5 January 2026"], "2026-01-05",
         "the document's text: the line 'Date: 5 January 2026'"),
        (["Briefing on live facial recognition", "December 2025"], "2025-12",  # only the month: no day invented
         "the document's text: the line 'December 2025'"),
        # No date in the text: the file's date is named in the basis and not used.
        (["Briefing on live facial recognition"], None, "says when the file was made"),
        # A revision date, or a date inside a sentence, is not the publication date.
        (["Briefing on live facial recognition", "Updated 9 January 2026"], None, "says when the file was made"),
    ],
)
def test_a_file_date_is_never_offered_as_the_publication_date(
    write_file, name: str, make, leading: list[str], date: str | None, basis: str  # type: ignore[no-untyped-def]
) -> None:
    facts = import_file(write_file(name, make(leading + BODY))).facts
    assert facts.date == date
    assert basis in facts.basis["date"]
    assert "2019-03-12" not in (facts.date or "") and "2026-01-07" not in (facts.date or "")


def test_a_file_without_dates_says_nothing_about_a_date(write_file) -> None:  # type: ignore[no-untyped-def]
    facts = import_file(write_file("plain.pdf", pdf_file(BODY, creation_date=None))).facts
    assert facts.date is None and "date" not in facts.basis


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Report title\nPublished on 4 December 2025\n\nBody.", "2025-12-04"),
        ("Report title\n2025-12-04\nBody.", "2025-12-04"),
        ("Report title\nFirst published: July 31, 2025\nBody.", "2025-07-31"),
        ("Report title\nLast updated 4 December 2025\nBody.", None),
        ("Report title\nThe consultation opened on 4 December 2025.\nBody.", None),
        ("Report title\nFriday, 1st August\nBody.", None),  # no year: nothing is made up
        ("\n".join(["A line of text."] * 20) + "\nPublished 4 December 2025", None),  # too deep to be the cover
    ],
)
def test_date_from_text(text: str, expected: str | None) -> None:
    found = date_from_text(text)
    assert (found[0] if found else None) == expected

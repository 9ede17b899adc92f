"""Word documents: paragraphs in order, tracked changes as accepted, tables, document properties."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import docx
import pytest

from drafter.core.importers import ImportRefused, import_file
from drafter.core.names import Person


def _docx_bytes(*paragraphs: tuple[str, str | None], **properties: object) -> bytes:
    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    for name, value in properties.items():
        setattr(document.core_properties, name, value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_briefing_text_in_document_order(samples: Path) -> None:
    doc = import_file(samples / "briefing.docx")

    assert doc.format == "docx"
    assert doc.original_filename == "briefing.docx"
    assert doc.text == (
        "Response to the consultation on facial recognition\n\n"
        "Summary\n\n"
        "We welcome the consultation and ask for a statutory framework.\n\n"
        "Question 1\n\n"
        # The tracked insertion is kept and the tracked deletion left out.
        "Live facial recognition should be authorised by a judge.\n\n"
        "Contact: Jane Campaigner\nPolicy Officer\n\n"
        "Deployments per week\t10\nArrests\t1,000"
    )
    assert doc.pages == ()
    assert doc.warnings == ()


def test_briefing_facts_come_from_document_properties(samples: Path) -> None:
    facts = import_file(samples / "briefing.docx").facts

    assert facts.title == "Consultation response: facial recognition"
    assert facts.authors == (Person("Campaigner", "Jane"),)
    # The file's created date says when the file was made; the text states no date.
    assert facts.date is None
    assert "created date (in its properties) (2025-12-04) says when the file was made" in facts.basis["date"]
    assert facts.source_type == "document"
    assert facts.basis["title"] == "the document's properties (Title)"
    assert facts.basis["authors"] == (
        "the document's properties (Author); Jane Campaigner: read as a person: the family name is taken to be "
        "the last word"
    )
    assert facts.publisher is None and facts.url is None


def test_title_style_paragraph_gives_the_title_when_properties_have_none(write_file) -> None:
    data = _docx_bytes(("Our response", "Title"), ("We oppose the plan entirely.", None))

    facts = import_file(write_file("response.docx", data)).facts

    assert facts.title == "Our response"
    assert facts.basis["title"] == "the document's first line, in Word's Title style"


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("python-docx", ()),  # the library's placeholder
        ("Administrator", ()),
        ("Jane Campaigner; Tom Foot", (Person("Campaigner", "Jane"), Person("Foot", "Tom"))),
        ("Smith, Jane", (Person("Smith", "Jane"),)),  # a comma does not split one person in two
    ],
)
def test_placeholder_authors_are_dropped(
    write_file, author: str, expected: tuple[object, ...]
) -> None:
    data = _docx_bytes(("Body text.", None), author=author)

    assert import_file(write_file("a.docx", data)).facts.authors == expected


@pytest.mark.parametrize(
    "title", ["Microsoft Word - draft3.docx", "final_v2.docx", "Untitled", "  "]
)
def test_file_names_and_placeholders_are_not_titles(write_file, title: str) -> None:
    data = _docx_bytes(("Body text.", None), title=title, created=datetime(2024, 3, 1))

    facts = import_file(write_file("a.docx", data)).facts

    assert facts.title is None
    assert facts.date is None  # the created date is the file's, never the publication's


def test_document_with_only_empty_paragraphs_is_refused(write_file) -> None:
    data = _docx_bytes(("", None), ("   ", None))

    with pytest.raises(ImportRefused, match="This Word document has no text in it."):
        import_file(write_file("blank.docx", data))


def test_macro_document_renamed_docx_is_refused_plainly(samples: Path, write_file, rezip) -> None:
    data = rezip(
        samples / "briefing.docx",
        {
            "[Content_Types].xml": lambda xml: xml.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        },
    )

    with pytest.raises(ImportRefused, match="not an ordinary Word document"):
        import_file(write_file("macros.docx", data))


def test_captions_are_not_the_documents_text(write_file) -> None:
    data = _docx_bytes(
        ("Live facial recognition vans were deployed ten times a week.", None),
        ("Figure 1: a camera van in Croydon. Photo: Metropolitan Police", "Caption"),
        ("Liberty called for a statutory framework.", None),
    )

    doc = import_file(write_file("briefing.docx", data))

    assert doc.text == (
        "Live facial recognition vans were deployed ten times a week.\n\n"
        "Liberty called for a statutory framework."
    )

"""PDF: paragraphs rebuilt from lines, hyphenation undone, pages recorded with printed labels."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle

from drafter.core.importers import PageSpan, import_file, pdf_file
from drafter.core.importers.guesses import pdf_date
from drafter.core.names import Organisation

PAGE_IV = (
    "Summary\n\n"
    "Live facial recognition is now used by police forces across England and Wales. The "
    "Committee heard that the absence of specific regulation leaves both the police and the "
    "public uncertain about where the limits of lawful use lie.\n\n"
    "Witnesses told us that only a statutory regulator, independent of the police and of "
    "ministers, and with a well-known and trusted voice, could restore public confidence."
)
PAGE_V = (
    "Recommendations\n\n"
    "1. Parliament should legislate for police use of biometric technology.\n\n"
    "2. A regulator should approve each deployment in advance.\n\n"
    "The Home Office consultation on a new legal framework closes on 12 February 2026, and we "
    "urge every affected group to respond to it."
)


def test_report_text_is_rebuilt_into_paragraphs(samples: Path) -> None:
    doc = import_file(samples / "report.pdf")

    assert doc.format == "pdf"
    assert doc.text == PAGE_IV + "\n\n" + PAGE_V
    assert doc.warnings == ()


def test_page_spans_slice_the_text_to_each_page_with_printed_labels(samples: Path) -> None:
    doc = import_file(samples / "report.pdf")

    assert [span.label for span in doc.pages] == ["iv", "v"]
    assert [doc.text[span.start : span.end] for span in doc.pages] == [PAGE_IV, PAGE_V]


def test_hyphenation_at_a_line_end_is_undone_but_real_hyphens_stay(samples: Path) -> None:
    text = import_file(samples / "report.pdf").text

    assert "regulation" in text and "regu-" not in text
    assert "well-known" in text  # 'well-' is the first half of a compound


def test_report_facts_come_from_pdf_properties(samples: Path) -> None:
    facts = import_file(samples / "report.pdf").facts

    assert facts.title == "Facial recognition: the case for regulation"
    assert facts.authors == (Organisation("Committee on Biometrics"),)  # an organisation, by its words
    # CreationDate is when the file was made; the text's only date ('closes on 12 February
    # 2026') is inside a sentence about something else: the date stays unknown.
    assert facts.date is None
    assert facts.source_type == "document"
    assert facts.basis["date"] == (
        "nothing in the text: the file's creation date (CreationDate in its properties) (2025-12-04) says when "
        "the file was made, not when the work was published, so it is not used"
    )


def _relabelled(source: Path, **label: object) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.set_page_label(0, 1, **label)  # type: ignore[arg-type]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ({"style": PageLabelStyle.DECIMAL, "start": 12}, ["12", "13"]),
        ({"style": PageLabelStyle.DECIMAL, "prefix": "A-", "start": 1}, ["A-1", "A-2"]),
        ({"style": PageLabelStyle.UPPERCASE_ROMAN, "start": 1}, ["I", "II"]),
    ],
    ids=["decimal-from-12", "prefixed", "roman"],
)
def test_other_page_labels(
    samples: Path, write_file, label: dict[str, object], expected: list[str]
) -> None:
    doc = import_file(write_file("report.pdf", _relabelled(samples / "report.pdf", **label)))

    assert [span.label for span in doc.pages] == expected


def test_pages_without_labels_are_numbered_from_one(samples: Path, write_file) -> None:
    writer = PdfWriter(clone_from=PdfReader(samples / "report.pdf"))
    del writer.root_object["/PageLabels"]
    out = io.BytesIO()
    writer.write(out)

    doc = import_file(write_file("report.pdf", out.getvalue()))

    assert [span.label for span in doc.pages] == ["1", "2"]


def test_a_blank_page_keeps_its_place_and_is_reported(samples: Path, write_file) -> None:
    writer = PdfWriter(clone_from=PdfReader(samples / "report.pdf"))
    writer.insert_blank_page(index=1)
    out = io.BytesIO()
    writer.write(out)

    doc = import_file(write_file("report.pdf", out.getvalue()))

    assert [span.label for span in doc.pages] == ["iv", "v", "vi"]
    assert doc.pages[1] == PageSpan(len(PAGE_IV), len(PAGE_IV), "v")
    assert doc.text[doc.pages[2].start : doc.pages[2].end] == PAGE_V
    assert doc.warnings == (
        "Page v has no text (it may be a scanned image or blank), so nothing on it can be quoted.",
    )


def test_pdf_restricted_only_by_owner_password_opens(samples: Path) -> None:
    doc = import_file(samples / "restricted.pdf")

    assert doc.text == PAGE_IV + "\n\n" + PAGE_V


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("D:20251204093000+01'00'", "2025-12-04"),
        ("D:202512", "2025-12"),
        ("D:2025", "2025"),
        ("20251204", "2025-12-04"),
        ("D:20251304", "2025"),  # month 13: only the year is certain
        ("D:00000101", None),
        ("nonsense", None),
    ],
)
def test_pdf_date(value: str, expected: str | None) -> None:
    assert pdf_date(value) == expected


def test_a_page_that_cannot_be_read_is_left_out_with_a_warning(
    samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_page = pdf_file._page_lines

    def second_page_broken(page):  # type: ignore[no-untyped-def]
        if page.page_number == 1:
            raise KeyError("/Contents")
        return read_page(page)

    monkeypatch.setattr(pdf_file, "_page_lines", second_page_broken)

    doc = import_file(samples / "report.pdf")

    assert doc.text == PAGE_IV
    assert doc.pages[1] == PageSpan(len(PAGE_IV), len(PAGE_IV), "v")
    assert doc.warnings == ("Page v could not be read and was left out.",)

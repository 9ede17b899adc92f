"""Plain text files and pasted text: encodings, line endings, control characters, front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.core.importers import ImportRefused, import_file, import_text
from drafter.core.importers.cleanup import clean_text
from drafter.core.names import Person

BODY = (
    "The Metropolitan Police will more than double its use of live facial recognition, "
    "deploying it up to ten times a week.\n\nLiberty called for regulation and oversight."
)


def test_latin1_file_is_decoded_and_the_guess_is_reported(samples: Path) -> None:
    doc = import_file(samples / "latin1.txt")

    assert doc.format == "text"
    assert doc.original_filename == "latin1.txt"
    assert doc.text == (
        "Café owners near Oxford Street said the £260m shortfall was «worrying».\n\n"
        "One naïve estimate put the cost of each deployment at £1,200."
    )
    assert doc.pages == ()
    assert len(doc.warnings) == 1
    assert "not in UTF-8" in doc.warnings[0]


def test_utf16_file_with_bom_and_windows_line_endings(samples: Path) -> None:
    doc = import_file(samples / "utf16_bom.txt")

    assert doc.text == (
        "Консультация (consultation): the Home Office asks seventeen questions about biometrics.\n\n"
        "Responses close on 12 February 2026 — 日本語 readers can respond too."
    )
    assert "\r" not in doc.text
    assert doc.warnings == ()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbf" + BODY.encode(), BODY),  # UTF-8 with a byte-order mark
        (
            BODY.encode("utf-16-le"),
            BODY,
        ),  # UTF-16 without a mark (rare, but Windows tools write it)
        (BODY.replace("\n", "\r\n").encode(), BODY),  # Windows line endings
        (BODY.replace("\n", "\r").encode(), BODY),  # old Mac line endings
        (BODY.encode() + b"\n\n  \n", BODY),  # trailing blank lines are not part of the text
    ],
    ids=["utf8-bom", "utf16-no-bom", "crlf", "cr", "trailing-blank"],
)
def test_encodings_and_line_endings(write_file, data: bytes, expected: str) -> None:
    assert import_file(write_file("article.txt", data)).text == expected


@pytest.mark.parametrize(
    ("raw", "expected", "warning"),
    [
        (
            "Line one\x07 ends\x01 here.",
            "Line one ends here.",
            "Removed 2 control characters Word cannot store.",
        ),
        (
            "A lone \ud800surrogate.",
            "A lone surrogate.",
            "Removed 1 control character Word cannot store.",
        ),
        (
            "Non-characters\ufffe\uffff go.",
            "Non-characters go.",
            "Removed 2 control characters Word cannot store.",
        ),
        ("Word's line\x0bbreak and page\x0cbreak.", "Word's line\nbreak and page\nbreak.", None),
        ("Tabs\tstay.", "Tabs\tstay.", None),
        ("Cafe\u0301 composed.", "Café composed.", None),  # NFC: one character for é
    ],
    ids=["c0", "surrogate", "non-characters", "vertical-tab-form-feed", "tab", "nfc"],
)
def test_characters_word_cannot_store(raw: str, expected: str, warning: str | None) -> None:
    doc = import_text(raw)

    assert doc.text == expected
    assert doc.warnings == ((warning,) if warning else ())


def test_control_characters_in_a_file_are_removed_with_a_warning(write_file) -> None:
    doc = import_file(write_file("notes.txt", b"Budget\x1b shortfall of \x02260m."))

    assert doc.text == "Budget shortfall of 260m."
    assert doc.warnings == ("Removed 2 control characters Word cannot store.",)


def test_front_matter_is_cut_from_the_body_and_read_as_facts(samples: Path) -> None:
    doc = import_file(samples / "byline_no_year.txt")

    assert doc.text == (
        "THE Met Police yesterday (Thursday) unveiled a plan to double its use of live facial "
        "recognition as part of a shake-up.\n\n"
        "The force said the cameras would be used up to ten times a week across five days."
    )
    facts = doc.facts
    assert facts.title == "Rights fears as Met ramps up tech use"
    assert facts.publisher == "WEST END EXTRA"
    assert facts.authors == (Person("Foot", "Tom"),)
    # 'Friday, 1st August' has no year and the text states none: no date, and the basis says why.
    assert facts.date is None
    assert "no year" in facts.basis["date"]
    assert facts.basis["authors"] == (
        "byline 'Friday, 1st August — By Tom Foot'; Tom Foot: read as a person: the family name is taken to be "
        "the last word"
    )


def test_body_text_is_the_normalised_text_from_the_body_start() -> None:
    raw = " date 2025-08-01 The Met will double its use of live facial recognition, it said today.\r\nMore text."

    doc = import_text(raw)

    normalised = clean_text(raw).text
    assert doc.text == normalised[normalised.index("The Met") :]
    assert doc.facts.date == "2025-08-01"


def test_text_that_is_all_front_matter_is_kept_whole() -> None:
    doc = import_text("Short headline\nAnother short line")

    assert doc.text == "Short headline\nAnother short line"


def test_pasted_text_has_no_file_name_and_is_plain_text() -> None:
    doc = import_text(BODY)

    assert doc.format == "text"
    assert doc.original_filename is None
    assert doc.text == BODY


@pytest.mark.parametrize("pasted", ["", "   \n\t\n", "\x00\x01"])
def test_empty_paste_is_refused_naming_it(pasted: str) -> None:
    with pytest.raises(ImportRefused, match="Clipboard text is empty"):
        import_text(pasted, name="Clipboard text")


def test_huge_single_line_is_imported_whole(write_file) -> None:
    line = ("All work and no play makes the regulator a dull body. " * 95_000)[:5_000_000]
    path = write_file("huge.txt", line.encode())

    doc = import_file(path)

    assert doc.text == line.rstrip()


def test_huge_single_line_without_spaces_is_imported(write_file) -> None:
    path = write_file("huge.txt", b"x" * 5_000_000)

    assert len(import_file(path).text) == 5_000_000


_PASTED_WITH_CAPTIONS = (
    "Ministers are set to ramp up police use of facial recognition as they launch a public consultation.\n\n"
    "Policing minister Sarah Jones described facial recognition as a breakthrough. Picture: UK Parliament\n\n"
    "But the technology has faced criticism from the Equality and Human Rights Commission this year.\n"
    "Credit: PA Wire\n"
    "A Met spokeswoman said the force believes its use is lawful and proportionate in every case."
)


def test_pasted_picture_captions_are_left_out_and_said() -> None:
    doc = import_text(_PASTED_WITH_CAPTIONS)

    assert doc.text == (
        "Ministers are set to ramp up police use of facial recognition as they launch a public consultation.\n\n"
        "But the technology has faced criticism from the Equality and Human Rights Commission this year.\n"
        "A Met spokeswoman said the force believes its use is lawful and proportionate in every case."
    )
    first = "Policing minister Sarah Jones described facial recognition as a breakthrough. Picture: UK Parliament"
    assert doc.warnings == (f"2 picture captions left out of the text, as not part of the article (“{first}” …).",)


def test_text_without_captions_is_unchanged_and_says_nothing() -> None:
    doc = import_text(BODY)

    assert doc.text == BODY and doc.warnings == ()

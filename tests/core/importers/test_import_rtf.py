"""RTF: escapes decoded in the file's code page, paragraphs spaced like Word's, the info group as facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.core.importers import ImportRefused, import_file
from drafter.core.names import Person


def test_briefing_text(samples: Path) -> None:
    doc = import_file(samples / "briefing.rtf")

    assert doc.format == "rtf"
    assert doc.text == (
        "Briefing\n\n"
        "The Met’s plan follows a £260m shortfall — and Liberty calls it “incredibly concerning”.\n"
        "It wants oversight.\n\n"  # a manual line break stays a single line break
        "Café owners in the West End welcomed more patrols.\n\n"
        "Arrests\t1,000\n\n"
        "Charged or cautioned\t773\n\n"
        "Last line."
    )
    assert doc.warnings == ()


def test_briefing_facts_come_from_the_info_group(samples: Path) -> None:
    facts = import_file(samples / "briefing.rtf").facts

    assert facts.title == "Briefing: the Met’s facial recognition plans"
    assert facts.authors == (Person("Foot", "Tom"),)
    assert facts.date is None  # \creatim is when the file was made
    assert "(2025-08-01) says when the file was made" in facts.basis["date"]
    assert facts.source_type == "document"


@pytest.mark.parametrize(
    ("rtf", "expected"),
    [
        (rb"{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8\'e2\'e5\'f2\par}", "Привет"),  # Cyrillic code page
        (rb"{\rtf1\ansi Plain \{braces\} and \\backslash.\par}", "Plain {braces} and \\backslash."),
        (rb"{\rtf1\ansi\ansicpg99999 Unknown code page\'e9.\par}", "Unknown code pageé."),
    ],
    ids=["cp1251", "escaped-braces", "unknown-code-page"],
)
def test_encodings_and_escapes(write_file, rtf: bytes, expected: str) -> None:
    assert import_file(write_file("note.rtf", rtf)).text == expected


def test_truncated_rtf_is_refused(samples: Path, write_file) -> None:
    data = (samples / "briefing.rtf").read_bytes()

    with pytest.raises(ImportRefused, match="damaged or incomplete"):
        import_file(write_file("cut.rtf", data[: len(data) // 2]))


def test_rtf_with_no_text_is_refused(write_file) -> None:
    with pytest.raises(ImportRefused, match="This RTF file has no text in it."):
        import_file(write_file("blank.rtf", rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\par\par}"))

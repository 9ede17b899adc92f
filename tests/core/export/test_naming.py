"""The file name an export proposes: who, to what, when; safe on every system."""

from __future__ import annotations

from datetime import date

import pytest

from drafter.core.export.naming import MAX_NAME, proposed_file_name, safe_file_name

DAY = date(2026, 2, 10)
TITLE = "Legal framework for using facial recognition in law enforcement"


@pytest.mark.parametrize(("consultation", "organisation", "extension", "expected"), [
    (TITLE, "Liberty", ".docx", f"Liberty – Response to {TITLE} – 2026-02-10.docx"),
    (TITLE, None, ".txt", f"Response to {TITLE} – 2026-02-10.txt"),
    (TITLE, "  ", ".docx", f"Response to {TITLE} – 2026-02-10.docx"),
    ("Police: powers / duties?", "Big Brother Watch", ".docx",
     "Big Brother Watch – Response to Police powers duties – 2026-02-10.docx"),
    ('A "quoted" <title>\n with\ttabs', "A|B*C", ".txt",
     "A B C – Response to A quoted title with tabs – 2026-02-10.txt"),
])
def test_proposed_names(consultation: str, organisation: str | None, extension: str, expected: str) -> None:
    assert proposed_file_name(consultation, organisation, DAY, extension) == expected


def test_a_long_title_is_shortened_keeping_who_and_when() -> None:
    name = proposed_file_name("Consultation " + "on many things " * 20, "Open Rights Group", DAY, ".docx")
    assert len(name) <= MAX_NAME
    assert name.startswith("Open Rights Group – Response to Consultation on many things")
    assert name.endswith("… – 2026-02-10.docx")


@pytest.mark.parametrize(("name", "expected"), [
    ("CON", "Response CON.txt"),
    ("nul", "Response nul.txt"),
    ("  ...  ", "Response.txt"),
    ("Ends with dots...", "Ends with dots.txt"),
    ("a\x00b\x1fc", "a b c.txt"),
])
def test_names_no_system_refuses(name: str, expected: str) -> None:
    assert safe_file_name(name, ".txt") == expected

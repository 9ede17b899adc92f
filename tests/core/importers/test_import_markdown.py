"""Markdown: stored as written, title from a leading '# Heading', facts from a clipper's YAML header."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.core.importers import import_file
from drafter.core.importers.markdown_meta import leading_heading, read_header
from drafter.core.names import Person


def test_markdown_is_kept_as_written_and_the_heading_gives_the_title(samples: Path) -> None:
    doc = import_file(samples / "article.md")

    assert doc.format == "markdown"
    # Not rendered: the emphasis markers and list dashes are what the file says.
    assert doc.text == (
        "The Metropolitan Police will more than double its use of live facial recognition, "
        "deploying it up to ten times a week.\n\n"
        "Liberty said the **government must legislate now** to regulate the technology.\n\n"
        "- 1,000 arrests\n"
        "- 773 charged or cautioned"
    )
    assert doc.facts.title == "Facial recognition: what the Met announced"
    assert (
        doc.facts.basis["title"]
        == "Markdown heading '# Facial recognition: what the Met announced'"
    )


def test_web_clipper_header_gives_facts_and_is_not_body(samples: Path) -> None:
    doc = import_file(samples / "clipped.md")

    assert doc.text.startswith("THE Met Police yesterday (Thursday)")
    assert "---" not in doc.text
    facts = doc.facts
    assert facts.title == "Rights fears as Met ramps up tech use"
    assert facts.authors == (Person("Foot", "Tom"),)
    assert facts.date == "2025-08-01"  # 'published', not 'created' (the day it was clipped)
    assert (
        facts.url == "https://www.westendextra.co.uk/article/rights-fears-as-met-ramps-up-tech-use"
    )
    assert (
        facts.standfirst
        == "Police to double their use of live facial recognition as part of shake-up"
    )
    assert facts.basis["date"] == "Markdown header line 'published:'"


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("---\ntitle: Plain\n---\nBody", {"title": "Plain"}),
        (
            "---\ntitle: 'Quoted'\nauthor: [A One, B Two]\n---\n",
            {"title": "Quoted", "authors": (Person("One", "A"), Person("Two", "B"))},
        ),
        ("---\ndate: 2025-07\nurl: not a link\n---\n", {"date": "2025-07"}),
        ("---\ncreated: 2025-12-05\n---\n", {}),
        ("---\nunclosed: header\n\nBody text", {}),
        ("Not a header\n---\ntitle: X\n---\n", {}),
    ],
    ids=[
        "plain",
        "quoted-and-list",
        "partial-date-bad-url",
        "created-ignored",
        "unclosed",
        "not-at-start",
    ],
)
def test_read_header(text: str, values: dict[str, object]) -> None:
    assert read_header(text).values == values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Title\n\nBody", ("Title", "# Title")),
        ("\n\n#  Spaced title  #\nBody", ("Spaced title", "#  Spaced title  #")),
        ("## Second level\nBody", None),
        ("Body first\n# Later heading", None),
        ("#hashtag", None),
    ],
)
def test_leading_heading(text: str, expected: tuple[str, str] | None) -> None:
    assert leading_heading(text) == expected

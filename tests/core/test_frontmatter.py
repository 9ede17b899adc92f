"""Leading lines of stored articles become facts, never body text."""

from __future__ import annotations

from importlib.resources import files

import pytest

from drafter.core.frontmatter import split_front_matter

ARTICLES = files("drafter.resources").joinpath("articles")

# file → (first words of the body, title, publisher, authors, date, standfirst), checked by hand
STORED = [
    ("000_474a061c3fabbdc7.txt", "The Metropolitan Police will more than double", None, None, (), "2025-08-01", None),
    (
        "001_8e1c1d371a07ceae.txt",
        "The Metropolitan Police Service (Met) will double",
        "Met Police to Expand Facial Recognition Use as Part of Wider Crime Strategy",
        "OpenVoiceNews U.K.",
        (),
        "2025-07-31",
        None,
    ),
    (
        "002_8b559e0b24f3fe4a.txt",
        "Britain's biggest police force",
        "Met to double use of live facial recognition",
        None,
        (),
        None,
        "It's part of the force's plans to improve policing with less staff",
    ),
    (
        "003_3794a17cb9d2e7f6.txt",
        "THE Met Police yesterday (Thursday)",
        "Rights fears as Met ramps up tech use",
        None,
        ("Tom Foot",),
        None,  # 'Friday, 1st August' has no year: left unknown
        "Police to double their use of live facial recognition as part of shake-up",
    ),
    (
        "004_1c2985f54badc2ec.txt",
        "Ministers are set to ramp up police use of controversial facial recognition tech to cut crime as",
        None,
        None,
        ("Chay Quinn",),
        "2025-12-04",
        (
            "The Government has launched a consultation that will ask for views on how the technology "
            "should be regulated"
        ),
    ),
]


@pytest.mark.parametrize(("name", "body_begins", "title", "publisher", "authors", "date", "standfirst"), STORED)
def test_stored_article_front_matter(name, body_begins, title, publisher, authors, date, standfirst):
    text = ARTICLES.joinpath(name).read_text(encoding="utf-8")
    front = split_front_matter(text)
    assert text[front.body_start :].startswith(body_begins)
    assert (front.title, front.publisher, front.authors, front.date, front.standfirst) == (
        title,
        publisher,
        authors,
        date,
        standfirst,
    )
    # Nothing the splitter called front matter is left at the start of the body.
    for line in front.lines:
        assert not text[front.body_start :].startswith(line.text)


def test_yearless_date_is_explained_not_guessed():
    text = ARTICLES.joinpath("003_3794a17cb9d2e7f6.txt").read_text(encoding="utf-8")
    front = split_front_matter(text)
    assert front.date is None
    assert "no year" in front.basis["date"]


@pytest.mark.parametrize(
    ("text", "body_begins", "title", "authors", "date"),
    [
        # Plain prose: everything is body.
        (
            "The council said on Monday that it would review the policy in full.\nMore.",
            "The council said", None, (), None,
        ),
        # Nothing reads like prose: keep everything rather than guess.
        ("Short\nlines\nonly", "Short", None, (), None),
        ("", "", None, (), None),
        # Headline, date line, two authors.
        (
            (
                "Council backs review\n12 March 2024\nBy Ann Lee and Bo Diaz\n\nThe council backed the review of its "
                "policy on Monday after a long debate."
            ),
            "The council backed",
            "Council backs review",
            ("Ann Lee", "Bo Diaz"),
            "2024-03-12",
        ),
        # An ISO date line counts; a 'Published' label is allowed.
        (
            "Published 2025-12-04\nThe Home Office opened a consultation on a new legal framework today.",
            "The Home Office", None, (), "2025-12-04",
        ),
    ],
)
def test_front_matter_table(text, body_begins, title, authors, date):
    front = split_front_matter(text)
    assert text[front.body_start :].startswith(body_begins)
    assert front.body_start == (text.index(body_begins) if body_begins else 0)
    assert (front.title, front.authors, front.date) == (title, authors, date)

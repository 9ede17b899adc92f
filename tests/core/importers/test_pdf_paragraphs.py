"""How a PDF page's lines are joined into paragraphs and split words rejoined."""

from __future__ import annotations

import pytest

from drafter.core.importers.pdf_text import Line, Vocabulary, join_hyphenated, page_paragraphs

NO_EVIDENCE = Vocabulary(frozenset(), frozenset())


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("specific regu-", "lation of", "specific regulation of"),
        ("a well-", "known body", "a well-known body"),
        ("a self-", "regulating body", "a self-regulating body"),
        ("the twenty-", "first century", "the twenty-first century"),
        ("after COVID-", "19 rules", "after COVID-19 rules"),  # digits: the hyphen is real
        ("an Anglo-", "French treaty", "an Anglo-French treaty"),  # capital: the hyphen is real
        ("a soft\u00ad", "hyphen", "a softhyphen"),  # a soft hyphen is never text
        (
            "cyber-",
            "security",
            "cybersecurity",
        ),  # the documented limit: no evidence, no known prefix
    ],
)
def test_join_hyphenated_without_evidence(left: str, right: str, expected: str) -> None:
    assert join_hyphenated(left, right, NO_EVIDENCE) == expected


def test_the_document_itself_decides_when_it_can() -> None:
    vocabulary = Vocabulary.from_lines(["our cyber-security team", "wellbeing matters"])

    assert join_hyphenated("cyber-", "security", vocabulary) == "cyber-security"
    assert join_hyphenated("staff well-", "being", vocabulary) == "staff wellbeing"


def test_line_end_fragments_are_no_evidence() -> None:
    vocabulary = Vocabulary.from_lines(["specific regu-", "lation"])

    assert "regu" not in vocabulary.words


def _lines(*rows: tuple[str, float]) -> list[Line]:
    return [Line(text, y, 11.0) for text, y in rows]


def test_wider_gaps_separate_paragraphs() -> None:
    lines = _lines(
        ("The first paragraph runs over two lines of text on the", 700),
        ("page and then it ends.", 686),
        ("The second paragraph starts after a wider gap here and", 660),
        ("continues below.", 646),
    )

    assert page_paragraphs(lines, NO_EVIDENCE) == (
        "The first paragraph runs over two lines of text on the page and then it ends.\n\n"
        "The second paragraph starts after a wider gap here and continues below."
    )


def test_without_positions_short_lines_bullets_and_blank_lines_separate_paragraphs() -> None:
    lines = [
        Line("Summary"),
        Line("A paragraph whose lines have no positions known to us"),
        Line("ends here."),
        Line("• a bullet point"),
        Line("Another paragraph follows after the bullet and it"),
        Line("runs on"),
        Line(""),
        Line("Last one."),
    ]

    assert page_paragraphs(lines, NO_EVIDENCE) == (
        "Summary\n\n"
        "A paragraph whose lines have no positions known to us ends here.\n\n"
        "• a bullet point\n\n"
        "Another paragraph follows after the bullet and it runs on\n\n"
        "Last one."
    )


def test_a_change_of_font_size_is_a_heading() -> None:
    lines = [Line("Recommendations", 760, 14.0), Line("Parliament should act.", 744, 11.0)]

    assert page_paragraphs(lines, NO_EVIDENCE) == "Recommendations\n\nParliament should act."


def test_em_dash_at_line_end_joins_without_space() -> None:
    lines = _lines(("It was costly—", 700), ("and late.", 686))

    assert page_paragraphs(lines, NO_EVIDENCE) == "It was costly—and late."

"""Counts agree with their numbers, and a source with no title is called one thing everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafter.core.records import SourceSummary
from drafter.core.responses.counting import AnswerCount
from drafter.core.wording import UNTITLED, counted, plural

SRC = Path(__file__).resolve().parents[2] / "src" / "drafter"


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (0, "question", "0 questions"),
        (1, "question", "1 question"),
        (2, "question", "2 questions"),
        (1, "source", "1 source"),
        (5, "snippet", "5 snippets"),
        (1, "paragraph", "1 paragraph"),
        (1_200, "word", "1,200 words"),
        (1, "word", "1 word"),
    ],
)
def test_counted(count: int, noun: str, expected: str) -> None:
    assert counted(count, noun) == expected


def test_an_irregular_plural_is_given() -> None:
    assert plural(1, "entry", "entries") == "entry" and plural(3, "entry", "entries") == "entries"


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (AnswerCount(1, 3, None, None), "1 word"),
        (AnswerCount(2, 9, None, None), "2 words"),
        (AnswerCount(1, 3, 1, None), "1 of 1 word"),
        (AnswerCount(1, 3, 250, 1), "1 of 250 words, 3 of 1 character"),
        (AnswerCount(1_500, 9_000, 2_000, None), "1,500 of 2,000 words"),
    ],
)
def test_an_answers_count_agrees_with_its_numbers(count: AnswerCount, said: str) -> None:
    assert count.describe() == said


def test_a_source_without_a_title_is_an_untitled_source() -> None:
    summary = SourceSummary(id=1, title=None, publisher="LBC", date=None, authors=None)
    assert summary.display_title == UNTITLED == "Untitled source"


#: Other ways the app once named a source with no title, at the start of a string.
_OTHER_SPELLINGS = re.compile(r"""["'f](?:Untitled(?! source)|[Tt]itle unknown|\(no title\)|No title)""")


def test_no_other_spelling_of_untitled_in_the_app() -> None:
    # The importers' list of placeholder titles ("Untitled document", …) is what they refuse, not what we say.
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in SRC.rglob("*.py") if path.name != "guesses.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _OTHER_SPELLINGS.search(line)
    ]
    assert found == []

"""Question numbers of any length are read, and a question swallowing others is never silent."""

from __future__ import annotations

import pytest

from drafter.core.questions import parse_questions


def numbered(count: int, start: int = 1) -> str:
    return "".join(f"{n}. Do you agree with proposal {n}?\n" for n in range(start, start + count))


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (numbered(3, start=998), ["998", "999", "1000"]),
        (numbered(2, start=1233), ["1233", "1234"]),
        ("Q999 First?\nQ1000 Second?\nQuestion 10001: Third?\n", ["999", "1000", "10001"]),
        ("(1000) First?\n(1001) Second?\n", ["1000", "1001"]),
        ("1000a) First part?\n1000b) Second part?\n", ["1000a", "1000b"]),
        ("007. Leading zeros?\n008. Kept out of the label?\n", ["7", "8"]),
    ],
)
def test_numbers_of_any_length_start_a_question(text: str, labels: list[str]) -> None:
    assert [q.label for q in parse_questions(text).questions] == labels


def test_a_list_of_ten_thousand_questions_is_ten_thousand_questions() -> None:
    parsed = parse_questions(numbered(10_000))
    assert len(parsed.questions) == 10_000
    assert parsed.questions[-1].label == "10000"
    assert parsed.questions[-1].text == "Do you agree with proposal 10000?"
    assert parsed.warnings == ()
    assert not any("comes straight after" in n for n in parsed.notes)


def test_a_number_too_long_for_python_s_int_is_still_a_label() -> None:
    huge = "9" * 5_000
    parsed = parse_questions(f"1. First?\n{huge}. Second?\n")
    assert [q.label for q in parsed.questions] == ["1", huge]


LONG = "This question goes on " * 100  # 2,200 characters


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        (f"1. Short?\n2. Also short?\n3. {LONG}?\n4. Short again?\n", ["3"]),
        ("1. Short?\n2. Also short?\n3. A little longer than the others, but a real question?\n", []),
        (f"1. {LONG}?\n2. {LONG}?\n3. {LONG}?\n", []),  # all long: none stands out
        (f"1. {'word ' * 2_500}?\n", ["1"]),  # one question longer than any consultation's
        # Numbers the parser can't read as numbers ('1000' once was not) would be wording:
        (f"1. Short?\n2. Short?\n3. Short?\n{LONG}\n", ["3"]),
    ],
)
def test_a_question_far_longer_than_the_others_is_a_warning(text: str, warned: list[str]) -> None:
    parsed = parse_questions(text)
    assert len(parsed.warnings) == len(warned)
    for label, warning in zip(warned, parsed.warnings, strict=True):
        assert warning.startswith(f"Question {label} is much longer than the others")
        assert "several questions read as one" in warning

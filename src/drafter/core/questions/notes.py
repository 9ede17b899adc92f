"""The remarks shown in the import review dialog, worded for the person reviewing.

Every guess the parser makes that the user should check gets a note here: a
line it skipped, a number it counted rather than read, a number printed twice.
"""

from __future__ import annotations

from collections import defaultdict

from drafter.core.questions.lines import SourceLine, excerpt
from drafter.core.questions.model import ParsedQuestion
from drafter.core.questions.patterns import number_value

#: A question this many times longer than the typical one is probably several read as one.
LONGER_THAN_TYPICAL = 10
#: ... but only once it is this long: a long question among one-line ones is common.
LONG_QUESTION_CHARS = 1_500
#: Longer than any consultation question, however many there are.
LONGEST_QUESTION_CHARS = 10_000


def ignored(line: SourceLine) -> str:
    return (
        f"{line.where} was not recognised as part of any question and was ignored: "
        f"'{excerpt(line.text)}'"
    )


def instruction(line: SourceLine) -> str:
    return (
        f"{line.where} was read as an instruction on how to answer and left out: "
        f"'{excerpt(line.text)}'"
    )


def unused_heading(line: SourceLine) -> str:
    return (
        f"{line.where} looks like a heading, but no question follows it, so it was "
        f"ignored: '{excerpt(line.text)}'"
    )


def no_wording(where: str, label: str) -> str:
    return f"{where} has the question number {label} but no wording, so it was left out."


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def numbering_notes(questions: list[tuple[str, str, str]]) -> list[str]:
    """Notes on (label, where, origin) of the kept questions, in order."""
    notes: list[str] = []
    counted = [label for label, _, origin in questions if origin == "bullet"]
    if counted:
        notes.append(
            f"The questions had no numbers, so they were numbered 1 to {len(counted)} "
            "in the order they appear."
        )
    from_word = [label for label, _, origin in questions if origin == "word"]
    if from_word:
        notes.append(
            f"{'Questions' if len(from_word) > 1 else 'Question'} {_join(from_word)} "
            "use Word's automatic numbering, which is not stored in the text; the "
            "numbers were counted in list order. Check them against the document."
        )
    places: dict[str, list[str]] = defaultdict(list)
    for label, where, _ in questions:
        places[label].append(where)
    for label, wheres in places.items():
        if len(wheres) > 1:
            # Kept as printed rather than renumbered: the user's answer must match
            # the consultation's own numbering, so only the user can resolve this.
            notes.append(
                f"More than one question is numbered {label} ({_join(wheres)}). "
                "All of them were kept: check the numbering."
            )
    previous: int | None = None
    for label, _, origin in questions:
        if not label.isdigit() or origin == "bullet" or (number := number_value(label)) is None:
            continue
        # A restart at 1 is a new part numbering afresh; its duplicates are noted above.
        if previous is not None and number not in (1, previous, previous + 1):
            notes.append(
                f"Question {number} comes straight after question {previous}: check "
                "that no question is missing or misnumbered."
            )
        previous = number
    return notes


def length_warnings(questions: tuple[ParsedQuestion, ...]) -> list[str]:
    """A warning for each question far longer than the others: lines that were meant to start
    questions of their own may have been read as its wording. Never merged silently."""
    lengths = sorted(len(q.text) for q in questions)
    typical = lengths[(len(lengths) - 1) // 2]  # the median (the lower one of an even count)
    warnings = []
    for q in questions:
        size = len(q.text)
        far_longer = len(questions) >= 3 and size > LONGER_THAN_TYPICAL * max(typical, 1)
        if size > LONGEST_QUESTION_CHARS or (far_longer and size > LONG_QUESTION_CHARS):
            warnings.append(
                f"Question {excerpt(q.label) or '(unnumbered)'} is much longer than the others ({size:,} characters, "
                f"where most have about {typical:,}): check that it is not several questions read as one."
            )
    return warnings

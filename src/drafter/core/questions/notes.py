"""The remarks shown in the import review dialog, worded for the person reviewing.

Every guess the parser makes that the user should check gets a note here: a
line it skipped, a number it counted rather than read, a number printed twice.
"""

from __future__ import annotations

from collections import defaultdict

from drafter.core.questions.lines import SourceLine, excerpt


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
        if not label.isdigit() or origin == "bullet":
            continue
        number = int(label)
        # A restart at 1 is a new part numbering afresh; its duplicates are noted above.
        if previous is not None and number not in (1, previous, previous + 1):
            notes.append(
                f"Question {number} comes straight after question {previous}: check "
                "that no question is missing or misnumbered."
            )
        previous = number
    return notes

"""What one line looks like on its own, before its neighbours are considered.

The order of the checks matters: a number beats everything (a numbered line is
a question whatever it says), a checkbox beats a bullet, and an answer such as
'Agree' is an option before it is a Title Case heading.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafter.core.questions.lines import SourceLine
from drafter.core.questions.options import checkbox_options, inline_options
from drafter.core.questions.patterns import (
    heading_strength,
    is_instruction,
    is_limit_line,
    is_prompt,
    match_bullet,
    match_letter,
    match_number,
)


@dataclass(frozen=True)
class Shape:
    """kind: question, letter, bullet, checkbox, options, prompt,
    instruction, limit, heading or text."""

    kind: str
    rest: str = ""  # the line after its number or marker
    label: str = ""  # question: its normalised label; letter: the letter
    items: tuple[str, ...] = ()  # checkbox and options
    strong: bool = False  # heading: 'Part 2', a Word heading style
    explicit: bool = False  # question: 'Q1' / 'Question 1'
    origin: str = "typed"  # 'word' when the number is Word's automatic numbering


def classify(line: SourceLine) -> Shape:
    text = line.text
    if line.auto_kind in ("number", "letter") and line.auto_label:
        kind = "question" if line.auto_kind == "number" else "letter"
        return Shape(kind, text, line.auto_label, origin="word")
    numbered = match_number(text)
    if numbered is not None:
        return Shape("question", numbered.rest, numbered.label, explicit=numbered.explicit_prefix)
    if line.auto_kind == "bullet":
        return Shape("bullet", text)
    boxes = checkbox_options(text)
    if boxes:
        return Shape("checkbox", items=tuple(boxes))
    letter = match_letter(text)
    if letter is not None:
        return Shape("letter", letter[1], letter[0])
    bullet = match_bullet(text)
    if bullet is not None:
        return Shape("bullet", bullet)
    strength = heading_strength(text)
    if strength == "strong" or ((line.heading_style or line.title_style) and "?" not in text):
        return Shape("heading", strong=True)
    if is_prompt(text):
        return Shape("prompt")
    if is_instruction(text):
        return Shape("instruction")
    if is_limit_line(text):
        return Shape("limit")
    options = inline_options(text)
    if options:
        return Shape("options", items=tuple(options))
    if strength == "weak":
        return Shape("heading")
    return Shape("text")

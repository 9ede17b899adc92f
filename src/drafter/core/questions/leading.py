"""The lines before the first question: a title, perhaps a section heading.

Kept apart from the main walk because it looks both ways: whether the line just
before question 1 is a section heading depends on whether headings come later.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafter.core.questions.lines import SourceLine, normalise_spaces
from drafter.core.questions.patterns import ends_sentence
from drafter.core.questions.shapes import Shape


@dataclass(frozen=True)
class Leading:
    title: str | None
    section: str | None
    ignored: tuple[int, ...]  # indexes of lines that are neither


def read_leading(lines: list[SourceLine], shapes: list[Shape], first: int) -> Leading:
    lead = list(range(first))
    section = None
    if lead and shapes[lead[-1]].kind == "heading":
        later = any(shape.kind == "heading" for shape in shapes[first:])
        # One line alone before question 1 is a title, unless it is plainly a
        # section ('Part 1: Scope') or the questions go on to have sections.
        worded = [i for i in lead if _has_words(lines[i])]
        if shapes[lead[-1]].strong or len(worded) >= 2 or later:
            section = lines[lead.pop()].text
    title_lines = _title_lines(lines, lead)
    candidate = normalise_spaces(" ".join(lines[i].text for i in title_lines))
    kinds_ok = all(shapes[i].kind in ("text", "heading") for i in title_lines)
    # A sentence ending in a full stop is an introduction, not a title.
    sentence = "?" in candidate or candidate.endswith(".") or len(candidate) > 250
    if title_lines and kinds_ok and not sentence:
        return Leading(candidate, section, tuple(i for i in lead if i not in title_lines))
    return Leading(None, section, tuple(lead))


def _has_words(line: SourceLine) -> bool:
    return any(ch.isalpha() for ch in line.text)


def _title_lines(lines: list[SourceLine], lead: list[int]) -> list[int]:
    styled = [i for i in lead if lines[i].title_style]
    if styled:
        return styled[:1]
    # Skip page numbers and other lines without words above the title.
    worded = [i for i in lead if _has_words(lines[i])]
    if not worded:
        return []
    start = lead.index(worded[0])
    title = [lead[start]]
    # A long title wraps: take up to three lines of its paragraph.
    for nxt in lead[start + 1 : start + 3]:
        if lines[nxt].blank_before or ends_sentence(lines[title[-1]].text):
            break
        title.append(nxt)
    return title

"""Closed answer options: 'Agree / Disagree', '☐ Yes', or one answer per line.

A line is only read as options when its items are short and, where the
separator is ambiguous, include answers that closed consultation questions
actually use; otherwise ordinary prose with commas would become options.
"""

from __future__ import annotations

import re

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
# fmt: off
_VOCABULARY = frozenset(
    {
        "yes", "no", "agree", "disagree", "strongly agree", "strongly disagree",
        "tend to agree", "tend to disagree", "somewhat agree", "somewhat disagree",
        "slightly agree", "slightly disagree", "mostly agree", "mostly disagree",
        "partly agree", "partly disagree", "neither agree nor disagree",
        "neither agree or disagree", "neutral", "neither", "don't know", "do not know",
        "dont know", "not sure", "unsure", "no opinion", "no view", "prefer not to say",
        "not applicable", "n/a", "other", "partly", "partially", "in part", "maybe",
        "support", "oppose", "strongly support", "strongly oppose",
        "neither support nor oppose", "yes, in part", "likely", "unlikely", "very likely",
        "very unlikely", "none",
    }
)
# fmt: on


def is_vocabulary_option(item: str) -> bool:
    """True for the answers closed consultation questions use: 'Agree', 'Don’t know'…"""
    key = item.translate(_APOSTROPHES).lower()
    key = re.sub(r"\s*\([^()]*\)$", "", key)  # 'Other (please specify)'
    key = " ".join(key.split()).strip(" .;:,")
    return key in _VOCABULARY


_QUESTION_START = re.compile(
    r"^(?:what|which|how|why|who|whom|whose|when|where|whether|do|does|did|should|would|"
    r"could|can|is|are|was|were|will|has|have|please|describe|explain|tell|give|list|outline|"
    r"provide|set\s+out|to\s+what\s+extent|in\s+your\s+view)\b",
    re.IGNORECASE,
)


def question_like(item: str) -> bool:
    return "?" in item or bool(_QUESTION_START.match(item))


def option_like(item: str) -> bool:
    """Short enough and plain enough to be one answer in a list of choices."""
    if is_vocabulary_option(item):
        return True
    return (
        bool(item)
        and not question_like(item)
        and len(item) <= 80
        and len(item.split()) <= 8
        and not item.endswith(":")
    )


_CHECKBOX = re.compile(r"[☐□❏❑◻⬜☑☒○◯⚪❍]|\[\s?[xX✓]?\s?\]|\(\s\)")


def checkbox_options(line: str) -> list[str] | None:
    """'☐ Agree' or '☐ Yes ☐ No' or 'Yes [ ] No [ ]': options marked by boxes."""
    marks = list(_CHECKBOX.finditer(line))
    if not marks or (marks[0].start() != 0 and marks[-1].end() != len(line)):
        return None
    items = [part.strip(" \t-–") for part in _CHECKBOX.split(line)]
    items = [item for item in items if item]
    if len(marks) > 1 and not all(option_like(item) for item in items):
        return None
    return items or None


_SEPARATORS = (
    re.compile(r"\s*\|\s*"),
    re.compile(r"\s+/\s+"),
    re.compile(r"\s*/\s*"),
    re.compile(r"\s*\t\s*"),
    re.compile(r"\s*;\s*"),
    re.compile(r"\s*,\s*"),
)


def inline_options(line: str) -> list[str] | None:
    """'Agree / Disagree / Don't know', 'Yes | No', 'Yes, No, Not sure', or one 'Agree'."""
    if "?" in line:
        return None
    if is_vocabulary_option(line):
        return [line.strip()]
    for separator in _SEPARATORS:
        items = [item.strip() for item in separator.split(line)]
        if len(items) < 2 or not all(items):
            continue
        short = all(
            len(item) <= 50 and len(item.split()) <= 6 and not item.endswith(".") for item in items
        )
        known = sum(is_vocabulary_option(item) for item in items)
        # A comma also separates ordinary phrases, so it needs more known answers.
        needed = (len(items) + 1) // 2 if separator is _SEPARATORS[-1] else 1
        if short and known >= needed:
            return items
    return None


_TRAILING_BRACKETS = re.compile(r"\s*[(\[](?P<inner>[^()\[\]]*)[)\]]\s*\.?$")
_AFTER_QUESTION_MARK = re.compile(r"(?<=\?)\s+(?P<inner>[^?]+)$")


def split_trailing_options(text: str) -> tuple[str, list[str] | None]:
    """'Do you agree? (Yes/No)' or 'Do you agree? Yes / No' -> ('Do you agree?', ['Yes', 'No'])."""
    found = _TRAILING_BRACKETS.search(text) or _AFTER_QUESTION_MARK.search(text)
    if found:
        options = inline_options(found.group("inner").strip())
        if options and len(options) > 1:
            # Keep the question mark: only the answers are cut off.
            return text[: found.start()], options
    return text, None

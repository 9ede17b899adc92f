"""Words the app uses in many places, so they read the same everywhere.

Counts ("1 question", "2 questions") and the name of a source with no title
are said here once, for the window and the command line alike.
"""

from __future__ import annotations

#: What a source with no known title is called wherever it is named.
UNTITLED = "Untitled source"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``noun`` in the number that goes with ``count``: "question" or "questions".

    ``many`` is the plural where it is not the noun with an "s" (every noun Drafter
    counts today takes an "s").
    """
    if count == 1:
        return noun
    return many if many is not None else f"{noun}s"


def counted(count: int, noun: str, many: str | None = None) -> str:
    """A count and its noun in agreement, thousands grouped: "1 question", "1,200 words", "0 snippets"."""
    return f"{count:,} {plural(count, noun, many)}"

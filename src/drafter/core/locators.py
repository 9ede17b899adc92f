"""Pinpoints as people write them: 'p 3', 'pp 3-4', 'para 12', '[12]', 's 64(2)', or a bare number (a page).

One reading for every place that takes a pinpoint: the user's own pinpoint on a
quotation (checked when it is set), and the citation engine's input (CSL's
locator labels ``page``, ``paragraph``, ``section``, ``chapter``, ``line``, ``note``).
"""

from __future__ import annotations

import re

from drafter.core.errors import DrafterError

_LOCATOR_LABELS = {
    "page": ("p", "p.", "pp", "pp.", "pg", "page", "pages"),
    "paragraph": ("para", "para.", "paras", "paras.", "paragraph", "paragraphs", "\u00b6", "\u00b6\u00b6"),
    "section": ("s", "s.", "ss", "ss.", "sec", "sec.", "sect", "sect.", "section", "sections"),
    "chapter": ("ch", "ch.", "chap", "chap.", "chapter", "chapters"),
    "line": ("l", "l.", "ll", "ll.", "line", "lines"),
    "note": ("n", "n.", "nn", "nn.", "note", "notes"),
}
_LABEL_OF = {alias: term for term, aliases in _LOCATOR_LABELS.items() for alias in aliases}
# The value may hold subsections and numbered paragraphs: 's 64(2)', 'para 2.14'.
_LOCATOR = re.compile(r"^(?:(?P<label>[^\W\d][\w.]*|\u00b6+)\s*)?(?P<value>\d[\w\s,.()\-\u2013]*)$")
_BRACKETED = re.compile(r"^\[(?P<value>\d[\d\s,\-\u2013\[\]]*)\]$")


class LocatorError(DrafterError):
    """A pinpoint that no citation can take."""


def parse_locator(locator: str | None) -> tuple[str, str] | None:
    """(the CSL locator label, the value) for a pinpoint; None for none. Raises LocatorError."""
    text = " ".join((locator or "").split())
    if not text:
        return None
    if bracketed := _BRACKETED.match(text):  # [12]: OSCOLA's way of writing paragraph 12
        return "paragraph", bracketed["value"].replace("[", "").replace("]", "")
    match = _LOCATOR.match(text)
    label = (match["label"] or "page").casefold() if match else None
    if match is None or label not in _LABEL_OF:
        raise LocatorError(
            f"The pinpoint {locator!r} can't be used in a citation.",
            hint="Write it like 'p 3', 'pp 3-4', 'para 12' or 's 2'.",
        )
    return _LABEL_OF[label], match["value"].strip()

"""The language a style renders in, and the quotation marks it puts around quotations.

A CSL style may name its language (OSCOLA: ``default-locale="en-GB"``); APA's
and Cite Them Right's files name none, as CSL means them to follow the user's
language. Each guide is written for one language all the same, so a style that
names none renders in its guide's own (APA: American English, "double" quotes
with the comma inside; Cite Them Right: British English), else British English,
the language our users write to UK bodies in.

The marks Drafter itself puts around a run-in quotation are the guide's, not the
locale's: Cite Them Right (12th ed., "Quotations") sets a short quotation in
‘single’ marks, as it does titles, with “double” ones inside. A quotation that
itself quotes gets its inner marks swapped to the other form; a block quotation
has no marks of its own, so marks inside it take the style's outer form.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafter.core.citations.model import StyleInfo

FALLBACK_LOCALE = "en-GB"

#: The language of each guide whose style file names none (by the id of the
#: style, or of its independent parent).
HOME_LOCALES = {"apa": "en-US", "harvard-cite-them-right": "en-GB"}


@dataclass(frozen=True)
class QuoteMarks:
    """A style's quotation marks: the outer pair and the pair for a quotation inside it."""

    open: str
    close: str
    inner_open: str
    inner_close: str

    def inner(self) -> QuoteMarks:
        return QuoteMarks(self.inner_open, self.inner_close, self.open, self.close)


SINGLE = QuoteMarks("\u2018", "\u2019", "\u201c", "\u201d")
DOUBLE = SINGLE.inner()

#: Run-in quotations: OSCOLA 4th ed. §1.5.1 and Cite Them Right 12th ed. (Quotations)
#: ‘single’, “double” inside; APA 7 §8.26 “double”, ‘single’ inside.
_MARKS = {"oscola": SINGLE, "apa": DOUBLE, "harvard-cite-them-right": SINGLE}


#: An omission inside a quotation: OSCOLA 4th ed. §1.6.2 and Cite Them Right an ellipsis
#: (…); APA 7 §8.31 three spaced full stops.
_OMISSIONS = {"apa": ". . ."}


def omission_mark(style: StyleInfo) -> str:
    """How ``style`` marks words left out of a quotation."""
    for key in (style.id, style.parent):
        if key in _OMISSIONS:
            return _OMISSIONS[key]
    return "\u2026"


def style_locale(style: StyleInfo) -> str:
    """The language ``style`` renders in unless the user asks for another."""
    return style.locale or HOME_LOCALES.get(style.parent or style.id) or FALLBACK_LOCALE


def quote_marks(style: StyleInfo, locale: str | None = None) -> QuoteMarks:
    """The marks around a run-in quotation in ``style`` (rendered in ``locale``, default its own)."""
    for key in (style.id, style.parent):
        if key in _MARKS:
            return _MARKS[key]
    return DOUBLE if (locale or style_locale(style)).startswith("en-US") else SINGLE


_OPENERS = {"\u2018": "single", "\u201c": "double"}
_CLOSERS = {"\u2019": "single", "\u201d": "double"}
_STRAIGHT = {"'": "single", '"': "double"}
_BEFORE_OPEN = " \t\n([{\u2013\u2014/-"


def swap_marks(text: str, marks: QuoteMarks) -> str:
    """``text`` with each pair of quotation marks in it set in ``marks``, nested pairs alternating.

    Only marks that pair up are changed; an apostrophe (the Met’s, officers’) or a
    mark left open stays as the source has it.
    """
    stack: list[tuple[int, str]] = []
    pairs: list[tuple[int, int, int]] = []  # (opening index, closing index, depth from 1)
    for i, c in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        kind = _OPENERS.get(c) or _CLOSERS.get(c) or _STRAIGHT.get(c)
        if kind is None:
            continue
        closes = stack and stack[-1][1] == kind and not before.isspace()
        if c in _CLOSERS or (c in _STRAIGHT and closes):
            if before.isalnum() and after.isalnum():
                continue  # an apostrophe inside a word
            if closes:
                start, _ = stack.pop()
                pairs.append((start, i, len(stack) + 1))
            continue
        if c in _OPENERS or (before in _BEFORE_OPEN and not after.isspace()):
            stack.append((i, kind))
    chars = list(text)
    for start, end, depth in pairs:
        pair = marks if depth % 2 else marks.inner()
        chars[start], chars[end] = pair.open, pair.close
    return "".join(chars)

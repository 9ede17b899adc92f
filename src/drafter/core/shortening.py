"""Quotations with omissions and bracketed alterations, checked piece by piece.

Real submissions shorten what they quote: "the technology … is very responsibly
used", "[the Met] will deploy it". The user writes the quotation as it should be
printed, with an ellipsis (…, or three full stops) where words are left out and
square brackets around their own words; the snippet stays the exact passage of
the source. ``match`` reads such a form against the snippet's text: every piece
outside the marks must be the snippet's own characters, in order, and

- an ellipsis must stand for at least one character left out;
- a bracket replaces what lies between its neighbours (a capital letter "[T]he",
  a name "[the Met]") or is inserted ("[sic]"); it may not hide a passage longer
  than ``MAX_BRACKETED`` characters, which is an omission and needs its ellipsis;
- two pieces with nothing between them in the form must be next to each other in
  the snippet: no word is left out without its mark;
- words may be left off the start and the end without a mark: the guides ask for
  no ellipsis there (OSCOLA 4th ed 1.6.2, APA 7 §8.31).

Whitespace is compared loosely (any run of spaces and line breaks matches any
other), everything else exactly. The module is hand-written because no library of
the field checks a shortened quotation against its source; it is small and pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.core.errors import DrafterError

#: The longest passage a bracketed alteration may stand for.
MAX_BRACKETED = 60

#: How the form stores an omission; each style prints it in its own form (``citations.quotes.omission_mark``).
ELLIPSIS = "…"

_TOKEN = re.compile(r"(\[[^\[\]\n]*\]|…|\.\s?\.\s?\.)")
_SPACE = re.compile(r"\s+")


class ShorteningError(DrafterError):
    """A shortened quotation that does not follow from its snippet; the message says where."""


@dataclass(frozen=True)
class Piece:
    """One part of a shortened quotation: the source's own words, an omission, or the user's bracketed words."""

    kind: str  # "words" | "omission" | "bracket"
    text: str  # the words, or the bracket's contents; "" for an omission
    start: int = -1  # for words: where they stand in the snippet's text
    end: int = -1


def parse(form: str) -> list[Piece]:
    """The form's pieces, in order (no positions yet). Raises ShorteningError on a form that says nothing."""
    pieces: list[Piece] = []
    for part in _TOKEN.split(form):
        if not part:
            continue
        if part.startswith("[") and part.endswith("]"):
            pieces.append(Piece("bracket", part[1:-1]))
        elif _TOKEN.fullmatch(part):
            if pieces and pieces[-1].kind == "omission":
                continue  # two marks in a row are one omission
            pieces.append(Piece("omission", ""))
        elif part.strip():
            pieces.append(Piece("words", part))
        elif pieces and pieces[-1].kind == "words":
            pieces[-1] = Piece("words", pieces[-1].text + part)
    if not any(p.kind == "words" for p in pieces):
        raise ShorteningError("A shortened quotation must keep some of the source's words.")
    for piece in pieces:
        if piece.kind == "bracket" and not piece.text.strip():
            raise ShorteningError("Square brackets must hold the words you put in, e.g. “[the Met]”.")
    return pieces


def _pattern(words: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in _SPACE.split(words.strip())]
    return re.compile(r"\s+".join(parts))


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def match(form: str, snippet_text: str) -> list[Piece]:
    """The form's pieces with the place of every piece of words in ``snippet_text``.

    Raises ShorteningError, naming the first piece that does not follow, when the
    form is not the snippet shortened by marked omissions and alterations.
    """
    pieces = parse(form)
    placed: list[Piece] = []
    at = 0
    marks: set[str] = set()  # the marks between the last words and the next
    first = True
    for piece in pieces:
        if piece.kind != "words":
            marks.add(piece.kind)
            placed.append(piece)
            continue
        mark = "omission" if "omission" in marks else ("bracket" if marks else None)
        found = _pattern(piece.text).search(snippet_text, at)
        if found is None:
            raise ShorteningError(_not_found(piece.text, snippet_text, at, first))
        gap = snippet_text[at:found.start()]
        if not first:
            _check_gap(gap, mark, piece.text)
        elif mark == "omission" and not gap.strip():
            raise ShorteningError(f"The omission before “{_excerpt(piece.text)}” leaves nothing out.")
        placed.append(Piece("words", piece.text, found.start(), found.end()))
        at, marks, first = found.end(), set(), False
    if "omission" in marks and not snippet_text[at:].strip():
        raise ShorteningError("The omission at the end leaves nothing out.")
    return placed


def _tail(text: str, limit: int = 40) -> str:
    """The end of ``text`` (where the words are missing), cut at a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return "…" + text[-limit:].split(" ", 1)[-1]


def _not_found(words: str, snippet_text: str, at: int, first: bool) -> str:
    """Why ``words`` were not found: words left out without a mark, or words the snippet does not have."""
    parts = words.split()
    for cut in range(len(parts) - 1, 0, -1):
        head, tail = " ".join(parts[:cut]), " ".join(parts[cut:])
        found = _pattern(head).search(snippet_text, at)
        if found is not None and _pattern(tail).search(snippet_text, found.end()) is not None:
            return (f"Words are left out after “{_tail(head)}” without an ellipsis. "
                    "Mark the omission with … or keep the words.")
    return f"“{_excerpt(words)}” is not in the snippet" + ("" if first else " after the words before it") + "."


def _check_gap(gap: str, mark: str | None, after: str) -> None:
    if mark is None and gap.strip():
        raise ShorteningError(f"Words are left out before “{_excerpt(after)}” without an ellipsis: "
                              f"“{_excerpt(gap)}”. Mark the omission with … or keep the words.")
    if mark == "omission" and not gap.strip():
        raise ShorteningError(f"The omission before “{_excerpt(after)}” leaves nothing out.")
    if mark == "bracket" and len(gap.strip()) > MAX_BRACKETED:
        raise ShorteningError(f"The words in square brackets before “{_excerpt(after)}” stand for a long passage "
                              f"(“{_excerpt(gap)}”). Mark it as an omission with … instead.")


def check(form: str, snippet_text: str) -> str | None:
    """None when ``form`` follows from the snippet, else the reason it does not (for the readiness check)."""
    try:
        match(form, snippet_text)
    except ShorteningError as exc:
        return str(exc)
    return None


def normalise(form: str, snippet_text: str) -> str | None:
    """The form to store: checked, its omissions written as one "…" with single spaces; None means the whole snippet.

    Raises ShorteningError when the form does not follow from the snippet.
    """
    form = form.strip()
    if not form or " ".join(form.split()) == " ".join(snippet_text.split()):
        return None
    match(form, snippet_text)
    return render(form)


def render(form: str, ellipsis: str = ELLIPSIS) -> str:
    """The form as printed, each omission as ``ellipsis`` with a space either side (a style's own form)."""
    out: list[str] = []
    for piece in parse(form):
        if piece.kind == "words":
            out.append(piece.text)
        elif piece.kind == "bracket":
            out.append(f"[{piece.text}]")
        else:
            left = out[-1] if out else ""
            out.append(("" if not out or left.endswith((" ", "\n")) else " ") + ellipsis + " ")
    text = "".join(out)
    text = re.sub(r" +", " ", text)
    return text.strip()


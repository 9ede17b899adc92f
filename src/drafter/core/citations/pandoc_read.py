"""Reading pandoc's answer back as runs of formatted text.

Only the formats a citation style can ask for survive: italic, bold, small
capitals and superscript, the four a Word run needs to set. Links become the
plain text they show (the URL), because a printed submission shows the address.

An export reads back a few thousand pieces of text, so the walk works on plain
tuples (text, formats) and makes a ``Run`` only for each finished run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from drafter.core.citations.model import CitationError, Run

# The formats of a piece of text: (italic, bold, small_caps, superscript), as Run has them.
_Formats = tuple[bool, bool, bool, bool]
_Piece = tuple[str, _Formats]

_PLAIN: _Formats = (False, False, False, False)
# Which slot of _Formats each pandoc container switches on.
_CONTAINERS = {"Emph": 0, "Strong": 1, "SmallCaps": 2, "Superscript": 3}
# Spans citeproc uses to switch a format off inside text that has it on
# (CSL's font-style="normal" inside an italic title, for instance).
_RESETS = {"csl-no-emph": 0, "csl-no-strong": 1, "csl-no-smallcaps": 2}
_QUOTES = {"SingleQuote": ("\u2018", "\u2019"), "DoubleQuote": ("\u201c", "\u201d")}
_BLANKS = frozenset({"Space", "SoftBreak", "LineBreak"})
_TRANSPARENT = frozenset({"Underline", "Strikeout", "Subscript"})  # no such format in a citation run


def rendered_citations(document: dict[str, Any]) -> list[tuple[Run, ...]]:
    """Each citation's formatted text, in document order."""
    return [to_runs(content) for content in _cites(document.get("blocks", []))]


def rendered_bibliography(document: dict[str, Any]) -> list[tuple[Run, ...]]:
    """Each bibliography entry, in the order the style sorts them."""
    refs = next(_divs_with_id(document.get("blocks", []), "refs"), None)
    if refs is None:
        return []
    entries = []
    for block in refs["c"][1]:
        if block.get("t") != "Div":
            continue
        inlines: list[Any] = []
        for part in block["c"][1]:
            if inlines:
                inlines.append({"t": "Space"})
            inlines += _block_inlines(part)
        entries.append(to_runs(inlines))
    return entries


def to_runs(inlines: list[Any]) -> tuple[Run, ...]:
    """Pandoc inlines → runs: neighbouring text of one format merged, blanks never doubled."""
    pieces: list[_Piece] = []
    _flatten(inlines, _PLAIN, pieces)
    texts: list[str] = []
    formats: list[_Formats] = []
    for text, piece_formats in pieces:
        if not texts or texts[-1].endswith(" "):
            text = text.lstrip(" ")  # no blank at the start, none doubled where two pieces meet
        if not text:
            continue
        if texts and formats[-1] == piece_formats:
            texts[-1] += text
        else:
            texts.append(text)
            formats.append(piece_formats)
    if texts:
        texts[-1] = texts[-1].rstrip(" ")
    return tuple(Run(text, *f) for text, f in zip(texts, formats, strict=True) if text)


def _flatten(inlines: list[Any], formats: _Formats, out: list[_Piece]) -> None:
    """Append the pieces of text of ``inlines``, each with the formats it is shown in."""
    for node in inlines:
        kind, content = node.get("t"), node.get("c")
        if kind == "Str":
            out.append((content, formats))
        elif kind in _BLANKS:
            out.append((" ", formats))
        elif kind == "Span":
            _span(content, formats, out)
        elif kind in _CONTAINERS:
            _flatten(content, _switched(formats, _CONTAINERS[kind], True), out)
        elif kind == "Quoted":
            opening, closing = _QUOTES[content[0]["t"]]
            out.append((opening, formats))
            _flatten(content[1], formats, out)
            out.append((closing, formats))
        elif kind == "Link":
            _flatten(content[1] or [{"t": "Str", "c": content[2][0]}], formats, out)
        elif kind in ("Code", "Math"):
            out.append((content[-1], formats))
        elif kind in _TRANSPARENT:
            _flatten(content, formats, out)
        elif kind == "Cite" or kind == "Image":
            _flatten(content[1], formats, out)
        # RawInline and Note carry nothing a citation prints.


def _switched(formats: _Formats, slot: int, on: bool) -> _Formats:
    if formats[slot] == on:
        return formats
    changed = list(formats)
    changed[slot] = on
    return (changed[0], changed[1], changed[2], changed[3])


def _span(content: list[Any], formats: _Formats, out: list[_Piece]) -> None:
    (_, classes, _), inlines = content
    inner = formats
    for name in classes:
        if name in _RESETS:
            inner = _switched(inner, _RESETS[name], False)
    before = len(out)
    _flatten(inlines, inner, out)
    # A numeric style's bibliography puts the number and the entry in two spans
    # (csl-left-margin, csl-right-inline) meant for two columns; keep them apart.
    if "csl-left-margin" in classes and len(out) > before:
        out.append((" ", formats))


def _cites(node: Any, found: list[list[Any]] | None = None) -> list[list[Any]]:
    """The rendered inlines of every Cite under ``node``, in document order (not the reference list's)."""
    found = [] if found is None else found
    if isinstance(node, list):
        for child in node:
            if isinstance(child, (list, dict)):
                _cites(child, found)
    elif isinstance(node, dict):
        kind = node.get("t")
        if kind == "Cite":
            found.append(node["c"][1])
        elif not (kind == "Div" and node["c"][0][0] == "refs"):
            _cites(node.get("c"), found)
    return found


def _divs_with_id(node: Any, wanted: str) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for child in node:
            yield from _divs_with_id(child, wanted)
    elif isinstance(node, dict):
        if node.get("t") == "Div" and node["c"][0][0] == wanted:
            yield node
        else:
            yield from _divs_with_id(node.get("c"), wanted)


def _block_inlines(block: dict[str, Any]) -> list[Any]:
    if block.get("t") in ("Para", "Plain"):
        return list(block["c"])
    if block.get("t") == "Div":
        joined: list[Any] = []
        for inner in block["c"][1]:
            joined += ([{"t": "Space"}] if joined else []) + _block_inlines(inner)
        return joined
    raise CitationError("The citation formatter gave an answer Drafter can't read.")

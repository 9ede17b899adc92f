"""Reading pandoc's answer back as runs of formatted text.

Only the formats a citation style can ask for survive: italic, bold, small
capitals and superscript, the four a Word run needs to set. Links become the
plain text they show (the URL), because a printed submission shows the address.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from drafter.core.citations.model import CitationError, Run

_PLAIN = Run("")
_CONTAINERS = {
    "Emph": "italic",
    "Strong": "bold",
    "SmallCaps": "small_caps",
    "Superscript": "superscript",
}
# Spans citeproc uses to switch a format off inside text that has it on
# (CSL's font-style="normal" inside an italic title, for instance).
_RESETS = {"csl-no-emph": "italic", "csl-no-strong": "bold", "csl-no-smallcaps": "small_caps"}
_QUOTES = {"SingleQuote": ("\u2018", "\u2019"), "DoubleQuote": ("\u201c", "\u201d")}


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
    runs: list[Run] = []
    for piece in _flatten(inlines, _PLAIN):
        text = piece.text
        if not runs or runs[-1].text.endswith(" "):
            text = text.lstrip(" ")  # no blank at the start, none doubled where two pieces meet
        if not text:
            continue
        if runs and replace(runs[-1], text="") == replace(piece, text=""):
            runs[-1] = replace(runs[-1], text=runs[-1].text + text)
        else:
            runs.append(replace(piece, text=text))
    if runs:
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip(" "))
    return tuple(run for run in runs if run.text)


def _flatten(inlines: list[Any], style: Run) -> Iterator[Run]:
    for node in inlines:
        kind, content = node.get("t"), node.get("c")
        if kind in ("Str", "Code", "Math"):
            yield replace(style, text=content if kind == "Str" else content[-1])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            yield replace(style, text=" ")
        elif kind in _CONTAINERS:
            yield from _flatten(content, _with(style, {_CONTAINERS[kind]: True}))
        elif kind in ("Underline", "Strikeout", "Subscript"):
            yield from _flatten(content, style)  # no such format in a citation run
        elif kind == "Span":
            yield from _span(content, style)
        elif kind == "Link":
            shown = content[1] or [{"t": "Str", "c": content[2][0]}]
            yield from _flatten(shown, style)
        elif kind == "Quoted":
            opening, closing = _QUOTES[content[0]["t"]]
            yield replace(style, text=opening)
            yield from _flatten(content[1], style)
            yield replace(style, text=closing)
        elif kind == "Cite" or kind == "Image":
            yield from _flatten(content[1], style)
        # RawInline and Note carry nothing a citation prints.


def _with(style: Run, formats: dict[str, bool]) -> Run:
    """The style with some formats switched on or off."""
    return Run(
        style.text,
        italic=formats.get("italic", style.italic),
        bold=formats.get("bold", style.bold),
        small_caps=formats.get("small_caps", style.small_caps),
        superscript=formats.get("superscript", style.superscript),
    )


def _span(content: list[Any], style: Run) -> Iterator[Run]:
    (_, classes, _), inlines = content
    turned_off = {_RESETS[c]: False for c in classes if c in _RESETS}
    pieces = list(_flatten(inlines, _with(style, turned_off)))
    # A numeric style's bibliography puts the number and the entry in two spans
    # (csl-left-margin, csl-right-inline) meant for two columns; keep them apart.
    if "csl-left-margin" in classes and pieces:
        pieces.append(replace(style, text=" "))
    yield from pieces


def _cites(node: Any) -> Iterator[list[Any]]:
    if isinstance(node, list):
        for child in node:
            yield from _cites(child)
    elif isinstance(node, dict):
        if node.get("t") == "Cite":
            yield node["c"][1]
        elif node.get("t") == "Div" and node["c"][0][0] == "refs":
            return
        else:
            yield from _cites(node.get("c"))


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

"""``to_runs`` against a plain reference: the fast walk must give exactly the same runs.

The reference is the first version of ``to_runs``, one ``Run`` per piece of
text made with ``dataclasses.replace``: easy to read, and ten times slower on
an export's 500 footnotes. Hypothesis builds pandoc inline trees of every kind
the reader knows (and some it ignores) and compares the two.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.core.citations import Run
from drafter.core.citations.pandoc_read import to_runs

_PLAIN = Run("")
_CONTAINERS = {"Emph": "italic", "Strong": "bold", "SmallCaps": "small_caps", "Superscript": "superscript"}
_RESETS = {"csl-no-emph": "italic", "csl-no-strong": "bold", "csl-no-smallcaps": "small_caps"}
_QUOTES = {"SingleQuote": ("\u2018", "\u2019"), "DoubleQuote": ("\u201c", "\u201d")}


def reference_to_runs(inlines: list[Any]) -> tuple[Run, ...]:
    runs: list[Run] = []
    for piece in _flatten(inlines, _PLAIN):
        text = piece.text
        if not runs or runs[-1].text.endswith(" "):
            text = text.lstrip(" ")
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
            yield from _flatten(content, replace(style, **{_CONTAINERS[kind]: True}))
        elif kind in ("Underline", "Strikeout", "Subscript"):
            yield from _flatten(content, style)
        elif kind == "Span":
            (_, classes, _), inner = content
            pieces = list(_flatten(inner, replace(style, **{_RESETS[c]: False for c in classes if c in _RESETS})))
            if "csl-left-margin" in classes and pieces:
                pieces.append(replace(style, text=" "))
            yield from pieces
        elif kind == "Link":
            yield from _flatten(content[1] or [{"t": "Str", "c": content[2][0]}], style)
        elif kind == "Quoted":
            opening, closing = _QUOTES[content[0]["t"]]
            yield replace(style, text=opening)
            yield from _flatten(content[1], style)
            yield replace(style, text=closing)
        elif kind in ("Cite", "Image"):
            yield from _flatten(content[1], style)


_TEXT = st.sampled_from(["Foot", " (n", "1).", "", " ", "  ", "ibid ", "x y", "\u2018T\u2019"])
_CLASSES = st.lists(st.sampled_from(["csl-no-emph", "csl-no-strong", "csl-no-smallcaps", "csl-left-margin",
                                     "csl-right-inline", "nocase"]), max_size=3)
_ATTR = st.just(["", [], []])


def _inlines(children: st.SearchStrategy[list[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(lambda kind, body: {"t": kind, "c": body},
                  st.sampled_from(["Emph", "Strong", "SmallCaps", "Superscript", "Underline", "Strikeout",
                                   "Subscript"]), children),
        st.builds(lambda attr, classes, body: {"t": "Span", "c": [[attr[0], classes, attr[2]], body]},
                  _ATTR, _CLASSES, children),
        st.builds(lambda quote, body: {"t": "Quoted", "c": [{"t": quote}, body]},
                  st.sampled_from(["SingleQuote", "DoubleQuote"]), children),
        st.builds(lambda body, url: {"t": "Link", "c": [["", [], []], body, [url, ""]]},
                  children, st.sampled_from(["https://x.org/a", ""])),
        st.builds(lambda body: {"t": "Cite", "c": [[], body]}, children),
        st.builds(lambda body: {"t": "Image", "c": [["", [], []], body, ["i.png", ""]]}, children),
    )


_LEAF = st.one_of(
    st.builds(lambda text: {"t": "Str", "c": text}, _TEXT),
    st.sampled_from([{"t": "Space"}, {"t": "SoftBreak"}, {"t": "LineBreak"},
                     {"t": "RawInline", "c": ["html", "<br>"]}, {"t": "Note", "c": []},
                     {"t": "Code", "c": [["", [], []], "co de "]}, {"t": "Math", "c": [{"t": "InlineMath"}, "x^2"]},
                     # Empty containers, where what is kept or dropped around them shows.
                     {"t": "Span", "c": [["", ["csl-left-margin"], []], []]},
                     {"t": "Span", "c": [["", ["csl-left-margin"], []], [{"t": "Str", "c": ""}]]},
                     {"t": "Emph", "c": []}, {"t": "Quoted", "c": [{"t": "SingleQuote"}, []]}]),
)
_TREES = st.recursive(st.lists(_LEAF, max_size=6),
                      lambda children: st.lists(st.one_of(_LEAF, _inlines(children)), max_size=6), max_leaves=40)


@settings(max_examples=300, deadline=None)
@given(_TREES)
def test_to_runs_gives_exactly_the_reference_runs(inlines: list[Any]) -> None:
    assert to_runs(inlines) == reference_to_runs(inlines)

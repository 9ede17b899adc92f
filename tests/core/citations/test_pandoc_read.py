"""Pandoc inlines → runs: the formats a citation can carry, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from drafter.core.citations import Run
from drafter.core.citations.pandoc_read import rendered_bibliography, rendered_citations, to_runs


def s(text: str) -> dict[str, Any]:
    return {"t": "Str", "c": text}


SP: dict[str, Any] = {"t": "Space"}


def span(inlines: list[Any], *classes: str) -> dict[str, Any]:
    return {"t": "Span", "c": [["", list(classes), []], inlines]}


@pytest.mark.parametrize(
    ("inlines", "runs"),
    [
        ([s("Foot"), SP, s("(n"), SP, s("1).")], (Run("Foot (n 1)."),)),
        (
            [s("a"), SP, {"t": "Emph", "c": [s("West"), SP, s("End")]}, SP, s("b")],
            (Run("a "), Run("West End", italic=True), Run(" b")),
        ),
        ([{"t": "Strong", "c": [s("bold")]}], (Run("bold", bold=True),)),
        ([{"t": "SmallCaps", "c": [s("Foot")]}], (Run("Foot", small_caps=True),)),
        ([s("1"), {"t": "Superscript", "c": [s("st")]}], (Run("1"), Run("st", superscript=True))),
        # CSL's font-style="normal" inside italics: a book title within an italic title.
        (
            [
                {
                    "t": "Emph",
                    "c": [s("Reading"), SP, span([s("Hamlet")], "csl-no-emph"), SP, s("again")],
                }
            ],
            (Run("Reading ", italic=True), Run("Hamlet"), Run(" again", italic=True)),
        ),
        # A link prints as the text it shows, the address itself in a citation.
        (
            [
                s("<"),
                {"t": "Link", "c": [["", [], []], [s("https://x.org/a")], ["https://x.org/a", ""]]},
                s(">"),
            ],
            (Run("<https://x.org/a>"),),
        ),
        (
            [{"t": "Link", "c": [["", [], []], [], ["https://x.org/b", ""]]}],
            (Run("https://x.org/b"),),
        ),
        ([{"t": "Quoted", "c": [{"t": "SingleQuote"}, [s("Title")]]}], (Run("\u2018Title\u2019"),)),
        (
            [{"t": "Underline", "c": [s("u")]}, {"t": "RawInline", "c": ["html", "<br>"]}],
            (Run("u"),),
        ),
        ([SP, s("x"), SP, SP, s("y"), {"t": "SoftBreak"}], (Run("x y"),)),
        # A numeric style's bibliography: the number and the entry are two spans.
        (
            [span([s("[1]")], "csl-left-margin"), span([s("Foot")], "csl-right-inline")],
            (Run("[1] Foot"),),
        ),
        ([], ()),
    ],
)
def test_inlines_become_runs(inlines: list[Any], runs: tuple[Run, ...]) -> None:
    assert to_runs(inlines) == runs


def test_citations_are_read_in_document_order_and_the_bibliography_apart() -> None:
    def cite(text: str) -> dict[str, Any]:
        return {"t": "Cite", "c": [[], [s(text)]]}

    document = {
        "blocks": [
            {"t": "Para", "c": [{"t": "Note", "c": [{"t": "Para", "c": [cite("first.")]}]}]},
            {"t": "Para", "c": [cite("second")]},
            {
                "t": "Div",
                "c": [
                    ["refs", [], []],
                    [
                        {
                            "t": "Div",
                            "c": [
                                ["ref-a", ["csl-entry"], []],
                                [{"t": "Para", "c": [s("Entry"), SP, s("A")]}],
                            ],
                        },
                        {
                            "t": "Div",
                            "c": [["ref-b", ["csl-entry"], []], [{"t": "Plain", "c": [s("B")]}]],
                        },
                    ],
                ],
            },
        ]
    }
    assert rendered_citations(document) == [(Run("first."),), (Run("second"),)]
    assert rendered_bibliography(document) == [(Run("Entry A"),), (Run("B"),)]


def test_no_bibliography_when_pandoc_gave_none() -> None:
    assert rendered_bibliography({"blocks": []}) == []

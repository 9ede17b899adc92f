"""The hand-checked table (``guide_table.toml``): each case rendered in OSCOLA, Cite Them Right
Harvard and APA 7, compared with the strings the printed guides ask for.

The expected strings, and the guide section each comes from, are in the table, written
from the guides' rules, never copied from an engine's output. *text* marks italics.
One pandoc run per case and style (about 30 ms each), cached for the note/in-text and
the bibliography tests alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from drafter.core.citations import render_items

from .guide_cases import STYLES, Judge, expectations, load

TABLE = load()
ITEMS = TABLE.items
CASES = TABLE.cases
# One pandoc run per case and style, cached for the note/in-text and the bibliography tests alike
# (guide_cases holds the loading and judging, which bench/citation_engines.py shares).
JUDGE = Judge(TABLE, render_items)


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """The tests that use a store run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


def _shown(index: int, style: str) -> str:
    return JUDGE.shown(index, style)


def _entry(index: int, style: str) -> str:
    return JUDGE.entry(index, style)


def _params(kind: str) -> list[Any]:
    params = []
    for e in expectations(TABLE, "citation" if kind == "cite" else "bibliography"):
        marks = [pytest.mark.xfail(reason=e.xfail, strict=True)] if e.xfail else []
        params.append(pytest.param(e.index, e.style, e.expected, id=f"{e.style}: {e.name}", marks=marks))
    return params


@pytest.mark.parametrize(("index", "style", "expected"), _params("cite"))
def test_citation(index: int, style: str, expected: str) -> None:
    assert _shown(index, style) == expected


@pytest.mark.parametrize(("index", "style", "expected"), _params("bib"))
def test_bibliography_entry(index: int, style: str, expected: str) -> None:
    assert _entry(index, style) == expected


def test_the_table_is_complete() -> None:
    """At least 40 cases, each with an expectation and a rule for every style."""
    assert len(CASES) >= 40
    for case in CASES:
        for style in STYLES:
            assert case.get(style), (case["name"], style)
            assert case.get(f"{style}_rule"), (case["name"], style)
        assert case["position"] in ("first", "subsequent", "ibid"), case["name"]
        assert all(c.split("@")[0] in ITEMS for c in case["cites"]), case["name"]
    for row in TABLE.quotations:
        assert all(row.get(style) and row.get(f"{style}_rule") for style in STYLES), row["name"]


QUOTATIONS: list[dict[str, Any]] = TABLE.quotations


@pytest.mark.parametrize(
    ("row", "style"),
    [pytest.param(row, style, id=f"{style}: {row['name']}") for row in QUOTATIONS for style in STYLES],
)
def test_quotation_in_the_answer(
    store, tmp_path: Path, row: dict[str, Any], style: str  # type: ignore[no-untyped-def]
) -> None:
    """The marks, the block or run-in decision and the citation's place, as the text export writes them."""
    from drafter.core.export import export_response
    from drafter.core.responses import ResponseDetails, add_block, add_question, create_response
    from drafter.core.snippets import snippet_from_quote

    response = create_response(store, ResponseDetails(consultation_title="T", citation_style=STYLES[style]))
    question = add_question(store, response.id, label="1", text="Q?")
    snippet = snippet_from_quote(store, row["source"], row["quote"])
    add_block(store, question.id, kind="quotation", snippet_id=snippet.id, text=row["lead"])
    out = export_response(store, response.id, tmp_path / "r.txt", format="txt").path
    text = out.read_text(encoding="utf-8")
    expected = row[style].replace("*", "")  # the plain-text export has no italics
    assert expected in text, text
    assert row[f"{style}_rule"]

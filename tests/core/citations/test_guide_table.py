"""The hand-checked table (``guide_table.toml``): each case rendered in OSCOLA, Cite Them Right
Harvard and APA 7, compared with the strings the printed guides ask for.

The expected strings, and the guide section each comes from, are in the table, written
from the guides' rules, never copied from an engine's output. *text* marks italics.
One pandoc run per case and style (about 30 ms each), cached for the note/in-text and
the bibliography tests alike.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

import pytest

from drafter.core.citations import Cite, Run, render_items

TABLE = tomllib.loads((Path(__file__).parent / "guide_table.toml").read_text(encoding="utf-8"))
ITEMS: dict[str, dict[str, Any]] = {key: {"id": key, **value} for key, value in TABLE["items"].items()}
CASES: list[dict[str, Any]] = TABLE["cases"]
STYLES = {"oscola": "oscola", "harvard": "harvard-cite-them-right", "apa": "apa"}


def marked(runs: tuple[Run, ...]) -> str:
    """The runs as text with italics marked *so*; bold, small capitals and superscript refused."""
    assert not any(r.bold or r.small_caps or r.superscript for r in runs), runs
    return "".join(f"*{r.text}*" if r.italic else r.text for r in runs)


def _cites(case: dict[str, Any]) -> list[Cite]:
    return [Cite(*c.split("@", 1)) if "@" in c else Cite(c) for c in case["cites"]]


@functools.cache
def _rendered(index: int, style: str) -> Any:
    case = CASES[index]
    cites = _cites(case)
    used = list(dict.fromkeys(c.source_id for c in cites))
    return render_items([ITEMS[i] for i in used], cites, STYLES[style], with_bibliography=True)


def _shown(index: int, style: str) -> str:
    """The checked citation of case ``index`` in ``style``."""
    case = CASES[index]
    return marked(_rendered(index, style).citations[case.get("show", len(case["cites"])) - 1])


def _entry(index: int, style: str) -> str:
    """The bibliography entry of the case's first cited item (rendered alone if others are cited)."""
    cites = _cites(CASES[index])
    if len({c.source_id for c in cites}) == 1:
        return marked(_rendered(index, style).bibliography[0])
    alone = render_items([ITEMS[cites[0].source_id]], [cites[0]], STYLES[style], with_bibliography=True)
    return marked(alone.bibliography[0])


def _params(kind: str) -> list[Any]:
    params = []
    for index, case in enumerate(CASES):
        for style in STYLES:
            key = style if kind == "cite" else f"{style}_bib"
            if key not in case:
                continue
            reason = case.get(f"xfail_{key}")
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            params.append(pytest.param(index, style, case[key], id=f"{style}: {case['name']}", marks=marks))
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
    for row in TABLE["quotations"]:
        assert all(row.get(style) and row.get(f"{style}_rule") for style in STYLES), row["name"]


QUOTATIONS: list[dict[str, Any]] = TABLE["quotations"]


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

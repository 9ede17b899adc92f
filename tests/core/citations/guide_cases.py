"""The hand-checked table (``guide_table.toml``) read, rendered and judged: shared by its test
(test_guide_table.py) and by bench/citation_engines.py, which judges both citation engines
on it in exactly the test's way.

A case is rendered by a ``render`` function shaped like ``drafter.core.citations.render_items``
(CSL-JSON items, cites, style; Drafter's rules around the engine are that function's business).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.core.citations import Cite, RenderedCitations, Run

TABLE_PATH = Path(__file__).parent / "guide_table.toml"
#: The table's style keys → Drafter's style ids.
STYLES = {"oscola": "oscola", "harvard": "harvard-cite-them-right", "apa": "apa"}
#: The two outputs a case checks: the note or in-text citation, and the bibliography entry.
OUTPUTS = ("citation", "bibliography")

Render = Callable[..., RenderedCitations]  # (items, cites, style, *, with_bibliography) → rendered


class UnexpectedFormat(AssertionError):
    """A run in bold, small capitals or superscript: none of the table's strings can mark one."""


@dataclass(frozen=True)
class GuideTable:
    items: dict[str, dict[str, Any]]
    cases: list[dict[str, Any]]
    quotations: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Expectation:
    """One string the guide asks for: case ``index`` in ``style``, its citation or its bibliography entry."""

    index: int
    name: str
    style: str
    output: str  # "citation" or "bibliography"
    expected: str
    xfail: str | None  # the known departure the test marks, if any


class TableError(ValueError):
    """A table that can't be judged; the message says which case and why."""


def load(path: Path = TABLE_PATH) -> GuideTable:
    """The table at ``path``; a case without cites, or citing an item the table lacks, is refused."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TableError(f"{path.name} can't be read as a table: {exc}") from None
    items = {key: {"id": key, **value} for key, value in table.get("items", {}).items()}
    cases = list(table.get("cases", []))
    for number, case in enumerate(cases, 1):
        name = case.get("name", f"case {number}")
        if not case.get("cites"):
            raise TableError(f"{name!r} cites nothing.")
        for cite in case["cites"]:
            if cite.split("@", 1)[0] not in items:
                raise TableError(f"{name!r} cites {cite.split('@', 1)[0]!r}, which is not among the items.")
    return GuideTable(items, cases, list(table.get("quotations", [])))


def marked(runs: tuple[Run, ...]) -> str:
    """The runs as text with italics marked *so*; bold, small capitals and superscript refused."""
    if any(r.bold or r.small_caps or r.superscript for r in runs):
        raise UnexpectedFormat(runs)
    return "".join(f"*{r.text}*" if r.italic else r.text for r in runs)


def case_cites(case: dict[str, Any]) -> list[Cite]:
    return [Cite(*c.split("@", 1)) if "@" in c else Cite(c) for c in case["cites"]]


def expectations(table: GuideTable, output: str) -> Iterator[Expectation]:
    """Every expected string of one output, case by case, style by style, as the test checks them."""
    for index, case in enumerate(table.cases):
        for style in STYLES:
            key = style if output == "citation" else f"{style}_bib"
            if key in case:
                yield Expectation(index, case["name"], style, output, case[key], case.get(f"xfail_{key}"))


class Judge:
    """Renders the table's cases with one engine, each case and style once (cached)."""

    def __init__(self, table: GuideTable, render: Render) -> None:
        self.table = table
        self.render = render
        self._cache: dict[tuple[int, str], RenderedCitations] = {}

    def _rendered(self, index: int, style: str) -> RenderedCitations:
        if (index, style) not in self._cache:
            cites = case_cites(self.table.cases[index])
            used = list(dict.fromkeys(c.source_id for c in cites))
            self._cache[index, style] = self.render(
                [self.table.items[i] for i in used], cites, STYLES[style], with_bibliography=True)
        return self._cache[index, style]

    def shown(self, index: int, style: str) -> str:
        """The checked citation of case ``index`` in ``style`` (the ``show``-th, by default the last)."""
        case = self.table.cases[index]
        return marked(self._rendered(index, style).citations[case.get("show", len(case["cites"])) - 1])

    def entry(self, index: int, style: str) -> str:
        """The bibliography entry of the case's first cited item (rendered alone if others are cited)."""
        cites: Sequence[Cite] = case_cites(self.table.cases[index])
        if len({c.source_id for c in cites}) == 1:
            return marked(self._rendered(index, style).bibliography[0])
        alone = self.render([self.table.items[cites[0].source_id]], [cites[0]], STYLES[style],
                            with_bibliography=True)
        return marked(alone.bibliography[0])

    def output(self, expectation: Expectation) -> str:
        if expectation.output == "citation":
            return self.shown(expectation.index, expectation.style)
        return self.entry(expectation.index, expectation.style)

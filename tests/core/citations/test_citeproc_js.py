"""citeproc-js as a second renderer (bench/citeproc_js.py, the engine comparison's): the same
citations as pandoc's where the comparison found no difference, runs read from its HTML, and
plain refusals when it can't run."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from drafter.core.citations import CitationError, Cite, Run, render_citations

from .test_cases import CASES, SOURCES

pytest.importorskip("py_mini_racer")

BENCH = Path(__file__).resolve().parents[3] / "bench"


def _bench_module(name: str):  # type: ignore[no-untyped-def]
    if name not in sys.modules:
        sys.path.insert(0, str(BENCH))
        try:
            spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        finally:
            sys.path.remove(str(BENCH))
    return sys.modules[name]


citeproc_js = _bench_module("citeproc_js")

# Where the two engines print different text, and which is right by the guide
# (docs/citations.md, "The engine"): these cases are the comparison's findings, not
# a check that the engines agree. (OSCOLA's 'amid', once a difference, is now the same in
# both: Drafter sets OSCOLA's title case itself, guide_rules.oscola_title_case, for either engine.)
DIFFERENT = {
    "apa: et al. forms that would collide are written out",  # pandoc right: APA §8.18
    "apa: in-text, anonymous: title in title case and quotation marks",  # pandoc right: 'Amid'
    "apa: in-text, anonymous, British English asked for",  # the same
}
# Every OSCOLA and Cite Them Right case, and APA's in-text ones (APA's style file takes
# citeproc-js a second to read, so its reference-list cases are left to the bench tool).
SAME = [c for c in CASES if c.name not in DIFFERENT and (c.style != "apa" or c.show.startswith("cite"))]


def _render(case, engine: str) -> list[tuple[Run, ...]]:  # type: ignore[no-untyped-def]
    cites = [Cite(*c.split("@", 1)) if "@" in c else Cite(c) for c in case.cites]
    used = {c.source_id for c in cites}
    render = citeproc_js.render_citations_js if engine == "citeproc-js" else render_citations
    result = render([s for k, s in SOURCES.items() if k in used], cites, case.style,
                    with_bibliography=case.show.startswith("bib"), locale=case.locale)
    return list(result.bibliography if case.show.startswith("bib") else result.citations)


@pytest.mark.parametrize("case", SAME, ids=[c.name for c in SAME])
def test_citeproc_js_prints_what_pandoc_prints(case) -> None:  # type: ignore[no-untyped-def]
    assert _render(case, "citeproc-js") == _render(case, "pandoc")


def test_the_known_differences_are_still_differences() -> None:
    different = [c for c in CASES if c.name in DIFFERENT]
    assert len(different) == len(DIFFERENT)
    for case in different:
        assert _render(case, "citeproc-js") != _render(case, "pandoc"), case.name


def test_html_becomes_runs_with_their_formats() -> None:
    runs = citeproc_js.html_runs(
        'Foot, <i>The Times &#38; <span style="font-style:normal;">Sunday</span></i>'
        ' <span style="font-variant:small-caps;">ho</span> <b>x</b><sup>2</sup>\u00a0p\n  3'
    )
    assert runs == (
        Run("Foot, "),
        Run("The Times & ", italic=True),
        Run("Sunday "),
        Run("ho", small_caps=True),
        Run(" "),
        Run("x", bold=True),
        Run("2", superscript=True),
        Run("\u00a0p 3"),
    )


def test_bad_input_is_refused_as_by_pandoc() -> None:
    source = SOURCES["foot"]
    for render in (render_citations, citeproc_js.render_citations_js):
        with pytest.raises(CitationError, match="isn't in the library"):
            render([source], [Cite("nobody")], "oscola")
        with pytest.raises(CitationError, match="not a language code"):
            render([source], [Cite("foot")], "oscola", locale="English")
        with pytest.raises(CitationError, match="pinpoint"):
            render([source], [Cite("foot", "folio x")], "oscola")


def test_a_missing_javascript_engine_is_refused_before_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise ImportError("py_mini_racer")

    monkeypatch.setattr(citeproc_js, "_loaded", missing)
    with pytest.raises(CitationError, match="JavaScript engine is missing") as raised:
        citeproc_js.render_citations_js([SOURCES["foot"]], [Cite("foot")], "oscola")
    assert "mini-racer" in (raised.value.hint or "")


def test_the_locale_a_style_names_is_handed_to_citeproc_js() -> None:
    style = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="fr-FR">
      <info><id/><title/><updated>2009-08-10T04:49:00+09:00</updated></info>
      <citation><layout><date variable="issued" form="text"/></layout></citation></style>"""
    item = {"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[1998, 4, 10]]}}
    citations, _ = citeproc_js.render_items(style, [item], [[{"id": "a"}]], note_style=False, lang="en-US",
                                            force_lang=False, with_bibliography=False)
    assert citations == ["10 avril 1998"]

"""citeproc-js, the second citation engine: the same citations as pandoc's, runs read from its HTML,
and plain refusals when it can't run."""

from __future__ import annotations

import pytest

from drafter.core.citations import CitationError, Cite, Run, citeproc_js, render_citations
from drafter.core.citations.render import ENGINE_VARIABLE

from .test_cases import CASES, SOURCES

pytest.importorskip("py_mini_racer")

# Where the two engines print different text, and which is right by the guide
# (docs/citations.md, "The engine"): these cases are the comparison's findings, not
# a check that the engines agree.
DIFFERENT = {
    "oscola: anonymous article, stored 000",  # citeproc-js right: 'amid' is a minor word
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
    result = render_citations([s for k, s in SOURCES.items() if k in used], cites, case.style,
                              with_bibliography=case.show.startswith("bib"), locale=case.locale, engine=engine)
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


def test_the_engine_setting_chooses_and_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    source = SOURCES["foot"]
    monkeypatch.setenv(ENGINE_VARIABLE, "citeproc-js")
    rendered = render_citations([source], [Cite("foot", "p 3")], "oscola")
    assert rendered.citations[0][-1].text.startswith(" (1 August 2025) 3 <")
    monkeypatch.setenv(ENGINE_VARIABLE, "zotero")
    with pytest.raises(CitationError, match="not a citation engine"):
        render_citations([source], [Cite("foot")], "oscola")
    with pytest.raises(CitationError, match="not a citation engine"):
        render_citations([source], [Cite("foot")], "oscola", engine="word")


def test_a_missing_javascript_engine_is_refused_before_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise ImportError("py_mini_racer")

    monkeypatch.setattr(citeproc_js, "_loaded", missing)
    with pytest.raises(CitationError, match="JavaScript engine is missing") as raised:
        render_citations([SOURCES["foot"]], [Cite("foot")], "oscola", engine="citeproc-js")
    assert "mini-racer" in (raised.value.hint or "")


def test_a_bad_pinpoint_is_refused_as_by_pandoc() -> None:
    with pytest.raises(CitationError, match="pinpoint"):
        render_citations([SOURCES["foot"]], [Cite("foot", "folio x")], "oscola", engine="citeproc-js")

"""The style file pandoc runs when no bibliography is printed: the published one less its bibliography.

Sorting and laying out a bibliography nobody sees costs pandoc about a quarter
of its time (Unicode's collation tables); the copy without it is only used
where the bibliography cannot show in a citation, and must render every
citation exactly as the published file does.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from drafter.core.citations import (
    CitationSource,
    Cite,
    find_style,
    pandoc_run,
    render_citations,
    style_trim,
)
from drafter.core.citations.csl_json import to_csl_json
from drafter.core.citations.pandoc_doc import build_document
from drafter.core.citations.style_trim import style_to_run, without_bibliography
from drafter.core.citations.styles import patched_style, styles_folder
from drafter.core.names import Organisation, Person

# Sources that make citeproc work at telling works apart: two John Smiths and a Jane
# Smith, works with the same first authors, anonymous works with the same title,
# an organisation, undated works.
SOURCES = [
    CitationSource("foot", "article-newspaper", "Rights fears as Met ramps up tech use", "West End Extra",
                   (Person("Foot", "Tom"),), "2025-08-01", "https://www.westendextra.co.uk/a", "2026-11-23"),
    CitationSource("foot24", "article-newspaper", "Cameras on the high street", "Camden New Journal",
                   (Person("Foot", "Tom"),), "2024-03-02", None, None),
    CitationSource("smith1", "report", "Biometrics and the state", "Home Office", (Person("Smith", "John"),), "2024",
                   None, None),
    CitationSource("smith2", "report", "Biometrics and the state", "Home Office", (Person("Smith", "Jane"),), "2024",
                   None, None),
    CitationSource("smith3", "book", "Cameras", "OUP",
                   (Person("Smith", "John"), Person("Lee", "Ann"), Person("Chan", "Bo"), Person("Ng", "Di")), "2024",
                   None, None),
    CitationSource("smith4", "book", "Cameras", "OUP",
                   (Person("Smith", "John"), Person("Lee", "Ann"), Person("Chan", "Bo"), Person("Ng", "Ed")), "2024",
                   None, None),
    CitationSource("anon1", "webpage", "Police cameras", "BBC", (), None, "https://bbc.co.uk/x", "2026-01-02"),
    CitationSource("anon2", "webpage", "Police cameras", "ITV", (), None, "https://itv.co.uk/x", "2026-01-02"),
    CitationSource("met", "report", "LFR policy", None, (Organisation("Metropolitan Police Service"),), "2025-03", None,
                   None),
]
ORDER = ["foot", "smith1", "foot", "foot", "smith2", "smith1", "anon1", "anon2", "anon1", "smith3", "smith4",
         "met", "foot24", "foot", "met", "met", "smith3"]
PINPOINTS = [None, "p 3", "p 4", "p 4", None, "para 12", None, "pp 3-4", None, "s 2"]
CITES = [Cite(source, PINPOINTS[i % len(PINPOINTS)]) for i, source in enumerate(ORDER)]

# Note styles (OSCOLA and house styles of journals and presses) whose copies are used.
TRIMMED = ["oscola", "oscola-no-ibid", "chicago-notes-bibliography", "new-harts-rules-notes",
           "cambridge-university-press-law-note"]


def test_the_copy_lacks_only_the_bibliography() -> None:
    published = find_style("oscola").path.read_bytes()
    copy = without_bibliography(published)
    assert copy is not None
    start = published.index(b"<bibliography")
    end = published.index(b"</bibliography>") + len(b"</bibliography>")
    assert published[:start] == copy[:start]  # everything before, byte for byte
    assert published[end:].lstrip() == copy[start:]  # and after
    assert b"<citation" in copy and b"<bibliography" not in copy


@pytest.mark.parametrize(
    ("style", "why"),
    [
        ("ieee", "citation numbers come from the bibliography's order"),
        ("chicago-author-date", "it tells works apart with year suffixes (2024a, 2024b)"),
        ("apa", "it tells works apart with year suffixes"),
    ],
)
def test_styles_whose_citations_show_the_order_keep_it(style: str, why: str) -> None:
    assert without_bibliography(find_style(style).path.read_bytes()) is None, why


@pytest.mark.parametrize(
    "text",
    [
        b'<style xmlns="http://purl.org/net/xbiblio/csl"><citation><layout/></citation></style>',
        b'<style xmlns="http://purl.org/net/xbiblio/csl"><citation><layout/></citation><bibliography/></style>',
        # A commented-out bibliography: the cut would not be the element, so the file is left alone.
        (b'<style xmlns="http://purl.org/net/xbiblio/csl"><citation><layout/></citation>'
         b"<!-- <bibliography></bibliography> --><bibliography><layout/></bibliography></style>"),
        (b'<style xmlns="http://purl.org/net/xbiblio/csl"><citation><layout/></citation>'
         b"<bibliography><layout></bibliography></style>"),  # does not parse
    ],
)
def test_anything_unexpected_keeps_the_published_file(text: bytes) -> None:
    assert without_bibliography(text) is None


def _blocks(csl: Path, note_style: bool) -> list[Any]:
    items = [to_csl_json(s) for s in SOURCES]
    pandoc = pandoc_run.pandoc_path()
    document = build_document(items, CITES, note_style=note_style, locale="en-GB", with_bibliography=False,
                              api_version=pandoc_run.api_version(pandoc))
    return pandoc_run.run_pandoc_json(pandoc, csl, document)["blocks"]


@pytest.mark.parametrize("style", TRIMMED)
def test_the_copy_renders_every_citation_as_the_published_file(style: str) -> None:
    info = find_style(style)
    copy = style_to_run(info.path, with_bibliography=False)
    assert copy != info.path and copy.is_file()
    assert _blocks(copy, info.is_note_style) == _blocks(info.path, info.is_note_style)


def test_pandoc_runs_the_copy_only_when_no_bibliography_is_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    given: list[Path] = []
    real = subprocess.Popen

    def spy(command: list[str], **kwargs: Any) -> Any:
        given.extend(Path(p.removeprefix("--csl=")) for p in command if p.startswith("--csl="))
        return real(command, **kwargs)

    monkeypatch.setattr(pandoc_run.subprocess, "Popen", spy)
    render_citations(SOURCES, CITES, "oscola")
    render_citations(SOURCES, CITES, "oscola", with_bibliography=True)
    copy, published = given
    assert published == find_style("oscola").path == patched_style("oscola")
    assert copy.parent not in (styles_folder(), published.parent)
    assert b'rel="independent-parent"' not in copy.read_bytes()
    assert copy.read_bytes() == without_bibliography(published.read_bytes())


def test_a_removed_copy_is_written_again(tmp_path: Path) -> None:
    path = find_style("oscola").path
    copy = style_to_run(path, with_bibliography=False)
    copy.unlink()
    again = style_to_run(path, with_bibliography=False)
    assert again.is_file() and again.read_bytes() == without_bibliography(path.read_bytes())


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_shared_folder_others_can_open_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    planted = tmp_path / f"drafter-styles-{os.getuid()}"
    planted.mkdir()
    planted.chmod(0o777)  # made by someone else, or open to them
    style_trim._trimmed_copy.cache_clear()
    try:
        copy = style_to_run(find_style("oscola").path, with_bibliography=False)
    finally:
        style_trim._trimmed_copy.cache_clear()
    assert copy.parent != planted and copy.is_file()
    assert list(planted.iterdir()) == []
    assert not copy.parent.stat().st_mode & 0o077

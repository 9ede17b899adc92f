"""Rendering a document: one pandoc run, offline, and plain errors for bad input."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from drafter.core.citations import (
    CitationError,
    CitationSource,
    Cite,
    pandoc_run,
    plain_text,
    render_citations,
)
from drafter.core.citations.styles import styles_folder
from drafter.core.names import Organisation, Person

FOOT = CitationSource(
    "foot",
    "article-newspaper",
    "Rights fears as Met ramps up tech use",
    "West End Extra",
    (Person("Foot", "Tom"),),
    "2025-08-01",
    "https://www.westendextra.co.uk/article/x",
    "2026-11-23",
)


class Recorder:
    """Wraps subprocess.Popen to record the command lines pandoc is started with."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, prefix: list[str] | None = None) -> None:
        self.commands: list[list[str]] = []
        self._real = subprocess.Popen
        self._prefix = prefix or []
        monkeypatch.setattr(pandoc_run.subprocess, "Popen", self)

    def __call__(self, command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        self.commands.append(list(command))
        return self._real(self._prefix + list(command), **kwargs)

    @property
    def renders(self) -> list[list[str]]:
        return [c for c in self.commands if "--citeproc" in c]


def _many_sources(count: int) -> list[CitationSource]:
    return [
        CitationSource(
            f"s{i}",
            "article-newspaper",
            f"Article {i} on facial recognition",
            f"Paper {i % 7}",
            (Person(f"Writer{i}", "Anna"),) if i % 3 else (),
            f"2025-{1 + i % 12:02d}" if i % 5 else None,
            f"https://example.org/{i}",
            "2026-11-23",
        )
        for i in range(count)
    ]


def test_a_long_document_renders_in_one_pandoc_run(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _many_sources(50)
    cites = [Cite(f"s{(i * 7) % 50}", "p 3" if i % 4 == 0 else None) for i in range(500)]
    recorder = Recorder(monkeypatch)
    rendered = render_citations(sources, cites, "oscola", with_bibliography=True)
    assert len(recorder.renders) == 1
    assert len(rendered.citations) == 500
    assert len(rendered.bibliography) == 50
    assert plain_text(rendered.citations[51]) == "Writer7 (n 2)."  # s7 again, fifty notes later


def test_pandoc_is_started_with_local_files_only(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder(monkeypatch)
    render_citations([FOOT], [Cite("foot")], "3-biotech", with_bibliography=True)
    (command,) = recorder.renders
    assert "--sandbox" in command  # pandoc refuses every file and network access not named here
    assert not any("://" in part or part.startswith("--resource-path") for part in command)
    assert not any(
        part.startswith(("--bibliography", "--metadata-file", "--data-dir")) for part in command
    )
    (csl,) = [Path(part.removeprefix("--csl=")) for part in command if part.startswith("--csl=")]
    assert csl.is_absolute() and csl.is_file() and csl.parent == styles_folder()
    # A dependent style would make pandoc fetch its parent from the web: only the parent is given.
    assert b'rel="independent-parent"' not in csl.read_bytes()
    assert Path(command[0]).is_file()


def _can_isolate_network() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rn", "true"], check=False, capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_isolate_network(), reason="needs Linux user and network namespaces")
def test_rendering_works_with_no_network_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder(
        monkeypatch, prefix=["unshare", "-rn", "--"]
    )  # a network namespace with no interfaces
    pandoc_run.api_version.cache_clear()
    rendered = render_citations([FOOT], [Cite("foot"), Cite("foot")], "oscola")
    assert recorder.renders
    assert [plain_text(r) for r in rendered.citations][1] == "ibid."


def test_nothing_to_cite_needs_no_pandoc(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder(monkeypatch)
    rendered = render_citations([FOOT], [], "apa", with_bibliography=True)
    assert rendered.citations == () and rendered.bibliography == ()
    assert recorder.commands == []


def test_the_bibliography_is_only_made_when_asked_for() -> None:
    rendered = render_citations([FOOT], [Cite("foot")], "apa")
    assert rendered.bibliography == ()
    assert not rendered.is_note_style


def test_chicago_notes_is_a_note_style() -> None:
    rendered = render_citations([FOOT], [Cite("foot"), Cite("foot")], "chicago-notes-bibliography")
    assert rendered.is_note_style
    assert plain_text(rendered.citations[0]).startswith(
        "Tom Foot, ‘Rights Fears as Met Ramps up Tech Use’"
    )


def test_titles_are_taken_literally_and_inner_quotes_turn_round() -> None:
    source = CitationSource(
        "odd",
        "article-newspaper",
        'Police <b>"Orwellian"</b> plan & more',
        "LBC",
        (),
        "2025",
        None,
        None,
    )
    rendered = render_citations([source], [Cite("odd")], "oscola")
    assert (
        plain_text(rendered.citations[0]) == "‘Police <b>“Orwellian”</b> Plan & More’ LBC (2025)."
    )


def test_an_organisation_is_never_split_into_a_person() -> None:
    source = CitationSource(
        "met",
        "report",
        "Live facial recognition policy",
        None,
        (Organisation("Metropolitan Police Service"),),
        "2025",
        None,
        None,
    )
    rendered = render_citations([source], [Cite("met")], "harvard-cite-them-right")
    assert plain_text(rendered.citations[0]) == "(Metropolitan Police Service, 2025)"


@pytest.mark.parametrize(
    ("sources", "cites", "kwargs", "message"),
    [
        ([FOOT], [Cite("nobody")], {}, "cites the source 'nobody', which isn't in the library"),
        ([FOOT, FOOT], [Cite("foot")], {}, "Two sources share"),
        ([FOOT], [Cite("foot", "chapter and verse")], {}, "pinpoint 'chapter and verse'"),
        ([FOOT], [Cite("foot", "fig 3")], {}, "pinpoint"),
        ([FOOT], [Cite("foot")], {"locale": "British"}, "not a language code"),
        ([FOOT], [Cite("foot")], {"style": "no such style"}, "No citation style called"),
    ],
)
def test_bad_input_is_refused_before_pandoc_starts(
    monkeypatch: pytest.MonkeyPatch,
    sources: list[CitationSource],
    cites: list[Cite],
    kwargs: dict[str, Any],
    message: str,
) -> None:
    recorder = Recorder(monkeypatch)
    with pytest.raises(CitationError, match=message):
        render_citations(sources, cites, **kwargs)
    assert recorder.commands == []


def test_a_missing_pandoc_is_a_plain_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("drafter.core.citations.render.pandoc_path", lambda: tmp_path / "pandoc")
    with pytest.raises(CitationError, match="copy of pandoc is missing"):
        render_citations([FOOT], [Cite("foot")])


def test_a_failing_pandoc_is_a_plain_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pandoc_run.pandoc_command
    monkeypatch.setattr(
        pandoc_run, "pandoc_command", lambda p, c: [*real(p, c), "--no-such-option"]
    )
    with pytest.raises(CitationError, match="could not be formatted"):
        render_citations([FOOT], [Cite("foot")])


@pytest.mark.parametrize(
    ("locator", "oscola", "apa"),
    [
        ("3", "Foot (n 1) 3.", "(Foot, 2025, p. 3)"),
        ("p 3", "Foot (n 1) 3.", "(Foot, 2025, p. 3)"),
        ("p. 3", "Foot (n 1) 3.", "(Foot, 2025, p. 3)"),
        ("page 3", "Foot (n 1) 3.", "(Foot, 2025, p. 3)"),
        ("pp 3-4", "Foot (n 1) 3–4.", "(Foot, 2025, pp. 3–4)"),
        ("para 12", "Foot (n 1) para 12.", "(Foot, 2025, para. 12)"),
        ("[12]", "Foot (n 1) para 12.", "(Foot, 2025, para. 12)"),
        ("paras 3-4", "Foot (n 1) paras 3–4.", "(Foot, 2025, paras. 3–4)"),
        ("s 2", "Foot (n 1) s 2.", "(Foot, 2025, Section 2)"),
    ],
)
def test_pinpoints_as_people_write_them(locator: str, oscola: str, apa: str) -> None:
    two = CitationSource("two", "book", "Another", None, (Person("Lee", "Ann"),), "2020", None, None)
    notes = render_citations(
        [FOOT, two], [Cite("foot"), Cite("two"), Cite("foot", locator)], "oscola"
    )
    assert plain_text(notes.citations[2]) == oscola
    in_text = render_citations([FOOT], [Cite("foot", locator)], "apa", locale="en-US")
    assert plain_text(in_text.citations[0]) == apa


def test_an_uncited_source_with_a_broken_fact_does_not_stop_an_export() -> None:
    broken = CitationSource("broken", "article-newspaper", "T", "P", (), "last Tuesday", None, None)
    rendered = render_citations([FOOT, broken], [Cite("foot")], "apa")
    assert plain_text(rendered.citations[0]) == "(Foot, 2025)"


def test_a_cited_source_with_a_broken_fact_is_refused_before_pandoc_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = CitationSource("broken", "article-newspaper", "T", "P", (), "last Tuesday", None, None)
    recorder = Recorder(monkeypatch)
    with pytest.raises(CitationError, match="'last Tuesday', which is not a date"):
        render_citations([FOOT, broken], [Cite("foot"), Cite("broken")])
    assert recorder.commands == []

"""The cache of rendered citations: the same answer as pandoc, or no answer at all.

What makes a warm export fast is that an unchanged document needs no pandoc
run; what keeps it right is that any change to what pandoc would be given
(a fact, a pinpoint, the order, the style or its file, the locale, pandoc
itself) misses the cache, and that a damaged entry is never believed.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from drafter.core.citations import (
    CitationCache,
    CitationSource,
    Cite,
    find_style,
    pandoc_run,
    plain_text,
    render_citations,
    to_csl_json,
)
from drafter.core.names import Person

FOOT = CitationSource("foot", "article-newspaper", "Rights fears as Met ramps up tech use",
                      "West End Extra", (Person("Foot", "Tom"),), "2025-08-01",
                      "https://www.westendextra.co.uk/article/x", "2026-11-23")
QUINN = CitationSource("quinn", "article-newspaper", "Facial recognition: police 'Orwellian'", "LBC",
                       (Person("Quinn", "Chay"),), "2025-12-04", None, None)
SOURCES = [FOOT, QUINN]
CITES = [Cite("foot"), Cite("quinn", "p 2"), Cite("foot"), Cite("foot", "para 3"), Cite("quinn")]


class PandocRuns:
    """Counts the citeproc runs pandoc is started for."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        self._real = subprocess.Popen
        monkeypatch.setattr(pandoc_run.subprocess, "Popen", self)

    def __call__(self, command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        if "--citeproc" in command:
            self.count += 1
        return self._real(command, **kwargs)


@pytest.fixture
def cache(tmp_path: Path) -> CitationCache:
    return CitationCache(tmp_path / "cache")


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> PandocRuns:
    return PandocRuns(monkeypatch)


def texts(rendered: Any) -> list[str]:
    return [plain_text(c) for c in rendered.citations]


def test_a_second_render_comes_from_the_cache_and_is_identical(cache: CitationCache, runs: PandocRuns) -> None:
    first = render_citations(SOURCES, CITES, "oscola", cache=cache)
    second = render_citations(SOURCES, CITES, "oscola", cache=cache)
    assert runs.count == 1
    assert second == first  # every run, every format, the style
    assert texts(second)[2] == "Foot (n 1)." and texts(second)[3].startswith("ibid")
    assert len(list(cache.folder.glob("*.json"))) == 1


def test_the_bibliography_is_cached_with_the_citations(cache: CitationCache, runs: PandocRuns) -> None:
    first = render_citations(SOURCES, CITES, "apa", with_bibliography=True, cache=cache)
    second = render_citations(SOURCES, CITES, "apa", with_bibliography=True, cache=cache)
    assert runs.count == 1
    assert second == first and len(second.bibliography) == 2
    # Asking without the reference list is another render, not the same entry cut short.
    render_citations(SOURCES, CITES, "apa", cache=cache)
    assert runs.count == 2


@pytest.mark.parametrize(
    ("sources", "cites"),
    [
        pytest.param([dataclasses.replace(FOOT, title="Rights fears grow"), QUINN], CITES, id="a title"),
        pytest.param(
            [dataclasses.replace(FOOT, authors=(Person("Foot", "Tom"), Person("Lee", "Ann"))), QUINN],
            CITES,
            id="an author",
        ),
        pytest.param([dataclasses.replace(FOOT, date="2025-08"), QUINN], CITES, id="a date"),
        pytest.param([dataclasses.replace(FOOT, accessed=None), QUINN], CITES, id="an accessed date"),
        pytest.param([dataclasses.replace(FOOT, type="webpage"), QUINN], CITES, id="the type"),
        pytest.param(SOURCES, [*CITES[:3], Cite("foot", "para 4"), CITES[4]], id="a pinpoint"),
        pytest.param(SOURCES, [CITES[1], CITES[0], *CITES[2:]], id="the order"),
        pytest.param(SOURCES, CITES[:-1], id="one citation fewer"),
    ],
)
def test_any_change_renders_afresh(cache: CitationCache, runs: PandocRuns, sources: list[CitationSource],
                                   cites: list[Cite]) -> None:
    render_citations(SOURCES, CITES, "oscola", cache=cache)
    changed = render_citations(sources, cites, "oscola", cache=cache)
    assert runs.count == 2
    assert changed == render_citations(sources, cites, "oscola")  # exactly what pandoc says


def test_a_cache_is_never_used_across_styles_or_locales(cache: CitationCache, runs: PandocRuns) -> None:
    asked = [
        ("oscola", None),
        ("chicago-notes-bibliography", None),
        ("harvard-cite-them-right", None),
        ("harvard-cite-them-right", "en-US"),
    ]
    cached = [render_citations(SOURCES, CITES, style, locale=locale, with_bibliography=True, cache=cache)
              for style, locale in asked]
    assert runs.count == 4
    fresh = [render_citations(SOURCES, CITES, style, locale=locale, with_bibliography=True)
             for style, locale in asked]
    assert cached == fresh
    assert texts(cached[1]) != texts(cached[0])
    assert [plain_text(e) for e in cached[3].bibliography] != [plain_text(e) for e in cached[2].bibliography]
    assert render_citations(SOURCES, CITES, "oscola", with_bibliography=True, cache=cache) == fresh[0]
    assert runs.count == 4 + 4


def test_two_styles_sharing_one_file_each_get_their_own_entry(cache: CitationCache, runs: PandocRuns) -> None:
    # Dependent styles (journals using a house style) run the same file; their
    # results may even be equal, but each is kept and given back under its own name.
    parent = render_citations(SOURCES, CITES, "springer-basic-author-date", cache=cache)
    journal = render_citations(SOURCES, CITES, "3-biotech", cache=cache)
    assert runs.count == 2
    assert (parent.style.id, journal.style.id) == ("springer-basic-author-date", "3-biotech")


def _key(cache: CitationCache, **changes: Any) -> str | None:
    arguments: dict[str, Any] = {
        "style": find_style("oscola"),
        "locale": "en-GB",
        "with_bibliography": False,
        "items": [to_csl_json(s) for s in SOURCES],
        "cites": CITES,
        "pandoc": pandoc_run.pandoc_path(),
    }
    return cache.key(**{**arguments, **changes})


def test_the_key_covers_the_style_file_and_pandoc(cache: CitationCache, tmp_path: Path) -> None:
    published = find_style("oscola")
    copy = tmp_path / "oscola.csl"
    shutil.copyfile(published.path, copy)
    assert _key(cache, style=dataclasses.replace(published, path=copy)) != _key(cache)
    before = _key(cache, style=dataclasses.replace(published, path=copy))
    copy.write_bytes(copy.read_bytes().replace(b"ibid", b"id."))  # an edited style file
    assert _key(cache, style=dataclasses.replace(published, path=copy)) != before
    other_pandoc = tmp_path / "pandoc"
    other_pandoc.write_bytes(b"another build")
    assert _key(cache, pandoc=other_pandoc) != _key(cache)
    assert _key(cache, pandoc=tmp_path / "missing") is None  # nothing is cached then
    assert _key(cache, locale="en-US") != _key(cache)
    assert _key(cache) == _key(cache)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"\x00\xff not json"), id="garbage"),
        pytest.param(lambda path: path.write_text(path.read_text()[:100]), id="cut short"),
        pytest.param(lambda path: path.write_text("[]"), id="not an entry"),
        pytest.param(lambda path: _edit(path, key="0" * 64), id="another key"),
        pytest.param(lambda path: _edit(path, citations=[]), id="citations missing"),
        pytest.param(lambda path: _edit(path, citations=[[["text", 99]]] * 5), id="unknown formats"),
        pytest.param(lambda path: _edit(path, citations=[[["", 0]]] * 5), id="empty runs"),
        pytest.param(lambda path: _edit(path, bibliography="refs"), id="bibliography not a list"),
    ],
)
def test_a_damaged_entry_is_never_believed(cache: CitationCache, runs: PandocRuns, damage: Any) -> None:
    first = render_citations(SOURCES, CITES, "oscola", cache=cache)
    (entry,) = cache.folder.glob("*.json")
    damage(entry)
    again = render_citations(SOURCES, CITES, "oscola", cache=cache)
    assert runs.count == 2  # rendered afresh
    assert again == first
    assert render_citations(SOURCES, CITES, "oscola", cache=cache) == first  # and the entry made whole
    assert runs.count == 2


def _edit(path: Path, **changes: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, **changes}), encoding="utf-8")


def test_a_cache_that_cannot_be_written_costs_nothing_but_speed(tmp_path: Path, runs: PandocRuns) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    cache = CitationCache(blocked / "cache")
    first = render_citations(SOURCES, CITES, "oscola", cache=cache)
    assert render_citations(SOURCES, CITES, "oscola", cache=cache) == first
    assert runs.count == 2


def test_only_the_newest_entries_are_kept(tmp_path: Path, runs: PandocRuns) -> None:
    cache = CitationCache(tmp_path / "cache", keep=2)
    for count in (1, 2, 3):
        render_citations(SOURCES, CITES[:count], "oscola", cache=cache)
    assert len(list(cache.folder.glob("*.json"))) == 2
    assert not list(cache.folder.glob("*.part"))
    render_citations(SOURCES, CITES[:3], "oscola", cache=cache)  # the newest is still there
    assert runs.count == 3


def test_without_a_cache_every_render_runs_pandoc(runs: PandocRuns) -> None:
    render_citations(SOURCES, CITES, "oscola")
    render_citations(SOURCES, CITES, "oscola")
    assert runs.count == 2

"""The style catalogue: every published CSL style, found by id or by words of its title."""

from __future__ import annotations

import pytest

from drafter.core.citations import (
    CitationError,
    CitationSource,
    Cite,
    find_style,
    list_styles,
    plain_text,
    render_citations,
)
from drafter.core.citations.styles import patched_style, styles_folder
from drafter.core.names import Person


def test_the_catalogue_holds_every_published_style() -> None:
    styles = list_styles()
    assert len(styles) > 10_000
    assert [s.title.casefold() for s in styles] == sorted(s.title.casefold() for s in styles)
    by_id = {s.id: s for s in styles}
    assert by_id["oscola"].title == "OSCOLA 4th edition"
    assert by_id["oscola"].is_note_style
    assert not by_id["apa"].is_note_style
    assert not by_id["harvard-cite-them-right"].is_note_style


def test_every_listed_style_points_at_a_local_independent_file() -> None:
    for style in list_styles()[::250]:  # a sample: reading all 10,000 files again adds nothing
        assert style.path.is_file()
        assert b'rel="independent-parent"' not in style.path.read_bytes()


@pytest.mark.parametrize(
    ("query", "expected_id"),
    [
        ("oscola", "oscola"),
        ("OSCOLA", "oscola"),
        ("oscola 4th", "oscola"),  # part of the title
        ("Oscola 4TH Edition", "oscola"),  # the whole title, any case
        ("apa", "apa"),
        ("harvard-cite-them-right", "harvard-cite-them-right"),
        (
            "cite them RIGHT",
            "harvard-cite-them-right",
        ),  # the house style, not its 10th/11th-edition variants
        ("chicago-notes-bibliography", "chicago-notes-bibliography"),
        # A former id, listed in the CSL repository's renamed-styles.json, leads to its current style.
        ("chicago-note-bibliography", "chicago-shortened-notes-bibliography"),
        ("harvard1", "harvard-cite-them-right"),
    ],
)
def test_find_style(query: str, expected_id: str) -> None:
    assert find_style(query).id == expected_id


def test_a_dependent_style_resolves_to_its_parent_file() -> None:
    style = find_style("3-biotech")  # a journal that only points at Springer's author-date style
    assert style.title == "3 Biotech"
    assert style.parent == "springer-basic-author-date"
    assert style.path == styles_folder() / "springer-basic-author-date.csl"
    assert not style.is_note_style


def test_a_dependent_style_is_found_by_its_title_too() -> None:
    assert find_style("3 Biotech").path.name == "springer-basic-author-date.csl"


def test_a_dependent_style_renders_with_its_parents_rules() -> None:
    source = CitationSource(
        "foot",
        "article-newspaper",
        "Rights fears as Met ramps up tech use",
        "West End Extra",
        (Person("Foot", "Tom"),),
        "2025-08-01",
        None,
        None,
    )
    rendered = render_citations([source], [Cite("foot")], "3-biotech")
    assert rendered.style.id == "3-biotech"
    assert plain_text(rendered.citations[0]) == "(Foot 2025)"


@pytest.mark.parametrize("query", ["no such style at all", "  ", "", "--"])
def test_an_unknown_style_is_a_plain_error(query: str) -> None:
    with pytest.raises(CitationError, match="citation style"):
        find_style(query)


def test_the_error_names_the_style_asked_for() -> None:
    with pytest.raises(CitationError, match="No citation style called 'Vancouver-ish Harvard 99'"):
        find_style("Vancouver-ish Harvard 99")


def test_a_query_is_never_used_as_a_path() -> None:
    style = find_style("../../oscola")  # searched as words, so it finds OSCOLA, Drafter's corrected copy
    assert style.id == "oscola"
    assert style.path == patched_style("oscola")
    assert style.path.parent != styles_folder()


def test_a_style_without_a_corrected_copy_runs_the_published_file() -> None:
    assert patched_style("chicago-author-date") is None
    assert find_style("chicago-author-date").path == styles_folder() / "chicago-author-date.csl"
    assert find_style("apa").path == patched_style("apa")
    assert patched_style("../oscola") is None  # never a path

"""Citation facts → CSL-JSON: what is known goes in, what is unknown stays out."""

from __future__ import annotations

from typing import Any

import pytest

from drafter.core.citations import CitationError, CitationSource, to_csl_json
from drafter.core.citations.csl_json import parse_name


def _source(**facts: Any) -> CitationSource:
    base: dict[str, Any] = {
        "id": "s1",
        "type": "article-newspaper",
        "title": "A title",
        "publisher": "The Paper",
        "authors": (),
        "date": None,
        "url": None,
        "accessed": None,
    }
    return CitationSource(**{**base, **facts})


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            {},
            {
                "id": "s1",
                "type": "article-newspaper",
                "title": "A title",
                "container-title": "The Paper",
            },
        ),
        ({"date": "2025-08-01"}, {"issued": {"date-parts": [[2025, 8, 1]]}}),
        ({"date": "2025-08"}, {"issued": {"date-parts": [[2025, 8]]}}),
        ({"date": "2025"}, {"issued": {"date-parts": [[2025]]}}),
        ({"accessed": "2026-11-23"}, {"accessed": {"date-parts": [[2026, 11, 23]]}}),
        ({"url": " https://example.org/a "}, {"URL": "https://example.org/a"}),
        ({"authors": ("Tom Foot",)}, {"author": [{"family": "Foot", "given": "Tom"}]}),
        (
            {"authors": ("Tom Foot", "Chay Quinn")},
            {"author": [{"family": "Foot", "given": "Tom"}, {"family": "Quinn", "given": "Chay"}]},
        ),
        # Outlets of articles, blogs and web pages are containers; anything else has a publisher.
        ({"type": "webpage", "publisher": "Liberty"}, {"container-title": "Liberty"}),
        ({"type": "report", "publisher": "Home Office"}, {"publisher": "Home Office"}),
    ],
)
def test_known_facts_are_carried_over(facts: dict[str, Any], expected: dict[str, Any]) -> None:
    item = to_csl_json(_source(**facts))
    assert {k: item[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("facts", "absent"),
    [
        (
            {"authors": ()},
            "author",
        ),  # never 'Anon': the style decides what an anonymous work looks like
        ({"authors": ("", "  ")}, "author"),
        ({"date": None}, "issued"),
        ({"date": " "}, "issued"),
        ({"title": None}, "title"),
        ({"publisher": None}, "container-title"),
        ({"url": None}, "URL"),
        ({"accessed": None}, "accessed"),
    ],
)
def test_unknown_facts_are_left_out(facts: dict[str, Any], absent: str) -> None:
    assert absent not in to_csl_json(_source(**facts))


@pytest.mark.parametrize(
    ("name", "parsed"),
    [
        ("Tom Foot", {"family": "Foot", "given": "Tom"}),
        ("Mary Anne  Smith", {"family": "Smith", "given": "Mary Anne"}),
        ("Foot, Tom", {"family": "Foot", "given": "Tom"}),
        ("Ursula von der Leyen", {"family": "von der Leyen", "given": "Ursula"}),
        ("Martin Luther King Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
        ("{Metropolitan Police Service}", {"literal": "Metropolitan Police Service"}),
        ("Liberty", {"literal": "Liberty"}),
    ],
)
def test_names(name: str, parsed: dict[str, str]) -> None:
    assert parse_name(name) == parsed


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"date": "1 August 2025"}, "not a date"),
        ({"date": "2025-13"}, "not a date"),
        ({"date": "2025-02-30"}, "not a date"),
        ({"accessed": "yesterday"}, "not a date"),
        ({"type": "newspaper"}, "no citation style knows"),
        ({"id": ""}, "can't be used"),
        ({"id": "has space"}, "can't be used"),
    ],
)
def test_malformed_facts_are_a_plain_error(facts: dict[str, Any], message: str) -> None:
    with pytest.raises(CitationError, match=message):
        to_csl_json(_source(**facts))

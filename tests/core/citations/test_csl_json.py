"""Citation facts → CSL-JSON: what is known goes in, what is unknown stays out."""

from __future__ import annotations

from typing import Any

import pytest

from drafter.core.citations import CitationError, CitationSource, to_csl_json
from drafter.core.names import Organisation, Person, from_csl, from_legacy_text, to_csl


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
        ({"authors": (Person("Foot", "Tom"),)}, {"author": [{"family": "Foot", "given": "Tom"}]}),
        (
            {"authors": (Person("Foot", "Tom"), Person("Quinn", "Chay"))},
            {"author": [{"family": "Foot", "given": "Tom"}, {"family": "Quinn", "given": "Chay"}]},
        ),
        # An organisation is one literal name: no style can split or initial it.
        ({"authors": (Organisation("Home Office"),)}, {"author": [{"literal": "Home Office"}]}),
        (
            {"authors": (Organisation("Liberty"), Person("Foot", "Tom"))},
            {"author": [{"literal": "Liberty"}, {"family": "Foot", "given": "Tom"}]},
        ),
        ({"authors": (Person("Foot"),)}, {"author": [{"family": "Foot"}]}),
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
        ({"authors": (Person(""), Organisation("  "))}, "author"),
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


# Names stored as one string before migration 0008 (and in version 1 response files) are
# read the way the citations always read them, so no existing citation changes.
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
def test_legacy_names(name: str, parsed: dict[str, str]) -> None:
    assert to_csl(from_legacy_text(name)) == parsed


@pytest.mark.parametrize(
    ("csl", "name"),
    [
        ({"family": "Foot", "given": "Tom"}, Person("Foot", "Tom")),
        ({"literal": "Home Office"}, Organisation("Home Office")),
        ({"family": "Leyen", "given": "Ursula", "non-dropping-particle": "von der"}, Person("von der Leyen", "Ursula")),
        ({"given": "Madonna"}, Person("Madonna")),
    ],
)
def test_csl_names_read(csl: dict[str, str], name: object) -> None:
    assert from_csl(csl) == name


@pytest.mark.parametrize("bad", [{}, {"family": " "}, 3, None, ["Tom"]])
def test_unreadable_csl_names_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        from_csl(bad)


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

"""The importers guess a source's type from what the document shows, each guess with its basis."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from drafter.core.importers import import_file, import_text
from drafter.core.importers.guesses import type_from_text
from drafter.core.sources import add_imported
from drafter.core.store import Store

# (the document's leading lines, the type, the other facts it states, words of the type's basis)
TEXTS = [
    ("Facial recognition\nHC Deb 4 December 2025 vol 777 c123\nThe Minister said …",
     "hearing", {"authority": "HC Deb"}, "'HC Deb': a debate in Hansard"),
    ("Lords debate\nHL Deb 12 January 2026\nLord Clement-Jones asked …",
     "hearing", {"authority": "HL Deb"}, "'HL Deb'"),
    ("Police Reform\nStatement UIN HCWS123\nMade on 4 December 2025",
     "hearing", {"number": "HCWS123", "genre": "Written statement"}, "the number Parliament gives"),
    ("Policy paper\nLegal framework for biometrics\nPublished 4 December 2025",
     "report", {"genre": "Policy paper"}, "the text's line 'Policy paper'"),
    ("Home Office\nPress release\nNew powers for police",
     "report", {"genre": "Press release"}, "line 'Press release'"),
    ("Open consultation\nLegal framework for law enforcement use of biometrics",
     "report", {"genre": "Open consultation"}, "which says what the document is"),
    ("Speech\nHome Secretary's speech to the Police Federation",
     "speech", {}, "line 'Speech'"),
    ("Faces in the crowd\nModern Law Review 84(3)\nhttps://doi.org/10.1111/1468-2230.12345.",
     "article-journal", {"DOI": "10.1111/1468-2230.12345"}, "the DOI in the text"),
    ("Faces in the crowd\nISSN 0026-7961\nAnn Lee",
     "article-journal", {}, "the ISSN in the text (0026-7961)"),
]


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """The tests that use a store run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


@pytest.mark.parametrize(("text", "kind", "variables", "basis"), TEXTS, ids=[t[1] + ":" + t[0][:14] for t in TEXTS])
def test_the_leading_lines_say_what_the_document_is(text: str, kind: str, variables: dict[str, str],
                                                     basis: str) -> None:
    found = type_from_text(text)
    assert found is not None
    assert (found[0], found[1]) == (kind, variables)
    assert basis in found[2]["source_type"]
    assert set(found[2]) == {"source_type", *variables}  # every fact taken has its basis


@pytest.mark.parametrize(
    "text",
    [
        "The consultation closes on 12 February 2026.\nPlease respond.",  # a word in a sentence says nothing
        "Our briefing\nWe discussed the policy paper and a press release.",
        "Title\n" + "A line of the briefing.\n" * 20 + "HC Deb 4 December 2025\ndoi:10.1000/xyz",  # too far in
        "",
    ],
)
def test_a_document_that_does_not_say_what_it_is_gets_no_guess(text: str) -> None:
    assert type_from_text(text) is None


def test_a_word_file_of_a_written_statement_is_guessed_with_its_basis(
        store: Store, write_file: Callable[[str, bytes | str], Path]) -> None:
    document = docx.Document()
    for line in ("Written statement to Parliament", "Facial recognition: legal framework",
                 "Published 4 December 2025", "Today I am launching a consultation …"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    imported = import_file(write_file("statement.docx", out.getvalue()))
    assert (imported.facts.source_type, imported.facts.variables) == (
        "hearing", {"genre": "Written statement to Parliament"})
    record = add_imported(store, imported)
    assert (record.type, record.variables) == ("hearing", {"genre": "Written statement to Parliament"})
    assert record.fact_basis["source_type"].startswith("guessed from the text's line 'Written statement")
    assert record.fact_basis["genre"] == "guessed from the text's line 'Written statement to Parliament'"


def test_pasted_hansard_text_is_a_debate_and_nothing_more_is_made_up() -> None:
    facts = import_text("HC Deb 4 December 2025 vol 777 c123\n\nThe Minister said the scheme is lawful.").facts
    assert (facts.source_type, facts.variables) == ("hearing", {"authority": "HC Deb"})
    assert facts.publisher is None and facts.title is None  # the volume and column are pinpoints, not guessed


HEAD = "<html><head>{meta}<title>Page</title></head><body><article><p>{body}</p></article></body></html>"
BODY = "The Home Office has published its plans for a new legal framework for facial recognition. " * 3


@pytest.mark.parametrize(
    ("meta", "kind", "variables", "basis"),
    [
        ('<meta name="govuk:format" content="open_consultation">', "report", {"genre": "Open consultation"},
         'HTML <meta name="govuk:format"> says "open_consultation"'),
        ('<meta name="govuk:format" content="written_statement">', "hearing", {"genre": "Written statement"},
         '"written_statement"'),
        (('<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Cameras"}</script>'
          '<meta property="og:type" content="article">'), "post-weblog", {}, "JSON-LD @type BlogPosting"),
        (('<meta name="citation_journal_title" content="Modern Law Review">'
          '<meta name="citation_volume" content="84"><meta name="citation_issue" content="3">'
          '<meta name="citation_firstpage" content="12"><meta name="citation_doi" content="10.1111/x">'),
         "article-journal", {"volume": "84", "issue": "3", "page": "12", "DOI": "10.1111/x"},
         'HTML <meta name="citation_journal_title"> names a journal'),
        ('<meta property="og:type" content="article">', "article-newspaper", {}, 'says "article"'),
        ("", "webpage", {}, "does not call itself an article"),
    ],
)
def test_a_web_page_says_what_it_is_in_its_markup(
        write_file: Callable[[str, bytes | str], Path], meta: str, kind: str, variables: dict[str, str],
        basis: str) -> None:
    facts = import_file(write_file("page.html", HEAD.format(meta=meta, body=BODY))).facts
    assert (facts.source_type, facts.variables) == (kind, variables)
    assert basis in facts.basis["source_type"]
    assert all(name in facts.basis for name in variables)

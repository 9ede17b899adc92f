"""The summary of recommendations: the paragraphs the user marked, gathered in order after the
introduction, each pointing to the paragraph (with numbered paragraphs) or the question where it is argued."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.core.export import export_response
from drafter.core.responses import add_block, get_response, set_recommendation

from .conftest import EXPORT_DAY, Built, build_response
from .docx_reading import NS, paragraphs, part, text_of


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

LAW = "The framework must put live facial recognition on a statutory footing."
FORCES = "It should apply to every police force in England and Wales."
CARNIVAL = "Our volunteers were scanned at Notting Hill Carnival."


def mark(store, built: Built, *texts: str) -> None:  # type: ignore[no-untyped-def]
    blocks = [b for q in get_response(store, built.response_id).questions for b in q.blocks]
    for text in texts:
        set_recommendation(store, next(b.id for b in blocks if b.text == text), True)


def numbered_by_list(path: Path) -> dict[str, list[str]]:
    """The text of every numbered paragraph, by the Word list (numId) that numbers it."""
    lists: dict[str, list[str]] = {}
    for p in part(path, "word/document.xml").xpath("//w:body/w:p[w:pPr/w:numPr]", namespaces=NS):
        lists.setdefault(p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS), []).append(text_of(p))
    return lists


@pytest.fixture
def marked(store) -> Built:  # type: ignore[no-untyped-def]
    built = build_response(store)
    # Marked out of document order: the summary follows the document, not the order of marking.
    mark(store, built, CARNIVAL, FORCES, LAW)
    return built


def test_word_gathers_them_after_the_introduction_pointing_to_their_paragraph_numbers(
        store, marked: Built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = export_response(store, marked.response_id, tmp_path / "r.docx", numbered=True, today=EXPORT_DAY).path
    texts = paragraphs(path)
    headings = [t for s, t in texts if s.startswith("Heading")]
    assert headings[:3] == ["Introduction", "Summary of recommendations", "Question 1: " + headings[2][12:]]
    lists = numbered_by_list(path)
    assert len(lists) == 2  # the paragraphs' numbering, and the summary's own (1., 2., 3.)
    summary_id = next(key for key, items in lists.items() if len(items) == 3)
    body = next(items for key, items in lists.items() if key != summary_id)
    # The references are the numbers Word prints beside those paragraphs.
    assert lists[summary_id] == [
        f"{LAW} (paragraph {body.index(LAW) + 1})",
        f"{FORCES} (paragraph {body.index(FORCES) + 1})",
        f"{CARNIVAL} (paragraph {body.index(CARNIVAL) + 1})",
    ]
    assert (body.index(LAW) + 1, body.index(CARNIVAL) + 1) == (3, 12)
    bold = part(path, "word/document.xml").xpath("//w:body/w:p[w:pPr/w:numPr][w:r/w:rPr/w:b]", namespaces=NS)
    assert {text_of(p) for p in bold} == {LAW, FORCES, CARNIVAL}  # set in bold where they are argued
    start = [t for _, t in texts].index("Summary of recommendations")
    assert [t for _, t in texts][start + 1].startswith(LAW)  # right under its heading


def test_without_numbered_paragraphs_each_points_to_its_question(store, marked: Built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = export_response(store, marked.response_id, tmp_path / "r.docx", today=EXPORT_DAY).path
    lists = numbered_by_list(path)
    assert list(lists.values()) == [[f"{LAW} (Question 1)", f"{FORCES} (Question 2)", f"{CARNIVAL} (Question 3)"]]


def test_a_recommendation_of_several_lines_points_to_all_its_paragraphs(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    built = build_response(store)
    block = add_block(store, built.question_ids[1], text="Create a regulator.\nGive it powers to stop deployments.")
    set_recommendation(store, block.id, True)
    path = export_response(store, built.response_id, tmp_path / "r.docx", numbered=True, today=EXPORT_DAY).path
    lists = list(numbered_by_list(path).values())
    body = next(items for items in lists if len(items) > 1)
    first, second = body.index("Create a regulator.") + 1, body.index("Give it powers to stop deployments.") + 1
    assert (first, second) == (12, 13)
    assert [items for items in lists if len(items) == 1] == [
        ["Create a regulator. Give it powers to stop deployments. (paragraphs 12–13)"]]


def test_no_summary_when_nothing_is_marked(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    built = build_response(store)
    path = export_response(store, built.response_id, tmp_path / "r.docx", today=EXPORT_DAY).path
    assert "Summary of recommendations" not in [t for _, t in paragraphs(path)]
    assert numbered_by_list(path) == {}


@pytest.mark.parametrize(("numbered", "references"), [
    (True, ["paragraph 3", "paragraph 7", "paragraph 12"]),
    (False, ["Question 1", "Question 2", "Question 3"]),
])
def test_plain_text_gathers_them_too(store, marked: Built, tmp_path: Path, numbered: bool,
                                     references: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = export_response(store, marked.response_id, tmp_path / "r.txt", format="txt", numbered=numbered,
                           today=EXPORT_DAY).path
    text = path.read_text(encoding="utf-8")
    summary = text.split("Summary of recommendations\n--------------------------\n\n", 1)[1].split("\n\n")[:3]
    assert summary == [f"{n}. {t} ({r})" for n, (t, r) in enumerate(zip((LAW, FORCES, CARNIVAL), references,
                                                                        strict=True), start=1)]
    assert text.index("We welcome this consultation.") < text.index("Summary of recommendations") \
        < text.index("Question 1:")
    if numbered:  # the numbers given are those printed beside the paragraphs
        assert f"3. {LAW}" in text and f"7. {FORCES}" in text and f"12. {CARNIVAL}" in text

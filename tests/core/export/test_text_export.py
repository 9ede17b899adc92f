"""Plain text and Markdown exports, and one answer copied for an online form."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.core.errors import DrafterError
from drafter.core.export import answer_text, export_response, find_format, format_for_path
from drafter.core.export.registry import FORMATS
from drafter.core.export.text_writer import md_escape
from drafter.core.models import Source
from drafter.core.responses import set_chosen_option, update_question

from .conftest import CW_LONG_OSCOLA, EXPORT_DAY, FOOT_1, OSCOLA_NOTES, OVN, Q1_TEXT, build_response


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


def _export(store, built, tmp_path: Path, name: str, **options) -> str:  # type: ignore[no-untyped-def]
    path = export_response(store, built.response_id, tmp_path / name, today=EXPORT_DAY, **options).path
    return path.read_text(encoding="utf-8")


def test_plain_text_has_numbered_notes_after_each_answer(store, built, tmp_path: Path) -> None:
    text = _export(store, built, tmp_path, "r.txt", format="txt")
    assert text.startswith("Legal framework for using facial recognition in law enforcement\n=====")
    assert "Date: 4 February 2026" in text
    assert f"Question 1: {Q1_TEXT}\n----" in text
    assert f"As Liberty warned, \u2018{FOOT_1}\u2019 [1]" in text
    assert f"\n    {CW_LONG_OSCOLA} [2]\n" in text  # a long quotation indented, without marks
    for number, note in enumerate(OSCOLA_NOTES, start=1):
        assert text.count(f"[{number}] {note}") == 1
    # Notes 1–3 end answer 1, before question 2 begins.
    assert text.index(f"[3] {OSCOLA_NOTES[2]}") < text.index("Question 2:") < text.index("[4] Foot (n 1).")
    assert "Confidential — not for publication\n\nOur volunteers" in text


def test_markdown_uses_footnotes_and_block_quotes(store, built, tmp_path: Path) -> None:
    text = _export(store, built, tmp_path, "r.md", format="md")
    assert text.startswith("# Legal framework")
    assert f"### Question 1: {Q1_TEXT}" in text
    assert f"> {CW_LONG_OSCOLA}[^2]" in text
    assert f"\u2018{OVN}\u2019[^3]" in text
    assert "[^1]: Tom Foot, ‘Rights Fears as Met Ramps Up Tech Use’ *West End Extra* (1 August 2025)" in text
    assert "[^4]: Foot (n 1)." in text
    assert "**Confidential — not for publication**" in text


def test_text_exports_can_number_paragraphs(store, built, tmp_path: Path) -> None:
    text = _export(store, built, tmp_path, "n.txt", format="txt", numbered=True)
    assert "1. Rights Watch is a civil liberties charity." in text
    assert "12. Our volunteers were scanned at Notting Hill Carnival." in text


def test_author_date_text_ends_with_references(store, tmp_path: Path) -> None:
    built = build_response(store, style="harvard-cite-them-right")
    text = _export(store, built, tmp_path, "h.txt", format="txt")
    assert f"\u2018{FOOT_1}\u2019 (Foot, 2025)." in text
    assert "[1]" not in text
    references = text.split("References\n----------\n", 1)[1]
    assert references.strip().splitlines()[0].startswith("Computer Weekly (2025)")


@pytest.mark.parametrize(("raw", "shown"), [
    ("*not bold* and _not_ italic", r"\*not bold\* and \_not\_ italic"),
    ("# not a heading", r"\# not a heading"),
    ("1. not a list", r"1\. not a list"),
    ("a [link](x) <tag>", r"a \[link\](x) \<tag>"),
    ("snake_case_words stay", "snake_case_words stay"),
])
def test_markdown_escapes_what_would_be_formatting(raw: str, shown: str) -> None:
    assert md_escape(raw) == shown


def test_formats_registry() -> None:
    assert sorted(FORMATS) == ["docx", "md", "txt"]
    assert find_format(".MD").name == "md"
    assert format_for_path(".txt").name == "txt" and format_for_path(".odt").name == "docx"
    with pytest.raises(DrafterError, match="Choose one of: docx, txt, md"):
        find_format("pdf")


def test_a_template_is_only_for_word(store, built, tmp_path: Path) -> None:
    with pytest.raises(DrafterError, match="only be used for a Word export"):
        export_response(store, built.response_id, tmp_path / "r.txt", format="txt", template=tmp_path / "t.docx")


def test_copy_one_answer_for_a_web_form(store, built) -> None:
    answer = answer_text(store, built.response_id, built.question_ids[1])
    # Cited on its own: the first citation of Tom Foot in this answer is in full.
    assert answer.text.startswith("It should apply to every police force in England and Wales.\n\n")
    assert "[1] Tom Foot, ‘Rights Fears as Met Ramps Up Tech Use’" in answer.text
    assert "[4] ibid." in answer.text and "(n 1)" not in answer.text
    assert answer.words == len(answer.text.split()) and answer.characters == len(answer.text)
    assert not answer.over_limit
    assert answer.message == f"{answer.words} words, {answer.characters} characters."


def test_copy_warns_when_over_the_limit(store, built) -> None:
    update_question(store, built.question_ids[1], word_limit=50, char_limit=5000)
    answer = answer_text(store, built.response_id, built.question_ids[1])
    assert answer.over_limit
    assert answer.message.startswith(f"Over the limit: {answer.words} words where question 2 allows 50.")
    update_question(store, built.question_ids[1], word_limit=500)
    within = answer_text(store, built.response_id, built.question_ids[1])
    assert within.message.endswith("(the limit is 500 words and 5,000 characters).")


def test_copy_is_refused_for_a_quotation_that_no_longer_matches(store, built) -> None:
    with store.transaction() as session:
        source = session.get(Source, 4)
        source.text = source.text.replace("robust safeguards", "strong safeguards")
        session.add(source)
    with pytest.raises(DrafterError, match="can't be copied"):
        answer_text(store, built.response_id, built.question_ids[0])
    # Another answer, whose quotations still match, can still be copied.
    assert "Hits Radio" in answer_text(store, built.response_id, built.question_ids[1]).text


def test_copy_begins_with_the_chosen_option(store, built) -> None:
    # Question 1 has its option chosen ("Disagree"): the pasted answer says so first.
    answer = answer_text(store, built.response_id, built.question_ids[0])
    assert answer.text.startswith("Answer: Disagree\n\n")
    assert answer.text.count("Disagree") >= 1 and answer.words == len(answer.text.split())
    assert "first line is your chosen option (“Disagree”)" in answer.message
    # With no option chosen, nothing is added and nothing is said.
    set_chosen_option(store, built.question_ids[0], None)
    bare = answer_text(store, built.response_id, built.question_ids[0])
    assert not bare.text.startswith("Answer:") and "chosen option" not in bare.message
    assert answer.text == "Answer: Disagree\n\n" + bare.text


@pytest.mark.parametrize(("limit", "said"), [(1, "the limit is 1 word"), (2, "the limit is 2 words")])
def test_copy_counts_agree_with_their_numbers(store, built, limit: int, said: str) -> None:
    from drafter.core.responses import add_block, update_block_text

    question_id = built.question_ids[1]
    update_question(store, question_id, word_limit=limit)
    for block in [b for q in _doc(store, built).questions if q.id == question_id for b in q.blocks]:
        from drafter.core.responses import delete_block

        delete_block(store, block.id)
    block = add_block(store, question_id)
    update_block_text(store, block.id, "Yes")
    answer = answer_text(store, built.response_id, question_id)
    assert answer.message.startswith("1 word, 3 characters") and said in answer.message


def _doc(store, built):  # type: ignore[no-untyped-def]
    from drafter.core.responses import get_response

    return get_response(store, built.response_id)

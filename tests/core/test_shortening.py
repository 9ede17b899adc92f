"""Quotations with omissions and bracketed alterations: checked piece by piece, printed in each style's form."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from engine_sql import run_sql

from drafter.core.errors import DrafterError
from drafter.core.shortening import ShorteningError, check, match, normalise, render


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store

SNIPPET = ("Met commissioner Mark Rowley defended the move, saying the technology is used "
           "responsibly and only deployed to look for serious offenders.")


# --- reading a shortened form against its snippet ----------------------------------------------


@pytest.mark.parametrize("form", [
    "the technology is used responsibly … to look for serious offenders",
    "the technology is used responsibly ... to look for serious offenders",  # three full stops
    "the technology is used responsibly . . . to look for serious offenders",  # spaced, as APA prints
    "[The] technology is used responsibly",  # a bracket at the start
    "Mark Rowley defended the move, saying [the Met's facial recognition] is used responsibly",
    "saying the technology is [sic] used responsibly",  # an insertion
    "Met commissioner … defended the move … serious offenders.",  # two omissions
    "the   technology\nis used",  # whitespace compared loosely
])
def test_a_marked_shortening_follows_from_the_snippet(form: str) -> None:
    assert check(form, SNIPPET) is None


@pytest.mark.parametrize(("form", "said"), [
    ("the technology is used and only deployed", "Words are left out after “the technology is used” without"),
    ("the technology is responsibly used", "is not in the snippet"),
    ("serious offenders … Mark Rowley", "is not in the snippet after the words before it"),  # out of order
    ("the technology … is used responsibly", "leaves nothing out"),  # … between neighbours
    ("defended the move, … saying", "leaves nothing out"),
    ("Met commissioner [he] serious offenders.", "stand for a long passage"),  # a bracket hiding a passage
    ("the technology is used [ ] responsibly", "Square brackets must hold the words"),
    ("… [the Met] …", "must keep some of the source's words"),
    ("", "must keep some of the source's words"),
    ("serious offenders. …", "The omission at the end leaves nothing out"),
])
def test_an_unmarked_or_impossible_shortening_is_refused_with_the_reason(form: str, said: str) -> None:
    with pytest.raises(ShorteningError) as raised:
        match(form, SNIPPET)
    assert said in str(raised.value)


def test_words_may_be_left_off_either_end_without_a_mark() -> None:
    """OSCOLA 4th ed 1.6.2 and APA 7 §8.31: no ellipsis at the start or end of a quotation."""
    pieces = match("saying the technology is used responsibly", SNIPPET)
    assert [(p.kind, SNIPPET[p.start:p.end]) for p in pieces] == [
        ("words", "saying the technology is used responsibly")]


def test_the_pieces_are_placed_in_the_snippet_in_order() -> None:
    pieces = match("Mark Rowley … the technology … serious offenders", SNIPPET)
    words = [p for p in pieces if p.kind == "words"]
    assert [SNIPPET[p.start:p.end] for p in words] == ["Mark Rowley", "the technology", "serious offenders"]
    assert [p.start for p in words] == sorted(p.start for p in words)


def test_normalise_stores_one_ellipsis_and_none_for_the_whole_snippet() -> None:
    assert normalise(f"  {SNIPPET}  ", SNIPPET) is None
    assert normalise(" ".join(SNIPPET.split()), SNIPPET) is None
    assert normalise("the technology . . . to look", SNIPPET) == "the technology … to look"
    assert normalise("the technology...to look", SNIPPET) == "the technology … to look"
    assert normalise("Met commissioner … … serious offenders.", SNIPPET) == "Met commissioner … serious offenders."
    with pytest.raises(ShorteningError):
        normalise("the technology to look", SNIPPET)


def test_each_style_prints_the_omission_in_its_own_form() -> None:
    form = "the technology … to look"
    assert render(form) == "the technology … to look"
    assert render(form, ". . .") == "the technology . . . to look"
    assert render("the move, … saying", ". . .") == "the move, . . . saying"
    # APA's four points between sentences: the sentence's own full stop, then the ellipsis.
    assert render("the move. … Next", ". . .") == "the move. . . . Next"


# --- in the library: set, undone, refused ------------------------------------------------------


@pytest.fixture
def quoted(store):
    from drafter.core.responses import add_block, add_question, create_response
    from drafter.core.responses.records import ResponseDetails
    from drafter.core.snippets import snippet_from_quote

    snippet = snippet_from_quote(store, 1, SNIPPET)
    response = create_response(store, ResponseDetails("Biometrics", organisation="Liberty"))
    question = add_question(store, response.id, label="1", text="Do you agree?", word_limit=100)
    add_block(store, question.id, text="The Met says:")
    block = add_block(store, question.id, kind="quotation", snippet_id=snippet.id)
    paragraph = add_block(store, question.id, text="We disagree.")
    return store, response.id, block.id, paragraph.id


def _dump(store) -> list[tuple[object, ...]]:
    """Every block as it reads (its change stamps left out: an undo is a new change, a second later or not)."""
    return run_sql(store, "SELECT id, question_id, position, kind, text, snippet_id, recommendation, shortened, "
                   "pinpoint FROM answer_block ORDER BY id")


def test_a_shortened_quotation_is_stored_shown_counted_and_undone(quoted) -> None:
    from drafter.core.operations import responses as ops
    from drafter.core.responses import count_answer, get_response

    store, response_id, block_id, _ = quoted
    before = _dump(store)
    done = ops.shorten_quotation(block_id, "the technology is used responsibly ... serious offenders.").run(store)
    assert done.value == "the technology is used responsibly … serious offenders."
    question = get_response(store, response_id).questions[0]
    block = question.blocks[1]
    assert block.shortened == done.value and block.quoted_text == done.value
    assert block.snippet is not None and block.snippet.text == SNIPPET  # the snippet stays whole
    # Counted as printed: "The Met says:" (3) + the shortened quotation (8, the ellipsis a word as forms count
    # it) + "We disagree." (2).
    assert count_answer(question, include_quotations=True).words == 3 + 8 + 2
    assert done.inverse is not None
    done.inverse.run(store)
    assert _dump(store) == before


@pytest.mark.parametrize(("change", "said"), [
    (lambda ops, b, p: ops.shorten_quotation(b, "the technology is used and only deployed"), "without an ellipsis"),
    (lambda ops, b, p: ops.shorten_quotation(p, "We … disagree"), "Only a quotation can be shortened"),
    (lambda ops, b, p: ops.set_pinpoint(b, "chapter nine"), "can't be used in a citation"),
    (lambda ops, b, p: ops.set_pinpoint(p, "para 3"), "Only a quotation"),
    (lambda ops, b, p: ops.set_pinpoint(9999, "para 3"), "no answer block with id 9999"),
    (lambda ops, b, p: ops.shorten_quotation(9999, None), "no answer block with id 9999"),
])
def test_a_refused_change_says_why_and_changes_nothing(quoted, change, said: str) -> None:
    from drafter.core.operations import responses as ops

    store, _, block_id, paragraph_id = quoted
    before = _dump(store)
    with pytest.raises(DrafterError) as raised:
        change(ops, block_id, paragraph_id).run(store)
    assert said in str(raised.value)
    assert _dump(store) == before


def test_a_pinpoint_is_kept_as_written_and_cleared_with_none(quoted) -> None:
    from drafter.core.operations import responses as ops
    from drafter.core.responses.quotations import get_block

    store, _, block_id, _ = quoted
    assert ops.set_pinpoint(block_id, "  para   9 ").run(store).value == "para 9"
    assert get_block(store, block_id).pinpoint == "para 9"
    ops.set_pinpoint(block_id, None).run(store)
    assert get_block(store, block_id).pinpoint is None


def test_deleting_a_shortened_quotation_and_undoing_gives_it_back_whole(quoted) -> None:
    from drafter.core.operations import responses as ops

    store, _, block_id, _ = quoted
    ops.shorten_quotation(block_id, "the technology … serious offenders.").run(store)
    ops.set_pinpoint(block_id, "[4]").run(store)
    before = _dump(store)
    deleted = ops.delete_block(block_id).run(store)
    assert deleted.inverse is not None
    deleted.inverse.run(store)
    assert _dump(store) == before


def test_a_stored_form_that_no_longer_follows_blocks_the_export(quoted) -> None:
    """A form changed outside Drafter (or by a bug) is caught by the readiness check, not printed."""
    from drafter.core.checks import check_response

    store, response_id, block_id, _ = quoted
    run_sql(store, "UPDATE answer_block SET shortened = ? WHERE id = ?", ("the technology is used wisely", block_id))
    [item] = [i for i in check_response(store, response_id).blockers if i.kind == "shortened_quotation_changed"]
    assert "no longer follows from its snippet" in item.message and item.block_id == block_id


@pytest.mark.parametrize(("style", "printed", "cited"), [
    ("oscola", "‘the technology is used responsibly … serious offenders.’", "para 9"),
    ("apa", "“the technology is used responsibly . . . serious offenders”", "para. 9"),
    ("harvard-cite-them-right", "‘the technology is used responsibly … serious offenders’", "para. 9"),
])
def test_the_export_prints_the_shortened_quotation_and_its_own_pinpoint(quoted, tmp_path: Path, style: str,
                                                                       printed: str, cited: str) -> None:
    from drafter.core.export import export_response
    from drafter.core.operations import responses as ops

    store, response_id, block_id, _ = quoted
    ops.shorten_quotation(block_id, "the technology is used responsibly … serious offenders.").run(store)
    ops.set_pinpoint(block_id, "para 9").run(store)
    out = tmp_path / f"{style}.txt"
    export_response(store, response_id, out, format="txt", style=style)
    text = " ".join(out.read_text(encoding="utf-8").split())
    assert printed in text
    assert cited in text
    assert "only deployed" not in text  # the words left out are not printed


# --- response files -----------------------------------------------------------------------


def _bundle_json(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("bundle.json"))


def _write_bundle(path: Path, document: dict) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bundle.json", json.dumps(document))
    path.write_bytes(buffer.getvalue())


def test_a_response_file_carries_the_shortened_form_and_pinpoint(quoted, tmp_path: Path) -> None:
    from drafter.core.bundle import export_bundle, import_bundle
    from drafter.core.operations import responses as ops
    from drafter.core.responses import get_response

    store, response_id, block_id, _ = quoted
    ops.shorten_quotation(block_id, "[The Met's] technology is used responsibly").run(store)
    ops.set_pinpoint(block_id, "para 9").run(store)
    path = tmp_path / "r.drafter"
    export_bundle(store, response_id, path)
    doc = _bundle_json(path)
    assert doc["schema_version"] == 3
    [quotation] = [b for b in doc["response"]["questions"][0]["blocks"] if b["kind"] == "quotation"]
    assert (quotation["shortened"], quotation["pinpoint"]) == ("[The Met's] technology is used responsibly", "para 9")
    imported = import_bundle(store, path)
    block = get_response(store, imported.response_id).questions[0].blocks[1]
    assert (block.shortened, block.pinpoint) == ("[The Met's] technology is used responsibly", "para 9")


def test_a_version_2_file_quotes_every_snippet_whole(quoted, tmp_path: Path) -> None:
    from drafter.core.bundle import export_bundle, import_bundle
    from drafter.core.responses import get_response

    store, response_id, _, _ = quoted
    path = tmp_path / "r.drafter"
    export_bundle(store, response_id, path)
    doc = _bundle_json(path)
    doc["schema_version"] = 2
    for question in doc["response"]["questions"]:
        for block in question["blocks"]:
            del block["shortened"], block["pinpoint"], block["recommendation"]
    for source in doc["sources"]:
        del source["variables"]  # version 3 too
    _write_bundle(path, doc)
    imported = import_bundle(store, path)
    blocks = get_response(store, imported.response_id).questions[0].blocks
    assert [(b.shortened, b.pinpoint) for b in blocks] == [(None, None)] * 3


@pytest.mark.parametrize(("edit", "said"), [
    (lambda b: b.update(shortened="the technology is used wisely"), "does not follow from its snippet"),
    (lambda b: b.update(pinpoint="chapter nine"), "pinpoint of block 2"),
])
def test_a_response_file_with_a_false_shortening_is_refused_and_nothing_imported(
        quoted, tmp_path: Path, edit, said: str) -> None:
    from drafter.core.bundle import BundleError, export_bundle, import_bundle

    store, response_id, _, _ = quoted
    path = tmp_path / "r.drafter"
    export_bundle(store, response_id, path)
    doc = _bundle_json(path)
    edit(doc["response"]["questions"][0]["blocks"][1])
    _write_bundle(path, doc)
    before = _dump(store)
    with pytest.raises(BundleError) as raised:
        import_bundle(store, path)
    assert said in str(raised.value)
    assert _dump(store) == before


def test_a_response_file_paragraph_cannot_be_shortened(quoted, tmp_path: Path) -> None:
    from drafter.core.bundle import BundleError, export_bundle, import_bundle

    store, response_id, _, _ = quoted
    path = tmp_path / "r.drafter"
    export_bundle(store, response_id, path)
    doc = _bundle_json(path)
    doc["response"]["questions"][0]["blocks"][0]["pinpoint"] = "para 3"
    _write_bundle(path, doc)
    with pytest.raises(BundleError, match="is a paragraph but is shortened or pinpointed"):
        import_bundle(store, path)

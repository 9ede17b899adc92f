"""``drafter quotation``: shortening a quotation and setting its pinpoint from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from drafter.cli import run
from drafter.cli.parser import build_parser
from drafter.core.responses import add_block, add_question, create_response
from drafter.core.responses.records import ResponseDetails
from drafter.core.snippets import snippet_from_quote

pytestmark = pytest.mark.usefixtures("library_engine")  # every test on SQLite and on a server library


@pytest.fixture
def store(open_library):  # type: ignore[no-untyped-def]
    """The test's library on its engine: the one the command line opens (DRAFTER_DATABASE on a server)."""
    return open_library()


SNIPPET = ("Met commissioner Mark Rowley defended the move, saying the technology is used "
           "responsibly and only deployed to look for serious offenders.")


def drafter(data_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(["--data-dir", str(data_dir), *argv]), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def blocks(store) -> tuple[int, int]:
    snippet = snippet_from_quote(store, 1, SNIPPET)
    response = create_response(store, ResponseDetails("Biometrics"))
    question = add_question(store, response.id, label="1", text="Do you agree?")
    paragraph = add_block(store, question.id, text="We disagree.")
    quotation = add_block(store, question.id, kind="quotation", snippet_id=snippet.id)
    return quotation.id, paragraph.id


def _rows(store) -> list[tuple[object, ...]]:
    from sqlalchemy import text

    with store.engine.connect() as con:  # the rows as stored, on either engine
        return [tuple(row) for row in con.execute(text("SELECT id, shortened, pinpoint FROM answer_block ORDER BY id"))]


def test_shorten_and_pinpoint_in_one_step(store, data_dir: Path, blocks: tuple[int, int]) -> None:
    quotation, _ = blocks
    code, out, err = drafter(data_dir, "quotation", str(quotation), "--shorten",
                             "the technology is used responsibly ... serious offenders.", "--pinpoint", "para 9")
    assert (code, err) == (0, "")
    assert out == (f"block {quotation}: “the technology is used responsibly … serious offenders.”\n"
                   "  shortened; pinpoint: para 9\n")
    code, out, _ = drafter(data_dir, "quotation", str(quotation), "--whole", "--derived-pinpoint", "--json")
    assert code == 0
    assert json.loads(out) == {"id": quotation, "shortened": None, "pinpoint": None, "printed": SNIPPET}


@pytest.mark.parametrize(("args", "said"), [
    (["--shorten", "the technology is used and only deployed"], "without an ellipsis"),
    (["--shorten", "the technology … serious offenders.", "--pinpoint", "somewhere in the middle"],
     "can't be used in a citation"),
    ([], "Nothing to change"),
    (["--shorten", "the technology"], None),  # a paragraph: refused below
])
def test_refused_changes_say_why_and_change_nothing(store, data_dir: Path, blocks: tuple[int, int],
                                                    args: list[str], said: str | None) -> None:
    quotation, paragraph = blocks
    target = paragraph if said is None else quotation
    before = _rows(store)
    code, out, err = drafter(data_dir, "quotation", str(target), *args)
    assert (code, out) == (1, "")
    assert (said or "Only a quotation can be shortened") in err and "Traceback" not in err
    assert _rows(store) == before  # both changes or neither: a bad pinpoint keeps the shortening out too


def test_whole_and_shorten_together_are_refused_by_the_parser(data_dir: Path, blocks: tuple[int, int]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["quotation", str(blocks[0]), "--whole", "--shorten", "x"])


def test_responses_show_prints_the_shortened_quotation_and_its_block(store, data_dir: Path,
                                                                    blocks: tuple[int, int]) -> None:
    quotation, _ = blocks
    assert drafter(data_dir, "quotation", str(quotation), "--shorten", "[The Met's] technology is used")[0] == 0
    code, out, _ = drafter(data_dir, "responses", "show", "1")
    assert code == 0
    assert "“[The Met's] technology is used” (shortened)" in out and f"(block {quotation})" in out

"""``drafter conflicts``, ``drafter assign`` and ``drafter whoami``: working together from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from drafter.cli import run
from drafter.cli.parser import build_parser
from drafter.core import teamwork
from drafter.core.identity import set_person
from drafter.core.responses import add_block, add_question, create_response, get_response
from drafter.core.responses.records import ResponseDetails
from drafter.core.store import Store

pytestmark = pytest.mark.usefixtures("library_engine")  # every test on SQLite and on a server library


@pytest.fixture
def store(open_library):  # type: ignore[no-untyped-def]
    """The test's library on its engine: the one the command line opens (DRAFTER_DATABASE on a server)."""
    return open_library()


def drafter(data_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(["--data-dir", str(data_dir), *argv]), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def conflict(store: Store, open_library) -> teamwork.ConflictRecord:  # type: ignore[no-untyped-def]
    """Sam saved first; Alex's save, typed on the same version, is kept as a conflict."""
    response = create_response(store, ResponseDetails("Biometrics"))
    question = add_question(store, response.id, label="1", text="Do you agree?")
    block = add_block(store, question.id, text="We agree.")
    sam = open_library()  # a second opening of the same library (closed by open_library)
    set_person(sam, "Sam")
    set_person(store, "Alex")
    teamwork.save_block_text(sam, block.id, "Sam's words.", base_version=1)
    kept = teamwork.save_block_text(store, block.id, "Alex's words.", base_version=1)
    assert isinstance(kept, teamwork.ConflictRecord)
    return kept


def _block_text(store: Store, conflict: teamwork.ConflictRecord) -> str:
    return get_response(store, conflict.response_id).question(conflict.question_id).blocks[0].text


def test_conflicts_are_listed_with_both_texts(store: Store, data_dir: Path,
                                              conflict: teamwork.ConflictRecord) -> None:
    code, out, err = drafter(data_dir, "conflicts")
    assert (code, err) == (0, "")
    assert f"conflict {conflict.id} · response {conflict.response_id}, block {conflict.block_id}" in out
    assert "  Alex: “Alex's words.”" in out and "  Sam: “Sam's words.”" in out
    code, out, _ = drafter(data_dir, "conflicts", "--json")
    [listed] = json.loads(out)
    assert (listed["id"], listed["my_text"], listed["their_text"], listed["open"]) == (
        conflict.id, "Alex's words.", "Sam's words.", True)
    code, out, _ = drafter(data_dir, "conflicts", "show", str(conflict.id))
    assert "Alex's text (typed on version 1):\nAlex's words." in out and "Sam's text (version 2):\nSam's words." in out


def test_resolve_keeping_mine_then_resolving_again_is_refused(store: Store, data_dir: Path,
                                                              conflict: teamwork.ConflictRecord) -> None:
    code, out, err = drafter(data_dir, "conflicts", "resolve", str(conflict.id), "--mine")
    assert (code, err) == (0, "")
    assert out == f"conflict {conflict.id} resolved: kept Alex's text (block {conflict.block_id}).\n"
    assert _block_text(store, conflict) == "Alex's words."
    code, out, err = drafter(data_dir, "conflicts", "resolve", str(conflict.id), "--theirs")
    assert code == 1 and out == "" and "has already been resolved (mine" in err
    assert _block_text(store, conflict) == "Alex's words."
    assert drafter(data_dir, "conflicts")[1] == "No open conflicts.\n"


def test_resolve_with_a_merged_text_from_a_file(store: Store, data_dir: Path, tmp_path: Path,
                                                conflict: teamwork.ConflictRecord) -> None:
    merged = tmp_path / "merged.txt"
    merged.write_text("Both our words.", encoding="utf-8")
    code, _, err = drafter(data_dir, "conflicts", "resolve", str(conflict.id), "--text", str(merged))
    assert (code, err) == (0, "")
    assert _block_text(store, conflict) == "Both our words."


def test_bad_resolutions_change_nothing(store: Store, data_dir: Path, tmp_path: Path,
                                        conflict: teamwork.ConflictRecord) -> None:
    code, out, err = drafter(data_dir, "conflicts", "resolve", "999", "--mine")
    assert code == 1 and "There is no conflict with id 999." in err
    code, out, err = drafter(data_dir, "conflicts", "resolve", str(conflict.id), "--text", str(tmp_path / "none"))
    assert code == 1 and "Can't read the merged text" in err and "Nothing was changed." in err
    assert _block_text(store, conflict) == "Sam's words."
    assert teamwork.get_conflict(store, conflict.id).is_open


def test_assign_and_whoami(store: Store, data_dir: Path) -> None:
    response = create_response(store, ResponseDetails("Biometrics"))
    add_question(store, response.id, label="3", text="Why?")
    code, out, err = drafter(data_dir, "assign", str(response.id), "3", "Sam Okafor")
    assert (code, out, err) == (0, "question 3: assigned to Sam Okafor.\n", "")
    assert get_response(store, response.id).questions[0].assigned_to == "Sam Okafor"
    code, out, _ = drafter(data_dir, "assign", str(response.id), "3", "--nobody")
    assert out == "question 3: assigned to nobody.\n"
    code, _, err = drafter(data_dir, "assign", str(response.id), "9", "Sam")
    assert code == 1 and err
    if store.dialect != "sqlite":  # on a server you are your role: no name of your choosing
        from sqlalchemy import text

        with store.engine.connect() as connection:
            role = connection.execute(text("SELECT current_user")).scalar_one()
        assert drafter(data_dir, "whoami") == (0, f"{role}\n", "")
        for argv in (["--set", "Kim"], ["--forget"]):
            code, out, err = drafter(data_dir, "whoami", *argv)
            assert (code, out) == (1, "") and f"recorded under your role on the server, {role}" in err
        assert drafter(data_dir, "whoami")[1] == f"{role}\n"
        assert not (data_dir / "person.json").exists()  # nothing kept for the local library either
        return
    assert drafter(data_dir, "whoami", "--set", "  Kim  ")[1] == "Kim\n"
    assert drafter(data_dir, "whoami")[1] == "Kim\n"
    code, _, err = drafter(data_dir, "whoami", "--set", " ")
    assert code == 1 and "can't be empty" in err
    assert drafter(data_dir, "whoami")[1] == "Kim\n"

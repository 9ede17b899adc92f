"""``drafter questions add|edit|move|remove``: questions change after answers exist, and no answer is lost."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from drafter.cli import build_parser, run
from drafter.core.responses import ResponseDetails, add_block, add_question, create_response, get_response

pytestmark = pytest.mark.usefixtures("library_engine")  # every test on SQLite and on a server library


@pytest.fixture
def store(open_library):  # type: ignore[no-untyped-def]
    """The test's library on its engine: the one the command line opens (DRAFTER_DATABASE on a server)."""
    return open_library()


def drafter(data_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(["--data-dir", str(data_dir), *argv]), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def ok(data_dir: Path, *argv: str) -> str:
    code, out, err = drafter(data_dir, *argv)
    assert (code, err) == (0, ""), err
    return out


def fails(data_dir: Path, *argv: str) -> str:
    code, out, err = drafter(data_dir, *argv)
    assert (code, out) == (1, ""), err
    assert err.startswith("drafter: ") and "Traceback" not in err
    return err.removeprefix("drafter: ")


@pytest.fixture
def response(store) -> int:  # type: ignore[no-untyped-def]
    document = create_response(store, ResponseDetails("Facial recognition framework"))
    q1 = add_question(store, document.id, label="1", text="Do you agree?", options=["Agree", "Disagree"])
    q2 = add_question(store, document.id, label="2", text="Who should oversee it?")
    add_block(store, q1.id, text="We agree, with reservations.")
    add_block(store, q2.id, text="An independent commissioner.")
    return document.id


def _questions(store, response_id: int) -> list[tuple[str, str, list[str]]]:  # type: ignore[no-untyped-def]
    return [(q.label, q.text, [b.text for b in q.blocks]) for q in get_response(store, response_id).questions]


def test_add_one_question_continues_the_numbering(store, data_dir: Path, response: int) -> None:  # type: ignore[no-untyped-def]
    out = ok(data_dir, "questions", "add", str(response), "--text", "Anything else?", "--options", "Yes / No")
    assert out == f"added question 3 to response {response} (#3 of 3)\n"
    assert _questions(store, response)[-1] == ("3", "Anything else?", [])
    assert get_response(store, response).questions[-1].options == ("Yes", "No")
    assert _questions(store, response)[0][2] == ["We agree, with reservations."]


def test_add_at_a_place(store, data_dir: Path, response: int) -> None:  # type: ignore[no-untyped-def]
    ok(data_dir, "questions", "add", str(response), "--text", "Inserted?", "--label", "1a", "--at", "2")
    assert [q[0] for q in _questions(store, response)] == ["1", "1a", "2"]


def test_add_from_a_file_appends_them_all(store, data_dir: Path, response: int, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "more.txt"
    path.write_text("3. Should the law set limits?\nYes / No\n4. What safeguards are needed?\n", encoding="utf-8")
    added = json.loads(ok(data_dir, "questions", "add", str(response), "--from", str(path), "--json"))
    assert [(q["label"], q["options"]) for q in added] == [("3", ["Yes", "No"]), ("4", [])]
    assert [q[0] for q in _questions(store, response)] == ["1", "2", "3", "4"]


def test_a_number_already_there_is_said_and_nothing_added(store, data_dir: Path, response: int,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    path = tmp_path / "more.txt"
    path.write_text("2. Who should oversee it, again?\n3. What safeguards are needed?\n", encoding="utf-8")
    before = _questions(store, response)
    message = fails(data_dir, "questions", "add", str(response), "--from", str(path))
    assert f"Response {response} already has question 2. Nothing was added." in message
    assert "--same-number-ok" in message
    assert _questions(store, response) == before
    code, out, err = drafter(data_dir, "questions", "add", str(response), "--from", str(path), "--same-number-ok")
    assert code == 0 and "now has more than one question 2" in err
    assert [q[0] for q in _questions(store, response)] == ["1", "2", "2", "3"]
    assert _questions(store, response)[1][2] == ["An independent commissioner."]  # not merged


def test_edit_keeps_the_answer(store, data_dir: Path, response: int) -> None:  # type: ignore[no-untyped-def]
    out = ok(data_dir, "questions", "edit", str(response), "2", "--text", "Who should oversee police use?",
             "--word-limit", "250")
    assert out == f"edited question 2 of response {response}: text, word_limit\n"
    question = get_response(store, response).questions[1]
    assert (question.text, question.word_limit, [b.text for b in question.blocks]) == (
        "Who should oversee police use?", 250, ["An independent commissioner."])
    assert "Nothing to change" in fails(data_dir, "questions", "edit", str(response), "2")


def test_move_takes_the_answer_along(store, data_dir: Path, response: int) -> None:  # type: ignore[no-untyped-def]
    out = ok(data_dir, "questions", "move", str(response), "2", "--to", "1")
    assert out == f"moved question 2 of response {response} to #1 of 2, with its answer\n"
    assert _questions(store, response) == [("2", "Who should oversee it?", ["An independent commissioner."]),
                                           ("1", "Do you agree?", ["We agree, with reservations."])]


def test_remove_an_answered_question_only_when_told(store, data_dir: Path, response: int) -> None:  # type: ignore[no-untyped-def]
    before = _questions(store, response)
    message = fails(data_dir, "questions", "remove", str(response), "1")
    assert "Question 1 of response" in message and "has an answer (1 paragraph)" in message
    assert "--discard-answer" in message
    assert _questions(store, response) == before
    out = ok(data_dir, "questions", "remove", str(response), "1", "--discard-answer")
    assert out == f"removed question 1 from response {response}, and its answer (1 paragraph); 1 question left\n"
    assert [q[0] for q in _questions(store, response)] == ["2"]


def test_an_unanswered_question_is_removed_without_more_ado(store, data_dir: Path, response: int) -> None:  # type: ignore[no-untyped-def]
    ok(data_dir, "questions", "add", str(response), "--text", "Anything else?")
    out = ok(data_dir, "questions", "remove", str(response), "3")
    assert out == f"removed question 3 from response {response}; 2 questions left\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["questions", "add", "{r}", "--text", "  "], "The question given with --text is empty."),
        (["questions", "add", "{r}"], "Nothing to add: give the question with --text, or a file of them with --from."),
        (["questions", "remove", "{r}", "9"], "has no question 9"),
        (["questions", "move", "{r}", "#7", "--to", "1"], "must be #1 to #2"),
        (["questions", "add", "999", "--text", "Why?"], "There is no response with id 999"),
    ],
)
def test_bad_input_is_said_plainly_and_changes_nothing(store, data_dir: Path, response: int, argv, message) -> None:  # type: ignore[no-untyped-def]
    before = _questions(store, response)
    assert message in fails(data_dir, *[a.replace("{r}", str(response)) for a in argv])
    assert _questions(store, response) == before


def test_a_new_response_takes_its_deadline_as_people_write_it_and_show_counts_the_days(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.core import dates

    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)
    monkeypatch.setattr(dates, "local_today", lambda: date(2026, 2, 3))
    created = json.loads(ok(data_dir, "responses", "new", "--title", "FRT", "--deadline", "12/02/2026", "--json"))
    assert created["deadline"] == "2026-02-12"
    shown = ok(data_dir, "responses", "show", str(created["id"]))
    assert "  Deadline: Closes 12 February 2026 — 9 days left\n" in shown

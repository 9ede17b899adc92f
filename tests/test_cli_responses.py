"""``drafter responses …`` and ``drafter answer …``: the commands, their output and their errors.

The commands are run through a parser built here with ``add_response_commands``
(and a ``--data-dir`` option, as ``drafter.cli`` has) and through
``drafter.cli.run``, which prints a DrafterError as ``drafter: message``; so
these tests hold whether or not ``drafter.cli.build_parser`` includes the
commands yet.
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import docx
import pytest

from drafter.cli import run
from drafter.cli.responses import add_response_commands, find_question, normalise_label
from drafter.core.responses import (
    ResponseDetails,
    ResponseDocument,
    add_block,
    add_question,
    create_response,
    get_response,
    list_responses,
    update_question,
    update_response,
)
from drafter.core.snippets import snippet_from_quote

pytestmark = pytest.mark.usefixtures("library_engine")  # every test on SQLite and on a server library


@pytest.fixture
def store(open_library):  # type: ignore[no-untyped-def]
    """The test's library on its engine: the one the command line opens (DRAFTER_DATABASE on a server)."""
    return open_library()


FOOT = 4  # the stored article of the West End Extra, seeded fourth
FOOT_TITLE = "Rights fears as Met ramps up tech use"
SCALE = ["Agree", "Neither agree nor disagree", "Disagree", "Don't know"]
QUESTIONS = """Facial recognition consultation: questions
1. Do you agree that the framework should cover live facial recognition?
Agree / Neither agree nor disagree / Disagree / Don't know
Please explain your answer.
2. Which organisations should the framework apply to?
3. Should an independent body oversee police use of these technologies?
Yes / No
"""


def parser() -> argparse.ArgumentParser:
    built = argparse.ArgumentParser(prog="drafter")
    built.add_argument("--data-dir", metavar="DIR")
    add_response_commands(built.add_subparsers(dest="command", metavar="COMMAND"))
    return built


def drafter(data_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(parser().parse_args(["--data-dir", str(data_dir), *argv]), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def ok(data_dir: Path, *argv: str) -> str:
    code, out, err = drafter(data_dir, *argv)
    assert (code, err) == (0, ""), err
    return out


def ok_json(data_dir: Path, *argv: str) -> object:
    return json.loads(ok(data_dir, *argv, "--json"))


def fails(data_dir: Path, *argv: str) -> str:
    """The error message (without 'drafter: '), after checking the command failed plainly."""
    code, out, err = drafter(data_dir, *argv)
    assert (code, out) == (1, "")
    assert err.startswith("drafter: ") and "Traceback" not in err
    return err.removeprefix("drafter: ")


@pytest.fixture
def questions_file(tmp_path: Path) -> Path:
    path = tmp_path / "questions.txt"
    path.write_text(QUESTIONS, encoding="utf-8")
    return path


@pytest.fixture
def response(store, data_dir: Path, questions_file: Path) -> ResponseDocument:
    created = ok_json(data_dir, "responses", "new", "--title", "Facial recognition framework",
                      "--questions", str(questions_file), "--organisation", "Rights Watch")
    return get_response(store, created["id"])  # type: ignore[index]


# --- responses new ------------------------------------------------------------------------


def test_new_with_a_title_only(data_dir: Path) -> None:
    out = ok(data_dir, "responses", "new", "--title", "  A consultation ", "--organisation", "Rights Watch")
    assert out == "created response 1: A consultation (0 questions)\n"
    [summary] = ok_json(data_dir, "responses", "list")  # type: ignore[misc]
    assert (summary["consultation_title"], summary["organisation"], summary["questions"]) == (
        "A consultation", "Rights Watch", 0)


def test_new_with_questions_from_a_text_file(data_dir: Path, questions_file: Path) -> None:
    created = ok_json(data_dir, "responses", "new", "--title", "FRT", "--questions", str(questions_file))
    assert [(q["label"], q["options"], q["prompt"]) for q in created["questions"]] == [  # type: ignore[index]
        ("1", SCALE, "Please explain your answer."),
        ("2", [], None),
        ("3", ["Yes", "No"], None),
    ]
    assert created["consultation_title"] == "FRT"  # type: ignore[index]
    assert isinstance(created["notes"], list)  # type: ignore[index]
    out = ok(data_dir, "responses", "new", "--title", "Again", "--questions", str(questions_file))
    assert out.splitlines()[0] == "created response 2: Again (3 questions)"


def test_new_warns_of_a_question_far_longer_than_the_others(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "merged.txt"
    path.write_text("1. Short?\n2. Short too?\n3. " + "and more words " * 200 + "?\n4. Short?\n", encoding="utf-8")
    out = ok(data_dir, "responses", "new", "--title", "FRT", "--questions", str(path))
    assert "  warning: Question 3 is much longer than the others" in out
    created = ok_json(data_dir, "responses", "new", "--title", "FRT", "--questions", str(path))
    assert [w[:40] for w in created["warnings"]] == ["Question 3 is much longer than the other"]  # type: ignore[index]


def test_new_with_questions_from_a_word_file(data_dir: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Q1 Should the law set out when police may use facial recognition?")
    document.add_paragraph("Yes / No")
    document.add_paragraph("Q2 What safeguards are needed?")
    path = tmp_path / "form.DOCX"  # the extension in any case
    document.save(str(path))
    created = ok_json(data_dir, "responses", "new", "--title", "FRT", "--questions", str(path))
    assert [(q["label"], q["options"]) for q in created["questions"]] == [  # type: ignore[index]
        ("1", ["Yes", "No"]), ("2", [])]


def test_a_text_file_in_a_windows_encoding_is_read_with_a_note(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "questions.txt"
    path.write_bytes("1. Do you agree? Please explain why – in full.\nAgree / Disagree / Don’t know\n".encode("cp1252"))
    created = ok_json(data_dir, "responses", "new", "--title", "FRT", "--questions", str(path))
    [question] = created["questions"]  # type: ignore[index]
    assert question["options"] == ["Agree", "Disagree", "Don’t know"]
    assert any("guessed its encoding" in note for note in created["notes"])  # type: ignore[index]


def test_new_from_a_preset_fills_details_but_no_questions(data_dir: Path) -> None:
    code, out, err = drafter(data_dir, "responses", "new", "--template", "homeoffice-frt-2025",
                             "--organisation", "Rights Watch")
    assert (code, err) == (0, "")
    first, note = out.splitlines()
    assert first.startswith("created response 1: Consultation on a new legal framework for law enforcement use")
    assert first.endswith("(0 questions)")
    assert note.startswith("  note: ") and "its 17 questions" in note and "consultation document" in note
    shown = ok_json(data_dir, "responses", "show", "1")
    assert (shown["consulting_body"], shown["deadline"], shown["organisation"], shown["questions"]) == (  # type: ignore[index]
        "Home Office", "2026-02-12", "Rights Watch", [])
    assert "fr-consultation@homeoffice.gov.uk" in shown["submit_to"]  # type: ignore[index]


def test_a_title_given_with_a_preset_wins(data_dir: Path) -> None:
    created = ok_json(data_dir, "responses", "new", "--template", "homeoffice-frt-2025", "--title", "FRT 2025")
    assert (created["consultation_title"], created["consulting_body"]) == ("FRT 2025", "Home Office")  # type: ignore[index]
    created = ok_json(data_dir, "responses", "new", "--template", "homeoffice-frt-2025", "--title", " ")
    assert created["consultation_title"].startswith("Consultation on a new legal framework")  # type: ignore[index]


def test_preset_and_questions_together_check_the_number_of_questions(data_dir: Path, questions_file: Path) -> None:
    created = ok_json(data_dir, "responses", "new", "--template", "homeoffice-frt-2025",
                      "--questions", str(questions_file))
    assert len(created["questions"]) == 3  # type: ignore[index]
    assert any("has 17 questions but 3 were read from questions.txt" in n for n in created["notes"])  # type: ignore[index]


@pytest.mark.parametrize(
    ("argv", "file_content", "message"),
    [
        ((), None, "A new response needs the consultation's title: give --title"),
        (("--title", "   "), None, "A new response needs the consultation's title: give --title"),
        (("--title", "T", "--template", "nope"),
         None, "There is no consultation preset called 'nope'. Presets: homeoffice-frt-2025."),
        (("--title", "T", "--questions", "{missing}"), None, "There is no file "),
        (("--title", "T", "--questions", "{file}.pdf"), b"%PDF-1.4", "reads questions from a .txt or .docx file"),
        (("--title", "T", "--questions", "{file}"), b"", "questions.txt: "),
        (("--title", "T", "--questions", "{file}"), b"Thank you for taking part.\n", "questions.txt: "),
        (("--title", "T", "--questions", "{file}"), b"\x00\x01\x02\xff\xfe" * 50, "questions.txt: "),
        (("--title", "T", "--questions", "{file}.docx"), b"this is not a zip", "questions.txt.docx: "),
        (("--title", "T", "--questions", "{folder}.txt"), None, "is a folder, not a file"),
    ],
)
def test_new_refuses_plainly_and_stores_nothing(data_dir: Path, tmp_path: Path, store, argv, file_content,
                                                message) -> None:
    file = tmp_path / "questions.txt"
    names = {"{missing}": str(tmp_path / "absent.txt"), "{folder}.txt": str(tmp_path / "folder.txt")}
    (tmp_path / "folder.txt").mkdir()
    argv = tuple(names.get(a, a.replace("{file}", str(file))) for a in argv)
    if file_content is not None:
        Path(next(a for a in argv if a.startswith(str(file)))).write_bytes(file_content)
    assert message in fails(data_dir, "responses", "new", *argv)
    assert list_responses(store) == []


# --- responses list / show ----------------------------------------------------------------


def test_list_when_there_are_none(data_dir: Path) -> None:
    expected = "No responses yet. Start one with: drafter responses new --title TITLE\n"
    assert ok(data_dir, "responses", "list") == expected
    assert ok_json(data_dir, "responses", "list") == []


def test_list_prints_a_table(data_dir: Path, response: ResponseDocument, store) -> None:
    create_response(store, ResponseDetails("Another consultation", deadline="2026-02-12"))
    lines = ok(data_dir, "responses", "list").splitlines()
    assert lines[0].split() == ["ID", "DEADLINE", "QUESTIONS", "TITLE"]
    assert len(lines) == 3
    assert any(line.split()[0] == "2" and "12 February 2026" in line and line.endswith("Another consultation")
               for line in lines)
    assert any(line.split()[0] == "1" and "no deadline" in line and " 3  " in line
               and line.endswith("Facial recognition framework (Rights Watch)") for line in lines)
    listed = ok_json(data_dir, "responses", "list")
    assert {r["id"]: r["questions"] for r in listed} == {1: 3, 2: 0}  # type: ignore[union-attr]


def _answer_everything(store, response: ResponseDocument) -> int:
    first = response.questions[0].id
    snippet = snippet_from_quote(store, FOOT, "scaling up")
    ok_args = (store.data_dir, "answer", str(response.id), "1", "--option", "disagree", "--text",
               "We oppose live facial recognition\nwithout a law.", "--quote", str(snippet.id))
    ok(*ok_args)
    add_block(store, first, kind="quotation", snippet_id=snippet.id, text="The Met promised a")
    return snippet.id


def test_show_prints_questions_options_and_answers(data_dir: Path, store, response: ResponseDocument) -> None:
    snippet_id = _answer_everything(store, response)
    update_question(store, response.questions[1].id, confidential=True, word_limit=100, section="Scope")
    out = ok(data_dir, "responses", "show", str(response.id))
    expected = f"""Response 1: Facial recognition framework
  Consulting body: (not given)
  Deadline: (not given)
  Submit to: (not given)
  Organisation: Rights Watch
  Contact: (not given)
  May be published: not decided
  Citation style: oscola
  Quotations count toward limits: yes

Question 1: Do you agree that the framework should cover live facial recognition?
  Options: Agree / Neither agree nor disagree / Disagree / Don't know
  Chosen: Disagree
  Please explain your answer.
  1. We oppose live facial recognition
     without a law.
  2. “scaling up”
     — snippet {snippet_id}, from source 4: {FOOT_TITLE} (block 2)
  3. The Met promised a
     “scaling up”
     — snippet {snippet_id}, from source 4: {FOOT_TITLE} (block 3)
  [16 words]

== Scope ==

Question 2: Which organisations should the framework apply to?
  Confidential: not for publication
  (no answer yet)
  [0 of 100 words]

Question 3: Should an independent body oversee police use of these technologies?
  Options: Yes / No
  Chosen: (none yet)
  (no answer yet)
  [0 words]
"""
    assert out == expected


def test_show_json_has_everything(data_dir: Path, store, response: ResponseDocument) -> None:
    snippet_id = _answer_everything(store, response)
    shown = ok_json(data_dir, "responses", "show", str(response.id))
    assert shown["id"] == response.id  # type: ignore[index]
    assert shown["quotations_count_toward_limit"] is True  # type: ignore[index]
    first = shown["questions"][0]  # type: ignore[index]
    assert (first["label"], first["options"], first["chosen_option"]) == ("1", SCALE, "Disagree")
    assert first["count"] == {"words": 8 + 2 + 4 + 2, "characters": 48 + 2 + 10 + 2 + 18 + 2 + 10,
                              "over_limit": False}
    assert [(b["position"], b["kind"], b["text"]) for b in first["blocks"]] == [
        (0, "paragraph", "We oppose live facial recognition\nwithout a law."),
        (1, "quotation", ""),
        (2, "quotation", "The Met promised a"),
    ]
    assert first["blocks"][0]["snippet"] is None
    assert first["blocks"][1]["snippet"] == {
        "id": snippet_id, "text": "scaling up", "source_id": 4, "source_title": FOOT_TITLE, "page": None}


def test_show_a_response_without_questions(data_dir: Path) -> None:
    ok(data_dir, "responses", "new", "--title", "Empty")
    out = ok(data_dir, "responses", "show", "1")
    assert out.endswith("Quotations count toward limits: yes\n\nNo questions yet.\n")


def test_show_an_unknown_response(data_dir: Path) -> None:
    message = fails(data_dir, "responses", "show", "42")
    assert message == "There is no response with id 42.\n`drafter responses list` shows the responses there are.\n"


# --- answer -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "argv", "chosen", "blocks", "said"),
    [
        ("1", ("--option", "Disagree"), "Disagree", [], "chose Disagree"),
        ("1", ("--option", "  don't KNOW "), "Don't know", [], "chose Don't know"),
        ("Q1", ("--option", "agree"), "Agree", [], "chose Agree"),
        ("#1", ("--option", "agree"), "Agree", [], "chose Agree"),
        ("2", ("--text", " Every police force. "), None, [("paragraph", "Every police force.")],
         "added a paragraph (block 1)"),
        ("#2", ("--quote", "SNIPPET"), None, [("quotation", "")], "added a quotation of snippet 1 (block 1)"),
        # In the order given: the quotation first, here (issue 21).
        ("3", ("--option", "YES", "--quote", "SNIPPET", "--text", "Yes, with powers."), "Yes",
         [("quotation", ""), ("paragraph", "Yes, with powers.")],
         "chose Yes; added a quotation of snippet 1 (block 1); added a paragraph (block 2)"),
        ("question 3:", ("--text", "Yes."), None, [("paragraph", "Yes.")], "added a paragraph (block 1)"),
    ],
)
def test_answer(data_dir: Path, store, response: ResponseDocument, question, argv, chosen, blocks, said) -> None:
    snippet = snippet_from_quote(store, FOOT, "scaling up")
    argv = tuple(str(snippet.id) if a == "SNIPPET" else a for a in argv)
    out = ok(data_dir, "answer", str(response.id), question, *argv)
    index = int(question.strip("#Qquestion :")) - 1
    label = response.questions[index].label
    assert out.splitlines()[0] == f"question {label} of response {response.id}: {said}"
    assert out.splitlines()[1].startswith(f"  answer now: {len(blocks)} block")
    after = get_response(store, response.id).questions[index]
    assert after.chosen_option == chosen
    assert [(b.kind, b.text) for b in after.blocks] == blocks
    assert all(b.snippet_id == snippet.id for b in after.blocks if b.is_quotation)


def test_answer_appends_to_what_is_there(data_dir: Path, store, response: ResponseDocument) -> None:
    ok(data_dir, "answer", "1", "2", "--text", "First.")
    ok(data_dir, "answer", "1", "2", "--text", "Second.")
    question = ok_json(data_dir, "answer", "1", "2", "--text", "Third.")
    assert [b["text"] for b in question["blocks"]] == ["First.", "Second.", "Third."]  # type: ignore[index]
    assert [b["position"] for b in question["blocks"]] == [0, 1, 2]  # type: ignore[index]
    assert question["label"] == "2"  # type: ignore[index]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("42", "1", "--text", "x"),
         "There is no response with id 42.\n`drafter responses list` shows the responses there are."),
        (("1", "7", "--text", "x"),
         "Response 1 has no question 7. Its questions are numbered: 1, 2, 3.\nUse #N for the Nth question."),
        (("1", "1b", "--text", "x"), "Response 1 has no question 1b."),
        (("1", "#0", "--text", "x"), "Response 1 has 3 questions, so '#0' must be #1 to #3."),
        (("1", "#4", "--text", "x"), "Response 1 has 3 questions, so '#4' must be #1 to #3."),
        (("1", "#two", "--text", "x"), "so '#two' must be #1 to #3."),
        (("1", "1", "--option", "Strongly agree"),
         ("'Strongly agree' is not an option of question 1. "
          "Its options are: Agree / Neither agree nor disagree / Disagree / Don't know.")),
        (("1", "2", "--option", "Yes"), "Question 2 has no options to choose from; answer it in words instead."),
        (("1", "1", "--quote", "999"),
         "There is no snippet with id 999.\n`drafter snippets list` shows the snippets there are."),
        (("1", "1", "--option", "Agree", "--quote", "999"), "There is no snippet with id 999."),
        (("1", "1", "--option", "Maybe", "--text", "We think so."), "'Maybe' is not an option of question 1."),
        (("1", "1"), "Nothing to add: give --option, --text and/or --quote."),
        (("1", "1", "--text", "   "), "The paragraph given with --text is empty."),
    ],
)
def test_answer_refuses_plainly_and_changes_nothing(data_dir: Path, store, response: ResponseDocument, argv,
                                                     message) -> None:
    before = get_response(store, response.id)
    assert message in fails(data_dir, "answer", *argv)
    assert get_response(store, response.id) == before


def test_duplicate_labels_ask_for_the_position(data_dir: Path, store, response: ResponseDocument) -> None:
    add_question(store, response.id, label="2", text="A second question printed as 2?", options=["Yes", "No"])
    before = get_response(store, response.id)
    assert fails(data_dir, "answer", "1", "2", "--text", "x") == (
        "Response 1 has 2 questions numbered 2. Say which by its position: #2 or #4.\n")
    assert get_response(store, response.id) == before
    assert ok(data_dir, "answer", "1", "#4", "--option", "no").startswith("question 2 (#4) of response 1: chose No\n")
    assert get_response(store, response.id).questions[3].chosen_option == "No"


def test_an_answer_over_its_limit_is_saved_with_a_warning(data_dir: Path, store, response: ResponseDocument) -> None:
    update_question(store, response.questions[1].id, word_limit=3)
    code, out, err = drafter(data_dir, "answer", "1", "2", "--text", "Every police force in England and Wales.")
    assert code == 0
    assert "7 of 3 words" in out
    assert err == "drafter: warning: the answer to question 2 is over its limit (7 of 3 words).\n"
    assert [b.text for b in get_response(store, response.id).questions[1].blocks] == [
        "Every police force in England and Wales."]


def test_quotations_count_as_the_response_says(data_dir: Path, store, response: ResponseDocument) -> None:
    snippet = snippet_from_quote(store, FOOT, "scaling up")
    with_quote = ok_json(data_dir, "answer", "1", "2", "--quote", str(snippet.id))
    assert with_quote["count"]["words"] == 2  # type: ignore[index]
    update_response(store, response.id, quotations_count_toward_limit=False)
    assert ok_json(data_dir, "responses", "show", "1")["questions"][1]["count"]["words"] == 0  # type: ignore[index]


@pytest.mark.parametrize(
    ("typed", "label"),
    [("1", "1"), ("1.", "1"), ("Q1", "1"), ("q 1:", "1"), ("Question 1", "1"), ("5(a)", "5a"), ("5A", "5a"),
     (" 5a) ", "5a"), ("Q5 (a)", "5a"), ("A1", "a1")],
)
def test_labels_are_compared_as_printed_numbers(typed, label) -> None:
    assert normalise_label(typed) == normalise_label(label)


def test_find_question_without_questions_or_labels(store) -> None:
    from drafter.cli.responses import UnknownQuestionError

    empty = create_response(store, ResponseDetails("Empty"))
    with pytest.raises(UnknownQuestionError, match="has no questions yet"):
        find_question(empty, "1")
    add_question(store, empty.id, label="", text="An unnumbered question?")
    unlabelled = get_response(store, empty.id)
    assert find_question(unlabelled, "#1").text == "An unnumbered question?"
    with pytest.raises(UnknownQuestionError, match="Use #N"):
        find_question(unlabelled, "1")


def test_the_drafter_command_has_these_commands_once_wired(data_dir: Path) -> None:
    from drafter.cli import build_parser

    try:
        args = build_parser().parse_args(["responses", "list"])
    except SystemExit:
        pytest.skip("drafter.cli does not add the response commands yet")
    out, err = io.StringIO(), io.StringIO()
    assert run(args, out=out, err=err) == 0
    assert out.getvalue().startswith("No responses yet.")


# --- recommend ----------------------------------------------------------------------------


def test_recommend_marks_a_paragraph_and_show_says_so(data_dir: Path, store, response: ResponseDocument) -> None:
    _answer_everything(store, response)
    paragraph, quotation = get_response(store, response.id).questions[0].blocks[:2]
    said = ok(data_dir, "recommend", str(paragraph.id))
    assert said == f"block {paragraph.id} is now a recommendation: We oppose live facial recognition without a law.\n"
    assert "  1. [Recommendation] We oppose live facial recognition\n" in ok(data_dir, "responses", "show",
                                                                           str(response.id))
    shown = ok_json(data_dir, "responses", "show", str(response.id))
    assert [b["recommendation"] for b in shown["questions"][0]["blocks"]] == [True, False, False]  # type: ignore[index]
    ok(data_dir, "recommend", str(paragraph.id), "--off")
    assert not get_response(store, response.id).questions[0].blocks[0].recommendation


def test_recommend_refuses_a_quotation_and_an_unknown_block(data_dir: Path, store, response: ResponseDocument) -> None:
    _answer_everything(store, response)
    quotation = get_response(store, response.id).questions[0].blocks[1]
    assert "Only a paragraph of your own can be a recommendation" in fails(data_dir, "recommend", str(quotation.id))
    assert "no answer block with id 999" in fails(data_dir, "recommend", "999")
    assert not any(b.recommendation for q in get_response(store, response.id).questions for b in q.blocks)

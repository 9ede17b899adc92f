"""One reader for files of questions: the window and the command line read a file the same way."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from drafter.core.questions.files import QuestionFileError, read_questions_file

WINDOWS_TEXT = "1. Do you agree? Please explain why – in full.\nAgree / Disagree / Don’t know\n"


def _docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("1. Do you agree? Please explain why – in full.")
    document.add_paragraph("Agree / Disagree / Don’t know")
    document.save(str(path))


@pytest.mark.parametrize(
    ("name", "write", "guessed"),
    [
        ("utf8.txt", lambda p: p.write_text(WINDOWS_TEXT, encoding="utf-8"), False),
        ("cp1252.txt", lambda p: p.write_bytes(WINDOWS_TEXT.encode("cp1252")), True),
        ("utf16.md", lambda p: p.write_text(WINDOWS_TEXT, encoding="utf-16"), False),
        ("word.docx", _docx, False),
    ],
)
def test_each_kind_of_file_reads_the_same_questions(tmp_path: Path, name, write, guessed) -> None:
    path = tmp_path / name
    write(path)
    read = read_questions_file(path)
    [question] = read.parsed.questions
    assert question.options == ("Agree", "Disagree", "Don’t know")
    assert (question.text, question.prompt) == ("Do you agree?", "Please explain why – in full.")
    assert any("guessed its encoding" in note for note in read.parsed.notes) == guessed
    assert read.text == ("" if name.endswith(".docx") else WINDOWS_TEXT)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("questions.pdf", b"%PDF-1.4", "reads questions from a .txt or .docx file"),
        ("absent.txt", None, "There is no file "),
        ("empty.txt", b"", "empty.txt: "),
        ("broken.docx", b"this is not a zip", "broken.docx: "),
    ],
)
def test_a_bad_file_is_refused_with_its_name(tmp_path: Path, name, content, message) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(QuestionFileError) as refused:
        read_questions_file(path)
    assert message in refused.value.message

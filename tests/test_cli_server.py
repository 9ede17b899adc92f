"""``drafter --database URL …`` (and DRAFTER_DATABASE): every command on a shared library on a PostgreSQL server."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from drafter.cli import build_parser, run
from drafter.core.paths import DATABASE_ENV_VAR, database_path


def drafter(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_every_command_works_on_the_server_and_leaves_the_data_folder_without_a_library(
    pg_url: str, data_dir: Path, tmp_path: Path,
) -> None:
    code, out, err = drafter("--database", pg_url, "sources", "list", "--json")
    assert (code, err) == (0, "") and len(json.loads(out)) == 5
    brief = tmp_path / "brief.md"
    brief.write_text("# Briefing on oversight\n\nIndependent oversight of biometrics is needed now, says the group.")
    code, out, err = drafter("--database", pg_url, "sources", "add", str(brief))
    assert code == 0, err
    new_id = int(out.split("source ")[1].split()[0])
    code, out, err = drafter("--database", pg_url, "snippets", "add", str(new_id), "--quote", "oversight of biometrics")
    assert code == 0, err
    code, out, _ = drafter("--database", pg_url, "snippets", "list", "--json")
    assert [s["text"] for s in json.loads(out)] == ["oversight of biometrics"]
    code, out, err = drafter("--database", pg_url, "sources", "show", "999")
    assert code == 1 and "no source with id 999" in err
    assert not database_path(data_dir).exists()  # nothing went to the local library
    code, out, _ = drafter("sources", "list", "--json")  # without --database: the local library, untouched
    assert code == 0 and len(json.loads(out)) == 5


def test_the_environment_variable_names_the_server_too(
    pg_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    brief = tmp_path / "note.md"
    brief.write_text("# A note\n\nA few words for the shared library only.")
    monkeypatch.setenv(DATABASE_ENV_VAR, pg_url)
    assert drafter("sources", "add", str(brief))[0] == 0
    code, out, _ = drafter("--database", pg_url, "sources", "list", "--json")
    assert len(json.loads(out)) == 6
    assert not database_path(data_dir).exists()


@pytest.mark.parametrize("argv", [["backup", "list"], ["backup", "restore", "20260101T000000Z"],
                                  ["library", "export", "out.sqlite"], ["library", "import", "in.sqlite"]])
def test_what_only_applies_to_a_data_folders_file_says_so_on_a_server(
    argv: list[str], data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    location = "postgresql://ana:s3cret-pw@db.example.org/team"  # not reached: refused before connecting
    code, out, err = drafter("--database", location, *argv)
    assert code == 1 and out == ""
    assert "does not apply to the shared library ana@db.example.org/team" in err
    assert "s3cret-pw" not in err
    assert not list(tmp_path.glob("*.sqlite"))


def test_backing_up_a_server_points_at_pg_dump(data_dir: Path) -> None:
    code, _, err = drafter("--database", "postgresql://ana@db.example.org/team", "backup", "list")
    assert code == 1 and "pg_dump" in err and "team-server.md" in err


def test_a_folder_given_as_the_database_is_refused_with_the_right_option(data_dir: Path, tmp_path: Path) -> None:
    code, _, err = drafter("--database", str(tmp_path), "sources", "list")
    assert code == 1 and "postgresql://" in err and "--data-dir" in err
    assert not database_path(data_dir).exists()


def test_a_wrong_password_on_the_command_line_is_a_plain_error_without_the_password(
    pg_server: object, data_dir: Path,
) -> None:
    from pg_server import PostgresServer

    assert isinstance(pg_server, PostgresServer)
    url = pg_server.url("postgres", password="wrong-wrong-42", tcp=True)
    code, out, err = drafter("--database", url, "sources", "list")
    assert code == 1 and out == ""
    assert "user name or the password is not right" in err and "wrong-wrong-42" not in err


def test_a_response_drafted_answered_checked_and_exported_on_the_server(
    pg_url: str, data_dir: Path, tmp_path: Path,
) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text("1. Do you agree with the proposal?\nAgree / Disagree\n", encoding="utf-8")
    code, out, err = drafter("--database", pg_url, "responses", "new", "--title", "Team response",
                             "--questions", str(questions), "--json")
    assert code == 0, err
    response = json.loads(out)["id"]
    code, out, err = drafter("--database", pg_url, "snippets", "add", "4", "--quote", "scaling up", "--json")
    assert code == 0, err
    snippet = json.loads(out)["id"]
    code, _, err = drafter("--database", pg_url, "answer", str(response), "1", "--option", "disagree",
                           "--text", "We disagree.", "--quote", str(snippet))
    assert code == 0, err
    code, out, err = drafter("--database", pg_url, "check", str(response), "--json")
    assert "team-server.md" in json.loads(out)["backup"]
    target = tmp_path / "response.md"
    code, _, err = drafter("--database", pg_url, "export", str(response), "-o", str(target), "--format", "md")
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "We disagree." in text and "scaling up" in text
    assert not database_path(data_dir).exists()

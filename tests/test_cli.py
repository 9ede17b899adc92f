"""The command line: same core, plain output, plain errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drafter import __version__
from drafter.cli import build_parser, run

#: A test that opens the library runs on SQLite and on a server library of its own (DRAFTER_DATABASE,
#: which the command line reads as --database); the parser's own tests run once.
on_both_engines = pytest.mark.usefixtures("library_engine")


def drafter(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@on_both_engines
def test_sources_list_prints_a_table(data_dir: Path) -> None:
    code, out, err = drafter("sources", "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "DATE", "PUBLISHER", "TITLE"]
    assert len(lines) == 6
    assert any("1 August 2025" in row and "West End Extra" in row and "Rights fears" in row for row in lines)
    assert any("date unknown" in row and "Hits Radio" in row for row in lines)
    assert any("Untitled source" in row and "LBC" in row for row in lines)


@on_both_engines
def test_sources_list_json_has_every_fact(data_dir: Path) -> None:
    code, out, _ = drafter("sources", "list", "--json")
    assert code == 0
    facts = json.loads(out)
    assert len(facts) == 5
    # Each name a CSL-JSON name object: a person's family and given names.
    foot = next(f for f in facts if f["authors"] == [{"family": "Foot", "given": "Tom"}])
    assert foot["title"] == "Rights fears as Met ramps up tech use"
    assert foot["date"] == "2025-08-01"
    assert foot["url"] == "https://www.westendextra.co.uk/article/rights-fears-as-met-ramps-up-tech-use"
    for key in ("type", "publisher", "accessed", "original_filename", "content_hash"):
        assert key in foot
    lbc = next(f for f in facts if f["publisher"] == "LBC")
    assert lbc["title"] is None


@on_both_engines
@pytest.mark.sqlite_file  # which folder the library file goes to (a server's library is in neither)
def test_data_dir_option_beats_the_environment(tmp_path: Path, data_dir: Path) -> None:
    other = tmp_path / "elsewhere"
    assert drafter("--data-dir", str(other), "sources", "list")[0] == 0
    assert (other / "drafter.sqlite").is_file()
    assert not data_dir.exists()


def test_error_goes_to_stderr_in_plain_words(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = drafter("--data-dir", str(blocker), "sources", "list")
    assert code == 1
    assert out == ""
    assert err.startswith("drafter: ") and "is a file, not a folder" in err
    assert "Traceback" not in err


def _run_module(*argv: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "drafter", *argv], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_version_from_package_metadata() -> None:
    result = _run_module("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Drafter {__version__}"
    from importlib.metadata import version

    assert version("drafter") == __version__  # pyproject.toml reads the version from the package


@on_both_engines
@pytest.mark.sqlite_file  # a damaged data-folder file
def test_damaged_database_gives_a_message_not_a_traceback(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "drafter.sqlite").write_bytes(b"not a database at all" * 50)
    result = _run_module("sources", "list")
    assert result.returncode == 1
    assert "damaged" in result.stderr and "Traceback" not in result.stderr


def test_unknown_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["frobnicate"])
    assert caught.value.code == 2


@on_both_engines
def test_snippets_add_finds_the_exact_quote(data_dir: Path) -> None:
    code, out, err = drafter("snippets", "add", "4", "--quote", "scaling up", "--tag", "LFR", "--json")
    assert (code, err) == (0, "")
    snippet = json.loads(out)
    assert snippet["text"] == "scaling up" and snippet["tags"] == ["LFR"]
    code, out, _ = drafter("snippets", "list", "--json")
    assert [s["text"] for s in json.loads(out)] == ["scaling up"]


@on_both_engines
def test_snippets_add_errors(data_dir: Path) -> None:
    code, out, err = drafter("snippets", "add", "4", "--quote", "not in the article")
    assert code == 1 and out == "" and "not in source 4" in err
    code, _, err = drafter("snippets", "add", "4", "--quote", "West End")
    assert code == 1 and "occur 7 times" in err and "  1: …" in err and "  7: …" in err
    code, out, _ = drafter("snippets", "add", "4", "--quote", "West End", "--occurrence", "7")
    assert code == 0 and "snippet 1" in out
    code, _, err = drafter("snippets", "add", "99", "--quote", "x")
    assert code == 1 and "no source with id 99" in err
    code, out, _ = drafter("snippets", "list")
    assert code == 0 and len(out.splitlines()) == 1


@on_both_engines
def test_sources_add_and_show(tmp_path: Path, data_dir: Path) -> None:
    good = tmp_path / "brief.md"
    good.write_text("# Briefing on oversight\n\nIndependent oversight of biometrics is needed now, says the group.")
    bad = tmp_path / "picture.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    code, out, err = drafter("sources", "add", str(good), str(bad))
    assert code == 1
    assert "added " in out and "brief.md" in out
    assert "not added" in err and "picture.txt" in err
    new_id = int(out.split("source ")[1].split()[0])
    code, out, _ = drafter("sources", "show", str(new_id), "--json")
    shown = json.loads(out)
    assert shown["title"] == "Briefing on oversight"
    assert shown["text"].startswith("Independent oversight")
    assert shown["original_filename"] == "brief.md"
    code, _, err = drafter("sources", "add", str(good))
    assert code == 1 and "already in the library" in err
    code, _, err = drafter("sources", "show", "999")
    assert code == 1 and "no source with id 999" in err


@on_both_engines
def test_search_command(data_dir: Path) -> None:
    code, out, _ = drafter("search", '"budget shortfall"', "--json")
    hits = json.loads(out)
    assert code == 0 and hits and all("budget shortfall" in h["excerpt"].lower() for h in hits)
    code, out, _ = drafter("search", "zzzzqqq")
    assert (code, out.strip()) == (0, "Nothing found.")


def test_library_export_and_import_commands(tmp_path: Path, data_dir: Path, library_engine: str) -> None:
    assert drafter("snippets", "add", "4", "--quote", "scaling up")[0] == 0
    archive = tmp_path / "all.sqlite"
    code, out, err = drafter("library", "export", str(archive))
    if library_engine == "postgresql":  # the file is a data folder's; a server's library is copied with pg_dump
        assert (code, out) == (1, "") and "does not apply to the shared library" in err and "pg_dump" in err
        assert not archive.exists()
        archive.write_bytes(b"")
        code, out, err = drafter("--data-dir", str(tmp_path / "moved"), "library", "import", str(archive))
        assert (code, out) == (1, "") and "does not apply to the shared library" in err
        assert not (tmp_path / "moved").exists()
        return
    assert (code, err) == (0, "") and "1 snippet and" in out
    code, out, _ = drafter("--data-dir", str(tmp_path / "moved"), "library", "import", str(archive))
    assert code == 0 and "Imported 5 sources, 1 snippet and" in out
    code, out, _ = drafter("--data-dir", str(tmp_path / "moved"), "snippets", "list", "--json")
    assert [s["text"] for s in json.loads(out)] == ["scaling up"]
    code, _, err = drafter("library", "import", str(archive))  # the original folder holds work
    assert code == 1 and "already holds your own" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--quit-after-load"],
        ["--data-dir", "/some/folder"],
        ["--data-dir=/some/folder", "--quit-after-load"],
        ["--quit-after-load", "--data-dir", "folder with spaces"],
    ],
)
def test_the_windows_quick_reading_of_options_agrees_with_the_parser(argv: list[str]) -> None:
    from drafter.app import window_arguments

    quick = window_arguments(argv)
    full = build_parser().parse_args(argv)
    assert quick is not None and full.command is None
    assert (quick.data_dir, quick.quit_after_load) == (full.data_dir, full.quit_after_load)


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["--version"], ["sources", "list"], ["--data-dir"], ["--data-dir", "--quit-after-load"],
     ["--data-dir="], ["--quiet"], ["--quit-after-load", "search", "x"]],
)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    from drafter.app import window_arguments

    assert window_arguments(argv) is None


def test_sources_show_names_each_author_as_a_person_or_an_organisation(open_library) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.names import Organisation, Person
    from drafter.core.sources import SourceFacts, add_source

    authors = (Organisation("Home Office"), Person("Foot", "Tom"))
    source = add_source(open_library(), "Evidence.", SourceFacts(title="T", authors=authors))
    code, out, _ = drafter("sources", "show", str(source.id))
    assert code == 0
    assert "Author:    Home Office (organisation); Tom Foot (person)" in out
    code, out, _ = drafter("sources", "show", str(source.id), "--json")
    assert json.loads(out)["authors"] == [{"literal": "Home Office"}, {"family": "Foot", "given": "Tom"}]


@on_both_engines
def test_sources_checked_records_the_day_the_user_checked_the_page(data_dir: Path) -> None:
    code, out, err = drafter("sources", "checked", "4", "--on", "2026-02-03")
    assert (code, err) == (0, "")
    assert out == "Source 4: accessed 2026-02-03, as you confirmed.\n"
    _, out, _ = drafter("sources", "show", "4", "--json")
    facts = json.loads(out)
    assert facts["accessed"] == "2026-02-03"
    assert facts["fact_basis"]["accessed"].startswith("confirmed by the user on ")
    code, _, err = drafter("sources", "checked", "2")  # OpenVoiceNews has no web address
    assert code == 1 and "no web address" in err
    code, out, _ = drafter("sources", "cite-as-is", "5")
    assert code == 0 and out == "Source 5 will be cited as it is.\n"


@on_both_engines
@pytest.mark.parametrize(
    ("lang", "typed", "read"),
    [
        ("en_GB.UTF-8", "3 Feb 2026", "2026-02-03"),
        ("en_GB.UTF-8", "03/02/2026", "2026-02-03"),
        ("en_US.UTF-8", "02/03/2026", "2026-02-03"),  # month first where the user's locale puts it first
    ],
)
def test_a_date_option_is_read_as_people_write_it_with_the_users_locale(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, lang: str, typed: str, read: str) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)
    monkeypatch.setenv("LANG", lang)
    code, out, err = drafter("sources", "checked", "4", "--on", typed)
    assert (code, err) == (0, "")
    assert out == f"Source 4: accessed {read}, as you confirmed.\n"


@pytest.mark.parametrize(("typed", "said"), [("February 2026", "give the day too"),
                                              ("someday", ("“someday” is not a date Drafter can read. "
                                                           "Write it as 4 December 2025 or 04/12/2025."))])
def test_a_date_option_that_is_not_a_day_is_a_plain_usage_error(
        data_dir: Path, capsys: pytest.CaptureFixture[str], typed: str, said: str) -> None:
    from drafter.cli.args import parse

    assert parse(build_parser(), ["sources", "checked", "4", "--on", typed]) == 2
    err = capsys.readouterr().err
    assert err.startswith("drafter sources checked: --on: ") and said in err and "Traceback" not in err

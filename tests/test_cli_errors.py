"""The command line's own errors: a bug is one plain line and a log file; a full disk says what is true here."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.cli import EXIT_UNEXPECTED, build_parser, run

pytestmark = pytest.mark.usefixtures("library_engine")  # every test on SQLite and on a server library


@pytest.fixture
def store(open_library):  # type: ignore[no-untyped-def]
    """The test's library on its engine: the one the command line opens (DRAFTER_DATABASE on a server)."""
    return open_library()



def drafter(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _break_listing(monkeypatch: pytest.MonkeyPatch) -> None:
    import drafter.core.library as library

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug deep in the core")

    monkeypatch.setattr(library, "list_source_facts", broken)


def test_a_bug_is_one_plain_line_and_the_details_go_to_the_log(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_listing(monkeypatch)
    code, out, err = drafter("sources", "list")
    assert code == EXIT_UNEXPECTED and out == ""
    first, second = err.splitlines()
    assert first == "drafter: Something went wrong that Drafter did not expect, and the command stopped."
    log = data_dir / "logs" / "drafter.log"
    assert second == f"  The details are in {log} (send it to whoever supports Drafter)."
    assert "Traceback" not in err and "RuntimeError" not in err
    details = log.read_text(encoding="utf-8")
    assert "While: drafter sources list" in details
    assert "Traceback" in details and "RuntimeError: a bug deep in the core" in details


def test_the_log_never_holds_what_was_typed(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import drafter.core.search as search

    monkeypatch.setattr(search, "search", lambda *a, **k: 1 / 0)
    code, _, _ = drafter("search", "my private words")
    assert code == EXIT_UNEXPECTED
    details = (data_dir / "logs" / "drafter.log").read_text(encoding="utf-8")
    assert "While: drafter search" in details and "my private words" not in details


def test_a_bug_with_an_unwritable_data_folder_logs_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import drafter.core.errorlog as errorlog

    _break_listing(monkeypatch)
    monkeypatch.setattr(errorlog.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    data = tmp_path / "data"
    data.mkdir()
    (data / "logs").write_text("a file where the log folder goes")  # so the data folder's log can't be written
    code, _, err = drafter("--data-dir", str(data), "sources", "list")
    assert code == EXIT_UNEXPECTED
    fallback = errorlog.fallback_log_path()
    assert fallback.is_relative_to(tmp_path / "tmp")
    assert err.splitlines()[1] == (
        f"  The data folder can't be written, so the details are in the temporary folder: {fallback}")
    assert "RuntimeError" in fallback.read_text(encoding="utf-8")


@pytest.mark.sqlite_file  # the disk under the data folder's file fills up (a server's disk is its administrator's)
def test_a_full_disk_says_what_is_true_on_the_command_line(store, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    from drafter.core.responses import ResponseDetails, create_response
    from drafter.core.store import Store

    create_response(store, ResponseDetails(consultation_title="T"))
    opened: list[Store] = []
    real_open = Store.open

    def open_then_fill_the_disk(*args: object, **kwargs: object) -> Store:
        opened.append(real_open(*args, **kwargs))  # type: ignore[arg-type]
        opened[-1].engine.dispose()
        # Every new connection can no longer write: what a full disk looks like to SQLite.
        event.listen(opened[-1].engine, "connect", lambda con, _record: con.execute("PRAGMA query_only = 1"))
        return opened[-1]

    monkeypatch.setattr(Store, "open", open_then_fill_the_disk)
    code, out, err = drafter("responses", "new", "--title", "Another")
    assert code == 1 and out == ""
    assert err.startswith("drafter: Drafter could not save your latest change: the disk is full")
    assert "window" not in err and "keeps trying" not in err
    assert err.rstrip().endswith("Free some space or make the folder writable, then run the command again.")


def test_an_interrupted_command_says_so(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import drafter.core.library as library

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(library, "list_source_facts", interrupted)
    assert drafter("sources", "list") == (130, "", "drafter: stopped.\n")


def test_control_characters_in_a_title_are_shown_as_escapes(store, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from drafter.core.responses import ResponseDetails, create_response, get_response
    from drafter.core.terminal import one_line

    title = "Consultation\x1b[2J\x1b]0;owned\x07 \u202eevil\nFake: line\r\x9b"
    create_response(store, ResponseDetails(consultation_title=title))
    for argv in (("responses", "list"), ("responses", "show", "1")):
        code, out, _ = drafter(*argv)
        assert code == 0
        assert "Consultation\\x1b[2J\\x1b]0;owned\\x07 \\u202eevil" in out
        assert "\x1b" not in out and "\u202e" not in out and "\r" not in out and "\nFake" not in out
    stored = get_response(store, 1).details.consultation_title  # the core keeps a title on one line itself
    assert f"Response 1: {one_line(stored)}\n" in out and "\\u009b" in out
    code, out, _ = drafter("responses", "show", "1", "--json")
    assert json.loads(out)["consultation_title"] == stored  # the JSON still means the title exactly
    assert "\u202e" not in out and "\x9b" not in out


def _run_module(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "drafter", *argv], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120, check=False)


def test_the_real_entry_point_refuses_plainly(data_dir: Path) -> None:
    result = _run_module("sources", "show", str(2**63))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == (
        f"drafter sources show: ID: “{2**63}” is too large to be an id (see “drafter sources show --help”)\n")
    result = _run_module("search", "x", "--limit", "10001")
    assert result.returncode == 2 and "--limit: “10001” is too large: at most 10,000" in result.stderr
    result = _run_module("answer", "1", "1", "--text", "a", "--option", "Agree", "--option", "Disagree")
    assert result.returncode == 2 and "--option given twice" in result.stderr

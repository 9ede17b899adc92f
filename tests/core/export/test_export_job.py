"""The export run in a process of its own: the job, its events, its bad inputs, and a real child."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from drafter import cli
from drafter.core.jobs import export as export_job
from drafter.core.jobs.export import (
    CANCEL,
    EventReader,
    ExportResult,
    JobError,
    encode_job,
    job_command,
    job_environment,
    result_from,
    run_job,
)

from .conftest import build_response


def job_line(data_dir: Path, response_id: int, path: Path, **options: object) -> str:
    return encode_job(data_dir, response_id, path, "docx", options).decode("utf-8")


def run(stdin_text: str) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    code = run_job(io.StringIO(stdin_text), out)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def response_id(store) -> int:  # type: ignore[no-untyped-def]
    return build_response(store).response_id


def run_with_open_input(job: str) -> tuple[int, list[dict[str, Any]]]:
    """Run a job in this process with its input kept open, as the window keeps it."""
    read_end, write_end = os.pipe()
    # The writer is closed first (a ``with`` closes its last item first): the child's
    # watcher then sees the end of its input and lets go of the reader.
    with os.fdopen(read_end, encoding="utf-8") as reader, \
            os.fdopen(write_end, "w", encoding="utf-8") as writer:
        writer.write(job)
        writer.flush()
        out = io.StringIO()
        code = run_job(reader, out)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_job_exports_and_reports_started_progress_and_finished(
    store, response_id: int, data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "job.docx"
    code, events = run_with_open_input(job_line(data_dir, response_id, target, numbered=True))
    assert code == 0
    assert events[0] == {"event": "started", "pid": os.getpid()}
    assert [e["done"] for e in events if e["event"] == "progress"] == list(range(1, len(events) - 1))
    assert events[-1]["event"] == "finished" and events[-1]["path"] == str(target)
    assert {w["kind"] for w in events[-1]["warnings"]} <= {"no_option", "source_facts", "unanswered", "unused"}
    assert target.stat().st_size > 0


def test_the_end_of_the_input_cancels_and_writes_nothing(store, response_id: int, data_dir: Path,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "kept.docx"
    target.write_bytes(b"old")
    code, events = run(job_line(data_dir, response_id, target))  # StringIO: the input ends after the job
    assert code == 1
    assert events[-1]["event"] == "failed" and events[-1]["kind"] == "ExportCancelled"
    assert target.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["kept.docx"]


BAD_JOBS = [
    ("", "not a line of JSON"),
    ("not json\n", "not a line of JSON"),
    ("[1, 2]\n", "not a JSON object"),
    ('{"response_id": 1, "path": "x.docx", "format": "docx", "options": {}}\n', "“data_dir” is missing"),
    ('{"data_dir": "d", "response_id": "1", "path": "x.docx", "format": "docx", "options": {}}\n',
     "“response_id” is missing or not a int"),
    ('{"data_dir": "d", "response_id": true, "path": "x.docx", "format": "docx", "options": {}}\n',
     "“response_id” is missing or not a int"),
    ('{"data_dir": "d", "response_id": 1, "path": "x.docx", "format": "docx", "options": {"colour": 1}}\n',
     "unknown option “colour”"),
    ('{"data_dir": "d", "response_id": 1, "path": "x.docx", "format": "docx", "options": {"numbered": "yes"}}\n',
     "option “numbered” is not a bool"),
]


@pytest.mark.parametrize("line, message", BAD_JOBS)
def test_a_bad_job_is_refused_in_plain_words(line: str, message: str, tmp_path: Path, monkeypatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)  # the jobs name a relative data folder "d"
    code, events = run(line)
    assert code == 1
    assert events[-1]["event"] == "failed" and message in events[-1]["message"]
    assert list(here.iterdir()) == []  # no folder, database or file made


def test_a_folder_without_a_database_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    code, events = run(job_line(empty, 1, tmp_path / "x.docx"))
    assert code == 1 and "There is no Drafter database" in events[-1]["message"]
    assert list(empty.iterdir()) == []  # no database made, nothing seeded


def test_a_database_at_another_schema_is_refused_not_upgraded(store, response_id: int, data_dir: Path,
                                                               tmp_path: Path) -> None:
    store.close()
    database = data_dir / "drafter.sqlite"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'from-a-newer-drafter'")
    code, events = run(job_line(data_dir, response_id, tmp_path / "x.docx"))
    assert code == 1 and "not at this version's schema" in events[-1]["message"]
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "from-a-newer-drafter"
    assert not (tmp_path / "x.docx").exists()


def test_an_unknown_response_is_the_cores_own_error(store, data_dir: Path, tmp_path: Path) -> None:
    code, events = run(job_line(data_dir, 999, tmp_path / "x.docx"))
    assert code == 1 and events[-1]["event"] == "failed"
    assert events[-1]["kind"] != "JobError" and "999" in events[-1]["message"]


def test_an_unexpected_error_is_reported_with_the_old_file_unchanged(
    store, response_id: int, data_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    import drafter.core.export

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError

    monkeypatch.setattr(drafter.core.export, "export_response", broken)
    code, events = run(job_line(data_dir, response_id, tmp_path / "x.docx"))
    assert code == 1
    assert events[-1] == {"event": "failed", "kind": "ZeroDivisionError", "hint": None,
                          "message": "The export failed unexpectedly (ZeroDivisionError). The old file is unchanged."}
    assert "Traceback" in capsys.readouterr().err  # the detail goes to stderr, for a bug report


def test_events_arrive_in_any_pieces_and_foreign_lines_are_ignored() -> None:
    stream = ('{"event": "started", "pid": 7}\nsome library printed this\n'
              '{"event": "progress", "done": 1, "total": 2}\n[1]\n{"no": "event"}\n'
              '{"event": "finished", "path": "/x/é.docx", "warnings": []}\n').encode()
    events: list[dict[str, Any]] = []
    for size in (1, 3, 7):  # cut everywhere, even inside a UTF-8 character
        reader = EventReader()
        events = []
        for i in range(0, len(stream), size):
            events += reader.feed(stream[i:i + size])
        assert [e["event"] for e in events] == ["started", "progress", "finished"]
    assert events[-1]["path"] == "/x/é.docx"
    assert reader.feed(b'{"event": "progress"') == []  # a line still being written waits for its end


def test_results_come_back_as_the_cores_types() -> None:
    item = {"kind": "source_facts", "severity": "warning", "message": "m", "question_id": 1, "block_id": None,
            "source_id": 4, "snippet_id": None, "facts": ["accessed"]}
    result = result_from({"event": "finished", "path": "/x/r.docx", "warnings": [item]})
    assert isinstance(result, ExportResult) and result.path == Path("/x/r.docx")
    assert result.warnings[0].as_dict() == item
    failed = result_from({"event": "failed", "kind": "ExportCancelled", "message": "stopped", "hint": None})
    assert isinstance(failed, JobError) and failed.cancelled and failed.message == "stopped"
    refused = result_from({"event": "failed", "kind": "ExportRefused", "message": "fix", "hint": "h"})
    assert isinstance(refused, JobError) and not refused.cancelled and str(refused) == "fix\nh"


def test_the_command_runs_this_checkout_or_the_packaged_app(monkeypatch) -> None:
    assert job_command() == [sys.executable, "-P", "-m", "drafter", "export-job"]
    environment = job_environment({"PYTHONPATH": "elsewhere", "HOME": "h"})
    root = Path(export_job.__file__).resolve().parents[3]
    assert environment["PYTHONPATH"] == f"{root}{os.pathsep}elsewhere" and environment["HOME"] == "h"
    assert job_environment({})["PYTHONPATH"] == str(root)
    import site

    monkeypatch.setattr(site, "getsitepackages", lambda: [str(root)])  # installed: found without help
    assert "PYTHONPATH" not in job_environment({})
    monkeypatch.undo()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert job_command() == [sys.executable, "export-job"]
    assert "PYTHONPATH" not in job_environment({})


def test_the_job_command_is_hidden_from_the_help() -> None:
    parser = cli.build_parser()
    assert parser.parse_args(["export-job"]).command == export_job.JOB_COMMAND
    assert "export-job" not in parser.format_help()


def _spawn() -> subprocess.Popen[str]:
    return subprocess.Popen(job_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=job_environment(os.environ), text=True, encoding="utf-8")


def test_a_real_child_exports_while_its_input_stays_open(store, response_id: int, data_dir: Path,
                                                         tmp_path: Path) -> None:
    target = tmp_path / "child.docx"
    with _spawn() as child:
        assert child.stdin is not None and child.stdout is not None and child.stderr is not None
        child.stdin.write(job_line(data_dir, response_id, target, numbered=True))
        child.stdin.flush()
        # To the end (it exits after "finished"), skipping the empty first line: see jobs.child_streams.
        events = [json.loads(line) for line in child.stdout if line.strip()]
        assert child.wait(60) == 0, child.stderr.read()
    assert events[0]["event"] == "started" and events[0]["pid"] == child.pid != os.getpid()
    progress = [e for e in events if e["event"] == "progress"]
    assert progress and progress[-1]["done"] == progress[-1]["total"]
    assert events[-1]["event"] == "finished" and events[-1]["path"] == str(target)
    assert target.stat().st_size > 0
    from docx import Document

    assert "footnoteReference" in Document(str(target)).element.xml


def test_a_real_child_stops_when_told_to_cancel(store, response_id: int, data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "cancelled.docx"
    with _spawn() as child:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(job_line(data_dir, response_id, target) + CANCEL + "\n")
        child.stdin.flush()
        # Skips the empty first line: see jobs.child_streams.
        events = [json.loads(line) for line in child.stdout if line.strip()]
        assert child.wait(60) == 1
    assert events[-1]["event"] == "failed" and events[-1]["kind"] == "ExportCancelled"
    assert not target.exists()


def test_a_real_child_speaks_utf_8_whatever_its_streams_would_be(store, response_id: int, data_dir: Path,
                                                                   tmp_path: Path) -> None:
    """The packaged app ignores PYTHONIOENCODING: its streams follow the system's code page."""
    folder = tmp_path / "Réponses — brouillons"
    folder.mkdir()
    target = folder / "réponse “finale”.docx"
    environment = {**job_environment(os.environ), "PYTHONIOENCODING": "ascii"}
    with subprocess.Popen(job_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=environment) as child:
        assert child.stdin is not None and child.stdout is not None and child.stderr is not None
        child.stdin.write(encode_job(data_dir, response_id, target, "docx", {}))
        child.stdin.flush()
        events = [json.loads(line.decode("utf-8")) for line in child.stdout if line.strip()]
        assert child.wait(60) == 0, child.stderr.read().decode("utf-8", "replace")
    assert events[-1]["event"] == "finished" and events[-1]["path"] == str(target)
    assert [p.name for p in folder.iterdir()] == [target.name]


# --- a shared library on a server ----------------------------------------------------------------


@pytest.fixture
def server_store(server_library: str, data_dir: Path):  # type: ignore[no-untyped-def]
    from drafter.core.store import Store

    opened = Store.open_url(server_library, data_dir)
    try:
        yield opened
    finally:
        opened.close()


def test_a_job_on_a_server_library_exports_from_the_server(server_store, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    response = build_response(server_store).response_id
    target = tmp_path / "shared.docx"
    line = encode_job(data_dir, response, target, "docx", {}, server_store.child_location()).decode("utf-8")
    with _spawn() as child:
        assert child.stdin is not None and child.stdout is not None and child.stderr is not None
        child.stdin.write(line)
        child.stdin.flush()
        events = [json.loads(line) for line in child.stdout if line.strip()]
        assert child.wait(60) == 0, child.stderr.read()
    assert events[-1]["event"] == "finished" and target.stat().st_size > 0
    assert not (data_dir / "drafter.sqlite").exists()  # the data folder's library was never made


def test_a_job_on_a_server_library_at_another_schema_is_refused(server_store, data_dir: Path,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path) -> None:
    from sqlalchemy import text

    response = build_response(server_store).response_id
    with server_store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'from-a-newer-drafter'"))
    line = encode_job(data_dir, response, tmp_path / "x.docx", "docx", {}, server_store.child_location())
    code, events = run(line.decode("utf-8"))
    assert code == 1 and "not at this version's schema" in events[-1]["message"]
    assert not (tmp_path / "x.docx").exists()

"""Reading files in a process of its own: the job, its events, its bad inputs, and a real child."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from drafter import cli
from drafter.core.importers import import_file
from drafter.core.jobs import CANCEL, EventReader, job_environment, protocol
from drafter.core.jobs import read as read_job
from drafter.core.jobs.read import document_from_json, document_to_json, encode_job, run_job


def events_of(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def run_with_open_input(job: bytes) -> tuple[int, list[dict[str, Any]]]:
    """Run a job in this process with its input kept open, as the window keeps it."""
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, encoding="utf-8") as reader, os.fdopen(write_end, "w", encoding="utf-8") as writer:
        writer.write(job.decode("utf-8"))
        writer.flush()
        out = io.StringIO()
        code = run_job(reader, out)
    return code, events_of(out.getvalue())


SAMPLES = ["article.md", "briefing.docx", "briefing.rtf", "saved_article.html", "report.pdf", "latin1.txt"]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_format_comes_back_as_the_importer_read_it(samples: Path, name: str) -> None:
    original = import_file(samples / name)
    carried = document_from_json(json.loads(json.dumps(document_to_json(original))))
    assert carried == original  # text, pages, every guessed fact and its basis, warnings


def test_a_job_reads_each_file_and_reports_failures_per_file(samples: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    odd = tmp_path / "drawing.xyz"
    odd.write_text("not a format Drafter reads")
    paths = [samples / "article.md", empty, tmp_path / "gone.txt", odd, samples / "report.pdf"]
    code, events = run_with_open_input(encode_job(paths))
    assert code == 0
    assert events[0] == {"event": "started", "pid": os.getpid()}
    reads = [e for e in events if e["event"] == "read"]
    assert [e["path"] for e in reads] == [str(p) for p in paths]
    assert reads[0]["document"]["format"] == "markdown" and reads[0]["error"] == ""
    assert reads[1]["document"] is None and "empty" in reads[1]["error"]
    assert reads[2]["document"] is None and "could not be found" in reads[2]["error"]
    assert reads[3]["document"] is None and "'.xyz'" in reads[3]["error"]
    assert reads[4]["document"]["pages"]  # a PDF keeps its page spans
    progress = [(e["done"], e["name"]) for e in events if e["event"] == "progress"]
    assert progress == [(0, "article.md"), (1, "empty.txt"), (2, "gone.txt"), (3, "drawing.xyz"),
                        (4, "report.pdf"), (5, "")]
    assert events[-1] == {"event": "finished", "cancelled": False}


def test_one_file_that_breaks_an_importer_does_not_stop_the_others(samples: Path, monkeypatch) -> None:
    from drafter.core import importers

    real = importers.import_file

    def flaky(path: Any) -> Any:
        if str(path).endswith(".md"):
            raise RecursionError
        return real(path)

    monkeypatch.setattr(importers, "import_file", flaky)
    code, events = run_with_open_input(encode_job([samples / "article.md", samples / "latin1.txt"]))
    reads = [e for e in events if e["event"] == "read"]
    assert code == 0 and reads[0]["error"] == "Drafter could not read this file (RecursionError)."
    assert reads[1]["document"] is not None


def test_the_end_of_the_input_stops_before_the_next_file(samples: Path) -> None:
    out = io.StringIO()
    code = run_job(io.StringIO(encode_job([samples / "article.md", samples / "latin1.txt"]).decode()), out)
    events = events_of(out.getvalue())
    assert code == 0
    assert events[-1] == {"event": "finished", "cancelled": True}
    assert len([e for e in events if e["event"] == "read"]) <= 1  # at most the file it had begun


@pytest.mark.parametrize("line, message", [
    ("", "not a line of JSON"),
    ("{\n", "not a line of JSON"),
    ('"paths"\n', "not a JSON object"),
    ("{}\n", "“paths” is missing or not a list"),
    ('{"paths": "one.txt"}\n', "“paths” is missing or not a list"),
    ('{"paths": [1, 2]}\n', "must be a list of file names"),
])
def test_a_bad_job_is_refused_in_plain_words(line: str, message: str) -> None:
    out = io.StringIO()
    assert run_job(io.StringIO(line), out) == 1
    last = events_of(out.getvalue())[-1]
    assert last["event"] == "failed" and message in last["message"]


def test_the_read_job_command_is_hidden_and_named_alike() -> None:
    parser = cli.build_parser()
    assert parser.parse_args(["read-job"]).command == read_job.JOB_COMMAND
    assert "read-job" not in parser.format_help()
    assert read_job.job_command()[-1] == read_job.JOB_COMMAND


def _spawn() -> subprocess.Popen[str]:
    return subprocess.Popen(read_job.job_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=job_environment(os.environ), text=True, encoding="utf-8")


def test_a_real_child_reads_while_its_input_stays_open(samples: Path) -> None:
    with _spawn() as child:
        assert child.stdin is not None and child.stdout is not None and child.stderr is not None
        child.stdin.write(encode_job([samples / "saved_article.html", samples / "briefing.docx"]).decode())
        child.stdin.flush()
        # A first empty line: see jobs.child_streams.
        events = [json.loads(line) for line in child.stdout if line.strip()]
        assert child.wait(60) == 0, child.stderr.read()
    assert events[0]["pid"] == child.pid != os.getpid()
    documents = [document_from_json(e["document"]) for e in events if e["event"] == "read"]
    assert documents == [import_file(samples / "saved_article.html"), import_file(samples / "briefing.docx")]


def test_a_real_child_stops_between_files_when_told_to_cancel(samples: Path, tmp_path: Path, held_file) -> None:  # type: ignore[no-untyped-def]
    held = tmp_path / "held.txt"
    gate = held_file(held, "Words of the held file.")  # read only once the gate is written
    with _spawn() as child:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(encode_job([held, samples / "article.md"]).decode())
        child.stdin.flush()
        events: list[dict[str, Any]] = []
        while not events or events[-1].get("name") != "held.txt":  # wait until it is reading the held file
            line = child.stdout.readline()
            if line.strip():
                events.append(json.loads(line))
        child.stdin.write(CANCEL + "\n")
        child.stdin.flush()
        events.append(json.loads(child.stdout.readline()))
        assert events[-1] == {"event": "cancelling"}  # it has taken the line: it stops at the next file
        with open(gate, "w", encoding="utf-8") as writer:  # now let that file be read
            writer.write("go")
        # A first empty line: see jobs.child_streams.
        events += [json.loads(line) for line in child.stdout if line.strip()]
        assert child.wait(60) == 0
    reads = [e for e in events if e["event"] == "read"]
    assert [e["path"] for e in reads] == [str(held)]  # the second file was never read
    assert events[-1] == {"event": "finished", "cancelled": True}


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_what_a_library_prints_never_gets_into_an_event(samples: Path, tmp_path: Path, unbuffered: str) -> None:
    """Events keep lines of their own, whatever else is printed, buffered or not."""
    noisy = tmp_path / "noisy"
    noisy.mkdir()
    # Printed when the child starts, with no newline: on the events' line it would spoil the first one.
    (noisy / "sitecustomize.py").write_text("import sys\nsys.stdout.write('a library says hello')\n")
    environment = {key: value for key, value in job_environment(os.environ).items() if key != "PYTHONUNBUFFERED"}
    environment["PYTHONPATH"] = f"{noisy}{os.pathsep}{environment.get('PYTHONPATH', '')}"
    if unbuffered:
        environment["PYTHONUNBUFFERED"] = unbuffered
    with subprocess.Popen(read_job.job_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=environment) as child:
        out, err = child.communicate(encode_job([samples / "article.md"]), timeout=60)
    assert b"a library says hello" in out + err  # not lost either
    events = EventReader().feed(out)
    assert events[0]["event"] == "started" and events[-1]["event"] == "finished"
    assert all("hello" not in json.dumps(event) for event in events)


# --- the pool of reading processes ----------------------------------------------------------


def _pool_job(paths: list[Path], readers: int = 2, credit: int | None = None,
              environment: dict[str, str] | None = None) -> subprocess.Popen[str]:
    child = subprocess.Popen(read_job.job_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=environment or job_environment(os.environ), text=True,
                             encoding="utf-8")
    assert child.stdin is not None
    child.stdin.write(encode_job(paths, readers=readers, credit=credit).decode())
    child.stdin.flush()
    return child


def _next_event(child: subprocess.Popen[str]) -> dict[str, Any]:
    assert child.stdout is not None
    while True:
        line = child.stdout.readline()
        assert line, "the job ended early"
        if line.strip():
            return json.loads(line)  # type: ignore[no-any-return]


def _texts(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"note{n:02d}.txt"
        path.write_text(f"Note number {n}\n\nThe words of note {n}, which no other note has.", encoding="utf-8")
        paths.append(path)
    return paths


def test_a_pool_reports_every_file_once_in_order(samples: Path, tmp_path: Path) -> None:
    paths = [samples / "report.pdf", *_texts(tmp_path, 6), samples / "briefing.docx", tmp_path / "gone.txt"]
    with _pool_job(paths, readers=3) as child:
        events = []
        while not events or events[-1]["event"] != "finished":
            events.append(_next_event(child))
        assert child.wait(60) == 0
    reads = [e for e in events if e["event"] == "read"]
    assert [e["path"] for e in reads] == [str(p) for p in paths]
    assert [document_from_json(e["document"]) for e in reads[:-1]] == [import_file(p) for p in paths[:-1]]
    assert reads[-1]["document"] is None and "could not be found" in reads[-1]["error"]
    assert events[-1] == {"event": "finished", "cancelled": False}


def test_a_pool_sends_only_as_many_files_as_it_is_asked_for(tmp_path: Path) -> None:
    paths = _texts(tmp_path, 7)
    with _pool_job(paths, readers=2, credit=2) as child:
        assert child.stdin is not None
        reads: list[str] = []
        while len(reads) < 2:
            event = _next_event(child)
            if event["event"] == "read":
                reads.append(event["path"])
        child.stdin.write(f"{read_job.MORE} 5\n")  # nothing more comes until it is asked for
        child.stdin.flush()
        rest = []
        while not rest or rest[-1]["event"] != "finished":
            rest.append(_next_event(child))
        assert child.wait(60) == 0
    assert reads + [e["path"] for e in rest if e["event"] == "read"] == [str(p) for p in paths]


def test_a_pool_without_credit_waits(tmp_path: Path) -> None:
    """The files read ahead wait in the job until the window asks for them."""
    import time

    with _pool_job(_texts(tmp_path, 4), readers=2, credit=1) as child:
        assert child.stdin is not None
        events = [_next_event(child)]
        while events[-1]["event"] != "read":
            events.append(_next_event(child))
        time.sleep(1.5)  # long enough for every file to have been read by now
        child.stdin.write(f"{CANCEL}\n")
        child.stdin.flush()
        while events[-1]["event"] != "finished":
            events.append(_next_event(child))
        assert child.wait(60) == 0
    assert len([e for e in events if e["event"] == "read"]) == 1
    assert events[-1] == {"event": "finished", "cancelled": True}


def test_a_reader_that_dies_on_a_file_costs_only_that_file(tmp_path: Path) -> None:
    deadly = tmp_path / "deadly"
    deadly.mkdir()
    # Test aid: a reading process dies outright (no exception, no event) on a file named "crash…".
    (deadly / "sitecustomize.py").write_text(
        "import os\n"
        "from drafter.core.importers import api\n"
        "_read = api._read\n"
        "def _dying(path):\n"
        "    if os.path.basename(str(path)).startswith('crash'):\n"
        "        os._exit(9)\n"
        "    return _read(path)\n"
        "api._read = _dying\n")
    environment = job_environment(os.environ)
    environment["PYTHONPATH"] = f"{deadly}{os.pathsep}{environment.get('PYTHONPATH', '')}"
    paths = _texts(tmp_path, 5)
    crash = tmp_path / "crash.txt"
    crash.write_text("Words that a reading process never gets to read.", encoding="utf-8")
    paths.insert(2, crash)
    with _pool_job(paths, readers=2, environment=environment) as child:
        events = []
        while not events or events[-1]["event"] != "finished":
            events.append(_next_event(child))
        assert child.wait(60) == 0
    reads = {e["path"]: e for e in events if e["event"] == "read"}
    assert list(reads) == [str(p) for p in paths]
    assert reads[str(crash)]["document"] is None and reads[str(crash)]["error"] == read_job.READER_DIED
    assert all(reads[str(p)]["document"] is not None for p in paths if p != crash)


def test_cancel_ends_the_pool_at_once(tmp_path: Path, held_file) -> None:  # type: ignore[no-untyped-def]
    held = tmp_path / "held.txt"
    held_file(held, "Words of a file whose reading never ends.")  # the gate is never written
    paths = [held, *_texts(tmp_path, 3)]
    with _pool_job(paths, readers=2) as child:
        assert child.stdin is not None
        while _next_event(child)["event"] != "progress":
            pass
        child.stdin.write(f"{CANCEL}\n")
        child.stdin.flush()
        events = []
        while not events or events[-1]["event"] != "finished":
            events.append(_next_event(child))
        assert child.wait(20) == 0  # not held by the reader stuck on the held file
    assert [e for e in events if e["event"] == "read"] == []  # in order: nothing before the held file
    assert events[-1] == {"event": "finished", "cancelled": True}


@pytest.mark.parametrize("job, message", [
    ({"paths": [], "readers": -1}, "“readers” must be a whole number of at least 0"),
    ({"paths": [], "readers": True}, "“readers” must be a whole number"),
    ({"paths": [], "credit": 0}, "“credit” must be a whole number of at least 1"),
])
def test_a_bad_pool_is_refused_in_plain_words(job: dict[str, Any], message: str) -> None:
    out = io.StringIO()
    assert run_job(io.StringIO(json.dumps(job) + "\n"), out) == 1
    last = events_of(out.getvalue())[-1]
    assert last["event"] == "failed" and message in last["message"]


def test_the_read_worker_command_is_hidden() -> None:
    parser = cli.build_parser()
    assert parser.parse_args(["read-worker"]).command == read_job.WORKER_COMMAND
    assert "read-worker" not in parser.format_help()


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no process priorities to compare here")
def test_a_reading_process_gives_way_to_the_window(tmp_path: Path) -> None:
    """A reader runs at a lower priority than the process that started it (the window's side)."""
    [path] = _texts(tmp_path, 1)
    with subprocess.Popen(protocol.job_command(read_job.WORKER_COMMAND), stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, env=job_environment(os.environ), text=True,
                          encoding="utf-8") as worker:
        try:
            assert worker.stdin is not None and worker.stdout is not None
            worker.stdin.write(json.dumps({"path": str(path)}) + "\n")
            worker.stdin.flush()
            line = ""
            while not line.strip():
                line = worker.stdout.readline()
                assert line, "the reader ended early"
            assert json.loads(line)["document"] is not None  # it reads as before...
            mine = os.getpriority(os.PRIO_PROCESS, 0)
            # ...niced by READER_NICENESS (capped at the lowest priority there is).
            assert os.getpriority(os.PRIO_PROCESS, worker.pid) == min(mine + read_job.READER_NICENESS, 19)
        finally:
            worker.kill()

"""Work the window hands to a process of its own: the plumbing every such job shares.

Why a process and not a thread: only one thread of a process runs Python at a
time. Exporting (laying out the document, python-docx, reading pandoc's answer)
and reading files (importing trafilatura, pypdf and python-docx, then parsing)
are Python from end to end. Run in a thread of the window's process, they took
Python's lock from the window in turns: the window's event loop stalled for
40–80 ms at a time, which is what a user notices. A child process has a lock of
its own, so the window keeps every turn. The cost is starting a Python that
imports the job's code (a quarter of a second), covered by the progress shown.

The protocol: the window starts ``job_command(name)`` and writes one JSON line,
the job; the child answers with JSON lines, one event each (``{"event": ...}``),
the first being ``{"event": "started", "pid": ...}``. A line ``cancel`` on the
child's input cancels the job; so does the end of its input, which is what the
child sees when the window is gone, so a job never outlives its window.

Nothing here imports Qt or a job's own code: ``export`` and ``read``
hold those, and the window's side (``drafter.ui.job_process``) uses QProcess.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from drafter.core.errors import DrafterError

CANCEL = "cancel"


class JobError(DrafterError):
    """A job failed; ``kind`` names the core error it reported (``ExportCancelled`` …)."""

    def __init__(self, message: str, *, hint: str | None = None, kind: str = "DrafterError") -> None:
        super().__init__(message, hint=hint)
        self.kind = kind

    @property
    def cancelled(self) -> bool:
        return self.kind == "ExportCancelled"


# --- the window's side -------------------------------------------------------------------------


def job_command(name: str) -> list[str]:
    """The program and arguments that run the hidden command ``name`` in this installation."""
    if getattr(sys, "frozen", False):  # the packaged app: its executable takes Drafter's commands
        return [sys.executable, name]
    # -P: not the working folder first on the module path, where a "drafter" folder
    # the app happened to be started from would be imported instead of Drafter.
    return [sys.executable, "-P", "-m", "drafter", name]


def job_environment(environment: Mapping[str, str]) -> dict[str, str]:
    """``environment`` with Drafter's own package folder first on the child's module path.

    A Drafter run from a source checkout (the tests, a developer) is found by
    its parent through ``sys.path``; the child must find the same code, not
    another installed copy.
    """
    merged = dict(environment)
    package_root = Path(__file__).resolve().parents[3]
    if not getattr(sys, "frozen", False) and not _installed(package_root):
        existing = merged.get("PYTHONPATH")
        merged["PYTHONPATH"] = str(package_root) + (os.pathsep + existing if existing else "")
    merged["PYTHONIOENCODING"] = "utf-8"
    return merged


def _installed(folder: Path) -> bool:
    """``folder`` is one of the interpreter's package folders, which the child searches anyway.

    Put first on PYTHONPATH, such a folder would rank every package in it
    above Python's own modules.
    """
    import site

    folders = [*site.getsitepackages(), site.getusersitepackages()]
    return any(folder == Path(f).resolve() for f in folders if Path(f).exists())


def encode(job: Mapping[str, object]) -> bytes:
    return (json.dumps(job, ensure_ascii=False) + "\n").encode("utf-8")


class EventReader:
    """Turns the child's output, in whatever pieces it arrives, into events."""

    def __init__(self) -> None:
        self._pending = b""

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        self._pending += data
        *lines, self._pending = self._pending.split(b"\n")
        events = []
        for line in lines:
            try:
                event = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                continue  # not the protocol's (a library printing): ignored, never fatal
            if isinstance(event, dict) and isinstance(event.get("event"), str):
                events.append(event)
        return events


def failure_from(event: Mapping[str, Any], fallback: str) -> JobError:
    """The error a ``failed`` event reports."""
    return JobError(str(event.get("message") or fallback), hint=event.get("hint"),
                    kind=str(event.get("kind") or "DrafterError"))


# --- the child's side --------------------------------------------------------------------------


class Channel:
    """The child's output: one JSON event a line, flushed at once, from any thread."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._lock = threading.Lock()

    def send(self, event: str, **fields: object) -> None:
        with self._lock:
            self._out.write(json.dumps({"event": event, **fields}, ensure_ascii=False) + "\n")
            self._out.flush()

    def send_line(self, line: str) -> None:
        """An event already written as one line of JSON (a reading process's, passed on as it is)."""
        with self._lock:
            self._out.write(line + "\n")
            self._out.flush()


def child_streams() -> tuple[TextIO, TextIO]:
    """The job's input and its event channel, as UTF-8, whatever the system's language.

    The events get a private copy of the standard output's file, and the
    standard output itself then goes to the standard error: a library that
    prints can't put text between (or inside) two events. Both are opened on
    the file descriptors, not on ``sys.stdin``/``sys.stdout``: the packaged app
    ignores PYTHONIOENCODING (so its streams follow the system's code page), and
    on Windows a windowed app may have no ``sys.stdout`` at all.
    """
    events = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    with contextlib.suppress(OSError):  # no standard error to send stray output to: leave it
        os.dup2(2, 1)
    if sys.stdout is not None:
        sys.stdout.flush()  # what was printed before now (still buffered) goes to the standard error too
    if sys.stderr is not None:
        sys.stdout = sys.stderr
    # Unbuffered (PYTHONUNBUFFERED), what was printed before now is already in the pipe, maybe
    # without a newline: a newline first gives it a line of its own, which the window skips.
    events.write("\n")
    job_input = open(0, encoding="utf-8", newline="\n", closefd=False)  # noqa: SIM115 - for the process's life
    return job_input, events


def read_job(stdin: TextIO) -> dict[str, Any]:
    """The job's one line of JSON, as an object; ``DrafterError`` if it is not one."""
    try:
        job = json.loads(stdin.readline())
    except ValueError:
        raise DrafterError("The job is not a line of JSON.") from None
    if not isinstance(job, dict):
        raise DrafterError("The job is not a JSON object.")
    return job


def require(job: Mapping[str, Any], key: str, kind: type) -> Any:
    """``job[key]``, which must be a ``kind`` (a bool is not an int here)."""
    value = job.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise DrafterError(f"The job's “{key}” is missing or not a {kind.__name__}.")
    return value


def cancel_on_request(stdin: Iterable[str], channel: Channel | None = None) -> Callable[[], bool]:
    """Watch the rest of the input in a thread; the returned function says whether to stop.

    A ``cancel`` line is acknowledged with a ``cancelling`` event (the job stops
    at its next step); the end of the input, the window gone, is not.
    """
    cancel = threading.Event()

    def watch() -> None:
        for line in stdin:
            if line.strip() == CANCEL:
                cancel.set()
                if channel is not None:
                    channel.send("cancelling")
                return
        cancel.set()  # the window is gone

    threading.Thread(target=watch, name="cancel-watch", daemon=True).start()
    return cancel.is_set

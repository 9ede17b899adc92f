"""An export run in a process of its own, and the protocol the window speaks to it.

Why a process and not a thread: only one thread of a process runs Python at a
time. The export is Python from end to end (laying out the document, python-docx,
reading pandoc's answer), and while it ran in a thread of the window's process
the window got Python's lock back only in turns: its event loop stalled for
40–80 ms at a time during a first export, and a window that freezes while it
writes is what a user remembers. A child process has a lock of its own, so the
window keeps every turn; the cost is starting a Python that imports the export
(about a quarter of a second), which the progress dialog covers.

The window starts ``job_command()`` and writes one JSON line, the job; the
child answers with JSON lines, one event each:

    {"event": "started", "pid": 1234}
    {"event": "progress", "done": 3, "total": 52}
    {"event": "finished", "path": "...", "warnings": [CheckItem.as_dict(), ...]}
    {"event": "failed", "kind": "ExportCancelled", "message": "...", "hint": null}

and exits 0 after ``finished``, 1 after ``failed``. A line ``cancel`` on its
standard input cancels the export; so does the end of its input, which is what
the child sees when the window is gone: an export never outlives its window.
Nothing is written to the target until the export has succeeded (the export
writes a temporary file and renames it over the target).

This module imports neither Qt nor the export itself (python-docx), so the
window can use it without paying for either.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from drafter.core.checks import CheckItem
from drafter.core.errors import DrafterError

#: The hidden command-line command that runs one job (``drafter export-job``).
JOB_COMMAND = "export-job"
CANCEL = "cancel"
#: The options a job may carry, with the types they must have (None is always allowed).
OPTION_TYPES: Mapping[str, type] = {"style": str, "template": str, "numbered": bool, "bibliography": bool}
UNEXPECTED = "The export failed unexpectedly ({name}). The old file is unchanged."


@dataclass(frozen=True)
class ExportResult:
    path: Path
    warnings: tuple[CheckItem, ...]  # what the readiness check found, exported anyway


class JobError(DrafterError):
    """The export job failed; ``kind`` names the core error (``ExportCancelled``, ``ExportRefused`` …)."""

    def __init__(self, message: str, *, hint: str | None = None, kind: str = "DrafterError") -> None:
        super().__init__(message, hint=hint)
        self.kind = kind

    @property
    def cancelled(self) -> bool:
        return self.kind == "ExportCancelled"


# --- the window's side -------------------------------------------------------------------------


def job_command() -> list[str]:
    """The program and arguments that run one export job, in this installation."""
    if getattr(sys, "frozen", False):  # the packaged app: its executable takes Drafter's commands
        return [sys.executable, JOB_COMMAND]
    return [sys.executable, "-m", "drafter", JOB_COMMAND]


def job_environment(environment: Mapping[str, str]) -> dict[str, str]:
    """``environment`` with Drafter's own package folder first on the child's module path.

    A Drafter run from a source checkout (the tests, a developer) is found by
    its parent through ``sys.path``; the child must find the same code, not
    another installed copy.
    """
    merged = dict(environment)
    if not getattr(sys, "frozen", False):
        package_root = str(Path(__file__).resolve().parents[2])
        existing = merged.get("PYTHONPATH")
        merged["PYTHONPATH"] = package_root + (os.pathsep + existing if existing else "")
    merged["PYTHONIOENCODING"] = "utf-8"
    return merged


def encode_job(data_dir: Path, response_id: int, path: Path, format: str, options: Mapping[str, object]) -> bytes:
    job = {"data_dir": str(data_dir), "response_id": response_id, "path": str(path), "format": format,
           "options": {key: (str(value) if isinstance(value, Path) else value) for key, value in options.items()}}
    validate_job(job)
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


def result_from(event: Mapping[str, Any]) -> ExportResult | JobError:
    """The outcome a ``finished`` or ``failed`` event reports."""
    if event.get("event") == "finished":
        warnings = tuple(_check_item(item) for item in event.get("warnings", ()))
        return ExportResult(Path(event["path"]), warnings)
    return JobError(str(event.get("message") or "The export failed. The old file is unchanged."),
                    hint=event.get("hint"), kind=str(event.get("kind") or "DrafterError"))


def _check_item(item: Mapping[str, Any]) -> CheckItem:
    return CheckItem(kind=item["kind"], severity=item["severity"], message=item["message"],
                     question_id=item.get("question_id"), block_id=item.get("block_id"),
                     source_id=item.get("source_id"), snippet_id=item.get("snippet_id"),
                     facts=tuple(item.get("facts", ())))


# --- the child's side --------------------------------------------------------------------------


def validate_job(job: object) -> dict[str, Any]:
    """The job, checked field by field; a ``DrafterError`` names the first thing wrong."""
    if not isinstance(job, dict):
        raise DrafterError("The export job is not a JSON object.")
    for key, kind in (("data_dir", str), ("response_id", int), ("path", str), ("format", str), ("options", dict)):
        value = job.get(key)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
            raise DrafterError(f"The export job's “{key}” is missing or not a {kind.__name__}.")
    for key, value in job["options"].items():
        if key not in OPTION_TYPES:
            raise DrafterError(f"The export job has an unknown option “{key}”.")
        if value is not None and not isinstance(value, OPTION_TYPES[key]):
            raise DrafterError(f"The export job's option “{key}” is not a {OPTION_TYPES[key].__name__}.")
    return job


def run_job(stdin: TextIO, stdout: TextIO) -> int:
    """Read one job from ``stdin``, export, and report on ``stdout``; 0 if the file was written."""
    lock = threading.Lock()

    def send(**event: object) -> None:
        with lock:
            stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
            stdout.flush()

    send(event="started", pid=os.getpid())
    try:
        line = stdin.readline()
        try:
            job = validate_job(json.loads(line))
        except ValueError:
            raise DrafterError("The export job is not a line of JSON.") from None
        cancel = threading.Event()
        threading.Thread(target=_watch_for_cancel, args=(stdin, cancel), daemon=True).start()
        result = _export(job, lambda done, total: send(event="progress", done=done, total=total), cancel)
    except DrafterError as exc:
        send(event="failed", kind=type(exc).__name__, message=exc.message, hint=exc.hint)
        return 1
    except Exception as exc:  # noqa: BLE001 - reported to the window, never a silent failure
        traceback.print_exc(file=sys.stderr)
        send(event="failed", kind=type(exc).__name__, message=UNEXPECTED.format(name=type(exc).__name__), hint=None)
        return 1
    send(event="finished", path=str(result.path), warnings=[item.as_dict() for item in result.warnings])
    return 0


def _watch_for_cancel(stdin: Iterable[str], cancel: threading.Event) -> None:
    for line in stdin:
        if line.strip() == CANCEL:
            break
    cancel.set()  # asked to, or the window is gone


def _export(job: Mapping[str, Any], progress: Any, cancel: threading.Event) -> ExportResult:
    from drafter.core.export import export_response
    from drafter.core.store import Store

    store = Store.attach(Path(job["data_dir"]))
    try:
        return export_response(store, job["response_id"], Path(job["path"]), format=job["format"],
                               progress=progress, cancelled=cancel.is_set, **job["options"])
    finally:
        store.close()

"""The window's export, run in a process of its own (see ``drafter.core.jobs.protocol`` for why).

The job is one JSON object: ``data_dir``, ``response_id``, ``path``, ``format``
and ``options`` (``style``, ``template``, ``numbered``, ``bibliography``, ``locale``), and
``database`` when the window has a shared library on a server open (its URL, password
included: the job travels on the child's stdin only, never to a file). The
child answers, one JSON event a line:

    {"event": "started", "pid": 1234}
    {"event": "progress", "done": 3, "total": 52}
    {"event": "finished", "path": "...", "warnings": [CheckItem.as_dict(), ...]}
    {"event": "failed", "kind": "ExportCancelled", "message": "...", "hint": null}

and exits 0 after ``finished``, 1 after ``failed``. Nothing is written to the
target until the export has succeeded (the export writes a temporary file and
renames it over the target), so a cancelled or failed job leaves an older file
as it was.

This module imports neither Qt nor the export itself (python-docx), so the
window can use it without paying for either.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from drafter.core.checks import CheckItem, ExportResult
from drafter.core.errors import DrafterError
from drafter.core.jobs import protocol
from drafter.core.jobs.protocol import CANCEL, EventReader, JobError, job_environment

__all__ = ["CANCEL", "JOB_COMMAND", "EventReader", "ExportResult", "JobError", "encode_job", "job_command",
           "job_environment", "result_from", "run_job", "validate_job"]

#: The hidden command-line command that runs one job (``drafter export-job``).
JOB_COMMAND = "export-job"
#: The options a job may carry, with the types they must have (None is always allowed).
OPTION_TYPES: Mapping[str, type] = {"style": str, "template": str, "numbered": bool, "bibliography": bool,
                                    "locale": str}
UNEXPECTED = "The export failed unexpectedly ({name}). The old file is unchanged."


# --- the window's side -------------------------------------------------------------------------


def job_command() -> list[str]:
    """The program and arguments that run one export job, in this installation."""
    return protocol.job_command(JOB_COMMAND)


def encode_job(data_dir: Path, response_id: int, path: Path, format: str, options: Mapping[str, object],
               database: str | None = None) -> bytes:
    job: dict[str, Any] = {
        "data_dir": str(data_dir), "response_id": response_id, "path": str(path), "format": format,
        "options": {key: (str(value) if isinstance(value, Path) else value) for key, value in options.items()}}
    if database is not None:
        job["database"] = database
    validate_job(job)
    return protocol.encode(job)


def result_from(event: Mapping[str, Any]) -> ExportResult | JobError:
    """The outcome a ``finished`` or ``failed`` event reports."""
    if event.get("event") == "finished":
        warnings = tuple(_check_item(item) for item in event.get("warnings", ()))
        return ExportResult(Path(event["path"]), warnings)
    return protocol.failure_from(event, "The export failed. The old file is unchanged.")


def _check_item(item: Mapping[str, Any]) -> CheckItem:
    return CheckItem(kind=item["kind"], severity=item["severity"], message=item["message"],
                     question_id=item.get("question_id"), block_id=item.get("block_id"),
                     source_id=item.get("source_id"), snippet_id=item.get("snippet_id"),
                     facts=tuple(item.get("facts", ())))


# --- the child's side --------------------------------------------------------------------------


def validate_job(job: object) -> dict[str, Any]:
    """The job, checked field by field; a ``DrafterError`` names the first thing wrong."""
    if not isinstance(job, dict):
        raise DrafterError("The job is not a JSON object.")
    for key, kind in (("data_dir", str), ("response_id", int), ("path", str), ("format", str), ("options", dict)):
        protocol.require(job, key, kind)
    if "database" in job and not isinstance(job["database"], str):
        raise DrafterError("The export job's “database” is not text.")
    for key, value in job["options"].items():
        if key not in OPTION_TYPES:
            raise DrafterError(f"The export job has an unknown option “{key}”.")
        if value is not None and not isinstance(value, OPTION_TYPES[key]):
            raise DrafterError(f"The export job's option “{key}” is not a {OPTION_TYPES[key].__name__}.")
    return job


def run_job(stdin: TextIO, stdout: TextIO) -> int:
    """Read one job from ``stdin``, export, and report on ``stdout``; 0 if the file was written."""
    channel = protocol.Channel(stdout)
    channel.send("started", pid=os.getpid())
    try:
        job = validate_job(protocol.read_job(stdin))
        cancelled = protocol.cancel_on_request(stdin, channel)
        result = _export(job, lambda done, total: channel.send("progress", done=done, total=total), cancelled)
    except DrafterError as exc:
        channel.send("failed", kind=type(exc).__name__, message=exc.message, hint=exc.hint)
        return 1
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        channel.send("failed", kind=type(exc).__name__, message=UNEXPECTED.format(name=type(exc).__name__), hint=None)
        return 1
    channel.send("finished", path=str(result.path), warnings=[item.as_dict() for item in result.warnings])
    return 0


def _export(job: Mapping[str, Any], progress: Any, cancelled: Any) -> ExportResult:
    from drafter.core.export import export_response
    from drafter.core.store import Store

    if job.get("database"):
        store = Store.attach_url(job["database"], Path(job["data_dir"]))
    else:
        store = Store.attach(Path(job["data_dir"]))
    try:
        return export_response(store, job["response_id"], Path(job["path"]), format=job["format"],
                               progress=progress, cancelled=cancelled, **job["options"])
    finally:
        store.close()

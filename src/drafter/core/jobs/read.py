"""Reading files to import, in a process of its own (see ``drafter.core.jobs.protocol`` for why).

The job is one JSON object, ``{"paths": [...]}``. The child reads the files one
by one with the core's importers and answers, one JSON event a line:

    {"event": "started", "pid": 1234}
    {"event": "progress", "done": 0, "total": 3, "name": "report.pdf"}
    {"event": "read", "path": "...", "document": {...}, "error": ""}
    {"event": "finished", "cancelled": false}

``document`` is an ``ImportedDocument`` as ``document_to_json`` writes it, or
null with ``error`` in plain words when the file could not be read. Cancelling
(a ``cancel`` line, or the end of the input) stops between two files:
``finished`` then says ``cancelled: true``. Reading never touches the database;
the window stores what was read, after the user has checked the facts.

This module imports no importer (trafilatura, pypdf, python-docx) until a job
runs, so the window can use it without paying for them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from drafter.core.errors import DrafterError
from drafter.core.jobs import protocol
from drafter.core.names import from_json, to_json

if TYPE_CHECKING:
    from drafter.core.importers import ImportedDocument

#: The hidden command-line command that runs one job (``drafter read-job``).
JOB_COMMAND = "read-job"


def job_command() -> list[str]:
    return protocol.job_command(JOB_COMMAND)


def encode_job(paths: list[Path]) -> bytes:
    return protocol.encode({"paths": [str(path) for path in paths]})


def document_to_json(document: ImportedDocument) -> dict[str, Any]:
    data = asdict(document)
    data["facts"]["authors"] = to_json(document.facts.authors)  # CSL-JSON names, read back by from_json
    return data


def document_from_json(data: Mapping[str, Any]) -> ImportedDocument:
    from drafter.core.importers import GuessedFacts, ImportedDocument, PageSpan

    facts = dict(data["facts"])
    facts["authors"] = from_json(facts.get("authors") or [])
    return ImportedDocument(
        text=data["text"], format=data["format"], original_filename=data["original_filename"],
        pages=tuple(PageSpan(**page) for page in data.get("pages", ())),
        facts=GuessedFacts(**facts), warnings=tuple(data.get("warnings", ())),
    )


def run_job(stdin: TextIO, stdout: TextIO) -> int:
    """Read the files one job names, reporting each on ``stdout``; 0 unless the job itself was bad."""
    channel = protocol.Channel(stdout)
    channel.send("started", pid=os.getpid())
    try:
        paths = protocol.require(protocol.read_job(stdin), "paths", list)
        if not all(isinstance(path, str) for path in paths):
            raise DrafterError("The job's “paths” must be a list of file names.")
    except DrafterError as exc:
        channel.send("failed", kind=type(exc).__name__, message=exc.message, hint=exc.hint)
        return 1
    cancelled = protocol.cancel_on_request(stdin, channel)
    from drafter.core.importers import ImportRefused, import_file

    total = len(paths)
    for done, path in enumerate(paths):
        if cancelled():
            channel.send("finished", cancelled=True)
            return 0
        channel.send("progress", done=done, total=total, name=Path(path).name)
        try:
            document = import_file(path)
        except ImportRefused as exc:
            channel.send("read", path=path, document=None, error=str(exc))
        except Exception as exc:
            channel.send("read", path=path, document=None,
                         error=f"Drafter could not read this file ({type(exc).__name__}).")
        else:
            channel.send("read", path=path, document=document_to_json(document), error="")
    channel.send("progress", done=total, total=total, name="")
    channel.send("finished", cancelled=False)
    return 0

"""Reading files to import, in processes of their own (see ``drafter.core.jobs.protocol`` for why).

The job is one JSON object, ``{"paths": [...], "readers": 2, "credit": 8}``. The
child hands the files out to ``readers`` reading processes (``drafter
read-worker``, one file at a time each; 0 or no ``readers``: it reads them
itself, one by one) and answers, one JSON event a line, in the order of
``paths`` whatever order they were read in:

    {"event": "started", "pid": 1234}
    {"event": "progress", "done": 0, "total": 3, "name": "report.pdf"}
    {"event": "read", "path": "...", "document": {...}, "error": ""}
    {"event": "finished", "cancelled": false}

``document`` is an ``ImportedDocument`` as ``document_to_json`` writes it, or
null with ``error`` in plain words when the file could not be read (a reading
process that dies on a file, a hostile one, is reported for that file, and a
new one reads the rest). ``progress`` names the next file to be reported (one
after the files sent together, not one after each).

With ``credit``, the child sends at most that many ``read`` events until the
window asks for more with a line ``more N`` on its input: the window holds only
what it is storing, and the files read ahead wait here (up to ``READ_AHEAD`` files,
``READ_AHEAD_BYTES`` of their events; two a reader in any case).

Cancelling (a ``cancel`` line, or the end of the input) ends the reading
processes at once, reading or not (without them, the child stops between two
files): ``finished`` then says ``cancelled: true``.
Reading never touches the database; the window stores what was read.

This module imports no importer (trafilatura, pypdf, python-docx) until a job
runs, so the window can use it without paying for them.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import threading
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


def encode_job(paths: list[Path], *, readers: int = 0, credit: int | None = None) -> bytes:
    job: dict[str, object] = {"paths": [str(path) for path in paths], "readers": readers}
    if credit is not None:
        job["credit"] = credit
    return protocol.encode(job)


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
        job = protocol.read_job(stdin)
        paths = protocol.require(job, "paths", list)
        if not all(isinstance(path, str) for path in paths):
            raise DrafterError("The job's “paths” must be a list of file names.")
        readers = _count(job, "readers", 0)
        credit = _count(job, "credit", 1) if "credit" in job else None
    except DrafterError as exc:
        channel.send("failed", kind=type(exc).__name__, message=exc.message, hint=exc.hint)
        return 1
    requests: queue.SimpleQueue[tuple[str, Any, Any]] = queue.SimpleQueue()
    threading.Thread(target=_watch_input, args=(stdin, channel, requests), name="read-input", daemon=True).start()
    cancelled = _Reading(paths, min(readers, len(paths)), credit, channel, requests).run()
    channel.send("finished", cancelled=cancelled)
    return 0


def _count(job: Mapping[str, Any], key: str, least: int) -> int:
    value = job.get(key)
    if value is None:
        return least
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise DrafterError(f"The job's “{key}” must be a whole number of at least {least}.")
    return value


def reader_count() -> int:
    """How many reading processes a job gets on this machine: one a processor."""
    return max(1, os.cpu_count() or 1)


#: What the window is told when the process reading a file died on it (a hostile file).
READER_DIED = "Drafter could not read this file: reading it stopped unexpectedly."
#: How many files the readers may read ahead of what the window has taken, while their
#: events waiting here are under ``READ_AHEAD_BYTES`` (and two a reader in any case).
READ_AHEAD = 32
READ_AHEAD_BYTES = 8 * 1024 * 1024
#: Reading processes restarted in a row without reading a file, before the rest is given up.
_IDLE_DEATHS = 3


def read_one(path: str) -> dict[str, Any]:
    """The ``read`` event of one file: its document, or why it could not be read."""
    from drafter.core.importers import ImportRefused, import_file

    try:
        document = import_file(path)
    except ImportRefused as exc:
        return {"event": "read", "path": path, "document": None, "error": str(exc)}
    except Exception as exc:
        return {"event": "read", "path": path, "document": None,
                "error": f"Drafter could not read this file ({type(exc).__name__})."}
    return {"event": "read", "path": path, "document": document_to_json(document), "error": ""}


def _watch_input(stdin: TextIO, channel: protocol.Channel, requests: queue.SimpleQueue[tuple[str, Any, Any]]) -> None:
    """The window's lines: ``more N`` (credit for N more files), ``cancel``; the end of input cancels."""
    for line in stdin:
        words = line.split()
        if words[:1] == [protocol.CANCEL]:
            channel.send("cancelling")
            break
        if len(words) == 2 and words[0] == MORE and words[1].isdigit():
            requests.put(("more", None, int(words[1])))
    requests.put(("cancel", None, None))


#: The window's line that asks for more files: ``more N``.
MORE = "more"


class _Worker:
    """One reading process (``drafter read-worker``): one file at a time, its answer on a line."""

    def __init__(self, requests: queue.SimpleQueue[tuple[str, Any, Any]]) -> None:
        import subprocess

        self.index: int | None = None  # the file it is reading
        self.read_any = False
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window for it
        self.process = subprocess.Popen(protocol.job_command(WORKER_COMMAND), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=protocol.job_environment(os.environ),
                                        creationflags=flags)
        self._requests = requests
        threading.Thread(target=self._listen, name="read-worker", daemon=True).start()

    def _listen(self) -> None:
        assert self.process.stdout is not None
        with contextlib.suppress(OSError, ValueError):  # ValueError: closed by ``stop``
            for line in self.process.stdout:
                if line.strip():  # a first empty line: see jobs.child_streams
                    self._requests.put(("read", self, line))
        self._requests.put(("ended", self, None))

    def give(self, index: int, path: str) -> None:
        assert self.process.stdin is not None
        self.index = index
        try:
            self.process.stdin.write(protocol.encode({"path": path}))
            self.process.stdin.flush()
        except OSError:
            pass  # it has died: its end is reported by _listen

    def stop(self) -> None:
        """End it at once: a reading process changes nothing, so nothing is lost."""
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class _Reading:
    """One job's files: handed to the readers, reported in order as the window's credit allows.

    Hand-written rather than ``concurrent.futures.ProcessPoolExecutor``: when one of
    its processes dies, that pool breaks every file still waiting and can't say
    which file killed it; here a dead reader costs only the file it was reading.
    Its readers are started like every job (``job_command``), so the packaged app
    needs nothing of ``multiprocessing``.
    """

    def __init__(self, paths: list[str], readers: int, credit: int | None, channel: protocol.Channel,
                 requests: queue.SimpleQueue[tuple[str, Any, Any]]) -> None:
        self.paths, self.readers, self.credit, self.channel = paths, readers, credit, channel
        self.requests = requests
        self.ready: dict[int, str] = {}  # read, not yet reported: index -> its event's line
        self.ready_bytes = 0  # their lines' length in all
        self.reported = 0
        self.handed = 0
        self.workers: list[_Worker] = []
        self.idle_deaths = 0

    def run(self) -> bool:
        """Report every file in order; True if cancelled first."""
        total = len(self.paths)
        if total:
            self.channel.send("progress", done=0, total=total, name=Path(self.paths[0]).name)
        try:
            for _ in range(self.readers):
                self.workers.append(_Worker(self.requests))
            while self.reported < total:
                self._report()
                if self.reported == total:
                    break
                self._hand_out()  # after the report: reporting makes room to read ahead
                if not self.workers and self._can_read_here():
                    if self._cancelled_meanwhile():
                        return True
                    self._read_here()  # reported even if a cancel comes meanwhile: it stops between files
                    continue
                if self._take(self.requests.get()):
                    return True
        finally:
            for worker in self.workers:
                worker.stop()
        self.channel.send("progress", done=total, total=total, name="")
        return False

    def _can_read_here(self) -> bool:
        """No reading processes (none asked for, or none would start): read the next file in this one."""
        return self.handed == self.reported and (self.credit is None or self.credit > 0)

    def _read_here(self) -> None:
        index = self.handed
        self.handed += 1
        self._keep(index, json.dumps(read_one(self.paths[index]), ensure_ascii=False))

    def _keep(self, index: int, line: str) -> None:
        """A file's event, read and waiting to be reported in its turn."""
        self.ready[index] = line
        self.ready_bytes += len(line)

    def _cancelled_meanwhile(self) -> bool:
        """Take the requests that came meanwhile, without waiting; True if one cancels the job."""
        while True:
            try:
                request = self.requests.get_nowait()
            except queue.Empty:
                return False
            if self._take(request):
                return True

    def _hand_out(self) -> None:
        """Give each idle reader the next file, while not too far ahead of what the window took.

        Two files a reader ahead at least; up to ``READ_AHEAD`` files (``READ_AHEAD_BYTES``
        of their events) while the window stores a batch, so the readers don't stop and
        start with each of its transactions. What is read ahead waits here, not in the window.
        """
        least = 2 * max(1, len(self.workers))
        for worker in self.workers:
            if worker.index is not None or self.handed >= len(self.paths):
                continue
            ahead = self.handed - self.reported
            if ahead < least or (ahead < READ_AHEAD and self.ready_bytes < READ_AHEAD_BYTES):
                worker.give(self.handed, self.paths[self.handed])
                self.handed += 1

    def _report(self) -> None:
        """Send the files read, in order, as far as the credit goes; then one ``progress``.

        One progress event for the files sent together, not one each: the window
        shows only the newest, and each event is a turn of its event loop.
        """
        total = len(self.paths)
        sent = False
        while self.reported in self.ready and (self.credit is None or self.credit > 0):
            line = self.ready.pop(self.reported)
            self.ready_bytes -= len(line)
            self.channel.send_line(line)
            self.reported += 1
            sent = True
            if self.credit is not None:
                self.credit -= 1
        if sent and self.reported < total:
            self.channel.send("progress", done=self.reported, total=total, name=Path(self.paths[self.reported]).name)

    def _take(self, request: tuple[str, Any, Any]) -> bool:
        """Act on one request; True if it cancels the job."""
        kind, worker, value = request
        if kind == "cancel":
            return True
        if kind == "more":
            self.credit = None if self.credit is None else self.credit + value
        elif kind == "read" and worker.index is not None:
            self._keep(worker.index, value.decode("utf-8", "replace").rstrip("\n"))
            worker.index, worker.read_any = None, True
        elif kind == "ended":
            self._replace(worker)
        return False

    def _replace(self, worker: _Worker) -> None:
        """A reader died: its file is reported as unreadable, and another reads the rest."""
        self.workers.remove(worker)
        worker.stop()
        if worker.index is not None:
            path = self.paths[worker.index]
            self._keep(worker.index, json.dumps({"event": "read", "path": path, "document": None,
                                                 "error": READER_DIED}, ensure_ascii=False))
        elif not worker.read_any:
            self.idle_deaths += 1
        if self.handed < len(self.paths) and self.idle_deaths < _IDLE_DEATHS:
            with contextlib.suppress(OSError):
                self.workers.append(_Worker(self.requests))


# --- a reading process -----------------------------------------------------------------------

#: The hidden command that runs one reading process of a job (``drafter read-worker``).
WORKER_COMMAND = "read-worker"


#: How much lower a reading process's scheduling priority is than the window's (``os.nice``).
READER_NICENESS = 5


def _yield_to_the_window() -> None:
    """Give way to the window's process when both want a core.

    The readers are as many as the processors, and each would take a core whole;
    the window's event loop and its storing thread need a little of one, often.
    Lowered, the readers still take every cycle nobody else wants (the import is
    as quick on an idle machine), but the window gets a core at once when it
    wakes. Where the app and its children share a scheduling group (on Linux a
    session's autogroup, or the desktop's cgroup for the app), this moves CPU
    between the readers and the window only, not away from the import as a whole.
    Not on Windows (no ``os.nice``): there the readers run as they are.
    """
    nice = getattr(os, "nice", None)
    if nice is not None:
        with contextlib.suppress(OSError):
            nice(READER_NICENESS)


def run_worker(stdin: TextIO, stdout: TextIO) -> int:
    """Read each file named on ``stdin`` (``{"path": ...}`` a line), its ``read`` event a line on ``stdout``."""
    _yield_to_the_window()
    channel = protocol.Channel(stdout)
    for line in stdin:
        try:
            path = json.loads(line)["path"]
        except (ValueError, KeyError, TypeError):
            continue  # not the protocol's: ignored
        if not isinstance(path, str):
            continue
        event = read_one(path)
        channel.send(event.pop("event"), **event)
    return 0

"""The problem log: what went wrong that Drafter did not expect, with the details, in one file.

A person meeting a bug should read one plain sentence, not a traceback; whoever
supports them needs the traceback. ``write_report`` puts the details in
``<data folder>/logs/drafter.log`` (kept to a few hundred kilobytes: the file
is rotated to ``drafter.log.1`` … ``.3``) and returns where it wrote them, so the
interface can say so. When the data folder can't be written (it is read-only,
the disk is full, it is not a folder at all) the report goes to a folder of
Drafter's in the computer's temporary folder instead, and ``ErrorReport.fallback``
says so; when even that fails, ``write_report`` returns None rather than raise:
reporting a problem must never become a second problem.

The command line calls it for any exception that is not a ``DrafterError``;
the window can call it the same way. Nothing here imports Qt.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import tempfile
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from drafter import __version__

LOG_FOLDER = "logs"
LOG_NAME = "drafter.log"
#: Each file's size before it is rotated, and how many old files are kept.
MAX_BYTES = 256 * 1024
BACKUP_COUNT = 3


@dataclass(frozen=True)
class ErrorReport:
    path: Path  # the log file the details were written to
    fallback: bool  # True when the data folder could not be written and the temporary folder was used


def log_path(data_dir: Path) -> Path:
    """Where the problem log of this data folder is."""
    return data_dir / LOG_FOLDER / LOG_NAME


def fallback_log_path() -> Path:
    """The problem log used when the data folder can't be written: in the temporary folder, per user."""
    owner = os.getuid() if hasattr(os, "getuid") else None
    folder = f"drafter-logs-{owner}" if owner is not None else "drafter-logs"
    return Path(tempfile.gettempdir()) / folder / LOG_NAME


def describe(error: BaseException, *, context: str = "") -> str:
    """The entry written for ``error``: when, which Drafter on what, what was being done, the traceback."""
    when = datetime.now(UTC).isoformat(timespec="seconds")
    lines = [
        f"--- {when} Drafter {__version__}, Python {platform.python_version()} on {platform.platform()}",
    ]
    if context:
        lines.append(f"While: {context}")
    lines.append("".join(traceback.format_exception(error)).rstrip())
    return "\n".join(lines)


def write_report(error: BaseException, data_dir: Path | None, *, context: str = "") -> ErrorReport | None:
    """Append the details of ``error`` to the problem log; return where, or None if nothing could be written.

    ``data_dir`` None (the data folder itself could not be worked out) goes
    straight to the temporary folder. ``context`` says what was being done,
    e.g. the command that was run.
    """
    entry = describe(error, context=context)
    if data_dir is not None and _append(log_path(data_dir), entry):
        return ErrorReport(log_path(data_dir), fallback=False)
    fallback = fallback_log_path()
    if _append(fallback, entry):
        return ErrorReport(fallback, fallback=True)
    return None


def _append(path: Path, entry: str) -> bool:
    failed: list[BaseException | None] = []
    try:
        if path.parent.is_symlink():  # a shared temporary folder: don't follow a link someone else made
            return False
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        # emit() reports its own failures (a full disk) through handleError, which would print to stderr.
        handler.handleError = lambda record: failed.append(sys.exc_info()[1])  # type: ignore[method-assign]
        handler.setFormatter(logging.Formatter("%(message)s"))
        try:
            handler.emit(logging.LogRecord("drafter", logging.ERROR, __file__, 0, entry, None, None))
            handler.flush()
        finally:
            handler.close()
    except (OSError, ValueError):
        return False
    return not failed
